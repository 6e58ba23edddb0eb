//! The `account` explanation as Markdown (CLI and Slack ephemeral message).

use crate::pipeline::classify::Class;
use crate::pipeline::explain::Explanation;
use crate::pipeline::extract::Verdict;
use crate::pipeline::noise::NoiseVerdict;
use crate::units;
use std::fmt::Write;

fn class_name(c: Class) -> &'static str {
    match c {
        Class::Strong => "strong",
        Class::Weak => "weak",
        Class::Suppressed => "weak (champion-departure suppressed: investigate before pursuing)",
        Class::Insufficient => "insufficient (tickets only; diagnostics only)",
    }
}

pub fn explanation(e: &Explanation) -> String {
    let a = &e.account;
    let mut out = String::new();
    let _ = writeln!(out, "# {} ({})", a.name, a.id);
    let _ = writeln!(
        out,
        "{} · {} ARR · renewal {} · owner {}",
        a.segment,
        units::arr_k(a.arr),
        a.renewal_date,
        a.owner_name.as_deref().unwrap_or(&a.owner_email)
    );
    let _ = writeln!(
        out,
        "Window: {} to {} ({} days)",
        e.window.first_day(),
        e.window.as_of,
        e.window.days
    );
    out.push('\n');

    let _ = writeln!(out, "## Calls ({})", e.calls.len());
    for c in &e.calls {
        let status = if !c.in_window {
            "discarded: outside the window".to_string()
        } else if !c.analysed {
            "counts for coverage; not analysed (transcript link only)".to_string()
        } else if c.sentences.is_empty() {
            "analysed: no trigger or negative phrase".to_string()
        } else {
            "analysed".to_string()
        };
        let _ = writeln!(out, "- {} · {} · {}", c.call_id, c.date, status);
        if !c.in_window {
            continue;
        }
        for s in &c.sentences {
            let why = match &s.verdict {
                Verdict::Mention { sku, phrase } => {
                    format!("kept: mention of {sku} (phrase \"{phrase}\")")
                }
                Verdict::Negative { phrase } => {
                    format!("discarded: negative-example phrase \"{phrase}\"")
                }
                Verdict::Conditional { marker, skus } => format!(
                    "discarded: conditional marker \"{marker}\" (would have been {})",
                    skus.join(", ")
                ),
                Verdict::Guarded {
                    guard,
                    marker,
                    skus,
                } => format!(
                    "discarded: {} guard \"{marker}\" (would have been {})",
                    guard.label(),
                    skus.join(", ")
                ),
                Verdict::NotCustomer { skus } => format!(
                    "discarded: non-customer speaker (would have been {})",
                    skus.join(", ")
                ),
            };
            let _ = writeln!(
                out,
                "  - \"{}\" — {}, {}: {why}",
                s.sentence, s.speaker, s.role
            );
        }
    }
    out.push('\n');

    let _ = writeln!(out, "## Usage events ({})", e.usage.len());
    for u in &e.usage {
        let ev = &u.event;
        let mut what = format!(
            "{} {} {} → {}",
            ev.event_type,
            ev.metric_name,
            units::number(ev.value_baseline),
            units::number(ev.value_current)
        );
        if let Some(pct) = units::pct_of(ev.value_baseline, ev.delta_pct) {
            what += &format!(" ({pct})");
        }
        let why = match u.verdict {
            None => "discarded: outside the window".to_string(),
            Some(NoiseVerdict::Noise { median, band }) => format!(
                "discarded: inside the {} noise band {} ±{}%",
                e.account.segment,
                units::pct(median),
                units::number(band)
            ),
            Some(NoiseVerdict::Kept { median, band }) => format!(
                "kept: outside the {} noise band {} ±{}%",
                e.account.segment,
                units::pct(median),
                units::number(band)
            ),
            Some(NoiseVerdict::Unbaselined) => {
                "kept: no baseline for this segment and metric (unbaselined)".to_string()
            }
        };
        let decline = u
            .verdict
            .is_some_and(|v| v.is_kept() && !v.is_growth(ev.delta_pct));
        // An event that matches a usage trigger but supports nothing (noise, a decline)
        // names the SKU it is a trigger of.
        let triggers = u.triggers.join(", ");
        let skus = match (u.skus.is_empty(), u.triggers.is_empty(), decline) {
            (false, _, _) => format!("supports {}", u.skus.join(", ")),
            (true, true, true) => "a decline, not expansion evidence".to_string(),
            (true, true, false) => "no usage trigger".to_string(),
            (true, false, true) => {
                format!("a decline, not expansion evidence (a usage trigger of {triggers})")
            }
            (true, false, false) => format!("a usage trigger of {triggers}, not kept"),
        };
        let id = ev.event_id.as_deref().unwrap_or("(no id)");
        let _ = writeln!(
            out,
            "- {id} · {} · {what} · {why}; {skus}",
            ev.occurred_at.date_naive()
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Tickets ({})", e.tickets.len());
    for t in &e.tickets {
        let why = if !t.in_window {
            "discarded: outside the window".to_string()
        } else if t.skus.is_empty() {
            "in the window; matches no ticket trigger".to_string()
        } else {
            format!("kept: supports {}", t.skus.join(", "))
        };
        let _ = writeln!(
            out,
            "- {} · {} · \"{}\" · {why}",
            t.ticket.ticket_id,
            t.ticket.opened_at.date_naive(),
            t.ticket.subject
        );
    }
    out.push('\n');

    if !e.changes.is_empty() {
        let _ = writeln!(out, "## Stakeholder changes ({})", e.changes.len());
        for c in &e.changes {
            let ch = &c.change;
            let who = ch.name.as_deref().unwrap_or("(unnamed)");
            let note = if c.suppresses {
                " · champion departure in the last 30 days: strong signals are suppressed"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- {} · {} · {who}, {}{}{note}",
                ch.occurred_at.date_naive(),
                ch.change_type.as_str(),
                ch.role,
                if ch.is_champion { " (champion)" } else { "" }
            );
        }
        out.push('\n');
    }

    if !e.account_signals.is_empty() {
        let _ = writeln!(out, "## Account signals");
        for line in &e.account_signals {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Classification");
    if e.silent {
        let _ = writeln!(
            out,
            "No call, usage event or ticket in the window: the account was dropped (silent)."
        );
    } else if e.signals.is_empty() {
        let _ = writeln!(out, "No SKU is supported by this week's evidence.");
    }
    for s in &e.signals {
        let _ = writeln!(
            out,
            "- {}: {} ({} mention(s), {} usage event(s), {} ticket(s))",
            s.sku,
            class_name(s.class),
            s.mentions,
            s.usage_events,
            s.tickets
        );
        if let Some(a) = &s.action {
            let _ = writeln!(out, "  - Action: {} ({})", a.text, a.reason);
        }
    }
    if e.signals.iter().any(|s| s.class == Class::Strong) {
        let _ = writeln!(
            out,
            "\nStrong signals are ranked against the CSM's other accounts; only the top ones appear in the digest."
        );
    }
    out
}
