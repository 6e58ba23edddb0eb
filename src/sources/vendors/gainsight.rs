//! Gainsight: accounts (the `Company` object) and pre-computed usage anomalies (a
//! configurable object), both through `POST /v1/data/objects/query/{object}` with
//! `select` / `where` / `limit` / `offset` paging. Field names come from the config
//! because every tenant names them differently.

use crate::config::Secret;
use crate::config::sources::{
    AccountFieldNames, GainsightAccountsConfig, GainsightUsageConfig, UsageFieldNames,
};
use crate::model::{Account, UsageEvent};
use crate::sources::connector::{
    AccountsConnector, Connector, FetchedAccounts, Fetching, Range, SkippedAccount, UsageConnector,
};
use crate::sources::http::{Counter, FetchError, Http, Pages, RetryPolicy};
use crate::sources::record::Record;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryReply {
    #[serde(default = "yes")]
    result: bool,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    error_desc: Option<String>,
    #[serde(default)]
    data: Option<QueryData>,
}

/// serde's default for `result`: a reply without it succeeded.
fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct QueryData {
    #[serde(default)]
    records: Vec<Map<String, Value>>,
}

/// The Gainsight connector.
#[derive(Debug)]
pub struct Gainsight {
    http: Http,
    base: String,
    token: Secret,
}

impl Gainsight {
    /// A client of the tenant at `base_url`.
    pub fn new(base_url: &str, token: Secret, policy: RetryPolicy) -> Gainsight {
        Gainsight {
            http: Http::new(
                "gainsight",
                policy,
                "check GAINSIGHT_TOKEN (an access key of this tenant) and the base_url of sources.accounts / sources.usage_events",
            ),
            base: base_url.trim_end_matches('/').to_string(),
            token,
        }
    }

    /// Every record of `object` matching `where_`, page by page; each with its page
    /// number (from 1) for messages.
    async fn query(
        &self,
        object: &str,
        select: Vec<&str>,
        where_: Option<Value>,
        page_size: usize,
        counter: &mut Counter,
    ) -> Result<Vec<(usize, Map<String, Value>)>, FetchError> {
        let endpoint = format!("POST /v1/data/objects/query/{object}");
        let url = format!("{}/v1/data/objects/query/{object}", self.base);
        let mut out = Vec::new();
        let mut pages = Pages::default();
        while let Some((page, _)) = pages.next_page() {
            let mut body = json!({
                "select": select,
                "limit": page_size,
                "offset": (page - 1) * page_size,
            });
            if let Some(w) = &where_ {
                body["where"] = w.clone();
            }
            let reply = self
                .http
                .send(&endpoint, page, |c| {
                    c.post(&url)
                        .header("accesskey", self.token.expose())
                        .json(&body)
                })
                .await?;
            let q: QueryReply = self.http.parse(&endpoint, page, &reply.body)?;
            if !q.result {
                return Err(self.http.record_error(
                    &endpoint,
                    page,
                    format!(
                        "Gainsight refused the query ({}: {}): check the object and field names in the config",
                        q.error_code.unwrap_or_default(),
                        q.error_desc.unwrap_or_default()
                    ),
                ));
            }
            let records = q.data.map(|d| d.records).unwrap_or_default();
            let n = records.len();
            counter.page(n);
            out.extend(records.into_iter().map(|r| (page, r)));
            pages.more(n >= page_size);
        }
        Ok(out)
    }

    /// Every account of the Company object (or the configured one), without the
    /// companies that have no ARR, CSM or renewal date (listed in `skipped`).
    pub async fn accounts(
        &self,
        cfg: &GainsightAccountsConfig,
        counter: &mut Counter,
    ) -> Result<FetchedAccounts, FetchError> {
        let f = &cfg.fields;
        let mut select = vec![
            f.id.as_str(),
            &f.name,
            &f.arr,
            &f.segment,
            &f.tier,
            &f.owner_email,
            &f.renewal_date,
        ];
        select.extend(f.owner_name.as_deref());
        select.extend(f.domains.as_deref());
        let records = self
            .query(&cfg.object, select, None, cfg.page_size, counter)
            .await?;
        let endpoint = format!("POST /v1/data/objects/query/{}", cfg.object);
        let mut out = FetchedAccounts::default();
        // Fields that no record has are mapping errors, not churned companies.
        let unmapped: Vec<&str> = [&f.arr, &f.owner_email, &f.renewal_date]
            .into_iter()
            .map(String::as_str)
            .filter(|field| !records.iter().any(|(_, r)| !is_empty(r.get(*field))))
            .collect();
        for (i, (page, r)) in records.iter().enumerate() {
            // A company without ARR, CSM or renewal date (typically churned) is left out
            // and named in the report; a field that no record has is a mapping error.
            let missing = missing_account_fields(r, f);
            if !missing.is_empty() && missing.iter().all(|m| !unmapped.contains(&m.0)) {
                out.skipped.push(SkippedAccount {
                    id: opt_text(r, &f.id).unwrap_or_else(|| format!("record {i}")),
                    name: opt_text(r, &f.name),
                    missing: missing.iter().map(|m| m.1).collect(),
                });
                continue;
            }
            let account = map_account(r, f).map_err(|m| {
                self.http
                    .record_error(&endpoint, *page, format!("record {i}: {m}"))
            })?;
            out.accounts.push(account);
        }
        Ok(out)
    }

