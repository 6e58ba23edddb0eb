//! What a vendor connector implements, and the plain types it speaks.
//!
//! One trait per kind of input: [`AccountsConnector`] (a CRM), [`CallsConnector`] (a
//! call recorder), [`UsageConnector`] (product analytics) and [`TicketConnector`] (a
//! help desk). A vendor implements the ones it serves; the fetch
//! ([`super::connect::Connectors::fetch`]) only ever sees these traits.
//!
//! The traits are object-safe (the fetch holds `Box<dyn …>`), so their futures are
//! boxed: [`Fetching`].

use super::http::{Counter, FetchError};
use crate::model::{Account, Call, UsageEvent};
use crate::pipeline::collect::Window;
use chrono::{DateTime, Days, NaiveDate, SecondsFormat, Utc};
use futures_util::future::BoxFuture;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a connector's fetch returns: a future borrowing the connector and its
/// arguments.
pub type Fetching<'a, T> = BoxFuture<'a, Result<T, FetchError>>;

/// Any vendor connector.
pub trait Connector: Send + Sync {
    /// The vendor's name in reports and messages (`gong`, `zendesk`, …).
    fn vendor(&self) -> &'static str;
}

/// A CRM holding the accounts.
pub trait AccountsConnector: Connector {
    /// Every account, without the companies that could never be in a digest (named in
    /// [`FetchedAccounts::skipped`]).
    fn fetch_accounts<'a>(&'a self, counter: &'a mut Counter) -> Fetching<'a, FetchedAccounts>;
}

/// A call recorder.
pub trait CallsConnector: Connector {
    /// The calls that started in `range`, tied to the accounts of `index`, with what
    /// tying them found.
    fn fetch_calls<'a>(
        &'a self,
        range: &'a Range,
        index: &'a AccountIndex,
        counter: &'a mut Counter,
    ) -> Fetching<'a, (Vec<Call>, CallStats)>;
}

/// A source of usage events (anomalies computed by the vendor).
pub trait UsageConnector: Connector {
    /// The usage events that occurred in `range` (it may return more, or events of
    /// unknown accounts: the fetch drops them and counts them).
    fn fetch_usage<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<UsageEvent>>;
}

/// A help desk.
pub trait TicketConnector: Connector {
    /// Every ticket created in `range` (it may return more; the mapping drops what lies
    /// outside).
    fn fetch_tickets<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<RawTicket>>;
}

/// The fetch interval of a window: `[first day 00:00Z, day after as_of 00:00Z)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Range {
    /// The range of window `w`.
    pub fn for_window(w: Window) -> Range {
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        Range {
            from: midnight(w.first_day()),
            to: midnight(w.as_of.checked_add_days(Days::new(1)).unwrap_or(w.as_of)),
        }
    }

    /// `from` inclusive, `to` exclusive.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }

    /// `from` as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn from_rfc3339(&self) -> String {
        self.from.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// `to` as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(&self) -> String {
        self.to.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// How a record was tied to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// An id that names a known account (CRM id, organization mapping, attribute).
    Id(String),
    /// The only account owning one of the e-mail domains.
    Domain(String),
    /// The domains point at several accounts.
    Ambiguous,
    None,
}

/// Known account ids and the accounts' e-mail domains.
#[derive(Debug, Clone, Default)]
pub struct AccountIndex {
    ids: HashSet<String>,
    domains: HashMap<String, Vec<String>>,
}

impl AccountIndex {
    /// The ids and domains of `accounts` (domains lowercased, without a leading `@`).
    pub fn new(accounts: &[Account]) -> AccountIndex {
        let mut index = AccountIndex::default();
        for a in accounts {
            index.ids.insert(a.id.clone());
            for d in &a.domains {
                let d = d.trim().trim_start_matches('@').to_ascii_lowercase();
                if !d.is_empty() {
                    index.domains.entry(d).or_default().push(a.id.clone());
                }
            }
        }
        index
    }

    /// True when `id` is an account's id.
    pub fn knows(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The account owning the domains of these addresses (a subdomain matches its parent
    /// domain): one account, several, or none.
    pub fn by_emails<'a>(&self, emails: impl Iterator<Item = &'a str>) -> Match {
        let mut found: BTreeSet<&str> = BTreeSet::new();
        for email in emails {
            if let Some(ids) = email
                .trim()
                .rsplit_once('@')
                .and_then(|(_, domain)| self.owners(&domain.to_ascii_lowercase()))
            {
                found.extend(ids.iter().map(String::as_str));
            }
        }
        match found.len() {
            0 => Match::None,
            1 => Match::Domain(found.into_iter().next().unwrap_or_default().to_string()),
            _ => Match::Ambiguous,
        }
    }

    /// The accounts owning `domain` (lowercase), or its nearest parent domain that has
    /// owners (never a bare top-level domain).
    fn owners(&self, domain: &str) -> Option<&Vec<String>> {
        let mut d = domain;
        loop {
            if let Some(ids) = self.domains.get(d) {
                return Some(ids);
            }
            match d.split_once('.') {
                Some((_, parent)) if parent.contains('.') => d = parent,
                _ => return None,
            }
        }
    }
}

/// Who a fetched ticket belongs to, before mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketOwner {
    /// An account id from the vendor's own mapping (organization, attribute).
    Id(String),
    /// E-mail addresses of the requester, matched by domain.
    Emails(Vec<String>),
    None,
}

/// A ticket as any help desk returned it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTicket {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub subject: String,
    pub body: String,
    pub tags: Vec<String>,
    pub owner: TicketOwner,
}

/// The accounts of a CRM fetch, and the companies left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FetchedAccounts {
    pub accounts: Vec<Account>,
    pub skipped: Vec<SkippedAccount>,
}

/// A company left out because it has no ARR, CSM or renewal date (a churned company,
/// usually): it could never be in a digest.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedAccount {
    pub id: String,
    pub name: Option<String>,
    /// Our names of the empty fields (`arr`, `owner_email`, `renewal_date`).
    pub missing: Vec<&'static str>,
}

impl std::fmt::Display for SkippedAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} ({name})", self.id)?,
            None => write!(f, "{}", self.id)?,
        }
        write!(f, ": no {}", self.missing.join(", no "))
    }
}

/// What tying calls to accounts found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallStats {
    pub fetched: usize,
    pub kept: usize,
    pub by_crm_id: usize,
    pub by_domain: usize,
    /// No CRM id of a known account and no external participant of a known domain.
    pub unmatched: usize,
    /// External participants' domains point at more than one account.
    pub ambiguous: usize,
    /// Started outside [from, to) although the recorder returned them.
    pub outside_window: usize,
    /// Kept for coverage only: the recorder had no transcript.
    pub without_transcript: usize,
    /// Call ids that could not be mapped (for the diagnostics file).
    pub unmatched_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_inclusive_from_exclusive_to() {
        let r = Range::for_window(Window::new(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            7,
        ));
        assert_eq!(r.from_rfc3339(), "2026-11-17T00:00:00Z");
        assert_eq!(r.to_rfc3339(), "2026-11-24T00:00:00Z");
        assert!(r.contains(r.from));
        assert!(!r.contains(r.to));
        assert!(r.contains(r.to - chrono::Duration::seconds(1)));
    }
}
