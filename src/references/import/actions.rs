//! The skill's action library: a `Trigger pattern | Next-best action` table per SKU and
//! the vague-language denylist.

use super::shipped::{SHIPPED_ACTIONS, how_to_edit};
use super::text::{cell, collapse, has_words, markdown, trim_separators};
use super::triggers::trigger_pattern;
use super::{IdHeading, LAST_EDITED_LEFT_OUT, Notes, Reader, Skipped, read_blocks};
use crate::references::actions;
use crate::references::md::{self, Block, Inline};
use crate::references::pattern::quoted_strings;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

pub(super) struct ActionSectionOut {
    pub(super) sku: String,
    pub(super) prose: Vec<String>,
    /// (trigger pattern cell, action cell)
    pub(super) rows: Vec<(String, String)>,
}

#[derive(Default)]
pub(super) struct LibraryOut {
    pub(super) sections: Vec<ActionSectionOut>,
    pub(super) denylist: Vec<String>,
}

/// The part of the action library a block is in.
enum LibSection {
    /// A SKU, with the trigger-pattern and action columns of its table.
    Sku {
        columns: [usize; 2],
    },
    Denylist,
    Skip(Skipped),
}

/// `## SKU: <id>` (or `### SKU: <id>`); a placeholder is quoted as `##`.
const SKU_HEADING: IdHeading = IdHeading {
    prefix: "SKU:",
    what: "SKU",
    marks: "##",
};

/// Sections of the skill's action library left out, by lower-case heading, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "action shape",
        "section `Action shape` left out: the converted file states the rule for actions in its own How to edit section, and `check` enforces it",
    ),
    LAST_EDITED_LEFT_OUT,
];

/// Reads the skill's action library: each SKU's rows and prose, and the denylist phrases.
pub(super) fn read(text: &str, notes: &mut Notes<'_>) -> LibraryOut {
    let mut reader = LibraryReader {
        out: LibraryOut::default(),
        section: LibSection::Skip(Skipped::introduction()),
    };
    read_blocks(text, &mut reader, notes);
    let mut out = reader.out;
    out.denylist.dedup();
    out
}

/// The action library read so far and where the reader is.
struct LibraryReader {
    out: LibraryOut,
    section: LibSection,
}

impl Reader for LibraryReader {
    fn heading(&mut self, level: u8, heading: &str, line: usize, notes: &mut Notes<'_>) {
        self.section = match SKU_HEADING.read(level, heading, line, notes) {
            Some(Ok((sku, _))) => {
                self.out.sections.push(ActionSectionOut {
                    sku,
                    prose: Vec::new(),
                    rows: Vec::new(),
                });
                LibSection::Sku { columns: [0, 1] }
            }
            Some(Err(placeholder)) => LibSection::Skip(placeholder),
            None if heading.eq_ignore_ascii_case("vague-language denylist") => LibSection::Denylist,
            None => LibSection::Skip(Skipped::section(level, heading, line, LEFT_OUT)),
        };
    }

    fn block(&mut self, block: Block, notes: &mut Notes<'_>) {
        match (&mut self.section, block) {
            (LibSection::Skip(s), _) => s.touch(notes),
            (LibSection::Sku { columns }, Block::TableRow { header: true, cells, .. }) => {
                *columns = header_columns(&cells)
            }
            (LibSection::Sku { columns }, Block::TableRow { header: false, cells, line }) => {
                if let Some(row) = action_row(&cells, *columns, line, notes) {
                    self.section_out(|s| s.rows.push(row));
                }
            }
            (LibSection::Sku { .. }, Block::Paragraph { inlines, .. }) => {
                self.section_out(|s| s.prose.push(markdown(&inlines)))
            }
            (LibSection::Denylist, Block::Item { inlines, line, .. }) => {
                let phrases = denylist_phrases(&inlines, line, notes);
                self.out.denylist.extend(phrases);
            }
            (LibSection::Denylist, Block::Paragraph { line, .. }) => notes.add(
                line,
                "the denylist's explanation is left out: the converted file's How to edit section says how the denylist is applied",
            ),
            (_, Block::Item { line, inlines, .. }) => notes.not_read(line, &inlines),
            (_, Block::TableRow { line, .. }) => {
                notes.add(line, "table row left out: not under a `## SKU:` heading")
            }
            (_, Block::Heading { .. }) => {}
        }
    }
}

