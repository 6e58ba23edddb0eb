//! Closing the loop, pure: what a CSM answered about a strong signal, which signals are
//! held back because of an answer, and the conversion figures built from the answers.
//! No clock and no SQL here: `as_of`, the signals shown and the answers are arguments.

use crate::digest::{StrongSignal, Warning};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How long "Snooze" and "Not relevant" keep a signal out of the digest.
pub const HOLD_DAYS: i64 = 28;
/// A conversation counts when it was confirmed this many days after the DM at most.
pub const CONVERSION_DAYS: i64 = 14;
/// The trailing window of the conversion figures.
pub const WINDOW_DAYS: i64 = 30;
/// The playbook's floor: below it for two consecutive calendar months, the rules are
/// too loose or the actions too vague.
pub const LOW_CONVERSION_PCT: f64 = 20.0;

/// Why a CSM said a signal is not relevant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    WrongSku,
    NotRealIntent,
    AlreadyInProgress,
    CustomerNotReady,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::WrongSku,
        Reason::NotRealIntent,
        Reason::AlreadyInProgress,
        Reason::CustomerNotReady,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::WrongSku => "wrong_sku",
            Reason::NotRealIntent => "not_real_intent",
            Reason::AlreadyInProgress => "already_in_progress",
            Reason::CustomerNotReady => "customer_not_ready",
            Reason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::WrongSku => "wrong SKU",
            Reason::NotRealIntent => "not real intent",
            Reason::AlreadyInProgress => "already in progress",
            Reason::CustomerNotReady => "customer not ready",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A CSM's answer to one strong signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "answer", content = "reason")]
pub enum Answer {
    Conversation,
    NotRelevant(Reason),
    Snoozed,
}

impl Answer {
    /// The stored form: `conversation`, `snoozed`, `not_relevant:<reason>`.
    pub fn code(self) -> String {
        match self {
            Answer::Conversation => "conversation".into(),
            Answer::Snoozed => "snoozed".into(),
            Answer::NotRelevant(r) => format!("not_relevant:{}", r.as_str()),
        }
    }

    pub fn parse(code: &str) -> Option<Answer> {
        match code {
            "conversation" => Some(Answer::Conversation),
            "snoozed" => Some(Answer::Snoozed),
            _ => code
                .strip_prefix("not_relevant:")
                .and_then(Reason::parse)
                .map(Answer::NotRelevant),
        }
    }

    /// What the CSM sees after answering.
    pub fn label(self) -> String {
        match self {
            Answer::Conversation => ":white_check_mark: Conversation started".into(),
            Answer::Snoozed => ":zzz: Snoozed for 4 weeks".into(),
            Answer::NotRelevant(r) => format!(":no_entry_sign: Not relevant ({})", r.label()),
        }
    }

    /// Whether the answer keeps the signal out of the next digests.
    pub fn holds(self) -> bool {
        !matches!(self, Answer::Conversation)
    }
}

/// The evidence behind a signal as stable keys: each call quote (call and sentence) and
/// each usage event. New evidence is a key not seen when the CSM answered.
pub fn evidence_keys(s: &StrongSignal) -> Vec<String> {
    let calls = s
        .call_evidence
        .iter()
        .map(|q| format!("call:{}:{}", q.call_id, q.quote));
    let usage = s.usage_evidence.iter().map(|u| {
        format!(
            "usage:{}:{}:{}:{}",
            u.event_type, u.metric_name, u.date, u.value_current
        )
    });
    let set: BTreeSet<String> = calls.chain(usage).collect();
    set.into_iter().collect()
}

/// The usage trigger of a signal (its strongest usage event's type), for the figures.
pub fn trigger(s: &StrongSignal) -> String {
    s.usage_evidence
        .first()
        .map(|u| u.event_type.clone())
        .unwrap_or_else(|| "none".into())
}

/// An answer that may hold a signal back: the account and SKU answered, when, and the
/// evidence the CSM saw then.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub account_id: String,
    pub sku: String,
    pub answer: Answer,
    pub answered_on: NaiveDate,
    pub evidence: Vec<String>,
}

/// Whether `s` stays out of the digest of `as_of`: a holding answer on the same account
/// and SKU less than [`HOLD_DAYS`] ago, and no evidence the CSM has not seen.
pub fn is_held(s: &StrongSignal, holds: &[Hold], as_of: NaiveDate) -> bool {
    let keys = evidence_keys(s);
    holds.iter().any(|h| {
        h.answer.holds()
            && h.account_id == s.account_id
            && h.sku == s.sku
            && (as_of - h.answered_on).num_days() < HOLD_DAYS
            && keys.iter().all(|k| h.evidence.contains(k))
    })
}

