//! Why the pipeline did what it did for one account: every record, kept or discarded and
//! why, the resulting classification and the chosen action. Runs the same step functions
//! as [`super::run`], with sentence tracing on.

use super::act::{ActionChoice, choose_action};
use super::classify::{Class, champion_departure, usage_skus};
use super::collect::{Admission, Window, admission};
use super::extract::{CallEvidence, Matcher, Mention, TracedSentence, extract_call};
use super::noise::{NoiseVerdict, noise_verdict};
use super::semantic::{
    PhraseIndex, SemanticVerdict, embed_text, semantic_phrase, unmatched_sentences,
};
use super::{AccountRecords, Params, evaluate_account, strong_signal};
use crate::model::{Account, Call, Portfolio, StakeholderChange, Ticket, UsageEvent};
use crate::references::References;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct CallExplained {
    pub call_id: String,
    pub date: chrono::NaiveDate,
    pub in_window: bool,
    pub analysed: bool,
    pub customer_attendees: usize,
    pub sentences: Vec<TracedSentence>,
    /// The embedding stage's verdict on each customer sentence no phrase matched
    /// (empty when the stage is off).
    pub semantic: Vec<SemanticLine>,
}

/// One sentence the embedding stage compared: its nearest phrase and what followed.
#[derive(Debug, Clone, PartialEq)]
pub struct SemanticLine {
    pub speaker: String,
    pub sentence: String,
    pub verdict: SemanticVerdict,
    /// False when the verdict is a mention that did not count because the account has no
    /// usage trigger in the window (the run compares only such accounts by default).
    pub counted: bool,
}

/// The embedding stage for [`explain_with`]: the phrase index, the vector of each
/// unmatched sentence (as [`embed_text`] writes it), and whether its mentions count.
pub type SemanticInput<'a> = (&'a PhraseIndex, &'a HashMap<String, Vec<f32>>, bool);

#[derive(Debug, Clone, PartialEq)]
pub struct UsageExplained {
    pub event: UsageEvent,
    pub in_window: bool,
    /// Step 2's verdict (events inside the window only).
    pub verdict: Option<NoiseVerdict>,
    /// The SKUs it supports (kept growth only).
    pub skus: Vec<String>,
    /// The SKUs whose usage triggers it matches, supported or not.
    pub triggers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TicketExplained {
    pub ticket: Ticket,
    pub in_window: bool,
    pub skus: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeExplained {
    pub change: StakeholderChange,
    /// This change is the champion departure that suppresses strong signals.
    pub suppresses: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignalExplained {
    pub sku: String,
    pub class: Class,
    pub mentions: usize,
    pub usage_events: usize,
    pub tickets: usize,
    /// Strong signals only.
    pub action: Option<ActionChoice>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub account: Account,
    pub window: Window,
    pub calls: Vec<CallExplained>,
    pub usage: Vec<UsageExplained>,
    pub tickets: Vec<TicketExplained>,
    pub changes: Vec<ChangeExplained>,
    /// No call, usage event or ticket in the window: dropped in step 1.
    pub silent: bool,
    pub signals: Vec<SignalExplained>,
    /// One line per account-level signal the references define (empty without them).
    pub account_signals: Vec<String>,
}

/// Explains one account. `records` should hold this account's records (others are
/// ignored); dates outside the window are listed as such.
pub fn explain(
    account: &Account,
    records: &Portfolio,
    refs: &References,
    matcher: &Matcher,
    params: &Params,
) -> Explanation {
    explain_with(account, records, refs, matcher, params, None)
}

/// [`explain`] with the embedding stage over the account's calls in the window.
pub fn explain_with(
    account: &Account,
    records: &Portfolio,
    refs: &References,
    matcher: &Matcher,
    params: &Params,
    semantic: Option<SemanticInput<'_>>,
) -> Explanation {
    let window = params.window();
    let (calls, evidence) = explain_calls(account, records, matcher, window, semantic);
    let usage_in = mine(account, &records.usage_events, |e| &e.account_id);
    let tickets_in = mine(account, &records.support_tickets, |t| &t.account_id);
    let (changes_in, changes) = explain_changes(account, records, params.as_of);
    let recs = AccountRecords {
        mentions: evidence.iter().flat_map(|e| e.mentions.iter()).collect(),
        set_aside: evidence.iter().flat_map(|e| e.trace.iter()).collect(),
        attendees: evidence
            .iter()
            .flat_map(|e| e.customer_attendees.iter())
            .collect(),
        calls: evidence.len(),
        usage: kept_in(window, &usage_in, |e| e.occurred_at),
        tickets: kept_in(window, &tickets_in, |t| t.opened_at),
        changes: changes_in.iter().collect(),
    };
    let account_signals = refs
        .spotter
        .as_ref()
        .map(|s| super::spotter::explain_lines(account, &recs, s, params.as_of, params.window_days))
        .unwrap_or_default();
    let silent = recs.is_silent();
    let signals = if silent {
        Vec::new()
    } else {
        explain_signals(account, &recs, refs, matcher, params.as_of)
    };
    Explanation {
        account: account.clone(),
        window,
        calls,
        usage: explain_usage(account, &usage_in, refs, window),
        tickets: explain_tickets(&tickets_in, matcher, window),
        changes,
        silent,
        signals,
        account_signals,
    }
}

/// Whether step 1 keeps a record of a known account that happened `at`.
fn in_window(window: Window, at: DateTime<Utc>) -> bool {
    admission(true, window, at) == Admission::Kept
}

/// The records of `account` among `all`.
fn mine<'a, T>(account: &Account, all: &'a [T], id: impl Fn(&T) -> &String) -> Vec<&'a T> {
    all.iter().filter(|r| *id(r) == account.id).collect()
}

/// The records of `records` that happened in the window.
fn kept_in<'a, T>(
    window: Window,
    records: &[&'a T],
    at: impl Fn(&T) -> DateTime<Utc>,
) -> Vec<&'a T> {
    records
        .iter()
        .copied()
        .filter(|r| in_window(window, at(r)))
        .collect()
}

