//! The Markdown digest, one per CSM.

use crate::digest::{Diagnostics, Digest, RunReport, StrongSignal, UsageChange};
use crate::units;
use std::fmt::Write;

/// How many call quotes a strong signal shows before "and N more".
const QUOTES_SHOWN: usize = 2;

/// The signal's main usage change, and how many more there are (Markdown and Block Kit
/// show the same words).
pub fn usage_summary(s: &StrongSignal, window_days: u32) -> Option<String> {
    let u = s.usage_evidence.first()?;
    let more = match s.usage_evidence.len() {
        1 => String::new(),
        n => format!(
            "; {} more usage change{}",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    Some(format!("{}{more}", usage_line(u, window_days)))
}

pub fn usage_line(u: &UsageChange, window_days: u32) -> String {
    let adjusted = match u.segment_median_pct {
        Some(median) => format!(
            "{} segment-baseline-adjusted",
            units::pct(u.delta_pct - median)
        ),
        None => "no segment baseline for this metric".to_string(),
    };
    format!(
        "{} went from {} to {} ({} over {} days, {})",
        u.metric_name,
        units::number(u.value_baseline),
        units::number(u.value_current),
        units::pct(u.delta_pct),
        window_days,
        adjusted
    )
}

fn strong_section(out: &mut String, i: usize, s: &StrongSignal, window_days: u32) {
    let _ = writeln!(
        out,
        "### {}. {} — {} ARR · renewal {}",
        i + 1,
        s.account_name,
        units::arr_k(s.arr),
        s.renewal_date
    );
    let _ = writeln!(out, "SKU: {}", s.sku);
    out.push('\n');
    let _ = writeln!(out, "Call evidence:");
    for q in s.call_evidence.iter().take(QUOTES_SHOWN) {
        let _ = writeln!(
            out,
            "> \"{}\" — {}, {}, {} ({})",
            q.quote, q.speaker, q.role, q.date, q.call_id
        );
    }
    if s.call_evidence.len() > QUOTES_SHOWN {
        let _ = writeln!(out, "> (and {} more)", s.call_evidence.len() - QUOTES_SHOWN);
    }
    out.push('\n');
    if let Some(usage) = usage_summary(s, window_days) {
        let _ = writeln!(out, "Usage evidence: {usage}");
        out.push('\n');
    }
    if !s.ticket_evidence.is_empty() {
        let tickets: Vec<String> = s
            .ticket_evidence
            .iter()
            .map(|t| format!("{} \"{}\"", t.ticket_id, t.subject))
            .collect();
        let _ = writeln!(out, "Supporting tickets: {}", tickets.join("; "));
        out.push('\n');
    }
    if let Some(why) = &s.why_now {
        let _ = writeln!(out, "Why now: {why}");
    }
    let _ = writeln!(out, "Action: {}", s.action);
    out.push('\n');
}

pub fn diagnostics_lines(d: &Diagnostics, coverage_pct: f64) -> Vec<String> {
    let mut lines = core_diagnostics_lines(d, coverage_pct);
    lines.extend(account_signal_lines(d));
    lines
}

/// The account-level signals' counts, only when the references define them and
/// something was counted.
fn account_signal_lines(d: &Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &d.conversion_warning {
        out.push(format!("Warning: {w}"));
    }
    if d.health_demotions > 0 {
        out.push(format!(
            "Strong signals moved to the footer by the health qualifier: {}",
            d.health_demotions
        ));
    }
    if !d.account_signals_not_evaluated.is_empty() {
        let parts: Vec<String> = d
            .account_signals_not_evaluated
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        out.push(format!(
            "Account signals not evaluated (field absent), accounts: {}",
            parts.join(" · ")
        ));
    }
    out
}

fn core_diagnostics_lines(d: &Diagnostics, coverage_pct: f64) -> Vec<String> {
    vec![
        format!("Accounts in scope: {}", d.accounts_in_scope),
        format!(
            "Call coverage: {}% ({} accounts with a call)",
            coverage_pct, d.accounts_with_calls
        ),
        format!(
            "Accounts with zero records (dropped): {}",
            d.accounts_silent
        ),
        format!(
            "Negative-example matches (suppressed): {}",
            d.negative_matches
        ),
        format!(
            "Conditional mentions (suppressed): {}",
            d.conditional_matches
        ),
        format!(
            "Other sentence guards (suppressed): past event {} · negation {} · other party {} · objection {}",
            d.past_matches, d.negation_matches, d.other_party_matches, d.objection_matches
        ),
        format!(
            "Champion-departure suppressions: {}",
            d.champion_suppressions
        ),
        format!(
            "Usage events inside the noise band (discarded): {}",
            d.noise_band_discards
        ),
        format!(
            "Usage events without a segment baseline (kept): {}",
            d.unbaselined_events
        ),
        format!(
            "Usage declines outside the band (not expansion evidence): {}",
            d.usage_declines
        ),
        format!("Ticket-only signals (not shown): {}", d.ticket_only_signals),
        format!(
            "Calls not analysed (transcript link only): {}",
            d.calls_not_analysed
        ),
        format!(
            "Records for accounts outside this portfolio (ignored): {}",
            d.unknown_account_records
        ),
        format!("Taxonomy file hash: {}", d.taxonomy_hash),
    ]
}

/// One CSM's digest as Markdown.
pub fn digest(report: &RunReport, d: &Digest) -> String {
    let mut out = String::new();
    for w in &d.warnings {
        let _ = writeln!(out, "*{}*", w.replace('*', "\\*"));
    }
    if !d.warnings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# Expansion-signal digest — {} — {}",
        report.as_of,
        d.display_name()
    );
    let _ = writeln!(
        out,
        "Window: trailing {} days · Strong signals: {} · Weak signals: {}",
        report.window_days,
        d.strong.len(),
        d.weak.len()
    );
    out.push('\n');
    let _ = writeln!(out, "## Strong signals — act this week");
    if d.strong.is_empty() {
        let _ = writeln!(out, "No strong signals this week.");
        out.push('\n');
    }
    for (i, s) in d.strong.iter().enumerate() {
        strong_section(&mut out, i, s, report.window_days);
    }
    if let Some(line) = held_back_line(d) {
        let _ = writeln!(out, "{line}\n");
    }
    let _ = writeln!(out, "## Weak signals — worth a glance ({})", d.weak.len());
    for w in &d.weak {
        let tag = w
            .tags
            .iter()
            .find(|t| t.starts_with("champion-departure"))
            .map(|t| format!(" [{t}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- *{}* — {}: {}{tag}",
            w.account_name, w.sku, w.summary
        );
    }
    if d.overflow > 0 {
        let _ = writeln!(
            out,
            "- (+{} more capped from strong list — see footer)",
            d.overflow
        );
    }
    if d.weak.is_empty() && d.overflow == 0 {
        let _ = writeln!(out, "None this week.");
    }
    out.push('\n');
    let _ = writeln!(out, "## Diagnostics");
    if d.overflow > 0 {
        let capped: Vec<String> = d
            .overflow_signals
            .iter()
            .map(|c| format!("{} ({})", c.account_name, c.sku))
            .collect();
        let _ = writeln!(
            out,
            "- Capped strong signals (over the limit of {}): {}",
            report.cap_per_csm,
            capped.join("; ")
        );
    }
    for line in diagnostics_lines(&report.diagnostics, report.coverage_pct) {
        let _ = writeln!(out, "- {line}");
    }
    out
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

/// The line saying how many strong signals the CSM's own answers held back, if any.
pub fn held_back_line(d: &Digest) -> Option<String> {
    (d.held_back > 0).then(|| {
        format!(
            "Held back: {} strong signal(s) you marked Not relevant or snoozed, with no new evidence since.",
            d.held_back
        )
    })
}
