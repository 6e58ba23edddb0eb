//! Every connector against a fake vendor server on 127.0.0.1:0: paging, 429 and 5xx
//! retries, refused credentials, window boundaries and account mapping.

mod common;

use chrono::NaiveDate;
use expansion_signals::config::sources::{
    AccountFieldNames, GainsightAccountsConfig, GainsightUsageConfig, GongConfig, GongKey,
    HelpScoutConfig, HelpScoutKey, IntercomConfig, OrgMapping, SourcesEnv, UsageFieldNames,
    ZendeskConfig, ZendeskKey,
};
use expansion_signals::config::{Env, Secret};
use expansion_signals::model::Account;
use expansion_signals::pipeline::collect::Window;
use expansion_signals::sources::connect::map_tickets;
use expansion_signals::sources::connector::{AccountIndex, Range, RawTicket, TicketConnector};
use expansion_signals::sources::http::{FetchError, Progress, RetryPolicy};
use expansion_signals::sources::vendors::gainsight::Gainsight;
use expansion_signals::sources::vendors::gong::{self, Gong};
use expansion_signals::sources::vendors::helpscout::HelpScout;
use expansion_signals::sources::vendors::intercom::Intercom;
use expansion_signals::sources::vendors::zendesk::Zendesk;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(2),
        timeout: Duration::from_secs(10),
    }
}

/// as_of 2026-11-23, 7 days: [2026-11-17T00:00Z, 2026-11-24T00:00Z).
fn range() -> Range {
    Range::for_window(Window::new(
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        7,
    ))
}

fn account(id: &str, domain: &str) -> Account {
    Account {
        id: id.into(),
        name: format!("Account {id}"),
        arr: 50_000.0,
        segment: "mid-market".into(),
        tier: "business".into(),
        owner_email: "csm@vendor.example".into(),
        owner_name: None,
        owner_locale: None,
        renewal_date: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
        domains: vec![domain.into()],
        fields: Default::default(),
    }
}

fn index() -> AccountIndex {
    AccountIndex::new(&[
        account("acc-1", "one.example"),
        account("acc-2", "two.example"),
    ])
}

fn auth_error(e: FetchError, vendor: &str, variable: &str) {
    let msg = e.to_string();
    assert!(matches!(e, FetchError::Auth { status: 401, .. }), "{msg}");
    assert!(msg.starts_with(&format!("{vendor}: ")), "{msg}");
    assert!(
        msg.contains("credentials were refused") && msg.contains(variable),
        "{msg}"
    );
}

// ---------------------------------------------------------------- Gong

fn gong_config(base: &str) -> GongConfig {
    GongConfig {
        base_url: base.into(),
        workspace_id: None,
        requests_per_second: 1000.0,
    }
}

fn gong_key(secret: &str) -> GongKey {
    GongKey {
        access_key: Secret::new("gong-key"),
        secret: Secret::new(secret),
    }
}

