//! End-to-end tests of the Slack app against a fake Slack Web API on 127.0.0.1:0: the
//! real server on port 0, a temporary SQLite database, the demo data and references.

mod common;

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
use std::sync::{Arc, Mutex};

const SECRET: &str = "test-signing-secret";
const LEAD: &str = "ULEAD";
const ELENA: &str = "UELENA";
const MARCUS: &str = "UMARCUS";
const PRIYA: &str = "UPRIYA";
const OUTSIDER: &str = "UOUT";
use common::DEMO_CSMS as CSMS;
use common::{demo_email as email, root};

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
    /// A 429 storm: every other Web API call answers 429 with `Retry-After: 0`.
    storm: bool,
    /// Web API calls seen while storming.
    storm_calls: usize,
    /// `auth.test` refuses the token.
    bad_token: bool,
    /// The WebSocket URL `apps.connections.open` hands out (Socket Mode).
    socket_url: Option<String>,
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

    /// Successful `chat.postMessage` calls per CSM channel (the lead's summary DM,
    /// see [`Fake::lead_dms`], is left out).
    fn dms(&self) -> BTreeMap<String, Vec<Value>> {
        let mut out = self.all_dms();
        out.remove(&format!("D{LEAD}"));
        out
    }

    /// The lead's DMs (the weekly summary).
    fn lead_dms(&self) -> Vec<Value> {
        self.all_dms()
            .remove(&format!("D{LEAD}"))
            .unwrap_or_default()
    }

    /// Successful `chat.postMessage` calls per channel.
    fn all_dms(&self) -> BTreeMap<String, Vec<Value>> {
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
    // Socket Mode connections are opened with the app-level token, the rest with the bot's.
    let token = if method == "apps.connections.open" {
        "Bearer xapp-test"
    } else {
        "Bearer xoxb-test"
    };
    assert_eq!(
        headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some(token),
        "every Web API call carries the right token"
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
    let trouble = if s.storm && trouble.is_none() {
        s.storm_calls += 1;
        (s.storm_calls % 2 == 1).then_some(Trouble::RateLimit(0))
    } else {
        trouble
    };
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
        "apps.connections.open" => match &s.socket_url {
            Some(url) => json!({"ok": true, "url": url}),
            None => json!({"ok": false, "error": "not_allowed_token_type"}),
        },
        "auth.test" if s.bad_token => json!({"ok": false, "error": "invalid_auth"}),
        "auth.test" => json!({"ok": true, "user": "expansion", "team": "Northwind"}),
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

/// Well before the test slots: the app counts as installed then, so a missed slot is
/// caught up at start (a first start never fans out on its own).
fn installed() -> DateTime<Utc> {
    "2026-11-01T00:00:00Z".parse().unwrap()
}

/// Records in `db` that the app was installed on [`installed`].
fn mark_installed(db: &std::path::Path) {
    expansion_signals::store::Store::open(db)
        .unwrap()
        .set_installed_at(installed())
        .unwrap();
}

async fn spawn_app(db: &std::path::Path, fake: &Fake, start: DateTime<Utc>) -> TestApp {
    mark_installed(db);
    spawn_app_with(db, fake, start, |_| {}).await
}

/// [`spawn_app`] with Socket Mode on (the app-level token is `xapp-test`).
async fn spawn_socket_app(db: &std::path::Path, fake: &Fake, start: DateTime<Utc>) -> TestApp {
    mark_installed(db);
    spawn_app_inner(db, fake, start, |c| c.slack.socket_mode = true, true).await
}

/// [`spawn_app`] on a fresh database (nothing marks it installed) with a config tweak.
async fn spawn_app_with(
    db: &std::path::Path,
    fake: &Fake,
    start: DateTime<Utc>,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    spawn_app_inner(db, fake, start, tweak, false).await
}

async fn spawn_app_inner(
    db: &std::path::Path,
    fake: &Fake,
    start: DateTime<Utc>,
    tweak: impl FnOnce(&mut Config),
    socket_mode: bool,
) -> TestApp {
    let fake_url = fake.start().await;
    let mut config = config(db);
    tweak(&mut config);
    let api = Arc::new(
        WebApi::new(&format!("{fake_url}/api"), Secret::new("xoxb-test")).with_message_budget(
            expansion_signals::slack::api::RateLimitBudget::from_config(&config.slack).per_message,
        ),
    );
    let app = App::with_api(config, Secret::new(SECRET), api, Clock::starting_at(start)).unwrap();
    let listener = expansion_signals::server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let socket: Option<Arc<dyn expansion_signals::slack::api::SlackApi>> = socket_mode.then(|| {
        Arc::new(WebApi::new(
            &format!("{fake_url}/api"),
            Secret::new("xapp-test"),
        )) as Arc<dyn expansion_signals::slack::api::SlackApi>
    });
    let server = expansion_signals::server::Server::build(app.clone(), listener)
        .unwrap()
        .with_socket_mode(socket);
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

/// (sent, failed, pending) from an `admin status` answer.
fn delivery_counts(status: &str) -> (usize, usize, usize) {
    let re = regex::Regex::new(r"(\d+) sent, (\d+) failed, (\d+) pending").unwrap();
    let c = re.captures(status).unwrap_or_else(|| panic!("{status}"));
    let n = |i: usize| c[i].parse().unwrap();
    (n(1), n(2), n(3))
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
    let resp = reqwest::get(format!("{}/healthz", t.base)).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    assert_eq!(body["scheduler"], "ok", "{body}");
}

#[tokio::test]
async fn healthz_is_503_with_a_reason_when_the_database_does_not_answer() {
    let dir = tempfile::tempdir().unwrap();
    let t = spawn_app(&dir.path().join("db"), &Fake::default(), before_slot()).await;
    t.app.idle().await;
    // Something holds the database (a stuck query): the check gives up after 2 s.
    let db = t.app.db.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let _store = db.lock().unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(3));
    });
    locked_rx.recv().unwrap();
    let resp = reqwest::get(format!("{}/healthz", t.base)).await.unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "unhealthy");
    assert!(
        body["reason"]
            .as_str()
            .unwrap()
            .contains("database did not answer"),
        "{body}"
    );
    holder.join().unwrap();
    let resp = reqwest::get(format!("{}/healthz", t.base)).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[tokio::test]
