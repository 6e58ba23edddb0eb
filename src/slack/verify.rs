//! Slack request signatures (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the
//! signing secret. The clock is an argument so the documented example verifies in a test.
//!
//! slack-morphism ships a verifier too, but it reads the clock itself; ours takes `now`
//! so the 5-minute window is testable without sleeping.
//!
//! A valid signature is accepted once: [`ReplayCache`] remembers the signatures seen in
//! the last five minutes (older ones are refused as stale anyway), so a captured request
//! replayed inside the window is refused too.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Requests older (or newer) than this are refused, against replay.
pub const MAX_AGE_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing X-Slack-Signature or X-Slack-Request-Timestamp header")]
    Missing,
    #[error("the request timestamp is not a number")]
    BadTimestamp,
    #[error("the request timestamp is more than 5 minutes away from now")]
    Stale,
    #[error("the signature does not match")]
    Mismatch,
    #[error("this signed request was already received (replay)")]
    Replayed,
}

/// `v0=` followed by the hex HMAC of the base string.
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks one request. `now` is Unix seconds.
pub fn verify(
    secret: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return Err(SignatureError::Missing);
    };
    let ts: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    // Checked: an absurd timestamp (i64::MIN, i64::MAX) must not overflow.
    let age = now.checked_sub(ts).map(i64::unsigned_abs);
    if age.is_none_or(|age| age > MAX_AGE_SECS.unsigned_abs()) {
        return Err(SignatureError::Stale);
    }
    let expected = sign(secret, timestamp.trim(), body);
    // Constant time, so the comparison does not leak how many leading bytes matched.
    if expected
        .as_bytes()
        .ct_eq(signature.trim().as_bytes())
        .into()
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Signatures accepted in the last [`MAX_AGE_SECS`], to refuse a replay. Memory is
/// bounded: entries expire with the window, and past `capacity` the oldest are dropped
/// (with a warning: that takes more validly signed requests in five minutes than Slack
/// sends a workspace).
#[derive(Debug)]
pub struct ReplayCache {
    capacity: usize,
    inner: std::sync::Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// (timestamp, signature), oldest first, for expiry.
    by_time: std::collections::BTreeSet<(i64, String)>,
    signatures: std::collections::HashSet<String>,
}

/// Default [`ReplayCache`] size: about 100 bytes an entry, so under 10 MB.
pub const REPLAY_CACHE_CAPACITY: usize = 100_000;

impl Default for ReplayCache {
    fn default() -> Self {
        ReplayCache::new(REPLAY_CACHE_CAPACITY)
    }
}

impl ReplayCache {
    pub fn new(capacity: usize) -> ReplayCache {
        ReplayCache {
            capacity: capacity.max(1),
            inner: std::sync::Mutex::new(Seen::default()),
        }
    }

    /// Records a verified request's signature; `Err(Replayed)` when it was seen within
    /// the window. `timestamp` is the request's, `now` Unix seconds.
    pub fn check(&self, signature: &str, timestamp: i64, now: i64) -> Result<(), SignatureError> {
        let mut seen = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        // Expire what the window refuses anyway.
        let horizon = now.saturating_sub(MAX_AGE_SECS);
        while let Some(first) = seen.by_time.first().cloned() {
            if first.0 >= horizon && seen.by_time.len() < self.capacity {
                break;
            }
            if first.0 >= horizon {
                tracing::warn!(
                    capacity = self.capacity,
                    "replay cache full: forgetting the oldest signature early"
                );
            }
            seen.by_time.pop_first();
            seen.signatures.remove(&first.1);
        }
        let signature = signature.trim().to_string();
        if !seen.signatures.insert(signature.clone()) {
            return Err(SignatureError::Replayed);
        }
        seen.by_time.insert((timestamp, signature));
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .signatures
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_timestamps_are_stale_not_a_panic() {
        let body = b"text=help";
        for (ts, now) in [
            (i64::MIN, i64::MAX),
            (i64::MAX, i64::MIN),
            (i64::MIN, 0),
            (i64::MAX, 0),
            (i64::MIN, 1_700_000_000),
            (i64::MAX, 1_700_000_000),
        ] {
            let t = ts.to_string();
            let sig = sign(SECRET, &t, body);
            assert_eq!(
                verify(SECRET, Some(&t), Some(&sig), body, now),
                Err(SignatureError::Stale),
                "ts {ts}, now {now}"
            );
        }
    }

    #[test]
    fn a_replay_inside_the_window_is_refused_and_entries_expire() {
        let cache = ReplayCache::new(1000);
        let now = 1_700_000_000;
        assert_eq!(cache.check("v0=aa", now, now), Ok(()));
        assert_eq!(cache.check("v0=bb", now, now), Ok(()));
        assert_eq!(
            cache.check("v0=aa", now, now + 299),
            Err(SignatureError::Replayed)
        );
        // Once the window has passed, the request would be stale: the entry is gone.
        assert_eq!(cache.check("v0=cc", now + 400, now + 400), Ok(()));
        assert_eq!(cache.len(), 1, "expired entries are dropped");
    }

    #[test]
    fn the_replay_cache_is_bounded() {
        let cache = ReplayCache::new(3);
        let now = 1_700_000_000;
        for i in 0..10 {
            cache.check(&format!("v0={i}"), now + i, now + i).unwrap();
        }
        assert_eq!(cache.len(), 3);
        // The newest are still remembered.
        assert_eq!(
            cache.check("v0=9", now + 9, now + 10),
            Err(SignatureError::Replayed)
        );
    }

    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TS: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const EXPECTED: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    #[test]
    fn slacks_documented_example_verifies() {
        assert_eq!(sign(SECRET, TS, BODY.as_bytes()), EXPECTED);
        let now = 1531420618 + 10;
        assert_eq!(
            verify(SECRET, Some(TS), Some(EXPECTED), BODY.as_bytes(), now),
            Ok(())
        );
    }

    #[test]
    fn wrong_missing_and_stale_signatures_are_refused() {
        let body = BODY.as_bytes();
        let now = 1531420618;
        let cases = [
            (Some(TS), None, now, SignatureError::Missing),
            (None, Some(EXPECTED), now, SignatureError::Missing),
            (
                Some("soon"),
                Some(EXPECTED),
                now,
                SignatureError::BadTimestamp,
            ),
            (Some(TS), Some("v0=00"), now, SignatureError::Mismatch),
            (
                Some(TS),
                Some(EXPECTED),
                now + 6 * 60,
                SignatureError::Stale,
            ),
            (
                Some(TS),
                Some(EXPECTED),
                now - 6 * 60,
                SignatureError::Stale,
            ),
        ];
        for (ts, sig, now, want) in cases {
            assert_eq!(
                verify(SECRET, ts, sig, body, now),
                Err(want.clone()),
                "{want}"
            );
        }
        // A changed body fails even with the right headers.
        assert_eq!(
            verify(SECRET, Some(TS), Some(EXPECTED), b"text=admin+run", now),
            Err(SignatureError::Mismatch)
        );
    }
}
