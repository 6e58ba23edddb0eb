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
//! Layout: one module per skill file (`taxonomy`, `baselines`, `actions`, with the action
//! library's trigger-pattern cells in `triggers`), the text helpers they share in `text`,
//! and the sections borrowed from this tool's shipped files in `shipped`. This module
//! holds the entry point and what every reader uses: the notes and the skipped sections.

mod actions;
mod baselines;
mod shipped;
mod taxonomy;
mod text;
mod triggers;

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

#[cfg(test)]
mod tests;
