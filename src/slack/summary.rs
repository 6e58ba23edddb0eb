//! The lead's weekly summary: after every full fan-out (a scheduled slot or an admin's
//! `run`), each admin gets one private DM with the week's figures, per-CSM counts
//! (never shown to the CSMs themselves) and whatever needs the lead's attention.

use super::App;
use super::delivery::{self, FanOut};
use crate::digest::RunReport;
use crate::pipeline::feedback::{self, Answer, Outcome, Stats, Tally};
use crate::render::blocks::{self, escape};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

/// How many accounts the "most evidence" line names.
const TOP_ACCOUNTS: usize = 5;

/// What the summary is built from (fetched first, then rendered by [`text`]).
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub report: &'a RunReport,
    pub outcomes: &'a [Outcome],
    pub today: NaiveDate,
    pub fan_out: &'a FanOut,
    /// (email, error) of the deliveries that failed.
    pub failures: Vec<(String, String)>,
}

/// Sends the summary of `run_id` to every admin once (failures are logged).
pub async fn send(app: &Arc<App>, run_id: &str, report: &RunReport, fan_out: &FanOut) {
    if let Err(e) = send_all(app, run_id, report, fan_out).await {
        tracing::error!(error = %format!("{e:#}"), "the lead summary failed");
    }
}

async fn send_all(
    app: &Arc<App>,
    run_id: &str,
    report: &RunReport,
    fan_out: &FanOut,
) -> anyhow::Result<()> {
    let (outcomes, counts) = app
        .db(|s| Ok((s.outcomes()?, s.latest_delivery_counts()?)))
        .await?;
    let body = text(&Input {
        report,
        outcomes: &outcomes,
        today: app.today(),
        fan_out,
        failures: counts.failures,
    });
    let fallback = format!(
        "Weekly expansion-signal summary, week ending {}",
        report.as_of
    );
    let messages = blocks::text_messages(&fallback, &body);
    for admin in &app.config.slack.admins {
        let (run, who, at) = (run_id.to_string(), admin.clone(), app.clock.now());
        if !app
            .db(move |s| s.claim_lead_summary(&run, &who, at))
            .await?
        {
            continue;
        }
        if let Err(e) = delivery::dm_now(app, admin, &messages).await {
            tracing::warn!(%admin, error = %e, "could not DM the lead summary");
        }
    }
    Ok(())
}

fn tally_line(name: &str, t: &Tally) -> String {
    format!(
        "{} {:.1} % ({} of {})",
        escape(name),
        t.conversion_pct,
        t.conversations,
        t.strong_signals
    )
}

fn joined(map: &BTreeMap<String, Tally>) -> String {
    if map.is_empty() {
        return "none yet".into();
    }
    map.iter()
        .map(|(k, t)| tally_line(k, t))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The summary as mrkdwn.
pub fn text(input: &Input<'_>) -> String {
    let r = input.report;
    let stats = feedback::stats(input.outcomes, input.today);
    let mut out = format!(
        "*Weekly expansion-signal summary — week ending {}*\n",
        r.as_of
    );
    let strong: usize = r.digests.iter().map(|d| d.strong.len()).sum();
    let held: usize = r.digests.iter().map(|d| d.held_back).sum();
    let capped: usize = r.digests.iter().map(|d| d.overflow).sum();
    let _ = writeln!(
        out,
        "• New strong signals: {strong} in the DMs ({capped} over the cap, {held} held back by the CSMs' answers)"
    );
    week_answers(&mut out, input);
    let _ = writeln!(
        out,
        "• Conversion, trailing {} days: {:.1} % ({} of {} strong signals became a conversation within {} days)",
        stats.window_days,
        stats.conversion_pct,
        stats.conversations,
        stats.strong_signals,
        feedback::CONVERSION_DAYS
    );
    let _ = writeln!(out, "   ◦ by SKU: {}", joined(&stats.by_sku));
    let _ = writeln!(out, "   ◦ by usage trigger: {}", joined(&stats.by_trigger));
    top_accounts(&mut out, r);
    per_csm(&mut out, r, &stats);
    attention(&mut out, input, &stats);
    out
}

/// Conversations started and not-relevant reasons answered in the last 7 days.
fn week_answers(out: &mut String, input: &Input<'_>) {
    let recent = |on: NaiveDate| (0..7).contains(&(input.today - on).num_days());
    let mut conversations = 0;
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for o in input.outcomes {
        match o.answer {
            Some((Answer::Conversation, on)) if recent(on) => conversations += 1,
            Some((Answer::NotRelevant(r), on)) if recent(on) => {
                *reasons.entry(r.label()).or_default() += 1
            }
            _ => {}
        }
    }
    let _ = writeln!(out, "• Conversations started this week: {conversations}");
    let reasons = if reasons.is_empty() {
        "none".to_string()
    } else {
        reasons
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "• Marked not relevant this week: {reasons}");
}

fn top_accounts(out: &mut String, r: &RunReport) {
    let mut all: Vec<(usize, &str, &str)> = r
        .digests
        .iter()
        .flat_map(|d| d.strong.iter())
        .map(|s| {
            let n = s.call_evidence.len() + s.usage_evidence.len() + s.ticket_evidence.len();
            (n, s.account_name.as_str(), s.sku.as_str())
        })
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(a.2.cmp(b.2)));
    let top: Vec<String> = all
        .iter()
        .take(TOP_ACCOUNTS)
        .map(|(n, a, s)| format!("{} ({}, {n} pieces of evidence)", escape(a), escape(s)))
        .collect();
    let top = if top.is_empty() {
        "none this week".to_string()
    } else {
        top.join("; ")
    };
    let _ = writeln!(out, "• Accounts with the most evidence: {top}");
}

