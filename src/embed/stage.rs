//! The embedding stage of a run: pick the accounts worth it, read their unmatched
//! customer sentences, get the vectors (cache first, then the model, in batches), and
//! let [`crate::pipeline::semantic`] decide. Mentions are added to the call evidence the
//! phrase stage collected; phrase mentions are never changed.

use super::{EmbedError, Embedder};
use crate::digest::EmbeddingDiagnostics;
use crate::pipeline::collect::{Collected, Window};
use crate::pipeline::extract::{Matcher, Mention};
use crate::pipeline::semantic::{
    PhraseIndex, SemanticVerdict, Unmatched, embed_text, phrase_texts, semantic_phrase,
    unmatched_sentences,
};
use crate::references::Taxonomy;
use crate::sources::{InputError, Source};
use crate::store::StoreError;
use crate::store::cache::VectorCache;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Input(#[from] InputError),
}

/// Which accounts' sentences are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Only accounts with a usage trigger of some SKU in the window: the others cannot
    /// become strong, whatever their calls say.
    #[default]
    UsageTriggered,
    /// Every account with calls.
    All,
}

/// The hash a sentence is cached under.
pub fn sentence_hash(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// Vectors for `texts`, from the cache where known, else from the model (and then
/// cached). Returns the vectors and how many came from the cache.
pub fn vectors(
    texts: &[String],
    embedder: &dyn Embedder,
    cache: &mut dyn VectorCache,
) -> Result<(Vec<Vec<f32>>, usize), StageError> {
    let hashes: Vec<String> = texts.iter().map(|t| sentence_hash(t)).collect();
    let mut known = cache.vectors(embedder.model_id(), &hashes)?;
    let hits = known.len();
    let mut todo: Vec<usize> = Vec::new();
    let mut queued = HashSet::new();
    for (i, h) in hashes.iter().enumerate() {
        if !known.contains_key(h) && queued.insert(h.clone()) {
            todo.push(i);
        }
    }
    if !todo.is_empty() {
        let batch: Vec<&str> = todo.iter().map(|&i| texts[i].as_str()).collect();
        let fresh = embedder.embed(&batch)?;
        let items: Vec<(String, Vec<f32>)> =
            todo.iter().map(|&i| hashes[i].clone()).zip(fresh).collect();
        cache.keep_vectors(embedder.model_id(), &items)?;
        known.extend(items);
    }
    let out = hashes
        .iter()
        .map(|h| known.get(h).cloned().unwrap_or_default())
        .collect();
    Ok((out, hits))
}

/// The taxonomy's phrases embedded (cached like sentences).
pub fn phrase_index(
    tax: &Taxonomy,
    embedder: &dyn Embedder,
    cache: &mut dyn VectorCache,
) -> Result<PhraseIndex, StageError> {
    let phrases = phrase_texts(tax);
    let texts: Vec<String> = phrases.iter().map(|p| p.text.clone()).collect();
    let (vecs, _) = vectors(&texts, embedder, cache)?;
    Ok(PhraseIndex::new(tax, phrases, vecs))
}

/// Accounts with a usage event in the window whose type (and feature) some SKU's usage
/// triggers name.
pub fn usage_triggered(collected: &Collected, tax: &Taxonomy) -> HashSet<String> {
    collected
        .usage_events
        .iter()
        .filter(|e| !crate::pipeline::classify::usage_skus(e, tax).is_empty())
        .map(|e| e.account_id.clone())
        .collect()
}

/// One unmatched sentence with where it was said.
struct Found {
    account_id: String,
    call_id: String,
    date: chrono::NaiveDate,
    u: Unmatched,
}

/// Runs the stage over a collected week: adds the mentions it finds to
/// `collected.calls` and its figures to `collected.embeddings`.
#[allow(clippy::too_many_arguments)]
pub fn run(
    collected: &mut Collected,
    source: &dyn Source,
    window: Window,
    tax: &Taxonomy,
    matcher: &Matcher,
    embedder: &dyn Embedder,
    cache: &mut dyn VectorCache,
    scope: Scope,
) -> Result<(), StageError> {
    let started = std::time::Instant::now();
    let accounts: HashSet<String> = match scope {
        Scope::UsageTriggered => usage_triggered(collected, tax),
        Scope::All => collected.accounts.iter().map(|a| a.id.clone()).collect(),
    };
    let index = phrase_index(tax, embedder, cache)?;
    let found = unmatched_in(source, window, &accounts, matcher)?;
    let texts: Vec<String> = found.iter().map(|f| embed_text(&f.u.sentence)).collect();
    let (vecs, hits) = vectors(&texts, embedder, cache)?;
    let unique: HashSet<&String> = texts.iter().collect();
    let mut diag = EmbeddingDiagnostics {
        model: embedder.model_id().chars().take(12).collect(),
        threshold: index.threshold,
        accounts: accounts.len(),
        sentences: found.len(),
        embedded: unique.len().saturating_sub(hits.min(unique.len())),
        cache_hits: hits,
        ..Default::default()
    };
    judge_all(collected, found, vecs, &index, matcher, &mut diag);
    diag.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    collected.embeddings = Some(diag);
    Ok(())
}

/// The customer sentences no phrase matched in the window's calls of `accounts`.
fn unmatched_in(
    source: &dyn Source,
    window: Window,
    accounts: &HashSet<String>,
    matcher: &Matcher,
) -> Result<Vec<Found>, StageError> {
    let mut found: Vec<Found> = Vec::new();
    source.each_call(window, accounts, &mut |call| {
        for u in unmatched_sentences(call, matcher) {
            found.push(Found {
                account_id: call.account_id.clone(),
                call_id: call.call_id.clone(),
                date: call.occurred_at.date_naive(),
                u,
            });
        }
    })?;
    Ok(found)
}

/// Judges each sentence by its vector: a mention joins its call's mentions, a guarded
/// or negative one is counted as set aside.
fn judge_all(
    collected: &mut Collected,
    found: Vec<Found>,
    vecs: Vec<Vec<f32>>,
    index: &PhraseIndex,
    matcher: &Matcher,
    diag: &mut EmbeddingDiagnostics,
) {
    let by_call: HashMap<String, usize> = collected
        .calls
        .iter()
        .enumerate()
        .map(|(i, c)| (c.call_id.clone(), i))
        .collect();
    for (f, v) in found.into_iter().zip(vecs) {
        match index.judge(&f.u.sentence, &v, matcher) {
            Some(SemanticVerdict::Mention { nearest }) => {
                let Some(&i) = by_call.get(&f.call_id) else {
                    continue;
                };
                let ev = &mut collected.calls[i];
                if ev.account_id != f.account_id {
                    continue;
                }
                diag.mentions += 1;
                ev.mentions.push(Mention {
                    sku: nearest.sku.clone(),
                    quote: f.u.sentence,
                    speaker: f.u.speaker,
                    role: f.u.role,
                    call_id: f.call_id,
                    date: f.date,
                    phrase: semantic_phrase(&nearest.phrase, nearest.similarity),
                });
            }
            Some(
                SemanticVerdict::Negative { .. }
                | SemanticVerdict::Guarded { .. }
                | SemanticVerdict::NoAsk { .. },
            ) => diag.set_aside += 1,
            Some(SemanticVerdict::Below { .. }) | None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Portfolio, UsageEvent};
    use crate::pipeline::collect::collect;
    use crate::pipeline::extract::tests::{TAXONOMY, call, matcher};
    use crate::references::taxonomy;
    use crate::sources::Memory;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Two dimensions: "talks about logins or SSO", "says already".
    #[derive(Default)]
    struct Fake {
        calls: AtomicUsize,
        sentences: AtomicUsize,
    }

    impl Embedder for Fake {
        fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.sentences.fetch_add(sentences.len(), Ordering::SeqCst);
            Ok(sentences
                .iter()
                .map(|s| {
                    let s = s.to_lowercase();
                    let already = s.contains("already");
                    let login = (s.contains("login") || s.contains("sso")) && !already;
                    vec![f32::from(u8::from(login)), f32::from(u8::from(already))]
                })
                .collect())
        }
        fn model_id(&self) -> &str {
            "fake"
        }
    }

    fn account(id: &str) -> Account {
        Account {
            id: id.into(),
            name: id.into(),
            arr: 1000.0,
            segment: "smb".into(),
            tier: "pro".into(),
            owner_email: "csm@example.com".into(),
            owner_name: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
            owner_locale: None,
        }
    }

    fn portfolio() -> Portfolio {
        let text = "Dana Reyes: Our staff want one login for every tool.";
        let mut a = call(text);
        a.account_id = "a1".into();
        let mut b = call(text);
        b.account_id = "b1".into();
        b.call_id = "c2".into();
        Portfolio {
            accounts: vec![account("a1"), account("b1")],
            calls: vec![a, b],
            usage_events: vec![UsageEvent {
                event_id: None,
                account_id: "a1".into(),
                event_type: "tier_gated_feature_attempt".into(),
                metric_name: "sso".into(),
                value_current: 10.0,
                value_baseline: 1.0,
                delta_pct: 900.0,
                occurred_at: "2026-11-20T10:00:00Z".parse().unwrap(),
                feature: None,
                department: None,
            }],
            support_tickets: vec![],
            stakeholder_changes: vec![],
        }
    }

    #[test]
    fn only_usage_triggered_accounts_and_a_cache_that_remembers() {
        let (tax, _) = taxonomy::parse("t.md", TAXONOMY);
        let m = matcher();
        let p = portfolio();
        let window = Window::new("2026-11-23".parse().unwrap(), 7);
        let source = Memory(p.clone());
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let fake = Fake::default();

        let mut c = collect(&p, window, &m);
        run(
            &mut c,
            &source,
            window,
            &tax,
            &m,
            &fake,
            &mut store,
            Scope::UsageTriggered,
        )
        .unwrap();
        let mentions: Vec<(&str, &str)> = c
            .calls
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(|x| (e.account_id.as_str(), x.sku.as_str()))
            })
            .collect();
        assert_eq!(mentions, [("a1", "enterprise-tier")]);
        let quote = &c.calls[0].mentions[0].quote;
        assert_eq!(quote, "Our staff want one login for every tool.");
        assert!(c.calls[0].mentions[0].phrase.contains("we need SSO"));
        let d = c.embeddings.clone().unwrap();
        assert_eq!((d.accounts, d.sentences, d.mentions), (1, 1, 1));

        // Every account when asked; the sentence is already cached, so nothing new is
        // embedded: not the phrases, not the sentence.
        let before = fake.sentences.load(Ordering::SeqCst);
        let mut c = collect(&p, window, &m);
        run(
            &mut c,
            &source,
            window,
            &tax,
            &m,
            &fake,
            &mut store,
            Scope::All,
        )
        .unwrap();
        let d = c.embeddings.unwrap();
        assert_eq!((d.accounts, d.sentences, d.mentions), (2, 2, 2));
        assert_eq!(d.embedded, 0);
        assert_eq!(fake.sentences.load(Ordering::SeqCst), before);
    }
}
