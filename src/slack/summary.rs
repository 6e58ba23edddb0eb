//! The lead's weekly summary: after every full fan-out (a scheduled slot or an admin's
//! `run`), each admin gets one private DM with the week's figures, per-CSM counts
//! (never shown to the CSMs themselves) and whatever needs the lead's attention.
//! Written in the workspace's language (`slack.locale`, see [`crate::i18n::summary`]).

use super::App;
use super::delivery::{self, FanOut};
use crate::digest::RunReport;
use crate::i18n::Locale;
use crate::i18n::home::reason_text;
use crate::i18n::summary::Sum;
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
    /// The workspace's language (`slack.locale`).
    pub locale: &'a Locale,
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
    let loc = super::handlers::workspace(app);
    let body = text(&Input {
        report,
        outcomes: &outcomes,
        today: app.today(),
        fan_out,
        failures: counts.failures,
        locale: &loc,
    });
    let fallback = loc.summary(Sum::Fallback, &[("date", &loc.date(report.as_of))]);
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

fn tally_line(loc: &Locale, name: &str, t: &Tally) -> String {
    loc.summary(
        Sum::TallyItem,
        &[
            ("key", &escape(name)),
            ("pct", &loc.one_decimal(t.conversion_pct)),
            ("conversations", &t.conversations.to_string()),
            ("strong", &t.strong_signals.to_string()),
        ],
    )
}

/// The `line` with the tallies of `map`, or the `none` line when there are none yet.
fn joined(loc: &Locale, map: &BTreeMap<String, Tally>, line: Sum, none: Sum) -> String {
    if map.is_empty() {
        return loc.summary(none, &[]);
    }
    let list = map
        .iter()
        .map(|(k, t)| tally_line(loc, k, t))
        .collect::<Vec<_>>()
        .join("; ");
    loc.summary(line, &[("list", &list)])
}

/// The summary as mrkdwn.
pub fn text(input: &Input<'_>) -> String {
    let (r, loc) = (input.report, input.locale);
    let stats = feedback::stats(input.outcomes, input.today);
    let mut out = loc.summary(Sum::Title, &[("date", &loc.date(r.as_of))]);
    out.push('\n');
    let strong: usize = r.digests.iter().map(|d| d.strong.len()).sum();
    let held: usize = r.digests.iter().map(|d| d.held_back).sum();
    let capped: usize = r.digests.iter().map(|d| d.overflow).sum();
    let _ = writeln!(
        out,
        "{}",
        loc.summary(
            Sum::NewStrong,
            &[
                ("strong", &strong.to_string()),
                ("capped", &capped.to_string()),
                ("held", &held.to_string()),
            ],
        )
    );
    week_answers(&mut out, input);
    let _ = writeln!(
        out,
        "{}",
        loc.summary(
            Sum::Conversion,
            &[
                ("days", &stats.window_days.to_string()),
                ("pct", &loc.one_decimal(stats.conversion_pct)),
                ("conversations", &stats.conversations.to_string()),
                ("strong", &stats.strong_signals.to_string()),
                ("within", &feedback::CONVERSION_DAYS.to_string()),
            ],
        )
    );
    let by_sku = joined(loc, &stats.by_sku, Sum::BySku, Sum::BySkuNone);
    let _ = writeln!(out, "{by_sku}");
    let by_trigger = joined(loc, &stats.by_trigger, Sum::ByTrigger, Sum::ByTriggerNone);
    let _ = writeln!(out, "{by_trigger}");
    top_accounts(&mut out, loc, r);
    per_csm(&mut out, loc, r, &stats);
    attention(&mut out, input, &stats);
    out
}

/// Conversations started and not-relevant reasons answered in the last 7 days.
fn week_answers(out: &mut String, input: &Input<'_>) {
    let recent = |on: NaiveDate| (0..7).contains(&(input.today - on).num_days());
    let mut conversations = 0;
    let loc = input.locale;
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for o in input.outcomes {
        match o.answer {
            Some((Answer::Conversation, on)) if recent(on) => conversations += 1,
            Some((Answer::NotRelevant(r), on)) if recent(on) => {
                *reasons.entry(reason_text(loc, r)).or_default() += 1
            }
            _ => {}
        }
    }
    let n = conversations.to_string();
    let _ = writeln!(out, "{}", loc.summary(Sum::ConversationsWeek, &[("n", &n)]));
    let line = if reasons.is_empty() {
        loc.summary(Sum::NotRelevantWeekNone, &[])
    } else {
        let reasons = reasons
            .iter()
            .map(|(r, n)| loc.summary(Sum::ReasonCount, &[("reason", r), ("n", &n.to_string())]))
            .collect::<Vec<_>>()
            .join(", ");
        loc.summary(Sum::NotRelevantWeek, &[("reasons", &reasons)])
    };
    let _ = writeln!(out, "{line}");
}

fn top_accounts(out: &mut String, loc: &Locale, r: &RunReport) {
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
        .map(|(n, a, s)| {
            loc.summary(
                Sum::TopItem,
                &[
                    ("account", &escape(a)),
                    ("sku", &escape(s)),
                    ("n", &n.to_string()),
                ],
            )
        })
        .collect();
    let line = if top.is_empty() {
        loc.summary(Sum::TopAccountsNone, &[])
    } else {
        loc.summary(Sum::TopAccounts, &[("list", &top.join("; "))])
    };
    let _ = writeln!(out, "{line}");
}

