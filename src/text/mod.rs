//! One normalisation chain for the taxonomy's phrases and the customers' sentences alike.
//!
//! Text becomes a list of [`Token`]s: lower-cased words with spelling variants folded
//! (British to US, "e-mail" to "email"), contractions expanded ("don't" → "do not"),
//! an English (Porter 2) stem for inflection, and byte offsets into the original text so a
//! match maps back to the customer's own words. Punctuation is not a token, but it
//! separates *chunks* (a phrase never matches across a comma) and, with a few linking
//! words, *clauses* (the unit the sentence guards read).
//!
//! The chain is pure and allocation-light; it is applied to a sentence only after the
//! prefilter found one of the taxonomy's anchor words in it.

mod lang;
mod numbers;
pub mod spelling;

pub use lang::{Lang, detect as detect_language};
pub use numbers::number_ends;
pub use spelling::british as spelling_variant;

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static STEMMER_DE: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));

/// One word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, spelling folded ("licence" → "license"), apostrophes dropped.
    pub norm: String,
    /// The Porter 2 stem of `norm` ("seats" → "seat", "adding" → "add").
    pub stem: String,
    /// Byte range in the analysed text (both halves of "don't" share the word's range).
    pub start: usize,
    pub end: usize,
    /// Joined to the previous token without a space ("sign-on", "SOC2").
    pub glued: bool,
    /// Made of digits ("1,200" is one number token).
    pub number: bool,
    /// Starts with an upper-case letter followed by a lower-case one ("Acme", not "SSO").
    pub titlecase: bool,
    /// Index of the punctuation-delimited chunk this token is in.
    pub chunk: u16,
    /// Index of the clause (chunks further split at linking words such as "but").
    pub clause: u16,
    /// The language the token was analysed in (its stemmer and word lists).
    pub lang: Lang,
    /// A look-alike kept apart from its stem's family ([`keeps_form`]).
    pub keeps_form: bool,
    /// A filler word that may sit between two phrase words ([`is_filler`]).
    pub filler: bool,
    /// The hashed first letters of `norm` ([`start_key`]).
    pub key: u32,
}

