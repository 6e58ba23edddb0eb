//! Configuration: the one module that reads environment variables and the TOML config
//! file. Everything else receives plain values from here.
//!
//! Secrets come only from the environment and are wrapped in [`Secret`], which never
//! prints its value.

pub mod sources;

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Env var with a tracing filter (e.g. `debug`); default `warn`. Transcript and ticket
/// text is only ever logged at debug level or below.
pub const LOG_ENV: &str = "EXPANSION_SIGNALS_LOG";

/// Sends logs to stderr, filtered by `EXPANSION_SIGNALS_LOG`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A secret value: `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value, for the one place that sends it (an auth header, an HMAC key).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the config file: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("environment variable {name} is not set: {hint}")]
    MissingEnv {
        name: &'static str,
        hint: &'static str,
    },
    #[error("environment variable {name} is invalid: {message}")]
    BadEnv { name: &'static str, message: String },
}

/// Reads a required secret from the environment.
pub fn require_secret(name: &'static str, hint: &'static str) -> Result<Secret, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(Secret(v.trim().to_string())),
        _ => Err(ConfigError::MissingEnv { name, hint }),
    }
}

/// Reads an optional plain setting from the environment.
pub fn optional_env(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The TOML config file (`expansion-signals.example.toml` documents every key).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The engine's data directory (the default source of every input).
    #[serde(default = "default_data")]
    pub data: PathBuf,
    #[serde(default = "default_references")]
    pub references: PathBuf,
    #[serde(default = "default_db")]
    pub db: PathBuf,
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    #[serde(default = "default_cap")]
    pub cap_per_csm: usize,

    // ---- Slack app (issue 3) ------------------------------------------------------
    /// When scheduled deliveries run (`[schedule]`).
    #[serde(default)]
    pub schedule: ScheduleConfig,
    /// Who may steer the app from Slack (`[slack]`).
    #[serde(default)]
    pub slack: SlackConfig,
    // ---- end Slack app --------------------------------------------------------------
    /// Where each input comes from (`[sources.*]`, see [`sources`]).
    #[serde(default)]
    pub sources: sources::SourcesConfig,
}

fn default_data() -> PathBuf {
    PathBuf::from("data")
}
fn default_references() -> PathBuf {
    PathBuf::from("references")
}
fn default_db() -> PathBuf {
    PathBuf::from(crate::store::DEFAULT_DB)
}
fn default_window_days() -> u32 {
    crate::pipeline::DEFAULT_WINDOW_DAYS
}
fn default_cap() -> usize {
    crate::pipeline::DEFAULT_CAP_PER_CSM
}

// ---- Slack app (issue 3) ----------------------------------------------------------

/// `[schedule]`: the weekly slot, in a named time zone so daylight-saving changes keep
/// the local hour.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Five-field cron expression in `timezone` (default `0 8 * * MON`).
    #[serde(default = "default_cron")]
    pub cron: String,
    /// IANA time zone name (default `UTC`).
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// A slot missed while the process was down is run at start when it is younger
    /// than this many hours.
    #[serde(default = "default_catch_up_hours")]
    pub catch_up_hours: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            cron: default_cron(),
            timezone: default_timezone(),
            catch_up_hours: default_catch_up_hours(),
        }
    }
}

impl ScheduleConfig {
    /// The parsed time zone (validated when the config is loaded).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
    /// The parsed cron expression (validated when the config is loaded).
    pub fn cron(&self) -> croner::Cron {
        self.cron
            .parse()
            .expect("validated when the config was loaded")
    }
}

fn default_cron() -> String {
    "0 8 * * MON".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_catch_up_hours() -> u32 {
    24
}

/// Who may look an account up with `/expansion account`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AccountLookup {
    /// The account's owner and the admins.
    #[default]
    OwnerAndAdmins,
    /// Anyone in the workspace who can use the command.
    Everyone,
}

/// `[slack]`: admins and the account lookup policy.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SlackConfig {
    /// Slack user ids (`U…`) of the CSM leads who may use `/expansion admin …`.
    #[serde(default)]
    pub admins: Vec<String>,
    #[serde(default)]
    pub account_lookup: AccountLookup,
}

/// The Slack app's secrets and endpoint, from the environment only.
#[derive(Debug, Clone)]
pub struct SlackEnv {
    /// `SLACK_BOT_TOKEN`: the bot token (`xoxb-…`) from the app's OAuth page.
    pub bot_token: Secret,
    /// `SLACK_SIGNING_SECRET`: from the app's Basic Information page.
    pub signing_secret: Secret,
    /// `SLACK_API_URL`: Web API base URL, default `https://slack.com/api` (tests point
    /// it at a local fake).
    pub api_url: String,
}