/// Each of the account's calls with its traced sentences, and the evidence of the calls
/// in the window (what the run would use).
fn explain_calls(
    account: &Account,
    records: &Portfolio,
    matcher: &Matcher,
    window: Window,
    semantic: Option<SemanticInput<'_>>,
) -> (Vec<CallExplained>, Vec<CallEvidence>) {
    let mut calls = Vec::new();
    let mut evidence = Vec::new();
    for call in mine(account, &records.calls, |c| &c.account_id) {
        let in_window = in_window(window, call.occurred_at);
        let mut ev = extract_call(call, matcher, true);
        let lines = match semantic {
            Some(stage) if in_window => semantic_lines(call, &mut ev, matcher, stage),
            _ => Vec::new(),
        };
        calls.push(CallExplained {
            call_id: call.call_id.clone(),
            date: ev.date,
            in_window,
            analysed: ev.analysed,
            customer_attendees: call.attendees.iter().filter(|a| a.is_customer).count(),
            sentences: ev.trace.clone(),
            semantic: lines,
        });
        if in_window {
            evidence.push(ev);
        }
    }
    (calls, evidence)
}

/// The embedding stage's verdict on each customer sentence of `call` no phrase matched;
/// a mention is added to `ev` when the stage's mentions count.
fn semantic_lines(
    call: &Call,
    ev: &mut CallEvidence,
    matcher: &Matcher,
    (index, vectors, counts): SemanticInput<'_>,
) -> Vec<SemanticLine> {
    let mut lines = Vec::new();
    for u in unmatched_sentences(call, matcher) {
        let Some(v) = vectors.get(&embed_text(&u.sentence)) else {
            continue;
        };
        let Some(verdict) = index.judge(&u.sentence, v, matcher) else {
            continue;
        };
        if let (SemanticVerdict::Mention { nearest }, true) = (&verdict, counts) {
            ev.mentions.push(Mention {
                sku: nearest.sku.clone(),
                quote: u.sentence.clone(),
                speaker: u.speaker.clone(),
                role: u.role.clone(),
                call_id: call.call_id.clone(),
                date: ev.date,
                phrase: semantic_phrase(&nearest.phrase, nearest.similarity),
            });
        }
        lines.push(SemanticLine {
            speaker: u.speaker,
            sentence: u.sentence,
            counted: counts || !matches!(verdict, SemanticVerdict::Mention { .. }),
            verdict,
        });
    }
    lines
}

