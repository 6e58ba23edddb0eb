//! The data directory: one file per input, `NAME.json` (a JSON array) or `NAME.jsonl`
//! (JSON Lines).
//!
//! Files are streamed record by record: a record is parsed, validated and (for calls)
//! reduced to its customer mentions before the next batch is read, so memory grows with
//! the number of accounts and the evidence kept, not with the volume of transcript text.
//! Call batches are parsed and matched on all cores.
//!
//! Every bad record is an [`InputError`] naming the file, the record (array index, or
//! line number for `.jsonl`) and the field.

use super::record::Record;
use crate::model::{Account, Call, Portfolio, StakeholderChange, Ticket, UsageEvent};
use crate::pipeline::classify::extract_for_run;
use crate::pipeline::collect::{Admission, Collector, Window, admission};
use crate::pipeline::extract::{CallEvidence, Matcher};
use rayon::prelude::*;
use serde::de::{DeserializeOwned, DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

pub const ACCOUNTS: &str = "accounts";
pub const CALLS: &str = "calls";
pub const USAGE_EVENTS: &str = "usage_events";
pub const SUPPORT_TICKETS: &str = "support_tickets";
pub const STAKEHOLDER_CHANGES: &str = "stakeholder_changes";

/// JSON arrays up to this size are parsed from memory rather than streamed.
const IN_MEMORY_LIMIT: u64 = 64 << 20;

/// How many call records are parsed and matched in parallel at a time.
const BATCH: usize = 256;

/// Where in a file a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Index in a JSON array, from 0.
    Index(usize),
    /// Line of a JSON Lines file, from 1.
    Line(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Index(i) => write!(f, "record [{i}]"),
            Location::Line(n) => write!(f, "line {n}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{dir}: no `{name}.json` or `{name}.jsonl`: every data directory needs {name}")]
    Missing { dir: String, name: &'static str },
    #[error("{dir}: both `{name}.json` and `{name}.jsonl` exist: keep one of them")]
    Ambiguous { dir: String, name: &'static str },
    #[error("{file}: cannot read it: {message}")]
    Io { file: String, message: String },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}: {location}, field `{field}`: {message}")]
    Record {
        file: String,
        location: Location,
        field: String,
        message: String,
    },
}

/// Called with the size of each call record read (for a progress bar).
#[derive(Clone)]
pub struct ProgressHook(pub std::sync::Arc<dyn Fn(u64) + Send + Sync>);

impl fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// A data directory on disk.
#[derive(Debug, Clone)]
pub struct DataDir {
    pub dir: PathBuf,
    pub progress: Option<ProgressHook>,
}

impl DataDir {
    pub fn new(dir: impl Into<PathBuf>) -> DataDir {
        DataDir {
            dir: dir.into(),
            progress: None,
        }
    }

    pub fn with_progress(mut self, hook: ProgressHook) -> DataDir {
        self.progress = Some(hook);
        self
    }

    /// Size in bytes of the calls file (for a progress bar's total).
    pub fn calls_size(&self) -> u64 {
        match self.file(CALLS, false) {
            Ok(Some(p)) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            _ => 0,
        }
    }

    fn file(&self, name: &'static str, required: bool) -> Result<Option<PathBuf>, InputError> {
        let json = self.dir.join(format!("{name}.json"));
        let jsonl = self.dir.join(format!("{name}.jsonl"));
        let dir = self.dir.display().to_string();
        match (json.is_file(), jsonl.is_file()) {
            (true, true) => Err(InputError::Ambiguous { dir, name }),
            (true, false) => Ok(Some(json)),
            (false, true) => Ok(Some(jsonl)),
            (false, false) if required => {
                if !self.dir.is_dir() {
                    return Err(InputError::Io {
                        file: dir,
                        message: "no such directory: the data directory (`--data DIR`, or `data` in the config file) must hold accounts.json, calls.json, …".into(),
                    });
                }
                Err(InputError::Missing { dir, name })
            }
            (false, false) => Ok(None),
        }
    }

    /// Reads every record of an input, in order, as raw JSON with its location.
    fn each_raw(
        &self,
        name: &'static str,
        required: bool,
        f: &mut dyn FnMut(Location, String) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let Some(path) = self.file(name, required)? else {
            return Ok(());
        };
        each_raw_in(&path, f)
    }

    /// Reads and validates one whole input into memory.
    fn read_all<T: DeserializeOwned + Record>(
        &self,
        name: &'static str,
        required: bool,
    ) -> Result<Vec<T>, InputError> {
        let mut out = Vec::new();
        let mut ids = HashSet::new();
        let file = self.shown(name);
        self.each_raw(name, required, &mut |loc, raw| {
            let rec: T = parse_record(&file, loc, raw.as_str())?;
            check_unique(&file, loc, &rec, &mut ids)?;
            out.push(rec);
            Ok(())
        })?;
        Ok(out)
    }

    fn shown(&self, name: &'static str) -> String {
        match self.file(name, false) {
            Ok(Some(p)) => p.display().to_string(),
            _ => self.dir.join(format!("{name}.json")).display().to_string(),
        }
    }

    /// The whole directory in memory (for small data sets, snapshots and tests).
    pub fn load_portfolio(&self) -> Result<Portfolio, InputError> {
        let accounts = self.accounts_checked()?;
        Ok(Portfolio {
            accounts,
            calls: self.read_all(CALLS, true)?,
            usage_events: self.read_all(USAGE_EVENTS, true)?,
            support_tickets: self.read_all(SUPPORT_TICKETS, true)?,
            stakeholder_changes: self.read_all(STAKEHOLDER_CHANGES, false)?,
        })
    }

    /// Every record of one input (`files::CALLS`, …), validated, in file order.
    pub fn load<T: DeserializeOwned + Record>(
        &self,
        name: &'static str,
        required: bool,
    ) -> Result<Vec<T>, InputError> {
        self.read_all(name, required)
    }

    /// The accounts, validated (at least one).
    pub fn load_accounts(&self) -> Result<Vec<Account>, InputError> {
        self.accounts_checked()
    }

    fn accounts_checked(&self) -> Result<Vec<Account>, InputError> {
        let accounts: Vec<Account> = self.read_all(ACCOUNTS, true)?;
        if accounts.is_empty() {
            return Err(InputError::File {
                file: self.shown(ACCOUNTS),
                message: "no accounts: the portfolio needs at least one account".into(),
            });
        }
        Ok(accounts)
    }
}

impl DataDir {
    /// Steps 1 and 3 over the calls file, on all cores.
    fn collect_calls(
        &self,
        collector: &mut Collector,
        window: Window,
        matcher: &Matcher,
    ) -> Result<(), InputError> {
        // Calls: a reader thread cuts the file into batches of raw records while the rayon
        // pool parses and matches the previous batch; only the evidence is kept.
        let file = self.shown(CALLS);
        let path = self.file(CALLS, true)?.expect("required input");
        let mut ids = HashSet::new();
        let progress = self.progress.clone();
        let mut consume = |batch: &[(Location, &str)]| -> Result<(), InputError> {
            let known = |id: &str| collector.knows(id);
            let results: Vec<Result<ParsedCall, InputError>> = batch
                .par_iter()
                .map(|(loc, raw)| {
                    let call: Call = parse_record(&file, *loc, raw)?;
                    let kept = admission(known(&call.account_id), window, call.occurred_at)
                        == Admission::Kept;
                    Ok(ParsedCall {
                        loc: *loc,
                        evidence: kept.then(|| extract_for_run(&call, matcher)),
                        call_id: call.call_id,
                        account_id: call.account_id,
                        at: call.occurred_at,
                    })
                })
                .collect();
            for r in results {
                let p = r?;
                if !ids.insert(p.call_id.clone()) {
                    return Err(duplicate(&file, p.loc, "call_id", &p.call_id));
                }
                if collector.admit(&p.account_id, p.at) == Admission::Kept
                    && let Some(ev) = p.evidence
                {
                    collector.extracted_call(ev);
                }
            }
            Ok(())
        };
        if path.extension().is_some_and(|e| e == "jsonl") {
            stream_jsonl_chunks(&path, &file, progress.as_ref(), &mut |chunk| {
                let (lines, bad) = chunk.lines_until_error(&file);
                consume(&lines)?;
                bad.map_or(Ok(()), Err)
            })?;
        } else {
            std::thread::scope(|scope| -> Result<(), InputError> {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Location, String)>>(4);
                let reader = scope.spawn(move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    let read = each_raw_in(&path, &mut |loc, raw| {
                        if let Some(p) = &progress {
                            (p.0)(raw.len() as u64 + 1);
                        }
                        batch.push((loc, raw));
                        if batch.len() >= BATCH {
                            // A closed channel means the consumer failed: stop reading.
                            tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                                .map_err(|_| InputError::File {
                                    file: String::new(),
                                    message: "stopped".into(),
                                })?;
                        }
                        Ok(())
                    });
                    // The records read before a broken one are checked too, so that the
                    // first error in file order wins.
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    read
                });
                let consumed = rx.iter().try_for_each(|batch| {
                    let borrowed: Vec<(Location, &str)> =
                        batch.iter().map(|(l, r)| (*l, r.as_str())).collect();
                    consume(&borrowed)
                });
                // Dropping the receiver unblocks a reader waiting to send.
                drop(rx);
                let read = reader.join().unwrap_or_else(|_| {
                    Err(InputError::File {
                        file: file.clone(),
                        message: "the reader thread failed".into(),
                    })
                });
                // The first error in file order wins: a consumer error is about an
                // earlier record than anything the reader saw after it stopped.
                consumed.and(read)
            })?;
        }

        Ok(())
    }
}

