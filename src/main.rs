use clap::Parser;
use expansion_signals::{cli::Cli, commands, config};
use std::process::ExitCode;

// Parsing a week of transcripts allocates and frees many large strings; mimalloc keeps
// that from dominating the run (see scripts/bench.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = Cli::parse();
    config::init_logging(
        cli.log_format
            .map(|f| f == expansion_signals::cli::LogFormat::Json),
    );
    ExitCode::from(commands::main(cli))
}

/// mimalloc asks the kernel for transparent huge pages, and the kernel then zeroes 2 MB
/// for every first touch of a region: on the 10k-account bench that was 0.3 s of system
/// time and 35 MB of peak RSS for no gain (`scripts/bench.sh`). This turns them off
/// for this process only, the way `MIMALLOC_ALLOW_THP=0` would.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer flag and touches nothing of ours;
    // on a kernel without it the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
