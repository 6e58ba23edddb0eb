//! Matching compiled phrases against analysed text: a backtracking walk over tokens
//! that never leaves the chunk (comma-free stretch) it started in. Every element
//! consumes a bounded number of tokens, so the work per start position is bounded by
//! the phrase's number of readings and the whole search is linear in the text.

use super::{Elem, Span, Word};
use crate::text::{self, Lang, Token, start_key};

/// How far apart (in words) the parts of an `&` phrase may be.
const AND_WINDOW: usize = 12;

type Starts = [Option<Vec<u32>>];

/// The start keys of every word a match of `elems` can begin with; `None`: anything.
pub fn start_keys(elems: &[Elem]) -> Option<Vec<u32>> {
    let mut keys = Vec::new();
    if !collect_starts(elems, &mut keys) {
        return None;
    }
    keys.sort_unstable();
    keys.dedup();
    Some(keys)
}

/// Adds the start keys of `elems` to `out`; false when a match may start anywhere.
fn collect_starts(elems: &[Elem], out: &mut Vec<u32>) -> bool {
    let Some((first, rest)) = elems.split_first() else {
        return false;
    };
    match first {
        // A compound head ends a longer word ("Lizenzlimit"): it can start anywhere.
        Elem::Word(w) if w.compound_head => false,
        Elem::Word(w) => {
            out.push(start_key(&w.norm));
            out.push(start_key(&w.stem));
            // One text word may spell two phrase words ("email" for "e-mail").
            if let Some(Elem::Word(w2)) = rest.first() {
                out.push(start_key(&format!("{}{}", w.norm, w2.norm)));
            }
            true
        }
        Elem::Number | Elem::Gap { .. } => false,
        Elem::Alt(branches) => branches.iter().all(|b| {
            if b.is_empty() {
                collect_starts(rest, out)
            } else {
                collect_starts(b, out)
            }
        }),
    }
}

/// Whether a match of a part whose start keys are `keys` can begin at token `i`.
fn may_start(keys: &Option<Vec<u32>>, tokens: &[Token], i: usize) -> bool {
    let Some(keys) = keys else {
        return true;
    };
    // A word written in pieces ("e-mail") starts with a shorter piece.
    let glued = tokens.get(i + 1).is_some_and(|n| n.glued);
    glued || keys.binary_search(&tokens[i].key).is_ok()
}

pub fn find(parts: &[Vec<Elem>], starts: &Starts, tokens: &[Token]) -> Option<Span> {
    match parts {
        [one] => (0..tokens.len())
            .filter(|&i| may_start(&starts[0], tokens, i))
            .find_map(|start| match_at(one, tokens, start)),
        _ => find_all_parts(parts, starts, tokens),
    }
}

pub fn find_all(parts: &[Vec<Elem>], starts: &Starts, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    if parts.len() != 1 {
        out.extend(find(parts, starts, tokens));
        return out;
    }
    let mut start = 0;
    while start < tokens.len() {
        if !may_start(&starts[0], tokens, start) {
            start += 1;
            continue;
        }
        match match_at(&parts[0], tokens, start) {
            Some(span) => {
                start = span.end.max(start + 1);
                out.push(span);
            }
            None => start += 1,
        }
    }
    out
}

/// An `&` phrase: every part matches, all within [`AND_WINDOW`] words of the first part.
/// Of the ways to match, the tightest wins (the later one on a tie), so a part said
/// twice is taken where it stands next to the others: in "Unser Kunde will X, also
/// brauchen wir Zugänge", "brauchen & Zugänge" is "brauchen wir Zugänge", not "will …
/// Zugänge" (the guards read the clauses the match spans).
fn find_all_parts(parts: &[Vec<Elem>], starts: &Starts, tokens: &[Token]) -> Option<Span> {
    let mut spans: Vec<Vec<Span>> = Vec::new();
    for (p, keys) in parts.iter().zip(starts) {
        let found = find_all(std::slice::from_ref(p), std::slice::from_ref(keys), tokens);
        if found.is_empty() {
            return None;
        }
        spans.push(found);
    }
    let distance = |a: &Span, b: &Span| a.start.abs_diff(b.start);
    spans[0]
        .iter()
        .filter_map(|pivot| {
            let lo = pivot.start.saturating_sub(AND_WINDOW);
            let hi = pivot.end + AND_WINDOW;
            let mut whole = *pivot;
            for other in &spans[1..] {
                let s = other
                    .iter()
                    .filter(|s| s.start >= lo && s.end <= hi)
                    .min_by_key(|s| distance(s, pivot))?;
                whole.start = whole.start.min(s.start);
                whole.end = whole.end.max(s.end);
            }
            Some(whole)
        })
        .min_by_key(|w| (w.end - w.start, std::cmp::Reverse(w.start)))
}