impl super::Source for DataDir {
    fn describe(&self) -> String {
        self.dir.display().to_string()
    }

    fn accounts(&self) -> Result<Vec<Account>, InputError> {
        self.accounts_checked()
    }

    fn collect(
        &self,
        window: Window,
        matcher: &Matcher,
    ) -> Result<crate::pipeline::collect::Collected, InputError> {
        let started = std::time::Instant::now();
        let accounts = self.accounts_checked()?;
        let mut collector = Collector::new(accounts, window);
        tracing::debug!(elapsed = ?started.elapsed(), "accounts read");

        // The smaller inputs are read on another thread while the calls stream.
        let (calls, others) = std::thread::scope(|scope| {
            let others = scope.spawn(|| -> Result<_, InputError> {
                Ok((
                    self.read_all::<UsageEvent>(USAGE_EVENTS, true)?,
                    self.read_all::<Ticket>(SUPPORT_TICKETS, true)?,
                    self.read_all::<StakeholderChange>(STAKEHOLDER_CHANGES, false)?,
                ))
            });
            let calls = self.collect_calls(&mut collector, window, matcher);
            (calls, others.join())
        });
        tracing::debug!(elapsed = ?started.elapsed(), "calls read");
        // Errors in file order: calls before the others.
        calls?;
        let (usage, tickets, changes) = others.unwrap_or_else(|_| {
            Err(InputError::File {
                file: self.dir.display().to_string(),
                message: "the reader thread failed".into(),
            })
        })?;
        for e in usage {
            collector.usage(e);
        }
        for t in tickets {
            collector.ticket(t);
        }
        for c in changes {
            collector.stakeholder_change(c);
        }
        tracing::debug!(elapsed = ?started.elapsed(), "all inputs read");
        Ok(collector.finish())
    }

