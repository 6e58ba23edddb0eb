//! `expansion-signals generate`: a synthetic portfolio in the engine's input format, for
//! benchmarks and demos at scale. Deterministic for a seed (one PRNG, one thread, fixed
//! iteration order), so two runs with the same seed write identical files.
//!
//! Trigger phrases, negative examples and conditional phrasings are instantiated from
//! the taxonomy given to it and appear in transcripts at low, realistic rates; the
//! rest of each transcript is neutral conversation that matches no trigger.
//!
//! [`write_demo`] (`generate --demo`, in `demo.rs`) writes the bundled demo portfolio
//! of `fixtures/demo` instead: 40 hand-made case accounts among 84 filler accounts.

mod demo;
mod text;

pub use demo::write_demo;

use crate::model::{Account, Attendee, Call, ChangeType, StakeholderChange, Ticket, UsageEvent};
use crate::pipeline::matcher::Matcher;
use crate::references::{Baselines, Pattern, SkuRules, Taxonomy, TicketTrigger, UsageTrigger};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Options {
    pub accounts: usize,
    pub seed: u64,
    /// Last day of the week the generated activity falls in.
    pub as_of: NaiveDate,
    /// Words per transcript on average (about 1.3 tokens per word).
    pub words_per_call: usize,
}

impl Options {
    pub fn new(accounts: usize, seed: u64) -> Options {
        Options {
            accounts,
            seed,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date"),
            // ~3,900 words ≈ 6,000 tokens ≈ 24 KB of text.
            words_per_call: 3_900,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub accounts: usize,
    pub csms: usize,
    pub calls: usize,
    pub transcript_bytes: u64,
    pub usage_events: usize,
    pub tickets: usize,
    pub stakeholder_changes: usize,
}

struct Gen<'a> {
    rng: fastrand::Rng,
    tax: &'a Taxonomy,
    baselines: &'a Baselines,
    as_of: NaiveDate,
    /// Reads each trigger sentence back, so that it is a mention (see [`Gen::mention`]).
    matcher: Matcher,
}

impl Gen<'_> {
    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.rng.usize(..items.len())]
    }

    fn pick_str<'b>(&mut self, items: &[&'b str]) -> &'b str {
        items[self.rng.usize(..items.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A moment on one of the window's seven days (UTC, office hours).
    fn moment_in_window(&mut self) -> DateTime<Utc> {
        let day = self.as_of - Days::new(self.rng.u64(0..7));
        let t = day
            .and_hms_opt(self.rng.u32(8..19), self.rng.u32(0..60), 0)
            .expect("valid time");
        Utc.from_utc_datetime(&t)
    }

    fn moment_before_window(&mut self) -> DateTime<Utc> {
        let day = self.as_of - Days::new(self.rng.u64(8..40));
        Utc.from_utc_datetime(&day.and_hms_opt(10, 0, 0).expect("valid time"))
    }

    /// One text the phrase matches, with a short noun phrase wherever it allows any
    /// words.
    fn instantiate(&mut self, pattern: &Pattern) -> String {
        let rng = &mut self.rng;
        pattern.example(&mut |n| rng.usize(..n.max(1)), text::NOUN_PHRASES)
    }

    fn neutral_sentence(&mut self, customer: bool) -> String {
        let opener = self.pick_str(if customer {
            text::CUSTOMER_OPENERS
        } else {
            text::CSM_OPENERS
        });
        let body = self.pick_str(text::BODIES);
        let closer = self.pick_str(text::CLOSERS);
        let body = body
            .replace("{team}", self.pick_str(text::TEAMS))
            .replace("{n}", &self.rng.u32(2..40).to_string())
            .replace("{day}", self.pick_str(text::DAYS));
        let mut s = format!("{opener}{body}{closer}");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s
    }

    /// One customer sentence that carries a trigger, a negative example or a
    /// conditional mention, instantiated from the taxonomy.
    fn phrase_sentence(&mut self) -> String {
        let sku = self.pick(&self.tax.skus);
        let roll = self.rng.f64();
        if roll < 0.7 && !sku.call_triggers.is_empty() {
            self.mention(sku)
        } else if roll < 0.85 && !sku.negatives.is_empty() {
            let p = self.pick(&sku.negatives).clone();
            format!("To be clear on one point: {}.", self.instantiate(&p))
        } else if !sku.call_triggers.is_empty() {
            let p = self.pick(&sku.call_triggers).clone();
            format!(
                "If the budget clears, one item would be this: {}.",
                self.instantiate(&p)
            )
        } else {
            self.neutral_sentence(true)
        }
    }

    /// A sentence with a trigger phrase of `sku` that the engine reads as a mention. Many
    /// phrases of a large taxonomy carry a word a guard reads ("would", a past form) or
    /// are instantiated in a form another phrase's negative covers: up to
    /// [`MENTION_TRIES`] phrases are tried, so the share of calls with a real mention
    /// does not shrink as the taxonomy grows.
    fn mention(&mut self, sku: &SkuRules) -> String {
        let mut s = String::new();
        for _ in 0..MENTION_TRIES {
            let p = self.pick(&sku.call_triggers).clone();
            let frame = self.pick_str(text::TRIGGER_FRAMES);
            s = frame.replace("{p}", &self.instantiate(&p));
            let m = self.matcher.sentence(&s);
            if m.negative.is_none()
                && m.triggers
                    .iter()
                    .any(|t| t.sku == sku.id && t.guard.is_none())
            {
                break;
            }
        }
        s
    }

    fn transcript(&mut self, csm: &str, customers: &[String], words: usize) -> String {
        let mut out = String::with_capacity(words * 6);
        let mut count = 0;
        let mut csm_turn = true;
        while count < words {
            let speaker = if csm_turn {
                csm.to_string()
            } else {
                self.pick(customers).clone()
            };
            out.push_str(&speaker);
            out.push(':');
            for _ in 0..self.rng.usize(1..5) {
                // About one customer sentence in 700 carries a phrase from the taxonomy, so roughly
                // one call in five has one.
                let s = if !csm_turn && self.chance(0.0015) {
                    self.phrase_sentence()
                } else {
                    self.neutral_sentence(!csm_turn)
                };
                count += s.split_whitespace().count();
                out.push(' ');
                out.push_str(&s);
            }
            out.push('\n');
            csm_turn = !csm_turn;
        }
        out
    }

    /// The event type, metric and feature of a usage event for `trigger` (an API-call
    /// spike when the SKU has no usage trigger).
    fn usage_kind(&mut self, trigger: Option<&UsageTrigger>) -> (String, String, Option<String>) {
        match trigger {
            Some(t) if t.event_type.contains("tier_gated") => {
                let f = if t.features.is_empty() {
                    "premium_feature".to_string()
                } else {
                    self.pick(&t.features).clone()
                };
                (
                    t.event_type.clone(),
                    "tier_gated_feature_attempts".to_string(),
                    Some(f),
                )
            }
            Some(t) if !t.features.is_empty() => {
                (t.event_type.clone(), self.pick(&t.features).clone(), None)
            }
            Some(t) if t.event_type.contains("seat") => {
                (t.event_type.clone(), "seat_count".to_string(), None)
            }
            Some(t) => (t.event_type.clone(), "daily_active_users".to_string(), None),
            None => ("usage_spike".to_string(), "api_calls".to_string(), None),
        }
    }

    /// Baseline, current value and change (percent) of a usage event of `metric`: for
    /// tier-gated attempts a count (often none), otherwise a change drawn around the
    /// segment median so that most land inside the noise band.
    fn usage_values(&mut self, segment: &str, metric: &str) -> (f64, f64, f64) {
        if metric == "tier_gated_feature_attempts" {
            let n = if self.chance(0.5) {
                0.0
            } else {
                f64::from(self.rng.u32(1..20))
            };
            return (0.0, n, n * 100.0);
        }
        let (median, band) = self
            .baselines
            .row(segment, metric)
            .map(|r| (r.median, r.band))
            .unwrap_or((2.0, 10.0));
        // Normal-ish: the mean of three uniforms, scaled so ~30 % fall outside the band.
        let u = (self.rng.f64() + self.rng.f64() + self.rng.f64()) / 3.0 - 0.5;
        let delta = ((median + u * band * 3.2) * 10.0).round() / 10.0;
        let base = f64::from(self.rng.u32(20..5000));
        (base, (base * (1.0 + delta / 100.0)).round(), delta)
    }

    /// A usage anomaly for one of the taxonomy's usage triggers.
    fn usage_event(&mut self, account: &Account, id: usize) -> UsageEvent {
        let sku = self.pick(&self.tax.skus);
        let trigger = sku
            .usage_triggers
            .get(self.rng.usize(..sku.usage_triggers.len().max(1)));
        let (event_type, metric, feature) = self.usage_kind(trigger);
        let (value_baseline, value_current, delta_pct) =
            self.usage_values(&account.segment, &metric);
        UsageEvent {
            event_id: Some(format!("evt-{id:08}")),
            account_id: account.id.clone(),
            event_type,
            metric_name: metric,
            value_current,
            value_baseline,
            delta_pct,
            occurred_at: self.moment_in_window(),
            feature,
            department: None,
        }
    }

    fn ticket(&mut self, account: &Account, id: usize) -> Ticket {
        let mut subject = self.pick_str(text::TICKET_SUBJECTS).to_string();
        let mut tags = vec![self.pick_str(text::TICKET_TAGS).to_string()];
        if self.chance(0.12) {
            let sku = self.pick(&self.tax.skus);
            if let Some(t) = sku
                .ticket_triggers
                .get(self.rng.usize(..sku.ticket_triggers.len().max(1)))
            {
                match t {
                    TicketTrigger::Tags { tags: ts, .. } => tags.push(self.pick(ts).clone()),
                    TicketTrigger::Subject { phrases, .. } => {
                        let p = self.pick(phrases).clone();
                        subject = format!("Question about {}", self.instantiate(&p));
                    }
                }
            }
        }
        Ticket {
            account_id: account.id.clone(),
            ticket_id: format!("T-{id:08}"),
            subject,
            body_summary: self.pick_str(text::TICKET_BODIES).to_string(),
            tags,
            opened_at: if self.chance(0.85) {
                self.moment_in_window()
            } else {
                self.moment_before_window()
            },
        }
    }
    /// A customer's or stakeholder's name from the name lists.
    fn person_name(&mut self) -> String {
        format!(
            "{} {}",
            self.pick_str(text::FIRST_NAMES),
            self.pick_str(text::LAST_NAMES)
        )
    }

    /// Segment, tier and ARR of an account: 10 % enterprise, 30 % mid-market, the rest
    /// smb.
    fn segment_tier_arr(&mut self) -> (&'static str, &'static str, f64) {
        let roll = self.rng.f64();
        if roll < 0.10 {
            let arr = self.rng.u32(150..1500) as f64 * 1000.0;
            ("enterprise", "enterprise", arr)
        } else if roll < 0.40 {
            (
                "mid-market",
                "business",
                self.rng.u32(40..150) as f64 * 1000.0,
            )
        } else {
            ("smb", "growth", self.rng.u32(5..40) as f64 * 1000.0)
        }
    }

    /// A company name; one already in `names` gets the account number `i` appended.
    fn account_name(&mut self, i: usize, names: &mut HashSet<String>) -> String {
        let mut name = format!(
            "{}{} {}",
            self.pick_str(text::NAME_A),
            self.pick_str(text::NAME_B),
            self.pick_str(text::NAME_SUFFIX)
        );
        if !names.insert(name.clone()) {
            name = format!("{name} {i}");
            names.insert(name.clone());
        }
        name
    }

    /// Account number `i`, owned by one of `csms` (name, e-mail address).
    fn account(
        &mut self,
        i: usize,
        seed: u64,
        csms: &[(String, String)],
        names: &mut HashSet<String>,
    ) -> Account {
        let (segment, tier, arr) = self.segment_tier_arr();
        let name = self.account_name(i, names);
        let (owner_name, owner_email) = csms[self.rng.usize(..csms.len())].clone();
        let first_word = name.split_whitespace().next().unwrap_or("account");
        let domain = format!("{}.example.com", first_word.to_lowercase());
        Account {
            id: format!("acc-{i:06}"),
            name,
            arr,
            segment: segment.into(),
            tier: tier.into(),
            owner_email,
            owner_name: Some(owner_name),
            owner_locale: None,
            renewal_date: self.as_of + Days::new(self.rng.u64(20..420)),
            domains: vec![domain],
            fields: account_fields(seed, i as u64),
        }
    }

    /// The attendees of a call of `a`: its CSM and the `customers`, each with a title.
    fn call_attendees(&mut self, a: &Account, customers: &[String]) -> Vec<Attendee> {
        let mut attendees = vec![Attendee {
            name: a.owner_name.clone().unwrap_or_default(),
            email: Some(a.owner_email.clone()),
            is_customer: false,
            role: Some("Customer Success Manager".into()),
            title: None,
        }];
        for c in customers {
            let email = format!("{}@{}", c.replace(' ', ".").to_lowercase(), a.domains[0]);
            attendees.push(Attendee {
                name: c.clone(),
                email: Some(email),
                is_customer: true,
                role: None,
                title: Some(self.pick_str(text::TITLES).to_string()),
            });
        }
        attendees
    }

    /// Call number `call_no` of `a`: one or two customers, a transcript of about
    /// `words_per_call` words, mostly in the window.
    fn call(&mut self, a: &Account, call_no: usize, words_per_call: usize) -> Call {
        let customers: Vec<String> = (0..self.rng.usize(1..3))
            .map(|_| self.person_name())
            .collect();
        let attendees = self.call_attendees(a, &customers);
        let words = words_per_call / 2 + self.rng.usize(..words_per_call.max(2));
        let csm_name = a.owner_name.clone().unwrap_or_default();
        let transcript = self.transcript(&csm_name, &customers, words);
        Call {
            account_id: a.id.clone(),
            call_id: format!("call-{call_no:08}"),
            occurred_at: if self.chance(0.95) {
                self.moment_in_window()
            } else {
                self.moment_before_window()
            },
            attendees,
            transcript_text: Some(transcript),
            transcript: None,
            transcript_url: None,
            language: None,
        }
    }

    /// A champion's departure or a new hire at `a`, in the window or before it.
    fn stakeholder_change(&mut self, a: &Account) -> StakeholderChange {
        let champion = self.chance(0.5);
        let occurred_at = if self.chance(0.5) {
            self.moment_in_window()
        } else {
            self.moment_before_window()
        };
        StakeholderChange {
            account_id: a.id.clone(),
            change_type: if champion {
                ChangeType::Departure
            } else {
                ChangeType::NewHire
            },
            role: self.pick_str(text::TITLES).to_string(),
            is_champion: champion,
            occurred_at,
            name: Some(self.person_name()),
        }
    }
}

/// Writes `items` as a JSON array, one item per line.
fn write_json_array<T: Serialize>(path: &Path, items: &[T]) -> std::io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    w.write_all(b"[\n")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut w, item)?;
    }
    w.write_all(b"\n]\n")?;
    w.flush()
}

