//! `[sources.*]`: where each input comes from (the data directory or a vendor
//! connector), each vendor's settings, and the connector secrets ([`SourcesEnv`]), read
//! from the environment.

use super::env::{ConfigError, Env, Secret};
use serde::Deserialize;
use std::path::PathBuf;

/// Where every input of a run comes from. The default is the data directory for all.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    #[serde(default)]
    pub accounts: AccountsSource,
    #[serde(default)]
    pub calls: CallsSource,
    #[serde(default)]
    pub usage_events: UsageSource,
    #[serde(default)]
    pub support_tickets: TicketsSource,
    #[serde(default)]
    pub stakeholder_changes: StakeholdersSource,
    #[serde(default)]
    pub snapshots: SnapshotConfig,
    #[serde(default)]
    pub http: HttpConfig,
}

/// Accounts: the data directory or Gainsight.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum AccountsSource {
    #[default]
    Files,
    Gainsight(Box<GainsightAccountsConfig>),
}

/// Calls: the data directory or Gong.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum CallsSource {
    #[default]
    Files,
    Gong(GongConfig),
}

/// Usage events: the data directory or a Gainsight object.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum UsageSource {
    #[default]
    Files,
    Gainsight(Box<GainsightUsageConfig>),
}

/// Support tickets: the data directory, Zendesk, Intercom or Help Scout.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TicketsSource {
    #[default]
    Files,
    Zendesk(ZendeskConfig),
    Intercom(IntercomConfig),
    #[serde(rename = "helpscout")]
    HelpScout(HelpScoutConfig),
}

/// Stakeholder changes have no connector yet: only `kind = "files"`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StakeholdersSource {
    #[default]
    Files,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GongConfig {
    /// Tenant API host, e.g. `https://us-12345.api.gong.io`.
    #[serde(default = "default_gong_url")]
    pub base_url: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
    /// Gong allows 3 requests per second per company.
    #[serde(default = "default_gong_rate")]
    pub requests_per_second: f64,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GainsightAccountsConfig {
    /// Tenant host, e.g. `https://acme.gainsightcloud.com`.
    pub base_url: String,
    #[serde(default = "default_company")]
    pub object: String,
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    pub fields: AccountFieldNames,
}

/// Gainsight field names (as in Data Management) for each account field.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AccountFieldNames {
    #[serde(default = "default_gsid")]
    pub id: String,
    #[serde(default = "default_name")]
    pub name: String,
    #[serde(default = "default_arr")]
    pub arr: String,
    pub segment: String,
    pub tier: String,
    pub owner_email: String,
    #[serde(default)]
    pub owner_name: Option<String>,
    #[serde(default = "default_renewal_date")]
    pub renewal_date: String,
    /// A field with the customer's e-mail domains (array, or a comma-separated string).
    #[serde(default)]
    pub domains: Option<String>,
    /// Optional fields for the account-level signals (see the README, "Account-level
    /// signals"); a field not named here is not evaluated.
    #[serde(default)]
    pub seats_licensed: Option<String>,
    #[serde(default)]
    pub seats_used: Option<String>,
    #[serde(default)]
    pub health_score: Option<String>,
    #[serde(default)]
    pub headcount_growth_pct: Option<String>,
    /// Departments already using the product (array, or a comma-separated string).
    #[serde(default)]
    pub departments: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GainsightUsageConfig {
    pub base_url: String,
    /// The object holding the pre-computed anomalies, e.g. `UsageAnomaly__gc`.
    pub object: String,
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    pub fields: UsageFieldNames,
}

/// Gainsight field names for each usage-event field.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UsageFieldNames {
    #[serde(default)]
    pub event_id: Option<String>,
    pub account_id: String,
    pub event_type: String,
    pub metric_name: String,
    pub value_current: String,
    pub value_baseline: String,
    pub delta_pct: String,
    pub occurred_at: String,
    #[serde(default)]
    pub feature: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ZendeskConfig {
    /// e.g. `https://acme.zendesk.com`.
    pub base_url: String,
    /// How a ticket's organization names its account.
    #[serde(default)]
    pub account_from: OrgMapping,
}

/// How a Zendesk organization maps to an account id.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OrgMapping {
    /// The organization's `external_id` is the account id.
    #[default]
    ExternalId,
    /// A custom organization field (`organization_fields.<key>`) holds the account id.
    OrganizationField(String),
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IntercomConfig {
    #[serde(default = "default_intercom_url")]
    pub base_url: String,
    /// A conversation custom attribute holding the account id; without it (or when it is
    /// empty) the author's e-mail domain is matched against the accounts' `domains`.
    #[serde(default)]
    pub account_attribute: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HelpScoutConfig {
    #[serde(default = "default_helpscout_url")]
    pub base_url: String,
    /// Only this mailbox (id); default: every mailbox.
    #[serde(default)]
    pub mailbox: Option<u64>,
}

/// Where the week's snapshots are kept when a deployment fetches through connectors.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SnapshotConfig {
    /// Default: `snapshots/` next to the database.
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// How many weeks of snapshots to keep (older ones are deleted).
    #[serde(default = "default_retention")]
    pub retention: usize,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        SnapshotConfig {
            dir: None,
            retention: default_retention(),
        }
    }
}

