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
    #[error(transparent)]
    Semantic(#[from] crate::embed::stage::StageError),
}

/// The optional semantic stages of step 3, as configured for one command.
#[derive(Default)]
pub struct Stages {
    /// The local embedding model; `None`: the stage is off.
    pub embedder: Option<Box<dyn crate::embed::Embedder>>,
    pub scope: crate::embed::stage::Scope,
    /// The LLM stage; `None`: off.
    pub llm: Option<(Box<dyn crate::llm::Ask>, crate::llm::Budget)>,
}

impl std::fmt::Debug for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stages")
            .field("embeddings", &self.embedder.as_ref().map(|e| e.model_id()))
            .field("scope", &self.scope)
            .field("llm", &self.llm.as_ref().map(|(p, _)| p.model()))
            .finish()
    }
}

impl Stages {
    /// The stages a configured deployment (`serve`) runs: `[extract]`, and `[llm]` when
    /// its `enabled` is true.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Stages> {
        let embedder = match &config.extract.embeddings_model {
            Some(dir) => Some(crate::embed::load(dir)?),
            None => None,
        };
        let llm = match &config.llm {
            Some(l) if l.enabled => Some((
                Box::new(crate::llm::Client::new(l)?) as Box<dyn crate::llm::Ask>,
                crate::llm::Budget::from_config(l),
            )),
            _ => None,
        };
        Ok(Stages {
            embedder,
            scope: if config.extract.embed_all_accounts {
                crate::embed::stage::Scope::All
            } else {
                crate::embed::stage::Scope::UsageTriggered
            },
            llm,
        })
    }

    pub fn is_off(&self) -> bool {
        self.embedder.is_none() && self.llm.is_none()
    }
}

/// [`run_week`] or [`run_week_between`] (with `between`) with the semantic stages; their
/// caches live in the database at `db`, opened for the stages alone so the history is
/// not held while a model runs.
pub fn run_week_staged(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
    between: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    history: &dyn History,
    stages: &Stages,
    db: &Path,
) -> anyhow::Result<RunReport> {
    let window = match between {
        Some((start, end)) => params.window().between(start, end),
        None => params.window(),
    };
    let mut collected = source.collect(window, &rules.matcher)?;
    if !stages.is_off() {
        let mut cache = crate::store::Store::open(db)?;
        semantic(&mut collected, source, rules, window, stages, &mut cache)?;
    }
    Ok(decide(&collected, rules, params, history)?)
}

/// Step 3b: the configured semantic stages over a collected week (nothing when none is
/// configured): embeddings, then the LLM. Vectors and answers are cached in `store`.
pub fn semantic(
    collected: &mut Collected,
    source: &dyn Source,
    rules: &Rules,
    window: crate::pipeline::collect::Window,
    stages: &Stages,
    store: &mut crate::store::Store,
) -> Result<(), EngineError> {
    use crate::embed::stage::{Scope, usage_triggered};
    let tax = &rules.references.taxonomy;
    if let Some(embedder) = &stages.embedder {
        crate::embed::stage::run(
            collected,
            source,
            window,
            tax,
            &rules.matcher,
            embedder.as_ref(),
            store,
            stages.scope,
        )?;
    }
    if let Some((provider, budget)) = &stages.llm {
        let accounts = match stages.scope {
            Scope::UsageTriggered => usage_triggered(collected, tax),
            Scope::All => collected.accounts.iter().map(|a| a.id.clone()).collect(),
        };
        crate::llm::run(
            collected,
            source,
            window,
            tax,
            &rules.references.taxonomy_hash,
            &rules.matcher,
            provider.as_ref(),
            *budget,
            store,
            &accounts,
        )?;
    }
    Ok(())
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

/// [`explain_account`] with the semantic stages: each customer sentence of the window
/// that no phrase matched is shown with its nearest phrase and similarity.
pub fn explain_account_with(
    source: &dyn Source,
    rules: &Rules,
    params: &Params,
    query: &str,
    stages: &Stages,
    cache: &mut dyn crate::store::cache::VectorCache,
) -> Result<AccountAnswer, EngineError> {
    use crate::embed::stage::{Scope, phrase_index, vectors};
    use crate::pipeline::semantic::{embed_text, unmatched_sentences};
    let Some(embedder) = &stages.embedder else {
        return explain_account(source, rules, params, query);
    };
    let accounts = source.accounts()?;
    let account = match find_account(&accounts, query) {
        Lookup::Found(a) => a.clone(),
        Lookup::NotFound => return Ok(AccountAnswer::NotFound),
        Lookup::Ambiguous(v) => {
            return Ok(AccountAnswer::Ambiguous(v.into_iter().cloned().collect()));
        }
    };
    let records = source.account_portfolio(&account.id)?;
    let window = params.window();
    let tax = &rules.references.taxonomy;
    let index = phrase_index(tax, embedder.as_ref(), cache).map_err(EngineError::Semantic)?;
    let texts: Vec<String> = records
        .calls
        .iter()
        .filter(|c| c.account_id == account.id && window.contains(c.occurred_at))
        .flat_map(|c| unmatched_sentences(c, &rules.matcher))
        .map(|u| embed_text(&u.sentence))
        .collect();
    let (vecs, _) = vectors(&texts, embedder.as_ref(), cache)?;
    let by_text: std::collections::HashMap<String, Vec<f32>> =
        texts.into_iter().zip(vecs).collect();
    let counts = stages.scope == Scope::All
        || records.usage_events.iter().any(|e| {
            e.account_id == account.id
                && window.contains(e.occurred_at)
                && !crate::pipeline::classify::usage_skus(e, tax).is_empty()
        });
    Ok(AccountAnswer::Explained(Box::new(
        crate::pipeline::explain::explain_with(
            &account,
            &records,
            &rules.references,
            &rules.matcher,
            params,
            Some((&index, &by_text, counts)),
        ),
    )))
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
    use crate::sources::snapshot;
    if !config.sources.uses_connectors() {
        return Ok(Box::new(crate::sources::DataDir::new(&config.data)));
    }
    let root = config.snapshots_dir();
    let dir = root.join(as_of.to_string());
    if !snapshot::is_complete(&dir) {
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
        for old in snapshot::prune_snapshots(&root, config.sources.snapshots.retention)? {
            tracing::info!("deleted the old snapshot {}", old.display());
        }
    }
    Ok(Box::new(crate::sources::DataDir::new(dir)))
}

/// Fetches the week ending `as_of` through the configured sources and writes it to `out`
/// as a data directory (see [`crate::sources::snapshot::write_snapshot`]). Secrets are
/// checked before anything is fetched.
pub fn fetch_snapshot(
    config: &crate::config::Config,
    as_of: chrono::NaiveDate,
    out: &Path,
    progress: &crate::sources::http::Progress,
) -> Result<crate::sources::report::FetchReport, EngineError> {
    let window = crate::pipeline::collect::Window::new(as_of, config.window_days);
    fetch_window(config, window, out, progress)
}

/// [`fetch_snapshot`] for any window.
fn fetch_window(
    config: &crate::config::Config,
    window: crate::pipeline::collect::Window,
    out: &Path,
    progress: &crate::sources::http::Progress,
) -> Result<crate::sources::report::FetchReport, EngineError> {
    use crate::sources::connect::Connectors;
    use crate::sources::snapshot::write_snapshot;
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
