//! The Markdown digest, one per CSM.

use crate::digest::{Diagnostics, Digest, RunReport, StrongSignal, UsageChange};
use crate::i18n::{Locale, Msg, warnings};
use std::fmt::Write;

/// How many call quotes a strong signal shows before "and N more".
const QUOTES_SHOWN: usize = 2;

/// How many weak signals the footer lists before "and N more".
pub const WEAK_SHOWN: usize = 10;

/// The strong signals the cap moved out, named (plain text), when there are any.
pub fn capped_line(report: &RunReport, d: &Digest) -> Option<String> {
    capped_line_in(report, d, &Locale::default())
}

/// [`capped_line`] in `loc`'s language.
pub fn capped_line_in(report: &RunReport, d: &Digest, loc: &Locale) -> Option<String> {
    if d.overflow == 0 {
        return None;
    }
    let capped: Vec<String> = d
        .overflow_signals
        .iter()
        .map(|c| {
            loc.msg(
                Msg::CappedItem,
                &[("account", &c.account_name), ("sku", &c.sku)],
            )
        })
        .collect();
    Some(loc.msg(
        Msg::Capped,
        &[
            ("cap", &report.cap_per_csm.to_string()),
            ("list", &capped.join("; ")),
        ],
    ))
}

/// "… and N more" under the first [`WEAK_SHOWN`] weak signals, when some are not shown.
pub fn weak_more_line(d: &Digest) -> Option<String> {
    weak_more_line_in(d, &Locale::default())
}

/// [`weak_more_line`] in `loc`'s language.
pub fn weak_more_line_in(d: &Digest, loc: &Locale) -> Option<String> {
    let more = d.weak.len().checked_sub(WEAK_SHOWN).filter(|&n| n > 0)?;
    Some(match more {
        1 => loc.msg(Msg::WeakMoreOne, &[]),
        n => loc.msg(Msg::WeakMoreMany, &[("n", &n.to_string())]),
    })
}

/// The action line's text: the action, or `needs human review` with its reason.
pub fn action_text(s: &StrongSignal, loc: &Locale) -> String {
    let action = crate::i18n::weak::action(loc, s, &s.action);
    match &s.action_reason {
        Some(r) => format!("{action} ({})", crate::i18n::actions::text(r, loc)),
        None => action,
    }
}

/// The signal's main usage change, and how many more there are (Markdown and Block Kit
/// show the same words).
pub fn usage_summary(s: &StrongSignal, window_days: u32) -> Option<String> {
    usage_summary_in(s, window_days, &Locale::default())
}

/// [`usage_summary`] in `loc`'s language.
pub fn usage_summary_in(s: &StrongSignal, window_days: u32, loc: &Locale) -> Option<String> {
    let u = s.usage_evidence.first()?;
    let usage = usage_line_in(u, window_days, loc);
    Some(match s.usage_evidence.len() {
        1 => usage,
        2 => loc.msg(Msg::UsageMoreOne, &[("usage", &usage)]),
        n => loc.msg(
            Msg::UsageMoreMany,
            &[("usage", &usage), ("n", &(n - 1).to_string())],
        ),
    })
}

pub fn usage_line(u: &UsageChange, window_days: u32) -> String {
    usage_line_in(u, window_days, &Locale::default())
}

/// [`usage_line`] in `loc`'s language.
pub fn usage_line_in(u: &UsageChange, window_days: u32, loc: &Locale) -> String {
    let days = window_days.to_string();
    // A percentage from a zero baseline says nothing: the values say it all.
    if u.value_baseline == 0.0 {
        return loc.msg(
            Msg::UsageFromZero,
            &[
                ("metric", &u.metric_name),
                ("current", &loc.number(u.value_current)),
                ("days", &days),
            ],
        );
    }
    let adjusted = match u.segment_median_pct {
        Some(median) => loc.msg(Msg::Adjusted, &[("pct", &loc.pct(u.delta_pct - median))]),
        None => loc.msg(Msg::NoBaseline, &[]),
    };
    loc.msg(
        Msg::UsageChange,
        &[
            ("metric", &u.metric_name),
            ("baseline", &loc.number(u.value_baseline)),
            ("current", &loc.number(u.value_current)),
            ("pct", &loc.pct(u.delta_pct)),
            ("days", &days),
            ("adjusted", &adjusted),
        ],
    )
}

