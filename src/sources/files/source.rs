//! The data directory as a [`Source`]: the calls stream while the smaller inputs are read
//! on another thread.

use super::data_dir::DataDir;
use super::error::InputError;
use super::{STAKEHOLDER_CHANGES, SUPPORT_TICKETS, USAGE_EVENTS};
use crate::model::{Account, Call, Portfolio, StakeholderChange, Ticket, UsageEvent};
use crate::pipeline::collect::{Collector, Window};
use crate::pipeline::extract::Matcher;
use crate::sources::Source;
use std::collections::HashSet;

impl Source for DataDir {
    fn describe(&self) -> String {
        self.dir.display().to_string()
    }

    fn accounts(&self) -> Result<Vec<Account>, InputError> {
        self.accounts_checked()
    }

    fn collect(
        &self,
        window: Window,
        matcher: &Matcher,
    ) -> Result<crate::pipeline::collect::Collected, InputError> {
        let started = std::time::Instant::now();
        let accounts = self.accounts_checked()?;
        let mut collector = Collector::new(accounts, window);
        tracing::debug!(elapsed = ?started.elapsed(), "accounts read");

        // The smaller inputs are read on another thread while the calls stream.
        let (calls, others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| -> Result<_, InputError> {
                Ok((
                    self.read_all::<UsageEvent>(USAGE_EVENTS, true)?,
                    self.read_all::<Ticket>(SUPPORT_TICKETS, true)?,
                    self.read_all::<StakeholderChange>(STAKEHOLDER_CHANGES, false)?,
                ))
            });
            let calls = self.collect_calls(&mut collector, window, matcher);
            (calls, others.join())
        });
        tracing::debug!(elapsed = ?started.elapsed(), "calls read");
        // Errors in file order: calls before the others.
        calls?;
        let (usage, tickets, changes) = others.unwrap_or_else(|_| {
            Err(InputError::File {
                file: self.dir.display().to_string(),
                message: "the reader thread failed".into(),
            })
        })?;
        for e in usage {
            collector.usage(e);
        }
        for t in tickets {
            collector.ticket(t);
        }
        for c in changes {
            collector.stakeholder_change(c);
        }
        tracing::debug!(elapsed = ?started.elapsed(), "all inputs read");
        Ok(collector.finish())
    }

    fn each_call(
        &self,
        window: Window,
        accounts: &HashSet<String>,
        f: &mut dyn FnMut(&Call),
    ) -> Result<(), InputError> {
        self.calls_of(window, accounts, f)
    }

    fn account_portfolio(&self, account_id: &str) -> Result<Portfolio, InputError> {
        self.one_account(account_id)
    }
}
