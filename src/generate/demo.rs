//! `expansion-signals generate --demo`: the fictional demo portfolio of `fixtures/demo`,
//! written by `cargo run -- generate --demo --out fixtures/demo`.
//!
//! Deterministic (fixed seeds, no clock): every run writes the same bytes, and a test
//! (`tests/generate.rs`) keeps them equal to `fixtures/demo`, which golden snapshots
//! depend on. The data was first written by a Python script; the random draws
//! ([`pyrandom`]) and the JSON layout ([`pyjson`]) are Python's, so that the port
//! wrote the same files. Everything is fictional: company and person names are
//! invented, e-mail addresses use reserved example domains, links live under
//! `https://example.com/`.
//!
//! as_of = 2026-11-23 (a Monday); window = UTC dates 2026-11-17 ..= 2026-11-23. Files:
//! `accounts.json`, `usage_events.json` and `support_tickets.json` (JSON arrays),
//! `calls.jsonl` and `stakeholder_changes.jsonl` (JSON Lines).
//!
//! Usage-event conventions:
//! * `delta_pct` is in percentage points (30 means +30%), rounded to 0.1.
//! * `tier_gated_feature_attempt` events: `value_baseline` 0, `value_current` = number
//!   of blocked attempts, `delta_pct` = 100 * count.
//! * `usage_spike` on metric `report_exports` has no baseline row in any segment: it is
//!   kept and flagged as unbaselined.
//!
//! # Case table
//!
//! Which demo account exercises which rule of the engine.
//!
//! | Rule | Account (CSM) | Evidence | Expected outcome |
//! | ---- | ---- | ---- | ---- |
//! | 1 strong | 28 strong signals on 27 accounts (Priya 10, Marcus 9, Elena 3, Tomasz 6, Hana 0); the comment above each case in `cases.rs` names its outcome | customer call trigger + out-of-band usage event of the same SKU | STRONG |
//! | 1 strong, 2 SKUs | Driftmere Travel (Priya) | "Data residency in the EU..." + tier_gated audit_log x4; "We need 20 more seats..." + seat_limit_reached +10.7% (mid-market band -5.5..8.5) | STRONG enterprise-tier AND STRONG additional-team-seats |
//! | 2 call-only weak | Greywillow Consulting (Hana) | "We need 10 more seats after the merger closes." + ticket tag license-request, no usage | WEAK additional-team-seats (call only, ticket-supported) |
//! | 3 usage-only weak | Rookwood Semiconductors (Hana) | tier_gated_feature_attempt sso x5, call has no trigger | WEAK enterprise-tier (usage only) |
//! | 4 different-SKU | Silverbirch Media (Hana) | "We keep hitting the seat limit..." (seats) + tier_gated custom_dashboards x6 (premium) | WEAK additional-team-seats (call only) + WEAK premium-feature-pack (usage only) |
//! | 5 ticket-only | Larkspur Cycles (Hana) | ticket tags `[sso]`, subject "Single sign-on ..."; no call, no usage in window | INSUFFICIENT enterprise-tier (ticket only) |
//! | 5 ticket-only | Mirefield Clinics (Marcus) | ticket tags `[dashboards]`, subject "Custom dashboard ..."; call without triggers | INSUFFICIENT premium-feature-pack (ticket only) |
//! | 6 noise band | Foxglove Telecom (Hana) | enterprise seat_growth seat_count +2.0% (band -2.5..3.5) | discarded, nothing |
//! | 6 noise band | Hollowmere Capital (Elena) | mid-market usage_spike daily_active_users +9.0% (band -10..14) and usage_spike api_calls -12.0% (band -16.5..23.5) | discarded, nothing |
//! | 6 noise band | Quarrystone Logistics (Priya) | enterprise seat_limit_reached +3.5% = upper band edge (inclusive) + "We keep hitting the seat limit..." | usage discarded -> WEAK additional-team-seats (call only) |
//! | 6 noise band | Pebblebrook Dental (Tomasz) | smb seat_growth +22.2% (band -20..30) + "We need 3 more seats..." | usage discarded -> WEAK additional-team-seats (call only) |
//! | 6 noise band | filler accounts | in-band seat_growth / usage_spike events | discarded |
//! | 7 non-customer | Ashcombe Robotics (Elena) | CSM says "Sounds like you need more seats for the new shift." + seat_growth +12.9% | WEAK additional-team-seats (usage only), CSM sentence ignored |
//! | 8 negative phrase | Cindervale Utilities (Tomasz) | "We keep hitting the seat limit on paper, but we want to reduce our seat count..." (trigger + negative), "We need fewer seats next year, not more.", "We don’t need SSO either..." (curly apostrophe) + seat_limit_reached +5.0% | mention suppressed -> WEAK additional-team-seats (usage only) |
//! | 9 conditional | Kingsmere Data Centers (Elena) | "If the budget clears in Q1, we need SSO for all four plants." and "We are thinking about SCIM provisioning down the road." + tier_gated sso x8 | mentions suppressed -> WEAK enterprise-tier (usage only) |
//! | 10 champion left | Varrowby Hospitals (Tomasz) | strong enterprise-tier ("We need SSO for the nursing staff rollout." + sso x30); champion departure 2026-11-05 | STRONG but suppressed (champion departed within 30 days) |
//! | 10 (control) | Starling Bay Shipping (Tomasz) | strong seats; champion departure 2026-10-09 (45 days before as_of) | STRONG, NOT suppressed |
//! | 10 (control) | Copperleaf Architects (Tomasz) | strong seats; non-champion departure 2026-11-12 | STRONG, NOT suppressed |
//! | 11 cap overflow | Priya Natarajan | 10 strong signals (Marcus also has 9, Tomasz 5 after suppression) | digest shows 3, rest counted as overflow |
//! | 12 human review | Thistledown Learning (Elena) | "We need the forecasting module for the spring planning cycle." + usage_spike report_exports +85% (unbaselined metric) | STRONG premium-feature-pack, no action row matches -> "needs human review"; metric flagged unbaselined |
//! | -- empty digest | Hana Lindqvist | 6 case accounts + filler, no strong signals | empty digest |
//! | -- window start | Quillstone Biotech (Priya) | call at 2026-11-17T00:00:00Z (inside) | STRONG additional-team-seats |
//! | -- window start | Kestrelwick Coffee Roasters (Priya) | usage event at 2026-11-17T00:00:00Z (inside) | STRONG additional-team-seats |
//! | -- window start | Brackenridge Hotels (Hana) | call "We need 25 more seats..." and seat_growth +16.7% both at 2026-11-16T23:59:59Z (outside) | nothing; silent account |
//! | -- UTC offset | a filler account | one call at 2026-11-16T20:30:00-05:00 (= 2026-11-17T01:30Z, inside) | counts for coverage only |
//! | -- transcript_url | filler accounts | 3 filler calls with only transcript_url | count for coverage, not analysed |
//! | -- continuation line | Tidewater Kayak Tours (Tomasz) | trigger sentence on a transcript_text line without "Name:" prefix (continues the customer) | STRONG premium-feature-pack |
//! | -- array transcript | Ironvale Mining Services (Priya), Harborlight Insurance (Marcus) | trigger in `transcript` array | STRONG |
//! | -- unknown accounts | acc-9001 (call + usage), acc-9002 (ticket), acc-9003 (stakeholder change), acc-9004 (usage) | 5 records | ignored and counted |
//! | -- unmatched feature | filler account | tier_gated_feature_attempt feature sandbox_environments | matches no SKU trigger, ignored |

