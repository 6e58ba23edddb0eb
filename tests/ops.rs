//! Operations: `backup`, upgrading a database made by an earlier release in place, and
//! the deployment files under `deploy/`.

mod common;

use common::{Scratch, stderr};
use expansion_signals::store::Store;

#[test]
fn backup_copies_a_consistent_database_and_never_overwrites() {
    let s = Scratch::new();
    let run = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        "2026-11-23",
        "--out",
        "digests",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    // A second connection holds a read transaction open, as `serve` might.
    let live = rusqlite::Connection::open(s.path().join("expansion-signals.db")).unwrap();
    live.execute_batch("BEGIN; SELECT COUNT(*) FROM runs;")
        .unwrap();

    let out = s.run(&["backup", "copy.db"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("backed up"), "{}", stderr(&out));
    live.execute_batch("COMMIT;").unwrap();

    let copy = Store::open(&s.path().join("copy.db")).unwrap();
    let original = Store::open(&s.path().join("expansion-signals.db")).unwrap();
    assert_eq!(copy.history(10).unwrap(), original.history(10).unwrap());
    assert_eq!(copy.history(10).unwrap()[0].as_of.to_string(), "2026-11-23");

    let again = s.run(&["backup", "copy.db"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    let missing = s.run(&["backup", "x.db", "--db", "nope.db"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no such database"));
    assert!(
        !s.path().join("nope.db").exists(),
        "backup creates no database"
    );
}

#[test]
fn a_database_from_the_previous_schema_upgrades_in_place() {
    // tests/fixtures/schema-v2.db: made with the two migrations of the release before
    // this one (run history and the Slack app's tables), with a run, a slot, a sent
    // delivery, a cached user and the paused flag.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(common::root().join("tests/fixtures/schema-v2.db"), &path).unwrap();
    let version = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&path), 2);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        expansion_signals::store::schema_version_known() as i64
    );
    // Everything recorded before is still there and readable.
    let h = store.history(10).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].as_of.to_string().as_str(), h[0].status.as_str()),
        ("2026-11-16", "ok")
    );
    assert_eq!(h[0].diagnostics.taxonomy_hash, "21b6e93");
    assert_eq!(
        store
            .cached_user_id("elena.vasquez@northwind-demo.example")
            .unwrap()
            .as_deref(),
        Some("UELENA")
    );
    assert!(!store.paused().unwrap());
    let slot = "2026-11-16T08:00:00Z".parse().unwrap();
    let record = store.slot_record(slot).unwrap().unwrap();
    assert_eq!((record.outcome.as_str(), record.attempts), ("ran", 1));
    assert!(
        !store.claim_slot(slot, "ran", &[]).unwrap(),
        "still claimed"
    );
    let counts = store.latest_delivery_counts().unwrap();
    assert_eq!((counts.sent, counts.failed, counts.pending), (1, 0, 0));
    // The install time comes from the first slot, so a missed slot is caught up.
    let now = "2026-11-30T09:00:00Z".parse().unwrap();
    assert_eq!(
        store.installed_at(now).unwrap(),
        "2026-11-16T08:00:01Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    // The new tables work.
    store
        .record_failed_run("2026-11-23".parse().unwrap(), 7, 3, "source down", now)
        .unwrap();
    assert_eq!(store.history(1).unwrap()[0].status, "failed");
    drop(store);
    // Opening again does not migrate twice.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.history(10).unwrap().len(), 2);
}

fn deploy(name: &str) -> String {
    std::fs::read_to_string(common::root().join("deploy").join(name)).unwrap()
}

#[test]
fn the_dockerfile_is_multi_stage_non_root_with_a_data_volume() {
    let text = deploy("Dockerfile");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();
    let from: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FROM ")).collect();
    assert!(from.len() >= 2, "multi-stage: {from:?}");
    assert!(from[0].ends_with(" AS build"), "{from:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("RUN cargo install --locked --path ."))
    );
    assert!(lines.iter().any(|l| l.starts_with("COPY --from=build ")));
    // The last USER is not root, and it comes after the last FROM.
    let last_from = lines.iter().rposition(|l| l.starts_with("FROM ")).unwrap();
    let user = lines
        .iter()
        .rposition(|l| l.starts_with("USER "))
        .expect("a USER line");
    assert!(user > last_from);
    assert!(!lines[user].contains("root") && !lines[user].contains(" 0"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("VOLUME ") && l.contains("/var/lib/expansion-signals"))
    );
    assert!(lines.iter().any(|l| l.starts_with("HEALTHCHECK ")));
    assert!(lines.iter().any(|l| l.contains("/healthz")));
    assert!(lines.iter().any(|l| l.starts_with("ENTRYPOINT ")));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("CMD ") && l.contains("\"serve\""))
    );
    assert!(!text.contains("xoxb-"), "no secret in the image");
}

#[test]
fn the_systemd_unit_has_its_essential_lines() {
    let text = deploy("expansion-signals.service");
    let mut section = String::new();
    let mut keys: Vec<(String, String, String)> = vec![];
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = line.to_string();
            continue;
        }
        let (k, v) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not key=value: {line}"));
        keys.push((section.clone(), k.to_string(), v.to_string()));
    }
    let get = |s: &str, k: &str| -> Vec<String> {
        keys.iter()
            .filter(|(sec, key, _)| sec == s && key == k)
            .map(|(_, _, v)| v.clone())
            .collect()
    };
    assert!(get("[Unit]", "After")[0].contains("network-online.target"));
    let exec = &get("[Service]", "ExecStart")[0];
    assert!(
        exec.starts_with('/') && exec.contains(" serve --config "),
        "{exec}"
    );
    let user = &get("[Service]", "User")[0];
    assert!(!user.is_empty() && user != "root");
    assert_eq!(get("[Service]", "Restart"), ["on-failure"]);
    assert_eq!(get("[Service]", "StateDirectory"), ["expansion-signals"]);
    assert_eq!(
        get("[Service]", "WorkingDirectory"),
        ["/var/lib/expansion-signals"]
    );
    assert!(get("[Service]", "EnvironmentFile")[0].starts_with('/'));
    assert_eq!(get("[Service]", "RestartPreventExitStatus"), ["2"]);
    assert_eq!(get("[Install]", "WantedBy"), ["multi-user.target"]);
    assert!(
        keys.iter().all(|(_, _, v)| !v.contains("xoxb-")),
        "secrets go in the EnvironmentFile"
    );
}

/// `systemd-analyze verify` on the unit, with ExecStart pointed at the binary under test
/// (the installed path does not exist here). Skipped, saying so, where systemd is not
/// installed.
#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let probe = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("systemd-analyze is not installed: unit not verified");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = deploy("expansion-signals.service").replace(
        "/usr/local/bin/expansion-signals",
        env!("CARGO_BIN_EXE_expansion-signals"),
    );
    let path = dir.path().join("expansion-signals.service");
    std::fs::write(&path, unit).unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}
