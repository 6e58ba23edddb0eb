//! The phrase-pattern language shared by call triggers, negative examples, the
//! conditional-mention guard, ticket subject phrases and action-library trigger cells.
//!
//! `{N}` matches a number (digits, or a number word such as "twenty"), `{a, b, c}` one of
//! the alternatives, and any other `{word}` one to four words. Matching is
//! case-insensitive, on word boundaries, whitespace-normalized, and treats straight and
//! curly apostrophes as equal. A pattern compiles to a regular expression so that every
//! pattern of a run can go into one `RegexSet` and each sentence is scanned once.

use regex::Regex;
use std::fmt;

/// A phrase as the CSM lead wrote it, with the regular expression it compiles to.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The phrase exactly as written between the quotes.
    pub source: String,
    /// Line of the reference file the phrase is on.
    pub line: usize,
    /// The compiled regular-expression source (no anchors).
    pub regex_src: String,
    /// The same, compiled on first use and then kept (matching an action-library row
    /// must not recompile it per signal; most patterns are only ever used in a set).
    compiled: std::sync::OnceLock<Regex>,
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
    #[error("unclosed `{{` in \"{0}\": close every placeholder with `}}`")]
    Unclosed(String),
    #[error("`}}` without `{{` in \"{0}\"")]
    StrayClose(String),
    #[error("empty placeholder `{{}}` in \"{0}\": use {{N}}, {{a, b}} or {{word}}")]
    EmptyGroup(String),
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "a hundred",
    "a dozen",
    "dozen",
    "a couple",
    "couple",
    "a few",
    "several",
];

/// One to four words (runs of non-space characters).
const WORDS: &str = r"\S+(?:\s+\S+){0,3}";

enum Piece {
    Word(String),
    Number,
    OneOf(Vec<String>),
    Words,
}

