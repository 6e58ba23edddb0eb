//! Step 3: what customers said. Calls are read speaker turn by speaker turn and sentence
//! by sentence; only customer attendees count. A sentence with a trigger phrase yields a
//! mention; one that matches a negative-example phrase, or has a trigger phrase and a
//! conditional marker, yields `not_signal` instead. Tickets match by tag and phrase.
//!
//! Every phrase of the taxonomy goes into one `RegexSet`, compiled once per run, so each
//! speaker turn is scanned once; turns that match nothing are never split into sentences.

use crate::model::{Call, Ticket};
use crate::references::{Taxonomy, TicketTrigger};

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use regex::RegexSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Trigger(usize),
    Negative(usize),
    Conditional,
}

/// The taxonomy's phrases, compiled for one run.
#[derive(Debug, Clone)]
pub struct Matcher {
    skus: Vec<String>,
    set: RegexSet,
    /// One literal word of every trigger and negative phrase, searched case-insensitively
    /// before the regex set: text without any of them cannot match, and most text has
    /// none. `None` when some phrase has no usable literal word.
    prefilter: Option<AhoCorasick>,
    /// The longest literal run of words of each trigger and negative phrase.
    anchors: Vec<String>,
    kinds: Vec<Kind>,
    sources: Vec<String>,
    subject_set: RegexSet,
    subject_skus: Vec<usize>,
    ticket_tags: Vec<(usize, String)>,
}

impl Matcher {
    pub fn new(tax: &Taxonomy) -> Matcher {
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        let mut sources = Vec::new();
        let mut subject = Vec::new();
        let mut subject_skus = Vec::new();
        let mut ticket_tags = Vec::new();
        for (i, sku) in tax.skus.iter().enumerate() {
            for p in &sku.call_triggers {
                patterns.push(p.regex_src.clone());
                kinds.push(Kind::Trigger(i));
                sources.push(p.source.clone());
            }
            for p in &sku.negatives {
                patterns.push(p.regex_src.clone());
                kinds.push(Kind::Negative(i));
                sources.push(p.source.clone());
            }
            for t in &sku.ticket_triggers {
                match t {
                    TicketTrigger::Tags { tags, .. } => {
                        ticket_tags.extend(tags.iter().map(|t| (i, t.to_lowercase())));
                    }
                    TicketTrigger::Subject { phrases, .. } => {
                        for p in phrases {
                            subject.push(p.regex_src.clone());
                            subject_skus.push(i);
                        }
                    }
                }
            }
        }
        for p in &tax.conditionals {
            patterns.push(p.regex_src.clone());
            kinds.push(Kind::Conditional);
            sources.push(p.source.clone());
        }
        let phrases: Vec<&str> = tax
            .skus
            .iter()
            .flat_map(|s| s.call_triggers.iter().chain(&s.negatives))
            .map(|p| p.source.as_str())
            .collect();
        let words: Option<Vec<String>> = phrases.iter().map(|p| anchor_word(p)).collect();
        // Anchors are searched in an ASCII-lowercased copy of the text, case-sensitively:
        // that lets aho-corasick use its SIMD (Teddy) searcher, several times faster
        // than a case-insensitive automaton.
        let prefilter = words.and_then(|w| {
            AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(w.iter().map(|w| w.to_ascii_lowercase()))
                .ok()
        });
        let mut anchors: Vec<String> = phrases
            .iter()
            .filter_map(|p| literal_runs(p).into_iter().max_by_key(|r| r.len()))
            .collect();
        anchors.sort();
        anchors.dedup();
        // Pattern sources come from `Pattern::compile`, which only emits valid syntax.
        let set = RegexSet::new(&patterns).expect("compiled patterns are valid");
        let subject_set = RegexSet::new(&subject).expect("compiled patterns are valid");
        Matcher {
            skus: tax.skus.iter().map(|s| s.id.clone()).collect(),
            set,
            prefilter,
            anchors,
            kinds,
            sources,
            subject_set,
            subject_skus,
            ticket_tags,
        }
    }

    /// The longest literal run of words of every trigger and negative phrase (what a
    /// plain-text search for the taxonomy would look for).
    pub fn anchors(&self) -> &[String] {
        &self.anchors
    }

