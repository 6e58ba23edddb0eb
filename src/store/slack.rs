//! The Slack app's state: cached user ids, claimed schedule slots, one delivery row per
//! (run, CSM) written before and after sending, and the paused flag.
//!
//! A delivery row holds the rendered messages, so a fan-out resumed after a restart
//! sends exactly what the run decided, without running the pipeline again.

use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

pub(super) const MIGRATION_SLACK: &str = "
    CREATE TABLE slack_users (
        email TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE schedule_slots (
        slot TEXT PRIMARY KEY,
        outcome TEXT NOT NULL,
        claimed_at TEXT NOT NULL
    );
    CREATE TABLE deliveries (
        run_id TEXT NOT NULL,
        owner_email TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
        messages TEXT NOT NULL,
        parts_sent INTEGER NOT NULL DEFAULT 0,
        channel TEXT,
        message_ts TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, owner_email)
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );";

pub(super) const MIGRATION_OPS: &str = "
    ALTER TABLE schedule_slots ADD COLUMN error TEXT;
    ALTER TABLE schedule_slots ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE delivery_parts (
        run_id TEXT NOT NULL,
        owner_email TEXT NOT NULL,
        part INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sent', 'uncertain')),
        channel TEXT,
        message_ts TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, owner_email, part)
    );";

/// Slot outcomes a later attempt may replace (the run is retried).
pub const RETRYABLE_OUTCOMES: [&str; 2] = ["failed", "aborted"];

/// One schedule slot as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotRecord {
    pub slot: DateTime<Utc>,
    /// `ran`, `paused`, `skipped`, `failed` or `aborted`.
    pub outcome: String,
    pub error: Option<String>,
    pub attempts: u32,
}

impl SlotRecord {
    pub fn retryable(&self) -> bool {
        RETRYABLE_OUTCOMES.contains(&self.outcome.as_str())
    }
}

/// Where one delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Pending,
    /// Written just before a `chat.postMessage`; still there after a crash means the
    /// message may or may not have arrived.
    Sending,
    Sent,
    Failed,
}

impl DeliveryState {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sending => "sending",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }
    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "pending" => DeliveryState::Pending,
            "sending" => DeliveryState::Sending,
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            other => return Err(StoreError::Corrupt(format!("delivery state `{other}`"))),
        })
    }
}

/// One (run, CSM) delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub run_id: String,
    pub owner_email: String,
    pub state: DeliveryState,
    /// JSON array of rendered messages (`render::blocks::Message`).
    pub messages: String,
    /// How many of the messages were sent (a split digest resumes at the next one).
    pub parts_sent: usize,
    pub error: Option<String>,
}

/// Delivery counts of the most recent run, for `admin status`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryCounts {
    pub run_id: Option<String>,
    pub sent: usize,
    pub failed: usize,
    pub pending: usize,
    /// (email, error) of failed deliveries.
    pub failures: Vec<(String, String)>,
    /// (email, note) of sent deliveries with something to know (a part that may be
    /// missing).
    pub notes: Vec<(String, String)>,
}

fn now() -> String {
    Utc::now().to_rfc3339()
}

