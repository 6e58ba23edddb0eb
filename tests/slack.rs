//! End-to-end tests of the Slack app against a fake Slack Web API on 127.0.0.1:0: the
//! real server on port 0, a temporary SQLite database, the demo data and references.

use axum::Router;
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use expansion_signals::config::{Config, Secret};
use expansion_signals::render::blocks::{self, Message};
use expansion_signals::slack::api::WebApi;
use expansion_signals::slack::{App, Clock, verify};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

const SECRET: &str = "test-signing-secret";
const LEAD: &str = "ULEAD";
const ELENA: &str = "UELENA";
const MARCUS: &str = "UMARCUS";
const PRIYA: &str = "UPRIYA";
const OUTSIDER: &str = "UOUT";
const CSMS: [&str; 5] = [
    "elena.vasquez",
    "priya.natarajan",
    "marcus.oyelaran",
    "tomasz.kowalczyk",
    "hana.lindqvist",
];

fn email(name: &str) -> String {
    format!("{name}@northwind-demo.example")
}

// ---- the fake Slack ---------------------------------------------------------------

/// One request the fake received.
#[derive(Debug, Clone)]
struct Recorded {
    /// `chat.postMessage`, `users.info`, …, or `response_url`.
    method: String,
    body: Value,
    /// What the fake answered with (200, 429, 500).
    status: u16,
}

#[derive(Debug, Clone, Copy)]
enum Trouble {
    RateLimit(u64),
    ServerError,
}

#[derive(Default)]
struct FakeState {
    requests: Vec<Recorded>,
    /// (method, trouble): the next call of that method gets this answer.
    next: VecDeque<(String, Trouble)>,
    /// `chat.postMessage` answers 500 once this many have succeeded.
    posts_fail_after: Option<usize>,
    /// Bumped on every recorded request, so a test can wait for one without sleeping.
    seen: tokio::sync::watch::Sender<usize>,
    /// Emails `users.lookupByEmail` does not know.
    unknown: Vec<String>,
    ts: u64,
}

#[derive(Clone, Default)]
struct Fake(Arc<Mutex<FakeState>>);

impl Fake {
    fn users() -> BTreeMap<String, String> {
        let mut users: BTreeMap<String, String> = CSMS
            .iter()
            .map(|n| {
                (
                    format!("U{}", n.split('.').next().unwrap().to_uppercase()),
                    email(n),
                )
            })
            .collect();
        users.insert(LEAD.into(), "lead@northwind-demo.example".into());
        users.insert(OUTSIDER.into(), "outsider@northwind-demo.example".into());
        users
    }

    fn requests(&self, method: &str) -> Vec<Recorded> {
        self.0
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|r| r.method == method)
            .cloned()
            .collect()
    }

    fn all(&self) -> usize {
        self.0.lock().unwrap().requests.len()
    }

    /// Successful `chat.postMessage` calls per channel.
    fn dms(&self) -> BTreeMap<String, Vec<Value>> {
        let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for r in self.requests("chat.postMessage") {
            if r.status == 200 {
                out.entry(r.body["channel"].as_str().unwrap().to_string())
                    .or_default()
                    .push(r.body);
            }
        }
        out
    }

    fn responses(&self) -> Vec<String> {
        self.requests("response_url")
            .iter()
            .map(|r| r.body.to_string())
            .collect()
    }

    /// Waits until `method` has been called (a hung app fails the test after 30 s).
    async fn called(&self, method: &str) {
        let mut rx = self.0.lock().unwrap().seen.subscribe();
        // Check, then wait for the next request; the check never runs while the watch
        // is borrowed, so it cannot deadlock with a handler holding the state lock.
        let wait = async {
            while self.requests(method).is_empty() {
                rx.changed().await.unwrap();
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), wait)
            .await
            .unwrap_or_else(|_| panic!("{method} was never called"));
    }

    fn trouble(&self, method: &str, t: Trouble) {
        self.0.lock().unwrap().next.push_back((method.into(), t));
    }

    async fn start(&self) -> String {
        let app = Router::new()
            .route("/api/{method}", get(fake_api).post(fake_api))
            .route("/response/{id}", post(fake_response))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://127.0.0.1:{port}")
    }
}

fn parse_body(headers: &HeaderMap, body: &[u8]) -> Value {
    let json_body = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json_body {
        serde_json::from_slice(body).unwrap()
    } else {
        let pairs: BTreeMap<String, String> = serde_urlencoded::from_bytes(body).unwrap();
        json!(pairs)
    }
}

