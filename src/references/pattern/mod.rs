//! The phrase language shared by call triggers, negative examples, the sentence guards,
//! ticket subject phrases and action-library trigger cells (grammar version 2).
//!
//! A phrase is analysed by the same chain as the customers' sentences ([`crate::text`]):
//! case, punctuation, hyphens, spacing, British/US spelling and inflection do not matter.
//! On top of plain words a phrase may use:
//! - `{N}`: a number in digits or words ("24", "1,200", "fifty", "two dozen");
//! - `{a, b, c}` or `(a|b|c)`: one of the alternatives (each may be several words);
//! - `[the]`: optional words;
//! - `...`: a gap of up to three words; `{word}` (any other word in braces): one to four;
//! - `a & b`: every part somewhere in the sentence within twelve words, in any order.
//!
//! Synonym groups from the taxonomy's `## Synonyms` section are applied after
//! compiling ([`Pattern::with_synonyms`]). Matching is a bounded backtracking walk over
//! tokens; [`LIMITS`] keeps every phrase small enough that it is linear in the sentence.

mod anchor;
mod matching;
mod parse;
mod synonyms;

pub use synonyms::Synonyms;

use crate::text::{self, Lang, Token};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Limits every phrase must respect (stated in the taxonomy's "How to edit" section).
pub mod limits {
    /// Words, placeholders and groups in one phrase.
    pub const MAX_ELEMENTS: usize = 24;
    /// Ways one phrase can be read at one place in a sentence (roughly the product of
    /// the widths of its gaps, numbers and alternatives), synonyms included.
    pub const MAX_READINGS: u64 = 20_000;
    /// Words and alternatives in one phrase once its synonyms are filled in.
    pub const MAX_NODES: usize = 2_000;
    /// Phrases in one taxonomy (triggers, negatives and guards together).
    pub const MAX_PHRASES: usize = 20_000;
    /// Characters in one phrase.
    pub const MAX_CHARS: usize = 300;
}
pub use limits as LIMITS;

/// One element of a compiled phrase.
#[derive(Debug, Clone, PartialEq)]
pub enum Elem {
    Word(Word),
    /// `{N}`.
    Number,
    /// `...` (0..=3 words) or `{word}` (1..=4 words).
    Gap {
        min: u8,
        max: u8,
    },
    /// Alternatives; an empty branch makes the group optional.
    Alt(Vec<Vec<Elem>>),
}

/// One literal word of a phrase, analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub norm: String,
    pub stem: String,
    /// The word as written, lower-cased (for prefilter anchors).
    pub raw: String,
    /// Listed under the taxonomy's `## Compound heads`: also matches a compound that
    /// ends in it ("Vertriebsteam" for "Team").
    pub compound_head: bool,
    /// The taxonomy's language (British and US spellings are English only).
    pub lang: crate::text::Lang,
    /// Written with `=` in front ("=früher"): this form only.
    pub exact: bool,
}

impl Word {
    /// Whether the word means its written form only, not its inflections nor its
    /// synonym group: written with `=` ("=früher" is not "früh"), or in an English past
    /// form ("finished", "needed": the form, not the verb).
    pub fn exact_form(&self) -> bool {
        self.exact || (self.lang == Lang::En && text::is_past_form(&self.norm, &self.stem))
    }
}

/// A phrase as the CSM lead wrote it, compiled.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The phrase exactly as written between the quotes.
    pub source: String,
    /// Line of the reference file the phrase is on.
    pub line: usize,
    /// The parts of an `&` phrase (one part for every other phrase). Shared by the
    /// clones (the taxonomy's and the matcher's): with its synonyms a phrase can hold
    /// thousands of words.
    parts: Arc<Vec<Vec<Elem>>>,
    /// Per part, the first letters (see [`text::start_key`]) of every word a match
    /// can start with; `None` when it can start anywhere (a number, a gap). Start
    /// positions whose word is not among them are skipped without a walk.
    starts: Vec<Option<Vec<u32>>>,
    /// The language the phrase was analysed in.
    pub lang: Lang,
    /// [`anchor::all_groups`], worked out once: `check` and the matcher both read it.
    groups: OnceLock<Vec<Vec<String>>>,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.line == other.line
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.source)
    }
}

