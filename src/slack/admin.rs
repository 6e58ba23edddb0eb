//! The CSM lead's `/expansion admin …` commands: the quick answers (`status`,
//! `history`, `pause`, `resume`, `references`, `stats`) given in the acknowledgement,
//! and the long ones (`run`, `preview`) answered in the background.
//!
//! Every answer is written in the workspace's language (`slack.locale`, catalogue
//! [`crate::i18n::admin`]); a previewed digest is in its owner's language. The texts
//! are built by plain functions of what was fetched, so both languages are unit-tested.

use super::App;
use super::command::Admin;
use super::delivery;
use super::handlers::{Invocation, Reply, Target, caller_email, preview_target, workspace};
use crate::engine::{self, Rules};
use crate::i18n::Locale;
use crate::i18n::admin::{self as words, Adm};
use crate::render::blocks::{self, escape};
use crate::store::RunSummary;
use crate::store::slack::{DeliveryCounts, SlotRecord};
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt::Write;
use std::sync::Arc;

/// Admin commands quick enough to answer in the acknowledgement; `None` for the long
/// ones, which [`later`] runs in the background.
pub(super) async fn now(app: &Arc<App>, cmd: &Admin) -> anyhow::Result<Option<String>> {
    let loc = workspace(app);
    Ok(Some(match cmd {
        Admin::Status => status(app, &loc).await?,
        Admin::History { n } => {
            let n = usize::from(*n);
            let runs = app.db(move |s| s.history(n)).await?;
            history(&runs, &loc)
        }
        Admin::Pause => {
            app.db(|s| s.set_paused(true)).await?;
            loc.admin(Adm::Paused, &[])
        }
        Admin::Resume => {
            app.db(|s| s.set_paused(false)).await?;
            loc.admin(Adm::Resumed, &[])
        }
        Admin::References => references(app, &loc),
        Admin::Stats => stats(app, &loc).await?,
        Admin::Run | Admin::Preview { .. } => return Ok(None),
    }))
}

/// `admin history`: the recorded runs, newest first.
pub fn history(runs: &[RunSummary], loc: &Locale) -> String {
    if runs.is_empty() {
        return loc.admin(Adm::HistoryNone, &[]);
    }
    let mut out = format!("{}\n", loc.admin(Adm::HistoryTitle, &[]));
    for r in runs {
        let line = loc.admin(
            Adm::HistoryLine,
            &[
                ("as_of", &loc.date(r.as_of)),
                ("status", &words::run_status(loc.lang, &r.status)),
                ("coverage", &loc.decimal(r.coverage_pct)),
                ("csms", &r.csms.to_string()),
                ("strong", &r.strong_total.to_string()),
                ("weak", &r.weak_total.to_string()),
                ("hash", &r.taxonomy_hash),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    out
}

/// What `admin status` shows.
#[derive(Debug, Clone)]
pub struct Status {
    pub last: Option<RunSummary>,
    pub counts: DeliveryCounts,
    pub paused: bool,
    pub slot: Option<SlotRecord>,
    pub next: Option<DateTime<Utc>>,
    /// The schedule's cron expression and time zone.
    pub cron: String,
    pub tz: chrono_tz::Tz,
}

async fn status(app: &Arc<App>, loc: &Locale) -> anyhow::Result<String> {
    let (last, counts, paused, slot) = app
        .db(|s| {
            Ok((
                s.last_run()?,
                s.latest_delivery_counts()?,
                s.paused()?,
                s.latest_slot()?,
            ))
        })
        .await?;
    let schedule = &app.config.schedule;
    let facts = Status {
        last,
        counts,
        paused,
        slot,
        next: schedule.next_slot(app.clock.now()),
        cron: schedule.cron.clone(),
        tz: schedule.tz(),
    };
    Ok(status_text(&facts, loc))
}

/// `admin status`: the last run, the last and the next scheduled slot, the latest
/// deliveries and whether scheduled deliveries are on.
pub fn status_text(s: &Status, loc: &Locale) -> String {
    let mut out = format!("{}\n", loc.admin(Adm::StatusTitle, &[]));
    last_run(&mut out, s, loc);
    if let Some(slot) = &s.slot {
        let _ = writeln!(out, "{}", slot_line(slot, s.tz, loc));
    }
    let next = s
        .next
        .map(|t| loc.moment(&t.with_timezone(&s.tz)))
        .unwrap_or_else(|| loc.admin(Adm::NextNone, &[]));
    let (cron, tz) = (escape(&s.cron), s.tz.to_string());
    let next_line = if s.paused { Adm::NextPaused } else { Adm::Next };
    let args = [("next", next.as_str()), ("cron", &cron), ("tz", &tz)];
    let _ = writeln!(out, "{}", loc.admin(next_line, &args));
    deliveries(&mut out, &s.counts, loc);
    let scheduled = if s.paused {
        Adm::ScheduledPaused
    } else {
        Adm::ScheduledOn
    };
    let _ = writeln!(out, "{}", loc.admin(scheduled, &[]));
    out
}

/// The last run's line, and its error under it.
fn last_run(out: &mut String, s: &Status, loc: &Locale) {
    let Some(r) = &s.last else {
        let _ = writeln!(out, "{}", loc.admin(Adm::LastRunNone, &[]));
        return;
    };
    let status = words::run_status(loc.lang, &r.status);
    let line = loc.admin(
        Adm::LastRun,
        &[
            ("as_of", &loc.date(r.as_of)),
            ("status", &status),
            ("recorded", &recorded(&r.recorded_at, s.tz, loc)),
        ],
    );
    let _ = writeln!(out, "{line}");
    if let Some(error) = &r.error {
        let detail = [("what", status.as_str()), ("detail", &escape(error))];
        let _ = writeln!(out, "{}", loc.admin(Adm::Detail, &detail));
    }
}

/// When a run was recorded: as stored (RFC 3339) in English, as before; in the
/// schedule's time zone and the locale's format otherwise.
fn recorded(rfc3339: &str, tz: chrono_tz::Tz, loc: &Locale) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) if loc.lang != crate::text::Lang::En => loc.moment(&t.with_timezone(&tz)),
        _ => rfc3339.to_string(),
    }
}