mod cases;
mod pools;
mod pyjson;
mod pyrandom;

use super::{DEPARTMENTS, Summary};
use cases::{CASES, Case, Fmt, TicketSpec, UsageSpec, Who, change, gated};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use pyrandom::PyRandom;
use serde::Serialize;
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// The seed of every draw except the Spotter figures.
const SEED: u64 = 20_261_123;
/// The domain of the vendor's people (CSMs, the solutions engineer).
const VENDOR_DOMAIN: &str = "northwind-demo.example";
/// The solutions engineer who joins some calls.
const SOLUTIONS_ENGINEER: &str = "Idris Halvard";
/// Accounts per segment (enterprise, mid-market, smb), case accounts included.
const SEGMENT_COUNTS: [usize; 3] = [25, 37, 62];
/// Accounts with a call in the window (coverage 90/124).
const COVERED_ACCOUNTS: usize = 90;
/// Filler accounts without any record in the window.
const SILENT_ACCOUNTS: usize = 8;

/// The demo's last day.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// A customer segment; its number indexes the per-segment tables of [`pools`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Enterprise,
    MidMarket,
    Smb,
}

impl Segment {
    const ALL: [Segment; 3] = [Segment::Enterprise, Segment::MidMarket, Segment::Smb];

    /// The name in `accounts.json`.
    fn name(self) -> &'static str {
        ["enterprise", "mid-market", "smb"][self as usize]
    }
}

/// The demo's CSMs; Hana Lindqvist gets no strong signal (an empty digest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Csm {
    Priya,
    Marcus,
    Elena,
    Tomasz,
    Hana,
}

impl Csm {
    const ALL: [Csm; 5] = [Csm::Priya, Csm::Marcus, Csm::Elena, Csm::Tomasz, Csm::Hana];

    /// The full name.
    fn name(self) -> &'static str {
        [
            "Priya Natarajan",
            "Marcus Oyelaran",
            "Elena Vasquez",
            "Tomasz Kowalczyk",
            "Hana Lindqvist",
        ][self as usize]
    }
}

/// The e-mail address of one of the vendor's people.
fn vendor_email(name: &str) -> String {
    format!("{}@{VENDOR_DOMAIN}", name.to_lowercase().replace(' ', "."))
}

/// A customer contact.
struct Person {
    name: String,
    first: &'static str,
    email: String,
    title: &'static str,
}

/// An account before its place in the shuffled list gives it an id.
struct Draft {
    name: String,
    segment: Segment,
    csm: Csm,
    case: Option<&'static Case>,
}

