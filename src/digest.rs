//! The digest value: what one run decided, for every CSM. The renderers (Markdown, JSON,
//! Block Kit) are views of this value and never decide anything themselves.
//!
//! Serialized as-is, this is the `--format json` document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Ok,
    Aborted,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Ok => "ok",
            RunStatus::Aborted => "aborted",
        }
    }
}

/// A warning a digest or the whole run carries, as data: the renderers word it in the
/// reader's language (`i18n::warnings`). In the JSON document it is its English
/// sentence, as it always was; one read back from JSON is [`Warning::Text`].
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Under the coverage warning line: `pct` % of the accounts had a call in the window.
    LowCoverage {
        pct: f64,
        with_calls: usize,
        total: usize,
        first_day: NaiveDate,
        as_of: NaiveDate,
    },
    /// The taxonomy has no Last edited date.
    TaxonomyUndated,
    /// The taxonomy was last edited more than `limit_days` before `as_of`.
    TaxonomyStale {
        last_edited: NaiveDate,
        age_days: i64,
        as_of: NaiveDate,
        limit_days: i64,
    },
    /// Accounts whose segment has no baseline table.
    UnknownSegments(Vec<UnknownSegment>),
    /// This CSM's strong signals before the cap exceeded it three runs in a row.
    TooLoose { avg: f64, cap: usize },
    /// Two calendar months in a row under `min_pct` conversion (their first days).
    LowConversion {
        before: NaiveDate,
        before_pct: f64,
        last: NaiveDate,
        last_pct: f64,
        min_pct: f64,
    },
    /// A warning read back from JSON, in the words it was written in.
    Text(String),
}

/// Why the action shown was chosen, or why it needs human review, as data (worded by
/// `i18n::actions`; in JSON the English sentence).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionReason {
    /// The first row of the SKU's table that matches the evidence.
    FirstRow { line: usize },
    /// The action library has no section for the SKU.
    NoSection { sku: String },
    /// No row of the SKU's table matches the evidence.
    NoRow { sku: String },
    /// The matching row has placeholders the evidence cannot fill.
    Unfillable { line: usize, missing: Vec<String> },
    /// The matching row uses a phrase of the vague-language denylist.
    Vague { line: usize, phrase: String },
    /// A reason read back from JSON, in the words it was written in.
    Text(String),
}

/// One segment without a baseline table, with its first account as an example.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownSegment {
    pub segment: String,
    pub accounts: usize,
    pub example_name: String,
    pub example_id: String,
}

/// The run's counters: portfolio-wide in [`RunReport::diagnostics`] (the portfolio
/// summary), over one CSM's accounts in [`Digest::diagnostics`] (the digest's foot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// Accounts in the portfolio (the coverage denominator).
    pub accounts_in_scope: usize,
    /// Accounts with no call, usage event or ticket in the window (dropped in step 1).
    pub accounts_silent: usize,
    /// Customer sentences that matched a negative-example phrase.
    pub negative_matches: usize,
    /// Customer sentences with a trigger phrase and a conditional marker.
    pub conditional_matches: usize,
    /// Customer sentences with a trigger phrase set aside by the other sentence guards.
    #[serde(default)]
    pub past_matches: usize,
    #[serde(default)]
    pub negation_matches: usize,
    #[serde(default)]
    pub other_party_matches: usize,
    #[serde(default)]
    pub objection_matches: usize,
    /// Strong signals demoted to weak because the champion left.
    pub champion_suppressions: usize,
    /// Usage events inside their segment's noise band (discarded in step 2).
    pub noise_band_discards: usize,
    /// Usage events with no baseline row for their segment and metric (kept).
    pub unbaselined_events: usize,
    /// Kept usage events that went down: a real change, but not expansion evidence.
    #[serde(default)]
    pub usage_declines: usize,
    /// Records whose `account_id` is not in the accounts file (ignored).
    pub unknown_account_records: usize,
    /// Accounts with at least one call in the window.
    pub accounts_with_calls: usize,
    /// Calls in the window with only a `transcript_url` (count for coverage only).
    pub calls_not_analysed: usize,
    /// (account, SKU) pairs supported only by tickets.
    pub ticket_only_signals: usize,
    /// First 7 hex characters of the SHA-256 of the taxonomy file.
    pub taxonomy_hash: String,
    /// The optional embedding stage; absent when it was off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embeddings: Option<EmbeddingDiagnostics>,
    /// The optional LLM stage; absent when it was off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<LlmDiagnostics>,
    /// Account-level signals not evaluated for lack of a field, by signal.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub account_signals_not_evaluated: std::collections::BTreeMap<String, usize>,
    /// The playbook's low-conversion warning (two calendar months under 20 %), if due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_warning: Option<Warning>,
    /// Strong signals moved to the footer by the health qualifier.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub health_demotions: usize,
}

