//! Closing the loop end to end: the answer buttons in the DMs, signed clicks on them,
//! held-back signals, the lead's summary, and `stats` / `feedback export`. Slack is a
//! real HTTP fake on 127.0.0.1:0.

mod common;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use expansion_signals::config::{Config, Secret};
use expansion_signals::slack::api::WebApi;
use expansion_signals::slack::{App, Clock, verify};
use expansion_signals::store::Store;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

const SECRET: &str = "loop-secret";
const LEAD: &str = "ULEAD";
const LEAD2: &str = "ULEAD2";
use common::{DEMO_CSMS as CSMS, DEMO_DOMAIN as DOMAIN};

fn user_of(csm: &str) -> String {
    format!("U{}", csm.split('.').next().unwrap().to_uppercase())
}

fn users() -> BTreeMap<String, String> {
    let mut u: BTreeMap<String, String> = CSMS
        .iter()
        .map(|c| (user_of(c), format!("{c}@{DOMAIN}")))
        .collect();
    u.insert(LEAD.into(), format!("lead@{DOMAIN}"));
    u.insert(LEAD2.into(), format!("lead2@{DOMAIN}"));
    u
}

/// Every call the fake received: (method, arguments).
#[derive(Clone, Default)]
struct Fake(Arc<Mutex<Vec<(String, Value)>>>);

impl Fake {
    fn calls(&self, method: &str) -> Vec<Value> {
        let calls = self.0.lock().unwrap();
        calls
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `chat.postMessage` bodies per channel.
    fn posts(&self) -> BTreeMap<String, Vec<Value>> {
        let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for p in self.calls("chat.postMessage") {
            out.entry(p["channel"].as_str().unwrap().to_string())
                .or_default()
                .push(p);
        }
        out
    }

    async fn start(&self) -> String {
        let app = Router::new()
            .route("/api/{method}", get(api).post(api))
            .route("/response", post(response))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://127.0.0.1:{port}")
    }
}

async fn api(
    State(fake): State<Fake>,
    Path(method): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> axum::Json<Value> {
    let args: Value = if body.is_empty() {
        let pairs: BTreeMap<String, String> =
            serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap();
        json!(pairs)
    } else if headers
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("application/json"))
    {
        serde_json::from_slice(&body).unwrap()
    } else {
        let pairs: BTreeMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap();
        json!(pairs)
    };
    let mut calls = fake.0.lock().unwrap();
    calls.push((method.clone(), args.clone()));
    let n = calls.len();
    let users = users();
    let arg = |k: &str| args[k].as_str().unwrap_or("").to_string();
    axum::Json(match method.as_str() {
        "auth.test" => json!({"ok": true, "user": "bot", "team": "T"}),
        "users.lookupByEmail" => match users.iter().find(|(_, e)| **e == arg("email")) {
            Some((id, _)) => json!({"ok": true, "user": {"id": id}}),
            None => json!({"ok": false, "error": "users_not_found"}),
        },
        "users.info" => match users.get(&arg("user")) {
            Some(e) => json!({"ok": true, "user": {"id": arg("user"), "profile": {"email": e}}}),
            None => json!({"ok": false, "error": "user_not_found"}),
        },
        "conversations.open" => {
            json!({"ok": true, "channel": {"id": format!("D{}", arg("users"))}})
        }
        "chat.postMessage" => {
            json!({"ok": true, "channel": arg("channel"), "ts": format!("1700000000.{n:06}")})
        }
        "chat.update" => json!({"ok": true, "channel": arg("channel"), "ts": arg("ts")}),
        "views.publish" => json!({"ok": true, "view": {"id": "V1"}}),
        _ => json!({"ok": false, "error": "unknown_method"}),
    })
}

async fn response(State(fake): State<Fake>, body: Bytes) {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    fake.0.lock().unwrap().push(("response_url".into(), v));
}

struct TestApp {
    base: String,
    app: Arc<App>,
    fake: Fake,
    fake_url: String,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn after_slot() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

/// The app on a database installed before the 2026-11-23 slot, started after it: the
/// slot is caught up at start, so every CSM gets the week's DM.
async fn spawn(admins: &[&str]) -> TestApp {
    spawn_with(admins, |_| {}).await
}

/// [`spawn`] with a config tweak.
async fn spawn_with(admins: &[&str], tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    Store::open(&db)
        .unwrap()
        .set_installed_at("2026-11-01T00:00:00Z".parse().unwrap())
        .unwrap();
    let fake = Fake::default();
    let fake_url = fake.start().await;
    let mut config = Config::parse("test", "").unwrap();
    config.data = common::demo();
    config.references = common::references();
    config.db = db.clone();
    config.slack.admins = admins.iter().map(|a| a.to_string()).collect();
    tweak(&mut config);
    let api = Arc::new(WebApi::new(
        &format!("{fake_url}/api"),
        Secret::new("xoxb-test"),
    ));
    let app = App::with_api(
        config,
        Secret::new(SECRET),
        api,
        Clock::starting_at(after_slot()),
    )
    .unwrap();
    let listener = expansion_signals::server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let server = expansion_signals::server::Server::build(app.clone(), listener).unwrap();
    let base = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run(std::future::pending()));
    app.idle().await;
    TestApp {
        base,
        app,
        fake,
        fake_url,
        db,
        _dir: dir,
    }
}

/// The actions blocks of a posted message.
fn actions(post: &Value) -> Vec<Value> {
    post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "actions")
        .cloned()
        .collect()
}

