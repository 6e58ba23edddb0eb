//! Step 3b (optional): customer sentences that no phrase matched, compared by meaning
//! with the taxonomy's call-trigger and negative-example phrases.
//!
//! Pure: the sentence vectors come in as arguments (the model runs in
//! [`crate::embed`], the cache lives in the store). A sentence whose nearest trigger
//! phrase is at least as similar as the taxonomy's threshold becomes a mention of that
//! phrase's SKU, unless a negative-example phrase is nearer still, or a sentence guard
//! (conditional, objection, negation, past event, other party) sets it aside, exactly
//! as for a phrase match. The quote is still the customer's whole sentence, verbatim.

use super::extract::{GuardHit, Matcher, segments, sentences};
use crate::model::Call;
use crate::references::{Pattern, Taxonomy};
use serde::Serialize;

/// The threshold when the taxonomy sets none: cosine similarity with all-MiniLM-L6-v2,
/// measured on the tune and dev label sets (see README, "Semantic matching").
pub const DEFAULT_THRESHOLD: f32 = 0.50;

/// How much nearer a phrase reading must be than an example sentence to count: short
/// readings ("need forecasting") sit near any talk with the same nouns, whole example
/// sentences near talk with the same intent. Measured on `dev4.jsonl` (README).
pub const READING_PENALTY: f32 = 0.10;

/// How much nearer the best trigger neighbour must be than the nearest not-intent one
/// (a negative phrase or not-intent example sentence) for the sentence to count.
pub const NEGATIVE_MARGIN: f32 = 0.03;

/// Words that make a sentence an ask, by their stem (not in a past form such as
/// "asked"): a wish, a need, a request, an obligation. With [`ASK_PAIRS_EN`], the
/// embedding stage's last test: a sentence near an example that asks for nothing ("the rollout checklist is
/// almost complete") is status quo, not intent.
const ASK_STEMS_EN: &[&str] = &[
    "need",
    "want",
    "requir",
    "request",
    "wish",
    "hope",
    "ask",
    "pleas",
    "must",
    "should",
    "would",
    "gotta",
    "keen",
    "insist",
    "mandatori",
    "interest",
];

/// Two words that make an ask together (lower case): "have to", "can we", "looking for".
const ASK_PAIRS_EN: &[(&str, &[&str])] = &[
    ("have", &["to"]),
    ("has", &["to"]),
    ("got", &["to"]),
    (
        "can",
        &["we", "you", "i", "someone", "somebody", "they", "our"],
    ),
    (
        "could",
        &["we", "you", "i", "someone", "somebody", "they", "our"],
    ),
    ("looking", &["for", "to", "into", "at"]),
    ("let", &["s", "us"]),
    ("is", &["there"]),
    ("any", &["way", "chance", "option"]),
    (
        "how",
        &["much", "soon", "quickly", "do", "can", "would", "hard"],
    ),
    ("like", &["to"]),
    ("ready", &["for", "to"]),
    ("time", &["to", "for"]),
    ("pushing", &["for"]),
];

/// The German ask words, by stem (see [`ASK_STEMS_EN`]).
const ASK_STEMS_DE: &[&str] = &[
    "brauch", "benot", "woll", "will", "mocht", "wunsch", "bitt", "konn", "konnt", "muss", "soll",
    "interess", "notig", "pflicht",
];

/// German pairs (see [`ASK_PAIRS_EN`]): "gibt es", "hätten gern".
const ASK_PAIRS_DE: &[(&str, &[&str])] = &[
    ("gibt", &["es"]),
    ("hatten", &["gern", "gerne"]),
    ("wurden", &["gern", "gerne"]),
];

/// Whether a sentence asks for something: a word or pair of words of wish, need,
/// request or obligation (a question mark alone is not enough: "So the checklist is
/// almost complete?") ([`ASK_STEMS_EN`], [`ASK_PAIRS_EN`]).
pub fn asks(sentence: &str, lang: crate::text::Lang) -> bool {
    ask_end(&crate::text::analyze_in(sentence, lang), lang).is_some()
}

