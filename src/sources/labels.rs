//! The labelled JSON Lines file `eval` reads: one `{"text", "label", "sku", "kind"}`
//! object per line.

use super::files::{InputError, Location};
use crate::pipeline::eval::Labelled;
use std::path::Path;

/// Reads and checks every line; the first bad line is an error naming file, line and
/// field. A SKU the taxonomy does not define is an error too (`skus` lists them).
pub fn read(path: &Path, skus: &[String]) -> Result<Vec<Labelled>, InputError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| InputError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| InputError::File {
        file: file.clone(),
        message: format!(
            "not UTF-8 text (byte {}): save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = |field: &str, message: String| InputError::Record {
            file: file.clone(),
            location: Location::Line(i + 1),
            field: field.to_string(),
            message,
        };
        let mut de = serde_json::Deserializer::from_str(line);
        let l: Labelled = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { "text".into() } else { field };
            record(&field, e.inner().to_string())
        })?;
        if l.text.trim().is_empty() {
            return Err(record("text", "empty sentence".into()));
        }
        if let Some(sku) = &l.sku
            && !sku.is_empty()
            && !skus.contains(sku)
        {
            return Err(record(
                "sku",
                format!("`{sku}` is not a SKU of the taxonomy ({})", skus.join(", ")),
            ));
        }
        out.push(l);
    }
    if out.is_empty() {
        return Err(InputError::File {
            file,
            message: "no labelled sentences: write one JSON object per line".into(),
        });
    }
    Ok(out)
}
