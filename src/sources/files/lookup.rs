//! One account's records (for `account`), found without parsing every record in full.

use super::data_dir::DataDir;
use super::error::InputError;
use super::parse::parse_record;
use super::{CALLS, STAKEHOLDER_CHANGES, SUPPORT_TICKETS, USAGE_EVENTS};
use crate::model::Portfolio;
use crate::sources::record::Record;
use serde::de::DeserializeOwned;

impl DataDir {
    /// Every record of one account, the account itself included.
    pub(super) fn one_account(&self, account_id: &str) -> Result<Portfolio, InputError> {
        // Only records that mention the id anywhere are parsed in full: a lookup should
        // not pay for parsing every transcript of the portfolio.
        Ok(Portfolio {
            accounts: self
                .accounts_checked()?
                .into_iter()
                .filter(|a| a.id == account_id)
                .collect(),
            calls: pick(self, CALLS, true, account_id)?,
            usage_events: pick(self, USAGE_EVENTS, true, account_id)?,
            support_tickets: pick(self, SUPPORT_TICKETS, true, account_id)?,
            stakeholder_changes: pick(self, STAKEHOLDER_CHANGES, false, account_id)?,
        })
    }
}

/// The records of input `name` whose `account_id` is `id`, in file order.
fn pick<T: DeserializeOwned + Record>(
    dir: &DataDir,
    name: &'static str,
    required: bool,
    id: &str,
) -> Result<Vec<T>, InputError> {
    let file = dir.shown(name);
    let mut out = Vec::new();
    dir.each_raw(name, required, &mut |loc, raw| {
        if raw.contains(id) || escaped_account_id(&raw).is_some_and(|a| a == id) {
            let rec: T = parse_record(&file, loc, raw.as_str())?;
            if rec.account_id() == Some(id) {
                out.push(rec);
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// The record's `account_id` when it is written with JSON escapes (`"acc\u002d001"`), which
/// a search for the plain id in the raw text would miss; `None` when it has none.
fn escaped_account_id(raw: &str) -> Option<String> {
    static ACCOUNT_ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""account_id"\s*:\s*("(?:[^"\\]|\\.)*")"#).expect("valid")
    });
    if !raw.contains('\\') {
        return None;
    }
    let literal = ACCOUNT_ID.captures(raw)?.get(1)?.as_str();
    if !literal.contains('\\') {
        return None;
    }
    serde_json::from_str(literal).ok()
}