    /// The usage anomalies that occurred in `range`.
    pub async fn usage_events(
        &self,
        cfg: &GainsightUsageConfig,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<UsageEvent>, FetchError> {
        let f = &cfg.fields;
        let mut select = vec![
            f.account_id.as_str(),
            &f.event_type,
            &f.metric_name,
            &f.value_current,
            &f.value_baseline,
            &f.delta_pct,
            &f.occurred_at,
        ];
        select.extend(f.event_id.as_deref());
        select.extend(f.feature.as_deref());
        select.extend(f.department.as_deref());
        let where_ = json!({
            "conditions": [
                { "name": f.occurred_at, "alias": "A", "value": [range.from_rfc3339()], "operator": "GTE" },
                { "name": f.occurred_at, "alias": "B", "value": [range.to_rfc3339()], "operator": "LT" }
            ],
            "expression": "A AND B"
        });
        let records = self
            .query(&cfg.object, select, Some(where_), cfg.page_size, counter)
            .await?;
        let endpoint = format!("POST /v1/data/objects/query/{}", cfg.object);
        records
            .iter()
            .enumerate()
            .map(|(i, (page, r))| {
                map_usage(r, f).map_err(|m| {
                    self.http
                        .record_error(&endpoint, *page, format!("record {i}: {m}"))
                })
            })
            .collect()
    }
}

/// Gainsight as the accounts connector (`[sources.accounts] kind = "gainsight"`).
#[derive(Debug)]
pub struct GainsightAccounts {
    client: Gainsight,
    config: GainsightAccountsConfig,
}

impl GainsightAccounts {
    /// The connector of these settings, with the access key.
    pub fn new(config: &GainsightAccountsConfig, token: Secret, policy: RetryPolicy) -> Self {
        GainsightAccounts {
            client: Gainsight::new(&config.base_url, token, policy),
            config: config.clone(),
        }
    }
}

impl Connector for GainsightAccounts {
    fn vendor(&self) -> &'static str {
        self.client.http.vendor
    }
}

impl AccountsConnector for GainsightAccounts {
    fn fetch_accounts<'a>(&'a self, counter: &'a mut Counter) -> Fetching<'a, FetchedAccounts> {
        Box::pin(self.client.accounts(&self.config, counter))
    }
}

/// Gainsight as the usage-events connector (`[sources.usage_events] kind =
/// "gainsight"`).
#[derive(Debug)]
pub struct GainsightUsage {
    client: Gainsight,
    config: GainsightUsageConfig,
}

impl GainsightUsage {
    /// The connector of these settings, with the access key.
    pub fn new(config: &GainsightUsageConfig, token: Secret, policy: RetryPolicy) -> Self {
        GainsightUsage {
            client: Gainsight::new(&config.base_url, token, policy),
            config: config.clone(),
        }
    }
}

impl Connector for GainsightUsage {
    fn vendor(&self) -> &'static str {
        self.client.http.vendor
    }
}

impl UsageConnector for GainsightUsage {
    fn fetch_usage<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<UsageEvent>> {
        Box::pin(self.client.usage_events(&self.config, range, counter))
    }
}

type Rec = Map<String, Value>;

/// (Gainsight field, our name) of the fields that, empty, leave a company out.
fn missing_account_fields<'f>(r: &Rec, f: &'f AccountFieldNames) -> Vec<(&'f str, &'static str)> {
    [
        (f.arr.as_str(), "arr"),
        (f.owner_email.as_str(), "owner_email"),
        (f.renewal_date.as_str(), "renewal_date"),
    ]
    .into_iter()
    .filter(|(field, _)| is_empty(r.get(*field)))
    .collect()
}

/// Absent, null or blank.
fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// A required text field (`ours`: our name for it, in messages).
fn text(r: &Rec, field: &str, ours: &str) -> Result<String, String> {
    opt_text(r, field).ok_or_else(|| format!("field `{field}` ({ours}) is missing or empty"))
}

