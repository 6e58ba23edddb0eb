//! `engine::source_for` with connectors configured: the week is fetched once into
//! `<db dir>/snapshots/<as_of>/`, reused by later calls, old weeks are pruned, and
//! refused credentials fail before anything is written.
//!
//! This test sets the connector variables in its own process, so it lives alone in
//! this test binary (no other test thread reads the environment meanwhile).

mod common;

use chrono::NaiveDate;
use common::demo::{config_text, env_all, gainsight_data, gong_data, root, zendesk_data};
use expansion_signals::config::Config;
use expansion_signals::engine::{self, AccountAnswer, EngineError, Rules};
use expansion_signals::pipeline::Params;
use expansion_signals::sources::DataDir;
use expansion_signals::sources::connect::ConnectorError;
use expansion_signals::sources::http::FetchError;
use expansion_signals::sources::snapshot::REPORT_FILE;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_for_fetches_once_keeps_the_snapshot_and_prunes() {
    let demo = DataDir::new(root().join("fixtures/demo"))
        .load_portfolio()
        .unwrap();
    let (calls, transcripts) = gong_data(&demo);
    let (gong_url, gong) = common::gong(calls, transcripts, 50).await;
    let (gs_url, _gs) = common::gainsight(gainsight_data(&demo)).await;
    let (tickets, orgs) = zendesk_data(&demo);
    let (zd_url, _zd) = common::zendesk(tickets, orgs, 50).await;

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("state/runs.db");
    let text = format!(
        "db = \"{}\"\n{}\n[sources.snapshots]\nretention = 2\n",
        db.display(),
        config_text(&gong_url, &gs_url, &zd_url)
    );
    let config = Config::parse("test.toml", &text).unwrap();
    let snapshots = tmp.path().join("state/snapshots");
    for old in ["2026-11-02", "2026-11-09", "2026-11-16"] {
        std::fs::create_dir_all(snapshots.join(old)).unwrap();
    }
    for (k, v) in env_all() {
        // SAFETY: the only test of this binary; nothing else reads the environment now.
        unsafe { std::env::set_var(k, v) };
    }

    // Called from inside a runtime, as the Slack app would.
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let source = engine::source_for(&config, as_of).unwrap();
    let week = snapshots.join("2026-11-23");
    assert_eq!(source.describe(), week.display().to_string());
    assert!(week.join(REPORT_FILE).is_file());
    let mut left: Vec<String> = std::fs::read_dir(&snapshots)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    left.sort();
    assert_eq!(left, ["2026-11-16", "2026-11-23"]);

    // `/expansion account` reads the same snapshot, without fetching again.
    let hits = gong.ctl.hits().len();
    let again = engine::source_for(&config, as_of).unwrap();
    assert_eq!(gong.ctl.hits().len(), hits);
    let rules = Rules::load(&root().join("references")).unwrap();
    let params = Params {
        as_of,
        window_days: 7,
        cap_per_csm: 3,
    };
    let account = &demo.accounts[0];
    let answer = engine::explain_account(again.as_ref(), &rules, &params, &account.id).unwrap();
    assert!(matches!(answer, AccountAnswer::Explained(_)));

    // Refused credentials: a clear error, and no snapshot for that week.
    unsafe { std::env::set_var("GONG_API_KEY", "gong-key:wrong") };
    let other = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let err = match engine::source_for(&config, other) {
        Err(e) => e,
        Ok(_) => panic!("a refused key must fail"),
    };
    assert!(
        matches!(
            err,
            EngineError::Connector(ConnectorError::Fetch(FetchError::Auth { .. }))
        ),
        "{err}"
    );
    assert!(err.to_string().contains("GONG_API_KEY"), "{err}");
    assert!(!snapshots.join("2026-11-30").join(REPORT_FILE).exists());
}
