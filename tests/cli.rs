//! The real binary on the demo data and on broken copies of it.

mod common;

use common::*;
use serde_json::Value;
use std::collections::HashMap;

const AS_OF: &str = "2026-11-23";

fn demo_run_json(s: &Scratch) -> Value {
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("stdout is the JSON document")
}

#[test]
fn demo_digests_match_golden_files() {
    let s = Scratch::new();
    let o = s.run(&[
        "run", "--data", "data", "--as-of", AS_OF, "--out", "digests",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(s.path().join("digests"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "elena.vasquez@northwind-demo.example.md",
            "hana.lindqvist@northwind-demo.example.md",
            "marcus.oyelaran@northwind-demo.example.md",
            "portfolio.md",
            "priya.natarajan@northwind-demo.example.md",
            "tomasz.kowalczyk@northwind-demo.example.md",
        ]
    );
    for name in names {
        let text = s.read(&format!("digests/{name}"));
        insta::assert_snapshot!(name.trim_end_matches(".md").to_string(), text);
    }
    assert!(stderr(&o).contains("5 digest(s)"), "{}", stderr(&o));
}

#[test]
fn demo_fires_every_rule() {
    let s = Scratch::new();
    let doc = demo_run_json(&s);
    assert_eq!(doc["status"], "ok");
    let d = &doc["diagnostics"];
    for key in [
        "accounts_silent",
        "negative_matches",
        "conditional_matches",
        "champion_suppressions",
        "noise_band_discards",
        "unbaselined_events",
        "unknown_account_records",
        "calls_not_analysed",
        "ticket_only_signals",
    ] {
        assert!(
            d[key].as_u64().unwrap() > 0,
            "{key} never fires in the demo: {d}"
        );
    }
    assert!(d["accounts_in_scope"].as_u64().unwrap() >= 120);
    let digests = doc["digests"].as_array().unwrap();
    assert!(digests.len() >= 4);
    let all_weak: Vec<&Value> = digests
        .iter()
        .flat_map(|d| d["weak"].as_array().unwrap())
        .collect();
    let has_tag = |t: &str| {
        all_weak
            .iter()
            .any(|w| w["tags"].as_array().unwrap().iter().any(|x| x == t))
    };
    assert!(has_tag("call-only") && has_tag("usage-only"));
    assert!(has_tag(
        "champion-departure suppressed: investigate before pursuing"
    ));
    // Different-SKU weak: one account with a call-only and a usage-only signal.
    let mut kinds: HashMap<&str, Vec<&str>> = HashMap::new();
    for w in &all_weak {
        kinds
            .entry(w["account_id"].as_str().unwrap())
            .or_default()
            .push(w["tags"][0].as_str().unwrap());
    }
    assert!(
        kinds
            .values()
            .any(|k| k.contains(&"call-only") && k.contains(&"usage-only"))
    );
    assert!(
        digests.iter().any(|d| d["overflow"].as_u64().unwrap() > 0),
        "no cap overflow"
    );
    assert!(
        digests
            .iter()
            .any(|d| d["strong"].as_array().unwrap().is_empty()),
        "no empty digest"
    );
    let strong: Vec<&Value> = digests
        .iter()
        .flat_map(|d| d["strong"].as_array().unwrap())
        .collect();
    assert!(strong.iter().any(|s| s["action"] == "needs human review"));
    assert!(
        strong
            .iter()
            .all(|s| !s["call_evidence"].as_array().unwrap().is_empty()
                && !s["usage_evidence"].as_array().unwrap().is_empty())
    );
    for d in digests {
        assert!(d["strong"].as_array().unwrap().len() <= 3);
        let arrs: Vec<f64> = d["strong"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["arr"].as_f64().unwrap())
            .collect();
        assert!(
            arrs.windows(2).all(|w| w[0] >= w[1]),
            "not ranked by ARR: {arrs:?}"
        );
    }
    assert!(!stdout_has_placeholder(&doc.to_string()));
}

fn stdout_has_placeholder(text: &str) -> bool {
    [
        "{speaker}",
        "{account}",
        "{metric}",
        "{delta}",
        "{renewal_date}",
        "{sku}",
        "{arr}",
        "{call_date}",
    ]
    .iter()
    .any(|p| text.contains(p))
}

#[test]
fn every_quote_is_verbatim_from_its_transcript() {
    let s = Scratch::new();
    let doc = demo_run_json(&s);
    let portfolio = expansion_signals::sources::DataDir::new(s.data())
        .load_portfolio()
        .unwrap();
    let transcript = |call_id: &str| -> String {
        let call = portfolio
            .calls
            .iter()
            .find(|c| c.call_id == call_id)
            .expect("call exists");
        match (&call.transcript_text, &call.transcript) {
            (Some(t), _) => t.clone(),
            (None, Some(turns)) => turns
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        }
    };
    let mut checked = 0;
    for d in doc["digests"].as_array().unwrap() {
        for sig in d["strong"].as_array().unwrap() {
            for q in sig["call_evidence"].as_array().unwrap() {
                let quote = q["quote"].as_str().unwrap();
                assert!(
                    transcript(q["call_id"].as_str().unwrap()).contains(quote),
                    "{quote}"
                );
                checked += 1;
            }
            for t in sig["ticket_evidence"].as_array().unwrap() {
                let ticket = portfolio
                    .support_tickets
                    .iter()
                    .find(|x| x.ticket_id == t["ticket_id"])
                    .unwrap();
                assert_eq!(ticket.subject, t["subject"].as_str().unwrap());
            }
        }
        // Weak summaries quote between straight double quotes.
        for w in d["weak"].as_array().unwrap() {
            let summary = w["summary"].as_str().unwrap();
            if let Some(start) = summary.find(": \"") {
                let rest = &summary[start + 3..];
                let quote = &rest[..rest.find("\" (").unwrap()];
                let account = w["account_id"].as_str().unwrap();
                assert!(
                    portfolio
                        .calls
                        .iter()
                        .filter(|c| c.account_id == account)
                        .any(|c| transcript(&c.call_id).contains(quote)),
                    "{quote}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} quotes checked");
}

#[test]
fn stdout_markdown_holds_every_digest() {
    let s = Scratch::new();
    let o = s.run(&["run", "--data", "data", "--as-of", AS_OF, "--dry-run"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(
        out.matches("# Expansion-signal digest — 2026-11-23 — ")
            .count(),
        5
    );
    assert!(out.contains("No strong signals this week."));
    assert!(
        !s.path().join("expansion-signals.db").exists(),
        "--dry-run recorded a run"
    );
}

#[test]
fn json_to_out_dir() {
    let s = Scratch::new();
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--out",
        "o",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let doc: Value = serde_json::from_str(&s.read("o/digest.json")).unwrap();
    for key in [
        "as_of",
        "window_days",
        "cap_per_csm",
        "status",
        "coverage_pct",
        "warnings",
        "diagnostics",
        "digests",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["as_of"], AS_OF);
    assert_eq!(doc["cap_per_csm"], 3);
    let strong = &doc["digests"][0]["strong"][0];
    for key in [
        "account_id",
        "account_name",
        "arr",
        "renewal_date",
        "sku",
        "call_evidence",
        "usage_evidence",
        "ticket_evidence",
        "action",
    ] {
        assert!(strong.get(key).is_some(), "strong signal lacks {key}");
    }
    assert!(stdout(&o).is_empty());
}

#[test]
fn cap_and_window_flags() {
    let s = Scratch::new();
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--cap-per-csm",
        "1",
        "--dry-run",
    ]);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["cap_per_csm"], 1);
    assert!(
        doc["digests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["strong"].as_array().unwrap().len() <= 1)
    );
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--cap-per-csm",
        "0",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(2), "cap 0 must be refused");
}

/// Edits line `n` (1-based) of a JSON Lines file.
fn edit_jsonl(s: &Scratch, rel: &str, n: usize, f: impl FnOnce(&mut Value)) {
    let text = s.read(rel);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut v: Value = serde_json::from_str(&lines[n - 1]).unwrap();
    f(&mut v);
    lines[n - 1] = v.to_string();
    s.write(rel, &(lines.join("\n") + "\n"));
}

#[test]
fn bad_input_names_file_record_and_field() {
    type Breaker = Box<dyn Fn(&Scratch)>;
    let cases: Vec<(&str, Breaker, &str)> = vec![
        (
            "missing field",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[3].as_object_mut().unwrap().remove("owner_email");
                })
            }),
            "accounts.json: record [3], field `owner_email`: missing (required)",
        ),
        (
            "mistyped field",
            Box::new(|s| s.edit_json("data/accounts.json", |v| v[0]["arr"] = "lots".into())),
            "accounts.json: record [0], field `arr`: invalid type: string \"lots\"",
        ),
        (
            "bad date",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[2]["renewal_date"] = "2027-13-01".into()
                })
            }),
            "accounts.json: record [2], field `renewal_date`: not a valid date",
        ),
        (
            "duplicate account",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    let id = v[0]["id"].clone();
                    v[1]["id"] = id;
                })
            }),
            "accounts.json: record [1], field `id`: duplicate id",
        ),
        (
            "bad timestamp jsonl",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 5, |v| {
                    v["occurred_at"] = "yesterday".into()
                })
            }),
            "calls.jsonl: line 5, field `occurred_at`: not a valid date",
        ),
        (
            "nested field",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 2, |v| {
                    v["attendees"][0]["is_customer"] = "yes".into()
                })
            }),
            "calls.jsonl: line 2, field `attendees[0].is_customer`: invalid type",
        ),
        (
            "duplicate call",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 3, |v| {
                    v["call_id"] = "call-00001".into()
                })
            }),
            "calls.jsonl: line 3, field `call_id`: duplicate id `call-00001`",
        ),
        (
            "call without transcript",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 4, |v| {
                    let o = v.as_object_mut().unwrap();
                    o.remove("transcript_text");
                    o.remove("transcript");
                    o.remove("transcript_url");
                })
            }),
            "calls.jsonl: line 4, field `transcript_text`: missing",
        ),
        (
            "broken json line",
            Box::new(|s| {
                let t = s.read("data/calls.jsonl");
                let mut l: Vec<&str> = t.lines().collect();
                l[3] = "{not json";
                s.write("data/calls.jsonl", &l.join("\n"));
            }),
            "calls.jsonl: line 4, field `(record)`: not valid JSON",
        ),
        (
            "mistyped number",
            Box::new(|s| {
                s.edit_json("data/usage_events.json", |v| {
                    v[7]["delta_pct"] = "30%".into()
                })
            }),
            "usage_events.json: record [7], field `delta_pct`: invalid type",
        ),
        (
            "duplicate event id",
            Box::new(|s| {
                s.edit_json("data/usage_events.json", |v| {
                    let id = v[0]["event_id"].clone();
                    v[9]["event_id"] = id;
                })
            }),
            "usage_events.json: record [9], field `event_id`: duplicate id",
        ),
        (
            "tags not a list",
            Box::new(|s| {
                s.edit_json("data/support_tickets.json", |v| {
                    v[1]["tags"] = "billing".into()
                })
            }),
            "support_tickets.json: record [1], field `tags`: invalid type",
        ),
        (
            "duplicate ticket",
            Box::new(|s| {
                s.edit_json("data/support_tickets.json", |v| {
                    let id = v[0]["ticket_id"].clone();
                    v[5]["ticket_id"] = id;
                })
            }),
            "support_tickets.json: record [5], field `ticket_id`: duplicate id",
        ),
        (
            "unknown enum",
            Box::new(|s| {
                edit_jsonl(s, "data/stakeholder_changes.jsonl", 1, |v| {
                    v["change_type"] = "fired".into()
                })
            }),
            "stakeholder_changes.jsonl: line 1, field `change_type`: unknown variant `fired`",
        ),
        (
            "missing input",
            Box::new(|s| std::fs::remove_file(s.path().join("data/usage_events.json")).unwrap()),
            "no `usage_events.json` or `usage_events.jsonl`",
        ),
        (
            "two formats",
            Box::new(|s| s.write("data/accounts.jsonl", "")),
            "both `accounts.json` and `accounts.jsonl` exist",
        ),
        (
            "not an array",
            Box::new(|s| s.write("data/support_tickets.json", "{\"tickets\": []}")),
            "support_tickets.json: not a JSON array",
        ),
        (
            "element not an object",
            Box::new(|s| s.write("data/support_tickets.json", "[1]")),
            "record [0], field `(record)`: each element must be a JSON object",
        ),
        (
            "no accounts",
            Box::new(|s| s.write("data/accounts.json", "[]")),
            "accounts.json: no accounts",
        ),
        (
            "e-mail that escapes --out",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[4]["owner_email"] = "../pwn@evil.com".into()
                })
            }),
            "accounts.json: record [4], field `owner_email`: `../pwn@evil.com` is not a plain e-mail address",
        ),
        (
            "e-mail with a slash",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[4]["owner_email"] = "x/y@evil.com".into()
                })
            }),
            "record [4], field `owner_email`",
        ),
        (
            "absurd ARR",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[6]["arr"] = serde_json::json!(1.7e308)
                })
            }),
            "accounts.json: record [6], field `arr`: must be between 0 and",
        ),
        (
            "negative ARR",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| {
                    v[6]["arr"] = serde_json::json!(-5)
                })
            }),
            "record [6], field `arr`",
        ),
        (
            "the first of two bad calls is reported",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 3, |v| {
                    v["occurred_at"] = "soon".into()
                });
                let t = s.read("data/calls.jsonl");
                let mut l: Vec<&str> = t.lines().collect();
                l[4] = "[1]";
                s.write("data/calls.jsonl", &l.join("\n"));
            }),
            "calls.jsonl: line 3, field `occurred_at`",
        ),
        (
            "the first of two bad calls is reported (JSON array)",
            Box::new(|s| {
                let mut calls: Vec<Value> = s
                    .read("data/calls.jsonl")
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                calls[2]["occurred_at"] = "soon".into();
                calls[4] = Value::from(1);
                std::fs::remove_file(s.path().join("data/calls.jsonl")).unwrap();
                s.write("data/calls.json", &Value::from(calls).to_string());
            }),
            "calls.json: record [2], field `occurred_at`",
        ),
        (
            "not UTF-8 in a JSON array",
            Box::new(|s| {
                s.edit_json("data/accounts.json", |v| v[2]["name"] = "MARKER".into());
                replace_bytes(s, "data/accounts.json", b"MARKER", b"Bad\xffName");
            }),
            "accounts.json: record [2], field `name`: not UTF-8 text",
        ),
        (
            "not UTF-8 in the calls (JSON Lines)",
            Box::new(|s| {
                edit_jsonl(s, "data/calls.jsonl", 3, |v| v["call_id"] = "MARKER".into());
                replace_bytes(s, "data/calls.jsonl", b"MARKER", b"c\xe9\x28");
            }),
            "calls.jsonl: line 3, field `call_id`: not UTF-8 text",
        ),
        (
            "not UTF-8 in another JSON Lines input",
            Box::new(|s| {
                edit_jsonl(s, "data/stakeholder_changes.jsonl", 2, |v| {
                    v["role"] = "MARKER".into()
                });
                replace_bytes(s, "data/stakeholder_changes.jsonl", b"MARKER", b"VP \xc3");
            }),
            "stakeholder_changes.jsonl: line 2, field `role`: not UTF-8 text",
        ),
        (
            "NaN in a JSON array",
            Box::new(|s| {
                s.edit_json("data/usage_events.json", |v| {
                    v[7]["delta_pct"] = "MARKER".into()
                });
                replace_bytes(s, "data/usage_events.json", b"\"MARKER\"", b"NaN");
            }),
            "usage_events.json: record [7], field `delta_pct`: `NaN` is not a JSON number",
        ),
        (
            "Infinity in JSON Lines",
            Box::new(|s| {
                edit_jsonl(s, "data/stakeholder_changes.jsonl", 3, |v| {
                    v["is_champion"] = "MARKER".into()
                });
                replace_bytes(
                    s,
                    "data/stakeholder_changes.jsonl",
                    b"\"MARKER\"",
                    b"-Infinity",
                );
            }),
            "stakeholder_changes.jsonl: line 3, field `is_champion`: `-Infinity` is not a JSON number",
        ),
        (
            "null required number",
            Box::new(|s| s.edit_json("data/accounts.json", |v| v[1]["arr"] = Value::Null)),
            "accounts.json: record [1], field `arr`: null, but a value is required",
        ),
        (
            "null required text in JSON Lines",
            Box::new(|s| edit_jsonl(s, "data/calls.jsonl", 6, |v| v["account_id"] = Value::Null)),
            "calls.jsonl: line 6, field `account_id`: null, but a value is required",
        ),
        (
            "a record cut off",
            Box::new(|s| {
                s.write(
                    "data/support_tickets.json",
                    "[{\"account_id\": \"acc-0001\", \"ticket_id\": \"t-1",
                )
            }),
            "support_tickets.json: record [0], field `ticket_id`: not valid JSON: the record ends in the middle",
        ),
        (
            "no data dir",
            Box::new(|s| std::fs::remove_dir_all(s.data()).unwrap()),
            "no such directory",
        ),
        (
            "bad references",
            Box::new(|s| {
                let p = "references/1-expansion-signal-taxonomy.md";
                let t = s.read(p).replacen(
                    "- **Call triggers**\n",
                    "- **Call triggers**\n  - \"unclosed\n",
                    1,
                );
                s.write(p, &t);
            }),
            "1-expansion-signal-taxonomy.md:",
        ),
    ];
    for (what, breaker, want) in cases {
        let s = Scratch::new();
        breaker(&s);
        let o = s.run(&[
            "run", "--data", "data", "--as-of", AS_OF, "--out", "digests",
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(want), "{what}: expected {want:?} in {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert!(!s.path().join("digests").exists(), "{what}: output written");
        assert!(
            !s.path().join("expansion-signals.db").exists(),
            "{what}: history written"
        );
    }
}

/// Replaces `from` by `to` (raw bytes, so not necessarily UTF-8) in a file.
fn replace_bytes(s: &Scratch, rel: &str, from: &[u8], to: &[u8]) {
    let path = s.path().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("marker present");
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[at + from.len()..]);
    std::fs::write(path, out).unwrap();
}

