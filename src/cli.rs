//! The command line, as clap types. `main.rs` parses these and hands them to
//! [`crate::commands`].

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "expansion-signals",
    version,
    about = "Weekly expansion-signal digests for Customer Success teams"
)]
pub struct Cli {
    /// Log lines as text (coloured only on a terminal) or as JSON objects for a log
    /// shipper; the same as EXPANSION_SIGNALS_LOG_FORMAT
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

/// Options shared by the commands that run the pipeline.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Data directory with accounts, calls, usage_events, support_tickets (.json or .jsonl)
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Folder with the three reference Markdown files
    #[arg(long, value_name = "DIR", default_value = "references")]
    pub references: PathBuf,
    /// Last day of the window (YYYY-MM-DD, UTC); default: today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<NaiveDate>,
    /// Length of the trailing window in days
    #[arg(long, default_value_t = crate::pipeline::DEFAULT_WINDOW_DAYS, value_parser = clap::value_parser!(u32).range(1..=366))]
    pub window_days: u32,
    /// Language of the digests (en, de) for CSMs whose accounts give no `owner_locale`
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse_lang)]
    pub locale: crate::text::Lang,
    /// Currency the accounts' `arr` is recorded in (USD, EUR)
    #[arg(long, value_name = "CODE", default_value = "USD", value_parser = parse_currency)]
    pub currency: crate::i18n::Currency,
}

fn parse_lang(s: &str) -> Result<crate::text::Lang, String> {
    crate::text::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: use `en` or `de`"))
}

fn parse_currency(s: &str) -> Result<crate::i18n::Currency, String> {
    crate::i18n::Currency::parse(s)
        .ok_or_else(|| format!("unknown currency `{s}`: use `USD` or `EUR`"))
}

