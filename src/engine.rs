//! Glue between the adapters and the pure pipeline: load the rules, gather the records,
//! run the steps, and hand back the digest value. The CLI and the Slack app both call
//! this module; neither talks to the pipeline directly.

use crate::digest::RunReport;
use crate::model::Account;
use crate::pipeline::collect::Collected;
use crate::pipeline::explain::{Explanation, Lookup, explain, find_account};
use crate::pipeline::extract::Matcher;
use crate::pipeline::{self, Params};
use crate::references::{self, Problem, References};
use crate::sources::{InputError, Source};
use crate::store::{History, StoreError};
use std::path::Path;

/// How many earlier weeks the too-loose guard looks at.
const HISTORY_WEEKS: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the reference files have {} error(s):\n{}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    References(Vec<Problem>),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Connector(#[from] crate::sources::connect::ConnectorError),
}

/// The parsed rules of one run, compiled once.
#[derive(Debug, Clone)]
pub struct Rules {
    pub references: References,
    pub matcher: Matcher,
    /// Warnings `check` would show (the run goes ahead).
    pub warnings: Vec<Problem>,
}

impl Rules {
    pub fn load(dir: &Path) -> Result<Rules, EngineError> {
        let checked = references::load_dir(dir);
        match checked.references {
            Some(refs) => Ok(Rules {
                matcher: Matcher::new(&refs.taxonomy),
                references: refs,
                warnings: checked.problems,
            }),
            None => Err(EngineError::References(checked.errors().cloned().collect())),
        }
    }
}

/// Steps 1 and 3: reads and validates every record, keeping the window's evidence.
/// Fails on the first bad record, before anything is decided or written.
pub fn gather(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
) -> Result<Collected, EngineError> {
    Ok(source.collect(params.window(), &rules.matcher)?)
}

/// Steps 2 and 4 to 6 and the guards, with the run history for the too-loose guard.
pub fn decide(
    collected: &Collected,
    rules: &Rules,
    params: &Params,
    history: &dyn History,
) -> Result<RunReport, EngineError> {
    let prior = history.prior_weeks(params.as_of, HISTORY_WEEKS)?;
    let feedback = history.feedback(params.as_of)?;
    Ok(pipeline::run_with_feedback(
        collected,
        &rules.references,
        &rules.matcher,
        params,
        &prior,
        &feedback,
    ))
}

/// One weekly run: gather, decide, and return the report (not yet recorded).
pub fn run_week(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
    history: &dyn History,
) -> Result<RunReport, EngineError> {
    let collected = gather(source, rules, params)?;
    decide(&collected, rules, params, history)
}

/// [`run_week`] keeping only records from `start` (inclusive) to `end` (exclusive)
/// instead of whole days: the Slack app's scheduled runs, whose consecutive windows
/// tile time exactly (previous slot to this slot). `params.as_of` and `window_days`
/// still name the week in the report and its history.
pub fn run_week_between(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
    history: &dyn History,
) -> Result<RunReport, EngineError> {
    let window = params.window().between(start, end);
    let collected = source.collect(window, &rules.matcher)?;
    decide(&collected, rules, params, history)
}

/// The outcome of an account lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountAnswer {
    Explained(Box<Explanation>),
    NotFound,
    Ambiguous(Vec<Account>),
}

/// Looks an account up by name or id and explains it.
pub fn explain_account(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
    query: &str,
) -> Result<AccountAnswer, EngineError> {
    let accounts = source.accounts()?;
    let account = match find_account(&accounts, query) {
        Lookup::Found(a) => a.clone(),
        Lookup::NotFound => return Ok(AccountAnswer::NotFound),
        Lookup::Ambiguous(v) => {
            return Ok(AccountAnswer::Ambiguous(v.into_iter().cloned().collect()));
        }
    };
    let records = source.account_portfolio(&account.id)?;
    Ok(AccountAnswer::Explained(Box::new(explain(
        &account,
        &records,
        &rules.references,
        &rules.matcher,
        params,
    ))))
}

/// The source a configured deployment (the Slack app's scheduled and manual runs) reads
/// for the week ending `as_of`.
///
/// This is the one place where a deployment chooses between the data directory and the
/// API connectors, so that the digest and `/expansion account` read the same data. With
/// connectors configured, the week is fetched once (the same code as the `fetch`
/// command) into `<snapshots>/<as_of>/`, older snapshots beyond the configured retention
/// are deleted, and the source reads that snapshot; a later call for the same week reuses
/// it. Delete the folder to fetch the week again.
pub fn source_for(
    config: &crate::config::Config,
    as_of: chrono::NaiveDate,
) -> Result<Box<dyn Source + Send + Sync>, EngineError> {
    use crate::sources::connect;
    if !config.sources.uses_connectors() {
        return Ok(Box::new(crate::sources::DataDir::new(&config.data)));
    }
    let root = connect::snapshot_root(config);
    let dir = root.join(as_of.to_string());
    if !connect::is_complete(&dir) {
        // One extra UTC day on each side: a scheduled run's window runs from the previous
        // slot instant to this one, which whole days ending on the local as_of may not
        // cover (time zones); every run still keeps only its own window.
        let wide = crate::pipeline::collect::Window::new(
            as_of.succ_opt().unwrap_or(as_of),
            config.window_days + 2,
        );
        let report = fetch_window(
            config,
            wide,
            &dir,
            &crate::sources::http::Progress::hidden(),
        )?;
        let unmatched = report.inputs.iter().any(|i| i.stats.unmatched > 0);
        for line in report.summary_lines() {
            // Unmatched records mean a mapping to fix: worth a warning in the app's log.
            if unmatched {
                tracing::warn!("fetch {as_of}: {line}");
            } else {
                tracing::info!("fetch {as_of}: {line}");
            }
        }
        for old in connect::prune_snapshots(&root, config.sources.snapshots.retention)? {
            tracing::info!("deleted the old snapshot {}", old.display());
        }
    }
    Ok(Box::new(crate::sources::DataDir::new(dir)))
}

/// Fetches the week ending `as_of` through the configured sources and writes it to `out`
/// as a data directory (see [`crate::sources::connect::write_snapshot`]). Secrets are
/// checked before anything is fetched.
pub fn fetch_snapshot(
    config: &crate::config::Config,
    as_of: chrono::NaiveDate,
    out: &Path,
    progress: &crate::sources::http::Progress,
) -> Result<crate::sources::connect::FetchReport, EngineError> {
    let window = crate::pipeline::collect::Window::new(as_of, config.window_days);
    fetch_window(config, window, out, progress)
}

/// [`fetch_snapshot`] for any window.
fn fetch_window(
    config: &crate::config::Config,
    window: crate::pipeline::collect::Window,
    out: &Path,
    progress: &crate::sources::http::Progress,
) -> Result<crate::sources::connect::FetchReport, EngineError> {
    use crate::sources::connect::{Connectors, write_snapshot};
    let connectors = Connectors::from_config(config)?;
    let fetched = connectors.fetch_blocking(window, progress)?;
    write_snapshot(out, &fetched)?;
    Ok(fetched.report)
}

/// What-if: the week of `params` decided under `current` and under `edited` rules, with
/// no run history (nothing is read from or written to a database), and what differs.
pub fn whatif(
    source: &dyn Source,
    current: &Rules,
    edited: &Rules,
    params: &Params,
) -> Result<Vec<crate::pipeline::whatif::Change>, EngineError> {
    let history = crate::store::Store::open_in_memory()?;
    let before = run_week(source, current, params, &history)?;
    let after = run_week(source, edited, params, &history)?;
    Ok(crate::pipeline::whatif::diff(&before, &after))
}