pub const DEFAULT_SLACK_API_URL: &str = "https://slack.com/api";

impl SlackEnv {
    /// Reads `SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET` and `SLACK_API_URL`.
    pub fn from_env() -> Result<SlackEnv, ConfigError> {
        let bot_token = require_secret(
            "SLACK_BOT_TOKEN",
            "set it to the app's Bot User OAuth Token (xoxb-...)",
        )?;
        let signing_secret = require_secret(
            "SLACK_SIGNING_SECRET",
            "set it to the Signing Secret from the app's Basic Information page",
        )?;
        let api_url = optional_env("SLACK_API_URL")
            .unwrap_or_else(|| DEFAULT_SLACK_API_URL.to_string())
            .trim_end_matches('/')
            .to_string();
        if !(api_url.starts_with("http://") || api_url.starts_with("https://")) {
            return Err(ConfigError::BadEnv {
                name: "SLACK_API_URL",
                message: format!("`{api_url}` is not an http(s) URL"),
            });
        }
        Ok(SlackEnv {
            bot_token,
            signing_secret,
            api_url,
        })
    }
}

// ---- end Slack app ----------------------------------------------------------------

impl Config {
    /// Parses config text; `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: name.to_string(),
            message: e.to_string(),
        })?;
        config.validate(name)?;
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: shown.clone(),
            message: if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "{e}: copy expansion-signals.example.toml to {shown} and edit it (every key is commented), or pass --config PATH"
                )
            } else {
                e.to_string()
            },
        })?;
        Config::parse(&shown, &text)
    }

    fn validate(&self, name: &str) -> Result<(), ConfigError> {
        let bad = |message: String| ConfigError::Parse {
            path: name.to_string(),
            message,
        };
        if !(1..=366).contains(&self.window_days) {
            return Err(bad(format!(
                "window_days = {}: use 1 to 366",
                self.window_days
            )));
        }
        if !(1..=50).contains(&self.cap_per_csm) {
            return Err(bad(format!(
                "cap_per_csm = {}: use 1 to 50",
                self.cap_per_csm
            )));
        }
        // Slack app (issue 3)
        if self.schedule.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(bad(format!(
                "schedule.timezone = \"{}\": use an IANA time zone name such as \"Europe/Paris\"",
                self.schedule.timezone
            )));
        }
        if let Err(e) = self.schedule.cron.parse::<croner::Cron>() {
            return Err(bad(format!(
                "schedule.cron = \"{}\": {e} (five fields: minute hour day month weekday)",
                self.schedule.cron
            )));
        }
        if let Some(id) = self
            .slack
            .admins
            .iter()
            .find(|id| !id.starts_with(['U', 'W']) || id.contains(char::is_whitespace))
        {
            return Err(bad(format!(
                "slack.admins: \"{id}\" is not a Slack user id (they look like U0123ABCD; copy it from the profile's ⋮ menu)"
            )));
        }
        self.sources.validate().map_err(bad)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("xoxb-very-secret");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "xoxb-very-secret");
    }

    #[test]
    fn config_defaults_and_errors() {
        let c = Config::parse("c.toml", "").unwrap();
        assert_eq!(c.window_days, 7);
        assert_eq!(c.cap_per_csm, 3);
        assert_eq!(c.schedule.cron, "0 8 * * MON");
        assert_eq!(c.schedule.catch_up_hours, 24);
        assert_eq!(c.slack.account_lookup, AccountLookup::OwnerAndAdmins);
        let cases = [
            ("colour = 1", "unknown field `colour`"),
            ("window_days = 0", "window_days = 0"),
            ("cap_per_csm = \"three\"", "cap_per_csm"),
            ("[schedule]\ntimezone = \"Mars/Base\"", "schedule.timezone"),
            ("[schedule]\ncron = \"every monday\"", "schedule.cron"),
            ("[slack]\nadmins = [\"alice\"]", "slack.admins"),
            ("[slack]\naccount_lookup = \"anyone\"", "account_lookup"),
            ("[schedule]\nhour = 8", "unknown field `hour`"),
        ];
        for (text, want) in cases {
            let err = Config::parse("c.toml", text).unwrap_err().to_string();
            assert!(
                err.starts_with("c.toml: ") && err.contains(want),
                "{text}: {err}"
            );
        }
    }
}
