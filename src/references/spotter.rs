//! The optional `## Account signals` section of the segment-baseline file: the
//! thresholds of the Spotter playbook's account-level signals (seat utilisation, renewal
//! timing, executive engagement, headcount growth, a new department, the health
//! qualifier). A file without the section has no account signals: runs are exactly as
//! before.
//!
//! ```markdown
//! ## Account signals
//! | Signal | Threshold |
//! |---|---|
//! | `seat_utilisation` | 90% |
//! | `renewal_within_days` | 90 |
//! | `headcount_growth` | 10% |
//! | `health_score_below` | 60 |
//! | `executive_titles` | VP, Chief, Head of, Director |
//! | `new_department` | on |
//! | `rank_by` | arr |
//! ```

use super::Problem;
use super::baselines::parse_pct;
use super::md::{self, Block};

/// The heading of the section (level 2).
pub const HEADING: &str = "Account signals";

/// Thresholds; a row left out turns its signal off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spotter {
    /// Seats used / licensed, percent, at or above which seats are under pressure.
    pub seat_utilisation_pct: Option<f64>,
    /// A renewal this many days after as_of or fewer is "timing".
    pub renewal_within_days: Option<i64>,
    /// Headcount growth, percent, at or above which the company is growing.
    pub headcount_growth_pct: Option<f64>,
    /// A health score below this demotes strong signals to the footer.
    pub health_score_below: Option<f64>,
    /// Words in a title that make a customer speaker an executive (case-insensitive).
    pub executive_titles: Vec<String>,
    /// Whether a usage event from a department not known to use the product counts.
    pub new_department: bool,
    /// `rank_by | renewal`: rank strong signals by renewal date first, then ARR
    /// (default: ARR first, then renewal).
    pub rank_by_renewal: bool,
    pub line: usize,
}

fn number(text: &str) -> Option<f64> {
    parse_pct(text).or_else(|| text.trim().parse().ok())
}

/// Reads the section from the baseline file's text; `None` when it is absent.
pub fn parse(file: &str, text: &str) -> (Option<Spotter>, Vec<Problem>) {
    let mut out: Option<Spotter> = None;
    let mut problems = Vec::new();
    let mut inside = false;
    for block in md::blocks(text) {
        match block {
            Block::Heading { level, text, line } if level <= 2 => {
                inside = level == 2 && text.trim().eq_ignore_ascii_case(HEADING);
                if inside {
                    out = Some(Spotter {
                        line,
                        ..Default::default()
                    });
                }
            }
            Block::TableRow {
                header: false,
                cells,
                line,
            } if inside => {
                let Some(s) = out.as_mut() else { continue };
                let key = cells.first().map(|c| md::codes(c)).unwrap_or_default();
                let value = cells.get(1).map(|c| md::plain(c)).unwrap_or_default();
                if let Err(m) = set(s, key.first().map(String::as_str).unwrap_or(""), &value) {
                    problems.push(Problem::error(file, line, m));
                }
            }
            _ => {}
        }
    }
    (out, problems)
}

fn set(s: &mut Spotter, key: &str, value: &str) -> Result<(), String> {
    let num = || {
        number(value).ok_or_else(|| {
            format!(
                "`{key}`: `{}` is not a number: write e.g. `90%` or `90`",
                value.trim()
            )
        })
    };
    match key {
        "seat_utilisation" => s.seat_utilisation_pct = Some(num()?),
        "renewal_within_days" => s.renewal_within_days = Some(num()?.round() as i64),
        "headcount_growth" => s.headcount_growth_pct = Some(num()?),
        "health_score_below" => s.health_score_below = Some(num()?),
        "executive_titles" => {
            s.executive_titles = value
                .split(',')
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect()
        }
        "new_department" => {
            s.new_department = match value.trim().to_lowercase().as_str() {
                "on" | "yes" | "true" => true,
                "off" | "no" | "false" => false,
                other => return Err(format!("`new_department`: `{other}`: write `on` or `off`")),
            }
        }
        "rank_by" => {
            s.rank_by_renewal = match value.trim().to_lowercase().as_str() {
                "renewal" => true,
                "arr" => false,
                other => return Err(format!("`rank_by`: `{other}`: write `arr` or `renewal`")),
            }
        }
        "" => {
            return Err(
                "the first column must be a backticked signal name, e.g. `seat_utilisation`".into(),
            );
        }
        other => {
            return Err(format!(
                "unknown account signal `{other}`: use seat_utilisation, renewal_within_days, headcount_growth, health_score_below, executive_titles, new_department or rank_by"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTION: &str = "# B\n### Segment: smb\n| M | Median | Band |\n|---|---|---|\n| `seat_count` | +5% | ±25% |\n## Account signals\n| Signal | Threshold |\n|---|---|\n| `seat_utilisation` | 90% |\n| `renewal_within_days` | 60 |\n| `health_score_below` | 50 |\n| `executive_titles` | VP, Chief |\n| `new_department` | on |\n| `rank_by` | renewal |\n";

    #[test]
    fn the_section_is_optional_and_parsed_when_present() {
        assert_eq!(parse("b.md", "# B\n### Segment: smb\n"), (None, vec![]));
        let (s, problems) = parse("b.md", SECTION);
        assert!(problems.is_empty(), "{problems:?}");
        let s = s.unwrap();
        assert_eq!(s.seat_utilisation_pct, Some(90.0));
        assert_eq!(s.renewal_within_days, Some(60));
        assert_eq!(s.health_score_below, Some(50.0));
        assert_eq!(s.headcount_growth_pct, None);
        assert_eq!(s.executive_titles, ["vp", "chief"]);
        assert!(s.new_department);
        assert!(s.rank_by_renewal);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let text = SECTION.replace("| `renewal_within_days` | 60 |", "| `renewal_soon` | x |");
        let (_, problems) = parse("b.md", &text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 10);
        assert!(
            problems[0].message.contains("unknown account signal"),
            "{problems:?}"
        );
    }
}