fn gong_week() -> (Vec<Value>, HashMap<String, Value>) {
    use common::{gong_call, gong_party};
    let ext = |email: &str| gong_party("Dana Reyes", email, "s1", "External");
    let csm = gong_party("Casey Csm", "casey@vendor.example", "s2", "Internal");
    let calls = vec![
        // On fromDateTime: included.
        gong_call(
            "c1",
            "2026-11-17T00:00:00Z",
            Some("acc-1"),
            vec![ext("dana@one.example"), csm.clone()],
        ),
        // No CRM context: mapped by the external participant's domain.
        gong_call(
            "c2",
            "2026-11-18T09:00:00-05:00",
            None,
            vec![ext("dana@one.example"), csm.clone()],
        ),
        // A CRM id we do not know: falls back to the domain.
        gong_call(
            "c3",
            "2026-11-19T10:00:00Z",
            Some("001SFDC"),
            vec![ext("li@two.example")],
        ),
        // Only an `Unknown` participant: not mapped, counted.
        gong_call(
            "c4",
            "2026-11-20T10:00:00Z",
            None,
            vec![gong_party("Dial-in", "x@two.example", "s9", "Unknown")],
        ),
        // Last second of the window: included.
        gong_call(
            "c5",
            "2026-11-23T23:59:59Z",
            Some("acc-2"),
            vec![csm.clone()],
        ),
        // On toDateTime (exclusive) and before fromDateTime: not returned.
        gong_call("c6", "2026-11-24T00:00:00Z", Some("acc-1"), vec![]),
        gong_call("c7", "2026-11-16T23:59:59Z", Some("acc-1"), vec![]),
    ];
    let transcripts = HashMap::from([
        (
            "c1".to_string(),
            json!([
                {"speakerId": "s2", "topic": "Intro", "sentences": [{"start": 0, "end": 900, "text": "How is the rollout?"}]},
                {"speakerId": "s1", "topic": "Usage", "sentences": [
                    {"start": 1000, "end": 2000, "text": "We are out of seats."},
                    {"start": 2000, "end": 3000, "text": "Finance wants a quote."}
                ]}
            ]),
        ),
        (
            "c5".to_string(),
            json!([{"speakerId": "s2", "sentences": [{"start": 0, "end": 1, "text": "Thanks."}]}]),
        ),
    ]);
    (calls, transcripts)
}

#[tokio::test]
async fn gong_pages_window_and_account_mapping() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    let g = Gong::new(&gong_config(&base), gong_key("gong-secret"), policy());
    let mut counter = Progress::hidden().source("calls");
    let fetched = g.fetch(&range(), &index(), &mut counter).await.unwrap();

    // Five calls in the window at two per page: three pages, following the cursor.
    let bodies = fake.ctl.bodies();
    let listing: Vec<&Value> = bodies
        .iter()
        .filter(|b| b.get("contentSelector").is_some())
        .collect();
    assert_eq!(listing.len(), 3);
    assert_eq!(listing[0]["filter"]["fromDateTime"], "2026-11-17T00:00:00Z");
    assert_eq!(listing[0]["filter"]["toDateTime"], "2026-11-24T00:00:00Z");
    assert!(listing[0].get("cursor").is_none());
    assert_eq!(listing[1]["cursor"], "c2");
    assert_eq!(listing[2]["cursor"], "c4");
    let ids: Vec<&str> = fetched
        .calls
        .iter()
        .map(|c| c.meta_data.id.as_str())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    // Transcripts are asked for the mapped calls only (c4 belongs to no account).
    let asked: Vec<&Value> = bodies
        .iter()
        .filter(|b| b.get("contentSelector").is_none())
        .collect();
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0]["filter"]["callIds"],
        json!(["c1", "c2", "c3", "c5"])
    );

    let (mapped, stats) = gong::map_calls(&fetched, &index(), &range());
    let got: Vec<(&str, &str)> = mapped
        .iter()
        .map(|c| (c.call_id.as_str(), c.account_id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("gong-c1", "acc-1"),
            ("gong-c2", "acc-1"),
            ("gong-c3", "acc-2"),
            ("gong-c5", "acc-2")
        ]
    );
    assert_eq!(
        (stats.by_crm_id, stats.by_domain, stats.unmatched),
        (2, 2, 1)
    );
    assert_eq!(stats.unmatched_ids, ["c4"]);
    // Transcripts joined by speakerId; the customer is the External party.
    let c1 = &mapped[0];
    let turns = c1.transcript.as_ref().unwrap();
    assert_eq!(turns[1].speaker, "Dana Reyes");
    assert_eq!(
        turns[1].text,
        "We are out of seats.\nFinance wants a quote."
    );
    assert!(
        c1.attendees
            .iter()
            .any(|a| a.name == "Dana Reyes" && a.is_customer)
    );
    assert!(
        c1.attendees
            .iter()
            .any(|a| a.name == "Casey Csm" && !a.is_customer)
    );
    assert!(mapped[1].transcript.is_none() && mapped[1].transcript_url.is_some());
}

