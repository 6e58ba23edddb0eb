//! [`BertEmbedder`]: the real model (the `embeddings` feature).

use super::{EmbedError, Embedder};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

/// Sentences per forward pass: large enough to keep both cores busy, small enough that
/// padding to the longest sentence of a batch wastes little.
pub const BATCH: usize = 32;

/// Longest input in tokens; longer sentences are cut (transcript sentences rarely are).
const MAX_TOKENS: usize = 128;

/// A BERT sentence encoder with mean pooling, on the CPU.
pub struct BertEmbedder {
    model: BertModel,
    tokenizer: Tokenizer,
    id: String,
    dir: PathBuf,
}

impl std::fmt::Debug for BertEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BertEmbedder")
            .field("dir", &self.dir)
            .field("id", &self.id)
            .finish()
    }
}

impl BertEmbedder {
    /// Loads the model in `dir`. The model id is the SHA-256 of `model.safetensors`.
    pub fn load(dir: &Path) -> Result<BertEmbedder, EmbedError> {
        let shown = dir.display().to_string();
        let err = |what: String| EmbedError::Load {
            dir: shown.clone(),
            what,
        };
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| err(format!("cannot read {name}: {e}")))
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| err(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| err(format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| err(format!("tokenizer.json: {e}")))?;
        let weights = read("model.safetensors")?;
        let id = hex::encode(Sha256::digest(&weights));
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| err(format!("model.safetensors: {e}")))?;
        let model =
            BertModel::load(vb, &config).map_err(|e| err(format!("model.safetensors: {e}")))?;
        Ok(BertEmbedder {
            model,
            tokenizer,
            id,
            dir: dir.to_path_buf(),
        })
    }

    fn embed_batch(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let run = |e: &dyn std::fmt::Display| EmbedError::Run(e.to_string());
        let inputs: Vec<String> = sentences.iter().map(|s| s.to_string()).collect();
        let enc = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| run(&e))?;
        let rows = enc.len();
        let width = enc.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(rows * width);
        let mut mask = Vec::with_capacity(rows * width);
        for e in &enc {
            ids.extend(e.get_ids().iter().copied());
            mask.extend(e.get_attention_mask().iter().copied());
        }
        let dev = &Device::Cpu;
        let ids = Tensor::from_vec(ids, (rows, width), dev).map_err(|e| run(&e))?;
        let mask = Tensor::from_vec(mask, (rows, width), dev).map_err(|e| run(&e))?;
        let types = ids.zeros_like().map_err(|e| run(&e))?;
        let out = self
            .model
            .forward(&ids, &types, Some(&mask))
            .map_err(|e| run(&e))?;
        // Mean pooling over the real tokens, then L2 normalisation.
        let pooled = (|| -> candle_core::Result<Tensor> {
            let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let sum = out.broadcast_mul(&m)?.sum(1)?;
            let count = m.sum(1)?.clamp(1e-9, f64::MAX)?;
            let mean = sum.broadcast_div(&count)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            mean.broadcast_div(&norm)
        })()
        .map_err(|e| run(&e))?;
        pooled.to_vec2::<f32>().map_err(|e| run(&e))
    }
}

impl Embedder for BertEmbedder {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(sentences.len());
        // Sorting by length keeps the padding of each batch small.
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        order.sort_by_key(|&i| sentences[i].len());
        let mut vectors: Vec<Option<Vec<f32>>> = vec![None; sentences.len()];
        for chunk in order.chunks(BATCH) {
            let batch: Vec<&str> = chunk.iter().map(|&i| sentences[i]).collect();
            for (&i, v) in chunk.iter().zip(self.embed_batch(&batch)?) {
                vectors[i] = Some(v);
            }
        }
        out.extend(vectors.into_iter().map(Option::unwrap_or_default));
        Ok(out)
    }

    fn model_id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::{cosine, test_model_dir};

    #[test]
    fn minilm_ranks_paraphrases_above_unrelated_talk() {
        let Some(dir) = test_model_dir() else {
            return;
        };
        let m = BertEmbedder::load(&dir).unwrap();
        assert_eq!(
            m.model_id(),
            "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
        );
        let v = m
            .embed(&[
                "we need single sign-on",
                "Our people want to log in with their company identity provider.",
                "The weather was lovely on our team offsite.",
            ])
            .unwrap();
        assert_eq!(v[0].len(), 384);
        let norm: f32 = v[0].iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        let near = cosine(&v[0], &v[1]);
        let far = cosine(&v[0], &v[2]);
        assert!(near > far + 0.2, "{near} vs {far}");
        // Batching (and the padding it brings) does not change a vector.
        let alone = m.embed(&["we need single sign-on"]).unwrap();
        assert!(cosine(&alone[0], &v[0]) > 0.9999);
    }

    #[test]
    fn a_folder_without_the_model_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = BertEmbedder::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("config.json"), "{err}");
        assert!(err.contains("scripts/get-model.sh"), "{err}");
    }
}