/// An account of the portfolio.
struct Account {
    id: String,
    name: String,
    segment: Segment,
    csm: Csm,
    case: Option<&'static Case>,
    arr: i64,
    tier: &'static str,
    renewal_date: NaiveDate,
    domain: String,
    contacts: Vec<Person>,
}

/// The random generator and the customer names already given out.
struct Gen {
    rng: PyRandom,
    used_people: HashSet<(&'static str, &'static str)>,
}

impl Gen {
    /// A customer contact whose name no earlier contact has.
    fn person(&mut self, domain: &str, segment: Segment) -> Person {
        let (first, last) = loop {
            let pair = (
                *self.rng.choice(&pools::FIRST_NAMES),
                *self.rng.choice(&pools::LAST_NAMES),
            );
            if self.used_people.insert(pair) {
                break pair;
            }
        };
        let title = *self.rng.choice(pools::TITLES[segment as usize]);
        Person {
            name: format!("{first} {last}"),
            first,
            email: format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()),
            title,
        }
    }

    /// An afternoon moment (UTC) on a day of the window, a workday if `workday_only`.
    fn window_time(&mut self, workday_only: bool) -> String {
        let days: Vec<NaiveDate> = (0..7u64)
            .rev()
            .map(|back| as_of() - Days::new(back))
            .filter(|d| !workday_only || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        let day = *self.rng.choice(&days);
        let hour = self.rng.randint(14, 21);
        let minute = *self.rng.choice(&[0, 0, 15, 30, 45]);
        format!("{day}T{hour:02}:{minute:02}:00Z")
    }

    /// An afternoon hour `min_back..=max_back` days before the demo's last day.
    fn old_time(&mut self, min_back: i64, max_back: i64) -> String {
        let day = as_of() - Days::new(self.rng.randint(min_back, max_back) as u64);
        let hour = self.rng.randint(13, 21);
        format!("{day}T{hour:02}:00:00Z")
    }
}

/// The case accounts and the filler accounts, shuffled, numbered and filled in.
fn build_accounts(g: &mut Gen) -> Vec<Account> {
    let mut drafts: Vec<Draft> = CASES
        .iter()
        .map(|c| Draft {
            name: c.name.to_string(),
            segment: c.segment,
            csm: c.csm,
            case: Some(c),
        })
        .collect();
    drafts.extend(filler_drafts(g));
    g.rng.shuffle(&mut drafts);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| account(g, i + 1, d))
        .collect()
}

/// Filler accounts that fill each segment up to its count, named from the shuffled
/// first words, owned by the CSMs in turn.
fn filler_drafts(g: &mut Gen) -> Vec<Draft> {
    let mut taken: HashSet<String> = CASES.iter().map(|c| c.name.to_string()).collect();
    let mut firsts = pools::CO_FIRST.to_vec();
    g.rng.shuffle(&mut firsts);
    let mut next_first = 0;
    let mut drafts = Vec::new();
    for segment in Segment::ALL {
        let cases = CASES.iter().filter(|c| c.segment == segment).count();
        for _ in cases..SEGMENT_COUNTS[segment as usize] {
            let name = loop {
                let first = firsts[next_first % firsts.len()];
                let name = format!(
                    "{first} {}",
                    g.rng.choice(pools::CO_SECOND[segment as usize])
                );
                next_first += 1;
                if taken.insert(name.clone()) {
                    break name;
                }
            };
            let csm = Csm::ALL[drafts.len() % Csm::ALL.len()];
            drafts.push(Draft {
                name,
                segment,
                csm,
                case: None,
            });
        }
    }
    drafts
}

/// Account number `n`: revenue, tier, renewal date, domain and contacts.
fn account(g: &mut Gen, n: usize, d: Draft) -> Account {
    let seg = d.segment as usize;
    let (lo, hi) = pools::ARR_RANGE[seg];
    let arr = g.rng.randrange_step(lo, hi, 500);
    let tier = *g.rng.choice(pools::TIERS[seg]);
    let first_renewal = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date");
    let renewal_date = first_renewal + Days::new(g.rng.randint(0, 330) as u64);
    let domain = format!("{}.example.com", slug(&d.name));
    let contact_count = if d.segment == Segment::Smb { 2 } else { 3 };
    let contacts = (0..contact_count)
        .map(|_| g.person(&domain, d.segment))
        .collect();
    Account {
        id: format!("acc-{n:04}"),
        name: d.name,
        segment: d.segment,
        csm: d.csm,
        case: d.case,
        arr,
        tier,
        renewal_date,
        domain,
        contacts,
    }
}