/// Why a phrase could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("empty phrase \"\": write the words to match between the quotes")]
    Empty,
    #[error("unclosed `{1}` in \"{0}\": close it with `{2}`")]
    Unclosed(String, char, char),
    #[error("`{1}` without its opening bracket in \"{0}\"")]
    StrayClose(String, char),
    #[error("empty placeholder `{{}}` in \"{0}\": use {{N}}, {{a, b}} or {{word}}")]
    EmptyGroup(String),
    #[error(
        "phrase \"{0}\" is too long ({1}): keep a phrase under {max} characters and {el} words or groups",
        max = limits::MAX_CHARS,
        el = limits::MAX_ELEMENTS
    )]
    TooLong(String, String),
    #[error(
        "phrase \"{0}\" can be read {1} ways (limit {max}): use fewer alternatives, optional words, gaps or synonym words in one phrase, or split it into several phrases",
        max = limits::MAX_READINGS
    )]
    TooComplex(String, u64),
    #[error("phrase \"{0}\" has no word to match: add at least one word")]
    NoWords(String),
}

/// Where a phrase matched: token indices `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Pattern {
    /// Compiles the English phrase `source` (the text between the quotes).
    pub fn compile(source: &str, line: usize) -> Result<Pattern, PatternError> {
        Pattern::compile_in(source, line, Lang::En)
    }

    /// Compiles `source` with `lang`'s analysis chain.
    pub fn compile_in(source: &str, line: usize, lang: Lang) -> Result<Pattern, PatternError> {
        if source.chars().count() > limits::MAX_CHARS {
            let n = source.chars().count();
            return Err(PatternError::TooLong(
                source.into(),
                format!("{n} characters"),
            ));
        }
        let parts = parse::parse(source, lang)?;
        let pattern = Pattern {
            source: source.to_string(),
            line,
            starts: parts.iter().map(|p| matching::start_keys(p)).collect(),
            parts: Arc::new(parts),
            lang,
            groups: OnceLock::new(),
        };
        pattern.check_size()?;
        Ok(pattern)
    }

    /// The same phrase with every word of a synonym group standing for the whole group.
    pub fn with_synonyms(&self, synonyms: &Synonyms) -> Result<Pattern, PatternError> {
        let parts: Vec<Vec<Elem>> = self.parts.iter().map(|p| synonyms.expand(p)).collect();
        let pattern = Pattern {
            source: self.source.clone(),
            line: self.line,
            starts: parts.iter().map(|p| matching::start_keys(p)).collect(),
            parts: Arc::new(parts),
            lang: self.lang,
            groups: OnceLock::new(),
        };
        pattern.check_size()?;
        Ok(pattern)
    }

    /// The same phrase with every word whose stem is in `heads` marked as a compound
    /// head (see [`Word::compound_head`]).
    pub fn with_compound_heads(mut self, heads: &[String]) -> Pattern {
        fn walk(elems: &mut [Elem], heads: &[String]) {
            for e in elems {
                match e {
                    Elem::Word(w) => w.compound_head = heads.contains(&w.stem),
                    Elem::Alt(bs) => bs.iter_mut().for_each(|b| walk(b, heads)),
                    _ => {}
                }
            }
        }
        if !heads.is_empty() {
            Arc::make_mut(&mut self.parts)
                .iter_mut()
                .for_each(|p| walk(p, heads));
            self.starts = self.parts.iter().map(|p| matching::start_keys(p)).collect();
            self.groups = OnceLock::new();
        }
        self
    }

    fn check_size(&self) -> Result<(), PatternError> {
        let elements: usize = self.parts.iter().map(|p| count_elements(p)).sum();
        if elements > limits::MAX_ELEMENTS {
            let what = format!("{elements} words or groups");
            return Err(PatternError::TooLong(self.source.clone(), what));
        }
        let nodes: usize = self.parts.iter().map(|p| count_nodes(p)).sum();
        if nodes > limits::MAX_NODES {
            let what = format!("{nodes} words and alternatives with its synonyms");
            return Err(PatternError::TooLong(self.source.clone(), what));
        }
        // `&` parts are searched one after the other, so their costs add up.
        let readings = self
            .parts
            .iter()
            .fold(0u64, |acc, p| acc.saturating_add(readings(p)));
        if readings > limits::MAX_READINGS {
            return Err(PatternError::TooComplex(self.source.clone(), readings));
        }
        if !self.parts.iter().all(|p| has_word(p)) {
            return Err(PatternError::NoWords(self.source.clone()));
        }
        Ok(())
    }

    /// The first (leftmost) match in analysed text.
    pub fn find(&self, tokens: &[Token]) -> Option<Span> {
        matching::find(&self.parts, &self.starts, tokens)
    }

    /// Every non-overlapping match, left to right.
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Span> {
        matching::find_all(&self.parts, &self.starts, tokens)
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.find(&text::analyze_in(text, self.lang)).is_some()
    }

    /// Lower-case strings one of which occurs in the raw text of every match (after
    /// ASCII lower-casing); `None` when the phrase has no usable anchor.
    pub fn anchors(&self) -> Option<Vec<String>> {
        anchor::best_groups(self.groups(), 1, self.lang)
            .into_iter()
            .next()
    }

    /// The anchor sets of up to two required parts of the phrase (see
    /// [`anchor::best_groups`]): text that lacks one of them cannot match.
    pub fn anchor_groups(&self) -> Vec<Vec<String>> {
        anchor::best_groups(self.groups(), 2, self.lang)
    }

    /// The anchor sets of every required part, common words included: text that lacks
    /// one of them cannot match (checked in a sentence once its best groups occur).
    pub fn all_anchor_groups(&self) -> Vec<Vec<String>> {
        self.groups().to_vec()
    }

    fn groups(&self) -> &[Vec<String>] {
        self.groups
            .get_or_init(|| anchor::all_groups(&self.parts, self.lang))
    }

    /// Why this phrase would slow every run down, if it would: it has no word the
    /// prefilter can look for, or only one or two very common ones (a sentence that has
    /// all of them is analysed; three common words together are rare enough).
    pub fn speed_warning(&self) -> Option<String> {
        let groups = self.groups();
        let common: Vec<&str> = groups
            .iter()
            .filter_map(|g| anchor::common_anchor(g, self.lang))
            .collect();
        let why = if groups.is_empty() {
            "has no word of three letters or more that every match spells out (words a contraction stands for, such as \"not\" in \"don't\" or \"would\" in \"we'd\", do not count), so every sentence of every call is read for it".to_string()
        } else if common.len() == groups.len() && groups.len() <= 2 {
            let words: Vec<String> = common.iter().map(|w| format!("\"{w}\"")).collect();
            format!(
                "is only found by the common word(s) {}, so most sentences are read for it",
                words.join(" and ")
            )
        } else {
            return None;
        };
        Some(format!(
            "phrase {self} {why}: add a distinctive word (a product or feature name)"
        ))
    }

    /// Whether the last `&` part of the phrase (the product, in "need & sso") matches
    /// somewhere in `tokens`.
    pub fn last_part_in(&self, tokens: &[Token]) -> bool {
        let k = self.parts.len().saturating_sub(1);
        matching::find(&self.parts[k..], &self.starts[k..], tokens).is_some()
    }

    /// Whether the phrase has `&` parts (they may match in different clauses).
    pub fn is_and(&self) -> bool {
        self.parts.len() > 1
    }

    /// Whether the phrase itself contains `word` (by stem), e.g. "not" in "not enough".
    pub fn mentions_stem(&self, stem: &str) -> bool {
        fn walk(elems: &[Elem], stem: &str) -> bool {
            elems.iter().any(|e| match e {
                Elem::Word(w) => w.stem == stem,
                Elem::Alt(bs) => bs.iter().any(|b| walk(b, stem)),
                _ => false,
            })
        }
        self.parts.iter().any(|p| walk(p, stem))
    }

    /// Whether the phrase has this exact word form ("automated").
    pub fn has_form(&self, norm: &str) -> bool {
        fn walk(elems: &[Elem], norm: &str) -> bool {
            elems.iter().any(|e| match e {
                Elem::Word(w) => w.norm == norm,
                Elem::Alt(bs) => bs.iter().any(|b| walk(b, norm)),
                _ => false,
            })
        }
        self.parts.iter().any(|p| walk(p, norm))
    }

    /// Whether the phrase has a word with this stem written in a form that is not a
    /// past participle ("add", not "added").
    /// `stem` and `form` are those of the text's word ("added": the stemmer says "ad").
    pub fn has_base_form(&self, stem: &str, form: &str) -> bool {
        fn walk(elems: &[Elem], stem: &str, form: &str) -> bool {
            elems.iter().any(|e| match e {
                Elem::Word(w) => {
                    let base = !w.norm.ends_with("ed") && !w.norm.ends_with("ing");
                    let same = w.stem == stem
                        || form
                            .strip_prefix(w.norm.as_str())
                            .is_some_and(|r| r == "ed" || r == "d");
                    base && same
                }
                Elem::Alt(bs) => bs.iter().any(|b| walk(b, stem, form)),
                _ => false,
            })
        }
        self.parts.iter().any(|p| walk(p, stem, form))
    }

    /// One text this phrase matches, choosing with `pick(n)` (returns `0..n`) wherever
    /// the phrase allows a choice: the demo generator's way to write a trigger. A choice
    /// of long branches can put an `&` part beyond the twelve-word reach, so up to
    /// eight choices are tried for one that matches.
    pub fn example(&self, pick: &mut dyn FnMut(usize) -> usize, filler: &[&str]) -> String {
        let mut text = String::new();
        for _ in 0..8 {
            let mut words: Vec<String> = Vec::new();
            for (i, part) in self.parts.iter().enumerate() {
                if i > 0 {
                    words.push("and".into());
                }
                example_seq(part, pick, filler, &mut words);
            }
            text = words.join(" ");
            if self.parts.len() == 1 || self.is_match(&text) {
                break;
            }
        }
        text
    }
}