async fn fake_api(
    State(fake): State<Fake>,
    Path(method): Path<String>,
    verb: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Slack's read methods take their arguments as query parameters (GET), the write
    // methods a JSON body (POST).
    let read = matches!(method.as_str(), "users.lookupByEmail" | "users.info");
    let body = if read {
        assert_eq!(verb, Method::GET, "{method} is called with GET");
        assert!(body.is_empty(), "{method}: arguments go in the query");
        let pairs: BTreeMap<String, String> =
            serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap();
        json!(pairs)
    } else {
        assert_eq!(verb, Method::POST, "{method} is called with POST");
        parse_body(&headers, &body)
    };
    assert_eq!(
        headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some("Bearer xoxb-test"),
        "every Web API call carries the bot token"
    );
    let mut s = fake.0.lock().unwrap();
    let trouble = s
        .next
        .iter()
        .position(|(m, _)| *m == method)
        .and_then(|i| s.next.remove(i))
        .map(|(_, t)| t);
    let succeeded_posts = s
        .requests
        .iter()
        .filter(|r| r.method == "chat.postMessage" && r.status == 200)
        .count();
    let trouble = trouble.or_else(|| {
        (method == "chat.postMessage" && s.posts_fail_after.is_some_and(|n| succeeded_posts >= n))
            .then_some(Trouble::ServerError)
    });
    let status = match trouble {
        Some(Trouble::RateLimit(_)) => 429,
        Some(Trouble::ServerError) => 500,
        None => 200,
    };
    s.requests.push(Recorded {
        method: method.clone(),
        body: body.clone(),
        status,
    });
    s.seen.send_modify(|n| *n += 1);
    match trouble {
        Some(Trouble::RateLimit(secs)) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", secs.to_string())],
                "",
            )
                .into_response();
        }
        Some(Trouble::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response();
        }
        None => {}
    }
    let users = Fake::users();
    let answer = match method.as_str() {
        "users.lookupByEmail" => {
            let wanted = body["email"].as_str().unwrap_or("");
            let known = !s.unknown.iter().any(|u| u == wanted);
            match users.iter().find(|(_, e)| known && e.as_str() == wanted) {
                Some((id, _)) => json!({"ok": true, "user": {"id": id}}),
                None => json!({"ok": false, "error": "users_not_found"}),
            }
        }
        "users.info" => {
            let id = body["user"].as_str().unwrap_or("");
            match users.get(id) {
                Some(e) => json!({"ok": true, "user": {"id": id, "profile": {"email": e}}}),
                None => json!({"ok": false, "error": "user_not_found"}),
            }
        }
        "conversations.open" => {
            json!({"ok": true, "channel": {"id": format!("D{}", body["users"].as_str().unwrap())}})
        }
        "chat.postMessage" => {
            s.ts += 1;
            let ts = format!("1700000000.{:06}", s.ts);
            json!({"ok": true, "channel": body["channel"], "ts": ts, "message": {"ts": ts, "text": body["text"]}})
        }
        _ => json!({"ok": false, "error": "unknown_method"}),
    };
    axum::Json(answer).into_response()
}

async fn fake_response(State(fake): State<Fake>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let body = parse_body(&headers, &body);
    let mut s = fake.0.lock().unwrap();
    s.requests.push(Recorded {
        method: "response_url".into(),
        body,
        status: 200,
    });
    s.seen.send_modify(|n| *n += 1);
    StatusCode::OK
}

// ---- the app under test -----------------------------------------------------------

