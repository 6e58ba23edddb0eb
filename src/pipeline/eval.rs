//! `eval`: how well the taxonomy separates intent from talk that is not intent, on a
//! labelled set of customer sentences.
//!
//! Each sentence is put in a one-line call spoken by a customer attendee and goes
//! through [`extract_call`], the very function `run` uses, so a sentence is judged
//! exactly as it would be on an account whose usage supports its SKU (a mention there
//! plus the usage event makes a strong signal).

use super::extract::{CallEvidence, Mention, TracedSentence, Verdict, extract_call, guard_verdict};
use super::matcher::Matcher;
use super::semantic::{PhraseIndex, SemanticVerdict, Unmatched, embed_text, unmatched_sentences};
use crate::model::{Attendee, Call, Utterance};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labelled {
    pub text: String,
    pub label: Label,
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Intent,
    NotIntent,
}

/// How one sentence came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    pub text: String,
    pub sku: Option<String>,
    pub kind: String,
    /// Why it was missed, or what fired on it.
    pub reason: String,
}

/// Hits out of a total, with the percentage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rate {
    pub hits: usize,
    pub total: usize,
    pub pct: f64,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
        self.pct = round1(100.0 * self.hits as f64 / self.total as f64);
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub sentences: usize,
    pub recall: Rate,
    pub recall_by_sku: BTreeMap<String, Rate>,
    pub recall_by_kind: BTreeMap<String, Rate>,
    pub false_positives: Rate,
    pub false_positives_by_kind: BTreeMap<String, Rate>,
    pub misses: Vec<Case>,
    pub false_alarms: Vec<Case>,
}

/// One stage's evaluation with what it cost (`eval` shows stages side by side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageReport {
    /// "phrases", "phrases + embeddings", …
    pub stage: String,
    /// Wall-clock seconds for the whole set, the model's work included.
    pub seconds: f64,
    /// The embedding stage's similarity threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// The LLM stage's requests, tokens and dollars.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub llm: Option<crate::digest::LlmDiagnostics>,
    pub report: Report,
}

impl StageReport {
    pub fn new(stage: &str, took: std::time::Duration, report: Report) -> StageReport {
        StageReport {
            stage: stage.into(),
            seconds: (took.as_secs_f64() * 1000.0).round() / 1000.0,
            threshold: None,
            llm: None,
            report,
        }
    }
}

/// Judges every labelled sentence.
pub fn evaluate(labels: &[Labelled], matcher: &Matcher) -> Report {
    evaluate_with(labels, matcher, None)
}

/// The embedding stage as `eval` runs it: the phrase index and the vector of every
/// sentence [`eval_sentences`] listed.
pub type Semantic<'a> = (&'a PhraseIndex, &'a HashMap<String, Vec<f32>>);

/// The customer sentences of the labelled set that the embedding stage would compare
/// (no phrase matched them), as they are embedded.
pub fn eval_sentences(labels: &[Labelled], matcher: &Matcher) -> Vec<String> {
    labels
        .iter()
        .flat_map(|l| unmatched_sentences(&eval_call(&l.text), matcher))
        .map(|u| embed_text(&u.sentence))
        .collect()
}

/// [`evaluate`] with the embedding stage after the phrases when `semantic` is given.
pub fn evaluate_with(
    labels: &[Labelled],
    matcher: &Matcher,
    semantic: Option<Semantic<'_>>,
) -> Report {
    evaluate_stages(labels, matcher, semantic, None)
}

/// Mentions another stage (the LLM) found, by labelled text: (SKU, why) pairs.
pub type Found = HashMap<String, Vec<(String, String)>>;

/// [`evaluate_with`] plus the mentions `found` by a stage outside this module.
pub fn evaluate_stages(
    labels: &[Labelled],
    matcher: &Matcher,
    semantic: Option<Semantic<'_>>,
    found: Option<&Found>,
) -> Report {
    let mut r = Report {
        sentences: labels.len(),
        ..Report::default()
    };
    for l in labels {
        let mut judged = judge(&l.text, matcher, semantic);
        for (sku, why) in found.and_then(|f| f.get(&l.text)).into_iter().flatten() {
            if !judged.mentions.contains(sku) {
                judged.mentions.push(sku.clone());
                judged.fired.push(format!("{sku} via {why}"));
            }
        }
        let kind = l.kind.clone().unwrap_or_else(|| "unlabelled".into());
        match l.label {
            Label::Intent => {
                let hit = match &l.sku {
                    Some(sku) => judged.mentions.contains(sku),
                    None => !judged.mentions.is_empty(),
                };
                r.recall.add(hit);
                let sku_key = l.sku.clone().unwrap_or_else(|| "any".into());
                r.recall_by_sku.entry(sku_key).or_default().add(hit);
                r.recall_by_kind.entry(kind.clone()).or_default().add(hit);
                if !hit {
                    r.misses
                        .push(case(l, kind, judged.why_missed(l.sku.as_deref())));
                }
            }
            Label::NotIntent => {
                let fired = !judged.mentions.is_empty();
                r.false_positives.add(fired);
                r.false_positives_by_kind
                    .entry(kind.clone())
                    .or_default()
                    .add(fired);
                if fired {
                    r.false_alarms.push(case(l, kind, judged.fired.join("; ")));
                }
            }
        }
    }
    r
}

fn case(l: &Labelled, kind: String, reason: String) -> Case {
    Case {
        text: l.text.clone(),
        sku: l.sku.clone(),
        kind,
        reason,
    }
}

/// What the run's extraction made of one sentence.
struct Judged {
    /// SKUs it is a mention of.
    mentions: Vec<String>,
    /// "sku via \"phrase\"" for each mention.
    fired: Vec<String>,
    verdicts: Vec<Verdict>,
}