fn example_seq(
    elems: &[Elem],
    pick: &mut dyn FnMut(usize) -> usize,
    filler: &[&str],
    out: &mut Vec<String>,
) {
    for e in elems {
        match e {
            Elem::Word(w) if !w.raw.is_empty() => out.push(w.raw.clone()),
            Elem::Word(_) => {}
            Elem::Number => out.push((2 + pick(78)).to_string()),
            Elem::Gap { min, .. } => {
                if *min > 0 && !filler.is_empty() {
                    out.push(filler[pick(filler.len())].to_string());
                }
            }
            Elem::Alt(branches) => {
                let non_empty: Vec<&Vec<Elem>> =
                    branches.iter().filter(|b| !b.is_empty()).collect();
                if !non_empty.is_empty() {
                    example_seq(non_empty[pick(non_empty.len())], pick, filler, out);
                }
            }
        }
    }
}

fn count_elements(elems: &[Elem]) -> usize {
    elems
        .iter()
        .map(|e| match e {
            Elem::Alt(bs) => bs
                .iter()
                .map(|b| count_elements(b))
                .max()
                .unwrap_or(0)
                .max(1),
            _ => 1,
        })
        .sum()
}

/// Every word, placeholder and group, alternatives included (the work of one attempt).
fn count_nodes(elems: &[Elem]) -> usize {
    elems
        .iter()
        .map(|e| match e {
            Elem::Alt(bs) => 1 + bs.iter().map(|b| count_nodes(b)).sum::<usize>(),
            _ => 1,
        })
        .sum()
}