struct TestApp {
    base: String,
    app: Arc<App>,
    fake_url: String,
    http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config(db: &std::path::Path) -> Config {
    let mut c = Config::parse("test", "").unwrap();
    c.data = root().join("fixtures/demo");
    c.references = root().join("references");
    c.db = db.to_path_buf();
    c.slack.admins = vec![LEAD.into()];
    c
}

/// Monday 2026-11-23, an hour before the default 08:00 UTC slot (nothing to catch up).
fn before_slot() -> DateTime<Utc> {
    "2026-11-23T07:00:00Z".parse().unwrap()
}

/// An hour after the slot: starting then catches the slot up.
fn after_slot() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

async fn spawn_app(db: &std::path::Path, fake: &Fake, start: DateTime<Utc>) -> TestApp {
    let fake_url = fake.start().await;
    let api = Arc::new(WebApi::new(
        &format!("{fake_url}/api"),
        Secret::new("xoxb-test"),
    ));
    let app = App::with_api(
        config(db),
        Secret::new(SECRET),
        api,
        Clock::starting_at(start),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = expansion_signals::server::Server::build(app.clone(), listener).unwrap();
    let base = format!("http://127.0.0.1:{}", server.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    TestApp {
        base,
        app,
        fake_url,
        http: reqwest::Client::new(),
        stop: Some(stop),
        server: Some(handle),
    }
}

impl TestApp {
    /// Posts a slash command signed with the app's clock; returns (status, body).
    async fn command(&self, user: &str, text: &str) -> (u16, String) {
        let ts = self.app.clock.now().timestamp().to_string();
        self.command_signed(user, text, |body| {
            (
                Some(ts.clone()),
                Some(verify::sign(SECRET, &ts, body.as_bytes())),
            )
        })
        .await
    }

    async fn command_signed(
        &self,
        user: &str,
        text: &str,
        sign: impl Fn(&str) -> (Option<String>, Option<String>),
    ) -> (u16, String) {
        let body = serde_urlencoded::to_string([
            ("command", "/expansion"),
            ("user_id", user),
            ("text", text),
            ("response_url", &format!("{}/response/1", self.fake_url)),
        ])
        .unwrap();
        let (ts, sig) = sign(&body);
        let mut req = self
            .http
            .post(format!("{}/slack/commands", self.base))
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(ts) = ts {
            req = req.header("x-slack-request-timestamp", ts);
        }
        if let Some(sig) = sig {
            req = req.header("x-slack-signature", sig);
        }
        let resp = req.body(body).send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        // Background work (response_url answers, DMs) is tracked: wait for it.
        self.app.idle().await;
        (status, text)
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.server.take().unwrap().await.unwrap().unwrap();
    }
}

fn assert_within_limits(body: &Value) {
    let m = Message {
        text: body["text"].as_str().unwrap().into(),
        blocks: body["blocks"].as_array().unwrap().clone(),
    };
    assert!(!m.text.is_empty(), "a plain-text fallback is sent");
    blocks::within_limits(&m).unwrap();
}

// ---- tests --------------------------------------------------------------------------

#[tokio::test]
async fn healthz_answers() {
    let dir = tempfile::tempdir().unwrap();
    let t = spawn_app(&dir.path().join("db"), &Fake::default(), before_slot()).await;
    let body = reqwest::get(format!("{}/healthz", t.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn a_scheduled_slot_sends_every_csm_exactly_one_dm_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let fake = Fake::default();
    let t = spawn_app(&db, &fake, after_slot()).await;
    t.app.idle().await;
    let dms = fake.dms();
    assert_eq!(dms.len(), 5, "{:?}", dms.keys());
    for name in CSMS {
        let channel = format!("DU{}", name.split('.').next().unwrap().to_uppercase());
        let sent = &dms[&channel];
        assert_eq!(sent.len(), 1, "{channel}");
        assert_within_limits(&sent[0]);
        assert!(sent[0]["text"].as_str().unwrap().contains("2026-11-23"));
    }
    // Restarting the same day does not run the slot again.
    t.stop().await;
    let t = spawn_app(&db, &fake, after_slot()).await;
    t.app.idle().await;
    assert_eq!(fake.dms().values().map(Vec::len).sum::<usize>(), 5);
    // The run is in the history, the deliveries in the status.
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("week ending 2026-11-23"), "{status}");
    assert!(status.contains("5 sent, 0 failed, 0 pending"), "{status}");
    assert!(
        status.contains("Next scheduled run: Mon 2026-11-30 08:00 UTC"),
        "{status}"
    );
    // User ids were cached: the second life looked nobody up again.
    assert_eq!(fake.requests("users.lookupByEmail").len(), 5);
}

#[tokio::test]
async fn a_429_on_the_first_attempt_still_delivers_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.trouble("chat.postMessage", Trouble::RateLimit(1));
    let t = spawn_app(&dir.path().join("db"), &fake, after_slot()).await;
    t.app.idle().await;
    let posts = fake.requests("chat.postMessage");
    assert_eq!(posts.iter().filter(|r| r.status == 429).count(), 1);
    assert_eq!(posts.len(), 6, "one retry after the 429");
    assert!(fake.dms().values().all(|v| v.len() == 1));
    assert_eq!(fake.dms().len(), 5);
}

#[tokio::test]
async fn a_500_is_retried_and_delivers_once() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.trouble("chat.postMessage", Trouble::ServerError);
    fake.trouble("users.lookupByEmail", Trouble::ServerError);
    let t = spawn_app(&dir.path().join("db"), &fake, after_slot()).await;
    t.app.idle().await;
    assert_eq!(fake.requests("chat.postMessage").len(), 6);
    assert_eq!(fake.dms().len(), 5);
    assert!(fake.dms().values().all(|v| v.len() == 1));
}

#[tokio::test]
async fn a_fan_out_stopped_midway_resumes_after_restart_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let fake = Fake::default();
    // Slack goes down after two DMs: the fan-out stops with the rest pending.
    fake.0.lock().unwrap().posts_fail_after = Some(2);
    let t = spawn_app(&db, &fake, after_slot()).await;
    t.app.idle().await;
    assert_eq!(fake.dms().len(), 2);
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("2 sent, 0 failed, 3 pending"), "{status}");
    t.stop().await;

