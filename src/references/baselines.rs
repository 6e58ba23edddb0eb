//! `2-segment-baseline-config.md`: per segment and metric, the median weekly delta and
//! the noise band around it.

use super::Problem;
use super::md::{self, Inline};
use super::parsing::{self, BlockReader, Problems};

#[derive(Debug, Clone, PartialEq)]
pub struct BaselineRow {
    pub metric: String,
    /// Median weekly delta in percentage points.
    pub median: f64,
    /// Half-width of the noise band in percentage points (0: any change is signal).
    pub band: f64,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub name: String,
    pub line: usize,
    pub rows: Vec<BaselineRow>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Baselines {
    pub segments: Vec<Segment>,
}

impl Baselines {
    /// The row for a segment and metric; both compared case-insensitively.
    pub fn row(&self, segment: &str, metric: &str) -> Option<&BaselineRow> {
        self.segments
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(segment))?
            .rows
            .iter()
            .find(|r| r.metric.eq_ignore_ascii_case(metric))
    }
}

/// Reads a signed percentage such as `+1.5%`, `-2 %`, `0` or `±7%` (the sign is ignored
/// for bands); anything after the number, like `(any > 0 is signal)`, is a note. A
/// German decimal comma is read as a point (`+1,5 %`).
pub fn parse_pct(text: &str) -> Option<f64> {
    let t = text.trim();
    let (negative, rest) = if let Some(r) = t.strip_prefix("±").or_else(|| t.strip_prefix("+/-")) {
        (false, r)
    } else if let Some(r) = t.strip_prefix('+') {
        (false, r)
    } else if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        (true, r)
    } else {
        (false, t)
    };
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let number: f64 = rest[..end].replace(',', ".").parse().ok()?;
    let after = rest[end..].trim_start();
    let after = after.strip_prefix('%').unwrap_or(after).trim();
    if !(after.is_empty() || after.starts_with('(')) {
        return None;
    }
    Some(if negative { -number } else { number })
}

/// Where the three columns the tool reads are, found by their header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    metric: usize,
    median: usize,
    band: usize,
}

impl Columns {
    /// Reads a header row: `Metric`, `Median weekly delta` (or `Median`) and `Noise band`
    /// (or `Band`), or their German names `Metrik`, `Median der Wochenänderung` and
    /// `Schwankungsbereich`, any case, in any order, among any other columns.
    fn from_header(cells: &[Vec<Inline>]) -> Result<Columns, String> {
        let names: Vec<String> = cells
            .iter()
            .map(|c| md::plain(c).trim().to_lowercase())
            .collect();
        let find = |ok: &dyn Fn(&str) -> bool| names.iter().position(|n| ok(n));
        let metric = find(&|n| matches!(n, "metric" | "metrik"));
        let median = find(&|n| {
            matches!(
                n,
                "median weekly delta" | "median" | "median der wochenänderung"
            )
        });
        let band = find(&|n| matches!(n, "noise band" | "band" | "schwankungsbereich"));
        match (metric, median, band) {
            (Some(metric), Some(median), Some(band)) => Ok(Columns {
                metric,
                median,
                band,
            }),
            _ => {
                let missing: Vec<&str> = [
                    (metric, "Metric"),
                    (median, "Median weekly delta"),
                    (band, "Noise band"),
                ]
                .iter()
                .filter(|(c, _)| c.is_none())
                .map(|(_, n)| *n)
                .collect();
                Err(format!(
                    "the table has no `{}` column: its header must name the columns `Metric`, `Median weekly delta` and `Noise band` (any order, other columns are ignored; in German `Metrik`, `Median der Wochenänderung` and `Schwankungsbereich`)",
                    missing.join("`, `")
                ))
            }
        }
    }