/// Timeouts and retries of every connector.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
    /// Retries after a 429, a 5xx or a timeout.
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout_secs: default_timeout_secs(),
            max_retries: default_max_retries(),
        }
    }
}

fn default_gong_url() -> String {
    "https://api.gong.io".into()
}
fn default_gong_rate() -> f64 {
    3.0
}
fn default_intercom_url() -> String {
    "https://api.intercom.io".into()
}
fn default_helpscout_url() -> String {
    "https://api.helpscout.net".into()
}
fn default_company() -> String {
    "Company".into()
}
fn default_page_size() -> usize {
    1000
}
fn default_gsid() -> String {
    "Gsid".into()
}
fn default_name() -> String {
    "Name".into()
}
fn default_arr() -> String {
    "Arr".into()
}
fn default_renewal_date() -> String {
    "RenewalDate".into()
}
fn default_retention() -> usize {
    8
}
fn default_timeout_secs() -> u64 {
    30
}
fn default_max_retries() -> u32 {
    4
}

impl SourcesConfig {
    /// True when at least one input comes from an API.
    pub fn uses_connectors(&self) -> bool {
        self.accounts != AccountsSource::Files
            || self.calls != CallsSource::Files
            || self.usage_events != UsageSource::Files
            || self.support_tickets != TicketsSource::Files
    }

    /// Checks values serde cannot check.
    pub(super) fn validate(&self) -> Result<(), String> {
        if let CallsSource::Gong(g) = &self.calls
            && !(g.requests_per_second > 0.0 && g.requests_per_second <= 1000.0)
        {
            return Err(format!(
                "sources.calls.requests_per_second = {}: use a number above 0 and at most 1000 (Gong allows 3)",
                g.requests_per_second
            ));
        }
        for (key, size) in [
            (
                "sources.accounts.page_size",
                match &self.accounts {
                    AccountsSource::Gainsight(g) => g.page_size,
                    AccountsSource::Files => 1,
                },
            ),
            (
                "sources.usage_events.page_size",
                match &self.usage_events {
                    UsageSource::Gainsight(g) => g.page_size,
                    UsageSource::Files => 1,
                },
            ),
        ] {
            if !(1..=5000).contains(&size) {
                return Err(format!("{key} = {size}: use 1 to 5000"));
            }
        }
        if self.snapshots.retention == 0 {
            return Err("sources.snapshots.retention = 0: keep at least 1 week".into());
        }
        Ok(())
    }
}

impl SourcesEnv {
    /// The secrets of every connector `sources` configures, from `env`
    /// ([`Env::process`] outside tests). Fails on the first missing one, naming the
    /// variable, before anything is fetched.
    pub fn from_env(sources: &SourcesConfig, env: Env) -> Result<SourcesEnv, ConfigError> {
        let calls = matches!(sources.calls, CallsSource::Gong(_));
        let gainsight =
            sources.accounts != AccountsSource::Files || sources.usage_events != UsageSource::Files;
        let mut found = SourcesEnv {
            gong: calls.then(|| gong_key(env)).transpose()?,
            gainsight: gainsight
                .then(|| env.secret(
                    GAINSIGHT_TOKEN,
                    "set it to a Gainsight access key (sources.accounts or sources.usage_events is `gainsight`)",
                ))
                .transpose()?,
            ..SourcesEnv::default()
        };
        match sources.support_tickets {
            TicketsSource::Files => {}
            TicketsSource::Zendesk(_) => found.zendesk = Some(zendesk_key(env)?),
            TicketsSource::Intercom(_) => {
                found.intercom = Some(env.secret(
                    INTERCOM_TOKEN,
                    "set it to an Intercom access token (sources.support_tickets is `intercom`)",
                )?);
            }
            TicketsSource::HelpScout(_) => found.helpscout = Some(helpscout_key(env)?),
        }
        Ok(found)
    }
}

