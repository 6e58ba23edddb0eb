//! The Slack app's behaviour, independent of HTTP: the shared [`App`] state, runs that
//! end in DMs, and the delivery fan-out. The routes (`src/server/`) and the
//! scheduler (`src/schedule/`) both call into here.
//!
//! - [`admin`]: the CSM lead's `/expansion admin …` answers.
//! - [`api`]: the Web API (slack-morphism's hyper client) behind a small trait, with the
//!   retry policy.
//! - [`command`]: the `/expansion …` text as a typed value.
//! - [`delivery`]: one delivery row per (run, CSM), resumable after a restart.
//! - [`handlers`]: what each command does: fetch from Slack, then decide, then answer.
//! - [`home`]: the App Home tab.
//! - [`interact`]: clicks on a DM's answer buttons.
//! - [`summary`]: the lead's weekly summary DM.
//! - [`socket`]: Socket Mode (commands over a WebSocket instead of HTTP).
//! - [`verify`]: request signatures.

pub mod admin;
pub mod api;
pub mod command;
pub mod delivery;
pub mod handlers;
pub mod home;
pub mod interact;
pub mod socket;
pub mod summary;
pub mod verify;

use crate::config::{Config, SlackEnv};
use crate::digest::RunReport;
use crate::engine::{self, Rules};
use crate::pipeline::Params;
use crate::store::{History, Store};
use anyhow::Context;
use api::SlackApi;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::{Arc, Mutex};

/// The wall clock. Tests start it at a fixed instant and let it follow tokio's clock,
/// so `tokio::time::pause`/`advance` move the schedule and signature checks together.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// `start` at the tokio instant `at`, then advancing with tokio time.
    Virtual {
        start: DateTime<Utc>,
        at: tokio::time::Instant,
    },
}

impl Clock {
    /// A clock reading `start` now and advancing with tokio time.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock::Virtual {
            start,
            at: tokio::time::Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Virtual { start, at } => {
                *start + chrono::Duration::from_std(at.elapsed()).unwrap_or_default()
            }
        }
    }
}

/// The database, shared. A std mutex held only for one short query at a time, always
/// from a blocking thread (see [`App::db`]).
pub type Db = Arc<Mutex<Store>>;

/// Everything a request or a scheduled run needs.
pub struct App {
    pub config: Config,
    pub signing_secret: crate::config::Secret,
    pub api: Arc<dyn SlackApi>,
    pub db: Db,
    pub clock: Clock,
    /// Serializes pipeline runs that deliver, so two `admin run`s (or a run and a
    /// scheduled slot) never fan out the same week at the same time.
    pub run_lock: tokio::sync::Mutex<()>,
    /// Background work started by slash commands, so tests (and shutdown) can wait
    /// for it instead of sleeping.
    tasks: Mutex<tokio::task::JoinSet<()>>,
    /// Signatures accepted in the last five minutes: a replay is refused.
    pub replay: verify::ReplayCache,
    /// Slots for `/expansion account` lookups and reruns (`slack.max_concurrent_lookups`).
    pub lookups: Arc<tokio::sync::Semaphore>,
    /// The scheduler's last sign of life (Unix seconds of [`App::clock`]; 0: none yet),
    /// checked by `/healthz`.
    heartbeat: std::sync::atomic::AtomicI64,
}

impl App {
    /// Builds the app from the config and the Slack environment.
    pub fn new(config: Config, env: &SlackEnv, clock: Clock) -> anyhow::Result<Arc<App>> {
        let budget = api::RateLimitBudget::from_config(&config.slack);
        let api: Arc<dyn SlackApi> = Arc::new(
            api::WebApi::new(&env.api_url, env.bot_token.clone())
                .with_message_budget(budget.per_message),
        );
        App::with_api(config, env.signing_secret.clone(), api, clock)
    }

    /// Builds the app with any Web API implementation.
    pub fn with_api(
        config: Config,
        signing_secret: crate::config::Secret,
        api: Arc<dyn SlackApi>,
        clock: Clock,
    ) -> anyhow::Result<Arc<App>> {
        let store = Store::open(&config.db)
            .with_context(|| format!("cannot open the database {}", config.db.display()))?;
        let lookups = config.slack.max_concurrent_lookups.max(1);
        Ok(Arc::new(App {
            config,
            signing_secret,
            api,
            db: Arc::new(Mutex::new(store)),
            clock,
            run_lock: tokio::sync::Mutex::new(()),
            tasks: Mutex::new(tokio::task::JoinSet::new()),
            replay: verify::ReplayCache::default(),
            lookups: Arc::new(tokio::sync::Semaphore::new(lookups)),
            heartbeat: std::sync::atomic::AtomicI64::new(0),
        }))
    }