    /// Reads a body row at `line` into a baseline row, or says what is wrong with it
    /// (checked in column order: metric, median, band).
    fn read_row(&self, cells: &[Vec<Inline>], line: usize) -> Result<BaselineRow, String> {
        let cell = |i: usize| cells.get(i).map(|c| md::plain(c)).unwrap_or_default();
        let metric = cells
            .get(self.metric)
            .map(|c| md::codes(c))
            .unwrap_or_default();
        let (median, band) = (cell(self.median), cell(self.band));
        let metric = metric
            .first()
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .ok_or("the `Metric` column must hold a backticked metric name, e.g. `seat_count`")?;
        let Some(median_v) = parse_pct(&median) else {
            return Err(format!(
                "`{metric}`: median `{}` is not a percentage: write e.g. `+1.5%`",
                median.trim()
            ));
        };
        let negative_band = band.trim_start().starts_with(['-', '−']);
        let Some(band_v) = parse_pct(&band).filter(|_| !negative_band) else {
            return Err(format!(
                "`{metric}`: noise band `{}` is not a band: write e.g. `±7%` or `±0 (any > 0 is signal)`",
                band.trim()
            ));
        };
        Ok(BaselineRow {
            metric,
            median: median_v,
            band: band_v,
            line,
        })
    }
}

/// A heading of the form `Something: …`: (Something, the rest).
fn labelled(heading: &str) -> Option<(&str, &str)> {
    let (label, rest) = heading.split_once(':')?;
    let word = |c: char| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_';
    (!label.trim().is_empty() && label.chars().all(word)).then_some((label.trim(), rest))
}

/// Parses the segment-baseline file; returns what it could read and every problem.
pub fn parse(file: &str, text: &str) -> (Baselines, Vec<Problem>) {
    let mut parser = Parser {
        out: Baselines::default(),
        problems: Problems::new(file),
        in_segment: false,
        columns: None,
    };
    parsing::read_blocks(text, &mut parser);
    parser.finish()
}

/// The parser's state while it reads the file's blocks in order.
struct Parser<'a> {
    out: Baselines,
    problems: Problems<'a>,
    /// Under a valid `### Segment:` heading, whose segment is the last one.
    in_segment: bool,
    /// The current table's columns; `Err` after a header without them.
    columns: Option<Result<Columns, ()>>,
}

impl BlockReader for Parser<'_> {
    /// Every heading ends the segment; `### Segment: <name>` starts one, and another
    /// `Label: …` heading is a misspelled one.
    fn heading(&mut self, level: u8, h: &str, line: usize) {
        self.in_segment = false;
        self.columns = None;
        let Some((label, rest)) = labelled(h).filter(|_| level >= 2) else {
            return;
        };
        if !label.eq_ignore_ascii_case("segment") || level != 3 {
            self.problems.error(
                line,
                format!(
                    "unknown heading `{} {h}`: a segment starts with `### Segment: <name>`, e.g. `### Segment: mid-market`",
                    "#".repeat(level as usize)
                ),
            );
            return;
        }
        self.start_segment(rest.trim(), line);
    }

    /// A segment's header row sets the columns; its body rows are baselines.
    fn table_row(&mut self, header: bool, cells: &[Vec<Inline>], line: usize) {
        if !self.in_segment {
            return;
        }
        if header {
            let columns = Columns::from_header(cells).map_err(|e| self.problems.error(line, e));
            self.columns = Some(columns);
        } else {
            self.add_row(cells, line);
        }
    }
}

