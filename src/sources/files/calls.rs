//! The calls: the largest input, streamed in batches that are parsed and matched on all
//! cores; only the evidence of the kept calls is held.

use super::CALLS;
use super::data_dir::{DataDir, ProgressHook};
use super::error::{InputError, Location, duplicate};
use super::jsonl_chunks::stream_jsonl_chunks;
use super::parse::parse_record;
use super::raw::each_raw_in;
use crate::model::Call;
use crate::pipeline::classify::extract_for_run;
use crate::pipeline::collect::{Admission, Collector, Window, admission};
use crate::pipeline::extract::{CallEvidence, Matcher};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

/// How many call records are parsed and matched in parallel at a time.
const BATCH: usize = 256;

/// A call after parallel parsing: what the sequential part still needs.
struct ParsedCall {
    loc: Location,
    call_id: String,
    account_id: String,
    at: chrono::DateTime<chrono::Utc>,
    evidence: Option<CallEvidence>,
}

/// Where the batches of calls go: the ids seen so far, and the collector that keeps the
/// evidence of the calls admitted.
struct CallSink<'a> {
    collector: &'a mut Collector,
    window: Window,
    matcher: &'a Matcher,
    file: &'a str,
    ids: HashSet<String>,
}

impl CallSink<'_> {
    /// Parses and matches a batch on all cores, then admits its calls in file order.
    fn consume(&mut self, batch: &[(Location, &str)]) -> Result<(), InputError> {
        for r in self.parse(batch) {
            let p = r?;
            if !self.ids.insert(p.call_id.clone()) {
                return Err(duplicate(self.file, p.loc, "call_id", &p.call_id));
            }
            if self.collector.admit(&p.account_id, p.at) == Admission::Kept
                && let Some(ev) = p.evidence
            {
                self.collector.extracted_call(ev);
            }
        }
        Ok(())
    }

    /// Every record of the batch parsed, in parallel; the calls that will be kept are
    /// matched too.
    fn parse(&self, batch: &[(Location, &str)]) -> Vec<Result<ParsedCall, InputError>> {
        let known = |id: &str| self.collector.knows(id);
        batch
            .par_iter()
            .map(|(loc, raw)| {
                let call: Call = parse_record(self.file, *loc, raw)?;
                let kept = admission(known(&call.account_id), self.window, call.occurred_at)
                    == Admission::Kept;
                Ok(ParsedCall {
                    loc: *loc,
                    evidence: kept.then(|| extract_for_run(&call, self.matcher)),
                    call_id: call.call_id,
                    account_id: call.account_id,
                    at: call.occurred_at,
                })
            })
            .collect()
    }
}

impl DataDir {
    /// Steps 1 and 3 over the calls file, on all cores.
    pub(super) fn collect_calls(
        &self,
        collector: &mut Collector,
        window: Window,
        matcher: &Matcher,
    ) -> Result<(), InputError> {
        // Calls: a reader thread cuts the file into batches of raw records while the rayon
        // pool parses and matches the previous batch; only the evidence is kept.
        let file = self.shown(CALLS);
        let path = self.file(CALLS, true)?.expect("required input");
        let progress = self.progress.clone();
        let mut sink = CallSink {
            collector,
            window,
            matcher,
            file: &file,
            ids: HashSet::new(),
        };
        if path.extension().is_some_and(|e| e == "jsonl") {
            stream_jsonl_chunks(&path, &file, progress.as_ref(), &mut |chunk| {
                let (lines, bad) = chunk.lines_until_error(&file);
                sink.consume(&lines)?;
                bad.map_or(Ok(()), Err)
            })
        } else {
            array_batches(path, &file, progress, &mut sink)
        }
    }

    /// The calls of `accounts` in the window, in file order.
    pub(super) fn calls_of(
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
}

/// The records of a JSON array of calls, in batches: a reader thread cuts the file into
/// batches of raw records while `sink` takes the previous batch.
fn array_batches(
    path: PathBuf,
    file: &str,
    progress: Option<ProgressHook>,
    sink: &mut CallSink,
) -> Result<(), InputError> {
    std::thread::scope(|scope| -> Result<(), InputError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Location, String)>>(4);
        let reader = scope.spawn(move || read_batches(&path, progress.as_ref(), tx));
        let consumed = rx.iter().try_for_each(|batch| {
            let borrowed: Vec<(Location, &str)> =
                batch.iter().map(|(l, r)| (*l, r.as_str())).collect();
            sink.consume(&borrowed)
        });
        // Dropping the receiver unblocks a reader waiting to send.
        drop(rx);
        let read = reader.join().unwrap_or_else(|_| {
            Err(InputError::File {
                file: file.to_string(),
                message: "the reader thread failed".into(),
            })
        });
        // The first error in file order wins: a consumer error is about an
        // earlier record than anything the reader saw after it stopped.
        consumed.and(read)
    })
}

/// The reader thread of [`array_batches`]: sends the records of `path` in batches of
/// [`BATCH`], and the last, shorter one.
fn read_batches(
    path: &Path,
    progress: Option<&ProgressHook>,
    tx: SyncSender<Vec<(Location, String)>>,
) -> Result<(), InputError> {
    let mut batch = Vec::with_capacity(BATCH);
    let read = each_raw_in(path, &mut |loc, raw| {
        if let Some(p) = progress {
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
}
