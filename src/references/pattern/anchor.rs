//! Prefilter anchors: for each phrase, a few lower-case strings one of which occurs in
//! the raw text of every match. The run searches all anchors of the taxonomy in one
//! pass and analyses only the text where one occurs.

use super::{Elem, Word};
use crate::text::{Lang, spelling_variant};

/// Words too common to be a good anchor when the phrase has another (English).
const COMMON: &[&str] = &[
    "the", "our", "we", "need", "more", "team", "want", "get", "have", "use", "for", "to", "of",
    "and", "new", "own", "too", "out", "off", "keep", "hit", "add", "are", "you", "can", "all",
    "some", "any", "not", "do", "would", "will", "it", "this", "that", "they", "with", "on", "in",
    "at", "from", "look", "like", "just", "now", "month", "people", "than", "app", "sit", "cap",
    "support", "sign", "over", "save", "view", "set", "rep", "plan", "email", "role", "count",
    "account", "feature", "down", "copy", "time", "week", "year", "day", "work", "make", "take",
    "give", "see", "know", "think", "say", "tell", "call", "come", "go", "one", "two", "way",
    "thing", "good", "great", "what", "when", "where", "which", "who", "how", "why", "there",
    "here", "about", "into", "onto", "back", "right", "start", "run", "help", "show", "move",
    "open", "close", "data", "customer", "process", "page", "screen", "number", "next", "last",
    "first", "other", "every", "each", "much", "many", "few", "after", "before", "again", "still",
    "also", "very", "really", "build", "create", "track", "compare", "team", "tool", "system",
    "stay", "kept", "happen", "update", "change", "share", "sharing", "wait", "order", "ask",
    "asking", "send", "list", "part", "level", "review", "request", "room", "space", "access",
    "log", "form", "file", "line", "side", "office", "group", "staff", "turn", "test", "note",
    "point", "place", "end", "lead", "manager", "board", "grow", "bring", "your", "their", "them",
    "his", "her", "its", "these", "those", "then", "been", "being", "was", "were", "has", "had",
    "did", "does", "done", "should", "could", "may", "might", "must", "everyone", "someone", "let",
    "put", "got", "only", "even", "well", "yes", "yeah", "okay", "but", "because", "going",
    "doing",
];

/// Words too common to be a good anchor in German calls. English loanwords that German
/// speakers use sparingly ("Account", "Tool", "System") are distinctive enough there.
const COMMON_DE: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und",
    "oder", "aber", "wir", "ich", "sie", "ihr", "ihre", "euch", "euer", "eure", "uns", "unser",
    "unsere", "mein", "dein", "sein", "ist", "sind", "war", "waren", "hat", "haben", "habe",
    "hatte", "wird", "werden", "will", "wollen", "kann", "konnen", "muss", "mussen", "soll",
    "sollen", "brauchen", "braucht", "mehr", "noch", "auch", "schon", "jetzt", "dann", "wenn",
    "dass", "was", "wie", "wer", "wo", "mit", "fur", "auf", "aus", "bei", "von", "vor", "nach",
    "zum", "zur", "im", "am", "nicht", "kein", "keine", "alle", "alles", "team", "teams", "daten",
    "zahlen", "zeit", "jahr", "monat", "woche", "tag", "gut", "gibt", "geht", "machen", "sehen",
    "sagen", "kommen", "gerade", "mal", "doch", "bitte", "gern", "gerne", "ganz", "viel", "viele",
    "andere", "anderen", "hier", "jeder", "jede", "jedes", "kunde", "kunden", "frage", "arbeit",
    "arbeiten", "sehr", "nur", "immer", "einfach",
];

/// The common words of `lang`.
fn common_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => COMMON,
        Lang::De => COMMON_DE,
    }
}

/// Up to `n` of a phrase's anchor sets ([`all_groups`]), best first: every match
/// contains one anchor of each set. A second set is only taken when it is not made of
/// common words.
pub fn best_groups(groups: &[Vec<String>], n: usize, lang: Lang) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for g in groups {
        if out.len() == n {
            break;
        }
        if out.is_empty() || common_anchor(g, lang).is_none() {
            out.push(g.clone());
        }
    }
    out
}

/// The anchor sets of every required element, best first, common words included.
pub fn all_groups(parts: &[Vec<Elem>], lang: Lang) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = parts
        .iter()
        .flat_map(|p| p.iter().filter_map(|e| element_anchors(e, lang)))
        .collect();
    groups.sort_by_key(|a| badness(a, lang));
    groups.dedup();
    groups
}