    // Slack is back; a new process resumes the same run.
    fake.0.lock().unwrap().posts_fail_after = None;
    let t = spawn_app(&db, &fake, after_slot()).await;
    t.app.idle().await;
    let dms = fake.dms();
    assert_eq!(dms.len(), 5, "{:?}", dms.keys());
    assert!(
        dms.values().all(|v| v.len() == 1),
        "nobody gets the run twice"
    );
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("5 sent, 0 failed, 0 pending"), "{status}");
}

#[tokio::test]
async fn an_unknown_email_is_recorded_and_the_others_still_get_their_dm() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.0.lock().unwrap().unknown.push(email("hana.lindqvist"));
    let t = spawn_app(&dir.path().join("db"), &fake, after_slot()).await;
    t.app.idle().await;
    assert_eq!(fake.dms().len(), 4);
    assert!(!fake.dms().contains_key("DUHANA"));
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("4 sent, 1 failed, 0 pending"), "{status}");
    assert!(
        status.contains("hana.lindqvist@northwind-demo.example: users_not_found"),
        "{status}"
    );
}

#[tokio::test]
async fn bad_missing_or_stale_signatures_get_401_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    let now = t.app.clock.now().timestamp();
    let stale = (now - 6 * 60).to_string();
    type Signer = Box<dyn Fn(&str) -> (Option<String>, Option<String>)>;
    let fresh = now.to_string();
    let cases: Vec<(&str, Signer)> = vec![
        ("missing", Box::new(|_| (None, None))),
        ("no timestamp", {
            let f = fresh.clone();
            Box::new(move |b| (None, Some(verify::sign(SECRET, &f, b.as_bytes()))))
        }),
        ("wrong secret", {
            let f = fresh.clone();
            Box::new(move |b| {
                (
                    Some(f.clone()),
                    Some(verify::sign("other", &f, b.as_bytes())),
                )
            })
        }),
        ("garbage", {
            let f = fresh.clone();
            Box::new(move |_| (Some(f.clone()), Some("v0=deadbeef".into())))
        }),
        (
            "six minutes old",
            Box::new(move |b| {
                (
                    Some(stale.clone()),
                    Some(verify::sign(SECRET, &stale, b.as_bytes())),
                )
            }),
        ),
    ];
    for (name, signer) in cases {
        for text in ["admin pause", "admin run", "rerun"] {
            let (status, _) = t.command_signed(LEAD, text, &signer).await;
            assert_eq!(status, 401, "{name}: {text}");
        }
    }
    assert_eq!(fake.all(), 0, "no Slack call at all");
    assert!(!t.app.db(|s| s.paused()).await.unwrap());
    assert!(t.app.db(|s| s.history(10)).await.unwrap().is_empty());
    // Interactions are verified too.
    let resp = t
        .http
        .post(format!("{}/slack/interactions", t.base))
        .body("payload=%7B%7D")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    // And a good signature works.
    let (status, ack) = t.command(LEAD, "admin pause").await;
    assert_eq!(status, 200, "{ack}");
    assert!(t.app.db(|s| s.paused()).await.unwrap());
    // A signed interaction is acknowledged.
    let ts = t.app.clock.now().timestamp().to_string();
    let body = "payload=%7B%7D";
    let resp = t
        .http
        .post(format!("{}/slack/interactions", t.base))
        .header("x-slack-request-timestamp", &ts)
        .header(
            "x-slack-signature",
            verify::sign(SECRET, &ts, body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[tokio::test]
async fn rerun_dms_the_owner_and_tells_others_they_own_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    let (status, ack) = t.command(ELENA, "rerun").await;
    assert_eq!(status, 200);
    assert!(
        ack.contains("ephemeral") && ack.contains("Running your digest"),
        "{ack}"
    );
    let dms = fake.dms();
    assert_eq!(dms.keys().collect::<Vec<_>>(), vec!["DUELENA"]);
    assert!(
        dms["DUELENA"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Elena")
    );
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("Your digest is in your DMs")
    );

    let (_, _) = t.command(OUTSIDER, "rerun").await;
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("don't own any accounts"),
        "{:?}",
        fake.responses()
    );
    assert_eq!(
        fake.dms().len(),
        1,
        "nothing sent to someone without accounts"
    );
}

