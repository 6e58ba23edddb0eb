//! `import-skill`: converts the three reference files of the LLM "expansion-signal
//! detection" skill (the method this tool replaces) into this tool's three files.
//!
//! The skill's files are free-form Markdown written for a language model: labels with a
//! trailing colon, phrase bullets at the same depth as their label, several phrases on one
//! line separated by `/`, prose trigger patterns in the action library ("Call mention of
//! SSO/SAML + tier-gated attempt"), action cells in quotes and placeholders such as
//! `{link}`. [`convert`] reads them with the same Markdown parser as the rest of
//! `references` and writes this tool's grammar. Whatever it cannot carry over exactly is
//! reported as a [`Note`] (`file:line: what was left out and why`), so the CSM lead knows
//! which lines to look at.
//!
//! The conversion is pure: it takes the texts and today's date and returns the texts of
//! the three new files; reading, writing and the clock belong to the command layer.

use super::md::{self, Block, Inline};
use super::pattern::{Pattern, quoted_strings};
use super::{ACTIONS_FILE, BASELINES_FILE, TAXONOMY_FILE, actions, baselines};
use chrono::NaiveDate;
use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

const SHIPPED_TAXONOMY: &str = include_str!("../../references/1-expansion-signal-taxonomy.md");
const SHIPPED_BASELINES: &str = include_str!("../../references/2-segment-baseline-config.md");
const SHIPPED_ACTIONS: &str = include_str!("../../references/3-action-library.md");

/// One input file: the name shown in notes (usually its path) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The skill's three files.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub taxonomy: Input<'a>,
    pub baselines: Input<'a>,
    pub actions: Input<'a>,
}

/// A line of an input file that was left out or converted with loss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The converted files and what the conversion left out.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// (file name inside the references folder, text), in the order taxonomy, baselines,
    /// action library.
    pub files: Vec<(&'static str, String)>,
    /// Lines left out or converted with loss; informational.
    pub notes: Vec<Note>,
    /// Why the result is not usable (an input with nothing this tool can read). When not
    /// empty, nothing should be written.
    pub unusable: Vec<Note>,
}

/// Converts the skill's three files. `today` is written where the taxonomy's Last edited
/// date is a placeholder or missing, in each file's "converted on" line and in the
/// calibration log entry.
pub fn convert(inputs: &Inputs<'_>, today: NaiveDate) -> Conversion {
    let mut notes = Vec::new();
    let mut unusable = Vec::new();

    let mut n = Notes::new(inputs.taxonomy.name, &mut notes);
    let tax = taxonomy(inputs.taxonomy.text, today, &mut n);
    if tax.skus.is_empty() {
        unusable.push(n.make(
            1,
            "no `### SKU: <id>` section with a usable SKU id: nothing to convert",
        ));
    }
    let taxonomy_text = tax.render(today);

    let mut n = Notes::new(inputs.baselines.name, &mut notes);
    let base = baselines_file(inputs.baselines.text, &mut n);
    if base.segments.iter().all(|s| s.rows.is_empty()) {
        unusable.push(n.make(
            1,
            "no `### Segment: <name>` section with a usable table row: nothing to convert",
        ));
    }
    let baselines_text = base.render(today);

    let mut n = Notes::new(inputs.actions.name, &mut notes);
    let lib = action_library(inputs.actions.text, &mut n);
    if lib.sections.iter().all(|s| s.rows.is_empty()) {
        unusable.push(n.make(1, "no `## SKU: <id>` section with a usable `Trigger pattern | Next-best action` row: nothing to convert"));
    }
    let actions_text = lib.render(today);

    Conversion {
        files: vec![
            (TAXONOMY_FILE, taxonomy_text),
            (BASELINES_FILE, baselines_text),
            (ACTIONS_FILE, actions_text),
        ],
        notes,
        unusable,
    }
}

/// Collects the notes of one input file.
struct Notes<'a> {
    file: &'a str,
    out: &'a mut Vec<Note>,
}

impl<'a> Notes<'a> {
    fn new(file: &'a str, out: &'a mut Vec<Note>) -> Notes<'a> {
        Notes { file, out }
    }
    fn make(&self, line: usize, message: impl Into<String>) -> Note {
        Note {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }
    fn add(&mut self, line: usize, message: impl Into<String>) {
        let note = self.make(line, message);
        self.out.push(note);
    }
}

/// A section of the input that is not carried over: noted once, at its heading, when the
/// first block inside it is met (an empty section is left out silently).
struct Skipped {
    line: usize,
    why: String,
    noted: bool,
}