/// Lower case, each run of other characters than `a-z0-9` one `-`, none at the ends.
fn slug(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_lowercase() && !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// A call attendee as written to `calls.jsonl`.
#[derive(Serialize)]
struct Attendee {
    name: String,
    email: String,
    is_customer: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
}

impl Attendee {
    /// One of the vendor's people.
    fn vendor(name: &str, role: &'static str) -> Attendee {
        Attendee {
            name: name.to_string(),
            email: vendor_email(name),
            is_customer: false,
            role: Some(role),
            title: None,
        }
    }

    /// A customer contact.
    fn customer(p: &Person) -> Attendee {
        Attendee {
            name: p.name.clone(),
            email: p.email.clone(),
            is_customer: true,
            role: None,
            title: Some(p.title),
        }
    }
}

/// One turn of an array transcript.
#[derive(Serialize)]
struct Turn {
    speaker: Option<String>,
    text: String,
}

/// What a call carries, under the key of its serde name.
#[derive(Serialize)]
enum Transcript {
    #[serde(rename = "transcript_text")]
    Text(String),
    #[serde(rename = "transcript")]
    Turns(Vec<Turn>),
    /// Filled in once the call has its id.
    #[serde(rename = "transcript_url")]
    Url(String),
}

impl Transcript {
    /// Bytes of transcript text.
    fn text_len(&self) -> usize {
        match self {
            Transcript::Text(t) => t.len(),
            Transcript::Turns(turns) => turns.iter().map(|t| t.text.len()).sum(),
            Transcript::Url(_) => 0,
        }
    }
}

/// A line of `calls.jsonl`.
#[derive(Serialize)]
struct CallRow {
    account_id: String,
    call_id: String,
    occurred_at: String,
    attendees: Vec<Attendee>,
    #[serde(flatten)]
    transcript: Transcript,
}

/// A record of `usage_events.json`.
#[derive(Serialize)]
struct UsageRow {
    event_id: String,
    account_id: String,
    event_type: &'static str,
    metric_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feature: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'static str>,
    value_current: i64,
    value_baseline: i64,
    delta_pct: f64,
    occurred_at: String,
}

/// A record of `support_tickets.json`.
#[derive(Serialize)]
struct TicketRow {
    account_id: String,
    ticket_id: String,
    subject: &'static str,
    body_summary: &'static str,
    tags: &'static [&'static str],
    opened_at: String,
}

impl TicketRow {
    /// A ticket, numbered later.
    fn new(account_id: &str, spec: &TicketSpec, opened_at: String) -> TicketRow {
        TicketRow {
            account_id: account_id.to_string(),
            ticket_id: String::new(),
            subject: spec.subject,
            body_summary: spec.body,
            tags: spec.tags,
            opened_at,
        }
    }
}

/// A line of `stakeholder_changes.jsonl`.
#[derive(Serialize)]
struct ChangeRow {
    account_id: String,
    change_type: &'static str,
    role: &'static str,
    is_champion: bool,
    occurred_at: String,
    name: String,
}

/// The optional account figures of the Spotter signals, each absent on some accounts.
#[derive(Serialize, Default)]
struct SpotterFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    seats_licensed: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seats_used: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_score: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headcount_growth_pct: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    departments: Option<&'static [&'static str]>,
}

/// A record of `accounts.json`.
#[derive(Serialize)]
struct AccountRow<'a> {
    id: &'a str,
    name: &'a str,
    arr: i64,
    segment: &'static str,
    tier: &'static str,
    owner_email: String,
    owner_name: &'static str,
    renewal_date: String,
    #[serde(flatten)]
    spotter: SpotterFields,
}

impl<'a> AccountRow<'a> {
    /// The record of `a`, with its Spotter figures.
    fn of(a: &'a Account) -> AccountRow<'a> {
        AccountRow {
            id: &a.id,
            name: &a.name,
            arr: a.arr,
            segment: a.segment.name(),
            tier: a.tier,
            owner_email: vendor_email(a.csm.name()),
            owner_name: a.csm.name(),
            renewal_date: a.renewal_date.to_string(),
            spotter: spotter_fields(&a.id),
        }
    }
}

/// The Spotter figures of one account, from a generator of their own (seeded with the
/// account id), so that they came without changing any other record.
fn spotter_fields(account_id: &str) -> SpotterFields {
    let mut rng = PyRandom::from_str(&format!("spotter-{account_id}"));
    let mut f = SpotterFields::default();
    if rng.random() < 0.8 {
        let licensed = rng.randrange(20, 500);
        f.seats_licensed = Some(licensed);
        f.seats_used = Some(py_round(licensed as f64 * (0.5 + rng.random() * 0.55)));
    }
    if rng.random() < 0.7 {
        f.health_score = Some(rng.randrange(20, 101));
    }
    if rng.random() < 0.6 {
        f.headcount_growth_pct = Some(rng.randrange(-5, 31));
    }
    if rng.random() < 0.5 {
        let all: &'static [&str] = &DEPARTMENTS;
        f.departments = Some(&all[..rng.randrange(1, 4) as usize]);
    }
    f
}

/// Python's `round(x)`: to the nearest integer, ties to even.
fn py_round(x: f64) -> i64 {
    x.round_ties_even() as i64
}

/// Python's `round(x, 1)`: the nearest one-decimal number (ties to even on the exact
/// binary value, as Rust's formatting rounds).
fn py_round_1(x: f64) -> f64 {
    format!("{x:.1}").parse().expect("a formatted float")
}

/// `base` changed by `pct` percent, rounded.
fn scaled(base: i64, pct: f64) -> i64 {
    py_round(base as f64 * (1.0 + pct / 100.0))
}

/// A usage event of `spec` (numbered later).
fn usage_event(account_id: &str, spec: &UsageSpec, occurred_at: String) -> UsageRow {
    let (base, current) = (spec.base, spec.current);
    let delta_pct = if base == 0 {
        (100 * current) as f64
    } else {
        py_round_1(100.0 * (current - base) as f64 / base as f64)
    };
    UsageRow {
        event_id: String::new(),
        account_id: account_id.to_string(),
        event_type: spec.event_type,
        metric_name: spec.metric,
        feature: spec.feature,
        department: spec.department,
        value_current: current,
        value_baseline: base,
        delta_pct,
        occurred_at,
    }
}

/// A transcript line: `speaker` is `None` on a continuation line.
struct Line {
    speaker: Option<String>,
    text: String,
}

/// A call's transcript being written.
struct Script<'a> {
    lines: Vec<Line>,
    account: &'a Account,
}

