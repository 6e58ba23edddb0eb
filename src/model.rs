//! Plain input records, as the engine's data directory (and every connector) delivers them.
//!
//! These types are parsed once at the edge (see `sources::files`); after that the pipeline
//! can trust every field. Unknown JSON fields are ignored so that exports with extra
//! columns load unchanged.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One customer account of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// Annual recurring revenue in USD.
    pub arr: f64,
    pub segment: String,
    pub tier: String,
    pub owner_email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    pub renewal_date: NaiveDate,
    /// The language the account owner's digest is written in ("de", "en"); the
    /// workspace default (`--locale`) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_locale: Option<String>,
    /// Optional e-mail domains of the customer, used by connectors to map calls to accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Optional account-level figures for the Spotter signals; absent: not evaluated.
    #[serde(flatten)]
    pub fields: AccountFields,
}

/// Optional account figures the account-level signals read (seat utilisation, company
/// growth, health, departments). Each one absent means "not evaluated", never an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_licensed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_used: Option<f64>,
    /// Health score, 0-100 (higher is healthier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_score: Option<f64>,
    /// Company headcount growth over the last year, percent (12 means +12 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount_growth_pct: Option<f64>,
    /// Departments already using the product; a usage event from another one is a new
    /// department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departments: Option<Vec<String>>,
}

/// One attendee of a recorded call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub is_customer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Attendee {
    /// The role to show next to a quote: `role`, else `title`, else a neutral label.
    pub fn display_role(&self) -> &str {
        self.role
            .as_deref()
            .or(self.title.as_deref())
            .filter(|r| !r.trim().is_empty())
            .unwrap_or(if self.is_customer {
                "customer"
            } else {
                "vendor"
            })
    }
}

/// One speaker turn of a structured transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Utterance {
    pub speaker: String,
    pub text: String,
}

/// One recorded CSM call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub account_id: String,
    pub call_id: String,
    pub occurred_at: DateTime<Utc>,
    pub attendees: Vec<Attendee>,
    /// Plain transcript: lines `Speaker Name: words`; a line without a speaker prefix
    /// continues the previous speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript_text: Option<String>,
    /// Structured transcript: one entry per speaker turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Vec<Utterance>>,
    /// Link to a transcript that was not exported: the call counts for coverage only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript_url: Option<String>,
    /// The language spoken ("de", "en", "deu", "de-DE"), when the source records it;
    /// otherwise it is detected from the transcript when rules for several languages
    /// are loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A usage anomaly, pre-computed by the product-analytics side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub account_id: String,
    pub event_type: String,
    pub metric_name: String,
    pub value_current: f64,
    pub value_baseline: f64,
    /// Change in percentage points: 30 means +30 %.
    pub delta_pct: f64,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// A support ticket (customer data: never logged above debug level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub account_id: String,
    pub ticket_id: String,
    pub subject: String,
    pub body_summary: String,
    pub tags: Vec<String>,
    pub opened_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    NewHire,
    Promotion,
    Departure,
}

impl ChangeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::NewHire => "new_hire",
            ChangeType::Promotion => "promotion",
            ChangeType::Departure => "departure",
        }
    }
}

/// A change among the customer's stakeholders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StakeholderChange {
    pub account_id: String,
    pub change_type: ChangeType,
    pub role: String,
    pub is_champion: bool,
    pub occurred_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Every input of one run, in memory. The file source streams calls instead of building
/// this (see `sources::files`), but connectors and tests use it directly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Portfolio {
    pub accounts: Vec<Account>,
    pub calls: Vec<Call>,
    pub usage_events: Vec<UsageEvent>,
    pub support_tickets: Vec<Ticket>,
    pub stakeholder_changes: Vec<StakeholderChange>,
}
