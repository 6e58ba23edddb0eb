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

/// Env var choosing the log format: `text` (default) or `json` (one JSON object per
/// line, for log shippers).
pub const LOG_FORMAT_ENV: &str = "EXPANSION_SIGNALS_LOG_FORMAT";

/// Sends logs to stderr, filtered by `EXPANSION_SIGNALS_LOG`, as text (coloured only on
/// a terminal, and not when `NO_COLOR` is set) or as JSON lines
/// (`EXPANSION_SIGNALS_LOG_FORMAT=json`).
pub fn init_logging(json_flag: Option<bool>) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let json = json_flag.unwrap_or_else(|| {
        optional_env(LOG_FORMAT_ENV).is_some_and(|v| v.trim().eq_ignore_ascii_case("json"))
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.event_format(JsonLines).try_init()
    } else {
        let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        builder.with_ansi(ansi).try_init()
    };
}

/// One JSON object per event: `timestamp`, `level`, `target`, `message`, the event's
/// fields and the names of the spans it happened in.
struct JsonLines;

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for JsonLines
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> fmt::Result {
        use serde_json::{Map, Value};
        let mut fields = Map::new();
        event.record(&mut JsonFields(&mut fields));
        let meta = event.metadata();
        let mut line = Map::new();
        line.insert(
            "timestamp".into(),
            chrono::Utc::now()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into(),
        );
        line.insert("level".into(), meta.level().as_str().into());
        line.insert("target".into(), meta.target().into());
        if let Some(message) = fields.remove("message") {
            line.insert("message".into(), message);
        }
        if let Some(scope) = ctx.event_scope() {
            let spans: Vec<Value> = scope
                .from_root()
                .map(|span| Value::from(span.name()))
                .collect();
            if !spans.is_empty() {
                line.insert("spans".into(), spans.into());
            }
        }
        for (k, v) in fields {
            line.entry(k).or_insert(v);
        }
        writeln!(writer, "{}", Value::Object(line))
    }
}

struct JsonFields<'a>(&'a mut serde_json::Map<String, serde_json::Value>);

impl tracing::field::Visit for JsonFields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().into(), format!("{value:?}").into());
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_i64(&mut self, field: &tracing::field::Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_bool(&mut self, field: &tracing::field::Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        self.0.insert(field.name().into(), value.into());
    }
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
    /// A staged copy of the reference files, compared with `references` by
    /// `/expansion admin preview rules` (default: `references` with `-staged` appended).
    #[serde(default)]
    pub staged_references: Option<PathBuf>,

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
    /// The optional semantic stages of step 3 (`[extract]`).
    #[serde(default)]
    pub extract: ExtractConfig,
    /// The optional LLM stage (`[llm]`); absent: off.
    #[serde(default)]
    pub llm: Option<LlmConfig>,
}

/// `[extract]`: the local embedding stage.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// A sentence-transformers folder (all-MiniLM-L6-v2 from `scripts/get-model.sh`);
    /// unset: the stage is off.
    #[serde(default)]
    pub embeddings_model: Option<PathBuf>,
    /// Compare the sentences of every account, not only those with a usage trigger in
    /// the window.
    #[serde(default)]
    pub embed_all_accounts: bool,
}

/// The LLM providers' API shapes.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LlmProvider {
    /// The Anthropic Messages API.
    Anthropic,
    /// The OpenAI chat-completions API and every server that speaks it.
    Openai,
}

/// `[llm]`: the optional LLM stage.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    pub provider: LlmProvider,
    /// Default: the provider's public API.
    #[serde(default)]
    pub base_url: Option<String>,
    pub model: String,
    /// The name of the environment variable holding the API key (never the key).
    /// Unset: no key is sent (a local server).
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// The provider is not called once a run's cost would exceed this.
    #[serde(default = "default_max_cost")]
    pub max_cost_usd: f64,
    #[serde(default)]
    pub input_usd_per_mtok: f64,
    #[serde(default)]
    pub output_usd_per_mtok: f64,
    /// For `serve`'s runs (a CLI run turns the stage on with `--llm`).
    #[serde(default)]
    pub enabled: bool,
    /// Seconds one request may take.
    #[serde(default = "default_llm_timeout")]
    pub timeout_secs: u64,
    /// Seconds all waiting for `Retry-After` and retries may take in one run.
    #[serde(default = "default_llm_retry_budget")]
    pub retry_budget_secs: u64,
    /// Largest answer, in tokens.
    #[serde(default = "default_llm_max_tokens")]
    pub max_output_tokens: u64,
}

fn default_max_cost() -> f64 {
    1.0
}
fn default_llm_timeout() -> u64 {
    60
}
fn default_llm_retry_budget() -> u64 {
    120
}
fn default_llm_max_tokens() -> u64 {
    1024
}

