//! The command layer: each subcommand as a function from parsed arguments to an exit
//! code. Errors carry context for the person at the terminal; the exit code says what
//! kind of failure it was (2: bad input or reference files, 3: coverage abort).

use crate::cli::{Cli, Command, Format, RunArgs, SemanticArgs};
use crate::digest::{RunReport, RunStatus};
use crate::engine::{self, AccountAnswer, EngineError, Rules, Stages};
use crate::i18n::Locale;
use crate::model::Account;
use crate::pipeline::Params;
use crate::pipeline::collect::Collected;
use crate::pipeline::eval::{self as ev, StageReport};
use crate::references::{self, Severity};
use crate::render;
use crate::sources::DataDir;
use crate::store::{History, Store};
use anyhow::Context;
use chrono::Utc;
use std::path::{Path, PathBuf};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_ABORTED: u8 = 3;
/// `eval` measured below the floor given with --min-recall / --max-false-positives.
pub const EXIT_BELOW_FLOOR: u8 = 5;

/// The portfolio summary written next to the digests (an e-mail address always has an
/// `@`, so no digest can have this name).
pub const PORTFOLIO_FILE: &str = "portfolio.md";

/// Runs a parsed command line; prints errors to stderr and returns the exit code.
pub fn main(cli: Cli) -> u8 {
    if !matches!(cli.command, Command::Serve { .. }) {
        end_quietly_on_closed_pipe();
    }
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            exit_code(&err)
        }
    }
}

/// `expansion-signals phrases | head` and the like end as other command-line tools do
/// when the reader closes the pipe (killed by SIGPIPE, nothing on stderr) instead of
/// panicking on the failed write. `serve` keeps Rust's default (the signal ignored);
/// its sockets report a closed peer as an error either way.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at the start of `main`, before any thread is spawned;
    // SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Runs one subcommand: each has a function of its own.
fn dispatch(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Run {
            args,
            cap_per_csm,
            out,
            format,
            db,
            dry_run,
            semantic,
        } => run(
            &args,
            cap_per_csm,
            out.as_deref(),
            format,
            &db,
            dry_run,
            &semantic,
        ),
        Command::Check { references } => check(&references),
        Command::Eval {
            labels,
            references,
            format,
            min_recall,
            max_false_positives,
            semantic,
        } => eval(
            &labels,
            &references,
            format,
            (min_recall, max_false_positives),
            &semantic,
        ),
        Command::Account {
            name,
            args,
            semantic,
        } => account(&name, &args, &semantic),
        Command::History { db, limit } => history(&db, limit),
        Command::Generate {
            demo: true, out, ..
        } => generate_demo(&out),
        Command::Generate {
            accounts,
            seed,
            out,
            references,
            as_of,
            ..
        } => generate(accounts, seed, &out, &references, as_of),
        Command::Phrases { references } => phrases(&references),
        Command::Serve { config, listen } => serve(&config, listen),
        Command::Fetch { config, as_of, out } => fetch(&config, as_of, &out),
        Command::ImportSkill { dir, out, force } => import_skill(&dir, &out, force),
        Command::Backup { file, db } => backup(&db, &file),
        Command::Stats { as_of, format, db } => stats(&db, as_of, format),
        Command::Feedback {
            command: crate::cli::FeedbackCommand::Export { labels, db },
        } => feedback_export(&db, &labels),
        Command::Whatif {
            args,
            current,
            cap_per_csm,
            format,
        } => whatif(&args, &current, cap_per_csm, format),
    }
}

/// Bad input and bad reference files exit 2; anything else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<crate::config::ConfigError>().is_some()
        || matches!(
            err.downcast_ref::<crate::embed::EmbedError>(),
            Some(crate::embed::EmbedError::Load { .. } | crate::embed::EmbedError::NotBuilt { .. })
        )
    {
        return EXIT_BAD_INPUT;
    }
    use crate::sources::connect::ConnectorError;
    match err.downcast_ref::<EngineError>() {
        Some(EngineError::References(_) | EngineError::Input(_)) => EXIT_BAD_INPUT,
        Some(EngineError::Connector(ConnectorError::Config(_) | ConnectorError::Input(_))) => {
            EXIT_BAD_INPUT
        }
        _ if err.downcast_ref::<crate::sources::InputError>().is_some() => EXIT_BAD_INPUT,
        _ => EXIT_FAILURE,
    }
}

/// The pipeline parameters of a command line; `--as-of` defaults to today (UTC).
fn params(args: &RunArgs, cap_per_csm: usize) -> Params {
    Params {
        as_of: args.as_of.unwrap_or_else(|| Utc::now().date_naive()),
        window_days: args.window_days,
        cap_per_csm,
    }
}

