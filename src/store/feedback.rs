//! The loop's tables: the strong signals that went out in a DM, the CSMs' answers to
//! them, and the lead summaries sent.

use super::{Store, StoreError, parse_date};
use crate::digest::{RunReport, StrongSignal};
use crate::pipeline::feedback::{self, Answer, Hold, Outcome};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

/// Migration 4: shown signals (one row per week, account and SKU, so a rerun of the
/// same week counts a signal once), one answer per shown signal, lead summaries sent.
pub const MIGRATION_FEEDBACK: &str = "
    CREATE TABLE signals_shown (
        as_of TEXT NOT NULL,
        account_id TEXT NOT NULL,
        sku TEXT NOT NULL,
        owner_email TEXT NOT NULL,
        account_name TEXT NOT NULL,
        trigger TEXT NOT NULL,
        evidence TEXT NOT NULL,
        quotes TEXT NOT NULL,
        evidence_count INTEGER NOT NULL,
        shown_at TEXT NOT NULL,
        PRIMARY KEY (as_of, account_id, sku)
    );
    CREATE TABLE signal_answers (
        as_of TEXT NOT NULL,
        account_id TEXT NOT NULL,
        sku TEXT NOT NULL,
        answer TEXT NOT NULL,
        user_id TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (as_of, account_id, sku),
        FOREIGN KEY (as_of, account_id, sku) REFERENCES signals_shown (as_of, account_id, sku)
    );
    CREATE TABLE lead_summaries (
        run_id TEXT NOT NULL,
        admin TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (run_id, admin)
    );";

/// One shown signal, as the click handler needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub as_of: NaiveDate,
    pub account_id: String,
    pub account_name: String,
    pub sku: String,
    pub owner_email: String,
    pub answer: Option<Answer>,
}

/// A labelled sentence source: the quotes of an answered signal.
#[derive(Debug, Clone, PartialEq)]
pub struct AnsweredQuotes {
    pub sku: String,
    pub answer: Answer,
    pub quotes: Vec<String>,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn answer_of(code: Option<String>) -> Result<Option<Answer>, StoreError> {
    code.map(|c| Answer::parse(&c).ok_or_else(|| StoreError::Corrupt(format!("answer `{c}`"))))
        .transpose()
}

fn day(rfc3339: &str) -> Result<NaiveDate, StoreError> {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&Utc).date_naive())
        .map_err(|_| StoreError::Corrupt(format!("`{rfc3339}` is not a time")))
}

impl Store {
    /// Records the strong signals of `report` as shown in a DM at `at`; a signal
    /// already recorded for the week keeps its first record (and its answer).
    pub fn record_shown(
        &mut self,
        report: &RunReport,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for d in &report.digests {
            for s in &d.strong {
                insert_shown(&tx, report.as_of, &d.owner_email, s, at)?;
            }
            set_csm_locale(&tx, &d.owner_email, d.locale.as_deref())?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The language of the CSM's last recorded digest (`owner_locale` on their
    /// accounts), for answers outside a digest such as the App Home tab; `None` when
    /// their accounts give none (the workspace's language applies).
    pub fn csm_locale(&self, email: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![locale_key(email)],
                |r| r.get::<_, String>(0),
            )
            .optional()?)
    }

