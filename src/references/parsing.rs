//! What the three reference-file parsers share: the list of problems of one file, a walk
//! over its Markdown blocks that hands each kind of block to the parser, and the small
//! readers of SKU ids and backticked values.

use super::Problem;
use super::md::{self, Block, Inline};

/// The problems found in one file so far, in the order they were found; each names the
/// file and a line.
pub(super) struct Problems<'a> {
    file: &'a str,
    found: Vec<Problem>,
}

impl<'a> Problems<'a> {
    /// No problems yet in `file` (the name messages show).
    pub(super) fn new(file: &'a str) -> Problems<'a> {
        Problems {
            file,
            found: Vec::new(),
        }
    }

    /// Records an error at `line`.
    pub(super) fn error(&mut self, line: usize, message: impl Into<String>) {
        self.found.push(Problem::error(self.file, line, message));
    }

    /// Records a warning at `line`.
    pub(super) fn warning(&mut self, line: usize, message: impl Into<String>) {
        self.found.push(Problem::warning(self.file, line, message));
    }

    /// The value of `result`, or `None` after recording its message as an error at `line`.
    pub(super) fn ok<T>(&mut self, line: usize, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.error(line, message)).ok()
    }

    /// Every problem recorded, in order.
    pub(super) fn into_vec(self) -> Vec<Problem> {
        self.found
    }
}

/// A parser's handling of each kind of Markdown block; a kind it does not handle is
/// skipped. Lines are 1-based.
pub(super) trait BlockReader {
    /// A heading of `level` (1 for `#`) with its text, trimmed.
    fn heading(&mut self, _level: u8, _text: &str, _line: usize) {}
    /// A list item's own content; `depth` 1 is a top-level bullet.
    fn item(&mut self, _depth: usize, _inlines: &[Inline], _line: usize) {}
    /// A paragraph outside any list.
    fn paragraph(&mut self, _inlines: &[Inline], _line: usize) {}
    /// A table row: the header row (`header`) or a body row.
    fn table_row(&mut self, _header: bool, _cells: &[Vec<Inline>], _line: usize) {}
}

/// Hands every block of `text` to `reader`, in document order.
pub(super) fn read_blocks(text: &str, reader: &mut impl BlockReader) {
    for block in md::blocks(text) {
        match block {
            Block::Heading { level, text, line } => reader.heading(level, &text, line),
            Block::Item {
                depth,
                inlines,
                line,
            } => reader.item(depth, &inlines, line),
            Block::Paragraph { inlines, line } => reader.paragraph(&inlines, line),
            Block::TableRow {
                header,
                cells,
                line,
            } => reader.table_row(header, &cells, line),
        }
    }
}

/// The id of a SKU heading, from what follows `SKU:` (notes in parentheses after it are
/// dropped); `None` unless it is one word.
pub(super) fn sku_id(rest: &str) -> Option<String> {
    let id = rest.split('(').next().unwrap_or("").trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_string())
}

/// The backticked values of `inlines`, trimmed, leaving out the empty ones.
pub(super) fn backticked(inlines: &[Inline]) -> Vec<String> {
    md::codes(inlines)
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sku_ids_are_one_word_before_any_notes() {
        let cases: &[(&str, Option<&str>)] = &[
            (" enterprise-tier", Some("enterprise-tier")),
            (" enterprise-tier (notes)", Some("enterprise-tier")),
            (" two words", None),
            ("  ", None),
            (" (notes only)", None),
        ];
        for (rest, want) in cases {
            assert_eq!(sku_id(rest).as_deref(), *want, "{rest:?}");
        }
    }

    #[test]
    fn problems_keep_file_line_and_order() {
        let mut problems = Problems::new("f.md");
        problems.warning(3, "first");
        assert_eq!(problems.ok(5, Ok::<_, String>(7)), Some(7));
        assert_eq!(problems.ok::<u8>(4, Err("second".into())), None);
        let shown: Vec<String> = problems.into_vec().iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["f.md:3: warning: first", "f.md:4: second"]);
    }
}