/// Anchors of one element, if every way it can match contains one of them.
fn element_anchors(e: &Elem, lang: Lang) -> Option<Vec<String>> {
    match e {
        Elem::Word(w) => word_anchor(w).map(|a| vec![a]),
        Elem::Alt(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(
                    b.iter()
                        .filter_map(|e| element_anchors(e, lang))
                        .min_by_key(|a| badness(a, lang))?,
                );
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        Elem::Number | Elem::Gap { .. } => None,
    }
}

/// The longest prefix shared by the word as written, its folded form, its stem and its
/// other spelling, without a final "e" ("hire" must find "hiring"); at least 3 letters.
fn word_anchor(w: &Word) -> Option<String> {
    let english = w.lang == crate::text::Lang::En;
    if english && crate::text::CONTRACTION_WORDS.contains(&w.norm.as_str()) {
        return None;
    }
    // The search folds umlauts to their plain vowel, as the German stemmer does.
    let (raw, norm) = (fold_umlauts(&w.raw), fold_umlauts(&w.norm));
    let mut forms = vec![raw.as_str(), norm.as_str(), w.stem.as_str()];
    let variant = english.then(|| spelling_variant(&w.norm)).flatten();
    if let Some(v) = &variant {
        forms.push(v);
    }
    let mut prefix = forms[0].to_string();
    for f in &forms[1..] {
        let n = prefix
            .char_indices()
            .zip(f.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        prefix.truncate(n);
    }
    // The prefilter folds ASCII case, umlauts and "ß" (to "ss") only: an anchor stops
    // before another accented letter ("café" is anchored by "caf").
    if let Some(at) = prefix.find(|c: char| !c.is_ascii()) {
        prefix.truncate(at);
    }
    if prefix.ends_with('e') && prefix.len() > 3 {
        prefix.pop();
    }
    let ok =
        prefix.len() >= 3 && prefix.is_ascii() && prefix.chars().all(|c| c.is_ascii_alphanumeric());
    ok.then_some(prefix)
}

/// `word` with ä, ö and ü (either case) as a, o and u, as the anchor search reads text.
fn fold_umlauts(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ä' | 'Ä' => out.push('a'),
            'ö' | 'Ö' => out.push('o'),
            'ü' | 'Ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// The common word among a phrase's anchors, if the best it has is one: such a phrase is
/// tried on nearly every sentence (`check` warns).
pub fn common_anchor(anchors: &[String], lang: Lang) -> Option<&str> {
    anchors
        .iter()
        .find(|a| is_common(a, lang))
        .map(String::as_str)
}

/// A common word, or a prefix of four letters or fewer of one ("nee" of "need").
fn is_common(a: &str, lang: Lang) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SETS: OnceLock<[HashSet<&'static str>; 2]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        [Lang::En, Lang::De].map(|l| {
            let mut set = HashSet::new();
            for c in common_words(l) {
                set.insert(*c);
                let short = (1..=4.min(c.len())).filter(|&k| c.is_char_boundary(k));
                set.extend(short.map(|k| &c[..k]));
            }
            set
        })
    });
    sets[lang as usize].contains(a)
}

/// Lower is better: few, long, uncommon anchors.
fn badness(anchors: &[String], lang: Lang) -> u32 {
    anchors
        .iter()
        .map(|a| {
            let common = is_common(a, lang);
            let short = 12u32.saturating_sub(a.len() as u32);
            if common { 1000 } else { 10 + short * short }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use crate::references::pattern::Pattern;
    use crate::text::Lang;

    /// German words keep their own spelling (no English "-ise/-ize" variant) and are
    /// anchored through umlauts, as the search folds them.
    #[test]
    fn german_words_have_anchors() {
        let cases = [
            ("Lizenz", "lizenz"),
            ("Plätze", "platz"),
            ("möchten", "mocht"),
            ("Zugänge", "zugang"),
        ];
        for (word, anchor) in cases {
            let p = Pattern::compile_in(word, 1, Lang::De).unwrap();
            assert_eq!(p.anchor_groups(), vec![vec![anchor.to_string()]], "{word}");
        }
        let en = Pattern::compile_in("organise", 1, Lang::En).unwrap();
        assert_eq!(en.anchor_groups(), vec![vec!["organ".to_string()]]);
    }
}