fn strong_section(out: &mut String, i: usize, s: &StrongSignal, window_days: u32, loc: &Locale) {
    let title = loc.msg(
        Msg::StrongTitle,
        &[
            ("n", &(i + 1).to_string()),
            ("account", &s.account_name),
            ("arr", &loc.arr(s.arr)),
            ("renewal", &loc.date(s.renewal_date)),
        ],
    );
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", loc.msg(Msg::SkuLine, &[("sku", &s.sku)]));
    out.push('\n');
    let _ = writeln!(out, "{}", loc.msg(Msg::CallEvidence, &[]));
    write_quotes(out, s, loc);
    out.push('\n');
    if let Some(usage) = usage_summary_in(s, window_days, loc) {
        let _ = writeln!(out, "{}", loc.msg(Msg::UsageEvidence, &[("usage", &usage)]));
        out.push('\n');
    }
    write_tickets(out, s, loc);
    if let Some(why) = &s.why_now {
        let _ = writeln!(out, "Why now: {why}");
    }
    let _ = writeln!(
        out,
        "{}",
        loc.msg(Msg::Action, &[("action", &action_text(s, loc))])
    );
    out.push('\n');
}

/// Writes the first [`QUOTES_SHOWN`] call quotes of a strong signal, and how many more.
fn write_quotes(out: &mut String, s: &StrongSignal, loc: &Locale) {
    for q in s.call_evidence.iter().take(QUOTES_SHOWN) {
        let line = loc.msg(
            Msg::QuoteLine,
            &[
                ("quote", &q.quote),
                ("speaker", &q.speaker),
                ("role", &q.role),
                ("date", &loc.date(q.date)),
                ("call", &q.call_id),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    if s.call_evidence.len() > QUOTES_SHOWN {
        let n = (s.call_evidence.len() - QUOTES_SHOWN).to_string();
        let _ = writeln!(out, "{}", loc.msg(Msg::QuotesMore, &[("n", &n)]));
    }
}

/// Writes the supporting tickets of a strong signal in one paragraph, if there are any.
fn write_tickets(out: &mut String, s: &StrongSignal, loc: &Locale) {
    if s.ticket_evidence.is_empty() {
        return;
    }
    let tickets: Vec<String> = s
        .ticket_evidence
        .iter()
        .map(|t| {
            loc.msg(
                Msg::TicketItem,
                &[("id", &t.ticket_id), ("subject", &t.subject)],
            )
        })
        .collect();
    let tickets = tickets.join("; ");
    let _ = writeln!(out, "{}", loc.msg(Msg::Tickets, &[("tickets", &tickets)]));
    out.push('\n');
}

pub fn diagnostics_lines(d: &Diagnostics, coverage_pct: f64) -> Vec<String> {
    diagnostics_lines_in(d, coverage_pct, &Locale::default())
}

/// [`diagnostics_lines`] in `loc`'s language.
pub fn diagnostics_lines_in(d: &Diagnostics, coverage_pct: f64, loc: &Locale) -> Vec<String> {
    let n = |msg: Msg, v: usize| loc.msg(msg, &[("n", &v.to_string())]);
    let mut lines = vec![
        n(Msg::PfInScope, d.accounts_in_scope),
        loc.msg(
            Msg::PfCoverage,
            &[
                ("pct", &loc.decimal(coverage_pct)),
                ("n", &d.accounts_with_calls.to_string()),
            ],
        ),
        n(Msg::DiagSilent, d.accounts_silent),
        n(Msg::DiagNegative, d.negative_matches),
        n(Msg::DiagConditional, d.conditional_matches),
        loc.msg(
            Msg::PfGuards,
            &[
                ("past", &d.past_matches.to_string()),
                ("negation", &d.negation_matches.to_string()),
                ("other", &d.other_party_matches.to_string()),
                ("objection", &d.objection_matches.to_string()),
            ],
        ),
        n(Msg::DiagChampion, d.champion_suppressions),
        n(Msg::DiagNoise, d.noise_band_discards),
        n(Msg::DiagUnbaselined, d.unbaselined_events),
        n(Msg::DiagDeclines, d.usage_declines),
        n(Msg::DiagTicketOnly, d.ticket_only_signals),
        n(Msg::DiagNotAnalysed, d.calls_not_analysed),
        n(Msg::PfUnknownRecords, d.unknown_account_records),
        loc.msg(Msg::PfHash, &[("hash", &d.taxonomy_hash)]),
    ];
    lines.extend(warnings::account_signal_lines(d, loc));
    lines.extend(warnings::semantic_lines(d, loc));
    lines
}

/// The foot of one CSM's digest: the run's counters over their own accounts (the
/// portfolio-wide figures are in the portfolio summary and the JSON output).
pub fn csm_diagnostics_lines(d: &Diagnostics) -> Vec<String> {
    csm_diagnostics_lines_in(d, &Locale::default())
}

/// [`csm_diagnostics_lines`] in `loc`'s language.
pub fn csm_diagnostics_lines_in(d: &Diagnostics, loc: &Locale) -> Vec<String> {
    let n = |msg: Msg, v: usize| loc.msg(msg, &[("n", &v.to_string())]);
    vec![
        loc.msg(
            Msg::DiagYourAccounts,
            &[
                ("n", &d.accounts_in_scope.to_string()),
                ("calls", &d.accounts_with_calls.to_string()),
            ],
        ),
        n(Msg::DiagSilent, d.accounts_silent),
        n(Msg::DiagNegative, d.negative_matches),
        n(Msg::DiagConditional, d.conditional_matches),
        n(Msg::DiagChampion, d.champion_suppressions),
        n(Msg::DiagNoise, d.noise_band_discards),
        n(Msg::DiagUnbaselined, d.unbaselined_events),
        n(Msg::DiagDeclines, d.usage_declines),
        n(Msg::DiagTicketOnly, d.ticket_only_signals),
        n(Msg::DiagNotAnalysed, d.calls_not_analysed),
    ]
}

/// The portfolio summary (`OUT/portfolio.md`): the run's status, every CSM's counts and
/// the portfolio-wide diagnostics, for the CS lead.
pub fn portfolio(report: &RunReport) -> String {
    portfolio_in(report, &Locale::default())
}

/// The portfolio summary in `loc`'s language.
pub fn portfolio_in(report: &RunReport, loc: &Locale) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        loc.msg(Msg::PfTitle, &[("date", &loc.date(report.as_of))])
    );
    let status = match report.status {
        crate::digest::RunStatus::Ok => Msg::PfStatusOk,
        crate::digest::RunStatus::Aborted => Msg::PfStatusAborted,
    };
    let window = loc.msg(
        Msg::PfWindow,
        &[
            ("days", &report.window_days.to_string()),
            ("status", &loc.msg(status, &[])),
            ("coverage", &loc.decimal(report.coverage_pct)),
            ("csms", &report.digests.len().to_string()),
        ],
    );
    let _ = writeln!(out, "{window}");
    out.push('\n');
    if let Some(e) = &report.error {
        let error = e.replace('*', "\\*");
        let _ = writeln!(out, "{}", loc.msg(Msg::PfAborted, &[("error", &error)]));
        out.push('\n');
    }
    for w in &report.warnings {
        let _ = writeln!(out, "*{}*", warnings::text(w, loc).replace('*', "\\*"));
    }
    if !report.warnings.is_empty() {
        out.push('\n');
    }
    if !report.digests.is_empty() {
        let _ = writeln!(out, "{}", loc.msg(Msg::PfDigests, &[]));
        let _ = writeln!(out, "{}", loc.msg(Msg::PfTableHeader, &[]));
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for d in &report.digests {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                d.display_name().replace('|', "\\|"),
                d.diagnostics.accounts_in_scope,
                d.strong.len(),
                d.overflow,
                d.weak.len(),
                d.warnings.len()
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", loc.msg(Msg::DiagnosticsHeading, &[]));
    for line in diagnostics_lines_in(&report.diagnostics, report.coverage_pct, loc) {
        let _ = writeln!(out, "- {line}");
    }
    out
}

/// One CSM's digest as Markdown.
pub fn digest(report: &RunReport, d: &Digest) -> String {
    digest_in(report, d, &Locale::default())
}

/// One CSM's digest as Markdown in `loc`'s language and formats.
pub fn digest_in(report: &RunReport, d: &Digest, loc: &Locale) -> String {
    let mut out = String::new();
    write_head(&mut out, report, d, loc);
    let _ = writeln!(out, "{}", loc.msg(Msg::StrongHeading, &[]));
    if d.strong.is_empty() {
        let _ = writeln!(out, "{}", loc.msg(Msg::NoStrong, &[]));
        out.push('\n');
    }
    for (i, s) in d.strong.iter().enumerate() {
        strong_section(&mut out, i, s, report.window_days, loc);
    }
    if let Some(line) = warnings::held_back_line(d, loc) {
        let _ = writeln!(out, "{line}\n");
    }
    write_weak(&mut out, report, d, loc);
    out.push('\n');
    let _ = writeln!(out, "{}", loc.msg(Msg::DiagnosticsHeading, &[]));
    for line in csm_lines(report, d, loc) {
        let _ = writeln!(out, "- {line}");
    }
    out
}

/// Writes the warnings, the title and the window line that open a digest.
fn write_head(out: &mut String, report: &RunReport, d: &Digest, loc: &Locale) {
    for w in &d.warnings {
        let _ = writeln!(out, "*{}*", warnings::text(w, loc).replace('*', "\\*"));
    }
    if !d.warnings.is_empty() {
        out.push('\n');
    }
    let title = loc.msg(
        Msg::DigestTitle,
        &[
            ("date", &loc.date(report.as_of)),
            ("name", d.display_name()),
        ],
    );
    let _ = writeln!(out, "{title}");
    let window = loc.msg(
        Msg::WindowLine,
        &[
            ("days", &report.window_days.to_string()),
            ("strong", &d.strong.len().to_string()),
            ("weak", &d.weak.len().to_string()),
        ],
    );
    let _ = writeln!(out, "{window}");
    out.push('\n');
}

/// Writes the weak-signal footer: heading, capped line, the first [`WEAK_SHOWN`] and the rest.
fn write_weak(out: &mut String, report: &RunReport, d: &Digest, loc: &Locale) {
    let weak_heading = loc.msg(Msg::WeakHeading, &[("n", &d.weak.len().to_string())]);
    let _ = writeln!(out, "{weak_heading}");
    if let Some(line) = capped_line_in(report, d, loc) {
        let _ = writeln!(out, "- {line}");
    }
    for w in d.weak.iter().take(WEAK_SHOWN) {
        let tag = w
            .tags
            .iter()
            .find(|t| t.starts_with("champion-departure"))
            .map(|t| format!(" [{t}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- *{}* — {}: {}{tag}",
            w.account_name,
            w.sku,
            crate::i18n::weak::summary(loc, &w.summary)
        );
    }
    if let Some(line) = weak_more_line_in(d, loc) {
        let _ = writeln!(out, "- {line}");
    }
    if d.weak.is_empty() && d.overflow == 0 {
        let _ = writeln!(out, "{}", loc.msg(Msg::NoneThisWeek, &[]));
    }
}

/// A CSM's diagnostics, plus the run-wide warnings that concern every CSM (the low
/// conversion warning of the feedback loop, the health qualifier's demotions).
pub fn csm_lines(report: &RunReport, d: &Digest, loc: &Locale) -> Vec<String> {
    let mut lines = csm_diagnostics_lines_in(&d.diagnostics, loc);
    let conversion = report.diagnostics.conversion_warning.as_ref();
    lines.extend(warnings::csm_extra_lines(conversion, &d.diagnostics, loc));
    lines
}

/// Every digest one after another (stdout without `--out`).
pub fn all(report: &RunReport) -> String {
    report
        .digests
        .iter()
        .map(|d| digest(report, d))
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{CallQuote, CappedSignal, WeakSignal};

    fn report(d: Digest) -> RunReport {
        RunReport {
            coverage_pct: 80.0,
            digests: vec![d],
            ..RunReport::new("2026-11-23".parse().unwrap(), 7, 1)
        }
    }

    fn strong(baseline: f64, current: f64, delta: f64, reason: Option<&str>) -> StrongSignal {
        let date = "2026-11-20".parse().unwrap();
        StrongSignal {
            why_now: Default::default(),
            account_id: "a".into(),
            account_name: "Acme".into(),
            arr: 100_000.0,
            renewal_date: "2027-01-01".parse().unwrap(),
            sku: "seats".into(),
            call_evidence: vec![CallQuote {
                call_id: "c".into(),
                quote: "We need 12 more seats.".into(),
                speaker: "Dana".into(),
                role: "VP".into(),
                date,
            }],
            usage_evidence: vec![UsageChange {
                event_type: "seat_growth".into(),
                metric_name: "seat_count".into(),
                feature: None,
                value_baseline: baseline,
                value_current: current,
                delta_pct: delta,
                date,
                segment_median_pct: Some(1.0),
            }],
            ticket_evidence: vec![],
            action: if reason.is_some() {
                "needs human review".into()
            } else {
                "Book a call.".into()
            },
            action_line: None,
            action_reason: reason.map(|r| crate::digest::ActionReason::Text(r.into())),
        }
    }

    fn digest(weak: usize, overflow: usize) -> Digest {
        Digest {
            locale: None,
            held_back: Default::default(),
            owner_email: "ana@example.com".into(),
            owner_name: None,
            warnings: vec![],
            strong: vec![],
            weak: (0..weak)
                .map(|i| WeakSignal {
                    account_id: format!("w{i}"),
                    account_name: format!("Weak {i}"),
                    sku: "seats".into(),
                    summary: "s".into(),
                    tags: vec![],
                })
                .collect(),
            overflow,
            overflow_signals: (0..overflow)
                .map(|i| CappedSignal {
                    account_id: format!("c{i}"),
                    account_name: format!("Capped {i}"),
                    sku: "seats".into(),
                })
                .collect(),
            strong_before_cap: overflow,
            diagnostics: Default::default(),
        }
    }

    #[test]
    fn weak_footer_names_capped_signals_and_is_capped() {
        // (weak signals, capped strong signals, lines expected, lines not expected)
        type Case<'a> = (usize, usize, &'a [&'a str], &'a [&'a str]);
        let cases: &[Case] = &[
            (0, 0, &["None this week."], &["Capped", "more weak"]),
            (
                3,
                2,
                &[
                    "- Capped from the strong list (over the limit of 1): Capped 0 (seats); Capped 1 (seats)",
                    "- *Weak 2* — seats: s",
                ],
                &["more weak", "None this week."],
            ),
            (10, 0, &["- *Weak 9* — seats: s"], &["more weak"]),
            (
                13,
                0,
                &[
                    "- *Weak 9* — seats: s",
                    "- … and 3 more weak signals (all of them are in the JSON output)",
                ],
                &["*Weak 10*"],
            ),
            (11, 0, &["- … and 1 more weak signal (all"], &["*Weak 10*"]),
        ];
        for (weak, capped, want, not) in cases {
            let r = report(digest(*weak, *capped));
            let text = super::digest(&r, &r.digests[0]);
            for w in *want {
                assert!(
                    text.contains(w),
                    "{weak}/{capped}: {w:?} missing in\n{text}"
                );
            }
            for n in *not {
                assert!(!text.contains(n), "{weak}/{capped}: {n:?} in\n{text}");
            }
            assert!(!text.contains("## Diagnostics\n- Capped"), "{text}");
        }
    }

    #[test]
    fn zero_baselines_and_review_reasons() {
        // (baseline, current, delta, review reason, expected usage line and action line)
        type Case<'a> = (f64, f64, f64, Option<&'a str>, &'a str, &'a str);
        let cases: &[Case] = &[
            (
                0.0,
                11.0,
                1100.0,
                None,
                "Usage evidence: seat_count went from 0 to 11 over 7 days (no percentage: the baseline is zero)",
                "Action: Book a call.",
            ),
            (
                40.0,
                52.0,
                30.0,
                Some("no row of the `seats` table matches this evidence"),
                "Usage evidence: seat_count went from 40 to 52 (+30% over 7 days, +29% segment-baseline-adjusted)",
                "Action: needs human review (no row of the `seats` table matches this evidence)",
            ),
        ];
        for (b, c, delta, reason, usage, action) in cases {
            let mut d = digest(0, 0);
            d.strong = vec![strong(*b, *c, *delta, *reason)];
            let r = report(d);
            let text = super::digest(&r, &r.digests[0]);
            assert!(text.contains(usage), "{usage:?} missing in\n{text}");
            assert!(text.contains(action), "{action:?} missing in\n{text}");
            assert!(!text.contains("1100%"), "{text}");
        }
    }
}
