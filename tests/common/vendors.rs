//! Fake vendor servers for the connector tests: real HTTP servers on `127.0.0.1:0` that
//! check the auth header, speak each vendor's documented request and response shapes,
//! and can be told to answer 429 / 5xx first.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// What a fake saw, and what it should answer before behaving.
#[derive(Default)]
pub struct Ctl {
    /// `METHOD path?query` of every request that reached the server.
    pub hits: Mutex<Vec<String>>,
    /// JSON bodies of POST requests, in order.
    pub bodies: Mutex<Vec<Value>>,
    /// Statuses to answer (429 with `Retry-After: 0`, a 5xx, or 999: hang) before the
    /// real answer.
    pub script: Mutex<VecDeque<u16>>,
    /// Expected auth header (name, value).
    pub auth: (String, String),
    /// Paths that do their own auth (OAuth token endpoints).
    pub open_paths: Vec<&'static str>,
}

impl Ctl {
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
    pub fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().unwrap().clone()
    }
    pub fn fail_next(&self, statuses: &[u16]) {
        self.script.lock().unwrap().extend(statuses.iter().copied());
    }
}

async fn guard(State(ctl): State<Arc<Ctl>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let shown = match req.uri().query() {
        Some(q) => format!("{} {path}?{q}", req.method()),
        None => format!("{} {path}", req.method()),
    };
    ctl.hits.lock().unwrap().push(shown);
    if !ctl.open_paths.contains(&path.as_str()) {
        let got = req
            .headers()
            .get(ctl.auth.0.as_str())
            .and_then(|v| v.to_str().ok());
        if got != Some(ctl.auth.1.as_str()) {
            return (
                StatusCode::UNAUTHORIZED,
                Json(json!({"errors": ["unauthorized"]})),
            )
                .into_response();
        }
    }
    // Token endpoints are never scripted: the failures land on the data endpoints.
    let scripted = if ctl.open_paths.contains(&path.as_str()) {
        None
    } else {
        ctl.script.lock().unwrap().pop_front()
    };
    match scripted {
        Some(429) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "0")],
            "slow down",
        )
            .into_response(),
        // 999: hang far longer than the client's timeout, then answer.
        Some(999) => {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            (StatusCode::OK, "too late").into_response()
        }
        Some(s) => (StatusCode::from_u16(s).unwrap(), "upstream trouble").into_response(),
        None => next.run(req).await,
    }
}

/// Starts `router` behind the auth/script guard; returns its base URL.
pub async fn serve(router: Router, ctl: Arc<Ctl>) -> String {
    let router = router.layer(middleware::from_fn_with_state(ctl, guard));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn ts(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().expect("a timestamp string"))
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

fn offset_of(cursor: Option<&str>) -> usize {
    cursor
        .map(|c| c.trim_start_matches('c').parse().unwrap())
        .unwrap_or(0)
}

// ---------------------------------------------------------------- Gong

pub struct GongFake {
    pub ctl: Arc<Ctl>,
    /// `/v2/calls/extensive` call objects (`metaData.started` decides the window).
    pub calls: Vec<Value>,
    /// Monologues per call id.
    pub transcripts: HashMap<String, Value>,
    pub page_size: usize,
}

pub async fn gong(
    calls: Vec<Value>,
    transcripts: HashMap<String, Value>,
    page_size: usize,
) -> (String, Arc<GongFake>) {
    let ctl = Arc::new(Ctl {
        auth: ("authorization".into(), basic("gong-key", "gong-secret")),
        ..Ctl::default()
    });
    let fake = Arc::new(GongFake {
        ctl: ctl.clone(),
        calls,
        transcripts,
        page_size,
    });
    let router = Router::new()
        .route("/v2/calls/extensive", post(gong_calls))
        .route("/v2/calls/transcript", post(gong_transcripts))
        .with_state(fake.clone());
    (serve(router, ctl).await, fake)
}

fn gong_filter(body: &Value, calls: &[Value]) -> Vec<Value> {
    let from = ts(&body["filter"]["fromDateTime"]);
    let to = ts(&body["filter"]["toDateTime"]);
    calls
        .iter()
        // Gong: on or after fromDateTime, up to but excluding toDateTime.
        .filter(|c| {
            let t = ts(&c["metaData"]["started"]);
            from <= t && t < to
        })
        .cloned()
        .collect()
}

fn gong_page(items: Vec<Value>, cursor: Option<&str>, size: usize) -> (Vec<Value>, Value) {
    let offset = offset_of(cursor);
    let page: Vec<Value> = items.iter().skip(offset).take(size).cloned().collect();
    let mut records = json!({
        "totalRecords": items.len(),
        "currentPageSize": page.len(),
        "currentPageNumber": offset / size,
    });
    if offset + size < items.len() {
        records["cursor"] = json!(format!("c{}", offset + size));
    }
    (page, records)
}

fn gong_empty() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"requestId": "r404", "errors": ["No calls found corresponding to the provided filters"]})),
    )
        .into_response()
}

