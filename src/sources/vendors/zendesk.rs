//! Zendesk: tickets from the cursor-based incremental export
//! (`GET /api/v2/incremental/tickets/cursor.json?start_time=…`, then `?cursor=…` until
//! `end_of_stream`), tied to accounts through their organization
//! (`GET /api/v2/organizations/show_many.json?ids=…`).

use crate::config::sources::{OrgMapping, ZendeskConfig, ZendeskKey};
use crate::sources::connector::{
    Connector, Fetching, Range, RawTicket, TicketConnector, TicketOwner,
};
use crate::sources::http::{Counter, FetchError, Http, Pages, RetryPolicy};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

const EXPORT: &str = "GET /api/v2/incremental/tickets/cursor.json";
const ORGS: &str = "GET /api/v2/organizations/show_many.json";
/// Zendesk's maximum of ids per `show_many` request.
const IDS_PER_REQUEST: usize = 100;

#[derive(Debug, Deserialize)]
struct ExportPage {
    #[serde(default)]
    tickets: Vec<ZTicket>,
    #[serde(default)]
    after_cursor: Option<String>,
    #[serde(default)]
    end_of_stream: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ZTicket {
    pub id: u64,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub organization_id: Option<u64>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OrgsPage {
    #[serde(default)]
    organizations: Vec<Organization>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    pub id: u64,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub organization_fields: Map<String, Value>,
}

/// The Zendesk connector.
#[derive(Debug)]
pub struct Zendesk {
    http: Http,
    base: String,
    key: ZendeskKey,
    mapping: OrgMapping,
}

impl Zendesk {
    /// The connector of these settings, with the API token.
    pub fn new(config: &ZendeskConfig, key: ZendeskKey, policy: RetryPolicy) -> Zendesk {
        Zendesk {
            http: Http::new(
                "zendesk",
                policy,
                "check ZENDESK_EMAIL and ZENDESK_API_TOKEN (token access must be enabled in the Admin Center) and the base_url of sources.support_tickets",
            ),
            base: config.base_url.trim_end_matches('/').to_string(),
            key,
            mapping: config.account_from.clone(),
        }
    }

    /// A GET with the API token.
    fn get(
        &self,
        client: &reqwest::Client,
        path: &str,
        query: &[(&str, String)],
    ) -> reqwest::RequestBuilder {
        client
            .get(format!("{}{path}", self.base))
            .basic_auth(
                format!("{}/token", self.key.email),
                Some(self.key.token.expose()),
            )
            .query(query)
    }

    /// Every ticket of the incremental export from the start of `range` on.
    async fn tickets(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<ZTicket>, FetchError> {
        let mut out = Vec::new();
        let mut pages = Pages::default();
        while let Some((page, cursor)) = pages.next_page() {
            let query = match cursor {
                Some(c) => vec![("cursor", c)],
                None => vec![("start_time", range.from.timestamp().to_string())],
            };
            let reply = self
                .http
                .send(EXPORT, page, |c| {
                    self.get(c, "/api/v2/incremental/tickets/cursor.json", &query)
                })
                .await?;
            let p: ExportPage = self.http.parse(EXPORT, page, &reply.body)?;
            counter.page(p.tickets.len());
            out.extend(p.tickets);
            pages.follow(p.after_cursor.filter(|_| !p.end_of_stream));
        }
        Ok(out)
    }

    /// The organizations `ids`, at most [`IDS_PER_REQUEST`] a request.
    async fn organizations(
        &self,
        ids: &[u64],
        counter: &mut Counter,
    ) -> Result<Vec<Organization>, FetchError> {
        let mut out = Vec::new();
        for (i, chunk) in ids.chunks(IDS_PER_REQUEST).enumerate() {
            let ids: Vec<String> = chunk.iter().map(u64::to_string).collect();
            let query = [("ids", ids.join(","))];
            let reply = self
                .http
                .send(ORGS, i + 1, |c| {
                    self.get(c, "/api/v2/organizations/show_many.json", &query)
                })
                .await?;
            let p: OrgsPage = self.http.parse(ORGS, i + 1, &reply.body)?;
            counter.page(0);
            out.extend(p.organizations);
        }
        Ok(out)
    }

    /// The tickets with the accounts their organizations name.
    async fn owned_tickets(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<RawTicket>, FetchError> {
        let tickets = self.tickets(range, counter).await?;
        // Only the organizations of tickets created in the window are looked up.
        let org_ids: BTreeSet<u64> = tickets
            .iter()
            .filter(|t| range.contains(t.created_at))
            .filter_map(|t| t.organization_id)
            .collect();
        let org_ids: Vec<u64> = org_ids.into_iter().collect();
        let orgs = self.organizations(&org_ids, counter).await?;
        Ok(raw_tickets(tickets, &orgs, &self.mapping))
    }
}

impl Connector for Zendesk {
    fn vendor(&self) -> &'static str {
        self.http.vendor
    }
}

impl TicketConnector for Zendesk {
    fn fetch_tickets<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<RawTicket>> {
        Box::pin(self.owned_tickets(range, counter))
    }
}

/// The account id an organization names under the configured mapping.
pub fn org_account(org: &Organization, mapping: &OrgMapping) -> Option<String> {
    let v = match mapping {
        OrgMapping::ExternalId => org.external_id.clone(),
        OrgMapping::OrganizationField(key) => match org.organization_fields.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        },
    };
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Zendesk tickets to raw tickets, owned through their organization. Deleted tickets
/// are dropped.
pub fn raw_tickets(
    tickets: Vec<ZTicket>,
    orgs: &[Organization],
    mapping: &OrgMapping,
) -> Vec<RawTicket> {
    let accounts: HashMap<u64, String> = orgs
        .iter()
        .filter_map(|o| org_account(o, mapping).map(|a| (o.id, a)))
        .collect();
    tickets
        .into_iter()
        .filter(|t| t.status.as_deref() != Some("deleted"))
        .map(|t| RawTicket {
            id: format!("zendesk-{}", t.id),
            created_at: t.created_at,
            subject: t.subject.unwrap_or_default(),
            body: t.description.unwrap_or_default(),
            tags: t.tags,
            owner: t
                .organization_id
                .and_then(|o| accounts.get(&o).cloned())
                .map(TicketOwner::Id)
                .unwrap_or(TicketOwner::None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn organizations_map_by_external_id_or_field() {
        let org: Organization = serde_json::from_value(json!({
            "id": 7, "external_id": "acc-1", "organization_fields": { "account_id": "acc-9", "n": 5 }
        }))
        .unwrap();
        assert_eq!(
            org_account(&org, &OrgMapping::ExternalId).as_deref(),
            Some("acc-1")
        );
        assert_eq!(
            org_account(&org, &OrgMapping::OrganizationField("account_id".into())).as_deref(),
            Some("acc-9")
        );
        assert_eq!(
            org_account(&org, &OrgMapping::OrganizationField("n".into())).as_deref(),
            Some("5")
        );
        assert_eq!(
            org_account(&org, &OrgMapping::OrganizationField("x".into())),
            None
        );
        let t: ZTicket = serde_json::from_value(json!({
            "id": 1, "created_at": "2026-11-18T10:00:00Z", "subject": "S", "organization_id": 7,
            "tags": ["sso"]
        }))
        .unwrap();
        let raw = raw_tickets(vec![t], &[org], &OrgMapping::ExternalId);
        assert_eq!(raw[0].owner, TicketOwner::Id("acc-1".into()));
        assert_eq!(raw[0].id, "zendesk-1");
    }
}
