//! `3-action-library.md`: per SKU, an ordered table of trigger patterns and next-best
//! actions, and the vague-language denylist.
//!
//! Row choice (documented in the file's "How to edit" section): rows are tried top to
//! bottom and the first row whose pattern matches the signal's evidence wins. A pattern
//! cell holds backticked tokens (equal, case-insensitively, to an evidence event's
//! `event_type`, `feature` or `metric_name`, or to a supporting ticket's tag) and/or
//! quoted phrases (matched against the signal's call quotes); any one of them matching
//! is enough. `(any)` matches every signal.

use super::Problem;
use super::md::{self, Inline};
use super::parsing::{self, BlockReader, Problems};
use super::pattern::{Pattern, quoted_strings};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Placeholders an action may use; the pipeline fills every one of them.
pub const PLACEHOLDERS: &[&str] = &[
    "account",
    "sku",
    "speaker",
    "metric",
    "delta",
    "renewal_date",
    "call_date",
    "arr",
];

/// Nouns that make an action concrete even when it uses a denylisted phrase.
pub const ARTIFACT_NOUNS: &[&str] = &[
    "meeting",
    "call",
    "demo",
    "workshop",
    "review",
    "qbr",
    "ebr",
    "proposal",
    "quote",
    "deck",
    "doc",
    "document",
    "one-pager",
    "calculator",
    "trial",
    "sandbox",
    "agenda",
    "brief",
    "playbook",
    "case study",
    "pricing sheet",
    "order form",
    "invite",
    "session",
];

#[derive(Debug, Clone, PartialEq)]
pub enum RowPattern {
    Any,
    Match {
        tokens: Vec<String>,
        phrases: Vec<Pattern>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    pub pattern: RowPattern,
    /// The action as Markdown (links kept as `[text](url)`), placeholders unfilled.
    pub action: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionSection {
    pub sku: String,
    pub line: usize,
    pub rows: Vec<ActionRow>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionLibrary {
    pub sections: Vec<ActionSection>,
    pub denylist: Denylist,
    /// Last line of the file, where "missing section" problems point.
    pub end_line: usize,
}

impl ActionLibrary {
    /// The section of the SKU `sku`, if the library has one.
    pub fn section(&self, sku: &str) -> Option<&ActionSection> {
        self.sections.iter().find(|s| s.sku == sku)
    }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([^{}]*)\}").expect("valid"));
static QUOTED_OR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"`[^`]+`|"[^"]+"|“[^”]+”|\[[^\]]+\]\([^)]+\)|https?://\S+"#).expect("valid")
});
static ARTIFACT: LazyLock<Regex> = LazyLock::new(|| {
    let nouns: Vec<String> = ARTIFACT_NOUNS
        .iter()
        .map(|n| regex::escape(n).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})(?:s|es)?\b", nouns.join("|"))).expect("valid")
});

/// The placeholders in `action` that the pipeline cannot fill.
pub fn unknown_placeholders(action: &str) -> Vec<String> {
    PLACEHOLDER
        .captures_iter(action)
        .map(|c| c[1].to_string())
        .filter(|name| !PLACEHOLDERS.contains(&name.trim()))
        .collect()
}

/// Whether `action` names a concrete artifact: a link, a quoted or backticked name, or a
/// meeting/call/doc-like noun.
pub fn names_artifact(action: &str) -> bool {
    QUOTED_OR_CODE.is_match(action) || ARTIFACT.is_match(action)
}

/// The vague-language denylist, compiled once.
#[derive(Debug, Clone, Default)]
pub struct Denylist {
    phrases: Vec<String>,
    set: Option<RegexSet>,
}

impl PartialEq for Denylist {
    fn eq(&self, other: &Self) -> bool {
        self.phrases == other.phrases
    }
}

impl Denylist {
    /// Compiles `phrases`, each matched as whole words with any spacing, any case.
    pub fn new(phrases: Vec<String>) -> Denylist {
        let patterns: Vec<String> = phrases
            .iter()
            .map(|p| {
                let words: Vec<String> = p.split_whitespace().map(regex::escape).collect();
                format!(r"(?i)\b{}\b", words.join(r"\s+"))
            })
            .collect();
        Denylist {
            set: RegexSet::new(&patterns).ok(),
            phrases,
        }
    }