/// The first reading of `elems` that matches starting exactly at `start`.
fn match_at(elems: &[Elem], tokens: &[Token], start: usize) -> Option<Span> {
    let chunk = tokens.get(start)?.chunk;
    let mut end = None;
    seq(elems, tokens, start, chunk, &mut |e| {
        end = Some(e);
        true
    });
    end.filter(|&e| e > start).map(|end| Span { start, end })
}

type Next<'a> = &'a mut dyn FnMut(usize) -> bool;

/// Matches `elems` at token `i`, calling `k` with each possible end until it accepts.
fn seq(elems: &[Elem], tokens: &[Token], i: usize, chunk: u16, k: Next) -> bool {
    let Some((first, rest)) = elems.split_first() else {
        return k(i);
    };
    let in_chunk = |j: usize| tokens.get(j).is_some_and(|t| t.chunk == chunk);
    match first {
        Elem::Word(w) => {
            if let Some((Elem::Word(w2), rest2)) = rest.split_first()
                && in_chunk(i)
                && joined_pair(&tokens[i], w, w2)
                && seq(rest2, tokens, i + 1, chunk, k)
            {
                return true;
            }
            word_ends(w, tokens, i, chunk)
                .into_iter()
                .any(|j| after_word(rest, tokens, j, chunk, k))
        }
        // German puts adjectives between a number and its noun ("zwanzig weitere
        // Lizenzen"), so fillers may follow a German number as they follow a word.
        Elem::Number => text::number_ends(tokens, i).into_iter().any(|j| {
            if tokens[i].lang == Lang::De {
                after_word(rest, tokens, j, chunk, k)
            } else {
                seq(rest, tokens, j, chunk, k)
            }
        }),
        Elem::Gap { min, max } => gap(rest, tokens, i, chunk, (*min, *max), k),
        // After a group that took words, small filler words may follow as after a word.
        Elem::Alt(branches) => branches.iter().any(|b| {
            seq(b, tokens, i, chunk, &mut |j| {
                if j > i {
                    after_word(rest, tokens, j, chunk, k)
                } else {
                    seq(rest, tokens, j, chunk, k)
                }
            })
        }),
    }
}

/// Continues after a gap of `min..=max` words from token `i`, all in `chunk`. The second
/// half of a contraction or possessive ("laptop's", "don't") goes with its word: "end
/// ... sessions" matches "end a lost laptop's sessions".
fn gap(
    rest: &[Elem],
    tokens: &[Token],
    i: usize,
    chunk: u16,
    (min, max): (u8, u8),
    k: Next,
) -> bool {
    let in_chunk = |p: usize| tokens.get(p).is_some_and(|t| t.chunk == chunk);
    let (mut p, mut words) = (i, 0u8);
    loop {
        if words >= min && seq(rest, tokens, p, chunk, k) {
            return true;
        }
        if words == max || !in_chunk(p) {
            return false;
        }
        p += 1;
        while in_chunk(p) && tokens[p].start == tokens[p - 1].start {
            p += 1;
        }
        words += 1;
    }
}

/// Continues after a phrase word ending at `j`; up to [`MAX_FILLERS`] filler words
/// ("really", "the", "our") may come before the next word, so "need SSO" also matches
/// "need the SSO" and "really badly need SSO" matches "need SSO".
fn after_word(rest: &[Elem], tokens: &[Token], j: usize, chunk: u16, k: Next) -> bool {
    if seq(rest, tokens, j, chunk, k) {
        return true;
    }
    if matches!(rest.first(), None | Some(Elem::Gap { .. })) {
        return false;
    }
    let mut at = j;
    for _ in 0..MAX_FILLERS {
        match tokens.get(at) {
            Some(t) if t.chunk == chunk && t.filler => at += 1,
            _ => return false,
        }
        if seq(rest, tokens, at, chunk, k) {
            return true;
        }
    }
    false
}

/// Filler words allowed between two words of a phrase.
const MAX_FILLERS: usize = 2;