/// Writes `item` as one line of JSON Lines.
fn write_json_line(w: &mut impl Write, item: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, item)?;
    w.write_all(b"\n")
}

/// The CSMs of a portfolio of `accounts` accounts, one per 75 (at least four): names
/// and e-mail addresses from the name lists.
fn csm_roster(accounts: usize) -> Vec<(String, String)> {
    let firsts = text::CSM_FIRST_NAMES;
    let lasts = text::CSM_LAST_NAMES;
    (0..(accounts / 75).max(4))
        .map(|i| {
            let (first, round) = (firsts[i % firsts.len()], i / firsts.len());
            let last = lasts[(i * 7 + round) % lasts.len()];
            let email = format!(
                "{}.{}{round}@csm.example",
                first.to_lowercase(),
                last.to_lowercase()
            );
            (format!("{first} {last}"), email)
        })
        .collect()
}

/// Writes the calls of `accounts` to `path` as JSON Lines while drawing them (the
/// transcripts are most of a portfolio's bytes): 70-90 % of accounts have one or two
/// calls this week, one per account on average, a few calls fall before the window.
/// Returns the number of calls and the bytes of transcript.
fn write_calls(
    g: &mut Gen,
    accounts: &[Account],
    words_per_call: usize,
    path: &Path,
) -> std::io::Result<(usize, u64)> {
    let coverage = 0.7 + g.rng.f64() * 0.2;
    let per_covered = 1.0 / coverage;
    let mut w = BufWriter::new(File::create(path)?);
    let (mut calls, mut transcript_bytes) = (0, 0);
    for a in accounts {
        if !g.chance(coverage) {
            continue;
        }
        let n = if g.chance(per_covered - 1.0) { 2 } else { 1 };
        for _ in 0..n {
            calls += 1;
            let call = g.call(a, calls, words_per_call);
            transcript_bytes += call.transcript_text.as_ref().map_or(0, |t| t.len() as u64);
            write_json_line(&mut w, &call)?;
        }
    }
    w.flush()?;
    Ok((calls, transcript_bytes))
}