    /// The phrases, as the file lists them.
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// Whether the file lists no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The first denylisted phrase in `action` (whole words, case-insensitive) when the
    /// action names no artifact: such an action is too vague to send.
    pub fn vague_phrase(&self, action: &str) -> Option<&str> {
        if names_artifact(action) {
            return None;
        }
        let hit = self.set.as_ref()?.matches(action).into_iter().next()?;
        Some(self.phrases[hit].as_str())
    }
}

/// Parses the action library; returns what it could read and every problem.
pub fn parse(file: &str, text: &str) -> (ActionLibrary, Vec<Problem>) {
    let mut parser = Parser {
        lib: ActionLibrary {
            end_line: md::line_count(text),
            ..Default::default()
        },
        problems: Problems::new(file),
        in_section: false,
        in_denylist: false,
        denylist: Vec::new(),
    };
    parsing::read_blocks(text, &mut parser);
    parser.finish()
}

/// The parser's state while it reads the file's blocks in order.
struct Parser<'a> {
    lib: ActionLibrary,
    problems: Problems<'a>,
    /// Under a valid `## SKU:` heading, whose section is the last one.
    in_section: bool,
    /// Under `## Vague-language denylist`.
    in_denylist: bool,
    /// The denylist's phrases so far (compiled once the file is read).
    denylist: Vec<String>,
}

/// The denylist's heading, in English and German.
const DENYLIST_HEADINGS: &[&str] = &["vague-language denylist", "liste vager formulierungen"];

/// A row that matches any evidence, in English and German.
const ANY_ROW: &[&str] = &["(any)", "(beliebig)"];

impl BlockReader for Parser<'_> {
    /// A heading of level 1 or 2 ends the section; `## SKU: <id>` starts one and
    /// `## Vague-language denylist` (German: `## Liste vager Formulierungen`) starts
    /// the denylist.
    fn heading(&mut self, level: u8, h: &str, line: usize) {
        if level > 2 {
            return;
        }
        self.in_section = false;
        self.in_denylist = DENYLIST_HEADINGS.iter().any(|d| h.eq_ignore_ascii_case(d));
        if let Some(rest) = h.strip_prefix("SKU:") {
            self.start_section(h, rest, line);
        }
    }

    /// A body row of a SKU section is one `| Trigger pattern | Next-best action |` row.
    fn table_row(&mut self, header: bool, cells: &[Vec<Inline>], line: usize) {
        if !header && self.in_section {
            self.add_row(cells, line);
        }
    }

    /// A bullet of the denylist holds backticked phrases.
    fn item(&mut self, _depth: usize, inlines: &[Inline], line: usize) {
        if self.in_denylist {
            self.add_denylist_entry(inlines, line);
        }
    }
}

impl Parser<'_> {
    /// Starts the section of the SKU heading `h` (`rest` follows `SKU:`) unless its id
    /// is not one word or already has a section.
    fn start_section(&mut self, h: &str, rest: &str, line: usize) {
        let Some(sku) = parsing::sku_id(rest) else {
            self.problems.error(
                line,
                format!("`## {h}`: write the SKU id as one word, e.g. `## SKU: enterprise-tier`"),
            );
            return;
        };
        if let Some(prev) = self.lib.sections.iter().find(|s| s.sku == sku) {
            self.problems.error(
                line,
                format!(
                    "duplicate SKU section `{sku}` (first on line {}): merge the two tables",
                    prev.line
                ),
            );
            return;
        }
        self.lib.sections.push(ActionSection {
            sku,
            line,
            rows: Vec::new(),
        });
        self.in_section = true;
    }

    /// Adds a row to the current section unless it is malformed; an unknown placeholder
    /// is reported but the row kept.
    fn add_row(&mut self, cells: &[Vec<Inline>], line: usize) {
        let Some(section) = self.lib.sections.last_mut() else {
            return;
        };
        let Some(row) = self.problems.ok(line, read_row(cells, line)) else {
            return;
        };
        for name in unknown_placeholders(&row.action) {
            self.problems.error(
                line,
                format!(
                    "unknown placeholder `{{{name}}}`: use one of {}",
                    placeholder_list()
                ),
            );
        }
        section.rows.push(row);
    }

    /// Adds a denylist bullet's backticked phrases; a bullet without any is an error.
    fn add_denylist_entry(&mut self, inlines: &[Inline], line: usize) {
        if md::codes(inlines).is_empty() {
            self.problems.error(
                line,
                format!(
                    "denylist entry `{}` has no backticked phrase",
                    md::plain(inlines).trim()
                ),
            );
        }
        self.denylist.extend(parsing::backticked(inlines));
    }

    /// Compiles the denylist, checks every section against it and returns the result.
    fn finish(self) -> (ActionLibrary, Vec<Problem>) {
        let Parser {
            mut lib,
            mut problems,
            denylist,
            ..
        } = self;
        lib.denylist = Denylist::new(denylist);
        // The vague-language filter applies to the library itself, so the lead hears about a
        // vague action at `check` time instead of in a CSM's digest.
        for section in &lib.sections {
            check_section(section, &lib.denylist, &mut problems);
        }
        if lib.denylist.is_empty() {
            problems.warning(
                lib.end_line,
                "no `## Vague-language denylist` phrases: vague actions will not be caught",
            );
        }
        (lib, problems.into_vec())
    }
}

