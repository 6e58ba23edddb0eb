//! German-speaking teams: the German demo through the real binary (its digests in
//! German, pinned as goldens), and a mixed references folder checked by `check`.

mod common;

use common::{copy_dir, root, run_in, stderr, stdout};

/// The German demo, as README shows it: every CSM's digest in German, dates and
/// amounts in German formats, no English heading left.
#[test]
fn german_demo_digests_are_german() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let db = dir.path().join("h.db");
    let o = run_in(
        &root(),
        &[
            "run",
            "--data",
            "fixtures/demo-de",
            "--references",
            "references-de",
            "--as-of",
            "2026-11-23",
            "--currency",
            "EUR",
            "--locale",
            "de",
            "--out",
            out.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for csm in ["katrin.wagner", "jonas.becker", "leonie.hoffmann"] {
        let name = format!("{csm}@nordlicht-demo.example.md");
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        for english in [
            "Expansion-signal digest",
            "Strong signals",
            "Weak signals —",
            "Call evidence",
            "Usage evidence",
            "Action:",
            "## Diagnostics",
            "renewal ",
        ] {
            assert!(!text.contains(english), "{name}: {english:?} in\n{text}");
        }
        assert!(text.contains("23.11.2026"), "{text}");
        insta::assert_snapshot!(format!("de-{csm}"), text);
    }
    let portfolio = std::fs::read_to_string(out.join("portfolio.md")).unwrap();
    for english in [
        "Portfolio summary",
        "Call coverage",
        "## Diagnostics",
        "Accounts in scope",
    ] {
        assert!(!portfolio.contains(english), "{english:?} in\n{portfolio}");
    }
    insta::assert_snapshot!("de-portfolio", portfolio);
    let katrin =
        std::fs::read_to_string(out.join("katrin.wagner@nordlicht-demo.example.md")).unwrap();
    assert!(
        katrin.contains("184.000 € ARR · Verlängerung am 31.03.2027"),
        "{katrin}"
    );
    assert!(
        katrin.contains("„Wir brauchen noch zwanzig Lizenzen für das Vertriebsteam, am liebsten bis Anfang Dezember.“"),
        "quotes stay verbatim: {katrin}"
    );
}

/// `--locale de` for the whole workspace; `owner_locale` on the accounts wins.
#[test]
fn locale_flag_and_owner_locale() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&root().join("fixtures/demo-de"), &data);
    // Katrin's accounts say English; everyone else gets the workspace default.
    let accounts = std::fs::read_to_string(data.join("accounts.json")).unwrap();
    let mut v: Vec<serde_json::Value> = serde_json::from_str(&accounts).unwrap();
    for a in &mut v {
        let owner = a["owner_email"].as_str().unwrap().to_string();
        a["owner_locale"] = if owner.starts_with("katrin") {
            "en".into()
        } else {
            serde_json::Value::Null
        };
    }
    std::fs::write(
        data.join("accounts.json"),
        serde_json::to_string(&v).unwrap(),
    )
    .unwrap();
    let o = run_in(
        &root(),
        &[
            "run",
            "--data",
            data.to_str().unwrap(),
            "--references",
            "references-de",
            "--as-of",
            "2026-11-23",
            "--locale",
            "de",
            "--dry-run",
            "--db",
            dir.path().join("h.db").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("# Expansion-signal digest — 2026-11-23 — Katrin Wagner"),
        "{text}"
    );
    assert!(
        text.contains("# Expansionssignale — 23.11.2026 — Jonas Becker"),
        "{text}"
    );
    assert!(text.contains("$184k ARR"), "{text}");
    assert!(text.contains("143.000 $ ARR"), "{text}");
}