impl Parser<'_> {
    /// Starts the segment `name` (heading at `line`) unless it is empty or a duplicate.
    fn start_segment(&mut self, name: &str, line: usize) {
        if name.is_empty() {
            self.problems.error(
                line,
                "`### Segment:` without a name: write e.g. `### Segment: mid-market`",
            );
        } else if let Some(prev) = self
            .out
            .segments
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
        {
            self.problems.error(
                line,
                format!(
                    "duplicate segment `{name}` (first defined on line {}): merge the two tables",
                    prev.line
                ),
            );
        } else {
            self.out.segments.push(Segment {
                name: name.to_string(),
                line,
                rows: Vec::new(),
            });
            self.in_segment = true;
        }
    }

    /// Adds a body row to the current segment unless it is malformed or names a metric
    /// the segment already has.
    fn add_row(&mut self, cells: &[Vec<Inline>], line: usize) {
        let Some(segment) = self.out.segments.last_mut() else {
            return;
        };
        // A table without a usable header was reported once, at its header.
        let Some(Ok(columns)) = self.columns else {
            return;
        };
        let Some(row) = self.problems.ok(line, columns.read_row(cells, line)) else {
            return;
        };
        if let Some(prev) = segment
            .rows
            .iter()
            .find(|r| r.metric.eq_ignore_ascii_case(&row.metric))
        {
            self.problems.error(
                line,
                format!(
                    "duplicate metric `{}` in segment `{}` (first on line {})",
                    row.metric, segment.name, prev.line
                ),
            );
            return;
        }
        segment.rows.push(row);
    }

    /// Reports segments without rows and a file without segments, and returns the result.
    fn finish(mut self) -> (Baselines, Vec<Problem>) {
        for s in &self.out.segments {
            if s.rows.is_empty() {
                self.problems.error(
                    s.line,
                    format!(
                        "segment `{}` has no table rows: add a `| Metric | Median weekly delta | Noise band |` table",
                        s.name
                    ),
                );
            }
        }
        if self.out.segments.is_empty() {
            self.problems
                .error(1, "no `### Segment: <name>` section: add one per segment");
        }
        (self.out, self.problems.into_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        let cases: &[(&str, Option<f64>)] = &[
            ("+1.5%", Some(1.5)),
            ("-2 %", Some(-2.0)),
            ("0", Some(0.0)),
            ("0%", Some(0.0)),
            ("±7%", Some(7.0)),
            ("± 12 %", Some(12.0)),
            ("+/-20%", Some(20.0)),
            ("±0 (any > 0 is signal)", Some(0.0)),
            ("seven", None),
            ("7% roughly", None),
            ("+1,5 %", Some(1.5)),
            ("±0,5%", Some(0.5)),
            ("1,2,3%", None),
            ("1.5,0%", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_pct(text), *want, "{text:?}");
        }
    }

    const GOOD: &str = "# B\n### Segment: enterprise\n| Metric | Median | Band | Notes |\n|---|---|---|---|\n| `seat_count` | +0.5% | ±3% | slow |\n| `tier_gated_feature_attempts` | 0% | ±0 (any > 0 is signal) | |\n### Segment: smb\n| Metric | Median | Band |\n|---|---|---|\n| `api_calls` | +8% | ±40% |\n";

    /// A German CSM lead's table: German column names, decimal commas.
    #[test]
    fn german_column_names() {
        let md = "# B\n### Segment: smb\n| Metrik | Median der Wochenänderung | Schwankungsbereich | Notizen |\n|---|---|---|---|\n| `seat_count` | +1,5 % | ±7 % | ruhig |\n";
        let (b, problems) = parse("b.md", md);
        assert!(problems.is_empty(), "{problems:?}");
        let row = b.row("smb", "seat_count").unwrap();
        assert_eq!((row.median, row.band), (1.5, 7.0));
    }

    #[test]
    fn parses_rows() {
        let (b, problems) = parse("b.md", GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let row = b.row("Enterprise", "seat_count").unwrap();
        assert_eq!((row.median, row.band, row.line), (0.5, 3.0, 5));
        assert_eq!(
            b.row("enterprise", "tier_gated_feature_attempts")
                .unwrap()
                .band,
            0.0
        );
        assert_eq!(b.row("smb", "api_calls").unwrap().median, 8.0);
        assert!(b.row("smb", "seat_count").is_none());
    }

    #[test]
    fn bad_rows_name_their_line() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "| `seat_count` | +0.5% | ±3% | slow |",
                "| seat_count | +0.5% | ±3% | slow |",
                "b.md:5: the `Metric` column",
            ),
            (
                "| `seat_count` | +0.5% | ±3% | slow |",
                "| `seat_count` | half | ±3% | slow |",
                "b.md:5: `seat_count`: median `half`",
            ),
            (
                "| `seat_count` | +0.5% | ±3% | slow |",
                "| `seat_count` | +0.5% | wide | slow |",
                "b.md:5: `seat_count`: noise band `wide`",
            ),
            (
                "### Segment: smb",
                "### Segment: Enterprise",
                "b.md:7: duplicate segment `Enterprise` (first defined on line 2)",
            ),
        ];
        for (from, to, want) in cases {
            let (_, problems) = parse("b.md", &GOOD.replace(from, to));
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert!(
                shown.iter().any(|s| s.starts_with(want)),
                "{want}: {shown:?}"
            );
        }
    }

    #[test]
    fn columns_are_read_by_header() {
        let table = |header: &str, sep: &str, row: &str| {
            format!("# B\n### Segment: smb\n{header}\n{sep}\n{row}\n")
        };
        // (header, row, expected (median, band) or the start of the problem)
        type Case<'a> = (&'a str, &'a str, Result<(f64, f64), &'a str>);
        let cases: &[Case] = &[
            (
                "| Metric | Median weekly delta | Noise band | Notes |",
                "| `api_calls` | +8% | ±40% | n |",
                Ok((8.0, 40.0)),
            ),
            (
                "| Notes | noise BAND | metric | MEDIAN WEEKLY DELTA |",
                "| n | ±40% | `api_calls` | +8% |",
                Ok((8.0, 40.0)),
            ),
            (
                "| Owner | Metric | Band | Median |",
                "| ops | `api_calls` | ±40% | -2% |",
                Ok((-2.0, 40.0)),
            ),
            (
                "| Metric | Median weekly delta | Notes |",
                "| `api_calls` | +8% | ±40% |",
                Err("b.md:3: the table has no `Noise band` column"),
            ),
            (
                "| Name | Delta | Spread |",
                "| `api_calls` | +8% | ±40% |",
                Err(
                    "b.md:3: the table has no `Metric`, `Median weekly delta`, `Noise band` column",
                ),
            ),
        ];
        for (header, row, want) in cases {
            let sep = "|---".repeat(header.matches('|').count() - 1) + "|";
            let (b, problems) = parse("b.md", &table(header, &sep, row));
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            match want {
                Ok((median, band)) => {
                    assert!(problems.is_empty(), "{header}: {shown:?}");
                    let r = b.row("smb", "api_calls").unwrap();
                    assert_eq!((r.median, r.band), (*median, *band), "{header}");
                }
                Err(start) => {
                    assert!(shown[0].starts_with(start), "{header}: {shown:?}");
                    assert!(b.row("smb", "api_calls").is_none());
                }
            }
        }
    }

    #[test]
    fn misspelled_headings_are_errors() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "### Segmnet: smb",
                Some(
                    "b.md:7: unknown heading `### Segmnet: smb`: a segment starts with `### Segment: <name>`",
                ),
            ),
            (
                "## Segment: smb",
                Some("b.md:7: unknown heading `## Segment: smb`"),
            ),
            ("### segment: smb", None),
            ("### Notes for smb", None),
        ];
        for (heading, want) in cases {
            let (b, problems) = parse("b.md", &GOOD.replace("### Segment: smb", heading));
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            match want {
                Some(w) => assert!(
                    shown.iter().any(|s| s.starts_with(w)),
                    "{heading}: {shown:?}"
                ),
                None => assert!(
                    problems.is_empty() || !heading.contains(':'),
                    "{heading}: {shown:?}"
                ),
            }
            if heading.contains(':') && want.is_none() {
                assert!(b.row("smb", "api_calls").is_some(), "{heading}");
            }
        }
    }

    #[test]
    fn any_prefix_of_the_real_file_parses_without_panicking() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("references")
            .join(crate::references::BASELINES_FILE);
        let text = std::fs::read_to_string(path).unwrap();
        for (i, _) in text.char_indices().step_by(3) {
            let _ = parse("f.md", &text[..i]);
            let _ = parse("f.md", &text[..i].replace('\n', "\r"));
        }
    }
}
