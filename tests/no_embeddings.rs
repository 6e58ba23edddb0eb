//! A build without the `embeddings` feature (the default): the flag and the config key
//! still parse, and using them is bad input that says how to build with the model.
#![cfg(not(feature = "embeddings"))]

mod common;

use common::*;

const AS_OF: &str = "2026-11-23";
const BUILD: &str = "cargo build --release --features embeddings";

#[test]
fn the_flag_says_the_binary_was_built_without_embeddings() {
    let s = Scratch::new();
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--dry-run",
        "--embeddings-model",
        "models/all-MiniLM-L6-v2",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("built without embeddings"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(BUILD), "{}", stderr(&o));
}

#[test]
fn the_config_key_says_the_binary_was_built_without_embeddings() {
    let s = Scratch::new();
    s.write(
        "expansion-signals.toml",
        "[extract]\nembeddings_model = \"models/all-MiniLM-L6-v2\"\n",
    );
    let o = s.run(&[
        "run",
        "--data",
        "data",
        "--as-of",
        AS_OF,
        "--dry-run",
        "--config",
        "expansion-signals.toml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("built without embeddings"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(BUILD), "{}", stderr(&o));
}
