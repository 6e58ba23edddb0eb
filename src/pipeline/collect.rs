//! Step 1: keep, per known account, the records inside the window
//! (as_of − window_days, as_of], counting what is left out.
//!
//! The window is on UTC calendar days: with as_of 2026-11-23 and 7 days it holds
//! 2026-11-17 00:00:00Z through 2026-11-23 23:59:59Z.

use super::extract::{CallEvidence, Matcher};
use crate::model::{Account, Call, StakeholderChange, Ticket, UsageEvent};
use chrono::{DateTime, Days, NaiveDate, Utc};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub as_of: NaiveDate,
    pub days: u32,
    /// Explicit instants `[start, end)` replacing the whole days in [`Window::contains`]
    /// (scheduled runs: from the previous slot to this one, so weeks tile exactly).
    pub bounds: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Window {
    pub fn new(as_of: NaiveDate, days: u32) -> Window {
        Window {
            as_of,
            days,
            bounds: None,
        }
    }

    /// This window, keeping records from `start` (inclusive) to `end` (exclusive).
    pub fn between(self, start: DateTime<Utc>, end: DateTime<Utc>) -> Window {
        Window {
            bounds: Some((start, end)),
            ..self
        }
    }

    /// First day inside the window.
    pub fn first_day(&self) -> NaiveDate {
        self.as_of
            .checked_sub_days(Days::new(u64::from(self.days.saturating_sub(1))))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn contains(&self, ts: DateTime<Utc>) -> bool {
        if let Some((start, end)) = self.bounds {
            return start <= ts && ts < end;
        }
        let day = ts.date_naive();
        day <= self.as_of && day >= self.first_day()
    }
}

/// Where a record went in step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Kept,
    UnknownAccount,
    OutsideWindow,
}

/// The records of one run that survived step 1, with step 3 already applied to calls so
/// that transcripts need not stay in memory.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub accounts: Vec<Account>,
    pub calls: Vec<CallEvidence>,
    pub usage_events: Vec<UsageEvent>,
    pub tickets: Vec<Ticket>,
    /// All stakeholder changes of known accounts up to as_of (the champion guard looks
    /// back 30 days, further than the window).
    pub stakeholder_changes: Vec<StakeholderChange>,
    pub unknown_account_records: usize,
    pub outside_window: usize,
    /// Set by the optional semantic stages, copied into the diagnostics.
    pub embeddings: Option<crate::digest::EmbeddingDiagnostics>,
    pub llm: Option<crate::digest::LlmDiagnostics>,
}

/// Accumulates records one at a time, so sources can stream them.
#[derive(Debug)]
pub struct Collector {
    window: Window,
    index: HashMap<String, usize>,
    out: Collected,
}

impl Collector {
    pub fn new(accounts: Vec<Account>, window: Window) -> Collector {
        let index = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        Collector {
            window,
            index,
            out: Collected {
                accounts,
                ..Default::default()
            },
        }
    }

    pub fn window(&self) -> Window {
        self.window
    }

    pub fn knows(&self, account_id: &str) -> bool {
        self.index.contains_key(account_id)
    }

    /// Decides whether a record is kept, and counts it when it is not.
    pub fn admit(&mut self, account_id: &str, at: DateTime<Utc>) -> Admission {
        let verdict = admission(self.knows(account_id), self.window, at);
        match verdict {
            Admission::UnknownAccount => self.out.unknown_account_records += 1,
            Admission::OutsideWindow => self.out.outside_window += 1,
            Admission::Kept => {}
        }
        verdict
    }

    /// Admits and extracts a call in one go (in-memory sources).
    pub fn call(&mut self, call: &Call, matcher: &Matcher) {
        if self.admit(&call.account_id, call.occurred_at) == Admission::Kept {
            self.out
                .calls
                .push(super::classify::extract_for_run(call, matcher));
        }
    }

    /// Adds a call already admitted and extracted (streaming sources extract in parallel).
    pub fn extracted_call(&mut self, evidence: CallEvidence) {
        self.out.calls.push(evidence);
    }

    pub fn usage(&mut self, event: UsageEvent) {
        if self.admit(&event.account_id, event.occurred_at) == Admission::Kept {
            self.out.usage_events.push(event);
        }
    }

    pub fn ticket(&mut self, ticket: Ticket) {
        if self.admit(&ticket.account_id, ticket.opened_at) == Admission::Kept {
            self.out.tickets.push(ticket);
        }
    }

    pub fn stakeholder_change(&mut self, change: StakeholderChange) {
        if !self.knows(&change.account_id) {
            self.out.unknown_account_records += 1;
        } else if change.occurred_at.date_naive() <= self.window.as_of {
            self.out.stakeholder_changes.push(change);
        }
    }

    pub fn finish(self) -> Collected {
        self.out
    }
}

/// The step-1 decision for one record.
pub fn admission(known_account: bool, window: Window, at: DateTime<Utc>) -> Admission {
    if !known_account {
        Admission::UnknownAccount
    } else if !window.contains(at) {
        Admission::OutsideWindow
    } else {
        Admission::Kept
    }
}

/// Collects an in-memory portfolio (connectors, tests).
pub fn collect(
    portfolio: &crate::model::Portfolio,
    window: Window,
    matcher: &Matcher,
) -> Collected {
    let mut c = Collector::new(portfolio.accounts.clone(), window);
    for call in &portfolio.calls {
        c.call(call, matcher);
    }
    for e in &portfolio.usage_events {
        c.usage(e.clone());
    }
    for t in &portfolio.support_tickets {
        c.ticket(t.clone());
    }
    for s in &portfolio.stakeholder_changes {
        c.stakeholder_change(s.clone());
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn window_boundaries() {
        let w = Window::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 7);
        let cases = [
            ("2026-11-16T23:59:59Z", false),
            ("2026-11-17T00:00:00Z", true),
            ("2026-11-23T23:59:59Z", true),
            ("2026-11-24T00:00:00Z", false),
            ("2026-11-17T01:00:00+02:00", false), // 2026-11-16 23:00 UTC
        ];
        for (at, want) in cases {
            assert_eq!(w.contains(ts(at)), want, "{at}");
        }
        assert_eq!(
            w.first_day(),
            NaiveDate::from_ymd_opt(2026, 11, 17).unwrap()
        );
    }

    #[test]
    fn admission_table() {
        let w = Window::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 7);
        let cases = [
            (true, "2026-11-20T10:00:00Z", Admission::Kept),
            (false, "2026-11-20T10:00:00Z", Admission::UnknownAccount),
            (true, "2026-11-01T10:00:00Z", Admission::OutsideWindow),
            (false, "2026-11-01T10:00:00Z", Admission::UnknownAccount),
        ];
        for (known, at, want) in cases {
            assert_eq!(admission(known, w, ts(at)), want, "{known} {at}");
        }
    }
}