async fn healthz_is_503_when_the_scheduler_heartbeat_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _, _) = in_process_app(&dir.path().join("db"), before_slot(), "UTC");
    let h = expansion_signals::server::health(&app).await;
    assert!(!h.healthy, "no heartbeat yet: {}", h.body);
    assert!(
        h.body["reason"]
            .as_str()
            .unwrap()
            .contains("scheduler has not started")
    );
    app.beat_at(app.clock.now() - chrono::Duration::minutes(6));
    let h = expansion_signals::server::health(&app).await;
    assert!(!h.healthy);
    assert!(
        h.body["reason"]
            .as_str()
            .unwrap()
            .contains("heartbeat is stale"),
        "{}",
        h.body
    );
    app.beat();
    let h = expansion_signals::server::health(&app).await;
    assert!(h.healthy, "{}", h.body);
}

#[tokio::test]
async fn two_hundred_concurrent_help_commands_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = Arc::new(spawn_app(&dir.path().join("db"), &fake, before_slot()).await);
    let mut set = tokio::task::JoinSet::new();
    for i in 0..200 {
        let t = t.clone();
        // Distinct users: identical signed bodies would be refused as replays.
        set.spawn(async move { t.command(&format!("U{i:04}"), "help").await });
    }
    let mut ok = 0;
    while let Some(r) = set.join_next().await {
        let (status, body) = r.unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("/expansion rerun"), "{body}");
        ok += 1;
    }
    assert_eq!(ok, 200);
    assert_eq!(fake.all(), 0, "help needs no Slack call");
}

/// Opens `n` connections to a listener nobody accepts on: each must be queued by the
/// kernel (a full accept queue drops the SYN and the connect hangs).
async fn queue_connections(listener: &tokio::net::TcpListener, n: usize) -> Result<(), usize> {
    let addr = listener.local_addr().unwrap();
    let mut open = Vec::new();
    for i in 0..n {
        let connect = tokio::net::TcpStream::connect(addr);
        match tokio::time::timeout(std::time::Duration::from_secs(10), connect).await {
            Ok(Ok(c)) => open.push(c),
            _ => return Err(i),
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_listener_queues_a_burst_of_300_connections_before_accepting_any() {
    let listener = expansion_signals::server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    assert_eq!(queue_connections(&listener, 300).await, Ok(()));
}

#[tokio::test]
async fn overlong_command_text_is_refused_politely_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    let huge = "x".repeat(5000);
    let (status, body) = t.command(ELENA, &format!("account {huge}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("characters long"), "{body}");
    assert!(!body.contains("xxxxxxxxxx"), "the text is not echoed");
    assert!(body.len() < 500, "{body}");
    assert_eq!(fake.all(), 0, "nothing was looked up");
    // Unknown text under the limit is echoed only in part.
    let long = "y".repeat(900);
    let (_, body) = t.command(ELENA, &long).await;
    assert!(body.contains("/expansion rerun"), "help is shown");
    assert!(body.contains("yyyy…"), "{body}");
    assert!(!body.contains(&"y".repeat(100)), "{body}");
}

#[tokio::test]
async fn account_lookups_beyond_the_limit_get_busy_try_again() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let db = dir.path().join("db");
    mark_installed(&db);
    let t = spawn_app_with(&db, &fake, before_slot(), |c| {
        c.slack.max_concurrent_lookups = 1
    })
    .await;
    // One lookup is in flight (it holds the only slot).
    let permit = t.app.lookups.clone().try_acquire_owned().unwrap();
    let (status, ack) = t.command(ELENA, "account Saltcote Bookkeeping").await;
    assert_eq!(status, 200);
    assert!(ack.contains("try again in a minute"), "{ack}");
    let (_, ack) = t.command(ELENA, "rerun").await;
    assert!(ack.contains("try again in a minute"), "{ack}");
    assert_eq!(fake.all(), 0, "nothing was started");
    drop(permit);
    // (Not the same text as above: the same signed bytes again would be a replay.)
    let (_, ack) = t.command(ELENA, "account saltcote bookkeeping").await;
    assert!(ack.contains("Looking that account up"), "{ack}");
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("Saltcote Bookkeeping (acc-0001)")
    );
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
    // Five DMs, one retry after the 429, and the lead's summary.
    assert_eq!(posts.len(), 7, "one retry after the 429");
    assert_eq!(fake.lead_dms().len(), 1);
    assert!(fake.dms().values().all(|v| v.len() == 1));
    assert_eq!(fake.dms().len(), 5);
}

#[tokio::test]
async fn a_50_percent_429_storm_over_a_whole_fan_out_loses_and_duplicates_no_dm() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.0.lock().unwrap().storm = true;
    let t = spawn_app(&dir.path().join("db"), &fake, after_slot()).await;
    t.app.idle().await;
    let dms = fake.dms();
    assert_eq!(dms.len(), 5, "{:?}", dms.keys());
    assert!(dms.values().all(|v| v.len() == 1), "nobody gets it twice");
    let limited = fake
        .0
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.status == 429)
        .count();
    let ok = fake
        .0
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.status == 200)
        .count();
    assert!(
        limited >= 15 && limited.abs_diff(ok) <= 1,
        "{limited} 429s, {ok} answers"
    );
    fake.0.lock().unwrap().storm = false;
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("5 sent, 0 failed, 0 pending"), "{status}");
}