    /// The shown signal of (week, account, SKU), if it was shown.
    pub fn shown(
        &self,
        as_of: NaiveDate,
        account_id: &str,
        sku: &str,
    ) -> Result<Option<Shown>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT s.account_name, s.owner_email, a.answer FROM signals_shown s
                 LEFT JOIN signal_answers a USING (as_of, account_id, sku)
                 WHERE s.as_of = ?1 AND s.account_id = ?2 AND s.sku = ?3",
                params![as_of.to_string(), account_id, sku],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(account_name, owner_email, answer)| {
            Ok(Shown {
                as_of,
                account_id: account_id.into(),
                account_name,
                sku: sku.into(),
                owner_email,
                answer: answer_of(answer)?,
            })
        })
        .transpose()
    }

    /// Records (or changes) the answer to a shown signal: one row per signal.
    pub fn record_answer(
        &mut self,
        as_of: NaiveDate,
        account_id: &str,
        sku: &str,
        answer: Answer,
        user_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO signal_answers (as_of, account_id, sku, answer, user_id, answered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (as_of, account_id, sku) DO UPDATE SET
               answer = excluded.answer, user_id = excluded.user_id, answered_at = excluded.answered_at",
            params![as_of.to_string(), account_id, sku, answer.code(), user_id, at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// How many answers are stored (tests: pressing twice stores one).
    pub fn answer_count(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM signal_answers", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    /// Answers that may hold signals back in the week `as_of` (given on weeks up to it).
    pub fn holds(&self, as_of: NaiveDate) -> Result<Vec<Hold>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.account_id, s.sku, a.answer, a.answered_at, s.evidence
             FROM signal_answers a JOIN signals_shown s USING (as_of, account_id, sku)
             WHERE s.as_of <= ?1",
        )?;
        let rows = stmt.query_map(params![as_of.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (account_id, sku, answer, at, evidence) = row?;
            let Some(answer) = answer_of(Some(answer))? else {
                continue;
            };
            out.push(Hold {
                account_id,
                sku,
                answer,
                answered_on: day(&at)?,
                evidence: serde_json::from_str(&evidence)
                    .map_err(|e| StoreError::Corrupt(format!("signals_shown.evidence: {e}")))?,
            });
        }
        Ok(out)
    }

    /// Every shown signal with its answer, oldest week first.
    pub fn outcomes(&self) -> Result<Vec<Outcome>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.as_of, s.owner_email, s.account_id, s.account_name, s.sku, s.trigger,
                    s.shown_at, a.answer, a.answered_at
             FROM signals_shown s LEFT JOIN signal_answers a USING (as_of, account_id, sku)
             ORDER BY s.as_of, s.owner_email, s.account_id, s.sku",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                [
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ],
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                as_of,
                [owner_email, account_id, account_name, sku, trigger],
                shown_at,
                answer,
                at,
            ) = row?;
            let answer = match (answer_of(answer)?, at) {
                (Some(a), Some(at)) => Some((a, day(&at)?)),
                _ => None,
            };
            out.push(Outcome {
                as_of: parse_date(&as_of)?,
                owner_email,
                account_id,
                account_name,
                sku,
                trigger,
                shown_on: day(&shown_at)?,
                answer,
            });
        }
        Ok(out)
    }

    /// The quotes of signals answered "Conversation started" or "Not relevant — not
    /// real intent" (the sentences `feedback export` labels).
    pub fn answered_quotes(&self) -> Result<Vec<AnsweredQuotes>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.sku, a.answer, s.quotes FROM signal_answers a
             JOIN signals_shown s USING (as_of, account_id, sku)
             ORDER BY s.as_of, s.account_id, s.sku",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (sku, answer, quotes) = row?;
            let Some(answer) = answer_of(Some(answer))? else {
                continue;
            };
            out.push(AnsweredQuotes {
                sku,
                answer,
                quotes: serde_json::from_str(&quotes)
                    .map_err(|e| StoreError::Corrupt(format!("signals_shown.quotes: {e}")))?,
            });
        }
        Ok(out)
    }

    /// The evidence count (call quotes and usage events) of the signals shown in the
    /// week: (account name, SKU, count), most evidence first.
    pub fn evidence_ranking(
        &self,
        as_of: NaiveDate,
        limit: usize,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT account_name, sku, evidence_count FROM signals_shown WHERE as_of = ?1
             ORDER BY evidence_count DESC, account_name, sku LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![as_of.to_string(), limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks the lead summary of `run_id` sent to `admin`; false when it already was.
    pub fn claim_lead_summary(
        &self,
        run_id: &str,
        admin: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO lead_summaries (run_id, admin, sent_at) VALUES (?1, ?2, ?3)",
            params![run_id, admin, at.to_rfc3339()],
        )?;
        Ok(n == 1)
    }
}

/// The `settings` key of a CSM's digest language.
fn locale_key(email: &str) -> String {
    format!("csm_locale:{}", email.to_lowercase())
}

fn set_csm_locale(
    tx: &rusqlite::Transaction<'_>,
    email: &str,
    locale: Option<&str>,
) -> Result<(), StoreError> {
    match locale {
        Some(l) => tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = ?2",
            params![locale_key(email), l],
        )?,
        None => tx.execute(
            "DELETE FROM settings WHERE key = ?1",
            params![locale_key(email)],
        )?,
    };
    Ok(())
}

fn insert_shown(
    tx: &rusqlite::Transaction<'_>,
    as_of: NaiveDate,
    owner: &str,
    s: &StrongSignal,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let evidence = feedback::evidence_keys(s);
    let quotes: Vec<&str> = s.call_evidence.iter().map(|q| q.quote.as_str()).collect();
    tx.execute(
        "INSERT OR IGNORE INTO signals_shown
         (as_of, account_id, sku, owner_email, account_name, trigger, evidence, quotes, evidence_count, shown_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            as_of.to_string(),
            s.account_id,
            s.sku,
            owner,
            s.account_name,
            feedback::trigger(s),
            json(&evidence)?,
            json(&quotes)?,
            (s.call_evidence.len() + s.usage_evidence.len()) as i64,
            at.to_rfc3339(),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;

    fn report(locale: Option<&str>) -> RunReport {
        RunReport {
            coverage_pct: 80.0,
            digests: vec![Digest {
                locale: locale.map(String::from),
                ..Digest::empty("Ana@x.io", None)
            }],
            ..RunReport::new("2026-11-23".parse().unwrap(), 7, 3)
        }
    }

    /// The last recorded digest's language is the CSM's; none clears it again.
    #[test]
    fn a_csm_locale_follows_their_last_digest() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.csm_locale("ana@x.io").unwrap(), None);
        store.record_shown(&report(Some("de")), Utc::now()).unwrap();
        assert_eq!(store.csm_locale("ANA@x.io").unwrap().as_deref(), Some("de"));
        store.record_shown(&report(None), Utc::now()).unwrap();
        assert_eq!(store.csm_locale("ana@x.io").unwrap(), None);
    }
}
