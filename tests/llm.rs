//! The LLM stage against fake providers on 127.0.0.1 speaking the OpenAI
//! chat-completions and Anthropic Messages shapes: verbatim-quote checks, cost from the
//! provider's `usage`, the cost cap, retries, timeouts, malformed answers and a
//! provider that is down.

mod common;

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use common::vendors::{self, Ctl};
use common::*;
use serde_json::{Value, json};
use std::sync::Arc;

const AS_OF: &str = "2026-11-23";
const PARAPHRASE: &str =
    "Every new hire this spring is going to need their own way into the system.";
const INVENTED: &str = "We want five hundred more seats by Friday.";

/// The numbered customer sentences of a request's user message.
fn sentences(user: &str) -> Vec<String> {
    user.lines()
        .filter_map(|l| l.split_once(". ").map(|(_, s)| s.to_string()))
        .collect()
}

/// One verbatim quote (part of the paraphrase when the account said it, else the first
/// sentence) and one invented quote, as the model's JSON.
fn answer_for(user: &str, malformed: bool) -> String {
    if malformed {
        return "Sure! Here are the signals: sku=seats".into();
    }
    let said = sentences(user);
    let quote = if said.iter().any(|s| s == PARAPHRASE) {
        "their own way into the system".to_string()
    } else {
        said.first().cloned().unwrap_or_default()
    };
    json!({"signals": [
        {"sku": "additional-team-seats", "quote": quote, "reason": "headcount growth"},
        {"sku": "additional-team-seats", "quote": INVENTED, "reason": "made up"},
        {"sku": "platinum-support", "quote": quote, "reason": "no such SKU"}
    ]})
    .to_string()
}

#[derive(Clone)]
struct Fake {
    ctl: Arc<Ctl>,
    malformed: bool,
}

async fn openai(State(f): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    Json(json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": answer_for(user, f.malformed)}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 50, "total_tokens": 1050}
    }))
}

async fn anthropic(State(f): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    let user = body["messages"][0]["content"].as_str().unwrap_or_default();
    Json(json!({
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "content": [{"type": "text", "text": answer_for(user, f.malformed)}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 2000, "output_tokens": 100}
    }))
}

async fn start(anthropic_shape: bool, malformed: bool) -> (String, Arc<Ctl>) {
    let ctl = Arc::new(Ctl {
        auth: if anthropic_shape {
            ("x-api-key".into(), "sk-ant-test".into())
        } else {
            ("authorization".into(), "Bearer sk-test".into())
        },
        ..Default::default()
    });
    let fake = Fake {
        ctl: ctl.clone(),
        malformed,
    };
    let router = if anthropic_shape {
        axum::Router::new()
            .route("/v1/messages", post(anthropic))
            .with_state(fake)
    } else {
        axum::Router::new()
            .route("/v1/chat/completions", post(openai))
            .with_state(fake)
    };
    (vendors::serve(router, ctl.clone()).await, ctl)
}

/// The demo data plus a call of Ashcombe Robotics (seat usage up, no phrase mention)
/// where the customer says [`PARAPHRASE`], and a config pointing at the fake.
fn scratch(llm_table: &str) -> Scratch {
    let s = Scratch::new();
    let call = json!({
        "account_id": "acc-0059",
        "call_id": "call-llm-1",
        "occurred_at": "2026-11-20T15:00:00Z",
        "attendees": [
            {"name": "Elena Vasquez", "is_customer": false, "role": "Customer Success Manager"},
            {"name": "Ines Okoro", "is_customer": true, "title": "Head of People"}
        ],
        "transcript_text": format!("Elena Vasquez: We want five hundred more seats by Friday, right?\nInes Okoro: Busy year. {PARAPHRASE}")
    });
    let mut calls = s.read("data/calls.jsonl");
    calls.push_str(&call.to_string());
    calls.push('\n');
    s.write("data/calls.jsonl", &calls);
    s.write("expansion-signals.toml", llm_table);
    s
}