#[tokio::test]
async fn account_is_shown_to_its_owner_and_admins_and_refused_to_others() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    // acc-0001 Saltcote Bookkeeping belongs to Elena.
    t.command(ELENA, "account Saltcote Bookkeeping").await;
    let shown = fake.responses().last().unwrap().clone();
    assert!(shown.contains("Saltcote Bookkeeping (acc-0001)"), "{shown}");
    assert!(shown.contains("ephemeral"));

    t.command(MARCUS, "account Saltcote Bookkeeping").await;
    let refused = fake.responses().last().unwrap().clone();
    assert!(refused.contains("only the accounts you own"), "{refused}");
    for secret in ["acc-0001", "elena", "ARR", "renewal"] {
        assert!(
            !refused.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} leaked: {refused}"
        );
    }
    // An account that does not exist reads the same as one that is not yours.
    t.command(MARCUS, "account No Such Company").await;
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("only the accounts you own")
    );

    // Ambiguous: only the asker's own candidates are listed…
    t.command(ELENA, "account Design Studio").await;
    let listed = fake.responses().last().unwrap().clone();
    assert!(
        listed.contains("Fairhollow Design Studio") && listed.contains("Carrowby Design Studio"),
        "{listed}"
    );
    assert!(
        !listed.contains("Ravensholt") && !listed.contains("Elderford"),
        "{listed}"
    );
    // …and a single visible one is explained directly.
    t.command(PRIYA, "account Florals").await;
    let one = fake.responses().last().unwrap().clone();
    assert!(one.contains("Highfold Florals (acc-0006)"), "{one}");
    assert!(!one.contains("Crestfall"), "{one}");

    t.command(LEAD, "account Saltcote Bookkeeping").await;
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("Saltcote Bookkeeping (acc-0001)")
    );
    assert!(
        fake.dms().is_empty(),
        "account answers are ephemeral, never DMs"
    );
}

#[tokio::test]
async fn admin_commands_are_refused_to_non_admins() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    for text in [
        "admin status",
        "admin history",
        "admin history 3",
        "admin run",
        "admin preview lead@northwind-demo.example",
        "admin pause",
        "admin resume",
        "admin references",
    ] {
        let (status, ack) = t.command(ELENA, text).await;
        assert_eq!(status, 200);
        assert!(ack.contains("for CSM leads only"), "{text}: {ack}");
    }
    assert_eq!(fake.all(), 0, "no Slack call, no DM, no response");
    assert!(!t.app.db(|s| s.paused()).await.unwrap());
    assert!(t.app.db(|s| s.history(10)).await.unwrap().is_empty());
}

#[tokio::test]
async fn admin_commands_work_for_admins() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;

    let (_, history) = t.command(LEAD, "admin history").await;
    assert!(history.contains("No runs recorded yet"), "{history}");

    let (_, ack) = t.command(LEAD, "admin preview <@UMARCUS|marcus>").await;
    assert!(ack.contains("Working on it"), "{ack}");
    let preview = fake.requests("response_url").last().unwrap().body.clone();
    assert!(
        preview["text"]
            .as_str()
            .unwrap()
            .contains("Marcus Oyelaran"),
        "{preview}"
    );
    assert_within_limits(&preview);
    assert!(fake.dms().is_empty(), "preview sends nothing");

    let (_, paused) = t.command(LEAD, "admin pause").await;
    assert!(paused.contains("paused"));
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("Scheduled deliveries: paused"), "{status}");
    assert!(
        status.contains("Next scheduled run: Mon 2026-11-23 08:00 UTC"),
        "{status}"
    );

    // Pause stops scheduled runs, not manual ones.
    t.command(LEAD, "admin run").await;
    assert_eq!(fake.dms().len(), 5);
    let (_, history) = t.command(LEAD, "admin history 5").await;
    assert!(history.contains("2026-11-23 — ok"), "{history}");

    let (_, refs) = t.command(LEAD, "admin references").await;
    assert!(
        refs.contains("taxonomy hash `21b6e93`") && refs.contains("Last edited"),
        "{refs}"
    );

    let (_, resumed) = t.command(LEAD, "admin resume").await;
    assert!(resumed.contains("back on"));
    assert!(!t.app.db(|s| s.paused()).await.unwrap());
}

#[tokio::test]
async fn unknown_text_gets_the_help_ephemerally() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    let (status, body) = t.command(ELENA, "make me a sandwich").await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["response_type"], "ephemeral");
    assert!(v["text"].as_str().unwrap().contains("/expansion rerun"));
    assert_eq!(fake.all(), 0);
}

// ---- the scheduler loop, on tokio's paused clock ------------------------------------