/// `GONG_API_KEY`, split at its `:`.
fn gong_key(env: Env) -> Result<GongKey, ConfigError> {
    let v = env.required(
        GONG_API_KEY,
        "set it to `access_key:access_key_secret` from Gong's API page (sources.calls is `gong`)",
    )?;
    let Some((key, secret)) = v.split_once(':') else {
        return Err(ConfigError::BadEnv {
            name: GONG_API_KEY,
            message: "expected `access_key:access_key_secret` (no `:` found)".into(),
        });
    };
    Ok(GongKey {
        access_key: Secret::new(key),
        secret: Secret::new(secret),
    })
}

/// `ZENDESK_API_TOKEN`, then `ZENDESK_EMAIL`.
fn zendesk_key(env: Env) -> Result<ZendeskKey, ConfigError> {
    let token = env.secret(
        ZENDESK_API_TOKEN,
        "set it to a Zendesk API token (sources.support_tickets is `zendesk`)",
    )?;
    let email = env.required(
        ZENDESK_EMAIL,
        "set it to the e-mail of the Zendesk agent owning the API token",
    )?;
    Ok(ZendeskKey { email, token })
}

/// `HELPSCOUT_CLIENT_ID`, then `HELPSCOUT_CLIENT_SECRET`.
fn helpscout_key(env: Env) -> Result<HelpScoutKey, ConfigError> {
    let client_id = env.secret(
        HELPSCOUT_CLIENT_ID,
        "set it to the App ID of a Help Scout OAuth app (sources.support_tickets is `helpscout`)",
    )?;
    let client_secret = env.secret(
        HELPSCOUT_CLIENT_SECRET,
        "set it to the App Secret of the Help Scout OAuth app",
    )?;
    Ok(HelpScoutKey {
        client_id,
        client_secret,
    })
}

/// `access_key:access_key_secret` of a Gong API key.
pub const GONG_API_KEY: &str = "GONG_API_KEY";
/// A Gainsight access key (header `accesskey`).
pub const GAINSIGHT_TOKEN: &str = "GAINSIGHT_TOKEN";
/// A Zendesk API token, used with `ZENDESK_EMAIL` as `{email}/token:{token}`.
pub const ZENDESK_API_TOKEN: &str = "ZENDESK_API_TOKEN";
/// The Zendesk agent e-mail owning the token (not secret).
pub const ZENDESK_EMAIL: &str = "ZENDESK_EMAIL";
/// An Intercom access token (Bearer).
pub const INTERCOM_TOKEN: &str = "INTERCOM_TOKEN";
/// Help Scout OAuth2 client credentials.
pub const HELPSCOUT_CLIENT_ID: &str = "HELPSCOUT_CLIENT_ID";
pub const HELPSCOUT_CLIENT_SECRET: &str = "HELPSCOUT_CLIENT_SECRET";

/// The connector secrets, from the environment only; `None` for the connectors not
/// configured.
#[derive(Debug, Clone, Default)]
pub struct SourcesEnv {
    pub gong: Option<GongKey>,
    pub gainsight: Option<Secret>,
    pub zendesk: Option<ZendeskKey>,
    pub intercom: Option<Secret>,
    pub helpscout: Option<HelpScoutKey>,
}

#[derive(Debug, Clone)]
pub struct GongKey {
    pub access_key: Secret,
    pub secret: Secret,
}

#[derive(Debug, Clone)]
pub struct ZendeskKey {
    pub email: String,
    pub token: Secret,
}

#[derive(Debug, Clone)]
pub struct HelpScoutKey {
    pub client_id: Secret,
    pub client_secret: Secret,
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::*;

