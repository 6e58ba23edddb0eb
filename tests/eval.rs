//! `eval` through the real binary: the floors CI holds on our labelled sentences, the
//! JSON shape, the exit code for a breached floor, and bad label files.

mod common;

use common::{root, run_in, stderr, stdout};
use serde_json::Value;

fn eval_json(labels: &str) -> Value {
    let o = run_in(&root(), &["eval", "--labels", labels, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("eval --format json prints JSON")
}

fn pct(doc: &Value, path: &[&str]) -> f64 {
    let mut v = doc;
    for p in path {
        v = &v[p];
    }
    v["pct"]
        .as_f64()
        .unwrap_or_else(|| panic!("no pct at {path:?}"))
}

/// The floors a regression of the matcher, the guards or the shipped taxonomy cannot
/// pass. `tune`, `dev` and `dev2` are what the taxonomy was tuned on (`dev`'s misses were
/// read for the paraphrase phrases of 2026-11-30; `dev2` was written afterwards by someone
/// who had not seen the taxonomy, and its misses were read for the second round);
/// `dev3` and `meetings2` were added in the same round; `holdout` was never tuned on but its misses were seen once while debugging;
/// `holdout2` was written afterwards by someone who had seen neither the taxonomy nor the
/// other sets, and only its totals were ever read, plus (in the third round) the guard
/// word of its guard misses, which showed "would" setting aside "we'd need": README
/// reports both. `dev4` was written in the fourth round by a helper who had seen neither
/// the rules nor the other sets; its misses were then read for the fourth round's
/// phrases (and dev2's for some of them), so both are tuning sets now; `dev5` went the
/// same way in the fifth round, `dev6` to `dev11` in the sixth, `dev12` to `dev19` in
/// the seventh to ninth, `dev20` to `dev23` in the tenth and `dev24` to `dev27` in the
/// eleventh, `dev28`, `dev29` in the twelfth, `dev30` to `dev33` in the thirteenth and
/// `dev34` to `dev37` in the fourteenth, `dev38` to `dev41` in the fifteenth and `dev42`
/// to `dev45` in the sixteenth, `dev47` to `dev52` in the seventeenth and `dev53` to
/// `dev58` in the eighteenth (2026-12-01), `dev60` to `dev64` in the nineteenth and `dev65`
/// to `dev68` in the twentieth (2026-12-01, night), `dev70` to `dev73` in the
/// twenty-first, `dev74` to `dev77` in the twenty-second, `dev79` to `dev82` in the
/// twenty-third and `dev84` to `dev87` in the twenty-fourth (2026-12-02), `dev89` to
/// `dev92` in the twenty-fifth and `dev93` to `dev96` in the twenty-sixth (2026-12-02,
/// later); the German sets `de-dev45` to `de-dev48` likewise. `dev97` and `dev98` (and
/// `de-dev49`, `de-dev50`) came in the twenty-seventh (2026-12-02, evening); `dev100`,
/// `dev101` and `dev103` (and `de-dev52`, `de-dev53`, `de-dev55`) in the twenty-eighth
/// (stop 30); `dev104`, `dev105`, `dev107` and `dev108` (and `de-dev56`, `de-dev57`,
/// `de-dev59`, `de-dev60`) in the twenty-ninth and thirtieth (stop 31); `dev109`,
/// `dev111`, `dev112`, `dev113`, `dev115` and `dev116` (and `de-dev61`, `de-dev63`,
/// `de-dev64`, `de-dev65`, `de-dev67`, `de-dev68`) in the thirty-first to thirty-third
/// (stop 32); `dev118` and `dev119` (and `de-dev70`, `de-dev71`) in the thirty-fourth
/// (stop 33). `dev46`, `dev59`, `dev69`, `dev78`, `dev83`, `dev88`, `dev99`, `dev102`,
/// `dev106`, `dev110`, `dev114`, `dev117` and `dev120` (and `de-dev41`, `de-dev44`,
/// `de-dev51`, `de-dev54`, `de-dev58`, `de-dev62`, `de-dev66`, `de-dev69`, `de-dev72`)
/// were written blind and only measured (README).
#[test]
fn shipped_taxonomy_holds_its_floors() {
    // (file, min recall, min close-variant recall, max false positives)
    let floors = [
        ("fixtures/labels/tune.jsonl", 88.0, 97.0, 3.0),
        ("fixtures/labels/dev.jsonl", 77.0, 95.0, 2.0),
        ("fixtures/labels/dev2.jsonl", 64.0, 97.0, 3.0),
        ("fixtures/labels/dev3.jsonl", 77.0, 92.0, 2.0),
        ("fixtures/labels/dev4.jsonl", 89.0, 95.0, 4.0),
        ("fixtures/labels/dev5.jsonl", 88.0, 97.0, 3.0),
        ("fixtures/labels/dev6.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/dev7.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/dev8.jsonl", 94.0, 97.0, 2.0),
        ("fixtures/labels/dev9.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev10.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/dev11.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev12.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev13.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev14.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev15.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev16.jsonl", 88.0, 93.0, 2.0),
        ("fixtures/labels/dev17.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev18.jsonl", 94.0, 97.0, 2.0),
        ("fixtures/labels/dev19.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev20.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev21.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev22.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev23.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev24.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev25.jsonl", 94.0, 97.0, 2.0),
        ("fixtures/labels/dev26.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev27.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev28.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev29.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/dev30.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev31.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev32.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev33.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev34.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev35.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev36.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev37.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev38.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev39.jsonl", 96.0, 93.0, 2.0),
        ("fixtures/labels/dev40.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev41.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev42.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev43.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev44.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev45.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev47.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev48.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev49.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev50.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev51.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev52.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev53.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev54.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev55.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev56.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev57.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev58.jsonl", 92.0, 97.0, 2.0),
        ("fixtures/labels/dev60.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev61.jsonl", 96.0, 94.0, 2.0),
        ("fixtures/labels/dev62.jsonl", 96.0, 94.0, 2.0),
        ("fixtures/labels/dev63.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev64.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev65.jsonl", 92.0, 91.0, 2.0),
        ("fixtures/labels/dev66.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev67.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev68.jsonl", 97.0, 94.0, 2.0),
        ("fixtures/labels/dev70.jsonl", 96.0, 94.0, 2.0),
        ("fixtures/labels/dev71.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev72.jsonl", 97.0, 94.0, 2.0),
        ("fixtures/labels/dev73.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev74.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev75.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev76.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev77.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev79.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev80.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev81.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev82.jsonl", 94.0, 97.0, 2.0),
        ("fixtures/labels/dev84.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev85.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev86.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev87.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev89.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev90.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev91.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev92.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev93.jsonl", 94.0, 97.0, 2.0),
        ("fixtures/labels/dev94.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev95.jsonl", 92.0, 91.0, 2.0),
        ("fixtures/labels/dev96.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/dev97.jsonl", 96.0, 97.0, 3.0),
        ("fixtures/labels/dev98.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev100.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev101.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev103.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev104.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev105.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev107.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev108.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev109.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/dev111.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev112.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev113.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev115.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev116.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev118.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/dev119.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/variants.jsonl", 97.0, 97.0, 0.0),
        ("fixtures/labels/holdout.jsonl", 85.0, 92.0, 4.0),
        ("fixtures/labels/holdout2.jsonl", 73.0, 94.0, 3.0),
    ];
    for (file, recall, close, fp) in floors {
        let doc = eval_json(file);
        let r = pct(&doc, &["recall"]);
        let c = pct(&doc, &["recall_by_kind", "close_variant"]);
        let f = pct(&doc, &["false_positives"]);
        assert!(r >= recall, "{file}: recall {r}% < {recall}%");
        assert!(c >= close, "{file}: close-variant recall {c}% < {close}%");
        assert!(f <= fp, "{file}: false positives {f}% > {fp}%");
        if doc["recall_by_kind"]["exact"].is_object() {
            let exact = pct(&doc, &["recall_by_kind", "exact"]);
            assert!(exact >= 95.0, "{file}: exact {exact}%");
        }
    }
    // Ordinary meeting talk full of the same words: few sentences may fire.
    for file in ["meetings", "meetings2"] {
        let doc = eval_json(&format!("fixtures/labels/{file}.jsonl"));
        let f = pct(&doc, &["false_positives"]);
        assert!(f <= 3.0, "{file}: false positives {f}% > 3%");
    }
    // Written by a reviewer against this round's new phrases, on purpose: held where it is.
    let doc = eval_json("fixtures/labels/meetings3.jsonl");
    let f = pct(&doc, &["false_positives"]);
    assert!(f <= 12.0, "meetings3: false positives {f}% > 12%");
}

/// The German references (`references-de`, `Language: de`) on the German sets: `de-tune`
/// and `de-dev` were tuned on, `de-holdout` was written before the German taxonomy and
/// never tuned on.
#[test]
fn german_taxonomy_holds_its_floors() {
    // (file, min recall, min close-variant recall, max false positives)
    let floors = [
        ("fixtures/labels/de-tune.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev.jsonl", 90.0, 93.0, 3.0),
        ("fixtures/labels/de-variants.jsonl", 90.0, 93.0, 5.0),
        ("fixtures/labels/de-dev2.jsonl", 88.0, 93.0, 3.0),
        ("fixtures/labels/de-dev3.jsonl", 93.0, 95.0, 5.0),
        ("fixtures/labels/de-dev4.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev5.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev6.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev7.jsonl", 94.0, 93.0, 2.0),
        ("fixtures/labels/de-dev8.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev9.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev10.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev11.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev12.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev13.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev14.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev15.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev16.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev17.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev18.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev19.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev20.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev21.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev22.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev24.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev25.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev26.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev27.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev29.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev30.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev31.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev32.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev34.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev35.jsonl", 96.0, 88.0, 2.0),
        ("fixtures/labels/de-dev36.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev37.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev39.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev40.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev42.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev43.jsonl", 97.0, 97.0, 3.0),
        ("fixtures/labels/de-dev45.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev46.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev47.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev48.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev49.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev50.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev52.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev53.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev55.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev56.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev57.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev59.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev60.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev61.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev63.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev64.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev65.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev67.jsonl", 96.0, 97.0, 2.0),
        ("fixtures/labels/de-dev68.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-dev70.jsonl", 95.0, 97.0, 2.0),
        ("fixtures/labels/de-dev71.jsonl", 97.0, 97.0, 2.0),
        ("fixtures/labels/de-holdout.jsonl", 92.0, 93.0, 3.0),
    ];
    for (file, recall, close, fp) in floors {
        let o = run_in(
            &root(),
            &[
                "eval",
                "--labels",
                file,
                "--references",
                "references-de",
                "--format",
                "json",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        let r = pct(&doc, &["recall"]);
        let c = pct(&doc, &["recall_by_kind", "close_variant"]);
        let f = pct(&doc, &["false_positives"]);
        assert!(r >= recall, "{file}: recall {r}% < {recall}%");
        assert!(c >= close, "{file}: close-variant recall {c}% < {close}%");
        assert!(f <= fp, "{file}: false positives {f}% > {fp}%");
    }
}

#[test]
fn report_names_every_miss_and_false_positive_with_its_reason() {
    let doc = eval_json("fixtures/labels/holdout.jsonl");
    let recall = &doc["recall"];
    let misses = doc["misses"].as_array().unwrap();
    assert_eq!(
        misses.len() as u64,
        recall["total"].as_u64().unwrap() - recall["hits"].as_u64().unwrap()
    );
    for m in misses {
        assert!(!m["reason"].as_str().unwrap().is_empty(), "{m}");
    }
    assert_eq!(
        doc["false_alarms"].as_array().unwrap().len() as u64,
        doc["false_positives"]["hits"].as_u64().unwrap()
    );
    let text = stdout(&run_in(
        &root(),
        &["eval", "--labels", "fixtures/labels/holdout.jsonl"],
    ));
    assert!(text.contains("Recall (intent found):"), "{text}");
    assert!(text.contains("by kind:"), "{text}");
}

#[test]
fn a_breached_floor_exits_5() {
    let o = run_in(
        &root(),
        &[
            "eval",
            "--labels",
            "fixtures/labels/tune.jsonl",
            "--min-recall",
            "100.1",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("below the floor"));
    let o = run_in(
        &root(),
        &[
            "eval",
            "--labels",
            "fixtures/labels/tune.jsonl",
            "--max-false-positives",
            "50",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_label_files_name_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "{\"text\": \"x\", \"label\": \"maybe\"}\n",
            "line 1, field `label`",
        ),
        ("{\"label\": \"intent\"}\n", "line 1, field `text`"),
        (
            "{\"text\": \"ok\", \"label\": \"intent\"}\n{\"text\": \"x\", \"label\": \"intent\", \"sku\": \"nope\"}\n",
            "line 2, field `sku`: `nope` is not a SKU",
        ),
        ("not json\n", "line 1"),
        ("\n\n", "no labelled sentences"),
        (
            "{\"text\": \"  \", \"label\": \"intent\"}\n",
            "field `text`: empty sentence",
        ),
    ];
    for (i, (content, want)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("l{i}.jsonl"));
        std::fs::write(&path, content).unwrap();
        let refs = root().join("references");
        let o = run_in(
            &root(),
            &[
                "eval",
                "--labels",
                path.to_str().unwrap(),
                "--references",
                refs.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{content}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{content}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "no partial report");
    }
    std::fs::write(dir.path().join("bad.jsonl"), [0xff, 0xfe, b'\n']).unwrap();
    let p = dir.path().join("bad.jsonl");
    let o = run_in(&root(), &["eval", "--labels", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
}

/// `check` compiles every phrase it will use: a taxonomy of 5,000 phrases is answered
/// (success or an error per line), never a panic; past the phrase limit it is an error.
#[test]
fn check_answers_on_huge_taxonomies() {
    for (phrases, want_code) in [(5_000usize, 0), (21_000, 2)] {
        let dir = tempfile::tempdir().unwrap();
        let refs = dir.path();
        for f in ["2-segment-baseline-config.md", "3-action-library.md"] {
            std::fs::copy(root().join("references").join(f), refs.join(f)).unwrap();
        }
        let shipped =
            std::fs::read_to_string(root().join("references/1-expansion-signal-taxonomy.md"))
                .unwrap();
        let extra: String = (0..phrases)
            .map(|i| format!("  - \"(need|want) ... [the] widget{i} (module|pack) {{N}}\"\n"))
            .collect();
        let tax = shipped.replacen(
            "- **Call triggers**\n",
            &format!("- **Call triggers**\n{extra}"),
            1,
        );
        std::fs::write(refs.join("1-expansion-signal-taxonomy.md"), tax).unwrap();
        let o = run_in(&root(), &["check", "--references", refs.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(want_code),
            "{phrases}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        if want_code == 2 {
            assert!(
                stdout(&o).contains("phrases: a taxonomy holds at most 20000"),
                "{}",
                stdout(&o)
            );
        }
    }
}
