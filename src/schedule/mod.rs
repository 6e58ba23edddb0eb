//! The weekly schedule: cron slots in a named time zone (daylight-saving changes
//! included), catch-up of a slot missed while the process was down (never on a first
//! start), retries of a failed run, and the loop that fires them and beats the
//! heartbeat `/healthz` checks. Slot arithmetic is pure and unit-tested; the loop is tested with tokio's
//! paused clock.

use crate::config::ScheduleConfig;
use crate::slack::{App, delivery};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::sync::Arc;

pub use crate::config::next_slot;

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

/// The slot strictly before `slot`: where the window of `slot`'s run starts.
pub fn previous_slot(cron: &croner::Cron, tz: Tz, slot: DateTime<Utc>) -> Option<DateTime<Utc>> {
    cron.find_previous_occurrence(&slot.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The window of a scheduled slot: from the previous slot (inclusive) to this one
/// (exclusive), so consecutive slots' windows tile time with no gap and no overlap,
/// daylight-saving changes included. `as_of` (the week's name in the history and the
/// digest) is the slot's local date.
pub fn slot_window(
    config: &ScheduleConfig,
    slot: DateTime<Utc>,
) -> (chrono::NaiveDate, DateTime<Utc>, DateTime<Utc>) {
    let tz = config.tz();
    let start = previous_slot(&config.cron(), tz, slot).unwrap_or(slot - Duration::days(7));
    (slot.with_timezone(&tz).date_naive(), start, slot)
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
    /// The pipeline failed (a source down) or aborted (coverage guard, reference
    /// errors): recorded, nothing sent, retried every [`RETRY_FAILED_EVERY`].
    Aborted(String),
}

/// Runs one slot: the pipeline over the slot's window, then one delivery per CSM.
/// The slot and its deliveries are recorded in one transaction before anything is
/// sent, so a slot never runs twice. A failed or aborted attempt is recorded (slot and
/// run history) and may be fired again.
pub async fn fire(app: &Arc<App>, slot: DateTime<Utc>) -> anyhow::Result<Fired> {
    let _guard = app.run_lock.lock().await;
    let record = app.db(move |s| s.slot_record(slot)).await?;
    if record.as_ref().is_some_and(|r| !r.retryable()) {
        return Ok(Fired::AlreadyClaimed);
    }
    if app.db(|s| s.paused()).await? {
        let claimed = app
            .db(move |s| s.claim_slot_with(slot, "paused", None, &[]))
            .await?;
        tracing::info!(%slot, claimed, "scheduled run skipped: deliveries are paused");
        return Ok(Fired::Paused);
    }
    let (as_of, start, end) = slot_window(&app.config.schedule, slot);
    let report = match app.run_window(as_of, start, end).await {
        Ok(r) => r,
        Err(e) => {
            let message = format!("{e:#}");
            let (m, at) = (message.clone(), app.clock.now());
            let (days, cap) = (app.config.window_days, app.config.cap_per_csm);
            app.db(move |s| {
                s.record_failed_run(as_of, days, cap, &m, at)?;
                s.claim_slot_with(slot, "failed", Some(&m), &[])
            })
            .await?;
            tracing::error!(%slot, error = %message, "scheduled run failed; it will be retried");
            return Ok(Fired::Aborted(message));
        }
    };
    if let Some(error) = report.error.clone() {
        let e = error.clone();
        app.db(move |s| s.claim_slot_with(slot, "aborted", Some(&e), &[]))
            .await?;
        tracing::error!(%slot, %error, "scheduled run aborted; nothing sent; it will be retried");
        return Ok(Fired::Aborted(error));
    }
    let planned = delivery::plan(&report, &app.config.slack);
    if !app
        .db(move |s| s.claim_slot_with(slot, "ran", None, &planned))
        .await?
    {
        return Ok(Fired::AlreadyClaimed);
    }
    delivery::record_shown(app, &report).await?;
    let run_id = crate::store::slack::slot_run_id(slot);
    let fan_out = delivery::deliver(app, Some(run_id.clone())).await?;
    crate::slack::summary::send(app, &run_id, &report, &fan_out).await;
    Ok(Fired::Ran(fan_out))
}

/// Why a slot was not caught up at start.
pub const SKIPPED_FIRST_START: &str =
    "not caught up: the app was first started after this slot, so it never missed it";

/// At start: finish deliveries a previous process left unfinished, then catch up the
/// most recent slot if it was missed less than `catch_up_hours` ago, and only if the
/// app was already installed (this database in use) before that slot. A fresh install
/// never fans out on its own at start: the slot is recorded as skipped instead.
pub async fn startup(app: Arc<App>) {
    app.beat();
    {
        // Every fan-out holds the run lock, so a command arriving during startup cannot
        // send the same pending rows at the same time.
        let _guard = app.run_lock.lock().await;
        if let Err(e) = delivery::deliver(&app, None).await {
            tracing::error!(error = %format!("{e:#}"), "resuming deliveries failed");
        }
    }
    let now = app.clock.now();
    let installed = match app.db(move |s| s.installed_at(now)).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "cannot read the install time; no catch-up");
            return;
        }
    };
    let schedule = &app.config.schedule;
    let window = Duration::hours(i64::from(schedule.catch_up_hours));
    let Some(slot) = catch_up_slot(&schedule.cron(), schedule.tz(), now, window) else {
        return;
    };
    if installed < slot {
        log_fired(slot, fire(&app, slot).await);
        return;
    }
    match app
        .db(move |s| s.claim_slot_with(slot, "skipped", Some(SKIPPED_FIRST_START), &[]))
        .await
    {
        Ok(true) => tracing::warn!(
            %slot,
            "first start after the scheduled slot: not catching it up (nobody gets a DM now); the next slot runs as scheduled, or use /expansion admin run"
        ),
        Ok(false) => {}
        Err(e) => tracing::error!(error = %format!("{e:#}"), "cannot record the skipped slot"),
    }
}