/// The first three characters of a word, hashed: the key a phrase's possible start
/// positions are told by. A token carries it ([`Token::key`]), so ruling out a start is
/// one integer search; two words sharing a hash only cost a walk that fails.
pub fn start_key(norm: &str) -> u32 {
    let letters = match norm.char_indices().nth(3) {
        Some((i, _)) => &norm[..i],
        None => norm,
    };
    // FNV-1a.
    letters.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Whether a folded word is a filler in `lang` ([`Lang::fillers`]).
pub fn is_filler(lang: Lang, norm: &str) -> bool {
    lang.fillers().contains(&norm)
}

/// Whether a folded word opens a clause against the one before in `lang`
/// ([`Lang::contrast_words`]).
pub fn is_contrast(lang: Lang, norm: &str) -> bool {
    lang.contrast_words().contains(&norm)
}

/// Whether a lower-cased word carries no content in any language: an interjection
/// ([`Lang::is_interjection`]) or a filler ("Yeah.", "Really.", "Genau.").
pub fn is_empty_word(norm: &str) -> bool {
    Lang::ALL
        .iter()
        .any(|&l| l.is_interjection(norm) || is_filler(l, norm))
}

/// Whether a folded word starts a new clause in `lang` ([`Lang::linking_words`]).
pub fn is_linking_word(lang: Lang, norm: &str) -> bool {
    lang.linking_words().contains(&norm)
}

/// Whether a folded English word is a regular past form: it ends in "-ed" and the
/// stemmer shortens it ("added", "needed"), and it is not one of the words that only
/// look like one ("indeed", "hundred"). The one test behind the past guard, the phrase
/// words meant in their written form and the spotter's ask test.
pub fn is_past_form(norm: &str, stem: &str) -> bool {
    norm.ends_with("ed") && stem != norm && !NOT_PAST_ED.contains(&norm)
}

/// Words ending in "-ed" that the stemmer shortens but that tell no past: "we indeed
/// need", "a hundred seats".
const NOT_PAST_ED: &[&str] = &["indeed", "hundred", "hundreds", "sacred", "naked", "wicked"];

/// Whether a folded word is one of the look-alikes kept apart from its stem's family
/// ("seating" is not a form of "seat").
pub fn keeps_form(lang: Lang, norm: &str) -> bool {
    spelling::not_inflections(lang).contains(&norm)
}

/// Stems one lower-case English word.
pub fn stem(word: &str) -> String {
    stem_in(Lang::En, word)
}

/// Stems one lower-case word with `lang`'s Snowball stemmer.
/// Stems are remembered per thread and language (a week of calls uses a few thousand
/// distinct words, and the stemmer is the costliest step of the chain).
pub fn stem_in(lang: Lang, word: &str) -> String {
    thread_local! {
        static CACHE: std::cell::RefCell<[std::collections::HashMap<String, String>; 2]> =
            std::cell::RefCell::new(Default::default());
    }
    CACHE.with(|cache| {
        let cache = &mut cache.borrow_mut()[lang as usize];
        if let Some(s) = cache.get(word) {
            return s.clone();
        }
        let s = match lang {
            Lang::En => STEMMER.stem(word).into_owned(),
            Lang::De => STEMMER_DE.stem(word).into_owned(),
        };
        if cache.len() < CACHE_LIMIT {
            cache.insert(word.to_string(), s.clone());
        }
        s
    })
}

/// Distinct words remembered per thread and language by the caches of this module.
const CACHE_LIMIT: usize = 200_000;

/// What the chain makes of one lower-case word: its folded form, stem and flags.
#[derive(Clone)]
struct WordForm {
    norm: String,
    stem: String,
    keeps_form: bool,
    filler: bool,
}

/// [`WordForm`] of one lower-case word (apostrophes straight), remembered per thread
/// and language: a week of calls repeats a few thousand words millions of times.
fn word_form(lang: Lang, word: &str, number: bool) -> WordForm {
    thread_local! {
        static FORMS: std::cell::RefCell<[std::collections::HashMap<String, WordForm>; 2]> =
            std::cell::RefCell::new(Default::default());
    }
    if number {
        let norm = word.replace(',', "");
        return WordForm {
            stem: norm.clone(),
            norm,
            keeps_form: false,
            filler: false,
        };
    }
    FORMS.with(|forms| {
        let forms = &mut forms.borrow_mut()[lang as usize];
        if let Some(f) = forms.get(word) {
            return f.clone();
        }
        let norm = spelling::fold_in(lang, &word.replace('\'', ""));
        let keeps = keeps_form(lang, &norm);
        let f = WordForm {
            stem: if keeps {
                norm.clone()
            } else {
                stem_in(lang, &norm)
            },
            keeps_form: keeps,
            filler: is_filler(lang, &norm),
            norm,
        };
        if forms.len() < CACHE_LIMIT {
            forms.insert(word.to_string(), f.clone());
        }
        f
    })
}

/// Analyses English `text` into tokens.
pub fn analyze(text: &str) -> Vec<Token> {
    analyze_in(text, Lang::En)
}

/// Analyses `text` in `lang` into tokens.
pub fn analyze_in(text: &str, lang: Lang) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut chunk: u16 = 0;
    let mut pending_break = false;
    let mut glue_next = false;
    let mut last_end = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            let end = word_end(text, i);
            let glued = !out.is_empty() && (glue_next || last_end == i);
            if pending_break && !out.is_empty() {
                chunk = chunk.saturating_add(1);
            }
            pending_break = false;
            glue_next = false;
            push_word(&mut out, text, i, end, glued, chunk, lang);
            last_end = end;
            i = end;
            continue;
        }
        match c {
            '-' | '/' | '&' | '+' | '.' | '@' | '_' if joins(bytes, i, last_end) => {
                glue_next = true
            }
            c if c.is_whitespace() => glue_next = false,
            '\'' | '’' | '‘' | '"' | '“' | '”' | '*' => {}
            '-' | '+' | '%' | '$' | '€' | '£' | '#' | '/' | '&' => glue_next = false,
            _ => {
                pending_break = true;
                glue_next = false;
            }
        }
        i += c.len_utf8();
    }
    mark_clauses(&mut out, lang);
    out
}