async fn gong_calls(State(f): State<Arc<GongFake>>, Json(body): Json<Value>) -> Response {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    if body["contentSelector"]["exposedFields"]["parties"] != json!(true) {
        return (StatusCode::BAD_REQUEST, "parties not exposed").into_response();
    }
    let matching = gong_filter(&body, &f.calls);
    if matching.is_empty() {
        return gong_empty();
    }
    let (page, records) = gong_page(matching, body["cursor"].as_str(), f.page_size);
    Json(json!({"requestId": "r1", "records": records, "calls": page})).into_response()
}

async fn gong_transcripts(State(f): State<Arc<GongFake>>, Json(body): Json<Value>) -> Response {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    let ids: Vec<&str> = body["filter"]["callIds"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let items: Vec<Value> = ids
        .iter()
        .filter_map(|id| {
            f.transcripts
                .get(*id)
                .map(|t| json!({"callId": id, "transcript": t}))
        })
        .collect();
    if items.is_empty() {
        return gong_empty();
    }
    let (page, records) = gong_page(items, body["cursor"].as_str(), f.page_size);
    Json(json!({"requestId": "r2", "records": records, "callTranscripts": page})).into_response()
}

/// A Gong call object.
pub fn gong_call(id: &str, started: &str, crm_account: Option<&str>, parties: Vec<Value>) -> Value {
    let context = match crm_account {
        Some(a) => json!([{"system": "Salesforce", "objects": [
            {"objectType": "Account", "objectId": a, "fields": [{"name": "Name", "value": "x"}], "timing": "Now"}
        ]}]),
        None => json!([]),
    };
    json!({
        "metaData": {"id": id, "url": format!("https://app.gong.io/call?id={id}"), "title": "Check-in",
                      "scheduled": started, "started": started, "duration": 1800, "system": "Zoom",
                      "scope": "External", "media": "Video", "language": "eng"},
        "context": context,
        "parties": parties,
    })
}

pub fn gong_party(name: &str, email: &str, speaker: &str, affiliation: &str) -> Value {
    json!({"id": format!("p-{speaker}"), "emailAddress": email, "name": name, "title": "Director",
           "speakerId": speaker, "affiliation": affiliation, "methods": ["Invitee"]})
}

// ---------------------------------------------------------------- Gainsight

pub struct GainsightFake {
    pub ctl: Arc<Ctl>,
    /// Records per object name.
    pub objects: HashMap<String, Vec<Value>>,
}

pub async fn gainsight(objects: HashMap<String, Vec<Value>>) -> (String, Arc<GainsightFake>) {
    let ctl = Arc::new(Ctl {
        auth: ("accesskey".into(), "gs-token".into()),
        ..Ctl::default()
    });
    let fake = Arc::new(GainsightFake {
        ctl: ctl.clone(),
        objects,
    });
    let router = Router::new()
        .route("/v1/data/objects/query/{object}", post(gainsight_query))
        .with_state(fake.clone());
    (serve(router, ctl).await, fake)
}

async fn gainsight_query(
    State(f): State<Arc<GainsightFake>>,
    axum::extract::Path(object): axum::extract::Path<String>,
    Json(body): Json<Value>,
) -> Response {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    let Some(records) = f.objects.get(&object) else {
        return Json(json!({"result": false, "errorCode": "GS_1001", "errorDesc": "object not found", "data": null}))
            .into_response();
    };
    let select: Vec<String> = body["select"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let limit = body["limit"].as_u64().unwrap() as usize;
    let offset = body["offset"].as_u64().unwrap() as usize;
    let conditions = body["where"]["conditions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let keep = |r: &Value| {
        conditions.iter().all(|c| {
            let v = r[c["name"].as_str().unwrap()]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let bound = c["value"][0].as_str().unwrap().to_string();
            match c["operator"].as_str().unwrap() {
                "GTE" => ts(&json!(v)) >= ts(&json!(bound)),
                "LT" => ts(&json!(v)) < ts(&json!(bound)),
                other => panic!("operator {other}"),
            }
        })
    };
    let page: Vec<Value> = records
        .iter()
        .filter(|r| keep(r))
        .skip(offset)
        .take(limit)
        .map(|r| {
            // Only the selected fields come back.
            let m: serde_json::Map<String, Value> = select
                .iter()
                .map(|k| (k.clone(), r.get(k).cloned().unwrap_or(Value::Null)))
                .collect();
            Value::Object(m)
        })
        .collect();
    Json(
        json!({"result": true, "errorCode": null, "errorDesc": null, "requestId": "g1",
                "data": {"records": page}, "message": null}),
    )
    .into_response()
}

// ---------------------------------------------------------------- Zendesk

pub struct ZendeskFake {
    pub ctl: Arc<Ctl>,
    pub tickets: Vec<Value>,
    pub organizations: Vec<Value>,
    pub page_size: usize,
}

pub async fn zendesk(
    tickets: Vec<Value>,
    organizations: Vec<Value>,
    page_size: usize,
) -> (String, Arc<ZendeskFake>) {
    let ctl = Arc::new(Ctl {
        auth: (
            "authorization".into(),
            basic("agent@vendor.example/token", "zd-token"),
        ),
        ..Ctl::default()
    });
    let fake = Arc::new(ZendeskFake {
        ctl: ctl.clone(),
        tickets,
        organizations,
        page_size,
    });
    let router = Router::new()
        .route(
            "/api/v2/incremental/tickets/cursor.json",
            get(zendesk_export),
        )
        .route("/api/v2/organizations/show_many.json", get(zendesk_orgs))
        .with_state(fake.clone());
    (serve(router, ctl).await, fake)
}

async fn zendesk_export(
    State(f): State<Arc<ZendeskFake>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    // The cursor encodes the start time and the offset, like Zendesk's opaque cursor.
    let (start, offset) = match (q.get("start_time"), q.get("cursor")) {
        (Some(s), None) => (s.parse::<i64>().unwrap(), 0),
        (None, Some(c)) => {
            let (s, o) = c.split_once('-').unwrap();
            (s.parse().unwrap(), o.parse().unwrap())
        }
        _ => return (StatusCode::BAD_REQUEST, "start_time or cursor").into_response(),
    };
    let matching: Vec<&Value> = f
        .tickets
        .iter()
        .filter(|t| ts(&t["updated_at"]).timestamp() >= start)
        .collect();
    let page: Vec<&Value> = matching
        .iter()
        .skip(offset)
        .take(f.page_size)
        .copied()
        .collect();
    let end = offset + f.page_size >= matching.len();
    let after = format!("{start}-{}", offset + f.page_size);
    Json(json!({
        "tickets": page,
        "after_url": format!("/api/v2/incremental/tickets/cursor.json?cursor={after}"),
        "after_cursor": after,
        "before_url": null,
        "before_cursor": null,
        "end_of_stream": end,
    }))
    .into_response()
}

async fn zendesk_orgs(
    State(f): State<Arc<ZendeskFake>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let ids: Vec<u64> = q["ids"].split(',').map(|i| i.parse().unwrap()).collect();
    let orgs: Vec<&Value> = f
        .organizations
        .iter()
        .filter(|o| ids.contains(&o["id"].as_u64().unwrap()))
        .collect();
    Json(json!({"organizations": orgs, "next_page": null, "previous_page": null, "count": orgs.len()}))
        .into_response()
}

// ---------------------------------------------------------------- Intercom

pub struct IntercomFake {
    pub ctl: Arc<Ctl>,
    pub conversations: Vec<Value>,
    pub page_size: usize,
}

pub async fn intercom(conversations: Vec<Value>, page_size: usize) -> (String, Arc<IntercomFake>) {
    let ctl = Arc::new(Ctl {
        auth: ("authorization".into(), "Bearer ic-token".into()),
        ..Ctl::default()
    });
    let fake = Arc::new(IntercomFake {
        ctl: ctl.clone(),
        conversations,
        page_size,
    });
    let router = Router::new()
        .route("/conversations/search", post(intercom_search))
        .with_state(fake.clone());
    (serve(router, ctl).await, fake)
}

async fn intercom_search(
    State(f): State<Arc<IntercomFake>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    f.ctl.bodies.lock().unwrap().push(body.clone());
    if headers.get("intercom-version").is_none() {
        return (StatusCode::BAD_REQUEST, "Intercom-Version missing").into_response();
    }
    let conditions = body["query"]["value"].as_array().unwrap().clone();
    let matching: Vec<&Value> = f
        .conversations
        .iter()
        .filter(|c| {
            conditions.iter().all(|q| {
                let v = c[q["field"].as_str().unwrap()].as_i64().unwrap();
                let bound = q["value"].as_i64().unwrap();
                match q["operator"].as_str().unwrap() {
                    ">" => v > bound,
                    "<" => v < bound,
                    other => panic!("operator {other}"),
                }
            })
        })
        .collect();
    let offset = offset_of(body["pagination"]["starting_after"].as_str());
    let page: Vec<&Value> = matching
        .iter()
        .skip(offset)
        .take(f.page_size)
        .copied()
        .collect();
    let total_pages = matching.len().div_ceil(f.page_size);
    let number = offset / f.page_size + 1;
    let mut pages = json!({"type": "pages", "page": number, "per_page": f.page_size, "total_pages": total_pages});
    if offset + f.page_size < matching.len() {
        pages["next"] =
            json!({"page": number + 1, "starting_after": format!("c{}", offset + f.page_size)});
    }
    Json(json!({"type": "conversation.list", "pages": pages, "total_count": matching.len(), "conversations": page}))
        .into_response()
}

// ---------------------------------------------------------------- Help Scout

pub struct HelpScoutFake {
    pub ctl: Arc<Ctl>,
    pub conversations: Vec<Value>,
    pub page_size: usize,
}

pub async fn helpscout(
    conversations: Vec<Value>,
    page_size: usize,
) -> (String, Arc<HelpScoutFake>) {
    let ctl = Arc::new(Ctl {
        auth: ("authorization".into(), "Bearer hs-access".into()),
        open_paths: vec!["/v2/oauth2/token"],
        ..Ctl::default()
    });
    let fake = Arc::new(HelpScoutFake {
        ctl: ctl.clone(),
        conversations,
        page_size,
    });
    let router = Router::new()
        .route("/v2/oauth2/token", post(helpscout_token))
        .route("/v2/conversations", get(helpscout_list))
        .with_state(fake.clone());
    (serve(router, ctl).await, fake)
}

async fn helpscout_token(Form(form): Form<HashMap<String, String>>) -> Response {
    let ok = form.get("grant_type").map(String::as_str) == Some("client_credentials")
        && form.get("client_id").map(String::as_str) == Some("hs-id")
        && form.get("client_secret").map(String::as_str) == Some("hs-secret");
    if !ok {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    Json(json!({"token_type": "bearer", "access_token": "hs-access", "expires_in": 172800}))
        .into_response()
}

async fn helpscout_list(
    State(f): State<Arc<HelpScoutFake>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    // query=(createdAt:[FROM TO TO]), both ends inclusive as Help Scout documents.
    let query = q.get("query").cloned().unwrap_or_default();
    let inner = query
        .trim_start_matches("(createdAt:[")
        .trim_end_matches("])")
        .to_string();
    let Some((from, to)) = inner.split_once(" TO ") else {
        return (StatusCode::BAD_REQUEST, "query").into_response();
    };
    let (from, to) = (ts(&json!(from)), ts(&json!(to)));
    let matching: Vec<&Value> = f
        .conversations
        .iter()
        .filter(|c| {
            let t = ts(&c["createdAt"]);
            from <= t && t <= to
        })
        .collect();
    let number: usize = q.get("page").map(|p| p.parse().unwrap()).unwrap_or(1);
    let page: Vec<&Value> = matching
        .iter()
        .skip((number - 1) * f.page_size)
        .take(f.page_size)
        .copied()
        .collect();
    let total_pages = matching.len().div_ceil(f.page_size);
    Json(json!({
        "_embedded": {"conversations": page},
        "_links": {"self": {"href": "x"}, "next": {"href": "y"}},
        "page": {"size": f.page_size, "totalElements": matching.len(), "totalPages": total_pages, "number": number},
    }))
    .into_response()
}
