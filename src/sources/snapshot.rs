//! Snapshots: a fetched week written as a data directory in exactly the engine's input
//! format, so that `run --data SNAPSHOT` replays the week offline; and their retention.

use super::connect::ConnectorError;
use super::files::{self, DataDir};
use super::report::Fetched;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The diagnostics file written into every snapshot (the loader ignores it).
pub const REPORT_FILE: &str = "fetch_report.json";

/// A snapshot error naming `path`.
fn snapshot_err(path: &Path, e: impl std::fmt::Display) -> ConnectorError {
    ConnectorError::Snapshot {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes `dir/name` through a temporary file, so a reader never sees half a file.
fn write_file(dir: &Path, name: &str, text: &str) -> Result<(), ConnectorError> {
    // Unique temporary names: two fetches of the same week may overlap.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| snapshot_err(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| snapshot_err(&path, e))
}

/// Records as a pretty JSON array, newline-terminated.
fn json_array<T: Serialize>(records: &[T]) -> String {
    serde_json::to_string_pretty(records).expect("model records serialize") + "\n"
}

/// Writes a fetched week as a data directory (`accounts.json`, `calls.jsonl`,
/// `usage_events.json`, `support_tickets.json`, `stakeholder_changes.json`) plus
/// [`REPORT_FILE`], then reads it back with the engine's loader to prove it replays.
/// A file of the same input in the other format (`calls.json`) is removed so the folder
/// stays unambiguous; other files are left alone.
pub fn write_snapshot(dir: &Path, fetched: &Fetched) -> Result<(), ConnectorError> {
    std::fs::create_dir_all(dir).map_err(|e| snapshot_err(dir, e))?;
    // The report goes last: its presence marks a complete snapshot.
    let _ = std::fs::remove_file(dir.join(REPORT_FILE));
    let p = &fetched.portfolio;
    let mut calls = String::new();
    for c in &p.calls {
        calls += &serde_json::to_string(c).expect("a call serializes");
        calls.push('\n');
    }
    let outputs = [
        (files::ACCOUNTS, "json", json_array(&p.accounts)),
        (files::CALLS, "jsonl", calls),
        (files::USAGE_EVENTS, "json", json_array(&p.usage_events)),
        (
            files::SUPPORT_TICKETS,
            "json",
            json_array(&p.support_tickets),
        ),
        (
            files::STAKEHOLDER_CHANGES,
            "json",
            json_array(&p.stakeholder_changes),
        ),
    ];
    for (name, ext, text) in &outputs {
        let other = if *ext == "json" { "jsonl" } else { "json" };
        let stale = dir.join(format!("{name}.{other}"));
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|e| snapshot_err(&stale, e))?;
        }
        write_file(dir, &format!("{name}.{ext}"), text)?;
    }
    let back = DataDir::new(dir).load_portfolio()?;
    if back != *p {
        return Err(snapshot_err(
            dir,
            "the snapshot does not read back as it was written",
        ));
    }
    let report =
        serde_json::to_string_pretty(&fetched.report).expect("the report serializes") + "\n";
    write_file(dir, REPORT_FILE, &report)
}

/// True when `dir` holds a complete snapshot.
pub fn is_complete(dir: &Path) -> bool {
    dir.join(REPORT_FILE).is_file()
}

/// Deletes the oldest week folders (`YYYY-MM-DD`) under `root` beyond `keep`; other
/// entries are left alone. Returns the deleted folders.
pub fn prune_snapshots(root: &Path, keep: usize) -> Result<Vec<PathBuf>, ConnectorError> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(Vec::new());
    };
    let mut weeks: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            NaiveDate::parse_from_str(&name, "%Y-%m-%d")
                .ok()
                .map(|d| (d, e.path()))
        })
        .collect();
    weeks.sort_by_key(|w| std::cmp::Reverse(w.0));
    let mut deleted = Vec::new();
    for (_, path) in weeks.into_iter().skip(keep) {
        std::fs::remove_dir_all(&path).map_err(|e| snapshot_err(&path, e))?;
        deleted.push(path);
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_keeps_the_newest_weeks_only() {
        let root = tempfile::tempdir().unwrap();
        for d in [
            "2026-11-02",
            "2026-11-09",
            "2026-11-16",
            "2026-11-23",
            "notes",
        ] {
            std::fs::create_dir_all(root.path().join(d)).unwrap();
        }
        let deleted = prune_snapshots(root.path(), 2).unwrap();
        assert_eq!(deleted.len(), 2);
        let mut left: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(left, ["2026-11-16", "2026-11-23", "notes"]);
    }
}