    /// Records that the scheduler is alive (now, by the app's clock).
    pub fn beat(&self) {
        self.heartbeat.store(
            self.clock.now().timestamp(),
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    /// Records a heartbeat at `at` (tests: a stale one).
    pub fn beat_at(&self, at: DateTime<Utc>) {
        self.heartbeat
            .store(at.timestamp(), std::sync::atomic::Ordering::Relaxed);
    }

    /// The scheduler's last heartbeat, if it has beaten yet.
    pub fn last_beat(&self) -> Option<DateTime<Utc>> {
        match self.heartbeat.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            t => DateTime::from_timestamp(t, 0),
        }
    }

    /// Checks before serving: warns when `slack.admins` is empty (nobody can steer the
    /// app from Slack), and checks the bot token with `auth.test`. A token Slack
    /// refuses is a configuration error (exit code 2); Slack unreachable is an error
    /// too, so a wrong `SLACK_API_URL` is found at start, not on Monday.
    pub async fn preflight(&self) -> anyhow::Result<String> {
        if self.config.slack.admins.is_empty() {
            tracing::warn!(
                "slack.admins is empty: nobody can use /expansion admin (status, run, pause); add the CSM leads' Slack member ids to the config"
            );
        }
        match self
            .api
            .call("auth.test", api::Body::Json(serde_json::json!({})))
            .await
        {
            Ok(v) => {
                let who = format!(
                    "{} in workspace {}",
                    v["user"].as_str().unwrap_or("the bot"),
                    v["team"].as_str().unwrap_or("?")
                );
                tracing::info!(%who, "bot token checked with auth.test");
                Ok(who)
            }
            Err(api::SlackError::Api { code, .. }) => {
                Err(crate::config::ConfigError::BadEnv {
                    name: "SLACK_BOT_TOKEN",
                    message: format!(
                        "Slack refused it (auth.test: {code}); copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page"
                    ),
                }
                .into())
            }
            Err(e) => Err(anyhow::anyhow!(
                "cannot check SLACK_BOT_TOKEN with Slack: {e}; check SLACK_API_URL and the network"
            )),
        }
    }

    /// Starts background work tracked by [`App::idle`].
    pub fn spawn(&self, work: impl std::future::Future<Output = ()> + Send + 'static) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        // Reap finished tasks so the set does not grow for the life of the process.
        while tasks.try_join_next().is_some() {}
        tasks.spawn(work);
    }

    /// Waits until every background task (and any it started) has finished.
    pub async fn idle(&self) {
        loop {
            let mut set = {
                let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
                std::mem::take(&mut *tasks)
            };
            if set.is_empty() {
                return;
            }
            while set.join_next().await.is_some() {}
        }
    }

    /// Runs `f` with the store on a blocking thread (SQLite calls block).
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, crate::store::StoreError> + Send + 'static,
    ) -> anyhow::Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = db.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut store)
        })
        .await
        .context("database task panicked")?
        .map_err(anyhow::Error::from)
    }

    /// Today in the configured time zone: the `as_of` of manual runs.
    pub fn today(&self) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&self.config.schedule.tz())
            .date_naive()
    }

    pub fn is_admin(&self, user_id: &str) -> bool {
        self.config.slack.admins.iter().any(|a| a == user_id)
    }

    pub fn params(&self, as_of: NaiveDate) -> Params {
        Params {
            as_of,
            window_days: self.config.window_days,
            cap_per_csm: self.config.cap_per_csm,
        }
    }

    /// Runs the pipeline for the week ending `as_of` (on a blocking thread: files and
    /// CPU). `record` stores it in the run history, as the CLI's `run` does.
    pub async fn run_week(
        self: &Arc<Self>,
        as_of: NaiveDate,
        record: bool,
    ) -> anyhow::Result<RunReport> {
        let app = self.clone();
        let now = self.clock.now();
        tokio::task::spawn_blocking(move || {
            let rules = Rules::load(&app.config.references)?;
            let source = engine::source_for(&app.config, as_of)?;
            let params = app.params(as_of);
            let mut history = Locked(&app.db);
            let stages = engine::Stages::from_config(&app.config)?;
            let report = engine::run_week_staged(
                source.as_ref(),
                &rules,
                &params,
                None,
                &history,
                &stages,
                &app.config.db,
            )?;
            if record {
                history.record_run(&report, now)?;
            }
            Ok(report)
        })
        .await
        .context("pipeline task panicked")?
    }
}

impl App {
    /// Runs the pipeline for the week named `as_of`, keeping only the records from
    /// `start` (inclusive) to `end` (exclusive), and records it: a scheduled slot.
    pub async fn run_window(
        self: &Arc<Self>,
        as_of: NaiveDate,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> anyhow::Result<RunReport> {
        let app = self.clone();
        let now = self.clock.now();
        tokio::task::spawn_blocking(move || {
            let rules = Rules::load(&app.config.references)?;
            let source = engine::source_for(&app.config, as_of)?;
            let params = app.params(as_of);
            let mut history = Locked(&app.db);
            let stages = engine::Stages::from_config(&app.config)?;
            let report = engine::run_week_staged(
                source.as_ref(),
                &rules,
                &params,
                Some((start, end)),
                &history,
                &stages,
                &app.config.db,
            )?;
            history.record_run(&report, now)?;
            Ok(report)
        })
        .await
        .context("pipeline task panicked")?
    }
}

/// The shared store as [`History`], locking per call so a long pipeline run does not
/// hold the database.
struct Locked<'a>(&'a Mutex<Store>);

impl History for Locked<'_> {
    fn prior_weeks(
        &self,
        as_of: NaiveDate,
        n: usize,
    ) -> Result<Vec<crate::pipeline::PriorWeek>, crate::store::StoreError> {
        let store = self.0.lock().unwrap_or_else(|p| p.into_inner());
        store.prior_weeks(as_of, n)
    }

    fn record_run(
        &mut self,
        report: &RunReport,
        recorded_at: DateTime<Utc>,
    ) -> Result<(), crate::store::StoreError> {
        let mut store = self.0.lock().unwrap_or_else(|p| p.into_inner());
        store.record_run(report, recorded_at)
    }

    fn feedback(
        &self,
        as_of: NaiveDate,
    ) -> Result<crate::pipeline::Feedback, crate::store::StoreError> {
        let store = self.0.lock().unwrap_or_else(|p| p.into_inner());
        store.feedback(as_of)
    }
}