/// Loads the reference files and prints their warnings to stderr.
fn load_rules(dir: &Path) -> anyhow::Result<Rules> {
    let rules = Rules::load(dir)?;
    for w in &rules.warnings {
        eprintln!("{w}");
    }
    Ok(rules)
}

/// Output files written into a hidden staging folder inside `--out` and moved into place
/// only once every one of them was written. Dropped without [`Staged::commit`], it
/// removes the staging folder and every folder it created, so a failed run leaves
/// nothing behind.
struct Staged {
    out: PathBuf,
    staging: PathBuf,
    names: Vec<String>,
    /// Folders this run created (`--out` and missing parents), outermost first.
    created: Vec<PathBuf>,
    committed: bool,
}

impl Staged {
    /// Creates `out` (and missing parents) and writes every file into the staging
    /// folder; nothing is in place yet.
    fn write(out: &Path, files: &[(String, String)]) -> anyhow::Result<Staged> {
        if out.exists() && !out.is_dir() {
            anyhow::bail!(
                "the output folder {} is a file: pass --out a folder (it is created if missing)",
                out.display()
            );
        }
        let mut missing = Vec::new();
        let mut p = Some(out);
        while let Some(dir) = p.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(dir.to_path_buf());
            p = dir.parent();
        }
        let mut staged = Staged {
            out: out.to_path_buf(),
            staging: out.join(format!(".expansion-signals-{}.tmp", std::process::id())),
            names: Vec::new(),
            created: Vec::new(),
            committed: false,
        };
        for dir in missing.into_iter().rev() {
            std::fs::create_dir(&dir)
                .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
            staged.created.push(dir);
        }
        std::fs::create_dir(&staged.staging)
            .with_context(|| format!("cannot write to the output folder {}", out.display()))?;
        for (name, text) in files {
            let target = out.join(name);
            if target.is_dir() {
                anyhow::bail!(
                    "cannot write {}: a folder of that name is in the way",
                    target.display()
                );
            }
            let tmp = staged.staging.join(name);
            std::fs::write(&tmp, text)
                .with_context(|| format!("cannot write {}", target.display()))?;
            staged.names.push(name.clone());
        }
        Ok(staged)
    }

    /// Moves every staged file into `--out` (renames within one folder).
    fn commit(mut self) -> anyhow::Result<()> {
        for name in &self.names {
            let target = self.out.join(name);
            std::fs::rename(self.staging.join(name), &target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        self.committed = true;
        let _ = std::fs::remove_dir(&self.staging);
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        for dir in self.created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The semantic stages a command runs: the flags first, then the config file.
pub fn stages(args: &SemanticArgs) -> anyhow::Result<Stages> {
    let config = crate::config::load_optional(args.config.as_deref())?;
    let extract = config
        .as_ref()
        .map(|c| c.extract.clone())
        .unwrap_or_default();
    let model = args.embeddings_model.clone().or(extract.embeddings_model);
    let embedder = match model {
        Some(dir) => {
            let started = std::time::Instant::now();
            let e = crate::embed::load(&dir)?;
            tracing::debug!(elapsed = ?started.elapsed(), "embeddings model loaded");
            Some(e)
        }
        None => None,
    };
    let scope = if args.embed_all_accounts || extract.embed_all_accounts {
        crate::embed::stage::Scope::All
    } else {
        crate::embed::stage::Scope::UsageTriggered
    };
    let llm = match (&config, args.llm) {
        (Some(c), true) => match &c.llm {
            Some(l) => Some(l),
            None => {
                return Err(crate::config::ConfigError::Parse {
                    path: "config".into(),
                    message: "--llm needs an [llm] table (provider, model, api_key_env, prices)"
                        .into(),
                }
                .into());
            }
        },
        (None, true) => {
            return Err(crate::config::ConfigError::Parse {
                path: "expansion-signals.toml".into(),
                message: "--llm needs a config with an [llm] table: pass --config PATH or create expansion-signals.toml".into(),
            }
            .into());
        }
        (_, false) => None,
    };
    let llm = match llm {
        Some(l) => Some((
            Box::new(crate::llm::Client::new(l)?) as Box<dyn crate::llm::Ask>,
            crate::llm::Budget::from_config(l),
        )),
        None => None,
    };
    Ok(Stages {
        embedder,
        scope,
        llm,
    })
}

/// `run`: gathers the week, runs the stages, renders every file, then writes them and
/// records the run (or prints them); a failed run leaves no file and no new database.
fn run(
    args: &RunArgs,
    cap: usize,
    out: Option<&Path>,
    format: Format,
    db: &Path,
    dry_run: bool,
    semantic: &SemanticArgs,
) -> anyhow::Result<u8> {
    let params = params(args, cap);
    let rules = load_rules(&args.references)?;
    let stages = stages(semantic)?;
    let (source, mut collected) = gather_with_progress(&args.data, &rules, &params)?;

    // The history is read (for the too-loose guard) from an existing database only: a
    // new one is created after the outputs are written, so a failed run leaves none.
    let db_existed = db.exists();
    let (mut store, mut new_db) = open_history(db, db_existed, &stages, dry_run)?;
    let cache = store.as_mut();
    semantic_stages(&mut collected, &source, &rules, &params, &stages, cache)?;
    let started = std::time::Instant::now();
    let report = match &store {
        Some(store) => engine::decide(&collected, &rules, &params, store)?,
        None => engine::decide(&collected, &rules, &params, &Store::open_in_memory()?)?,
    };
    tracing::debug!(elapsed = ?started.elapsed(), "decided");

    // Render everything before writing anything.
    let files = render_files(&report, &collected.accounts, args, format);
    // Every file is written (staged) before the run is recorded, and the run is recorded
    // before the files are moved into place.
    let staged = match out {
        Some(dir) if !files.is_empty() => Some(Staged::write(dir, &files)?),
        _ => None,
    };
    new_db.armed = false;
    if !dry_run {
        record(store, db, db_existed, &report)?;
    }
    let created_db = (!dry_run && !db_existed).then_some(db);
    put_in_place(staged, out, &files, created_db)?;
    tracing::debug!(elapsed = ?started.elapsed(), "rendered and written");
    summarize(&report, out, files.len(), dry_run);
    Ok(if report.status == RunStatus::Aborted {
        EXIT_ABORTED
    } else {
        EXIT_OK
    })
}

/// The run-history database as the run starts: an existing one (`db_existed`) is
/// opened. The semantic stages cache vectors and answers in it, so with one of them on
/// a new database is created now, and removed again by the returned guard if the run
/// fails before it is recorded; a dry run caches in memory only.
fn open_history<'a>(
    db: &'a Path,
    db_existed: bool,
    stages: &Stages,
    dry_run: bool,
) -> anyhow::Result<(Option<Store>, NewDb<'a>)> {
    let semantic_on = stages.embedder.is_some() || stages.llm.is_some();
    let new_db = NewDb {
        path: db,
        armed: !db_existed && semantic_on && !dry_run,
    };
    let store = if db_existed || new_db.armed {
        Some(open_db(db)?)
    } else {
        None
    };
    Ok((store, new_db))
}

/// Step 1 over the data folder, with a progress bar over the calls file on a terminal.
/// Returns the source too: the semantic stages read the calls again.
fn gather_with_progress(
    data: &Path,
    rules: &Rules,
    params: &Params,
) -> anyhow::Result<(DataDir, Collected)> {
    let mut source = DataDir::new(data);
    let bar = crate::progress::Progress::bytes(source.calls_size(), "reading calls")
        .map(std::sync::Arc::new);
    if let Some(bar) = &bar {
        let bar = bar.clone();
        source = source.with_progress(crate::sources::files::ProgressHook(std::sync::Arc::new(
            move |n| bar.inc(n),
        )));
    }
    let collected = engine::gather(&source, rules, params);
    if let Some(bar) = &bar {
        bar.finish();
    }
    Ok((source, collected?))
}

/// The semantic stages, caching in the run-history database when there is one, else in
/// memory.
fn semantic_stages(
    collected: &mut Collected,
    source: &DataDir,
    rules: &Rules,
    params: &Params,
    stages: &Stages,
    store: Option<&mut Store>,
) -> anyhow::Result<()> {
    let mut scratch;
    let cache: &mut Store = match store {
        Some(s) => s,
        None => {
            scratch = Store::open_in_memory()?;
            &mut scratch
        }
    };
    engine::semantic(collected, source, rules, params.window(), stages, cache)?;
    Ok(())
}

/// The output files, (name, text): the JSON report, or each CSM's Markdown digest and
/// the portfolio summary (none when the run aborted).
fn render_files(
    report: &RunReport,
    accounts: &[Account],
    args: &RunArgs,
    format: Format,
) -> Vec<(String, String)> {
    match format {
        Format::Json => vec![("digest.json".into(), render::json(report))],
        Format::Markdown if report.status == RunStatus::Ok => report
            .digests
            .iter()
            .map(|d| {
                let loc = csm_locale(accounts, &d.owner_email, args);
                let name = format!("{}.md", d.owner_email);
                (name, render::markdown::digest_in(report, d, &loc))
            })
            .chain([(
                PORTFOLIO_FILE.to_string(),
                render::markdown::portfolio_in(report, &Locale::new(args.locale, args.currency)),
            )])
            .collect(),
        Format::Markdown => Vec::new(),
    }
}

/// A CSM's digest is in their language: `owner_locale` on their accounts, else
/// `--locale`.
fn csm_locale(accounts: &[Account], email: &str, args: &RunArgs) -> Locale {
    let lang = accounts
        .iter()
        .filter(|a| a.owner_email == email)
        .find_map(|a| a.owner_locale.as_deref().and_then(crate::text::Lang::parse))
        .unwrap_or(args.locale);
    Locale::new(lang, args.currency)
}

/// Moves the staged files into `--out`, or prints the texts when there is no `--out`.
/// If moving fails, `created_db` (a database this run created) is removed again.
fn put_in_place(
    staged: Option<Staged>,
    out: Option<&Path>,
    files: &[(String, String)],
    created_db: Option<&Path>,
) -> anyhow::Result<()> {
    match staged {
        Some(staged) => staged.commit().inspect_err(|_| {
            if let Some(db) = created_db {
                remove_db(db);
            }
        }),
        None if out.is_none() => {
            let texts: Vec<&str> = files.iter().map(|(_, t)| t.as_str()).collect();
            print!("{}", texts.join("\n---\n\n"));
            Ok(())
        }
        None => Ok(()),
    }
}

/// Opens (or creates) the run-history database, naming `--db` when it cannot.
fn open_db(db: &Path) -> anyhow::Result<Store> {
    Store::open(db).with_context(|| {
        format!(
            "cannot open the run-history database {} (pass --db PATH)",
            db.display()
        )
    })
}

/// Records the run; a database this run created is removed again if that fails.
fn record(
    store: Option<Store>,
    db: &Path,
    db_existed: bool,
    report: &RunReport,
) -> anyhow::Result<()> {
    let result = (|| {
        let mut store = match store {
            Some(s) => s,
            None => open_db(db)?,
        };
        store
            .record_run(report, Utc::now())
            .context("cannot record the run in the history database")
    })();
    if result.is_err() && !db_existed {
        remove_db(db);
    }
    result
}

/// A run-history database this run created before its outputs were written: removed
/// when dropped while still armed (the run failed before recording).
struct NewDb<'a> {
    path: &'a Path,
    armed: bool,
}

impl Drop for NewDb<'_> {
    fn drop(&mut self) {
        if self.armed {
            remove_db(self.path);
        }
    }
}