/// "• Last scheduled slot: Mon 2026-11-23 08:00 UTC — failed after 2 attempts: … —
/// retried every 15 minutes until the next slot".
fn slot_line(slot: &SlotRecord, tz: chrono_tz::Tz, loc: &Locale) -> String {
    let when = loc.moment(&slot.slot.with_timezone(&tz));
    let mut outcome = words::slot_outcome(loc.lang, &slot.outcome);
    if slot.attempts > 1 {
        let n = slot.attempts.to_string();
        outcome = loc.admin(Adm::SlotAttempts, &[("outcome", &outcome), ("n", &n)]);
    }
    let line = match &slot.error {
        Some(e) => loc.admin(
            Adm::SlotError,
            &[
                ("when", &when),
                ("outcome", &outcome),
                ("error", &escape(e)),
            ],
        ),
        None => loc.admin(Adm::Slot, &[("when", &when), ("outcome", &outcome)]),
    };
    if slot.retryable() {
        loc.admin(Adm::SlotRetried, &[("line", &line)])
    } else {
        line
    }
}

/// The latest deliveries' counts, then one line per failure or note.
fn deliveries(out: &mut String, counts: &DeliveryCounts, loc: &Locale) {
    let (sent, failed, pending) = (
        counts.sent.to_string(),
        counts.failed.to_string(),
        counts.pending.to_string(),
    );
    let mut args = vec![
        ("sent", sent.as_str()),
        ("failed", &failed),
        ("pending", &pending),
    ];
    let run = counts.run_id.as_deref().map(escape);
    let line = match &run {
        Some(run) => {
            args.push(("run", run));
            Adm::DeliveriesOf
        }
        None => Adm::Deliveries,
    };
    let _ = writeln!(out, "{}", loc.admin(line, &args));
    for (email, error) in counts.failures.iter().chain(&counts.notes) {
        let (email, error) = (escape(email), escape(error));
        let detail = [("what", email.as_str()), ("detail", &error)];
        let _ = writeln!(out, "{}", loc.admin(Adm::Detail, &detail));
    }
}

/// What `admin references` shows of loaded reference files.
#[derive(Debug, Clone)]
pub struct RefSummary {
    pub skus: usize,
    pub segments: usize,
    pub taxonomy_hash: String,
    pub last_edited: Option<NaiveDate>,
}

fn references(app: &Arc<App>, loc: &Locale) -> String {
    let checked = crate::references::load_dir(&app.config.references);
    let problems: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    let summary = checked.references.as_ref().map(|r| RefSummary {
        skus: r.taxonomy.skus.len(),
        segments: r.baselines.segments.len(),
        taxonomy_hash: r.taxonomy_hash.clone(),
        last_edited: r.taxonomy.last_edited,
    });
    references_text(&problems, summary.as_ref(), app.today(), loc)
}