    fn each_call(
        &self,
        window: Window,
        accounts: &HashSet<String>,
        f: &mut dyn FnMut(&Call),
    ) -> Result<(), InputError> {
        if accounts.is_empty() {
            return Ok(());
        }
        let file = self.shown(CALLS);
        // Only records that name one of the accounts are parsed in full.
        let ids: Vec<&str> = accounts.iter().map(String::as_str).collect();
        let finder = aho_corasick::AhoCorasick::new(&ids).ok();
        self.each_raw(CALLS, true, &mut |loc, raw| {
            if finder.as_ref().is_none_or(|a| a.is_match(raw.as_str())) {
                let call: Call = parse_record(&file, loc, raw.as_str())?;
                if accounts.contains(&call.account_id) && window.contains(call.occurred_at) {
                    f(&call);
                }
            }
            Ok(())
        })
    }

    fn account_portfolio(&self, account_id: &str) -> Result<Portfolio, InputError> {
        // Only records that mention the id anywhere are parsed in full: a lookup should
        // not pay for parsing every transcript of the portfolio.
        fn pick<T: DeserializeOwned + Record>(
            dir: &DataDir,
            name: &'static str,
            required: bool,
            id: &str,
        ) -> Result<Vec<T>, InputError> {
            let file = dir.shown(name);
            let mut out = Vec::new();
            dir.each_raw(name, required, &mut |loc, raw| {
                if raw.contains(id) || escaped_account_id(&raw).is_some_and(|a| a == id) {
                    let rec: T = parse_record(&file, loc, raw.as_str())?;
                    if rec.account_id() == Some(id) {
                        out.push(rec);
                    }
                }
                Ok(())
            })?;
            Ok(out)
        }
        Ok(Portfolio {
            accounts: self
                .accounts_checked()?
                .into_iter()
                .filter(|a| a.id == account_id)
                .collect(),
            calls: pick(self, CALLS, true, account_id)?,
            usage_events: pick(self, USAGE_EVENTS, true, account_id)?,
            support_tickets: pick(self, SUPPORT_TICKETS, true, account_id)?,
            stakeholder_changes: pick(self, STAKEHOLDER_CHANGES, false, account_id)?,
        })
    }
}