/// The optional semantic stages (off unless configured or asked for).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SemanticArgs {
    /// A sentence-transformers model folder (scripts/get-model.sh): compare customer
    /// sentences no phrase matched with the phrases by meaning; overrides
    /// `extract.embeddings_model`
    #[arg(long, value_name = "DIR")]
    pub embeddings_model: Option<PathBuf>,
    /// With embeddings: compare the sentences of every account, not only of accounts
    /// with a usage trigger in the window
    #[arg(long)]
    pub embed_all_accounts: bool,
    /// The TOML config (`[extract]`, `[llm]`); default: expansion-signals.toml in the
    /// working directory when it exists
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Turn the `[llm]` stage of the config on for this run
    #[arg(long)]
    pub llm: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the weekly pipeline and write one digest per CSM
    Run {
        #[command(flatten)]
        args: RunArgs,
        /// Most strong signals per CSM
        #[arg(long, default_value_t = crate::pipeline::DEFAULT_CAP_PER_CSM, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=50))]
        cap_per_csm: usize,
        /// Write files here (OUT/<owner_email>.md or OUT/digest.json) instead of stdout
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Run-history database
        #[arg(long, value_name = "PATH", default_value = crate::store::DEFAULT_DB)]
        db: PathBuf,
        /// Do not record the run in the history database
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        semantic: SemanticArgs,
    },
    /// Check the reference files and list every problem as file:line: message
    Check {
        #[arg(long, value_name = "DIR", default_value = "references")]
        references: PathBuf,
    },
    /// Measure the taxonomy on labelled sentences: recall per SKU and kind, false
    /// positives per kind, and every miss and false positive with its reason
    Eval {
        /// JSON Lines, one {"text", "label": "intent"|"not_intent", "sku", "kind"} per line
        #[arg(long, value_name = "FILE")]
        labels: PathBuf,
        #[arg(long, value_name = "DIR", default_value = "references")]
        references: PathBuf,
        /// markdown: a report for people; json: the same as one JSON document
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Exit 5 when recall (percent) is below this
        #[arg(long, value_name = "PCT")]
        min_recall: Option<f64>,
        /// Exit 5 when the false-positive rate (percent) is above this
        #[arg(long, value_name = "PCT")]
        max_false_positives: Option<f64>,
        #[command(flatten)]
        semantic: SemanticArgs,
    },
    /// Explain one account: every record in the window and why it was kept or discarded
    Account {
        /// Account name (case-insensitive, a unique part is enough) or id
        name: String,
        #[command(flatten)]
        args: RunArgs,
        #[command(flatten)]
        semantic: SemanticArgs,
    },
    /// Write a synthetic portfolio (for benchmarks) in the input format, or with `--demo`
    /// the bundled demo portfolio
    Generate {
        /// Write the fictional demo portfolio instead: the bytes of `fixtures/demo`
        #[arg(long, conflicts_with_all = ["accounts", "seed", "references", "as_of"])]
        demo: bool,
        /// How many accounts
        #[arg(long, required_unless_present = "demo", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000_000))]
        accounts: Option<usize>,
        /// Seed: the same seed writes identical files
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output data directory
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Reference files whose phrases the transcripts use
        #[arg(long, value_name = "DIR", default_value = "references")]
        references: PathBuf,
        /// Last day of the generated week
        #[arg(long, value_name = "YYYY-MM-DD", default_value = "2026-11-23")]
        as_of: NaiveDate,
    },
    /// Print the literal words of every call trigger and negative phrase, one per line
    /// (what `scripts/bench.sh` gives ripgrep)
    #[command(hide = true)]
    Phrases {
        #[arg(long, value_name = "DIR", default_value = "references")]
        references: PathBuf,
    },
    /// Fetch the week from the configured sources (Gong, Gainsight, Zendesk, …) and write
    /// it as a data directory that `run --data DIR` replays
    Fetch {
        /// The TOML config with the `[sources.*]` tables
        #[arg(long, value_name = "PATH")]
        config: PathBuf,
        /// Last day of the window (YYYY-MM-DD, UTC); default: today
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// Folder to write the snapshot to (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Convert the reference files of the expansion-signal skill (the LLM method this
    /// tool replaces) into this tool's three reference files
    ///
    /// Reads DIR/1-expansion-signal-taxonomy.md, DIR/2-segment-baseline-config.md and
    /// DIR/3-action-library.md, writes the converted files to --out, prints every line it
    /// left out or converted with loss as file:line: note, then checks the result.
    ImportSkill {
        /// Folder with the skill's three reference files
        dir: PathBuf,
        /// Folder to write the converted reference files to (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Overwrite reference files already in --out
        #[arg(long)]
        force: bool,
    },
    /// List the recorded runs
    History {
        #[arg(long, value_name = "PATH", default_value = crate::store::DEFAULT_DB)]
        db: PathBuf,
        /// How many runs to show, newest first
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Run the Slack app: slash commands, interactions and the weekly scheduled DMs
    ///
    /// Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET in the environment; SLACK_API_URL
    /// (default https://slack.com/api) points the Web API client elsewhere.
    Serve {
        /// Config file (see expansion-signals.example.toml)
        #[arg(long, value_name = "PATH", default_value = "expansion-signals.toml")]
        config: PathBuf,
        /// Address to listen on
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:3000")]
        listen: std::net::SocketAddr,
    },
    /// Copy the database to FILE (a consistent snapshot, safe while `serve` runs)
    Backup {
        /// The copy to write (must not exist yet)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_name = "PATH", default_value = crate::store::DEFAULT_DB)]
        db: PathBuf,
    },
    /// Conversion of the strong signals shown in DMs: confirmed conversations within 14
    /// days, on a trailing 30-day window, by SKU, usage trigger and CSM
    Stats {
        /// Last day of the window (YYYY-MM-DD); default: today (UTC)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        #[arg(long, value_name = "PATH", default_value = crate::store::DEFAULT_DB)]
        db: PathBuf,
    },
    /// The CSMs' answers to the DM buttons, for the rules
    Feedback {
        #[command(subcommand)]
        command: FeedbackCommand,
    },
    /// Run the week under edited reference files and under the current ones and list
    /// what changes (signals gained, lost, moved), per CSM; sends and writes nothing
    Whatif {
        /// Data directory, --as-of and --window-days as for `run`; --references is the
        /// edited folder
        #[command(flatten)]
        args: RunArgs,
        /// The current reference files
        #[arg(long, value_name = "DIR", default_value = "references")]
        current: PathBuf,
        #[arg(long, default_value_t = crate::pipeline::DEFAULT_CAP_PER_CSM, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=50))]
        cap_per_csm: usize,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Write the sentences behind confirmed conversations (intent) and behind signals
    /// marked "Not relevant — not real intent" (not_intent) as `eval` JSON Lines
    Export {
        /// The JSON Lines file to write
        #[arg(long, value_name = "FILE")]
        labels: PathBuf,
        #[arg(long, value_name = "PATH", default_value = crate::store::DEFAULT_DB)]
        db: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