#[tokio::test]
async fn gong_empty_range_404_is_zero_calls() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    let g = Gong::new(&gong_config(&base), gong_key("gong-secret"), policy());
    let empty = Range::for_window(Window::new(
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        7,
    ));
    let fetched = g
        .fetch(&empty, &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap();
    assert!(fetched.calls.is_empty());
    // One listing request answered 404, no transcript request.
    assert_eq!(fake.ctl.hits().len(), 1);

    // A 404 without Gong's "No calls found" (a wrong base_url) is an error.
    let wrong = Gong::new(
        &gong_config(&format!("{base}/typo")),
        gong_key("gong-secret"),
        policy(),
    );
    let msg = wrong
        .fetch(&range(), &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("gong: POST /v2/calls/extensive, page 1: HTTP 404"),
        "{msg}"
    );
}

#[tokio::test]
async fn gong_retries_429_and_5xx() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    fake.ctl.fail_next(&[429, 503]);
    let g = Gong::new(&gong_config(&base), gong_key("gong-secret"), policy());
    let fetched = g
        .fetch(&range(), &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap();
    assert_eq!(fetched.calls.len(), 5);
    let hits = fake.ctl.hits();
    // Two refused attempts, then 3 listing pages and 1 transcript page.
    assert_eq!(hits.len(), 2 + 3 + 1, "{hits:?}");
}

#[tokio::test]
async fn gong_retries_a_timed_out_request() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    fake.ctl.fail_next(&[999]);
    let short = RetryPolicy {
        timeout: Duration::from_secs(2),
        ..policy()
    };
    let g = Gong::new(&gong_config(&base), gong_key("gong-secret"), short);
    let fetched = g
        .fetch(&range(), &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap();
    assert_eq!(fetched.calls.len(), 5);
    // The hung first attempt, then 3 listing pages and 1 transcript page.
    assert_eq!(fake.ctl.hits().len(), 1 + 3 + 1);
}

