//! The Spotter playbook's account-level signals end to end: the optional reference
//! section, the optional account fields, the why-now line, the health qualifier and
//! `account`'s explanation.

mod common;

use serde_json::{Value, json};

const SECTION: &str = "\n## Account signals\n\n| Signal | Threshold |\n|---|---|\n| `seat_utilisation` | 90% |\n| `headcount_growth` | 10% |\n| `health_score_below` | 60 |\n| `new_department` | on |\n";

fn run_json(s: &common::Scratch) -> Value {
    let out = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
        "--dry-run",
    ]);
    assert!(out.status.code() == Some(0), "{}", common::stderr(&out));
    serde_json::from_str(&common::stdout(&out)).unwrap()
}

fn add_section(s: &common::Scratch, section: &str) {
    let file = "references/2-segment-baseline-config.md";
    let text = s.read(file);
    s.write(file, &format!("{text}{section}"));
}

/// A scratch copy of the demo whose accounts carry none of the optional fields.
fn scratch_without_fields() -> common::Scratch {
    let s = common::Scratch::new();
    s.edit_json("data/accounts.json", |a| {
        for acc in a.iter_mut() {
            let o = acc.as_object_mut().unwrap();
            for f in [
                "seats_licensed",
                "seats_used",
                "health_score",
                "headcount_growth_pct",
                "departments",
            ] {
                o.remove(f);
            }
        }
    });
    s
}

fn strong(v: &Value) -> Vec<Value> {
    v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["strong"].as_array().unwrap().clone())
        .collect()
}

fn set_fields(s: &common::Scratch, id: &str, fields: Value) {
    s.edit_json("data/accounts.json", |a| {
        let acc = a.iter_mut().find(|x| x["id"] == id).unwrap();
        for (k, v) in fields.as_object().unwrap() {
            acc[k] = v.clone();
        }
    });
}

#[test]
fn accounts_without_the_fields_behave_exactly_as_before() {
    let s = scratch_without_fields();
    let before = run_json(&s);
    add_section(&s, SECTION);
    let after = run_json(&s);
    assert_eq!(before["digests"], after["digests"]);
    let skipped = &after["diagnostics"]["account_signals_not_evaluated"];
    assert!(
        skipped["seat_utilisation"].as_u64().unwrap() > 0,
        "{skipped}"
    );
    assert!(before["diagnostics"]["account_signals_not_evaluated"].is_null());
    let md = common::stdout(&s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        "2026-11-23",
        "--dry-run",
    ]));
    assert!(
        md.contains("Account signals not evaluated (field absent)"),
        "{md}"
    );
}

#[test]
fn each_signal_fires_at_its_threshold_the_health_qualifier_demotes_and_account_explains() {
    let s = scratch_without_fields();
    let base = strong(&run_json(&s));
    assert!(base.len() >= 3, "the demo week has strong signals");
    let (at, below, unhappy) = (
        base[0]["account_id"].as_str().unwrap().to_string(),
        base[1]["account_id"].as_str().unwrap().to_string(),
        base[2]["account_id"].as_str().unwrap().to_string(),
    );
    add_section(
        &s,
        &SECTION.replace(
            "| `new_department` | on |",
            "| `new_department` | on |\n| `renewal_within_days` | 0 |\n| `executive_titles` | Chief Wizard |",
        ),
    );
    set_fields(
        &s,
        &at,
        json!({"seats_licensed": 100, "seats_used": 90, "headcount_growth_pct": 10, "health_score": 60}),
    );
    set_fields(
        &s,
        &below,
        json!({"seats_licensed": 100, "seats_used": 89, "headcount_growth_pct": 9.9, "health_score": 61}),
    );
    set_fields(&s, &unhappy, json!({"health_score": 59}));
    let v = run_json(&s);
    let now = strong(&v);
    let find = |id: &str| now.iter().find(|x| x["account_id"] == id).cloned();
    let why = find(&at).unwrap()["why_now"].as_str().unwrap().to_string();
    assert!(why.contains("seats 90 % used (90 of 100)"), "{why}");
    assert!(why.contains("headcount +10%"), "{why}");
    assert!(
        find(&below).unwrap()["why_now"].is_null(),
        "below every threshold"
    );
    assert!(find(&unhappy).is_none(), "demoted");
    let weak: Vec<Value> = v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["weak"].as_array().unwrap().clone())
        .collect();
    let demoted = weak
        .iter()
        .find(|w| w["account_id"] == unhappy.as_str())
        .unwrap();
    assert!(
        demoted["summary"]
            .as_str()
            .unwrap()
            .contains("health score 59 below 60"),
        "{demoted}"
    );
    assert_eq!(demoted["tags"], json!(["health-qualifier"]));
    assert_eq!(v["diagnostics"]["health_demotions"], 1);
    // The digest shows the line; `account` explains every signal.
    let md = common::stdout(&s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        "2026-11-23",
        "--dry-run",
    ]));
    assert!(md.contains("Why now: seats 90 % used"), "{md}");
    let explained =
        common::stdout(&s.run(&["account", &at, "--data", "data", "--as-of", "2026-11-23"]));
    for want in [
        "## Account signals",
        "Seat utilisation: seats 90 % used (90 of 100), at or above 90 %: fires",
        "Company growth: headcount +10%, at or above 10 %: fires",
        "Health qualifier: health score 60, not below 60: fine",
        "New department: not evaluated (departments absent)",
        "Renewal timing:",
        "Executive engagement:",
    ] {
        assert!(explained.contains(want), "missing {want:?} in\n{explained}");
    }
}

