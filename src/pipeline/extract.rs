//! Step 3: what customers said. Calls are read speaker turn by speaker turn and sentence
//! by sentence; only customer attendees count. A sentence with a trigger phrase yields a
//! mention, unless it matches a negative-example phrase or a sentence guard sets it
//! aside (conditional, objection, negation, past event, other party: see
//! [`super::judge`]); those are counted and traced instead. Tickets match by tag and
//! phrase.
//!
//! The phrases are compiled once per run ([`Matcher`]); a speaker turn without any of
//! their anchor words is never split into sentences.

pub use super::judge::{GuardHit, GuardKind};
pub use super::matcher::{Matcher, SentenceMatch, TriggerHit};
use super::matcher::{is_question, question_and_answer};
use crate::model::Call;
use crate::text;

use chrono::NaiveDate;
use std::collections::HashMap;

/// A customer mention of a SKU: the whole sentence, verbatim.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub sku: String,
    pub quote: String,
    pub speaker: String,
    pub role: String,
    pub call_id: String,
    pub date: NaiveDate,
    /// The trigger phrase that matched (for `account` explanations).
    pub phrase: String,
}

/// Why a sentence with a phrase did not become a mention.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Mention {
        sku: String,
        phrase: String,
    },
    Negative {
        phrase: String,
    },
    Conditional {
        marker: String,
        skus: Vec<String>,
    },
    /// Set aside by a sentence guard other than the conditional one.
    Guarded {
        guard: GuardKind,
        marker: String,
        skus: Vec<String>,
    },
    NotCustomer {
        skus: Vec<String>,
    },
}

/// Sentences set aside by each guard other than the conditional one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuardCounts {
    pub objection: usize,
    pub negation: usize,
    pub past: usize,
    pub other_party: usize,
}

impl GuardCounts {
    pub fn add(&mut self, kind: GuardKind) {
        match kind {
            GuardKind::Objection => self.objection += 1,
            GuardKind::Negation => self.negation += 1,
            GuardKind::Past => self.past += 1,
            GuardKind::OtherParty => self.other_party += 1,
            GuardKind::Conditional => {}
        }
    }

    pub fn merge(&mut self, other: &GuardCounts) {
        self.objection += other.objection;
        self.negation += other.negation;
        self.past += other.past;
        self.other_party += other.other_party;
    }

    pub fn get(&self, kind: GuardKind) -> usize {
        match kind {
            GuardKind::Objection => self.objection,
            GuardKind::Negation => self.negation,
            GuardKind::Past => self.past,
            GuardKind::OtherParty => self.other_party,
            GuardKind::Conditional => 0,
        }
    }
}

/// One traced sentence (only recorded when tracing, for `account`).
#[derive(Debug, Clone, PartialEq)]
pub struct TracedSentence {
    pub speaker: String,
    pub role: String,
    pub sentence: String,
    pub verdict: Verdict,
}

/// What step 3 keeps of a call: no transcript text beyond the quoted sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct CallEvidence {
    pub account_id: String,
    pub call_id: String,
    pub date: NaiveDate,
    /// False when the call had only a `transcript_url`.
    pub analysed: bool,
    pub mentions: Vec<Mention>,
    pub negative_matches: usize,
    pub conditional_matches: usize,
    pub guard_matches: GuardCounts,
    pub trace: Vec<TracedSentence>,
    /// (name, title) of each customer attendee whose title is known (for the
    /// executive-engagement account signal).
    pub customer_attendees: Vec<(String, String)>,
}

