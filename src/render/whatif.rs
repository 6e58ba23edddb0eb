//! The what-if comparison as text, per CSM.

use crate::pipeline::whatif::{Change, Kind, Strength};
use std::fmt::Write;

fn strength(s: Strength) -> &'static str {
    match s {
        Strength::Strong => "strong",
        Strength::Weak => "weak",
    }
}

fn what(k: &Kind) -> String {
    match k {
        Kind::Gained { now } => format!("+ gained ({})", strength(*now)),
        Kind::Lost { was } => format!("- lost (was {})", strength(*was)),
        Kind::Moved { from, to } => format!("~ moved {} → {}", strength(*from), strength(*to)),
    }
}

/// One block per CSM, one line per changed signal with its reason.
pub fn text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No change: the edited rules give the same signals this week.\n".into();
    }
    let mut out = String::new();
    let mut owner = "";
    for c in changes {
        if c.owner_email != owner {
            owner = &c.owner_email;
            let _ = writeln!(out, "{owner}:");
        }
        let _ = writeln!(
            out,
            "  {} {} ({}) — {}: {}",
            what(&c.kind),
            c.account_name,
            c.account_id,
            c.sku,
            c.reason
        );
    }
    let gained = changes
        .iter()
        .filter(|c| matches!(c.kind, Kind::Gained { .. }))
        .count();
    let lost = changes
        .iter()
        .filter(|c| matches!(c.kind, Kind::Lost { .. }))
        .count();
    let _ = writeln!(
        out,
        "{} change(s): {gained} gained, {lost} lost, {} moved",
        changes.len(),
        changes.len() - gained - lost
    );
    out
}
