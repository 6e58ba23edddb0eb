//! The skill's action library: a `Trigger pattern | Next-best action` table per SKU and
//! the vague-language denylist.

use super::shipped::{SHIPPED_ACTIONS, how_to_edit};
use super::text::{cell, collapse, has_words, markdown, trim_separators};
use super::triggers::trigger_pattern;
use super::{Notes, Skipped, generic_skip, heading_id, is_placeholder_id};
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

enum LibSection {
    Sku { columns: [usize; 2] },
    Denylist,
    Skip(Skipped),
}

pub(super) fn read(text: &str, notes: &mut Notes<'_>) -> LibraryOut {
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

impl LibraryOut {
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