impl Skipped {
    fn new(line: usize, why: impl Into<String>) -> Skipped {
        Skipped {
            line,
            why: why.into(),
            noted: false,
        }
    }
    fn touch(&mut self, notes: &mut Notes<'_>) {
        if !self.noted {
            self.noted = true;
            notes.add(self.line, self.why.clone());
        }
    }
}

fn generic_skip(heading: &str) -> String {
    format!("section `{heading}` has no place in this tool's file format: not carried over")
}

// ---------------------------------------------------------------------------------------
// Shared helpers

/// This tool's own "How to edit this file" section of a shipped reference file, found with
/// the Markdown parser (from its heading to the next heading).
fn how_to_edit(shipped: &str) -> String {
    let blocks = md::blocks(shipped);
    let start = blocks.iter().find_map(|b| match b {
        Block::Heading {
            level: 2,
            text,
            line,
        } if text.eq_ignore_ascii_case("how to edit this file") => Some(*line),
        _ => None,
    });
    let Some(start) = start else {
        return String::new();
    };
    let end = blocks.iter().find_map(|b| match b {
        Block::Heading { line, .. } if *line > start => Some(*line),
        _ => None,
    });
    let lines: Vec<&str> = shipped.lines().collect();
    let end = end.unwrap_or(lines.len() + 1);
    let mut out = lines[start - 1..end - 1].join("\n").trim_end().to_string();
    out.push('\n');
    out
}

/// The sentence-guard sections a converted taxonomy gets from this tool's shipped file
/// (the skill has no such lists; without them its guards would be off).
const GUARD_SECTIONS: &[&str] = &[
    "objection guard",
    "negation guard",
    "past-event guard",
    "other-party guard",
    "still intent",
];

/// Lines of a level-2 section of a shipped file, its heading included, up to the next
/// level-2 heading.
fn section(shipped: &str, heading: &str) -> String {
    let blocks = md::blocks(shipped);
    let level2 = |b: &Block| match b {
        Block::Heading {
            level: 2,
            text,
            line,
        } => Some((text.to_ascii_lowercase(), *line)),
        _ => None,
    };
    let Some(start) = blocks
        .iter()
        .filter_map(level2)
        .find(|(t, _)| t == heading)
        .map(|(_, l)| l)
    else {
        return String::new();
    };
    let end = blocks
        .iter()
        .filter_map(level2)
        .find(|(_, l)| *l > start)
        .map(|(_, l)| l);
    let lines: Vec<&str> = shipped.lines().collect();
    let end = end.unwrap_or(lines.len() + 1);
    lines[start - 1..end - 1].join("\n").trim_end().to_string() + "\n"
}

/// Only the bullet lines of a shipped section (to extend a list the skill already has).
fn section_items(shipped: &str, heading: &str) -> String {
    section(shipped, heading)
        .lines()
        .filter(|l| l.starts_with("- "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Inline content back to Markdown, whitespace collapsed.
fn markdown(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Strong(t) => {
                out.push_str("**");
                out.push_str(t);
                out.push_str("**");
            }
            Inline::Code(c) => {
                out.push('`');
                out.push_str(c);
                out.push('`');
            }
            Inline::Link { text, url } => out.push_str(&format!("[{text}]({url})")),
        }
    }
    collapse(&out)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The text outside double quotes (straight or curly), quotes removed.
fn outside_quotes(text: &str) -> String {
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
fn has_words(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && !w.eq_ignore_ascii_case("or") && !w.eq_ignore_ascii_case("and"))
}

/// Trims separators from the ends of a left-over comment so a note quotes only its words.
fn trim_separators(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || "/,;:—–-".contains(c))
}

static N_PLUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\s*[Nn]\s*\}\s*\+").expect("valid"));

/// One quoted phrase of the skill, in this grammar: `{N}+` becomes `{N}`; every other
/// `{…}` group already reads as `{word}` (one to four words) or `{a, b}`.
fn phrase(raw: &str, line: usize) -> Result<String, String> {
    let text = collapse(&N_PLUS.replace_all(raw, "{N}"));
    Pattern::compile(&text, line)
        .map(|_| text)
        .map_err(|e| format!("phrase \"{}\" left out: {e}", raw.trim()))
}

