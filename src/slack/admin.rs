//! The CSM lead's `/expansion admin …` commands: the quick answers (`status`,
//! `history`, `pause`, `resume`, `references`, `stats`) given in the acknowledgement,
//! and the long ones (`run`, `preview`) answered in the background.

use super::App;
use super::command::Admin;
use super::delivery;
use super::handlers::{Invocation, Reply, Target, caller_email, preview_target};
use crate::engine::{self, Rules};
use crate::render::blocks::{self, escape};
use std::fmt::Write;
use std::sync::Arc;

/// Admin commands quick enough to answer in the acknowledgement; `None` for the long
/// ones, which [`later`] runs in the background.
pub(super) async fn now(app: &Arc<App>, cmd: &Admin) -> anyhow::Result<Option<String>> {
    Ok(Some(match cmd {
        Admin::Status => status(app).await?,
        Admin::History { n } => {
            let n = usize::from(*n);
            let runs = app.db(move |s| s.history(n)).await?;
            if runs.is_empty() {
                "No runs recorded yet.".into()
            } else {
                let mut out = String::from("*Recorded runs, newest first*\n");
                for r in runs {
                    let _ = writeln!(
                        out,
                        "• {} — {} — coverage {}% — {} CSMs, {} strong, {} weak — taxonomy `{}`",
                        r.as_of,
                        r.status,
                        r.coverage_pct,
                        r.csms,
                        r.strong_total,
                        r.weak_total,
                        r.taxonomy_hash
                    );
                }
                out
            }
        }
        Admin::Pause => {
            app.db(|s| s.set_paused(true)).await?;
            ":double_vertical_bar: Scheduled deliveries are paused. Manual runs still work. `/expansion admin resume` turns them back on.".into()
        }
        Admin::Resume => {
            app.db(|s| s.set_paused(false)).await?;
            ":arrow_forward: Scheduled deliveries are back on.".into()
        }
        Admin::References => references(app),
        Admin::Stats => admin_stats(app).await?,
        Admin::Run | Admin::Preview { .. } => return Ok(None),
    }))
}

