//! The action library's trigger-pattern cells: prose such as "Call mention of SSO/SAML +
//! tier-gated attempt" turned into this tool's row pattern of quoted phrases and
//! backticked tokens.

use super::text::{collapse, has_words, outside_quotes, phrase, split_list, trim_separators};
use crate::references::md::{self, Inline};
use crate::references::pattern::quoted_strings;
use regex::Regex;
use std::sync::LazyLock;

/// Prose names of usage event types in the skill's trigger patterns, normalised (lower
/// case, hyphens and underscores as spaces), with the token this tool matches.
const PROSE_TOKENS: &[(&str, &str)] = &[
    ("tier gated feature attempt", "tier_gated_feature_attempt"),
    ("tier gated attempt", "tier_gated_feature_attempt"),
    ("tier gate attempt", "tier_gated_feature_attempt"),
    ("seat count spike", "seat_count_spike"),
    ("seat spike", "seat_count_spike"),
    ("api call spike", "api_call_spike"),
    ("api spike", "api_call_spike"),
    ("feature first use", "feature_first_use"),
    ("first use of a feature", "feature_first_use"),
    ("seat limit reached", "seat_limit_reached"),
    ("seat limit", "seat_limit_reached"),
    ("usage spike", "usage_spike"),
    ("seat growth", "seat_growth"),
];

/// Words that only link a token to its kind ("ticket tagged `x`", "`x` event").
const CONNECTORS: &[&str] = &[
    "ticket", "tickets", "tagged", "tag", "tags", "with", "event", "events", "usage", "a", "an",
    "the", "of",
];

fn normalise(text: &str) -> String {
    collapse(&text.to_ascii_lowercase().replace(['-', '_'], " "))
}

/// What is left of `text` once connector words are removed.
fn beyond_connectors(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase();
            !w.is_empty() && !CONNECTORS.contains(&w.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word of a prose phrase as a pattern word: acronyms keep their case, others are
/// lower-cased (patterns ignore case; this only reads better).
fn phrase_case(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            if upper > 1 {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One `+`-separated part of a prose trigger cell.
#[derive(Default)]
struct Part {
    text: String,
    codes: Vec<String>,
}

/// The structured row pattern for a trigger cell, and notes on what it left out.
pub(super) fn trigger_pattern(cell_inlines: &[Inline], line: usize) -> (Vec<String>, Vec<String>) {
    static MENTION_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:an?\s+|the\s+)?(?:call\s+)?mentions?\s+(?:of\s+)?(.+)$")
            .expect("valid")
    });
    static X_MENTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(.+?)\s+(?:call\s+)?mentions?$").expect("valid"));
    static X_LANGUAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(.+?)\s+(?:language|wording|talk)$").expect("valid"));

    if md::plain(cell_inlines).trim().eq_ignore_ascii_case("(any)") {
        return (vec!["(any)".to_string()], Vec::new());
    }
    let mut parts = vec![Part::default()];
    for i in cell_inlines {
        match i {
            Inline::Code(c) => parts
                .last_mut()
                .expect("one part")
                .codes
                .push(c.trim().to_string()),
            Inline::Text(t) | Inline::Strong(t) | Inline::Link { text: t, .. } => {
                let mut pieces = t.split('+');
                if let Some(first) = pieces.next() {
                    parts.last_mut().expect("one part").text.push_str(first);
                }
                for piece in pieces {
                    parts.push(Part {
                        text: piece.to_string(),
                        codes: Vec::new(),
                    });
                }
            }
        }
    }
    let mut items: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let push = |items: &mut Vec<String>, item: String| {
        if !items.contains(&item) {
            items.push(item);
        }
    };
    let phrase_item =
        |items: &mut Vec<String>, notes: &mut Vec<String>, raw: &str| match phrase(raw, line) {
            Ok(p) => push(items, format!("\"{p}\"")),
            Err(e) => notes.push(e),
        };
    let useful_parts = parts
        .iter()
        .filter(|p| has_words(&p.text) || !p.codes.is_empty())
        .count();
    for part in &parts {
        let quoted = quoted_strings(&part.text).unwrap_or_default();
        for q in &quoted {
            phrase_item(&mut items, &mut notes, q);
        }
        let prose = trim_separators(&outside_quotes(&part.text)).to_string();
        for c in part.codes.iter().filter(|c| !c.is_empty()) {
            push(&mut items, format!("`{c}`"));
        }
        if !quoted.is_empty() || !part.codes.is_empty() {
            let rest = beyond_connectors(&prose);
            if has_words(&rest) {
                notes.push(format!(
                    "dropped \"{prose}\": a row here matches tokens and phrases only"
                ));
            }
            continue;
        }
        if !has_words(&prose) {
            continue;
        }
        if let Some(c) = MENTION_OF
            .captures(&prose)
            .or_else(|| X_MENTION.captures(&prose))
            .or_else(|| X_LANGUAGE.captures(&prose))
        {
            for item in split_list(&c[1]) {
                phrase_item(&mut items, &mut notes, &phrase_case(&item));
            }
            continue;
        }
        let norm = format!(" {} ", normalise(&prose));
        if let Some((key, token)) = PROSE_TOKENS
            .iter()
            .find(|(k, _)| norm.contains(&format!(" {k} ")))
        {
            push(&mut items, format!("`{token}`"));
            let rest = beyond_connectors(&norm.replacen(&format!(" {key} "), " ", 1));
            if has_words(&rest) {
                notes.push(format!(
                    "`{token}`: dropped the qualifier \"{rest}\": a row here cannot require it"
                ));
            }
            continue;
        }
        notes.push(format!("could not turn \"{prose}\" into a backticked token or a quoted phrase: left out of the pattern"));
    }
    if useful_parts > 1 && items.len() > 1 {
        notes.push(format!(
            "the skill's `+` (all of these) became \"any of these\": this row is chosen when any one of {} matches",
            items.join(", ")
        ));
    }
    (items, notes)
}