/// Splits `text` into sentences: a sentence ends after `.`, `?`, `!` or `…` (and any
/// closing quotes or brackets) followed by whitespace. A fragment of one or two words
/// that is not an interjection opens the next sentence when that one completes it
/// ("SSO. Need it before Q2." is one ask; "Yeah." stays apart). Each is trimmed and is
/// a verbatim substring of `text`.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut open: Option<usize> = None; // start of a fragment waiting for its sentence
    for (start, end) in sentence_spans(text) {
        let here = &text[start..end];
        let fragment = is_fragment(here);
        let from = match open.take() {
            Some(from) if fragment || completes(here) => from,
            Some(from) => {
                out.push(text[from..start].trim());
                start
            }
            None => start,
        };
        if fragment {
            open = Some(from);
            continue;
        }
        out.push(text[from..end].trim());
    }
    if let Some(from) = open {
        out.push(text[from..].trim());
    }
    out
}

/// A sentence of at most two words with a word that carries content ("SSO.",
/// "Custom ones."), not "Yeah." or "Thanks!".
fn is_fragment(sentence: &str) -> bool {
    // Most sentences are longer: they are told apart without a word lower-cased.
    let mut all = trimmed_words(sentence);
    let (Some(first), second, None) = (all.next(), all.next(), all.next()) else {
        return false;
    };
    std::iter::once(first)
        .chain(second)
        .any(|w| !text::is_empty_word(&w.to_lowercase()))
}

/// Whether a sentence after a fragment completes it: a short one without a subject of
/// its own ("Need it before Q2.", "Brauchen wir.") or one that points back to it ("We
/// want to upgrade to it this quarter."). "Busy. Each of the new starters will want a
/// login." and "Audit logs. We need more seats." stay two sentences.
fn completes(sentence: &str) -> bool {
    // Pronouns only: "this", "das" and "die" are articles as often ("this spring").
    const BACK: &[&str] = &["it", "them", "one", "ones", "es", "dafür", "davon"];
    let words = words(sentence);
    let own_subject = words.first().is_some_and(|w| {
        let w = w.as_str();
        text::Lang::ALL
            .iter()
            .any(|l| l.first_person().contains(&w) || l.subject_pronouns().contains(&w))
    });
    let content = words.iter().any(|w| !text::is_empty_word(w));
    content
        && ((words.len() <= 6 && !own_subject) || words.iter().any(|w| BACK.contains(&w.as_str())))
}

/// The lower-cased words of a sentence, punctuation trimmed.
fn words(sentence: &str) -> Vec<String> {
    trimmed_words(sentence).map(str::to_lowercase).collect()
}

/// The words of a sentence as written, punctuation trimmed, none empty.
fn trimmed_words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// The (start, end) byte spans of the sentences of `text`, untrimmed and unglued.
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!' | '…') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if matches!(n, '.' | '?' | '!' | '…' | '"' | '”' | '\'' | '’' | ')') {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) {
                if !text[start..end].trim().is_empty() {
                    out.push((start, end));
                }
                start = end;
            }
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// A run of transcript text with its speaker (None: nobody identifiable spoke it).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'a> {
    pub speaker: Option<&'a str>,
    pub text: &'a str,
}

/// Attendees by lower-cased name: one lookup per line, not a scan of the list.
struct Attendees<'a>(HashMap<String, &'a crate::model::Attendee>);

impl<'a> Attendees<'a> {
    fn new(call: &'a Call) -> Self {
        Attendees(
            call.attendees
                .iter()
                .map(|a| (a.name.trim().to_lowercase(), a))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&'a crate::model::Attendee> {
        self.0.get(&name.trim().to_lowercase()).copied()
    }
}

/// Splits a call's transcript into single-line segments with their speakers.
///
/// In `transcript_text`, a line `Name: words` starts a new speaker when `Name` is an
/// attendee (case-insensitive) or looks like a name (one to four capitalized words);
/// any other line continues the previous speaker. Segments never span lines, so a quote
/// never contains a line break.
pub fn segments(call: &Call) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    if let Some(turns) = &call.transcript {
        for t in turns {
            for line in t.text.lines() {
                out.push(Segment {
                    speaker: Some(t.speaker.as_str()),
                    text: line,
                });
            }
        }
    } else if let Some(text) = &call.transcript_text {
        let attendees = Attendees::new(call);
        let mut speaker: Option<&str> = None;
        for line in text.lines() {
            let mut body = line;
            if let Some((prefix, rest)) = line.split_once(':') {
                let name = prefix.trim();
                if name.len() <= 80 && (looks_like_name(name) || attendees.get(name).is_some()) {
                    speaker = Some(name);
                    body = rest;
                }
            }
            out.push(Segment {
                speaker,
                text: body,
            });
        }
    }
    out
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && s.len() <= 60
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

/// What [`extract_traced`] records in [`CallEvidence::trace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trace {
    Off,
    /// The customer sentences set aside (negative example, conditional, other guard).
    Discards,
    /// Every sentence that holds a phrase, non-customer speakers included.
    All,
}

