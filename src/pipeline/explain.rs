//! Why the pipeline did what it did for one account: every record, kept or discarded and
//! why, the resulting classification and the chosen action. Runs the same step functions
//! as [`super::run`], with sentence tracing on.

use super::act::{ActionChoice, choose_action};
use super::classify::{Class, champion_departure};
use super::collect::{Admission, Window, admission};
use super::extract::{Matcher, Mention, TracedSentence, extract_call};
use super::noise::{NoiseVerdict, noise_verdict};
use super::semantic::{
    PhraseIndex, SemanticVerdict, embed_text, semantic_phrase, unmatched_sentences,
};
use super::{AccountRecords, Params, evaluate_account, strong_signal};
use crate::model::{Account, Portfolio, StakeholderChange, Ticket, UsageEvent};
use crate::references::References;
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
    let kept = |at| admission(true, window, at) == Admission::Kept;
    let mine = |id: &str| id == account.id;

    let mut calls = Vec::new();
    let mut evidence = Vec::new();
    for call in records.calls.iter().filter(|c| mine(&c.account_id)) {
        let in_window = kept(call.occurred_at);
        let mut ev = extract_call(call, matcher, true);
        let mut lines = Vec::new();
        if let (Some((index, vectors, counts)), true) = (semantic, in_window) {
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
        }
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
    let usage_in: Vec<&UsageEvent> = records
        .usage_events
        .iter()
        .filter(|e| mine(&e.account_id))
        .collect();
    let usage = usage_in
        .iter()
        .map(|e| {
            let in_window = kept(e.occurred_at);
            UsageExplained {
                event: (*e).clone(),
                in_window,
                verdict: in_window.then(|| noise_verdict(e, &account.segment, &refs.baselines)),
                // Same rule as the run: only growth supports a SKU.
                skus: if noise_verdict(e, &account.segment, &refs.baselines).is_growth(e.delta_pct)
                {
                    super::classify::usage_skus(e, &refs.taxonomy)
                } else {
                    Vec::new()
                },
                triggers: super::classify::usage_skus(e, &refs.taxonomy),
            }
        })
        .collect();
    let tickets_in: Vec<&Ticket> = records
        .support_tickets
        .iter()
        .filter(|t| mine(&t.account_id))
        .collect();
    let tickets = tickets_in
        .iter()
        .map(|t| TicketExplained {
            ticket: (*t).clone(),
            in_window: kept(t.opened_at),
            skus: matcher.ticket_skus(t),
        })
        .collect();
    let changes_in: Vec<StakeholderChange> = records
        .stakeholder_changes
        .iter()
        .filter(|c| mine(&c.account_id) && c.occurred_at.date_naive() <= params.as_of)
        .cloned()
        .collect();
    let departed = champion_departure(&changes_in, params.as_of).cloned();
    let changes = records
        .stakeholder_changes
        .iter()
        .filter(|c| mine(&c.account_id))
        .map(|c| ChangeExplained {
            change: c.clone(),
            suppresses: departed.as_ref() == Some(c),
        })
        .collect();

    let recs = AccountRecords {
        mentions: evidence.iter().flat_map(|e| e.mentions.iter()).collect(),
        set_aside: evidence.iter().flat_map(|e| e.trace.iter()).collect(),
        attendees: evidence
            .iter()
            .flat_map(|e| e.customer_attendees.iter())
            .collect(),
        calls: evidence.len(),
        usage: usage_in
            .iter()
            .copied()
            .filter(|e| kept(e.occurred_at))
            .collect(),
        tickets: tickets_in
            .iter()
            .copied()
            .filter(|t| kept(t.opened_at))
            .collect(),
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
        evaluate_account(account, &recs, refs, matcher, params.as_of)
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
    };
    Explanation {
        account: account.clone(),
        window,
        calls,
        usage,
        tickets,
        changes,
        silent,
        signals,
        account_signals,
    }
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

    /// The embedding stage in an explanation: a line for each unmatched customer
    /// sentence it judged; a mention is added to the evidence only when mentions count.
    #[test]
    fn semantic_lines_and_counted_mentions() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("references");
        let refs = crate::references::load_dir(&dir).references.unwrap();
        let matcher = Matcher::new(&refs.taxonomy);
        // One-hot vectors per phrase reading: a sentence's vector says how near it is.
        let phrases = super::super::semantic::phrase_texts(&refs.taxonomy);
        let n = phrases.len();
        let sso = phrases
            .iter()
            .position(|p| !p.negative && p.phrase == "one password for everything")
            .unwrap();
        let toward =
            |sim: f32| -> Vec<f32> { (0..n).map(|j| if j == sso { sim } else { 0.0 }).collect() };
        let vectors = (0..n)
            .map(|i| (0..n).map(|j| f32::from(u8::from(i == j))).collect())
            .collect();
        let index = PhraseIndex::new(&refs.taxonomy, phrases, vectors);
        let near = "Our staff would love to sign in with the company identity at last.";
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
