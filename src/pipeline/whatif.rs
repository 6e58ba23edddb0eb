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
    pub reason: String,
}

/// A signal of one digest: strength, account name and a one-line reason.
type Seen = (Strength, String, String);

fn signals(d: &Digest) -> BTreeMap<(String, String), Seen> {
    let mut out = BTreeMap::new();
    for s in &d.strong {
        let reason = s
            .call_evidence
            .first()
            .map(|q| format!("strong: “{}” ({}) with usage evidence", q.quote, q.speaker))
            .unwrap_or_else(|| "strong".into());
        out.insert(
            (s.account_id.clone(), s.sku.clone()),
            (Strength::Strong, s.account_name.clone(), reason),
        );
    }
    for c in &d.overflow_signals {
        out.insert(
            (c.account_id.clone(), c.sku.clone()),
            (
                Strength::Strong,
                c.account_name.clone(),
                "strong, over the cap".into(),
            ),
        );
    }
    for w in &d.weak {
        out.insert(
            (w.account_id.clone(), w.sku.clone()),
            (
                Strength::Weak,
                w.account_name.clone(),
                format!("weak: {}", w.summary),
            ),
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
            let change = match (b.get(key), a.get(key)) {
                (None, Some((now, name, why))) => {
                    Some((Kind::Gained { now: *now }, name, why.clone()))
                }
                (Some((was, name, why)), None) => Some((
                    Kind::Lost { was: *was },
                    name,
                    format!("no longer found under the edited rules (was {why})"),
                )),
                (Some((from, _, _)), Some((to, name, why))) if from != to => Some((
                    Kind::Moved {
                        from: *from,
                        to: *to,
                    },
                    name,
                    why.clone(),
                )),
                _ => None,
            };
            if let Some((kind, name, reason)) = change {
                out.push(Change {
                    owner_email: owner.to_string(),
                    account_id: key.0.clone(),
                    account_name: name.clone(),
                    sku: key.1.clone(),
                    kind,
                    reason,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        (&x.owner_email, &x.account_name, &x.sku).cmp(&(&y.owner_email, &y.account_name, &y.sku))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{Diagnostics, RunStatus, WeakSignal};

    fn report(weak: &[(&str, &str)]) -> RunReport {
        RunReport {
            as_of: "2026-11-23".parse().unwrap(),
            window_days: 7,
            cap_per_csm: 3,
            status: RunStatus::Ok,
            error: None,
            coverage_pct: 80.0,
            warnings: vec![],
            diagnostics: Diagnostics::default(),
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