#[tokio::test]
async fn gong_refused_key_fails_with_a_clear_message() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    let g = Gong::new(&gong_config(&base), gong_key("wrong"), policy());
    let err = g
        .fetch(&range(), &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap_err();
    auth_error(err, "gong", "GONG_API_KEY");
    assert_eq!(fake.ctl.hits().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn gong_gives_up_after_bounded_retries() {
    let (calls, transcripts) = gong_week();
    let (base, fake) = common::gong(calls, transcripts, 2).await;
    fake.ctl.fail_next(&[500, 500, 500, 500, 500]);
    let g = Gong::new(&gong_config(&base), gong_key("gong-secret"), policy());
    let err = g
        .fetch(&range(), &index(), &mut Progress::hidden().source("calls"))
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("gong: POST /v2/calls/extensive, page 1: HTTP 500")
            && msg.contains("4 attempt(s)"),
        "{msg}"
    );
    assert_eq!(fake.ctl.hits().len(), 4);
}

// ---------------------------------------------------------------- Gainsight

fn gainsight_accounts_cfg(base: &str) -> GainsightAccountsConfig {
    GainsightAccountsConfig {
        base_url: base.into(),
        object: "Company".into(),
        page_size: 2,
        fields: AccountFieldNames {
            id: "Gsid".into(),
            name: "Name".into(),
            arr: "Arr".into(),
            segment: "Segment__gc".into(),
            tier: "Tier__gc".into(),
            owner_email: "CsmEmail__gc".into(),
            owner_name: None,
            renewal_date: "RenewalDate".into(),
            domains: Some("Domains__gc".into()),
            seats_licensed: None,
            seats_used: None,
            health_score: None,
            headcount_growth_pct: None,
            departments: None,
        },
    }
}

fn gainsight_usage_cfg(base: &str) -> GainsightUsageConfig {
    GainsightUsageConfig {
        base_url: base.into(),
        object: "UsageAnomaly__gc".into(),
        page_size: 2,
        fields: UsageFieldNames {
            event_id: Some("Gsid".into()),
            account_id: "CompanyId__gc".into(),
            event_type: "Type__gc".into(),
            metric_name: "Metric__gc".into(),
            value_current: "Current__gc".into(),
            value_baseline: "Baseline__gc".into(),
            delta_pct: "Delta__gc".into(),
            occurred_at: "OccurredAt__gc".into(),
            feature: None,
            department: None,
        },
    }
}

fn gainsight_objects() -> HashMap<String, Vec<Value>> {
    let companies: Vec<Value> = (1..=5)
        .map(|i| {
            json!({"Gsid": format!("acc-{i}"), "Name": format!("Company {i}"), "Arr": 1000 * i,
                   "Segment__gc": "SMB", "Tier__gc": "Starter", "CsmEmail__gc": "csm@vendor.example",
                   "RenewalDate": "2027-01-31", "Domains__gc": format!("c{i}.example"), "Extra": true})
        })
        .collect();
    let usage: Vec<Value> = [
        "2026-11-16T23:59:59Z",
        "2026-11-17T00:00:00Z",
        "2026-11-19T12:00:00Z",
        "2026-11-20T12:00:00Z",
        "2026-11-21T12:00:00Z",
        "2026-11-22T12:00:00Z",
        "2026-11-24T00:00:00Z",
    ]
    .iter()
    .enumerate()
    .map(|(i, at)| {
        json!({"Gsid": format!("u{i}"), "CompanyId__gc": "acc-1", "Type__gc": "seat_growth",
               "Metric__gc": "seat_count", "Current__gc": 120, "Baseline__gc": "100", "Delta__gc": 20.0,
               "OccurredAt__gc": at})
    })
    .collect();
    HashMap::from([
        ("Company".to_string(), companies),
        ("UsageAnomaly__gc".to_string(), usage),
    ])
}

#[tokio::test]
async fn gainsight_accounts_page_by_offset() {
    let (base, fake) = common::gainsight(gainsight_objects()).await;
    let g = Gainsight::new(&base, Secret::new("gs-token"), policy());
    let mut counter = Progress::hidden().source("accounts");
    let accounts = g
        .accounts(&gainsight_accounts_cfg(&base), &mut counter)
        .await
        .unwrap();
    assert!(accounts.skipped.is_empty());
    let accounts = accounts.accounts;
    let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["acc-1", "acc-2", "acc-3", "acc-4", "acc-5"]);
    assert_eq!(accounts[2].domains, ["c3.example"]);
    assert_eq!(accounts[2].segment, "smb");
    let offsets: Vec<u64> = fake
        .ctl
        .bodies()
        .iter()
        .map(|b| b["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [0, 2, 4]);
    assert_eq!(counter.pages, 3);
}

#[tokio::test]
async fn gainsight_skips_churned_companies_and_names_them() {
    let mut objects = gainsight_objects();
    let companies = objects.get_mut("Company").unwrap();
    // (company index, field emptied, how): each one is left out, the others kept.
    let cases: &[(usize, &str, Value)] = &[
        (1, "Arr", Value::Null),
        (2, "CsmEmail__gc", json!("  ")),
        (3, "RenewalDate", Value::Null),
    ];
    for (i, field, value) in cases {
        companies[*i][*field] = value.clone();
    }
    companies[3].as_object_mut().unwrap().remove("Arr");
    let (base, _fake) = common::gainsight(objects).await;
    let g = Gainsight::new(&base, Secret::new("gs-token"), policy());
    let mut counter = Progress::hidden().source("accounts");
    let fetched = g
        .accounts(&gainsight_accounts_cfg(&base), &mut counter)
        .await
        .unwrap();
    let ids: Vec<&str> = fetched.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["acc-1", "acc-5"]);
    let skipped: Vec<String> = fetched.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "acc-2 (Company 2): no arr",
            "acc-3 (Company 3): no owner_email",
            "acc-4 (Company 4): no arr, no renewal_date",
        ]
    );
    assert_eq!(counter.records, 5);

    // A value that is there but wrong still stops the fetch, naming the record.
    let mut objects = gainsight_objects();
    objects.get_mut("Company").unwrap()[2]["Arr"] = json!("lots");
    let (base, _fake) = common::gainsight(objects).await;
    let g = Gainsight::new(&base, Secret::new("gs-token"), policy());
    let msg = g
        .accounts(
            &gainsight_accounts_cfg(&base),
            &mut Progress::hidden().source("a"),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(msg.contains("record 2: field `Arr` (arr)"), "{msg}");
}

