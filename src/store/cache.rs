//! Caches of the semantic stages: sentence vectors (embedding stage) and provider
//! answers (LLM stage), so a rerun, or the Slack app's weekly run, only pays for text
//! it has not seen.

use super::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

pub(super) const MIGRATION_CACHE: &str = "
    CREATE TABLE embeddings (
        model TEXT NOT NULL,
        sentence_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model, sentence_hash)
    );
    CREATE TABLE llm_answers (
        key TEXT PRIMARY KEY,
        answer TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        recorded_at TEXT NOT NULL
    );";

/// A cached provider answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedAnswer {
    pub answer: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Where vectors are kept between runs (SQLite, or nothing).
pub trait VectorCache {
    /// The vectors known for `hashes` under `model`.
    fn vectors(
        &self,
        model: &str,
        hashes: &[String],
    ) -> Result<HashMap<String, Vec<f32>>, StoreError>;
    /// Keeps `(hash, vector)` pairs under `model`.
    fn keep_vectors(&mut self, model: &str, items: &[(String, Vec<f32>)])
    -> Result<(), StoreError>;
}

/// No cache: every sentence is embedded (a dry run without a database).
#[derive(Debug, Default)]
pub struct NoCache;

impl VectorCache for NoCache {
    fn vectors(&self, _: &str, _: &[String]) -> Result<HashMap<String, Vec<f32>>, StoreError> {
        Ok(HashMap::new())
    }
    fn keep_vectors(&mut self, _: &str, _: &[(String, Vec<f32>)]) -> Result<(), StoreError> {
        Ok(())
    }
}

fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl VectorCache for Store {
    fn vectors(
        &self,
        model: &str,
        hashes: &[String],
    ) -> Result<HashMap<String, Vec<f32>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT vector FROM embeddings WHERE model = ?1 AND sentence_hash = ?2",
        )?;
        let mut out = HashMap::new();
        for h in hashes {
            let blob: Option<Vec<u8>> =
                stmt.query_row(params![model, h], |r| r.get(0)).optional()?;
            if let Some(b) = blob {
                out.insert(h.clone(), from_blob(&b));
            }
        }
        Ok(out)
    }

    fn keep_vectors(
        &mut self,
        model: &str,
        items: &[(String, Vec<f32>)],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO embeddings (model, sentence_hash, vector) VALUES (?1, ?2, ?3)",
            )?;
            for (h, v) in items {
                stmt.execute(params![model, h, to_blob(v)])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// A cached LLM answer by key.
    pub fn llm_answer(&self, key: &str) -> Result<Option<CachedAnswer>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT answer, input_tokens, output_tokens FROM llm_answers WHERE key = ?1",
                params![key],
                |r| {
                    Ok(CachedAnswer {
                        answer: r.get(0)?,
                        input_tokens: r.get::<_, i64>(1)? as u64,
                        output_tokens: r.get::<_, i64>(2)? as u64,
                    })
                },
            )
            .optional()?)
    }

    /// Keeps an LLM answer under `key`.
    pub fn keep_llm_answer(&self, key: &str, a: &CachedAnswer) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO llm_answers (key, answer, input_tokens, output_tokens, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                key,
                a.answer,
                a.input_tokens as i64,
                a.output_tokens as i64,
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_by_model_and_hash() {
        let mut s = Store::open_in_memory().unwrap();
        s.keep_vectors("m1", &[("h1".into(), vec![0.5, -1.25])])
            .unwrap();
        let got = s.vectors("m1", &["h1".into(), "h2".into()]).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got["h1"], vec![0.5, -1.25]);
        assert!(s.vectors("m2", &["h1".into()]).unwrap().is_empty());
    }

    #[test]
    fn llm_answers_round_trip() {
        let s = Store::open_in_memory().unwrap();
        assert_eq!(s.llm_answer("k").unwrap(), None);
        let a = CachedAnswer {
            answer: "{}".into(),
            input_tokens: 10,
            output_tokens: 2,
        };
        s.keep_llm_answer("k", &a).unwrap();
        assert_eq!(s.llm_answer("k").unwrap(), Some(a));
    }
}
