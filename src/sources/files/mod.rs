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
//!
//! # Layout
//!
//! - `data_dir`: the [`DataDir`] type, where each input's file is (the path helpers),
//!   and the generic reading of a whole input into memory.
//! - `error`: [`Location`] and [`InputError`], the errors naming file, record and field.
//! - `parse`: [`parse_record`], one record's JSON parsed and validated, with syntax and
//!   type errors put into words.
//! - `raw`: [`each_raw_in`], a file's records as raw JSON text, whatever its format;
//!   `json_array`: the reader of `NAME.json`; `jsonl`: the reader of `NAME.jsonl`, line
//!   by line; `jsonl_chunks`: [`stream_jsonl_chunks`], the same in large chunks (calls).
//! - `accounts`: the accounts (with their owners), at least one.
//! - `calls`: the calls, parsed and matched in parallel batches.
//! - `lookup`: one account's records, for `account`.
//! - `source`: [`DataDir`] as a [`super::Source`].
//!
//! Usage events, support tickets and stakeholder changes have no reader of their own:
//! they are read whole by the generic reader in `data_dir`, and checked by their
//! [`super::record::Record`] rules.

mod accounts;
mod calls;
mod data_dir;
mod error;
mod json_array;
mod jsonl;
mod jsonl_chunks;
mod lookup;
mod parse;
mod raw;
mod source;

pub use data_dir::{DataDir, ProgressHook};
pub use error::{InputError, Location};
pub use jsonl_chunks::{Chunk, stream_jsonl_chunks};
pub use parse::parse_record;
pub use raw::each_raw_in;

pub const ACCOUNTS: &str = "accounts";
pub const CALLS: &str = "calls";
pub const USAGE_EVENTS: &str = "usage_events";
pub const SUPPORT_TICKETS: &str = "support_tickets";
pub const STAKEHOLDER_CHANGES: &str = "stakeholder_changes";
