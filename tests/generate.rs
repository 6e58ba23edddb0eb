//! `generate` is deterministic for a seed and writes valid input.

mod common;

use common::*;

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn same_seed_same_files_and_the_engine_accepts_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = root();
    for (dir, seed) in [("a", "42"), ("b", "42"), ("c", "43")] {
        let out = tmp.path().join(dir);
        let o = run_in(
            &root,
            &[
                "generate",
                "--accounts",
                "150",
                "--seed",
                seed,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("150 accounts"), "{}", stderr(&o));
    }
    let a = files(&tmp.path().join("a"));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "accounts.json",
            "calls.jsonl",
            "stakeholder_changes.jsonl",
            "support_tickets.json",
            "usage_events.json"
        ]
    );
    assert_eq!(
        a,
        files(&tmp.path().join("b")),
        "same seed, different files"
    );
    assert_ne!(
        a,
        files(&tmp.path().join("c")),
        "different seeds, same files"
    );

    // The engine's own validation accepts every record.
    let p = expansion_signals::sources::DataDir::new(tmp.path().join("a"))
        .load_portfolio()
        .expect("valid input");
    assert_eq!(p.accounts.len(), 150);
    let enterprise = p
        .accounts
        .iter()
        .filter(|a| a.segment == "enterprise")
        .count();
    let smb = p.accounts.iter().filter(|a| a.segment == "smb").count();
    assert!(
        (5..=30).contains(&enterprise) && (70..=110).contains(&smb),
        "{enterprise} {smb}"
    );
    let avg = p
        .calls
        .iter()
        .map(|c| c.transcript_text.as_ref().unwrap().len())
        .sum::<usize>()
        / p.calls.len();
    assert!(
        (18_000..=30_000).contains(&avg),
        "average transcript {avg} bytes"
    );

    // And a run over each succeeds with coverage in the 70-90 % band. A call mention and
    // a usage change of the same SKU meet by chance in a generated portfolio (about three
    // strong signals per 150 accounts), so the two seeds together must have one.
    let mut strong = 0;
    for dir in ["a", "c"] {
        strong += strong_signals(&root, &tmp.path().join(dir));
    }
    assert!(strong > 0, "no strong signal in two generated portfolios");
}

fn strong_signals(root: &std::path::Path, data: &std::path::Path) -> usize {
    let o = run_in(
        root,
        &[
            "run",
            "--data",
            data.to_str().unwrap(),
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
            "--dry-run",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let cov = doc["coverage_pct"].as_f64().unwrap();
    assert!((65.0..=92.0).contains(&cov), "coverage {cov}");
    let d = &doc["diagnostics"];
    assert!(d["noise_band_discards"].as_u64().unwrap() > 0);
    doc["digests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["strong"].as_array().unwrap().len())
        .sum()
}

/// `generate --demo` writes `fixtures/demo` byte for byte: the bundled demo has one
/// generator, and the golden snapshots that read it stay valid.
#[test]
fn demo_is_the_bundled_fixture() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let o = run_in(
        &root(),
        &["generate", "--demo", "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (written, bundled) = (files(&out), files(&demo()));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&written),
        names(&bundled),
        "other files than fixtures/demo"
    );
    for ((name, got), (_, want)) in written.iter().zip(&bundled) {
        assert!(
            got == want,
            "generate --demo: {name} differs from fixtures/demo/{name} (first at line {}); if \
             the change is intended, regenerate the demo with \
             `cargo run -- generate --demo --out fixtures/demo` and review the golden snapshots",
            first_different_line(got, want)
        );
    }
}

/// The number (from 1) of the first line where two different texts differ.
fn first_different_line(a: &[u8], b: &[u8]) -> usize {
    let (mut a, mut b) = (a.split(|&c| c == b'\n'), b.split(|&c| c == b'\n'));
    (1..)
        .find(|_| a.next() != b.next())
        .expect("the texts differ")
}
