//! The Slack Web API, behind a one-method trait ([`SlackApi`]) so the app does not care
//! whether it talks to slack.com or to the tests' loopback fake.
//!
//! [`WebApi`] is a small reqwest client rather than slack-morphism's hyper client: it
//! must accept a plain `http://127.0.0.1:PORT/api` base URL and apply our retry policy
//! (wait `Retry-After` on 429, bounded backoff on 5xx and timeouts) in one place.

use crate::config::Secret;
use crate::render::blocks::Message;
use serde_json::{Value, json};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Retries after a 5xx or a transport error before giving up.
const MAX_SERVER_RETRIES: u32 = 3;
/// 429 answers honoured before giving up (each waits `Retry-After`).
const MAX_RATE_LIMIT_RETRIES: u32 = 5;
/// First backoff after a 5xx; doubles each time.
const BACKOFF: Duration = Duration::from_millis(200);
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlackError {
    /// Slack answered `ok: false` with this error code (e.g. `users_not_found`).
    #[error("Slack refused {method}: {code}")]
    Api { method: String, code: String },
    /// Still failing after the retries (5xx, timeouts, rate limits).
    #[error("Slack {method} failed after retries: {detail}")]
    Unavailable { method: String, detail: String },
}

impl SlackError {
    pub fn code(&self) -> &str {
        match self {
            SlackError::Api { code, .. } => code,
            SlackError::Unavailable { .. } => "unavailable",
        }
    }
}

/// The body of a Web API call.
#[derive(Debug, Clone)]
pub enum Body {
    /// `application/x-www-form-urlencoded` (read methods such as `users.info`).
    Form(Vec<(&'static str, String)>),
    /// `application/json` (write methods such as `chat.postMessage`).
    Json(Value),
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One Web API method call; the answer is the JSON body of an `ok: true` response.
pub trait SlackApi: Send + Sync {
    fn call<'a>(&'a self, method: &'a str, body: Body) -> BoxFuture<'a, Result<Value, SlackError>>;
    /// POSTs a message to a slash command's `response_url`.
    fn respond<'a>(
        &'a self,
        response_url: &'a str,
        body: Value,
    ) -> BoxFuture<'a, Result<(), SlackError>>;
}

/// The real client.
pub struct WebApi {
    http: reqwest::Client,
    base: String,
    token: Secret,
}

impl WebApi {
    pub fn new(base: &str, token: Secret) -> WebApi {
        WebApi {
            http: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .expect("a reqwest client with rustls builds"),
            base: base.trim_end_matches('/').to_string(),
            token,
        }
    }

    /// Sends a request, retrying per the policy above. `build` makes a fresh request
    /// each attempt.
    async fn send(
        &self,
        method: &str,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SlackError> {
        let mut server_retries = 0;
        let mut rate_retries = 0;
        loop {
            let outcome = build().send().await;
            let detail = match outcome {
                Ok(resp) if resp.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                    rate_retries += 1;
                    let wait = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .unwrap_or(1);
                    if rate_retries > MAX_RATE_LIMIT_RETRIES {
                        return Err(SlackError::Unavailable {
                            method: method.into(),
                            detail: "rate limited".into(),
                        });
                    }
                    tracing::info!(method, wait, "Slack rate limit: waiting Retry-After");
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                    continue;
                }
                Ok(resp) if resp.status().is_server_error() => format!("HTTP {}", resp.status()),
                Ok(resp) => return Ok(resp),
                Err(e) => format!("{}", e.without_url()),
            };
            server_retries += 1;
            if server_retries > MAX_SERVER_RETRIES {
                return Err(SlackError::Unavailable {
                    method: method.into(),
                    detail,
                });
            }
            tracing::warn!(method, %detail, attempt = server_retries, "Slack call failed; retrying");
            tokio::time::sleep(BACKOFF * 2u32.pow(server_retries - 1)).await;
        }
    }
}

impl SlackApi for WebApi {
    fn call<'a>(&'a self, method: &'a str, body: Body) -> BoxFuture<'a, Result<Value, SlackError>> {
        Box::pin(async move {
            let url = format!("{}/{method}", self.base);
            let resp = self
                .send(method, || {
                    let req = self.http.post(&url).bearer_auth(self.token.expose());
                    match &body {
                        Body::Form(fields) => req.form(fields),
                        Body::Json(v) => req.json(v),
                    }
                })
                .await?;
            let status = resp.status();
            let value: Value = resp.json().await.map_err(|e| SlackError::Unavailable {
                method: method.into(),
                detail: format!("HTTP {status}: unreadable answer: {}", e.without_url()),
            })?;
            if value["ok"].as_bool() == Some(true) {
                Ok(value)
            } else {
                Err(SlackError::Api {
                    method: method.into(),
                    code: value["error"]
                        .as_str()
                        .unwrap_or("unknown_error")
                        .to_string(),
                })
            }
        })
    }

    fn respond<'a>(
        &'a self,
        response_url: &'a str,
        body: Value,
    ) -> BoxFuture<'a, Result<(), SlackError>> {
        Box::pin(async move {
            let resp = self
                .send("response_url", || self.http.post(response_url).json(&body))
                .await?;
            if resp.status().is_success() {
                Ok(())
            } else {
                Err(SlackError::Api {
                    method: "response_url".into(),
                    code: format!("HTTP {}", resp.status()),
                })
            }
        })
    }
}

/// `users.lookupByEmail` → user id.
pub async fn lookup_by_email(api: &dyn SlackApi, email: &str) -> Result<String, SlackError> {
    let v = api
        .call(
            "users.lookupByEmail",
            Body::Form(vec![("email", email.to_string())]),
        )
        .await?;
    string_at(&v, "/user/id", "users.lookupByEmail")
}

/// `users.info` → the user's email (needs `users:read.email`), if their profile has one.
pub async fn user_email(api: &dyn SlackApi, user_id: &str) -> Result<Option<String>, SlackError> {
    let v = api
        .call(
            "users.info",
            Body::Form(vec![("user", user_id.to_string())]),
        )
        .await?;
    Ok(v.pointer("/user/profile/email")
        .and_then(Value::as_str)
        .map(str::to_string))
}

/// `conversations.open` with one user → the DM channel id.
pub async fn open_dm(api: &dyn SlackApi, user_id: &str) -> Result<String, SlackError> {
    let v = api
        .call(
            "conversations.open",
            Body::Json(json!({ "users": user_id })),
        )
        .await?;
    string_at(&v, "/channel/id", "conversations.open")
}

/// `chat.postMessage` → the message `ts`.
pub async fn post_message(
    api: &dyn SlackApi,
    channel: &str,
    m: &Message,
) -> Result<String, SlackError> {
    let v = api
        .call(
            "chat.postMessage",
            Body::Json(json!({ "channel": channel, "text": m.text, "blocks": m.blocks })),
        )
        .await?;
    string_at(&v, "/ts", "chat.postMessage")
        .or_else(|_| string_at(&v, "/message/ts", "chat.postMessage"))
}

fn string_at(v: &Value, pointer: &str, method: &str) -> Result<String, SlackError> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| SlackError::Api {
            method: method.into(),
            code: format!("answer without {pointer}"),
        })
}