/// The record's `account_id` when it is written with JSON escapes (`"acc\u002d001"`), which
/// a search for the plain id in the raw text would miss; `None` when it has none.
fn escaped_account_id(raw: &str) -> Option<String> {
    static ACCOUNT_ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""account_id"\s*:\s*("(?:[^"\\]|\\.)*")"#).expect("valid")
    });
    if !raw.contains('\\') {
        return None;
    }
    let literal = ACCOUNT_ID.captures(raw)?.get(1)?.as_str();
    if !literal.contains('\\') {
        return None;
    }
    serde_json::from_str(literal).ok()
}

/// A call after parallel parsing: what the sequential part still needs.
struct ParsedCall {
    loc: Location,
    call_id: String,
    account_id: String,
    at: chrono::DateTime<chrono::Utc>,
    evidence: Option<CallEvidence>,
}

fn duplicate(file: &str, loc: Location, field: &str, id: &str) -> InputError {
    InputError::Record {
        file: file.to_string(),
        location: loc,
        field: field.to_string(),
        message: format!("duplicate id `{id}`: each record needs its own"),
    }
}

fn check_unique<T: Record>(
    file: &str,
    loc: Location,
    rec: &T,
    seen: &mut HashSet<String>,
) -> Result<(), InputError> {
    if let Some((field, id)) = rec.id()
        && !seen.insert(id.to_string())
    {
        return Err(duplicate(file, loc, field, id));
    }
    Ok(())
}

