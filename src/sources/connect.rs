//! Fetching a week through the configured sources into a [`Portfolio`]: accounts first
//! (the other inputs are tied to them), then calls, usage events and support tickets at
//! the same time, each from its vendor connector ([`super::vendors`]) or from the data
//! directory.
//!
//! Fetch first, then map: a connector returns what its vendor said; the plain functions
//! here tie those records to the accounts and count what was kept.

use super::connector::{
    AccountIndex, AccountsConnector, CallsConnector, Match, Range, RawTicket, TicketConnector,
    TicketOwner, UsageConnector,
};
use super::files::{self, DataDir, InputError};
use super::http::{FetchError, Progress, RetryPolicy};
use super::record::Record;
use super::report::{FetchReport, Fetched, InputReport, InputStats};
use super::vendors::Vendors;
use crate::config::sources::{SourcesConfig, SourcesEnv};
use crate::config::{Config, ConfigError, Env};
use crate::model::{Account, Call, Portfolio, StakeholderChange, Ticket, UsageEvent};
use crate::pipeline::collect::Window;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::time::Duration;

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum ConnectorError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{path}: cannot write the snapshot: {message}")]
    Snapshot { path: String, message: String },
}

/// The configured connectors with their secrets.
#[derive(Debug, Clone)]
pub struct Connectors {
    pub sources: SourcesConfig,
    /// The connector secrets.
    pub env: SourcesEnv,
    /// The data directory, for inputs whose source is `files`.
    pub data: PathBuf,
    pub policy: RetryPolicy,
}

impl Connectors {
    /// Reads the connector secrets from the environment: a missing one fails here,
    /// before anything is fetched.
    pub fn from_config(config: &Config) -> Result<Connectors, ConnectorError> {
        Ok(Connectors {
            sources: config.sources.clone(),
            env: SourcesEnv::from_env(&config.sources, Env::process())?,
            data: config.data.clone(),
            policy: RetryPolicy {
                max_retries: config.sources.http.max_retries,
                timeout: Duration::from_secs(config.sources.http.timeout_secs),
                ..RetryPolicy::default()
            },
        })
    }

    /// Fetches the week ending `window.as_of`: accounts first (the others are mapped onto
    /// them), then calls, usage events and tickets at the same time. Every configured
    /// connector is built (and its secret checked) before anything is fetched.
    pub async fn fetch(
        &self,
        window: Window,
        progress: &Progress,
    ) -> Result<Fetched, ConnectorError> {
        let vendors = Vendors::configured(&self.sources, &self.env, &self.policy)?;
        let week = Week {
            range: Range::for_window(window),
            data: DataDir::new(&self.data),
            progress,
        };
        let accounts = week.accounts(vendors.accounts.as_deref()).await?;
        let index = AccountIndex::new(&accounts.0);
        let (calls, usage_events, support_tickets) = tokio::try_join!(
            week.calls(vendors.calls.as_deref(), &index),
            week.usage_events(vendors.usage_events.as_deref(), &index),
            week.support_tickets(vendors.support_tickets.as_deref(), &index),
        )?;
        let stakeholder_changes = week.stakeholder_changes()?;
        Ok(week.assemble(
            window,
            accounts,
            calls,
            usage_events,
            support_tickets,
            stakeholder_changes,
        ))
    }

    /// [`Self::fetch`] from synchronous code, on a runtime of its own in a separate
    /// thread (so it also works when called from inside the Slack app's runtime).
    pub fn fetch_blocking(
        &self,
        window: Window,
        progress: &Progress,
    ) -> Result<Fetched, ConnectorError> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| ConnectorError::Snapshot {
                            path: "(runtime)".into(),
                            message: e.to_string(),
                        })?;
                    rt.block_on(self.fetch(window, progress))
                })
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }
}

/// One input's records and its line of the report.
type Input<T> = (Vec<T>, InputReport);

/// What the inputs of one fetch share.
struct Week<'a> {
    range: Range,
    data: DataDir,
    progress: &'a Progress,
}