/// Removes a database file (and SQLite's side files) this run created.
fn remove_db(db: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// One line on stderr about what the run wrote and found, then its warnings.
fn summarize(report: &RunReport, out: Option<&Path>, files: usize, dry_run: bool) {
    if let Some(error) = &report.error {
        eprintln!("error: run aborted: {error}");
        return;
    }
    let strong: usize = report.digests.iter().map(|d| d.strong.len()).sum();
    let weak: usize = report.digests.iter().map(|d| d.weak.len()).sum();
    let place = match out {
        Some(dir) => format!("wrote {files} file(s) to {}", dir.display()),
        None => "printed".to_string(),
    };
    eprintln!(
        "{place}: {} digest(s), {strong} strong and {weak} weak signal(s), call coverage {}%{}",
        report.digests.len(),
        report.coverage_pct,
        if dry_run {
            " (dry run: not recorded)"
        } else {
            ""
        }
    );
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
}

/// `check`: every problem of the reference files, then a summary line.
fn check(dir: &Path) -> anyhow::Result<u8> {
    let checked = references::load_dir(dir);
    for p in &checked.problems {
        println!("{p}");
    }
    let errors = checked
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = checked.problems.len() - errors;
    match &checked.references {
        Some(r) => {
            let actions: usize = r.actions.sections.iter().map(|s| s.rows.len()).sum();
            println!(
                "ok: {} SKUs, {} segments, {} actions; taxonomy hash {}, last edited {}; {warnings} warning(s)",
                r.taxonomy.skus.len(),
                r.baselines.segments.len(),
                actions,
                r.taxonomy_hash,
                r.taxonomy
                    .last_edited
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "never".into()),
            );
            Ok(EXIT_OK)
        }
        None => {
            eprintln!(
                "{errors} error(s), {warnings} warning(s) in {}",
                dir.display()
            );
            Ok(EXIT_BAD_INPUT)
        }
    }
}