    /// False when `text` certainly contains no trigger or negative phrase: every match
    /// of a phrase contains its anchor word with no word character on either side.
    pub fn may_match(&self, text: &str) -> bool {
        let Some(pre) = &self.prefilter else {
            return self.set.is_match(text);
        };
        // A per-thread buffer: no allocation per transcript on the hot path.
        thread_local! {
            static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LOWER.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            buf.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
            let bytes = buf.as_slice();
            let wordy = |i: usize| {
                bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            };
            // Anchors are all letters and digits, and matches are leftmost-longest: a
            // match that fails the boundary check cannot hide a later one that passes,
            // because that one would have to start inside a run of letters and digits.
            pre.find_iter(bytes)
                .any(|m| (m.start() == 0 || !wordy(m.start() - 1)) && !wordy(m.end()))
        })
    }

    /// What one sentence says, as far as the taxonomy is concerned.
    pub fn sentence(&self, sentence: &str) -> SentenceMatch {
        let mut m = SentenceMatch::default();
        for i in self.set.matches(sentence).iter() {
            match self.kinds[i] {
                Kind::Trigger(s) => {
                    if !m.triggers.iter().any(|(sku, _)| sku == &self.skus[s]) {
                        m.triggers
                            .push((self.skus[s].clone(), self.sources[i].clone()));
                    }
                }
                Kind::Negative(_) => {
                    m.negative.get_or_insert_with(|| self.sources[i].clone());
                }
                Kind::Conditional => {
                    m.conditional.get_or_insert_with(|| self.sources[i].clone());
                }
            }
        }
        m
    }

    /// The SKUs a ticket supports: any tag of a `tags include` trigger, or a
    /// `subject matches` phrase in the subject or body summary.
    pub fn ticket_skus(&self, ticket: &Ticket) -> Vec<String> {
        let mut hits: Vec<usize> = Vec::new();
        for tag in &ticket.tags {
            let tag = tag.to_lowercase();
            hits.extend(
                self.ticket_tags
                    .iter()
                    .filter(|(_, t)| *t == tag)
                    .map(|(i, _)| *i),
            );
        }
        for text in [&ticket.subject, &ticket.body_summary] {
            hits.extend(
                self.subject_set
                    .matches(text)
                    .iter()
                    .map(|i| self.subject_skus[i]),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|i| self.skus[i].clone()).collect()
    }
}

/// Runs of literal words in a phrase (split at `{…}` groups).
fn literal_runs(phrase: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut depth = 0;
    for token in phrase.split_inclusive(['{', '}']) {
        let (text, brace) = match token.char_indices().last() {
            Some((i, c)) if c == '{' || c == '}' => (&token[..i], Some(c)),
            _ => (token, None),
        };
        if depth == 0 {
            current.extend(text.split_whitespace());
        }
        match brace {
            Some('{') => {
                depth += 1;
                if !current.is_empty() {
                    runs.push(current.join(" "));
                    current.clear();
                }
            }
            Some(_) => depth -= 1,
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
}

/// Words too common in conversation to make a good anchor when a phrase has another.
const COMMON_WORDS: &[&str] = &[
    "the", "our", "we", "need", "more", "team", "report", "data", "plan", "keep", "hitting", "use",
    "using", "out", "off", "for", "to", "of", "and", "new", "own", "too", "build", "stopped",
    "moving",
];

/// The best anchor word of a phrase: a whole ASCII word (letters and digits only)
/// standing alone between spaces, long and not common. Every match of the
/// phrase contains it as a whole word, whatever the case. `None` when there is none.
fn anchor_word(phrase: &str) -> Option<String> {
    // Only words that are whole tokens of the phrase (not glued to a `{…}` group).
    let tokens: Vec<&str> = phrase.split_whitespace().collect();
    literal_runs(phrase)
        .iter()
        .flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|w| tokens.contains(&w.as_str()))
        .filter(|w| w.is_ascii() && w.chars().all(|c| c.is_ascii_alphanumeric()))
        .max_by_key(|w| {
            let common = COMMON_WORDS.contains(&w.to_ascii_lowercase().as_str());
            (!common, w.len())
        })
}

/// Phrases found in one sentence: the SKUs it triggers (with the phrase), and the first
/// negative example and conditional marker it contains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceMatch {
    pub triggers: Vec<(String, String)>,
    pub negative: Option<String>,
    pub conditional: Option<String>,
}

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
    Mention { sku: String, phrase: String },
    Negative { phrase: String },
    Conditional { marker: String, skus: Vec<String> },
    NotCustomer { skus: Vec<String> },
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
    pub trace: Vec<TracedSentence>,
}

