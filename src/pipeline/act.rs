//! Step 6: attach the next-best action from the action library.
//!
//! The first row (top to bottom) of the SKU's table whose pattern matches the signal's
//! evidence wins. Its placeholders are filled from the signal; if none matches, if a
//! placeholder cannot be filled, or if the filled action uses a denylisted phrase without
//! naming an artifact, the digest says `needs human review`.

use crate::digest::{ActionReason, StrongSignal};
use crate::references::{ActionLibrary, ActionRow, RowPattern};
use crate::units;

pub const NEEDS_REVIEW: &str = "needs human review";

/// The action chosen for a signal, and why (shown by `account`).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionChoice {
    pub text: String,
    /// Line of the action-library row used, when one was.
    pub line: Option<usize>,
    pub reason: ActionReason,
}

/// Whether a row's pattern matches the signal's evidence.
pub fn row_matches(row: &ActionRow, signal: &StrongSignal) -> bool {
    match &row.pattern {
        RowPattern::Any => true,
        RowPattern::Match { tokens, phrases } => {
            let token_hit = tokens.iter().any(|t| {
                signal.usage_evidence.iter().any(|u| {
                    t.eq_ignore_ascii_case(&u.event_type)
                        || t.eq_ignore_ascii_case(&u.metric_name)
                        || u.feature
                            .as_deref()
                            .is_some_and(|f| t.eq_ignore_ascii_case(f))
                }) || signal
                    .ticket_evidence
                    .iter()
                    .any(|tk| tk.tags.iter().any(|tag| t.eq_ignore_ascii_case(tag)))
            });
            token_hit
                || phrases
                    .iter()
                    .any(|p| signal.call_evidence.iter().any(|q| p.is_match(&q.quote)))
        }
    }
}

