//! The skill's signal taxonomy: SKU sections with labelled trigger lists, the
//! conditional-mention guard and the Last edited date.

use super::shipped::{SHIPPED_TAXONOMY, how_to_edit, section, section_items};
use super::sku_lists::{phrases_of, ticket_trigger, usage_trigger};
use super::{IdHeading, Notes, Reader, Skipped, read_blocks};
use crate::references::md::{self, Block, Inline};
use chrono::NaiveDate;

/// The sentence-guard sections a converted taxonomy gets from this tool's shipped file
/// (the skill has no such lists; without them its guards would be off).
const GUARD_SECTIONS: &[&str] = &[
    "objection guard",
    "negation guard",
    "past-event guard",
    "other-party guard",
    "still intent",
];

#[derive(Default)]
pub(super) struct SkuOut {
    pub(super) id: String,
    pub(super) description: Option<String>,
    pub(super) call: Vec<String>,
    pub(super) usage: Vec<String>,
    pub(super) ticket: Vec<String>,
    pub(super) negative: Vec<String>,
}

#[derive(Default)]
pub(super) struct TaxonomyOut {
    pub(super) skus: Vec<SkuOut>,
    pub(super) guard: Vec<String>,
    pub(super) last_edited: Option<NaiveDate>,
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Call,
    Usage,
    Ticket,
    Negative,
}

/// The part of the taxonomy a block is in.
enum TaxSection {
    Sku,
    Guard,
    LastEdited,
    Skip(Skipped),
}

/// `### SKU: <id>` (or `## SKU: <id>`); a placeholder is quoted as `###`.
const SKU_HEADING: IdHeading = IdHeading {
    prefix: "SKU:",
    what: "SKU",
    marks: "###",
};

/// Sections of the skill's taxonomy left out, by lower-case heading, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "strong-signal cutoff",
        "section `Strong-signal cutoff` left out: the strong rule is built in here (a call mention and a usage event for the same SKU in the week) and cannot be edited",
    ),
    (
        "sku map",
        "the explanation under `SKU map` is left out: the converted file explains the four lists in its own How to edit section",
    ),
];

/// Reads the skill's taxonomy: its SKUs with their trigger lists, the guard phrases and
/// the Last edited date (`today` when it is a placeholder, not a date or missing).
pub(super) fn read(text: &str, today: NaiveDate, notes: &mut Notes<'_>) -> TaxonomyOut {
    let mut reader = TaxonomyReader {
        out: TaxonomyOut::default(),
        section: TaxSection::Skip(Skipped::introduction()),
        label: None,
        last_edited_seen: false,
        today,
    };
    read_blocks(text, &mut reader, notes);
    reader.finish(notes)
}

/// The taxonomy read so far and where the reader is.
struct TaxonomyReader {
    out: TaxonomyOut,
    section: TaxSection,
    /// The label the current SKU's bullets belong to.
    label: Option<Label>,
    /// Whether there is a `## Last edited` heading (named when it holds no date).
    last_edited_seen: bool,
    today: NaiveDate,
}

impl Reader for TaxonomyReader {
    fn heading(&mut self, level: u8, heading: &str, line: usize, notes: &mut Notes<'_>) {
        self.label = None;
        self.section = match SKU_HEADING.read(level, heading, line, notes) {
            Some(Ok((id, description))) => {
                self.out.skus.push(SkuOut {
                    id,
                    description,
                    ..Default::default()
                });
                TaxSection::Sku
            }
            Some(Err(placeholder)) => TaxSection::Skip(placeholder),
            None => match heading.to_ascii_lowercase().as_str() {
                "conditional-mention guard" => TaxSection::Guard,
                "last edited" => {
                    self.last_edited_seen = true;
                    TaxSection::LastEdited
                }
                _ => TaxSection::Skip(Skipped::section(level, heading, line, LEFT_OUT)),
            },
        };
    }

    fn block(&mut self, block: Block, notes: &mut Notes<'_>) {
        match (&mut self.section, block) {
            (TaxSection::Skip(s), _) => s.touch(notes),
            (TaxSection::Sku, Block::Item { inlines, line, .. }) => {
                self.sku_item(inlines, line, notes)
            }
            (TaxSection::Guard, Block::Item { inlines, line, .. }) => {
                let phrases = phrases_of(&inlines, line, "conditional-guard phrase", notes);
                self.out.guard.extend(phrases);
            }
            (TaxSection::Guard, Block::Paragraph { line, .. }) => notes.add(
                line,
                "the guard's explanation is left out: here a customer sentence containing any guard phrase is not counted, whatever its verb",
            ),
            (TaxSection::LastEdited, Block::Paragraph { inlines, line })
                if self.out.last_edited.is_none() =>
            {
                self.last_edited(&inlines, line, notes)
            }
            (_, Block::Item { line, inlines, .. } | Block::Paragraph { line, inlines }) => {
                notes.not_read(line, &inlines)
            }
            (_, Block::TableRow { line, .. }) => {
                notes.add(line, "table row left out: the taxonomy has no tables")
            }
            (_, Block::Heading { .. }) => {}
        }
    }
}

