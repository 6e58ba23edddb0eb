//! The optional LLM stage: each account's customer sentences go to a provider (the
//! Anthropic Messages API or any OpenAI-compatible chat-completions server), and every
//! quote that comes back is checked verbatim by [`crate::pipeline::quotes`].
//!
//! Cost is on the record: tokens come from the provider's `usage`, the run stops calling
//! once `max_cost_usd` would be exceeded, answers are cached in SQLite by (transcript
//! hash, taxonomy hash, model), 429 and 5xx are retried after `Retry-After` within a
//! time budget, and a provider that stays down never stops the digest: the run goes on
//! from phrases (and embeddings) and says so in `diagnostics.llm`.

mod client;

pub use client::Client;

use crate::config::LlmConfig;
use crate::digest::LlmDiagnostics;
use crate::pipeline::collect::{Collected, Window};
use crate::pipeline::extract::{Matcher, Mention, segments, sentences};
use crate::pipeline::quotes::{Said, check, parse_answer, prompt};
use crate::references::Taxonomy;
use crate::sources::{InputError, Source};
use crate::store::Store;
use crate::store::cache::CachedAnswer;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

/// A provider's answer: the text and the tokens it billed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub text: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Why a request failed for good.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// Worth retrying (429, 5xx, a timeout, a refused connection), after `wait` when the
    /// provider said how long.
    #[error("{message}")]
    Retry {
        message: String,
        wait: Option<Duration>,
    },
    #[error("{0}")]
    Fatal(String),
}

/// Something that answers prompts (the real client, or a stand-in in tests).
pub trait Ask {
    /// One request: `system` and `user` prompts in, the reply or why it failed out.
    fn ask(&self, system: &str, user: &str) -> Result<Reply, CallError>;
    /// The model asked (part of the cache key).
    fn model(&self) -> &str;
}

/// Prices and limits of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub max_cost_usd: f64,
    pub input_usd_per_mtok: f64,
    pub output_usd_per_mtok: f64,
    pub max_output_tokens: u64,
    /// All retry waits of the run together.
    pub retry_budget: Duration,
}

impl Budget {
    /// The prices and limits of the `[llm]` table.
    pub fn from_config(c: &LlmConfig) -> Budget {
        Budget {
            max_cost_usd: c.max_cost_usd,
            input_usd_per_mtok: c.input_usd_per_mtok,
            output_usd_per_mtok: c.output_usd_per_mtok,
            max_output_tokens: c.max_output_tokens,
            retry_budget: Duration::from_secs(c.retry_budget_secs),
        }
    }

    /// Dollars for `input` and `output` tokens.
    fn cost(&self, input: u64, output: u64) -> f64 {
        (input as f64 * self.input_usd_per_mtok + output as f64 * self.output_usd_per_mtok) / 1e6
    }
}

/// The customer sentences of every call of `accounts` in the window, per account.
fn customer_sentences(
    source: &dyn Source,
    window: Window,
    accounts: &HashSet<String>,
) -> Result<BTreeMap<String, Vec<Said>>, InputError> {
    let mut out: BTreeMap<String, Vec<Said>> = BTreeMap::new();
    source.each_call(window, accounts, &mut |call| {
        let list = out.entry(call.account_id.clone()).or_default();
        for seg in segments(call) {
            let Some(a) = seg.speaker.and_then(|s| {
                call.attendees
                    .iter()
                    .find(|a| a.name.trim().eq_ignore_ascii_case(s.trim()))
            }) else {
                continue;
            };
            if !a.is_customer {
                continue;
            }
            for s in sentences(seg.text) {
                list.push(Said {
                    call_id: call.call_id.clone(),
                    date: call.occurred_at.date_naive(),
                    speaker: a.name.clone(),
                    role: a.display_role().to_string(),
                    sentence: s.to_string(),
                });
            }
        }
    })?;
    Ok(out)
}