#[tokio::test]
async fn rate_limits_are_waited_out_within_a_time_budget_not_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    mark_installed(&db);
    let fake = Fake::default();
    // Eight 429s in a row for the first DM: more than any fixed count of 5 allowed,
    // well inside the 10-minute budget (each 429 counts at least one second).
    for _ in 0..8 {
        fake.trouble("chat.postMessage", Trouble::RateLimit(0));
    }
    let t = spawn_app_with(&db, &fake, after_slot(), |_| {}).await;
    t.app.idle().await;
    assert_eq!(fake.dms().len(), 5);
    assert!(fake.dms().values().all(|v| v.len() == 1));
    t.stop().await;

    // With a 5-second budget per message the same storm is given up on: the delivery
    // stays pending (not failed), the fan-out stops, and nothing is sent twice.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    mark_installed(&db);
    let fake = Fake::default();
    for _ in 0..8 {
        fake.trouble("chat.postMessage", Trouble::RateLimit(0));
    }
    let t = spawn_app_with(&db, &fake, after_slot(), |c| {
        c.slack.rate_limit_message_budget_secs = 5
    })
    .await;
    t.app.idle().await;
    assert_eq!(fake.dms().len(), 0);
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("0 sent, 0 failed, 5 pending"), "{status}");
    // The run's budget is shared by the whole fan-out: with 3 s, a 50 % storm stops it
    // at the 4th 429; what was not sent stays pending.
    t.stop().await;
    {
        let mut f = fake.0.lock().unwrap();
        f.next.clear();
        f.storm = true;
    }
    let t = spawn_app_with(&db, &fake, after_slot(), |c| {
        c.slack.rate_limit_run_budget_secs = 3
    })
    .await;
    t.app.idle().await;
    fake.0.lock().unwrap().storm = false;
    let (_, status) = t.command(LEAD, "admin status").await;
    let (sent, failed, pending) = delivery_counts(&status);
    assert!(
        pending > 0 && failed == 0 && sent + pending == 5,
        "{status}"
    );
    assert_eq!(fake.dms().values().map(Vec::len).sum::<usize>(), sent);
    // The storm is over: the next pass delivers everyone exactly once.
    t.stop().await;
    let t = spawn_app_with(&db, &fake, after_slot(), |_| {}).await;
    t.app.idle().await;
    assert_eq!(fake.dms().len(), 5);
    assert!(fake.dms().values().all(|v| v.len() == 1));
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(status.contains("5 sent, 0 failed, 0 pending"), "{status}");
}

#[tokio::test]
async fn a_replayed_signed_request_is_refused_inside_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app(&dir.path().join("db"), &fake, before_slot()).await;
    let ts = t.app.clock.now().timestamp().to_string();
    let signer = |body: &str| {
        (
            Some(ts.clone()),
            Some(verify::sign(SECRET, &ts, body.as_bytes())),
        )
    };
    let (status, _) = t.command_signed(LEAD, "admin pause", signer).await;
    assert_eq!(status, 200);
    t.command(LEAD, "admin resume").await;
    // The same bytes again (captured and replayed): refused, nothing changes.
    let (status, _) = t.command_signed(LEAD, "admin pause", signer).await;
    assert_eq!(status, 401);
    assert!(!t.app.db(|s| s.paused()).await.unwrap());
}