impl Week<'_> {
    /// The accounts, from the CRM or the data directory.
    async fn accounts(
        &self,
        crm: Option<&dyn AccountsConnector>,
    ) -> Result<Input<Account>, ConnectorError> {
        let mut counter = self.progress.source("accounts");
        let Some(crm) = crm else {
            let accounts = self.data.load_accounts()?;
            let n = accounts.len();
            return Ok((accounts, InputReport::files("accounts", n)));
        };
        let fetched = crm.fetch_accounts(&mut counter).await?;
        let stats = InputStats {
            fetched: counter.records,
            kept: fetched.accounts.len(),
            skipped: fetched.skipped.iter().map(ToString::to_string).collect(),
            ..InputStats::default()
        };
        let report = InputReport::fetched("accounts", crm.vendor(), &counter, stats);
        Ok((fetched.accounts, report))
    }

    /// The window's calls of known accounts, from the recorder or the data directory.
    async fn calls(
        &self,
        recorder: Option<&dyn CallsConnector>,
        index: &AccountIndex,
    ) -> Result<Input<Call>, ConnectorError> {
        let mut counter = self.progress.source("calls");
        let Some(recorder) = recorder else {
            return self.files(files::CALLS);
        };
        let (calls, stats) = recorder
            .fetch_calls(&self.range, index, &mut counter)
            .await?;
        let mut report =
            InputReport::fetched("calls", recorder.vendor(), &counter, (&stats).into());
        report.calls = Some(stats);
        Ok((calls, report))
    }

    /// The window's usage events of known accounts, from the vendor or the data
    /// directory.
    async fn usage_events(
        &self,
        vendor: Option<&dyn UsageConnector>,
        index: &AccountIndex,
    ) -> Result<Input<UsageEvent>, ConnectorError> {
        let mut counter = self.progress.source("usage events");
        let Some(vendor) = vendor else {
            return self.files(files::USAGE_EVENTS);
        };
        let raw = vendor.fetch_usage(&self.range, &mut counter).await?;
        let (events, stats) = map_usage_events(raw, index, &self.range);
        let report = InputReport::fetched("usage_events", vendor.vendor(), &counter, stats);
        Ok((events, report))
    }

    /// The window's tickets of known accounts, from the help desk or the data directory.
    async fn support_tickets(
        &self,
        help_desk: Option<&dyn TicketConnector>,
        index: &AccountIndex,
    ) -> Result<Input<Ticket>, ConnectorError> {
        let mut counter = self.progress.source("support tickets");
        let Some(help_desk) = help_desk else {
            return self.files(files::SUPPORT_TICKETS);
        };
        let raw = help_desk.fetch_tickets(&self.range, &mut counter).await?;
        let (tickets, stats) = map_tickets(raw, index, &self.range);
        let report = InputReport::fetched("support_tickets", help_desk.vendor(), &counter, stats);
        Ok((tickets, report))
    }

    /// Stakeholder changes have no connector: the data directory's file, if any.
    fn stakeholder_changes(&self) -> Result<Input<StakeholderChange>, ConnectorError> {
        let changes = if self.data.dir.is_dir() {
            self.data.load(files::STAKEHOLDER_CHANGES, false)?
        } else {
            Vec::new()
        };
        let n = changes.len();
        Ok((changes, InputReport::files(files::STAKEHOLDER_CHANGES, n)))
    }

    /// Every record of the input `name` (a required file) of the data directory.
    fn files<T: DeserializeOwned + Record>(
        &self,
        name: &'static str,
    ) -> Result<Input<T>, ConnectorError> {
        let records: Vec<T> = self.data.load(name, true)?;
        let n = records.len();
        Ok((records, InputReport::files(name, n)))
    }

    /// The week as one portfolio (calls in time order) with its report, inputs in
    /// portfolio order.
    fn assemble(
        &self,
        window: Window,
        (accounts, accounts_report): Input<Account>,
        (mut calls, calls_report): Input<Call>,
        (usage_events, usage_report): Input<UsageEvent>,
        (support_tickets, tickets_report): Input<Ticket>,
        (stakeholder_changes, stakeholder_report): Input<StakeholderChange>,
    ) -> Fetched {
        calls.sort_by(|a, b| (a.occurred_at, &a.call_id).cmp(&(b.occurred_at, &b.call_id)));
        Fetched {
            portfolio: Portfolio {
                accounts,
                calls,
                usage_events,
                support_tickets,
                stakeholder_changes,
            },
            report: FetchReport {
                as_of: window.as_of,
                window_days: window.days,
                from: self.range.from_rfc3339(),
                to: self.range.to_rfc3339(),
                inputs: vec![
                    accounts_report,
                    calls_report,
                    usage_report,
                    tickets_report,
                    stakeholder_report,
                ],
            },
        }
    }
}