/// Runs the stage over a collected week: mentions go into `collected.calls`, figures
/// into `collected.llm`. Never fails the run for the provider's sake.
#[allow(clippy::too_many_arguments)]
pub fn run(
    collected: &mut Collected,
    source: &dyn Source,
    window: Window,
    tax: &Taxonomy,
    taxonomy_hash: &str,
    matcher: &Matcher,
    provider: &dyn Ask,
    budget: Budget,
    store: &Store,
    accounts: &HashSet<String>,
) -> Result<(), InputError> {
    let said = customer_sentences(source, window, accounts)?;
    let by_call: HashMap<String, usize> = collected
        .calls
        .iter()
        .enumerate()
        .map(|(i, c)| (c.call_id.clone(), i))
        .collect();
    let mut meter = Meter::new(budget);
    let cache = AnswerCache {
        store,
        taxonomy_hash,
    };
    for (account, list) in &said {
        if list.is_empty() {
            continue;
        }
        let Some(answer) = account_answer(list, tax, provider, &cache, &mut meter) else {
            continue;
        };
        let Some(mentions) = meter.checked(&answer, list, tax, matcher) else {
            continue;
        };
        meter.d.mentions += add_mentions(collected, &by_call, account, mentions);
    }
    collected.llm = Some(meter.finish());
    Ok(())
}

/// Where answers are cached: the history database, keyed by prompt, taxonomy and model.
struct AnswerCache<'a> {
    store: &'a Store,
    taxonomy_hash: &'a str,
}

impl AnswerCache<'_> {
    /// The cache key of a prompt sent to `model`.
    fn key(&self, user: &str, model: &str) -> String {
        let text = format!("{user}\u{0}{}\u{0}{model}", self.taxonomy_hash);
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    /// The cached answer of `key`; an unreadable cache counts as a miss.
    fn get(&self, key: &str) -> Option<CachedAnswer> {
        self.store.llm_answer(key).ok().flatten()
    }

    /// Keeps a reply that holds an answer of the asked shape (a malformed one is asked
    /// again next time); a cache that cannot be written is only logged.
    fn keep(&self, key: &str, r: &Reply) {
        let keep = CachedAnswer {
            answer: r.text.clone(),
            input_tokens: r.input_tokens,
            output_tokens: r.output_tokens,
        };
        if parse_answer(&r.text).is_some()
            && let Err(e) = self.store.keep_llm_answer(key, &keep)
        {
            tracing::warn!("cannot cache an LLM answer: {e}");
        }
    }
}

/// The provider's answer about one account's sentences: the cached one, else asked
/// (and cached). `None` once the provider is down, or when asking would cost more than
/// the budget has left.
fn account_answer(
    said: &[Said],
    tax: &Taxonomy,
    provider: &dyn Ask,
    cache: &AnswerCache<'_>,
    meter: &mut Meter,
) -> Option<String> {
    let (system, user) = prompt(tax, said);
    let key = cache.key(&user, provider.model());
    if let Some(a) = cache.get(&key) {
        meter.d.cache_hits += 1;
        return Some(a.answer);
    }
    if meter.is_down() {
        return None;
    }
    if meter.exceeds_budget(&system, &user) {
        meter.d.skipped_for_cost += 1;
        return None;
    }
    match meter.ask(provider, &system, &user) {
        Ok(r) => {
            cache.keep(&key, &r);
            Some(r.text)
        }
        Err(e) => {
            tracing::warn!("LLM stage: {e}; falling back to phrases");
            None
        }
    }
}

/// Adds the checked mentions of `account` to their calls, skipping a mention a call
/// already has; returns how many were added.
fn add_mentions(
    collected: &mut Collected,
    by_call: &HashMap<String, usize>,
    account: &str,
    mentions: Vec<Mention>,
) -> usize {
    let mut added = 0;
    for m in mentions {
        let Some(&i) = by_call.get(&m.call_id) else {
            continue;
        };
        let ev = &mut collected.calls[i];
        if ev.account_id != account
            || ev
                .mentions
                .iter()
                .any(|x| x.sku == m.sku && x.quote == m.quote)
        {
            continue;
        }
        added += 1;
        ev.mentions.push(m);
    }
    added
}

/// What the stage has used so far in one run or `eval`: the figures for the
/// diagnostics, the dollars spent and the time spent waiting to retry.
struct Meter {
    budget: Budget,
    d: LlmDiagnostics,
    spent: f64,
    waited: Duration,
}

impl Meter {
    /// Nothing used yet.
    fn new(budget: Budget) -> Meter {
        Meter {
            budget,
            d: LlmDiagnostics::default(),
            spent: 0.0,
            waited: Duration::ZERO,
        }
    }

    /// Whether sending this prompt could exceed `max_cost_usd`: its rough size (4
    /// characters a token) with a full answer.
    fn exceeds_budget(&self, system: &str, user: &str) -> bool {
        let estimate = self.budget.cost(
            ((system.len() + user.len()) / 4) as u64,
            self.budget.max_output_tokens,
        );
        self.spent + estimate > self.budget.max_cost_usd
    }