/// Sections that start a strong signal (`*1. Name*`).
fn strong_sections(post: &Value) -> usize {
    let re = regex::Regex::new(r"^\*\d+\. ").unwrap();
    post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "section" && re.is_match(b["text"]["text"].as_str().unwrap_or("")))
        .count()
}

impl TestApp {
    /// The first DM of `csm` that has answer buttons.
    fn dm_with_buttons(&self, csm: &str) -> Value {
        let posts = self.fake.posts();
        posts[&format!("D{}", user_of(csm))]
            .iter()
            .find(|p| !actions(p).is_empty())
            .cloned()
            .unwrap_or_else(|| panic!("{csm} got no buttons"))
    }

    /// A `block_actions` payload as Slack builds it when `user` uses `element` (index in
    /// the first actions block of `post`), with `option` for the menu.
    fn payload(&self, post: &Value, user: &str, element: usize, option: Option<usize>) -> Value {
        let block = &actions(post)[0];
        let e = &block["elements"][element];
        let mut action = json!({
            "action_id": e["action_id"],
            "block_id": block["block_id"],
            "type": e["type"],
            "action_ts": "1700000100.000001",
        });
        match option {
            Some(i) => action["selected_option"] = e["options"][i].clone(),
            None => action["value"] = e["value"].clone(),
        }
        json!({
            "type": "block_actions",
            "user": {"id": user},
            "container": {"type": "message", "channel_id": post["channel"], "message_ts": "1700000000.000001"},
            "channel": {"id": post["channel"]},
            "message": {"ts": "1700000000.000001", "text": post["text"], "blocks": post["blocks"]},
            "response_url": format!("{}/response", self.fake_url),
            "actions": [action],
        })
    }

