//! Help Scout: an OAuth2 client-credentials token (`POST /v2/oauth2/token`), then the
//! conversations created in the window (`GET /v2/conversations?query=(createdAt:[… TO …])`),
//! page by page up to `page.totalPages`. Tickets are tied to accounts by the primary
//! customer's e-mail domain.

use crate::config::sources::{HelpScoutConfig, HelpScoutKey};
use crate::sources::connector::{
    Connector, Fetching, Range, RawTicket, TicketConnector, TicketOwner,
};
use crate::sources::http::{Counter, FetchError, Http, Pages, RetryPolicy};
use chrono::{DateTime, Utc};
use serde::Deserialize;

const TOKEN: &str = "POST /v2/oauth2/token";
const LIST: &str = "GET /v2/conversations";

#[derive(Debug, Deserialize)]
struct TokenReply {
    access_token: String,
}

#[derive(Debug, Deserialize)]
struct ListPage {
    #[serde(default, rename = "_embedded")]
    embedded: Option<Embedded>,
    #[serde(default)]
    page: Option<PageInfo>,
}

#[derive(Debug, Deserialize)]
struct Embedded {
    #[serde(default)]
    conversations: Vec<Conversation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    #[serde(default)]
    total_pages: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: u64,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub preview: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub primary_customer: Option<Customer>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tag {
    pub tag: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    #[serde(default)]
    pub email: Option<String>,
}

/// The Help Scout connector.
#[derive(Debug)]
pub struct HelpScout {
    http: Http,
    base: String,
    key: HelpScoutKey,
    mailbox: Option<u64>,
}

impl HelpScout {
    /// The connector of these settings, with the OAuth app's credentials.
    pub fn new(config: &HelpScoutConfig, key: HelpScoutKey, policy: RetryPolicy) -> HelpScout {
        HelpScout {
            http: Http::new(
                "helpscout",
                policy,
                "check HELPSCOUT_CLIENT_ID and HELPSCOUT_CLIENT_SECRET (App ID and App Secret of a Help Scout OAuth app) and the base_url of sources.support_tickets",
            ),
            base: config.base_url.trim_end_matches('/').to_string(),
            key,
            mailbox: config.mailbox,
        }
    }

    /// An access token for the client credentials.
    async fn token(&self) -> Result<String, FetchError> {
        let url = format!("{}/v2/oauth2/token", self.base);
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.key.client_id.expose()),
            ("client_secret", self.key.client_secret.expose()),
        ];
        let reply = self
            .http
            .send(TOKEN, 1, |c| c.post(&url).form(&form))
            .await?;
        let t: TokenReply = self.http.parse(TOKEN, 1, &reply.body)?;
        Ok(t.access_token)
    }

    /// Every conversation created in `range`, as raw tickets.
    async fn conversations(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<RawTicket>, FetchError> {
        let token = self.token().await?;
        let url = format!("{}/v2/conversations", self.base);
        // Help Scout's range is inclusive at both ends: the mapping drops `to` itself.
        let query = format!(
            "(createdAt:[{} TO {}])",
            range.from_rfc3339(),
            range.to_rfc3339()
        );
        let mut out = Vec::new();
        let mut pages = Pages::default();
        while let Some((page, _)) = pages.next_page() {
            let mut params = vec![
                ("status", "all".to_string()),
                ("query", query.clone()),
                ("page", page.to_string()),
            ];
            if let Some(m) = self.mailbox {
                params.push(("mailbox", m.to_string()));
            }
            let reply = self
                .http
                .send(LIST, page, |c| {
                    c.get(&url).bearer_auth(&token).query(&params)
                })
                .await?;
            let p: ListPage = self.http.parse(LIST, page, &reply.body)?;
            let conversations = p.embedded.map(|e| e.conversations).unwrap_or_default();
            counter.page(conversations.len());
            out.extend(conversations.into_iter().map(map_conversation));
            pages.more(page < p.page.map(|p| p.total_pages).unwrap_or(0));
        }
        Ok(out)
    }
}

impl Connector for HelpScout {
    fn vendor(&self) -> &'static str {
        self.http.vendor
    }
}

impl TicketConnector for HelpScout {
    fn fetch_tickets<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<RawTicket>> {
        Box::pin(self.conversations(range, counter))
    }
}

/// One conversation to a raw ticket, owned by the primary customer's e-mail domain.
pub fn map_conversation(c: Conversation) -> RawTicket {
    RawTicket {
        id: format!("helpscout-{}", c.id),
        created_at: c.created_at,
        subject: c.subject.unwrap_or_default(),
        body: c.preview.unwrap_or_default(),
        tags: c.tags.into_iter().map(|t| t.tag).collect(),
        owner: match c.primary_customer.and_then(|p| p.email) {
            Some(e) => TicketOwner::Emails(vec![e]),
            None => TicketOwner::None,
        },
    }
}
