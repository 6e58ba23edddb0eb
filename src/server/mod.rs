//! The HTTP side: axum routes for Slack (`/slack/commands`, `/slack/interactions`,
//! `/slack/events`) and
//! `/healthz`. Every Slack route checks the request signature on the raw body before
//! anything else, so an unsigned request gets 401 and causes nothing.
//!
//! [`Server::build`] takes a bound listener (port 0 in tests; [`bind`] gives one with a
//! deep accept backlog) and reports the port; [`Server::run`] serves until the shutdown
//! future resolves, with the scheduler running alongside.
//!
//! `/healthz` answers 200 `{"status":"ok",…}` when the database answers a query and the
//! scheduler's heartbeat is fresh, else 503 with the reason.

use crate::slack::handlers::{self, Invocation};
use crate::slack::{App, verify};
use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Pending connections the kernel queues before `accept` (the default 128 made
/// bursts of slash commands wait for SYN retransmits).
pub const LISTEN_BACKLOG: u32 = 1024;

/// Largest request body accepted (a slash command is well under 10 KB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A heartbeat older than this makes `/healthz` answer 503.
pub const HEARTBEAT_STALE_AFTER: chrono::Duration = chrono::Duration::minutes(5);

/// How long `/healthz` waits for the database.
pub const HEALTH_DB_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Binds `addr` with a [`LISTEN_BACKLOG`]-deep accept queue.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// The routes, over shared app state.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .route("/slack/events", post(events))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

/// What `/healthz` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub healthy: bool,
    pub body: serde_json::Value,
}

/// Checks the database (a trivial query, within [`HEALTH_DB_TIMEOUT`]) and the
/// scheduler's heartbeat (fresher than [`HEARTBEAT_STALE_AFTER`]).
pub async fn health(app: &Arc<App>) -> Health {
    let mut problems = Vec::new();
    let database = match tokio::time::timeout(HEALTH_DB_TIMEOUT, app.db(|s| s.ping())).await {
        Ok(Ok(())) => "ok".to_string(),
        Ok(Err(e)) => {
            let m = format!("database query failed: {e:#}");
            problems.push(m.clone());
            m
        }
        Err(_) => {
            let m = format!(
                "database did not answer within {}s",
                HEALTH_DB_TIMEOUT.as_secs()
            );
            problems.push(m.clone());
            m
        }
    };
    let now = app.clock.now();
    let scheduler = match app.last_beat() {
        None => {
            let m = "scheduler has not started".to_string();
            problems.push(m.clone());
            m
        }
        Some(at) if now - at > HEARTBEAT_STALE_AFTER => {
            let m = format!(
                "scheduler heartbeat is stale: last at {} ({} s ago)",
                at.to_rfc3339(),
                (now - at).num_seconds()
            );
            problems.push(m.clone());
            m
        }
        Some(_) => "ok".to_string(),
    };
    let healthy = problems.is_empty();
    let mut body = json!({
        "status": if healthy { "ok" } else { "unhealthy" },
        "database": database,
        "scheduler": scheduler,
        "heartbeat": app.last_beat().map(|t| t.to_rfc3339()),
    });
    if !healthy {
        body["reason"] = json!(problems.join("; "));
    }
    Health { healthy, body }
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    let h = health(&app).await;
    if !h.healthy {
        tracing::warn!(reason = %h.body["reason"], "health check failed");
    }
    let status = if h.healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(h.body)).into_response()
}

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
    port: u16,
    /// Socket Mode: a Web API client with the app-level token.
    socket: Option<Arc<dyn crate::slack::api::SlackApi>>,
}

impl Server {
    /// Binds the app to `listener` and starts the startup work (resume unfinished
    /// deliveries, catch up a missed slot) as tracked background work, so
    /// [`App::idle`] waits for it. Must be called inside a tokio runtime.
    pub fn build(app: Arc<App>, listener: TcpListener) -> std::io::Result<Server> {
        let port = listener.local_addr()?.port();
        app.spawn(crate::schedule::startup(app.clone()));
        Ok(Server {
            listener,
            app,
            port,
            socket: None,
        })
    }

    /// Also takes slash commands and interactions over a Socket Mode connection opened
    /// with `app_api` (a client sending the app-level token), when `Some`.
    pub fn with_socket_mode(
        mut self,
        app_api: Option<Arc<dyn crate::slack::api::SlackApi>>,
    ) -> Server {
        self.socket = app_api;
        self
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves requests and runs the scheduler until `shutdown` resolves.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // Alive from the first request on; the scheduler keeps beating.
        self.app.beat();
        let scheduler = tokio::spawn(crate::schedule::run(self.app.clone()));
        let socket = self
            .socket
            .map(|api| tokio::spawn(crate::slack::socket::run(self.app.clone(), api)));
        let result = axum::serve(self.listener, router(self.app.clone()))
            .with_graceful_shutdown(shutdown)
            .await;
        scheduler.abort();
        if let Some(s) = socket {
            s.abort();
        }
        self.app.idle().await;
        result
    }
}

/// Checks the Slack signature of a request with the app's clock, and that it was not
/// received before (replay).
fn verified(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<(), StatusCode> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (timestamp, signature) = (
        header("x-slack-request-timestamp"),
        header("x-slack-signature"),
    );
    let now = app.clock.now().timestamp();
    verify::verify(app.signing_secret.expose(), timestamp, signature, body, now)
        .and_then(|()| {
            // Both headers parsed, or verify would have refused the request.
            let ts = timestamp.and_then(|t| t.trim().parse().ok()).unwrap_or(now);
            app.replay.check(signature.unwrap_or_default(), ts, now)
        })
        .map_err(|e| {
            tracing::warn!(reason = %e, "refused a Slack request");
            StatusCode::UNAUTHORIZED
        })
}

/// `/slack/commands`: the signed form body of a slash command, answered by
/// [`handlers::answer`] (Socket Mode answers through the same function).
async fn commands(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = verified(&app, &headers, &body) {
        return (refused, "invalid signature").into_response();
    }
    let invocation: Invocation = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable slash command");
            return (StatusCode::BAD_REQUEST, "unreadable slash command").into_response();
        }
    };
    Json(handlers::answer(&app, invocation).await).into_response()
}

/// Events API callbacks: the URL check Slack makes when the request URL is saved, and
/// `app_home_opened` (the Home tab, published in the background).
async fn events(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = verified(&app, &headers, &body) {
        return (refused, "invalid signature").into_response();
    }
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "unreadable event").into_response();
    };
    match v["type"].as_str() {
        Some("url_verification") => Json(json!({ "challenge": v["challenge"] })).into_response(),
        Some("event_callback") => {
            crate::slack::home::accept(&app, &v);
            StatusCode::OK.into_response()
        }
        _ => StatusCode::OK.into_response(),
    }
}

/// The form of an interaction: one `payload` field holding JSON.
#[derive(Debug, Deserialize)]
struct InteractionForm {
    payload: String,
}

/// Interactions (the DM's answer buttons): verified, acknowledged at once, handled in
/// the background by [`crate::slack::interact`].
async fn interactions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = verified(&app, &headers, &body) {
        return (refused, "invalid signature").into_response();
    }
    let payload = serde_urlencoded::from_bytes::<InteractionForm>(&body)
        .ok()
        .and_then(|f| serde_json::from_str::<serde_json::Value>(&f.payload).ok());
    match payload {
        Some(p) => {
            crate::slack::interact::accept(&app, p);
            StatusCode::OK.into_response()
        }
        None => {
            tracing::warn!("unreadable interaction payload");
            (StatusCode::BAD_REQUEST, "unreadable interaction").into_response()
        }
    }
}
