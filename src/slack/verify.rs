//! Slack request signatures (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the
//! signing secret. The clock is an argument so the documented example verifies in a test.
//!
//! slack-morphism ships a verifier too, but it reads the clock itself; ours takes `now`
//! so the 5-minute window is testable without sleeping.

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
    if (now - ts).abs() > MAX_AGE_SECS {
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

#[cfg(test)]
mod tests {
    use super::*;

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