fn per_csm(out: &mut String, loc: &Locale, r: &RunReport, stats: &Stats) {
    let _ = writeln!(out, "{}", loc.summary(Sum::PerCsm, &[]));
    for d in &r.digests {
        let conv = stats
            .by_csm
            .get(&d.owner_email)
            .cloned()
            .unwrap_or_default();
        let line = loc.summary(
            Sum::CsmLine,
            &[
                ("name", &escape(d.display_name())),
                ("strong", &d.strong.len().to_string()),
                ("weak", &d.weak.len().to_string()),
                ("held", &d.held_back.to_string()),
                ("conversations", &conv.conversations.to_string()),
                ("signals", &conv.strong_signals.to_string()),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
}

/// The run's warnings, the conversion warning and the delivery lines, in the workspace's
/// language.
fn attention(out: &mut String, input: &Input<'_>, stats: &Stats) {
    let loc = input.locale;
    let word = |w| escape(&crate::i18n::warnings::text(w, loc));
    let mut items: Vec<String> = input.report.warnings.iter().map(word).collect();
    if let Some(w) = input
        .report
        .diagnostics
        .conversion_warning
        .as_ref()
        .or(stats.warning.as_ref())
    {
        items.push(word(w));
    }
    if input.fan_out.failed > 0 || input.fan_out.pending > 0 {
        items.push(loc.summary(
            Sum::Deliveries,
            &[
                ("failed", &input.fan_out.failed.to_string()),
                ("pending", &input.fan_out.pending.to_string()),
            ],
        ));
    }
    for (email, error) in &input.failures {
        items.push(loc.summary(
            Sum::DeliveryFailed,
            &[("email", &escape(email)), ("error", &escape(error))],
        ));
    }
    let _ = writeln!(out, "{}", loc.summary(Sum::Attention, &[]));
    if items.is_empty() {
        let _ = writeln!(out, "{}", loc.summary(Sum::NothingThisWeek, &[]));
    }
    for i in items {
        let _ = writeln!(out, "{}", loc.summary(Sum::Warning, &[("text", &i)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Diagnostics, Digest};

    /// A week with one CSM (Ana, two signals held back), a coverage warning and
    /// `conversion_warning` from the diagnostics.
    fn report(conversion_warning: Option<&str>) -> RunReport {
        RunReport {
            coverage_pct: 55.0,
            warnings: vec![crate::digest::Warning::Text("Call coverage is 55%".into())],
            diagnostics: Diagnostics {
                conversion_warning: conversion_warning
                    .map(|w| crate::digest::Warning::Text(w.into())),
                ..Default::default()
            },
            digests: vec![Digest {
                held_back: 2,
                ..Digest::empty("ana@x", Some("Ana"))
            }],
            ..RunReport::new("2026-12-07".parse().unwrap(), 7, 3)
        }
    }

    /// The summary of `report` with one failed delivery to Ana, in `locale`.
    fn render(report: &RunReport, fan_out: &FanOut, locale: &Locale) -> String {
        text(&Input {
            report,
            outcomes: &[],
            today: report.as_of,
            fan_out,
            failures: vec![("ana@x".into(), "users_not_found".into())],
            locale,
        })
    }

    #[test]
    fn the_summary_names_what_needs_the_lead() {
        let report = report(Some("Conversion below 20 % for two consecutive months"));
        let fan_out = FanOut {
            sent: 0,
            failed: 1,
            pending: 0,
        };
        let text = render(&report, &fan_out, &Locale::default());
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

    #[test]
    fn a_german_workspace_gets_the_summary_in_german() {
        let report = report(None);
        let fan_out = FanOut {
            sent: 0,
            failed: 1,
            pending: 2,
        };
        let de = Locale::new(crate::text::Lang::De, Default::default());
        let text = render(&report, &fan_out, &de);
        for want in [
            "*Wochenübersicht der Expansionssignale — Woche bis 07.12.2026*\n",
            "• Neue starke Signale: 0 in den DMs (0 über dem Limit, 2 wegen der Antworten der CSMs zurückgehalten)\n",
            "• Diese Woche begonnene Gespräche: 0\n",
            "• Diese Woche als nicht relevant markiert: keine\n",
            "• Konversionsrate der letzten ",
            "   ◦ nach SKU: noch keine\n",
            "   ◦ nach Nutzungs-Auslöser: noch keine\n",
            "• Accounts mit den meisten Belegen: diese Woche keine\n",
            "*Pro CSM* (nur für Sie; wird nie mit dem Team geteilt)\n",
            "• Ana — starke Signale: 0, schwache Signale: 0, zurückgehalten: 2; letzte 30 Tage: 0 von 0 führten zu einem Gespräch\n",
            "*Erfordert Ihre Aufmerksamkeit*\n",
            // Pre-rendered warnings are shown as they come.
            ":warning: Call coverage is 55%\n",
            ":warning: Zustellungen: 1 fehlgeschlagen, 2 ausstehend\n",
            ":warning: Zustellung an ana@x fehlgeschlagen: users_not_found\n",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        for english in [
            "Weekly expansion-signal summary",
            "New strong signals",
            "Conversion, trailing",
            "Per CSM",
            "Needs your attention",
            "Nothing this week",
            "pieces of evidence",
            "none yet",
            "by SKU",
            "held back",
            "Deliveries",
            "Delivery to",
        ] {
            assert!(
                !text.contains(english),
                "English {english:?} left in\n{text}"
            );
        }
        let nothing = Input {
            report: &RunReport {
                warnings: vec![],
                ..report.clone()
            },
            outcomes: &[],
            today: report.as_of,
            fan_out: &FanOut::default(),
            failures: vec![],
            locale: &de,
        };
        assert!(super::text(&nothing).contains("Diese Woche nichts.\n"));
    }
}
