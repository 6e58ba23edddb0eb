//! Socket Mode (`slack.socket_mode = true`): Slack delivers slash commands and
//! interactions over a WebSocket the app opens, so no public HTTPS endpoint is needed.
//!
//! The loop: `apps.connections.open` with the app-level token (`SLACK_APP_TOKEN`,
//! `xapp-…`, scope `connections:write`) gives a `wss://` URL; Slack sends `hello`, then
//! envelopes (`slash_commands`, `interactive`, …), each acknowledged by echoing its
//! `envelope_id` (for a slash command, with the same ephemeral answer the HTTP route
//! gives, from the same handler: [`super::handlers::answer`]). On `disconnect`
//! (Slack refreshes connections every few hours), a closed socket or an error, the app
//! opens a new connection: at once after a `disconnect`, else after a backoff of 1 s
//! doubling to 60 s (reset by the next `hello`).
//!
//! Socket Mode requests carry no request signature: the WebSocket itself was opened
//! with the app-level token. Everything after the transport (length limits, the lookup
//! semaphore, admin checks) is the same as over HTTP.

use super::App;
use super::api::{Body, SlackApi, SlackError};
use super::handlers::Invocation;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message as Ws;

/// First wait before reconnecting after a failure; doubles up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How one connection ended.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// Slack asked us to reconnect (`disconnect` envelope): do it at once.
    Refresh,
    /// The socket closed or failed after a `hello`.
    Dropped,
    /// No `hello`: the connection never worked.
    Failed(String),
}

/// The Web API client Socket Mode opens connections with (the app-level token), when
/// `slack.socket_mode` is on; a missing `SLACK_APP_TOKEN` is a configuration error.
pub fn client(
    config: &crate::config::Config,
    env: &crate::config::SlackEnv,
) -> Result<Option<Arc<dyn SlackApi>>, crate::config::ConfigError> {
    if !config.slack.socket_mode {
        return Ok(None);
    }
    let token = env
        .app_token
        .clone()
        .ok_or(crate::config::ConfigError::MissingEnv {
            name: "SLACK_APP_TOKEN",
            hint: "slack.socket_mode is on: set it to an app-level token (xapp-...) with the connections:write scope (Basic Information → App-Level Tokens)",
        })?;
    Ok(Some(Arc::new(super::api::WebApi::new(&env.api_url, token))))
}

/// `apps.connections.open`: the WebSocket URL to connect to. `api` must send the
/// app-level token.
pub async fn open_url(api: &dyn SlackApi) -> Result<String, SlackError> {
    let v = api
        .call("apps.connections.open", Body::Json(json!({})))
        .await?;
    v["url"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| SlackError::Api {
            method: "apps.connections.open".into(),
            code: "answer without url".into(),
        })
}

/// Keeps a Socket Mode connection up until the task is aborted.
pub async fn run(app: Arc<App>, app_api: Arc<dyn SlackApi>) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let ended = match open_url(app_api.as_ref()).await {
            Ok(url) => connection(&app, &url).await,
            Err(e) => Ended::Failed(e.to_string()),
        };
        match ended {
            Ended::Refresh => {
                tracing::info!("Socket Mode: Slack asked for a new connection");
                backoff = FIRST_BACKOFF;
                continue;
            }
            Ended::Dropped => {
                tracing::warn!("Socket Mode: connection dropped; reconnecting");
                backoff = FIRST_BACKOFF;
            }
            Ended::Failed(why) => {
                tracing::warn!(%why, retry_in = backoff.as_secs(), "Socket Mode: cannot connect");
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One WebSocket connection, until it ends.
async fn connection(app: &Arc<App>, url: &str) -> Ended {
    let (ws, _) = match tokio_tungstenite::connect_async(url).await {
        Ok(c) => c,
        Err(e) => return Ended::Failed(format!("WebSocket: {e}")),
    };
    let (mut sink, mut stream) = ws.split();
    // Answers are computed in their own tasks (an admin command may query the
    // database) and written by this one, so reading never waits on a handler.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Value>(64);
    let mut greeted = false;
    loop {
        tokio::select! {
            Some(ack) = rx.recv() => {
                if sink.send(Ws::text(ack.to_string())).await.is_err() {
                    break;
                }
            }
            frame = stream.next() => {
                let text = match frame {
                    Some(Ok(Ws::Text(t))) => t.to_string(),
                    Some(Ok(Ws::Ping(p))) => {
                        let _ = sink.send(Ws::Pong(p)).await;
                        continue;
                    }
                    Some(Ok(Ws::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                if let Some(ended) = on_envelope(app, &tx, &text, &mut greeted) {
                    return ended;
                }
            }
        }
    }
    if greeted {
        Ended::Dropped
    } else {
        Ended::Failed("closed before hello".into())
    }
}

/// One text frame: `hello` marks the connection greeted, `disconnect` ends it (the
/// returned value), any other envelope is acknowledged through `tx` from a task of its
/// own.
fn on_envelope(
    app: &Arc<App>,
    tx: &tokio::sync::mpsc::Sender<Value>,
    text: &str,
    greeted: &mut bool,
) -> Option<Ended> {
    let envelope: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = %e, "Socket Mode: unreadable frame");
            return None;
        }
    };
    match envelope["type"].as_str().unwrap_or("") {
        "hello" => {
            *greeted = true;
            tracing::info!("Socket Mode: connected");
        }
        "disconnect" => return Some(Ended::Refresh),
        kind => {
            let id = envelope["envelope_id"].as_str()?.to_string();
            let (app, tx, kind) = (app.clone(), tx.clone(), kind.to_string());
            let payload = envelope["payload"].clone();
            tokio::spawn(async move {
                let ack = acknowledge(&app, &kind, &id, &payload).await;
                let _ = tx.send(ack).await;
            });
        }
    }
    None
}

/// The acknowledgement of one envelope: a slash command's answer rides on it.
async fn acknowledge(app: &Arc<App>, kind: &str, id: &str, payload: &Value) -> Value {
    if kind == "interactive" {
        crate::slack::interact::accept(app, payload.clone());
    }
    if kind == "events_api" {
        crate::slack::home::accept(app, payload);
    }
    if kind != "slash_commands" {
        // Interactions (handled in the background) and events: acknowledged.
        return json!({ "envelope_id": id });
    }
    let field = |k: &str| payload[k].as_str().unwrap_or_default().to_string();
    let invocation = Invocation {
        user_id: field("user_id"),
        text: field("text"),
        response_url: field("response_url"),
    };
    let answer = super::handlers::answer(app, invocation).await;
    json!({ "envelope_id": id, "payload": answer })
}
