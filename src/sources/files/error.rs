//! The errors of the data directory: each names the file, and for a bad record its
//! location and field.

use crate::sources::record::Record;
use std::collections::HashSet;
use std::fmt;

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

pub(super) fn duplicate(file: &str, loc: Location, field: &str, id: &str) -> InputError {
    InputError::Record {
        file: file.to_string(),
        location: loc,
        field: field.to_string(),
        message: format!("duplicate id `{id}`: each record needs its own"),
    }
}

pub(super) fn check_unique<T: Record>(
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
pub(super) fn not_utf8(file: &str, loc: Location, bytes: &[u8]) -> InputError {
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