/// The usage events, tickets and stakeholder changes of a portfolio.
#[derive(Default)]
struct Activity {
    events: Vec<UsageEvent>,
    tickets: Vec<Ticket>,
    changes: Vec<StakeholderChange>,
}

/// Up to four usage events and two tickets per account, and a stakeholder change on
/// about one account in fifty.
fn activity(g: &mut Gen, accounts: &[Account]) -> Activity {
    let mut out = Activity::default();
    for a in accounts {
        for _ in 0..g.rng.usize(0..5) {
            let id = out.events.len() + 1;
            out.events.push(g.usage_event(a, id));
        }
        for _ in 0..g.rng.usize(0..3) {
            let id = out.tickets.len() + 1;
            out.tickets.push(g.ticket(a, id));
        }
        if g.chance(0.02) {
            out.changes.push(g.stakeholder_change(a));
        }
    }
    out
}

/// Trigger phrases tried for one generated mention before the last one is kept.
const MENTION_TRIES: usize = 8;

/// Writes a portfolio of `opts.accounts` accounts into `out`.
pub fn generate(
    opts: &Options,
    tax: &Taxonomy,
    baselines: &Baselines,
    out: &Path,
) -> std::io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(opts.seed),
        tax,
        baselines,
        as_of: opts.as_of,
        matcher: Matcher::new(tax),
    };
    let csms = csm_roster(opts.accounts);
    let mut names = HashSet::new();
    let accounts: Vec<Account> = (0..opts.accounts)
        .map(|i| g.account(i, opts.seed, &csms, &mut names))
        .collect();
    write_json_array(&out.join("accounts.json"), &accounts)?;
    let calls_path = out.join("calls.jsonl");
    let (calls, transcript_bytes) =
        write_calls(&mut g, &accounts, opts.words_per_call, &calls_path)?;
    let activity = activity(&mut g, &accounts);
    write_json_array(&out.join("usage_events.json"), &activity.events)?;
    write_json_array(&out.join("support_tickets.json"), &activity.tickets)?;
    let mut w = BufWriter::new(File::create(out.join("stakeholder_changes.jsonl"))?);
    for c in &activity.changes {
        write_json_line(&mut w, c)?;
    }
    w.flush()?;
    Ok(Summary {
        accounts: accounts.len(),
        csms: csms.len(),
        calls,
        transcript_bytes,
        usage_events: activity.events.len(),
        tickets: activity.tickets.len(),
        stakeholder_changes: activity.changes.len(),
    })
}

