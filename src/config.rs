//! Configuration: the one module that reads environment variables.

/// Env var with a tracing filter (e.g. `debug`); default `warn`. Transcript and ticket
/// text is only ever logged at debug level or below.
pub const LOG_ENV: &str = "EXPANSION_SIGNALS_LOG";

/// Sends logs to stderr, filtered by `EXPANSION_SIGNALS_LOG`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_ENV)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
