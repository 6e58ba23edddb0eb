//! The three Markdown files the CSM lead edits, parsed into typed rules.
//!
//! Each parser takes the file's name and text (never a path, so tests and the Slack
//! `admin references` command can feed it anything) and returns the rules it could read
//! together with every problem it found, each as `file:line: message`. Nothing stops at
//! the first problem: `expansion-signals check` shows them all at once.

pub mod actions;
pub mod baselines;
pub mod import;
pub mod md;
mod parsing;
pub mod pattern;
pub mod spotter;
pub mod taxonomy;

use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;

pub use actions::{ActionLibrary, ActionRow, ActionSection, RowPattern};
pub use baselines::{BaselineRow, Baselines, Segment};
pub use pattern::Pattern;
pub use taxonomy::{SkuRules, Taxonomy, TicketTrigger, UsageTrigger};

pub const TAXONOMY_FILE: &str = "1-expansion-signal-taxonomy.md";
pub const BASELINES_FILE: &str = "2-segment-baseline-config.md";
pub const ACTIONS_FILE: &str = "3-action-library.md";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a reference file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: &str, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }
    pub fn warning(file: &str, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, line, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(f, "{}:{}: {}{}", self.file, self.line, tag, self.message)
    }
}

/// All three reference files, parsed.
#[derive(Debug, Clone)]
pub struct References {
    pub taxonomy: Taxonomy,
    pub baselines: Baselines,
    pub actions: ActionLibrary,
    /// First 7 hex characters of the SHA-256 of the taxonomy file's bytes.
    pub taxonomy_hash: String,
    /// The optional account-signal thresholds (`## Account signals` of the baseline
    /// file); `None`: no account signals.
    pub spotter: Option<spotter::Spotter>,
}

/// The outcome of reading the reference files: rules (when there were no errors) and
/// every problem found, errors first.
#[derive(Debug)]
pub struct Checked {
    pub references: Option<References>,
    pub problems: Vec<Problem>,
}

impl Checked {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

pub fn taxonomy_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex::encode(digest)[..7].to_string()
}

/// Parses and cross-checks the three files given as (name, text).
pub fn check_texts(
    taxonomy: (&str, &str),
    baselines: (&str, &str),
    actions: (&str, &str),
) -> Checked {
    let (tax, mut problems) = taxonomy::parse(taxonomy.0, taxonomy.1);
    let (base, p) = baselines::parse(baselines.0, baselines.1);
    problems.extend(p);
    let (spotter, p) = spotter::parse(baselines.0, baselines.1);
    problems.extend(p);
    let (lib, p) = actions::parse(actions.0, actions.1);
    problems.extend(p);

    for sku in &tax.skus {
        if !lib.sections.iter().any(|s| s.sku == sku.id) {
            problems.push(Problem::error(
                actions.0,
                lib.end_line,
                format!(
                    "SKU `{}` (taxonomy line {}) has no `## SKU: {}` section: add one with a `Trigger pattern | Next-best action` table",
                    sku.id, sku.line, sku.id
                ),
            ));
        }
    }
    for section in &lib.sections {
        if !tax.skus.iter().any(|s| s.id == section.sku) {
            problems.push(Problem::warning(
                actions.0,
                section.line,
                format!(
                    "SKU `{}` is not in the taxonomy ({}): this section is never used",
                    section.sku, taxonomy.0
                ),
            ));
        }
    }
    problems.sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
    let references = if problems.iter().any(|p| p.severity == Severity::Error) {
        None
    } else {
        Some(References {
            taxonomy: tax,
            baselines: base,
            actions: lib,
            taxonomy_hash: taxonomy_hash(taxonomy.1.as_bytes()),
            spotter,
        })
    };
    Checked {
        references,
        problems,
    }
}

/// Reads the three files from `dir`. A missing or unreadable file is reported as a
/// problem on line 1 of that file, like any other.
pub fn load_dir(dir: &Path) -> Checked {
    let read = |name: &str| read_file(dir, name);
    let files = [
        read(TAXONOMY_FILE),
        read(BASELINES_FILE),
        read(ACTIONS_FILE),
    ];
    // Taxonomies of other languages next to the main one: `1-expansion-signal-taxonomy.de.md`.
    let translations: Vec<(crate::text::Lang, ReadFile)> = crate::text::Lang::ALL
        .into_iter()
        .map(|lang| (lang, translation_file(lang)))
        .filter(|(_, name)| dir.join(name).exists())
        .map(|(lang, name)| (lang, read(&name)))
        .collect();
    let unreadable: Vec<Problem> = files
        .iter()
        .chain(translations.iter().map(|(_, f)| f))
        .filter_map(|(name, text)| {
            text.as_ref()
                .err()
                .map(|e| Problem::error(name, 1, e.clone()))
        })
        .collect();
    if !unreadable.is_empty() {
        return Checked {
            references: None,
            problems: unreadable,
        };
    }
    let text = |i: usize| files[i].1.as_deref().unwrap_or_default();
    let checked = check_texts(
        (&files[0].0, text(0)),
        (&files[1].0, text(1)),
        (&files[2].0, text(2)),
    );
    if translations.is_empty() {
        return checked;
    }
    with_translations(checked, (&files[0].0, text(0)), &translations)
}

/// One reference file of `dir`: its path as shown, and its text or why it could not be read.
fn read_file(dir: &Path, name: &str) -> ReadFile {
    let path = dir.join(name);
    let shown = path.display().to_string();
    let text = std::fs::read(&path)
        .map_err(|e| format!("cannot read the file ({e}): pass --references DIR pointing at the folder with the three reference files"))
        .and_then(|b| String::from_utf8(b).map_err(|_| "the file is not UTF-8 text: save it as UTF-8".to_string()));
    (shown, text)
}

/// Adds the translated taxonomies to checked references: their problems, their
/// phrases, and their bytes in the taxonomy hash (no references if any has an error).
fn with_translations(
    mut checked: Checked,
    (main_name, main_text): (&str, &str),
    translations: &[(crate::text::Lang, ReadFile)],
) -> Checked {
    let mut problems = std::mem::take(&mut checked.problems);
    let (mut main, _) = taxonomy::parse(main_name, main_text);
    let mut all_bytes = main_text.as_bytes().to_vec();
    for (lang, (name, body)) in translations {
        let body = body.as_deref().unwrap_or_default();
        let (tax, p) = taxonomy::parse(name, body);
        problems.extend(p);
        problems.extend(main.add_translation(name, *lang, tax));
        all_bytes.extend(body.as_bytes());
    }
    problems.sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
    let failed = problems.iter().any(|p| p.severity == Severity::Error);
    let references = checked.references.filter(|_| !failed).map(|mut r| {
        r.taxonomy.translations = main.translations;
        r.taxonomy_hash = taxonomy_hash(&all_bytes);
        r
    });
    Checked {
        references,
        problems,
    }
}

/// A reference file as read: its name as shown, and its text or why it could not be read.
type ReadFile = (String, Result<String, String>);

/// The file name of the taxonomy for `lang` in a mixed portfolio.
pub fn translation_file(lang: crate::text::Lang) -> String {
    format!("1-expansion-signal-taxonomy.{}.md", lang.code())
}
