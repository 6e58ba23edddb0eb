//! A short question the customer answers "yes" to: "SSO? Yes, we need it by March.",
//! "Aufstocken? Ja, um zehn." The question names the product and the answer commits to
//! it, but no phrase reaches across the question mark; the question is read as the
//! customer's own ask ("we need SSO") and the answer is judged by the guards.

use super::{Matcher, SentenceMatch, is_question};
use crate::text::{self, Lang};

/// Words a question may hold at most to be read as a topic ("More seats?", "Do we want
/// the analytics add-on?"), not a question about something else.
const MAX_QUESTION_WORDS: usize = 8;

/// Words an answer may hold after its "yes" and still commit without an intent word
/// ("Yes, ten.", "Ja, unbedingt.", "Doch, auf jeden Fall.").
const MAX_BARE_ANSWER_WORDS: usize = 3;

/// The words of the rule in one language.
struct YesWords {
    /// What an answer opens with to say yes.
    yes: &'static [&'static str],
    /// Beginnings of words that make a longer answer a commitment ("need", "nehmen").
    intent: &'static [&'static str],
    /// Words before the topic that only restate a question ("whether", "ob").
    restate: &'static [&'static str],
    /// The ask the topic is read in ("we need SSO").
    ask: &'static str,
}

const EN: YesWords = YesWords {
    yes: &[
        "yes",
        "yeah",
        "yep",
        "yup",
        "definitely",
        "absolutely",
        "sure",
        "certainly",
        "exactly",
        "correct",
        "indeed",
    ],
    intent: &[
        "need", "want", "take", "buy", "order", "get", "love", "keen", "ready", "please", "asap",
        "urgent", "must",
    ],
    restate: &["whether", "if", "and", "so"],
    ask: "we need",
};

const DE: YesWords = YesWords {
    yes: &[
        "ja",
        "doch",
        "genau",
        "klar",
        "jawohl",
        "unbedingt",
        "natürlich",
        "absolut",
        "definitiv",
        "sicher",
        "freilich",
        "gerne",
        "gern",
    ],
    intent: &[
        "brauch",
        "woll",
        "will",
        "möcht",
        "nehm",
        "buch",
        "bestell",
        "kauf",
        "hätt",
        "unbedingt",
        "dringend",
        "bitte",
        "muss",
        "müss",
        "sofort",
    ],
    restate: &["ob", "wenn", "und", "also"],
    ask: "wir brauchen",
};

fn words(lang: Lang) -> &'static YesWords {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

impl Matcher {
    /// The match of `question` when `answer`, the next words of the same speaker, says
    /// yes to it: the question's topic read as an ask ("we need" and the topic), each
    /// of its mentions then judged by the guards on the answer ("Yes, maybe next year."
    /// is a hedge) and by the negative examples the answer holds. `None` when the
    /// answer is no yes, commits to nothing or the topic names no product.
    pub fn yes_answer(&self, question: &str, answer: &str) -> Option<SentenceMatch> {
        let w = words(self.lang);
        let asked = text::analyze_in(question, self.lang);
        let said = text::analyze_in(answer, self.lang);
        let opens_yes = said.first()?.norm.as_str();
        let rest = &said[1..];
        let commits = rest.len() <= MAX_BARE_ANSWER_WORDS
            || rest
                .iter()
                .any(|t| t.number || w.intent.iter().any(|i| t.norm.starts_with(i)));
        if !is_question(question)
            || asked.len() > MAX_QUESTION_WORDS
            || !w.yes.contains(&opens_yes)
            || !commits
        {
            return None;
        }
        let topic = asked
            .iter()
            .find(|t| !w.restate.contains(&t.norm.as_str()))
            .map_or("", |t| &question[t.start..]);
        let topic = topic.trim_end_matches(|c: char| c == '?' || !c.is_alphanumeric());
        let mut m = self.sentence(&format!("{} {topic}", w.ask));
        if !m.has_mention() {
            return None;
        }
        m.negative = self.sentence(answer).negative;
        for t in m.triggers.iter_mut().filter(|t| t.guard.is_none()) {
            let phrase = self.phrases.iter().find(|p| p.source == t.phrase)?;
            t.guard = self.guards.judge_sentence(&said, phrase);
        }
        Some(m)
    }
}

/// The question and the answer of a sentence that holds both ("More seats? Yes, ten."
/// read as one): the text up to its last "?" and the words after it.
pub fn question_and_answer(sentence: &str) -> Option<(&str, &str)> {
    let q = sentence.trim_end().rfind('?')?;
    let answer = sentence[q + 1..].trim();
    (!answer.is_empty()).then(|| (&sentence[..=q], answer))
}

#[cfg(test)]
mod tests {
    use crate::pipeline::extract::tests::{call, matcher};
    use crate::pipeline::extract::{Verdict, extract_call};

    /// (transcript, SKUs mentioned, the quote of the first mention).
    #[test]
    fn a_yes_answer_makes_the_question_an_ask() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            (
                "Dana Reyes: SSO? Yes, we need it by March.",
                &["enterprise-tier"],
                Some("SSO? Yes, we need it by March."),
            ),
            (
                "Dana Reyes: Whether SSO? Yes, definitely.",
                &["enterprise-tier"],
                Some("Whether SSO? Yes, definitely."),
            ),
            // Two separate sentences: the quote holds both.
            (
                "Dana Reyes: SSO for everyone? Yes, and we need it before the audit in March.",
                &["enterprise-tier"],
                Some("SSO for everyone? Yes, and we need it before the audit in March."),
            ),
            // A yes that commits to nothing is no ask.
            (
                "Dana Reyes: SSO? Yes, the whole team talks about it every day at lunch.",
                &[],
                None,
            ),
            // A "no" and a hedge in the answer.
            ("Dana Reyes: SSO? No, we are fine.", &[], None),
            (
                "Dana Reyes: SSO? Yes, we would need it if the price came down.",
                &[],
                None,
            ),
            // The answer's own negative example sets it aside.
            ("Dana Reyes: SSO? Yes, we already have SSO.", &[], None),
            // Somebody else's yes does not answer for the customer.
            ("Dana Reyes: SSO?\nSam Okafor: Yes, we need it.", &[], None),
            // A question about something that names no product.
            ("Dana Reyes: Lunch? Yes, we need it now.", &[], None),
        ];
        let m = matcher();
        for (text, want, quote) in cases {
            let ev = extract_call(&call(text), &m, true);
            let got: Vec<&str> = ev.mentions.iter().map(|m| m.sku.as_str()).collect();
            assert_eq!(&got, want, "{text}");
            let first = ev.mentions.first().map(|m| m.quote.as_str());
            assert_eq!(first, *quote, "{text}");
        }
    }

    #[test]
    fn a_guarded_answer_is_traced() {
        let m = matcher();
        let ev = extract_call(
            &call("Dana Reyes: SSO? Yes, we would need it if the price came down."),
            &m,
            true,
        );
        assert!(
            ev.trace
                .iter()
                .any(|t| matches!(t.verdict, Verdict::Conditional { .. })),
            "{:?}",
            ev.trace
        );
    }
}