/// A joining character sits directly between two word characters ("sign-on", "24/7").
fn joins(bytes: &[u8], i: usize, last_end: usize) -> bool {
    last_end == i && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// End of the word starting at `start`: letters, digits, inner apostrophes, and digit
/// groups such as "1,200" or "3.5". Letters and digits split ("SOC2" → "SOC", "2").
fn word_end(text: &str, start: usize) -> usize {
    let digits = text[start..].starts_with(|c: char| c.is_ascii_digit());
    let mut end = start;
    for (off, c) in text[start..].char_indices() {
        let at = start + off;
        let next_is = |f: fn(char) -> bool| text[at + c.len_utf8()..].starts_with(f);
        let ok = if digits {
            c.is_ascii_digit() || (matches!(c, ',' | '.') && next_is(|n| n.is_ascii_digit()))
        } else {
            (c.is_alphabetic())
                || (matches!(c, '\'' | '’') && at > start && next_is(char::is_alphabetic))
        };
        if !ok {
            break;
        }
        end = at + c.len_utf8();
    }
    end
}

/// Pushes the token(s) for one word: contractions become two tokens.
fn push_word(
    out: &mut Vec<Token>,
    text: &str,
    start: usize,
    end: usize,
    glued: bool,
    chunk: u16,
    lang: Lang,
) {
    let raw = &text[start..end];
    let mut lower = raw.to_lowercase();
    if lower.contains(['’', '‘']) {
        lower = lower.replace(['’', '‘'], "'");
    }
    let number = raw.starts_with(|c: char| c.is_ascii_digit());
    let titlecase = {
        let mut cs = raw.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_some_and(char::is_lowercase)
    };
    // The second half of a contraction is never a name ("It's" → "it", "is").
    let mut push = |word: &str, glued: bool, titlecase: bool| {
        let f = word_form(lang, word, number);
        out.push(Token {
            key: start_key(&f.norm),
            norm: f.norm,
            stem: f.stem,
            keeps_form: f.keeps_form,
            filler: f.filler,
            start,
            end,
            glued,
            number,
            titlecase,
            chunk,
            clause: 0,
            lang,
        });
    };
    let split = match lang {
        Lang::En => split_contraction(&lower),
        Lang::De => split_contraction_de(&lower),
    };
    match split {
        Some((head, tail)) => {
            push(head, glued, titlecase);
            push(tail, false, false);
        }
        None => push(&lower, glued, titlecase),
    }
}

/// Words a contraction expands to that its spelling does not contain ("we'd" holds no
/// "would"): a plain-text search for them cannot tell whether the analysed text has them.
pub const CONTRACTION_WORDS: &[&str] = &[
    "not", "are", "have", "will", "would", "am", "is", "us", "shall", "es",
];

/// "don't" → ("do", "not"), "we're" → ("we", "are"), "company's" → ("company", "s").
fn split_contraction(word: &str) -> Option<(&str, &'static str)> {
    const SPECIAL: &[(&str, &str, &str)] = &[
        ("can't", "can", "not"),
        ("won't", "will", "not"),
        ("shan't", "shall", "not"),
        ("ain't", "is", "not"),
    ];
    if let Some((_, head, tail)) = SPECIAL.iter().find(|(w, _, _)| *w == word) {
        return Some((head, tail));
    }
    const SUFFIXES: &[(&str, &str)] = &[
        ("n't", "not"),
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
        ("'m", "am"),
    ];
    /// Words after which "'s" is "is" ("it's", "that's"), not a possessive.
    const IS_AFTER: &[&str] = &[
        "it",
        "that",
        "what",
        "there",
        "here",
        "he",
        "she",
        "who",
        "where",
        "how",
        "this",
        "everyone",
        "everything",
        "nobody",
        "nothing",
        "someone",
    ];
    if let Some(head) = word.strip_suffix("'s") {
        if word == "let's" {
            return Some(("let", "us"));
        }
        let tail = if IS_AFTER.contains(&head) { "is" } else { "s" };
        return (!head.is_empty()).then_some((head, tail));
    }
    SUFFIXES.iter().find_map(|(suffix, tail)| {
        let head = word.strip_suffix(suffix)?;
        (!head.is_empty()).then_some((head, *tail))
    })
}

/// German: "gibt's" → ("gibt", "es"), "geht’s" → ("geht", "es"); nothing else is
/// written with an apostrophe often enough to matter.
fn split_contraction_de(word: &str) -> Option<(&str, &'static str)> {
    let head = word.strip_suffix("'s")?;
    (!head.is_empty()).then_some((head, "es"))
}

/// Numbers clauses: a new clause starts at each chunk and at each linking word, except
/// an English "so" that means "very" ([`intensifier_so`]).
fn mark_clauses(tokens: &mut [Token], lang: Lang) {
    let linking = lang.linking_words();
    let opens: Vec<bool> = (0..tokens.len())
        .map(|i| linking.contains(&tokens[i].norm.as_str()) && !intensifier_so(tokens, i))
        .collect();
    let mut clause: u16 = 0;
    let mut chunk = tokens.first().map_or(0, |t| t.chunk);
    for (i, t) in tokens.iter_mut().enumerate() {
        if i > 0 && (t.chunk != chunk || opens[i]) {
            clause = clause.saturating_add(1);
        }
        chunk = t.chunk;
        t.clause = clause;
    }
}

/// An English "so" right after a form of "be" and before a word that opens no clause of
/// its own, all in one chunk: "if the team is so big" keeps its hedge in the clause;
/// "we hit the limit, so we need seats", "the reason is so we don't share logins" and
/// "so we need seats" link. "So many reports that we need …" stays a link: what comes
/// before is the reason, and a past marker in it tells no past ask.
fn intensifier_so(tokens: &[Token], i: usize) -> bool {
    const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "s", "re"];
    const OPENS: &[&str] = &[
        "it", "that", "our", "the", "nobody", "no", "everyone", "people", "there",
    ];
    let t = &tokens[i];
    let in_chunk = |j: usize| tokens.get(j).filter(|u| u.chunk == t.chunk);
    t.lang == Lang::En
        && t.norm == "so"
        && i.checked_sub(1)
            .and_then(in_chunk)
            .is_some_and(|p| BE.contains(&p.norm.as_str()))
        && in_chunk(i + 1).is_some_and(|n| {
            let n = n.norm.as_str();
            !Lang::En.subject_pronouns().contains(&n) && !OPENS.contains(&n)
        })
}