/// `admin references`: the check's problems (as the checker words them), then the
/// loaded files' figures and whether the taxonomy is stale, or that they have errors.
pub fn references_text(
    problems: &[String],
    summary: Option<&RefSummary>,
    today: NaiveDate,
    loc: &Locale,
) -> String {
    let mut out = format!("{}\n", loc.admin(Adm::RefTitle, &[]));
    for p in problems {
        let _ = writeln!(out, "{}", loc.admin(Adm::Bullet, &[("text", &escape(p))]));
    }
    let Some(r) = summary else {
        let _ = writeln!(out, "{}", loc.admin(Adm::RefErrors, &[]));
        return out;
    };
    let last = match r.last_edited {
        Some(d) => edited(d, today, loc),
        None => loc.admin(Adm::EditedNever, &[]),
    };
    let ok = loc.admin(
        Adm::RefOk,
        &[
            ("skus", &r.skus.to_string()),
            ("segments", &r.segments.to_string()),
            ("hash", &r.taxonomy_hash),
            ("last", &last),
        ],
    );
    let _ = writeln!(out, "{ok}");
    let _ = writeln!(out, "{}", staleness(r.last_edited, today, loc));
    out
}

/// "2026-11-20 (3 days ago)".
fn edited(d: NaiveDate, today: NaiveDate, loc: &Locale) -> String {
    let date = loc.date(d);
    match (today - d).num_days() {
        0 => loc.admin(Adm::EditedToday, &[("date", &date)]),
        n if n < 0 => loc.admin(
            Adm::EditedAfter,
            &[("date", &date), ("today", &loc.date(today))],
        ),
        1 => loc.admin(Adm::EditedDayAgo, &[("date", &date)]),
        n => loc.admin(
            Adm::EditedDaysAgo,
            &[("date", &date), ("n", &n.to_string())],
        ),
    }
}

/// The stale-taxonomy warning (the same guard the digest uses, so both say the same
/// thing), or "Not stale.".
fn staleness(last_edited: Option<NaiveDate>, today: NaiveDate, loc: &Locale) -> String {
    match crate::pipeline::guards::stale_taxonomy(last_edited, today) {
        None => loc.admin(Adm::NotStale, &[]),
        Some(w) => format!(":warning: {}", crate::i18n::warnings::text(&w, loc)),
    }
}

/// `/expansion admin stats`: the conversion figures up to today.
async fn stats(app: &Arc<App>, loc: &Locale) -> anyhow::Result<String> {
    let outcomes = app.db(|s| s.outcomes()).await?;
    let stats = crate::pipeline::feedback::stats(&outcomes, app.today());
    let figures = escape(&crate::render::stats::text_in(&stats, loc));
    Ok(format!("{}\n{figures}", loc.admin(Adm::StatsTitle, &[])))
}

pub(super) async fn later(app: Arc<App>, _inv: Invocation, cmd: Admin) -> anyhow::Result<Reply> {
    let loc = workspace(&app);
    match cmd {
        Admin::Run => run(&app, &loc).await,
        Admin::Preview { who } if who.eq_ignore_ascii_case("rules") => {
            preview_rules(&app, &loc).await
        }
        Admin::Preview { who } => preview(&app, &who, &loc).await,
        // The quick commands were answered in the acknowledgement.
        _ => Ok(Reply::Nothing),
    }
}

/// `admin run`: a full run that DMs every CSM, then the counts.
async fn run(app: &Arc<App>, loc: &Locale) -> anyhow::Result<Reply> {
    let _guard = app.run_lock.lock().await;
    let report = app.run_week(app.today(), true).await?;
    if let Some(error) = &report.error {
        let error = escape(error);
        let text = loc.admin(Adm::RunAbortedNothingSent, &[("error", &error)]);
        return Ok(Reply::Text(text));
    }
    let run_id = format!("manual:{}", app.clock.now().to_rfc3339());
    let planned = delivery::plan(&report, &app.config.slack);
    let id = run_id.clone();
    app.db(move |s| s.plan_deliveries(&id, &planned)).await?;
    delivery::record_shown(app, &report).await?;
    let f = delivery::deliver(app, Some(run_id.clone())).await?;
    crate::slack::summary::send(app, &run_id, &report, &f).await;
    Ok(Reply::Text(loc.admin(
        Adm::RunDone,
        &[
            ("as_of", &loc.date(report.as_of)),
            ("sent", &f.sent.to_string()),
            ("failed", &f.failed.to_string()),
            ("pending", &f.pending.to_string()),
        ],
    )))
}

