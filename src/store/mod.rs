//! Run history in SQLite. All SQL of the project lives under this module.
//!
//! Migrations are an ordered list applied in one transaction each; `PRAGMA
//! user_version` records how many have run.

use crate::digest::{Diagnostics, RunReport};
use crate::pipeline::PriorWeek;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

pub mod cache;
pub mod feedback;
pub mod slack;

pub const DEFAULT_DB: &str = "expansion-signals.db";

/// How many migrations this build knows (the schema version it writes).
pub fn schema_version_known() -> usize {
    MIGRATIONS.len()
}

/// Ordered schema migrations. Append only: never edit one that has shipped.
const MIGRATIONS: &[&str] = &[
    // 1: one row per as_of week, and each CSM's counts for that week.
    "CREATE TABLE runs (
        as_of TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        error TEXT,
        coverage_pct REAL NOT NULL,
        window_days INTEGER NOT NULL,
        cap_per_csm INTEGER NOT NULL,
        taxonomy_hash TEXT NOT NULL,
        diagnostics TEXT NOT NULL,
        strong_total INTEGER NOT NULL,
        weak_total INTEGER NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE run_csm (
        as_of TEXT NOT NULL REFERENCES runs(as_of) ON DELETE CASCADE,
        owner_email TEXT NOT NULL,
        strong_before_cap INTEGER NOT NULL,
        strong_shown INTEGER NOT NULL,
        weak INTEGER NOT NULL,
        PRIMARY KEY (as_of, owner_email)
    );",
    // 2 (Slack app): user-id cache, schedule slots, per-(run, CSM) deliveries, flags.
    slack::MIGRATION_SLACK,
    // 3 (operations): a slot's error and attempts (failed runs are retried), and one
    // row per sent part of a multi-message digest.
    slack::MIGRATION_OPS,
    // 4 (the loop): strong signals shown in DMs, the CSMs' answers, lead summaries.
    feedback::MIGRATION_FEEDBACK,
    // 5 (semantic extraction): sentence vectors by (model, sentence hash), and LLM
    // answers by (transcript hash, taxonomy hash, model).
    cache::MIGRATION_CACHE,
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} was written by a newer expansion-signals (schema {found}, this build knows {known}): upgrade the binary or use another --db"
    )]
    TooNew {
        path: String,
        found: i64,
        known: usize,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database holds a bad value: {0}")]
    Corrupt(String),
}

/// A recorded run, as `history` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    pub as_of: NaiveDate,
    pub status: String,
    pub error: Option<String>,
    pub coverage_pct: f64,
    pub taxonomy_hash: String,
    pub strong_total: i64,
    pub weak_total: i64,
    pub csms: i64,
    pub recorded_at: String,
    pub diagnostics: Diagnostics,
}

