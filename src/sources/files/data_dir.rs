//! The [`DataDir`] type: where each input's file is, and the generic reading of a whole
//! input into memory (usage events, support tickets and stakeholder changes are read this
//! way; calls stream, see `calls`).

use super::error::{InputError, Location, check_unique};
use super::parse::parse_record;
use super::raw::each_raw_in;
use super::{CALLS, STAKEHOLDER_CHANGES, SUPPORT_TICKETS, USAGE_EVENTS};
use crate::model::Portfolio;
use crate::sources::record::Record;
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;

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

    pub(super) fn file(
        &self,
        name: &'static str,
        required: bool,
    ) -> Result<Option<PathBuf>, InputError> {
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
    pub(super) fn each_raw(
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
    pub(super) fn read_all<T: DeserializeOwned + Record>(
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

    pub(super) fn shown(&self, name: &'static str) -> String {
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
}
