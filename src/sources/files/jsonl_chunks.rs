//! A JSON Lines file in large chunks of whole lines, read on another thread (the calls
//! file, which may be gigabytes).

use super::data_dir::ProgressHook;
use super::error::{InputError, Location, not_utf8};
use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// Bytes of a JSON Lines file read at a time by [`stream_jsonl_chunks`].
const CHUNK: usize = 8 << 20;

/// A run of whole lines of a JSON Lines file, in one reusable buffer.
pub struct Chunk {
    buf: Vec<u8>,
    /// (line number from 1, byte range in `buf`) of each non-blank line.
    spans: Vec<(usize, std::ops::Range<usize>)>,
}

impl Chunk {
    /// The lines as text with their location; a line that is not UTF-8 is an error.
    pub fn lines(&self, file: &str) -> Result<Vec<(Location, &str)>, InputError> {
        match self.lines_until_error(file) {
            (_, Some(e)) => Err(e),
            (lines, None) => Ok(lines),
        }
    }

    /// The lines before the first one that is not a JSON object in UTF-8 text, and that
    /// line's error: the caller handles the good lines first, so errors come in file order.
    pub fn lines_until_error<'s>(
        &'s self,
        file: &str,
    ) -> (Vec<(Location, &'s str)>, Option<InputError>) {
        let mut lines = Vec::with_capacity(self.spans.len());
        for (n, r) in &self.spans {
            match self.line(file, *n, r.clone()) {
                Ok(Some(l)) => lines.push(l),
                Ok(None) => {}
                Err(e) => return (lines, Some(e)),
            }
        }
        (lines, None)
    }

    /// Line `n`: `None` when blank, an error when not UTF-8 or not a JSON object.
    fn line<'s>(
        &'s self,
        file: &str,
        n: usize,
        r: std::ops::Range<usize>,
    ) -> Result<Option<(Location, &'s str)>, InputError> {
        let loc = Location::Line(n);
        let bytes = &self.buf[r];
        let text = std::str::from_utf8(bytes).map_err(|_| not_utf8(file, loc, bytes))?;
        // Spreadsheet and PowerShell exports often start with a byte-order mark.
        let text = if n == 1 {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        if text.trim().is_empty() {
            return Ok(None);
        }
        if !text.trim_start().starts_with('{') {
            return Err(InputError::Record {
                file: file.to_string(),
                location: loc,
                field: "(record)".into(),
                message: "each line must be one JSON object".into(),
            });
        }
        Ok(Some((loc, text)))
    }
}

/// Streams a JSON Lines file in chunks of whole lines: a reader thread fills reusable
/// buffers (no allocation per line, memory bounded by a few chunks) while `f` handles
/// the previous chunk.
pub fn stream_jsonl_chunks(
    path: &Path,
    shown: &str,
    progress: Option<&ProgressHook>,
    f: &mut dyn FnMut(&Chunk) -> Result<(), InputError>,
) -> Result<(), InputError> {
    stream_jsonl_sized(path, shown, progress, CHUNK, f)
}

fn stream_jsonl_sized(
    path: &Path,
    shown: &str,
    progress: Option<&ProgressHook>,
    chunk_size: usize,
    f: &mut dyn FnMut(&Chunk) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let io = |e: std::io::Error| InputError::Io {
        file: shown.to_string(),
        message: e.to_string(),
    };
    let file = File::open(path).map_err(io)?;
    std::thread::scope(|scope| -> Result<(), InputError> {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Chunk>(2);
        let (free_tx, free_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let reader = scope.spawn(move || read_chunks(file, chunk_size, full_tx, free_rx));
        let consumed = full_rx.iter().try_for_each(|chunk| {
            if let Some(p) = progress {
                (p.0)(chunk.buf.len() as u64);
            }
            let r = f(&chunk);
            let _ = free_tx.send(chunk.buf);
            r
        });
        drop(full_rx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the reader thread failed")))
            .map_err(io);
        consumed.and(read)
    })
}

/// The reader thread of [`stream_jsonl_sized`]: fills buffers (reused once handled) with
/// whole lines and sends them as chunks, until the end of the file or until the consumer
/// stops.
fn read_chunks(
    mut file: File,
    chunk_size: usize,
    full_tx: SyncSender<Chunk>,
    free_rx: Receiver<Vec<u8>>,
) -> Result<(), std::io::Error> {
    use std::io::Read;
    let mut carry: Vec<u8> = Vec::new();
    let mut line_no = 1;
    loop {
        let mut buf = free_rx
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(chunk_size + (1 << 16)));
        buf.clear();
        buf.extend_from_slice(&carry);
        carry.clear();
        let read = (&mut file).take(chunk_size as u64).read_to_end(&mut buf)?;
        let eof = read == 0;
        // Keep the last, unfinished line for the next chunk (unless at the end).
        let end = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                // One line longer than a chunk: read more of it.
                None => {
                    carry = std::mem::take(&mut buf);
                    continue;
                }
            }
        };
        carry.extend_from_slice(&buf[end..]);
        buf.truncate(end);
        let spans = spans_of(&buf, &mut line_no);
        let last = eof && carry.is_empty();
        if (!spans.is_empty() || !buf.is_empty()) && full_tx.send(Chunk { buf, spans }).is_err() {
            return Ok(()); // the consumer stopped
        }
        if last {
            return Ok(());
        }
    }
}