/// Where one phrase word can end when it starts at token `i`: the token itself (same
/// stem), or two or three glued-together tokens spelling it ("e-mail" for "email").
/// At most two ends, so no allocation: this runs for every word of every phrase tried.
fn word_ends(w: &Word, tokens: &[Token], i: usize, chunk: u16) -> Ends {
    let mut ends = Ends::default();
    let Some(t) = tokens.get(i).filter(|t| t.chunk == chunk) else {
        return ends;
    };
    // "=früher" or a past form written in a phrase ("finished") means that form only.
    let exact_only = w.exact_form();
    if t.norm == w.norm || (!exact_only && (t.stem == w.stem || inflects(t, w) || compound(t, w))) {
        ends.push(i + 1);
    }
    if t.norm.len() < w.norm.len() && w.norm.starts_with(t.norm.as_str()) {
        let mut joined = t.norm.clone();
        for (j, next) in tokens.iter().enumerate().skip(i + 1).take(2) {
            if next.chunk != chunk || text::spelling::verb_particle(t.lang, &joined, &next.norm) {
                break;
            }
            joined.push_str(&next.norm);
            if joined == w.norm
                || (joined.len() >= w.norm.len() && text::stem_in(t.lang, &joined) == w.stem)
            {
                ends.push(j + 1);
                break;
            }
            if !w.norm.starts_with(joined.as_str()) {
                break;
            }
        }
    }
    ends
}

/// Up to two token positions where a phrase word ends.
#[derive(Default)]
struct Ends {
    at: [usize; 2],
    len: usize,
}

impl Ends {
    fn push(&mut self, end: usize) {
        self.at[self.len] = end;
        self.len += 1;
    }

    fn into_iter(self) -> impl Iterator<Item = usize> {
        self.at.into_iter().take(self.len)
    }
}

/// The word plus a regular ending where the stemmer disagrees ("adding" stems to "ad",
/// "add" to "add"); words kept apart on purpose ("seating") have stem = form and are not
/// reached.
fn inflects(t: &Token, w: &Word) -> bool {
    let ending = |e: &str| match t.lang {
        Lang::En => matches!(e, "s" | "es" | "ed" | "ing" | "d"),
        Lang::De => matches!(e, "e" | "en" | "n" | "s" | "es" | "er" | "ern" | "em"),
    };
    // German verbs: the Snowball stemmer leaves the "-t" of "bleibt", "braucht" and
    // "liegt", so "bleiben" would not find "bleibt".
    let german_verb = t.lang == Lang::De
        && w.stem.len() >= 4
        && t.stem
            .strip_prefix(w.stem.as_str())
            .is_some_and(|e| matches!(e, "t" | "et" | "st"));
    !t.keeps_form
        && !CLOSED_WORDS.contains(&w.norm.as_str())
        && (german_verb
            || (t.norm.len() > w.norm.len()
                && t.norm.starts_with(w.norm.as_str())
                && ending(&t.norm[w.norm.len()..])))
}

/// Function words whose look-alikes with a regular ending are other words: the guard
/// word "not" must not find "notes", nor "can" find "cans".
const CLOSED_WORDS: &[&str] = &[
    "not", "no", "nor", "can", "may", "must", "shall", "will", "would", "should", "could", "might",
    "if", "but", "so", "as", "or", "yet", "ob", "wenn", "falls", "kein", "nicht",
];

/// A compound ending in a phrase word the taxonomy lists as a compound head
/// ("Vertriebsteam" for "Team" when `team` is under `## Compound heads`): the word's stem
/// closes the text word's stem, after at least [`MIN_MODIFIER`] letters of modifier.
fn compound(t: &Token, w: &Word) -> bool {
    w.compound_head
        && !t.number
        && t.stem.len() >= w.stem.len() + MIN_MODIFIER
        && t.stem.ends_with(w.stem.as_str())
        && !t.keeps_form
}

/// Letters a compound's modifier has at least ("Vertrieb" in "Vertriebsteam"), so that
/// "Steam" is not a "team".
const MIN_MODIFIER: usize = 4;

/// One text token spelling two phrase words ("signon" for "sign on", "soc2" is split
/// by the analyser already).
fn joined_pair(t: &Token, w: &Word, w2: &Word) -> bool {
    let n = &t.norm;
    n.len() > w.norm.len()
        && n.starts_with(w.norm.as_str())
        && (n[w.norm.len()..] == w2.norm || text::stem_in(t.lang, &n[w.norm.len()..]) == w2.stem)
}