/// Splits strong signals into (shown, held back).
pub fn hold_back(
    strong: Vec<StrongSignal>,
    holds: &[Hold],
    as_of: NaiveDate,
) -> (Vec<StrongSignal>, usize) {
    if holds.is_empty() {
        return (strong, 0);
    }
    let before = strong.len();
    let kept: Vec<StrongSignal> = strong
        .into_iter()
        .filter(|s| !is_held(s, holds, as_of))
        .collect();
    let held = before - kept.len();
    (kept, held)
}

/// A strong signal that went out in a DM, with its answer if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub as_of: NaiveDate,
    pub owner_email: String,
    pub account_id: String,
    pub account_name: String,
    pub sku: String,
    pub trigger: String,
    /// The day the DM went out.
    pub shown_on: NaiveDate,
    pub answer: Option<(Answer, NaiveDate)>,
}

impl Outcome {
    /// A conversation confirmed within [`CONVERSION_DAYS`] of the DM.
    pub fn converted(&self) -> bool {
        matches!(self.answer, Some((Answer::Conversation, on))
            if (on - self.shown_on).num_days() <= CONVERSION_DAYS)
    }
}

/// Signals and conversations, with the conversion in percent (one decimal).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    pub strong_signals: usize,
    pub conversations: usize,
    pub conversion_pct: f64,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.strong_signals += 1;
        self.conversations += usize::from(o.converted());
        self.conversion_pct = pct(self.conversations, self.strong_signals);
    }
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (1000.0 * n as f64 / of as f64).round() / 10.0
    }
}

/// The conversion figures on the trailing [`WINDOW_DAYS`] ending `as_of`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub as_of: Option<NaiveDate>,
    pub window_days: i64,
    pub strong_signals: usize,
    pub conversations: usize,
    pub conversion_pct: f64,
    pub by_sku: BTreeMap<String, Tally>,
    pub by_trigger: BTreeMap<String, Tally>,
    pub by_csm: BTreeMap<String, Tally>,
    /// Not-relevant answers in the window, by reason.
    pub not_relevant: BTreeMap<String, usize>,
    /// The playbook's warning, when the last two calendar months were both low.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<Warning>,
}

/// Figures over the signals shown in the window ending `as_of` (the DM's week as_of in
/// `(as_of − 30 days, as_of]`).
pub fn stats(outcomes: &[Outcome], as_of: NaiveDate) -> Stats {
    let mut s = Stats {
        as_of: Some(as_of),
        window_days: WINDOW_DAYS,
        ..Default::default()
    };
    let mut total = Tally::default();
    for o in outcomes.iter().filter(|o| in_window(o.as_of, as_of)) {
        total.add(o);
        s.by_sku.entry(o.sku.clone()).or_default().add(o);
        s.by_trigger.entry(o.trigger.clone()).or_default().add(o);
        s.by_csm.entry(o.owner_email.clone()).or_default().add(o);
        if let Some((Answer::NotRelevant(r), _)) = o.answer {
            *s.not_relevant.entry(r.as_str().to_string()).or_default() += 1;
        }
    }
    s.strong_signals = total.strong_signals;
    s.conversations = total.conversations;
    s.conversion_pct = total.conversion_pct;
    s.warning = low_conversion_warning(outcomes, as_of);
    s
}

fn in_window(week: NaiveDate, as_of: NaiveDate) -> bool {
    let age = (as_of - week).num_days();
    (0..WINDOW_DAYS).contains(&age)
}

/// The first day of the month before the month of `d`.
fn month_before(d: NaiveDate) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    let prev = first.pred_opt().unwrap_or(first);
    prev.with_day(1).unwrap_or(prev)
}

/// Conversion of the signals shown in the calendar month starting `first`; `None`
/// when none was shown.
pub fn month_conversion(outcomes: &[Outcome], first: NaiveDate) -> Option<f64> {
    let mut t = Tally::default();
    for o in outcomes
        .iter()
        .filter(|o| o.as_of.year() == first.year() && o.as_of.month() == first.month())
    {
        t.add(o);
    }
    (t.strong_signals > 0).then_some(t.conversion_pct)
}

