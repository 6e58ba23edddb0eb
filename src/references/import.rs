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
//!
//! Layout: one module per skill file (`taxonomy`, `baselines`, `actions`); the entries of
//! the taxonomy's SKU lists are read in `sku_lists` and the action library's
//! trigger-pattern cells in `triggers`. The text helpers they share are in `text`, the
//! sections borrowed from this tool's shipped files in `shipped`. This module holds the
//! entry point and what every reader uses: the notes, the block loop and the sections
//! left out.

mod actions;
mod baselines;
mod shipped;
mod sku_lists;
mod taxonomy;
mod text;
mod triggers;

use super::md::{self, Block, Inline};
use super::{ACTIONS_FILE, BASELINES_FILE, TAXONOMY_FILE};
use chrono::NaiveDate;
use std::fmt;

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
    let tax = taxonomy::read(inputs.taxonomy.text, today, &mut n);
    if tax.skus.is_empty() {
        unusable.push(n.make(
            1,
            "no `### SKU: <id>` section with a usable SKU id: nothing to convert",
        ));
    }
    let taxonomy_text = tax.render(today);

    let mut n = Notes::new(inputs.baselines.name, &mut notes);
    let base = baselines::read(inputs.baselines.text, &mut n);
    if base.segments.iter().all(|s| s.rows.is_empty()) {
        unusable.push(n.make(
            1,
            "no `### Segment: <name>` section with a usable table row: nothing to convert",
        ));
    }
    let baselines_text = base.render(today);

    let mut n = Notes::new(inputs.actions.name, &mut notes);
    let lib = actions::read(inputs.actions.text, &mut n);
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
    /// A note at `line` of this file.
    fn make(&self, line: usize, message: impl Into<String>) -> Note {
        Note {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }
    /// Adds a note at `line` of this file.
    fn add(&mut self, line: usize, message: impl Into<String>) {
        let note = self.make(line, message);
        self.out.push(note);
    }
    /// Adds every message at the same line.
    fn add_all(&mut self, line: usize, messages: Vec<String>) {
        for message in messages {
            self.add(line, message);
        }
    }
    /// Notes a bullet or paragraph its section has no place for.
    fn not_read(&mut self, line: usize, inlines: &[Inline]) {
        self.add(
            line,
            format!(
                "`{}` left out: not a part of this section this tool reads",
                md::plain(inlines).trim()
            ),
        );
    }
}

/// A reader of one skill file, fed the file's Markdown blocks in order.
trait Reader {
    /// Opens the section a heading starts.
    fn heading(&mut self, level: u8, heading: &str, line: usize, notes: &mut Notes<'_>);
    /// Reads a block of the current section (never a heading).
    fn block(&mut self, block: Block, notes: &mut Notes<'_>);
}

/// Feeds the blocks of `text` to `reader`: headings to [`Reader::heading`], every other
/// block to [`Reader::block`].
fn read_blocks(text: &str, reader: &mut impl Reader, notes: &mut Notes<'_>) {
    for block in md::blocks(text) {
        match block {
            Block::Heading { level, text, line } => reader.heading(level, &text, line, notes),
            block => reader.block(block, notes),
        }
    }
}

/// Why the text before a file's first heading, or under a level-1 heading, is left out.
const INTRODUCTION: &str = "the template's introduction is not carried over";

/// The baselines and the action library have a `## Last edited` section too; only the
/// taxonomy's is kept.
const LAST_EDITED_LEFT_OUT: (&str, &str) = (
    "last edited",
    "Last edited left out: only the taxonomy file keeps a Last edited date",
);

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
    /// The text before the file's first heading.
    fn introduction() -> Skipped {
        Skipped::new(1, INTRODUCTION)
    }
    /// A section the reader has no use for, with the reason `known` gives for its heading
    /// (compared in lower case), else the introduction under a level-1 heading, else a
    /// general reason.
    fn section(level: u8, heading: &str, line: usize, known: &[(&str, &str)]) -> Skipped {
        let lower = heading.to_ascii_lowercase();
        if let Some((_, why)) = known.iter().find(|(h, _)| *h == lower) {
            Skipped::new(line, *why)
        } else if level == 1 {
            Skipped::new(line, INTRODUCTION)
        } else {
            Skipped::new(line, generic_skip(heading))
        }
    }
    /// Called for each block of the section: notes the section the first time.
    fn touch(&mut self, notes: &mut Notes<'_>) {
        if !self.noted {
            self.noted = true;
            notes.add(self.line, self.why.clone());
        }
    }
}

/// Why a section with a heading this tool does not know is left out.
fn generic_skip(heading: &str) -> String {
    format!("section `{heading}` has no place in this tool's file format: not carried over")
}

/// A kind of heading that opens a section with an id: `### SKU: <id>` or
/// `### Segment: <name>` (read at level 2 or 3).
struct IdHeading {
    /// What the heading starts with, e.g. `SKU:`.
    prefix: &'static str,
    /// What the id names, as a note says it ("SKU", "segment").
    what: &'static str,
    /// The heading marks a note quotes a placeholder heading with (`##` or `###`).
    marks: &'static str,
}

impl IdHeading {
    /// `Some(Ok((id, description)))` for a heading of this kind with a usable id,
    /// `Some(Err(section))` for a placeholder such as `### SKU: {your_next_sku}` (noted,
    /// its section left out), `None` for any other heading.
    fn read(
        &self,
        level: u8,
        heading: &str,
        line: usize,
        notes: &mut Notes<'_>,
    ) -> Option<Result<(String, Option<String>), Skipped>> {
        let rest = heading
            .strip_prefix(self.prefix)
            .filter(|_| (2..=3).contains(&level))?;
        let (id, description) = heading_id(rest);
        if !is_placeholder_id(&id) {
            return Some(Ok((id, description)));
        }
        let (marks, what) = (self.marks, self.what);
        notes.add(
            line,
            format!(
                "`{marks} {heading}` is a placeholder, not a {what}: section left out (add your next {what} by hand)"
            ),
        );
        Some(Err(Skipped {
            line,
            why: String::new(),
            noted: true,
        }))
    }
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

/// Whether an id is a template placeholder (`{your_next_sku}`) or several words: not
/// an id this tool can use.
fn is_placeholder_id(id: &str) -> bool {
    id.is_empty() || id.contains(['{', '}']) || id.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests;
