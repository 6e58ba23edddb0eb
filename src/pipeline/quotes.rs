//! Step 3c (optional): what an LLM said an account's customers asked for, checked
//! against the transcript. Pure: the provider's answer comes in as text.
//!
//! A returned quote counts only when it is a verbatim part of one customer sentence of
//! the account's calls in the window (after whitespace and quote-mark normalisation);
//! anything else, a CSM's words included, is rejected and counted. The mention then
//! quotes the customer's whole sentence, never the model's rendering, and that sentence
//! passes the negative phrases and the sentence guards like any phrase match.

use super::extract::{Matcher, Mention};
use crate::references::Taxonomy;
use serde::Deserialize;

/// One customer sentence sent to the model, with where it was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub call_id: String,
    pub date: chrono::NaiveDate,
    pub speaker: String,
    pub role: String,
    pub sentence: String,
}

/// The JSON shape asked of the model.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub signals: Vec<Signal>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Signal {
    pub sku: String,
    pub quote: String,
    #[serde(default)]
    pub reason: String,
}

/// What the checks made of one answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub mentions: Vec<Mention>,
    /// Quotes that are not verbatim customer words.
    pub quotes_rejected: usize,
    pub unknown_skus: usize,
    /// Verbatim, but a negative phrase or a sentence guard set the sentence aside.
    pub set_aside: usize,
}

/// Whitespace collapsed, curly quote marks made straight.
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a model's answer: the JSON object itself, or one wrapped in prose or a code
/// fence. `None`: no such object.
pub fn parse_answer(text: &str) -> Option<Answer> {
    if let Ok(a) = serde_json::from_str::<Answer>(text.trim()) {
        return Some(a);
    }
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    serde_json::from_str(text.get(start..=end)?).ok()
}

/// Checks every signal of `answer` against the account's customer sentences.
pub fn check(answer: &Answer, said: &[Said], tax: &Taxonomy, matcher: &Matcher) -> Checked {
    let mut out = Checked::default();
    let normalised: Vec<String> = said.iter().map(|s| normalise(&s.sentence)).collect();
    for sig in &answer.signals {
        let Some(sku) = tax.sku(sig.sku.trim()) else {
            out.unknown_skus += 1;
            continue;
        };
        let quote = normalise(sig.quote.trim().trim_matches('"'));
        let found = (quote.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
            .then(|| normalised.iter().position(|n| n.contains(&quote)))
            .flatten();
        let Some(i) = found else {
            out.quotes_rejected += 1;
            continue;
        };
        let s = &said[i];
        if out
            .mentions
            .iter()
            .any(|m| m.sku == sku.id && m.quote == s.sentence)
        {
            continue;
        }
        let m = matcher.sentence(&s.sentence);
        let guard = sku
            .call_triggers
            .first()
            .and_then(|p| matcher.judge_sentence(&s.sentence, p));
        if m.negative.is_some() || guard.is_some() {
            out.set_aside += 1;
            continue;
        }
        out.mentions.push(Mention {
            sku: sku.id.clone(),
            quote: s.sentence.clone(),
            speaker: s.speaker.clone(),
            role: s.role.clone(),
            call_id: s.call_id.clone(),
            date: s.date,
            phrase: format!("LLM: {}", sig.reason.trim()),
        });
    }
    out
}

/// The instructions and the account's sentences, as one prompt.
pub fn prompt(tax: &Taxonomy, said: &[Said]) -> (String, String) {
    let mut system = String::from(
        "You find expansion signals (upsell intent) in what a customer said on sales and success calls. \
Answer with JSON only, exactly of this shape: {\"signals\": [{\"sku\": \"<sku id>\", \"quote\": \"<verbatim customer sentence or part of it>\", \"reason\": \"<short>\"}]}. \
A quote must be copied character for character from one numbered sentence; never paraphrase. \
Only report a present need the customer states for themselves: not hypotheticals, past purchases, complaints about price, or what other companies do. \
Return {\"signals\": []} when there is none.\n\nSKUs:\n",
    );
    for sku in &tax.skus {
        let examples: Vec<&str> = sku
            .call_triggers
            .iter()
            .take(8)
            .map(|p| p.source.as_str())
            .collect();
        system.push_str(&format!(
            "- {}: for example {}\n",
            sku.id,
            examples.join("; ")
        ));
    }
    let mut user = String::from("Customer sentences:\n");
    for (i, s) in said.iter().enumerate() {
        user.push_str(&format!("{}. {}\n", i + 1, s.sentence));
    }
    (system, user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::extract::tests::{TAXONOMY, matcher};
    use crate::references::taxonomy;

    fn said(s: &str) -> Said {
        Said {
            call_id: "c1".into(),
            date: "2026-11-20".parse().unwrap(),
            speaker: "Dana Reyes".into(),
            role: "VP Operations".into(),
            sentence: s.into(),
        }
    }

    #[test]
    fn only_verbatim_customer_words_of_known_skus_count() {
        let (tax, _) = taxonomy::parse("t.md", TAXONOMY);
        let sentences = [
            said("Honestly, our staff want one login for every tool we use."),
            said("If the budget clears, staff could use one login."),
        ];
        let answer = parse_answer(
            "Here you go:\n```json\n{\"signals\": [\
             {\"sku\": \"enterprise-tier\", \"quote\": \"our staff want one login  for every tool\", \"reason\": \"asks for SSO\"},\
             {\"sku\": \"enterprise-tier\", \"quote\": \"We urgently need SSO for everyone\", \"reason\": \"invented\"},\
             {\"sku\": \"platinum-tier\", \"quote\": \"one login\", \"reason\": \"no such SKU\"},\
             {\"sku\": \"enterprise-tier\", \"quote\": \"staff could use one login\", \"reason\": \"hedged\"}\
             ]}\n```",
        )
        .unwrap();
        let c = check(&answer, &sentences, &tax, &matcher());
        assert_eq!(c.quotes_rejected, 1);
        assert_eq!(c.unknown_skus, 1);
        assert_eq!(c.set_aside, 1);
        assert_eq!(c.mentions.len(), 1);
        // The transcript's whole sentence, not the model's rendering.
        assert_eq!(c.mentions[0].quote, sentences[0].sentence);
        assert_eq!(c.mentions[0].phrase, "LLM: asks for SSO");
    }

    #[test]
    fn curly_quotes_and_spacing_do_not_matter() {
        assert_eq!(normalise("we’re  \n “ready”"), "we're \"ready\"");
        assert!(parse_answer("not json").is_none());
    }
}