/// An in-process Web API (no sockets, so tokio's paused clock can auto-advance safely).
struct InProcess {
    clock: Clock,
    /// (channel, wall time of the post)
    posts: Mutex<Vec<(String, DateTime<Utc>)>>,
    count: tokio::sync::watch::Sender<usize>,
}

impl expansion_signals::slack::api::SlackApi for InProcess {
    fn call<'a>(
        &'a self,
        method: &'a str,
        body: expansion_signals::slack::api::Body,
    ) -> expansion_signals::slack::api::BoxFuture<
        'a,
        Result<Value, expansion_signals::slack::api::SlackError>,
    > {
        use expansion_signals::slack::api::Body;
        Box::pin(async move {
            let field = |name: &str| match &body {
                Body::Form(f) => f
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                Body::Json(v) => v[name].as_str().unwrap_or_default().to_string(),
            };
            Ok(match method {
                "users.lookupByEmail" => {
                    json!({"ok": true, "user": {"id": format!("U:{}", field("email"))}})
                }
                "conversations.open" => {
                    json!({"ok": true, "channel": {"id": format!("D:{}", field("users"))}})
                }
                "chat.postMessage" => {
                    let mut posts = self.posts.lock().unwrap();
                    posts.push((field("channel"), self.clock.now()));
                    self.count.send_replace(posts.len());
                    json!({"ok": true, "ts": "1.0", "message": {"ts": "1.0"}})
                }
                other => panic!("unexpected {other}"),
            })
        })
    }

    fn respond<'a>(
        &'a self,
        _: &'a str,
        _: Value,
    ) -> expansion_signals::slack::api::BoxFuture<
        'a,
        Result<(), expansion_signals::slack::api::SlackError>,
    > {
        Box::pin(async { Ok(()) })
    }
}

fn in_process_app(
    db: &std::path::Path,
    start: DateTime<Utc>,
    tz: &str,
) -> (
    Arc<App>,
    Arc<InProcess>,
    tokio::sync::watch::Receiver<usize>,
) {
    let clock = Clock::starting_at(start);
    let (count, rx) = tokio::sync::watch::channel(0);
    let api = Arc::new(InProcess {
        clock: clock.clone(),
        posts: Mutex::new(vec![]),
        count,
    });
    let mut config = config(db);
    config.schedule.timezone = tz.into();
    let app = App::with_api(config, Secret::new(SECRET), api.clone(), clock).unwrap();
    (app, api, rx)
}

#[tokio::test(start_paused = true)]
async fn the_scheduler_fires_on_the_local_slot_and_pause_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sunday noon UTC; the slot is Monday 08:00 in Paris (07:00 UTC in winter).
    let (app, api, mut posts) = in_process_app(
        &dir.path().join("db"),
        "2026-11-22T12:00:00Z".parse().unwrap(),
        "Europe/Paris",
    );
    let slot: DateTime<Utc> = "2026-11-23T07:00:00Z".parse().unwrap();
    // Nothing to catch up at start: the last slot is six days old.
    expansion_signals::schedule::startup(app.clone()).await;
    assert_eq!(*posts.borrow(), 0);

    let scheduler = tokio::spawn(expansion_signals::schedule::run(app.clone()));
    // The paused clock jumps to the slot; wait for the fan-out.
    posts.wait_for(|n| *n >= 5).await.unwrap();
    {
        let sent = api.posts.lock().unwrap();
        assert_eq!(sent.len(), 5);
        let channels: std::collections::BTreeSet<_> = sent.iter().map(|(c, _)| c.clone()).collect();
        assert_eq!(channels.len(), 5, "one DM per CSM");
        for (_, at) in sent.iter() {
            assert!(
                *at >= slot && *at < slot + chrono::Duration::minutes(1),
                "sent at {at}"
            );
        }
    }
    assert!(app.db(move |s| s.slot_claimed(slot)).await.unwrap());

    // Paused: next Monday's slot is claimed as skipped and nothing is sent.
    app.db(|s| s.set_paused(true)).await.unwrap();
    let next = slot + chrono::Duration::days(7);
    while !app.db(move |s| s.slot_claimed(next)).await.unwrap() {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
    assert_eq!(api.posts.lock().unwrap().len(), 5);
    scheduler.abort();
}