/// Departments the generated accounts may already use the product in.
const DEPARTMENTS: [&str; 5] = ["sales", "support", "finance", "marketing", "engineering"];

/// The optional Spotter figures of account `i`, each present on most accounts but not
/// all (an absent one is "not evaluated"). A PRNG of their own, so the rest of the
/// portfolio is the same as before they existed.
fn account_fields(seed: u64, i: u64) -> crate::model::AccountFields {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ i);
    let mut f = crate::model::AccountFields::default();
    if rng.u8(..10) < 8 {
        let licensed = rng.u32(20..500);
        f.seats_licensed = Some(f64::from(licensed));
        f.seats_used = Some((f64::from(licensed) * (0.5 + rng.f64() * 0.55)).round());
    }
    if rng.u8(..10) < 7 {
        f.health_score = Some(f64::from(rng.u8(20..=100)));
    }
    if rng.u8(..10) < 6 {
        f.headcount_growth_pct = Some(f64::from(rng.i8(-5..=30)));
    }
    if rng.u8(..10) < 5 {
        let n = rng.usize(1..=3);
        f.departments = Some(DEPARTMENTS[..n].iter().map(|d| d.to_string()).collect());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::extract::Matcher;
    use crate::references::{baselines, taxonomy};

    fn shipped() -> (Taxonomy, Baselines) {
        let (tax, p) = taxonomy::parse(
            "t.md",
            include_str!("../../references/1-expansion-signal-taxonomy.md"),
        );
        assert!(p.is_empty(), "{p:?}");
        let (base, p) = baselines::parse(
            "b.md",
            include_str!("../../references/2-segment-baseline-config.md"),
        );
        assert!(p.is_empty(), "{p:?}");
        (tax, base)
    }

    #[test]
    fn neutral_text_matches_no_phrase() {
        let (tax, _) = shipped();
        let m = Matcher::new(&tax);
        for opener in text::CSM_OPENERS.iter().chain(text::CUSTOMER_OPENERS) {
            for body in text::BODIES {
                for closer in text::CLOSERS {
                    for team in text::TEAMS {
                        let s = format!(
                            "{opener}{}{closer}",
                            body.replace("{team}", team)
                                .replace("{n}", "12")
                                .replace("{day}", "Monday")
                        );
                        let hit = m.sentence(&s);
                        assert!(
                            hit.triggers.is_empty() && hit.negative.is_none(),
                            "{s}: {hit:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn instantiated_phrases_match_their_pattern() {
        let (tax, base) = shipped();
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(3),
            tax: &tax,
            baselines: &base,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            matcher: Matcher::new(&tax),
        };
        for sku in &tax.skus {
            for p in sku.call_triggers.iter().chain(&sku.negatives) {
                let text = g.instantiate(p);
                assert!(p.is_match(&text), "{} -> {text}", p.source);
            }
        }
    }
}
