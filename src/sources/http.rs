//! Shared HTTP plumbing of the connectors: one retrying request helper, a client-side
//! rate limiter, paging ([`Pages`]), page parsing with errors that
//! name the source, endpoint and page, and terminal-only progress. Depends on no other
//! module of `sources`.
//!
//! Retry policy: 429 waits for `Retry-After` (or the vendor's reset header) and tries
//! again; 5xx and timeouts get a bounded number of retries with exponential backoff;
//! 401/403 fail at once with a message saying what to check; any other status fails.

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// A connector failure. Messages never hold a secret or customer text.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{vendor}: {endpoint} answered HTTP {status}: the credentials were refused; {hint}")]
    Auth {
        vendor: &'static str,
        endpoint: String,
        status: u16,
        hint: &'static str,
    },
    #[error("{vendor}: {endpoint}, page {page}: HTTP {status}{detail}")]
    Status {
        vendor: &'static str,
        endpoint: String,
        page: usize,
        status: u16,
        /// A short, single-line excerpt of the error body (vendor error text).
        detail: String,
    },
    #[error("{vendor}: {endpoint}, page {page}: the answer does not parse: {message}")]
    Parse {
        vendor: &'static str,
        endpoint: String,
        page: usize,
        message: String,
    },
    #[error("{vendor}: {endpoint}, page {page}: {message} (gave up after {attempts} attempt(s))")]
    Transport {
        vendor: &'static str,
        endpoint: String,
        page: usize,
        message: String,
        attempts: u32,
    },
    #[error("{vendor}: {endpoint}, page {page}: {message}")]
    Record {
        vendor: &'static str,
        endpoint: String,
        page: usize,
        message: String,
    },
}

/// Retries and timeouts.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff; doubled after each retry.
    pub base_delay: Duration,
    /// Longest single wait (backoff or Retry-After).
    pub max_delay: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(120),
            timeout: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The backoff before retry number `attempt` (0-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(16));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// Spaces requests at least `interval` apart (Gong: 3 per second).
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    pub fn per_second(rate: f64) -> RateLimiter {
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / rate),
            next: Mutex::new(None),
        }
    }

    /// Waits until the next request may start.
    pub async fn acquire(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let start = match *next {
            Some(t) if t > now => {
                tokio::time::sleep_until(t).await;
                t
            }
            _ => now,
        };
        *next = Some(start + self.interval);
    }
}

/// How long a 429 asks us to wait: `Retry-After` (seconds or an HTTP date), Help Scout's
/// `X-RateLimit-Retry-After` (seconds), or Intercom's `X-RateLimit-Reset` (Unix time).
pub fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let secs = |v: &str| v.parse::<f64>().ok().filter(|s| *s >= 0.0 && s.is_finite());
    if let Some(v) = get("retry-after") {
        if let Some(s) = secs(v) {
            return Some(Duration::from_secs_f64(s));
        }
        if let Ok(at) = DateTime::parse_from_rfc2822(v) {
            let wait = at.with_timezone(&Utc) - now;
            return Some(wait.to_std().unwrap_or(Duration::ZERO));
        }
    }
    if let Some(s) = get("x-ratelimit-retry-after").and_then(secs) {
        return Some(Duration::from_secs_f64(s));
    }
    if let Some(reset) = get("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok()) {
        // Intercom sends a Unix timestamp; small values are a number of seconds.
        let wait = if reset > 1_000_000_000 {
            reset - now.timestamp()
        } else {
            reset
        };
        return Some(Duration::from_secs(wait.max(0) as u64));
    }
    None
}

/// One vendor's HTTP client.
#[derive(Debug)]
pub struct Http {
    pub vendor: &'static str,
    client: reqwest::Client,
    policy: RetryPolicy,
    limiter: Option<RateLimiter>,
    /// What to check when the vendor refuses the credentials.
    auth_hint: &'static str,
}

/// A successful answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// How one attempt of [`Http::send`] ended, short of a final error.
enum Attempt {
    Answered(Reply),
    /// Worth another try, after `wait`.
    Retry {
        why: String,
        wait: Duration,
    },
}

impl Http {
    pub fn new(vendor: &'static str, policy: RetryPolicy, auth_hint: &'static str) -> Http {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("expansion-signals/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds (rustls, no custom roots)");
        Http {
            vendor,
            client,
            policy,
            limiter: None,
            auth_hint,
        }
    }

    pub fn with_rate_limit(mut self, per_second: f64) -> Http {
        self.limiter = Some(RateLimiter::per_second(per_second));
        self
    }