#[tokio::test]
async fn a_first_start_after_a_slot_sends_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let fake = Fake::default();
    // A fresh install, an hour after Monday's slot: no DM to anyone.
    let t = spawn_app_with(&db, &fake, after_slot(), |_| {}).await;
    t.app.idle().await;
    assert_eq!(fake.requests("chat.postMessage").len(), 0);
    let (_, status) = t.command(LEAD, "admin status").await;
    assert!(
        status.contains("Last scheduled slot: Mon 2026-11-23 08:00 UTC — skipped")
            && status.contains("first started after this slot"),
        "{status}"
    );
    // A restart does not change its mind.
    t.stop().await;
    let t = spawn_app_with(
        &db,
        &fake,
        after_slot() + chrono::Duration::hours(1),
        |_| {},
    )
    .await;
    t.app.idle().await;
    assert_eq!(fake.requests("chat.postMessage").len(), 0);
}

// ---- Socket Mode --------------------------------------------------------------------

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// Accepts the app's next WebSocket connection and says hello.
async fn accept_socket(listener: &tokio::net::TcpListener) -> Socket {
    use futures_util::SinkExt;
    let (tcp, _) = tokio::time::timeout(std::time::Duration::from_secs(30), listener.accept())
        .await
        .expect("the app connected")
        .unwrap();
    let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        json!({"type": "hello", "num_connections": 1}).to_string(),
    ))
    .await
    .unwrap();
    ws
}

/// Sends an envelope and returns the app's acknowledgement.
async fn envelope(ws: &mut Socket, id: &str, kind: &str, payload: Value) -> Value {
    use futures_util::{SinkExt, StreamExt};
    let env = json!({"envelope_id": id, "type": kind, "payload": payload, "accepts_response_payload": true});
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        env.to_string(),
    ))
    .await
    .unwrap();
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(30), ws.next())
            .await
            .expect("an acknowledgement")
            .unwrap()
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Text(t) = frame {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

fn slash(user: &str, text: &str) -> Value {
    json!({"command": "/expansion", "user_id": user, "text": text, "response_url": "http://127.0.0.1:9/unused"})
}

#[tokio::test]
async fn socket_mode_answers_commands_and_reconnects_after_a_drop_or_a_refresh() {
    use futures_util::SinkExt;
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let ws_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ws_url = format!("ws://{}/link", ws_listener.local_addr().unwrap());
    fake.0.lock().unwrap().socket_url = Some(ws_url);
    let t = spawn_socket_app(&dir.path().join("db"), &fake, before_slot()).await;

    // First connection: a slash command gets the same answer as over HTTP.
    let mut ws = accept_socket(&ws_listener).await;
    let ack = envelope(&mut ws, "e1", "slash_commands", slash(ELENA, "help")).await;
    assert_eq!(ack["envelope_id"], "e1");
    assert_eq!(ack["payload"]["response_type"], "ephemeral");
    assert!(
        ack["payload"]["text"]
            .as_str()
            .unwrap()
            .contains("/expansion rerun"),
        "{ack}"
    );
    let ack = envelope(
        &mut ws,
        "e2",
        "interactive",
        json!({"type": "block_actions"}),
    )
    .await;
    assert_eq!(ack, json!({"envelope_id": "e2"}));
    let huge = "z".repeat(5000);
    let ack = envelope(&mut ws, "e3", "slash_commands", slash(ELENA, &huge)).await;
    assert!(!ack.to_string().contains("zzzzzzzzzz"), "{ack}");
    // The connection drops: the app reconnects (after a short backoff).
    drop(ws);
    let mut ws = accept_socket(&ws_listener).await;
    let ack = envelope(&mut ws, "e4", "slash_commands", slash(LEAD, "admin pause")).await;
    assert!(
        ack["payload"]["text"].as_str().unwrap().contains("paused"),
        "{ack}"
    );
    assert!(t.app.db(|s| s.paused()).await.unwrap());
    // Admin rules are the same as over HTTP.
    let ack = envelope(
        &mut ws,
        "e5",
        "slash_commands",
        slash(ELENA, "admin resume"),
    )
    .await;
    assert!(ack.to_string().contains("for CSM leads only"), "{ack}");
    // Slack asks for a refresh: a new connection at once.
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        json!({"type": "disconnect", "reason": "refresh_requested"}).to_string(),
    ))
    .await
    .unwrap();
    let mut ws = accept_socket(&ws_listener).await;
    let ack = envelope(&mut ws, "e6", "slash_commands", slash(LEAD, "admin resume")).await;
    assert!(ack.to_string().contains("back on"), "{ack}");
    assert!(!t.app.db(|s| s.paused()).await.unwrap());
    assert_eq!(fake.requests("apps.connections.open").len(), 3);
}