/// Fewest and most tokens a sequence can cover.
fn span(elems: &[Elem]) -> (usize, usize) {
    elems.iter().fold((0, 0), |(lo, hi), e| {
        let (a, b) = match e {
            Elem::Word(_) => (1, 1),
            Elem::Number => (1, 8),
            Elem::Gap { min, max } => (usize::from(*min), usize::from(*max)),
            Elem::Alt(bs) => {
                let spans = bs.iter().map(|b| span(b));
                let lo = spans.clone().map(|s| s.0).min().unwrap_or(0);
                (lo, spans.map(|s| s.1).max().unwrap_or(0))
            }
        };
        (lo + a, hi + b)
    })
}

/// An upper bound on the partial matches one start position can lead to: the product,
/// over the elements, of how many different places each can end.
fn readings(elems: &[Elem]) -> u64 {
    elems.iter().fold(1u64, |acc, e| {
        let n = match e {
            // A word ends in one place but for the rare joined spelling ("e-mail").
            Elem::Word(_) => 1,
            Elem::Alt(bs) => {
                let (lo, hi) = span(std::slice::from_ref(e));
                let inner = bs.iter().map(|b| readings(b)).max().unwrap_or(1);
                ((hi - lo + 1) as u64).min(inner.max(1) * (hi - lo + 1) as u64)
            }
            other => {
                let (lo, hi) = span(std::slice::from_ref(other));
                (hi - lo + 1) as u64
            }
        };
        acc.saturating_mul(n.max(1))
    })
}