/// Fills `{placeholder}`s from the signal's primary evidence. Returns the names it could
/// not fill (unknown, or no evidence to fill them from).
pub fn fill(template: &str, signal: &StrongSignal) -> Result<String, Vec<String>> {
    let quote = signal.call_evidence.first();
    let usage = signal.usage_evidence.first();
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "account" => signal.account_name.clone(),
            "sku" => signal.sku.clone(),
            "speaker" => quote?.speaker.clone(),
            "call_date" => quote?.date.to_string(),
            "metric" => usage?.metric_name.clone(),
            "delta" => {
                let u = usage?;
                units::change(u.value_baseline, u.value_current, u.delta_pct)
            }
            "renewal_date" => signal.renewal_date.to_string(),
            "arr" => units::arr_k(signal.arr),
            _ => return None,
        })
    };
    let mut out = String::new();
    let mut missing = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => missing.push(name.to_string()),
                }
                rest = &after[close + 1..];
            }
            None => {
                missing.push(after.to_string());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

pub fn choose_action(signal: &StrongSignal, lib: &ActionLibrary) -> ActionChoice {
    let review = |reason: ActionReason| ActionChoice {
        text: NEEDS_REVIEW.to_string(),
        line: None,
        reason,
    };
    let Some(section) = lib.section(&signal.sku) else {
        return review(ActionReason::NoSection {
            sku: signal.sku.clone(),
        });
    };
    let Some(row) = section.rows.iter().find(|r| row_matches(r, signal)) else {
        return review(ActionReason::NoRow {
            sku: signal.sku.clone(),
        });
    };
    match fill(&row.action, signal) {
        Err(missing) => review(ActionReason::Unfillable {
            line: row.line,
            missing,
        }),
        Ok(text) => match lib.denylist.vague_phrase(&text) {
            Some(phrase) => review(ActionReason::Vague {
                line: row.line,
                phrase: phrase.to_string(),
            }),
            None => ActionChoice {
                text,
                line: Some(row.line),
                reason: ActionReason::FirstRow { line: row.line },
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{CallQuote, TicketRef, UsageChange};
    use crate::references::actions;
    use chrono::NaiveDate;

    const LIB: &str = "## SKU: seats\n| Trigger pattern | Next-best action |\n|---|---|\n| `seat_limit_reached` | Send {speaker} a [seat quote](https://example.com/q) for {account}. |\n| \"{N} new hires\" `billing` | Book a 20-minute seat-planning call with {speaker} before {renewal_date}. |\n| `sso` | Explore options with {speaker}. |\n| `needs-metric` | Share the {metric} trend ({delta}) in a one-pager. |\n## SKU: bare\n| Trigger pattern | Next-best action |\n|---|---|\n| `never` | Book a demo call. |\n## Vague-language denylist\n- `explore`\n";

    fn signal(event_type: &str, quote: &str, tags: &[&str], sku: &str) -> StrongSignal {
        let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        StrongSignal {
            account_id: "a".into(),
            account_name: "Acme Corp".into(),
            arr: 250_000.0,
            renewal_date: NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
            sku: sku.into(),
            call_evidence: vec![CallQuote {
                call_id: "c".into(),
                quote: quote.into(),
                speaker: "Dana Reyes".into(),
                role: "VP".into(),
                date,
            }],
            usage_evidence: vec![UsageChange {
                event_type: event_type.into(),
                metric_name: "seat_count".into(),
                feature: None,
                value_baseline: 40.0,
                value_current: 52.0,
                delta_pct: 30.0,
                date,
                segment_median_pct: Some(0.5),
            }],
            ticket_evidence: tags
                .iter()
                .map(|t| TicketRef {
                    ticket_id: "t".into(),
                    subject: "s".into(),
                    tags: vec![t.to_string()],
                })
                .collect(),
            action: String::new(),
            action_line: None,
            action_reason: None,
            why_now: None,
        }
    }

    #[test]
    fn row_choice_table() {
        let (lib, problems) = actions::parse("a.md", LIB);
        assert_eq!(problems.len(), 1, "{problems:?}"); // the vague `sso` row, on purpose
        let cases: &[(&str, &str, &[&str], &str, &str)] = &[
            (
                "seat_limit_reached",
                "hello",
                &[],
                "seats",
                "Send Dana Reyes a [seat quote](https://example.com/q) for Acme Corp.",
            ),
            (
                "SEAT_LIMIT_REACHED",
                "We have 12 new hires.",
                &[],
                "seats",
                "Send Dana Reyes a [seat quote](https://example.com/q) for Acme Corp.",
            ),
            (
                "seat_growth",
                "We have 12 new hires.",
                &[],
                "seats",
                "Book a 20-minute seat-planning call with Dana Reyes before 2027-02-01.",
            ),
            (
                "seat_growth",
                "nothing",
                &["Billing"],
                "seats",
                "Book a 20-minute seat-planning call with Dana Reyes before 2027-02-01.",
            ),
            ("sso", "nothing", &[], "seats", NEEDS_REVIEW),
            (
                "needs-metric",
                "nothing",
                &[],
                "seats",
                "Share the seat_count trend (+30%) in a one-pager.",
            ),
            ("seat_growth", "nothing", &[], "seats", NEEDS_REVIEW),
            ("seat_growth", "nothing", &[], "bare", NEEDS_REVIEW),
            ("seat_growth", "nothing", &[], "unknown-sku", NEEDS_REVIEW),
        ];
        for (et, quote, tags, sku, want) in cases {
            let got = choose_action(&signal(et, quote, tags, sku), &lib);
            assert_eq!(
                got.text, *want,
                "{et} {quote} {tags:?} {sku}: {}",
                got.reason
            );
            assert!(!got.text.contains('{'));
        }
    }

    #[test]
    fn fill_reports_what_it_cannot_fill() {
        let s = signal("x", "q", &[], "seats");
        assert_eq!(
            fill("{account} {arr} {call_date}", &s).unwrap(),
            "Acme Corp $250k 2026-11-20"
        );
        assert_eq!(
            fill("{link} and {speaker", &s).unwrap_err(),
            vec!["link".to_string(), "speaker".to_string()]
        );
        assert_eq!(fill("{delta}", &s).unwrap(), "+30%");
        let mut from_zero = s.clone();
        from_zero.usage_evidence[0].value_baseline = 0.0;
        from_zero.usage_evidence[0].value_current = 11.0;
        from_zero.usage_evidence[0].delta_pct = 1100.0;
        assert_eq!(fill("{delta}", &from_zero).unwrap(), "0 → 11");
        let mut no_calls = s.clone();
        no_calls.call_evidence.clear();
        assert_eq!(
            fill("{speaker}", &no_calls).unwrap_err(),
            vec!["speaker".to_string()]
        );
    }
}