impl TaxonomyReader {
    /// A bullet of a SKU section: a label, with or without an entry after it, or an entry
    /// of the label above it.
    fn sku_item(&mut self, inlines: Vec<Inline>, line: usize, notes: &mut Notes<'_>) {
        let entry = match label_of(&inlines) {
            Some((label, rest)) => {
                self.label = Some(label);
                rest
            }
            None => inlines,
        };
        if md::plain(&entry).trim().is_empty() {
            return;
        }
        let Some(sku) = self.out.skus.last_mut() else {
            return;
        };
        let Some(label) = self.label else {
            let bullet = md::plain(&entry);
            notes.add(
                line,
                format!(
                    "bullet `{}` is not under **Call triggers**, **Usage triggers**, **Ticket triggers** or **Negative-example phrases**: left out",
                    bullet.trim()
                ),
            );
            return;
        };
        match label {
            Label::Call => sku
                .call
                .extend(phrases_of(&entry, line, "call trigger", notes)),
            Label::Negative => {
                let phrases = phrases_of(&entry, line, "negative-example phrase", notes);
                sku.negative.extend(phrases);
            }
            Label::Usage => sku.usage.extend(usage_trigger(&entry, line, notes)),
            Label::Ticket => sku.ticket.extend(ticket_trigger(&entry, line, notes)),
        }
    }

    /// The date under `## Last edited`; today's date, with a note, when it is not one.
    fn last_edited(&mut self, inlines: &[Inline], line: usize, notes: &mut Notes<'_>) {
        let written = md::plain(inlines).trim().to_string();
        let problem = match NaiveDate::parse_from_str(&written, "%Y-%m-%d") {
            Ok(date) => {
                self.out.last_edited = Some(date);
                return;
            }
            Err(_) if written.contains(['{', '}']) || written.contains("YYYY") => {
                "is a placeholder"
            }
            Err(_) => "is not a date",
        };
        let today = self.today;
        notes.add(
            line,
            format!("Last edited `{written}` {problem}: wrote today's date, {today}"),
        );
        self.out.last_edited = Some(today);
    }

    /// The taxonomy read, with a note when it has no Last edited date.
    fn finish(self, notes: &mut Notes<'_>) -> TaxonomyOut {
        if self.out.last_edited.is_none() {
            notes.add(
                1,
                format!(
                    "no Last edited date{}: wrote today's date, {}",
                    if self.last_edited_seen {
                        " under `## Last edited`"
                    } else {
                        ""
                    },
                    self.today
                ),
            );
        }
        self.out
    }
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

impl TaxonomyOut {
    /// The converted file: this tool's How to edit section, the SKUs, the guard phrases
    /// (the skill's, then this tool's) with this tool's sentence guards, and the Last
    /// edited date.
    pub(super) fn render(&self, today: NaiveDate) -> String {
        let mut o = String::new();
        o.push_str("# Expansion-signal taxonomy\n\n");
        o.push_str(&format!(
            "Converted from the skill's taxonomy by `expansion-signals import-skill` on {today}.\n\
             The tool reads this file at every run; edit it as described below.\n\n"
        ));
        o.push_str(&how_to_edit(SHIPPED_TAXONOMY));
        o.push_str("\n## SKUs\n");
        for sku in &self.skus {
            o.push_str(&sku.render());
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

impl SkuOut {
    /// `### SKU: <id> (<description>)` with its non-empty lists.
    fn render(&self) -> String {
        let mut o = format!("\n### SKU: {}", self.id);
        if let Some(d) = &self.description {
            o.push_str(&format!(" ({d})"));
        }
        o.push_str("\n\n");
        let quoted = |phrases: &[String]| phrases.iter().map(|p| format!("\"{p}\"")).collect();
        let lists: [(&str, Vec<String>); 4] = [
            ("Call triggers", quoted(&self.call)),
            ("Usage triggers", self.usage.clone()),
            ("Ticket triggers", self.ticket.clone()),
            ("Negative-example phrases", quoted(&self.negative)),
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
        o
    }
}
