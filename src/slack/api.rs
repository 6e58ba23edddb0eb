//! The Slack Web API, behind a one-method trait ([`SlackApi`]) so the app does not care
//! whether it talks to slack.com or to the tests' loopback fake.
//!
//! [`WebApi`] sends through slack-morphism's hyper connector
//! ([`SlackClientHyperConnector`]), built with a rustls connector that also accepts
//! plain `http://` so `SLACK_API_URL=http://127.0.0.1:PORT/api` works. Read methods
//! (`Body::Form`: `users.lookupByEmail`, `users.info`) go as GET with query
//! parameters, write methods (`Body::Json`) as a JSON POST, both with the bot token.
//! The retry policy lives here, in one loop, rather than in slack-morphism's rate
//! controller: wait `Retry-After` on 429, bounded backoff on 5xx, transport errors and
//! timeouts; `ok: false` becomes [`SlackError::Api`] with Slack's error code.
//!
//! Rate limits are waited out within a time budget rather than a number of attempts:
//! one message may spend up to [`RateLimitBudget::per_message`] waiting on `Retry-After`,
//! and every call made inside [`with_run_budget`] (a fan-out) shares
//! [`RateLimitBudget::per_run`]. A 429 is never a sent message, so giving up on the
//! budget leaves the delivery pending: nothing is lost and nothing is sent twice.

use crate::config::Secret;
use crate::render::blocks::Message;
use axum::http::StatusCode;
use hyper_rustls::HttpsConnectorBuilder;
use serde_json::{Value, json};
use slack_morphism::errors::SlackClientError;
use slack_morphism::hyper_tokio::{SlackClientHyperConnector, SlackClientHyperHttpsConnector};
use slack_morphism::{
    ClientResult, SlackApiToken, SlackApiTokenValue, SlackClientApiCallContext,
    SlackClientHttpConnector,
};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Retries after a 5xx or a transport error before giving up.
const MAX_SERVER_RETRIES: u32 = 3;
/// What one 429 costs the budgets at least, even when `Retry-After` is 0 or missing, so
/// a Slack answering 429 forever cannot keep a message spinning.
const MIN_RATE_LIMIT_CHARGE: Duration = Duration::from_secs(1);
/// First backoff after a 5xx; doubles each time.
const BACKOFF: Duration = Duration::from_millis(200);
/// One attempt, connection included.
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
    /// Form fields (read methods such as `users.info`): sent as GET query parameters.
    Form(Vec<(&'static str, String)>),
    /// `application/json` (write methods such as `chat.postMessage`).
    Json(Value),
}

/// How long rate limits may hold deliveries up (`[slack]` config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitBudget {
    /// `Retry-After` waits one call may add up before it gives up.
    pub per_message: Duration,
    /// `Retry-After` waits all the calls of one run (fan-out) may add up.
    pub per_run: Duration,
}

impl RateLimitBudget {
    /// The budgets `[slack]` configures.
    pub fn from_config(slack: &crate::config::SlackConfig) -> RateLimitBudget {
        RateLimitBudget {
            per_message: Duration::from_secs(slack.rate_limit_message_budget_secs),
            per_run: Duration::from_secs(slack.rate_limit_run_budget_secs),
        }
    }
}

impl Default for RateLimitBudget {
    fn default() -> Self {
        RateLimitBudget {
            per_message: Duration::from_secs(10 * 60),
            per_run: Duration::from_secs(2 * 60 * 60),
        }
    }
}

/// What is left of a run's rate-limit budget, shared by the calls of that run.
#[derive(Debug)]
struct RunBudget {
    left: std::sync::Mutex<Duration>,
}

impl RunBudget {
    /// Takes `charge` from the budget; false (and nothing taken) when not enough is left.
    fn take(&self, charge: Duration) -> bool {
        let mut left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        match left.checked_sub(charge) {
            Some(rest) => {
                *left = rest;
                true
            }
            None => false,
        }
    }
}

tokio::task_local! {
    static RUN_BUDGET: std::sync::Arc<RunBudget>;
}

/// Runs `work` (a fan-out) with `per_run` of rate-limit waits shared by all its Web API
/// calls; calls outside such a scope have only their per-message budget.
pub async fn with_run_budget<F: Future>(per_run: Duration, work: F) -> F::Output {
    let budget = std::sync::Arc::new(RunBudget {
        left: std::sync::Mutex::new(per_run),
    });
    RUN_BUDGET.scope(budget, work).await
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
    connector: SlackClientHyperHttpsConnector,
    token: SlackApiToken,
    /// `Retry-After` waits one call may add up.
    per_message: Duration,
}