/// `admin preview <who>`: that CSM's digest of this week, in their language, to the
/// lead only.
async fn preview(app: &Arc<App>, who: &str, loc: &Locale) -> anyhow::Result<Reply> {
    let email = match preview_target(who) {
        Target::Email(e) => Some(e),
        Target::User(u) => caller_email(app, &u).await?,
        Target::Unknown => None,
    };
    let Some(email) = email else {
        let who = escape(who);
        return Ok(Reply::Text(loc.admin(Adm::PreviewWho, &[("who", &who)])));
    };
    let report = app.run_week(app.today(), false).await?;
    if let Some(error) = &report.error {
        let error = escape(error);
        return Ok(Reply::Text(
            loc.admin(Adm::PreviewAborted, &[("error", &error)]),
        ));
    }
    match report
        .digests
        .iter()
        .find(|d| d.owner_email.eq_ignore_ascii_case(&email))
    {
        Some(d) => {
            let owner = app.config.slack.locale_for(d.locale.as_deref());
            Ok(Reply::Messages(blocks::digest_messages_in(
                &report, d, &owner,
            )))
        }
        None => {
            let email = escape(&email);
            Ok(Reply::Text(
                loc.admin(Adm::PreviewNoAccounts, &[("email", &email)]),
            ))
        }
    }
}