fn openai_table(url: &str, extra: &str) -> String {
    format!(
        "[llm]\nprovider = \"openai\"\nbase_url = \"{url}/v1\"\nmodel = \"fake-1\"\napi_key_env = \"FAKE_LLM_KEY\"\ninput_usd_per_mtok = 3.0\noutput_usd_per_mtok = 15.0\nmax_cost_usd = 5.0\ntimeout_secs = 2\nretry_budget_secs = 4\n{extra}"
    )
}

async fn run_json(s: &Scratch, key: &'static str, extra: &[&str]) -> (Value, String) {
    let dir = s.path().to_path_buf();
    let mut args: Vec<String> = [
        "run", "--data", "data", "--as-of", AS_OF, "--format", "json", "--db", "h.db", "--llm",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    let o = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
            .args(&args)
            .current_dir(&dir)
            .env("FAKE_LLM_KEY", key)
            .env_remove("EXPANSION_SIGNALS_LOG")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (serde_json::from_str(&stdout(&o)).unwrap(), stderr(&o))
}

#[tokio::test(flavor = "multi_thread")]
async fn openai_shape_invented_quotes_never_reach_the_digest() {
    let (url, ctl) = start(false, false).await;
    let s = scratch(&openai_table(&url, ""));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    let llm = &doc["diagnostics"]["llm"];
    let requests = llm["requests"].as_u64().unwrap();
    assert!(requests >= 1, "{llm}");
    assert_eq!(ctl.bodies().len() as u64, requests);
    assert_eq!(llm["input_tokens"].as_u64(), Some(1000 * requests));
    assert_eq!(llm["output_tokens"].as_u64(), Some(50 * requests));
    let cost = requests as f64 * (1000.0 * 3.0 + 50.0 * 15.0) / 1e6;
    assert!(
        (llm["cost_usd"].as_f64().unwrap() - cost).abs() < 1e-9,
        "{llm}"
    );
    // One invented quote per answer, rejected; the unknown SKU counted apart.
    assert_eq!(llm["quotes_rejected"].as_u64(), Some(requests), "{llm}");
    assert_eq!(llm["unknown_skus"].as_u64(), Some(requests), "{llm}");
    let text = doc["digests"].to_string();
    assert!(!text.contains("five hundred"), "{text}");
    // The account's verbatim quote made its mention: the whole sentence is quoted.
    assert!(text.contains(PARAPHRASE), "{text}");
    // Structured output was asked for, and the request carried the key.
    let body = &ctl.bodies()[0];
    assert_eq!(body["response_format"]["type"], "json_object");
    assert_eq!(body["model"], "fake-1");

    // A rerun answers from the cache: no new request, the same digests.
    let (again, _) = run_json(&s, "sk-test", &[]).await;
    assert_eq!(again["diagnostics"]["llm"]["requests"].as_u64(), Some(0));
    assert_eq!(
        again["diagnostics"]["llm"]["cache_hits"].as_u64(),
        Some(requests)
    );
    assert_eq!(ctl.bodies().len() as u64, requests);
    assert_eq!(doc["digests"], again["digests"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn anthropic_shape_with_markdown_cost_line() {
    let (url, ctl) = start(true, false).await;
    let table = format!(
        "[llm]\nprovider = \"anthropic\"\nbase_url = \"{url}\"\nmodel = \"claude-fake\"\napi_key_env = \"FAKE_LLM_KEY\"\ninput_usd_per_mtok = 1.0\noutput_usd_per_mtok = 5.0\n"
    );
    let s = scratch(&table);
    let (doc, _) = run_json(&s, "sk-ant-test", &[]).await;
    let llm = &doc["diagnostics"]["llm"];
    let requests = llm["requests"].as_u64().unwrap();
    assert!(requests >= 1);
    assert_eq!(llm["input_tokens"].as_u64(), Some(2000 * requests));
    assert!(doc["digests"].to_string().contains(PARAPHRASE));
    assert!(ctl.hits().iter().all(|h| h == "POST /v1/messages"));
    assert_eq!(ctl.bodies()[0]["model"], "claude-fake");
    assert!(
        ctl.bodies()[0]["system"]
            .as_str()
            .unwrap()
            .contains("verbatim")
    );

    let dir = s.path().to_path_buf();
    let o = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
            .args([
                "run", "--data", "data", "--as-of", AS_OF, "--db", "h.db", "--llm", "--out", "md",
            ])
            .current_dir(&dir)
            .env("FAKE_LLM_KEY", "sk-ant-test")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_dir(s.path().join("md"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(md.contains("LLM stage: $"), "{md}");
    assert!(md.contains("quote(s) rejected as not verbatim"), "{md}");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_answers_add_nothing() {
    let (url, _ctl) = start(false, true).await;
    let s = scratch(&openai_table(&url, ""));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    let llm = &doc["diagnostics"]["llm"];
    assert_eq!(llm["malformed_answers"], llm["requests"], "{llm}");
    assert_eq!(llm["mentions"].as_u64(), Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_429_then_answer() {
    let (url, ctl) = start(false, false).await;
    ctl.fail_next(&[429, 503]);
    let s = scratch(&openai_table(&url, ""));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    let llm = &doc["diagnostics"]["llm"];
    assert!(llm.get("fallback").is_none(), "{llm}");
    assert!(doc["digests"].to_string().contains(PARAPHRASE));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cost_cap_stops_the_calls() {
    let (url, ctl) = start(false, false).await;
    let s = scratch(&openai_table(&url, "").replace("max_cost_usd = 5.0", "max_cost_usd = 0.0001"));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    let llm = &doc["diagnostics"]["llm"];
    assert_eq!(llm["requests"].as_u64(), Some(0), "{llm}");
    assert!(llm["skipped_for_cost"].as_u64().unwrap() >= 1, "{llm}");
    assert!(ctl.bodies().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_that_hangs_or_is_down_falls_back_to_phrases() {
    // Hangs past the 2 s timeout until the 4 s retry budget is gone.
    let (url, ctl) = start(false, false).await;
    ctl.fail_next(&[999, 999, 999, 999]);
    let s = scratch(&openai_table(&url, ""));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    let fallback = doc["diagnostics"]["llm"]["fallback"].as_str().unwrap();
    assert!(fallback.contains("retry budget"), "{fallback}");
    let strong: usize = doc["digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["strong"].as_array().unwrap().len())
        .sum();
    assert_eq!(strong, 12, "the phrase-only figure of the demo week");

    // Nobody listening at all.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let s = scratch(&openai_table(&closed, ""));
    let (doc, _) = run_json(&s, "sk-test", &[]).await;
    assert!(doc["diagnostics"]["llm"]["fallback"].as_str().is_some());
    assert_eq!(doc["status"], "ok");
}

#[test]
fn llm_without_a_config_or_key_is_bad_input() {
    let s = Scratch::new();
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--dry-run",
        "--llm",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("[llm]"), "{}", stderr(&o));
    s.write(
        "expansion-signals.toml",
        "[llm]\nprovider = \"openai\"\nmodel = \"m\"\napi_key_env = \"NO_SUCH_KEY_VAR\"\n",
    );
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--dry-run",
        "--llm",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("NO_SUCH_KEY_VAR"), "{}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn eval_shows_phrases_and_llm_side_by_side_with_the_cost() {
    let (url, _ctl) = start(false, false).await;
    let s = scratch(&openai_table(&url, ""));
    s.write(
        "labels.jsonl",
        &format!(
            "{}\n{}\n",
            json!({"text": PARAPHRASE, "label": "intent", "sku": "additional-team-seats", "kind": "paraphrase"}),
            json!({"text": "Lunch was lovely today, by the way.", "label": "not_intent", "kind": "unrelated"}),
        ),
    );
    let dir = s.path().to_path_buf();
    let o = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
            .args(["eval", "--labels", "labels.jsonl", "--llm"])
            .current_dir(&dir)
            .env("FAKE_LLM_KEY", "sk-test")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("| phrases | 0.0% (0/1) | 0.0% (0/1) |"),
        "{out}"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with("| phrases + LLM |"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("| 100.0% (1/1) | 0.0% (0/1) |"), "{row}");
    assert!(row.contains("(1 requests, 1 quotes rejected)"), "{row}");
}
