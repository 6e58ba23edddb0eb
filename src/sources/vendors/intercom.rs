//! Intercom: conversations created in the window through `POST /conversations/search`
//! (`created_at` filter, cursor `pages.next.starting_after`), Bearer token.

use crate::config::Secret;
use crate::config::sources::IntercomConfig;
use crate::sources::connector::{
    Connector, Fetching, Range, RawTicket, TicketConnector, TicketOwner,
};
use crate::sources::http::{Counter, FetchError, Http, Pages, RetryPolicy};
use chrono::DateTime;
use serde::Deserialize;
use serde_json::{Map, Value, json};

const SEARCH: &str = "POST /conversations/search";
const PER_PAGE: usize = 150;
/// The API version whose shapes this module speaks.
const VERSION: &str = "2.11";

#[derive(Debug, Deserialize)]
struct SearchPage {
    #[serde(default)]
    conversations: Vec<Conversation>,
    #[serde(default)]
    pages: Option<PagesBlock>,
}

/// The `pages` block of a search answer.
#[derive(Debug, Deserialize)]
struct PagesBlock {
    #[serde(default)]
    next: Option<Next>,
}

#[derive(Debug, Deserialize)]
struct Next {
    #[serde(default)]
    starting_after: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    pub id: String,
    /// Unix seconds.
    pub created_at: i64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub source: Option<ConvSource>,
    #[serde(default)]
    pub tags: Option<Tags>,
    #[serde(default)]
    pub custom_attributes: Map<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConvSource {
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub author: Option<Author>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Author {
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tags {
    #[serde(default)]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tag {
    pub name: String,
}

/// The Intercom connector.
#[derive(Debug)]
pub struct Intercom {
    http: Http,
    base: String,
    token: Secret,
    account_attribute: Option<String>,
}

impl Intercom {
    /// The connector of these settings, with the access token.
    pub fn new(config: &IntercomConfig, token: Secret, policy: RetryPolicy) -> Intercom {
        Intercom {
            http: Http::new(
                "intercom",
                policy,
                "check INTERCOM_TOKEN (an access token with read access to conversations) and the base_url of sources.support_tickets",
            ),
            base: config.base_url.trim_end_matches('/').to_string(),
            token,
            account_attribute: config.account_attribute.clone(),
        }
    }

    /// Every conversation created in `range`, as raw tickets.
    async fn conversations(
        &self,
        range: &Range,
        counter: &mut Counter,
    ) -> Result<Vec<RawTicket>, FetchError> {
        let url = format!("{}/conversations/search", self.base);
        // Intercom's search has `>` and `<` only: `> from - 1` is `>= from`.
        let query = json!({
            "operator": "AND",
            "value": [
                { "field": "created_at", "operator": ">", "value": range.from.timestamp() - 1 },
                { "field": "created_at", "operator": "<", "value": range.to.timestamp() }
            ]
        });
        let mut out = Vec::new();
        let mut pages = Pages::default();
        while let Some((page, cursor)) = pages.next_page() {
            let mut pagination = json!({ "per_page": PER_PAGE });
            if let Some(c) = cursor {
                pagination["starting_after"] = json!(c);
            }
            let body = json!({ "query": query, "pagination": pagination });
            let reply = self
                .http
                .send(SEARCH, page, |c| {
                    c.post(&url)
                        .bearer_auth(self.token.expose())
                        .header("Intercom-Version", VERSION)
                        .header("Accept", "application/json")
                        .json(&body)
                })
                .await?;
            let p: SearchPage = self.http.parse(SEARCH, page, &reply.body)?;
            counter.page(p.conversations.len());
            for c in p.conversations {
                let Some(t) = map_conversation(c, self.account_attribute.as_deref()) else {
                    return Err(self.http.record_error(
                        SEARCH,
                        page,
                        "a conversation has an invalid created_at".into(),
                    ));
                };
                out.push(t);
            }
            pages.follow(p.pages.and_then(|p| p.next).and_then(|n| n.starting_after));
        }
        Ok(out)
    }
}

impl Connector for Intercom {
    fn vendor(&self) -> &'static str {
        self.http.vendor
    }
}

impl TicketConnector for Intercom {
    fn fetch_tickets<'a>(
        &'a self,
        range: &'a Range,
        counter: &'a mut Counter,
    ) -> Fetching<'a, Vec<RawTicket>> {
        Box::pin(self.conversations(range, counter))
    }
}

/// One conversation to a raw ticket: owned by the account named in the configured
/// custom attribute, else by the author's e-mail domain. None for an invalid time.
pub fn map_conversation(c: Conversation, account_attribute: Option<&str>) -> Option<RawTicket> {
    let created_at = DateTime::from_timestamp(c.created_at, 0)?;
    let source = c.source.unwrap_or(ConvSource {
        subject: None,
        body: None,
        author: None,
    });
    let by_attribute = account_attribute
        .and_then(|k| c.custom_attributes.get(k))
        .and_then(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    let owner = match (by_attribute, source.author.and_then(|a| a.email)) {
        (Some(id), _) => TicketOwner::Id(id),
        (None, Some(email)) => TicketOwner::Emails(vec![email]),
        (None, None) => TicketOwner::None,
    };
    let subject = c
        .title
        .filter(|t| !t.trim().is_empty())
        .or(source.subject.map(|s| strip_html(&s)))
        .unwrap_or_default();
    Some(RawTicket {
        id: format!("intercom-{}", c.id),
        created_at,
        subject,
        body: strip_html(source.body.as_deref().unwrap_or_default()),
        tags: c
            .tags
            .map(|t| t.tags.into_iter().map(|t| t.name).collect())
            .unwrap_or_default(),
        owner,
    })
}

/// Message bodies are HTML: drop the tags, keep the text.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversations_map_by_attribute_then_author_domain() {
        let c: Conversation = serde_json::from_value(json!({
            "id": "42", "created_at": 1_795_000_000, "title": null,
            "source": { "subject": "<p>Need SSO</p>", "body": "<p>Hi &amp; hello</p>", "author": { "email": "a@acme.example" } },
            "tags": { "type": "tag.list", "tags": [{ "type": "tag", "id": "1", "name": "sso" }] },
            "custom_attributes": { "Account ID": "acc-7" }
        }))
        .unwrap();
        let t = map_conversation(c.clone(), Some("Account ID")).unwrap();
        assert_eq!(t.owner, TicketOwner::Id("acc-7".into()));
        assert_eq!(
            (t.subject.as_str(), t.body.as_str()),
            ("Need SSO", "Hi & hello")
        );
        assert_eq!(t.tags, ["sso"]);
        let t = map_conversation(c, None).unwrap();
        assert_eq!(t.owner, TicketOwner::Emails(vec!["a@acme.example".into()]));
    }
}
