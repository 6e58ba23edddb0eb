//! A file's records as raw JSON text, whichever format it is in.

use super::error::{InputError, Location};
use super::json_array::each_element;
use super::jsonl::each_line;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Streams the records of one file as raw JSON text with their location. JSON Lines
/// are handed over unparsed (parsing happens in [`parse_record`], in parallel for calls);
/// a JSON array is split into its elements as it is read.
///
/// [`parse_record`]: super::parse_record
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