impl Store {
    /// A trivial query, for health checks.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM settings", [], |r| r.get::<_, i64>(0))?;
        Ok(())
    }

    pub fn cached_user_id(&self, email: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT user_id FROM slack_users WHERE email = ?1",
                params![email.to_lowercase()],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn cache_user_id(&self, email: &str, user_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO slack_users (email, user_id, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(email) DO UPDATE SET user_id = ?2, updated_at = ?3",
            params![email.to_lowercase(), user_id, now()],
        )?;
        Ok(())
    }

    /// Records a schedule slot and the deliveries it decided, in one transaction.
    /// Returns false (and writes nothing) when the slot was already claimed, so a slot
    /// never runs twice, also across restarts.
    pub fn claim_slot(
        &mut self,
        slot: DateTime<Utc>,
        outcome: &str,
        deliveries: &[(String, String)],
    ) -> Result<bool, StoreError> {
        self.claim_slot_with(slot, outcome, None, deliveries)
    }

    /// [`Store::claim_slot`] with a note or error. A slot whose earlier attempt failed
    /// or aborted ([`RETRYABLE_OUTCOMES`]) may be claimed again; its attempts are
    /// counted.
    pub fn claim_slot_with(
        &mut self,
        slot: DateTime<Utc>,
        outcome: &str,
        error: Option<&str>,
        deliveries: &[(String, String)],
    ) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let inserted = tx.execute(
            "INSERT INTO schedule_slots (slot, outcome, claimed_at, error, attempts) VALUES (?1, ?2, ?3, ?4, 1)
             ON CONFLICT(slot) DO UPDATE SET outcome = ?2, claimed_at = ?3, error = ?4,
                 attempts = schedule_slots.attempts + 1
             WHERE schedule_slots.outcome IN ('failed', 'aborted')",
            params![slot.to_rfc3339(), outcome, now(), error],
        )?;
        if inserted == 0 {
            return Ok(false);
        }
        plan(&tx, &slot_run_id(slot), deliveries)?;
        tx.commit()?;
        Ok(true)
    }

    /// The record of one slot, if it was claimed or attempted.
    pub fn slot_record(&self, slot: DateTime<Utc>) -> Result<Option<SlotRecord>, StoreError> {
        self.slot_query("WHERE slot = ?1", params![slot.to_rfc3339()])
    }

    /// The most recent slot recorded.
    pub fn latest_slot(&self) -> Result<Option<SlotRecord>, StoreError> {
        self.slot_query("ORDER BY slot DESC LIMIT 1", params![])
    }

    fn slot_query(
        &self,
        tail: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Option<SlotRecord>, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT slot, outcome, error, attempts FROM schedule_slots {tail}"),
                args,
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(slot, outcome, error, attempts)| {
            Ok(SlotRecord {
                slot: DateTime::parse_from_rfc3339(&slot)
                    .map_err(|_| StoreError::Corrupt(format!("slot `{slot}`")))?
                    .with_timezone(&Utc),
                outcome,
                error,
                attempts: attempts.max(0) as u32,
            })
        })
        .transpose()
    }

    /// When this database first served the app: recorded on the first call (as `now`)
    /// and kept. A database from before this was recorded counts from its first
    /// claimed slot or planned delivery.
    pub fn installed_at(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, StoreError> {
        let known: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'installed_at'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(v) = known {
            return DateTime::parse_from_rfc3339(&v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| StoreError::Corrupt(format!("installed_at `{v}`")));
        }
        let earliest: Option<String> = self.conn.query_row(
            "SELECT MIN(t) FROM (SELECT MIN(claimed_at) AS t FROM schedule_slots
                                 UNION ALL SELECT MIN(created_at) FROM deliveries)",
            [],
            |r| r.get(0),
        )?;
        let at = earliest
            .and_then(|e| DateTime::parse_from_rfc3339(&e).ok())
            .map(|t| t.with_timezone(&Utc))
            .map_or(now, |t| t.min(now));
        self.conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('installed_at', ?1)",
            params![at.to_rfc3339()],
        )?;
        Ok(at)
    }

    /// Sets `installed_at` (tests and imports).
    pub fn set_installed_at(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('installed_at', ?1)
             ON CONFLICT(key) DO UPDATE SET value = ?1",
            params![at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Records one part of a delivery as sent (`uncertain`: interrupted mid-send, not
    /// resent) and moves the delivery on, in one transaction: the next part to send is
    /// `part + 1`, and the delivery is `state` with `note`.
    #[allow(clippy::too_many_arguments)]
    pub fn record_part(
        &mut self,
        run_id: &str,
        owner_email: &str,
        part: usize,
        uncertain: bool,
        channel_ts: Option<(&str, &str)>,
        state: DeliveryState,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO delivery_parts (run_id, owner_email, part, state, channel, message_ts, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                run_id,
                owner_email,
                part as i64,
                if uncertain { "uncertain" } else { "sent" },
                channel_ts.map(|c| c.0),
                channel_ts.map(|c| c.1),
                now()
            ],
        )?;
        tx.execute(
            "UPDATE deliveries SET state = ?3, parts_sent = ?4,
                 channel = COALESCE(?5, channel), message_ts = COALESCE(?6, message_ts),
                 error = ?7, updated_at = ?8
             WHERE run_id = ?1 AND owner_email = ?2",
            params![
                run_id,
                owner_email,
                state.as_str(),
                (part + 1) as i64,
                channel_ts.map(|c| c.0),
                channel_ts.map(|c| c.1),
                note,
                now()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The recorded parts of one delivery: (part, `sent` or `uncertain`).
    pub fn delivery_parts(
        &self,
        run_id: &str,
        owner_email: &str,
    ) -> Result<Vec<(usize, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT part, state FROM delivery_parts WHERE run_id = ?1 AND owner_email = ?2 ORDER BY part",
        )?;
        let rows = stmt
            .query_map(params![run_id, owner_email], |r| {
                Ok((r.get::<_, i64>(0)? as usize, r.get::<_, String>(1)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn slot_claimed(&self, slot: DateTime<Utc>) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM schedule_slots WHERE slot = ?1",
                params![slot.to_rfc3339()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Plans the deliveries of a manual run: (owner_email, messages JSON).
    pub fn plan_deliveries(
        &mut self,
        run_id: &str,
        deliveries: &[(String, String)],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        plan(&tx, run_id, deliveries)?;
        tx.commit()?;
        Ok(())
    }

    /// Deliveries not finished yet (pending, or interrupted while sending), oldest first.
    pub fn unfinished_deliveries(&self, run_id: Option<&str>) -> Result<Vec<Delivery>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT run_id, owner_email, state, messages, parts_sent, error FROM deliveries
             WHERE state IN ('pending', 'sending') AND (?1 IS NULL OR run_id = ?1)
             ORDER BY created_at, run_id, owner_email",
        )?;
        let rows = stmt.query_map(params![run_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (run_id, owner_email, state, messages, parts_sent, error) = row?;
            out.push(Delivery {
                run_id,
                owner_email,
                state: DeliveryState::parse(&state)?,
                messages,
                parts_sent: parts_sent as usize,
                error,
            });
        }
        Ok(out)
    }

    /// Moves a delivery to a new state. `parts_sent` and the message reference are kept
    /// when `None`.
    pub fn set_delivery(
        &self,
        run_id: &str,
        owner_email: &str,
        state: DeliveryState,
        parts_sent: Option<usize>,
        channel_ts: Option<(&str, &str)>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE deliveries SET state = ?3,
                 parts_sent = COALESCE(?4, parts_sent),
                 channel = COALESCE(?5, channel),
                 message_ts = COALESCE(?6, message_ts),
                 error = ?7, updated_at = ?8
             WHERE run_id = ?1 AND owner_email = ?2",
            params![
                run_id,
                owner_email,
                state.as_str(),
                parts_sent.map(|p| p as i64),
                channel_ts.map(|c| c.0),
                channel_ts.map(|c| c.1),
                error,
                now()
            ],
        )?;
        Ok(())
    }

    /// Counts of the most recently planned run.
    pub fn latest_delivery_counts(&self) -> Result<DeliveryCounts, StoreError> {
        let run_id: Option<String> = self
            .conn
            .query_row(
                "SELECT run_id FROM deliveries ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let Some(run_id) = run_id else {
            return Ok(DeliveryCounts::default());
        };
        let mut counts = DeliveryCounts {
            run_id: Some(run_id.clone()),
            ..Default::default()
        };
        let mut stmt = self.conn.prepare(
            "SELECT owner_email, state, error FROM deliveries WHERE run_id = ?1 ORDER BY owner_email",
        )?;
        let rows = stmt.query_map(params![run_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        for row in rows {
            let (email, state, error) = row?;
            match DeliveryState::parse(&state)? {
                DeliveryState::Sent => {
                    counts.sent += 1;
                    if let Some(note) = error {
                        counts.notes.push((email, note));
                    }
                }
                DeliveryState::Failed => {
                    counts.failed += 1;
                    counts.failures.push((email, error.unwrap_or_default()));
                }
                DeliveryState::Pending | DeliveryState::Sending => counts.pending += 1,
            }
        }
        Ok(counts)
    }

    pub fn paused(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'paused'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .is_some_and(|v| v == "true"))
    }

    pub fn set_paused(&self, paused: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('paused', ?1)
             ON CONFLICT(key) DO UPDATE SET value = ?1",
            params![paused.to_string()],
        )?;
        Ok(())
    }
}

/// The run id of a scheduled slot's deliveries.
pub fn slot_run_id(slot: DateTime<Utc>) -> String {
    format!("scheduled:{}", slot.to_rfc3339())
}

fn plan(
    tx: &rusqlite::Transaction<'_>,
    run_id: &str,
    deliveries: &[(String, String)],
) -> Result<(), StoreError> {
    let at = now();
    for (email, messages) in deliveries {
        // OR IGNORE: planning the same run twice never resets a sent delivery.
        tx.execute(
            "INSERT OR IGNORE INTO deliveries (run_id, owner_email, state, messages, created_at, updated_at)
             VALUES (?1, ?2, 'pending', ?3, ?4, ?4)",
            params![run_id, email, messages, at],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_claimed_once_with_its_deliveries() {
        let mut s = Store::open_in_memory().unwrap();
        let slot: DateTime<Utc> = "2026-11-23T08:00:00Z".parse().unwrap();
        let planned = vec![
            ("a@x".to_string(), "[]".to_string()),
            ("b@x".into(), "[]".into()),
        ];
        assert!(s.claim_slot(slot, "run", &planned).unwrap());
        assert!(!s.claim_slot(slot, "run", &planned).unwrap());
        assert!(s.slot_claimed(slot).unwrap());
        let open = s.unfinished_deliveries(None).unwrap();
        assert_eq!(open.len(), 2);
        let run = slot_run_id(slot);
        s.set_delivery(
            &run,
            "a@x",
            DeliveryState::Sent,
            Some(1),
            Some(("D1", "1.2")),
            None,
        )
        .unwrap();
        s.set_delivery(
            &run,
            "b@x",
            DeliveryState::Failed,
            None,
            None,
            Some("users_not_found"),
        )
        .unwrap();
        assert!(s.unfinished_deliveries(None).unwrap().is_empty());
        let c = s.latest_delivery_counts().unwrap();
        assert_eq!((c.sent, c.failed, c.pending), (1, 1, 0));
        assert_eq!(
            c.failures,
            vec![("b@x".to_string(), "users_not_found".to_string())]
        );
        // Planning again never resets a finished delivery.
        s.plan_deliveries(&run, &planned).unwrap();
        assert!(s.unfinished_deliveries(None).unwrap().is_empty());
    }

    #[test]
    fn user_cache_and_pause_flag() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(s.cached_user_id("A@x").unwrap(), None);
        s.cache_user_id("A@x", "U1").unwrap();
        assert_eq!(s.cached_user_id("a@X").unwrap().as_deref(), Some("U1"));
        assert!(!s.paused().unwrap());
        s.set_paused(true).unwrap();
        assert!(s.paused().unwrap());
        s.set_paused(false).unwrap();
        assert!(!s.paused().unwrap());
    }
}