/// The token index just after the sentence's first ask word (or pair of words), if it
/// asks for something ([`asks`]). The guards read an embedding match as if its phrase
/// ran from the sentence's start to there.
pub fn ask_end(tokens: &[crate::text::Token], lang: crate::text::Lang) -> Option<usize> {
    let (stems, pairs) = match lang {
        crate::text::Lang::De => (ASK_STEMS_DE, ASK_PAIRS_DE),
        _ => (ASK_STEMS_EN, ASK_PAIRS_EN),
    };
    let fold = |w: &str| w.replace('ä', "a").replace('ö', "o").replace('ü', "u");
    // "asked for" and "needed" tell what happened, not what they want.
    let past = |t: &crate::text::Token| crate::text::is_past_form(&t.norm, &t.stem);
    let word = tokens
        .iter()
        .position(|t| !past(t) && stems.contains(&fold(&t.stem).as_str()))
        .map(|i| i + 1);
    let pair = tokens
        .windows(2)
        .position(|w| {
            let (a, b) = (fold(&w[0].norm), fold(&w[1].norm));
            pairs
                .iter()
                .any(|(first, then)| *first == a && then.contains(&b.as_str()))
        })
        .map(|k| k + 2);
    word.into_iter().chain(pair).min()
}

/// Sentences shorter than this many words are never embedded ("Yes, sure.").
pub const MIN_WORDS: usize = 4;

/// Readings written per phrase (one per choice of alternatives).
const VARIANTS: usize = 4;

/// One text that stands for a phrase in the embedding space.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseText {
    /// Index of the SKU in the taxonomy.
    pub sku: usize,
    pub negative: bool,
    /// An example sentence of the taxonomy rather than a reading of a phrase.
    pub example: bool,
    /// The phrase as written in the taxonomy (an example: the sentence).
    pub phrase: String,
    /// The reading that was embedded ("need sso").
    pub text: String,
    pattern: Pattern,
}

/// Plain readings of every call trigger and negative phrase of `tax` (each alternative
/// group read a few ways, gaps and `&` as plain spaces), then its example sentences:
/// each SKU's `**Example sentences**` and the `## Not-intent example sentences`.
pub fn phrase_texts(tax: &Taxonomy) -> Vec<PhraseText> {
    let mut out = phrase_readings(tax);
    out.extend(example_texts(tax));
    out
}

/// The example sentences of `tax` as texts to embed. An example has no phrase span, so
/// the guards read its neighbours with a stand-in phrase made of the SKU id's words
/// ("additional team seats"), which no guard list uses.
fn example_texts(tax: &Taxonomy) -> Vec<PhraseText> {
    let stand_in = |i: usize| {
        let sku = &tax.skus[i];
        Pattern::compile_in(&sku.id.replace(['-', '_'], " "), sku.line, tax.language)
            .ok()
            .or_else(|| sku.call_triggers.first().cloned())
    };
    let text = |sku: usize, negative: bool, pattern: Pattern, s: &String| PhraseText {
        sku,
        negative,
        example: true,
        phrase: s.clone(),
        text: s.clone(),
        pattern,
    };
    let mut out = Vec::new();
    for (i, sku) in tax.skus.iter().enumerate() {
        if let Some(p) = stand_in(i) {
            out.extend(sku.examples.iter().map(|s| text(i, false, p.clone(), s)));
        }
    }
    if let Some(p) = (!tax.skus.is_empty()).then(|| stand_in(0)).flatten() {
        out.extend(
            tax.not_intent_examples
                .iter()
                .map(|s| text(0, true, p.clone(), s)),
        );
    }
    out
}

