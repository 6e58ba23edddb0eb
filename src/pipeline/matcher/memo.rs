//! What the matcher already said about a sentence in this run, by the sentence's text.
//!
//! Calls repeat themselves: small talk ("Thanks, everyone."), status updates read out
//! week after week, and generated portfolios most of all (a 10,000-account portfolio
//! from `generate` holds about 1.5 M customer sentences, of which about 32,000 are
//! distinct). A sentence's match depends on its text alone ([`Matcher::sentence`](super::Matcher::sentence)), so
//! the second reading of the same text is a lookup (and so is a question read with
//! its answer, [`Matcher::yes_answer`](super::Matcher::yes_answer)). The memo is shared by the threads
//! of one run and bounded: once it holds [`MAX_ENTRIES`] sentences it stops learning,
//! and the matcher simply reads new sentences again.

use super::SentenceMatch;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::Mutex;

/// Sentences remembered at most: about 24 bytes each when nothing matched (nearly
/// all), a few hundred bytes for a sentence with a match, whatever the portfolio's size.
pub const MAX_ENTRIES: usize = 1 << 20;

/// Locks the memo is split into, so that threads seldom wait for each other.
const SHARDS: usize = 16;

#[derive(Default)]
struct Shard {
    /// Sentences with no trigger and no negative: nearly all of them.
    empty: HashSet<Key, BuildHasherDefault<Identity>>,
    found: HashMap<Key, SentenceMatch, BuildHasherDefault<Identity>>,
}

impl Shard {
    fn len(&self) -> usize {
        self.empty.len() + self.found.len()
    }
}

/// See the module documentation. Cloning gives an empty memo.
#[derive(Default)]
pub struct Memo {
    shards: [Mutex<Shard>; SHARDS],
}

impl Memo {
    /// The key of a sentence: two 64-bit hashes of its text with fixed keys, the same
    /// in every run, so that two sentences share a key with odds of about 1 in 10^20
    /// even in a full memo.
    pub fn key(sentence: &str) -> Key {
        wide_hash(sentence)
    }

    /// The key of a question and its answer read together
    /// ([`Matcher::yes_answer`](super::Matcher::yes_answer)).
    pub fn pair_key(question: &str, answer: &str) -> Key {
        wide_hash((question, answer))
    }

    /// The remembered match of the sentence with `key`, if any.
    pub fn get(&self, key: Key) -> Option<SentenceMatch> {
        let shard = self.shard(key).lock().ok()?;
        if shard.empty.contains(&key) {
            return Some(SentenceMatch::default());
        }
        shard.found.get(&key).cloned()
    }

    /// Remembers `m` for the sentence with `key`, unless the memo is full.
    pub fn put(&self, key: Key, m: &SentenceMatch) {
        let Ok(mut shard) = self.shard(key).lock() else {
            return;
        };
        if shard.len() >= MAX_ENTRIES / SHARDS {
            return;
        }
        if m.triggers.is_empty() && m.negative.is_none() {
            shard.empty.insert(key);
        } else {
            shard.found.insert(key, m.clone());
        }
    }

    /// Sentences remembered.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .filter_map(|s| s.lock().ok().map(|s| s.len()))
            .sum()
    }

    fn shard(&self, key: Key) -> &Mutex<Shard> {
        // Middle bits: the tables take their buckets from the low bits and their tags
        // from the high ones.
        &self.shards[(key >> 32) as usize % SHARDS]
    }
}

/// A memo key: see [`Memo::key`].
pub type Key = u128;

/// Two SipHash-1-3 hashes of `value` with fixed keys: of the value alone and of the
/// value after a marker byte.
fn wide_hash(value: impl std::hash::Hash + Copy) -> Key {
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let low = hasher.hash_one(value);
    let high = hasher.hash_one((0xA5u8, value));
    (u128::from(high) << 64) | u128::from(low)
}

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Memo({} sentences)", self.len())
    }
}

/// The keys are hashes already: the tables use them as they are.
#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, n: u128) {
        // The low half is a hash of its own.
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::matcher::TriggerHit;

    #[test]
    fn remembers_empty_and_found_matches_apart() {
        let memo = Memo::default();
        let found = SentenceMatch {
            triggers: vec![TriggerHit {
                sku: "seats".into(),
                phrase: "more seats".into(),
                guard: None,
            }],
            negative: None,
        };
        let (a, b) = (
            Memo::key("We need more seats."),
            Memo::key("Thanks, everyone."),
        );
        assert_ne!(a, b);
        assert_eq!(memo.get(a), None);
        memo.put(a, &found);
        memo.put(b, &SentenceMatch::default());
        assert_eq!(memo.get(a), Some(found));
        assert_eq!(memo.get(b), Some(SentenceMatch::default()));
        assert_eq!(memo.len(), 2);
        assert_eq!(memo.clone().len(), 0, "a clone starts empty");
    }

    #[test]
    fn keys_are_the_same_in_every_run() {
        let memo = Memo::default();
        memo.put(Memo::key("Thanks, everyone."), &SentenceMatch::default());
        assert_eq!(
            memo.get(Memo::key(&String::from("Thanks, everyone."))),
            Some(SentenceMatch::default())
        );
    }

    #[test]
    fn stops_learning_when_full() {
        let memo = Memo::default();
        for i in 0..(MAX_ENTRIES as u64 + 1000) {
            memo.put(
                u128::from(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                &SentenceMatch::default(),
            );
        }
        assert!(memo.len() <= MAX_ENTRIES);
        assert!(memo.len() > MAX_ENTRIES / 2);
    }
}
