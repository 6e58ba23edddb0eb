//! Where the records of a run come from. The engine asks a [`Source`] for accounts and
//! for the window's evidence; the data directory ([`files::DataDir`]) and an in-memory
//! [`Memory`] portfolio (connectors, tests) both implement it.
//!
//! # Layout
//!
//! - [`files`]: the data directory, streamed; [`labels`]: `eval`'s labelled file;
//!   [`record`]: the checks every record passes, whichever source it comes from.
//! - [`connector`]: the traits a vendor connector implements (accounts, calls, usage
//!   events, tickets) and the plain types they return.
//! - [`http`]: the HTTP client every vendor shares: retries, rate limit, paging,
//!   progress.
//! - [`vendors`]: one module per vendor (Gong, Gainsight, Zendesk, Intercom, Help
//!   Scout), and the list that builds the configured ones.
//! - [`connect`]: the fetch, which walks the configured sources (vendor or data
//!   directory) input by input; [`report`]: what it did; [`snapshot`]: the fetched week
//!   written as a data directory, and old weeks pruned.
//!
//! Imports run one way: `connect` → `vendors` → (`connector`, `http`, `record`);
//! `snapshot` → `connect`, `report`, `files`. A vendor never imports `connect`, `files`
//! or another vendor; `connector`, `http` and `record` import no other module here
//! except `connector` → `http`.
//!
//! # Adding a vendor
//!
//! 1. Its settings and secret go where all configuration goes: a variant of the input's
//!    enum in `src/config/sources.rs` (e.g. `TicketsSource::Freshdesk(FreshdeskConfig)`,
//!    `kind = "freshdesk"`) and its variable in `SourcesEnv::from_env`.
//! 2. One new file, `src/sources/vendors/<name>.rs`: a struct built from those settings
//!    with an [`http::Http`], implementing [`connector::Connector`] and the trait of each
//!    input it serves (e.g. [`connector::TicketConnector`]), paging with
//!    [`http::Pages`]; fetch, then map with plain functions, each tested without a
//!    network.
//! 3. One line of registration: `pub mod <name>;` and its arm in the input's function
//!    in [`vendors`] (the compiler points at the match until it is there).
//!
//! The fetch, the report and the snapshot need no change.

pub mod connect;
pub mod connector;
pub mod files;
pub mod http;
pub mod labels;
pub mod record;
pub mod report;
pub mod snapshot;
pub mod vendors;

use crate::model::{Account, Portfolio};
use crate::pipeline::collect::{self, Collected, Window};
use crate::pipeline::extract::Matcher;
pub use files::{DataDir, InputError};

/// A source of input records.
pub trait Source {
    /// Human-readable origin, for messages (a folder path, a connector name).
    fn describe(&self) -> String;

    /// Steps 1 and 3 over every record: the window's evidence, with call text reduced to
    /// the customer mentions.
    fn collect(&self, window: Window, matcher: &Matcher) -> Result<Collected, InputError>;

    /// The accounts, validated.
    fn accounts(&self) -> Result<Vec<Account>, InputError>;

    /// Every record of one account (all dates), for `account` explanations.
    fn account_portfolio(&self, account_id: &str) -> Result<Portfolio, InputError>;

    /// The calls of `accounts` inside `window`, one at a time (the embedding stage reads
    /// the sentences of the few accounts that need them in a second pass).
    fn each_call(
        &self,
        window: Window,
        accounts: &std::collections::HashSet<String>,
        f: &mut dyn FnMut(&crate::model::Call),
    ) -> Result<(), InputError>;
}

/// A portfolio already in memory.
#[derive(Debug, Clone)]
pub struct Memory(pub Portfolio);

impl Source for Memory {
    fn describe(&self) -> String {
        "in-memory portfolio".into()
    }

    fn collect(&self, window: Window, matcher: &Matcher) -> Result<Collected, InputError> {
        Ok(collect::collect(&self.0, window, matcher))
    }

    fn accounts(&self) -> Result<Vec<Account>, InputError> {
        Ok(self.0.accounts.clone())
    }

    fn account_portfolio(&self, account_id: &str) -> Result<Portfolio, InputError> {
        Ok(filter_account(&self.0, account_id))
    }

    fn each_call(
        &self,
        window: Window,
        accounts: &std::collections::HashSet<String>,
        f: &mut dyn FnMut(&crate::model::Call),
    ) -> Result<(), InputError> {
        self.0
            .calls
            .iter()
            .filter(|c| accounts.contains(&c.account_id) && window.contains(c.occurred_at))
            .for_each(f);
        Ok(())
    }
}

/// The records of one account.
pub fn filter_account(p: &Portfolio, account_id: &str) -> Portfolio {
    Portfolio {
        accounts: p
            .accounts
            .iter()
            .filter(|a| a.id == account_id)
            .cloned()
            .collect(),
        calls: p
            .calls
            .iter()
            .filter(|r| r.account_id == account_id)
            .cloned()
            .collect(),
        usage_events: p
            .usage_events
            .iter()
            .filter(|r| r.account_id == account_id)
            .cloned()
            .collect(),
        support_tickets: p
            .support_tickets
            .iter()
            .filter(|r| r.account_id == account_id)
            .cloned()
            .collect(),
        stakeholder_changes: p
            .stakeholder_changes
            .iter()
            .filter(|r| r.account_id == account_id)
            .cloned()
            .collect(),
    }
}
