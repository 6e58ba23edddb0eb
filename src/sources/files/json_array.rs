//! The reader of a JSON array file (`NAME.json`): its elements split as they are read,
//! from memory for files up to 64 MiB and streamed beyond.

use super::error::{InputError, Location, not_utf8};
use super::parse::syntax_error;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// JSON arrays up to this size are parsed from memory rather than streamed.
const IN_MEMORY_LIMIT: u64 = 64 << 20;

/// The elements of a JSON array file, split as they are read.
pub(super) fn each_element(
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
        let (result, text) = split_in_memory(reader, shown, f, &mut failure, &mut at)?;
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
    outcome(shown, failure, result, text.as_deref(), &at)
}

/// Reads the whole file and splits the array from memory: serde's result, and the text
/// (to name the field of a syntax error).
fn split_in_memory(
    mut reader: BufReader<File>,
    shown: &str,
    f: &mut dyn FnMut(Location, String) -> Result<(), InputError>,
    failure: &mut Option<InputError>,
    at: &mut ArrayAt,
) -> Result<(Result<(), serde_json::Error>, String), InputError> {
    let mut bytes = Vec::new();
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
        failure,
        at,
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    Ok((result, text))
}

/// The error, if any, once the array is read: a bad record first, then broken JSON
/// inside the array, then a file that is not an array of records.
fn outcome(
    shown: &str,
    failure: Option<InputError>,
    result: Result<(), serde_json::Error>,
    text: Option<&str>,
    at: &ArrayAt,
) -> Result<(), InputError> {
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
            let (field, message) = match text {
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
