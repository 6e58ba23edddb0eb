//! Views of a [`RunReport`](crate::digest::RunReport): Markdown (files and stdout),
//! JSON, and Slack Block Kit. Renderers only format; the pipeline already decided what
//! each digest holds.

pub mod blocks;
pub mod buttons;
pub mod eval;
pub mod explain;
pub mod home;
pub mod markdown;
pub mod stats;
pub mod whatif;

use crate::digest::RunReport;

/// The `--format json` document.
pub fn json(report: &RunReport) -> String {
    // A RunReport holds only strings, numbers and dates: serializing cannot fail.
    serde_json::to_string_pretty(report).expect("a run report serializes") + "\n"
}