    /// Asks with retries, counting the request and what it billed. A request that fails
    /// for good marks the provider down (`fallback`).
    fn ask(&mut self, provider: &dyn Ask, system: &str, user: &str) -> Result<Reply, CallError> {
        let result = ask_with_retries(provider, system, user, self.budget, &mut self.waited);
        self.d.requests += 1;
        match &result {
            Ok(r) => {
                self.d.input_tokens += r.input_tokens;
                self.d.output_tokens += r.output_tokens;
                self.spent += self.budget.cost(r.input_tokens, r.output_tokens);
            }
            Err(e) => self.d.fallback = Some(e.to_string()),
        }
        result
    }

    /// The provider failed for good earlier in this run.
    fn is_down(&self) -> bool {
        self.d.fallback.is_some()
    }

    /// The mentions whose quotes are verbatim in `said`, counting rejected quotes and
    /// unknown SKUs; `None` (counted) when the answer holds no JSON of the asked shape.
    fn checked(
        &mut self,
        answer: &str,
        said: &[Said],
        tax: &Taxonomy,
        matcher: &Matcher,
    ) -> Option<Vec<Mention>> {
        let Some(parsed) = parse_answer(answer) else {
            self.d.malformed_answers += 1;
            return None;
        };
        let checked = check(&parsed, said, tax, matcher);
        self.d.quotes_rejected += checked.quotes_rejected;
        self.d.unknown_skus += checked.unknown_skus;
        Some(checked.mentions)
    }

    /// The diagnostics, with the dollars spent rounded to a millionth.
    fn finish(mut self) -> LlmDiagnostics {
        self.d.cost_usd = (self.spent * 1e6).round() / 1e6;
        self.d
    }
}

/// One request, retried after 429 / 5xx / timeouts while the run's retry budget lasts.
fn ask_with_retries(
    provider: &dyn Ask,
    system: &str,
    user: &str,
    budget: Budget,
    waited: &mut Duration,
) -> Result<Reply, CallError> {
    let mut backoff = Duration::from_millis(500);
    loop {
        let started = Instant::now();
        let result = provider.ask(system, user);
        match result {
            Err(CallError::Retry { message, wait }) => {
                let pause = wait.unwrap_or(backoff);
                // Time spent on failed attempts counts against the budget too.
                *waited += started.elapsed();
                if *waited + pause > budget.retry_budget {
                    return Err(CallError::Fatal(format!(
                        "{message} (retry budget of {} s used up)",
                        budget.retry_budget.as_secs()
                    )));
                }
                std::thread::sleep(pause);
                *waited += pause;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
            other => return other,
        }
    }
}

/// Labelled sentences per request in `eval`.
const EVAL_CHUNK: usize = 25;

/// The LLM stage on `eval`'s labelled sentences, sent in chunks as if one customer
/// said them: the checked mentions by sentence, and what it cost. The provider failing
/// stops the stage (recorded in `fallback`), never `eval`.
pub fn eval_mentions(
    texts: &[String],
    tax: &Taxonomy,
    matcher: &Matcher,
    provider: &dyn Ask,
    budget: Budget,
) -> (crate::pipeline::eval::Found, LlmDiagnostics) {
    let mut meter = Meter::new(budget);
    let mut found = crate::pipeline::eval::Found::new();
    for chunk in texts.chunks(EVAL_CHUNK) {
        let said = as_said(chunk);
        let (system, user) = prompt(tax, &said);
        if meter.exceeds_budget(&system, &user) {
            meter.d.skipped_for_cost += chunk.len();
            continue;
        }
        let Ok(reply) = meter.ask(provider, &system, &user) else {
            break;
        };
        let Some(mentions) = meter.checked(&reply.text, &said, tax, matcher) else {
            continue;
        };
        for m in mentions {
            if let Some(t) = chunk.iter().zip(&said).find(|(_, s)| s.sentence == m.quote) {
                meter.d.mentions += 1;
                found
                    .entry(t.0.clone())
                    .or_default()
                    .push((m.sku, m.phrase));
            }
        }
    }
    (found, meter.finish())
}

/// Labelled sentences as one customer's words on one call (each on a line of its own).
fn as_said(texts: &[String]) -> Vec<Said> {
    texts
        .iter()
        .map(|t| Said {
            call_id: "eval".into(),
            date: chrono::NaiveDate::MIN,
            speaker: "Customer".into(),
            role: "customer".into(),
            sentence: t.replace(['\n', '\r'], " "),
        })
        .collect()
}