/// Step 3 for one call. With `trace`, every sentence that contains a phrase is recorded
/// with its verdict, non-customer speakers included (used by `account` and `eval`).
pub fn extract_call(call: &Call, matcher: &Matcher, trace: bool) -> CallEvidence {
    extract_traced(call, matcher, if trace { Trace::All } else { Trace::Off })
}

/// [`extract_call`] with a choice of what to trace.
pub fn extract_traced(call: &Call, matcher: &Matcher, trace: Trace) -> CallEvidence {
    // A mixed portfolio: the call is read with the rules of its language.
    let matcher = matcher.for_call(call);
    let mut ev = empty_evidence(call);
    let attendees = Attendees::new(call);
    for seg in segments(call) {
        let attendee = seg.speaker.and_then(|s| attendees.get(s));
        let is_customer = attendee.is_some_and(|a| a.is_customer);
        if !is_customer && trace != Trace::All {
            continue;
        }
        let who = Speaker::of(attendee, seg.speaker);
        let all = sentences(seg.text);
        let mut i = 0;
        while i < all.len() {
            let (sentence, m, read) = read_sentence(matcher, seg.text, &all[i..]);
            judge_sentence(&mut ev, call, &who, sentence, m, trace);
            i += read;
        }
    }
    ev
}

/// Matches the first of `rest`, the sentences of one line from here on, with the rules
/// that read the next sentence too: a "no" answer or an objection after "but" takes a
/// mention back; a "yes" answer makes a short question an ask ([`Matcher::yes_answer`]),
/// and then the quote is both sentences. Returns the quoted text, its match and how
/// many sentences it used.
fn read_sentence<'t>(
    matcher: &Matcher,
    line: &'t str,
    rest: &[&'t str],
) -> (&'t str, SentenceMatch, usize) {
    let sentence = rest[0];
    let next = rest.get(1).copied();
    let mut m = matcher.sentence(sentence);
    if m.has_mention() {
        let ask = is_question(sentence);
        if let Some(no) = next.and_then(|n| matcher.next_sentence_guard(ask, n)) {
            m.answered(&no);
        }
        return (sentence, m, 1);
    }
    if m.negative.is_some() {
        return (sentence, m, 1);
    }
    // "More seats? Yes, ten." read as one sentence, or as two.
    if let Some(y) = question_and_answer(sentence).and_then(|(q, a)| matcher.yes_answer(q, a))
        && (y.has_mention() || m.triggers.is_empty())
    {
        return (sentence, y, 1);
    }
    // An answer with phrases of its own is read on its own. Only a question has one.
    let answer = next
        .filter(|_| is_question(sentence))
        .map(|n| (n, matcher.sentence(n)));
    match answer
        .filter(|(_, a)| a.triggers.is_empty())
        .and_then(|(n, _)| Some((n, matcher.yes_answer(sentence, n)?)))
    {
        Some((n, y)) if y.has_mention() => (joined(line, sentence, n), y, 2),
        _ => (sentence, m, 1),
    }
}

