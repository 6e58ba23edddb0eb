//! The vendor connectors, one module each, and [`Vendors::configured`]: the one list
//! that names them, one match arm per vendor.
//!
//! A vendor module depends on `connector`, `http`, `record`, the configuration and the
//! model only: never on the fetch (`connect`), the data directory (`files`) or another
//! vendor.

pub mod gainsight;
pub mod gong;
pub mod helpscout;
pub mod intercom;
pub mod zendesk;

use super::connector::{AccountsConnector, CallsConnector, TicketConnector, UsageConnector};
use super::http::RetryPolicy;
use crate::config::ConfigError;
use crate::config::sources::{
    AccountsSource, CallsSource, GAINSIGHT_TOKEN, GONG_API_KEY, HELPSCOUT_CLIENT_ID,
    INTERCOM_TOKEN, SourcesConfig, SourcesEnv, TicketsSource, UsageSource, ZENDESK_API_TOKEN,
};

/// The vendor connector of each input; `None` where the data directory serves it.
pub struct Vendors {
    pub accounts: Option<Box<dyn AccountsConnector>>,
    pub calls: Option<Box<dyn CallsConnector>>,
    pub usage_events: Option<Box<dyn UsageConnector>>,
    pub support_tickets: Option<Box<dyn TicketConnector>>,
}

/// The hint of a secret that a hand-built `Connectors` lacks.
const UNRESOLVED: &str = "the source is configured but its secret was not resolved";

impl Vendors {
    /// The connectors `sources` configures, with their secrets from `env` and the
    /// retry `policy`.
    pub fn configured(
        sources: &SourcesConfig,
        env: &SourcesEnv,
        policy: &RetryPolicy,
    ) -> Result<Vendors, ConfigError> {
        Ok(Vendors {
            accounts: accounts(&sources.accounts, env, policy)?,
            calls: calls(&sources.calls, env, policy)?,
            usage_events: usage_events(&sources.usage_events, env, policy)?,
            support_tickets: support_tickets(&sources.support_tickets, env, policy)?,
        })
    }
}

// The registrations: one arm per vendor and input it serves.

/// The configured CRM.
fn accounts(
    source: &AccountsSource,
    env: &SourcesEnv,
    policy: &RetryPolicy,
) -> Result<Option<Box<dyn AccountsConnector>>, ConfigError> {
    Ok(match source {
        AccountsSource::Files => None,
        AccountsSource::Gainsight(c) => Some(Box::new(gainsight::GainsightAccounts::new(
            c,
            need(&env.gainsight, GAINSIGHT_TOKEN, UNRESOLVED)?,
            policy.clone(),
        ))),
    })
}

/// The configured call recorder.
fn calls(
    source: &CallsSource,
    env: &SourcesEnv,
    policy: &RetryPolicy,
) -> Result<Option<Box<dyn CallsConnector>>, ConfigError> {
    Ok(match source {
        CallsSource::Files => None,
        CallsSource::Gong(c) => Some(Box::new(gong::Gong::new(
            c,
            need(&env.gong, GONG_API_KEY, "sources.calls is `gong`")?,
            policy.clone(),
        ))),
    })
}

/// The configured source of usage events.
fn usage_events(
    source: &UsageSource,
    env: &SourcesEnv,
    policy: &RetryPolicy,
) -> Result<Option<Box<dyn UsageConnector>>, ConfigError> {
    Ok(match source {
        UsageSource::Files => None,
        UsageSource::Gainsight(c) => Some(Box::new(gainsight::GainsightUsage::new(
            c,
            need(&env.gainsight, GAINSIGHT_TOKEN, UNRESOLVED)?,
            policy.clone(),
        ))),
    })
}

/// The configured help desk.
fn support_tickets(
    source: &TicketsSource,
    env: &SourcesEnv,
    policy: &RetryPolicy,
) -> Result<Option<Box<dyn TicketConnector>>, ConfigError> {
    const ZENDESK: &str = "sources.support_tickets is `zendesk`";
    const HELPSCOUT: &str = "sources.support_tickets is `helpscout`";
    Ok(match source {
        TicketsSource::Files => None,
        TicketsSource::Zendesk(c) => Some(Box::new(zendesk::Zendesk::new(
            c,
            need(&env.zendesk, ZENDESK_API_TOKEN, ZENDESK)?,
            policy.clone(),
        ))),
        TicketsSource::Intercom(c) => Some(Box::new(intercom::Intercom::new(
            c,
            need(&env.intercom, INTERCOM_TOKEN, UNRESOLVED)?,
            policy.clone(),
        ))),
        TicketsSource::HelpScout(c) => Some(Box::new(helpscout::HelpScout::new(
            c,
            need(&env.helpscout, HELPSCOUT_CLIENT_ID, HELPSCOUT)?,
            policy.clone(),
        ))),
    })
}

/// A configured connector's secret (`Connectors::from_config`
/// resolves them all first; this only guards hand-built `Connectors`).
fn need<T: Clone>(
    secret: &Option<T>,
    name: &'static str,
    hint: &'static str,
) -> Result<T, ConfigError> {
    secret.clone().ok_or(ConfigError::MissingEnv { name, hint })
}