/// How often the scheduler wakes (and records its heartbeat for `/healthz`).
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// How often the scheduler retries deliveries left pending between slots.
pub const RETRY_PENDING_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// How long after a failed or aborted scheduled run it is tried again.
pub const RETRY_FAILED_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Attempts of one slot's run at most (the first included): 6 hours of retries.
pub const MAX_SLOT_ATTEMPTS: u32 = 25;

/// The scheduler loop: wakes every [`HEARTBEAT_EVERY`] (heartbeat), fires each slot
/// on time, retries a failed slot every [`RETRY_FAILED_EVERY`] (at most
/// [`MAX_SLOT_ATTEMPTS`], and never once the next slot has come), and retries pending
/// deliveries every hour. Runs until the task is dropped or aborted.
pub async fn run(app: Arc<App>) {
    let cron = app.config.schedule.cron();
    let tz = app.config.schedule.tz();
    let every = |d: std::time::Duration| Duration::from_std(d).unwrap_or(Duration::hours(1));
    let mut pending_at = app.clock.now() + every(RETRY_PENDING_EVERY);
    // A slot whose run failed, and when to try it again.
    let mut retry: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    if let Ok(Some(r)) = app.db(|s| s.latest_slot()).await
        && r.retryable()
    {
        retry = Some((r.slot, app.clock.now() + every(RETRY_FAILED_EVERY)));
    }
    loop {
        app.beat();
        let now = app.clock.now();
        let Some(slot) = next_slot(&cron, tz, now) else {
            tracing::error!("the cron expression has no next slot; the scheduler stops");
            return;
        };
        if let Some((failed, at)) = retry
            && now >= at
        {
            retry = None;
            if next_slot(&cron, tz, failed).is_some_and(|n| n > now) {
                let fired = beating(&app, fire(&app, failed)).await;
                retry = retry_after(&app, failed, &fired).await;
                log_fired(failed, fired);
                continue;
            }
        }
        if now >= pending_at {
            pending_at = now + every(RETRY_PENDING_EVERY);
            beating(&app, retry_pending(&app)).await;
            continue;
        }
        let mut wake = slot.min(pending_at).min(now + every(HEARTBEAT_EVERY));
        if let Some((_, at)) = retry {
            wake = wake.min(at);
        }
        tokio::time::sleep((wake - now).to_std().unwrap_or_default()).await;
        if app.clock.now() >= slot {
            let fired = beating(&app, fire(&app, slot)).await;
            retry = retry_after(&app, slot, &fired).await;
            log_fired(slot, fired);
        }
    }
}

/// Runs `work` (a run, a fan-out that may wait out rate limits for a long time) while
/// still beating the heartbeat every [`HEARTBEAT_EVERY`], so `/healthz` does not call
/// a busy scheduler dead; a scheduler task that stopped stops beating.
async fn beating<T>(app: &App, work: impl std::future::Future<Output = T>) -> T {
    tokio::pin!(work);
    loop {
        tokio::select! {
            out = &mut work => return out,
            _ = tokio::time::sleep(HEARTBEAT_EVERY) => app.beat(),
        }
    }
}