/// Plain readings of every call trigger and negative phrase of `tax`.
fn phrase_readings(tax: &Taxonomy) -> Vec<PhraseText> {
    let mut out: Vec<PhraseText> = Vec::new();
    for (i, sku) in tax.skus.iter().enumerate() {
        let lists = [(&sku.call_triggers, false), (&sku.negatives, true)];
        for (list, negative) in lists {
            for p in list.iter() {
                let mut seen: Vec<String> = Vec::new();
                for v in 0..VARIANTS {
                    let mut pick = |n: usize| v % n.max(1);
                    let text = p.example(&mut pick, &[]).replace(" and ", " ");
                    // A number placeholder reads as a word, so readings differ in words.
                    let text = text
                        .split_whitespace()
                        .map(|w| {
                            if w.chars().all(|c| c.is_ascii_digit()) {
                                "several"
                            } else {
                                w
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    if text.is_empty() || seen.contains(&text) {
                        continue;
                    }
                    seen.push(text.clone());
                    out.push(PhraseText {
                        sku: i,
                        negative,
                        example: false,
                        phrase: p.source.clone(),
                        text,
                        pattern: p.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The taxonomy's phrases with their vectors, and the threshold in force.
#[derive(Debug, Clone)]
pub struct PhraseIndex {
    pub skus: Vec<String>,
    pub phrases: Vec<PhraseText>,
    pub vectors: Vec<Vec<f32>>,
    pub threshold: f32,
}

/// The most similar phrase of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nearest {
    pub sku: String,
    pub phrase: String,
    /// The reading of the phrase that was nearest.
    pub reading: String,
    /// An example sentence of the taxonomy (`phrase` is the sentence), not a phrase.
    pub example: bool,
    pub similarity: f32,
}

/// What the embedding stage made of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum SemanticVerdict {
    /// Similar enough and no guard: a mention of `nearest.sku`.
    Mention { nearest: Nearest },
    /// The nearest trigger phrase is under the threshold (`threshold`: what its raw
    /// similarity had to reach, the reading penalty included for a phrase).
    Below { nearest: Nearest, threshold: f32 },
    /// A negative-example phrase is nearer than any trigger phrase.
    Negative { nearest: Nearest, negative: Nearest },
    /// Similar enough, but a sentence guard sets it aside.
    Guarded { nearest: Nearest, hit: GuardHit },
    /// Similar enough, but the sentence asks for nothing (see [`asks`]).
    NoAsk { nearest: Nearest },
}

impl SemanticVerdict {
    pub fn nearest(&self) -> &Nearest {
        match self {
            SemanticVerdict::Mention { nearest }
            | SemanticVerdict::Below { nearest, .. }
            | SemanticVerdict::Negative { nearest, .. }
            | SemanticVerdict::Guarded { nearest, .. }
            | SemanticVerdict::NoAsk { nearest } => nearest,
        }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl PhraseIndex {
    pub fn new(tax: &Taxonomy, phrases: Vec<PhraseText>, vectors: Vec<Vec<f32>>) -> PhraseIndex {
        PhraseIndex {
            skus: tax.skus.iter().map(|s| s.id.clone()).collect(),
            phrases,
            vectors,
            threshold: tax.semantic_threshold.unwrap_or(DEFAULT_THRESHOLD),
        }
    }

    /// The nearest text of the kind (`negative`): its index, similarity and score (the
    /// similarity less [`READING_PENALTY`] for a trigger phrase's reading).
    fn nearest_of(&self, v: &[f32], negative: bool) -> Option<(usize, f32, f32)> {
        self.phrases
            .iter()
            .zip(&self.vectors)
            .enumerate()
            .filter(|(_, (p, _))| p.negative == negative)
            .map(|(i, (p, pv))| {
                let sim = dot(v, pv);
                let penalty = if p.example || p.negative {
                    0.0
                } else {
                    READING_PENALTY
                };
                (i, sim, sim - penalty)
            })
            .max_by(|a, b| a.2.total_cmp(&b.2))
    }

    fn describe(&self, (i, sim, _): (usize, f32, f32)) -> Nearest {
        let p = &self.phrases[i];
        Nearest {
            sku: self.skus[p.sku].clone(),
            phrase: p.phrase.clone(),
            reading: p.text.clone(),
            example: p.example,
            similarity: (sim * 1000.0).round() / 1000.0,
        }
    }

    /// Judges one sentence no phrase matched, given its vector. `None` when the taxonomy
    /// has no call-trigger phrase.
    pub fn judge(&self, sentence: &str, v: &[f32], matcher: &Matcher) -> Option<SemanticVerdict> {
        let best = self.nearest_of(v, false)?;
        let nearest = self.describe(best);
        if best.2 < self.threshold {
            // Shown beside the raw similarity: a phrase's reading must clear the
            // threshold plus its penalty.
            let penalty = best.1 - best.2;
            return Some(SemanticVerdict::Below {
                nearest,
                threshold: ((self.threshold + penalty) * 1000.0).round() / 1000.0,
            });
        }
        if let Some(neg) = self
            .nearest_of(v, true)
            .filter(|n| n.2 + NEGATIVE_MARGIN >= best.2)
        {
            return Some(SemanticVerdict::Negative {
                nearest,
                negative: self.describe(neg),
            });
        }
        let pattern = &self.phrases[best.0].pattern;
        let tokens = crate::text::analyze_in(sentence, pattern.lang);
        let Some(ask) = ask_end(&tokens, pattern.lang) else {
            return Some(SemanticVerdict::NoAsk { nearest });
        };
        let hit = matcher.judge_asked(&tokens, pattern, ask);
        Some(match hit {
            Some(hit) => SemanticVerdict::Guarded { nearest, hit },
            None => SemanticVerdict::Mention { nearest },
        })
    }
}

/// A customer sentence of a call that no phrase matched (a candidate for embedding).
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub speaker: String,
    pub role: String,
    pub sentence: String,
}

/// The customer sentences of `call` with no trigger and no negative phrase, of at
/// least [`MIN_WORDS`] words, in transcript order.
pub fn unmatched_sentences(call: &Call, matcher: &Matcher) -> Vec<Unmatched> {
    let mut out = Vec::new();
    for seg in segments(call) {
        let Some(attendee) = seg.speaker.and_then(|s| {
            call.attendees
                .iter()
                .find(|a| a.name.trim().eq_ignore_ascii_case(s.trim()))
        }) else {
            continue;
        };
        if !attendee.is_customer {
            continue;
        }
        for s in sentences(seg.text) {
            if s.split_whitespace().count() < MIN_WORDS {
                continue;
            }
            let m = matcher.sentence(s);
            if m.triggers.is_empty() && m.negative.is_none() {
                out.push(Unmatched {
                    speaker: attendee.name.clone(),
                    role: attendee.display_role().to_string(),
                    sentence: s.to_string(),
                });
            }
        }
    }
    out
}

/// The text that is hashed and embedded for a sentence: whitespace collapsed.
pub fn embed_text(sentence: &str) -> String {
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a semantic mention names its phrase (`account` and `eval` show it).
pub fn semantic_phrase(phrase: &str, similarity: f32) -> String {
    format!("≈ \"{phrase}\" (similarity {similarity:.2})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::extract::GuardKind;
    use crate::pipeline::extract::tests::{TAXONOMY, matcher};
    use crate::references::taxonomy;

    /// An index over the test taxonomy whose vectors are one-hot per phrase reading, so
    /// a sentence vector says exactly how similar it is to each reading.
    fn index() -> PhraseIndex {
        let (tax, _) = taxonomy::parse("t.md", TAXONOMY);
        let phrases = phrase_texts(&tax);
        let n = phrases.len();
        let vectors = (0..n)
            .map(|i| (0..n).map(|j| f32::from(u8::from(i == j))).collect())
            .collect();
        PhraseIndex::new(&tax, phrases, vectors)
    }

    fn toward(index: &PhraseIndex, pick: impl Fn(&PhraseText) -> bool, sim: f32) -> Vec<f32> {
        similarities(index, |p| if pick(p) { sim } else { 0.0 })
    }

    /// A sentence vector whose similarity to each text is `sim(text)`.
    fn similarities(index: &PhraseIndex, sim: impl Fn(&PhraseText) -> f32) -> Vec<f32> {
        index.phrases.iter().map(sim).collect()
    }

    #[test]
    fn readings_are_plain_words() {
        let idx = index();
        let texts: Vec<&str> = idx.phrases.iter().map(|p| p.text.as_str()).collect();
        assert!(texts.contains(&"seat limit"), "{texts:?}");
        assert!(texts.contains(&"we need sso"), "{texts:?}");
        assert!(texts.contains(&"we need several more seats"), "{texts:?}");
        assert!(
            idx.phrases
                .iter()
                .any(|p| p.negative && p.text == "fewer seats")
        );
        assert_eq!(idx.threshold, DEFAULT_THRESHOLD);
    }

    #[test]
    fn verdicts_follow_threshold_negatives_and_guards() {
        let idx = index();
        let m = matcher();
        let sso = |p: &PhraseText| p.phrase == "we need SSO";
        let s = "Our staff want to log in with the company identity provider.";
        match idx.judge(s, &toward(&idx, sso, 0.8), &m) {
            Some(SemanticVerdict::Mention { nearest }) => {
                assert_eq!(nearest.sku, "enterprise-tier");
                assert_eq!(nearest.similarity, 0.8);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            idx.judge(s, &toward(&idx, sso, 0.3), &m),
            Some(SemanticVerdict::Below { .. })
        ));
        // A negative phrase at least as near wins.
        let v = toward(&idx, |p| sso(p) || p.text == "already have sso", 0.8);
        assert!(matches!(
            idx.judge(s, &v, &m),
            Some(SemanticVerdict::Negative { .. })
        ));
        // Near enough, but asking for nothing: what they already have.
        let quo = "Our staff log in with the company identity provider every day.";
        assert!(matches!(
            idx.judge(quo, &toward(&idx, sso, 0.8), &m),
            Some(SemanticVerdict::NoAsk { .. })
        ));
        // The sentence guards read the whole sentence.
        let hedge = "If the budget clears, staff would want to log in with the identity provider.";
        match idx.judge(hedge, &toward(&idx, sso, 0.8), &m) {
            Some(SemanticVerdict::Guarded { hit, .. }) => {
                assert_eq!(hit.kind, GuardKind::Conditional)
            }
            other => panic!("{other:?}"),
        }
        let past = "Last year our staff said they need to log in with the identity provider.";
        assert!(matches!(
            idx.judge(past, &toward(&idx, sso, 0.8), &m),
            Some(SemanticVerdict::Guarded { .. })
        ));
        let vendor = "Globex offers logins through the identity provider, and they want one too.";
        match idx.judge(vendor, &toward(&idx, sso, 0.8), &m) {
            Some(SemanticVerdict::Guarded { hit, .. }) => {
                assert_eq!(hit.kind, GuardKind::OtherParty, "{hit:?}")
            }
            other => panic!("{other:?}"),
        }
    }

    /// The clause guards read an embedding match up to its ask: a negation or past event
    /// after the ask's clause is about something else, one before it or in it is not.
    #[test]
    fn guards_read_the_clauses_up_to_the_ask() {
        let idx = index();
        let m = matcher();
        let sso = |p: &PhraseText| p.phrase == "we need SSO";
        let cases: &[(&str, Option<GuardKind>)] = &[
            (
                "Our staff want to log in with the identity provider, but contractors should not.",
                None,
            ),
            (
                "We want admins who manage the logins, and they do not touch billing.",
                None,
            ),
            (
                "Our staff want one login for every tool, and last year that was a mess.",
                None,
            ),
            (
                "Our staff do not want to log in with the identity provider.",
                Some(GuardKind::Negation),
            ),
            (
                "Last year our staff said they need to log in with the identity provider.",
                Some(GuardKind::Past),
            ),
            ("Our staff want one login, not a login per tool.", None),
            (
                "Our staff want the identity provider login not switched on.",
                Some(GuardKind::Negation),
            ),
            (
                "Our staff want one login for every tool, if the budget clears.",
                Some(GuardKind::Conditional),
            ),
            (
                "We need one login for every tool, but it is too expensive for us.",
                Some(GuardKind::Objection),
            ),
        ];
        for &(sentence, want) in cases {
            let got = match idx.judge(sentence, &toward(&idx, sso, 0.8), &m) {
                Some(SemanticVerdict::Mention { .. }) => None,
                Some(SemanticVerdict::Guarded { hit, .. }) => Some(hit.kind),
                other => panic!("{sentence}: {other:?}"),
            };
            assert_eq!(got, want, "{sentence}");
        }
    }

    #[test]
    fn ask_end_is_just_after_the_first_ask_word() {
        let end = |s: &str| {
            let tokens = crate::text::analyze_in(s, crate::text::Lang::En);
            ask_end(&tokens, crate::text::Lang::En).map(|e| tokens[e - 1].norm.clone())
        };
        assert_eq!(end("Our staff want one login.").as_deref(), Some("want"));
        assert_eq!(
            end("Can we get the finance team in?").as_deref(),
            Some("we")
        );
        assert_eq!(
            end("The COO asked for charts, and we need them weekly.").as_deref(),
            Some("need")
        );
        assert_eq!(end("The weekly report lands on Monday."), None);
    }

    #[test]
    fn example_sentences_are_neighbours_too() {
        let text = TAXONOMY.replace(
            "## Conditional-mention guard",
            "- **Example sentences**\n  - \"Our people want one login for every tool.\"\n## Not-intent example sentences\n- \"The login page of the cafeteria app is slow.\"\n## Conditional-mention guard",
        );
        let (tax, problems) = taxonomy::parse("t.md", &text);
        assert!(problems.is_empty(), "{problems:?}");
        let phrases = phrase_texts(&tax);
        let n = phrases.len();
        let examples: Vec<(&str, bool)> = phrases
            .iter()
            .filter(|p| p.example)
            .map(|p| (p.text.as_str(), p.negative))
            .collect();
        assert_eq!(
            examples,
            [
                ("Our people want one login for every tool.", false),
                ("The login page of the cafeteria app is slow.", true)
            ]
        );
        let vectors = (0..n)
            .map(|i| (0..n).map(|j| f32::from(u8::from(i == j))).collect())
            .collect();
        let idx = PhraseIndex::new(&tax, phrases, vectors);
        let m = matcher();
        let liked = |p: &PhraseText| p.example && !p.negative;
        let s = "Staff keep asking for a single login across our tools.";
        match idx.judge(s, &toward(&idx, liked, 0.7), &m) {
            Some(SemanticVerdict::Mention { nearest }) => {
                assert_eq!(nearest.sku, "enterprise-tier");
                assert_eq!(nearest.phrase, "Our people want one login for every tool.");
            }
            other => panic!("{other:?}"),
        }
        // The guards read the sentence as for a phrase's neighbour.
        let past = "Last year we said we need a single login across our tools.";
        assert!(matches!(
            idx.judge(past, &toward(&idx, liked, 0.7), &m),
            Some(SemanticVerdict::Guarded { .. })
        ));
        // A not-intent example nearly as near (within the margin) sets it aside.
        let v = similarities(&idx, |p| match (p.example, p.negative) {
            (true, false) => 0.7,
            (true, true) => 0.7 - NEGATIVE_MARGIN + 0.01,
            _ => 0.0,
        });
        assert!(matches!(
            idx.judge(s, &v, &m),
            Some(SemanticVerdict::Negative { .. })
        ));
        // A phrase reading must be READING_PENALTY nearer than an example to count.
        let sso = |p: &PhraseText| p.phrase == "we need SSO";
        let near = idx.threshold + READING_PENALTY / 2.0;
        assert!(matches!(
            idx.judge(s, &toward(&idx, sso, near), &m),
            Some(SemanticVerdict::Below { .. })
        ));
        assert!(matches!(
            idx.judge(s, &toward(&idx, liked, near), &m),
            Some(SemanticVerdict::Mention { .. })
        ));
    }

    /// (sentence, whether it asks for something).
    #[test]
    fn asks_table() {
        let cases = [
            ("We need a sandbox before the audit.", true),
            ("Could we get the finance team onto the account?", true),
            ("I'd love to stop building the board pack by hand.", true),
            ("We have to prove who changed the records.", true),
            ("Is there a way to schedule the export?", true),
            ("How much would thirty more licences be?", true),
            (
                "Our procurement team asked for the updated vendor form.",
                false,
            ),
            ("So our rollout checklist is almost complete?", false),
            ("The weekly report lands in my inbox every Monday.", false),
            ("We have a good setup with the dashboards.", false),
        ];
        for (sentence, want) in cases {
            assert_eq!(asks(sentence, crate::text::Lang::En), want, "{sentence}");
        }
        let de = [
            ("Wir brauchen noch zwanzig Lizenzen.", true),
            ("Gibt es eine Möglichkeit, Berichte zu planen?", true),
            ("Der Bericht kommt jeden Montag pünktlich.", false),
        ];
        for (sentence, want) in de {
            assert_eq!(asks(sentence, crate::text::Lang::De), want, "{sentence}");
        }
    }

    #[test]
    fn only_unmatched_customer_sentences_of_enough_words() {
        let call = crate::pipeline::extract::tests::call(
            "Dana Reyes: Yes, sure. We need SSO. Our staff want one login for every tool.\nSam Okafor: Everyone wants one login for every tool.",
        );
        let got: Vec<String> = unmatched_sentences(&call, &matcher())
            .into_iter()
            .map(|u| u.sentence)
            .collect();
        assert_eq!(got, ["Our staff want one login for every tool."]);
    }
}