/// `account`: why the pipeline did what it did for one account, in its owner's language.
fn account(query: &str, args: &RunArgs, semantic: &SemanticArgs) -> anyhow::Result<u8> {
    let params = params(args, crate::pipeline::DEFAULT_CAP_PER_CSM);
    let rules = load_rules(&args.references)?;
    let stages = stages(semantic)?;
    let source = DataDir::new(&args.data);
    // Vectors come from (and go to) the run-history database when there is one, so a
    // lookup after a run does not embed the phrases again.
    let db = Path::new(crate::store::DEFAULT_DB);
    let mut store = if stages.embedder.is_some() && db.is_file() {
        Some(Store::open(db)?)
    } else {
        None
    };
    let mut none = crate::store::cache::NoCache;
    let cache: &mut dyn crate::store::cache::VectorCache = match &mut store {
        Some(s) => s,
        None => &mut none,
    };
    match engine::explain_account_with(&source, &rules, &params, query, &stages, cache)? {
        AccountAnswer::Explained(e) => {
            // In the owner's language (`owner_locale`), else `--locale`.
            let lang = e
                .account
                .owner_locale
                .as_deref()
                .and_then(crate::text::Lang::parse)
                .unwrap_or(args.locale);
            let loc = Locale::new(lang, args.currency);
            print!("{}", render::explain::explanation_in(&e, &loc));
            Ok(EXIT_OK)
        }
        AccountAnswer::NotFound => {
            eprintln!("error: no account matches \"{query}\": give its id or part of its name");
            Ok(EXIT_BAD_INPUT)
        }
        AccountAnswer::Ambiguous(candidates) => {
            eprintln!(
                "error: \"{query}\" matches {} accounts; be more specific:",
                candidates.len()
            );
            for a in candidates {
                eprintln!("  {} ({})", a.name, a.id);
            }
            Ok(EXIT_BAD_INPUT)
        }
    }
}

