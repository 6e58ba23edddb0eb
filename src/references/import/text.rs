//! Text helpers the readers share: inline Markdown back to text, quotes, separators and
//! the skill's phrases in this tool's grammar.

use crate::references::md::Inline;
use crate::references::pattern::Pattern;
use regex::Regex;
use std::sync::LazyLock;

/// Inline content back to Markdown, whitespace collapsed.
pub(super) fn markdown(inlines: &[Inline]) -> String {
    crate::references::md::markdown_line(inlines)
}

/// Runs of whitespace as one space, none at the ends.
pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a table cell: `|` escaped.
pub(super) fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Items in backticks, separated by commas: `` `a`, `b` ``.
pub(super) fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text outside double quotes (straight or curly), quotes removed.
pub(super) fn outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '"' | '“' | '”' if inside => {
                inside = false;
                out.push(' ');
            }
            '"' | '“' if !inside => inside = true,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    collapse(&out)
}

/// Whether `text` says something beyond separators (`/`, `,`, "or", dashes, colons).
pub(super) fn has_words(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && !w.eq_ignore_ascii_case("or") && !w.eq_ignore_ascii_case("and"))
}

/// Trims separators from the ends of a left-over comment so a note quotes only its words.
pub(super) fn trim_separators(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || "/,;:—–-".contains(c))
}

static N_PLUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\s*[Nn]\s*\}\s*\+").expect("valid"));

/// One quoted phrase of the skill, in this grammar: `{N}+` becomes `{N}`; every other
/// `{…}` group already reads as `{word}` (one to four words) or `{a, b}`.
pub(super) fn phrase(raw: &str, line: usize) -> Result<String, String> {
    let text = collapse(&N_PLUS.replace_all(raw, "{N}"));
    Pattern::compile(&text, line)
        .map(|_| text)
        .map_err(|e| format!("phrase \"{}\" left out: {e}", raw.trim()))
}

static LIST_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*(?:/|,|;|\bor\b|\band\b)\s*").expect("valid"));

/// The items of a prose list separated by `/`, `,`, `;`, "or" or "and".
pub(super) fn split_list(text: &str) -> Vec<String> {
    LIST_SEP
        .split(text)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
