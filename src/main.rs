use clap::Parser;
use expansion_signals::{cli::Cli, commands, config};
use std::process::ExitCode;

fn main() -> ExitCode {
    config::init_logging();
    ExitCode::from(commands::main(Cli::parse()))
}