/// `generate --accounts N`: a synthetic portfolio (clap requires `--accounts` without
/// `--demo`).
fn generate(
    accounts: Option<usize>,
    seed: u64,
    out: &Path,
    references: &Path,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<u8> {
    let accounts = accounts.expect("clap requires --accounts without --demo");
    let rules = load_rules(references)?;
    let mut opts = crate::generate::Options::new(accounts, seed);
    opts.as_of = as_of;
    let r = &rules.references;
    let s = crate::generate::generate(&opts, &r.taxonomy, &r.baselines, out)
        .with_context(|| format!("cannot write the portfolio to {}", out.display()))?;
    print_generated(out, &s);
    Ok(EXIT_OK)
}

/// `generate --demo`: the bundled demo portfolio.
fn generate_demo(out: &Path) -> anyhow::Result<u8> {
    let s = crate::generate::write_demo(out)
        .with_context(|| format!("cannot write the demo portfolio to {}", out.display()))?;
    print_generated(out, &s);
    Ok(EXIT_OK)
}

/// Tells on stderr what `generate` wrote.
fn print_generated(out: &Path, s: &crate::generate::Summary) {
    eprintln!(
        "wrote {}: {} accounts, {} CSMs, {} calls ({:.1} MB of transcript), {} usage events, {} tickets, {} stakeholder changes",
        out.display(),
        s.accounts,
        s.csms,
        s.calls,
        s.transcript_bytes as f64 / 1e6,
        s.usage_events,
        s.tickets,
        s.stakeholder_changes
    );
}

/// `fetch`: the week's records from the configured vendors into a data folder.
fn fetch(config: &Path, as_of: Option<chrono::NaiveDate>, out: &Path) -> anyhow::Result<u8> {
    let config = crate::config::Config::load(config)
        .map_err(|e| EngineError::Connector(crate::sources::connect::ConnectorError::Config(e)))?;
    let as_of = as_of.unwrap_or_else(|| Utc::now().date_naive());
    let progress = crate::sources::http::Progress::for_stderr();
    let report = engine::fetch_snapshot(&config, as_of, out, &progress)?;
    drop(progress);
    for line in report.summary_lines() {
        eprintln!("{line}");
    }
    eprintln!(
        "wrote the week {} to {} (from {} up to, not including, {}); diagnostics in {}",
        as_of,
        out.display(),
        report.from,
        report.to,
        out.join(crate::sources::snapshot::REPORT_FILE).display()
    );
    Ok(EXIT_OK)
}

/// The skill's three files, in the order taxonomy, baselines, action library.
const SKILL_FILES: [&str; 3] = [
    references::TAXONOMY_FILE,
    references::BASELINES_FILE,
    references::ACTIONS_FILE,
];

/// `import-skill`: converts the skill's files; writes all three or nothing.
fn import_skill(dir: &Path, out: &Path, force: bool) -> anyhow::Result<u8> {
    use crate::references::import::{self, Input, Inputs};
    let Some(texts) = read_skill(dir) else {
        return Ok(EXIT_BAD_INPUT);
    };
    let input = |i: usize| Input {
        name: &texts[i].0,
        text: &texts[i].1,
    };
    let inputs = Inputs {
        taxonomy: input(0),
        baselines: input(1),
        actions: input(2),
    };
    let conversion = import::convert(&inputs, Utc::now().date_naive());
    for note in &conversion.notes {
        println!("{note}");
    }
    if !conversion.unusable.is_empty() {
        for problem in &conversion.unusable {
            eprintln!("error: {problem}");
        }
        eprintln!(
            "error: nothing usable to convert in {} (nothing written)",
            dir.display()
        );
        return Ok(EXIT_BAD_INPUT);
    }
    if !may_write_skill(out, force) {
        return Ok(EXIT_BAD_INPUT);
    }
    write_all_or_nothing(out, &conversion.files)?;
    eprintln!(
        "wrote {} to {} ({} note(s) above: lines left out or converted with loss)",
        SKILL_FILES.join(", "),
        out.display(),
        conversion.notes.len()
    );
    check_converted(out);
    Ok(EXIT_OK)
}

/// (path as shown, text) of each of the skill's files in `dir`; `None`, with the error
/// printed, when one is missing, unreadable or not UTF-8.
fn read_skill(dir: &Path) -> Option<Vec<(String, String)>> {
    let mut texts = Vec::new();
    for name in SKILL_FILES {
        let path = dir.join(name);
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => texts.push((path.display().to_string(), text)),
            Ok(Err(_)) => {
                eprintln!(
                    "error: {} is not UTF-8 text: save it as UTF-8 (nothing written)",
                    path.display()
                );
                return None;
            }
            Err(e) => {
                eprintln!(
                    "error: cannot read {} ({e}): DIR must hold the skill's {}, {} and {} (nothing written)",
                    path.display(),
                    SKILL_FILES[0],
                    SKILL_FILES[1],
                    SKILL_FILES[2]
                );
                return None;
            }
        }
    }
    Some(texts)
}

