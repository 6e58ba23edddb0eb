//! What a fetch did, input by input: written next to a snapshot as
//! [`super::snapshot::REPORT_FILE`] and summarized on stderr.

use super::connector::CallStats;
use super::http::Counter;
use crate::model::Portfolio;
use chrono::NaiveDate;
use serde::Serialize;

/// A fetched week.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub portfolio: Portfolio,
    pub report: FetchReport,
}

/// Counts for one input of a fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InputStats {
    pub fetched: usize,
    pub kept: usize,
    pub unmatched: usize,
    pub outside_window: usize,
    pub unmatched_ids: Vec<String>,
    /// Records left out as unusable (e.g. a churned company without ARR, CSM or renewal
    /// date), each as `id (name): no …`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl From<&CallStats> for InputStats {
    /// Ambiguous calls count as unmatched.
    fn from(c: &CallStats) -> InputStats {
        InputStats {
            fetched: c.fetched,
            kept: c.kept,
            unmatched: c.unmatched + c.ambiguous,
            outside_window: c.outside_window,
            unmatched_ids: c.unmatched_ids.clone(),
            skipped: Vec::new(),
        }
    }
}

/// One input's line of the fetch report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputReport {
    pub input: &'static str,
    /// `files` or the vendor.
    pub source: String,
    pub pages: usize,
    pub records: usize,
    #[serde(flatten)]
    pub stats: InputStats,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls: Option<CallStats>,
}

impl InputReport {
    /// `n` records read from the data directory, all kept.
    pub fn files(input: &'static str, n: usize) -> InputReport {
        InputReport {
            input,
            source: "files".into(),
            pages: 0,
            records: n,
            stats: InputStats {
                fetched: n,
                kept: n,
                ..InputStats::default()
            },
            calls: None,
        }
    }

    /// What `vendor` returned (pages and records from `counter`) and what was kept.
    pub fn fetched(
        input: &'static str,
        vendor: &str,
        counter: &Counter,
        stats: InputStats,
    ) -> InputReport {
        InputReport {
            input,
            source: vendor.into(),
            pages: counter.pages,
            records: counter.records,
            stats,
            calls: None,
        }
    }

    /// One line for stderr (no customer text).
    pub fn summary_line(&self) -> String {
        let mut line = format!(
            "{}: {} — {} record(s) kept of {} fetched",
            self.input, self.source, self.stats.kept, self.stats.fetched
        );
        if self.pages > 0 {
            line += &format!(" ({} page(s))", self.pages);
        }
        if let Some(c) = &self.calls {
            line += &format!(
                "; {} by CRM id, {} by e-mail domain, {} unmatched, {} ambiguous, {} without transcript",
                c.by_crm_id, c.by_domain, c.unmatched, c.ambiguous, c.without_transcript
            );
        } else if self.stats.unmatched > 0 {
            line += &format!("; {} not tied to a known account", self.stats.unmatched);
        }
        line += &self.skipped_summary();
        if self.stats.outside_window > 0 {
            line += &format!("; {} outside the window", self.stats.outside_window);
        }
        line
    }

    /// `; N left out: …`, naming a few (the report file has them all); empty when none.
    fn skipped_summary(&self) -> String {
        const NAMED: usize = 5;
        let skipped = &self.stats.skipped;
        let n = skipped.len();
        if n == 0 {
            return String::new();
        }
        let mut part = format!("; {n} left out: {}", skipped[..n.min(NAMED)].join("; "));
        if n > NAMED {
            part += &format!(" and {} more", n - NAMED);
        }
        part
    }
}

/// What a fetch did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FetchReport {
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub from: String,
    pub to: String,
    pub inputs: Vec<InputReport>,
}

impl FetchReport {
    /// One line per input, for stderr (no customer text).
    pub fn summary_lines(&self) -> Vec<String> {
        self.inputs.iter().map(InputReport::summary_line).collect()
    }
}