impl LlmConfig {
    /// The API key from the environment variable named by `api_key_env`.
    pub fn api_key(&self) -> Result<Option<Secret>, ConfigError> {
        let Some(name) = &self.api_key_env else {
            return Ok(None);
        };
        match std::env::var(name) {
            Ok(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
            _ => Err(ConfigError::Parse {
                path: "[llm]".into(),
                message: format!(
                    "api_key_env = \"{name}\" but that environment variable is not set: export it with the provider's API key"
                ),
            }),
        }
    }
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

    /// The first slot after `after`, in local time of the configured zone (so 08:00
    /// stays 08:00 across daylight-saving changes).
    pub fn next_slot(
        &self,
        after: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        next_slot(&self.cron(), self.tz(), after)
    }
}

/// The first occurrence of `cron` after `after`, read in time zone `tz`.
pub fn next_slot(
    cron: &croner::Cron,
    tz: chrono_tz::Tz,
    after: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    cron.find_next_occurrence(&after.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
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

/// `[slack]`: admins, the account lookup policy and the operational limits.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SlackConfig {
    /// Slack user ids (`U…`) of the CSM leads who may use `/expansion admin …`.
    #[serde(default)]
    pub admins: Vec<String>,
    #[serde(default)]
    pub account_lookup: AccountLookup,
    /// Seconds one message may spend waiting out Slack rate limits (429 `Retry-After`)
    /// before its delivery is left pending for a later retry.
    #[serde(default = "default_message_budget")]
    pub rate_limit_message_budget_secs: u64,
    /// Seconds one run's fan-out may spend waiting out rate limits in total.
    #[serde(default = "default_run_budget")]
    pub rate_limit_run_budget_secs: u64,
    /// `/expansion account` lookups (and reruns) working at the same time; more get
    /// "busy, try again in a minute".
    #[serde(default = "default_max_lookups")]
    pub max_concurrent_lookups: usize,
    /// Take slash commands over a Socket Mode WebSocket (needs `SLACK_APP_TOKEN`)
    /// instead of Slack calling `/slack/commands` over HTTPS.
    #[serde(default)]
    pub socket_mode: bool,
    /// Language of the DMs (`en` or `de`) for CSMs whose accounts give no
    /// `owner_locale`.
    #[serde(default = "default_locale")]
    pub locale: String,
    /// Currency ARR is recorded in (`USD` or `EUR`), as shown in the DMs.
    #[serde(default = "default_currency")]
    pub currency: String,
}

impl Default for SlackConfig {
    fn default() -> Self {
        SlackConfig {
            admins: vec![],
            account_lookup: AccountLookup::default(),
            rate_limit_message_budget_secs: default_message_budget(),
            rate_limit_run_budget_secs: default_run_budget(),
            max_concurrent_lookups: default_max_lookups(),
            socket_mode: false,
            locale: default_locale(),
            currency: default_currency(),
        }
    }
}

impl SlackConfig {
    /// The DM language and currency for a CSM whose accounts say `owner_locale`
    /// (validated when the config was loaded).
    pub fn locale_for(&self, owner_locale: Option<&str>) -> crate::i18n::Locale {
        let lang = owner_locale
            .and_then(crate::text::Lang::parse)
            .or_else(|| crate::text::Lang::parse(&self.locale))
            .unwrap_or(crate::text::Lang::En);
        let currency = crate::i18n::Currency::parse(&self.currency).unwrap_or_default();
        crate::i18n::Locale::new(lang, currency)
    }

    pub fn rate_limit_budget(&self) -> crate::slack::api::RateLimitBudget {
        crate::slack::api::RateLimitBudget {
            per_message: std::time::Duration::from_secs(self.rate_limit_message_budget_secs),
            per_run: std::time::Duration::from_secs(self.rate_limit_run_budget_secs),
        }
    }
}

fn default_message_budget() -> u64 {
    10 * 60
}
fn default_run_budget() -> u64 {
    2 * 60 * 60
}
fn default_max_lookups() -> usize {
    4
}
fn default_locale() -> String {
    "en".into()
}
fn default_currency() -> String {
    "USD".into()
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
    /// `SLACK_APP_TOKEN`: the app-level token (`xapp-…`, scope `connections:write`),
    /// needed for Socket Mode only.
    pub app_token: Option<Secret>,
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
        let app_token = optional_env("SLACK_APP_TOKEN").map(|t| Secret(t.trim().to_string()));
        Ok(SlackEnv {
            bot_token,
            signing_secret,
            api_url,
            app_token,
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
        if crate::text::Lang::parse(&self.slack.locale).is_none() {
            return Err(bad(format!(
                "slack.locale = \"{}\": use \"en\" or \"de\"",
                self.slack.locale
            )));
        }
        if crate::i18n::Currency::parse(&self.slack.currency).is_none() {
            return Err(bad(format!(
                "slack.currency = \"{}\": use \"USD\" or \"EUR\"",
                self.slack.currency
            )));
        }
        if self.slack.max_concurrent_lookups == 0 {
            return Err(bad(
                "slack.max_concurrent_lookups = 0: use at least 1".to_string()
            ));
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