/// Whether the converted files may go to `out`: it is a folder (or missing), and holds
/// none of them unless `--force`. Prints why not.
fn may_write_skill(out: &Path, force: bool) -> bool {
    if out.exists() && !out.is_dir() {
        eprintln!(
            "error: --out {} is a file, not a folder (nothing written)",
            out.display()
        );
        return false;
    }
    let existing: Vec<String> = SKILL_FILES
        .iter()
        .map(|n| out.join(n))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() && !force {
        eprintln!(
            "error: {} already exist{}: pass --force to overwrite (nothing written)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return false;
    }
    true
}

/// Runs `check` over the converted files and prints what it found.
fn check_converted(out: &Path) {
    let checked = references::load_dir(out);
    for p in &checked.problems {
        println!("{p}");
    }
    let errors = checked.errors().count();
    let warnings = checked.problems.len() - errors;
    if errors == 0 {
        eprintln!("check: ok, {warnings} warning(s)");
    } else {
        eprintln!(
            "check: {errors} error(s), {warnings} warning(s) in the converted files: fix them before `run --references {}`",
            out.display()
        );
    }
}

/// Writes the files into a fresh folder next to `out`, then moves them into place, so a
/// failure while writing leaves `out` untouched.
fn write_all_or_nothing(out: &Path, files: &[(&str, String)]) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let tmp = parent.join(format!(".import-skill-{}-{nanos}", std::process::id()));
    std::fs::create_dir(&tmp)
        .with_context(|| format!("cannot create the temporary folder {}", tmp.display()))?;
    let staged = (|| -> anyhow::Result<()> {
        for (name, text) in files {
            let path = tmp.join(name);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        if out.exists() {
            for (name, _) in files {
                std::fs::rename(tmp.join(name), out.join(name))
                    .with_context(|| format!("cannot write {}", out.join(name).display()))?;
            }
            std::fs::remove_dir(&tmp).ok();
        } else {
            std::fs::rename(&tmp, out)
                .with_context(|| format!("cannot create {}", out.display()))?;
        }
        Ok(())
    })();
    if staged.is_err() {
        std::fs::remove_dir_all(&tmp).ok();
    }
    staged
}

/// `phrases`: the literal words of every call trigger and negative phrase, one a line.
fn phrases(references: &Path) -> anyhow::Result<u8> {
    let rules = load_rules(references)?;
    for p in rules.matcher.anchors() {
        println!("{p}");
    }
    Ok(EXIT_OK)
}

/// `history`: the last recorded runs as a table.
fn history(db: &Path, limit: usize) -> anyhow::Result<u8> {
    if !db.exists() {
        println!("no runs recorded yet ({} does not exist)", db.display());
        return Ok(EXIT_OK);
    }
    let store = Store::open(db).context("cannot open the run-history database")?;
    let runs = store.history(limit)?;
    if runs.is_empty() {
        println!("no runs recorded yet");
        return Ok(EXIT_OK);
    }
    println!(
        "{:<10}  {:<7}  {:>8}  {:>4}  {:>6}  {:>4}  {:<7}  recorded at",
        "as_of", "status", "coverage", "CSMs", "strong", "weak", "taxonomy"
    );
    for r in runs {
        println!(
            "{:<10}  {:<7}  {:>7}%  {:>4}  {:>6}  {:>4}  {:<7}  {}",
            r.as_of.to_string(),
            r.status,
            r.coverage_pct,
            r.csms,
            r.strong_total,
            r.weak_total,
            r.taxonomy_hash,
            r.recorded_at
        );
    }
    Ok(EXIT_OK)
}

/// `serve`: the Slack app until Ctrl-C (or SIGTERM).
fn serve(config_path: &Path, listen: std::net::SocketAddr) -> anyhow::Result<u8> {
    let config = crate::config::Config::load(config_path)?;
    let env = crate::config::SlackEnv::from_env()?;
    // Refuse to start on broken reference files: every run would fail anyway.
    load_rules(&config.references)?;
    let socket = crate::slack::socket::client(&config, &env)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let app = crate::slack::App::new(config, &env, crate::slack::Clock::System)?;
        app.preflight().await?;
        let listener =
            crate::server::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
        let server = crate::server::Server::build(app, listener)?.with_socket_mode(socket);
        eprintln!("listening on {listen} (port {})", server.port());
        server.run(shutdown_signal()).await?;
        Ok(EXIT_OK)
    })
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// `eval`: judges a labelled file with the run's own extraction and reports.
fn eval(
    labels: &Path,
    references: &Path,
    format: Format,
    (min_recall, max_fp): (Option<f64>, Option<f64>),
    semantic: &SemanticArgs,
) -> anyhow::Result<u8> {
    let rules = load_rules(references)?;
    let stages = stages(semantic)?;
    let skus: Vec<String> = rules
        .references
        .taxonomy
        .skus
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let labelled = crate::sources::labels::read(labels, &skus)?;
    let started = std::time::Instant::now();
    let phrase = ev::evaluate(&labelled, &rules.matcher);
    let mut reports = vec![StageReport::new("phrases", started.elapsed(), phrase)];
    if let Some(embedder) = &stages.embedder {
        let stage = eval_embeddings(&labelled, &rules, embedder.as_ref())?;
        reports.push(after_phrases(stage, &reports[0]));
    }
    if let Some((provider, budget)) = &stages.llm {
        let stage = eval_llm(&labelled, &rules, provider.as_ref(), *budget);
        reports.push(after_phrases(stage, &reports[0]));
    }
    print_eval(&reports, format, &labels.display().to_string())?;
    let last = &reports[reports.len() - 1].report;
    let low = min_recall.is_some_and(|floor| last.recall.pct < floor);
    let high = max_fp.is_some_and(|ceiling| last.false_positives.pct > ceiling);
    if low || high {
        eprintln!(
            "eval: below the floor (recall {:.1}%, minimum {}; false positives {:.1}%, maximum {})",
            last.recall.pct,
            min_recall.map_or("none".into(), |v| format!("{v}%")),
            last.false_positives.pct,
            max_fp.map_or("none".into(), |v| format!("{v}%")),
        );
        return Ok(EXIT_BELOW_FLOOR);
    }
    Ok(EXIT_OK)
}