/// Parses and validates one record, naming the field that is wrong.
pub fn parse_record<T: DeserializeOwned + Record>(
    file: &str,
    loc: Location,
    raw: &str,
) -> Result<T, InputError> {
    // Fast path: plain serde. Only a record that fails is parsed again with field-path
    // tracking, to name the field in the error.
    if let Ok(rec) = serde_json::from_str::<T>(raw)
        && rec.validate().is_ok()
    {
        return Ok(rec);
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    let err = |field: String, message: String| InputError::Record {
        file: file.to_string(),
        location: loc,
        field,
        message,
    };
    let rec: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if matches!(
            inner.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ) {
            let (field, message) = syntax_error(raw, &inner);
            return err(field, message);
        }
        let inner = inner.to_string();
        // serde's own position ("at line 1 column 80") is relative to the record: drop it.
        let message = match inner.rfind(" at line ") {
            Some(i) => inner[..i].to_string(),
            None => inner,
        };
        if let Some(rest) = message.strip_prefix("missing field `") {
            let name = rest.trim_end_matches('`');
            let field = if path == "." {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            return err(field, "missing (required)".into());
        }
        let field = if path == "." {
            "(record)".to_string()
        } else {
            path
        };
        err(field, friendly(&message))
    })?;
    // Trailing garbage after the record is a syntax error too.
    de.end().map_err(|e| {
        let (field, message) = syntax_error(raw, &e);
        err(field, message)
    })?;
    rec.validate()
        .map_err(|(field, message)| err(field, message))?;
    Ok(rec)
}

/// Byte offset of serde's 1-based (line, column) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The last object key written before byte `offset` of `text` (the field a syntax error
/// is in), if any.
fn key_before(text: &str, offset: usize) -> Option<String> {
    static KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""((?:[^"\\]|\\.)*)"\s*:"#).expect("valid")
    });
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    KEY.captures_iter(&text[..end])
        .last()
        .map(|c| c[1].to_string())
}

/// (field, message) for a JSON syntax error at serde's position in `text`: the field
/// the error is in and what is wrong, in words (NaN and Infinity are not JSON).
fn syntax_error(text: &str, e: &serde_json::Error) -> (String, String) {
    let mut at = offset_of(text, e.line(), e.column());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let field = key_before(text, at + 1).unwrap_or_else(|| "(record)".into());
    // serde points at the last character it read: look around it for the bad token.
    let from = text[..at].rfind([':', ',', '[', '{']).map_or(0, |i| i + 1);
    let token: String = text[from..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '.'))
        .collect();
    let message = match token.as_str() {
        "NaN" | "Infinity" | "-Infinity" | "+Infinity" | "nan" | "inf" | "-inf" => format!(
            "`{token}` is not a JSON number: write a finite number (or null where the field is optional)"
        ),
        _ if e.classify() == serde_json::error::Category::Eof => {
            "not valid JSON: the record ends in the middle (cut off?)".to_string()
        }
        _ => {
            let inner = e.to_string();
            let inner = match inner.rfind(" at line ") {
                Some(i) => inner[..i].to_string(),
                None => inner,
            };
            format!("not valid JSON: {inner}")
        }
    };
    (field, message)
}

/// The path (`attendees[0].name`) of the first string in `v` containing U+FFFD.
fn replacement_path(v: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if s.contains('\u{fffd}') => Some(path.to_string()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| replacement_path(x, &format!("{path}[{i}]"))),
        Value::Object(o) => o.iter().find_map(|(k, x)| {
            if k.contains('\u{fffd}') {
                return Some(k.clone());
            }
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            replacement_path(x, &p)
        }),
        _ => None,
    }
}

/// The error for a record that is not UTF-8 text, naming the field holding the bad bytes.
fn not_utf8(file: &str, loc: Location, bytes: &[u8]) -> InputError {
    let lossy = String::from_utf8_lossy(bytes);
    let field = serde_json::from_str::<serde_json::Value>(&lossy)
        .ok()
        .and_then(|v| replacement_path(&v, ""))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "(record)".into());
    InputError::Record {
        file: file.to_string(),
        location: loc,
        field,
        message: "not UTF-8 text: save the export as UTF-8".into(),
    }
}