/// Reads a body row at `line`: its trigger pattern and its action, or what is wrong.
fn read_row(cells: &[Vec<Inline>], line: usize) -> Result<ActionRow, String> {
    let (Some(pattern_cell), Some(action_cell)) = (cells.first(), cells.get(1)) else {
        return Err("a row needs two cells: `| Trigger pattern | Next-best action |`".into());
    };
    let pattern = parse_row_pattern(pattern_cell, line)?;
    let action = unquote(&md::markdown_line(action_cell));
    if action.is_empty() {
        return Err("empty next-best action: write one concrete sentence".into());
    }
    Ok(ActionRow {
        pattern,
        action,
        line,
    })
}

/// The placeholders an action may use, as the lead writes them: `{account}, {sku}, …`.
fn placeholder_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports a SKU section without rows, and every row whose action `denylist` finds vague.
fn check_section(section: &ActionSection, denylist: &Denylist, problems: &mut Problems) {
    if section.rows.is_empty() {
        problems.error(
            section.line,
            format!(
                "SKU section `{}` has no `| Trigger pattern | Next-best action |` rows",
                section.sku
            ),
        );
    }
    // Only that action is affected (it shows `needs human review`): a warning, so
    // one vague row does not stop every run.
    for row in &section.rows {
        if let Some(phrase) = denylist.vague_phrase(&row.action) {
            problems.warning(
                row.line,
                format!("action uses the vague phrase `{phrase}` without naming an artifact, so signals that reach this row show `needs human review`: add a link, a quoted name or a concrete meeting/doc (e.g. \"book a 30-minute scoping call\")"),
            );
        }
    }
}

/// An action cell wrapped whole in double quotes (as the old skill's template writes
/// them) without the quotes: they are not part of the action, and not a quoted name.
fn unquote(action: &str) -> String {
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = action
            .strip_prefix(open)
            .and_then(|a| a.strip_suffix(close))
            .filter(|inner| !inner.contains(open) && !inner.contains(close))
        {
            return inner.trim().to_string();
        }
    }
    action.to_string()
}