/// The phrase stage then the embedding stage over the labelled sentences, timed from
/// scratch (no cache): what a first run on such text costs. The phrase stage's time is
/// added by [`after_phrases`].
fn eval_embeddings(
    labelled: &[ev::Labelled],
    rules: &Rules,
    embedder: &dyn crate::embed::Embedder,
) -> anyhow::Result<StageReport> {
    let started = std::time::Instant::now();
    let mut cache = crate::store::cache::NoCache;
    let tax = &rules.references.taxonomy;
    let index = crate::embed::stage::phrase_index(tax, embedder, &mut cache)?;
    let texts = ev::eval_sentences(labelled, &rules.matcher);
    let (vecs, _) = crate::embed::stage::vectors(&texts, embedder, &mut cache)?;
    let by_text: std::collections::HashMap<String, Vec<f32>> =
        texts.into_iter().zip(vecs).collect();
    let report = ev::evaluate_with(labelled, &rules.matcher, Some((&index, &by_text)));
    let mut stage = StageReport::new("phrases + embeddings", started.elapsed(), report);
    stage.threshold = Some(index.threshold);
    Ok(stage)
}

/// The phrase stage then the LLM stage over the labelled sentences, with what the
/// requests cost. The phrase stage's time is added by [`after_phrases`].
fn eval_llm(
    labelled: &[ev::Labelled],
    rules: &Rules,
    provider: &dyn crate::llm::Ask,
    budget: crate::llm::Budget,
) -> StageReport {
    let started = std::time::Instant::now();
    let texts: Vec<String> = labelled.iter().map(|l| l.text.clone()).collect();
    let (found, d) = crate::llm::eval_mentions(
        &texts,
        &rules.references.taxonomy,
        &rules.matcher,
        provider,
        budget,
    );
    let report = ev::evaluate_stages(labelled, &rules.matcher, None, Some(&found));
    let mut stage = StageReport::new("phrases + LLM", started.elapsed(), report);
    stage.llm = Some(d);
    stage
}

