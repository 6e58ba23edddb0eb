//! expansion-signals: a weekly digest of customer expansion signals for CSMs.
//!
//! Layout:
//! - [`model`]: the input records; [`digest`]: the output value of a run.
//! - [`references`]: the three Markdown rule files the CSM lead edits.
//! - [`pipeline`]: the six steps, pure functions (`as_of` is an argument).
//! - [`render`]: Markdown and Block Kit views of a digest.
//! - [`sources`]: where records come from (a data directory, connectors).
//! - [`store`]: run history in SQLite (all SQL lives there).
//! - [`slack`]: the Slack app's behaviour: Web API client, commands, delivery fan-out.
//! - [`server`]: the axum routes (`serve`); [`schedule`]: the weekly cron slots.
//! - [`engine`]: glue that loads, runs, renders and records; used by the CLI and the
//!   Slack app alike.

pub mod cli;
pub mod commands;
pub mod config;
pub mod digest;
pub mod embed;
pub mod engine;
pub mod generate;
pub mod i18n;
pub mod llm;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod references;
pub mod render;
pub mod schedule;
pub mod server;
pub mod slack;
pub mod sources;
pub mod store;
pub mod text;
pub mod units;