#[tokio::test]
async fn gainsight_usage_window_and_retries() {
    let (base, fake) = common::gainsight(gainsight_objects()).await;
    fake.ctl.fail_next(&[429, 502]);
    let g = Gainsight::new(&base, Secret::new("gs-token"), policy());
    let events = g
        .usage_events(
            &gainsight_usage_cfg(&base),
            &range(),
            &mut Progress::hidden().source("usage"),
        )
        .await
        .unwrap();
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e.event_id.as_deref().unwrap())
        .collect();
    // 2026-11-17T00:00:00Z is in, 2026-11-24T00:00:00Z and earlier than the 17th are out.
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(events[0].value_baseline, 100.0);
    let w = &fake.ctl.bodies()[0]["where"];
    assert_eq!(w["conditions"][0]["operator"], "GTE");
    assert_eq!(w["conditions"][0]["value"][0], "2026-11-17T00:00:00Z");
    assert_eq!(w["conditions"][1]["operator"], "LT");
    assert_eq!(w["conditions"][1]["value"][0], "2026-11-24T00:00:00Z");
    // 2 refused + 3 pages (5 records at 2 per page: the last short page ends it).
    assert_eq!(fake.ctl.hits().len(), 5);
}

#[tokio::test]
async fn gainsight_refused_token_and_bad_records() {
    let (base, _fake) = common::gainsight(gainsight_objects()).await;
    let g = Gainsight::new(&base, Secret::new("nope"), policy());
    let err = g
        .accounts(
            &gainsight_accounts_cfg(&base),
            &mut Progress::hidden().source("a"),
        )
        .await
        .unwrap_err();
    auth_error(err, "gainsight", "GAINSIGHT_TOKEN");

    // A field mapping that names a missing field fails with the page and the field.
    let g = Gainsight::new(&base, Secret::new("gs-token"), policy());
    let mut cfg = gainsight_accounts_cfg(&base);
    cfg.fields.owner_email = "Owner__gc".into();
    let msg = g
        .accounts(&cfg, &mut Progress::hidden().source("a"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("gainsight: POST /v1/data/objects/query/Company, page 1: record 0: field `Owner__gc` (owner_email)"),
        "{msg}"
    );
    // An unknown object: Gainsight's own error is shown.
    cfg = gainsight_accounts_cfg(&base);
    cfg.object = "Compny".into();
    let msg = g
        .accounts(&cfg, &mut Progress::hidden().source("a"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("GS_1001") && msg.contains("object not found"),
        "{msg}"
    );
}

// ---------------------------------------------------------------- tickets

fn ticket_ids(t: &[RawTicket]) -> Vec<&str> {
    t.iter().map(|t| t.id.as_str()).collect()
}

fn zendesk_data() -> (Vec<Value>, Vec<Value>) {
    let t = |id: u64, created: &str, org: Option<u64>| {
        json!({"id": id, "url": "x", "created_at": created, "updated_at": created, "subject": format!("Ticket {id}"),
               "description": "Please add SSO for the whole team.", "tags": ["sso"], "organization_id": org,
               "status": "open", "requester_id": 5})
    };
    let tickets = vec![
        t(1, "2026-11-10T10:00:00Z", Some(100)),
        t(2, "2026-11-17T00:00:00Z", Some(100)),
        t(3, "2026-11-18T10:00:00Z", Some(200)),
        t(4, "2026-11-19T10:00:00Z", Some(300)),
        t(5, "2026-11-20T10:00:00Z", None),
        t(6, "2026-11-24T00:00:00Z", Some(100)),
    ];
    let orgs = vec![
        json!({"id": 100, "name": "One", "external_id": "acc-1", "organization_fields": {"account_id": "acc-2"}}),
        json!({"id": 200, "name": "Two", "external_id": "acc-2", "organization_fields": {}}),
        json!({"id": 300, "name": "Other", "external_id": "acc-x", "organization_fields": {}}),
    ];
    (tickets, orgs)
}

fn zendesk_connector(base: &str, token: &str, mapping: OrgMapping) -> Zendesk {
    Zendesk::new(
        &ZendeskConfig {
            base_url: base.into(),
            account_from: mapping,
        },
        ZendeskKey {
            email: "agent@vendor.example".into(),
            token: Secret::new(token),
        },
        policy(),
    )
}

#[tokio::test]
async fn zendesk_cursor_export_org_mapping_and_retries() {
    let (tickets, orgs) = zendesk_data();
    let (base, fake) = common::zendesk(tickets, orgs, 2).await;
    fake.ctl.fail_next(&[429, 500]);
    let z = zendesk_connector(&base, "zd-token", OrgMapping::ExternalId);
    let mut counter = Progress::hidden().source("tickets");
    let raw = z.fetch_tickets(&range(), &mut counter).await.unwrap();
    let hits = fake.ctl.hits();
    let exports: Vec<&String> = hits.iter().filter(|h| h.contains("incremental")).collect();
    // start_time is the window start; then the cursor until end_of_stream.
    assert!(
        exports[0].ends_with("?start_time=1794873600"),
        "{exports:?}"
    );
    assert!(exports.last().unwrap().contains("cursor="), "{exports:?}");
    // 2 refused + 3 export pages (5 tickets updated since start_time) + 1 organizations.
    assert_eq!(hits.len(), 6, "{hits:?}");
    let (mapped, stats) = map_tickets(raw, &index(), &range());
    let got: Vec<(&str, &str)> = mapped
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.account_id.as_str()))
        .collect();
    assert_eq!(got, [("zendesk-2", "acc-1"), ("zendesk-3", "acc-2")]);
    // Ticket 4's organization names no known account; ticket 5 has none; 6 is on `to`.
    assert_eq!((stats.unmatched, stats.outside_window), (2, 1));
    assert_eq!(mapped[0].body_summary, "Please add SSO for the whole team.");

    // The organization-field mapping.
    let z = zendesk_connector(
        &base,
        "zd-token",
        OrgMapping::OrganizationField("account_id".into()),
    );
    let raw = z
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap();
    let (mapped, _) = map_tickets(raw, &index(), &range());
    assert_eq!(mapped[0].account_id, "acc-2");
}

