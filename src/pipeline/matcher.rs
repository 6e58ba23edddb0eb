//! The taxonomy's phrases compiled for one run.
//!
//! A sentence read before in the run is looked up in the memo ([`memo`]): its match
//! depends on its text alone. A new one is searched once for every anchor (see
//! [`Pattern::anchors`]) of every trigger and negative phrase, with one Aho-Corasick
//! automaton over its ASCII-lowercased text: a sentence without the anchors of any
//! phrase is passed over, and most are. For a sentence that has them, only the phrases
//! whose anchors occur are tried on its tokens, and each trigger that matches is then
//! read by the sentence guards.

use super::judge::{GuardHit, GuardKind, Guards};
use crate::model::{Call, Ticket};
use crate::references::pattern::Span;
use crate::references::{Pattern, Taxonomy, TicketTrigger};
use crate::text::{self, Lang};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

mod answer;
mod memo;
pub use answer::question_and_answer;
use memo::Memo;

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
    /// Every anchor of every group, searched once per sentence (see [`Matcher::scan`])
    /// to pick the phrases all of whose anchor groups occur in it.
    index: Option<AhoCorasick>,
    /// (phrase id, group bit) per anchor id, including those of the anchors it begins
    /// with (the search reports the longest anchor at each position).
    anchor_phrases: Vec<Vec<(usize, u8)>>,
    /// Per phrase, the bits of all its groups (a candidate has all of them).
    full_mask: Vec<u8>,
    /// Per phrase, its other anchor groups (common words mostly) as ids into
    /// `secondary_index`: checked in the sentence's letters before the sentence is
    /// analysed.
    secondary: Vec<Vec<Vec<u32>>>,
    /// Every secondary anchor, searched once (overlapping) in a sentence that has
    /// candidates, so a phrase's check is a few bit tests.
    secondary_index: Option<AhoCorasick>,
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
    /// Stems that commit a yes-answer ([`answer::commit_stems`]).
    answer_commits: Vec<String>,
    /// Sentences already read in this run ([`Matcher::sentence`]).
    memo: Memo,
}

/// Where a taxonomy's anchors occur in one sentence (see [`Matcher::scan`]).
#[derive(Debug, Clone)]
pub struct Scan {
    /// (byte offset in the text, anchor id), in order of offset.
    hits: Vec<(u32, u32)>,
}