    /// Sends the request `build` makes, retrying as the module doc says. `endpoint` and
    /// `page` only label messages.
    pub async fn send(
        &self,
        endpoint: &str,
        page: usize,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Reply, FetchError> {
        let mut attempt: u32 = 0;
        loop {
            if let Some(l) = &self.limiter {
                l.acquire().await;
            }
            tracing::debug!(vendor = self.vendor, endpoint, page, attempt, "request");
            let request = build(&self.client);
            let (why, wait) = match self.attempt(endpoint, page, attempt, request).await? {
                Attempt::Answered(reply) => return Ok(reply),
                Attempt::Retry { why, wait } => (why, wait),
            };
            if attempt >= self.policy.max_retries {
                return Err(FetchError::Transport {
                    vendor: self.vendor,
                    endpoint: endpoint.to_string(),
                    page,
                    message: why,
                    attempts: attempt + 1,
                });
            }
            let wait = wait.min(self.policy.max_delay);
            tracing::info!(
                vendor = self.vendor,
                endpoint,
                page,
                "{why}: retrying in {:.1}s",
                wait.as_secs_f64()
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt (number `attempt`, from 0): the answer, a failure worth retrying, or
    /// an error no retry can mend (refused credentials, another 4xx).
    async fn attempt(
        &self,
        endpoint: &str,
        page: usize,
        attempt: u32,
        request: reqwest::RequestBuilder,
    ) -> Result<Attempt, FetchError> {
        let backoff = self.policy.backoff(attempt);
        let retry = |why: String, wait: Duration| Ok(Attempt::Retry { why, wait });
        let resp = match request.send().await {
            Ok(resp) => resp,
            Err(e) => return retry(transport_message(&e), backoff),
        };
        let status = resp.status().as_u16();
        match status {
            200..=299 => match resp.bytes().await {
                Ok(body) => Ok(Attempt::Answered(Reply {
                    status,
                    body: body.to_vec(),
                })),
                Err(e) => retry(transport_message(&e), backoff),
            },
            401 | 403 => Err(FetchError::Auth {
                vendor: self.vendor,
                endpoint: endpoint.to_string(),
                status,
                hint: self.auth_hint,
            }),
            429 => {
                let wait = retry_after(resp.headers(), Utc::now()).unwrap_or(backoff);
                retry("HTTP 429 (rate limited)".into(), wait)
            }
            500..=599 => retry(format!("HTTP {status}"), backoff),
            _ => Err(FetchError::Status {
                vendor: self.vendor,
                endpoint: endpoint.to_string(),
                page,
                status,
                detail: excerpt(&resp.bytes().await.unwrap_or_default()),
            }),
        }
    }

    /// Parses one page, naming the source, endpoint, page and JSON path on failure.
    /// Unknown fields are ignored.
    pub fn parse<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        page: usize,
        body: &[u8],
    ) -> Result<T, FetchError> {
        let mut de = serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            FetchError::Parse {
                vendor: self.vendor,
                endpoint: endpoint.to_string(),
                page,
                message: format!("at `{path}`: {}", without_values(&inner.to_string())),
            }
        })
    }

    /// A record-level mapping failure on a page.
    pub fn record_error(&self, endpoint: &str, page: usize, message: String) -> FetchError {
        FetchError::Record {
            vendor: self.vendor,
            endpoint: endpoint.to_string(),
            page,
            message,
        }
    }
}

/// The pages of one listing: their numbers (from 1, for messages) and the cursor each
/// page hands to the next. A vendor's loop asks for [`Pages::next_page`] and reports
/// what each page said with [`Pages::follow`] (cursor paging) or [`Pages::more`]
/// (numbered paging); a page that reports neither is the last.
#[derive(Debug, Default)]
pub struct Pages {
    page: usize,
    cursor: Option<String>,
    done: bool,
}

impl Pages {
    /// The next page to ask for: its number, and the cursor the previous page returned
    /// (none for the first); `None` once a page was the last.
    pub fn next_page(&mut self) -> Option<(usize, Option<String>)> {
        if self.done {
            return None;
        }
        self.page += 1;
        self.done = true;
        Some((self.page, self.cursor.take()))
    }

    /// The page returned `cursor`: another page follows unless it is none or empty.
    pub fn follow(&mut self, cursor: Option<String>) {
        self.cursor = cursor.filter(|c| !c.is_empty());
        self.done = self.cursor.is_none();
    }