    /// Posts a signed (or, with `forge`, wrongly signed) interaction; (status, time).
    async fn click(&self, payload: &Value, forge: bool) -> (u16, std::time::Duration) {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        let ts = self.app.clock.now().timestamp().to_string();
        let secret = if forge { "not-the-secret" } else { SECRET };
        let started = std::time::Instant::now();
        let resp = reqwest::Client::new()
            .post(format!("{}/slack/interactions", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", &ts)
            .header(
                "x-slack-signature",
                verify::sign(secret, &ts, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let took = started.elapsed();
        let status = resp.status().as_u16();
        self.app.idle().await;
        (status, took)
    }

    fn answers(&self) -> usize {
        Store::open(&self.db).unwrap().answer_count().unwrap()
    }
}

#[tokio::test]
async fn every_strong_signal_in_a_dm_carries_the_buttons() {
    let t = spawn(&[LEAD]).await;
    let mut with_strong = 0;
    for csm in CSMS {
        for post in &t.fake.posts()[&format!("D{}", user_of(csm))] {
            let strong = strong_sections(post);
            with_strong += strong;
            assert_eq!(
                actions(post).len(),
                strong,
                "{csm}: one set of buttons per strong signal"
            );
            for a in actions(post) {
                let ids: Vec<&str> = a["elements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["action_id"].as_str().unwrap())
                    .collect();
                assert_eq!(ids, ["es_conversation", "es_not_relevant", "es_snooze"]);
                assert_eq!(a["elements"][1]["options"].as_array().unwrap().len(), 5);
            }
        }
    }
    assert!(with_strong > 0, "the demo week has strong signals");
}

#[tokio::test]
async fn a_signed_click_is_acked_fast_recorded_once_and_shown_in_place() {
    let t = spawn(&[LEAD]).await;
    let post = t.dm_with_buttons("elena.vasquez");
    let p = t.payload(&post, &user_of("elena.vasquez"), 0, None);
    let (status, took) = t.click(&p, false).await;
    assert_eq!(status, 200);
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    assert_eq!(t.answers(), 1);
    let updates = t.fake.calls("chat.update");
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["channel"], post["channel"]);
    assert_eq!(updates[0]["ts"], "1700000000.000001");
    let shown = updates[0]["blocks"].to_string();
    assert!(
        shown.contains("Conversation started — recorded for"),
        "{shown}"
    );
    assert!(
        shown.contains("es_conversation"),
        "the buttons stay to change the answer"
    );
    // The same button again (a new click: another action_ts): still one answer.
    let mut same = p.clone();
    same["actions"][0]["action_ts"] = json!("1700000200.000002");
    assert_eq!(t.click(&same, false).await.0, 200);
    assert_eq!(t.answers(), 1);
    // Another answer changes it: still one stored answer.
    let again = t.payload(&post, &user_of("elena.vasquez"), 1, Some(1));
    assert_eq!(t.click(&again, false).await.0, 200);
    assert_eq!(t.answers(), 1);
    let store = Store::open(&t.db).unwrap();
    let outcomes = store.outcomes().unwrap();
    let answered: Vec<_> = outcomes.iter().filter_map(|o| o.answer).collect();
    assert_eq!(answered.len(), 1);
    assert_eq!(
        answered[0].0,
        expansion_signals::pipeline::feedback::Answer::NotRelevant(
            expansion_signals::pipeline::feedback::Reason::NotRealIntent
        )
    );
    let last = t.fake.calls("chat.update").pop().unwrap().to_string();
    assert!(last.contains("Not relevant (not real intent)"), "{last}");
    assert!(
        !last.contains("Conversation started — recorded"),
        "the old line is replaced"
    );
}

#[tokio::test]
async fn forged_and_other_users_clicks_are_refused() {
    let t = spawn(&[LEAD]).await;
    let post = t.dm_with_buttons("elena.vasquez");
    let p = t.payload(&post, &user_of("elena.vasquez"), 0, None);
    assert_eq!(t.click(&p, true).await.0, 401);
    // Another CSM, and the lead too: the DM's owner only.
    for other in [user_of("marcus.oyelaran"), LEAD.to_string()] {
        let p = t.payload(&post, &other, 2, None);
        assert_eq!(t.click(&p, false).await.0, 200);
    }
    assert_eq!(t.answers(), 0);
    assert!(t.fake.calls("chat.update").is_empty());
    let refusals = t.fake.calls("response_url");
    assert_eq!(refusals.len(), 2);
    assert!(
        refusals[0]["text"]
            .as_str()
            .unwrap()
            .contains("Only the CSM")
    );
    assert_eq!(refusals[0]["response_type"], "ephemeral");
}

#[tokio::test]
async fn each_admin_gets_one_private_summary_and_no_csm_sees_anothers_figures() {
    let t = spawn(&[LEAD, LEAD2]).await;
    let posts = t.fake.posts();
    for lead in [LEAD, LEAD2] {
        let dms = &posts[&format!("D{lead}")];
        assert_eq!(dms.len(), 1, "{lead}: one summary");
        let text = dms[0]["blocks"].to_string();
        assert!(text.contains("Weekly expansion-signal summary"), "{text}");
        assert!(text.contains("Per CSM"), "{text}");
        assert!(text.contains("by SKU"), "{text}");
        assert!(text.contains("Accounts with the most evidence"), "{text}");
    }
    for csm in CSMS {
        let all = posts[&format!("D{}", user_of(csm))]
            .iter()
            .map(|p| p.to_string())
            .collect::<String>();
        assert!(!all.contains("Per CSM"), "{csm}");
        for other in CSMS.iter().filter(|o| **o != csm) {
            assert!(!all.contains(&format!("{other}@")), "{csm} sees {other}");
        }
    }
}

// ---- held back until new evidence ---------------------------------------------------

fn week(
    data: &std::path::Path,
    as_of: &str,
    window_days: u32,
    store: &Store,
) -> expansion_signals::digest::RunReport {
    use expansion_signals::engine::{self, Rules};
    let rules = Rules::load(&common::references()).unwrap();
    let source = expansion_signals::sources::DataDir::new(data);
    let params = expansion_signals::pipeline::Params {
        as_of: as_of.parse().unwrap(),
        window_days,
        cap_per_csm: 3,
    };
    engine::run_week(&source, &rules, &params, store).unwrap()
}

fn has_signal(r: &expansion_signals::digest::RunReport, account: &str, sku: &str) -> bool {
    r.digests.iter().any(|d| {
        d.strong
            .iter()
            .any(|s| s.account_id == account && s.sku == sku)
            || d.overflow_signals
                .iter()
                .any(|s| s.account_id == account && s.sku == sku)
    })
}

#[test]
fn not_relevant_holds_the_signal_back_next_week_and_new_evidence_brings_it_back() {
    use expansion_signals::pipeline::feedback::{Answer, Reason};
    let scratch = common::Scratch::new();
    let mut store = Store::open_in_memory().unwrap();
    let first = week(&scratch.data(), "2026-11-23", 7, &store);
    store.record_shown(&first, after_slot()).unwrap();
    let d = first.digests.iter().find(|d| !d.strong.is_empty()).unwrap();
    let s = d.strong[0].clone();
    store
        .record_answer(
            first.as_of,
            &s.account_id,
            &s.sku,
            Answer::NotRelevant(Reason::CustomerNotReady),
            "UELENA",
            after_slot(),
        )
        .unwrap();
    // Next week, over the same evidence (a 14-day window still holds it): held back.
    let next = week(&scratch.data(), "2026-11-30", 14, &store);
    assert!(!has_signal(&next, &s.account_id, &s.sku));
    let mine = next
        .digests
        .iter()
        .find(|x| x.owner_email == d.owner_email)
        .unwrap();
    assert_eq!(mine.held_back, 1);
    let md = expansion_signals::render::markdown::digest(&next, mine);
    assert!(md.contains("Held back: 1 strong signal(s)"), "{md}");
    // A new call repeating the quote is new evidence: the signal is back.
    let calls = scratch.read("data/calls.jsonl");
    let call: Value = calls
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|c| c["call_id"] == s.call_evidence[0].call_id.as_str())
        .unwrap();
    let mut new_call = call.clone();
    new_call["call_id"] = json!("call-new-evidence");
    new_call["occurred_at"] = json!("2026-11-27T10:00:00Z");
    scratch.write("data/calls.jsonl", &format!("{calls}\n{new_call}\n"));
    let back = week(&scratch.data(), "2026-11-30", 14, &store);
    assert!(has_signal(&back, &s.account_id, &s.sku));
    // Four weeks after the answer it is back anyway.
    let later = week(&common::demo(), "2026-12-21", 35, &store);
    assert!(has_signal(&later, &s.account_id, &s.sku));
}

// ---- stats, the low-conversion warning, feedback export -----------------------------

fn at(day: &str) -> DateTime<Utc> {
    format!("{day}T09:00:00Z").parse().unwrap()
}

/// Records the demo week as shown on `week` (as that week's DM), and answers the
/// signals `answer` picks; returns how many signals were shown.
fn script_week(
    store: &mut Store,
    demo: &expansion_signals::digest::RunReport,
    week: &str,
    mut answer: impl FnMut(
        usize,
        &expansion_signals::digest::StrongSignal,
    ) -> Option<(expansion_signals::pipeline::feedback::Answer, i64)>,
) -> usize {
    let mut r = demo.clone();
    r.as_of = week.parse().unwrap();
    store.record_shown(&r, at(week)).unwrap();
    let signals: Vec<_> = r.digests.iter().flat_map(|d| d.strong.clone()).collect();
    for (i, s) in signals.iter().enumerate() {
        if let Some((a, days)) = answer(i, s) {
            let when = at(week) + chrono::Duration::days(days);
            store
                .record_answer(r.as_of, &s.account_id, &s.sku, a, "U", when)
                .unwrap();
        }
    }
    signals.len()
}

fn stats_json(db: &std::path::Path, as_of: &str) -> Value {
    let out = common::run_in(
        db.parent().unwrap(),
        &[
            "stats",
            "--db",
            db.to_str().unwrap(),
            "--as-of",
            as_of,
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_str(&common::stdout(&out)).unwrap()
}

#[test]
fn stats_after_a_scripted_month_gives_the_expected_conversion_by_sku() {
    use expansion_signals::pipeline::feedback::{Answer, Reason};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let mut store = Store::open(&db).unwrap();
    let demo = week(
        &common::demo(),
        "2026-11-23",
        7,
        &Store::open_in_memory().unwrap(),
    );
    let mut shown = 0;
    let mut conversations = 0;
    let mut by_sku: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // Four weeks: the first signal of each week becomes a conversation two days later,
    // the second one too but 20 days later (too late to count), the third is marked
    // not relevant. A rerun of the last week counts nothing twice.
    for w in ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"] {
        shown += script_week(&mut store, &demo, w, |i, s| {
            let e = by_sku.entry(s.sku.clone()).or_default();
            e.0 += 1;
            match i {
                0 => {
                    conversations += 1;
                    e.1 += 1;
                    Some((Answer::Conversation, 2))
                }
                1 => Some((Answer::Conversation, 20)),
                2 => Some((Answer::NotRelevant(Reason::WrongSku), 1)),
                _ => None,
            }
        });
    }
    let again = script_week(&mut store, &demo, "2026-11-16", |_, _| None);
    assert!(again > 2);
    drop(store);
    let v = stats_json(&db, "2026-11-20");
    assert_eq!(v["window_days"], 30);
    assert_eq!(v["strong_signals"], shown);
    assert_eq!(v["conversations"], conversations);
    let pct = (1000.0 * conversations as f64 / shown as f64).round() / 10.0;
    assert_eq!(v["conversion_pct"].as_f64().unwrap(), pct);
    for (sku, (n, c)) in &by_sku {
        assert_eq!(v["by_sku"][sku]["strong_signals"], *n, "{sku}");
        assert_eq!(v["by_sku"][sku]["conversations"], *c, "{sku}");
    }
    assert!(!v["by_trigger"].as_object().unwrap().is_empty());
    assert_eq!(v["not_relevant"]["wrong_sku"], 4);
}

#[test]
fn the_low_conversion_warning_needs_two_low_months() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let mut store = Store::open(&db).unwrap();
    let demo = week(
        &common::demo(),
        "2026-11-23",
        7,
        &Store::open_in_memory().unwrap(),
    );
    // November: nothing converted.
    script_week(&mut store, &demo, "2026-11-09", |_, _| None);
    drop(store);
    assert!(
        stats_json(&db, "2026-12-07")["warning"].is_null(),
        "one low month"
    );
    let mut store = Store::open(&db).unwrap();
    script_week(&mut store, &demo, "2026-10-12", |_, _| None);
    drop(store);
    let w = stats_json(&db, "2026-12-07")["warning"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(w.contains("two consecutive months"), "{w}");
    // Every digest of a run in December carries it.
    let report = week(
        &common::demo(),
        "2026-12-07",
        21,
        &Store::open(&db).unwrap(),
    );
    assert!(!report.digests.is_empty(), "{:?}", report.error);
    let w = report
        .diagnostics
        .conversion_warning
        .clone()
        .unwrap()
        .to_string();
    assert!(w.contains("two consecutive months"), "{w}");
    for d in &report.digests {
        let md = expansion_signals::render::markdown::digest(&report, d);
        assert!(md.contains("Warning: Conversion below 20 %"), "{md}");
    }
    let before = week(&common::demo(), "2026-11-23", 7, &Store::open(&db).unwrap());
    assert_eq!(
        before.diagnostics.conversion_warning, None,
        "November: one low month"
    );
}

#[test]
fn feedback_export_writes_eval_labels_that_eval_reads() {
    use expansion_signals::pipeline::feedback::{Answer, Reason};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let mut store = Store::open(&db).unwrap();
    let demo = week(
        &common::demo(),
        "2026-11-23",
        7,
        &Store::open_in_memory().unwrap(),
    );
    let mut expected = Vec::new();
    script_week(&mut store, &demo, "2026-11-23", |i, s| {
        let a = match i {
            0 => Answer::Conversation,
            1 => Answer::NotRelevant(Reason::NotRealIntent),
            2 => Answer::NotRelevant(Reason::WrongSku),
            _ => return None,
        };
        if i < 2 {
            expected.push((s.call_evidence[0].quote.clone(), i == 0));
        }
        Some((a, 1))
    });
    drop(store);
    let labels = dir.path().join("labels.jsonl");
    let out = common::run_in(
        dir.path(),
        &[
            "feedback",
            "export",
            "--labels",
            labels.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let rows: Vec<Value> = std::fs::read_to_string(&labels)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (quote, intent) in expected {
        let row = rows.iter().find(|r| r["text"] == quote.as_str()).unwrap();
        assert_eq!(row["label"], if intent { "intent" } else { "not_intent" });
        assert!(row["sku"].is_string() && row["kind"].is_string());
    }
    assert!(rows.iter().all(|r| r["kind"] != "wrong_sku"));
    // `eval` reads the file as it is.
    let refs = common::references();
    let eval = common::run_in(
        dir.path(),
        &[
            "eval",
            "--labels",
            labels.to_str().unwrap(),
            "--references",
            refs.to_str().unwrap(),
        ],
    );
    assert!(eval.status.success(), "{}", common::stderr(&eval));
}

// ---- what-if ------------------------------------------------------------------------

/// Every file under `dir` with its size and modification time.
fn listing(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        if m.is_dir() {
            out.extend(listing(&e.path()));
        } else {
            out.push((e.path(), m.len(), m.modified().unwrap()));
        }
    }
    out.sort();
    out
}

/// A scratch copy of the demo with an account whose customer says something no
/// current phrase matches, and `edited/`: the references plus that phrase.
fn zorblax_scratch() -> common::Scratch {
    let s = common::Scratch::new();
    // A new account whose customer says something no current phrase matches, with a
    // seat-limit event (a weak, usage-only signal today): the edited rules add the call
    // evidence that makes it strong.
    s.edit_json("data/accounts.json", |a| {
        let mut new = a[0].clone();
        new["id"] = json!("acc-zorb");
        new["name"] = json!("Zorblax Ltd");
        a.push(new);
    });
    s.edit_json("data/usage_events.json", |u| {
        u.push(json!({"event_id": "evt-zorb", "account_id": "acc-zorb",
            "event_type": "seat_limit_reached", "metric_name": "seat_count",
            "value_current": 180, "value_baseline": 100, "delta_pct": 80.0,
            "occurred_at": "2026-11-20T10:00:00Z"}));
    });
    let calls = s.read("data/calls.jsonl");
    let call = json!({"account_id": "acc-zorb", "call_id": "call-zorb",
        "occurred_at": "2026-11-20T15:00:00Z",
        "attendees": [{"name": "Ola Berg", "is_customer": true, "title": "COO"},
                      {"name": "Elena Vasquez", "is_customer": false}],
        "transcript_text": "Elena Vasquez: How is it going?\nOla Berg: Our whole crew wants the quantum zorblax bundle next quarter."});
    s.write("data/calls.jsonl", &format!("{calls}\n{call}\n"));
    common::copy_dir(&s.path().join("references"), &s.path().join("edited"));
    let taxonomy = s.read("edited/1-expansion-signal-taxonomy.md");
    let edited = taxonomy.replacen(
        "  - \"we need {N} more seats\"",
        "  - \"quantum zorblax bundle\"\n  - \"we need {N} more seats\"",
        1,
    );
    assert_ne!(edited, taxonomy);
    s.write("edited/1-expansion-signal-taxonomy.md", &edited);
    s
}

#[test]
fn whatif_with_one_added_phrase_lists_exactly_what_it_adds_and_writes_nothing() {
    let s = zorblax_scratch();
    let before = listing(s.path());
    let out = s.run(&[
        "whatif",
        "--data",
        "data",
        "--references",
        "edited",
        "--current",
        "references",
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let changes: Vec<Value> = serde_json::from_str(&common::stdout(&out)).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(c["account_id"], "acc-zorb");
    assert_eq!(c["sku"], "additional-team-seats");
    assert_eq!(c["change"], "moved");
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str()),
        (Some("weak"), Some("strong"))
    );
    assert!(
        c["reason"]
            .as_str()
            .unwrap()
            .contains("quantum zorblax bundle"),
        "{c}"
    );
    assert_eq!(listing(s.path()), before, "whatif writes nothing");
    // The text form says the same, per CSM.
    let text = common::stdout(&s.run(&[
        "whatif",
        "--data",
        "data",
        "--references",
        "edited",
        "--as-of",
        "2026-11-23",
    ]));
    assert!(
        text.contains("elena.vasquez@northwind-demo.example:"),
        "{text}"
    );
    assert!(
        text.contains("~ moved weak → strong Zorblax Ltd (acc-zorb)"),
        "{text}"
    );
    assert!(
        text.contains("1 change(s): 0 gained, 0 lost, 1 moved"),
        "{text}"
    );
}

impl TestApp {
    /// A signed `/expansion` command; the immediate answer's text.
    async fn command(&self, user: &str, text: &str) -> String {
        let body = serde_urlencoded::to_string([
            ("command", "/expansion"),
            ("user_id", user),
            ("text", text),
            ("response_url", &format!("{}/response", self.fake_url)),
            // Unique per request, as Slack's: a second identical command is no replay.
            ("trigger_id", &format!("{:?}", std::time::Instant::now())),
        ])
        .unwrap();
        let ts = self.app.clock.now().timestamp().to_string();
        let resp = reqwest::Client::new()
            .post(format!("{}/slack/commands", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", &ts)
            .header(
                "x-slack-signature",
                verify::sign(SECRET, &ts, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let v: Value = resp.json().await.unwrap();
        self.app.idle().await;
        v["text"].as_str().unwrap().to_string()
    }
}

#[tokio::test]
async fn admin_stats_shows_the_conversion_to_admins_only() {
    let t = spawn(&[LEAD]).await;
    let post = t.dm_with_buttons("elena.vasquez");
    let p = t.payload(&post, &user_of("elena.vasquez"), 0, None);
    assert_eq!(t.click(&p, false).await.0, 200);
    let shown = Store::open(&t.db).unwrap().outcomes().unwrap().len();
    let answer = t.command(LEAD, "admin stats").await;
    assert!(
        answer.contains(&format!("1 of {shown} strong signals shown in a DM")),
        "{answer}"
    );
    assert!(answer.contains("By SKU"), "{answer}");
    let refused = t.command(&user_of("elena.vasquez"), "admin stats").await;
    assert!(refused.contains("CSM leads only"), "{refused}");
}

// ---- App Home -----------------------------------------------------------------------

impl TestApp {
    /// Posts a signed Events API body; (status, body).
    async fn event(&self, body: &Value, forge: bool) -> (u16, String) {
        let body = body.to_string();
        let ts = self.app.clock.now().timestamp().to_string();
        let secret = if forge { "nope" } else { SECRET };
        let resp = reqwest::Client::new()
            .post(format!("{}/slack/events", self.base))
            .header("content-type", "application/json")
            .header("x-slack-request-timestamp", &ts)
            .header(
                "x-slack-signature",
                verify::sign(secret, &ts, body.as_bytes()),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        self.app.idle().await;
        (status, text)
    }
}

#[tokio::test]
async fn the_home_tab_shows_this_weeks_signals_with_their_status_and_four_weeks() {
    let t = spawn(&[LEAD]).await;
    let (status, body) = t
        .event(
            &json!({"type": "url_verification", "challenge": "abc123"}),
            false,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("abc123"), "{body}");
    let elena = user_of("elena.vasquez");
    let post = t.dm_with_buttons("elena.vasquez");
    t.click(&t.payload(&post, &elena, 2, None), false).await;
    let opened = json!({"type": "event_callback", "event": {"type": "app_home_opened", "user": elena, "tab": "home"}});
    assert_eq!(
        t.event(&opened, true).await.0,
        401,
        "unsigned events are refused"
    );
    assert!(t.fake.calls("views.publish").is_empty());
    assert_eq!(t.event(&opened, false).await.0, 200);
    let published = t.fake.calls("views.publish");
    assert_eq!(published.len(), 1);
    assert_eq!(published[0]["user_id"], elena.as_str());
    let view = published[0]["view"].to_string();
    assert_eq!(published[0]["view"]["type"], "home");
    assert!(view.contains("This week (digest of 2026-11-23)"), "{view}");
    assert!(
        view.contains("Snoozed for 4 weeks"),
        "the answered signal's status: {view}"
    );
    assert!(view.contains("Last four weeks"), "{view}");
    // Marcus's tab does not show Elena's accounts.
    let first_account = post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|b| {
            let t = b["text"]["text"].as_str()?;
            let rest = t.strip_prefix("*1. ")?;
            Some(rest.split('*').next()?.to_string())
        })
        .unwrap();
    assert!(view.contains(&first_account), "{first_account}");
    let marcus = json!({"type": "event_callback", "event": {"type": "app_home_opened", "user": user_of("marcus.oyelaran"), "tab": "home"}});
    t.event(&marcus, false).await;
    let theirs = t.fake.calls("views.publish").pop().unwrap().to_string();
    assert!(!theirs.contains(&first_account), "{theirs}");
}

#[test]
fn the_manifest_enables_interactivity_and_the_home_tab() {
    let text = std::fs::read_to_string(common::root().join("manifest.yml")).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for want in [
        "request_url: https://YOUR-HOST/slack/interactions",
        "request_url: https://YOUR-HOST/slack/events",
        "home_tab_enabled: true",
        "- app_home_opened",
    ] {
        assert!(lines.contains(&want), "manifest.yml lacks `{want}`");
    }
}

#[tokio::test]
async fn admin_preview_rules_compares_the_staged_references_and_refuses_broken_ones() {
    let s = zorblax_scratch();
    let (data, staged) = (s.data(), s.path().join("edited"));
    let t = spawn_with(&[LEAD], move |c| {
        c.data = data;
        c.staged_references = Some(staged);
    })
    .await;
    let posts_before = t.fake.calls("chat.postMessage").len();
    let ack = t.command(LEAD, "admin preview rules").await;
    assert!(ack.contains("Working on it"), "{ack}");
    let answer = t.fake.calls("response_url").pop().unwrap().to_string();
    assert!(
        answer.contains("moved weak → strong Zorblax Ltd (acc-zorb)"),
        "{answer}"
    );
    assert!(answer.contains("1 change(s)"), "{answer}");
    assert_eq!(
        t.fake.calls("chat.postMessage").len(),
        posts_before,
        "nothing sent"
    );
    // Broken staged files: the problems, no comparison.
    s.write("edited/3-action-library.md", "# nothing\n");
    t.command(LEAD, "admin preview rules").await;
    let answer = t.fake.calls("response_url").pop().unwrap().to_string();
    assert!(answer.contains("do not pass `check`"), "{answer}");
}

/// The Home tab is in the CSM's language: that of their last digest (`owner_locale` on
/// their accounts), else the workspace's (`slack.locale`).
#[tokio::test]
async fn the_home_tab_is_in_the_language_of_the_csms_digest() {
    let s = common::Scratch::new();
    let elena_email = format!("elena.vasquez@{DOMAIN}");
    s.edit_json("data/accounts.json", |accounts| {
        for a in accounts
            .iter_mut()
            .filter(|a| a["owner_email"] == elena_email.as_str())
        {
            a["owner_locale"] = json!("en");
        }
    });
    let data = s.data();
    let t = spawn_with(&[LEAD], move |c| {
        c.data = data;
        c.slack.locale = "de".into();
    })
    .await;
    let opened = |user: &str| json!({"type": "event_callback", "event": {"type": "app_home_opened", "user": user, "tab": "home"}});
    let tab_of = async |csm: &str| {
        let user = user_of(csm);
        let post = t.dm_with_buttons(csm);
        t.click(&t.payload(&post, &user, 2, None), false).await;
        assert_eq!(t.event(&opened(&user), false).await.0, 200);
        t.fake.calls("views.publish").pop().unwrap()["view"].to_string()
    };
    // Elena's accounts say English.
    let elena = tab_of("elena.vasquez").await;
    assert!(
        elena.contains("This week (digest of 2026-11-23)"),
        "{elena}"
    );
    assert!(
        elena.contains("Snoozed for 4 weeks (2026-11-23)"),
        "{elena}"
    );
    // Marcus's say nothing: the workspace's German.
    let marcus = tab_of("marcus.oyelaran").await;
    for german in [
        "Ihre Expansionssignale",
        "*Diese Woche (Digest vom 23.11.2026)*",
        ":zzz: Für 4 Wochen zurückgestellt (23.11.2026)",
        ":hourglass: wartet auf Ihre Antwort",
        "*Die letzten vier Wochen*",
        "• 23.11.2026 — starke Signale: ",
    ] {
        assert!(marcus.contains(german), "{german:?} not in {marcus}");
    }
    for english in [
        "Your expansion signals",
        "This week",
        "Snoozed",
        "waiting for your answer",
        "Last four weeks",
        " strong ",
        "conversation(s)",
        "unanswered",
    ] {
        assert!(!marcus.contains(english), "{english:?} in {marcus}");
    }
    // The DM he clicked in: German buttons, and the recorded answer in German.
    let updated = t.fake.calls("chat.update").pop().unwrap()["blocks"].to_string();
    for german in [
        ":zzz: Für 4 Wochen zurückgestellt — für <@",
        "Gespräch begonnen",
        "Nicht relevant: falsche SKU",
        "4 Wochen zurückstellen",
    ] {
        assert!(updated.contains(german), "{german:?} not in {updated}");
    }
    for english in [
        "recorded for",
        "Conversation started",
        "Not relevant",
        "Snooze",
    ] {
        assert!(!updated.contains(english), "{english:?} in {updated}");
    }
}

/// `admin preview rules` in a German workspace: the comparison and the refusal of
/// broken staged files are German.
#[tokio::test]
async fn admin_preview_rules_answers_in_the_workspaces_language() {
    let s = zorblax_scratch();
    let (data, staged) = (s.data(), s.path().join("edited"));
    let t = spawn_with(&[LEAD], move |c| {
        c.data = data;
        c.staged_references = Some(staged);
        c.slack.locale = "de".into();
    })
    .await;
    let ack = t.command(LEAD, "admin preview rules").await;
    assert!(ack.contains("Ich bin dran"), "{ack}");
    let answer = t.fake.calls("response_url").pop().unwrap().to_string();
    for german in [
        "*Was die vorbereiteten Regeln diese Woche ändern würden (Woche bis 23.11.2026)*",
        "~ verschoben schwach → stark Zorblax Ltd (acc-zorb) — ",
        ": stark: „Our whole crew wants the quantum zorblax bundle next quarter.“ (Ola Berg) mit Nutzungsbelegen",
        "Änderungen: 1 (0 neu, 0 entfallen, 1 verschoben)",
    ] {
        assert!(answer.contains(german), "{german:?} not in {answer}");
    }
    for english in [
        "What the staged",
        "week ending",
        "moved",
        "weak",
        "change(s)",
        "with usage evidence",
    ] {
        assert!(!answer.contains(english), "{english:?} in {answer}");
    }
    // Broken staged files (the keyword spelt differently: the same signed body again
    // would be a replay).
    s.write("edited/3-action-library.md", "# nothing\n");
    t.command(LEAD, "admin Preview rules").await;
    let answer = t.fake.calls("response_url").pop().unwrap().to_string();
    assert!(
        answer.contains("bestehen `check` nicht; beheben Sie zuerst diese Fehler:"),
        "{answer}"
    );
    assert!(!answer.contains("do not pass"), "{answer}");
}
