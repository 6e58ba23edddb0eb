//! Helpers shared by the integration tests: run the real binary, copy the demo data.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The CSMs of the bundled demo (`fixtures/demo`), by the local part of their email.
pub const DEMO_CSMS: [&str; 5] = [
    "elena.vasquez",
    "priya.natarajan",
    "marcus.oyelaran",
    "tomasz.kowalczyk",
    "hana.lindqvist",
];

/// The domain of every email in the bundled demo.
pub const DEMO_DOMAIN: &str = "northwind-demo.example";

/// A demo person's email from the local part ("elena.vasquez").
pub fn demo_email(name: &str) -> String {
    format!("{name}@{DEMO_DOMAIN}")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo() -> PathBuf {
    root().join("fixtures/demo")
}

pub fn references() -> PathBuf {
    root().join("references")
}

/// Runs the binary with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_expansion-signals"))
        .args(args)
        .current_dir(cwd)
        .env_remove("EXPANSION_SIGNALS_LOG")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies every file of `from` into a new folder `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A scratch folder with a copy of the demo data under `data/` and of the reference
/// files under `references/`.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&demo(), &dir.path().join("data"));
        copy_dir(&references(), &dir.path().join("references"));
        Scratch { dir }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }
    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path().join(rel), text).unwrap();
    }
    /// Edits a JSON-array input in place.
    pub fn edit_json(&self, rel: &str, f: impl FnOnce(&mut Vec<serde_json::Value>)) {
        let mut v: Vec<serde_json::Value> = serde_json::from_str(&self.read(rel)).unwrap();
        f(&mut v);
        self.write(rel, &serde_json::to_string_pretty(&v).unwrap());
    }
}

pub mod demo;
pub mod vendors;
pub use vendors::*;
