//! `[extract]` and `[llm]`: the optional model stages of step 3.

use super::env::{ConfigError, Env, Secret};
use serde::Deserialize;
use std::path::PathBuf;

/// `[extract]`: the local embedding stage.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// A sentence-transformers folder (all-MiniLM-L6-v2 from `scripts/get-model.sh`);
    /// unset: the stage is off.
    #[serde(default)]
    pub embeddings_model: Option<PathBuf>,
    /// Compare the sentences of every account, not only those with a usage trigger in
    /// the window.
    #[serde(default)]
    pub embed_all_accounts: bool,
}

/// The LLM providers' API shapes.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LlmProvider {
    /// The Anthropic Messages API.
    Anthropic,
    /// The OpenAI chat-completions API and every server that speaks it.
    Openai,
}

/// `[llm]`: the optional LLM stage.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    pub provider: LlmProvider,
    /// Default: the provider's public API.
    #[serde(default)]
    pub base_url: Option<String>,
    pub model: String,
    /// The name of the environment variable holding the API key (never the key).
    /// Unset: no key is sent (a local server).
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// The provider is not called once a run's cost would exceed this.
    #[serde(default = "default_max_cost")]
    pub max_cost_usd: f64,
    #[serde(default)]
    pub input_usd_per_mtok: f64,
    #[serde(default)]
    pub output_usd_per_mtok: f64,
    /// For `serve`'s runs (a CLI run turns the stage on with `--llm`).
    #[serde(default)]
    pub enabled: bool,
    /// Seconds one request may take.
    #[serde(default = "default_llm_timeout")]
    pub timeout_secs: u64,
    /// Seconds all waiting for `Retry-After` and retries may take in one run.
    #[serde(default = "default_llm_retry_budget")]
    pub retry_budget_secs: u64,
    /// Largest answer, in tokens.
    #[serde(default = "default_llm_max_tokens")]
    pub max_output_tokens: u64,
}

fn default_max_cost() -> f64 {
    1.0
}
fn default_llm_timeout() -> u64 {
    60
}
fn default_llm_retry_budget() -> u64 {
    120
}
fn default_llm_max_tokens() -> u64 {
    1024
}

impl LlmConfig {
    /// The API key from the environment variable named by `api_key_env`.
    pub fn api_key(&self) -> Result<Option<Secret>, ConfigError> {
        let Some(name) = &self.api_key_env else {
            return Ok(None);
        };
        match Env::process().var(name) {
            Some(v) => Ok(Some(Secret::new(v.trim()))),
            None => Err(ConfigError::Parse {
                path: "[llm]".into(),
                message: format!(
                    "api_key_env = \"{name}\" but that environment variable is not set: export it with the provider's API key"
                ),
            }),
        }
    }
}
