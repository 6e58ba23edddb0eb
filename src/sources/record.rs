//! What every record must satisfy beyond its types, whichever source it comes from (a
//! file of the data directory or a vendor connector): ids, non-empty strings, sane
//! numbers.

use crate::model::{Account, Call, StakeholderChange, Ticket, UsageEvent};

/// No account is worth more than this (USD); larger values are data errors.
const MAX_ARR: f64 = 1e12;

/// Longest `owner_email`: `<owner_email>.md` must fit a file name (255 bytes).
const MAX_EMAIL_BYTES: usize = 251;

/// The checks a record passes before the engine sees it.
pub trait Record {
    /// (field, value) of the record's unique id, if it has one.
    fn id(&self) -> Option<(&'static str, &str)> {
        None
    }
    fn account_id(&self) -> Option<&str> {
        None
    }
    /// The first broken rule as (field, message).
    fn validate(&self) -> Result<(), (String, String)> {
        Ok(())
    }
}

/// `v` is not blank.
fn non_empty(field: &str, v: &str) -> Result<(), (String, String)> {
    if v.trim().is_empty() {
        Err((field.to_string(), "must not be empty".into()))
    } else {
        Ok(())
    }
}

/// `v` is a finite number.
fn finite(field: &str, v: f64) -> Result<(), (String, String)> {
    if v.is_finite() {
        Ok(())
    } else {
        Err((field.to_string(), "must be a finite number".into()))
    }
}

impl Record for Account {
    fn id(&self) -> Option<(&'static str, &str)> {
        Some(("id", &self.id))
    }
    fn account_id(&self) -> Option<&str> {
        Some(&self.id)
    }
    fn validate(&self) -> Result<(), (String, String)> {
        non_empty("id", &self.id)?;
        non_empty("name", &self.name)?;
        non_empty("segment", &self.segment)?;
        finite("arr", self.arr)?;
        if !(0.0..=MAX_ARR).contains(&self.arr) {
            return Err((
                "arr".into(),
                format!("must be between 0 and {MAX_ARR} USD (got {})", self.arr),
            ));
        }
        // The e-mail becomes a file name (`OUT/<owner_email>.md`): nothing that could
        // leave the output folder or confuse a file system gets through.
        let e = &self.owner_email;
        let (local, domain) = e.split_once('@').unwrap_or(("", ""));
        if local.is_empty()
            || !domain.contains('.')
            || e.starts_with('.')
            || e.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            })
        {
            return Err((
                "owner_email".into(),
                format!("`{e}` is not a plain e-mail address like name@company.com"),
            ));
        }
        if e.len() > MAX_EMAIL_BYTES {
            return Err((
                "owner_email".into(),
                format!(
                    "{} bytes long: at most {MAX_EMAIL_BYTES} (it names the digest file `<owner_email>.md`)",
                    e.len()
                ),
            ));
        }
        Ok(())
    }
}

impl Record for Call {
    fn id(&self) -> Option<(&'static str, &str)> {
        Some(("call_id", &self.call_id))
    }
    fn account_id(&self) -> Option<&str> {
        Some(&self.account_id)
    }
    fn validate(&self) -> Result<(), (String, String)> {
        non_empty("call_id", &self.call_id)?;
        non_empty("account_id", &self.account_id)?;
        if self.transcript_text.is_none()
            && self.transcript.is_none()
            && self.transcript_url.is_none()
        {
            return Err((
                "transcript_text".into(),
                "missing: a call needs `transcript_text`, `transcript` or `transcript_url`".into(),
            ));
        }
        Ok(())
    }
}

impl Record for UsageEvent {
    fn id(&self) -> Option<(&'static str, &str)> {
        self.event_id.as_deref().map(|id| ("event_id", id))
    }
    fn account_id(&self) -> Option<&str> {
        Some(&self.account_id)
    }
    fn validate(&self) -> Result<(), (String, String)> {
        non_empty("account_id", &self.account_id)?;
        non_empty("event_type", &self.event_type)?;
        non_empty("metric_name", &self.metric_name)?;
        finite("value_current", self.value_current)?;
        finite("value_baseline", self.value_baseline)?;
        finite("delta_pct", self.delta_pct)
    }
}

impl Record for Ticket {
    fn id(&self) -> Option<(&'static str, &str)> {
        Some(("ticket_id", &self.ticket_id))
    }
    fn account_id(&self) -> Option<&str> {
        Some(&self.account_id)
    }
    fn validate(&self) -> Result<(), (String, String)> {
        non_empty("ticket_id", &self.ticket_id)?;
        non_empty("account_id", &self.account_id)
    }
}

impl Record for StakeholderChange {
    fn account_id(&self) -> Option<&str> {
        Some(&self.account_id)
    }
    fn validate(&self) -> Result<(), (String, String)> {
        non_empty("account_id", &self.account_id)
    }
}