/// What the engine needs from run history (a fake can stand in for SQLite).
pub trait History {
    /// Up to `n` recorded weeks before `as_of`, most recent first.
    fn prior_weeks(&self, as_of: NaiveDate, n: usize) -> Result<Vec<PriorWeek>, StoreError>;
    /// Records a run, replacing any earlier record of the same as_of.
    fn record_run(
        &mut self,
        report: &RunReport,
        recorded_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The CSMs' answers that shape the week `as_of` (held-back signals, the
    /// low-conversion warning). None by default.
    fn feedback(&self, _as_of: NaiveDate) -> Result<crate::pipeline::Feedback, StoreError> {
        Ok(crate::pipeline::Feedback::default())
    }
}

pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        Store::init(conn, shown)
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version as usize > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn history(&self, limit: usize) -> Result<Vec<RunSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.as_of, r.status, r.error, r.coverage_pct, r.taxonomy_hash, r.strong_total, r.weak_total,
                    (SELECT COUNT(*) FROM run_csm c WHERE c.as_of = r.as_of), r.recorded_at, r.diagnostics
             FROM runs r ORDER BY r.as_of DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                as_of,
                status,
                error,
                coverage_pct,
                taxonomy_hash,
                strong_total,
                weak_total,
                csms,
                recorded_at,
                diag,
            ) = row?;
            out.push(RunSummary {
                as_of: parse_date(&as_of)?,
                status,
                error,
                coverage_pct,
                taxonomy_hash,
                strong_total,
                weak_total,
                csms,
                recorded_at,
                diagnostics: serde_json::from_str(&diag).map_err(|e| {
                    StoreError::Corrupt(format!("runs.diagnostics for {as_of}: {e}"))
                })?,
            });
        }
        Ok(out)
    }

    /// Records a run that failed before producing a report (a source down, bad input),
    /// so `history` and `admin status` show it. A later successful run of the same
    /// as_of replaces it.
    pub fn record_failed_run(
        &mut self,
        as_of: NaiveDate,
        window_days: u32,
        cap_per_csm: usize,
        error: &str,
        recorded_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let as_of = as_of.to_string();
        tx.execute("DELETE FROM runs WHERE as_of = ?1", params![as_of])?;
        let diagnostics = serde_json::to_string(&Diagnostics::default())
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.execute(
            "INSERT INTO runs (as_of, status, error, coverage_pct, window_days, cap_per_csm, taxonomy_hash, diagnostics, strong_total, weak_total, recorded_at)
             VALUES (?1, 'failed', ?2, 0, ?3, ?4, '', ?5, 0, 0, ?6)",
            params![
                as_of,
                error,
                window_days,
                cap_per_csm as i64,
                diagnostics,
                recorded_at.to_rfc3339()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Copies the whole database to `to` (a new file) with `VACUUM INTO`: a consistent
    /// snapshot, safe while another process (`serve`) uses the database.
    pub fn backup_to(&self, to: &Path) -> Result<(), StoreError> {
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Corrupt(format!("{}: not a UTF-8 path", to.display())))?;
        self.conn.execute("VACUUM INTO ?1", params![target])?;
        Ok(())
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub fn last_run(&self) -> Result<Option<RunSummary>, StoreError> {
        Ok(self.history(1)?.into_iter().next())
    }

    /// Whether a run for this as_of is recorded.
    pub fn has_run(&self, as_of: NaiveDate) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM runs WHERE as_of = ?1",
                params![as_of.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("`{s}` is not a date")))
}

impl History for Store {
    fn feedback(&self, as_of: NaiveDate) -> Result<crate::pipeline::Feedback, StoreError> {
        let outcomes = self.outcomes()?;
        Ok(crate::pipeline::Feedback {
            holds: self.holds(as_of)?,
            warning: crate::pipeline::feedback::low_conversion_warning(&outcomes, as_of),
        })
    }

    fn prior_weeks(&self, as_of: NaiveDate, n: usize) -> Result<Vec<PriorWeek>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT as_of FROM runs WHERE as_of < ?1 AND status = 'ok' ORDER BY as_of DESC LIMIT ?2")?;
        let weeks: Vec<String> = stmt
            .query_map(params![as_of.to_string(), n as i64], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for week in weeks {
            let mut stmt = self
                .conn
                .prepare("SELECT owner_email, strong_before_cap FROM run_csm WHERE as_of = ?1")?;
            let counts = stmt
                .query_map(params![week], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
                })?
                .collect::<Result<_, _>>()?;
            out.push(PriorWeek {
                as_of: Some(parse_date(&week)?),
                strong_before_cap: counts,
            });
        }
        Ok(out)
    }

    fn record_run(
        &mut self,
        report: &RunReport,
        recorded_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let as_of = report.as_of.to_string();
        tx.execute("DELETE FROM runs WHERE as_of = ?1", params![as_of])?;
        let strong: usize = report.digests.iter().map(|d| d.strong.len()).sum();
        let weak: usize = report.digests.iter().map(|d| d.weak.len()).sum();
        tx.execute(
            "INSERT INTO runs (as_of, status, error, coverage_pct, window_days, cap_per_csm, taxonomy_hash, diagnostics, strong_total, weak_total, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                as_of,
                report.status.as_str(),
                report.error,
                report.coverage_pct,
                report.window_days,
                report.cap_per_csm as i64,
                report.diagnostics.taxonomy_hash,
                serde_json::to_string(&report.diagnostics).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                strong as i64,
                weak as i64,
                recorded_at.to_rfc3339(),
            ],
        )?;
        for d in &report.digests {
            tx.execute(
                "INSERT INTO run_csm (as_of, owner_email, strong_before_cap, strong_shown, weak) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![as_of, d.owner_email, d.strong_before_cap as i64, d.strong.len() as i64, d.weak.len() as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;

    fn report(as_of: &str, counts: &[(&str, usize)]) -> RunReport {
        RunReport {
            coverage_pct: 72.5,
            diagnostics: Diagnostics {
                taxonomy_hash: "abc1234".into(),
                ..Default::default()
            },
            digests: counts
                .iter()
                .map(|(owner, n)| Digest {
                    locale: None,
                    owner_email: owner.to_string(),
                    owner_name: None,
                    warnings: vec![],
                    strong: vec![],
                    weak: vec![],
                    overflow: 0,
                    overflow_signals: vec![],
                    strong_before_cap: *n,
                    diagnostics: Default::default(),
                    held_back: 0,
                })
                .collect(),
            ..RunReport::new(as_of.parse().unwrap(), 7, 3)
        }
    }

    #[test]
    fn rerun_replaces_the_week_and_history_is_newest_first() {
        let mut s = Store::open_in_memory().unwrap();
        let now = Utc::now();
        s.record_run(&report("2026-11-09", &[("a@x", 5)]), now)
            .unwrap();
        s.record_run(&report("2026-11-16", &[("a@x", 4), ("b@x", 1)]), now)
            .unwrap();
        s.record_run(&report("2026-11-16", &[("a@x", 6)]), now)
            .unwrap();
        let h = s.history(10).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].as_of.to_string(), "2026-11-16");
        assert_eq!(h[0].csms, 1);
        assert_eq!(h[0].diagnostics.taxonomy_hash, "abc1234");
        let prior = s.prior_weeks("2026-11-23".parse().unwrap(), 2).unwrap();
        assert_eq!(prior.len(), 2);
        assert_eq!(prior[0].strong_before_cap["a@x"], 6);
        assert_eq!(prior[1].strong_before_cap["a@x"], 5);
        assert!(
            s.prior_weeks("2026-11-16".parse().unwrap(), 2)
                .unwrap()
                .len()
                == 1
        );
    }

    #[test]
    fn reopening_keeps_data_and_does_not_remigrate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        Store::open(&path)
            .unwrap()
            .record_run(&report("2026-11-16", &[]), Utc::now())
            .unwrap();
        let s = Store::open(&path).unwrap();
        assert!(s.has_run("2026-11-16".parse().unwrap()).unwrap());
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(err.to_string().contains("newer expansion-signals"), "{err}");
    }
}
