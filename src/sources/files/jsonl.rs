//! The reader of a JSON Lines file (`NAME.jsonl`), line by line.

use super::error::{InputError, Location, not_utf8};
use std::fs::File;
use std::io::{BufRead, BufReader};

/// The records of a JSON Lines file, one per non-blank line.
pub(super) fn each_line(
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
