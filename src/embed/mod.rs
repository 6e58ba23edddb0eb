//! The local sentence-embedding model: a sentence-transformers folder (`config.json`,
//! `tokenizer.json`, `model.safetensors`; a BERT encoder with mean pooling, such as
//! all-MiniLM-L6-v2) run in pure Rust with candle on the CPU. Nothing leaves the
//! machine and nothing is downloaded at run time.
//!
//! [`Embedder`] is the trait the rest of the program sees; [`BertEmbedder`] is the real
//! model, compiled only with the `embeddings` cargo feature (candle and tokenizers are a
//! long build): `cargo build --release --features embeddings`. Without it,
//! [`load`] says so. Vectors are L2-normalised, so a dot product is the cosine similarity.

use std::path::{Path, PathBuf};

#[cfg(feature = "embeddings")]
mod bert;
#[cfg(feature = "embeddings")]
pub use bert::BertEmbedder;

/// Turns sentences into unit vectors.
pub trait Embedder: Send + Sync {
    /// One unit vector per sentence, in order.
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
    /// Identifies the model's weights (cache key): the same weights, the same id.
    fn model_id(&self) -> &str;
}

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "embeddings model {dir}: {what} (expected a sentence-transformers folder with config.json, tokenizer.json and model.safetensors; scripts/get-model.sh fetches all-MiniLM-L6-v2)"
    )]
    Load { dir: String, what: String },
    #[error("embeddings model: {0}")]
    Run(String),
    /// `--embeddings-model` or `embeddings_model` given to a build without the model.
    #[error(
        "embeddings model {dir}: this binary was built without embeddings; rebuild it with `cargo build --release --features embeddings`"
    )]
    NotBuilt { dir: String },
}

/// Loads the model in `dir` (see [`BertEmbedder`]), or, in a build without the
/// `embeddings` feature, the error saying how to build one with it.
pub fn load(dir: &Path) -> Result<Box<dyn Embedder>, EmbedError> {
    #[cfg(feature = "embeddings")]
    {
        Ok(Box::new(BertEmbedder::load(dir)?))
    }
    #[cfg(not(feature = "embeddings"))]
    {
        Err(EmbedError::NotBuilt {
            dir: dir.display().to_string(),
        })
    }
}

/// Cosine similarity of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub mod stage;

/// The model folder for tests: `$EXPANSION_SIGNALS_TEST_MODEL`, else
/// `models/all-MiniLM-L6-v2` under the crate root (where `scripts/get-model.sh` puts it).
/// `None`, with the reason printed, when it is absent: such tests then pass as skipped.
#[doc(hidden)]
pub fn test_model_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("EXPANSION_SIGNALS_TEST_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2"));
    if dir.join("model.safetensors").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: no embeddings model in {} (run scripts/get-model.sh)",
            dir.display()
        );
        None
    }
}

#[cfg(all(test, not(feature = "embeddings")))]
mod tests {
    use super::*;

    #[test]
    fn without_the_feature_loading_says_how_to_build_it() {
        let Err(err) = load(Path::new("models/x")) else {
            panic!("loaded a model without the feature");
        };
        let err = err.to_string();
        assert!(
            err.contains("cargo build --release --features embeddings"),
            "{err}"
        );
    }
}
