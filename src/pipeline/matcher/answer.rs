//! A short question the customer answers "yes" to: "SSO? Yes, we need it by March.",
//! "Aufstocken? Ja, um zehn." The question names the product and the answer commits to
//! it, but no phrase reaches across the question mark; the question is read as the
//! customer's own ask ("we need SSO") and the answer is judged by the guards.

use super::{Matcher, Memo, SentenceMatch, is_question};
use crate::references::Taxonomy;
use crate::text::{self, Lang, Token};

/// Words a question may hold at most to be read as a topic ("More seats?", "Do we want
/// the analytics add-on?"), not a question about something else.
const MAX_QUESTION_WORDS: usize = 8;

/// Words an answer may hold after its "yes" and still commit without an intent word
/// ("Yes, ten.", "Ja, unbedingt.", "Doch, auf jeden Fall.").
const MAX_BARE_ANSWER_WORDS: usize = 3;

/// The words of the rule in one language.
struct YesWords {
    /// Beginnings of words besides the taxonomy's need group ([`YesWords::need`]) that
    /// make a longer answer a commitment ("buy", "nehmen").
    commit: &'static [&'static str],
    /// Words before the topic that only restate a question ("whether", "ob").
    restate: &'static [&'static str],
    /// The word of the taxonomy's need synonym group: the topic is read as "we need …"
    /// and every one-word member of its group commits an answer.
    need: &'static str,
    /// Who asks: "we need SSO".
    we: &'static str,
    /// The verbs a pronoun answer says yes with: "We do.", "We will, next month."
    aux: &'static [&'static str],
    /// Words that take a pronoun answer back ("We do not.", "We won't.").
    not: &'static [&'static str],
}

const EN: YesWords = YesWords {
    commit: &[
        "take", "buy", "order", "get", "love", "keen", "ready", "asap", "urgent",
    ],
    restate: &["whether", "if", "and", "so"],
    need: "need",
    we: "we",
    aux: &["do", "will", "would"],
    not: &["not", "n't", "never"],
};

const DE: YesWords = YesWords {
    commit: &[
        "nehm",
        "buch",
        "bestell",
        "kauf",
        "hätt",
        "unbedingt",
        "dringend",
        "bitte",
        "sofort",
    ],
    restate: &["ob", "wenn", "und", "also"],
    need: "brauchen",
    we: "wir",
    aux: &[],
    not: &["nicht", "kein", "keine", "nie"],
};

fn words(lang: Lang) -> &'static YesWords {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
    }
}

/// The stems that make an answer a commitment in `tax`'s language: the need word and
/// the one-word members of its group ("need", "want", "require"; "brauchen",
/// "benötigen").
pub(super) fn commit_stems(tax: &Taxonomy) -> Vec<String> {
    let w = words(tax.language);
    let need = text::analyze_in(w.need, tax.language);
    let mut stems = tax.synonyms.one_word_stems(w.need, tax.language);
    stems.extend(need.into_iter().map(|t| t.stem));
    stems.sort_unstable();
    stems.dedup();
    stems
}

impl Matcher {
    /// How many words open `said` with a yes, 0 for none: "Yes, ten." (1), "We do, yes."
    /// and "We definitely will." (2 or 3: a first-person pronoun and a verb of
    /// [`YesWords::aux`]), "Brauchen wir." and "Nehmen wir, ja." (2: a verb that commits and
    /// "wir"). Never when the opening goes on with a "not".
    fn yes_opening(&self, said: &[Token]) -> usize {
        let w = words(self.lang);
        let norm = |k: usize| said.get(k).map_or("", |t| t.norm.as_str());
        let yes = |k: usize| self.lang.yes_words().contains(&norm(k));
        let n = if yes(0) {
            1
        } else if self.lang.first_person().contains(&norm(0)) {
            let adverb = usize::from(yes(1));
            if w.aux.contains(&norm(1 + adverb)) {
                2 + adverb
            } else {
                0
            }
        } else if norm(1) == w.we && self.commits(&said[0]) {
            2
        } else {
            0
        };
        if n > 0 && w.not.contains(&norm(n)) {
            0
        } else {
            n
        }
    }

    /// Whether an answer's word commits to the ask: a one-word member of the need group
    /// or a word of [`YesWords::commit`].
    fn commits(&self, t: &Token) -> bool {
        self.answer_commits.contains(&t.stem)
            || words(self.lang)
                .commit
                .iter()
                .any(|c| t.norm.starts_with(c))
    }