#[tokio::test(start_paused = true)]
async fn a_restart_catches_up_a_recent_missed_slot_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // Down over the slot, back 23 hours later: caught up.
    let (app, api, _) =
        in_process_app(&db, "2026-11-24T06:00:00Z".parse().unwrap(), "Europe/Paris");
    expansion_signals::schedule::startup(app.clone()).await;
    assert_eq!(api.posts.lock().unwrap().len(), 5);
    // Another restart: already claimed, nothing more.
    drop(app);
    let (app, api, _) =
        in_process_app(&db, "2026-11-24T06:30:00Z".parse().unwrap(), "Europe/Paris");
    expansion_signals::schedule::startup(app.clone()).await;
    assert_eq!(api.posts.lock().unwrap().len(), 0);
    // More than 24 hours late: not caught up.
    let dir2 = tempfile::tempdir().unwrap();
    let (app, api, _) = in_process_app(
        &dir2.path().join("db"),
        "2026-11-24T07:30:00Z".parse().unwrap(),
        "Europe/Paris",
    );
    expansion_signals::schedule::startup(app).await;
    assert_eq!(api.posts.lock().unwrap().len(), 0);
}

#[tokio::test]
async fn a_delivery_interrupted_while_sending_is_reported_not_resent() {
    let dir = tempfile::tempdir().unwrap();
    let (app, api, _) = in_process_app(&dir.path().join("db"), after_slot(), "UTC");
    let planned = vec![
        (
            email("elena.vasquez"),
            serde_json::to_string(&vec![Message {
                text: "hi".into(),
                blocks: vec![],
            }])
            .unwrap(),
        ),
        (
            email("priya.natarajan"),
            serde_json::to_string(&vec![Message {
                text: "hi".into(),
                blocks: vec![],
            }])
            .unwrap(),
        ),
    ];
    app.db(move |s| s.plan_deliveries("manual:x", &planned))
        .await
        .unwrap();
    // A previous process died between "sending" and "sent" for Elena.
    app.db(|s| {
        s.set_delivery(
            "manual:x",
            &email("elena.vasquez"),
            expansion_signals::store::slack::DeliveryState::Sending,
            Some(0),
            None,
            None,
        )
    })
    .await
    .unwrap();
    let f = expansion_signals::slack::delivery::deliver(&app, None)
        .await
        .unwrap();
    assert_eq!((f.sent, f.failed, f.pending), (1, 1, 0));
    let sent = api.posts.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].0.contains("priya"));
    let counts = app.db(|s| s.latest_delivery_counts()).await.unwrap();
    assert!(
        counts.failures[0].1.contains("interrupted while sending"),
        "{:?}",
        counts.failures
    );
}

// ---- Block Kit golden files ---------------------------------------------------------

fn demo_report() -> expansion_signals::digest::RunReport {
    use expansion_signals::engine::{self, Rules};
    let rules = Rules::load(&root().join("references")).unwrap();
    let source = expansion_signals::sources::DataDir::new(root().join("fixtures/demo"));
    let params = expansion_signals::pipeline::Params {
        as_of: "2026-11-23".parse().unwrap(),
        window_days: 7,
        cap_per_csm: 3,
    };
    let history = expansion_signals::store::Store::open_in_memory().unwrap();
    engine::run_week(&source, &rules, &params, &history).unwrap()
}

#[test]
fn block_kit_golden_full_digest() {
    let report = demo_report();
    // The digest with the most content: strong signals, weak ones, caps.
    let d = report
        .digests
        .iter()
        .max_by_key(|d| (d.strong.len(), d.weak.len(), d.overflow))
        .unwrap();
    let messages = blocks::digest_messages(&report, d);
    for m in &messages {
        blocks::within_limits(m).unwrap();
    }
    insta::assert_json_snapshot!("full_digest", messages);
}

#[test]
fn block_kit_golden_empty_digest() {
    let report = demo_report();
    let mut d = report.digests[0].clone();
    d.strong.clear();
    d.weak.clear();
    d.overflow = 0;
    d.overflow_signals.clear();
    d.warnings.clear();
    insta::assert_json_snapshot!("empty_digest", blocks::digest_messages(&report, &d));
}

// ---- deliverables -----------------------------------------------------------------

#[test]
fn the_example_config_parses_with_its_documented_defaults() {
    let c = Config::load(&root().join("expansion-signals.example.toml")).unwrap();
    let mut defaults = Config::parse("defaults", "").unwrap();
    // `data` is marked "example": it points at the bundled demo portfolio, which exists.
    assert!(root().join(&c.data).join("accounts.json").is_file());
    defaults.data = c.data.clone();
    assert_eq!(c, defaults, "the example documents the defaults");
    assert_eq!(c.schedule.cron, "0 8 * * MON");
    assert_eq!(c.schedule.catch_up_hours, 24);
}

