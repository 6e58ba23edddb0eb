//! `import-skill` with the real binary: the skill's filled-in templates become reference
//! files that `check` accepts and `run` uses.

mod common;

use common::*;
use std::path::Path;

const NAMES: [&str; 3] = [
    "1-expansion-signal-taxonomy.md",
    "2-segment-baseline-config.md",
    "3-action-library.md",
];

/// A scratch folder holding the demo data and a copy of the filled-in skill files in
/// `skill/`.
fn scratch() -> Scratch {
    let s = Scratch::new();
    copy_dir(
        &root().join("fixtures/skill-templates"),
        &s.path().join("skill"),
    );
    s
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn converted_templates_pass_check_and_run_finds_strong_signals() {
    let s = scratch();
    let o = s.run(&["import-skill", "skill", "--out", "tmp"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    // Notes name the input file and line.
    let note = regex::Regex::new(r"(?m)^skill/(1-expansion-signal-taxonomy|2-segment-baseline-config|3-action-library)\.md:\d+: ").unwrap();
    assert!(note.find_iter(&out).count() >= 10, "{out}");
    for want in [
        "skill/1-expansion-signal-taxonomy.md:55: `### SKU: {your_next_sku}` is a placeholder",
        "skill/2-segment-baseline-config.md:40: `### Segment: {your_next_segment}` is a placeholder",
        "skill/3-action-library.md:24: `{link}` is not filled in",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    assert!(stderr(&o).contains("check: ok"), "{}", stderr(&o));
    assert_eq!(listing(&s.path().join("tmp")), NAMES);
    // No temporary folder is left next to --out.
    assert!(
        listing(s.path())
            .iter()
            .all(|n| !n.starts_with(".import-skill")),
        "{:?}",
        listing(s.path())
    );

    let o = s.run(&["check", "--references", "tmp"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("ok: 3 SKUs, 3 segments, 7 actions"),
        "{}",
        stdout(&o)
    );

    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--references",
        "tmp",
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let strong: usize = doc["digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["strong"].as_array().unwrap().len())
        .sum();
    assert!(
        strong >= 1,
        "no strong signal with the converted files: {doc}"
    );
}

#[test]
fn unconvertible_input_exits_2_and_writes_nothing() {
    let s = scratch();
    s.write(
        "skill/1-expansion-signal-taxonomy.md",
        "# Our notes\n\nNothing structured here.\n",
    );
    let o = s.run(&["import-skill", "skill", "--out", "tmp"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("skill/1-expansion-signal-taxonomy.md:1: no `### SKU: <id>` section"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing written"), "{}", stderr(&o));
    assert!(!s.path().join("tmp").exists());
    assert!(
        listing(s.path())
            .iter()
            .all(|n| !n.starts_with(".import-skill"))
    );

    // A missing input file: same exit code, nothing written.
    std::fs::remove_file(s.path().join("skill/3-action-library.md")).unwrap();
    let o = s.run(&["import-skill", "skill", "--out", "tmp"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read skill/3-action-library.md"),
        "{}",
        stderr(&o)
    );
    assert!(!s.path().join("tmp").exists());
}

#[test]
fn existing_files_are_refused_without_force() {
    let s = scratch();
    // `references/` already holds the shipped files.
    let before = s.read("references/3-action-library.md");
    let o = s.run(&["import-skill", "skill", "--out", "references"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("already exist"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(s.read("references/3-action-library.md"), before);

    let o = s.run(&["import-skill", "skill", "--out", "references", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(s.read("references/3-action-library.md"), before);
    assert!(
        s.read("references/3-action-library.md")
            .contains("import-skill")
    );
    assert_eq!(listing(&s.path().join("references")), NAMES);
}
