//! The weekly schedule: cron slots in a named time zone (daylight-saving changes
//! included), catch-up of a slot missed while the process was down, and the loop that
//! fires them. Slot arithmetic is pure and unit-tested; the loop is tested with tokio's
//! paused clock.

use crate::config::ScheduleConfig;
use crate::slack::{App, delivery};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::sync::Arc;

/// The first slot strictly after `after`.
pub fn next_slot(cron: &croner::Cron, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    cron.find_next_occurrence(&after.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The most recent slot at or before `now`, if it is less than `window` old: the slot
/// to catch up at start (when it was not claimed yet).
pub fn catch_up_slot(
    cron: &croner::Cron,
    tz: Tz,
    now: DateTime<Utc>,
    window: Duration,
) -> Option<DateTime<Utc>> {
    let last = cron
        .find_previous_occurrence(&now.with_timezone(&tz), true)
        .ok()?
        .with_timezone(&Utc);
    (now - last < window).then_some(last)
}

/// `next_slot` for a config, shown by `admin status`.
pub fn next_for(config: &ScheduleConfig, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    next_slot(&config.cron(), config.tz(), after)
}

/// What firing a slot did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fired {
    /// Claimed and fanned out.
    Ran(delivery::FanOut),
    /// Another process (or an earlier life of this one) already claimed the slot.
    AlreadyClaimed,
    /// Deliveries are paused: the slot is claimed as skipped.
    Paused,
    /// The pipeline aborted (coverage guard, reference errors): claimed, nothing sent.
    Aborted(String),
}

/// Runs one slot: the pipeline for the slot's local date, then one delivery per CSM.
/// The slot and its deliveries are recorded in one transaction before anything is
/// sent, so a slot never runs twice.
pub async fn fire(app: &Arc<App>, slot: DateTime<Utc>) -> anyhow::Result<Fired> {
    let _guard = app.run_lock.lock().await;
    if app.db(move |s| s.slot_claimed(slot)).await? {
        return Ok(Fired::AlreadyClaimed);
    }
    if app.db(|s| s.paused()).await? {
        let claimed = app.db(move |s| s.claim_slot(slot, "paused", &[])).await?;
        tracing::info!(%slot, claimed, "scheduled run skipped: deliveries are paused");
        return Ok(Fired::Paused);
    }
    let as_of = slot.with_timezone(&app.config.schedule.tz()).date_naive();
    let report = match app.run_week(as_of, true).await {
        Ok(r) => r,
        Err(e) => {
            let message = format!("{e:#}");
            app.db(move |s| s.claim_slot(slot, "failed", &[])).await?;
            tracing::error!(%slot, error = %message, "scheduled run failed");
            return Ok(Fired::Aborted(message));
        }
    };
    if let Some(error) = report.error.clone() {
        app.db(move |s| s.claim_slot(slot, "aborted", &[])).await?;
        tracing::error!(%slot, %error, "scheduled run aborted; nothing sent");
        return Ok(Fired::Aborted(error));
    }
    let planned = delivery::plan(&report);
    if !app.db(move |s| s.claim_slot(slot, "ran", &planned)).await? {
        return Ok(Fired::AlreadyClaimed);
    }
    let run_id = crate::store::slack::slot_run_id(slot);
    Ok(Fired::Ran(delivery::deliver(app, Some(run_id)).await?))
}

/// At start: finish deliveries a previous process left unfinished, then catch up the
/// most recent slot if it was missed less than `catch_up_hours` ago.
pub async fn startup(app: Arc<App>) {
    {
        // Every fan-out holds the run lock, so a command arriving during startup cannot
        // send the same pending rows at the same time.
        let _guard = app.run_lock.lock().await;
        if let Err(e) = delivery::deliver(&app, None).await {
            tracing::error!(error = %format!("{e:#}"), "resuming deliveries failed");
        }
    }
    let schedule = &app.config.schedule;
    let window = Duration::hours(i64::from(schedule.catch_up_hours));
    if let Some(slot) = catch_up_slot(&schedule.cron(), schedule.tz(), app.clock.now(), window) {
        log_fired(slot, fire(&app, slot).await);
    }
}

/// The scheduler loop: sleep until each next slot and fire it, retrying pending
/// deliveries every hour in between. Runs until the task is dropped or aborted.
pub async fn run(app: Arc<App>) {
    let cron = app.config.schedule.cron();
    let tz = app.config.schedule.tz();
    loop {
        let now = app.clock.now();
        let Some(slot) = next_slot(&cron, tz, now) else {
            tracing::error!("the cron expression has no next slot; the scheduler stops");
            return;
        };
        let wait = (slot - now).to_std().unwrap_or_default();
        if wait > RETRY_PENDING_EVERY {
            // Deliveries left pending by a Slack outage go out within the hour.
            tokio::time::sleep(RETRY_PENDING_EVERY).await;
            retry_pending(&app).await;
            continue;
        }
        tokio::time::sleep(wait).await;
        log_fired(slot, fire(&app, slot).await);
    }
}

/// How often the scheduler retries deliveries left pending between slots.
pub const RETRY_PENDING_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

async fn retry_pending(app: &Arc<App>) {
    let _guard = app.run_lock.lock().await;
    match delivery::deliver(app, None).await {
        Ok(f) if f == delivery::FanOut::default() => {}
        Ok(f) => tracing::info!(outcome = ?f, "retried pending deliveries"),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "retrying deliveries failed"),
    }
}