/// Each usage event with step 2's verdict (in the window), the SKUs it supports and the
/// SKUs whose usage triggers it matches.
fn explain_usage(
    account: &Account,
    events: &[&UsageEvent],
    refs: &References,
    window: Window,
) -> Vec<UsageExplained> {
    events
        .iter()
        .map(|e| {
            let in_window = in_window(window, e.occurred_at);
            let verdict = noise_verdict(e, &account.segment, &refs.baselines);
            let triggers = usage_skus(e, &refs.taxonomy);
            UsageExplained {
                event: (*e).clone(),
                in_window,
                verdict: in_window.then_some(verdict),
                // Same rule as the run: only growth supports a SKU.
                skus: if verdict.is_growth(e.delta_pct) {
                    triggers.clone()
                } else {
                    Vec::new()
                },
                triggers,
            }
        })
        .collect()
}

/// Each ticket with the SKUs its triggers name.
fn explain_tickets(tickets: &[&Ticket], matcher: &Matcher, window: Window) -> Vec<TicketExplained> {
    tickets
        .iter()
        .map(|t| TicketExplained {
            ticket: (*t).clone(),
            in_window: in_window(window, t.opened_at),
            skus: matcher.ticket_skus(t),
        })
        .collect()
}

/// The account's stakeholder changes up to `as_of` (what the run reads), and every one
/// of its changes with the champion departure that suppresses strong signals marked.
fn explain_changes(
    account: &Account,
    records: &Portfolio,
    as_of: NaiveDate,
) -> (Vec<StakeholderChange>, Vec<ChangeExplained>) {
    let all = mine(account, &records.stakeholder_changes, |c| &c.account_id);
    let up_to_as_of: Vec<StakeholderChange> = all
        .iter()
        .filter(|c| c.occurred_at.date_naive() <= as_of)
        .map(|c| (*c).clone())
        .collect();
    let departed = champion_departure(&up_to_as_of, as_of).cloned();
    let changes = all
        .into_iter()
        .map(|c| ChangeExplained {
            change: c.clone(),
            suppresses: departed.as_ref() == Some(c),
        })
        .collect();
    (up_to_as_of, changes)
}

/// Steps 2 and 4 on the account's records: each SKU's class and evidence counts, and
/// the action of each strong one.
fn explain_signals(
    account: &Account,
    recs: &AccountRecords<'_>,
    refs: &References,
    matcher: &Matcher,
    as_of: NaiveDate,
) -> Vec<SignalExplained> {
    evaluate_account(account, recs, refs, matcher, as_of)
        .classified
        .into_iter()
        .map(|c| SignalExplained {
            sku: c.sku.clone(),
            class: c.class,
            mentions: c.mentions.len(),
            usage_events: c.usage.len(),
            tickets: c.tickets.len(),
            action: (c.class == Class::Strong)
                .then(|| choose_action(&strong_signal(account, &c), &refs.actions)),
        })
        .collect()
}