    const FULL: &str = r#"
[sources.calls]
kind = "gong"
base_url = "http://127.0.0.1:1"

[sources.accounts]
kind = "gainsight"
base_url = "http://127.0.0.1:2"
fields = { segment = "Segment__gc", tier = "Tier__gc", owner_email = "CsmEmail__gc", domains = "Domains__gc" }

[sources.usage_events]
kind = "gainsight"
base_url = "http://127.0.0.1:2"
object = "UsageAnomaly__gc"
[sources.usage_events.fields]
account_id = "CompanyId__gc"
event_type = "Type__gc"
metric_name = "Metric__gc"
value_current = "Current__gc"
value_baseline = "Baseline__gc"
delta_pct = "DeltaPct__gc"
occurred_at = "OccurredAt__gc"

[sources.support_tickets]
kind = "zendesk"
base_url = "http://127.0.0.1:3"
account_from = { organization_field = "account_id" }

[sources.snapshots]
retention = 4
"#;

    #[test]
    fn sources_parse_with_defaults() {
        let c = Config::parse("c.toml", FULL).unwrap();
        let s = &c.sources;
        assert!(s.uses_connectors());
        let CallsSource::Gong(g) = &s.calls else {
            panic!("gong expected")
        };
        assert_eq!(g.requests_per_second, 3.0);
        let AccountsSource::Gainsight(a) = &s.accounts else {
            panic!("gainsight expected")
        };
        assert_eq!(a.object, "Company");
        assert_eq!(a.fields.id, "Gsid");
        assert_eq!(a.fields.domains.as_deref(), Some("Domains__gc"));
        let TicketsSource::Zendesk(z) = &s.support_tickets else {
            panic!("zendesk expected")
        };
        assert_eq!(
            z.account_from,
            OrgMapping::OrganizationField("account_id".into())
        );
        assert_eq!(s.snapshots.retention, 4);
        assert!(
            !Config::parse("c.toml", "")
                .unwrap()
                .sources
                .uses_connectors()
        );
    }

    #[test]
    fn source_errors_name_the_key() {
        let cases = [
            (
                "[sources.calls]\nkind = \"chorus\"",
                "unknown variant `chorus`",
            ),
            (
                "[sources.calls]\nkind = \"gong\"\ncolour = 1",
                "unknown field `colour`",
            ),
            (
                "[sources.accounts]\nkind = \"gainsight\"\nbase_url = \"x\"\nfields = { tier = \"T\", owner_email = \"E\" }",
                "missing field `segment`",
            ),
            ("[sources.snapshots]\nretention = 0", "retention = 0"),
            (
                "[sources.calls]\nkind = \"gong\"\nrequests_per_second = 0",
                "requests_per_second",
            ),
        ];
        for (text, want) in cases {
            let err = Config::parse("c.toml", text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn readme_examples_parse() {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("## Connect your data")
            .nth(1)
            .expect("README has a Connect your data section");
        let blocks: Vec<&str> = section
            .split("```toml")
            .skip(1)
            .map(|b| b.split("```").next().unwrap_or_default())
            .collect();
        assert!(blocks.len() >= 6, "{}", blocks.len());
        for block in blocks {
            if let Err(e) = Config::parse("README.md", block) {
                panic!("{e}\n{block}");
            }
        }
    }

    #[test]
    fn missing_secret_names_the_variable() {
        let c = Config::parse("c.toml", FULL).unwrap();
        let all = |name: &str| -> Option<String> {
            match name {
                GONG_API_KEY => Some("key:secret".into()),
                GAINSIGHT_TOKEN => Some("gs".into()),
                ZENDESK_API_TOKEN => Some("zt".into()),
                ZENDESK_EMAIL => Some("a@b.example".into()),
                _ => None,
            }
        };
        let creds = SourcesEnv::from_env(&c.sources, Env::from_fn(&all)).unwrap();
        assert_eq!(creds.gong.unwrap().secret.expose(), "secret");
        assert!(creds.intercom.is_none());
        for missing in [
            GONG_API_KEY,
            GAINSIGHT_TOKEN,
            ZENDESK_API_TOKEN,
            ZENDESK_EMAIL,
        ] {
            let env = |name: &str| if name == missing { None } else { all(name) };
            let err = SourcesEnv::from_env(&c.sources, Env::from_fn(&env))
                .unwrap_err()
                .to_string();
            assert!(err.contains(missing), "{missing}: {err}");
        }
        let bad = |name: &str| {
            if name == GONG_API_KEY {
                Some("no-colon".into())
            } else {
                all(name)
            }
        };
        let err = SourcesEnv::from_env(&c.sources, Env::from_fn(&bad))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("GONG_API_KEY") && !err.contains("no-colon"),
            "{err}"
        );
    }
}