#[test]
fn the_manifest_declares_what_the_app_needs() {
    let text = std::fs::read_to_string(root().join("manifest.yml")).unwrap();
    assert!(!text.contains('\t'), "YAML does not allow tabs");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for want in [
        "bot_user:",
        "- command: /expansion",
        "url: https://YOUR-HOST/slack/commands",
        "request_url: https://YOUR-HOST/slack/interactions",
        "is_enabled: true",
        "should_escape: true",
        "- commands",
        "- chat:write",
        "- im:write",
        "- users:read",
        "- users:read.email",
    ] {
        assert!(lines.contains(&want), "manifest.yml lacks `{want}`");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("usage_hint: ") && l.contains("account <name>"))
    );
    // Top-level sections of an importable manifest.
    for section in [
        "display_information:",
        "features:",
        "oauth_config:",
        "settings:",
    ] {
        assert!(text.lines().any(|l| l == section), "{section}");
    }
}

#[test]
fn serve_without_secrets_exits_2_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        format!("references = {:?}\n", root().join("references")),
    )
    .unwrap();
    let run = |token: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"));
        cmd.args(["serve", "--config"])
            .arg(&config)
            .args(["--listen", "127.0.0.1:0"]);
        cmd.env_remove("SLACK_BOT_TOKEN")
            .env_remove("SLACK_SIGNING_SECRET");
        if let Some(t) = token {
            cmd.env("SLACK_BOT_TOKEN", t);
        }
        cmd.output().unwrap()
    };
    let out = run(None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SLACK_BOT_TOKEN"));
    let out = run(Some("xoxb-secret-value"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("SLACK_SIGNING_SECRET"), "{stderr}");
    assert!(!stderr.contains("xoxb-secret-value"), "secrets never print");
}

#[tokio::test]
async fn serve_reads_its_secrets_and_slack_api_url_from_the_environment() {
    use tokio::io::AsyncBufReadExt;
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let fake_url = fake.start().await;
    let config = dir.path().join("c.toml");
    // No catch-up, so the real date does not matter; Elena is an admin here.
    std::fs::write(
        &config,
        format!(
            "data = {:?}\nreferences = {:?}\ndb = {:?}\n[schedule]\ncatch_up_hours = 0\n[slack]\nadmins = [\"{ELENA}\"]\n",
            root().join("fixtures/demo"),
            root().join("references"),
            dir.path().join("db"),
        ),
    )
    .unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
        .args(["serve", "--config"])
        .arg(&config)
        .args(["--listen", "127.0.0.1:0"])
        .env("SLACK_BOT_TOKEN", "xoxb-test")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_API_URL", format!("{fake_url}/api"))
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("serve printed its port");
        if let Some(rest) = line.split("(port ").nth(1) {
            break rest.trim_end_matches(')').to_string();
        }
    };
    let body = serde_urlencoded::to_string([
        ("command", "/expansion"),
        ("user_id", ELENA),
        ("text", "admin preview <@UMARCUS|marcus>"),
        ("response_url", &format!("{fake_url}/response/1")),
    ])
    .unwrap();
    let ts = Utc::now().timestamp().to_string();
    let resp = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/slack/commands"))
        .header("x-slack-request-timestamp", &ts)
        .header(
            "x-slack-signature",
            verify::sign(SECRET, &ts, body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    // The preview calls users.info on the fake (with the token from the environment)
    // and answers on the response URL; wait for that answer.
    fake.called("response_url").await;
    child.kill().await.unwrap();
    let info = fake.requests("users.info");
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].status, 200);
    assert_eq!(info[0].body["user"], "UMARCUS");
}

#[tokio::test(start_paused = true)]
async fn deliveries_left_pending_by_an_outage_go_out_within_the_hour() {
    let dir = tempfile::tempdir().unwrap();
    // Tuesday: the next slot is six days away.
    let (app, api, mut posts) = in_process_app(
        &dir.path().join("db"),
        "2026-11-24T10:00:00Z".parse().unwrap(),
        "UTC",
    );
    let planned = vec![(
        email("elena.vasquez"),
        serde_json::to_string(&vec![Message {
            text: "hi".into(),
            blocks: vec![],
        }])
        .unwrap(),
    )];
    // As if a fan-out had stopped on a Slack outage: the row is pending.
    app.db(move |s| s.plan_deliveries("manual:outage", &planned))
        .await
        .unwrap();
    let scheduler = tokio::spawn(expansion_signals::schedule::run(app.clone()));
    posts.wait_for(|n| *n >= 1).await.unwrap();
    let sent = api.posts.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    let at = sent[0].1;
    let start: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
    assert!(
        at >= start + chrono::Duration::hours(1) && at < start + chrono::Duration::minutes(61),
        "retried at {at}"
    );
    scheduler.abort();
}