/// A references folder with the English taxonomy and a German one next to it.
#[test]
fn mixed_references_are_checked_together() {
    let dir = tempfile::tempdir().unwrap();
    let refs = dir.path().join("refs");
    copy_dir(&root().join("references"), &refs);
    let de = std::fs::read_to_string(root().join("references-de/1-expansion-signal-taxonomy.md"))
        .unwrap();
    std::fs::write(refs.join("1-expansion-signal-taxonomy.de.md"), &de).unwrap();
    let o = run_in(&root(), &["check", "--references", refs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // A German file that says it is English, with a SKU the main taxonomy lacks.
    let wrong = de
        .replace("Language: de", "Language: en")
        .replace("### SKU: premium-feature-pack", "### SKU: premium-pack");
    std::fs::write(refs.join("1-expansion-signal-taxonomy.de.md"), wrong).unwrap();
    let o = run_in(&root(), &["check", "--references", refs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        text.contains("1-expansion-signal-taxonomy.de.md:1: the file name says `de`"),
        "{text}"
    );
    assert!(
        text.contains("SKU `premium-pack` is not in the main taxonomy"),
        "{text}"
    );
}

/// The German demo's Block Kit digest: German texts and formats, within Slack's limits.
#[test]
fn german_block_kit_golden() {
    use expansion_signals::engine::{self, Rules};
    use expansion_signals::i18n::{Currency, Locale};
    use expansion_signals::render::blocks;
    let rules = Rules::load(&root().join("references-de")).unwrap();
    let source = expansion_signals::sources::DataDir::new(root().join("fixtures/demo-de"));
    let params = expansion_signals::pipeline::Params {
        as_of: "2026-11-23".parse().unwrap(),
        window_days: 7,
        cap_per_csm: 3,
    };
    let history = expansion_signals::store::Store::open_in_memory().unwrap();
    let report = engine::run_week(&source, &rules, &params, &history).unwrap();
    let loc = Locale::new(expansion_signals::text::Lang::De, Currency::Eur);
    let d = report
        .digests
        .iter()
        .max_by_key(|d| (d.strong.len(), d.weak.len()))
        .unwrap();
    let messages = blocks::digest_messages_in(&report, d, &loc);
    for m in &messages {
        blocks::within_limits(m).unwrap();
    }
    let json = serde_json::to_string(&messages).unwrap();
    for english in [
        "Expansion-signal digest",
        "Call evidence",
        "Usage evidence",
        "*Action:*",
        "*Diagnostics*",
        "renewal ",
        "Conversation started",
        "Not relevant",
        "Snooze",
    ] {
        assert!(!json.contains(english), "{english:?} in {json}");
    }
    insta::assert_json_snapshot!("de_block_kit", messages);
}

/// `account` in German: the owner's `owner_locale` picks the language of the explanation.
#[test]
fn account_explanation_in_german() {
    let o = run_in(
        &root(),
        &[
            "account",
            "Moorwerk",
            "--data",
            "fixtures/demo-de",
            "--references",
            "references-de",
            "--as-of",
            "2026-11-23",
            "--currency",
            "EUR",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("268.000 € ARR · Verlängerung am 20.01.2027"),
        "{text}"
    );
    assert!(text.contains("## Gespräche (1)"), "{text}");
    assert!(text.contains("verworfen: Bedingung „falls“"), "{text}");
    assert!(text.contains("## Einordnung"), "{text}");
    for english in [
        "## Calls",
        "discarded",
        "kept:",
        "renewal",
        "## Classification",
    ] {
        assert!(!text.contains(english), "{english:?} in\n{text}");
    }
}

/// A mixed portfolio through `run`: the English demo and the German demo in one data
/// folder, the English references with the German taxonomy next to them. German calls
/// are read with the German rules (detected, or from the record's `language`), English
/// calls with the English ones; each CSM gets the digest in their language.
#[test]
fn mixed_portfolio_run() {
    let dir = tempfile::tempdir().unwrap();
    let refs = dir.path().join("refs");
    copy_dir(&root().join("references"), &refs);
    std::fs::copy(
        root().join("references-de/1-expansion-signal-taxonomy.md"),
        refs.join("1-expansion-signal-taxonomy.de.md"),
    )
    .unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let (en, de) = (
        root().join("fixtures/demo"),
        root().join("fixtures/demo-de"),
    );
    for name in ["accounts.json", "support_tickets.json", "usage_events.json"] {
        let mut all: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(en.join(name)).unwrap()).unwrap();
        let more: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(de.join(name)).unwrap()).unwrap();
        all.extend(more);
        std::fs::write(data.join(name), serde_json::to_string(&all).unwrap()).unwrap();
    }
    for name in ["calls.jsonl", "stakeholder_changes.jsonl"] {
        let mut text = std::fs::read_to_string(en.join(name)).unwrap();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&std::fs::read_to_string(de.join(name)).unwrap());
        std::fs::write(data.join(name), text).unwrap();
    }
    let out = dir.path().join("out");
    let o = run_in(
        &root(),
        &[
            "run",
            "--data",
            data.to_str().unwrap(),
            "--references",
            refs.to_str().unwrap(),
            "--as-of",
            "2026-11-23",
            "--out",
            out.to_str().unwrap(),
            "--db",
            dir.path().join("h.db").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let katrin =
        std::fs::read_to_string(out.join("katrin.wagner@nordlicht-demo.example.md")).unwrap();
    assert!(
        katrin.starts_with("# Expansionssignale — 23.11.2026 — Katrin Wagner"),
        "{katrin}"
    );
    assert!(katrin.contains("### 2. Brenntal Logistik GmbH"), "{katrin}");
    assert!(
        katrin.contains("(Bedingung: „falls“)"),
        "German guards: {katrin}"
    );
    // The English CSMs' digests are what the English demo alone gives.
    for csm in ["elena.vasquez", "priya.natarajan"] {
        let name = format!("{csm}@northwind-demo.example.md");
        let mixed = std::fs::read_to_string(out.join(&name)).unwrap();
        let alone = std::fs::read_to_string(root().join(format!(
            "tests/snapshots/cli__{csm}@northwind-demo.example.snap"
        )))
        .unwrap();
        let strong = |t: &str| {
            t.lines()
                .filter(|l| l.starts_with("### "))
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(strong(&mixed), strong(&alone), "{name}");
        assert!(
            mixed.starts_with("# Expansion-signal digest — 2026-11-23"),
            "{mixed}"
        );
    }
}