#[test]
fn socket_mode_without_an_app_token_is_a_config_error() {
    let mut c = Config::parse("test", "[slack]\nsocket_mode = true\n").unwrap();
    c.references = root().join("references");
    let env = expansion_signals::config::SlackEnv {
        bot_token: Secret::new("xoxb-test"),
        signing_secret: Secret::new(SECRET),
        api_url: "http://127.0.0.1:9/api".into(),
        app_token: None,
    };
    let err = expansion_signals::slack::socket::client(&c, &env)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("SLACK_APP_TOKEN"), "{err}");
    let env = expansion_signals::config::SlackEnv {
        app_token: Some(Secret::new("xapp-test")),
        ..env
    };
    assert!(
        expansion_signals::slack::socket::client(&c, &env)
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_500_is_retried_and_delivers_once() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.trouble("chat.postMessage", Trouble::ServerError);
    fake.trouble("users.lookupByEmail", Trouble::ServerError);
    let t = spawn_app(&dir.path().join("db"), &fake, after_slot()).await;
    t.app.idle().await;
    // Five DMs, one retried after the 500, and the lead's summary.
    assert_eq!(fake.requests("chat.postMessage").len(), 7);
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
        refs.contains(&format!("taxonomy hash `{}`", shipped_taxonomy_hash()))
            && refs.contains("Last edited"),
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
    /// The fallback text of each post, in order.
    texts: Mutex<Vec<String>>,
    /// How long each `chat.postMessage` takes (tokio time).
    post_delay: Mutex<std::time::Duration>,
    /// The fallback texts of the lead's summary DMs (kept apart from `posts`).
    lead_posts: Mutex<Vec<String>>,
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
                "chat.postMessage" if field("channel") == format!("D:{LEAD}") => {
                    self.lead_posts.lock().unwrap().push(field("text"));
                    json!({"ok": true, "ts": "2.0", "message": {"ts": "2.0"}})
                }
                "chat.postMessage" => {
                    let delay = *self.post_delay.lock().unwrap();
                    tokio::time::sleep(delay).await;
                    let mut posts = self.posts.lock().unwrap();
                    posts.push((field("channel"), self.clock.now()));
                    self.texts.lock().unwrap().push(field("text"));
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
        texts: Mutex::new(vec![]),
        post_delay: Mutex::new(std::time::Duration::ZERO),
        lead_posts: Mutex::new(vec![]),
        count,
    });
    mark_installed(db);
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
async fn the_heartbeat_stays_fresh_during_a_long_fan_out_and_stops_with_the_scheduler() {
    let dir = tempfile::tempdir().unwrap();
    let (app, api, mut posts) = in_process_app(
        &dir.path().join("db"),
        "2026-11-23T07:30:00Z".parse().unwrap(),
        "UTC",
    );
    // Slack takes 20 minutes per message (rate limits): the fan-out lasts 100 minutes.
    *api.post_delay.lock().unwrap() = std::time::Duration::from_secs(20 * 60);
    let scheduler = tokio::spawn(expansion_signals::schedule::run(app.clone()));
    posts.wait_for(|n| *n >= 2).await.unwrap();
    assert!(app.clock.now() >= "2026-11-23T08:40:00Z".parse::<DateTime<Utc>>().unwrap());
    let h = expansion_signals::server::health(&app).await;
    assert!(h.healthy, "busy, not dead: {}", h.body);
    posts.wait_for(|n| *n >= 5).await.unwrap();
    // A scheduler that stopped stops beating: unhealthy five minutes later.
    scheduler.abort();
    tokio::time::sleep(std::time::Duration::from_secs(6 * 60)).await;
    let h = expansion_signals::server::health(&app).await;
    assert!(!h.healthy, "{}", h.body);
    assert!(
        h.body["reason"]
            .as_str()
            .unwrap()
            .contains("heartbeat is stale")
    );
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

#[tokio::test(start_paused = true)]
async fn a_failed_scheduled_run_is_recorded_shown_and_retried_until_it_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // Sunday noon; the data source is down (the folder is empty) at Monday's slot.
    let (app, api, mut posts) = in_process_app(
        &dir.path().join("db"),
        "2026-11-22T12:00:00Z".parse().unwrap(),
        "UTC",
    );
    let mut config = app.config.clone();
    config.data = data.clone();
    let app = App::with_api(config, Secret::new(SECRET), api.clone(), app.clock.clone()).unwrap();
    let slot: DateTime<Utc> = "2026-11-23T08:00:00Z".parse().unwrap();
    let scheduler = tokio::spawn(expansion_signals::schedule::run(app.clone()));
    while app
        .db(move |s| s.slot_record(slot))
        .await
        .unwrap()
        .is_none()
    {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
    let record = app.db(move |s| s.slot_record(slot)).await.unwrap().unwrap();
    assert_eq!(record.outcome, "failed");
    assert!(
        record.error.as_deref().unwrap().contains("accounts"),
        "{record:?}"
    );
    // In the history and in admin status.
    let history = app.db(|s| s.history(5)).await.unwrap();
    assert_eq!(history[0].status, "failed");
    assert_eq!(history[0].as_of.to_string(), "2026-11-23");
    let status = expansion_signals::slack::handlers::handle(
        &app,
        expansion_signals::slack::handlers::Invocation {
            user_id: LEAD.into(),
            text: "admin status".into(),
            response_url: "http://127.0.0.1:9/unused".into(),
        },
    )
    .await;
    assert!(
        status.contains("week ending 2026-11-23 — failed")
            && status.contains("Last scheduled slot: Mon 2026-11-23 08:00 UTC — failed")
            && status.contains("retried every 15 minutes"),
        "{status}"
    );
    assert_eq!(*posts.borrow(), 0);
    // The source is back: the next retry, 15 minutes after the failure, delivers.
    common_copy_dir(&root().join("fixtures/demo"), &data);
    posts.wait_for(|n| *n >= 5).await.unwrap();
    let sent = api.posts.lock().unwrap().clone();
    assert_eq!(sent.len(), 5);
    assert!(
        sent.iter()
            .all(|(_, at)| *at >= slot + chrono::Duration::minutes(15)
                && *at < slot + chrono::Duration::minutes(16)),
        "{sent:?}"
    );
    let record = app.db(move |s| s.slot_record(slot)).await.unwrap().unwrap();
    assert_eq!((record.outcome.as_str(), record.attempts), ("ran", 2));
    assert_eq!(app.db(|s| s.history(5)).await.unwrap()[0].status, "ok");
    // Not retried again: an hour later still exactly five DMs.
    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    assert_eq!(api.posts.lock().unwrap().len(), 5);
    scheduler.abort();
}

fn common_copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test]
async fn a_multi_part_digest_interrupted_between_or_during_parts_gets_the_rest_once() {
    use expansion_signals::store::slack::DeliveryState;
    let dir = tempfile::tempdir().unwrap();
    let (app, api, _) = in_process_app(&dir.path().join("db"), after_slot(), "UTC");
    let parts = |who: &str| {
        let m: Vec<Message> = (1..=3)
            .map(|i| Message {
                text: format!("{who} part {i}"),
                blocks: vec![],
            })
            .collect();
        serde_json::to_string(&m).unwrap()
    };
    let planned = vec![
        (email("elena.vasquez"), parts("elena")),
        (email("priya.natarajan"), parts("priya")),
    ];
    app.db(move |s| s.plan_deliveries("manual:parts", &planned))
        .await
        .unwrap();
    // Elena: part 1 was sent, then the process stopped between parts.
    app.db(|s| {
        s.set_delivery(
            "manual:parts",
            &email("elena.vasquez"),
            DeliveryState::Pending,
            Some(1),
            None,
            None,
        )
    })
    .await
    .unwrap();
    // Priya: part 1 sent, the process died while sending part 2.
    app.db(|s| {
        s.set_delivery(
            "manual:parts",
            &email("priya.natarajan"),
            DeliveryState::Sending,
            Some(1),
            None,
            None,
        )
    })
    .await
    .unwrap();
    let f = expansion_signals::slack::delivery::deliver(&app, None)
        .await
        .unwrap();
    assert_eq!((f.sent, f.failed, f.pending), (2, 0, 0));
    let texts = api.texts.lock().unwrap().clone();
    assert_eq!(
        texts,
        vec!["elena part 2", "elena part 3", "priya part 3"],
        "the remaining parts, each once; the interrupted part is not resent"
    );
    let parts = app
        .db(|s| s.delivery_parts("manual:parts", &email("priya.natarajan")))
        .await
        .unwrap();
    assert_eq!(
        parts,
        vec![(1, "uncertain".to_string()), (2, "sent".to_string())]
    );
    let counts = app.db(|s| s.latest_delivery_counts()).await.unwrap();
    assert_eq!((counts.sent, counts.failed), (2, 0));
    assert!(
        counts.notes[0].1.contains("message 2 of 3") && counts.notes[0].0.contains("priya"),
        "{:?}",
        counts.notes
    );
    // Nothing left: another pass sends nothing.
    let f = expansion_signals::slack::delivery::deliver(&app, None)
        .await
        .unwrap();
    assert_eq!(f, Default::default());
    assert_eq!(api.texts.lock().unwrap().len(), 3);
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
        .env("EXPANSION_SIGNALS_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut logged = String::new();
    let port = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("serve printed its port");
        logged.push_str(&line);
        logged.push('\n');
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
    while let Ok(Some(line)) = lines.next_line().await {
        logged.push_str(&line);
        logged.push('\n');
    }
    // The preview read every call of the portfolio; at info level no transcript words
    // are logged.
    assert!(logged.contains("INFO"), "info logs were on: {logged}");
    let calls = std::fs::read_to_string(root().join("fixtures/demo/calls.jsonl")).unwrap();
    let mut checked = 0;
    for line in calls.lines().take(200) {
        let call: Value = serde_json::from_str(line).unwrap();
        for turn in call["transcript_text"].as_str().unwrap_or("").lines() {
            let words = turn.split_once(": ").map_or(turn, |(_, w)| w);
            if words.len() >= 30 {
                assert!(!logged.contains(words), "transcript text logged: {words}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(
        fake.requests("auth.test").len() == 1,
        "the token was checked at start"
    );
    let info = fake.requests("users.info");
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].status, 200);
    assert_eq!(info[0].body["user"], "UMARCUS");
}

#[tokio::test]
async fn serve_refuses_a_token_slack_refuses_and_warns_about_missing_admins() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    fake.0.lock().unwrap().bad_token = true;
    let fake_url = fake.start().await;
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        format!(
            "data = {:?}\nreferences = {:?}\ndb = {:?}\n",
            root().join("fixtures/demo"),
            root().join("references"),
            dir.path().join("db"),
        ),
    )
    .unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
        .args(["serve", "--config"])
        .arg(&config)
        .args(["--listen", "127.0.0.1:0"])
        .env("SLACK_BOT_TOKEN", "xoxb-test")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_API_URL", format!("{fake_url}/api"))
        .env("EXPANSION_SIGNALS_LOG_FORMAT", "json")
        .env_remove("EXPANSION_SIGNALS_LOG")
        .env_remove("NO_COLOR")
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SLACK_BOT_TOKEN") && stderr.contains("invalid_auth"),
        "{stderr}"
    );
    assert!(!stderr.contains("xoxb-test"), "secrets never print");
    assert!(
        !stderr.contains('\u{1b}'),
        "no ANSI colours off a terminal: {stderr}"
    );
    // The warning about admins is a JSON line for the log shipper.
    let warning: Value = stderr
        .lines()
        .find(|l| l.contains("slack.admins is empty"))
        .map(|l| serde_json::from_str(l).expect("a JSON log line"))
        .unwrap_or_else(|| panic!("no admins warning: {stderr}"));
    assert_eq!(warning["level"], "WARN");
    assert_eq!(fake.requests("auth.test").len(), 1);
    assert_eq!(fake.requests("chat.postMessage").len(), 0);
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

