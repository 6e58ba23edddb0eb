//! Configuration: the one module that reads environment variables and the TOML config
//! file. Everything else receives plain values from here.
//!
//! - this file: the file as a whole ([`Config`]), its top-level keys, loading and
//!   checking;
//! - [`sources`]: `[sources.*]`, where each input comes from, and the connector secrets;
//! - `schedule`, `slack`, `stages`: the `[schedule]`, `[slack]`, `[extract]` and
//!   `[llm]` tables;
//! - `env`: every environment variable is read through one [`Env`]; secrets are wrapped
//!   in [`Secret`], which never prints its value;
//! - `logging`: the tracing subscriber and its two variables.
//!
//! Every table checks what serde cannot in a `validate` of its own; [`Config::parse`]
//! runs them in file order and prefixes the message with the file name.

mod env;
mod logging;
mod schedule;
mod slack;
pub mod sources;
mod stages;

pub use env::{ConfigError, Env, Secret};
pub use logging::{LOG_ENV, LOG_FORMAT_ENV, init_logging};
pub use schedule::{ScheduleConfig, next_slot};
pub use slack::{AccountLookup, DEFAULT_SLACK_API_URL, SlackConfig, SlackEnv};
pub use stages::{ExtractConfig, LlmConfig, LlmProvider};

use serde::Deserialize;
use std::path::{Path, PathBuf};

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
    /// A staged copy of the reference files, compared with `references` by
    /// `/expansion admin preview rules` (default: `references` with `-staged` appended).
    #[serde(default)]
    pub staged_references: Option<PathBuf>,
    /// When scheduled deliveries run (`[schedule]`).
    #[serde(default)]
    pub schedule: ScheduleConfig,
    /// Who may steer the app from Slack (`[slack]`).
    #[serde(default)]
    pub slack: SlackConfig,
    /// Where each input comes from (`[sources.*]`, see [`sources`]).
    #[serde(default)]
    pub sources: sources::SourcesConfig,
    /// The optional semantic stages of step 3 (`[extract]`).
    #[serde(default)]
    pub extract: ExtractConfig,
    /// The optional LLM stage (`[llm]`); absent: off.
    #[serde(default)]
    pub llm: Option<LlmConfig>,
}

/// The config a command reads: `--config PATH`, else `expansion-signals.toml` in the
/// working directory when it exists, else none.
pub fn load_optional(path: Option<&Path>) -> Result<Option<Config>, ConfigError> {
    match path {
        Some(p) => Config::load(p).map(Some),
        None => {
            let default = Path::new("expansion-signals.toml");
            if default.is_file() {
                Config::load(default).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

impl Config {
    /// Where `/expansion admin preview rules` looks for the staged reference files.
    pub fn staged_references_dir(&self) -> PathBuf {
        self.staged_references.clone().unwrap_or_else(|| {
            let mut name = self
                .references
                .file_name()
                .unwrap_or_default()
                .to_os_string();
            name.push("-staged");
            self.references.with_file_name(name)
        })
    }

    /// Where a deployment keeps its snapshots: `[sources.snapshots] dir`, else
    /// `snapshots/` next to the database.
    pub fn snapshots_dir(&self) -> PathBuf {
        match &self.sources.snapshots.dir {
            Some(d) => d.clone(),
            None => self
                .db
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
                .join("snapshots"),
        }
    }

    /// Parses config text; `name` is used in messages.
    pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: name.to_string(),
            message: e.to_string(),
        })?;
        config.validate(name)?;
        Ok(config)
    }

    /// Reads and parses the config file at `path`.
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

    /// Checks what serde cannot, table by table; `name` prefixes the message.
    fn validate(&self, name: &str) -> Result<(), ConfigError> {
        self.validate_top_level()
            .and_then(|()| self.schedule.validate())
            .and_then(|()| self.slack.validate())
            .and_then(|()| self.sources.validate())
            .map_err(|message| ConfigError::Parse {
                path: name.to_string(),
                message,
            })
    }

    /// The top-level keys' ranges.
    fn validate_top_level(&self) -> Result<(), String> {
        if !(1..=366).contains(&self.window_days) {
            return Err(format!("window_days = {}: use 1 to 366", self.window_days));
        }
        if !(1..=50).contains(&self.cap_per_csm) {
            return Err(format!("cap_per_csm = {}: use 1 to 50", self.cap_per_csm));
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
            ("[slack]\nlocale = \"fr\"", "slack.locale"),
            ("[slack]\ncurrency = \"GBP\"", "slack.currency"),
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