impl Script<'_> {
    /// Adds `items` said by `speaker`: the first item as a line of its own, the rest as
    /// continuation lines.
    fn say(&mut self, speaker: &str, items: &[&str]) {
        for (i, text) in items.iter().enumerate() {
            self.lines.push(Line {
                speaker: (i == 0).then(|| speaker.to_string()),
                text: text.to_string(),
            });
        }
    }

    /// Adds a line of `pool` said by `speaker`, `{first}` replaced by the first
    /// contact's first name.
    fn say_one_of(&mut self, g: &mut Gen, speaker: &str, pool: &[&str]) {
        let first = self.account.contacts[0].first;
        let text = g.rng.choice(pool).replace("{first}", first);
        self.say(speaker, &[&text]);
    }

    /// Adds the case's key lines.
    fn say_key_lines(&mut self, key_lines: &[(Who, &str)]) {
        for &(who, text) in key_lines {
            let speaker = match who {
                Who::Customer => Some(self.account.contacts[0].name.clone()),
                Who::Owner => Some(self.account.csm.name().to_string()),
                Who::More => None,
            };
            let text = text.to_string();
            self.lines.push(Line { speaker, text });
        }
    }
}

/// The attendees of a call: the CSM, maybe the solutions engineer, the first contact
/// and maybe the second.
fn attendees(a: &Account, with_engineer: bool, with_second: bool) -> Vec<Attendee> {
    let mut out = vec![Attendee::vendor(a.csm.name(), "Customer Success Manager")];
    if with_engineer {
        out.push(Attendee::vendor(SOLUTIONS_ENGINEER, "Solutions Engineer"));
    }
    out.push(Attendee::customer(&a.contacts[0]));
    if with_second {
        out.push(Attendee::customer(&a.contacts[1]));
    }
    out
}

/// A conversation of filler exchanges with the key lines placed among them, between
/// an opening and a closing; returns the attendees and the lines.
fn conversation(g: &mut Gen, a: &Account, key_lines: &[(Who, &str)]) -> (Vec<Attendee>, Vec<Line>) {
    let with_second = g.rng.random() < 0.4;
    let with_engineer = g.rng.random() < 0.2;
    let (csm, customer) = (a.csm.name(), a.contacts[0].name.as_str());
    let mut s = Script {
        lines: Vec::new(),
        account: a,
    };
    s.say_one_of(g, csm, &pools::CSM_OPEN);
    s.say_one_of(g, customer, &pools::CUST_GREET);
    s.say_one_of(g, csm, &pools::CSM_AGENDA);
    let (least, most) = if key_lines.is_empty() { (3, 6) } else { (2, 5) };
    let pair_count = g.rng.randint(least, most);
    let pairs = g.rng.sample(&pools::FILLER_PAIRS, pair_count as usize);
    let key_at = g.rng.randint(0, pair_count) as usize;
    for i in 0..=pairs.len() {
        if i == key_at {
            s.say_key_lines(key_lines);
        }
        let Some(&(customer_says, csm_says)) = pairs.get(i) else {
            continue;
        };
        let second = with_second && g.rng.random() < 0.35;
        s.say(&a.contacts[usize::from(second)].name, customer_says);
        s.say(csm, &[csm_says]);
        if with_engineer && i == 0 {
            s.say_one_of(g, SOLUTIONS_ENGINEER, &pools::SE_FILLER);
        }
    }
    s.say_one_of(g, csm, &pools::CSM_CLOSE);
    s.say_one_of(g, customer, &pools::CUST_CLOSE);
    (attendees(a, with_engineer, with_second), s.lines)
}

/// `Name: text` lines; a continuation line without the name.
fn transcript_text(lines: Vec<Line>) -> String {
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| match l.speaker {
            Some(s) => format!("{s}: {}", l.text),
            None => l.text,
        })
        .collect();
    lines.join("\n")
}

/// Turns; a continuation line is appended to the turn before it.
fn transcript_turns(lines: Vec<Line>) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for l in lines {
        match (l.speaker, turns.last_mut()) {
            (None, Some(last)) => {
                last.text.push(' ');
                last.text.push_str(&l.text);
            }
            (speaker, _) => turns.push(Turn {
                speaker,
                text: l.text,
            }),
        }
    }
    turns
}

