//! This tool's own reference files, shipped in the binary: the converted files take their
//! "How to edit this file" sections (and the taxonomy its sentence guards) from them.

use crate::references::md::{self, Block};

pub(super) const SHIPPED_TAXONOMY: &str =
    include_str!("../../../references/1-expansion-signal-taxonomy.md");
pub(super) const SHIPPED_BASELINES: &str =
    include_str!("../../../references/2-segment-baseline-config.md");
pub(super) const SHIPPED_ACTIONS: &str = include_str!("../../../references/3-action-library.md");

/// This tool's own "How to edit this file" section of a shipped reference file, found with
/// the Markdown parser (from its heading to the next heading).
pub(super) fn how_to_edit(shipped: &str) -> String {
    let headings = headings(shipped);
    let Some(start) = headings
        .iter()
        .find(|(level, text, _)| *level == 2 && text == "how to edit this file")
        .map(|(_, _, line)| *line)
    else {
        return String::new();
    };
    let end = headings
        .iter()
        .map(|(_, _, line)| *line)
        .find(|line| *line > start);
    lines(shipped, start, end)
}

/// Lines of a level-2 section of a shipped file, its heading included, up to the next
/// level-2 heading.
pub(super) fn section(shipped: &str, heading: &str) -> String {
    let level2: Vec<(String, usize)> = headings(shipped)
        .into_iter()
        .filter(|(level, _, _)| *level == 2)
        .map(|(_, text, line)| (text, line))
        .collect();
    let Some(start) = level2
        .iter()
        .find(|(text, _)| text == heading)
        .map(|(_, line)| *line)
    else {
        return String::new();
    };
    let end = level2
        .iter()
        .map(|(_, line)| *line)
        .find(|line| *line > start);
    lines(shipped, start, end)
}

/// The headings of a shipped file: level, text in lower case and line.
fn headings(shipped: &str) -> Vec<(u8, String, usize)> {
    md::blocks(shipped)
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading { level, text, line } => Some((level, text.to_ascii_lowercase(), line)),
            _ => None,
        })
        .collect()
}

/// Lines `start` up to `end` (not included; the end of the file when `None`) of a shipped
/// file, trailing blank lines dropped.
fn lines(shipped: &str, start: usize, end: Option<usize>) -> String {
    let lines: Vec<&str> = shipped.lines().collect();
    let end = end.unwrap_or(lines.len() + 1);
    lines[start - 1..end - 1].join("\n").trim_end().to_string() + "\n"
}

/// Only the bullet lines of a shipped section (to extend a list the skill already has).
pub(super) fn section_items(shipped: &str, heading: &str) -> String {
    section(shipped, heading)
        .lines()
        .filter(|l| l.starts_with("- "))
        .map(|l| format!("{l}\n"))
        .collect()
}