/// Quoted phrases of a bullet, with one note for each phrase that does not compile and
/// one for any comment outside the quotes.
fn phrases_of(inlines: &[Inline], line: usize, what: &str, notes: &mut Notes<'_>) -> Vec<String> {
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
    let rest = outside_quotes(&text);
    if has_words(&rest) {
        notes.add(
            line,
            format!(
                "dropped \"{}\" (outside the quotes): only quoted phrases are matched here, so what it says is not checked",
                trim_separators(&rest)
            ),
        );
    }
    if !md::codes(inlines).is_empty() {
        notes.add(
            line,
            format!(
                "dropped the backticked {}: a {what} is matched on quoted phrases only",
                md::codes(inlines)
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    out
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

static LIST_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*(?:/|,|;|\bor\b|\band\b)\s*").expect("valid"));

fn split_list(text: &str) -> Vec<String> {
    LIST_SEP
        .split(text)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Taxonomy

#[derive(Default)]
struct SkuOut {
    id: String,
    description: Option<String>,
    call: Vec<String>,
    usage: Vec<String>,
    ticket: Vec<String>,
    negative: Vec<String>,
}

#[derive(Default)]
struct TaxonomyOut {
    skus: Vec<SkuOut>,
    guard: Vec<String>,
    last_edited: Option<NaiveDate>,
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Call,
    Usage,
    Ticket,
    Negative,
}

enum TaxSection {
    Sku,
    Guard,
    LastEdited,
    Skip(Skipped),
}

/// A SKU or segment id from a heading: the words before any parenthesis, and the
/// parenthesised description unless it only says the section is an example.
fn heading_id(rest: &str) -> (String, Option<String>) {
    let (id, desc) = match rest.split_once('(') {
        Some((id, desc)) => (id, Some(desc.trim().trim_end_matches(')').trim())),
        None => (rest, None),
    };
    let desc = desc
        .filter(|d| !d.is_empty() && !d.eq_ignore_ascii_case("example"))
        .map(str::to_string);
    (id.trim().to_string(), desc)
}

fn is_placeholder_id(id: &str) -> bool {
    id.is_empty() || id.contains(['{', '}']) || id.contains(char::is_whitespace)
}

/// The label of a SKU bullet (`**Call triggers**` or `**Call triggers**:`), with the
/// inline content after it.
fn label_of(inlines: &[Inline]) -> Option<(Label, Vec<Inline>)> {
    let Some(Inline::Strong(s)) = inlines.first() else {
        return None;
    };
    let name = s.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    let label = match name.as_str() {
        "call triggers" => Label::Call,
        "usage triggers" => Label::Usage,
        "ticket triggers" => Label::Ticket,
        "negative-example phrases" | "negative examples" | "negative-example phrase" => {
            Label::Negative
        }
        _ => return None,
    };
    let mut rest = inlines[1..].to_vec();
    if let Some(Inline::Text(t)) = rest.first_mut() {
        *t = t.trim_start().trim_start_matches(':').to_string();
    }
    Some((label, rest))
}

fn taxonomy(text: &str, today: NaiveDate, notes: &mut Notes<'_>) -> TaxonomyOut {
    let mut out = TaxonomyOut::default();
    let mut section = TaxSection::Skip(Skipped::new(
        1,
        "the template's introduction is not carried over",
    ));
    let mut label: Option<Label> = None;
    let mut last_edited_seen = false;

    for block in md::blocks(text) {
        if let Block::Heading {
            level,
            text: h,
            line,
        } = &block
        {
            label = None;
            let lower = h.to_ascii_lowercase();
            section = if (2..=3).contains(level) && h.starts_with("SKU:") {
                let (id, description) = heading_id(&h["SKU:".len()..]);
                if is_placeholder_id(&id) {
                    notes.add(*line, format!("`### {h}` is a placeholder, not a SKU: section left out (add your next SKU by hand)"));
                    TaxSection::Skip(Skipped {
                        line: *line,
                        why: String::new(),
                        noted: true,
                    })
                } else {
                    out.skus.push(SkuOut {
                        id,
                        description,
                        ..Default::default()
                    });
                    TaxSection::Sku
                }
            } else if lower == "conditional-mention guard" {
                TaxSection::Guard
            } else if lower == "last edited" {
                last_edited_seen = true;
                TaxSection::LastEdited
            } else if lower == "strong-signal cutoff" {
                TaxSection::Skip(Skipped::new(
                    *line,
                    "section `Strong-signal cutoff` left out: the strong rule is built in here (a call mention and a usage event for the same SKU in the week) and cannot be edited",
                ))
            } else if lower == "sku map" {
                TaxSection::Skip(Skipped::new(
                    *line,
                    "the explanation under `SKU map` is left out: the converted file explains the four lists in its own How to edit section",
                ))
            } else if *level == 1 {
                TaxSection::Skip(Skipped::new(
                    *line,
                    "the template's introduction is not carried over",
                ))
            } else {
                TaxSection::Skip(Skipped::new(*line, generic_skip(h)))
            };
            continue;
        }
        match (&mut section, block) {
            (TaxSection::Skip(s), _) => s.touch(notes),
            (TaxSection::Sku, Block::Item { inlines, line, .. }) => {
                let entry = match label_of(&inlines) {
                    Some((l, rest)) => {
                        label = Some(l);
                        rest
                    }
                    None => inlines,
                };
                if md::plain(&entry).trim().is_empty() {
                    continue;
                }
                let Some(sku) = out.skus.last_mut() else { continue };
                match label {
                    None => notes.add(line, format!("bullet `{}` is not under **Call triggers**, **Usage triggers**, **Ticket triggers** or **Negative-example phrases**: left out", md::plain(&entry).trim())),
                    Some(Label::Call) => sku.call.extend(phrases_of(&entry, line, "call trigger", notes)),
                    Some(Label::Negative) => sku.negative.extend(phrases_of(&entry, line, "negative-example phrase", notes)),
                    Some(Label::Usage) => {
                        if let Some(u) = usage_trigger(&entry, line, notes) {
                            sku.usage.push(u);
                        }
                    }
                    Some(Label::Ticket) => {
                        if let Some(t) = ticket_trigger(&entry, line, notes) {
                            sku.ticket.push(t);
                        }
                    }
                }
            }
            (TaxSection::Guard, Block::Item { inlines, line, .. }) => {
                out.guard.extend(phrases_of(&inlines, line, "conditional-guard phrase", notes));
            }
            (TaxSection::Guard, Block::Paragraph { line, .. }) => notes.add(
                line,
                "the guard's explanation is left out: here a customer sentence containing any guard phrase is not counted, whatever its verb",
            ),
            (TaxSection::LastEdited, Block::Paragraph { inlines, line }) if out.last_edited.is_none() => {
                let written = md::plain(&inlines).trim().to_string();
                match NaiveDate::parse_from_str(&written, "%Y-%m-%d") {
                    Ok(d) => out.last_edited = Some(d),
                    Err(_) if written.contains(['{', '}']) || written.contains("YYYY") => {
                        notes.add(line, format!("Last edited `{written}` is a placeholder: wrote today's date, {today}"));
                        out.last_edited = Some(today);
                    }
                    Err(_) => {
                        notes.add(line, format!("Last edited `{written}` is not a date: wrote today's date, {today}"));
                        out.last_edited = Some(today);
                    }
                }
            }
            (_, Block::Item { line, inlines, .. } | Block::Paragraph { line, inlines }) => {
                notes.add(line, format!("`{}` left out: not a part of this section this tool reads", md::plain(&inlines).trim()))
            }
            (_, Block::TableRow { line, .. }) => notes.add(line, "table row left out: the taxonomy has no tables"),
            (_, Block::Heading { .. }) => {}
        }
    }
    if out.last_edited.is_none() {
        notes.add(
            1,
            format!(
                "no Last edited date{}: wrote today's date, {today}",
                if last_edited_seen {
                    " under `## Last edited`"
                } else {
                    ""
                }
            ),
        );
    }
    out
}

/// `` `event_type` for SSO, audit-log, or RBAC features `` → `` `event_type` `sso` `audit_log` `rbac` ``.
fn usage_trigger(inlines: &[Inline], line: usize, notes: &mut Notes<'_>) -> Option<String> {
    static FOR_FEATURES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^for\s+(.+?)\s+features?\b\s*(.*)$").expect("valid"));
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
        let mut unknown = Vec::new();
        for item in split_list(&c[1]) {
            match feature_token(&item) {
                Some(t) if !features.contains(&t) => features.push(t),
                Some(_) => {}
                None => unknown.push(item),
            }
        }
        if !unknown.is_empty() && features.is_empty() {
            notes.add(line, format!(
                "`{event}`: \"{}\" does not name features this tool can match, so the trigger counts every `{event}`; add the feature names in backticks after it",
                unknown.join(", "),
            ));
        } else if !unknown.is_empty() {
            notes.add(line, format!(
                "`{event}`: \"{}\" does not name features this tool can match: left out, so the trigger counts only {}; add the missing feature names in backticks",
                unknown.join(", "),
                features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
            ));
        }
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

/// `tags include …` is kept; `subject contains/matches …` becomes `subject matches …`.
fn ticket_trigger(inlines: &[Inline], line: usize, notes: &mut Notes<'_>) -> Option<String> {
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
    let join = |v: &[String]| {
        v.iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if text.starts_with("tags include")
        || text.starts_with("tag includes")
        || text.starts_with("tags")
    {
        let (kept, placeholders): (Vec<String>, Vec<String>) =
            values.into_iter().partition(|t| !t.contains(['{', '}']));
        if !placeholders.is_empty() {
            notes.add(line, format!(
                "dropped the tag {}: tags are compared as written, so a placeholder never matches; list the real tags",
                join(&placeholders)
            ));
        }
        if kept.is_empty() {
            return None;
        }
        Some(format!("tags include {}", join(&kept)))
    } else if ["subject matches", "subject contains", "subject includes"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        let mut kept = Vec::new();
        for v in values {
            match Pattern::compile(&v, line) {
                Ok(_) => kept.push(v),
                Err(e) => notes.add(line, format!("subject phrase `{v}` left out: {e}")),
            }
        }
        if kept.is_empty() {
            return None;
        }
        Some(format!("subject matches {}", join(&kept)))
    } else {
        notes.add(line, format!("ticket trigger `{shown}` left out: only `tags include …` and `subject matches …` are understood"));
        None
    }
}

impl TaxonomyOut {
    fn render(&self, today: NaiveDate) -> String {
        let mut o = String::new();
        o.push_str("# Expansion-signal taxonomy\n\n");
        o.push_str(&format!(
            "Converted from the skill's taxonomy by `expansion-signals import-skill` on {today}.\n\
             The tool reads this file at every run; edit it as described below.\n\n"
        ));
        o.push_str(&how_to_edit(SHIPPED_TAXONOMY));
        o.push_str("\n## SKUs\n");
        for sku in &self.skus {
            o.push_str(&format!("\n### SKU: {}", sku.id));
            if let Some(d) = &sku.description {
                o.push_str(&format!(" ({d})"));
            }
            o.push_str("\n\n");
            let lists: [(&str, Vec<String>); 4] = [
                (
                    "Call triggers",
                    sku.call.iter().map(|p| format!("\"{p}\"")).collect(),
                ),
                ("Usage triggers", sku.usage.clone()),
                ("Ticket triggers", sku.ticket.clone()),
                (
                    "Negative-example phrases",
                    sku.negative.iter().map(|p| format!("\"{p}\"")).collect(),
                ),
            ];
            for (label, entries) in lists {
                if entries.is_empty() {
                    continue;
                }
                o.push_str(&format!("- **{label}**\n"));
                for e in entries {
                    o.push_str(&format!("  - {e}\n"));
                }
            }
        }
        o.push_str("\n## Conditional-mention guard\n\n");
        o.push_str("Customer sentences containing any of these phrases are treated as\nhypothetical and never count as a mention. The first lines come from\nthe skill's guard; the rest are this tool's defaults.\n\n");
        for p in &self.guard {
            o.push_str(&format!("- \"{p}\"\n"));
        }
        o.push_str(&section_items(
            SHIPPED_TAXONOMY,
            "conditional-mention guard",
        ));
        for heading in GUARD_SECTIONS {
            o.push('\n');
            o.push_str(&section(SHIPPED_TAXONOMY, heading));
        }
        o.push_str("\n## Last edited\n\n");
        o.push_str(&format!("{}\n", self.last_edited.unwrap_or(today)));
        o
    }
}

// ---------------------------------------------------------------------------------------
// Segment baselines

struct SegmentOut {
    name: String,
    /// (metric, median, band, notes)
    rows: Vec<[String; 4]>,
    prose: Vec<String>,
}

#[derive(Default)]
struct BaselinesOut {
    segments: Vec<SegmentOut>,
    /// Kept prose sections (calibration log, recompute cadence): heading and lines.
    prose: Vec<(String, Vec<String>)>,
}

enum BaseSection {
    Segment { columns: [Option<usize>; 4] },
    Prose,
    Skip(Skipped),
}

fn baselines_file(text: &str, notes: &mut Notes<'_>) -> BaselinesOut {
    let mut out = BaselinesOut::default();
    let mut section = BaseSection::Skip(Skipped::new(
        1,
        "the template's introduction is not carried over",
    ));
    let default_columns = [Some(0), Some(1), Some(2), Some(3)];
    for block in md::blocks(text) {
        if let Block::Heading {
            level,
            text: h,
            line,
        } = &block
        {
            let lower = h.to_ascii_lowercase();
            section = if (2..=3).contains(level) && h.starts_with("Segment:") {
                let (name, _) = heading_id(&h["Segment:".len()..]);
                if is_placeholder_id(&name) {
                    notes.add(*line, format!("`### {h}` is a placeholder, not a segment: section left out (add your next segment by hand)"));
                    BaseSection::Skip(Skipped {
                        line: *line,
                        why: String::new(),
                        noted: true,
                    })
                } else {
                    out.segments.push(SegmentOut {
                        name,
                        rows: Vec::new(),
                        prose: Vec::new(),
                    });
                    BaseSection::Segment {
                        columns: default_columns,
                    }
                }
            } else if lower == "calibration log" || lower == "recompute cadence" {
                out.prose.push((h.clone(), Vec::new()));
                BaseSection::Prose
            } else if lower == "how baselines are used" {
                BaseSection::Skip(Skipped::new(
                    *line,
                    "section `How baselines are used` left out: the converted file explains the noise band in its own How to edit section",
                ))
            } else if lower == "per-segment baseline table" {
                BaseSection::Skip(Skipped::new(
                    *line,
                    "the introduction under `Per-segment baseline table` is left out; the segment tables under it are converted",
                ))
            } else if lower == "last edited" {
                BaseSection::Skip(Skipped::new(
                    *line,
                    "Last edited left out: only the taxonomy file keeps a Last edited date",
                ))
            } else if *level == 1 {
                BaseSection::Skip(Skipped::new(
                    *line,
                    "the template's introduction is not carried over",
                ))
            } else {
                BaseSection::Skip(Skipped::new(*line, generic_skip(h)))
            };
            continue;
        }
        match (&mut section, block) {
            (BaseSection::Skip(s), _) => s.touch(notes),
            (
                BaseSection::Segment { columns },
                Block::TableRow {
                    header: true,
                    cells,
                    ..
                },
            ) => {
                let find = |words: &[&str]| {
                    cells.iter().position(|c| {
                        let t = md::plain(c).to_ascii_lowercase();
                        words.iter().any(|w| t.contains(w))
                    })
                };
                *columns = [
                    find(&["metric"]),
                    find(&["median"]),
                    find(&["band"]),
                    find(&["note"]),
                ];
            }
            (
                BaseSection::Segment { columns },
                Block::TableRow {
                    header: false,
                    cells,
                    line,
                },
            ) => {
                let get = |i: Option<usize>| {
                    i.and_then(|i| cells.get(i))
                        .map(|c| md::plain(c).trim().to_string())
                        .unwrap_or_default()
                };
                let metric = columns[0]
                    .and_then(|i| cells.get(i))
                    .map(|c| md::codes(c))
                    .unwrap_or_default();
                let Some(metric) = metric
                    .first()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty() && !m.contains('{'))
                else {
                    notes.add(
                        line,
                        format!(
                            "row `{}` left out: the metric must be a backticked metric name",
                            get(columns[0])
                        ),
                    );
                    continue;
                };
                let mut median = get(columns[1]);
                let band = get(columns[2]);
                if baselines::parse_pct(&median).is_none() {
                    notes.add(
                        line,
                        format!("`{metric}` left out: median `{median}` is not a percentage"),
                    );
                    continue;
                }
                if !median.ends_with('%') && !median.contains('(') {
                    median.push('%');
                }
                if baselines::parse_pct(&band).is_none() || band.starts_with(['-', '−']) {
                    notes.add(
                        line,
                        format!(
                            "`{metric}` left out: noise band `{band}` is not a band like `±7%`"
                        ),
                    );
                    continue;
                }
                let note = get(columns[3]);
                if let Some(seg) = out.segments.last_mut() {
                    seg.rows.push([metric, median, band, note]);
                }
            }
            (BaseSection::Segment { .. }, Block::Paragraph { inlines, .. }) => {
                if let Some(seg) = out.segments.last_mut() {
                    seg.prose.push(markdown(&inlines));
                }
            }
            (BaseSection::Prose, Block::Paragraph { inlines, .. }) => {
                if let Some((_, lines)) = out.prose.last_mut() {
                    lines.push(markdown(&inlines));
                }
            }
            (BaseSection::Prose, Block::Item { inlines, .. }) => {
                if let Some((_, lines)) = out.prose.last_mut() {
                    lines.push(format!("- {}", markdown(&inlines)));
                }
            }
            (_, Block::Item { line, inlines, .. }) => notes.add(
                line,
                format!(
                    "`{}` left out: not a part of this section this tool reads",
                    md::plain(&inlines).trim()
                ),
            ),
            (_, Block::TableRow { line, .. }) => notes.add(
                line,
                "table row left out: not under a `### Segment:` heading",
            ),
            (_, Block::Heading { .. }) => {}
        }
    }
    out
}

impl BaselinesOut {
    fn render(&self, today: NaiveDate) -> String {
        let mut o = String::new();
        o.push_str("# Segment baselines\n\n");
        o.push_str(&format!(
            "Converted from the skill's segment baseline config by `expansion-signals import-skill`\non {today}. \
             Usage events whose weekly change is within a segment's normal range are\nignored; edit the ranges as described below.\n\n"
        ));
        o.push_str(&how_to_edit(SHIPPED_BASELINES));
        for seg in &self.segments {
            o.push_str(&format!("\n### Segment: {}\n\n", seg.name));
            o.push_str(
                "| Metric | Median weekly delta | Noise band | Notes |\n|---|---|---|---|\n",
            );
            for [metric, median, band, note] in &seg.rows {
                let note = if note.is_empty() {
                    String::new()
                } else {
                    format!(" {}", cell(note))
                };
                o.push_str(&format!(
                    "| `{}` | {} | {} |{note} |\n",
                    metric,
                    cell(median),
                    cell(band)
                ));
            }
            for p in &seg.prose {
                o.push_str(&format!("\n{p}\n"));
            }
        }
        let entry = format!(
            "- {today} — converted from the skill's baseline config with `expansion-signals import-skill` — values unchanged"
        );
        let mut log_seen = false;
        for (heading, lines) in &self.prose {
            // Paragraphs apart, consecutive bullets together.
            let mut chunks: Vec<String> = Vec::new();
            let push = |chunks: &mut Vec<String>, l: &str| match chunks.last_mut() {
                Some(last) if l.starts_with("- ") && last.starts_with("- ") => {
                    last.push('\n');
                    last.push_str(l);
                }
                _ => chunks.push(l.to_string()),
            };
            for l in lines {
                push(&mut chunks, l);
            }
            if heading.eq_ignore_ascii_case("calibration log") {
                log_seen = true;
                push(&mut chunks, &entry);
            }
            o.push_str(&format!("\n## {heading}\n\n{}\n", chunks.join("\n\n")));
        }
        if !log_seen {
            o.push_str(&format!("\n## Calibration log\n\n{entry}\n"));
        }
        o
    }
}

// ---------------------------------------------------------------------------------------
// Action library

struct ActionSectionOut {
    sku: String,
    prose: Vec<String>,
    /// (trigger pattern cell, action cell)
    rows: Vec<(String, String)>,
}

#[derive(Default)]
struct LibraryOut {
    sections: Vec<ActionSectionOut>,
    denylist: Vec<String>,
}

enum LibSection {
    Sku { columns: [usize; 2] },
    Denylist,
    Skip(Skipped),
}

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
fn trigger_pattern(cell_inlines: &[Inline], line: usize) -> (Vec<String>, Vec<String>) {
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

/// The action cell: surrounding quotes removed, placeholders this tool does not fill
/// turned into `[name]` text for the CSM lead to replace.
fn action_text(inlines: &[Inline]) -> (String, Vec<String>) {
    static PLACEHOLDER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{([^{}]*)\}").expect("valid"));
    let text = markdown(inlines);
    let mut t = text.trim();
    for (open, close) in [('"', '"'), ('“', '”')] {
        if t.len() > 1 && t.starts_with(open) && t.ends_with(close) {
            t = t[open.len_utf8()..t.len() - close.len_utf8()].trim();
        }
    }
    let mut replaced = Vec::new();
    let out = PLACEHOLDER.replace_all(t, |c: &regex::Captures<'_>| {
        let name = c[1].trim().to_string();
        if actions::PLACEHOLDERS.contains(&name.as_str()) {
            c[0].to_string()
        } else {
            if !replaced.contains(&name) {
                replaced.push(name.clone());
            }
            format!("[{name}]")
        }
    });
    let mut notes = Vec::new();
    if !replaced.is_empty() {
        notes.push(format!(
            "{} {} not filled in by this tool: written as {}; replace {} with a real link or name, e.g. [SSO checklist](https://…)",
            replaced.iter().map(|n| format!("`{{{n}}}`")).collect::<Vec<_>>().join(", "),
            if replaced.len() == 1 { "is" } else { "are" },
            replaced.iter().map(|n| format!("`[{n}]`")).collect::<Vec<_>>().join(", "),
            if replaced.len() == 1 { "it" } else { "them" },
        ));
    }
    (out.into_owned(), notes)
}

fn action_library(text: &str, notes: &mut Notes<'_>) -> LibraryOut {
    let mut out = LibraryOut::default();
    let mut section = LibSection::Skip(Skipped::new(
        1,
        "the template's introduction is not carried over",
    ));
    for block in md::blocks(text) {
        if let Block::Heading {
            level,
            text: h,
            line,
        } = &block
        {
            let lower = h.to_ascii_lowercase();
            section = if (2..=3).contains(level) && h.starts_with("SKU:") {
                let (id, _) = heading_id(&h["SKU:".len()..]);
                if is_placeholder_id(&id) {
                    notes.add(*line, format!("`## {h}` is a placeholder, not a SKU: section left out (add your next SKU by hand)"));
                    LibSection::Skip(Skipped {
                        line: *line,
                        why: String::new(),
                        noted: true,
                    })
                } else {
                    out.sections.push(ActionSectionOut {
                        sku: id,
                        prose: Vec::new(),
                        rows: Vec::new(),
                    });
                    LibSection::Sku { columns: [0, 1] }
                }
            } else if lower == "vague-language denylist" {
                LibSection::Denylist
            } else if lower == "action shape" {
                LibSection::Skip(Skipped::new(
                    *line,
                    "section `Action shape` left out: the converted file states the rule for actions in its own How to edit section, and `check` enforces it",
                ))
            } else if lower == "last edited" {
                LibSection::Skip(Skipped::new(
                    *line,
                    "Last edited left out: only the taxonomy file keeps a Last edited date",
                ))
            } else if *level == 1 {
                LibSection::Skip(Skipped::new(
                    *line,
                    "the template's introduction is not carried over",
                ))
            } else {
                LibSection::Skip(Skipped::new(*line, generic_skip(h)))
            };
            continue;
        }
        match (&mut section, block) {
            (LibSection::Skip(s), _) => s.touch(notes),
            (LibSection::Sku { columns }, Block::TableRow { header: true, cells, .. }) => {
                let find = |word: &str| cells.iter().position(|c| md::plain(c).to_ascii_lowercase().contains(word));
                *columns = [find("trigger").unwrap_or(0), find("action").unwrap_or(1)];
            }
            (LibSection::Sku { columns }, Block::TableRow { header: false, cells, line }) => {
                let (Some(trigger), Some(action)) = (cells.get(columns[0]), cells.get(columns[1])) else {
                    notes.add(line, "row left out: it needs a trigger pattern and a next-best action");
                    continue;
                };
                let (items, row_notes) = trigger_pattern(trigger, line);
                for n in row_notes {
                    notes.add(line, n);
                }
                if items.is_empty() {
                    notes.add(line, format!("row left out: nothing in \"{}\" could be matched", md::plain(trigger).trim()));
                    continue;
                }
                let (action, action_notes) = action_text(action);
                for n in action_notes {
                    notes.add(line, n);
                }
                if action.is_empty() {
                    notes.add(line, "row left out: its next-best action is empty");
                    continue;
                }
                if let Some(s) = out.sections.last_mut() {
                    s.rows.push((items.join(", "), action));
                }
            }
            (LibSection::Sku { .. }, Block::Paragraph { inlines, .. }) => {
                if let Some(s) = out.sections.last_mut() {
                    s.prose.push(markdown(&inlines));
                }
            }
            (LibSection::Denylist, Block::Item { inlines, line, .. }) => {
                let codes: Vec<String> = md::codes(&inlines).into_iter().map(|c| collapse(&c)).filter(|c| !c.is_empty()).collect();
                let rest = md::text_only(&inlines);
                if codes.is_empty() {
                    let words: Vec<String> = match quoted_strings(&rest) {
                        Ok(q) if !q.is_empty() => q.iter().map(|q| collapse(q)).collect(),
                        _ => vec![collapse(trim_separators(&rest))],
                    };
                    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
                    if words.is_empty() {
                        continue;
                    }
                    out.denylist.extend(words);
                } else {
                    if has_words(&rest) {
                        notes.add(line, format!("dropped \"{}\" after the denylist phrase: only the backticked phrase is kept", trim_separators(&collapse(&rest))));
                    }
                    out.denylist.extend(codes);
                }
            }
            (LibSection::Denylist, Block::Paragraph { line, .. }) => notes.add(
                line,
                "the denylist's explanation is left out: the converted file's How to edit section says how the denylist is applied",
            ),
            (_, Block::Item { line, inlines, .. }) => {
                notes.add(line, format!("`{}` left out: not a part of this section this tool reads", md::plain(&inlines).trim()))
            }
            (_, Block::TableRow { line, .. }) => notes.add(line, "table row left out: not under a `## SKU:` heading"),
            (_, Block::Heading { .. }) => {}
        }
    }
    out.denylist.dedup();
    out
}

impl LibraryOut {
    fn render(&self, today: NaiveDate) -> String {
        let mut o = String::new();
        o.push_str("# Action library\n\n");
        o.push_str(&format!(
            "Converted from the skill's action library by `expansion-signals import-skill` on\n{today}. \
             Each strong signal in the digest gets the first matching action of its SKU.\n\n"
        ));
        o.push_str(&how_to_edit(SHIPPED_ACTIONS));
        for s in &self.sections {
            o.push_str(&format!("\n## SKU: {}\n\n", s.sku));
            for p in &s.prose {
                o.push_str(&format!("{p}\n\n"));
            }
            o.push_str("| Trigger pattern | Next-best action |\n|---|---|\n");
            for (pattern, action) in &s.rows {
                o.push_str(&format!("| {} | {} |\n", cell(pattern), cell(action)));
            }
        }
        o.push_str("\n## Vague-language denylist\n\n");
        for p in &self.denylist {
            o.push_str(&format!("- `{p}`\n"));
        }
        o
    }
}

#[cfg(test)]
mod tests;
