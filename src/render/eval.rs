//! The `eval` report as text for a terminal (JSON is the report serialized).

use crate::pipeline::eval::{Case, Rate, Report, StageReport};
use std::collections::BTreeMap;
use std::fmt::Write;

fn rate(r: &Rate) -> String {
    format!("{:.1}% ({}/{})", r.pct, r.hits, r.total)
}

fn breakdown(title: &str, map: &BTreeMap<String, Rate>) -> String {
    let parts: Vec<String> = map
        .iter()
        .map(|(k, r)| format!("{k} {}", rate(r)))
        .collect();
    format!("  {title}: {}\n", parts.join(" · "))
}

fn cases(out: &mut String, title: &str, list: &[Case]) {
    let _ = writeln!(out, "\n{title} ({}):", list.len());
    for c in list {
        let sku = c.sku.as_deref().unwrap_or("any SKU");
        let _ = writeln!(out, "- [{} · {sku}] \"{}\" — {}", c.kind, c.text, c.reason);
    }
}

pub fn text(r: &Report, source: &str) -> String {
    let mut out = format!(
        "eval: {} sentences from {source}\n\nRecall (intent found): {}\n",
        r.sentences,
        rate(&r.recall)
    );
    out.push_str(&breakdown("by SKU", &r.recall_by_sku));
    out.push_str(&breakdown("by kind", &r.recall_by_kind));
    let _ = writeln!(
        out,
        "False positives (not-intent talk that became a mention): {}",
        rate(&r.false_positives)
    );
    out.push_str(&breakdown("by kind", &r.false_positives_by_kind));
    cases(&mut out, "Misses", &r.misses);
    cases(&mut out, "False positives", &r.false_alarms);
    out
}

/// Several stages on the same labelled set: one row each, then the details of the last.
pub fn side_by_side(stages: &[StageReport], source: &str) -> String {
    let Some(last) = stages.last() else {
        return String::new();
    };
    let mut out = format!(
        "eval: {} sentences from {source}\n\n| stage | recall | false positives | seconds | cost |\n|---|---:|---:|---:|---:|\n",
        last.report.sentences
    );
    for s in stages {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {:.2} | {} |",
            s.stage,
            s.threshold
                .map(|t| format!(" (threshold {t:.2})"))
                .unwrap_or_default(),
            rate(&s.report.recall),
            rate(&s.report.false_positives),
            s.seconds,
            match &s.llm {
                Some(l) => format!(
                    "${:.4} ({} requests, {} quotes rejected{})",
                    l.cost_usd,
                    l.requests,
                    l.quotes_rejected,
                    l.fallback
                        .as_ref()
                        .map(|f| format!("; stopped: {f}"))
                        .unwrap_or_default()
                ),
                None => "$0".into(),
            }
        );
    }
    let _ = writeln!(out, "\nDetails of {}:\n", last.stage);
    out.push_str(&text(&last.report, source));
    out
}