/// How an account name or id given by a user resolves.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup<'a> {
    Found(&'a Account),
    NotFound,
    Ambiguous(Vec<&'a Account>),
}

/// Finds an account by exact id, then by case-insensitive exact name, then by
/// case-insensitive name substring.
pub fn find_account<'a>(accounts: &'a [Account], query: &str) -> Lookup<'a> {
    let q = query.trim();
    if let Some(a) = accounts.iter().find(|a| a.id == q) {
        return Lookup::Found(a);
    }
    let exact: Vec<&Account> = accounts
        .iter()
        .filter(|a| a.name.eq_ignore_ascii_case(q) || a.name.to_lowercase() == q.to_lowercase())
        .collect();
    if exact.len() == 1 {
        return Lookup::Found(exact[0]);
    }
    let lower = q.to_lowercase();
    let partial: Vec<&Account> = if exact.len() > 1 {
        exact
    } else {
        accounts
            .iter()
            .filter(|a| !lower.is_empty() && a.name.to_lowercase().contains(&lower))
            .collect()
    };
    match partial.len() {
        0 => Lookup::NotFound,
        1 => Lookup::Found(partial[0]),
        _ => Lookup::Ambiguous(partial),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(id: &str, name: &str) -> Account {
        Account {
            id: id.into(),
            name: name.into(),
            arr: 1.0,
            segment: "smb".into(),
            tier: "t".into(),
            owner_email: "o@x".into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
        }
    }

    #[test]
    fn lookup_table() {
        let accounts = vec![
            acc("a1", "Acme Corp"),
            acc("a2", "Acme Labs"),
            acc("a3", "Birch & Co"),
            acc("a4", "acme"),
        ];
        let found = |q: &str| match find_account(&accounts, q) {
            Lookup::Found(a) => a.id.clone(),
            Lookup::NotFound => "none".into(),
            Lookup::Ambiguous(v) => v
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(","),
        };
        assert_eq!(found("a2"), "a2");
        assert_eq!(found("ACME CORP"), "a1");
        assert_eq!(found("acme"), "a4");
        assert_eq!(found("acme l"), "a2");
        assert_eq!(found("birch"), "a3");
        assert_eq!(found("Ac"), "a1,a2,a4");
        assert_eq!(found("zzz"), "none");
        assert_eq!(found(""), "none");
    }

    /// An index over the shipped taxonomy whose vectors are one-hot per phrase reading,
    /// and a sentence vector `sim` near the phrase "one password for everything" only.
    fn one_hot_index(refs: &References) -> (PhraseIndex, impl Fn(f32) -> Vec<f32>) {
        let phrases = super::super::semantic::phrase_texts(&refs.taxonomy);
        let n = phrases.len();
        let sso = phrases
            .iter()
            .position(|p| !p.negative && p.phrase == "one password for everything")
            .unwrap();
        let vectors = (0..n)
            .map(|i| (0..n).map(|j| f32::from(u8::from(i == j))).collect())
            .collect();
        let toward = move |sim: f32| (0..n).map(|j| if j == sso { sim } else { 0.0 }).collect();
        (PhraseIndex::new(&refs.taxonomy, phrases, vectors), toward)
    }

    /// The embedding stage in an explanation: a line for each unmatched customer
    /// sentence it judged; a mention is added to the evidence only when mentions count.
    #[test]
    fn semantic_lines_and_counted_mentions() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("references");
        let refs = crate::references::load_dir(&dir).references.unwrap();
        let matcher = Matcher::new(&refs.taxonomy);
        let (index, toward) = one_hot_index(&refs);
        let near = "Our staff would love one front door for every tool at last.";
        let far = "Lunch was lovely and everybody enjoyed the terrace a lot.";
        let by_text: HashMap<String, Vec<f32>> = [
            (embed_text(near), toward(0.9)),
            (embed_text(far), toward(0.2)),
        ]
        .into();
        let mut call = super::super::extract::tests::call(&format!("Dana Reyes: {near} {far}"));
        call.account_id = "a1".into();
        let records = Portfolio {
            calls: vec![call],
            ..Default::default()
        };
        let params = Params {
            as_of: "2026-11-23".parse().unwrap(),
            window_days: 7,
            cap_per_csm: 3,
        };
        let account = acc("a1", "Acme");
        for counts in [true, false] {
            let stage = Some((&index, &by_text, counts));
            let e = explain_with(&account, &records, &refs, &matcher, &params, stage);
            let lines: Vec<(&str, bool, bool)> = e.calls[0]
                .semantic
                .iter()
                .map(|l| {
                    let mention = matches!(l.verdict, SemanticVerdict::Mention { .. });
                    (l.sentence.as_str(), mention, l.counted)
                })
                .collect();
            assert_eq!(lines, [(near, true, counts), (far, false, true)]);
            let mentions: Vec<(&str, usize)> = e
                .signals
                .iter()
                .map(|s| (s.sku.as_str(), s.mentions))
                .collect();
            let want: &[(&str, usize)] = if counts {
                &[("enterprise-tier", 1)]
            } else {
                &[]
            };
            assert_eq!(mentions, want, "counts: {counts}");
        }
    }
}
