//! The taxonomy's phrases compiled for one run.
//!
//! Every anchor (see [`Pattern::anchors`]) of every trigger and negative phrase goes
//! into one Aho-Corasick automaton searched over the ASCII-lowercased text: a speaker
//! turn without any anchor is skipped unread, and most are. For a sentence that has
//! anchors, only the phrases whose anchors occur are tried on its tokens, and each
//! trigger that matches is then read by the sentence guards.

use super::judge::{GuardHit, Guards};
use crate::model::{Call, Ticket};
use crate::references::pattern::Span;
use crate::references::{Pattern, Taxonomy, TicketTrigger};
use crate::text::{self, Lang};
use aho_corasick::{AhoCorasick, MatchKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Trigger(usize),
    Negative(usize),
}

/// The taxonomy's phrases, compiled for one run.
#[derive(Debug, Clone)]
pub struct Matcher {
    skus: Vec<String>,
    phrases: Vec<Pattern>,
    kinds: Vec<Kind>,
    /// Yes/no over all anchors; leftmost-first so the SIMD (Teddy) searcher applies.
    /// `None`: some phrase has no anchor, so every text must be read.
    prefilter: Option<AhoCorasick>,
    /// Every anchor of every group, searched with overlaps in a speaker turn or sentence
    /// to pick the phrases all of whose anchor groups occur.
    index: Option<AhoCorasick>,
    /// (phrase id, group bit) per anchor id.
    anchor_phrases: Vec<Vec<(usize, u8)>>,
    /// Per phrase, the bits of all its groups (a candidate has all of them).
    full_mask: Vec<u8>,
    /// Phrases with no anchor: tried on every sentence.
    unanchored: Vec<usize>,
    anchors: Vec<String>,
    guards: Guards,
    /// The taxonomy's language: sentences are analysed with its chain.
    lang: Lang,
    /// Matchers for the other languages of a mixed portfolio.
    others: Vec<Matcher>,
    subject: Vec<(usize, Pattern)>,
    ticket_tags: Vec<(usize, String)>,
}

/// One trigger phrase that matched a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerHit {
    pub sku: String,
    pub phrase: String,
    /// The guard that set it aside; `None`: a mention.
    pub guard: Option<GuardHit>,
}

/// Phrases found in one sentence: the SKUs it triggers (with the phrase and the
/// guard verdict), and the first negative example it contains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceMatch {
    pub triggers: Vec<TriggerHit>,
    pub negative: Option<String>,
}

impl Matcher {
    pub fn new(tax: &Taxonomy) -> Matcher {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for (i, sku) in tax.skus.iter().enumerate() {
            phrases.extend(sku.call_triggers.iter().cloned());
            kinds.extend(sku.call_triggers.iter().map(|_| Kind::Trigger(i)));
            phrases.extend(sku.negatives.iter().cloned());
            kinds.extend(sku.negatives.iter().map(|_| Kind::Negative(i)));
        }
        let index = anchor_index(&phrases);
        let build = |kind, anchors: &[String]| {
            AhoCorasick::builder()
                .match_kind(kind)
                .build(anchors)
                .ok()
                .filter(|_| !anchors.is_empty())
        };
        // A phrase without an anchor means any text can match: no prefilter then.
        let prefilter = if index.unanchored.is_empty() {
            build(MatchKind::LeftmostFirst, &index.first)
        } else {
            None
        };
        let (subject, ticket_tags) = ticket_rules(tax);
        Matcher {
            skus: tax.skus.iter().map(|s| s.id.clone()).collect(),
            index: build(MatchKind::Standard, &index.anchors),
            prefilter,
            anchor_phrases: index.behind,
            full_mask: index.full_mask,
            unanchored: index.unanchored,
            anchors: index.first,
            phrases,
            kinds,
            guards: Guards::new(tax),
            lang: tax.language,
            others: tax.translations.iter().map(Matcher::new).collect(),
            subject,
            ticket_tags,
        }
    }

    /// The language of the taxonomy this matcher was built from.
    pub fn language(&self) -> Lang {
        self.lang
    }

    /// Every language this matcher has rules for, the main one first.
    pub fn languages(&self) -> Vec<Lang> {
        std::iter::once(self.lang)
            .chain(self.others.iter().map(|m| m.lang))
            .collect()
    }

    /// The rules for `lang`, if loaded.
    pub fn for_language(&self, lang: Lang) -> Option<&Matcher> {
        std::iter::once(self)
            .chain(&self.others)
            .find(|m| m.lang == lang)
    }