/// `/expansion admin preview rules`: this week under the staged reference files and
/// under the current ones, and what changes. Nothing is sent or recorded.
async fn preview_rules(app: &Arc<App>, loc: &Locale) -> anyhow::Result<Reply> {
    let staged = app.config.staged_references_dir();
    let checked = crate::references::load_dir(&staged);
    if checked.has_errors() || checked.references.is_none() {
        let dir = escape(&staged.display().to_string());
        let mut out = format!("{}\n", loc.admin(Adm::RulesNotChecked, &[("dir", &dir)]));
        for p in checked.errors() {
            let p = escape(&p.to_string());
            let _ = writeln!(out, "{}", loc.admin(Adm::Bullet, &[("text", &p)]));
        }
        return Ok(Reply::Text(out));
    }
    let (app2, as_of) = (app.clone(), app.today());
    let changes = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let current = Rules::load(&app2.config.references)?;
        let edited = Rules::load(&staged)?;
        let source = engine::source_for(&app2.config, as_of)?;
        Ok(engine::whatif(
            source.as_ref(),
            &current,
            &edited,
            &app2.params(as_of),
        )?)
    })
    .await??;
    let title = loc.admin(Adm::RulesTitle, &[("as_of", &loc.date(as_of))]);
    let changes = escape(&crate::render::whatif::text_in(&changes, loc));
    Ok(Reply::Text(format!("{title}\n```\n{changes}```")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn de() -> Locale {
        Locale::new(Lang::De, Default::default())
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Words of the English answers that must not survive in a German one.
    const ENGLISH: &[&str] = &[
        "Last run",
        "none yet",
        "week ending",
        "recorded",
        "scheduled",
        "Scheduled",
        "attempts",
        "retried",
        "Next",
        "Deliveries",
        " sent",
        "failed",
        "pending",
        "paused",
        "Recorded runs",
        "coverage",
        "strong",
        "weak",
        "taxonomy",
        "Reference files",
        "segments",
        "Last edited",
        "days ago",
        "today",
        "Stale",
        "ask the",
        "Not stale",
        "errors",
    ];

    fn assert_german(text: &str) {
        for english in ENGLISH {
            assert!(!text.contains(english), "{english:?} in\n{text}");
        }
    }

    fn run() -> RunSummary {
        RunSummary {
            as_of: d("2026-11-23"),
            status: "aborted".into(),
            error: Some("call coverage is 10%".into()),
            coverage_pct: 83.3,
            taxonomy_hash: "abc123".into(),
            strong_total: 4,
            weak_total: 7,
            csms: 5,
            recorded_at: "2026-11-23T08:00:05+00:00".into(),
            diagnostics: Default::default(),
        }
    }

    fn busy_week() -> Status {
        Status {
            last: Some(run()),
            counts: DeliveryCounts {
                run_id: Some("scheduled:2026-11-23T08:00:00+00:00".into()),
                sent: 4,
                failed: 1,
                pending: 0,
                failures: vec![("bo@x.io".into(), "channel_not_found".into())],
                notes: vec![],
            },
            paused: true,
            slot: Some(SlotRecord {
                slot: t("2026-11-23T08:00:00Z"),
                outcome: "failed".into(),
                error: Some("Slack unavailable".into()),
                attempts: 2,
            }),
            next: Some(t("2026-11-30T08:00:00Z")),
            cron: "0 8 * * MON".into(),
            tz: chrono_tz::Europe::Berlin,
        }
    }

    fn quiet_start() -> Status {
        Status {
            last: None,
            counts: DeliveryCounts::default(),
            paused: false,
            slot: None,
            next: None,
            cron: "0 8 * * MON".into(),
            tz: chrono_tz::UTC,
        }
    }

    /// `admin status` word for word: English as it always read, German throughout.
    #[test]
    fn status_in_each_language() {
        let cases = [
            (
                busy_week(),
                "*expansion-signals status*
• Last run: week ending 2026-11-23 — aborted — recorded 2026-11-23T08:00:05+00:00
   ◦ aborted: call coverage is 10%
• Last scheduled slot: Mon 2026-11-23 09:00 CET — failed after 2 attempts: Slack unavailable — retried every 15 minutes until the next slot
• Next scheduled run: Mon 2026-11-30 09:00 CET (`0 8 * * MON`, Europe/Berlin) — *paused*
• Deliveries of `scheduled:2026-11-23T08:00:00+00:00`: 4 sent, 1 failed, 0 pending
   ◦ bo@x.io: channel_not_found
• Scheduled deliveries: paused
",
                "*Status von expansion-signals*
• Letzter Lauf: Woche bis 23.11.2026 — abgebrochen — erfasst am Mo., 23.11.2026, 09:00 CET
   ◦ abgebrochen: call coverage is 10%
• Letzter geplanter Termin: Mo., 23.11.2026, 09:00 CET — fehlgeschlagen nach 2 Versuchen: Slack unavailable — wird bis zum nächsten Termin alle 15 Minuten erneut versucht
• Nächster geplanter Lauf: Mo., 30.11.2026, 09:00 CET (`0 8 * * MON`, Europe/Berlin) — *pausiert*
• Zustellungen von `scheduled:2026-11-23T08:00:00+00:00`: 4 gesendet, 1 fehlgeschlagen, 0 ausstehend
   ◦ bo@x.io: channel_not_found
• Geplante Zustellungen: pausiert
",
            ),
            (
                quiet_start(),
                "*expansion-signals status*
• Last run: none yet
• Next scheduled run: none (`0 8 * * MON`, UTC)
• Deliveries: 0 sent, 0 failed, 0 pending
• Scheduled deliveries: on
",
                "*Status von expansion-signals*
• Letzter Lauf: noch keiner
• Nächster geplanter Lauf: keiner (`0 8 * * MON`, UTC)
• Zustellungen: 0 gesendet, 0 fehlgeschlagen, 0 ausstehend
• Geplante Zustellungen: aktiv
",
            ),
        ];
        for (facts, en, de_text) in cases {
            assert_eq!(status_text(&facts, &Locale::default()), en);
            let german = status_text(&facts, &de());
            assert_eq!(german, de_text);
            // Run ids and stored error texts stay as recorded; everything else is German.
            let tokens = [
                "call coverage is 10%",
                "scheduled:2026-11-23T08:00:00+00:00",
            ];
            assert_german(&tokens.iter().fold(german, |g, t| g.replace(t, "")));
        }
    }

    #[test]
    fn history_in_each_language() {
        let runs = [RunSummary {
            status: "ok".into(),
            error: None,
            ..run()
        }];
        assert_eq!(
            history(&runs, &Locale::default()),
            "*Recorded runs, newest first*\n• 2026-11-23 — ok — coverage 83.3% — 5 CSMs, 4 strong, 7 weak — taxonomy `abc123`\n"
        );
        let german = history(&runs, &de());
        assert_eq!(
            german,
            "*Aufgezeichnete Läufe, neueste zuerst*\n• 23.11.2026 — ok — Gesprächsabdeckung 83,3 % — CSMs: 5, starke Signale: 4, schwache Signale: 7 — Taxonomie `abc123`\n"
        );
        assert_german(&german);
        assert_eq!(history(&[], &Locale::default()), "No runs recorded yet.");
        assert_eq!(history(&[], &de()), "Noch keine Läufe aufgezeichnet.");
    }

    const PROBLEM: &str = "refs/actions.md:3: a row has no action";

    fn refs(last: Option<&str>) -> RefSummary {
        RefSummary {
            skus: 5,
            segments: 3,
            taxonomy_hash: "h1".into(),
            last_edited: last.map(d),
        }
    }

    /// (problems, loaded files, English answer, German answer) on 2026-11-23.
    fn reference_cases() -> Vec<(Vec<String>, Option<RefSummary>, &'static str, &'static str)> {
        let problem = vec![PROBLEM.to_string()];
        vec![
            (
                problem.clone(),
                Some(refs(Some("2026-11-20"))),
                "*Reference files*\n• refs/actions.md:3: a row has no action\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited 2026-11-20 (3 days ago)\nNot stale.\n",
                "*Referenzdateien*\n• refs/actions.md:3: a row has no action\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: 20.11.2026 (vor 3 Tagen)\nNicht veraltet.\n",
            ),
            (
                vec![],
                Some(refs(Some("2026-06-01"))),
                "*Reference files*\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited 2026-06-01 (175 days ago)\n:warning: Stale taxonomy: last edited 2026-06-01, 175 days before 2026-11-23 (over 90): ask the CSM lead to review the trigger phrases.\n",
                "*Referenzdateien*\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: 01.06.2026 (vor 175 Tagen)\n:warning: Die Taxonomie ist veraltet: zuletzt bearbeitet am 01.06.2026, 175 Tage vor dem 23.11.2026 (mehr als 90). Bitten Sie den CSM-Lead, die Gesprächs-Auslöser zu prüfen.\n",
            ),
            (
                vec![],
                Some(refs(None)),
                "*Reference files*\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited never\n:warning: The expansion-signal taxonomy has no Last edited date: ask the CSM lead to review it and date it.\n",
                "*Referenzdateien*\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: nie\n:warning: Die Taxonomie der Expansionssignale hat kein Datum der letzten Bearbeitung. Bitten Sie den CSM-Lead, sie zu prüfen und zu datieren.\n",
            ),
            (
                vec![],
                Some(refs(Some("2026-11-25"))),
                "*Reference files*\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited 2026-11-25 (after 2026-11-23, the date the app runs as)\nNot stale.\n",
                "*Referenzdateien*\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: 25.11.2026 (nach dem 23.11.2026, dem Datum, mit dem die App rechnet)\nNicht veraltet.\n",
            ),
            (
                vec![],
                Some(refs(Some("2026-11-22"))),
                "*Reference files*\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited 2026-11-22 (1 day ago)\nNot stale.\n",
                "*Referenzdateien*\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: 22.11.2026 (vor einem Tag)\nNicht veraltet.\n",
            ),
            (
                vec![],
                Some(refs(Some("2026-11-23"))),
                "*Reference files*\nOK: 5 SKUs, 3 segments; taxonomy hash `h1`; Last edited 2026-11-23 (today)\nNot stale.\n",
                "*Referenzdateien*\nOK: 5 SKUs, 3 Segmente; Prüfsumme der Taxonomie `h1`; zuletzt bearbeitet: 23.11.2026 (heute)\nNicht veraltet.\n",
            ),
            (
                problem.clone(),
                None,
                "*Reference files*\n• refs/actions.md:3: a row has no action\n:x: The reference files have errors: runs will refuse to start until they are fixed.\n",
                "*Referenzdateien*\n• refs/actions.md:3: a row has no action\n:x: Die Referenzdateien enthalten Fehler: Läufe starten erst wieder, wenn sie behoben sind.\n",
            ),
        ]
    }

    /// `admin references` for fresh, stale, undated, future-dated and broken files.
    #[test]
    fn references_in_each_language() {
        let today = d("2026-11-23");
        for (problems, summary, en, de_text) in reference_cases() {
            let english = references_text(&problems, summary.as_ref(), today, &Locale::default());
            assert_eq!(english, en);
            let german = references_text(&problems, summary.as_ref(), today, &de());
            assert_eq!(german, de_text);
            // The checker's problems are shown as it words them.
            assert_german(&german.replace(PROBLEM, ""));
        }
        // The English warning is the digest's, word for word.
        for last in [None, Some(d("2026-06-01"))] {
            let guard = crate::pipeline::guards::stale_taxonomy(last, today).unwrap();
            let english = crate::i18n::warnings::text(&guard, &Locale::default());
            assert_eq!(
                staleness(last, today, &Locale::default()),
                format!(":warning: {english}")
            );
        }
    }
}