    /// The match of `question` when `answer`, the next words of the same speaker, says
    /// yes to it: the question's topic read as an ask ("we need" and the topic), each
    /// of its mentions then judged by the guards on the answer ("Yes, maybe next year."
    /// is a hedge) and by the negative examples the answer holds (its own match, from
    /// the memo when read before). `None` when the answer is no yes, commits to nothing
    /// or the topic names no product.
    pub fn yes_answer(&self, question: &str, answer: &str) -> Option<SentenceMatch> {
        if !is_question(question) {
            return None;
        }
        // Remembered as "no match" for `None`: a reading it returns holds a trigger.
        let key = Memo::pair_key(question, answer);
        if let Some(m) = self.memo.get(key) {
            return (m != SentenceMatch::default()).then_some(m);
        }
        let m = self.read_yes_answer(question, answer);
        self.memo
            .put(key, m.as_ref().unwrap_or(&SentenceMatch::default()));
        m
    }

    /// [`Matcher::yes_answer`] for a question and answer not read before.
    fn read_yes_answer(&self, question: &str, answer: &str) -> Option<SentenceMatch> {
        let w = words(self.lang);
        let asked = text::analyze_in(question, self.lang);
        let said = text::analyze_in(answer, self.lang);
        let opens = self.yes_opening(&said);
        let rest = &said[opens.min(said.len())..];
        let commits =
            rest.len() <= MAX_BARE_ANSWER_WORDS || rest.iter().any(|t| t.number || self.commits(t));
        if asked.len() > MAX_QUESTION_WORDS || opens == 0 || !commits {
            return None;
        }
        let topic = asked
            .iter()
            .find(|t| !w.restate.contains(&t.norm.as_str()))
            .map_or("", |t| &question[t.start..]);
        let topic = topic.trim_end_matches(|c: char| c == '?' || !c.is_alphanumeric());
        let mut m = self.sentence(&format!("{} {} {topic}", w.we, w.need));
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
            // A pronoun and a verb say yes too; a "not" after them says no.
            (
                "Dana Reyes: SSO? We do, yes.",
                &["enterprise-tier"],
                Some("SSO? We do, yes."),
            ),
            (
                "Dana Reyes: SSO? We definitely will, by March.",
                &["enterprise-tier"],
                Some("SSO? We definitely will, by March."),
            ),
            ("Dana Reyes: SSO? We do not.", &[], None),
            ("Dana Reyes: SSO? We don't.", &[], None),
            ("Dana Reyes: SSO? We do already have SSO.", &[], None),
            ("Dana Reyes: SSO? We are a small shop.", &[], None),
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

    /// The one-word members of the taxonomy's need group commit a long answer, so a
    /// lead who adds "require" to the group changes this rule too.
    #[test]
    fn the_need_group_commits_an_answer() {
        use crate::references::taxonomy;
        let answer = "Dana Reyes: SSO? Yes, the auditors require it for the review of all systems.";
        let with_group = crate::pipeline::extract::tests::TAXONOMY.replace(
            "## Last edited",
            "## Synonyms\n- need: need, require\n## Last edited",
        );
        for (text, want) in [
            (crate::pipeline::extract::tests::TAXONOMY.to_string(), 0),
            (with_group, 1),
        ] {
            let (tax, problems) = taxonomy::parse("t.md", &text);
            assert!(problems.is_empty(), "{problems:?}");
            let ev = extract_call(&call(answer), &crate::pipeline::Matcher::new(&tax), false);
            assert_eq!(ev.mentions.len(), want, "{text}");
        }
    }

    /// German: the verb first and "wir" say yes ("Brauchen wir."); "Haben wir schon."
    /// says they have it.
    #[test]
    fn a_german_verb_answer_says_yes() {
        use crate::references::taxonomy;
        let (tax, _) = taxonomy::parse(
            "de.md",
            include_str!("../../../references-de/1-expansion-signal-taxonomy.md"),
        );
        let m = crate::pipeline::Matcher::new(&tax);
        for (text, want) in [
            ("Dana Reyes: Mehr Lizenzen? Brauchen wir, ja.", 1),
            ("Dana Reyes: SSO? Wollen wir unbedingt.", 1),
            ("Dana Reyes: SSO? Haben wir schon.", 0),
            ("Dana Reyes: Mehr Lizenzen? Brauchen wir nicht.", 0),
        ] {
            let ev = extract_call(&call(text), &m, false);
            assert_eq!(ev.mentions.len(), want, "{text}");
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