/// What one attempt came to, for the retry loop.
enum Attempt {
    Done(Result<Value, SlackError>),
    /// 429: wait this long, then try again.
    RateLimited(Duration),
    /// 5xx, transport error or timeout: back off, then try again.
    Failed(String),
}

impl WebApi {
    /// A client for the Web API at `base` (e.g. `https://slack.com/api`).
    pub fn new(base: &str, token: Secret) -> WebApi {
        WebApi {
            connector: connector(base.trim_end_matches('/')),
            token: SlackApiToken::new(SlackApiTokenValue(token.expose().to_string())),
            per_message: RateLimitBudget::default().per_message,
        }
    }

    /// Sets how long one call may wait on rate limits (default 10 minutes).
    pub fn with_message_budget(mut self, per_message: Duration) -> WebApi {
        self.per_message = per_message;
        self
    }

    /// Runs `attempt` until it gives an answer, per the policy above. `read` turns a
    /// successful HTTP answer into the result.
    async fn send<'a, F>(
        &self,
        method: &str,
        attempt: F,
        read: impl Fn(ClientResult<Value>) -> Attempt,
    ) -> Result<Value, SlackError>
    where
        F: Fn() -> BoxFuture<'a, ClientResult<Value>>,
    {
        let mut server_retries = 0;
        let mut waited = Duration::ZERO;
        loop {
            let outcome = match tokio::time::timeout(TIMEOUT, attempt()).await {
                Ok(result) => read(result),
                Err(_) => Attempt::Failed(format!("no answer within {}s", TIMEOUT.as_secs())),
            };
            let detail = match outcome {
                Attempt::Done(result) => return result,
                Attempt::RateLimited(wait) => {
                    let charge = wait.max(MIN_RATE_LIMIT_CHARGE);
                    let over = if waited + charge > self.per_message {
                        Some(format!(
                            "rate limited for longer than the per-message budget ({}s)",
                            self.per_message.as_secs()
                        ))
                    } else if !RUN_BUDGET.try_with(|b| b.take(charge)).unwrap_or(true) {
                        Some("rate limited for longer than the run's budget".to_string())
                    } else {
                        None
                    };
                    if let Some(detail) = over {
                        return Err(SlackError::Unavailable {
                            method: method.into(),
                            detail,
                        });
                    }
                    waited += charge;
                    tracing::info!(
                        method,
                        wait = wait.as_secs(),
                        "Slack rate limit: waiting Retry-After"
                    );
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Attempt::Failed(detail) => detail,
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

/// slack-morphism's hyper connector for the Web API at `base`: rustls with the
/// system's root certificates (falling back to the bundled Mozilla roots if they
/// cannot be loaded), HTTP/1.1, and plain `http://` allowed for a local
/// `SLACK_API_URL`.
fn connector(base: &str) -> SlackClientHyperHttpsConnector {
    let builder = match HttpsConnectorBuilder::new().with_native_roots() {
        Ok(builder) => builder,
        Err(e) => {
            tracing::warn!(error = %e, "cannot load the system's root certificates; using the bundled Mozilla roots");
            HttpsConnectorBuilder::new().with_webpki_roots()
        }
    };
    SlackClientHyperConnector::with_connector(builder.https_or_http().enable_http1().build())
        .with_slack_api_url(base)
}

/// Reads a Web API answer: `ok: true` is the value, `ok: false` Slack's error code.
fn read_api(method: &str, result: ClientResult<Value>) -> Attempt {
    let api = |code: &str| {
        Attempt::Done(Err(SlackError::Api {
            method: method.into(),
            code: code.to_string(),
        }))
    };
    let unreadable = |detail: String| {
        Attempt::Done(Err(SlackError::Unavailable {
            method: method.into(),
            detail,
        }))
    };
    match result {
        Ok(value) => match value.get("ok").and_then(Value::as_bool) {
            Some(true) => Attempt::Done(Ok(value)),
            Some(false) => api(value["error"].as_str().unwrap_or("unknown_error")),
            // A 200 that is not JSON (slack-morphism reads it as `{}`).
            None => unreadable("HTTP 200: unreadable answer".into()),
        },
        Err(SlackClientError::ApiError(e)) => api(&e.code),
        Err(SlackClientError::ProtocolError(e)) => {
            unreadable(format!("HTTP 200: unreadable answer: {}", e.json_error))
        }
        Err(e) => read_failure(e, |status, body| {
            // Another 4xx: Slack's error code if the body has one.
            match serde_json::from_str::<Value>(body) {
                Ok(v) if v["ok"].as_bool() == Some(true) => Attempt::Done(Ok(v)),
                Ok(v) => api(v["error"].as_str().unwrap_or("unknown_error")),
                Err(e) => unreadable(format!("HTTP {status}: unreadable answer: {e}")),
            }
        }),
    }
}

/// Rate limits, 5xx and transport errors (retried); any other HTTP status goes to
/// `other(status, body)`.
fn read_failure(e: SlackClientError, other: impl FnOnce(StatusCode, &str) -> Attempt) -> Attempt {
    match e {
        SlackClientError::RateLimitError(e) => {
            Attempt::RateLimited(e.retry_after.unwrap_or(Duration::from_secs(1)))
        }
        SlackClientError::HttpError(e) if e.status_code.is_server_error() => {
            Attempt::Failed(format!("HTTP {}", e.status_code))
        }
        SlackClientError::HttpError(e) => other(
            e.status_code,
            e.http_response_body.as_deref().unwrap_or_default(),
        ),
        // Connection refused or reset, TLS, …: the request may not have arrived.
        e => Attempt::Failed(e.to_string()),
    }
}

impl SlackApi for WebApi {
    fn call<'a>(&'a self, method: &'a str, body: Body) -> BoxFuture<'a, Result<Value, SlackError>> {
        Box::pin(async move {
            let span = tracing::debug_span!("slack_api", method);
            let context = || SlackClientApiCallContext {
                rate_control_params: None,
                token: Some(&self.token),
                tracing_span: &span,
                is_sensitive_url: false,
            };
            let read = |result| read_api(method, result);
            match &body {
                Body::Form(fields) => {
                    let params: Vec<(&str, Option<&String>)> =
                        fields.iter().map(|(k, v)| (*k, Some(v))).collect();
                    self.send(
                        method,
                        || self.connector.http_get(method, &params, context()),
                        read,
                    )
                    .await
                }
                Body::Json(json) => {
                    self.send(
                        method,
                        || self.connector.http_post(method, json, context()),
                        read,
                    )
                    .await
                }
            }
        })
    }

    fn respond<'a>(
        &'a self,
        response_url: &'a str,
        body: Value,
    ) -> BoxFuture<'a, Result<(), SlackError>> {
        Box::pin(async move {
            const METHOD: &str = "response_url";
            let url = url::Url::parse(response_url).map_err(|e| SlackError::Api {
                method: METHOD.into(),
                code: format!("bad response_url: {e}"),
            })?;
            let span = tracing::debug_span!("slack_response_url");
            // No token: the response_url itself is the credential.
            let context = || SlackClientApiCallContext {
                rate_control_params: None,
                token: None,
                tracing_span: &span,
                is_sensitive_url: true,
            };
            let read = |result: ClientResult<Value>| match result {
                Ok(_) => Attempt::Done(Ok(Value::Null)),
                // A 200 whose body is not a Slack envelope (`ok`, plain text): delivered.
                Err(SlackClientError::ProtocolError(_)) => Attempt::Done(Ok(Value::Null)),
                Err(SlackClientError::ApiError(e)) => Attempt::Done(Err(SlackError::Api {
                    method: METHOD.into(),
                    code: e.code,
                })),
                Err(e) => read_failure(e, |status, _| {
                    Attempt::Done(if status.is_success() {
                        Ok(Value::Null)
                    } else {
                        Err(SlackError::Api {
                            method: METHOD.into(),
                            code: format!("HTTP {status}"),
                        })
                    })
                }),
            };
            self.send(
                METHOD,
                || self.connector.http_post_uri(url.clone(), &body, context()),
                read,
            )
            .await
            .map(|_| ())
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

/// `chat.update`: replaces a message the bot sent (its text and blocks).
pub async fn update_message(
    api: &dyn SlackApi,
    channel: &str,
    ts: &str,
    text: &str,
    blocks: &[Value],
) -> Result<(), SlackError> {
    api.call(
        "chat.update",
        Body::Json(json!({ "channel": channel, "ts": ts, "text": text, "blocks": blocks })),
    )
    .await
    .map(|_| ())
}