/// When to fire `slot` again after `fired`: a failed or aborted run with attempts left.
async fn retry_after(
    app: &Arc<App>,
    slot: DateTime<Utc>,
    fired: &anyhow::Result<Fired>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if !matches!(fired, Ok(Fired::Aborted(_))) {
        return None;
    }
    let attempts = app
        .db(move |s| s.slot_record(slot))
        .await
        .ok()
        .flatten()
        .map_or(1, |r| r.attempts);
    if attempts >= MAX_SLOT_ATTEMPTS {
        tracing::error!(%slot, attempts, "scheduled run still failing; no more retries until the next slot");
        return None;
    }
    let at = app.clock.now() + Duration::from_std(RETRY_FAILED_EVERY).unwrap_or_default();
    tracing::info!(%slot, attempts, retry_at = %at, "scheduled run will be retried");
    Some((slot, at))
}

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

    fn paris() -> ScheduleConfig {
        ScheduleConfig {
            timezone: "Europe/Paris".into(),
            ..ScheduleConfig::default()
        }
    }

    #[test]
    fn scheduled_windows_tile_time_across_daylight_saving() {
        let config = paris();
        let (cron, tz) = (config.cron(), config.tz());
        // Four Monday slots around the end of summer time (2026-10-25).
        let mut slots = vec![next_slot(&cron, tz, utc("2026-10-10T00:00:00Z")).unwrap()];
        for _ in 0..3 {
            slots.push(next_slot(&cron, tz, *slots.last().unwrap()).unwrap());
        }
        assert_eq!(slots[0], utc("2026-10-12T06:00:00Z"));
        assert_eq!(slots[3], utc("2026-11-02T07:00:00Z"));
        let windows: Vec<_> = slots.iter().map(|s| slot_window(&config, *s)).collect();
        for pair in windows.windows(2) {
            assert_eq!(
                pair[0].2, pair[1].1,
                "each window starts where the last ended"
            );
        }
        // The week with the clock change is an hour longer, and named by its local date.
        let (as_of, start, end) = windows[2];
        assert_eq!(as_of.to_string(), "2026-10-26");
        assert_eq!(
            (start, end),
            (utc("2026-10-19T06:00:00Z"), utc("2026-10-26T07:00:00Z"))
        );
        assert_eq!(end - start, Duration::hours(7 * 24 + 1));
        // Every instant falls in exactly one window: Monday after the run included.
        let probes = [
            "2026-10-19T05:59:59Z",
            "2026-10-19T06:00:00Z",
            "2026-10-19T06:00:01Z",
            "2026-10-26T06:59:59Z",
            "2026-10-26T07:00:00Z",
            "2026-10-26T09:30:00Z",
            "2026-11-01T23:59:59Z",
        ];
        for p in probes {
            let t = utc(p);
            let hits = windows
                .iter()
                .filter(|(as_of, start, end)| {
                    crate::pipeline::collect::Window::new(*as_of, 7)
                        .between(*start, *end)
                        .contains(t)
                })
                .count();
            assert_eq!(hits, 1, "{p}");
        }
    }

    #[test]
    fn after_a_missed_week_the_window_is_still_the_slot_interval() {
        let config = ScheduleConfig::default();
        // The 2026-11-16 slot was never run (server down): the 11-23 run covers the week
        // since the 11-16 slot, not two weeks, and not a day-rounded week.
        let (as_of, start, end) = slot_window(&config, utc("2026-11-23T08:00:00Z"));
        assert_eq!(as_of.to_string(), "2026-11-23");
        assert_eq!(start, utc("2026-11-16T08:00:00Z"));
        assert_eq!(end, utc("2026-11-23T08:00:00Z"));
        let w = crate::pipeline::collect::Window::new(as_of, 7).between(start, end);
        assert!(w.contains(utc("2026-11-16T08:00:00Z")));
        assert!(!w.contains(utc("2026-11-16T07:59:59Z")));
        assert!(
            !w.contains(utc("2026-11-23T08:00:00Z")),
            "belongs to next week"
        );
        // Whole days put Monday 09:00 in this week, which the 08:00 run cannot have seen.
        assert!(
            crate::pipeline::collect::Window::new(as_of, 7).contains(utc("2026-11-23T09:00:00Z"))
        );
        assert!(!w.contains(utc("2026-11-23T09:00:00Z")));
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