/// The shipped taxonomy's Last edited date as a German digest writes it ("01.12.2026").
fn shipped_last_edited_de() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/references/1-expansion-signal-taxonomy.md"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let after = text.rsplit("## Last edited").next().unwrap_or_default();
    let date = after
        .split_whitespace()
        .find_map(|w| chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .expect("a date under Last edited");
    date.format("%d.%m.%Y").to_string()
}

fn shipped_taxonomy_hash() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/references/1-expansion-signal-taxonomy.md"
    );
    expansion_signals::references::taxonomy_hash(&std::fs::read(path).unwrap())
}

#[tokio::test]
async fn a_click_over_socket_mode_is_recorded_and_shown_through_the_response_url() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let ws_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ws_url = format!("ws://{}/link", ws_listener.local_addr().unwrap());
    fake.0.lock().unwrap().socket_url = Some(ws_url);
    let t = spawn_socket_app(&dir.path().join("db"), &fake, after_slot()).await;
    let mut ws = accept_socket(&ws_listener).await;
    t.app.idle().await;
    let post = fake
        .dms()
        .remove("DUELENA")
        .unwrap()
        .into_iter()
        .find(|p| p["blocks"].to_string().contains("es_conversation"))
        .unwrap();
    let actions = post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "actions")
        .unwrap()
        .clone();
    let payload = json!({
        "type": "block_actions",
        "user": {"id": ELENA},
        "container": {"channel_id": post["channel"], "message_ts": "1700000000.000001"},
        "message": {"ts": "1700000000.000001", "text": post["text"], "blocks": post["blocks"]},
        "response_url": format!("{}/response/1", t.fake_url),
        "actions": [{"action_id": "es_snooze", "block_id": actions["block_id"], "value": "snoozed", "type": "button"}],
    });
    let ack = envelope(&mut ws, "c1", "interactive", payload).await;
    assert_eq!(ack, json!({"envelope_id": "c1"}));
    t.app.idle().await;
    let store = expansion_signals::store::Store::open(&dir.path().join("db")).unwrap();
    assert_eq!(store.answer_count().unwrap(), 1);
    // This fake has no chat.update: the choice is shown through the response_url.
    let shown = fake.requests("response_url").pop().unwrap().body;
    assert_eq!(shown["replace_original"], true);
    assert!(
        shown["blocks"].to_string().contains("Snoozed for 4 weeks"),
        "{shown}"
    );
}