/// Rewrites serde's and chrono's wording into something a data owner understands.
fn friendly(message: &str) -> String {
    match message {
        "input contains invalid characters"
        | "premature end of input"
        | "input is out of range"
        | "trailing input" => {
            format!(
                "not a valid date/time ({message}): use RFC 3339, e.g. 2026-11-19T15:00:00Z, or YYYY-MM-DD for dates"
            )
        }
        m => match m.strip_prefix("invalid type: null, expected ") {
            Some(expected) => format!("null, but a value is required (expected {expected})"),
            None => m.to_string(),
        },
    }
}

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
    use std::io::Read;
    let io = |e: std::io::Error| InputError::Io {
        file: shown.to_string(),
        message: e.to_string(),
    };
    let mut file = File::open(path).map_err(io)?;
    std::thread::scope(|scope| -> Result<(), InputError> {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Chunk>(2);
        let (free_tx, free_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let reader = scope.spawn(move || -> Result<(), std::io::Error> {
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
                let mut spans = Vec::new();
                let mut start = 0;
                for i in memchr::memchr_iter(b'\n', &buf) {
                    push_span(&mut spans, &buf, line_no, start..i);
                    line_no += 1;
                    start = i + 1;
                }
                if start < buf.len() {
                    push_span(&mut spans, &buf, line_no, start..buf.len());
                }
                let last = eof && carry.is_empty();
                if (!spans.is_empty() || !buf.is_empty())
                    && full_tx.send(Chunk { buf, spans }).is_err()
                {
                    return Ok(()); // the consumer stopped
                }
                if last {
                    return Ok(());
                }
            }
        });
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

/// Streams the records of one file as raw JSON text with their location. JSON Lines
/// are handed over unparsed (parsing happens in [`parse_record`], in parallel for calls);
/// a JSON array is split into its elements as it is read.
pub fn each_raw_in(
    path: &Path,
    f: &mut dyn FnMut(Location, String) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| InputError::Io {
        file: shown.clone(),
        message: e.to_string(),
    })?;
    let reader = BufReader::with_capacity(1 << 16, file);
    if path.extension().is_some_and(|e| e == "jsonl") {
        each_line(reader, &shown, f)
    } else {
        each_element(reader, path, &shown, f)
    }
}

/// The records of a JSON Lines file, one per non-blank line.
fn each_line(
    mut reader: BufReader<File>,
    shown: &str,
    f: &mut dyn FnMut(Location, String) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut bytes = Vec::new();
    let mut n = 0;
    loop {
        bytes.clear();
        let read = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| InputError::Io {
                file: shown.to_string(),
                message: e.to_string(),
            })?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let loc = Location::Line(n);
        let line = std::str::from_utf8(&bytes).map_err(|_| not_utf8(shown, loc, &bytes))?;
        // Spreadsheet and PowerShell exports often start with a byte-order mark.
        let line = match line.strip_prefix('\u{feff}') {
            Some(rest) if n == 1 => rest,
            _ => line,
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if !line.trim_start().starts_with('{') {
            return Err(InputError::Record {
                file: shown.to_string(),
                location: loc,
                field: "(record)".into(),
                message: "each line must be one JSON object".into(),
            });
        }
        f(loc, line.to_string())?;
    }
}

/// The elements of a JSON array file, split as they are read.
fn each_element(
    reader: BufReader<File>,
    path: &Path,
    shown: &str,
    f: &mut dyn FnMut(Location, String) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut failure: Option<InputError> = None;
    let mut at = ArrayAt::default();
    // serde_json parses from memory several times faster than from a reader, so
    // files up to 64 MiB are read whole; larger ones are streamed.
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
    let (result, text) = if size <= IN_MEMORY_LIMIT {
        let mut bytes = Vec::new();
        let mut reader = reader;
        std::io::Read::read_to_end(&mut reader, &mut bytes).map_err(|e| InputError::Io {
            file: shown.to_string(),
            message: e.to_string(),
        })?;
        // Text that is not UTF-8 is read with U+FFFD in place of the bad bytes, so
        // the record and field holding them can be named.
        let utf8 = std::str::from_utf8(&bytes).is_ok();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let mut check = |loc: Location, raw: String| -> Result<(), InputError> {
            if !utf8 && raw.contains('\u{fffd}') {
                return Err(not_utf8(shown, loc, raw.as_bytes()));
            }
            f(loc, raw)
        };
        let seed = ArraySeed {
            file: shown,
            f: &mut check,
            failure: &mut failure,
            at: &mut at,
        };
        let mut de = serde_json::Deserializer::from_str(&text);
        let result = seed.deserialize(&mut de).and_then(|()| de.end());
        (result, Some(text))
    } else {
        let seed = ArraySeed {
            file: shown,
            f,
            failure: &mut failure,
            at: &mut at,
        };
        let mut de = serde_json::Deserializer::from_reader(reader);
        (seed.deserialize(&mut de).and_then(|()| de.end()), None)
    };
    match (failure, result) {
        (Some(e), _) => Err(e),
        (None, Ok(())) => Ok(()),
        // Broken JSON inside the array: name the record (and the field when the
        // text is at hand).
        (None, Err(e))
            if at.entered
                && !at.closed
                && matches!(
                    e.classify(),
                    serde_json::error::Category::Syntax | serde_json::error::Category::Eof
                ) =>
        {
            let (field, message) = match &text {
                Some(t) => syntax_error(t, &e),
                None => ("(record)".into(), format!("not valid JSON: {e}")),
            };
            Err(InputError::Record {
                file: shown.to_string(),
                location: Location::Index(at.index),
                field,
                message: format!("{message} (line {}, column {})", e.line(), e.column()),
            })
        }
        (None, Err(e)) => Err(InputError::File {
            file: shown.to_string(),
            message: format!(
                "not a JSON array of records ({e}): the file must hold `[ {{…}}, {{…}} ]`"
            ),
        }),
    }
}

/// How far [`ArraySeed`] got: whether the array was opened and closed, and the index of
/// the element being read.
#[derive(Debug, Default)]
struct ArrayAt {
    entered: bool,
    closed: bool,
    index: usize,
}

/// Visits a top-level JSON array one element at a time.
struct ArraySeed<'f, 'e> {
    file: &'f str,
    f: &'f mut dyn FnMut(Location, String) -> Result<(), InputError>,
    failure: &'e mut Option<InputError>,
    at: &'e mut ArrayAt,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        self.at.entered = true;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if !raw.get().starts_with('{') {
                *self.failure = Some(InputError::Record {
                    file: self.file.to_string(),
                    location: Location::Index(i),
                    field: "(record)".into(),
                    message: "each element must be a JSON object".into(),
                });
                return Err(serde::de::Error::custom("bad element"));
            }
            let text = String::from(Box::<str>::from(raw));
            if let Err(e) = (self.f)(Location::Index(i), text) {
                *self.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
            i += 1;
            self.at.index = i;
        }
        self.at.closed = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn cut_off_or_garbled_input_is_an_error_never_a_panic() {
        let record = r#"{"account_id": "acc-1", "call_id": "c-é", "occurred_at": "2026-11-20T15:00:00Z", "attendees": [{"name": "Zoë — Ops", "is_customer": true}], "transcript_text": "Zoë: We need 12 more seats — now.", "n": 1.5e3}"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calls.json");
        let cuts: Vec<usize> = (0..=record.len())
            .filter(|&i| record.is_char_boundary(i))
            .collect();
        for &i in &cuts {
            let cut = &record[..i];
            // A record alone (JSON Lines) and inside an array, cut anywhere.
            let _ = parse_record::<Call>("calls.jsonl", Location::Line(1), cut);
            std::fs::write(&path, format!("[{cut}")).unwrap();
            let r = each_raw_in(&path, &mut |loc, raw| {
                parse_record::<Call>("calls.json", loc, &raw).map(|_| ())
            });
            assert!(r.is_err() || i == record.len(), "cut at {i} accepted");
            // Garbage in the middle of a value.
            for junk in ["NaN", "\u{fffd}", "}", "\"", ":"] {
                let text = format!("{cut}{junk}{}", &record[i..]);
                let _ = parse_record::<Call>("calls.jsonl", Location::Line(1), &text);
            }
        }
    }
}