/// A call of account `a` at `occurred_at` (numbered later), in format `fmt` or, when
/// `None`, mostly text and sometimes an array.
fn make_call(
    g: &mut Gen,
    a: &Account,
    occurred_at: String,
    key_lines: &[(Who, &str)],
    fmt: Option<Fmt>,
) -> CallRow {
    let fmt = fmt.unwrap_or_else(|| {
        if g.rng.random() < 0.18 {
            Fmt::Array
        } else {
            Fmt::Text
        }
    });
    let (attendees, transcript) = if fmt == Fmt::Url {
        let url = Transcript::Url(String::new());
        (attendees(a, false, false), url)
    } else {
        let (attendees, lines) = conversation(g, a, key_lines);
        let transcript = match fmt {
            Fmt::Array => Transcript::Turns(transcript_turns(lines)),
            _ => Transcript::Text(transcript_text(lines)),
        };
        (attendees, transcript)
    };
    CallRow {
        account_id: a.id.clone(),
        call_id: String::new(),
        occurred_at,
        attendees,
        transcript,
    }
}

/// Everything written besides the accounts.
#[derive(Default)]
struct Records {
    calls: Vec<CallRow>,
    usage: Vec<UsageRow>,
    tickets: Vec<TicketRow>,
    changes: Vec<ChangeRow>,
}

/// The records each case account asks for.
fn case_records(g: &mut Gen, accounts: &[Account], r: &mut Records) {
    for a in accounts {
        let Some(case) = a.case else { continue };
        if let Some(call) = case.call {
            let when = call.when.map_or_else(|| g.window_time(true), String::from);
            r.calls.push(make_call(g, a, when, call.lines, call.fmt));
        }
        for u in case.usage {
            let when = u.when.map_or_else(|| g.window_time(false), String::from);
            r.usage.push(usage_event(&a.id, u, when));
        }
        for t in case.tickets {
            let when = g.window_time(false);
            r.tickets.push(TicketRow::new(&a.id, t, when));
        }
        for c in case.changes {
            r.changes.push(ChangeRow {
                account_id: a.id.clone(),
                change_type: c.change_type,
                role: c.role,
                is_champion: c.is_champion,
                occurred_at: c.when.to_string(),
                name: c.name.to_string(),
            });
        }
    }
}

/// What a filler account does in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// A call (and maybe usage and tickets).
    Call,
    /// Usage or tickets, no call.
    Activity,
    /// Nothing.
    Silent,
}

/// Profiles for the filler accounts, shuffled: enough calls to bring the coverage to
/// [`COVERED_ACCOUNTS`], [`SILENT_ACCOUNTS`] silent ones, the rest active.
fn filler_profiles(g: &mut Gen, filler: usize) -> Vec<Profile> {
    let covered_by_cases = CASES
        .iter()
        .filter_map(|c| c.call)
        .filter(|call| !call.when.is_some_and(|w| w.starts_with("2026-11-16")))
        .count();
    let calls = COVERED_ACCOUNTS - covered_by_cases;
    let mut profiles = [
        vec![Profile::Call; calls],
        vec![Profile::Silent; SILENT_ACCOUNTS],
        vec![Profile::Activity; filler - calls - SILENT_ACCOUNTS],
    ]
    .concat();
    g.rng.shuffle(&mut profiles);
    profiles
}

/// The special calls still to give out to filler accounts.
struct FillerState {
    /// Calls with only a `transcript_url`.
    url_calls: usize,
    /// Calls whose time has a UTC offset.
    offset_calls: usize,
    /// Whether the usage event with a feature no SKU knows is written.
    unmatched_feature_done: bool,
}

/// The records of the filler accounts: calls, usage and tickets by profile, and older
/// records before the window.
fn filler_records(g: &mut Gen, accounts: &[Account], r: &mut Records) {
    let filler: Vec<&Account> = accounts.iter().filter(|a| a.case.is_none()).collect();
    let profiles = filler_profiles(g, filler.len());
    let mut state = FillerState {
        url_calls: 3,
        offset_calls: 1,
        unmatched_feature_done: false,
    };
    for (a, profile) in filler.into_iter().zip(profiles) {
        if profile == Profile::Call {
            filler_calls(g, a, &mut state, r);
        }
        if profile != Profile::Silent {
            filler_activity(g, a, profile, &mut state, r);
        }
        old_records(g, a, r);
    }
}

/// A filler account's calls in the window: a special one while some are left, else
/// one or sometimes two.
fn filler_calls(g: &mut Gen, a: &Account, state: &mut FillerState, r: &mut Records) {
    if state.url_calls > 0 {
        state.url_calls -= 1;
        let when = g.window_time(true);
        r.calls.push(make_call(g, a, when, &[], Some(Fmt::Url)));
    } else if state.offset_calls > 0 {
        state.offset_calls -= 1;
        let when = "2026-11-16T20:30:00-05:00".to_string();
        r.calls.push(make_call(g, a, when, &[], None));
    } else {
        let when = g.window_time(true);
        r.calls.push(make_call(g, a, when, &[], None));
        if g.rng.random() < 0.12 {
            let when = g.window_time(true);
            r.calls.push(make_call(g, a, when, &[], None));
        }
    }
}