impl Judged {
    fn why_missed(&self, sku: Option<&str>) -> String {
        let about = |skus: &[String]| sku.is_none_or(|s| skus.iter().any(|k| k == s));
        for v in &self.verdicts {
            match v {
                Verdict::Negative { phrase } => {
                    return format!("negative-example phrase \"{phrase}\"");
                }
                Verdict::Conditional { marker, skus } if about(skus) => {
                    return format!("conditional guard \"{marker}\"");
                }
                Verdict::Guarded {
                    guard,
                    marker,
                    skus,
                } if about(skus) => {
                    return format!("{} guard \"{marker}\"", guard.label());
                }
                _ => {}
            }
        }
        if self.fired.is_empty() {
            "no phrase matched".into()
        } else {
            format!("matched another SKU only: {}", self.fired.join("; "))
        }
    }
}

/// One sentence as a one-line call spoken by a customer attendee.
fn eval_call(text: &str) -> Call {
    Call {
        account_id: "eval".into(),
        call_id: "eval".into(),
        occurred_at: chrono::DateTime::UNIX_EPOCH,
        attendees: vec![Attendee {
            name: "Customer".into(),
            email: None,
            is_customer: true,
            role: Some("customer".into()),
            title: None,
        }],
        transcript_text: None,
        transcript: Some(vec![Utterance {
            speaker: "Customer".into(),
            text: text.replace(['\n', '\r'], " "),
        }]),
        transcript_url: None,
        language: None,
    }
}

/// Runs one sentence through `extract_call` as a customer's line, then (with
/// `semantic`) its unmatched sentences through the embedding stage.
fn judge(text: &str, matcher: &Matcher, semantic: Option<Semantic<'_>>) -> Judged {
    let call = eval_call(text);
    let mut ev = extract_call(&call, matcher, true);
    if let Some((index, vectors)) = semantic {
        for u in unmatched_sentences(&call, matcher) {
            let Some(v) = vectors.get(&embed_text(&u.sentence)) else {
                continue;
            };
            let verdict = index.judge(&u.sentence, v, matcher);
            add_semantic(&mut ev, &call, u, verdict);
        }
    }
    judged(ev)
}

/// Adds the embedding stage's verdict on one unmatched sentence: a mention, or a trace.
fn add_semantic(
    ev: &mut CallEvidence,
    call: &Call,
    u: Unmatched,
    verdict: Option<SemanticVerdict>,
) {
    match verdict {
        Some(SemanticVerdict::Mention { nearest }) => ev.mentions.push(Mention {
            sku: nearest.sku.clone(),
            quote: u.sentence.clone(),
            speaker: u.speaker,
            role: u.role,
            call_id: call.call_id.clone(),
            date: ev.date,
            phrase: crate::pipeline::semantic::semantic_phrase(&nearest.phrase, nearest.similarity),
        }),
        Some(SemanticVerdict::Guarded { nearest, hit }) => {
            ev.trace.push(TracedSentence {
                speaker: u.speaker,
                role: u.role,
                sentence: u.sentence,
                verdict: guard_verdict(hit, nearest.sku),
            });
        }
        Some(SemanticVerdict::Negative { negative, .. }) => {
            ev.trace.push(TracedSentence {
                speaker: u.speaker,
                role: u.role,
                sentence: u.sentence,
                verdict: Verdict::Negative {
                    phrase: format!("≈ {}", negative.phrase),
                },
            });
        }
        _ => {}
    }
}

/// What a sentence's evidence comes to: the SKUs mentioned, how, and the verdicts.
fn judged(ev: CallEvidence) -> Judged {
    let mut mentions: Vec<String> = ev.mentions.iter().map(|m| m.sku.clone()).collect();
    mentions.dedup();
    Judged {
        fired: ev
            .mentions
            .iter()
            .map(|m| format!("{} via \"{}\"", m.sku, m.phrase))
            .collect(),
        mentions,
        verdicts: ev.trace.into_iter().map(|t| t.verdict).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::extract::tests::matcher;

    fn l(text: &str, label: Label, sku: &str, kind: &str) -> Labelled {
        Labelled {
            text: text.into(),
            label,
            sku: Some(sku.into()),
            kind: Some(kind.into()),
        }
    }

    #[test]
    fn scores_and_reasons() {
        let labels = [
            l(
                "We need 20 more seats.",
                Label::Intent,
                "additional-team-seats",
                "exact",
            ),
            l(
                "We need SSO.",
                Label::Intent,
                "additional-team-seats",
                "exact",
            ),
            l(
                "If budget clears we need SSO.",
                Label::Intent,
                "enterprise-tier",
                "hedge",
            ),
            l("We need SSO.", Label::NotIntent, "enterprise-tier", "trap"),
            l(
                "Lunch was nice.",
                Label::NotIntent,
                "enterprise-tier",
                "unrelated",
            ),
        ];
        let r = evaluate(&labels, &matcher());
        assert_eq!((r.recall.hits, r.recall.total), (1, 3));
        assert_eq!(r.recall.pct, 33.3);
        assert_eq!((r.false_positives.hits, r.false_positives.total), (1, 2));
        assert_eq!(r.recall_by_kind["exact"].total, 2);
        let reasons: Vec<&str> = r.misses.iter().map(|c| c.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "matched another SKU only: enterprise-tier via \"we need SSO\"",
                "conditional guard \"if\""
            ]
        );
        assert_eq!(
            r.false_alarms[0].reason,
            "enterprise-tier via \"we need SSO\""
        );
    }
}
