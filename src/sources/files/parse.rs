//! One record's JSON parsed and validated; what is wrong is put into words and pinned to
//! a field.

use super::error::{InputError, Location};
use crate::sources::record::Record;
use serde::de::DeserializeOwned;

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
    let err = |(field, message): (String, String)| InputError::Record {
        file: file.to_string(),
        location: loc,
        field,
        message,
    };
    let rec: T = serde_path_to_error::deserialize(&mut de).map_err(|e| err(field_error(raw, e)))?;
    // Trailing garbage after the record is a syntax error too.
    de.end().map_err(|e| err(syntax_error(raw, &e)))?;
    rec.validate().map_err(err)?;
    Ok(rec)
}

/// (field, message) for a record serde could not read: broken JSON, a missing field or a
/// value of the wrong type.
fn field_error(raw: &str, e: serde_path_to_error::Error<serde_json::Error>) -> (String, String) {
    let path = e.path().to_string();
    let inner = e.into_inner();
    if matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    ) {
        return syntax_error(raw, &inner);
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
        return (field, "missing (required)".into());
    }
    let field = if path == "." {
        "(record)".to_string()
    } else {
        path
    };
    (field, friendly(&message))
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
pub(super) fn syntax_error(text: &str, e: &serde_json::Error) -> (String, String) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Call;
    use crate::sources::files::each_raw_in;

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
