//! What-if: the difference between one week decided under the current rules and under
//! edited ones: signals gained, lost, and moved between strong and weak, per CSM, with
//! the reason. Pure: both reports are arguments.

use crate::digest::{Digest, RunReport};
use serde::Serialize;
use std::collections::BTreeMap;

/// Strong (shown or over the cap) or weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Kind {
    Gained { now: Strength },
    Lost { was: Strength },
    Moved { from: Strength, to: Strength },
}

/// One signal that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub owner_email: String,
    pub account_id: String,
    pub account_name: String,
    pub sku: String,
    #[serde(flatten)]
    pub kind: Kind,
    /// [`Change::why`] in English (for a lost signal: "no longer found under the edited
    /// rules (was …)").
    pub reason: String,
    /// Why the signal is what it is under the rules that find it (for a lost signal,
    /// the current ones), as data for a renderer in another language.
    #[serde(skip)]
    pub why: Why,
}

/// Why a signal is strong or weak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Strong; the first call quote and its speaker, when there is one.
    Strong { quote: Option<(String, String)> },
    /// Strong, but over the per-CSM cap.
    OverCap,
    /// Weak, with the weak signal's summary (English, as the pipeline writes it).
    Weak { summary: String },
}

impl Why {
    /// The one-line reason in English.
    pub fn english(&self) -> String {
        match self {
            Why::Strong {
                quote: Some((quote, speaker)),
            } => format!("strong: “{quote}” ({speaker}) with usage evidence"),
            Why::Strong { quote: None } => "strong".into(),
            Why::OverCap => "strong, over the cap".into(),
            Why::Weak { summary } => format!("weak: {summary}"),
        }
    }
}

/// A signal of one digest: strength, account name and why.
type Seen = (Strength, String, Why);

fn signals(d: &Digest) -> BTreeMap<(String, String), Seen> {
    let mut out = BTreeMap::new();
    for s in &d.strong {
        let quote = s
            .call_evidence
            .first()
            .map(|q| (q.quote.clone(), q.speaker.clone()));
        out.insert(
            (s.account_id.clone(), s.sku.clone()),
            (
                Strength::Strong,
                s.account_name.clone(),
                Why::Strong { quote },
            ),
        );
    }
    for c in &d.overflow_signals {
        out.insert(
            (c.account_id.clone(), c.sku.clone()),
            (Strength::Strong, c.account_name.clone(), Why::OverCap),
        );
    }
    for w in &d.weak {
        let why = Why::Weak {
            summary: w.summary.clone(),
        };
        out.insert(
            (w.account_id.clone(), w.sku.clone()),
            (Strength::Weak, w.account_name.clone(), why),
        );
    }
    out
}

fn by_owner(r: &RunReport) -> BTreeMap<&str, BTreeMap<(String, String), Seen>> {
    r.digests
        .iter()
        .map(|d| (d.owner_email.as_str(), signals(d)))
        .collect()
}

/// Every signal whose presence or strength differs from `current` to `edited`, per
/// CSM (by e-mail), then account name and SKU.
pub fn diff(current: &RunReport, edited: &RunReport) -> Vec<Change> {
    let (before, after) = (by_owner(current), by_owner(edited));
    let empty = BTreeMap::new();
    let mut owners: Vec<&str> = before.keys().chain(after.keys()).copied().collect();
    owners.sort();
    owners.dedup();
    let mut out = Vec::new();
    for owner in owners {
        let (b, a) = (
            before.get(owner).unwrap_or(&empty),
            after.get(owner).unwrap_or(&empty),
        );
        let mut keys: Vec<&(String, String)> = b.keys().chain(a.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            if let Some((kind, name, why)) = change(b.get(key), a.get(key)) {
                out.push(Change {
                    owner_email: owner.to_string(),
                    account_id: key.0.clone(),
                    account_name: name.clone(),
                    sku: key.1.clone(),
                    reason: english_reason(&kind, &why),
                    kind,
                    why,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        (&x.owner_email, &x.account_name, &x.sku).cmp(&(&y.owner_email, &y.account_name, &y.sku))
    });
    out
}

/// What happened to one signal between the current rules (`before`) and the edited ones.
fn change<'a>(
    before: Option<&'a Seen>,
    after: Option<&'a Seen>,
) -> Option<(Kind, &'a String, Why)> {
    match (before, after) {
        (None, Some((now, name, why))) => Some((Kind::Gained { now: *now }, name, why.clone())),
        (Some((was, name, why)), None) => Some((Kind::Lost { was: *was }, name, why.clone())),
        (Some((from, _, _)), Some((to, name, why))) if from != to => {
            let kind = Kind::Moved {
                from: *from,
                to: *to,
            };
            Some((kind, name, why.clone()))
        }
        _ => None,
    }
}

/// The English reason of a change ([`Change::reason`]).
pub fn english_reason(kind: &Kind, why: &Why) -> String {
    match kind {
        Kind::Lost { .. } => format!(
            "no longer found under the edited rules (was {})",
            why.english()
        ),
        _ => why.english(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::WeakSignal;

    fn report(weak: &[(&str, &str)]) -> RunReport {
        RunReport {
            coverage_pct: 80.0,
            digests: vec![Digest {
                weak: weak
                    .iter()
                    .map(|(id, sku)| WeakSignal {
                        account_id: id.to_string(),
                        account_name: id.to_uppercase(),
                        sku: sku.to_string(),
                        summary: "call mention only".into(),
                        tags: vec![],
                    })
                    .collect(),
                ..Digest::empty("a@x", None)
            }],
            ..RunReport::new("2026-11-23".parse().unwrap(), 7, 3)
        }
    }

    #[test]
    fn gained_lost_and_unchanged() {
        let before = report(&[("a", "seats"), ("b", "sso")]);
        let after = report(&[("a", "seats"), ("c", "seats")]);
        let d = diff(&before, &after);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].account_id, "b");
        assert_eq!(
            d[0].kind,
            Kind::Lost {
                was: Strength::Weak
            }
        );
        assert_eq!(
            d[1].kind,
            Kind::Gained {
                now: Strength::Weak
            }
        );
        assert!(diff(&before, &before).is_empty());
    }
}
