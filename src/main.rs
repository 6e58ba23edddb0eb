use clap::Parser;
use expansion_signals::{cli::Cli, commands, config};
use std::process::ExitCode;

// Parsing a week of transcripts allocates and frees many large strings; mimalloc keeps
// that from dominating the run (see scripts/bench.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    config::init_logging(
        cli.log_format
            .map(|f| f == expansion_signals::cli::LogFormat::Json),
    );
    ExitCode::from(commands::main(cli))
}
