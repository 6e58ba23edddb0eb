//! A whole week fetched from fake Gong, Gainsight and Zendesk servers (serving the bundled
//! demo portfolio in the vendors' shapes): the `fetch` command writes a snapshot, and
//! `run --data SNAPSHOT` gives the same digest as the in-process run over the fetched
//! portfolio.

mod common;

use chrono::{NaiveDate, SecondsFormat};
use expansion_signals::config::Config;
use expansion_signals::engine::{Rules, run_week};
use expansion_signals::model::Portfolio;
use expansion_signals::pipeline::Params;
use expansion_signals::pipeline::collect::Window;
use expansion_signals::render;
use expansion_signals::sources::connect::{Connectors, REPORT_FILE};
use expansion_signals::sources::http::{Progress, RetryPolicy};
use expansion_signals::sources::{DataDir, Memory};
use expansion_signals::store::Store;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_expansion-signals");
const AS_OF: &str = "2026-11-23";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn domain(email: &str) -> Option<String> {
    email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())
}

/// The demo portfolio in Gong's shapes: even calls carry the CRM account id, odd ones
/// only their participants (mapped by e-mail domain).
fn gong_data(p: &Portfolio) -> (Vec<Value>, HashMap<String, Value>) {
    let mut calls = Vec::new();
    let mut transcripts = HashMap::new();
    for (i, c) in p.calls.iter().enumerate() {
        let parties: Vec<Value> = c
            .attendees
            .iter()
            .enumerate()
            .map(|(k, a)| {
                json!({"id": format!("p{k}"), "name": a.name, "emailAddress": a.email, "title": a.title,
                       "speakerId": format!("s{k}"),
                       "affiliation": if a.is_customer { "External" } else { "Internal" }})
            })
            .collect();
        let crm = (i % 2 == 0).then_some(c.account_id.as_str());
        let started = c.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        calls.push(common::gong_call(&c.call_id, &started, crm, parties));
        let speaker = |name: &str| {
            c.attendees
                .iter()
                .position(|a| a.name.trim().eq_ignore_ascii_case(name.trim()))
                .map(|k| format!("s{k}"))
        };
        let mut monologues: Vec<(Option<String>, Vec<String>)> = Vec::new();
        if let Some(turns) = &c.transcript {
            for t in turns {
                monologues.push((
                    speaker(&t.speaker),
                    t.text.lines().map(String::from).collect(),
                ));
            }
        } else if let Some(text) = &c.transcript_text {
            for line in text.lines() {
                match line
                    .split_once(':')
                    .and_then(|(n, rest)| speaker(n).map(|s| (s, rest)))
                {
                    Some((s, rest)) => monologues.push((Some(s), vec![rest.trim().to_string()])),
                    None => match monologues.last_mut() {
                        Some(m) => m.1.push(line.to_string()),
                        None => monologues.push((None, vec![line.to_string()])),
                    },
                }
            }
        }
        if !monologues.is_empty() {
            let t: Vec<Value> = monologues
                .into_iter()
                .map(|(s, lines)| {
                    json!({"speakerId": s, "topic": null, "sentences": lines.iter().enumerate()
                        .map(|(n, l)| json!({"start": n * 1000, "end": n * 1000 + 900, "text": l}))
                        .collect::<Vec<_>>()})
                })
                .collect();
            transcripts.insert(c.call_id.clone(), Value::Array(t));
        }
    }
    (calls, transcripts)
}

/// Each account's customer e-mail domains, as a Gainsight field would hold them.
fn account_domains(p: &Portfolio) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for c in &p.calls {
        for a in c.attendees.iter().filter(|a| a.is_customer) {
            if let Some(d) = a.email.as_deref().and_then(domain) {
                out.entry(c.account_id.clone()).or_default().insert(d);
            }
        }
    }
    out
}

fn gainsight_data(p: &Portfolio) -> HashMap<String, Vec<Value>> {
    let domains = account_domains(p);
    let companies = p
        .accounts
        .iter()
        .map(|a| {
            let d: Vec<String> = domains.get(&a.id).map(|d| d.iter().cloned().collect()).unwrap_or_default();
            json!({"Gsid": a.id, "Name": a.name, "Arr": a.arr, "Segment__gc": a.segment, "Tier__gc": a.tier,
                   "CsmEmail__gc": a.owner_email, "CsmName__gc": a.owner_name,
                   "RenewalDate": a.renewal_date.to_string(), "Domains__gc": d.join(",")})
        })
        .collect();
    let usage = p
        .usage_events
        .iter()
        .map(|e| {
            json!({"Gsid": e.event_id, "CompanyId__gc": e.account_id, "Type__gc": e.event_type,
                   "Metric__gc": e.metric_name, "Current__gc": e.value_current, "Baseline__gc": e.value_baseline,
                   "Delta__gc": e.delta_pct,
                   "OccurredAt__gc": e.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                   "Feature__gc": e.feature, "Department__gc": e.department})
        })
        .collect();
    HashMap::from([
        ("Company".to_string(), companies),
        ("UsageAnomaly__gc".to_string(), usage),
    ])
}

fn zendesk_data(p: &Portfolio) -> (Vec<Value>, Vec<Value>) {
    let org_of: HashMap<&str, usize> = p
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();
    let tickets = p
        .support_tickets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = t.opened_at.to_rfc3339_opts(SecondsFormat::Secs, true);
            json!({"id": i + 1, "created_at": at, "updated_at": at, "subject": t.subject,
                   "description": t.body_summary, "tags": t.tags, "status": "open",
                   "organization_id": org_of.get(t.account_id.as_str())})
        })
        .collect();
    let orgs = p
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| json!({"id": i + 1, "name": a.name, "external_id": a.id, "organization_fields": {}}))
        .collect();
    (tickets, orgs)
}

fn config_text(gong: &str, gainsight: &str, zendesk: &str) -> String {
    format!(
        r#"data = "{data}"

[sources.calls]
kind = "gong"
base_url = "{gong}"
requests_per_second = 1000

[sources.accounts]
kind = "gainsight"
base_url = "{gainsight}"
page_size = 50
fields = {{ segment = "Segment__gc", tier = "Tier__gc", owner_email = "CsmEmail__gc", owner_name = "CsmName__gc", domains = "Domains__gc" }}

[sources.usage_events]
kind = "gainsight"
base_url = "{gainsight}"
object = "UsageAnomaly__gc"
page_size = 50
[sources.usage_events.fields]
event_id = "Gsid"
account_id = "CompanyId__gc"
event_type = "Type__gc"
metric_name = "Metric__gc"
value_current = "Current__gc"
value_baseline = "Baseline__gc"
delta_pct = "Delta__gc"
occurred_at = "OccurredAt__gc"
feature = "Feature__gc"
department = "Department__gc"

[sources.support_tickets]
kind = "zendesk"
base_url = "{zendesk}"

[sources.stakeholder_changes]
kind = "files"
"#,
        data = root().join("fixtures/demo").display()
    )
}

fn env_all() -> Vec<(&'static str, &'static str)> {
    vec![
        ("GONG_API_KEY", "gong-key:gong-secret"),
        ("GAINSIGHT_TOKEN", "gs-token"),
        ("ZENDESK_API_TOKEN", "zd-token"),
        ("ZENDESK_EMAIL", "agent@vendor.example"),
    ]
}

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
        credentials: config
            .sources
            .credentials_from(&|k| env.get(k).map(|v| v.to_string()))
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
