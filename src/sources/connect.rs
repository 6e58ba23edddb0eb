//! Fetching a week through the configured connectors into a [`Portfolio`], and writing it
//! as a snapshot: a data directory in exactly the engine's input format, so that
//! `run --data SNAPSHOT` replays the week offline.
//!
//! Fetch first, then map: each vendor module fetches its raw records; the plain functions
//! here and in the vendor modules turn them into model records.

use super::gainsight::Gainsight;
use super::gong::{self, CallStats, Gong};
use super::helpscout::HelpScout;
use super::http::{Counter, FetchError, Progress, RetryPolicy};
use super::intercom::Intercom;
use super::zendesk::Zendesk;
use super::{DataDir, InputError, files};
use crate::config::sources::{
    AccountsSource, CallsSource, GAINSIGHT_TOKEN, INTERCOM_TOKEN, SourcesConfig, SourcesEnv,
    TicketsSource, UsageSource,
};
use crate::config::{Config, ConfigError};
use crate::model::{Account, Portfolio, Ticket};
use crate::pipeline::collect::Window;
use chrono::{DateTime, Days, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The diagnostics file written into every snapshot (the loader ignores it).
pub const REPORT_FILE: &str = "fetch_report.json";

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

/// The fetch interval of a window: `[first day 00:00Z, day after as_of 00:00Z)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Range {
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

    pub fn from_rfc3339(&self) -> String {
        self.from.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

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

    pub fn knows(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The account owning the domains of these addresses (a subdomain matches its parent
    /// domain): one account, several, or none.
    pub fn by_emails<'a>(&self, emails: impl Iterator<Item = &'a str>) -> Match {
        let mut found: BTreeSet<&str> = BTreeSet::new();
        for email in emails {
            let Some((_, domain)) = email.trim().rsplit_once('@') else {
                continue;
            };
            let domain = domain.to_ascii_lowercase();
            let mut d = domain.as_str();
            loop {
                if let Some(ids) = self.domains.get(d) {
                    found.extend(ids.iter().map(String::as_str));
                    break;
                }
                match d.split_once('.') {
                    Some((_, parent)) if parent.contains('.') => d = parent,
                    _ => break,
                }
            }
        }
        match found.len() {
            0 => Match::None,
            1 => Match::Domain(found.into_iter().next().unwrap_or_default().to_string()),
            _ => Match::Ambiguous,
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

/// A help desk connector: every ticket created in the range (it may return more; the
/// mapping drops what lies outside).
pub trait TicketConnector {
    fn fetch_tickets(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> impl Future<Output = Result<Vec<RawTicket>, FetchError>> + Send;
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

/// Counts for one input of a fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InputStats {
    pub fetched: usize,
    pub kept: usize,
    pub unmatched: usize,
    pub outside_window: usize,
    pub unmatched_ids: Vec<String>,
    /// Records left out as unusable (e.g. a churned company without ARR, CSM or renewal
    /// date), each as `id (name): no …`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// One input's line of the fetch report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputReport {
    pub input: &'static str,
    /// `files` or the vendor.
    pub source: String,
    pub pages: usize,
    pub records: usize,
    #[serde(flatten)]
    pub stats: InputStats,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls: Option<CallStats>,
}

/// What a fetch did: written next to the snapshot as [`REPORT_FILE`] and summarized on
/// stderr.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FetchReport {
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub from: String,
    pub to: String,
    pub inputs: Vec<InputReport>,
}

impl FetchReport {
    /// One line per input, for stderr (no customer text).
    pub fn summary_lines(&self) -> Vec<String> {
        self.inputs
            .iter()
            .map(|i| {
                let mut line = format!(
                    "{}: {} — {} record(s) kept of {} fetched",
                    i.input, i.source, i.stats.kept, i.stats.fetched
                );
                if i.pages > 0 {
                    line += &format!(" ({} page(s))", i.pages);
                }
                if let Some(c) = &i.calls {
                    line += &format!(
                        "; {} by CRM id, {} by e-mail domain, {} unmatched, {} ambiguous, {} without transcript",
                        c.by_crm_id, c.by_domain, c.unmatched, c.ambiguous, c.without_transcript
                    );
                } else if i.stats.unmatched > 0 {
                    line += &format!("; {} not tied to a known account", i.stats.unmatched);
                }
                if !i.stats.skipped.is_empty() {
                    // Named on stderr up to a few; the report file has them all.
                    const NAMED: usize = 5;
                    let n = i.stats.skipped.len();
                    line += &format!("; {n} left out: {}", i.stats.skipped[..n.min(NAMED)].join("; "));
                    if n > NAMED {
                        line += &format!(" and {} more", n - NAMED);
                    }
                }
                if i.stats.outside_window > 0 {
                    line += &format!("; {} outside the window", i.stats.outside_window);
                }
                line
            })
            .collect()
    }
}

/// A fetched week.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub portfolio: Portfolio,
    pub report: FetchReport,
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
        let env = SourcesEnv::from_env(&config.sources, crate::config::Env::process())?;
        Ok(Connectors {
            sources: config.sources.clone(),
            env,
            data: config.data.clone(),
            policy: RetryPolicy {
                max_retries: config.sources.http.max_retries,
                timeout: Duration::from_secs(config.sources.http.timeout_secs),
                ..RetryPolicy::default()
            },
        })
    }

    /// Fetches the week ending `window.as_of`: accounts first (the others are mapped onto
    /// them), then calls, usage events and tickets at the same time.
    pub async fn fetch(
        &self,
        window: Window,
        progress: &Progress,
    ) -> Result<Fetched, ConnectorError> {
        let range = Range::for_window(window);
        let data = DataDir::new(&self.data);
        let s = &self.sources;
        let policy = &self.policy;

        let mut accounts_counter = progress.source("accounts");
        let (accounts, accounts_report) = match &s.accounts {
            AccountsSource::Files => {
                let accounts = data.load_accounts()?;
                let n = accounts.len();
                (accounts, files_report("accounts", n))
            }
            AccountsSource::Gainsight(cfg) => {
                let g = Gainsight::new(
                    &cfg.base_url,
                    need(&self.env.gainsight, GAINSIGHT_TOKEN)?,
                    policy.clone(),
                );
                let fetched = g.accounts(cfg, &mut accounts_counter).await?;
                let mut report = vendor_report(
                    "accounts",
                    "gainsight",
                    &accounts_counter,
                    fetched.accounts.len(),
                );
                report.stats.skipped = fetched.skipped.iter().map(|s| s.to_string()).collect();
                (fetched.accounts, report)
            }
        };
        drop(accounts_counter);
        let index = AccountIndex::new(&accounts);

        let calls = async {
            let mut counter = progress.source("calls");
            match &s.calls {
                CallsSource::Files => {
                    let calls: Vec<crate::model::Call> = data.load(files::CALLS, true)?;
                    let n = calls.len();
                    Ok::<_, ConnectorError>((calls, files_report("calls", n)))
                }
                CallsSource::Gong(cfg) => {
                    let key = self.env.gong.clone().ok_or(ConfigError::MissingEnv {
                        name: crate::config::sources::GONG_API_KEY,
                        hint: "sources.calls is `gong`",
                    })?;
                    let gong = Gong::new(cfg, key, policy.clone());
                    let fetched = gong.fetch(&range, &index, &mut counter).await?;
                    let (calls, stats) = gong::map_calls(&fetched, &index, &range);
                    let report = InputReport {
                        input: "calls",
                        source: "gong".into(),
                        pages: counter.pages,
                        records: counter.records,
                        stats: InputStats {
                            fetched: stats.fetched,
                            kept: stats.kept,
                            unmatched: stats.unmatched + stats.ambiguous,
                            outside_window: stats.outside_window,
                            unmatched_ids: stats.unmatched_ids.clone(),
                            skipped: Vec::new(),
                        },
                        calls: Some(stats),
                    };
                    Ok((calls, report))
                }
            }
        };
        let usage = async {
            let mut counter = progress.source("usage events");
            match &s.usage_events {
                UsageSource::Files => {
                    let events: Vec<crate::model::UsageEvent> =
                        data.load(files::USAGE_EVENTS, true)?;
                    let n = events.len();
                    Ok::<_, ConnectorError>((events, files_report("usage_events", n)))
                }
                UsageSource::Gainsight(cfg) => {
                    let g = Gainsight::new(
                        &cfg.base_url,
                        need(&self.env.gainsight, GAINSIGHT_TOKEN)?,
                        policy.clone(),
                    );
                    let raw = g.usage_events(cfg, &range, &mut counter).await?;
                    let fetched = raw.len();
                    let mut stats = InputStats {
                        fetched,
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
                    let report = InputReport {
                        input: "usage_events",
                        source: "gainsight".into(),
                        pages: counter.pages,
                        records: counter.records,
                        stats,
                        calls: None,
                    };
                    Ok((events, report))
                }
            }
        };
        let tickets = async {
            let mut counter = progress.source("support tickets");
            let (vendor, raw) = match &s.support_tickets {
                TicketsSource::Files => {
                    let tickets: Vec<Ticket> = data.load(files::SUPPORT_TICKETS, true)?;
                    let n = tickets.len();
                    return Ok::<_, ConnectorError>((tickets, files_report("support_tickets", n)));
                }
                TicketsSource::Zendesk(cfg) => {
                    let key = self.env.zendesk.clone().ok_or(ConfigError::MissingEnv {
                        name: crate::config::sources::ZENDESK_API_TOKEN,
                        hint: "sources.support_tickets is `zendesk`",
                    })?;
                    let z = Zendesk::new(cfg, key, policy.clone());
                    ("zendesk", z.fetch_tickets(&range, &mut counter).await?)
                }
                TicketsSource::Intercom(cfg) => {
                    let i = Intercom::new(
                        cfg,
                        need(&self.env.intercom, INTERCOM_TOKEN)?,
                        policy.clone(),
                    );
                    ("intercom", i.fetch_tickets(&range, &mut counter).await?)
                }
                TicketsSource::HelpScout(cfg) => {
                    let key = self.env.helpscout.clone().ok_or(ConfigError::MissingEnv {
                        name: crate::config::sources::HELPSCOUT_CLIENT_ID,
                        hint: "sources.support_tickets is `helpscout`",
                    })?;
                    let h = HelpScout::new(cfg, key, policy.clone());
                    ("helpscout", h.fetch_tickets(&range, &mut counter).await?)
                }
            };
            let (tickets, stats) = map_tickets(raw, &index, &range);
            let report = InputReport {
                input: "support_tickets",
                source: vendor.into(),
                pages: counter.pages,
                records: counter.records,
                stats,
                calls: None,
            };
            Ok((tickets, report))
        };
        let ((calls, calls_report), (usage_events, usage_report), (tickets, tickets_report)) =
            tokio::try_join!(calls, usage, tickets)?;

        let stakeholder_changes: Vec<crate::model::StakeholderChange> = if self.data.is_dir() {
            data.load(files::STAKEHOLDER_CHANGES, false)?
        } else {
            Vec::new()
        };
        let stakeholder_report = files_report("stakeholder_changes", stakeholder_changes.len());

        let mut portfolio = Portfolio {
            accounts,
            calls,
            usage_events,
            support_tickets: tickets,
            stakeholder_changes,
        };
        portfolio
            .calls
            .sort_by(|a, b| (a.occurred_at, &a.call_id).cmp(&(b.occurred_at, &b.call_id)));
        Ok(Fetched {
            portfolio,
            report: FetchReport {
                as_of: window.as_of,
                window_days: window.days,
                from: range.from_rfc3339(),
                to: range.to_rfc3339(),
                inputs: vec![
                    accounts_report,
                    calls_report,
                    usage_report,
                    tickets_report,
                    stakeholder_report,
                ],
            },
        })
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

/// A configured connector's secret ([`Connectors::from_config`] resolves them all first;
/// this only guards hand-built `Connectors`).
fn need<T: Clone>(s: &Option<T>, name: &'static str) -> Result<T, ConfigError> {
    s.clone().ok_or(ConfigError::MissingEnv {
        name,
        hint: "the source is configured but its secret was not resolved",
    })
}

fn files_report(input: &'static str, n: usize) -> InputReport {
    InputReport {
        input,
        source: "files".into(),
        pages: 0,
        records: n,
        stats: InputStats {
            fetched: n,
            kept: n,
            ..InputStats::default()
        },
        calls: None,
    }
}

fn vendor_report(input: &'static str, vendor: &str, c: &Counter, kept: usize) -> InputReport {
    InputReport {
        input,
        source: vendor.into(),
        pages: c.pages,
        records: c.records,
        stats: InputStats {
            fetched: c.records,
            kept,
            ..InputStats::default()
        },
        calls: None,
    }
}

fn snapshot_err(path: &Path, e: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::Snapshot {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn write_file(dir: &Path, name: &str, text: &str) -> Result<(), ConnectorError> {
    // Unique temporary names: two fetches of the same week may overlap.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| snapshot_err(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| snapshot_err(&path, e))
}

fn json_array<T: Serialize>(records: &[T]) -> String {
    serde_json::to_string_pretty(records).expect("model records serialize") + "\n"
}

/// Writes a fetched week as a data directory (`accounts.json`, `calls.jsonl`,
/// `usage_events.json`, `support_tickets.json`, `stakeholder_changes.json`) plus
/// [`REPORT_FILE`], then reads it back with the engine's loader to prove it replays.
/// A file of the same input in the other format (`calls.json`) is removed so the folder
/// stays unambiguous; other files are left alone.
pub fn write_snapshot(dir: &Path, fetched: &Fetched) -> Result<(), ConnectorError> {
    std::fs::create_dir_all(dir).map_err(|e| snapshot_err(dir, e))?;
    // The report goes last: its presence marks a complete snapshot.
    let _ = std::fs::remove_file(dir.join(REPORT_FILE));
    let p = &fetched.portfolio;
    let mut calls = String::new();
    for c in &p.calls {
        calls += &serde_json::to_string(c).expect("a call serializes");
        calls.push('\n');
    }
    let outputs = [
        (files::ACCOUNTS, "json", json_array(&p.accounts)),
        (files::CALLS, "jsonl", calls),
        (files::USAGE_EVENTS, "json", json_array(&p.usage_events)),
        (
            files::SUPPORT_TICKETS,
            "json",
            json_array(&p.support_tickets),
        ),
        (
            files::STAKEHOLDER_CHANGES,
            "json",
            json_array(&p.stakeholder_changes),
        ),
    ];
    for (name, ext, text) in &outputs {
        let other = if *ext == "json" { "jsonl" } else { "json" };
        let stale = dir.join(format!("{name}.{other}"));
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| snapshot_err(&stale, e))?;
        }
        write_file(dir, &format!("{name}.{ext}"), text)?;
    }
    let back = DataDir::new(dir).load_portfolio()?;
    if back != *p {
        return Err(snapshot_err(
            dir,
            "the snapshot does not read back as it was written",
        ));
    }
    let report =
        serde_json::to_string_pretty(&fetched.report).expect("the report serializes") + "\n";
    write_file(dir, REPORT_FILE, &report)
}

/// True when `dir` holds a complete snapshot.
pub fn is_complete(dir: &Path) -> bool {
    dir.join(REPORT_FILE).is_file()
}

/// Deletes the oldest week folders (`YYYY-MM-DD`) under `root` beyond `keep`; other
/// entries are left alone. Returns the deleted folders.
pub fn prune_snapshots(root: &Path, keep: usize) -> Result<Vec<PathBuf>, ConnectorError> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(Vec::new());
    };
    let mut weeks: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            NaiveDate::parse_from_str(&name, "%Y-%m-%d")
                .ok()
                .map(|d| (d, e.path()))
        })
        .collect();
    weeks.sort_by_key(|w| std::cmp::Reverse(w.0));
    let mut deleted = Vec::new();
    for (_, path) in weeks.into_iter().skip(keep) {
        std::fs::remove_dir_all(&path).map_err(|e| snapshot_err(&path, e))?;
        deleted.push(path);
    }
    Ok(deleted)
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

    #[test]
    fn prune_keeps_the_newest_weeks_only() {
        let root = tempfile::tempdir().unwrap();
        for d in [
            "2026-11-02",
            "2026-11-09",
            "2026-11-16",
            "2026-11-23",
            "notes",
        ] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        let deleted = prune_snapshots(root.path(), 2).unwrap();
        assert_eq!(deleted.len(), 2);
        let mut left: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, ["2026-11-16", "2026-11-23", "notes"]);
    }

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
