//! The skill's segment baseline config: one table per segment, and the calibration log
//! and recompute cadence kept as prose.

use super::shipped::{SHIPPED_BASELINES, how_to_edit};
use super::text::{cell, markdown};
use super::{IdHeading, LAST_EDITED_LEFT_OUT, Notes, Reader, Skipped, read_blocks};
use crate::references::baselines;
use crate::references::md::{self, Block, Inline};
use chrono::NaiveDate;

pub(super) struct SegmentOut {
    pub(super) name: String,
    /// (metric, median, band, notes)
    pub(super) rows: Vec<[String; 4]>,
    pub(super) prose: Vec<String>,
}

#[derive(Default)]
pub(super) struct BaselinesOut {
    pub(super) segments: Vec<SegmentOut>,
    /// Kept prose sections (calibration log, recompute cadence): heading and lines.
    pub(super) prose: Vec<(String, Vec<String>)>,
}

/// The part of the baseline config a block is in.
enum BaseSection {
    /// A segment, with the columns of its table.
    Segment {
        columns: Columns,
    },
    /// The calibration log or the recompute cadence.
    Prose,
    Skip(Skipped),
}

/// Where a segment table has its metric, median, noise band and notes (`None`: it has no
/// such column).
type Columns = [Option<usize>; 4];

/// The columns of a segment table until its header names them.
const DEFAULT_COLUMNS: Columns = [Some(0), Some(1), Some(2), Some(3)];

/// `### Segment: <name>` (or `## Segment: <name>`).
const SEGMENT_HEADING: IdHeading = IdHeading {
    prefix: "Segment:",
    what: "segment",
    marks: "###",
};

/// Sections of the skill's baseline config left out, by lower-case heading, and why.
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "how baselines are used",
        "section `How baselines are used` left out: the converted file explains the noise band in its own How to edit section",
    ),
    (
        "per-segment baseline table",
        "the introduction under `Per-segment baseline table` is left out; the segment tables under it are converted",
    ),
    LAST_EDITED_LEFT_OUT,
];

/// Reads the skill's baseline config: each segment's table rows and prose, and the
/// calibration log and recompute cadence as prose.
pub(super) fn read(text: &str, notes: &mut Notes<'_>) -> BaselinesOut {
    let mut reader = BaselinesReader {
        out: BaselinesOut::default(),
        section: BaseSection::Skip(Skipped::introduction()),
    };
    read_blocks(text, &mut reader, notes);
    reader.out
}

/// The baseline config read so far and where the reader is.
struct BaselinesReader {
    out: BaselinesOut,
    section: BaseSection,
}

impl Reader for BaselinesReader {
    fn heading(&mut self, level: u8, heading: &str, line: usize, notes: &mut Notes<'_>) {
        self.section = match SEGMENT_HEADING.read(level, heading, line, notes) {
            Some(Ok((name, _))) => {
                self.out.segments.push(SegmentOut {
                    name,
                    rows: Vec::new(),
                    prose: Vec::new(),
                });
                BaseSection::Segment {
                    columns: DEFAULT_COLUMNS,
                }
            }
            Some(Err(placeholder)) => BaseSection::Skip(placeholder),
            None => match heading.to_ascii_lowercase().as_str() {
                "calibration log" | "recompute cadence" => {
                    self.out.prose.push((heading.to_string(), Vec::new()));
                    BaseSection::Prose
                }
                _ => BaseSection::Skip(Skipped::section(level, heading, line, LEFT_OUT)),
            },
        };
    }

    fn block(&mut self, block: Block, notes: &mut Notes<'_>) {
        match (&mut self.section, block) {
            (BaseSection::Skip(s), _) => s.touch(notes),
            (
                BaseSection::Segment { columns },
                Block::TableRow {
                    header: true,
                    cells,
                    ..
                },
            ) => *columns = header_columns(&cells),
            (
                BaseSection::Segment { columns },
                Block::TableRow {
                    header: false,
                    cells,
                    line,
                },
            ) => match segment_row(&cells, *columns) {
                Ok(row) => self.segment(|s| s.rows.push(row)),
                Err(why) => notes.add(line, why),
            },
            (BaseSection::Segment { .. }, Block::Paragraph { inlines, .. }) => {
                self.segment(|s| s.prose.push(markdown(&inlines)))
            }
            (BaseSection::Prose, Block::Paragraph { inlines, .. }) => {
                self.prose_line(markdown(&inlines))
            }
            (BaseSection::Prose, Block::Item { inlines, .. }) => {
                self.prose_line(format!("- {}", markdown(&inlines)))
            }
            (_, Block::Item { line, inlines, .. }) => notes.not_read(line, &inlines),
            (_, Block::TableRow { line, .. }) => notes.add(
                line,
                "table row left out: not under a `### Segment:` heading",
            ),
            (_, Block::Heading { .. }) => {}
        }
    }
}