/// Splits `text` into sentences: a sentence ends after `.`, `?`, `!` or `…` (and any
/// closing quotes or brackets) followed by whitespace. Each is trimmed and is a verbatim
/// substring of `text`.
pub fn sentences(text: &str) -> Vec<&str> {
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
                let s = text[start..end].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = end;
            }
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// A run of transcript text with its speaker (None: nobody identifiable spoke it).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'a> {
    pub speaker: Option<&'a str>,
    pub text: &'a str,
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
        let mut speaker: Option<&str> = None;
        for line in text.lines() {
            let mut body = line;
            if let Some((prefix, rest)) = line.split_once(':') {
                let name = prefix.trim();
                let known = call
                    .attendees
                    .iter()
                    .any(|a| a.name.trim().eq_ignore_ascii_case(name));
                if known || looks_like_name(name) {
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

/// Step 3 for one call. With `trace`, every sentence that contains a phrase is recorded
/// with its verdict, non-customer speakers included (used by `account`).
pub fn extract_call(call: &Call, matcher: &Matcher, trace: bool) -> CallEvidence {
    let date = call.occurred_at.date_naive();
    let mut ev = CallEvidence {
        account_id: call.account_id.clone(),
        call_id: call.call_id.clone(),
        date,
        analysed: call.transcript.is_some() || call.transcript_text.is_some(),
        mentions: Vec::new(),
        negative_matches: 0,
        conditional_matches: 0,
        trace: Vec::new(),
    };
    // Most calls contain no phrase at all: one fast scan of the whole transcript decides.
    let any = match (&call.transcript_text, &call.transcript) {
        (Some(t), _) => matcher.may_match(t),
        (None, Some(turns)) => turns.iter().any(|t| matcher.may_match(&t.text)),
        (None, None) => false,
    };
    if !any {
        return ev;
    }
    for seg in segments(call) {
        let attendee = seg.speaker.and_then(|s| {
            call.attendees
                .iter()
                .find(|a| a.name.trim().eq_ignore_ascii_case(s.trim()))
        });
        let is_customer = attendee.is_some_and(|a| a.is_customer);
        if !is_customer && !trace {
            continue;
        }
        if !matcher.may_match(seg.text) || !matcher.set.is_match(seg.text) {
            continue;
        }
        let speaker = attendee
            .map(|a| a.name.clone())
            .or_else(|| seg.speaker.map(|s| s.trim().to_string()))
            .unwrap_or_else(|| "unknown speaker".into());
        let role = attendee
            .map(|a| a.display_role().to_string())
            .unwrap_or_else(|| "not an attendee".into());
        for sentence in sentences(seg.text) {
            let m = matcher.sentence(sentence);
            if m.triggers.is_empty() && m.negative.is_none() {
                continue;
            }
            let skus: Vec<String> = m.triggers.iter().map(|(s, _)| s.clone()).collect();
            let mut record = |verdict: Verdict| {
                if trace {
                    ev.trace.push(TracedSentence {
                        speaker: speaker.clone(),
                        role: role.clone(),
                        sentence: sentence.to_string(),
                        verdict,
                    });
                }
            };
            if !is_customer {
                if !skus.is_empty() {
                    record(Verdict::NotCustomer { skus });
                }
            } else if let Some(phrase) = m.negative {
                ev.negative_matches += 1;
                record(Verdict::Negative { phrase });
            } else if let Some(marker) = m.conditional.filter(|_| !skus.is_empty()) {
                ev.conditional_matches += 1;
                record(Verdict::Conditional { marker, skus });
            } else {
                for (sku, phrase) in m.triggers {
                    record(Verdict::Mention {
                        sku: sku.clone(),
                        phrase: phrase.clone(),
                    });
                    ev.mentions.push(Mention {
                        sku,
                        quote: sentence.to_string(),
                        speaker: speaker.clone(),
                        role: role.clone(),
                        call_id: call.call_id.clone(),
                        date,
                        phrase,
                    });
                }
            }
        }
    }
    ev
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Attendee;
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
        }
    }

    #[test]
    fn sentence_splitting_is_verbatim() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two? Three!", &["One.", "Two?", "Three!"]),
            ("Up 3.5 percent. Next", &["Up 3.5 percent.", "Next"]),
            (
                "He said \"stop.\" Then left.",
                &["He said \"stop.\"", "Then left."],
            ),
            ("Wait... what?", &["Wait...", "what?"]),
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
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;

    #[test]
    fn literal_runs_and_anchor_words() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            (
                "we need {N} more seats",
                &["we need", "more seats"],
                Some("seats"),
            ),
            ("{N} new hires", &["new hires"], Some("hires")),
            ("audit {log, logs, trail}", &["audit"], Some("audit")),
            ("we don't need SSO", &["we don't need SSO"], Some("SSO")),
            ("SOC 2 report", &["SOC 2 report"], Some("SOC")),
            ("{N}", &[], None),
            ("{N}%", &["%"], None),
            ("seats{x}", &["seats"], None),
            ("café crème", &["café crème"], None),
        ];
        for (phrase, runs, word) in cases {
            assert_eq!(
                literal_runs(phrase),
                runs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{phrase}"
            );
            assert_eq!(anchor_word(phrase).as_deref(), *word, "{phrase}");
        }
    }

    #[test]
    fn prefilter_never_hides_a_match() {
        let m = super::tests::matcher();
        for text in [
            "We need 20 more SEATS.",
            "we hit the Seat   Limit",
            "We DON’T need fewer seats",
            "nothing here",
        ] {
            let set_hit = m.set.is_match(text);
            assert!(!set_hit || m.may_match(text), "{text}");
        }
        assert!(!m.may_match("the weekly report looks fine"));
        // The anchor must stand as a whole word.
        assert!(!m.may_match("the seatsbelt and unseats"));
        assert!(m.may_match("(seats)"));
    }
}
