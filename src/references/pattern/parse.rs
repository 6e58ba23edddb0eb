//! Phrase syntax to elements: words, `{N}`, `{a, b}`, `(a|b)`, `[optional]`, `...`,
//! `{word}` and `&`.

use super::{Elem, PatternError, Word};
use crate::text::{self, Lang};

/// Parses a whole phrase into its `&` parts.
pub fn parse(source: &str, lang: Lang) -> Result<Vec<Vec<Elem>>, PatternError> {
    let chars: Vec<char> = source.chars().collect();
    if chars.iter().all(|c| c.is_whitespace()) {
        return Err(PatternError::Empty);
    }
    let mut parts = Vec::new();
    for part in split_and(&chars) {
        let mut p = Parser {
            chars: part,
            pos: 0,
            source,
            lang,
        };
        let elems = p.alternatives(None)?;
        if elems.is_empty() {
            // "=" alone or an empty `&` part ("need & "): words are missing, not the phrase.
            return Err(PatternError::NoWords(source.into()));
        }
        parts.push(elems);
    }
    Ok(parts)
}

/// Splits at `&` standing alone between spaces, outside brackets ("R&D" stays whole).
fn split_and(chars: &[char]) -> Vec<&[char]> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            '&' if depth == 0
                && i > 0
                && chars[i - 1].is_whitespace()
                && chars.get(i + 1).is_some_and(|c| c.is_whitespace()) =>
            {
                out.push(&chars[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&chars[start..]);
    out
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    source: &'a str,
    lang: Lang,
}

impl Parser<'_> {
    /// A sequence, or `|`-separated sequences, up to `close` (or the end).
    fn alternatives(&mut self, close: Option<char>) -> Result<Vec<Elem>, PatternError> {
        let mut branches = vec![self.sequence(close)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.sequence(close)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or_default()
        } else {
            vec![Elem::Alt(branches)]
        })
    }

    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Elem>, PatternError> {
        let mut elems = Vec::new();
        let mut literal = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == close || c == '|' {
                break;
            }
            let group = match c {
                '{' => Some(self.braces()?),
                '(' => Some(self.group('(', ')', false)?),
                '[' => Some(self.group('[', ']', true)?),
                '.' if self.starts_with("...") => {
                    self.pos += 3;
                    Some(Elem::Gap { min: 0, max: 3 })
                }
                '…' => {
                    self.pos += 1;
                    Some(Elem::Gap { min: 0, max: 3 })
                }
                '}' | ')' | ']' => return Err(PatternError::StrayClose(self.source.into(), c)),
                _ => None,
            };
            match group {
                Some(g) => {
                    flush(&mut literal, &mut elems, self.lang);
                    elems.push(self.optional_if_marked(g));
                }
                None => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut literal, &mut elems, self.lang);
        Ok(elems)
    }

    /// A group followed by `?` (as in "(admin )?roles", the way regular expressions say
    /// it) is optional, the same as `[admin] roles`.
    fn optional_if_marked(&mut self, group: Elem) -> Elem {
        if self.peek() != Some('?') {
            return group;
        }
        self.pos += 1;
        match group {
            Elem::Alt(mut branches) if !branches.iter().any(Vec::is_empty) => {
                branches.push(Vec::new());
                Elem::Alt(branches)
            }
            other => other,
        }
    }

    /// `(a|b)` or `[optional]`.
    fn group(&mut self, open: char, close: char, optional: bool) -> Result<Elem, PatternError> {
        self.pos += 1;
        let inner = self.alternatives(Some(close))?;
        if self.peek() != Some(close) {
            return Err(PatternError::Unclosed(self.source.into(), open, close));
        }
        self.pos += 1;
        let mut branches = match inner.as_slice() {
            [Elem::Alt(bs)] => bs.clone(),
            _ => vec![inner],
        };
        if optional {
            branches.push(Vec::new());
        }
        if branches.iter().all(Vec::is_empty) {
            return Err(PatternError::EmptyGroup(self.source.into()));
        }
        Ok(Elem::Alt(branches))
    }

    /// `{N}`, `{a, b, c}` or `{word}` (the version-1 placeholders).
    fn braces(&mut self) -> Result<Elem, PatternError> {
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '}') {
            if self.peek() == Some('{') {
                return Err(PatternError::Unclosed(self.source.into(), '{', '}'));
            }
            self.pos += 1;
        }
        if self.peek() != Some('}') {
            return Err(PatternError::Unclosed(self.source.into(), '{', '}'));
        }
        let inner: String = self.chars[start..self.pos].iter().collect();
        self.pos += 1;
        let inner = inner.trim();
        if inner.is_empty() {
            return Err(PatternError::EmptyGroup(self.source.into()));
        }
        if inner.eq_ignore_ascii_case("n") {
            return Ok(Elem::Number);
        }
        if !inner.contains(',') {
            return Ok(Elem::Gap { min: 1, max: 4 });
        }
        let branches: Vec<Vec<Elem>> = inner
            .split(',')
            .map(|w| words(w, self.lang))
            .filter(|b| !b.is_empty())
            .collect();
        if branches.is_empty() {
            return Err(PatternError::EmptyGroup(self.source.into()));
        }
        Ok(Elem::Alt(branches))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }
}

fn flush(literal: &mut String, elems: &mut Vec<Elem>, lang: Lang) {
    elems.extend(words(literal, lang));
    literal.clear();
}

/// Plain text to word elements through the shared analysis chain.
pub fn words(text: &str, lang: Lang) -> Vec<Elem> {
    let mut last_start = None;
    text::analyze_in(text, lang)
        .into_iter()
        .map(|t| {
            // The second half of a contraction ("n't" of "don't") shares the word's
            // range: its written form belongs to the first half.
            let raw = if last_start == Some(t.start) {
                String::new()
            } else {
                text[t.start..t.end].to_lowercase()
            };
            last_start = Some(t.start);
            Elem::Word(Word {
                exact: text[..t.start].ends_with('='),
                raw,
                norm: t.norm,
                stem: t.stem,
                compound_head: false,
                lang,
            })
        })
        .collect()
}