fn has_word(elems: &[Elem]) -> bool {
    elems.iter().any(|e| match e {
        Elem::Word(_) | Elem::Number => true,
        Elem::Alt(bs) => bs.iter().all(|b| has_word(b)),
        Elem::Gap { .. } => false,
    })
}

/// Every double-quoted string in `text` (straight or curly quotes), in order, with the
/// text outside the quotes dropped. Returns an error message for an unclosed quote.
pub fn quoted_strings(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for c in text.chars() {
        match (c, current.as_mut()) {
            ('"' | '“' | '”', Some(s)) => {
                out.push(std::mem::take(s));
                current = None;
            }
            ('"' | '“', None) => current = Some(String::new()),
            (c, Some(s)) => s.push(c),
            _ => {}
        }
    }
    match current {
        Some(s) => Err(format!("unclosed quote before \"{}\"", s.trim())),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// German forms: inflection by the German stemmer, the verb's "-t" form, "ß" = "ss",
    /// numbers in words; the subjunctive modal is not its indicative.
    #[test]
    fn german_phrases() {
        let cases: &[(&str, &str, bool)] = &[
            ("mehr Lizenzen", "Wir brauchen mehr Lizenz", true),
            ("in Europa bleiben", "alles soll in Europa bleibt", true),
            (
                "brauchen {N} Lizenzen",
                "wir brauchen fünfundzwanzig weitere Lizenzen",
                true,
            ),
            (
                "brauchen {N} Lizenzen",
                "wir brauchen ein paar Dutzend Lizenzen",
                true,
            ),
            ("große Teams", "grosse Teams", true),
            // `=word`: the written form only ("früher" is not "Montag früh")
            ("früher", "jeden Montag früh", true),
            ("=früher", "jeden Montag früh", false),
            ("=früher", "das haben wir früher gemacht", true),
            ("=früher", "mein früherer Chef", false),
            ("soll", "das sollte gehen", false),
            ("Team", "Steam", false),
        ];
        for (phrase, text, want) in cases {
            let p = Pattern::compile_in(phrase, 1, Lang::De).unwrap();
            assert_eq!(p.is_match(text), *want, "{phrase:?} on {text:?}");
        }
    }

    fn syn() -> Synonyms {
        let mut s = Synonyms::default();
        s.add_group(["seats", "licence", "user seat", "login"]);
        s.add_group(["need", "want", "require"]);
        s
    }

    /// Plain words, inflection, contractions and exact forms, as the taxonomy's How to
    /// edit section documents them.
    #[test]
    fn grammar_forms() {
        let cases: &[(&str, &str, bool)] = &[
            // plain words: case, punctuation, hyphens, spacing, spelling
            ("custom dashboards", "We want Custom-Dashboards now", true),
            ("sign-on", "single sign on", true),
            ("sign on", "single sign-on", true),
            ("signon", "single sign-on", true),
            ("sign on", "our signon page", true),
            ("SOC 2 report", "send the SOC2 report", true),
            ("SOC2", "the SOC 2 audit", true),
            ("email", "an e-mail digest", true),
            ("e-mail", "an email digest", true),
            ("licence", "more licenses", true),
            ("organisation", "the whole organization", true),
            // inflection, and what it does not reach
            ("add", "we are adding the claims team", true),
            ("add", "we added them", true),
            ("seat", "all seats are taken", true),
            ("seat", "the seating chart", false),
            ("hire", "we are hiring", true),
            ("seat", "seatbelt", false),
            // a verb and its particle are not glued into the noun
            ("more logins", "we need more log-ins", true),
            ("login", "so they can log in on day one", false),
            ("logins", "people share logins", true),
            // `(words)?`, the regular-expression way, means `[words]`
            ("need stricter (admin )?roles", "need stricter roles", true),
            (
                "need stricter (admin )?roles",
                "need stricter admin roles",
                true,
            ),
            (
                "need stricter (admin|user)? roles",
                "need stricter user roles",
                true,
            ),
            // a past form in a phrase means that form
            ("finished", "before the rollout finishes", false),
            ("finished", "we finished it", true),
            // "hundred" only looks like a past form: it still matches "hundreds"
            ("hundred seats", "hundreds seats", true),
            // `=word` means its written form only
            ("=add", "we added them", false),
            ("=add", "please add them", true),
            ("we =added", "we are adding", false),
            // contractions
            ("we don't need SSO", "We do not need SSO", true),
            ("we do not need SSO", "we don’t need SSO", true),
            ("it is possible", "if it's possible", true),
        ];
        assert_forms(cases);
    }

    /// Numbers, alternatives, optional words, gaps and `&`, as the How to edit section
    /// documents them.
    #[test]
    fn grammar_forms_numbers_groups_and_gaps() {
        let cases: &[(&str, &str, bool)] = &[
            // {N}
            ("{N} new hires", "12 new hires", true),
            ("{N} new hires", "fifty new hires", true),
            ("{N} new hires", "two dozen new hires", true),
            ("{N} new hires", "a couple of hundred new hires", true),
            ("{N} new hires", "50+ new hires", true),
            ("{N} new hires", "1,200 new hires", true),
            ("{N} new hires", "many new hires", false),
            // alternatives, old and new
            ("(seats|licences|users) left", "no users left", true),
            ("audit {log, trail}", "the audit trail", true),
            ("audit {log, trail}", "the audit report", false),
            ("(set up|turn on) SSO", "please turn on SSO", true),
            // optional words
            (
                "upgrade to [the] enterprise plan",
                "upgrade to enterprise plan",
                true,
            ),
            (
                "upgrade to [the] enterprise plan",
                "upgrade to the enterprise plan",
                true,
            ),
            // gaps
            ("need ... seats", "need seats", true),
            ("need ... seats", "need a few more seats", true),
            ("need ... seats", "need one two three four seats", false),
            // the second half of "laptop's" or "don't" is no word of its own in a gap
            ("end ... sessions", "end a lost laptop's sessions", true),
            (
                "end ... sessions",
                "end a lost old laptop's sessions",
                false,
            ),
            (
                "add {team} to the workspace",
                "add the whole EMEA team to the workspace",
                true,
            ),
            ("add {team} to the workspace", "add to the workspace", false),
            // filler words between phrase words
            ("need SSO", "need the SSO", true),
            ("need SSO", "really need our whole team on SSO", false),
            // & in any order
            ("need & SSO", "SSO is something we need", true),
            ("need & SSO", "we need it. SSO", true),
            (
                "need & SSO",
                "we need this and that and then some more words about the plan and SSO",
                false,
            ),
            // never across a comma
            ("more seats", "more, seats", false),
            // whole words and numbers as text
            ("if", "the gift shop", false),
            ("{N}%", "up 40% this week", true),
        ];
        assert_forms(cases);
    }

    fn assert_forms(cases: &[(&str, &str, bool)]) {
        for (pattern, text, want) in cases {
            let p = Pattern::compile(pattern, 1).unwrap();
            assert_eq!(p.is_match(text), *want, "{pattern:?} on {text:?}");
        }
    }

    /// An `&` match takes its parts where they stand closest together (the later match
    /// on a tie), so the guards read the clause of the ask, not an earlier mention.
    #[test]
    fn and_takes_the_tightest_match() {
        let p = Pattern::compile("need & seats", 1).unwrap();
        let cases: &[(&str, &str)] = &[
            ("we need SSO and, so we need seats", "need seats"),
            ("seats were fine, now we need seats", "need seats"),
            ("we need seats", "need seats"),
            ("seats we need", "seats we need"),
        ];
        for (text, want) in cases {
            let tokens = crate::text::analyze(text);
            let span = p.find(&tokens).unwrap();
            let got = &text[tokens[span.start].start..tokens[span.end - 1].end];
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn synonyms_stand_for_each_other() {
        let cases: &[(&str, &str, bool)] = &[
            ("more seats", "more licences", true),
            ("more seats", "more user seats", true),
            ("more seats", "more log-ins", true),
            ("more licences", "more seats", true),
            ("more seats", "more chairs", false),
            ("we need access", "we want access", true),
            ("we need access", "we needed access", true),
            // A past form stands for itself, not for the group.
            ("we needed access", "we needed access", true),
            ("we needed access", "we need access", false),
            ("we needed access", "we want access", false),
            // `=word` stands for itself only, neither its forms nor its group.
            ("more =seats", "more seats", true),
            ("more =seats", "more licences", false),
            ("more =seats", "more seat", false),
            ("=need access", "we want access", false),
        ];
        for (pattern, text, want) in cases {
            let p = Pattern::compile(pattern, 1)
                .unwrap()
                .with_synonyms(&syn())
                .unwrap();
            assert_eq!(p.is_match(text), *want, "{pattern:?} on {text:?}");
        }
    }

    #[test]
    fn bad_and_oversized_phrases_are_errors_not_panics() {
        let long = "word ".repeat(30);
        let wide = format!(
            "({})",
            (0..40)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join("|")
        );
        let _ = wide;
        let huge = "x {N} ... {N} ... {N} ... {N} ... {N}".to_string();
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "empty phrase"),
            ("need {N more".into(), "unclosed `{`"),
            ("need N} more".into(), "`}` without"),
            ("need (a|b more".into(), "unclosed `(`"),
            ("need [the more".into(), "unclosed `[`"),
            ("need {} more".into(), "empty placeholder"),
            ("need {,} more".into(), "empty placeholder"),
            ("...".into(), "no word to match"),
            ("=".into(), "no word to match"),
            ("need & ".into(), "no word to match"),
            (long, "too long"),
            ("x".repeat(400), "too long"),
            (huge, "can be read"),
        ];
        for (pattern, want) in cases {
            let err = Pattern::compile(&pattern, 1).unwrap_err().to_string();
            assert!(err.contains(want), "{pattern:?}: {err}");
        }
    }

    #[test]
    fn matching_is_linear_in_the_sentence() {
        // A phrase with every kind of choice against a long sentence of near misses: the
        // walk is bounded per start position, so this is quick however long the text.
        let p =
            Pattern::compile("(need|want) ... [a few] {N} ... (more|extra) ... seats", 1).unwrap();
        let text = "need want a few 12 more extra ".repeat(2_000);
        assert!(!p.is_match(&text));
        let text = "seat ".repeat(20_000);
        assert!(!p.is_match(&text));
    }

    #[test]
    fn examples_match_their_phrase() {
        let phrases = [
            "we need {N} more seats",
            "(set up|turn on) [the] SSO",
            "add {team} to the workspace",
            "need & (sso|scim)",
            "we don't need SSO",
        ];
        for (i, source) in phrases.iter().enumerate() {
            let p = Pattern::compile(source, 1).unwrap();
            let mut n = i;
            let text = p.example(
                &mut |k| {
                    n += 1;
                    n % k
                },
                &["the claims team"],
            );
            assert!(p.is_match(&text), "{source} -> {text}");
        }
    }
}