/// A text field, trimmed; numbers and booleans as written; `None` when blank.
fn opt_text(r: &Rec, field: &str) -> Option<String> {
    match r.get(field)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A required number; a string may hold one, with a trailing `%`.
fn number(r: &Rec, field: &str, ours: &str) -> Result<f64, String> {
    let bad = || format!("field `{field}` ({ours}) is not a number");
    match r.get(field) {
        Some(Value::Number(n)) => n.as_f64().ok_or_else(bad),
        Some(Value::String(s)) => s.trim().trim_end_matches('%').parse().map_err(|_| bad()),
        _ => Err(format!("field `{field}` ({ours}) is missing")),
    }
}

/// A timestamp: RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC), `YYYY-MM-DD`, or Unix milliseconds.
fn datetime(r: &Rec, field: &str, ours: &str) -> Result<DateTime<Utc>, String> {
    let bad = || format!("field `{field}` ({ours}) is not a date/time");
    match r.get(field) {
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(DateTime::from_timestamp_millis)
            .ok_or_else(bad),
        Some(Value::String(s)) => {
            let s = s.trim();
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Ok(t.with_timezone(&Utc));
            }
            if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
                return Ok(t.and_utc());
            }
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
                .map_err(|_| bad())
        }
        _ => Err(format!("field `{field}` ({ours}) is missing")),
    }
}

/// A date: `YYYY-MM-DD…` (the first ten characters), else any [`datetime`] form.
fn date(r: &Rec, field: &str, ours: &str) -> Result<NaiveDate, String> {
    if let Some(Value::String(s)) = r.get(field)
        && let Some(head) = s.trim().get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
    {
        return Ok(d);
    }
    datetime(r, field, ours).map(|t| t.date_naive())
}