/// A German workspace (`slack.locale = "de"`) end to end: the help, the acknowledgement,
/// the DM itself, the confirmation and the account refusal are German.
#[tokio::test]
async fn a_german_workspace_gets_german_answers_and_a_german_dm() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let t = spawn_app_with(&dir.path().join("db"), &fake, before_slot(), |c| {
        c.slack.locale = "de".into();
    })
    .await;
    let (_, body) = t.command(ELENA, "mach mir ein Brot").await;
    let v: Value = serde_json::from_str(&body).unwrap();
    let help = v["text"].as_str().unwrap();
    assert!(help.starts_with("Das habe ich nicht verstanden"), "{help}");
    assert!(help.contains("diese Nachricht"), "{help}");

    let (_, ack) = t.command(ELENA, "rerun").await;
    assert!(ack.contains("Ihr Digest wird jetzt erstellt"), "{ack}");
    let dm = fake.dms()["DUELENA"][0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(dm.contains("Expansionssignale"), "{dm}");
    assert!(
        fake.responses()
            .last()
            .unwrap()
            .contains("Ihr Digest ist in Ihren DMs"),
        "{:?}",
        fake.responses()
    );

    let (_, ack) = t.command(OUTSIDER, "account Driftmere").await;
    assert!(ack.contains("Ich sehe mir den Account an"), "{ack}");
    t.stop().await;
    assert!(
        fake.responses()
            .iter()
            .any(|r| r.contains("Tut mir leid, Sie können nur Ihre eigenen Accounts")),
        "{:?}",
        fake.responses()
    );
}