/// A later stage's report with the phrase stage's seconds added: it runs on top of it.
fn after_phrases(mut stage: StageReport, phrases: &StageReport) -> StageReport {
    stage.seconds = round3(stage.seconds + phrases.seconds);
    stage
}

/// Prints the reports: one stage plain, several side by side (or as `{"stages": …}`).
fn print_eval(reports: &[StageReport], format: Format, source: &str) -> anyhow::Result<()> {
    match (format, reports.len()) {
        (Format::Json, 1) => println!(
            "{}",
            serde_json::to_string_pretty(&reports[0].report).context("cannot write the report")?
        ),
        (Format::Json, _) => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "stages": reports }))
                .context("cannot write the report")?
        ),
        (Format::Markdown, 1) => print!("{}", render::eval::text(&reports[0].report, source)),
        (Format::Markdown, _) => print!("{}", render::eval::side_by_side(reports, source)),
    }
    Ok(())
}

/// Rounded to three decimals.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `backup FILE`: `VACUUM INTO` a new file, consistent even while `serve` writes.
fn backup(db: &Path, file: &Path) -> anyhow::Result<u8> {
    if !db.exists() {
        anyhow::bail!("{}: no such database", db.display());
    }
    if file.exists() {
        anyhow::bail!(
            "{}: already exists; backup never overwrites",
            file.display()
        );
    }
    let store = Store::open(db)?;
    store
        .backup_to(file)
        .with_context(|| format!("cannot back {} up to {}", db.display(), file.display()))?;
    eprintln!(
        "backed up {} to {} (schema {})",
        db.display(),
        file.display(),
        store.schema_version()?
    );
    Ok(EXIT_OK)
}

/// Opens an existing database (these commands only read; a missing file is an error,
/// not a new empty database).
fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no database at {}: answers are recorded by `serve`; pass --db",
            db.display()
        );
    }
    Ok(Store::open(db)?)
}

/// `stats`: how the strong signals shown in DMs converted, from the run-history database.
fn stats(db: &Path, as_of: Option<chrono::NaiveDate>, format: Format) -> anyhow::Result<u8> {
    let store = open_existing(db)?;
    let as_of = as_of.unwrap_or_else(|| Utc::now().date_naive());
    let s = crate::pipeline::feedback::stats(&store.outcomes()?, as_of);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        Format::Markdown => print!("{}", render::stats::text(&s)),
    }
    Ok(EXIT_OK)
}

/// `feedback export`: the CSMs' answers as labelled sentences for `eval`.
fn feedback_export(db: &Path, labels: &Path) -> anyhow::Result<u8> {
    let answered = open_existing(db)?.answered_quotes()?;
    let rows = crate::pipeline::feedback::labelled(
        answered
            .iter()
            .map(|a| (a.sku.as_str(), a.answer, a.quotes.as_slice())),
    );
    let mut text = String::new();
    for r in &rows {
        text.push_str(&serde_json::to_string(r)?);
        text.push('\n');
    }
    write_atomic(labels, &text)?;
    let intent = rows
        .iter()
        .filter(|r| r.label == crate::pipeline::eval::Label::Intent)
        .count();
    eprintln!(
        "wrote {} labelled sentence(s) to {} ({intent} intent, {} not_intent)",
        rows.len(),
        labels.display(),
        rows.len() - intent
    );
    Ok(EXIT_OK)
}

/// `whatif`: how the week's digests change from the current reference files to the
/// edited ones.
fn whatif(args: &RunArgs, current: &Path, cap: usize, format: Format) -> anyhow::Result<u8> {
    let params = params(args, cap);
    let source = DataDir::new(&args.data);
    // No history: nothing is read from or written to a database.
    let history = Store::open_in_memory()?;
    let decide = |dir: &Path| -> anyhow::Result<RunReport> {
        let rules =
            Rules::load(dir).with_context(|| format!("reference files in {}", dir.display()))?;
        Ok(engine::run_week(&source, &rules, &params, &history)?)
    };
    let (before, after) = (decide(current)?, decide(&args.references)?);
    let changes = crate::pipeline::whatif::diff(&before, &after);
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&changes)?),
        Format::Markdown => print!("{}", render::whatif::text(&changes)),
    }
    Ok(EXIT_OK)
}

/// Writes `text` to `path` through a temporary file next to it, so a reader never sees
/// half a file and a failure leaves nothing behind.
fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let result = std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .with_context(|| format!("cannot write {}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