/// A list field (array, or a string split on commas, semicolons, blanks), lowercased.
fn domains(r: &Rec, field: &str) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        s.split([',', ';', ' ', '\n'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    match r.get(field) {
        Some(Value::String(s)) => split(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).flat_map(split).collect(),
        _ => Vec::new(),
    }
}

/// The record, if it passes the checks every record passes.
fn checked<T: Record>(rec: T) -> Result<T, String> {
    rec.validate()
        .map(|()| rec)
        .map_err(|(field, message)| format!("{field}: {message}"))
}

/// One Gainsight record to an account, through the configured field names.
pub fn map_account(r: &Rec, f: &AccountFieldNames) -> Result<Account, String> {
    checked(Account {
        id: text(r, &f.id, "id")?,
        name: text(r, &f.name, "name")?,
        arr: number(r, &f.arr, "arr")?,
        segment: text(r, &f.segment, "segment")?.to_ascii_lowercase(),
        tier: text(r, &f.tier, "tier")?.to_ascii_lowercase(),
        owner_email: text(r, &f.owner_email, "owner_email")?,
        owner_name: f.owner_name.as_deref().and_then(|n| opt_text(r, n)),
        owner_locale: None,
        renewal_date: date(r, &f.renewal_date, "renewal_date")?,
        domains: f
            .domains
            .as_deref()
            .map(|d| domains(r, d))
            .unwrap_or_default(),
        fields: account_fields(r, f)?,
    })
}

/// The optional Spotter figures, from the fields configured for them: a field not
/// configured, or empty on the record, is left out (not evaluated).
fn account_fields(r: &Rec, f: &AccountFieldNames) -> Result<crate::model::AccountFields, String> {
    let num = |field: &Option<String>, ours: &str| -> Result<Option<f64>, String> {
        match field.as_deref() {
            Some(name) if r.get(name).is_some_and(|v| !v.is_null()) => {
                number(r, name, ours).map(Some)
            }
            _ => Ok(None),
        }
    };
    Ok(crate::model::AccountFields {
        seats_licensed: num(&f.seats_licensed, "seats_licensed")?,
        seats_used: num(&f.seats_used, "seats_used")?,
        health_score: num(&f.health_score, "health_score")?,
        headcount_growth_pct: num(&f.headcount_growth_pct, "headcount_growth_pct")?,
        departments: f
            .departments
            .as_deref()
            .filter(|d| r.get(*d).is_some_and(|v| !v.is_null()))
            .map(|d| domains(r, d)),
    })
}

/// One Gainsight record to a usage event, through the configured field names.
pub fn map_usage(r: &Rec, f: &UsageFieldNames) -> Result<UsageEvent, String> {
    checked(UsageEvent {
        event_id: f.event_id.as_deref().and_then(|n| opt_text(r, n)),
        account_id: text(r, &f.account_id, "account_id")?,
        event_type: text(r, &f.event_type, "event_type")?,
        metric_name: text(r, &f.metric_name, "metric_name")?,
        value_current: number(r, &f.value_current, "value_current")?,
        value_baseline: number(r, &f.value_baseline, "value_baseline")?,
        delta_pct: number(r, &f.delta_pct, "delta_pct")?,
        occurred_at: datetime(r, &f.occurred_at, "occurred_at")?,
        feature: f.feature.as_deref().and_then(|n| opt_text(r, n)),
        department: f.department.as_deref().and_then(|n| opt_text(r, n)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> AccountFieldNames {
        AccountFieldNames {
            id: "Gsid".into(),
            name: "Name".into(),
            arr: "Arr".into(),
            segment: "Segment__gc".into(),
            tier: "Tier__gc".into(),
            owner_email: "CsmEmail__gc".into(),
            owner_name: Some("CsmName__gc".into()),
            renewal_date: "RenewalDate".into(),
            domains: Some("Domains__gc".into()),
            seats_licensed: Some("SeatsLicensed__gc".into()),
            seats_used: Some("SeatsUsed__gc".into()),
            health_score: Some("Health__gc".into()),
            headcount_growth_pct: None,
            departments: Some("Departments__gc".into()),
        }
    }

    #[test]
    fn spotter_fields_map_when_configured_and_present() {
        let r: Rec = serde_json::from_value(json!({
            "Gsid": "1", "Name": "Acme", "Arr": 1000, "Segment__gc": "smb", "Tier__gc": "x",
            "CsmEmail__gc": "csm@vendor.example", "RenewalDate": "2027-03-01",
            "SeatsLicensed__gc": 200, "SeatsUsed__gc": "190", "Health__gc": null,
            "Departments__gc": ["Sales", "Support"]
        }))
        .unwrap();
        let f = map_account(&r, &fields()).unwrap().fields;
        assert_eq!((f.seats_licensed, f.seats_used), (Some(200.0), Some(190.0)));
        assert_eq!(f.health_score, None, "null: not evaluated");
        assert_eq!(f.headcount_growth_pct, None, "not configured");
        assert_eq!(f.departments, Some(vec!["sales".into(), "support".into()]));
    }

    #[test]
    fn accounts_map_through_configured_fields() {
        let r: Rec = serde_json::from_value(json!({
            "Gsid": "1P02", "Name": "Acme", "Arr": "120000.5", "Segment__gc": "Mid-Market",
            "Tier__gc": "Business", "CsmEmail__gc": "csm@vendor.example", "CsmName__gc": null,
            "RenewalDate": "2027-03-01T00:00:00Z", "Domains__gc": "acme.example; Acme.io",
            "Ignored": 1
        }))
        .unwrap();
        let a = map_account(&r, &fields()).unwrap();
        assert_eq!(a.id, "1P02");
        assert_eq!(a.arr, 120000.5);
        assert_eq!(a.segment, "mid-market");
        assert_eq!(a.owner_name, None);
        assert_eq!(a.renewal_date.to_string(), "2027-03-01");
        assert_eq!(a.domains, ["acme.example", "acme.io"]);

        let mut bad = r.clone();
        bad.insert("Arr".into(), json!("lots"));
        let err = map_account(&bad, &fields()).unwrap_err();
        assert!(err.contains("`Arr` (arr)"), "{err}");
        bad = r.clone();
        bad.remove("CsmEmail__gc");
        assert!(
            map_account(&bad, &fields())
                .unwrap_err()
                .contains("CsmEmail__gc")
        );
    }

    #[test]
    fn usage_times_accept_millis_and_plain_dates() {
        let f = UsageFieldNames {
            event_id: Some("Gsid".into()),
            account_id: "Company".into(),
            event_type: "Type".into(),
            metric_name: "Metric".into(),
            value_current: "Cur".into(),
            value_baseline: "Base".into(),
            delta_pct: "Delta".into(),
            occurred_at: "At".into(),
            feature: None,
            department: None,
        };
        let mut r: Rec = serde_json::from_value(json!({
            "Gsid": "u1", "Company": "1P02", "Type": "seat_growth", "Metric": "seat_count",
            "Cur": 120, "Base": 100, "Delta": 20.0, "At": 1_795_000_000_000_i64
        }))
        .unwrap();
        let e = map_usage(&r, &f).unwrap();
        assert_eq!(e.occurred_at.timestamp_millis(), 1_795_000_000_000);
        r.insert("At".into(), json!("2026-11-18 09:30:00"));
        assert_eq!(
            map_usage(&r, &f).unwrap().occurred_at.to_rfc3339(),
            "2026-11-18T09:30:00+00:00"
        );
    }
}