/// Analyses one phrase word as the tokens it stands for ("sign-on" → "sign", "on").
pub fn phrase_words(word: &str) -> Vec<Token> {
    analyze(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        analyze(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn normalisation_chain() {
        let cases: &[(&str, &[&str])] = &[
            ("We DON'T need SSO", &["we", "do", "not", "need", "sso"]),
            ("we’re adding", &["we", "are", "adding"]),
            ("can't", &["can", "not"]),
            ("it's Acme's", &["it", "is", "acme", "s"]),
            ("SOC2 and SOC 2", &["soc", "2", "and", "soc", "2"]),
            ("sign-on", &["sign", "on"]),
            ("1,200 users, 3.5%", &["1200", "users", "3.5"]),
            ("50+ licences", &["50", "licenses"]),
            (
                "the organisation's colour",
                &["the", "organization", "s", "color"],
            ),
            ("e-mail", &["e", "mail"]),
        ];
        for (text, want) in cases {
            assert_eq!(norms(text), *want, "{text}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_text() {
        let text = "Honestly, we’re hitting seat-limits.";
        for t in analyze(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let t = analyze(text);
        assert_eq!(&text[t[3].start..t[3].end], "hitting");
        assert_eq!(t[3].stem, "hit");
        assert!(t[5].glued && t[5].stem == "limit");
    }

    #[test]
    fn chunks_and_clauses() {
        let t = analyze("Last year we added seats, but now we need SSO and audit logs.");
        let clause_of = |w: &str| t.iter().find(|t| t.norm == w).unwrap().clause;
        assert_eq!(clause_of("added"), clause_of("last"));
        assert_ne!(clause_of("need"), clause_of("added"));
        assert_ne!(clause_of("audit"), clause_of("sso"));
        let chunk_of = |w: &str| t.iter().find(|t| t.norm == w).unwrap().chunk;
        assert_ne!(chunk_of("seats"), chunk_of("but"));
        assert_eq!(chunk_of("need"), chunk_of("audit"));
    }

    #[test]
    fn so_that_means_very_opens_no_clause() {
        // (sentence, whether "so" starts a clause of its own)
        let cases = [
            ("If the team is so big we give access to everyone.", false),
            ("We've had so many reports that we need the add-on.", true),
            ("The reason is so we don't share logins.", true),
            ("If it's so cheap we take it.", false),
            ("We hit the limit so we need seats.", true),
            ("We hit the limit, so we need seats.", true),
            ("So we need seats.", false),
        ];
        for (text, opens) in cases {
            let t = analyze(text);
            let i = t.iter().position(|t| t.norm == "so").unwrap();
            let got = i > 0 && t[i].clause != t[i - 1].clause;
            assert_eq!(got, opens, "{text}");
        }
    }

    #[test]
    fn titlecase_is_not_an_acronym() {
        let t = analyze("Acme has SSO");
        assert!(t[0].titlecase && !t[2].titlecase);
        // The second half of a contraction is never titlecase ("It's" → "it", "is").
        let t = analyze("It's here");
        assert_eq!(
            (t[1].norm.as_str(), t[0].titlecase, t[1].titlecase),
            ("is", true, false)
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "", "'", "’s", "-", "a-", "-a", "1,", ",1", "..1", "é’", "ß-ẞ", "n't",
        ] {
            let _ = analyze(text);
        }
    }
}
