//! Gong: recorded calls with their parties and transcripts, mapped to accounts.
//!
//! Fetch first ([`Gong::fetch`]: `POST /v2/calls/extensive`, then
//! `POST /v2/calls/transcript`), then map with plain functions ([`map_calls`]).

use crate::config::sources::{GongConfig, GongKey};
use crate::model::{Attendee, Call, Utterance};
use crate::sources::connector::{
    AccountIndex, CallStats, CallsConnector, Connector, Fetching, Match, Range,
};
use crate::sources::http::{Counter, FetchError, Http, Pages, Reply, RetryPolicy};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::HashMap;

const CALLS: &str = "POST /v2/calls/extensive";
const TRANSCRIPTS: &str = "POST /v2/calls/transcript";
/// Gong's documented maximum of call ids per transcript request.
const IDS_PER_REQUEST: usize = 100;

/// Cursor paging block of Gong's list answers.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Records {
    #[serde(default)]
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallsPage {
    #[serde(default)]
    records: Records,
    #[serde(default)]
    calls: Vec<GongCall>,
}

/// One call of `/v2/calls/extensive`, as Gong sends it (fields we use).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GongCall {
    pub meta_data: MetaData,
    #[serde(default)]
    pub context: Vec<Context>,
    #[serde(default)]
    pub parties: Vec<Party>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaData {
    pub id: String,
    pub started: DateTime<FixedOffset>,
    #[serde(default)]
    pub url: Option<String>,
    /// The call's language as Gong detected it ("deu", "eng").
    #[serde(default)]
    pub language: Option<String>,
}

/// Links to external systems (the CRM): `objects[]` of `objectType` / `objectId`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub objects: Vec<ContextObject>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextObject {
    #[serde(default)]
    pub object_type: Option<String>,
    #[serde(default)]
    pub object_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email_address: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub speaker_id: Option<String>,
    /// `Internal`, `External` or `Unknown`.
    #[serde(default)]
    pub affiliation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TranscriptPage {
    #[serde(default)]
    records: Records,
    #[serde(default)]
    call_transcripts: Vec<CallTranscript>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallTranscript {
    pub call_id: String,
    #[serde(default)]
    pub transcript: Vec<Monologue>,
}

/// One speaker's stretch of a transcript.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Monologue {
    #[serde(default)]
    pub speaker_id: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Sentence {
    #[serde(default)]
    pub start: i64,
    #[serde(default)]
    pub end: i64,
    pub text: String,
}

/// What Gong returned for a window, before mapping.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    pub calls: Vec<GongCall>,
    /// Monologues per call id.
    pub transcripts: HashMap<String, Vec<Monologue>>,
}

/// The Gong connector.
#[derive(Debug)]
pub struct Gong {
    http: Http,
    base: String,
    key: GongKey,
    workspace_id: Option<String>,
}

impl Gong {
    /// The connector of these settings, with the API key.
    pub fn new(config: &GongConfig, key: GongKey, policy: RetryPolicy) -> Gong {
        Gong {
            http: Http::new(
                "gong",
                policy,
                "check GONG_API_KEY (access_key:access_key_secret from Gong's API page) and the base_url of sources.calls",
            )
            .with_rate_limit(config.requests_per_second),
            base: config.base_url.trim_end_matches('/').to_string(),
            key,
            workspace_id: config.workspace_id.clone(),
        }
    }

    /// Every call that started in `range` (`fromDateTime` inclusive, `toDateTime`
    /// exclusive), with the transcripts of those that belong to a known account: the
    /// transcripts of other calls (prospects, internal meetings) are never downloaded.
    pub async fn fetch(
        &self,
        range: &Range,
        index: &AccountIndex,
        counter: &mut Counter,
    ) -> Result<Fetched, FetchError> {
        let calls = self.calls(range, counter).await?;
        let ids: Vec<String> = calls
            .iter()
            .filter(|c| range.contains(c.meta_data.started.with_timezone(&Utc)))
            .filter(|c| matches!(match_call(c, index), Match::Id(_) | Match::Domain(_)))
            .map(|c| c.meta_data.id.clone())
            .collect();
        let transcripts = self.transcripts(range, &ids, counter).await?;
        Ok(Fetched { calls, transcripts })
    }