/// (line number, byte range) of each non-blank line in `buf`, the first being line
/// `line_no`; `line_no` moves past every line ended in `buf`.
fn spans_of(buf: &[u8], line_no: &mut usize) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', buf) {
        push_span(&mut spans, buf, *line_no, start..i);
        *line_no += 1;
        start = i + 1;
    }
    if start < buf.len() {
        push_span(&mut spans, buf, *line_no, start..buf.len());
    }
    spans
}

fn push_span(
    spans: &mut Vec<(usize, std::ops::Range<usize>)>,
    buf: &[u8],
    line_no: usize,
    r: std::ops::Range<usize>,
) {
    let mut r = r;
    if r.end > r.start && buf[r.end - 1] == b'\r' {
        r.end -= 1;
    }
    if !buf[r.clone()].iter().all(u8::is_ascii_whitespace) {
        spans.push((line_no, r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::files::each_raw_in;

    #[test]
    fn chunks_keep_lines_whole_and_numbered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        let long = format!("{{\"k\":\"{}\"}}", "y".repeat(50));
        let text = format!("\u{feff}{{\"a\":1}}\r\n\n  \n{{\"b\":22}}\n{long}\n{{\"c\":3}}");
        std::fs::write(&path, &text).unwrap();
        for chunk_size in [1, 3, 7, 16, 1 << 20] {
            let mut got = Vec::new();
            stream_jsonl_sized(&path, "x.jsonl", None, chunk_size, &mut |chunk| {
                for (loc, line) in chunk.lines("x.jsonl")? {
                    got.push((loc, line.to_string()));
                }
                Ok(())
            })
            .unwrap();
            let want = vec![
                (Location::Line(1), "{\"a\":1}".to_string()),
                (Location::Line(4), "{\"b\":22}".to_string()),
                (Location::Line(5), long.clone()),
                (Location::Line(6), "{\"c\":3}".to_string()),
            ];
            assert_eq!(got, want, "chunk size {chunk_size}");
        }
    }

    #[test]
    fn bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, b"{\"a\":1}\n[1]\n").unwrap();
        let err = stream_jsonl_sized(&path, "x.jsonl", None, 4, &mut |chunk| {
            chunk.lines("x.jsonl").map(|_| ())
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.jsonl: line 2, field `(record)`: each line must be one JSON object"
        );
        std::fs::write(&path, b"{\"a\":1}\n{\"b\":\"\xff\"}\n").unwrap();
        let err = stream_jsonl_sized(&path, "x.jsonl", None, 4, &mut |chunk| {
            chunk.lines("x.jsonl").map(|_| ())
        })
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.jsonl: line 2, field `b`: not UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn line_numbers_count_every_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(30));
        // (file text, the line numbers of its records)
        let cases: Vec<(String, Vec<usize>)> = vec![
            ("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n".into(), vec![1, 2, 3]),
            ("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}".into(), vec![1, 3, 4]),
            (format!("{long}\n{{\"b\":2}}\n{long}\n"), vec![1, 2, 3]),
            ("\n\n{\"a\":1}\n{\"b\":2}\n".into(), vec![3, 4]),
            ("\u{feff}\n{\"a\":1}\n \n{\"b\":2}\n".into(), vec![2, 4]),
        ];
        for (text, want) in cases {
            std::fs::write(&path, &text).unwrap();
            for chunk_size in 1..40 {
                let mut got = Vec::new();
                stream_jsonl_sized(&path, "x", None, chunk_size, &mut |chunk| {
                    for (loc, _) in chunk.lines("x")? {
                        got.push(loc);
                    }
                    Ok(())
                })
                .unwrap();
                let want: Vec<Location> = want.iter().map(|&n| Location::Line(n)).collect();
                assert_eq!(got, want, "{text:?} chunk {chunk_size}");
            }
            // The other reader (used by `account` and the smaller inputs) agrees.
            let mut got = Vec::new();
            each_raw_in(&path, &mut |loc, _| {
                got.push(loc);
                Ok(())
            })
            .unwrap();
            let want: Vec<Location> = want.iter().map(|&n| Location::Line(n)).collect();
            assert_eq!(got, want, "{text:?} each_raw_in");
        }
    }
}
