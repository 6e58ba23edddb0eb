use clap::Parser;
use expansion_signals::{cli::Cli, commands, config};
use std::process::ExitCode;

// Parsing a week of transcripts allocates and frees many large strings; mimalloc keeps
// that from dominating the run (see scripts/bench.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    config::init_logging();
    ExitCode::from(commands::main(Cli::parse()))
}