    /// The rules a call is read with: those of the call's `language` field, else of the
    /// language detected in its transcript, else the main taxonomy's. With one
    /// taxonomy there is nothing to choose and nothing is detected.
    pub fn for_call(&self, call: &Call) -> &Matcher {
        if self.others.is_empty() {
            return self;
        }
        let given = call.language.as_deref().and_then(Lang::parse);
        let lang = given.or_else(|| {
            let sample = match (&call.transcript_text, &call.transcript) {
                (Some(t), _) => t.clone(),
                (None, Some(turns)) => {
                    let mut s = String::new();
                    for t in turns.iter().take(40) {
                        s.push_str(&t.text);
                        s.push('\n');
                    }
                    s
                }
                (None, None) => return None,
            };
            text::detect_language(&sample, &self.languages())
        });
        lang.and_then(|l| self.for_language(l)).unwrap_or(self)
    }

    /// Every anchor string (what a plain-text search for the taxonomy would look for).
    pub fn anchors(&self) -> &[String] {
        &self.anchors
    }

    /// False when `text` certainly contains no trigger or negative phrase: none of the
    /// phrases' first anchor groups occurs (one fast pass, for whole transcripts).
    pub fn may_match(&self, text: &str) -> bool {
        if self.phrases.is_empty() {
            return false;
        }
        let Some(pre) = &self.prefilter else {
            return true;
        };
        // A per-thread buffer: no allocation per transcript on the hot path.
        thread_local! {
            static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LOWER.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            buf.extend(fold_for_anchors(text));
            pre.is_match(buf.as_slice())
        })
    }

    /// False when no phrase can match `text` because each lacks one of its anchor groups
    /// (for speaker turns: stricter than [`Matcher::may_match`], and slower).
    pub fn may_match_all(&self, text: &str) -> bool {
        !self.unanchored.is_empty() || self.with_candidates(text, |ids| !ids.is_empty())
    }

    /// Phrase ids worth trying on `sentence`, in taxonomy order.
    fn candidates(&self, sentence: &str) -> Vec<usize> {
        let mut ids = self.with_candidates(sentence, |ids| ids.to_vec());
        ids.extend(&self.unanchored);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Calls `f` with the anchored phrases all of whose anchor groups occur in `text`.
    fn with_candidates<R>(&self, text: &str, f: impl FnOnce(&[usize]) -> R) -> R {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u8>, Vec<usize>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
        }
        SCRATCH.with(|cell| {
            let (lower, masks, ids) = &mut *cell.borrow_mut();
            lower.clear();
            lower.extend(fold_for_anchors(text));
            masks.clear();
            masks.resize(self.full_mask.len(), 0);
            ids.clear();
            if let Some(index) = &self.index {
                for m in index.find_overlapping_iter(lower.as_slice()) {
                    for &(id, bit) in &self.anchor_phrases[m.pattern().as_usize()] {
                        if masks[id] != self.full_mask[id] {
                            masks[id] |= bit;
                            if masks[id] == self.full_mask[id] {
                                ids.push(id);
                            }
                        }
                    }
                }
            }
            f(ids)
        })
    }

    /// What one sentence says, as far as the taxonomy is concerned.
    pub fn sentence(&self, sentence: &str) -> SentenceMatch {
        let mut m = SentenceMatch::default();
        let candidates = self.candidates(sentence);
        if candidates.is_empty() {
            return m;
        }
        let tokens = text::analyze_in(sentence, self.lang);
        let mut spans: Vec<(usize, Span)> = Vec::new();
        for id in candidates {
            let Some(span) = self.phrases[id].find(&tokens) else {
                continue;
            };
            match self.kinds[id] {
                Kind::Trigger(s) if !m.triggers.iter().any(|t| t.sku == self.skus[s]) => {
                    spans.push((id, span));
                    m.triggers.push(TriggerHit {
                        sku: self.skus[s].clone(),
                        phrase: self.phrases[id].source.clone(),
                        guard: None,
                    });
                }
                Kind::Negative(_) if m.negative.is_none() => {
                    m.negative = Some(self.phrases[id].source.clone());
                }
                _ => {}
            }
        }
        for (hit, (id, span)) in m.triggers.iter_mut().zip(spans) {
            hit.guard = self.guards.judge(&tokens, span, &self.phrases[id]);
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
            let tokens = text::analyze_in(text, self.lang);
            hits.extend(
                self.subject
                    .iter()
                    .filter(|(_, p)| p.find(&tokens).is_some())
                    .map(|(i, _)| *i),
            );
        }
        hits.sort_unstable();
        hits.dedup();
        let mut skus: Vec<String> = hits.into_iter().map(|i| self.skus[i].clone()).collect();
        // A ticket has no language field: the subject phrases of every language apply.
        for other in &self.others {
            for sku in other.ticket_skus(ticket) {
                if !skus.contains(&sku) {
                    skus.push(sku);
                }
            }
        }
        skus
    }
}

/// For the embedding stage: a sentence judged against a phrase it resembles as a whole.
impl Matcher {
    /// The guard that keeps `sentence` from being a mention of a SKU whose `phrase` it
    /// resembles, or `None` (see [`Guards::judge_sentence`]).
    pub fn judge_sentence(&self, sentence: &str, phrase: &Pattern) -> Option<GuardHit> {
        self.guards
            .judge_sentence(&text::analyze_in(sentence, phrase.lang), phrase)
    }
}

