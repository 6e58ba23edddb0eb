use super::actions::action_text;
use super::shipped::{SHIPPED_ACTIONS, SHIPPED_BASELINES, SHIPPED_TAXONOMY, how_to_edit};
use super::taxonomy::{SkuOut, TaxonomyOut};
use super::triggers::trigger_pattern;
use super::*;
use crate::references::References;
use crate::references::md::{self, Block, Inline};
use crate::references::{actions::unknown_placeholders, check_texts};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// Runs `f` on `text` with a notes collector; returns its result and the notes as
/// `line: message` strings.
fn with_notes<T>(text: &str, f: impl FnOnce(&str, &mut Notes<'_>) -> T) -> (T, Vec<String>) {
    let mut out = Vec::new();
    let t = {
        let mut n = Notes::new("in.md", &mut out);
        f(text, &mut n)
    };
    (
        t,
        out.iter()
            .map(|n| format!("{}: {}", n.line, n.message))
            .collect(),
    )
}

fn tax(text: &str) -> (TaxonomyOut, Vec<String>) {
    with_notes(text, |t, n| taxonomy::read(t, today(), n))
}

fn has_note(notes: &[String], want: &str) -> bool {
    notes.iter().any(|n| n.contains(want))
}

/// Asserts that the notes hold `want`, or that there are none when `want` is empty.
fn assert_note(notes: &[String], want: &str, case: &str) {
    if want.is_empty() {
        assert!(notes.is_empty(), "{case}: {notes:?}");
    } else {
        assert!(has_note(notes, want), "{case}: {notes:?}");
    }
}

/// Reads one bullet (line 3) under a `**label**` of a one-SKU taxonomy; returns the SKU
/// and the notes.
fn sku_bullet(label: &str, bullet: &str) -> (SkuOut, Vec<String>) {
    let text = format!("### SKU: x\n- **{label}**:\n{bullet}\n## Last edited\n2026-11-02\n");
    let (mut out, notes) = tax(&text);
    (out.skus.remove(0), notes)
}

/// (call-trigger bullet, phrases, a note it must produce or "" for none)
const CALL_TRIGGERS: &[(&str, &[&str], &str)] = &[
    (
        r#"- "do you support SSO" / "SAML" / "SCIM""#,
        &["do you support SSO", "SAML", "SCIM"],
        "",
    ),
    (
        r#"- "asked about pricing for {N}+ seats" where N is at least 2x current seat count"#,
        &["asked about pricing for {N} seats"],
        "3: dropped \"where N is at least 2x current seat count\"",
    ),
    (
        r#"- "the {team_name} team is also starting to use this""#,
        &["the {team_name} team is also starting to use this"],
        "",
    ),
    (
        r#"- "would {consider, think about} {expanding, upgrading}""#,
        &["would {consider, think about} {expanding, upgrading}"],
        "",
    ),
    (
        r#"- “we're using {competitor} for {use_case} instead”"#,
        &["we're using {competitor} for {use_case} instead"],
        "",
    ),
    (
        r#"- "broken {placeholder""#,
        &[],
        "3: phrase \"broken {placeholder\" left out: unclosed",
    ),
    (
        r#"- no quotes at all"#,
        &[],
        "3: call trigger `no quotes at all` left out: no phrase in double quotes",
    ),
    (
        r#"- "unclosed"#,
        &[],
        "3: call trigger left out: unclosed quote",
    ),
];

#[test]
fn call_and_negative_phrases() {
    for (bullet, want, note) in CALL_TRIGGERS {
        let (sku, notes) = sku_bullet("Call triggers", bullet);
        assert_eq!(sku.call, *want, "{bullet}");
        assert_note(&notes, note, bullet);
    }
}

#[test]
fn labels_with_colon_flat_or_nested() {
    let flat =
        "### SKU: a\n- **Call triggers**:\n- \"one\"\n- **Negative-example phrases**:\n- \"two\"\n";
    let nested = "### SKU: a\n- **Call triggers**\n  - \"one\"\n- **Negative-example phrases**\n  - \"two\"\n";
    let inline =
        "### SKU: a\n- **Call triggers**: \"one\"\n- **Negative-example phrases**: \"two\"\n";
    for text in [flat, nested, inline] {
        let (out, notes) = tax(text);
        assert_eq!(out.skus[0].call, ["one"], "{text}");
        assert_eq!(out.skus[0].negative, ["two"], "{text}");
        assert!(notes.iter().all(|n| n.contains("Last edited")), "{notes:?}");
    }
    let (_, notes) = tax("### SKU: a\n- \"orphan\"\n");
    assert!(
        has_note(&notes, "2: bullet `\"orphan\"` is not under"),
        "{notes:?}"
    );
}

/// (usage-trigger bullet, the trigger written or "" when left out, a note or "")
const USAGE_TRIGGERS: &[(&str, &str, &str)] = &[
    (
        "- `tier_gated_feature_attempt` for SSO, audit-log, or RBAC features",
        "`tier_gated_feature_attempt` `sso` `audit_log` `rbac`",
        "",
    ),
    (
        "- `seat_count_spike` over the segment baseline (see config)",
        "`seat_count_spike`",
        "3: `seat_count_spike`: dropped \"over the segment baseline (see config)\"",
    ),
    (
        "- `feature_first_use` from a previously-inactive department",
        "`feature_first_use`",
        "dropped \"from a previously-inactive department\"",
    ),
    (
        "- `api_call_spike` on premium-only endpoints",
        "`api_call_spike`",
        "dropped \"on premium-only endpoints\"",
    ),
    (
        "- `tier_gated_feature_attempt` for premium-pack features",
        "`tier_gated_feature_attempt`",
        "\"premium-pack\" does not name features",
    ),
    (
        "- `tier_gated_feature_attempt` for SSO or premium-pack features",
        "`tier_gated_feature_attempt` `sso`",
        "left out, so the trigger counts only `sso`",
    ),
    (
        "- `usage_spike` `api_calls` — load",
        "`usage_spike` `api_calls`",
        "dropped \"load\"",
    ),
    ("- `seat_limit_reached`", "`seat_limit_reached`", ""),
    (
        "- seat spikes",
        "",
        "3: usage trigger `seat spikes` left out",
    ),
];

#[test]
fn usage_triggers() {
    for (bullet, want, note) in USAGE_TRIGGERS {
        let (sku, notes) = sku_bullet("Usage triggers", bullet);
        assert_eq!(
            sku.usage.first().map_or("", String::as_str),
            *want,
            "{bullet}"
        );
        assert_note(&notes, note, bullet);
    }
}

/// (ticket-trigger bullet, the trigger written or "" when left out, a note or "")
const TICKET_TRIGGERS: &[(&str, &str, &str)] = &[
    (
        "- tags include `sso`, `compliance`, `security-review`",
        "tags include `sso`, `compliance`, `security-review`",
        "",
    ),
    (
        "- subject matches `audit log`, `enterprise`",
        "subject matches `audit log`, `enterprise`",
        "",
    ),
    (
        "- subject contains `add users`, `new team`",
        "subject matches `add users`, `new team`",
        "",
    ),
    (
        "- tags include `premium-feature`, `advanced-{feature}`",
        "tags include `premium-feature`",
        "3: dropped the tag `advanced-{feature}`",
    ),
    (
        "- priority is `urgent`",
        "",
        "3: ticket trigger `priority is `urgent`` left out",
    ),
    ("- tags include sso", "", "names nothing in backticks"),
];

#[test]
fn ticket_triggers() {
    for (bullet, want, note) in TICKET_TRIGGERS {
        let (sku, notes) = sku_bullet("Ticket triggers", bullet);
        assert_eq!(
            sku.ticket.first().map_or("", String::as_str),
            *want,
            "{bullet}"
        );
        assert_note(&notes, note, bullet);
    }
}

#[test]
fn sections_guard_and_last_edited() {
    let text = "# T — TEMPLATE\n> intro\n## Strong-signal cutoff\nA rule.\n## SKU map\nExplained:\n- **Call triggers** — what they are\n### SKU: enterprise-tier (example)\n- **Call triggers**:\n- \"x\"\n### SKU: {your_next_sku}\n(Add one.)\n## Conditional-mention guard\nWhy it matters.\n- \"if you {supported, added}\"\n## Last edited\n{YYYY-MM-DD}\n";
    let (out, notes) = tax(text);
    assert_eq!(out.skus.len(), 1);
    assert_eq!(out.skus[0].id, "enterprise-tier");
    assert_eq!(out.skus[0].description, None);
    assert_eq!(out.guard, ["if you {supported, added}"]);
    assert_eq!(out.last_edited, Some(today()));
    for want in [
        "1: the template's introduction",
        "3: section `Strong-signal cutoff` left out",
        "5: the explanation under `SKU map`",
        "11: `### SKU: {your_next_sku}` is a placeholder",
        "14: the guard's explanation is left out",
        "17: Last edited `{YYYY-MM-DD}` is a placeholder: wrote today's date, 2026-11-30",
    ] {
        assert!(has_note(&notes, want), "{want}: {notes:?}");
    }
    assert_eq!(notes.len(), 6, "{notes:?}");
    // A SKU heading one level up is read too (written back as `###`).
    let (out, _) = tax("## SKU: b\n- **Call triggers**:\n- \"x\"\n");
    assert_eq!(out.skus[0].id, "b");
    assert!(out.render(today()).contains("\n### SKU: b\n"));
    let (out, notes) = tax("### SKU: a (seat packs)\n## Last edited\n2026-10-01\n");
    assert_eq!(out.last_edited, NaiveDate::from_ymd_opt(2026, 10, 1));
    assert_eq!(out.skus[0].description.as_deref(), Some("seat packs"));
    assert!(notes.is_empty(), "{notes:?}");
    let (out, notes) = tax("### SKU: a\n## Last edited\nlast spring\n");
    assert_eq!(out.last_edited, Some(today()));
    assert!(
        has_note(&notes, "3: Last edited `last spring` is not a date"),
        "{notes:?}"
    );
    let (out, notes) = tax("### SKU: a\n");
    assert_eq!(out.last_edited, None);
    assert!(
        has_note(&notes, "1: no Last edited date: wrote today's date"),
        "{notes:?}"
    );
    assert!(
        out.render(today())
            .contains("## Last edited\n\n2026-11-30\n")
    );
}

/// (segment table row, the row written or "" when left out, a note)
const BASELINE_ROWS: &[(&str, &str, &str)] = &[
    (
        "| `seat_count` | +0.5% | ±3% | Flat by design |",
        "| `seat_count` | +0.5% | ±3% | Flat by design |",
        "",
    ),
    (
        "| `tier_gated_feature_attempts` | 0 | ±0 (any > 0 is signal) | |",
        "| `tier_gated_feature_attempts` | 0% | ±0 (any > 0 is signal) | |",
        "",
    ),
    (
        "| seat_count | +1% | ±3% | |",
        "",
        "5: row `seat_count` left out: the metric must be a backticked",
    ),
    (
        "| `api_calls` | about 2 | ±3% | |",
        "",
        "5: `api_calls` left out: median `about 2`",
    ),
    (
        "| `api_calls` | +2% | wide | |",
        "",
        "5: `api_calls` left out: noise band `wide`",
    ),
];

#[test]
fn baseline_rows() {
    for (row, want, note) in BASELINE_ROWS {
        let text = format!(
            "### Segment: enterprise (example)\nTypical: big.\n| Metric | Median weekly delta | Noise band (2σ) | Notes |\n|---|--:|---|---|\n{row}\n"
        );
        let (out, notes) = with_notes(&text, baselines::read);
        assert_eq!(out.segments[0].name, "enterprise");
        let rendered = out.render(today());
        if want.is_empty() {
            assert!(out.segments[0].rows.is_empty(), "{row}");
            assert!(has_note(&notes, note), "{row}: {notes:?}");
        } else {
            assert!(rendered.contains(&format!("### Segment: enterprise\n\n| Metric | Median weekly delta | Noise band | Notes |\n|---|---|---|---|\n{want}\n\nTypical: big.\n")), "{row}:\n{rendered}");
            assert!(notes.is_empty(), "{row}: {notes:?}");
        }
    }
}

#[test]
fn baseline_sections() {
    let text = "# B\n## How baselines are used\n1. step\n### Segment: {your_next_segment}\n(Add one.)\n## Calibration log\nFormat: `YYYY-MM-DD — change — reason`.\n- 2026-01-05 — initial — from the warehouse\n## Last edited\n2026-01-05\n";
    let (out, notes) = with_notes(text, baselines::read);
    assert!(out.segments.is_empty());
    for want in [
        "2: section `How baselines are used` left out",
        "4: `### Segment: {your_next_segment}` is a placeholder",
        "9: Last edited left out",
    ] {
        assert!(has_note(&notes, want), "{want}: {notes:?}");
    }
    let r = out.render(today());
    assert!(
        r.contains("## Calibration log\n\nFormat: `YYYY-MM-DD — change — reason`.\n\n- 2026-01-05 — initial — from the warehouse\n- 2026-11-30 — converted"),
        "{r}"
    );
}

/// The cells of the body row of a two-column table `| trigger | action |`.
fn row_cells(trigger: &str, action: &str) -> Vec<Vec<Inline>> {
    let text = format!("| a | b |\n|---|---|\n| {trigger} | {action} |\n");
    md::blocks(&text)
        .into_iter()
        .find_map(|b| match b {
            Block::TableRow {
                header: false,
                cells,
                ..
            } => Some(cells),
            _ => None,
        })
        .unwrap()
}

/// (trigger-pattern cell, pattern, a note or "")
const ACTION_TRIGGER_PATTERNS: &[(&str, &str, &str)] = &[
    (
        "Call mention of SSO/SAML/SCIM + tier-gated attempt",
        r#""SSO", "SAML", "SCIM", `tier_gated_feature_attempt`"#,
        "any one of",
    ),
    (
        "Compliance language + ticket tagged `compliance`",
        r#""compliance", `compliance`"#,
        "any one of",
    ),
    (
        "`feature_first_use` from new department",
        "`feature_first_use`",
        "dropped \"from new department\"",
    ),
    (
        "`api_call_spike` on premium endpoints",
        "`api_call_spike`",
        "dropped \"on premium endpoints\"",
    ),
    (
        "Seat-count spike at 2x baseline + pricing call mention",
        r#"`seat_count_spike`, "pricing""#,
        "`seat_count_spike`: dropped the qualifier \"at 2x baseline\"",
    ),
    (
        "Call mention of new team + seat-count spike",
        r#""new team", `seat_count_spike`"#,
        "any one of",
    ),
    (
        "Use-case question + tier-gated attempt",
        "`tier_gated_feature_attempt`",
        "could not turn \"Use-case question\"",
    ),
    (r#"`sso`, "we need SSO""#, r#""we need SSO", `sso`"#, ""),
    ("(any)", "(any)", ""),
    ("Something vague", "", "could not turn \"Something vague\""),
];

#[test]
fn action_trigger_patterns() {
    for (cell_md, want, note) in ACTION_TRIGGER_PATTERNS {
        let (items, notes) = trigger_pattern(&row_cells(cell_md, "x")[0], 3);
        assert_eq!(items.join(", "), *want, "{cell_md}");
        assert_note(&notes, note, cell_md);
    }
}

/// (action cell, action written, a note or "")
const ACTION_CELLS: &[(&str, &str, &str)] = &[
    (
        r#""Send the SSO setup checklist {link} to {speaker} this week.""#,
        "Send the SSO setup checklist [link] to {speaker} this week.",
        "`{link}` is not filled in by this tool: written as `[link]`",
    ),
    (
        r#""Send the {department} playbook {link} to {name}.""#,
        "Send the [department] playbook [link] to [name].",
        "`{department}`, `{link}`, `{name}` are not filled in",
    ),
    (
        "Open a CTA tagged `premium-pack-evaluation` before {renewal_date}.",
        "Open a CTA tagged `premium-pack-evaluation` before {renewal_date}.",
        "",
    ),
    ("“Book a 30-minute demo.”", "Book a 30-minute demo.", ""),
];

#[test]
fn action_cells() {
    for (cell_md, want, note) in ACTION_CELLS {
        let (got, notes) = action_text(&row_cells("x", cell_md)[1]);
        assert_eq!(got, *want, "{cell_md}");
        assert!(unknown_placeholders(&got).is_empty(), "{got}");
        assert_note(&notes, note, cell_md);
    }
}

#[test]
fn action_library_sections_and_denylist() {
    let text = "# A\n## Action shape\nRules.\n## SKU: enterprise-tier\n| Trigger pattern | Next-best action |\n|---|---|\n| `sso` | \"Book a 30-min SSO review call.\" |\n| Nothing known | \"Book a call.\" |\n## SKU: {your_next_sku}\n(Add one.)\n## Vague-language denylist\nWhy.\n- `follow up`\n- `loop in`\nlazy continuation text\n- \"sync up\"\n";
    let (out, notes) = with_notes(text, actions::read);
    assert_eq!(out.sections.len(), 1);
    assert_eq!(
        out.sections[0].rows,
        [(
            "`sso`".to_string(),
            "Book a 30-min SSO review call.".to_string()
        )]
    );
    assert_eq!(out.denylist, ["follow up", "loop in", "sync up"]);
    for want in [
        "2: section `Action shape` left out",
        "8: could not turn \"Nothing known\"",
        "8: row left out",
        "9: `## SKU: {your_next_sku}` is a placeholder",
        "12: the denylist's explanation",
        "14: dropped \"lazy continuation text\"",
    ] {
        assert!(has_note(&notes, want), "{want}: {notes:?}");
    }
    let r = out.render(today());
    assert!(
        r.contains("## Vague-language denylist\n\n- `follow up`\n- `loop in`\n- `sync up`\n"),
        "{r}"
    );
}

#[test]
fn how_to_edit_comes_from_the_shipped_files() {
    for shipped in [SHIPPED_TAXONOMY, SHIPPED_BASELINES, SHIPPED_ACTIONS] {
        let section = how_to_edit(shipped);
        assert!(
            section.starts_with("## How to edit this file\n"),
            "{section}"
        );
        assert!(shipped.contains(section.trim_end()));
        assert!(!section.contains("\n#"), "{section}");
        assert!(section.lines().count() > 5);
    }
}

const FIXTURE: [&str; 3] = [
    include_str!("../../../fixtures/skill-templates/1-expansion-signal-taxonomy.md"),
    include_str!("../../../fixtures/skill-templates/2-segment-baseline-config.md"),
    include_str!("../../../fixtures/skill-templates/3-action-library.md"),
];

fn fixture_inputs() -> Inputs<'static> {
    Inputs {
        taxonomy: Input {
            name: "t.md",
            text: FIXTURE[0],
        },
        baselines: Input {
            name: "b.md",
            text: FIXTURE[1],
        },
        actions: Input {
            name: "a.md",
            text: FIXTURE[2],
        },
    }
}

/// The filled-in templates converted, and what `check` reads from the converted files
/// (asserting that it finds no error).
fn converted_fixture() -> (Conversion, References) {
    let conv = convert(&fixture_inputs(), today());
    assert!(conv.unusable.is_empty(), "{:?}", conv.unusable);
    let text = |i: usize| conv.files[i].1.as_str();
    let checked = check_texts(
        (TAXONOMY_FILE, text(0)),
        (BASELINES_FILE, text(1)),
        (ACTIONS_FILE, text(2)),
    );
    let errors: Vec<String> = checked.errors().map(|p| p.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{errors:?}\n{}\n{}\n{}",
        text(0),
        text(1),
        text(2)
    );
    let references = checked.references.unwrap();
    (conv, references)
}

#[test]
fn the_filled_in_templates_convert_to_files_that_pass_check() {
    let (_, r) = converted_fixture();
    let ids: Vec<&str> = r.taxonomy.skus.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "enterprise-tier",
            "additional-team-seats",
            "premium-feature-pack"
        ]
    );
    assert_eq!(r.taxonomy.last_edited, NaiveDate::from_ymd_opt(2026, 11, 2));
    // The skill's three guard phrases first, then this tool's defaults.
    assert!(r.taxonomy.conditionals.len() > 3);
    assert!(r.taxonomy.conditionals[0].source.starts_with("if you"));
    let g = &r.taxonomy.guards;
    for list in [&g.past, &g.negation, &g.other_party, &g.objection] {
        assert!(list.as_ref().is_some_and(|l| !l.is_empty()));
    }
    assert!(!g.still_intent.is_empty());
    let enterprise = r.taxonomy.sku("enterprise-tier").unwrap();
    assert_eq!(
        enterprise.usage_triggers[0].features,
        ["sso", "audit_log", "rbac"]
    );
    assert_eq!(enterprise.call_triggers[0].source, "do you support SSO");
    assert_eq!(
        &enterprise.call_triggers[4].source,
        "compliance requirements"
    );
}