fn log_fired(slot: DateTime<Utc>, fired: anyhow::Result<Fired>) {
    match fired {
        Ok(f) => tracing::info!(%slot, outcome = ?f, "scheduled slot"),
        Err(e) => tracing::error!(%slot, error = %format!("{e:#}"), "scheduled slot failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn monday_8() -> croner::Cron {
        "0 8 * * MON".parse().unwrap()
    }

    #[test]
    fn next_slot_keeps_local_time_across_daylight_saving() {
        let tz: Tz = "Europe/Paris".parse().unwrap();
        // Summer (UTC+2) then winter (UTC+1): 08:00 local both times.
        assert_eq!(
            next_slot(&monday_8(), tz, utc("2026-10-20T00:00:00Z")),
            Some(utc("2026-10-26T07:00:00Z"))
        );
        assert_eq!(
            next_slot(&monday_8(), tz, utc("2026-10-19T05:00:00Z")),
            Some(utc("2026-10-19T06:00:00Z"))
        );
        let ny: Tz = "America/New_York".parse().unwrap();
        // US clocks go forward on 2027-03-14: the Monday after is at UTC-4.
        assert_eq!(
            next_slot(&monday_8(), ny, utc("2027-03-13T00:00:00Z")),
            Some(utc("2027-03-15T12:00:00Z"))
        );
    }

    #[test]
    fn next_slot_is_strictly_after() {
        let slot = utc("2026-11-23T08:00:00Z");
        assert_eq!(
            next_slot(&monday_8(), Tz::UTC, slot),
            Some(utc("2026-11-30T08:00:00Z"))
        );
    }

    #[test]
    fn catch_up_only_within_the_window() {
        let slot = utc("2026-11-23T08:00:00Z");
        let day = Duration::hours(24);
        assert_eq!(
            catch_up_slot(&monday_8(), Tz::UTC, utc("2026-11-23T08:00:00Z"), day),
            Some(slot)
        );
        assert_eq!(
            catch_up_slot(&monday_8(), Tz::UTC, utc("2026-11-24T07:59:00Z"), day),
            Some(slot)
        );
        assert_eq!(
            catch_up_slot(&monday_8(), Tz::UTC, utc("2026-11-24T08:00:00Z"), day),
            None
        );
        assert_eq!(
            catch_up_slot(
                &monday_8(),
                Tz::UTC,
                utc("2026-11-25T08:00:00Z"),
                Duration::hours(72)
            ),
            Some(slot)
        );
    }
}