fn per_csm(out: &mut String, r: &RunReport, stats: &Stats) {
    let _ = writeln!(out, "*Per CSM* (for you only; never shared with the team)");
    for d in &r.digests {
        let conv = stats
            .by_csm
            .get(&d.owner_email)
            .cloned()
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "• {}: {} strong, {} weak, {} held back; 30 days: {} of {} converted",
            escape(d.display_name()),
            d.strong.len(),
            d.weak.len(),
            d.held_back,
            conv.conversations,
            conv.strong_signals
        );
    }
}

fn attention(out: &mut String, input: &Input<'_>, stats: &Stats) {
    let mut items: Vec<String> = input.report.warnings.iter().map(|w| escape(w)).collect();
    if let Some(w) = input
        .report
        .diagnostics
        .conversion_warning
        .as_ref()
        .or(stats.warning.as_ref())
    {
        items.push(escape(w));
    }
    if input.fan_out.failed > 0 || input.fan_out.pending > 0 {
        items.push(format!(
            "Deliveries: {} failed, {} pending",
            input.fan_out.failed, input.fan_out.pending
        ));
    }
    for (email, error) in &input.failures {
        items.push(format!(
            "Delivery to {} failed: {}",
            escape(email),
            escape(error)
        ));
    }
    let _ = writeln!(out, "*Needs your attention*");
    if items.is_empty() {
        out.push_str("Nothing this week.\n");
    }
    for i in items {
        let _ = writeln!(out, ":warning: {i}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Diagnostics, Digest, RunStatus};

    #[test]
    fn the_summary_names_what_needs_the_lead() {
        let report = RunReport {
            as_of: "2026-12-07".parse().unwrap(),
            window_days: 7,
            cap_per_csm: 3,
            status: RunStatus::Ok,
            error: None,
            coverage_pct: 55.0,
            warnings: vec!["Call coverage is 55%".into()],
            diagnostics: Diagnostics {
                conversion_warning: Some("Conversion below 20 % for two consecutive months".into()),
                ..Default::default()
            },
            digests: vec![Digest {
                held_back: 2,
                ..Digest::empty("ana@x", Some("Ana"))
            }],
        };
        let fan_out = FanOut {
            sent: 0,
            failed: 1,
            pending: 0,
        };
        let text = text(&Input {
            report: &report,
            outcomes: &[],
            today: report.as_of,
            fan_out: &fan_out,
            failures: vec![("ana@x".into(), "users_not_found".into())],
        });
        for want in [
            "2 held back",
            "• Ana: 0 strong, 0 weak, 2 held back",
            ":warning: Call coverage is 55%",
            ":warning: Conversion below 20 %",
            "Delivery to ana@x failed: users_not_found",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
    }
}