/// Reads a trigger-pattern cell: `(any)`, or its backticked tokens and quoted phrases
/// (at least one of them).
fn parse_row_pattern(cell: &[Inline], line: usize) -> Result<RowPattern, String> {
    let plain = md::plain(cell);
    if ANY_ROW.iter().any(|a| plain.trim().eq_ignore_ascii_case(a)) {
        return Ok(RowPattern::Any);
    }
    let tokens = parsing::backticked(cell);
    let phrases = quoted_strings(&md::text_only(cell))?
        .iter()
        .map(|p| Pattern::compile(p, line).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if tokens.is_empty() && phrases.is_empty() {
        return Err(format!(
            "trigger pattern `{}` has no backticked token or quoted phrase: write e.g. `seat_limit_reached` or \"more seats\", or (any)",
            md::plain(cell).trim()
        ));
    }
    Ok(RowPattern::Match { tokens, phrases })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deny() -> Vec<String> {
        ["touch base", "check in", "explore"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn vague_filter() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Touch base with {speaker} about goals.", Some("touch base")),
            ("Check in with the team.", Some("check in")),
            ("Checkin with the team.", None),
            (
                "Touch base with {speaker} in a 30-minute scoping call.",
                None,
            ),
            (
                "Explore options via the [ROI calculator](https://example.com/roi).",
                None,
            ),
            ("Explore the \"Seat planner\" with them.", None),
            ("Explore `seat-planner` with them.", None),
            ("Explore new workshops with them.", None),
            ("Explore options with them.", Some("explore")),
            ("Send the pricing sheet for 25 seats.", None),
        ];
        for (action, want) in cases {
            assert_eq!(
                Denylist::new(deny()).vague_phrase(action),
                *want,
                "{action}"
            );
        }
    }

    #[test]
    fn quoted_action_cells() {
        // (cell, action kept, vague phrase reported)
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "\"Follow up with the team about seats.\"",
                "Follow up with the team about seats.",
                Some("follow up"),
            ),
            (
                "“Follow up with the team about seats.”",
                "Follow up with the team about seats.",
                Some("follow up"),
            ),
            (
                "\"Book a 20-minute seat call with {speaker}.\"",
                "Book a 20-minute seat call with {speaker}.",
                None,
            ),
            (
                "Follow up about the \"Seat planner\" with them.",
                "Follow up about the \"Seat planner\" with them.",
                None,
            ),
            (
                "\"Seat planner\" and \"Seat quote\" for them.",
                "\"Seat planner\" and \"Seat quote\" for them.",
                None,
            ),
        ];
        for (cell, want, vague) in cases {
            let text = GOOD
                .replace(
                    "| (any) | Book a 20-minute seat-planning call with {speaker}. |",
                    &format!("| (any) | {cell} |"),
                )
                .replace("- `explore`", "- `explore`\n- `follow up`");
            let (lib, problems) = parse("a.md", &text);
            let row = &lib.section("additional-team-seats").unwrap().rows[1];
            assert_eq!(row.action, *want, "{cell}");
            let warned: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            match vague {
                Some(phrase) => {
                    assert_eq!(warned.len(), 1, "{cell}: {warned:?}");
                    assert!(
                        warned[0].starts_with(&format!(
                            "a.md:6: warning: action uses the vague phrase `{phrase}`"
                        )),
                        "{cell}: {warned:?}"
                    );
                }
                None => assert!(warned.is_empty(), "{cell}: {warned:?}"),
            }
        }
    }

    #[test]
    fn placeholders() {
        assert!(
            unknown_placeholders("Call {speaker} before {renewal_date} about {sku}").is_empty()
        );
        assert_eq!(
            unknown_placeholders("Send {link} to {champion}"),
            ["link", "champion"]
        );
    }

    const GOOD: &str = "# A\n## SKU: additional-team-seats\n| Trigger pattern | Next-best action |\n|---|---|\n| `seat_limit_reached` \"more seats\" | Send {speaker} a [seat quote](https://example.com/q) for {account}. |\n| (any) | Book a 20-minute seat-planning call with {speaker}. |\n## Vague-language denylist\n- `touch base`\n- `explore`\n";

    #[test]
    fn parses_rows_in_order() {
        let (lib, problems) = parse("a.md", GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let s = lib.section("additional-team-seats").unwrap();
        assert_eq!(s.rows.len(), 2);
        assert_eq!(
            s.rows[0].action,
            "Send {speaker} a [seat quote](https://example.com/q) for {account}."
        );
        assert!(
            matches!(&s.rows[0].pattern, RowPattern::Match { tokens, phrases } if tokens == &["seat_limit_reached"] && phrases[0].source == "more seats")
        );
        assert_eq!(s.rows[1].pattern, RowPattern::Any);
        assert_eq!(lib.denylist.phrases(), ["touch base", "explore"]);
    }

    #[test]
    fn bad_rows() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "| (any) | Book a 20-minute seat-planning call with {speaker}. |",
                "| (any) | Touch base with {speaker}. |",
                "a.md:6: warning: action uses the vague phrase `touch base`",
            ),
            (
                "| (any) | Book a 20-minute seat-planning call with {speaker}. |",
                "| (any) | Book a call with {champion}. |",
                "a.md:6: unknown placeholder `{champion}`",
            ),
            (
                "| (any) |",
                "| whatever |",
                "a.md:6: trigger pattern `whatever`",
            ),
            (
                "## Vague-language denylist",
                "## SKU: additional-team-seats\n| a | b |\n|---|---|\n| (any) | x call |\n## Vague-language denylist",
                "a.md:7: duplicate SKU section",
            ),
        ];
        for (from, to, want) in cases {
            let (_, problems) = parse("a.md", &GOOD.replace(from, to));
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert!(
                shown.iter().any(|s| s.starts_with(want)),
                "{want}: {shown:?}"
            );
        }
    }

    #[test]
    fn any_prefix_of_the_real_file_parses_without_panicking() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("references")
            .join(crate::references::ACTIONS_FILE);
        let text = std::fs::read_to_string(path).unwrap();
        for (i, _) in text.char_indices().step_by(3) {
            let _ = parse("f.md", &text[..i]);
            let _ = parse("f.md", &text[..i].replace('\n', "\r"));
        }
    }
}