/// Usage events to engine records: occurred in the range, of a known account.
pub fn map_usage_events(
    raw: Vec<UsageEvent>,
    index: &AccountIndex,
    range: &Range,
) -> (Vec<UsageEvent>, InputStats) {
    let mut stats = InputStats {
        fetched: raw.len(),
        ..InputStats::default()
    };
    let mut events = Vec::new();
    for e in raw {
        if !range.contains(e.occurred_at) {
            stats.outside_window += 1;
        } else if !index.knows(&e.account_id) {
            stats.unmatched += 1;
        } else {
            events.push(e);
        }
    }
    stats.kept = events.len();
    (events, stats)
}

/// Longest `body_summary` kept from a ticket body.
const SUMMARY_CHARS: usize = 280;

/// Tickets to engine records: created in the range, tied to a known account.
pub fn map_tickets(
    raw: Vec<RawTicket>,
    index: &AccountIndex,
    range: &Range,
) -> (Vec<Ticket>, InputStats) {
    let mut stats = InputStats {
        fetched: raw.len(),
        ..InputStats::default()
    };
    let mut out = Vec::new();
    for t in raw {
        if !range.contains(t.created_at) {
            stats.outside_window += 1;
            continue;
        }
        let m = match &t.owner {
            TicketOwner::Id(id) if index.knows(id) => Match::Id(id.clone()),
            TicketOwner::Id(_) | TicketOwner::None => Match::None,
            TicketOwner::Emails(emails) => index.by_emails(emails.iter().map(String::as_str)),
        };
        let account_id = match m {
            Match::Id(id) | Match::Domain(id) => id,
            Match::Ambiguous | Match::None => {
                stats.unmatched += 1;
                stats.unmatched_ids.push(t.id);
                continue;
            }
        };
        stats.kept += 1;
        out.push(Ticket {
            account_id,
            ticket_id: t.id,
            subject: t.subject.trim().to_string(),
            body_summary: summary(&t.body),
            tags: t.tags,
            opened_at: t.created_at,
        });
    }
    out.sort_by(|a, b| (a.opened_at, &a.ticket_id).cmp(&(b.opened_at, &b.ticket_id)));
    (out, stats)
}

/// The first sentence-ish part of a body, on one line, at most [`SUMMARY_CHARS`].
fn summary(body: &str) -> String {
    let one = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= SUMMARY_CHARS {
        return one;
    }
    let cut: String = one.chars().take(SUMMARY_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};

    #[test]
    fn tickets_map_by_id_or_domain_inside_the_range() {
        let acc = |id: &str, d: &str| Account {
            id: id.into(),
            name: id.into(),
            arr: 1.0,
            segment: "smb".into(),
            tier: "t".into(),
            owner_email: "o@v.example".into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            domains: vec![d.into()],
            fields: Default::default(),
        };
        let index = AccountIndex::new(&[acc("a1", "one.example"), acc("a2", "two.example")]);
        let r = Range::for_window(Window::new(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            7,
        ));
        let t = |id: &str, at: DateTime<Utc>, owner: TicketOwner| RawTicket {
            id: id.into(),
            created_at: at,
            subject: " Need SSO ".into(),
            body: "x ".repeat(400),
            tags: vec!["sso".into()],
            owner,
        };
        let (out, stats) = map_tickets(
            vec![
                t("1", r.from, TicketOwner::Id("a2".into())),
                t(
                    "2",
                    r.from,
                    TicketOwner::Emails(vec!["p@one.example".into()]),
                ),
                t("3", r.from, TicketOwner::Id("zz".into())),
                t("4", r.to, TicketOwner::Id("a1".into())),
            ],
            &index,
            &r,
        );
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|t| (t.ticket_id.as_str(), t.account_id.as_str()))
            .collect();
        assert_eq!(got, [("1", "a2"), ("2", "a1")]);
        assert_eq!((stats.unmatched, stats.outside_window), (1, 1));
        assert_eq!(out[0].subject, "Need SSO");
        assert!(out[0].body_summary.chars().count() <= SUMMARY_CHARS);
    }
}
