//! Where the records of a run come from. The engine asks a [`Source`] for accounts and
//! for the window's evidence; the data directory ([`files::DataDir`]) and an in-memory
//! [`Memory`] portfolio (connectors, tests) both implement it.

pub mod connect;
pub mod files;
pub mod gainsight;
pub mod gong;
pub mod helpscout;
pub mod http;
pub mod intercom;
pub mod labels;
pub mod zendesk;

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