/// The baseline range of a filler usage metric.
fn base_range(metric: &str, segment: Segment) -> (i64, i64) {
    let ranges = match metric {
        "api_calls" => pools::API_CALLS_RANGE,
        _ => pools::SEATS_RANGE,
    };
    ranges[segment as usize]
}

/// A filler account's usage (in the noise band, of a kind no SKU listens to, or the one
/// unmatched feature) and maybe a ticket, all in the window.
fn filler_activity(
    g: &mut Gen,
    a: &Account,
    profile: Profile,
    state: &mut FillerState,
    r: &mut Records,
) {
    let roll = g.rng.random();
    let spec = if roll < 0.25 {
        let (event_type, metric, pct) = *g.rng.choice(&pools::NOISE_SPECS[a.segment as usize]);
        let (lo, hi) = base_range(metric, a.segment);
        let base = g.rng.randint(lo, hi);
        Some(change(event_type, metric, None, base, scaled(base, pct)))
    } else if roll < 0.5 {
        let (event_type, metric, pct) = *g.rng.choice(&pools::NON_TRIGGER_USAGE);
        let base = g.rng.randint(20, 200);
        Some(change(event_type, metric, None, base, scaled(base, pct)))
    } else if !state.unmatched_feature_done {
        state.unmatched_feature_done = true;
        Some(gated("sandbox_environments", None, 2))
    } else {
        None
    };
    if let Some(spec) = spec {
        let when = g.window_time(false);
        r.usage.push(usage_event(&a.id, &spec, when));
    }
    if profile == Profile::Activity || g.rng.random() < 0.2 {
        filler_ticket(g, a, r, false);
    }
}

/// A filler ticket, opened in the window or, if `old`, before it.
fn filler_ticket(g: &mut Gen, a: &Account, r: &mut Records, old: bool) {
    let &(tags, subject, body) = g.rng.choice(&pools::FILLER_TICKETS);
    let when = if old {
        g.old_time(8, 30)
    } else {
        g.window_time(false)
    };
    r.tickets.push(TicketRow::new(
        &a.id,
        &TicketSpec {
            tags,
            subject,
            body,
        },
        when,
    ));
}

/// Records before the window for a share of the filler accounts: a call, a ticket, a
/// stakeholder change that is not a champion's departure.
fn old_records(g: &mut Gen, a: &Account, r: &mut Records) {
    if g.rng.random() < 0.3 {
        let when = g.old_time(8, 30);
        r.calls.push(make_call(g, a, when, &[], None));
    }
    if g.rng.random() < 0.15 {
        filler_ticket(g, a, r, true);
    }
    if g.rng.random() < 0.15 {
        let change_type = *g.rng.choice(&["new_hire", "promotion", "new_hire"]);
        let person = g.person(&a.domain, a.segment);
        let role = *g.rng.choice(&pools::SC_ROLES);
        r.changes.push(ChangeRow {
            account_id: a.id.clone(),
            change_type,
            role,
            is_champion: false,
            occurred_at: g.old_time(1, 40),
            name: person.name,
        });
    }
}

/// Records of case accounts that carry triggers but fall outside the window (to be
/// ignored), and stakeholder changes on case accounts that suppress nothing.
fn out_of_window_records(g: &mut Gen, accounts: &[Account], r: &mut Records) {
    let by_name = |name: &str| {
        accounts
            .iter()
            .find(|a| a.name == name)
            .expect("a case account")
    };
    let spec = change("seat_limit_reached", "seat_count", None, 900, 1000);
    let when = "2026-11-16T23:59:59Z".to_string();
    r.usage
        .push(usage_event(&by_name("Halvorsen Freight").id, &spec, when));
    let lines = [(Who::Customer, "We are onboarding a team in Boulder soon.")];
    let when = "2026-11-10T16:00:00Z".to_string();
    let copperleaf = by_name("Copperleaf Architects");
    r.calls.push(make_call(g, copperleaf, when, &lines, None));
    let spec = TicketSpec {
        tags: &["analytics"],
        subject: "Advanced analytics trial request",
        body: "Owner asked about sales trend reports.",
    };
    let when = "2026-11-10T11:00:00Z".to_string();
    r.tickets.push(TicketRow::new(
        &by_name("Mossgrove Florists").id,
        &spec,
        when,
    ));
    for (name, change_type, role) in [
        ("Halvorsen Freight", "new_hire", "CISO"),
        ("Bramblewood Outfitters", "promotion", "VP Operations"),
        ("Nettlecomb Legal", "new_hire", "IT Director"),
    ] {
        let a = by_name(name);
        let person = g.person(&a.domain, a.segment);
        r.changes.push(ChangeRow {
            account_id: a.id.clone(),
            change_type,
            role,
            is_champion: false,
            occurred_at: g.window_time(true),
            name: person.name,
        });
    }
}