/// Two low calendar months in a row: the month before last and the last month before
/// the month of as_of (their first days), with their conversion in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LowConversion {
    pub before: NaiveDate,
    pub before_pct: f64,
    pub last: NaiveDate,
    pub last_pct: f64,
}

/// The two calendar months before the month of `as_of`, when both were under
/// [`LOW_CONVERSION_PCT`].
pub fn low_conversion(outcomes: &[Outcome], as_of: NaiveDate) -> Option<LowConversion> {
    let last = month_before(as_of);
    let before = month_before(last);
    let (a, b) = (
        month_conversion(outcomes, last)?,
        month_conversion(outcomes, before)?,
    );
    (a < LOW_CONVERSION_PCT && b < LOW_CONVERSION_PCT).then_some(LowConversion {
        before,
        before_pct: b,
        last,
        last_pct: a,
    })
}

/// The playbook's warning when the two calendar months before the month of `as_of` were
/// both under [`LOW_CONVERSION_PCT`].
pub fn low_conversion_warning(outcomes: &[Outcome], as_of: NaiveDate) -> Option<Warning> {
    low_conversion(outcomes, as_of).map(Warning::from)
}

impl From<LowConversion> for Warning {
    fn from(l: LowConversion) -> Warning {
        Warning::LowConversion {
            before: l.before,
            before_pct: l.before_pct,
            last: l.last,
            last_pct: l.last_pct,
            min_pct: LOW_CONVERSION_PCT,
        }
    }
}

