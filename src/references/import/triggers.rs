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

/// Prose that names call mentions: "Call mention of SSO/SAML", "pricing call mention",
/// "compliance language"; the first group lists what is mentioned.
static MENTIONS: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    [
        r"(?i)^(?:an?\s+|the\s+)?(?:call\s+)?mentions?\s+(?:of\s+)?(.+)$",
        r"(?i)^(.+?)\s+(?:call\s+)?mentions?$",
        r"(?i)^(.+?)\s+(?:language|wording|talk)$",
    ]
    .map(|r| Regex::new(r).expect("valid"))
});

/// The structured row pattern for a trigger cell, and notes on what it left out.
pub(super) fn trigger_pattern(cell_inlines: &[Inline], line: usize) -> (Vec<String>, Vec<String>) {
    if md::plain(cell_inlines).trim().eq_ignore_ascii_case("(any)") {
        return (vec!["(any)".to_string()], Vec::new());
    }
    let parts = parts(cell_inlines);
    let mut pattern = RowPattern {
        line,
        items: Vec::new(),
        notes: Vec::new(),
    };
    for part in &parts {
        pattern.read(part);
    }
    let useful_parts = parts.iter().filter(|p| p.is_useful()).count();
    if useful_parts > 1 && pattern.items.len() > 1 {
        pattern.notes.push(format!(
            "the skill's `+` (all of these) became \"any of these\": this row is chosen when any one of {} matches",
            pattern.items.join(", ")
        ));
    }
    (pattern.items, pattern.notes)
}

/// One `+`-separated part of a prose trigger cell.
#[derive(Default)]
struct Part {
    text: String,
    codes: Vec<String>,
}

impl Part {
    /// Whether the part says anything: words or a backticked token.
    fn is_useful(&self) -> bool {
        has_words(&self.text) || !self.codes.is_empty()
    }
}

/// The `+`-separated parts of a trigger cell: the text of each and its backticked tokens.
fn parts(cell_inlines: &[Inline]) -> Vec<Part> {
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
                parts.extend(pieces.map(|piece| Part {
                    text: piece.to_string(),
                    codes: Vec::new(),
                }));
            }
        }
    }
    parts
}

/// A row pattern being built from the parts of a trigger cell.
struct RowPattern {
    /// The cell's line, for compiling phrases.
    line: usize,
    /// Quoted phrases and backticked tokens, each once, in the order met.
    items: Vec<String>,
    /// What was left out, and why.
    notes: Vec<String>,
}

impl RowPattern {
    /// Adds an item unless it is already there.
    fn push(&mut self, item: String) {
        if !self.items.contains(&item) {
            self.items.push(item);
        }
    }

    /// Adds a phrase in this tool's grammar, or a note when it does not compile.
    fn phrase(&mut self, raw: &str) {
        match phrase(raw, self.line) {
            Ok(p) => self.push(format!("\"{p}\"")),
            Err(e) => self.notes.push(e),
        }
    }

    /// Reads one part: its quoted phrases and backticked tokens as they are (any other
    /// words dropped), else its prose as call mentions or a usage event.
    fn read(&mut self, part: &Part) {
        let quoted = quoted_strings(&part.text).unwrap_or_default();
        for q in &quoted {
            self.phrase(q);
        }
        let prose = trim_separators(&outside_quotes(&part.text)).to_string();
        for c in part.codes.iter().filter(|c| !c.is_empty()) {
            self.push(format!("`{c}`"));
        }
        if !quoted.is_empty() || !part.codes.is_empty() {
            if has_words(&beyond_connectors(&prose)) {
                self.notes.push(format!(
                    "dropped \"{prose}\": a row here matches tokens and phrases only"
                ));
            }
        } else if has_words(&prose) && !self.mentions(&prose) && !self.usage_event(&prose) {
            self.notes.push(format!("could not turn \"{prose}\" into a backticked token or a quoted phrase: left out of the pattern"));
        }
    }

    /// Prose naming call mentions ("Call mention of SSO/SAML") as one phrase per thing
    /// mentioned; false when the prose is not of that kind.
    fn mentions(&mut self, prose: &str) -> bool {
        let Some(c) = MENTIONS.iter().find_map(|r| r.captures(prose)) else {
            return false;
        };
        for item in split_list(&c[1]) {
            self.phrase(&phrase_case(&item));
        }
        true
    }

    /// Prose naming a usage event ("seat-count spike at 2x baseline") as its token, with a
    /// note on any qualifier dropped; false when it names none.
    fn usage_event(&mut self, prose: &str) -> bool {
        let norm = format!(" {} ", normalise(prose));
        let Some((key, token)) = PROSE_TOKENS
            .iter()
            .find(|(k, _)| norm.contains(&format!(" {k} ")))
        else {
            return false;
        };
        self.push(format!("`{token}`"));
        let rest = beyond_connectors(&norm.replacen(&format!(" {key} "), " ", 1));
        if has_words(&rest) {
            self.notes.push(format!(
                "`{token}`: dropped the qualifier \"{rest}\": a row here cannot require it"
            ));
        }
        true
    }
}