#[tokio::test]
async fn zendesk_refused_token_and_unparsable_page() {
    let (mut tickets, orgs) = zendesk_data();
    let (base, _fake) = common::zendesk(tickets.clone(), orgs.clone(), 2).await;
    let err = zendesk_connector(&base, "bad", OrgMapping::ExternalId)
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap_err();
    auth_error(err, "zendesk", "ZENDESK_API_TOKEN");

    tickets[4]["created_at"] = json!("next tuesday");
    let (base, _fake) = common::zendesk(tickets, orgs, 2).await;
    let msg = zendesk_connector(&base, "zd-token", OrgMapping::ExternalId)
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("zendesk: GET /api/v2/incremental/tickets/cursor.json, page 2: the answer does not parse: at `tickets[1].created_at`"),
        "{msg}"
    );
    assert!(!msg.contains("next tuesday"), "{msg}");
}

fn intercom_data() -> Vec<Value> {
    let c = |id: &str, created: i64, email: &str, attr: Option<&str>| {
        json!({"type": "conversation", "id": id, "created_at": created, "updated_at": created, "title": null,
               "source": {"type": "conversation", "id": "s", "delivered_as": "customer_initiated",
                          "subject": "", "body": "<p>We need <b>SSO</b></p>",
                          "author": {"type": "user", "id": "u", "name": "Dana", "email": email}},
               "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "1", "name": "sso"}]},
               "custom_attributes": attr.map(|a| json!({"Account ID": a})).unwrap_or(json!({})),
               "state": "open"})
    };
    let from = range().from.timestamp();
    let to = range().to.timestamp();
    vec![
        c("i0", from - 1, "a@one.example", None),
        c("i1", from, "a@one.example", None),
        c("i2", from + 3600, "b@two.example", None),
        c("i3", from + 7200, "c@nowhere.example", Some("acc-2")),
        c("i4", from + 9000, "c@nowhere.example", None),
        c("i5", to - 1, "a@sub.one.example", None),
        c("i6", to, "a@one.example", None),
    ]
}