    /// The page said whether another one follows.
    pub fn more(&mut self, more: bool) {
        self.done = !more;
    }

    /// Starts the listing over (a new set of ids); page numbers run on.
    pub fn restart(&mut self) {
        self.cursor = None;
        self.done = false;
    }
}

/// What a transport failure says, without secrets.
fn transport_message(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "cannot connect".into()
    } else {
        // reqwest's messages carry the URL (no secrets: they travel in headers).
        format!("request failed: {e}")
    }
}

/// serde's messages quote the offending value, which may be customer text: cut it.
fn without_values(message: &str) -> String {
    let m = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match m.find(": \"").or_else(|| m.find(" \"")) {
        Some(i) if m.starts_with("invalid") => format!("{} (value not shown)", &m[..i]),
        _ => m.to_string(),
    }
}

/// The first 200 characters of an error body on one line.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        return String::new();
    }
    let cut: String = one.chars().take(200).collect();
    format!(": {cut}")
}

/// Pages and records per source, drawn on a terminal only.
#[derive(Debug)]
pub struct Progress {
    multi: Option<indicatif::MultiProgress>,
}

impl Progress {
    /// Draws on stderr if it is a terminal, else nothing.
    pub fn for_stderr() -> Progress {
        use std::io::IsTerminal;
        Progress {
            multi: std::io::stderr()
                .is_terminal()
                .then(indicatif::MultiProgress::new),
        }
    }

    /// Never draws (tests, the Slack app).
    pub fn hidden() -> Progress {
        Progress { multi: None }
    }

    /// A counter for one source.
    pub fn source(&self, label: &str) -> Counter {
        let bar = self.multi.as_ref().map(|m| {
            let b = m.add(indicatif::ProgressBar::new_spinner());
            b.set_prefix(label.to_string());
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {prefix}: {msg}")
                    .expect("a valid template"),
            );
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        Counter {
            bar,
            pages: 0,
            records: 0,
        }
    }
}

/// Pages and records fetched from one source.
#[derive(Debug)]
pub struct Counter {
    bar: Option<indicatif::ProgressBar>,
    pub pages: usize,
    pub records: usize,
}

impl Counter {
    pub fn page(&mut self, records: usize) {
        self.pages += 1;
        self.records += records;
        if let Some(b) = &self.bar {
            b.set_message(format!(
                "{} page(s), {} record(s)",
                self.pages, self.records
            ));
        }
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_every_vendor_header() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let with = |name: &'static str, v: &str| {
            let mut h = HeaderMap::new();
            h.insert(name, HeaderValue::from_str(v).unwrap());
            retry_after(&h, now)
        };
        assert_eq!(with("retry-after", "7"), Some(Duration::from_secs(7)));
        assert_eq!(
            with("retry-after", "Mon, 23 Nov 2026 10:00:30 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            with("x-ratelimit-retry-after", "12"),
            Some(Duration::from_secs(12))
        );
        let reset = (now.timestamp() + 9).to_string();
        assert_eq!(
            with("x-ratelimit-reset", &reset),
            Some(Duration::from_secs(9))
        );
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(3),
            ..RetryPolicy::default()
        };
        let waits: Vec<u128> = (0..4).map(|a| p.backoff(a).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 3000]);
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limiter_spaces_requests() {
        let l = RateLimiter::per_second(3.0);
        let start = Instant::now();
        for _ in 0..7 {
            l.acquire().await;
        }
        // Seven requests at 3/s: the seventh starts two seconds after the first.
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_millis(1990) && elapsed < Duration::from_millis(2100),
            "{elapsed:?}"
        );
    }

    #[test]
    fn pages_follow_cursors_until_none_or_empty() {
        let mut pages = Pages::default();
        assert_eq!(pages.next_page(), Some((1, None)));
        pages.follow(Some("c1".into()));
        assert_eq!(pages.next_page(), Some((2, Some("c1".into()))));
        pages.follow(Some(String::new()));
        assert_eq!(pages.next_page(), None);
        pages.restart();
        assert_eq!(pages.next_page(), Some((3, None)));
        pages.more(true);
        assert_eq!(pages.next_page(), Some((4, None)));
        assert_eq!(
            pages.next_page(),
            None,
            "a page that says nothing is the last"
        );
    }

    #[test]
    fn parse_errors_hide_values() {
        let m = without_values(
            "invalid type: string \"secret words\", expected u64 at line 1 column 9",
        );
        assert_eq!(m, "invalid type: string (value not shown)");
        assert!(!m.contains("secret"));
    }
}