/// The text of `line` from the start of `first` to the end of `second`, both slices of it.
fn joined<'t>(line: &'t str, first: &str, second: &str) -> &'t str {
    let at = |s: &str| s.as_ptr() as usize - line.as_ptr() as usize;
    &line[at(first)..at(second) + second.len()]
}

/// The evidence of a call before any sentence is read: no mentions, no counts.
fn empty_evidence(call: &Call) -> CallEvidence {
    CallEvidence {
        account_id: call.account_id.clone(),
        call_id: call.call_id.clone(),
        date: call.occurred_at.date_naive(),
        analysed: call.transcript.is_some() || call.transcript_text.is_some(),
        mentions: Vec::new(),
        negative_matches: 0,
        conditional_matches: 0,
        guard_matches: GuardCounts::default(),
        trace: Vec::new(),
        customer_attendees: call
            .attendees
            .iter()
            .filter(|a| a.is_customer && a.display_role() != "customer")
            .map(|a| (a.name.clone(), a.display_role().to_string()))
            .collect(),
    }
}

struct Speaker {
    name: String,
    role: String,
    is_customer: bool,
}

impl Speaker {
    /// Who spoke a segment: the attendee when known, else the name the transcript gives.
    fn of(attendee: Option<&crate::model::Attendee>, speaker: Option<&str>) -> Speaker {
        Speaker {
            name: attendee
                .map(|a| a.name.clone())
                .or_else(|| speaker.map(|s| s.trim().to_string()))
                .unwrap_or_else(|| "unknown speaker".into()),
            role: attendee
                .map(|a| a.display_role().to_string())
                .unwrap_or_else(|| "not an attendee".into()),
            is_customer: attendee.is_some_and(|a| a.is_customer),
        }
    }
}

/// Records what one sentence yields: mentions, or why it yields none.
fn judge_sentence(
    ev: &mut CallEvidence,
    call: &Call,
    who: &Speaker,
    sentence: &str,
    m: SentenceMatch,
    trace: Trace,
) {
    if m.triggers.is_empty() && m.negative.is_none() {
        return;
    }
    let record =
        |ev: &mut CallEvidence, verdict: Verdict| record_verdict(ev, who, sentence, trace, verdict);
    let skus: Vec<String> = m.triggers.iter().map(|t| t.sku.clone()).collect();
    if !who.is_customer {
        if !skus.is_empty() {
            record(ev, Verdict::NotCustomer { skus });
        }
        return;
    }
    if let Some(phrase) = m.negative {
        ev.negative_matches += 1;
        record(ev, Verdict::Negative { phrase });
        return;
    }
    let mut counted: Vec<GuardKind> = Vec::new();
    for t in m.triggers {
        let Some(hit) = t.guard else {
            record(
                ev,
                Verdict::Mention {
                    sku: t.sku.clone(),
                    phrase: t.phrase.clone(),
                },
            );
            push_mention(ev, call, who, sentence, t.sku, t.phrase);
            continue;
        };
        if !counted.contains(&hit.kind) {
            counted.push(hit.kind);
            count_guard(ev, hit.kind);
        }
        record(ev, guard_verdict(hit, t.sku));
    }
}

/// Adds a sentence's verdict to the trace, if `trace` asks for verdicts of its kind.
fn record_verdict(
    ev: &mut CallEvidence,
    who: &Speaker,
    sentence: &str,
    trace: Trace,
    verdict: Verdict,
) {
    let discard = matches!(
        verdict,
        Verdict::Negative { .. } | Verdict::Conditional { .. } | Verdict::Guarded { .. }
    );
    if trace == Trace::All || (trace == Trace::Discards && discard) {
        ev.trace.push(TracedSentence {
            speaker: who.name.clone(),
            role: who.role.clone(),
            sentence: sentence.to_string(),
            verdict,
        });
    }
}