/// The bytes the anchors are searched in: ASCII-lowercased, hyphens and dots dropped, so
/// that "log-ins" holds the anchor "login", "e-mail" holds "email" and "S.S.O." "sso".
fn fold_for_anchors(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .filter(|&b| b != b'-' && b != b'.')
        .map(|b| b.to_ascii_lowercase())
}

/// The anchors of a taxonomy's phrases, indexed.
struct AnchorIndex {
    /// Every distinct anchor string.
    anchors: Vec<String>,
    /// (phrase id, group bit) per anchor.
    behind: Vec<Vec<(usize, u8)>>,
    full_mask: Vec<u8>,
    /// The anchors of every phrase's first group (the whole-transcript prefilter).
    first: Vec<String>,
    unanchored: Vec<usize>,
}

fn anchor_index(phrases: &[Pattern]) -> AnchorIndex {
    let mut ix = AnchorIndex {
        anchors: Vec::new(),
        behind: Vec::new(),
        full_mask: Vec::new(),
        first: Vec::new(),
        unanchored: Vec::new(),
    };
    let mut position = std::collections::HashMap::new();
    for (id, p) in phrases.iter().enumerate() {
        let groups = p.anchor_groups();
        ix.full_mask.push(((1u16 << groups.len()) - 1) as u8);
        if groups.is_empty() {
            ix.unanchored.push(id);
            continue;
        }
        ix.first.extend(groups[0].iter().cloned());
        for (g, list) in groups.into_iter().enumerate() {
            for a in list {
                let at = *position.entry(a.clone()).or_insert_with(|| {
                    ix.anchors.push(a);
                    ix.behind.push(Vec::new());
                    ix.anchors.len() - 1
                });
                ix.behind[at].push((id, 1u8 << g));
            }
        }
    }
    ix.first.sort();
    ix.first.dedup();
    ix
}

type TicketRules = (Vec<(usize, Pattern)>, Vec<(usize, String)>);

fn ticket_rules(tax: &Taxonomy) -> TicketRules {
    let mut subject = Vec::new();
    let mut tags = Vec::new();
    for (i, sku) in tax.skus.iter().enumerate() {
        for t in &sku.ticket_triggers {
            match t {
                TicketTrigger::Tags { tags: list, .. } => {
                    tags.extend(list.iter().map(|t| (i, t.to_lowercase())));
                }
                TicketTrigger::Subject { phrases, .. } => {
                    subject.extend(phrases.iter().map(|p| (i, p.clone())));
                }
            }
        }
    }
    (subject, tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::taxonomy;

    fn shipped() -> Matcher {
        let (tax, problems) = taxonomy::parse(
            "t.md",
            include_str!("../../references/1-expansion-signal-taxonomy.md"),
        );
        assert!(problems.is_empty(), "{problems:?}");
        Matcher::new(&tax)
    }

    /// The shipped taxonomy on close variants of its own phrases and on talk that is not
    /// intent: (sentence, the SKU it is a mention of, or None).
    #[test]
    fn shipped_taxonomy_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "So we need SAML set up for our whole org.",
                Some("enterprise-tier"),
            ),
            (
                "We need more licenses for the support team.",
                Some("additional-team-seats"),
            ),
            (
                "We keep hitting our seat limits.",
                Some("additional-team-seats"),
            ),
            (
                "We're adding the claims team to the workspace.",
                Some("additional-team-seats"),
            ),
            ("We need SOC2 documentation.", Some("enterprise-tier")),
            (
                "We need two dozen more seats.",
                Some("additional-team-seats"),
            ),
            (
                "We want custom dashboards for the exec team.",
                Some("premium-feature-pack"),
            ),
            ("We added 40 seats last spring.", None),
            ("Our sister company bought the enterprise tier.", None),
            ("Acme offers SSO for free.", None),
            ("Adding seats is too expensive for us.", None),
            ("We might need more seats someday.", None),
            ("We don't need more seats.", None),
            (
                "We need fifteen more log-ins for the warehouse.",
                Some("additional-team-seats"),
            ),
            (
                "We need SSO and audit logs in place before the renewal.",
                Some("enterprise-tier"),
            ),
            (
                "Can we push the seating chart discussion to next week?",
                None,
            ),
            ("Brightpath's cohort analysis is really easy to use.", None),
        ];
        let m = shipped();
        for (text, want) in cases {
            let got = m.sentence(text);
            let mention = got
                .triggers
                .iter()
                .find(|t| t.guard.is_none() && got.negative.is_none())
                .map(|t| t.sku.as_str());
            assert_eq!(mention, *want, "{text}: {got:?}");
        }
    }
}