/// The labelled sentences of answered signals, in the format of `eval`: the quotes of
/// confirmed conversations are intent, those of signals marked "Not relevant — not real
/// intent" are not; other answers say nothing about the sentence. Each sentence once
/// per SKU and label.
pub fn labelled<'a>(
    answered: impl IntoIterator<Item = (&'a str, Answer, &'a [String])>,
) -> Vec<super::eval::Labelled> {
    use super::eval::{Label, Labelled};
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (sku, answer, quotes) in answered {
        let (label, kind) = match answer {
            Answer::Conversation => (Label::Intent, "confirmed_conversation"),
            Answer::NotRelevant(Reason::NotRealIntent) => (Label::NotIntent, "not_real_intent"),
            _ => continue,
        };
        for q in quotes {
            if seen.insert((q.clone(), sku.to_string(), kind)) {
                out.push(Labelled {
                    text: q.clone(),
                    label,
                    sku: Some(sku.to_string()),
                    kind: Some(kind.to_string()),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{CallQuote, UsageChange};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn signal(quote: &str) -> StrongSignal {
        StrongSignal {
            action_reason: Default::default(),
            account_id: "a1".into(),
            account_name: "A".into(),
            arr: 1.0,
            renewal_date: d("2027-01-01"),
            sku: "seats".into(),
            call_evidence: vec![CallQuote {
                call_id: "c1".into(),
                quote: quote.into(),
                speaker: "S".into(),
                role: "VP".into(),
                date: d("2026-11-20"),
            }],
            usage_evidence: vec![UsageChange {
                event_type: "seat_limit_reached".into(),
                metric_name: "seat_count".into(),
                feature: None,
                value_baseline: 10.0,
                value_current: 14.0,
                delta_pct: 40.0,
                date: d("2026-11-20"),
                segment_median_pct: None,
            }],
            ticket_evidence: vec![],
            action: String::new(),
            action_line: None,
            why_now: None,
        }
    }

    fn hold(answer: Answer, on: &str, s: &StrongSignal) -> Hold {
        Hold {
            account_id: s.account_id.clone(),
            sku: s.sku.clone(),
            answer,
            answered_on: d(on),
            evidence: evidence_keys(s),
        }
    }

    #[test]
    fn only_conversations_and_not_real_intent_become_labels() {
        use crate::pipeline::eval::Label;
        let q = vec!["We need seats.".to_string()];
        let out = labelled([
            ("seats", Answer::Conversation, q.as_slice()),
            ("seats", Answer::Conversation, q.as_slice()),
            (
                "sso",
                Answer::NotRelevant(Reason::NotRealIntent),
                q.as_slice(),
            ),
            ("sso", Answer::NotRelevant(Reason::WrongSku), q.as_slice()),
            ("sso", Answer::Snoozed, q.as_slice()),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].label, Label::Intent);
        assert_eq!(out[1].label, Label::NotIntent);
        assert_eq!(out[1].sku.as_deref(), Some("sso"));
    }

    #[test]
    fn answers_round_trip() {
        for a in [
            Answer::Conversation,
            Answer::Snoozed,
            Answer::NotRelevant(Reason::NotRealIntent),
            Answer::NotRelevant(Reason::Other),
        ] {
            assert_eq!(Answer::parse(&a.code()), Some(a));
        }
        assert_eq!(Answer::parse("not_relevant:nope"), None);
    }

    #[test]
    fn a_not_relevant_signal_is_held_until_new_evidence_or_the_period_ends() {
        let s = signal("We need more seats.");
        let h = [hold(
            Answer::NotRelevant(Reason::WrongSku),
            "2026-11-23",
            &s,
        )];
        assert!(is_held(&s, &h, d("2026-11-30")));
        assert!(is_held(&s, &h, d("2026-12-20")));
        assert!(!is_held(&s, &h, d("2026-12-21")), "28 days later");
        let mut newer = s.clone();
        newer.call_evidence.push(CallQuote {
            call_id: "c2".into(),
            ..s.call_evidence[0].clone()
        });
        assert!(!is_held(&newer, &h, d("2026-11-30")), "a new call quote");
        let mut other_sku = s.clone();
        other_sku.sku = "sso".into();
        assert!(!is_held(&other_sku, &h, d("2026-11-30")));
        let c = [hold(Answer::Conversation, "2026-11-23", &s)];
        assert!(
            !is_held(&s, &c, d("2026-11-30")),
            "a conversation holds nothing"
        );
        let (kept, held) = hold_back(vec![s.clone(), other_sku], &h, d("2026-11-30"));
        assert_eq!((kept.len(), held), (1, 1));
    }

    fn outcome(week: &str, sku: &str, answer: Option<(Answer, &str)>) -> Outcome {
        Outcome {
            as_of: d(week),
            owner_email: "a@x".into(),
            account_id: format!("{week}{sku}"),
            account_name: "A".into(),
            sku: sku.into(),
            trigger: "seat_limit_reached".into(),
            shown_on: d(week),
            answer: answer.map(|(a, on)| (a, d(on))),
        }
    }

    #[test]
    fn conversion_counts_conversations_within_14_days_on_30_days() {
        let conv = Answer::Conversation;
        let o = vec![
            outcome("2026-11-23", "seats", Some((conv, "2026-11-24"))),
            outcome("2026-11-23", "seats", Some((conv, "2026-12-07"))), // 14 days
            outcome("2026-11-16", "seats", Some((conv, "2026-12-01"))), // 15 days
            outcome(
                "2026-11-16",
                "sso",
                Some((Answer::NotRelevant(Reason::NotRealIntent), "2026-11-17")),
            ),
            outcome("2026-10-12", "sso", Some((conv, "2026-10-13"))), // outside
        ];
        let s = stats(&o, d("2026-11-23"));
        assert_eq!((s.strong_signals, s.conversations), (4, 2));
        assert_eq!(s.conversion_pct, 50.0);
        assert_eq!(s.by_sku["seats"].conversions(), (3, 2));
        assert_eq!(s.by_sku["sso"].conversions(), (1, 0));
        assert_eq!(s.not_relevant["not_real_intent"], 1);
    }

    impl Tally {
        fn conversions(&self) -> (usize, usize) {
            (self.strong_signals, self.conversations)
        }
    }

    #[test]
    fn the_warning_needs_two_low_months_in_a_row() {
        let conv = Some((Answer::Conversation, "2026-10-06"));
        let mut o = vec![outcome("2026-10-05", "seats", conv)];
        o.extend((0..9).map(|_| outcome("2026-10-12", "seats", None)));
        // October alone is low (10 %): no warning in November.
        assert_eq!(low_conversion_warning(&o, d("2026-11-23")), None);
        o.extend((0..5).map(|_| outcome("2026-11-09", "seats", None)));
        let w = low_conversion_warning(&o, d("2026-12-07")).unwrap();
        let w = crate::i18n::warnings::text(&w, &Default::default());
        assert!(w.contains("two consecutive months"), "{w}");
        // A good November clears it.
        o.push(outcome(
            "2026-11-16",
            "seats",
            Some((Answer::Conversation, "2026-11-17")),
        ));
        o.push(outcome(
            "2026-11-16",
            "seats",
            Some((Answer::Conversation, "2026-11-17")),
        ));
        assert_eq!(low_conversion_warning(&o, d("2026-12-07")), None);
    }
}