#[test]
fn the_filled_in_templates_keep_their_segments_rows_and_denylist() {
    let (_, r) = converted_fixture();
    let segments: Vec<&str> = r
        .baselines
        .segments
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(segments, ["enterprise", "mid-market", "smb"]);
    assert_eq!(
        r.baselines
            .row("smb", "tier_gated_feature_attempts")
            .unwrap()
            .band,
        0.0
    );
    assert_eq!(
        r.actions
            .sections
            .iter()
            .map(|s| s.rows.len())
            .sum::<usize>(),
        7
    );
    assert_eq!(r.actions.denylist.phrases().len(), 9);
}

#[test]
fn the_filled_in_templates_notes_point_at_real_lines() {
    let (conv, _) = converted_fixture();
    let notes: Vec<String> = conv.notes.iter().map(|n| n.to_string()).collect();
    for want in [
        "t.md:6: section `Strong-signal cutoff`",
        "t.md:18: dropped \"where N is at least 2x current seat count\"",
        "t.md:22: `seat_count_spike`: dropped \"over the segment baseline (see config)\"",
        "t.md:55: `### SKU: {your_next_sku}` is a placeholder",
        "b.md:40: `### Segment: {your_next_segment}` is a placeholder",
        "a.md:24: `{link}` is not filled in",
        "a.md:26: `seat_count_spike`: dropped the qualifier \"at 2x baseline\"",
        "a.md:37: `## SKU: {your_next_sku}` is a placeholder",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(want)),
            "{want}: {notes:#?}"
        );
    }
    // Every note points at a real line of its file.
    for n in &conv.notes {
        let text = match n.file.as_str() {
            "t.md" => FIXTURE[0],
            "b.md" => FIXTURE[1],
            _ => FIXTURE[2],
        };
        assert!(n.line >= 1 && n.line <= text.lines().count(), "{n}");
    }
}

#[test]
fn conversion_is_deterministic_and_uses_only_the_given_date() {
    let a = convert(&fixture_inputs(), today());
    let b = convert(&fixture_inputs(), today());
    assert_eq!(a.files, b.files);
    let c = convert(
        &fixture_inputs(),
        NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
    );
    assert!(c.files[0].1.contains("on 2027-01-04"));
}

#[test]
fn nothing_usable() {
    let inputs = Inputs {
        taxonomy: Input {
            name: "t.md",
            text: "# Notes\nNothing here.\n",
        },
        baselines: Input {
            name: "b.md",
            text: "",
        },
        actions: Input {
            name: "a.md",
            text: "## SKU: {your_next_sku}\n",
        },
    };
    let conv = convert(&inputs, today());
    let unusable: Vec<String> = conv.unusable.iter().map(|n| n.to_string()).collect();
    assert_eq!(unusable.len(), 3, "{unusable:?}");
    assert!(unusable[0].starts_with("t.md:1: no `### SKU: <id>` section"));
    assert!(unusable[1].starts_with("b.md:1: no `### Segment: <name>` section"));
    assert!(unusable[2].starts_with("a.md:1: no `## SKU: <id>` section"));
}