/// Adds a customer mention of `sku` (the whole sentence, verbatim) to the evidence.
fn push_mention(
    ev: &mut CallEvidence,
    call: &Call,
    who: &Speaker,
    sentence: &str,
    sku: String,
    phrase: String,
) {
    ev.mentions.push(Mention {
        sku,
        quote: sentence.to_string(),
        speaker: who.name.clone(),
        role: who.role.clone(),
        call_id: call.call_id.clone(),
        date: ev.date,
        phrase,
    });
}

/// Counts one sentence set aside by a guard of this kind.
fn count_guard(ev: &mut CallEvidence, kind: GuardKind) {
    match kind {
        GuardKind::Conditional => ev.conditional_matches += 1,
        kind => ev.guard_matches.add(kind),
    }
}

/// The verdict on a trigger of `sku` that a guard set aside.
pub(crate) fn guard_verdict(hit: GuardHit, sku: String) -> Verdict {
    let skus = vec![sku];
    match hit.kind {
        GuardKind::Conditional => Verdict::Conditional {
            marker: hit.marker,
            skus,
        },
        guard => Verdict::Guarded {
            guard,
            marker: hit.marker,
            skus,
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Attendee, Ticket};
    use crate::references::taxonomy;

    pub(crate) const TAXONOMY: &str = r#"# T
### SKU: additional-team-seats
- **Call triggers**
  - "we need {N} more seats"
  - "seat limit"
- **Usage triggers**
  - `seat_limit_reached`
- **Ticket triggers**
  - tags include `seat-limit`
  - subject matches `more licenses`
- **Negative-example phrases**
  - "fewer seats"
### SKU: enterprise-tier
- **Call triggers**
  - "we need SSO"
- **Usage triggers**
  - `tier_gated_feature_attempt` `sso`
- **Ticket triggers**
  - tags include `sso`
- **Negative-example phrases**
  - "already have SSO"
## Conditional-mention guard
- "if"
- "would"
- "thinking about"
## Past-event guard
- "last year"
## Negation guard
- "not"
## Other-party guard
- "sister company"
## Objection guard
- "too expensive"
## Still intent
- "would like"
## Last edited
2026-11-02
"#;

    pub(crate) fn matcher() -> Matcher {
        let (tax, problems) = taxonomy::parse("t.md", TAXONOMY);
        assert!(problems.is_empty(), "{problems:?}");
        Matcher::new(&tax)
    }

    pub(crate) fn call(text: &str) -> Call {
        Call {
            account_id: "a1".into(),
            call_id: "c1".into(),
            occurred_at: "2026-11-20T15:00:00Z".parse().unwrap(),
            attendees: vec![
                Attendee {
                    name: "Dana Reyes".into(),
                    email: None,
                    is_customer: true,
                    role: Some("VP Operations".into()),
                    title: None,
                },
                Attendee {
                    name: "Sam Okafor".into(),
                    email: None,
                    is_customer: false,
                    role: None,
                    title: Some("CSM".into()),
                },
            ],
            transcript_text: Some(text.into()),
            transcript: None,
            transcript_url: None,
            language: None,
        }
    }

    /// A mixed portfolio: the shipped English taxonomy with the shipped German one next
    /// to it; each call is read with its language's rules, given or detected.
    #[test]
    fn mixed_portfolio_reads_each_call_with_its_language() {
        let (mut en, p) = taxonomy::parse(
            "en.md",
            include_str!("../../references/1-expansion-signal-taxonomy.md"),
        );
        assert!(p.is_empty(), "{p:?}");
        let (de, p) = taxonomy::parse(
            "de.md",
            include_str!("../../references-de/1-expansion-signal-taxonomy.md"),
        );
        // The German file may carry speed warnings (see README); no errors.
        assert!(
            p.iter()
                .all(|p| p.severity != crate::references::Severity::Error),
            "{p:?}"
        );
        let p = en.add_translation("de.md", crate::text::Lang::De, de);
        assert!(p.is_empty(), "{p:?}");
        let m = Matcher::new(&en);
        let skus = |c: &Call| -> Vec<String> {
            extract_call(c, &m, false)
                .mentions
                .into_iter()
                .map(|x| x.sku)
                .collect()
        };
        let english = call("Dana Reyes: We need 20 more seats for the new hires in January.");
        assert_eq!(skus(&english), ["additional-team-seats"]);
        // Detected as German: the German rules (and the German guards) apply.
        let german = call(
            "Dana Reyes: Wir brauchen noch zwanzig Lizenzen für das Vertriebsteam. \
             Wenn ihr SSO hättet, würden wir upgraden.",
        );
        assert_eq!(skus(&german), ["additional-team-seats"]);
        let verbatim = extract_call(&german, &m, false).mentions[0].quote.clone();
        assert_eq!(
            verbatim,
            "Wir brauchen noch zwanzig Lizenzen für das Vertriebsteam."
        );
        // The record's own language wins over detection.
        let mut given = call("Dana Reyes: Wir brauchen SSO.");
        given.language = Some("deu".into());
        assert_eq!(skus(&given), ["enterprise-tier"]);
        given.language = Some("en".into());
        assert!(skus(&given).is_empty(), "English rules do not read German");
        // With the English rules alone a German call finds nothing, as before.
        let (en_only, _) = taxonomy::parse(
            "en.md",
            include_str!("../../references/1-expansion-signal-taxonomy.md"),
        );
        let m = Matcher::new(&en_only);
        assert!(extract_call(&german, &m, false).mentions.is_empty());
    }

    #[test]
    fn sentence_splitting_is_verbatim() {
        let cases: &[(&str, &[&str])] = &[
            (
                "One more time. Two of them? Three is plenty!",
                &["One more time.", "Two of them?", "Three is plenty!"],
            ),
            ("Up 3.5 percent. Next", &["Up 3.5 percent.", "Next"]),
            (
                "He said \"stop now.\" Then we left.",
                &["He said \"stop now.\"", "Then we left."],
            ),
            ("Wait... what?", &["Wait... what?"]),
            // A fragment with content opens the next sentence; an interjection does not.
            (
                "Yeah. SSO. Need it before Q2.",
                &["Yeah.", "SSO. Need it before Q2."],
            ),
            (
                "Dashboards. Custom ones. Need them for the board.",
                &["Dashboards. Custom ones. Need them for the board."],
            ),
            ("We need seats. Thanks!", &["We need seats.", "Thanks!"]),
            // A filler alone carries no content either.
            (
                "Really. Need it before Q2.",
                &["Really.", "Need it before Q2."],
            ),
            ("Genau. Brauchen wir.", &["Genau.", "Brauchen wir."]),
            (
                "That is fine. Audit logs.",
                &["That is fine.", "Audit logs."],
            ),
            (
                "Audit logs. We need more seats.",
                &["Audit logs.", "We need more seats."],
            ),
            (
                "Busy. Each of the new starters will want a login of their own.",
                &[
                    "Busy.",
                    "Each of the new starters will want a login of their own.",
                ],
            ),
            (
                "Busy year. Every new hire this spring is going to need their own login.",
                &[
                    "Busy year.",
                    "Every new hire this spring is going to need their own login.",
                ],
            ),
            (
                "Enterprise. We want to upgrade to it this quarter.",
                &["Enterprise. We want to upgrade to it this quarter."],
            ),
            ("  no end  ", &["no end"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got = sentences(text);
            assert_eq!(&got, want, "{text:?}");
            for s in got {
                assert!(text.contains(s));
            }
        }
    }

    #[test]
    fn speaker_prefixes() {
        let c = call(
            "Dana Reyes: Hello there.\nwe carry on here\nSam Okafor: Hi.\nNote to self: ignore\nRandom Person: hey",
        );
        let got: Vec<(Option<&str>, &str)> = segments(&c)
            .iter()
            .map(|s| (s.speaker, s.text.trim()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("Dana Reyes"), "Hello there."),
                (Some("Dana Reyes"), "we carry on here"),
                (Some("Sam Okafor"), "Hi."),
                (Some("Sam Okafor"), "Note to self: ignore"),
                (Some("Random Person"), "hey"),
            ]
        );
    }

    #[test]
    fn extraction_verdicts() {
        // (transcript, mentions as (sku, quote), negatives, conditionals)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], usize, usize);
        let cases: &[Case] = &[
            (
                "Dana Reyes: Honestly we need 20 more seats. Thanks.",
                &[("additional-team-seats", "Honestly we need 20 more seats.")],
                0,
                0,
            ),
            ("Sam Okafor: Sounds like we need 20 more seats.", &[], 0, 0),
            (
                "Dana Reyes: We need fewer seats, not a seat limit.",
                &[],
                1,
                0,
            ),
            ("Dana Reyes: If budget clears we need SSO.", &[], 0, 1),
            ("Dana Reyes: We need SSO, if it would help.", &[], 0, 1),
            ("Dana Reyes: We are thinking about lunch.", &[], 0, 0),
            (
                "Dana Reyes: We hit the seat limit. And we need SSO!",
                &[
                    ("additional-team-seats", "We hit the seat limit."),
                    ("enterprise-tier", "And we need SSO!"),
                ],
                0,
                0,
            ),
            (
                "Dana Reyes: Intro.\nWe hit the seat limit again.",
                &[("additional-team-seats", "We hit the seat limit again.")],
                0,
                0,
            ),
            (
                "Dana Reyes: We hit the SEAT   LIMIT and we need SSO.",
                &[
                    (
                        "additional-team-seats",
                        "We hit the SEAT   LIMIT and we need SSO.",
                    ),
                    (
                        "enterprise-tier",
                        "We hit the SEAT   LIMIT and we need SSO.",
                    ),
                ],
                0,
                0,
            ),
        ];
        let m = matcher();
        for (text, want, neg, cond) in cases {
            let ev = extract_call(&call(text), &m, false);
            let got: Vec<(&str, &str)> = ev
                .mentions
                .iter()
                .map(|m| (m.sku.as_str(), m.quote.as_str()))
                .collect();
            assert_eq!(&got, want, "{text}");
            assert_eq!(
                (ev.negative_matches, ev.conditional_matches),
                (*neg, *cond),
                "{text}"
            );
            for mention in &ev.mentions {
                assert!(text.contains(&mention.quote));
                assert_eq!(mention.speaker, "Dana Reyes");
                assert_eq!(mention.role, "VP Operations");
            }
        }
    }

    #[test]
    fn the_next_sentence_can_take_a_request_back() {
        // (transcript, SKUs mentioned, the marker of the guard that set the request aside)
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            // A question answered "no", in one sentence or in the next.
            ("Dana Reyes: Seat limit? Not for us.", &[], Some("? not")),
            // A hedge answer is a condition.
            (
                "Dana Reyes: Do we hit the seat limit? If at all, rarely.",
                &[],
                Some("? if"),
            ),
            (
                "Dana Reyes: Do we hit the seat limit? Not really.",
                &[],
                Some("? not"),
            ),
            ("Dana Reyes: Seat limit? We don't.", &[], Some("? not")),
            // A longer first piece says no at its end ("Bei den Preisen sicher nicht.").
            (
                "Dana Reyes: Seat limit? At these prices certainly not.",
                &[],
                Some("? not"),
            ),
            (
                "Dana Reyes: Do we hit the seat limit? We do, weekly.",
                &["additional-team-seats"],
                None,
            ),
            // An answer that goes on is no "no": the question stays an ask.
            (
                "Dana Reyes: Do we hit the seat limit? Not everyone on the team can log in.",
                &["additional-team-seats"],
                None,
            ),
            // A statement is not taken back by a "not" that opens the next sentence.
            (
                "Dana Reyes: We hit the seat limit. Not everyone can log in.",
                &["additional-team-seats"],
                None,
            ),
            // Somebody else's "no" does not answer for the customer.
            (
                "Dana Reyes: Do we hit the seat limit?\nSam Okafor: Not that I know.",
                &["additional-team-seats"],
                None,
            ),
            // An objection after "but" in the next sentence.
            (
                "Dana Reyes: We need SSO. But it is too expensive.",
                &[],
                Some("too expensive"),
            ),
            (
                "Dana Reyes: We need SSO. It is too expensive for them.",
                &["enterprise-tier"],
                None,
            ),
            (
                "Dana Reyes: We need SSO. But first lunch.",
                &["enterprise-tier"],
                None,
            ),
        ];
        let m = matcher();
        for (text, want, marker) in cases {
            let ev = extract_call(&call(text), &m, true);
            let got: Vec<&str> = ev.mentions.iter().map(|m| m.sku.as_str()).collect();
            assert_eq!(&got, want, "{text}");
            let guarded = ev.trace.iter().find_map(|t| match &t.verdict {
                Verdict::Guarded { marker, .. } | Verdict::Conditional { marker, .. } => {
                    Some(marker.as_str())
                }
                _ => None,
            });
            assert_eq!(guarded, *marker, "{text}");
        }
    }

    #[test]
    fn structured_transcripts_and_url_only_calls() {
        let m = matcher();
        let mut c = call("");
        c.transcript_text = None;
        c.transcript = Some(vec![crate::model::Utterance {
            speaker: "dana reyes".into(),
            text: "We need SSO.".into(),
        }]);
        let ev = extract_call(&c, &m, false);
        assert_eq!(ev.mentions.len(), 1);
        assert_eq!(ev.mentions[0].speaker, "Dana Reyes");
        c.transcript = None;
        c.transcript_url = Some("https://example.com/t/1".into());
        let ev = extract_call(&c, &m, false);
        assert!(!ev.analysed);
        assert!(ev.mentions.is_empty());
    }

    #[test]
    fn trace_records_non_customer_sentences() {
        let ev = extract_call(
            &call("Sam Okafor: So you hit the seat limit?"),
            &matcher(),
            true,
        );
        assert!(
            matches!(&ev.trace[0].verdict, Verdict::NotCustomer { skus } if skus == &["additional-team-seats"])
        );
    }

    #[test]
    fn ticket_matching() {
        let m = matcher();
        let t = |tags: &[&str], subject: &str| Ticket {
            account_id: "a1".into(),
            ticket_id: "t1".into(),
            subject: subject.into(),
            body_summary: "n/a".into(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            opened_at: "2026-11-20T15:00:00Z".parse().unwrap(),
        };
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["Seat-Limit"], "help", &["additional-team-seats"]),
            (&[], "We need more licenses", &["additional-team-seats"]),
            (
                &["sso", "seat-limit"],
                "x",
                &["additional-team-seats", "enterprise-tier"],
            ),
            (&["billing"], "invoice", &[]),
        ];
        for (tags, subject, want) in cases {
            assert_eq!(
                &m.ticket_skus(&t(tags, subject)),
                want,
                "{tags:?} {subject}"
            );
        }
    }

    /// A phrase with no anchor word is tried on every sentence, even in a call where no
    /// anchor occurs at all.
    #[test]
    fn unanchored_phrases_are_tried_in_calls_without_anchors() {
        let text = TAXONOMY.replace("\"seat limit\"", "\"up to {N}\"");
        let (tax, _) = taxonomy::parse("t.md", &text);
        let m = Matcher::new(&tax);
        assert!(m.has_unanchored());
        let ev = extract_call(
            &call("Dana Reyes: We have up to 50 people on it."),
            &m,
            false,
        );
        assert_eq!(ev.mentions.len(), 1, "{ev:?}");
        assert_eq!(
            ev.customer_attendees,
            [("Dana Reyes".to_string(), "VP Operations".to_string())]
        );
    }
}
