//! The bundled demo portfolio served in the vendors' shapes, and a config pointing at
//! the fakes.
#![allow(dead_code)]

use chrono::SecondsFormat;
use expansion_signals::model::Portfolio;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn domain(email: &str) -> Option<String> {
    email.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())
}

/// The demo portfolio in Gong's shapes: even calls carry the CRM account id, odd ones
/// only their participants (mapped by e-mail domain).
pub fn gong_data(p: &Portfolio) -> (Vec<Value>, HashMap<String, Value>) {
    let mut calls = Vec::new();
    let mut transcripts = HashMap::new();
    for (i, c) in p.calls.iter().enumerate() {
        let parties: Vec<Value> = c
            .attendees
            .iter()
            .enumerate()
            .map(|(k, a)| {
                json!({"id": format!("p{k}"), "name": a.name, "emailAddress": a.email, "title": a.title,
                       "speakerId": format!("s{k}"),
                       "affiliation": if a.is_customer { "External" } else { "Internal" }})
            })
            .collect();
        let crm = (i % 2 == 0).then_some(c.account_id.as_str());
        let started = c.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        calls.push(super::gong_call(&c.call_id, &started, crm, parties));
        let speaker = |name: &str| {
            c.attendees
                .iter()
                .position(|a| a.name.trim().eq_ignore_ascii_case(name.trim()))
                .map(|k| format!("s{k}"))
        };
        let mut monologues: Vec<(Option<String>, Vec<String>)> = Vec::new();
        if let Some(turns) = &c.transcript {
            for t in turns {
                monologues.push((
                    speaker(&t.speaker),
                    t.text.lines().map(String::from).collect(),
                ));
            }
        } else if let Some(text) = &c.transcript_text {
            for line in text.lines() {
                match line
                    .split_once(':')
                    .and_then(|(n, rest)| speaker(n).map(|s| (s, rest)))
                {
                    Some((s, rest)) => monologues.push((Some(s), vec![rest.trim().to_string()])),
                    None => match monologues.last_mut() {
                        Some(m) => m.1.push(line.to_string()),
                        None => monologues.push((None, vec![line.to_string()])),
                    },
                }
            }
        }
        if !monologues.is_empty() {
            let t: Vec<Value> = monologues
                .into_iter()
                .map(|(s, lines)| {
                    json!({"speakerId": s, "topic": null, "sentences": lines.iter().enumerate()
                        .map(|(n, l)| json!({"start": n * 1000, "end": n * 1000 + 900, "text": l}))
                        .collect::<Vec<_>>()})
                })
                .collect();
            transcripts.insert(c.call_id.clone(), Value::Array(t));
        }
    }
    (calls, transcripts)
}

/// Each account's customer e-mail domains, as a Gainsight field would hold them.
pub fn account_domains(p: &Portfolio) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for c in &p.calls {
        for a in c.attendees.iter().filter(|a| a.is_customer) {
            if let Some(d) = a.email.as_deref().and_then(domain) {
                out.entry(c.account_id.clone()).or_default().insert(d);
            }
        }
    }
    out
}

pub fn gainsight_data(p: &Portfolio) -> HashMap<String, Vec<Value>> {
    let domains = account_domains(p);
    let companies = p
        .accounts
        .iter()
        .map(|a| {
            let d: Vec<String> = domains.get(&a.id).map(|d| d.iter().cloned().collect()).unwrap_or_default();
            json!({"Gsid": a.id, "Name": a.name, "Arr": a.arr, "Segment__gc": a.segment, "Tier__gc": a.tier,
                   "CsmEmail__gc": a.owner_email, "CsmName__gc": a.owner_name,
                   "RenewalDate": a.renewal_date.to_string(), "Domains__gc": d.join(",")})
        })
        .collect();
    let usage = p
        .usage_events
        .iter()
        .map(|e| {
            json!({"Gsid": e.event_id, "CompanyId__gc": e.account_id, "Type__gc": e.event_type,
                   "Metric__gc": e.metric_name, "Current__gc": e.value_current, "Baseline__gc": e.value_baseline,
                   "Delta__gc": e.delta_pct,
                   "OccurredAt__gc": e.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                   "Feature__gc": e.feature, "Department__gc": e.department})
        })
        .collect();
    HashMap::from([
        ("Company".to_string(), companies),
        ("UsageAnomaly__gc".to_string(), usage),
    ])
}

pub fn zendesk_data(p: &Portfolio) -> (Vec<Value>, Vec<Value>) {
    let org_of: HashMap<&str, usize> = p
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();
    let tickets = p
        .support_tickets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = t.opened_at.to_rfc3339_opts(SecondsFormat::Secs, true);
            json!({"id": i + 1, "created_at": at, "updated_at": at, "subject": t.subject,
                   "description": t.body_summary, "tags": t.tags, "status": "open",
                   "organization_id": org_of.get(t.account_id.as_str())})
        })
        .collect();
    let orgs = p
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| json!({"id": i + 1, "name": a.name, "external_id": a.id, "organization_fields": {}}))
        .collect();
    (tickets, orgs)
}

pub fn config_text(gong: &str, gainsight: &str, zendesk: &str) -> String {
    format!(
        r#"data = "{data}"

[sources.calls]
kind = "gong"
base_url = "{gong}"
requests_per_second = 1000

[sources.accounts]
kind = "gainsight"
base_url = "{gainsight}"
page_size = 50
fields = {{ segment = "Segment__gc", tier = "Tier__gc", owner_email = "CsmEmail__gc", owner_name = "CsmName__gc", domains = "Domains__gc" }}

[sources.usage_events]
kind = "gainsight"
base_url = "{gainsight}"
object = "UsageAnomaly__gc"
page_size = 50
[sources.usage_events.fields]
event_id = "Gsid"
account_id = "CompanyId__gc"
event_type = "Type__gc"
metric_name = "Metric__gc"
value_current = "Current__gc"
value_baseline = "Baseline__gc"
delta_pct = "Delta__gc"
occurred_at = "OccurredAt__gc"
feature = "Feature__gc"
department = "Department__gc"

[sources.support_tickets]
kind = "zendesk"
base_url = "{zendesk}"

[sources.stakeholder_changes]
kind = "files"
"#,
        data = root().join("fixtures/demo").display()
    )
}

pub fn env_all() -> Vec<(&'static str, &'static str)> {
    vec![
        ("GONG_API_KEY", "gong-key:gong-secret"),
        ("GAINSIGHT_TOKEN", "gs-token"),
        ("ZENDESK_API_TOKEN", "zd-token"),
        ("ZENDESK_EMAIL", "agent@vendor.example"),
    ]
}
