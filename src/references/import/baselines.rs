//! The skill's segment baseline config: one table per segment, and the calibration log
//! and recompute cadence kept as prose.

use super::shipped::{SHIPPED_BASELINES, how_to_edit};
use super::text::{cell, markdown};
use super::{Notes, Skipped, generic_skip, heading_id, is_placeholder_id};
use crate::references::baselines;
use crate::references::md::{self, Block};
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

enum BaseSection {
    Segment { columns: [Option<usize>; 4] },
    Prose,
    Skip(Skipped),
}

pub(super) fn read(text: &str, notes: &mut Notes<'_>) -> BaselinesOut {
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
    pub(super) fn render(&self, today: NaiveDate) -> String {
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