fn intercom_connector(base: &str, token: &str) -> Intercom {
    Intercom::new(
        &IntercomConfig {
            base_url: base.into(),
            account_attribute: Some("Account ID".into()),
        },
        Secret::new(token),
        policy(),
    )
}

#[tokio::test]
async fn intercom_search_cursor_window_and_retries() {
    let (base, fake) = common::intercom(intercom_data(), 2).await;
    fake.ctl.fail_next(&[429, 503]);
    let raw = intercom_connector(&base, "ic-token")
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap();
    assert_eq!(
        ticket_ids(&raw),
        [
            "intercom-i1",
            "intercom-i2",
            "intercom-i3",
            "intercom-i4",
            "intercom-i5"
        ]
    );
    let bodies = fake.ctl.bodies();
    assert_eq!(bodies.len(), 3, "three pages");
    assert_eq!(bodies[1]["pagination"]["starting_after"], "c2");
    assert_eq!(fake.ctl.hits().len(), 5);
    let (mapped, stats) = map_tickets(raw, &index(), &range());
    let got: Vec<(&str, &str)> = mapped
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.account_id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("intercom-i1", "acc-1"),
            ("intercom-i2", "acc-2"),
            ("intercom-i3", "acc-2"),
            ("intercom-i5", "acc-1")
        ]
    );
    assert_eq!(stats.unmatched, 1);
    assert_eq!(mapped[0].body_summary, "We need SSO");
}

#[tokio::test]
async fn intercom_refused_token() {
    let (base, _fake) = common::intercom(intercom_data(), 2).await;
    let err = intercom_connector(&base, "bad")
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap_err();
    auth_error(err, "intercom", "INTERCOM_TOKEN");
}

fn helpscout_data() -> Vec<Value> {
    let c = |id: u64, created: &str, email: &str| {
        json!({"id": id, "number": id + 1000, "threads": 2, "type": "email", "folderId": 1, "status": "active",
               "state": "published", "subject": format!("Question {id}"), "preview": "Can we add more seats?",
               "mailboxId": 7, "createdAt": created,
               "primaryCustomer": {"id": 9, "type": "customer", "first": "Dana", "last": "R", "email": email},
               "tags": [{"id": 1, "color": "#fff", "tag": "seats"}]})
    };
    vec![
        c(1, "2026-11-16T23:59:59Z", "a@one.example"),
        c(2, "2026-11-17T00:00:00Z", "a@one.example"),
        c(3, "2026-11-18T00:00:00Z", "b@two.example"),
        c(4, "2026-11-19T00:00:00Z", "x@else.example"),
        c(5, "2026-11-20T00:00:00Z", "b@two.example"),
        c(6, "2026-11-23T23:59:59Z", "a@one.example"),
        // On `to`: Help Scout's range is inclusive, so the fake returns it; we drop it.
        c(7, "2026-11-24T00:00:00Z", "a@one.example"),
    ]
}

fn helpscout_connector(base: &str, secret: &str) -> HelpScout {
    HelpScout::new(
        &HelpScoutConfig {
            base_url: base.into(),
            mailbox: None,
        },
        HelpScoutKey {
            client_id: Secret::new("hs-id"),
            client_secret: Secret::new(secret),
        },
        policy(),
    )
}

