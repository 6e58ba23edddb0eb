//! The HTTP side: axum routes for Slack (`/slack/commands`, `/slack/interactions`) and
//! `/healthz`. Every Slack route checks the request signature on the raw body before
//! anything else, so an unsigned request gets 401 and causes nothing.
//!
//! [`Server::build`] takes a bound listener (port 0 in tests) and reports the port;
//! [`Server::run`] serves until the shutdown future resolves, with the scheduler
//! running alongside.

use crate::slack::handlers::{self, Invocation};
use crate::slack::{App, verify};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The routes, over shared app state.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .with_state(app)
}

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
    port: u16,
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
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves requests and runs the scheduler until `shutdown` resolves.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let scheduler = tokio::spawn(crate::schedule::run(self.app.clone()));
        let result = axum::serve(self.listener, router(self.app.clone()))
            .with_graceful_shutdown(shutdown)
            .await;
        scheduler.abort();
        self.app.idle().await;
        result
    }
}

/// Checks the Slack signature of a request with the app's clock.
fn verified(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<(), StatusCode> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    verify::verify(
        app.signing_secret.expose(),
        header("x-slack-request-timestamp"),
        header("x-slack-signature"),
        body,
        app.clock.now().timestamp(),
    )
    .map_err(|e| {
        tracing::warn!(reason = %e, "refused a Slack request");
        StatusCode::UNAUTHORIZED
    })
}

#[derive(Debug, Deserialize)]
struct CommandForm {
    user_id: String,
    #[serde(default)]
    text: String,
    response_url: String,
}

async fn commands(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = verified(&app, &headers, &body) {
        return (refused, "invalid signature").into_response();
    }
    let form: CommandForm = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable slash command");
            return (StatusCode::BAD_REQUEST, "unreadable slash command").into_response();
        }
    };
    let answer = handlers::handle(
        &app,
        Invocation {
            user_id: form.user_id,
            text: form.text,
            response_url: form.response_url,
        },
    )
    .await;
    Json(json!({ "response_type": "ephemeral", "text": answer })).into_response()
}

/// Interactions (buttons, used by a later issue): verified and acknowledged.
async fn interactions(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refused) = verified(&app, &headers, &body) {
        return (refused, "invalid signature").into_response();
    }
    StatusCode::OK.into_response()
}