    /// Every call Gong lists for `range`, with its parties and CRM context.
    async fn calls(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<GongCall>, FetchError> {
        let mut filter = json!({
            "fromDateTime": range.from_rfc3339(),
            "toDateTime": range.to_rfc3339(),
        });
        if let Some(w) = &self.workspace_id {
            filter["workspaceId"] = json!(w);
        }
        let mut calls = Vec::new();
        let mut pages = Pages::default();
        while let Some((page, cursor)) = pages.next_page() {
            let body = with_cursor(
                json!({
                    "filter": filter,
                    "contentSelector": {
                        "context": "Extended",
                        "exposedFields": { "parties": true }
                    }
                }),
                cursor,
            );
            let Some(reply) = self
                .post_page(CALLS, "/v2/calls/extensive", page, &body)
                .await?
            else {
                break;
            };
            let p: CallsPage = self.http.parse(CALLS, page, &reply.body)?;
            counter.page(p.calls.len());
            calls.extend(p.calls);
            pages.follow(p.records.cursor);
        }
        Ok(calls)
    }

    /// The transcripts of the calls `ids`, at most [`IDS_PER_REQUEST`] calls a request;
    /// page numbers (for messages) run on from one request to the next.
    async fn transcripts(
        &self,
        range: &Range,
        ids: &[String],
        counter: &mut Counter,
    ) -> Result<HashMap<String, Vec<Monologue>>, FetchError> {
        let mut transcripts = HashMap::new();
        let mut pages = Pages::default();
        for chunk in ids.chunks(IDS_PER_REQUEST) {
            pages.restart();
            while let Some((page, cursor)) = pages.next_page() {
                let body = with_cursor(
                    json!({
                        "filter": {
                            "fromDateTime": range.from_rfc3339(),
                            "toDateTime": range.to_rfc3339(),
                            "callIds": chunk,
                        }
                    }),
                    cursor,
                );
                let Some(reply) = self
                    .post_page(TRANSCRIPTS, "/v2/calls/transcript", page, &body)
                    .await?
                else {
                    break;
                };
                let p: TranscriptPage = self.http.parse(TRANSCRIPTS, page, &reply.body)?;
                counter.page(0);
                for t in p.call_transcripts {
                    transcripts.insert(t.call_id, t.transcript);
                }
                pages.follow(p.records.cursor);
            }
        }
        Ok(transcripts)
    }

    /// Posts one page; `None` when Gong answers that no call matches.
    async fn post_page(
        &self,
        endpoint: &str,
        path: &str,
        page: usize,
        body: &Value,
    ) -> Result<Option<Reply>, FetchError> {
        match self
            .http
            .send(endpoint, page, |c| self.post(c, path, body))
            .await
        {
            Ok(r) => Ok(Some(r)),
            // Gong answers 404 "No calls found corresponding to the provided filters"
            // for an empty range: that is zero calls. Any other 404 (a wrong
            // base_url) stays an error.
            Err(e) if no_calls_found(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A POST with the API key.
    fn post(&self, client: &reqwest::Client, path: &str, body: &Value) -> reqwest::RequestBuilder {
        client
            .post(format!("{}{path}", self.base))
            .basic_auth(self.key.access_key.expose(), Some(self.key.secret.expose()))
            .json(body)
    }
}

impl Connector for Gong {
    fn vendor(&self) -> &'static str {
        self.http.vendor
    }
}

impl CallsConnector for Gong {
    fn fetch_calls<'a>(
        &'a self,
        range: &'a Range,
        index: &'a AccountIndex,
        counter: &'a mut Counter,
    ) -> Fetching<'a, (Vec<Call>, CallStats)> {
        Box::pin(async move {
            let fetched = self.fetch(range, index, counter).await?;
            Ok(map_calls(&fetched, index, range))
        })
    }
}

/// `body` with the page cursor, if there is one.
fn with_cursor(mut body: Value, cursor: Option<String>) -> Value {
    if let Some(c) = cursor {
        body["cursor"] = json!(c);
    }
    body
}

/// Gong's documented answer for a range without calls.
fn no_calls_found(e: &FetchError) -> bool {
    matches!(e, FetchError::Status { status: 404, detail, .. } if detail.contains("No calls found"))
}

/// An external participant: the customer's side of the call.
fn is_customer(p: &Party) -> bool {
    // `Unknown` (e.g. a dial-in number) is not counted as the customer.
    p.affiliation.as_deref() == Some("External")
}

/// The account of a call: a CRM account id in the call's context that names a known
/// account, else the external participants' e-mail domains.
pub fn match_call(call: &GongCall, index: &AccountIndex) -> Match {
    for ctx in &call.context {
        for o in &ctx.objects {
            let is_account = o
                .object_type
                .as_deref()
                .is_none_or(|t| t.eq_ignore_ascii_case("account"));
            if let Some(id) = &o.object_id
                && is_account
                && index.knows(id)
            {
                return Match::Id(id.clone());
            }
        }
    }
    index.by_emails(
        call.parties
            .iter()
            .filter(|p| is_customer(p))
            .filter_map(|p| p.email_address.as_deref()),
    )
}

/// Turns Gong's calls and transcripts into engine calls: those that started in `range`
/// and belong to an account of `index`.
pub fn map_calls(fetched: &Fetched, index: &AccountIndex, range: &Range) -> (Vec<Call>, CallStats) {
    let mut stats = CallStats {
        fetched: fetched.calls.len(),
        ..CallStats::default()
    };
    let mut out = Vec::new();
    for call in &fetched.calls {
        let at = call.meta_data.started.with_timezone(&Utc);
        if !range.contains(at) {
            stats.outside_window += 1;
            continue;
        }
        let Some(account_id) = account_of(call, index, &mut stats) else {
            continue;
        };
        let transcript = transcript(call, fetched.transcripts.get(&call.meta_data.id));
        if transcript.is_none() {
            stats.without_transcript += 1;
        }
        stats.kept += 1;
        out.push(engine_call(call, account_id, at, transcript));
    }
    (out, stats)
}

/// The account of a call, counted in `stats` by how it was found; `None` (counted as
/// unmatched or ambiguous, its id noted) when there is no single one.
fn account_of(call: &GongCall, index: &AccountIndex, stats: &mut CallStats) -> Option<String> {
    match match_call(call, index) {
        Match::Id(id) => {
            stats.by_crm_id += 1;
            Some(id)
        }
        Match::Domain(id) => {
            stats.by_domain += 1;
            Some(id)
        }
        Match::Ambiguous => {
            stats.ambiguous += 1;
            stats.unmatched_ids.push(call.meta_data.id.clone());
            None
        }
        Match::None => {
            stats.unmatched += 1;
            stats.unmatched_ids.push(call.meta_data.id.clone());
            None
        }
    }
}

/// The call's monologues as utterances named after the parties; `None` when Gong has
/// no transcript (or an empty one).
fn transcript(call: &GongCall, monologues: Option<&Vec<Monologue>>) -> Option<Vec<Utterance>> {
    let speakers: HashMap<&str, String> = call
        .parties
        .iter()
        .filter_map(|p| p.speaker_id.as_deref().map(|s| (s, party_name(p))))
        .collect();
    let utterance = |m: &Monologue| Utterance {
        speaker: m
            .speaker_id
            .as_deref()
            .and_then(|s| speakers.get(s).cloned())
            .unwrap_or_else(|| "unknown speaker".into()),
        text: m
            .sentences
            .iter()
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            // One line per Gong sentence: quotes never span two.
            .join("\n"),
    };
    monologues
        .filter(|t| !t.is_empty())
        .map(|t| t.iter().map(utterance).collect())
}

/// The engine's call; without a transcript it keeps the call's link, for coverage.
fn engine_call(
    call: &GongCall,
    account_id: String,
    at: DateTime<Utc>,
    transcript: Option<Vec<Utterance>>,
) -> Call {
    let attendees = call
        .parties
        .iter()
        .map(|p| Attendee {
            name: party_name(p),
            email: p.email_address.clone(),
            is_customer: is_customer(p),
            role: None,
            title: p.title.clone().filter(|t| !t.trim().is_empty()),
        })
        .collect();
    let transcript_url = transcript.is_none().then(|| {
        call.meta_data
            .url
            .clone()
            .unwrap_or_else(|| format!("gong:call:{}", call.meta_data.id))
    });
    Call {
        account_id,
        call_id: format!("gong-{}", call.meta_data.id),
        occurred_at: at,
        attendees,
        transcript_text: None,
        transcript,
        transcript_url,
        language: call.meta_data.language.clone(),
    }
}

/// A party's name, else their e-mail.
fn party_name(p: &Party) -> String {
    p.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| p.email_address.clone())
        .unwrap_or_else(|| "unnamed participant".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Account;
    use chrono::NaiveDate;

    fn account(id: &str, domains: &[&str]) -> Account {
        Account {
            id: id.into(),
            name: format!("Account {id}"),
            arr: 1000.0,
            segment: "smb".into(),
            tier: "starter".into(),
            owner_email: "csm@vendor.example".into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            domains: domains.iter().map(|d| d.to_string()).collect(),
            fields: Default::default(),
        }
    }

    fn party(name: &str, email: &str, speaker: &str, affiliation: &str) -> Party {
        Party {
            name: Some(name.into()),
            email_address: Some(email.into()),
            title: None,
            speaker_id: Some(speaker.into()),
            affiliation: Some(affiliation.into()),
        }
    }

    fn call(id: &str, started: &str, crm: Option<&str>, parties: Vec<Party>) -> GongCall {
        GongCall {
            meta_data: MetaData {
                id: id.into(),
                started: DateTime::parse_from_rfc3339(started).unwrap(),
                url: Some(format!("https://app.gong.io/call?id={id}")),
                language: None,
            },
            context: crm
                .map(|c| {
                    vec![Context {
                        system: Some("Salesforce".into()),
                        objects: vec![ContextObject {
                            object_type: Some("Account".into()),
                            object_id: Some(c.into()),
                        }],
                    }]
                })
                .unwrap_or_default(),
            parties,
        }
    }

    fn range() -> Range {
        Range::for_window(crate::pipeline::collect::Window::new(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            7,
        ))
    }

    #[test]
    fn speakers_join_parties_and_affiliation_decides_customer() {
        let index = AccountIndex::new(&[account("acc-1", &[])]);
        let c = call(
            "1",
            "2026-11-18T10:00:00-05:00",
            Some("acc-1"),
            vec![
                party("Dana Reyes", "dana@customer.example", "s1", "External"),
                party("Casey CSM", "casey@vendor.example", "s2", "Internal"),
                party("Dial-in", "unknown@phone.example", "s3", "Unknown"),
            ],
        );
        let mono = |s: &str, texts: &[&str]| Monologue {
            speaker_id: Some(s.into()),
            topic: None,
            sentences: texts
                .iter()
                .map(|t| Sentence {
                    start: 0,
                    end: 1,
                    text: t.to_string(),
                })
                .collect(),
        };
        let fetched = Fetched {
            calls: vec![c],
            transcripts: HashMap::from([(
                "1".to_string(),
                vec![
                    mono("s2", &["How is it going?"]),
                    mono("s1", &["We need more seats.", "Soon."]),
                    mono("s9", &["Who am I?"]),
                ],
            )]),
        };
        let (calls, stats) = map_calls(&fetched, &index, &range());
        assert_eq!(stats.kept, 1);
        let c = &calls[0];
        assert_eq!(c.account_id, "acc-1");
        assert_eq!(c.occurred_at.to_rfc3339(), "2026-11-18T15:00:00+00:00");
        let customers: Vec<&str> = c
            .attendees
            .iter()
            .filter(|a| a.is_customer)
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(customers, ["Dana Reyes"]);
        let t = c.transcript.as_ref().unwrap();
        assert_eq!(t[1].speaker, "Dana Reyes");
        assert_eq!(t[1].text, "We need more seats.\nSoon.");
        assert_eq!(t[0].speaker, "Casey CSM");
        assert_eq!(t[2].speaker, "unknown speaker");
        assert!(c.transcript_url.is_none());
    }

    #[test]
    fn accounts_by_crm_id_then_domain_and_unmatched_counted() {
        let index = AccountIndex::new(&[
            account("acc-1", &["one.example"]),
            account("acc-2", &["two.example"]),
            account("acc-3", &["two.example"]),
        ]);
        let ext = |email: &str| party("X", email, "s1", "External");
        let unknown = |email: &str| party("X", email, "s1", "Unknown");
        let calls = vec![
            // CRM id wins over a domain of another account.
            call(
                "a",
                "2026-11-18T10:00:00Z",
                Some("acc-1"),
                vec![ext("x@two.example")],
            ),
            // Unknown CRM id: falls back to the domain (subdomains and case match too).
            call(
                "b",
                "2026-11-18T10:00:00Z",
                Some("001XYZ"),
                vec![ext("x@EU.One.example")],
            ),
            // An `Unknown` participant's domain does not count.
            call(
                "c",
                "2026-11-18T10:00:00Z",
                None,
                vec![unknown("x@one.example")],
            ),
            // Two accounts share the domain.
            call(
                "d",
                "2026-11-18T10:00:00Z",
                None,
                vec![ext("x@two.example")],
            ),
            // Outside the window (toDateTime is exclusive).
            call("e", "2026-11-24T00:00:00Z", Some("acc-1"), vec![]),
        ];
        let fetched = Fetched {
            calls,
            transcripts: HashMap::new(),
        };
        let (out, stats) = map_calls(&fetched, &index, &range());
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|c| (c.call_id.as_str(), c.account_id.as_str()))
            .collect();
        assert_eq!(got, [("gong-a", "acc-1"), ("gong-b", "acc-1")]);
        assert_eq!(
            (
                stats.by_crm_id,
                stats.by_domain,
                stats.unmatched,
                stats.ambiguous
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(stats.outside_window, 1);
        assert_eq!(stats.unmatched_ids, ["c", "d"]);
        // No transcript: kept for coverage with the call's link.
        assert_eq!(stats.without_transcript, 2);
        assert!(out[0].transcript_url.as_deref().unwrap().contains("id=a"));
    }
}