#[tokio::test]
async fn helpscout_token_pages_window_and_retries() {
    let (base, fake) = common::helpscout(helpscout_data(), 2).await;
    fake.ctl.fail_next(&[429, 500]);
    let raw = helpscout_connector(&base, "hs-secret")
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap();
    // Six conversations in [from, to] at two per page: three pages.
    let hits = fake.ctl.hits();
    let lists: Vec<&String> = hits
        .iter()
        .filter(|h| h.starts_with("GET /v2/conversations"))
        .collect();
    // Page 1 refused twice (429, 500), then pages 1 to 3, after one token request.
    assert_eq!(hits[0], "POST /v2/oauth2/token");
    assert_eq!(lists.len(), 5, "{hits:?}");
    assert!(lists[..3].iter().all(|h| h.contains("page=1")), "{lists:?}");
    assert!(lists[4].contains("page=3"));
    assert!(
        lists[0].contains("createdAt%3A%5B2026-11-17T00%3A00%3A00Z+TO+2026-11-24T00%3A00%3A00Z%5D"),
        "{lists:?}"
    );
    let (mapped, stats) = map_tickets(raw, &index(), &range());
    let got: Vec<(&str, &str)> = mapped
        .iter()
        .map(|t| (t.ticket_id.as_str(), t.account_id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("helpscout-2", "acc-1"),
            ("helpscout-3", "acc-2"),
            ("helpscout-5", "acc-2"),
            ("helpscout-6", "acc-1")
        ]
    );
    assert_eq!((stats.unmatched, stats.outside_window), (1, 1));
    assert_eq!(mapped[0].tags, ["seats"]);
}

#[tokio::test]
async fn helpscout_refused_client_secret() {
    let (base, fake) = common::helpscout(helpscout_data(), 2).await;
    let err = helpscout_connector(&base, "wrong")
        .fetch_tickets(&range(), &mut Progress::hidden().source("t"))
        .await
        .unwrap_err();
    auth_error(err, "helpscout", "HELPSCOUT_CLIENT_SECRET");
    assert_eq!(fake.ctl.hits(), ["POST /v2/oauth2/token"]);
}

#[tokio::test]
async fn a_fetch_reports_the_companies_it_left_out() {
    use expansion_signals::config::Config;
    use expansion_signals::sources::connect::Connectors;
    let mut objects = gainsight_objects();
    objects.get_mut("Company").unwrap()[3]["RenewalDate"] = Value::Null;
    let (base, _fake) = common::gainsight(objects).await;
    let data = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("calls.json", "[]"),
        ("usage_events.json", "[]"),
        ("support_tickets.json", "[]"),
    ] {
        std::fs::write(data.path().join(name), text).unwrap();
    }
    let text = format!(
        "data = \"{}\"\n[sources.accounts]\nkind = \"gainsight\"\nbase_url = \"{base}\"\npage_size = 2\nfields = {{ segment = \"Segment__gc\", tier = \"Tier__gc\", owner_email = \"CsmEmail__gc\", domains = \"Domains__gc\", id = \"Gsid\" }}\n",
        data.path().display()
    );
    let config = Config::parse("test.toml", &text).unwrap();
    let connectors = Connectors {
        env: SourcesEnv::from_env(
            &config.sources,
            Env::from_fn(&|k| (k == "GAINSIGHT_TOKEN").then(|| "gs-token".to_string())),
        )
        .unwrap(),
        sources: config.sources.clone(),
        data: config.data.clone(),
        policy: policy(),
    };
    let fetched = connectors
        .fetch(
            Window::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 7),
            &Progress::hidden(),
        )
        .await
        .unwrap();
    assert_eq!(fetched.portfolio.accounts.len(), 4);
    let accounts = &fetched.report.inputs[0];
    assert_eq!(accounts.input, "accounts");
    assert_eq!((accounts.stats.fetched, accounts.stats.kept), (5, 4));
    assert_eq!(
        accounts.stats.skipped,
        ["acc-4 (Company 4): no renewal_date"]
    );
    let json = serde_json::to_value(&fetched.report).unwrap();
    assert_eq!(
        json["inputs"][0]["skipped"][0],
        "acc-4 (Company 4): no renewal_date"
    );
    let line = &fetched.report.summary_lines()[0];
    assert!(
        line.contains("4 record(s) kept of 5 fetched")
            && line.contains("1 left out: acc-4 (Company 4): no renewal_date"),
        "{line}"
    );
}
