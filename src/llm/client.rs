//! The HTTP client of the LLM stage: one request to the Anthropic Messages API or an
//! OpenAI-compatible chat-completions server, and its reply or why it failed.

use super::{Ask, CallError, Reply};
use crate::config::{LlmConfig, LlmProvider, Secret};
use std::time::Duration;

/// The configured provider, ready to call.
pub struct Client {
    config: LlmConfig,
    key: Option<Secret>,
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Client {
    /// The client of the `[llm]` table: its key read from `api_key_env`, its timeout
    /// set, and a runtime of its own to wait on requests.
    pub fn new(config: &LlmConfig) -> anyhow::Result<Client> {
        let key = config.api_key()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.timeout_secs))
            .build()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Client {
            config: config.clone(),
            key,
            http,
            runtime,
        })
    }

    /// The configured model's name.
    pub fn model(&self) -> &str {
        &self.config.model
    }

    /// One request, no retry.
    pub fn ask(&self, system: &str, user: &str) -> Result<Reply, CallError> {
        self.runtime.block_on(self.ask_async(system, user))
    }

    /// Sends one request and reads the reply: the text and the tokens billed.
    async fn ask_async(&self, system: &str, user: &str) -> Result<Reply, CallError> {
        let (url, body) = self.request(system, user);
        let req = self.authorised(self.http.post(&url).json(&body));
        let resp = req.send().await.map_err(|e| CallError::Retry {
            message: format!("cannot reach {url}: {}", without_url(&e)),
            wait: None,
        })?;
        let v = answer_json(&url, resp).await?;
        Ok(self.reply(&v))
    }

    /// The provider's endpoint and the request body.
    fn request(&self, system: &str, user: &str) -> (String, serde_json::Value) {
        let c = &self.config;
        match c.provider {
            LlmProvider::Anthropic => (
                self.url("https://api.anthropic.com", "/v1/messages"),
                serde_json::json!({
                    "model": c.model,
                    "max_tokens": c.max_output_tokens,
                    "system": system,
                    "messages": [{"role": "user", "content": user}],
                }),
            ),
            LlmProvider::Openai => (
                self.url("https://api.openai.com/v1", "/chat/completions"),
                serde_json::json!({
                    "model": c.model,
                    "max_tokens": c.max_output_tokens,
                    "response_format": {"type": "json_object"},
                    "messages": [
                        {"role": "system", "content": system},
                        {"role": "user", "content": user},
                    ],
                }),
            ),
        }
    }

    /// `path` under the configured `base_url`, else under `default_base`.
    fn url(&self, default_base: &str, path: &str) -> String {
        let base = self.config.base_url.as_deref().unwrap_or(default_base);
        format!("{}{path}", base.trim_end_matches('/'))
    }

    /// The request with the provider's headers and the key (when there is one).
    fn authorised(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match (self.config.provider, &self.key) {
            (LlmProvider::Anthropic, key) => {
                let r = req.header("anthropic-version", "2023-06-01");
                match key {
                    Some(k) => r.header("x-api-key", k.expose()),
                    None => r,
                }
            }
            (LlmProvider::Openai, Some(k)) => req.bearer_auth(k.expose()),
            (LlmProvider::Openai, None) => req,
        }
    }

    /// The answer's text and the tokens from its `usage` (either provider's names).
    fn reply(&self, v: &serde_json::Value) -> Reply {
        let tokens = |a: &str, b: &str| v["usage"][a].as_u64().or(v["usage"][b].as_u64());
        let text = match self.config.provider {
            LlmProvider::Anthropic => v["content"]
                .as_array()
                .map(|parts| {
                    parts
                        .iter()
                        .filter_map(|p| p["text"].as_str())
                        .collect::<String>()
                })
                .unwrap_or_default(),
            LlmProvider::Openai => v["choices"][0]["message"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        };
        Reply {
            text,
            input_tokens: tokens("input_tokens", "prompt_tokens").unwrap_or(0),
            output_tokens: tokens("output_tokens", "completion_tokens").unwrap_or(0),
        }
    }
}

/// The JSON of a successful response. 429 and 5xx are worth retrying (after
/// `Retry-After` when given); any other failure status is fatal.
async fn answer_json(url: &str, resp: reqwest::Response) -> Result<serde_json::Value, CallError> {
    let status = resp.status();
    if status.as_u16() == 429 || status.is_server_error() {
        let wait = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map(|s| Duration::from_secs_f64(s.clamp(0.0, 3600.0)));
        return Err(CallError::Retry {
            message: format!("{url} answered {status}"),
            wait,
        });
    }
    if !status.is_success() {
        return Err(CallError::Fatal(format!(
            "{url} answered {status}: check base_url, model and the key in api_key_env"
        )));
    }
    resp.json().await.map_err(|e| CallError::Retry {
        message: format!("{url}: unreadable answer ({})", without_url(&e)),
        wait: None,
    })
}

/// A request error's text without the URL (the caller names it), or "timed out".
fn without_url(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    if let Some(u) = e.url() {
        s = s.replace(&format!(" for url ({u})"), "");
    }
    if e.is_timeout() {
        s = "timed out".into();
    }
    s
}

impl Ask for Client {
    fn ask(&self, system: &str, user: &str) -> Result<Reply, CallError> {
        Client::ask(self, system, user)
    }
    fn model(&self) -> &str {
        Client::model(self)
    }
}
