//! The conversion figures as text (the `stats` command and `/expansion admin stats`).

use crate::pipeline::feedback::{CONVERSION_DAYS, Stats, Tally};
use std::collections::BTreeMap;
use std::fmt::Write;

fn table(out: &mut String, title: &str, rows: &BTreeMap<String, Tally>) {
    let _ = writeln!(out, "{title}:");
    if rows.is_empty() {
        out.push_str("  none yet\n");
    }
    for (k, t) in rows {
        let _ = writeln!(
            out,
            "  {k}: {} of {} ({:.1} %)",
            t.conversations, t.strong_signals, t.conversion_pct
        );
    }
}

/// The figures as plain lines (readable in a terminal and in Slack alike).
pub fn text(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Conversion, trailing {} days{}: {} of {} strong signals shown in a DM became a conversation within {CONVERSION_DAYS} days ({:.1} %)",
        s.window_days,
        s.as_of.map(|d| format!(" to {d}")).unwrap_or_default(),
        s.conversations,
        s.strong_signals,
        s.conversion_pct
    );
    table(&mut out, "By SKU", &s.by_sku);
    table(&mut out, "By usage trigger", &s.by_trigger);
    table(&mut out, "By CSM", &s.by_csm);
    if !s.not_relevant.is_empty() {
        let reasons: Vec<String> = s
            .not_relevant
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        let _ = writeln!(out, "Not relevant: {}", reasons.join(", "));
    }
    if let Some(w) = &s.warning {
        let _ = writeln!(out, "Warning: {w}");
    }
    out
}
