//! JSON laid out the way Python's `json.dumps(value, ensure_ascii=False)` lays it out,
//! with `indent=2` or without: `", "` and `": "` separators, floats as `repr` writes
//! them (`10.0`, `1e+16`). serde_json escapes strings as Python does (the same short
//! escapes, `\u00XX` in lowercase for other control characters, nothing else).

use serde::Serialize;
use serde_json::ser::Formatter;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A serde_json formatter with `json.dumps` layout.
struct PyFormatter {
    /// Spaces per level (`indent=`), or `None` for one line.
    indent: Option<usize>,
    depth: usize,
    /// Whether the array or object being written has a member yet: an empty one
    /// closes on the same line (`[]`).
    has_value: bool,
}

impl PyFormatter {
    /// Writes what goes before a member: the item separator and, when indenting, a
    /// new line at the current depth.
    fn separate<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        match self.indent {
            Some(n) => {
                w.write_all(if first { b"\n" } else { b",\n" })?;
                w.write_all(" ".repeat(n * self.depth).as_bytes())
            }
            None if first => Ok(()),
            None => w.write_all(b", "),
        }
    }

    /// Closes an array or object: when indenting and not empty, on a line of its own.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if let (Some(n), true) = (self.indent, self.has_value) {
            w.write_all(b"\n")?;
            w.write_all(" ".repeat(n * self.depth).as_bytes())?;
        }
        self.has_value = true;
        w.write_all(bracket)
    }

    /// Opens an array or object.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }
}

impl Formatter for PyFormatter {
    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        w.write_all(float_repr(value).as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.separate(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.separate(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Python's `repr(float)`: the shortest digits that read back to the same value, in
/// positional notation for exponents -4..=15 (always with a fraction: `10.0`),
/// otherwise as `d.ddde+XX`.
fn float_repr(x: f64) -> String {
    if !x.is_finite() {
        let name = if x.is_nan() { "NaN" } else { "Infinity" };
        return format!("{}{name}", if x < 0.0 { "-" } else { "" });
    }
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` writes an exponent");
    let exp: i32 = exp.parse().expect("an integer exponent");
    if !(-4..16).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let (sign, mantissa) = mantissa
        .strip_prefix('-')
        .map_or(("", mantissa), |m| ("-", m));
    let digits = mantissa.replace('.', "");
    let point = exp + 1; // digits before the decimal point
    if point <= 0 {
        return format!("{sign}0.{}{digits}", "0".repeat(-point as usize));
    }
    let point = point as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// `json.dumps(value, indent=indent, ensure_ascii=False)` as bytes.
fn dumps<T: Serialize + ?Sized>(value: &T, indent: Option<usize>) -> io::Result<Vec<u8>> {
    let formatter = PyFormatter {
        indent,
        depth: 0,
        has_value: false,
    };
    let mut out = Vec::new();
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))?;
    Ok(out)
}

/// Writes `items` as one indented JSON array and a final newline.
pub(super) fn write_json<T: Serialize>(path: &Path, items: &[T]) -> io::Result<()> {
    let mut bytes = dumps(items, Some(2))?;
    bytes.push(b'\n');
    std::fs::write(path, bytes)
}

/// Writes `items` as JSON Lines, one record per line.
pub(super) fn write_jsonl<T: Serialize>(path: &Path, items: &[T]) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    for item in items {
        w.write_all(&dumps(item, None)?)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_python_repr_writes_them() {
        let cases = [
            (10.0, "10.0"),
            (-12.2, "-12.2"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1400.0, "1400.0"),
            (0.0001, "0.0001"),
            (1.5e-5, "1.5e-05"),
            (1e16, "1e+16"),
            (123456789012345.6, "123456789012345.6"),
            (2.5e-300, "2.5e-300"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn layout_as_json_dumps_writes_it() {
        // json.dumps([{"a": [1, 2.0], "b": {}, "c": [], "d": "ä\n"}], indent=…, ensure_ascii=False)
        let v = serde_json::json!([{"a": [1, 2.0], "b": {}, "c": [], "d": "ä\n"}]);
        let one_line = r#"[{"a": [1, 2.0], "b": {}, "c": [], "d": "ä\n"}]"#;
        let indented = "[\n  {\n    \"a\": [\n      1,\n      2.0\n    ],\n    \"b\": {},\n    \"c\": [],\n    \"d\": \"ä\\n\"\n  }\n]";
        assert_eq!(
            String::from_utf8(dumps(&v, None).unwrap()).unwrap(),
            one_line
        );
        assert_eq!(
            String::from_utf8(dumps(&v, Some(2)).unwrap()).unwrap(),
            indented
        );
    }
}