#[test]
fn seat_utilisation_is_usage_evidence_when_the_taxonomy_lists_it() {
    let s = scratch_without_fields();
    add_section(&s, SECTION);
    // An account with a seats mention on a call but no usage event this week: weak.
    let before = run_json(&s);
    let weak: Vec<Value> = before["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["weak"].as_array().unwrap().clone())
        .collect();
    let Some(call_only) = weak
        .iter()
        .find(|w| w["sku"] == "additional-team-seats" && w["tags"] == json!(["call-only"]))
    else {
        panic!("the demo week has a call-only seats signal: {weak:?}");
    };
    let id = call_only["account_id"].as_str().unwrap().to_string();
    set_fields(&s, &id, json!({"seats_licensed": 50, "seats_used": 49}));
    // Not listed in the taxonomy: still weak.
    assert!(
        strong(&run_json(&s))
            .iter()
            .all(|x| x["account_id"] != id.as_str())
    );
    let file = "references/1-expansion-signal-taxonomy.md";
    let tax = s.read(file).replacen(
        "  - `seat_limit_reached` —",
        "  - `seat_utilisation` — seats nearly all used (account signal)\n  - `seat_limit_reached` —",
        1,
    );
    s.write(file, &tax);
    let after = strong(&run_json(&s));
    let sig = after
        .iter()
        .find(|x| x["account_id"] == id.as_str())
        .unwrap();
    assert_eq!(sig["usage_evidence"][0]["event_type"], "seat_utilisation");
}

#[test]
fn on_generated_data_each_signal_fires_exactly_at_its_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let generated = common::run_in(
        d,
        &[
            "generate",
            "--accounts",
            "200",
            "--seed",
            "7",
            "--out",
            "gen",
            "--references",
            common::references().to_str().unwrap(),
        ],
    );
    assert!(generated.status.success(), "{}", common::stderr(&generated));
    common::copy_dir(&common::references(), &d.join("refs"));
    let file = d.join("refs/2-segment-baseline-config.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}{SECTION}")).unwrap();
    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(d.join("gen/accounts.json")).unwrap())
            .unwrap();
    assert!(accounts.iter().any(|a| a["seats_licensed"].is_number()));
    assert!(
        accounts.iter().any(|a| a["health_score"].is_null()),
        "some fields absent"
    );
    let out = common::run_in(
        d,
        &[
            "run",
            "--data",
            "gen",
            "--references",
            "refs",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "--dry-run",
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let v: Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let by_id = |id: &str| accounts.iter().find(|a| a["id"] == id).unwrap().clone();
    let shown = strong(&v);
    assert!(!shown.is_empty());
    for s in &shown {
        let a = by_id(s["account_id"].as_str().unwrap());
        let why = s["why_now"].as_str().unwrap_or("");
        let seats = match (a["seats_used"].as_f64(), a["seats_licensed"].as_f64()) {
            (Some(u), Some(l)) => 100.0 * u / l >= 90.0,
            _ => false,
        };
        assert_eq!(why.contains("seats "), seats, "{a} {why}");
        let growth = a["headcount_growth_pct"]
            .as_f64()
            .is_some_and(|g| g >= 10.0);
        assert_eq!(why.contains("headcount"), growth, "{a} {why}");
        assert!(a["health_score"].as_f64().is_none_or(|h| h >= 60.0), "{a}");
    }
    let weak: Vec<Value> = v["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["weak"].as_array().unwrap().clone())
        .collect();
    let demoted = weak
        .iter()
        .filter(|w| w["tags"] == json!(["health-qualifier"]))
        .count();
    assert_eq!(
        v["diagnostics"]["health_demotions"].as_u64().unwrap_or(0) as usize,
        demoted
    );
    for w in weak
        .iter()
        .filter(|w| w["tags"] == json!(["health-qualifier"]))
    {
        assert!(
            by_id(w["account_id"].as_str().unwrap())["health_score"]
                .as_f64()
                .unwrap()
                < 60.0
        );
    }
}

#[test]
fn the_demo_portfolio_has_the_fields_and_changes_nothing_without_the_section() {
    let with = common::Scratch::new();
    let accounts: Vec<Value> = serde_json::from_str(&with.read("data/accounts.json")).unwrap();
    assert!(accounts.iter().any(|a| a["seats_licensed"].is_number()));
    assert!(accounts.iter().any(|a| a["health_score"].is_null()));
    let without = scratch_without_fields();
    assert_eq!(
        run_json(&with),
        run_json(&without),
        "the shipped references have no section"
    );
}