/// Keeps only the calls of the first `keep` accounts, so coverage drops.
fn thin_calls(s: &Scratch, keep_pct: f64) {
    let accounts: Vec<Value> = serde_json::from_str(&s.read("data/accounts.json")).unwrap();
    let n = (accounts.len() as f64 * keep_pct / 100.0) as usize;
    let keep: Vec<String> = accounts[..n]
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let text = s.read("data/calls.jsonl");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            keep.iter().any(|k| v["account_id"] == k.as_str())
        })
        .collect();
    s.write("data/calls.jsonl", &kept.join("\n"));
}

#[test]
fn low_coverage_warns_and_very_low_coverage_aborts() {
    let s = Scratch::new();
    thin_calls(&s, 70.0);
    let doc = demo_run_json(&s);
    let cov = doc["coverage_pct"].as_f64().unwrap();
    assert!((40.0..60.0).contains(&cov), "coverage {cov}");
    let warning = format!("Low call coverage: {cov}%");
    assert!(doc["warnings"][0].as_str().unwrap().starts_with(&warning));
    for d in doc["digests"].as_array().unwrap() {
        assert!(
            d["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w.as_str().unwrap().starts_with(&warning))
        );
    }
    let o = s.run(&["run", "--data", "data", "--as-of", AS_OF, "--dry-run"]);
    assert!(
        stdout(&o).starts_with(&format!("*{warning}")),
        "warning is not the first line"
    );

    let s = Scratch::new();
    thin_calls(&s, 40.0);
    let o = s.run(&[
        "run", "--data", "data", "--as-of", AS_OF, "--format", "json", "--out", "o",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&s.read("o/digest.json")).unwrap();
    assert_eq!(doc["status"], "aborted");
    let cov = doc["coverage_pct"].as_f64().unwrap();
    assert!(cov < 40.0);
    assert!(doc["error"].as_str().unwrap().contains(&format!("{cov}%")));
    assert!(doc["digests"].as_array().unwrap().is_empty());
    assert!(stderr(&o).contains(&format!("{cov}%")));

    let o = s.run(&["run", "--data", "data", "--as-of", AS_OF, "--out", "md"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        std::fs::read_dir(s.path().join("md"))
            .map(|d| d.count())
            .unwrap_or(0)
            == 0,
        "digests written on abort"
    );
    let o = s.run(&["history"]);
    assert!(stdout(&o).contains("aborted"), "{}", stdout(&o));
}

#[test]
fn history_records_replaces_and_lists_runs() {
    let s = Scratch::new();
    let h = s.run(&["history"]);
    assert!(stdout(&h).contains("no runs recorded yet"));
    // The week before the demo has almost no calls: that run aborts, and is recorded too.
    for (as_of, code) in [("2026-11-16", 3), (AS_OF, 0), (AS_OF, 0)] {
        let o = s.run(&["run", "--data", "data", "--as-of", as_of, "--out", "d"]);
        assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
    }
    let h = stdout(&s.run(&["history"]));
    let lines: Vec<&str> = h.lines().collect();
    assert_eq!(lines.len(), 3, "{h}");
    assert!(lines[1].starts_with("2026-11-23  ok"), "{h}");
    assert!(lines[2].starts_with("2026-11-16  aborted"), "{h}");

    assert!(lines[1].contains("72.6%"), "{h}");
    assert!(lines[1].contains(&{
        let bytes =
            std::fs::read(s.path().join("references/1-expansion-signal-taxonomy.md")).unwrap();
        expansion_signals::references::taxonomy_hash(&bytes)
    }));
}

#[test]
fn too_loose_warning_after_three_weeks_over_the_cap() {
    let s = Scratch::new();
    // The same week of evidence three times, a week apart: Priya is over the cap each time.
    let shift = |text: &str, days: i64| -> String {
        let re = regex::Regex::new(r"2026-11-(\d\d)T").unwrap();
        re.replace_all(text, |c: &regex::Captures| {
            let d = chrono::NaiveDate::from_ymd_opt(2026, 11, c[1].parse().unwrap()).unwrap()
                - chrono::Duration::days(days);
            format!("{}T", d)
        })
        .into_owned()
    };
    for (i, as_of) in ["2026-11-09", "2026-11-16", AS_OF].iter().enumerate() {
        let days = 14 - 7 * i as i64;
        for f in ["calls.jsonl", "usage_events.json", "support_tickets.json"] {
            let original = std::fs::read_to_string(demo().join(f)).unwrap();
            s.write(&format!("data/{f}"), &shift(&original, days));
        }
        let o = s.run(&[
            "run", "--data", "data", "--as-of", as_of, "--format", "json", "--out", "o",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc: Value = serde_json::from_str(&s.read("o/digest.json")).unwrap();
        let priya = doc["digests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["owner_email"].as_str().unwrap().starts_with("priya"))
            .unwrap()
            .clone();
        let loose = priya["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("too loose"));
        assert_eq!(loose, i == 2, "week {as_of}: {:?}", priya["warnings"]);
        if i == 2 {
            let hana = doc["digests"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["owner_email"].as_str().unwrap().starts_with("hana"))
                .unwrap();
            assert!(hana["warnings"].as_array().unwrap().is_empty());
            let md = s.run(&["run", "--data", "data", "--as-of", as_of, "--dry-run"]);
            assert!(
                stdout(&md).contains("averaged 10.0 strong signals before the cap of 3"),
                "{}",
                stdout(&md)
            );
        }
    }
}

#[test]
fn stale_taxonomy_is_flagged() {
    let s = Scratch::new();
    let p = "references/1-expansion-signal-taxonomy.md";
    s.write(
        p,
        &s.read(p).replace(&last_edited(&s.read(p)), "2026-08-01"),
    );
    let doc = demo_run_json(&s);
    let w = doc["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("Stale taxonomy: last edited 2026-08-01, 114 days")),
        "{w:?}"
    );
    let hash = doc["diagnostics"]["taxonomy_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 7);
    assert_ne!(
        hash,
        demo_run_json(&Scratch::new())["diagnostics"]["taxonomy_hash"]
            .as_str()
            .unwrap()
    );
}

#[test]
fn check_reports_every_problem_with_file_and_line() {
    let o = run_in(&root(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("ok: 3 SKUs, 3 segments"));

    let s = Scratch::new();
    let tax = "references/1-expansion-signal-taxonomy.md";
    let base = "references/2-segment-baseline-config.md";
    let lib = "references/3-action-library.md";
    // A SKU with no action section, a duplicate segment, a vague action, a bad row, a placeholder date.
    s.write(tax, &s.read(tax).replace("## Conditional-mention guard", "### SKU: data-residency-addon\n- **Call triggers**\n  - \"data residency\"\n- **Usage triggers**\n  - `residency_request`\n\n## Conditional-mention guard").replace(&last_edited(&s.read(tax)), "YYYY-MM-DD"));
    s.write(base, &format!("{}\n### Segment: smb\n| Metric | Median | Band |\n|---|---|---|\n| `seat_count` | lots | ±3% |\n", s.read(base)));
    let lib_text = s.read(lib);
    let row = lib_text
        .lines()
        .find(|l| l.starts_with("| (any)"))
        .unwrap()
        .to_string();
    s.write(
        lib,
        &lib_text.replacen(&row, "| (any) | Touch base with {speaker} soon. |", 1),
    );
    let o = s.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    let re = regex::Regex::new(r"^references/[123]-[a-z-]+\.md:\d+: ").unwrap();
    for line in out.lines() {
        assert!(re.is_match(line), "not file:line: {line}");
    }
    for want in [
        "3-action-library.md:",
        "SKU `data-residency-addon`",
        "duplicate segment `smb`",
        "uses the vague phrase `touch base`",
        "warning: Last edited `YYYY-MM-DD` is not a date",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let o = s.run(&["run", "--data", "data", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the reference files have"));
}

#[test]
fn account_explains_kept_and_discarded_records() {
    let s = Scratch::new();
    let doc = demo_run_json(&s);
    // The champion-suppressed account from the demo.
    let suppressed = doc["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["weak"].as_array().unwrap().clone())
        .find(|w| {
            w["tags"][0]
                .as_str()
                .unwrap()
                .starts_with("champion-departure")
        })
        .unwrap();
    let name = suppressed["account_name"].as_str().unwrap().to_uppercase();
    let o = s.run(&["account", &name, "--data", "data", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("champion departure in the last 30 days"),
        "{out}"
    );
    assert!(out.contains("weak (champion-departure suppressed"), "{out}");

    // Across the demo, every discard reason appears for some account.
    let accounts: Vec<Value> = serde_json::from_str(&s.read("data/accounts.json")).unwrap();
    let mut all = String::new();
    for a in &accounts {
        let o = s.run(&[
            "account",
            a["id"].as_str().unwrap(),
            "--data",
            "data",
            "--as-of",
            AS_OF,
        ]);
        assert_eq!(o.status.code(), Some(0));
        all.push_str(&stdout(&o));
    }
    for reason in [
        "discarded: outside the window",
        "discarded: inside the",
        "; a usage trigger of additional-team-seats, not kept",
        "Action: needs human review (no row of the",
        "discarded: non-customer speaker",
        "discarded: negative-example phrase",
        "discarded: conditional marker",
        "kept: mention of",
        "Action: needs human review",
        "- additional-team-seats: strong",
        "insufficient (tickets only",
        "dropped (silent)",
    ] {
        assert!(all.contains(reason), "no account shows {reason:?}");
    }

    let o = s.run(&["account", "a", "--data", "data", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("matches") && stderr(&o).contains("(acc-"),
        "{}",
        stderr(&o)
    );
    let o = s.run(&[
        "account",
        "no such customer",
        "--data",
        "data",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no account matches"));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let s = Scratch::new();
    for f in ["data/accounts.json", "data/calls.jsonl"] {
        let text = s.read(f);
        s.write(f, &format!("\u{feff}{text}"));
    }
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["diagnostics"]["accounts_in_scope"], 124);
}

/// The date under `## Last edited` in a taxonomy file.
fn last_edited(taxonomy: &str) -> String {
    let after = taxonomy
        .split("\n## Last edited\n")
        .nth(1)
        .expect("a Last edited section");
    after
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .expect("a date")
        .to_string()
}

/// Every path under `dir`, relative, sorted (folders end with `/`).
fn tree(dir: &std::path::Path) -> Vec<String> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            if p.is_dir() {
                out.push(format!("{rel}/"));
                walk(root, &p, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn a_failed_run_writes_nothing_anywhere() {
    type Setup = Box<dyn Fn(&Scratch) -> Vec<String>>;
    let digests = |extra: &[&str]| -> Vec<String> {
        let mut a = vec![
            "run", "--data", "data", "--as-of", AS_OF, "--out", "digests",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect()
    };
    // (what, setup returning the arguments, exit code, expected message)
    let cases: Vec<(&str, Setup, i32, &str)> = vec![
        (
            "owner_email too long for a file name",
            Box::new(move |s| {
                s.edit_json("data/accounts.json", |v| {
                    v[4]["owner_email"] =
                        format!("{}@northwind-demo.example", "x".repeat(260)).into()
                });
                digests(&[])
            }),
            2,
            "accounts.json: record [4], field `owner_email`: 283 bytes long: at most 251",
        ),
        (
            "--out is a file",
            Box::new(move |s| {
                s.write("digests", "not a folder");
                digests(&[])
            }),
            1,
            "the output folder digests is a file",
        ),
        (
            "--out under a file",
            Box::new(|s| {
                s.write("blocker", "a file");
                [
                    "run",
                    "--data",
                    "data",
                    "--as-of",
                    AS_OF,
                    "--out",
                    "blocker/sub/digests",
                ]
                .map(String::from)
                .to_vec()
            }),
            1,
            "cannot create the output folder blocker/sub",
        ),
        (
            "a folder in the way of one digest, old digests kept",
            Box::new(move |s| {
                std::fs::create_dir_all(
                    s.path()
                        .join("digests/tomasz.kowalczyk@northwind-demo.example.md"),
                )
                .unwrap();
                s.write(
                    "digests/elena.vasquez@northwind-demo.example.md",
                    "last week",
                );
                digests(&[])
            }),
            1,
            "tomasz.kowalczyk@northwind-demo.example.md: a folder of that name is in the way",
        ),
        (
            "--out not writable, json",
            Box::new(move |s| {
                std::fs::create_dir(s.path().join("digests")).unwrap();
                s.write("digests/old.md", "old");
                set_mode(&s.path().join("digests"), 0o555);
                digests(&["--format", "json"])
            }),
            1,
            "cannot write to the output folder digests",
        ),
        (
            "history database cannot be created",
            Box::new(move |s| {
                s.write("nodb", "a file");
                digests(&["--db", "nodb/history.db"])
            }),
            1,
            "cannot open the run-history database nodb/history.db",
        ),
    ];
    for (what, setup, code, want) in cases {
        let s = Scratch::new();
        let args = setup(&s);
        if what.contains("not writable")
            && std::fs::write(s.path().join("digests/probe"), "").is_ok()
        {
            // Running as root: permissions do not stop writes.
            continue;
        }
        let before = tree(s.path());
        let old = std::fs::read_to_string(
            s.path()
                .join("digests/elena.vasquez@northwind-demo.example.md"),
        )
        .ok();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = s.run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(code), "{what}: {err}");
        assert!(err.contains(want), "{what}: expected {want:?} in {err}");
        assert_eq!(tree(s.path()), before, "{what}: files left behind");
        assert_eq!(
            std::fs::read_to_string(
                s.path()
                    .join("digests/elena.vasquez@northwind-demo.example.md")
            )
            .ok(),
            old,
            "{what}: an old digest changed"
        );
        set_mode(&s.path().join("digests"), 0o755);
    }
}

#[cfg(unix)]
fn set_mode(p: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    if p.is_dir() {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[cfg(not(unix))]
fn set_mode(_: &std::path::Path, _: u32) {}

#[test]
fn account_finds_records_whose_id_is_written_with_escapes() {
    let s = Scratch::new();
    let doc = demo_run_json(&s);
    // A strong signal's account: it has calls, usage events and tickets.
    let id = doc["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["strong"].as_array().unwrap().clone())
        .find(|s| !s["ticket_evidence"].as_array().unwrap().is_empty())
        .unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_string();
    let explain = |s: &Scratch| {
        let o = s.run(&["account", &id, "--data", "data", "--as-of", AS_OF]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let plain = explain(&s);
    assert!(plain.contains("kept: mention of"), "{plain}");
    // `acc-0012` as `acc\u002d0012`, and as `\u0061cc-0012`.
    for escaped in [id.replace('-', "\\u002d"), id.replacen('a', "\\u0061", 1)] {
        let re = regex::Regex::new(&format!(r#"("account_id"\s*:\s*"){}""#, regex::escape(&id)))
            .unwrap();
        for f in [
            "calls.jsonl",
            "usage_events.json",
            "support_tickets.json",
            "stakeholder_changes.jsonl",
        ] {
            let text = s.read(&format!("data/{f}"));
            s.write(
                &format!("data/{f}"),
                &re.replace_all(&text, format!("${{1}}{}\"", escaped.replace('$', "$$"))),
            );
        }
        assert!(s.read("data/calls.jsonl").contains(&escaped));
        assert_eq!(explain(&s), plain, "written as {escaped}");
        // Undo for the next spelling.
        for f in [
            "calls.jsonl",
            "usage_events.json",
            "support_tickets.json",
            "stakeholder_changes.jsonl",
        ] {
            std::fs::copy(demo().join(f), s.path().join("data").join(f)).unwrap();
        }
    }
}

#[test]
fn check_line_numbers_hold_for_every_line_ending() {
    let lib = "references/3-action-library.md";
    let original = std::fs::read_to_string(references().join("3-action-library.md")).unwrap();
    let (n, row) = original
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("| (any)"))
        .unwrap();
    let broken = original.replacen(row, "| (any) | Call {champion} this week. |", 1);
    for (ending, text) in [
        ("LF", broken.clone()),
        ("CRLF", broken.replace('\n', "\r\n")),
        ("CR", broken.replace('\n', "\r")),
    ] {
        let s = Scratch::new();
        s.write(lib, &text);
        let o = s.run(&["check"]);
        assert_eq!(o.status.code(), Some(2), "{ending}");
        let want = format!(
            "3-action-library.md:{}: unknown placeholder `{{champion}}`",
            n + 1
        );
        assert!(
            stdout(&o).contains(&want),
            "{ending}: {want} not in {}",
            stdout(&o)
        );
    }
}

#[test]
fn a_vague_action_only_affects_its_own_signals() {
    let s = Scratch::new();
    let before = demo_run_json(&s);
    let lib = "references/3-action-library.md";
    let text = s.read(lib);
    // The row of the first strong signal's action, made vague (and wrapped in quotes,
    // which are not a quoted name): its signals need review, nobody else's change.
    let n = before["digests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["strong"].as_array().unwrap().clone())
        .find_map(|s| s["action_line"].as_u64())
        .unwrap() as usize;
    let row = text.lines().nth(n - 1).unwrap().to_string();
    let pattern = row.split('|').nth(1).unwrap();
    s.write(
        lib,
        &text.replacen(
            &row,
            &format!("|{pattern}| \"Follow up with {{speaker}} about the plan.\" |"),
            1,
        ),
    );
    let o = s.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!(
            "3-action-library.md:{n}: warning: action uses the vague phrase `follow up`"
        )),
        "{}",
        stdout(&o)
    );
    let after = demo_run_json(&s);
    let strong = |doc: &Value| -> Vec<Value> {
        doc["digests"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["strong"].as_array().unwrap().clone())
            .collect()
    };
    let (b, a) = (strong(&before), strong(&after));
    assert_eq!(a.len(), b.len());
    let mut affected = 0;
    for (b, a) in b.iter().zip(&a) {
        if b["action_line"] == n {
            affected += 1;
            assert_eq!(a["action"], "needs human review");
            assert!(
                a["action_reason"].as_str().unwrap().contains(&format!(
                    "row on line {n} uses the vague phrase `follow up`"
                )),
                "{a}"
            );
        } else {
            assert_eq!(a["action"], b["action"]);
        }
    }
    assert!(affected > 0, "no signal reaches line {n}");
}

#[test]
fn a_missing_config_points_at_the_example() {
    let s = Scratch::new();
    for args in [
        vec!["serve"],
        vec!["serve", "--config", "nope.toml"],
        vec!["fetch", "--config", "nope.toml", "--out", "snap"],
    ] {
        let o = s.run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("cannot read the config file")
                && err.contains("copy expansion-signals.example.toml to"),
            "{args:?}: {err}"
        );
        assert!(!s.path().join("snap").exists());
    }
}

#[test]
fn each_digest_counts_its_own_accounts_and_they_add_up_to_the_portfolio() {
    let s = Scratch::new();
    let doc = demo_run_json(&s);
    let digests = doc["digests"].as_array().unwrap();
    for key in [
        "accounts_in_scope",
        "accounts_silent",
        "negative_matches",
        "conditional_matches",
        "champion_suppressions",
        "noise_band_discards",
        "unbaselined_events",
        "usage_declines",
        "accounts_with_calls",
        "calls_not_analysed",
        "ticket_only_signals",
    ] {
        let sum: u64 = digests
            .iter()
            .map(|d| d["diagnostics"][key].as_u64().unwrap())
            .sum();
        assert_eq!(sum, doc["diagnostics"][key].as_u64().unwrap(), "{key}");
    }
    assert!(
        digests
            .iter()
            .all(|d| d["diagnostics"]["unknown_account_records"] == 0)
    );
    // The digests' feet are the CSM's own; the portfolio figures are in portfolio.md.
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--out",
        "d",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hana = s.read("d/hana.lindqvist@northwind-demo.example.md");
    assert!(hana.contains("- Your accounts: 22 ("), "{hana}");
    assert!(!hana.contains("Records for accounts outside this portfolio"));
    assert!(!hana.contains("Accounts in scope: 124"));
    let portfolio = s.read("d/portfolio.md");
    assert!(
        portfolio.contains("- Accounts in scope: 124"),
        "{portfolio}"
    );
    assert!(portfolio.contains("- Records for accounts outside this portfolio (ignored): 5"));
    assert!(portfolio.contains("| Hana Lindqvist | 22 | 0 | 0 | 4 | 0 |"));
}

/// `account` names the sentence guard (and its word) behind every discarded sentence,
/// and the run counts each guard in the diagnostics.
#[test]
fn account_names_each_sentence_guard() {
    let s = Scratch::new();
    let lines = [
        "Jasper Nakashima: We might need more seats someday.",
        "Jasper Nakashima: Adding more seats is too expensive for us.",
        "Jasper Nakashima: We will not need more seats.",
        "Jasper Nakashima: We added 40 more seats last spring.",
        "Jasper Nakashima: Our sister company wants more seats.",
        "Jasper Nakashima: Honestly, we need ten more seats for the Leeds office.",
    ];
    let call = serde_json::json!({
        "account_id": "acc-0117",
        "call_id": "call-guards",
        "occurred_at": "2026-11-20T15:00:00Z",
        "attendees": [
            {"name": "Marcus Oyelaran", "is_customer": false, "role": "Customer Success Manager"},
            {"name": "Jasper Nakashima", "is_customer": true, "title": "Program Manager"}
        ],
        "transcript_text": lines.join("\n"),
    });
    let calls = s.read("data/calls.jsonl");
    s.write("data/calls.jsonl", &format!("{calls}{call}\n"));
    let o = s.run(&["account", "acc-0117", "--data", "data", "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "discarded: conditional marker \"might\"",
        "discarded: price objection or complaint guard \"too (expensive|pricey|costly|steep|much)\"",
        "discarded: negation guard \"not\"",
        "discarded: past event guard",
        "discarded: another company or a competitor guard \"sister (company|division|team|agency|brand|firm|org)\"",
        "kept: mention of additional-team-seats",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let doc: Value = serde_json::from_str(&stdout(&s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--dry-run",
    ])))
    .unwrap();
    let d = &doc["diagnostics"];
    for key in [
        "past_matches",
        "negation_matches",
        "other_party_matches",
        "objection_matches",
    ] {
        assert!(d[key].as_u64().unwrap() >= 1, "{key}: {d}");
    }
}

#[test]
fn log_format_is_a_global_flag() {
    let o = run_in(&root(), &["--log-format", "json", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run_in(&root(), &["check", "--log-format", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run_in(&root(), &["--log-format", "xml", "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--log-format"), "{}", stderr(&o));
}

/// A reader that closes the pipe before the output is written (`phrases | head -0`)
/// ends the command by SIGPIPE, as other command-line tools end, with no panic.
#[cfg(unix)]
#[test]
fn closed_stdout_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
        .arg("phrases")
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.signal(), Some(13), "{:?} {err}", out.status);
}