impl BaselinesReader {
    /// Changes the segment the reader is in.
    fn segment(&mut self, change: impl FnOnce(&mut SegmentOut)) {
        if let Some(segment) = self.out.segments.last_mut() {
            change(segment);
        }
    }
    /// Adds a line to the prose section the reader is in.
    fn prose_line(&mut self, line: String) {
        if let Some((_, lines)) = self.out.prose.last_mut() {
            lines.push(line);
        }
    }
}

/// The columns a segment table's header names.
fn header_columns(cells: &[Vec<Inline>]) -> Columns {
    let find = |word: &str| {
        cells
            .iter()
            .position(|c| md::plain(c).to_ascii_lowercase().contains(word))
    };
    [find("metric"), find("median"), find("band"), find("note")]
}

/// A segment table row as `[metric, median, noise band, notes]`, a `%` added to a bare
/// median; or why the row is left out.
fn segment_row(cells: &[Vec<Inline>], columns: Columns) -> Result<[String; 4], String> {
    let get = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| md::plain(c).trim().to_string())
            .unwrap_or_default()
    };
    let Some(metric) = metric_name(columns[0].and_then(|i| cells.get(i))) else {
        return Err(format!(
            "row `{}` left out: the metric must be a backticked metric name",
            get(columns[0])
        ));
    };
    let mut median = get(columns[1]);
    let band = get(columns[2]);
    if baselines::parse_pct(&median).is_none() {
        return Err(format!(
            "`{metric}` left out: median `{median}` is not a percentage"
        ));
    }
    if !median.ends_with('%') && !median.contains('(') {
        median.push('%');
    }
    if baselines::parse_pct(&band).is_none() || band.starts_with(['-', '−']) {
        return Err(format!(
            "`{metric}` left out: noise band `{band}` is not a band like `±7%`"
        ));
    }
    Ok([metric, median, band, get(columns[3])])
}

/// The backticked metric name of a cell, unless there is none or it is a placeholder.
fn metric_name(cell: Option<&Vec<Inline>>) -> Option<String> {
    let codes = cell.map(|c| md::codes(c)).unwrap_or_default();
    codes
        .first()
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty() && !m.contains('{'))
}

impl BaselinesOut {
    /// The converted file: this tool's How to edit section, a table per segment, the kept
    /// prose sections and a calibration log entry for the conversion.
    pub(super) fn render(&self, today: NaiveDate) -> String {
        let mut o = String::new();
        o.push_str("# Segment baselines\n\n");
        o.push_str(&format!(
            "Converted from the skill's segment baseline config by `expansion-signals import-skill`\non {today}. \
             Usage events whose weekly change is within a segment's normal range are\nignored; edit the ranges as described below.\n\n"
        ));
        o.push_str(&how_to_edit(SHIPPED_BASELINES));
        for seg in &self.segments {
            o.push_str(&seg.render());
        }
        let entry = format!(
            "- {today} — converted from the skill's baseline config with `expansion-signals import-skill` — values unchanged"
        );
        let mut log_seen = false;
        for (heading, lines) in &self.prose {
            let is_log = heading.eq_ignore_ascii_case("calibration log");
            log_seen |= is_log;
            o.push_str(&prose_section(heading, lines, is_log.then_some(&entry)));
        }
        if !log_seen {
            o.push_str(&format!("\n## Calibration log\n\n{entry}\n"));
        }
        o
    }
}

impl SegmentOut {
    /// `### Segment: <name>` with its table and its prose.
    fn render(&self) -> String {
        let mut o = format!("\n### Segment: {}\n\n", self.name);
        o.push_str("| Metric | Median weekly delta | Noise band | Notes |\n|---|---|---|---|\n");
        for [metric, median, band, note] in &self.rows {
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
        for p in &self.prose {
            o.push_str(&format!("\n{p}\n"));
        }
        o
    }
}

/// A kept prose section: paragraphs apart, consecutive bullets together, and `entry` (a
/// bullet) at its end.
fn prose_section(heading: &str, lines: &[String], entry: Option<&String>) -> String {
    let mut chunks: Vec<String> = Vec::new();
    for l in lines.iter().chain(entry) {
        match chunks.last_mut() {
            Some(last) if l.starts_with("- ") && last.starts_with("- ") => {
                last.push('\n');
                last.push_str(l);
            }
            _ => chunks.push(l.to_string()),
        }
    }
    format!("\n## {heading}\n\n{}\n", chunks.join("\n\n"))
}