impl Scan {
    /// True when no anchor occurs in the sentence: no phrase can match it.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
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
        let (subject, ticket_tags) = ticket_rules(tax);
        Matcher {
            skus: tax.skus.iter().map(|s| s.id.clone()).collect(),
            index: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&index.anchors)
                .ok()
                .filter(|_| !index.anchors.is_empty()),
            anchor_phrases: index.behind,
            secondary: index.secondary,
            secondary_index: AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&index.secondary_anchors)
                .ok()
                .filter(|_| !index.secondary_anchors.is_empty()),
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
            answer_commits: answer::commit_stems(tax),
            memo: Memo::default(),
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

    /// True when some phrase has no anchor, so every sentence must be tried.
    #[cfg(test)]
    pub fn has_unanchored(&self) -> bool {
        !self.unanchored.is_empty()
    }

    /// Finds every anchor occurrence in `text` in one pass.
    pub fn scan(&self, text: &str) -> Scan {
        let mut hits = Vec::new();
        if let Some(index) = &self.index {
            FOLDED.with(|cell| {
                let (lower, drops) = &mut *cell.borrow_mut();
                fold_for_anchors(text, lower, drops);
                find_all(index, lower, drops, &mut hits);
            });
        }
        Scan { hits }
    }

    /// Phrase ids worth trying on `sentence` (`scan` is its scan), in taxonomy order:
    /// those with all their anchor groups in it.
    fn candidates(&self, scan: &Scan, sentence: &str) -> Vec<usize> {
        let mut ids = self.with_candidates(&scan.hits, |ids| ids.to_vec());
        if ids.is_empty() {
            return self.unanchored.clone();
        }
        // German analysis folds "ß" and umlauts, which a substring test cannot see.
        if self.lang != Lang::En {
            ids.extend(&self.unanchored);
            ids.sort_unstable();
            ids.dedup();
            return ids;
        }
        // Words the analysis joins may be apart in the text ("work flows" is
        // "workflows"): these anchors are looked for in the sentence's letters alone.
        thread_local! {
            static LETTERS: std::cell::RefCell<(Vec<u8>, Vec<u64>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        LETTERS.with(|cell| {
            let (letters, present) = &mut *cell.borrow_mut();
            letters.clear();
            letters.extend(
                sentence
                    .bytes()
                    .filter(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
                    .map(|b| b.to_ascii_lowercase()),
            );
            // One bit per secondary anchor that occurs in the letters.
            present.clear();
            if let Some(index) = &self.secondary_index {
                present.resize(index.patterns_len().div_ceil(64), 0);
                for m in index.find_overlapping_iter(letters.as_slice()) {
                    let a = m.pattern().as_usize();
                    present[a / 64] |= 1 << (a % 64);
                }
            }
            let has = |a: u32| {
                present
                    .get(a as usize / 64)
                    .is_some_and(|w| w >> (a % 64) & 1 == 1)
            };
            ids.retain(|&id| {
                self.secondary[id]
                    .iter()
                    .all(|group| group.iter().any(|&a| has(a)))
            });
        });
        ids.extend(&self.unanchored);
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Calls `f` with the anchored phrases all of whose anchor groups occur in `hits`.
    fn with_candidates<R>(&self, hits: &[(u32, u32)], f: impl FnOnce(&[usize]) -> R) -> R {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<usize>, Vec<usize>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
        }
        SCRATCH.with(|cell| {
            let (masks, touched, ids) = &mut *cell.borrow_mut();
            if masks.len() < self.full_mask.len() {
                masks.resize(self.full_mask.len(), 0);
            }
            ids.clear();
            for &(_, anchor) in hits {
                for &(id, bit) in &self.anchor_phrases[anchor as usize] {
                    if masks[id] == 0 {
                        touched.push(id);
                    }
                    if masks[id] != self.full_mask[id] {
                        masks[id] |= bit;
                        if masks[id] == self.full_mask[id] {
                            ids.push(id);
                        }
                    }
                }
            }
            for id in touched.drain(..) {
                masks[id] = 0;
            }
            f(ids)
        })
    }

    /// What one sentence says, as far as the taxonomy is concerned: it depends on the
    /// sentence's text alone, and a sentence read before in this run is looked up.
    pub fn sentence(&self, sentence: &str) -> SentenceMatch {
        let key = Memo::key(sentence);
        if let Some(m) = self.memo.get(key) {
            return m;
        }
        let m = self.analyse(&self.scan(sentence), sentence);
        self.memo.put(key, &m);
        m
    }

    /// Reads a sentence that no memo holds: its candidate phrases on its tokens, then
    /// the negatives and the guards.
    fn analyse(&self, scan: &Scan, sentence: &str) -> SentenceMatch {
        let mut m = SentenceMatch::default();
        let candidates = self.candidates(scan, sentence);
        if candidates.is_empty() {
            return m;
        }
        let tokens = text::analyze_in(sentence, self.lang);
        // Every trigger match, by SKU in the order the SKUs first matched.
        let mut found: Vec<(usize, Vec<(usize, Span)>)> = Vec::new();
        let mut negatives: Vec<(usize, Span)> = Vec::new();
        for id in candidates {
            let Some(span) = self.phrases[id].find(&tokens) else {
                continue;
            };
            match self.kinds[id] {
                Kind::Trigger(s) => {
                    let span = judged_part(&tokens, span, &self.phrases[id]);
                    match found.iter_mut().find(|(sku, _)| *sku == s) {
                        Some((_, matches)) => matches.push((id, span)),
                        None => found.push((s, vec![(id, span)])),
                    }
                }
                Kind::Negative(_) => negatives.push((id, span)),
            }
        }
        if let Some(&(id, _)) = negatives.first() {
            // The sentence stays set aside, with its triggers for the record, unless a
            // trigger stands in a "but" clause after every negative.
            let apart = after_negatives(&tokens, &negatives);
            if found
                .iter()
                .any(|(_, ms)| ms.iter().any(|&(_, span)| apart(span)))
            {
                found.retain_mut(|(_, ms)| {
                    ms.retain(|&(_, span)| apart(span));
                    !ms.is_empty()
                });
            } else {
                m.negative = Some(self.phrases[id].source.clone());
            }
        }
        if found.is_empty() {
            return m;
        }
        let still = self.guards.still_spans(&tokens);
        let answer = answer_after_question(&tokens, sentence)
            .and_then(|k| Some((k, self.guards.answer_takes_back(&tokens[k..])?)));
        m.triggers = found
            .into_iter()
            .map(|(sku, matches)| self.verdict(&tokens, &still, answer.as_ref(), sku, &matches))
            .collect();
        m
    }

    /// One SKU's verdict on a sentence: the first of its matching phrases (taxonomy order)
    /// that no guard sets aside, else the first one with its guard. A hedge in one clause
    /// does not hide a plain request in another that a later phrase matches. `answer`:
    /// the token where a "no" answer to a question in the sentence starts, and its guard;
    /// it sets aside the matches before it ("Extra seats? No, not necessary.").
    fn verdict(
        &self,
        tokens: &[text::Token],
        still: &[Span],
        answer: Option<&(usize, GuardHit)>,
        sku: usize,
        matches: &[(usize, Span)],
    ) -> TriggerHit {
        let hit = |id: usize, guard| TriggerHit {
            sku: self.skus[sku].clone(),
            phrase: self.phrases[id].source.clone(),
            guard,
        };
        let mut first = None;
        for &(id, span) in matches {
            let answered = answer
                .filter(|(k, _)| span.end <= *k)
                .map(|(_, no)| no.clone());
            let judged = self.guards.judge(tokens, still, span, &self.phrases[id]);
            // A "no" answer is the clearer reason than a closing clause read as
            // another party's: "Seat limit? Not for us."
            let verdict = match (judged, answered) {
                (Some(g), Some(no)) if g.kind == GuardKind::OtherParty => Some(no),
                (judged, answered) => judged.or(answered),
            };
            match verdict {
                None => return hit(id, None),
                Some(g) if first.is_none() => first = Some(hit(id, Some(g))),
                Some(_) => {}
            }
        }
        first.expect("a SKU in `found` has a match")
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

/// A request that the next sentence takes back: "Extra seats?" and then "No, not
/// necessary."; "We want the add-on." and then "But the price is absurd.".
impl Matcher {
    /// The guard that `next`, the sentence after one with a mention, sets the mention
    /// aside with: a "no" answer to a question ([`Guards::answer_takes_back`]) or an objection
    /// after "but" ([`Guards::objection_after`]).
    pub fn next_sentence_guard(&self, question: bool, next: &str) -> Option<GuardHit> {
        let tokens = text::analyze_in(next, self.lang);
        question
            .then(|| self.guards.answer_takes_back(&tokens))
            .flatten()
            .or_else(|| self.guards.objection_after(&tokens))
    }
}

impl SentenceMatch {
    /// Sets aside the mentions of a sentence that the next one takes back.
    pub fn answered(&mut self, no: &GuardHit) {
        for t in self.triggers.iter_mut().filter(|t| t.guard.is_none()) {
            t.guard = Some(no.clone());
        }
    }

    /// Whether a trigger of the sentence is a mention, none set aside.
    pub fn has_mention(&self) -> bool {
        self.negative.is_none() && self.triggers.iter().any(|t| t.guard.is_none())
    }
}

/// Whether `sentence` is a question: it ends with "?" (before any closing quote or
/// bracket).
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '\'' | '’' | ')'))
        .ends_with('?')
}

/// The first token after the last question mark inside `sentence` that words follow
/// ("Mehr Seats? Nein, eher im Gegenteil." read as one sentence).
fn answer_after_question(tokens: &[text::Token], sentence: &str) -> Option<usize> {
    let q = sentence.trim_end().rfind('?')?;
    tokens.iter().position(|t| t.start > q)
}

/// For the embedding stage: a sentence judged against a phrase it resembles as a whole.
impl Matcher {
    /// The guard that keeps `sentence` from being a mention of a SKU whose `phrase` it
    /// resembles, or `None` (see [`Guards::judge_sentence`]).
    pub fn judge_sentence(&self, sentence: &str, phrase: &Pattern) -> Option<GuardHit> {
        self.guards
            .judge_sentence(&text::analyze_in(sentence, phrase.lang), phrase)
    }

    /// [`Matcher::judge_sentence`] for an embedding match whose ask ends at token
    /// `ask_end` of `tokens` ([`Guards::judge_asked`]).
    pub fn judge_asked(
        &self,
        tokens: &[text::Token],
        phrase: &Pattern,
        ask_end: usize,
    ) -> Option<GuardHit> {
        self.guards.judge_asked(tokens, phrase, ask_end)
    }
}

thread_local! {
    /// The folded bytes of the text being scanned and where bytes were dropped.
    static FOLDED: std::cell::RefCell<(Vec<u8>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// Whether a trigger match (its [`judged_part`]) stands in a "but" clause after every
/// negative-example phrase: "We don't need SSO, but we do need more seats" keeps the
/// seats when "we don't need SSO" is a negative; "We need fewer seats, not a seat
/// limit" keeps nothing.
fn after_negatives<'t>(
    tokens: &'t [text::Token],
    negatives: &[(usize, Span)],
) -> impl Fn(Span) -> bool + 't {
    let clause = |i: usize| tokens.get(i).map_or(0, |t| t.clause);
    let last_negative = negatives
        .iter()
        .map(|&(_, n)| clause(n.end.saturating_sub(1)))
        .max()
        .unwrap_or(0);
    move |span: Span| {
        let c = clause(span.start);
        c > last_negative && opens_with_contrast(tokens, c)
    }
}

/// Whether clause `c` opens with a contrast word ("but we do need more seats",
/// [`text::Lang::contrast_words`]).
fn opens_with_contrast(tokens: &[text::Token], c: u16) -> bool {
    tokens
        .iter()
        .find(|t| t.clause == c)
        .is_some_and(|t| text::is_contrast(t.lang, &t.norm))
}

/// The part of a trigger match the guards read: for an `&` match, the part in its last
/// clause when that clause opens with "but" ("Mehr Dashboards brauchen wir nicht, aber SSO
/// schon": the negation belongs to the dashboards). Any other match is judged whole
/// ("Audit logs aren't something we need, so skip the enterprise quote").
fn judged_part(tokens: &[text::Token], span: Span, phrase: &Pattern) -> Span {
    let clause = |i: usize| tokens.get(i).map_or(0, |t| t.clause);
    let last = clause(span.end.saturating_sub(1));
    if !phrase.is_and() || clause(span.start) == last || !opens_with_contrast(tokens, last) {
        return span;
    }
    let start = (span.start..span.end)
        .find(|&i| clause(i) == last)
        .unwrap_or(span.start);
    // Only when the product is said there: in "We don't want SSO, but we need more
    // seats" the "but" clause holds just the "need" of "need & sso".
    if !phrase.last_part_in(&tokens[start..span.end]) {
        return span;
    }
    Span { start, ..span }
}

/// The bytes the anchors are searched in: ASCII-lowercased, hyphens and dots dropped, so
/// that "log-ins" holds the anchor "login", "e-mail" holds "email" and "S.S.O." "sso";
/// German umlauts become their plain vowel ("Plätze" holds "platz", as the stemmer reads
/// it). `drops` gets, per dropped byte, the folded length before it.
fn fold_for_anchors(text: &str, lower: &mut Vec<u8>, drops: &mut Vec<u32>) {
    lower.clear();
    drops.clear();
    lower.reserve(text.len());
    let bytes = text.as_bytes();
    let mut from = 0;
    // Whole runs between special bytes are lowercased at once (this loop vectorises).
    for at in memchr::memchr3_iter(b'-', b'.', 0xC3, bytes).chain(std::iter::once(bytes.len())) {
        if at < from {
            continue; // the second byte of a folded umlaut
        }
        lower.extend(bytes[from..at].iter().map(u8::to_ascii_lowercase));
        from = at + 1;
        match bytes.get(at) {
            Some(0xC3) => match bytes.get(at + 1).and_then(|&b| umlaut_vowel(b)) {
                Some(vowel) => {
                    lower.push(vowel);
                    drops.push(lower.len() as u32);
                    from = at + 2;
                }
                // "ß" is folded to "ss" as the German analysis does: same length.
                None if bytes.get(at + 1) == Some(&0x9F) => {
                    lower.extend_from_slice(b"ss");
                    from = at + 2;
                }
                None => lower.push(0xC3),
            },
            Some(_) => drops.push(lower.len() as u32),
            None => {}
        }
    }
}

/// The plain vowel of an umlaut whose UTF-8 form is `0xC3, second`.
fn umlaut_vowel(second: u8) -> Option<u8> {
    match second {
        0xA4 | 0x84 => Some(b'a'),
        0xB6 | 0x96 => Some(b'o'),
        0xBC | 0x9C => Some(b'u'),
        _ => None,
    }
}

/// Every (byte offset in the original text, anchor id) where an anchor starts, in
/// order. Leftmost-longest from every start position: an anchor that is a prefix of the
/// one found there is added by [`AnchorIndex::behind`], so nothing an overlapping search
/// would report is lost.
fn find_all(index: &AhoCorasick, lower: &[u8], drops: &[u32], hits: &mut Vec<(u32, u32)>) {
    let mut at = 0;
    let mut dropped = 0;
    while at < lower.len() {
        let Some(m) = index.find(aho_corasick::Input::new(lower).range(at..)) else {
            break;
        };
        while dropped < drops.len() && drops[dropped] as usize <= m.start() {
            dropped += 1;
        }
        hits.push(((m.start() + dropped) as u32, m.pattern().as_u32()));
        at = m.start() + 1;
    }
}

/// The anchors of a taxonomy's phrases, indexed.
struct AnchorIndex {
    /// Every distinct anchor string.
    anchors: Vec<String>,
    /// (phrase id, group bit) per anchor.
    behind: Vec<Vec<(usize, u8)>>,
    full_mask: Vec<u8>,
    /// The anchors of every phrase's first group (what `phrases` prints).
    first: Vec<String>,
    /// Per phrase, the anchor groups beyond the indexed ones, as ids into
    /// `secondary_anchors`.
    secondary: Vec<Vec<Vec<u32>>>,
    secondary_anchors: Vec<String>,
    unanchored: Vec<usize>,
}

fn anchor_index(phrases: &[Pattern]) -> AnchorIndex {
    let mut ix = AnchorIndex {
        anchors: Vec::new(),
        behind: Vec::new(),
        full_mask: Vec::new(),
        first: Vec::new(),
        secondary: Vec::new(),
        secondary_anchors: Vec::new(),
        unanchored: Vec::new(),
    };
    let mut secondary_ids = std::collections::HashMap::new();
    let mut position = std::collections::HashMap::new();
    for (id, p) in phrases.iter().enumerate() {
        let groups = p.anchor_groups();
        let mut rest = p.all_anchor_groups();
        rest.retain(|g| !groups.contains(g));
        let rest = rest
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .map(|a| {
                        *secondary_ids.entry(a.clone()).or_insert_with(|| {
                            ix.secondary_anchors.push(a);
                            ix.secondary_anchors.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        ix.secondary.push(rest);
        ix.full_mask.push(((1u16 << groups.len()) - 1) as u8);
        if groups.is_empty() {
            ix.unanchored.push(id);
            continue;
        }
        ix.first.extend(groups[0].iter().cloned());
        for (g, list) in groups.into_iter().enumerate() {
            for a in list.iter().flat_map(|a| with_split_forms(a)) {
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
    // The search reports the longest anchor starting at a position: one found there
    // stands for every anchor it begins with too.
    let own = ix.behind.clone();
    for (a, long) in ix.anchors.iter().enumerate() {
        let shorter = (1..long.len()).filter(|&k| long.is_char_boundary(k));
        for b in shorter.filter_map(|k| position.get(&long[..k])) {
            ix.behind[a].extend(own[*b].iter().copied());
        }
    }
    ix
}

/// An anchor and its forms with one space inside ("work flow" for "workflow"): the
/// analysis reads two words as one phrase word when together they spell it. Both parts
/// have two letters at least, so "sso" does not become "s so" (found in "this so").
fn with_split_forms(anchor: &str) -> Vec<String> {
    let mut out = vec![anchor.to_string()];
    if anchor.is_ascii() {
        out.extend(
            (2..anchor.len().saturating_sub(1))
                .map(|k| format!("{} {}", &anchor[..k], &anchor[k..])),
        );
    }
    out
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

    /// The folded bytes hold umlauts as plain vowels and drop hyphens, and every
    /// folded offset maps back to the byte where its letter starts in the text.
    #[test]
    fn anchor_folding_maps_offsets_back() {
        let text = "Mehr Plätze-Über SSO für Ärzte, é, Straße.";
        let (mut lower, mut drops) = (Vec::new(), Vec::new());
        fold_for_anchors(text, &mut lower, &mut drops);
        assert_eq!(
            String::from_utf8(lower.clone()).unwrap(),
            "mehr platzeuber sso fur arzte, é, strasse"
        );
        let back = |folded: usize| folded + drops.iter().filter(|&&d| d as usize <= folded).count();
        for word in ["platz", "uber", "sso", "arzte", "strasse"] {
            let at = lower
                .windows(word.len())
                .position(|w| w == word.as_bytes())
                .unwrap();
            let original = &text[back(at)..];
            assert!(
                original.to_lowercase().starts_with(&word[..1]) || original.starts_with(['Ü', 'Ä']),
                "{word} maps to {original:?}"
            );
        }
    }

    /// The matcher of a test taxonomy, which must parse without errors.
    fn matcher_of(text: &str) -> Matcher {
        let (tax, problems) = taxonomy::parse("t.md", text);
        assert!(
            problems
                .iter()
                .all(|p| p.severity != crate::references::Severity::Error),
            "{problems:?}"
        );
        Matcher::new(&tax)
    }

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

    /// A sentence reads the same the first time and from the memo, whichever sentences
    /// came before it; anchors keep their offsets across dropped hyphens and dots.
    #[test]
    fn sentences_read_the_same_from_the_memo_in_any_order() {
        let m = shipped();
        let text = "Thanks. We need S.S.O. and SCIM. The e-mail went out. We need fifteen more \
                    log-ins for the warehouse. Right... we keep hitting our seat-limits. Acme \
                    offers SSO for free. We want custom dashboards. No anchors here at all.";
        let all = crate::pipeline::extract::sentences(text);
        let forward: Vec<SentenceMatch> = all.iter().map(|s| m.sentence(s)).collect();
        let fresh = m.clone();
        let backward: Vec<SentenceMatch> = all.iter().rev().map(|s| fresh.sentence(s)).collect();
        let again: Vec<SentenceMatch> = all.iter().map(|s| m.sentence(s)).collect();
        assert_eq!(forward, again);
        assert_eq!(forward, backward.into_iter().rev().collect::<Vec<_>>());
        assert!(m.memo.len() >= all.len() - 1, "{:?}", m.memo);
        let mentions = forward.iter().filter(|s| s.has_mention()).count();
        assert!(mentions >= 3, "{forward:#?}");
    }

    /// Words the analysis produces or joins are never required as anchors: "we'd" holds
    /// no "would", "work flows" no "workflows".
    #[test]
    fn anchors_survive_contractions_and_split_words() {
        let m = matcher_of(
            "# T\n### SKU: s\n- **Call triggers**\n  - \"we would like dashboards\"\n  - \"need & automated workflows\"\n- **Usage triggers**\n  - `x`\n- **Ticket triggers**\n- **Negative-example phrases**\n",
        );
        for text in ["We'd like dashboards.", "We need automated work flows."] {
            assert_eq!(m.sentence(text).triggers.len(), 1, "{text}");
        }
    }

    /// "ß" and "ss" are one letter pair for the prefilter as for the analysis, whichever
    /// of the two the phrase and the customer wrote.
    #[test]
    fn german_sharp_s_matches_ss_both_ways() {
        let m = matcher_of(
            "# T\nLanguage: de\n### SKU: s\n- **Call triggers**\n  - \"regelmässige berichte\"\n  - \"maßgeschneiderte dashboards\"\n- **Usage triggers**\n  - `x`\n- **Ticket triggers**\n- **Negative-example phrases**\n",
        );
        for text in [
            "Wir brauchen regelmäßige Berichte.",
            "Wir brauchen regelmässige Berichte.",
            "Wir wollen massgeschneiderte Dashboards.",
            "Wir wollen maßgeschneiderte Dashboards.",
        ] {
            assert_eq!(m.sentence(text).triggers.len(), 1, "{text}");
        }
    }

    /// A negative-example phrase spares only a trigger in a later "but" clause, and the
    /// guards read the "but" clause of an `&` match whose product is said there.
    #[test]
    fn negatives_and_guards_stay_in_their_clauses() {
        let m = matcher_of(
            "# T\n## Synonyms\n- need: need, want\n### SKU: ent\n- **Call triggers**\n  - \"need & sso\"\n- **Usage triggers**\n  - `x`\n- **Ticket triggers**\n- **Negative-example phrases**\n  - \"we don't need sso\"\n### SKU: seats\n- **Call triggers**\n  - \"need & more seats\"\n- **Usage triggers**\n  - `y`\n- **Ticket triggers**\n- **Negative-example phrases**\n## Negation guard\n- \"not\", \"no\"\n",
        );
        let kept = |text: &str| -> Vec<(String, bool)> {
            let got = m.sentence(text);
            assert!(got.negative.is_none() || got.triggers.is_empty(), "{text}");
            got.triggers
                .into_iter()
                .map(|t| (t.sku, t.guard.is_none()))
                .collect()
        };
        assert_eq!(
            kept("We don't need SSO, but we do need more seats."),
            [("seats".to_string(), true)]
        );
        assert!(m.sentence("We don't need SSO.").negative.is_some());
        // The negation belongs to the seats; the ask for SSO follows "but".
        assert_eq!(
            kept("More seats we do not need, but SSO yes."),
            [("ent".to_string(), true), ("seats".to_string(), false)]
        );
        assert_eq!(kept("We need no SSO."), [("ent".to_string(), false)]);
        // The "but" clause holds only the "need" of "need & sso": the "not" counts.
        assert_eq!(
            kept("SSO is not something we want, but we need more seats."),
            [("ent".to_string(), false), ("seats".to_string(), true)]
        );
    }
}