/// What the embedding stage did in one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbeddingDiagnostics {
    /// The SHA-256 of the model's weights (first 12 hex characters).
    pub model: String,
    pub threshold: f32,
    /// Accounts whose sentences were compared (a usage trigger in the window, or all).
    pub accounts: usize,
    /// Customer sentences no phrase matched, compared by meaning.
    pub sentences: usize,
    /// Sentences run through the model in this run (the rest came from the cache).
    pub embedded: usize,
    pub cache_hits: usize,
    /// Sentences that became mentions.
    pub mentions: usize,
    /// Sentences similar enough but set aside by a guard or a negative phrase.
    pub set_aside: usize,
    pub seconds: f64,
}

/// What the LLM stage did in one run (`diagnostics.llm`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LlmDiagnostics {
    pub requests: usize,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: f64,
    /// Returned quotes that are not verbatim customer words of the account's calls.
    pub quotes_rejected: usize,
    /// Returned signals naming a SKU the taxonomy does not have.
    #[serde(default)]
    pub unknown_skus: usize,
    pub cache_hits: usize,
    /// Mentions the stage added.
    #[serde(default)]
    pub mentions: usize,
    /// Answers that held no JSON of the asked shape (nothing taken from them).
    #[serde(default)]
    pub malformed_answers: usize,
    /// Accounts not sent because `max_cost_usd` would have been exceeded.
    #[serde(default)]
    pub skipped_for_cost: usize,
    /// Set when the provider failed and the run fell back to phrases (and embeddings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallQuote {
    pub call_id: String,
    /// The customer's whole sentence, verbatim from the transcript.
    pub quote: String,
    pub speaker: String,
    pub role: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageChange {
    pub event_type: String,
    pub metric_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    pub value_baseline: f64,
    pub value_current: f64,
    pub delta_pct: f64,
    pub date: NaiveDate,
    /// The segment median the change was compared with; `None` when unbaselined.
    pub segment_median_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketRef {
    pub ticket_id: String,
    pub subject: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrongSignal {
    pub account_id: String,
    pub account_name: String,
    pub arr: f64,
    pub renewal_date: NaiveDate,
    pub sku: String,
    /// Most recent first; the first one is the quote the digest shows.
    pub call_evidence: Vec<CallQuote>,
    /// Largest segment-adjusted change first.
    pub usage_evidence: Vec<UsageChange>,
    pub ticket_evidence: Vec<TicketRef>,
    /// The filled next-best action (Markdown), or `needs human review`.
    pub action: String,
    /// Line of the action-library row the action came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_line: Option<usize>,
    /// Why the action is `needs human review` (no matching row, vague wording, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_reason: Option<ActionReason>,
    /// Why now: the account-level signals that fired (seats, renewal, executives,
    /// growth, a new department), when the references define them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_now: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeakSignal {
    pub account_id: String,
    pub account_name: String,
    pub sku: String,
    pub summary: String,
    pub tags: Vec<String>,
}

/// A strong signal that did not fit under the cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CappedSignal {
    pub account_id: String,
    pub account_name: String,
    pub sku: String,
}

/// One CSM's digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    pub owner_email: String,
    pub owner_name: Option<String>,
    pub warnings: Vec<Warning>,
    pub strong: Vec<StrongSignal>,
    pub weak: Vec<WeakSignal>,
    /// How many strong signals the cap moved to the footer.
    pub overflow: usize,
    pub overflow_signals: Vec<CappedSignal>,
    /// Strong signals before the cap (recorded for the too-loose guard).
    pub strong_before_cap: usize,
    /// The run's counters over this CSM's accounts only (the portfolio-wide ones are
    /// the report's `diagnostics`). `unknown_account_records` is always 0 here.
    #[serde(default)]
    pub diagnostics: Diagnostics,
    /// Strong signals held back: marked Not relevant or snoozed, with no new evidence.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub held_back: usize,
    /// The CSM's language (`owner_locale` on their accounts), when one is given: the
    /// Slack DM is written in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Digest {
    /// A digest for `owner_email` with nothing in it yet.
    pub fn empty(owner_email: &str, owner_name: Option<&str>) -> Digest {
        Digest {
            owner_email: owner_email.to_string(),
            owner_name: owner_name.map(str::to_string),
            warnings: vec![],
            strong: vec![],
            weak: vec![],
            overflow: 0,
            overflow_signals: vec![],
            strong_before_cap: 0,
            diagnostics: Diagnostics::default(),
            held_back: 0,
            locale: None,
        }
    }

    pub fn display_name(&self) -> &str {
        self.owner_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.owner_email)
    }
}

/// Everything one run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub cap_per_csm: usize,
    pub status: RunStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub coverage_pct: f64,
    /// Portfolio-wide warnings; each digest repeats them in its own `warnings`.
    pub warnings: Vec<Warning>,
    pub diagnostics: Diagnostics,
    pub digests: Vec<Digest>,
}

impl RunReport {
    /// A run of the week ending `as_of` with no figures, warnings or digests yet.
    pub fn new(as_of: NaiveDate, window_days: u32, cap_per_csm: usize) -> RunReport {
        RunReport {
            as_of,
            window_days,
            cap_per_csm,
            status: RunStatus::Ok,
            error: None,
            coverage_pct: 0.0,
            warnings: Vec::new(),
            diagnostics: Diagnostics::default(),
            digests: Vec::new(),
        }
    }
}