async fn status(app: &Arc<App>) -> anyhow::Result<String> {
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
    let tz = app.config.schedule.tz();
    let next = app
        .config
        .schedule
        .next_slot(app.clock.now())
        .map(|t| {
            t.with_timezone(&tz)
                .format("%a %Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|| "none".into());
    let mut out = String::from("*expansion-signals status*\n");
    match &last {
        Some(r) => {
            let _ = writeln!(
                out,
                "• Last run: week ending {} — {} — recorded {}",
                r.as_of, r.status, r.recorded_at
            );
        }
        None => out.push_str("• Last run: none yet\n"),
    }
    if let Some(r) = &last
        && let Some(error) = &r.error
    {
        let _ = writeln!(out, "   ◦ {}: {}", r.status, escape(error));
    }
    if let Some(slot) = slot {
        let when = slot
            .slot
            .with_timezone(&tz)
            .format("%a %Y-%m-%d %H:%M %Z")
            .to_string();
        let attempts = if slot.attempts > 1 {
            format!(" after {} attempts", slot.attempts)
        } else {
            String::new()
        };
        let retry = if slot.retryable() {
            " — retried every 15 minutes until the next slot"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "• Last scheduled slot: {when} — {}{attempts}{}{retry}",
            slot.outcome,
            slot.error
                .as_deref()
                .map(|e| format!(": {}", escape(e)))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "• Next scheduled run: {next} (`{}`, {}){}",
        escape(&app.config.schedule.cron),
        tz,
        if paused { " — *paused*" } else { "" }
    );
    let _ = writeln!(
        out,
        "• Deliveries{}: {} sent, {} failed, {} pending",
        counts
            .run_id
            .as_deref()
            .map(|r| format!(" of `{}`", escape(r)))
            .unwrap_or_default(),
        counts.sent,
        counts.failed,
        counts.pending
    );
    for (email, error) in counts.failures.into_iter().chain(counts.notes) {
        let _ = writeln!(out, "   ◦ {}: {}", escape(&email), escape(&error));
    }
    let _ = writeln!(
        out,
        "• Scheduled deliveries: {}",
        if paused { "paused" } else { "on" }
    );
    Ok(out)
}

fn references(app: &Arc<App>) -> String {
    let checked = crate::references::load_dir(&app.config.references);
    let mut out = String::from("*Reference files*\n");
    for p in &checked.problems {
        let _ = writeln!(out, "• {}", escape(&p.to_string()));
    }
    match &checked.references {
        Some(r) => {
            let last = r.taxonomy.last_edited;
            let today = app.today();
            let _ = writeln!(
                out,
                "OK: {} SKUs, {} segments; taxonomy hash `{}`; Last edited {}",
                r.taxonomy.skus.len(),
                r.baselines.segments.len(),
                r.taxonomy_hash,
                last.map(|d| match (today - d).num_days() {
                    0 => format!("{d} (today)"),
                    n if n < 0 => format!("{d} (after {today}, the date the app runs as)"),
                    n => format!("{d} ({n} days ago)"),
                })
                .unwrap_or_else(|| "never".into()),
            );
            // The same guard the digest uses, so both say the same thing.
            match crate::pipeline::guards::stale_taxonomy(last, today) {
                Some(w) => {
                    let _ = writeln!(out, ":warning: {}", escape(&w));
                }
                None => out.push_str("Not stale.\n"),
            }
        }
        None => out.push_str(":x: The reference files have errors: runs will refuse to start until they are fixed.\n"),
    }
    out
}

pub(super) async fn later(app: Arc<App>, _inv: Invocation, cmd: Admin) -> anyhow::Result<Reply> {
    match cmd {
        Admin::Run => {
            let _guard = app.run_lock.lock().await;
            let report = app.run_week(app.today(), true).await?;
            if let Some(error) = &report.error {
                return Ok(Reply::Text(format!(
                    ":warning: The run aborted and nothing was sent: {}",
                    escape(error)
                )));
            }
            let run_id = format!("manual:{}", app.clock.now().to_rfc3339());
            let planned = delivery::plan(&report, &app.config.slack);
            let id = run_id.clone();
            app.db(move |s| s.plan_deliveries(&id, &planned)).await?;
            delivery::record_shown(&app, &report).await?;
            let f = delivery::deliver(&app, Some(run_id.clone())).await?;
            crate::slack::summary::send(&app, &run_id, &report, &f).await;
            Ok(Reply::Text(format!(
                ":white_check_mark: Run for the week ending {} done: {} DM(s) sent, {} failed, {} pending.",
                report.as_of, f.sent, f.failed, f.pending
            )))
        }
        Admin::Preview { who } if who.eq_ignore_ascii_case("rules") => preview_rules(&app).await,
        Admin::Preview { who } => {
            let email = match preview_target(&who) {
                Target::Email(e) => Some(e),
                Target::User(u) => caller_email(&app, &u).await?,
                Target::Unknown => None,
            };
            let Some(email) = email else {
                return Ok(Reply::Text(format!(
                    "I can't tell whose digest “{}” is: give an email address or @mention someone with an email on their profile.",
                    escape(&who)
                )));
            };
            let report = app.run_week(app.today(), false).await?;
            if let Some(error) = &report.error {
                return Ok(Reply::Text(format!(
                    ":warning: The run aborted: {}",
                    escape(error)
                )));
            }
            match report
                .digests
                .iter()
                .find(|d| d.owner_email.eq_ignore_ascii_case(&email))
            {
                Some(d) => {
                    let loc = app.config.slack.locale_for(d.locale.as_deref());
                    Ok(Reply::Messages(blocks::digest_messages_in(
                        &report, d, &loc,
                    )))
                }
                None => Ok(Reply::Text(format!(
                    "{} owns no accounts: no digest.",
                    escape(&email)
                ))),
            }
        }
        // The quick commands were answered in the acknowledgement.
        _ => Ok(Reply::Nothing),
    }
}

/// `/expansion admin preview rules`: this week under the staged reference files and
/// under the current ones, and what changes. Nothing is sent or recorded.
async fn preview_rules(app: &Arc<App>) -> anyhow::Result<Reply> {
    let staged = app.config.staged_references_dir();
    let checked = crate::references::load_dir(&staged);
    if checked.has_errors() || checked.references.is_none() {
        let mut out = format!(
            ":x: The staged reference files in `{}` do not pass `check`; fix them first:\n",
            escape(&staged.display().to_string())
        );
        for p in checked.errors() {
            let _ = writeln!(out, "• {}", escape(&p.to_string()));
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
    Ok(Reply::Text(format!(
        "*What the staged rules would change this week (week ending {as_of})*\n```\n{}```",
        escape(&crate::render::whatif::text(&changes))
    )))
}

/// `/expansion admin stats`: the conversion figures up to today.
async fn admin_stats(app: &Arc<App>) -> anyhow::Result<String> {
    let outcomes = app.db(|s| s.outcomes()).await?;
    let stats = crate::pipeline::feedback::stats(&outcomes, app.today());
    Ok(format!(
        "*Expansion-signal conversion*\n{}",
        escape(&crate::render::stats::text(&stats))
    ))
}
