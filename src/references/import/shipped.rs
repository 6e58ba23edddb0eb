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
    let blocks = md::blocks(shipped);
    let start = blocks.iter().find_map(|b| match b {
        Block::Heading {
            level: 2,
            text,
            line,
        } if text.eq_ignore_ascii_case("how to edit this file") => Some(*line),
        _ => None,
    });
    let Some(start) = start else {
        return String::new();
    };
    let end = blocks.iter().find_map(|b| match b {
        Block::Heading { line, .. } if *line > start => Some(*line),
        _ => None,
    });
    let lines: Vec<&str> = shipped.lines().collect();
    let end = end.unwrap_or(lines.len() + 1);
    let mut out = lines[start - 1..end - 1].join("\n").trim_end().to_string();
    out.push('\n');
    out
}

/// Lines of a level-2 section of a shipped file, its heading included, up to the next
/// level-2 heading.
pub(super) fn section(shipped: &str, heading: &str) -> String {
    let blocks = md::blocks(shipped);
    let level2 = |b: &Block| match b {
        Block::Heading {
            level: 2,
            text,
            line,
        } => Some((text.to_ascii_lowercase(), *line)),
        _ => None,
    };
    let Some(start) = blocks
        .iter()
        .filter_map(level2)
        .find(|(t, _)| t == heading)
        .map(|(_, l)| l)
    else {
        return String::new();
    };
    let end = blocks
        .iter()
        .filter_map(level2)
        .find(|(_, l)| *l > start)
        .map(|(_, l)| l);
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