/// Records of accounts outside the portfolio (ignored and counted): acc-9001 (call and
/// usage), acc-9002 (ticket), acc-9003 (stakeholder change), acc-9004 (usage).
fn outside_portfolio_records(g: &mut Gen, r: &mut Records) {
    let domain = "outside-portfolio.example.org".to_string();
    let contacts = (0..2)
        .map(|_| g.person(&domain, Segment::Enterprise))
        .collect();
    let ghost = Account {
        id: "acc-9001".into(),
        name: "Outside Portfolio Co".into(),
        segment: Segment::Enterprise,
        csm: Csm::Priya,
        case: None,
        // Not written: the account is not in accounts.json.
        arr: 0,
        tier: "",
        renewal_date: as_of(),
        domain,
        contacts,
    };
    let lines = [(Who::Customer, "We need SSO for the whole company.")];
    let when = "2026-11-18T15:00:00Z".to_string();
    r.calls
        .push(make_call(g, &ghost, when, &lines, Some(Fmt::Text)));
    let when = "2026-11-18T09:00:00Z".to_string();
    r.usage
        .push(usage_event(&ghost.id, &gated("sso", None, 12), when));
    let spec = TicketSpec {
        tags: &["seat-limit"],
        subject: "Seat limit reached",
        body: "Cannot invite more users.",
    };
    r.tickets.push(TicketRow::new(
        "acc-9002",
        &spec,
        "2026-11-19T10:00:00Z".into(),
    ));
    r.changes.push(ChangeRow {
        account_id: "acc-9003".into(),
        change_type: "departure",
        role: "COO",
        is_champion: true,
        occurred_at: "2026-11-20T12:00:00Z".into(),
        name: "Orla Fitzwarren".into(),
    });
    let spec = change("seat_growth", "seat_count", None, 50, 80);
    r.usage.push(usage_event(
        "acc-9004",
        &spec,
        "2026-11-20T08:00:00Z".into(),
    ));
}

/// The UTC moment of a timestamp written by this module.
fn utc(timestamp: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(timestamp)
        .expect("an RFC 3339 timestamp")
        .with_timezone(&Utc)
}

/// Sorts `items` by moment, then account id (a stable sort: equal keys keep their
/// order).
fn sort_by_moment<T>(items: &mut [T], key: impl Fn(&T) -> (&str, &str)) {
    items.sort_by_cached_key(|item| {
        let (moment, account_id) = key(item);
        (utc(moment), account_id.to_string())
    });
}

impl Records {
    /// Sorts every file by time and numbers the calls, usage events and tickets.
    fn number(&mut self) {
        sort_by_moment(&mut self.calls, |c| (&c.occurred_at, &c.account_id));
        for (i, c) in self.calls.iter_mut().enumerate() {
            c.call_id = format!("call-{:05}", i + 1);
            if let Transcript::Url(url) = &mut c.transcript {
                *url = format!("https://example.com/recordings/{}", c.call_id);
            }
        }
        sort_by_moment(&mut self.usage, |u| (&u.occurred_at, &u.account_id));
        for (i, u) in self.usage.iter_mut().enumerate() {
            u.event_id = format!("evt-{:05}", i + 1);
        }
        sort_by_moment(&mut self.tickets, |t| (&t.opened_at, &t.account_id));
        for (i, t) in self.tickets.iter_mut().enumerate() {
            t.ticket_id = format!("T-{}", 40_000 + i + 1);
        }
        sort_by_moment(&mut self.changes, |c| (&c.occurred_at, &c.account_id));
    }
}

/// Writes the five files into `out` (created if missing).
fn write_files(out: &Path, accounts: &[Account], r: &Records) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    let rows: Vec<AccountRow> = accounts.iter().map(AccountRow::of).collect();
    pyjson::write_json(&out.join("accounts.json"), &rows)?;
    pyjson::write_jsonl(&out.join("calls.jsonl"), &r.calls)?;
    pyjson::write_json(&out.join("usage_events.json"), &r.usage)?;
    pyjson::write_json(&out.join("support_tickets.json"), &r.tickets)?;
    pyjson::write_jsonl(&out.join("stakeholder_changes.jsonl"), &r.changes)?;
    Ok(Summary {
        accounts: accounts.len(),
        csms: Csm::ALL.len(),
        calls: r.calls.len(),
        transcript_bytes: r.calls.iter().map(|c| c.transcript.text_len() as u64).sum(),
        usage_events: r.usage.len(),
        tickets: r.tickets.len(),
        stakeholder_changes: r.changes.len(),
    })
}

/// Writes the demo portfolio into `out`: the same bytes as `fixtures/demo` on every run.
pub fn write_demo(out: &Path) -> io::Result<Summary> {
    let mut g = Gen {
        rng: PyRandom::from_int(SEED),
        used_people: HashSet::new(),
    };
    let accounts = build_accounts(&mut g);
    let mut records = Records::default();
    case_records(&mut g, &accounts, &mut records);
    filler_records(&mut g, &accounts, &mut records);
    out_of_window_records(&mut g, &accounts, &mut records);
    outside_portfolio_records(&mut g, &mut records);
    records.number();
    write_files(out, &accounts, &records)
}
