//! The entries of a SKU's lists in the skill's taxonomy, in this tool's grammar: quoted
//! phrases (call triggers, negative examples, guard phrases), usage triggers and ticket
//! triggers.

use super::Notes;
use super::text::{
    backticked, collapse, has_words, outside_quotes, phrase, split_list, trim_separators,
};
use crate::references::md::{self, Inline};
use crate::references::pattern::{Pattern, quoted_strings};
use regex::Regex;
use std::sync::LazyLock;

/// Quoted phrases of a bullet, with one note for each phrase that does not compile and
/// one for any comment outside the quotes.
pub(super) fn phrases_of(
    inlines: &[Inline],
    line: usize,
    what: &str,
    notes: &mut Notes<'_>,
) -> Vec<String> {
    let text = md::text_only(inlines);
    let found = match quoted_strings(&text) {
        Ok(found) => found,
        Err(e) => {
            notes.add(
                line,
                format!(
                    "{what} left out: {e}; close the phrase with a double quote and add it by hand"
                ),
            );
            return Vec::new();
        }
    };
    if found.is_empty() {
        notes.add(
            line,
            format!(
                "{what} `{}` left out: no phrase in double quotes",
                md::plain(inlines).trim()
            ),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for raw in &found {
        match phrase(raw, line) {
            Ok(p) => out.push(p),
            Err(e) => notes.add(line, e),
        }
    }
    note_left_over(inlines, &text, line, what, notes);
    out
}

/// Notes what a phrase bullet says besides its quoted phrases: words outside the quotes
/// (`text` is the bullet without its backticked parts) and backticked tokens.
fn note_left_over(inlines: &[Inline], text: &str, line: usize, what: &str, notes: &mut Notes<'_>) {
    let rest = outside_quotes(text);
    if has_words(&rest) {
        notes.add(
            line,
            format!(
                "dropped \"{}\" (outside the quotes): only quoted phrases are matched here, so what it says is not checked",
                trim_separators(&rest)
            ),
        );
    }
    let codes = md::codes(inlines);
    if !codes.is_empty() {
        notes.add(
            line,
            format!(
                "dropped the backticked {}: a {what} is matched on quoted phrases only",
                backticked(&codes)
            ),
        );
    }
}

/// Words that describe a group of features (a tier, a pack), not one feature.
const GROUP_WORDS: &[&str] = &[
    "premium",
    "pack",
    "enterprise",
    "paid",
    "tier",
    "plan",
    "addon",
    "only",
    "all",
    "other",
    "gated",
];

/// A feature name written in prose ("SSO", "audit-log") as a token (`sso`, `audit_log`),
/// when it reads as one feature.
fn feature_token(item: &str) -> Option<String> {
    let item = item
        .trim()
        .trim_matches(|c: char| "\"'`“”".contains(c))
        .trim();
    let words: Vec<&str> = item
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    if words
        .iter()
        .any(|w| !w.chars().all(|c| c.is_ascii_alphanumeric()))
        || !words[0].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return None;
    }
    if words
        .iter()
        .any(|w| GROUP_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    {
        return None;
    }
    Some(
        words
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
    )
}

/// "for SSO, audit-log, or RBAC features" after a usage trigger's event type: the first
/// group lists the features, the second is whatever follows.
static FOR_FEATURES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^for\s+(.+?)\s+features?\b\s*(.*)$").expect("valid"));

/// `` `event_type` for SSO, audit-log, or RBAC features `` → `` `event_type` `sso` `audit_log` `rbac` ``.
pub(super) fn usage_trigger(
    inlines: &[Inline],
    line: usize,
    notes: &mut Notes<'_>,
) -> Option<String> {
    let codes = md::codes(inlines);
    let Some((event, extra)) = codes.split_first() else {
        notes.add(
            line,
            format!(
                "usage trigger `{}` left out: it names no event type in backticks",
                md::plain(inlines).trim()
            ),
        );
        return None;
    };
    let event = event.trim().to_string();
    let mut features: Vec<String> = extra
        .iter()
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    let prose = trim_separators(&collapse(&md::text_only(inlines))).to_string();
    if let Some(c) = FOR_FEATURES.captures(&prose) {
        add_prose_features(&event, &c[1], &mut features, line, notes);
        let rest = trim_separators(&c[2]);
        if has_words(rest) {
            notes.add(line, format!("`{event}`: dropped \"{rest}\": a usage trigger here is an event type and backticked features only"));
        }
    } else if has_words(&prose) {
        notes.add(line, format!(
            "`{event}`: dropped \"{prose}\": a usage trigger here is an event type and backticked features only (the segment noise bands still apply)"
        ));
    }
    let mut out = format!("`{event}`");
    for f in &features {
        out.push_str(&format!(" `{f}`"));
    }
    Some(out)
}

/// Adds the features a prose list ("SSO, audit-log, or RBAC") names as tokens, each once;
/// notes the items that do not name one feature.
fn add_prose_features(
    event: &str,
    list: &str,
    features: &mut Vec<String>,
    line: usize,
    notes: &mut Notes<'_>,
) {
    let mut unknown = Vec::new();
    for item in split_list(list) {
        match feature_token(&item) {
            Some(t) if !features.contains(&t) => features.push(t),
            Some(_) => {}
            None => unknown.push(item),
        }
    }
    if unknown.is_empty() {
        return;
    }
    let unknown = unknown.join(", ");
    if features.is_empty() {
        notes.add(line, format!(
            "`{event}`: \"{unknown}\" does not name features this tool can match, so the trigger counts every `{event}`; add the feature names in backticks after it",
        ));
    } else {
        notes.add(line, format!(
            "`{event}`: \"{unknown}\" does not name features this tool can match: left out, so the trigger counts only {}; add the missing feature names in backticks",
            backticked(features),
        ));
    }
}

/// `tags include …` is kept; `subject contains/matches …` becomes `subject matches …`.
pub(super) fn ticket_trigger(
    inlines: &[Inline],
    line: usize,
    notes: &mut Notes<'_>,
) -> Option<String> {
    let text = collapse(&md::text_only(inlines)).to_ascii_lowercase();
    let shown = md::plain(inlines).trim().to_string();
    let values: Vec<String> = md::codes(inlines)
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if values.is_empty() {
        notes.add(
            line,
            format!("ticket trigger `{shown}` left out: it names nothing in backticks"),
        );
        return None;
    }
    if text.starts_with("tags include")
        || text.starts_with("tag includes")
        || text.starts_with("tags")
    {
        tags_trigger(values, line, notes)
    } else if ["subject matches", "subject contains", "subject includes"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        subject_trigger(values, line, notes)
    } else {
        notes.add(line, format!("ticket trigger `{shown}` left out: only `tags include …` and `subject matches …` are understood"));
        None
    }
}

/// `tags include …` with the tags that are not placeholders (those are noted); `None`
/// when none is left.
fn tags_trigger(values: Vec<String>, line: usize, notes: &mut Notes<'_>) -> Option<String> {
    let (kept, placeholders): (Vec<String>, Vec<String>) =
        values.into_iter().partition(|t| !t.contains(['{', '}']));
    if !placeholders.is_empty() {
        notes.add(line, format!(
            "dropped the tag {}: tags are compared as written, so a placeholder never matches; list the real tags",
            backticked(&placeholders)
        ));
    }
    (!kept.is_empty()).then(|| format!("tags include {}", backticked(&kept)))
}

/// `subject matches …` with the phrases that compile (the others are noted); `None` when
/// none is left.
fn subject_trigger(values: Vec<String>, line: usize, notes: &mut Notes<'_>) -> Option<String> {
    let mut kept = Vec::new();
    for v in values {
        match Pattern::compile(&v, line) {
            Ok(_) => kept.push(v),
            Err(e) => notes.add(line, format!("subject phrase `{v}` left out: {e}")),
        }
    }
    (!kept.is_empty()).then(|| format!("subject matches {}", backticked(&kept)))
}
