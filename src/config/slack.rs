//! `[slack]` and the Slack app's environment: who may steer the app, its limits and
//! language, and its tokens.

use super::env::{ConfigError, Env, Secret};
use serde::Deserialize;

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
        let env = Env::process();
        let bot_token = env.secret(
            "SLACK_BOT_TOKEN",
            "set it to the app's Bot User OAuth Token (xoxb-...)",
        )?;
        let signing_secret = env.secret(
            "SLACK_SIGNING_SECRET",
            "set it to the Signing Secret from the app's Basic Information page",
        )?;
        let api_url = env
            .var("SLACK_API_URL")
            .unwrap_or_else(|| DEFAULT_SLACK_API_URL.to_string())
            .trim_end_matches('/')
            .to_string();
        if !(api_url.starts_with("http://") || api_url.starts_with("https://")) {
            return Err(ConfigError::BadEnv {
                name: "SLACK_API_URL",
                message: format!("`{api_url}` is not an http(s) URL"),
            });
        }
        let app_token = env.var("SLACK_APP_TOKEN").map(|t| Secret::new(t.trim()));
        Ok(SlackEnv {
            bot_token,
            signing_secret,
            api_url,
            app_token,
        })
    }
}

impl SlackConfig {
    /// Checks what serde cannot: admin ids, locale, currency, the lookup limit.
    pub(super) fn validate(&self) -> Result<(), String> {
        if let Some(id) = self
            .admins
            .iter()
            .find(|id| !id.starts_with(['U', 'W']) || id.contains(char::is_whitespace))
        {
            return Err(format!(
                "slack.admins: \"{id}\" is not a Slack user id (they look like U0123ABCD; copy it from the profile's ⋮ menu)"
            ));
        }
        if crate::text::Lang::parse(&self.locale).is_none() {
            return Err(format!(
                "slack.locale = \"{}\": use \"en\" or \"de\"",
                self.locale
            ));
        }
        if crate::i18n::Currency::parse(&self.currency).is_none() {
            return Err(format!(
                "slack.currency = \"{}\": use \"USD\" or \"EUR\"",
                self.currency
            ));
        }
        if self.max_concurrent_lookups == 0 {
            return Err("slack.max_concurrent_lookups = 0: use at least 1".to_string());
        }
        Ok(())
    }
}