impl Pattern {
    /// Compiles `source` (the text between the quotes).
    pub fn compile(source: &str, line: usize) -> Result<Pattern, PatternError> {
        let pieces = tokenize(source)?;
        if pieces.is_empty() {
            return Err(PatternError::Empty);
        }
        let mut out = String::new();
        for (i, (piece, spaced)) in pieces.iter().enumerate() {
            if i > 0 {
                out.push_str(if *spaced { r"\s+" } else { "" });
            }
            match piece {
                Piece::Word(w) => out.push_str(&literal(w)),
                Piece::Number => {
                    let words: Vec<String> = NUMBER_WORDS.iter().map(|w| literal(w)).collect();
                    out.push_str(&format!(r"(?:\d+(?:[.,]\d+)*|{})", words.join("|")));
                }
                Piece::OneOf(alts) => {
                    let alts: Vec<String> = alts.iter().map(|a| literal(a)).collect();
                    out.push_str(&format!("(?:{})", alts.join("|")));
                }
                Piece::Words => out.push_str(&format!("(?:{WORDS})")),
            }
        }
        let starts_wordy = match &pieces[0].0 {
            Piece::Word(w) => w.chars().next().is_some_and(is_word_char),
            _ => true,
        };
        let ends_wordy = match &pieces[pieces.len() - 1].0 {
            Piece::Word(w) => w.chars().last().is_some_and(is_word_char),
            _ => true,
        };
        let regex_src = format!(
            "(?i:{}{}{})",
            if starts_wordy { r"(?-u:\b)" } else { "" },
            out,
            if ends_wordy { r"(?-u:\b)" } else { "" }
        );
        Ok(Pattern {
            source: source.to_string(),
            line,
            regex_src,
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// This one pattern as a regex (tests, action-library rows).
    pub fn regex(&self) -> &Regex {
        // `regex_src` is built from escaped literals and fixed fragments only.
        self.compiled
            .get_or_init(|| Regex::new(&self.regex_src).expect("compiled pattern is valid"))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Escapes one literal word or phrase; inner whitespace matches any whitespace and every
/// apostrophe matches every apostrophe.
fn literal(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let mut out = String::new();
            for c in word.chars() {
                if matches!(c, '\'' | '‘' | '’') {
                    out.push_str("['‘’]");
                } else {
                    out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// Splits a phrase into words and `{…}` groups, each with whether whitespace preceded it.
fn tokenize(source: &str) -> Result<Vec<(Piece, bool)>, PatternError> {
    let mut pieces = Vec::new();
    let mut spaced = false;
    let mut word = String::new();
    let mut chars = source.chars();
    let flush = |word: &mut String, pieces: &mut Vec<(Piece, bool)>, spaced: &mut bool| {
        if !word.is_empty() {
            pieces.push((Piece::Word(std::mem::take(word)), *spaced));
            *spaced = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                flush(&mut word, &mut pieces, &mut spaced);
                let mut inner = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    inner.push(c);
                }
                if !closed {
                    return Err(PatternError::Unclosed(source.to_string()));
                }
                let inner = inner.trim();
                let piece = if inner.is_empty() {
                    return Err(PatternError::EmptyGroup(source.to_string()));
                } else if inner == "N" || inner == "n" {
                    Piece::Number
                } else if inner.contains(',') {
                    let alts: Vec<String> = inner
                        .split(',')
                        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|a| !a.is_empty())
                        .collect();
                    if alts.is_empty() {
                        return Err(PatternError::EmptyGroup(source.to_string()));
                    }
                    Piece::OneOf(alts)
                } else {
                    Piece::Words
                };
                pieces.push((piece, spaced));
                spaced = false;
            }
            '}' => return Err(PatternError::StrayClose(source.to_string())),
            c if c.is_whitespace() => {
                flush(&mut word, &mut pieces, &mut spaced);
                spaced = true;
            }
            c => word.push(c),
        }
    }
    flush(&mut word, &mut pieces, &mut spaced);
    if let Some(first) = pieces.first_mut() {
        first.1 = false;
    }
    Ok(pieces)
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

    #[test]
    fn patterns_match_as_documented() {
        let cases: &[(&str, &str, bool)] = &[
            ("more seats", "We need MORE   seats now", true),
            ("more seats", "we need moreseats", false),
            ("seat", "the seats are full", false),
            ("we need {N} more seats", "we need 25 more seats", true),
            ("we need {N} more seats", "we need twenty more seats", true),
            ("we need {N} more seats", "we need many more seats", false),
            (
                "onboarding {a, another, the sales} team",
                "onboarding the sales team",
                true,
            ),
            (
                "onboarding {a, another, the sales} team",
                "onboarding another team",
                true,
            ),
            (
                "onboarding {a, another, the sales} team",
                "onboarding our team",
                false,
            ),
            (
                "add {team} to the workspace",
                "add the whole EMEA team to the workspace",
                true,
            ),
            ("add {team} to the workspace", "add to the workspace", false),
            (
                "add {team} to the workspace",
                "add one two three four five to the workspace",
                false,
            ),
            ("we don't need SSO", "We don’t need SSO yet", true),
            ("we don’t need SSO", "we don't need sso", true),
            ("if", "If the budget clears", true),
            ("if", "the gift shop", false),
            ("{N}%", "up 40% this week", true),
        ];
        for (pattern, text, want) in cases {
            let p = Pattern::compile(pattern, 1).unwrap();
            assert_eq!(p.is_match(text), *want, "{pattern:?} on {text:?}");
        }
    }

    #[test]
    fn bad_patterns_are_errors() {
        let cases: &[(&str, PatternError)] = &[
            ("", PatternError::Empty),
            ("   ", PatternError::Empty),
            (
                "need {N more",
                PatternError::Unclosed("need {N more".into()),
            ),
            (
                "need N} more",
                PatternError::StrayClose("need N} more".into()),
            ),
            (
                "need {} more",
                PatternError::EmptyGroup("need {} more".into()),
            ),
            (
                "need {,} more",
                PatternError::EmptyGroup("need {,} more".into()),
            ),
        ];
        for (pattern, want) in cases {
            assert_eq!(
                Pattern::compile(pattern, 1).unwrap_err(),
                *want,
                "{pattern:?}"
            );
        }
    }

    #[test]
    fn quoted_strings_take_straight_and_curly_quotes() {
        assert_eq!(
            quoted_strings(r#""a b" and “c d” — note"#).unwrap(),
            vec!["a b".to_string(), "c d".to_string()]
        );
        assert!(quoted_strings(r#""open"#).is_err());
        assert!(quoted_strings("no quotes").unwrap().is_empty());
    }
}
