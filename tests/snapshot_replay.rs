//! A whole week fetched from fake Gong, Gainsight and Zendesk servers (serving the bundled
//! demo portfolio in the vendors' shapes): the `fetch` command writes a snapshot, and
//! `run --data SNAPSHOT` gives the same digest as the in-process run over the fetched
//! portfolio.

mod common;

use common::demo::{config_text, env_all, gainsight_data, gong_data, root, zendesk_data};

use chrono::NaiveDate;
use expansion_signals::config::sources::SourcesEnv;
use expansion_signals::config::{Config, Env};
use expansion_signals::engine::{Rules, run_week};
use expansion_signals::pipeline::Params;
use expansion_signals::pipeline::collect::Window;
use expansion_signals::render;
use expansion_signals::sources::connect::Connectors;
use expansion_signals::sources::http::{Progress, RetryPolicy};
use expansion_signals::sources::snapshot::REPORT_FILE;
use expansion_signals::sources::{DataDir, Memory};
use expansion_signals::store::Store;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_expansion-signals");
const AS_OF: &str = "2026-11-23";

async fn bin(args: Vec<String>, env: Vec<(&'static str, &'static str)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(BIN);
        cmd.args(&args)
            .env_remove("GONG_API_KEY")
            .env_remove("GAINSIGHT_TOKEN")
            .env_remove("ZENDESK_API_TOKEN")
            .env_remove("ZENDESK_EMAIL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    })
    .await
    .unwrap()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetched_week_replays_to_the_same_digest() {
    let demo = DataDir::new(root().join("fixtures/demo"))
        .load_portfolio()
        .unwrap();
    let (calls, transcripts) = gong_data(&demo);
    let (gong_url, gong) = common::gong(calls, transcripts, 40).await;
    let (gs_url, gs) = common::gainsight(gainsight_data(&demo)).await;
    let (tickets, orgs) = zendesk_data(&demo);
    let (zd_url, zd) = common::zendesk(tickets, orgs, 10).await;

    let tmp = tempfile::tempdir().unwrap();
    let cfg_path = tmp.path().join("expansion-signals.toml");
    let text = config_text(&gong_url, &gs_url, &zd_url);
    std::fs::write(&cfg_path, &text).unwrap();
    let snap = tmp.path().join("snapshot");
    let fetch_args = vec![
        "fetch".into(),
        "--config".into(),
        s(&cfg_path),
        "--as-of".into(),
        AS_OF.into(),
        "--out".into(),
        s(&snap),
    ];

    // A missing secret fails before anything is fetched, naming the variable.
    let mut partial = env_all();
    partial.retain(|(k, _)| *k != "ZENDESK_API_TOKEN");
    let out = bin(fetch_args.clone(), partial).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ZENDESK_API_TOKEN"), "{stderr}");
    assert!(gong.ctl.hits().is_empty() && gs.ctl.hits().is_empty() && zd.ctl.hits().is_empty());
    assert!(!snap.exists());

    // In process: the same connectors, straight into a portfolio.
    let config = Config::parse("test.toml", &text).unwrap();
    let env: HashMap<&str, &str> = env_all().into_iter().collect();
    let connectors = Connectors {
        env: SourcesEnv::from_env(
            &config.sources,
            Env::from_fn(&|k| env.get(k).map(|v| v.to_string())),
        )
        .unwrap(),
        sources: config.sources.clone(),
        data: config.data.clone(),
        policy: RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        },
    };
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let fetched = connectors
        .fetch(Window::new(as_of, 7), &Progress::hidden())
        .await
        .unwrap();
    let calls_report = fetched
        .report
        .inputs
        .iter()
        .find(|i| i.input == "calls")
        .unwrap();
    let stats = calls_report.calls.as_ref().unwrap();
    assert!(stats.by_crm_id > 10 && stats.by_domain > 10, "{stats:?}");
    assert!(fetched.portfolio.calls.len() > 20);
    assert!(!fetched.portfolio.support_tickets.is_empty());
    assert_eq!(fetched.portfolio.accounts.len(), demo.accounts.len());
    assert_eq!(
        fetched.portfolio.stakeholder_changes,
        demo.stakeholder_changes
    );

    let rules = Rules::load(&root().join("references")).unwrap();
    let params = Params {
        as_of,
        window_days: 7,
        cap_per_csm: 3,
    };
    let store = Store::open_in_memory().unwrap();
    let report = run_week(&Memory(fetched.portfolio.clone()), &rules, &params, &store).unwrap();
    let in_process = render::json(&report);
    let strong: usize = report.digests.iter().map(|d| d.strong.len()).sum();
    assert!(strong > 0, "the week should hold strong signals");

    // The binary: fetch writes the snapshot, run replays it.
    let out = bin(fetch_args, env_all()).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("calls: gong") && stderr.contains("by e-mail domain"),
        "{stderr}"
    );
    assert!(snap.join(REPORT_FILE).is_file());
    assert!(snap.join("calls.jsonl").is_file());
    assert_eq!(
        DataDir::new(&snap).load_portfolio().unwrap(),
        fetched.portfolio
    );

    let out = bin(
        vec![
            "run".into(),
            "--data".into(),
            s(&snap),
            "--references".into(),
            s(&root().join("references")),
            "--as-of".into(),
            AS_OF.into(),
            "--format".into(),
            "json".into(),
            "--dry-run".into(),
            "--db".into(),
            s(&tmp.path().join("runs.db")),
        ],
        vec![],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), in_process);
}
