//! Flattens a Markdown document (parsed by pulldown-cmark) into the few block kinds the
//! reference files use, each with its 1-based line number: headings, list items with
//! their nesting depth, paragraphs and table rows. Inline content keeps code spans,
//! bold text and links apart from plain text, because the grammar gives them meaning.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Link { text: String, url: String },
}

/// A run of inlines as one line of Markdown: bold, code spans and links kept, white
/// space collapsed.
pub fn markdown_line(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Strong(t) => {
                out.push_str("**");
                out.push_str(t);
                out.push_str("**");
            }
            Inline::Code(c) => {
                out.push('`');
                out.push_str(c);
                out.push('`');
            }
            Inline::Link { text, url } => out.push_str(&format!("[{text}]({url})")),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of a run of inlines (code spans in backticks, links as their text).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Strong(t) => out.push_str(t),
            Inline::Code(c) => {
                out.push('`');
                out.push_str(c);
                out.push('`');
            }
            Inline::Link { text, .. } => out.push_str(text),
        }
    }
    out
}

/// Only the text outside code spans and links, joined (used to find quoted phrases).
pub fn text_only(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Strong(t) => out.push_str(t),
            Inline::Code(_) | Inline::Link { .. } => out.push(' '),
        }
    }
    out
}

pub fn codes(inlines: &[Inline]) -> Vec<String> {
    inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Code(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    /// A list item's own content (not its nested lists); depth 1 is top level.
    Item {
        depth: usize,
        inlines: Vec<Inline>,
        line: usize,
    },
    Paragraph {
        inlines: Vec<Inline>,
        line: usize,
    },
    TableRow {
        header: bool,
        cells: Vec<Vec<Inline>>,
        line: usize,
    },
}

struct OpenItem {
    inlines: Vec<Inline>,
    line: usize,
    emitted: bool,
}

/// Parser state: the open containers inline content can go to.
#[derive(Default)]
struct State {
    out: Vec<Block>,
    items: Vec<OpenItem>,
    heading: Option<(u8, String, usize)>,
    paragraph: Option<(Vec<Inline>, usize)>,
    row: Option<(bool, Vec<Vec<Inline>>, usize)>,
    in_head: bool,
    cell: Option<Vec<Inline>>,
    strong: usize,
    link: Option<(String, String)>,
}

enum Piece<'a> {
    Text(&'a str),
    Code(&'a str),
}

impl State {
    /// The innermost open container that takes inline content.
    fn sink(&mut self) -> Option<&mut Vec<Inline>> {
        if let Some(c) = self.cell.as_mut() {
            return Some(c);
        }
        if let Some(item) = self.items.last_mut().filter(|i| !i.emitted) {
            return Some(&mut item.inlines);
        }
        self.paragraph.as_mut().map(|(p, _)| p)
    }

    fn push(&mut self, piece: Piece<'_>) {
        let text = match piece {
            Piece::Text(t) | Piece::Code(t) => t,
        };
        if let Some((link_text, _)) = self.link.as_mut() {
            link_text.push_str(text);
            return;
        }
        if let Some((_, h, _)) = self.heading.as_mut() {
            h.push_str(text);
            return;
        }
        let strong = self.strong > 0;
        let Some(sink) = self.sink() else { return };
        match piece {
            Piece::Code(c) => sink.push(Inline::Code(c.to_string())),
            Piece::Text(t) if strong => match sink.last_mut() {
                Some(Inline::Strong(s)) => s.push_str(t),
                _ => sink.push(Inline::Strong(t.to_string())),
            },
            Piece::Text(t) => match sink.last_mut() {
                Some(Inline::Text(s)) => s.push_str(t),
                _ => sink.push(Inline::Text(t.to_string())),
            },
        }
    }

    /// Emits the innermost item's own content before its nested list starts.
    fn emit_item_head(&mut self) {
        let depth = self.items.len();
        if let Some(item) = self.items.last_mut().filter(|i| !i.emitted) {
            item.emitted = true;
            let inlines = std::mem::take(&mut item.inlines);
            let line = item.line;
            self.out.push(Block::Item {
                depth,
                inlines,
                line,
            });
        }
    }

    fn end_row(&mut self) {
        if let Some((header, cells, line)) = self.row.take() {
            self.out.push(Block::TableRow {
                header,
                cells,
                line,
            });
        }
    }
}

/// Parses `text` into blocks in document order.
pub fn blocks(text: &str) -> Vec<Block> {
    let line_starts = line_starts(text);
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut st = State::default();
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for (event, range) in parser.into_offset_iter() {
        let line = line_of(range.start);
        match event {
            Event::Start(tag) => st.start(tag, line),
            Event::End(tag) => st.end(tag),
            Event::Text(t) => st.push(Piece::Text(&t)),
            Event::Code(t) => st.push(Piece::Code(&t)),
            Event::SoftBreak | Event::HardBreak => st.push(Piece::Text(" ")),
            _ => {}
        }
    }
    st.out
}

/// The byte offset where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    // Lines end with LF, CRLF or a lone CR (as CommonMark, and so pulldown-cmark, has it).
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(bytes.iter().enumerate().filter_map(|(i, &b)| {
            let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            ends.then_some(i + 1)
        }))
        .collect()
}

impl State {
    /// Opens a heading, list item, paragraph, table row or cell, strong text or link.
    fn start(&mut self, tag: Tag<'_>, line: usize) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((level as u8, String::new(), line)),
            Tag::List(_) => self.emit_item_head(),
            Tag::Item => self.items.push(OpenItem {
                inlines: Vec::new(),
                line,
                emitted: false,
            }),
            Tag::Paragraph if self.items.is_empty() => self.paragraph = Some((Vec::new(), line)),
            Tag::TableHead => {
                self.in_head = true;
                self.row = Some((true, Vec::new(), line));
            }
            Tag::TableRow => self.row = Some((self.in_head, Vec::new(), line)),
            Tag::TableCell => self.cell = Some(Vec::new()),
            Tag::Strong => self.strong += 1,
            Tag::Link { dest_url, .. } => self.link = Some((String::new(), dest_url.to_string())),
            _ => {}
        }
    }

    /// Closes what [`State::start`] opened, emitting the finished block.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text, line)) = self.heading.take() {
                    self.out.push(Block::Heading {
                        level,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            TagEnd::Item => {
                let depth = self.items.len();
                if let Some(item) = self.items.pop().filter(|i| !i.emitted) {
                    self.out.push(Block::Item {
                        depth,
                        inlines: item.inlines,
                        line: item.line,
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some((inlines, line)) = self.paragraph.take() {
                    self.out.push(Block::Paragraph { inlines, line });
                }
                // A loose list item has several paragraphs: keep their words apart.
                self.push(Piece::Text(" "));
            }
            TagEnd::TableHead => {
                self.in_head = false;
                self.end_row();
            }
            TagEnd::TableRow => self.end_row(),
            TagEnd::TableCell => {
                if let (Some(c), Some((_, cells, _))) = (self.cell.take(), self.row.as_mut()) {
                    cells.push(c);
                }
            }
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => {
                if let Some((text, url)) = self.link.take()
                    && let Some(sink) = self.sink()
                {
                    sink.push(Inline::Link { text, url });
                }
            }
            _ => {}
        }
    }
}

/// The number of lines of `text`, with the same line endings as [`blocks`] (at least 1).
pub fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let unterminated = !text.is_empty() && !text.ends_with(['\n', '\r']);
    (breaks + usize::from(unterminated)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_for_every_line_ending() {
        let doc = "# T\n\n- a\n- b\n\n| x | y |\n|---|---|\n| `m` | 1 |\n";
        let lines = |text: &str| -> Vec<usize> {
            blocks(text)
                .iter()
                .map(|b| match b {
                    Block::Heading { line, .. }
                    | Block::Item { line, .. }
                    | Block::Paragraph { line, .. }
                    | Block::TableRow { line, .. } => *line,
                })
                .collect()
        };
        let want = vec![1, 3, 4, 6, 8];
        for (ending, text) in [
            ("LF", doc.to_string()),
            ("CRLF", doc.replace('\n', "\r\n")),
            ("CR", doc.replace('\n', "\r")),
        ] {
            assert_eq!(lines(&text), want, "{ending}");
            assert_eq!(line_count(&text), 8, "{ending}");
        }
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a\rb"), 2);
    }

    #[test]
    fn items_keep_depth_line_and_inline_kinds() {
        let doc = "# T\n\n- **Call triggers**\n  - \"more seats\" — note\n  - `usage_spike` `api_calls`\n\n| a | b |\n|---|---|\n| `x` | [doc](https://example.com) |\n";
        let b = blocks(doc);
        assert_eq!(
            b[0],
            Block::Heading {
                level: 1,
                text: "T".into(),
                line: 1
            }
        );
        assert_eq!(
            b[1],
            Block::Item {
                depth: 1,
                inlines: vec![Inline::Strong("Call triggers".into())],
                line: 3
            }
        );
        assert_eq!(
            b[2],
            Block::Item {
                depth: 2,
                inlines: vec![Inline::Text("\"more seats\" — note".into())],
                line: 4
            }
        );
        match &b[3] {
            Block::Item {
                depth: 2,
                inlines,
                line: 5,
            } => {
                assert_eq!(codes(inlines), vec!["usage_spike", "api_calls"]);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            &b[4],
            Block::TableRow {
                header: true,
                line: 7,
                ..
            }
        ));
        match &b[5] {
            Block::TableRow {
                header: false,
                cells,
                line: 9,
            } => {
                assert_eq!(cells[0], vec![Inline::Code("x".into())]);
                assert_eq!(
                    cells[1],
                    vec![Inline::Link {
                        text: "doc".into(),
                        url: "https://example.com".into()
                    }]
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