impl LibraryReader {
    /// Changes the SKU section the reader is in.
    fn section_out(&mut self, change: impl FnOnce(&mut ActionSectionOut)) {
        if let Some(section) = self.out.sections.last_mut() {
            change(section);
        }
    }
}

/// The trigger-pattern and action columns a SKU table's header names (else the first two).
fn header_columns(cells: &[Vec<Inline>]) -> [usize; 2] {
    let find = |word: &str| {
        cells
            .iter()
            .position(|c| md::plain(c).to_ascii_lowercase().contains(word))
    };
    [find("trigger").unwrap_or(0), find("action").unwrap_or(1)]
}

/// A SKU table row as (row pattern, action), with notes on what it lost; `None`, noted,
/// when nothing of its pattern can be matched or it has no action.
fn action_row(
    cells: &[Vec<Inline>],
    columns: [usize; 2],
    line: usize,
    notes: &mut Notes<'_>,
) -> Option<(String, String)> {
    let (Some(trigger), Some(action)) = (cells.get(columns[0]), cells.get(columns[1])) else {
        notes.add(
            line,
            "row left out: it needs a trigger pattern and a next-best action",
        );
        return None;
    };
    let (items, pattern_notes) = trigger_pattern(trigger, line);
    notes.add_all(line, pattern_notes);
    if items.is_empty() {
        let shown = md::plain(trigger);
        notes.add(
            line,
            format!(
                "row left out: nothing in \"{}\" could be matched",
                shown.trim()
            ),
        );
        return None;
    }
    let (action, action_notes) = action_text(action);
    notes.add_all(line, action_notes);
    if action.is_empty() {
        notes.add(line, "row left out: its next-best action is empty");
        return None;
    }
    Some((items.join(", "), action))
}

/// The phrases of a denylist bullet: its backticked phrases (with a note when there is
/// more text), else its quoted ones, else its whole text.
fn denylist_phrases(inlines: &[Inline], line: usize, notes: &mut Notes<'_>) -> Vec<String> {
    let codes: Vec<String> = md::codes(inlines)
        .into_iter()
        .map(|c| collapse(&c))
        .filter(|c| !c.is_empty())
        .collect();
    let rest = md::text_only(inlines);
    if codes.is_empty() {
        let words: Vec<String> = match quoted_strings(&rest) {
            Ok(q) if !q.is_empty() => q.iter().map(|q| collapse(q)).collect(),
            _ => vec![collapse(trim_separators(&rest))],
        };
        return words.into_iter().filter(|w| !w.is_empty()).collect();
    }
    if has_words(&rest) {
        notes.add(
            line,
            format!(
                "dropped \"{}\" after the denylist phrase: only the backticked phrase is kept",
                trim_separators(&collapse(&rest))
            ),
        );
    }
    codes
}

/// The action cell: surrounding quotes removed, placeholders this tool does not fill
/// turned into `[name]` text for the CSM lead to replace.
pub(super) fn action_text(inlines: &[Inline]) -> (String, Vec<String>) {
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
    let notes = if replaced.is_empty() {
        Vec::new()
    } else {
        vec![unfilled_note(&replaced)]
    };
    (out.into_owned(), notes)
}

/// The note on placeholders this tool does not fill, written as `[name]` text instead.
fn unfilled_note(names: &[String]) -> String {
    let list = |wrap: fn(&String) -> String| names.iter().map(wrap).collect::<Vec<_>>().join(", ");
    let one = names.len() == 1;
    format!(
        "{} {} not filled in by this tool: written as {}; replace {} with a real link or name, e.g. [SSO checklist](https://…)",
        list(|n| format!("`{{{n}}}`")),
        if one { "is" } else { "are" },
        list(|n| format!("`[{n}]`")),
        if one { "it" } else { "them" },
    )
}

impl LibraryOut {
    /// The converted file: this tool's How to edit section, a table per SKU and the
    /// denylist.
    pub(super) fn render(&self, today: NaiveDate) -> String {
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