/// Sentences and words of the English admin answers; none may be left in a German one.
const ENGLISH_ADMIN: &[&str] = &[
    "No runs recorded",
    "Last run",
    "none yet",
    "week ending",
    "Last scheduled slot",
    "Next scheduled run",
    "Deliveries",
    "Scheduled deliveries",
    "Recorded runs",
    "coverage",
    "Reference files",
    "segments",
    "taxonomy hash",
    "Last edited",
    "the date the app runs as",
    "stale",
    "Expansion-signal conversion",
    "Conversion, trailing",
    "By SKU",
    "By usage trigger",
    "Working on it",
    "Full run started",
    "done:",
    "DM(s)",
    "I can't tell",
    "are paused",
    "back on",
    " sent",
    " failed",
    " pending",
    " strong",
    " weak",
];

/// The German workspace's admin commands in order, with what each answer says (`{hash}`:
/// the shipped taxonomy's hash): the acknowledgement, or for `run` and `preview` the
/// answer posted to the response URL. Keywords are case-insensitive: a repeated command
/// is spelt differently, as the same signed body again would be a replay.
const GERMAN_ADMIN_STEPS: &[(&str, &[&str])] = &[
    ("admin history", &["Noch keine Läufe aufgezeichnet."]),
    (
        "admin status",
        &[
            "*Status von expansion-signals*\n• Letzter Lauf: noch keiner\n",
            "• Nächster geplanter Lauf: Mo., 23.11.2026, 08:00 UTC (`",
            "• Zustellungen: 0 gesendet, 0 fehlgeschlagen, 0 ausstehend\n",
            "• Geplante Zustellungen: aktiv",
        ],
    ),
    (
        "admin pause",
        &["Die geplanten Zustellungen sind pausiert."],
    ),
    (
        "admin run",
        &[
            "Lauf für die Woche bis 23.11.2026 abgeschlossen. DMs: 5 gesendet, 0 fehlgeschlagen, 0 ausstehend.",
        ],
    ),
    (
        "admin Status",
        &[
            "• Letzter Lauf: Woche bis 23.11.2026 — ok — erfasst am Mo., 23.11.2026, ",
            "`: 5 gesendet, 0 fehlgeschlagen, 0 ausstehend\n",
            ") — *pausiert*\n",
            "• Geplante Zustellungen: pausiert",
        ],
    ),
    (
        "admin history 5",
        &["• 23.11.2026 — ok — Gesprächsabdeckung "],
    ),
    (
        "admin references",
        &[
            "*Referenzdateien*\nOK: 3 SKUs, 3 Segmente; ",
            "Prüfsumme der Taxonomie `{hash}`",
            "zuletzt bearbeitet: {edited} (nach dem 23.11.2026, dem Datum, mit dem die App rechnet)",
            "Nicht veraltet.",
        ],
    ),
    (
        "admin stats",
        &[
            "*Konversion der Expansionssignale*\nKonversion der letzten 30 Tage bis zum 23.11.2026: Bei 0 von ",
            "Nach SKU:\n",
        ],
    ),
    (
        "admin preview jemand",
        &["Ich kann nicht erkennen, wessen Digest „jemand“ ist"],
    ),
    (
        "admin resume",
        &["Die geplanten Zustellungen sind wieder aktiv."],
    ),
    ("Admin status", &["• Geplante Zustellungen: aktiv"]),
];

/// A German workspace's CSM lead: `admin history`, `status`, `pause`, `run`,
/// `references`, `stats`, `preview` and `resume` answer in German with German dates,
/// and no answer falls back to an English sentence.
#[tokio::test]
async fn a_german_workspace_gets_german_admin_answers() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let db = dir.path().join("db");
    mark_installed(&db);
    let t = spawn_app_with(&db, &fake, before_slot(), |c| {
        c.slack.locale = "de".into();
    })
    .await;
    let (hash, edited) = (shipped_taxonomy_hash(), shipped_last_edited_de());
    for (command, says) in GERMAN_ADMIN_STEPS {
        let before = fake.responses().len();
        let (status, body) = t.command(LEAD, command).await;
        assert_eq!(status, 200, "{command}");
        let ack = serde_json::from_str::<Value>(&body).unwrap()["text"]
            .as_str()
            .unwrap()
            .to_string();
        let answer = match fake.requests("response_url").get(before) {
            Some(r) => r.body["text"].as_str().unwrap().to_string(),
            None => ack.clone(),
        };
        for want in says
            .iter()
            .map(|w| w.replace("{hash}", &hash).replace("{edited}", &edited))
        {
            assert!(
                answer.contains(&want),
                "{command}: {want:?} not in\n{answer}"
            );
        }
        for english in ENGLISH_ADMIN {
            assert!(!ack.contains(english), "{command}: {english:?} in\n{ack}");
            assert!(
                !answer.contains(english),
                "{command}: {english:?} in\n{answer}"
            );
        }
    }
    // A previewed digest is in its owner's language (here the workspace's).
    t.command(LEAD, "admin preview <@UMARCUS|marcus>").await;
    let preview = fake.requests("response_url").pop().unwrap().body;
    let text = preview["text"].as_str().unwrap();
    assert!(
        text.starts_with("Expansionssignale vom 23.11.2026"),
        "{text}"
    );
    t.stop().await;
}
