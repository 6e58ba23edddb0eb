//! The language of a taxonomy or a call, and the built-in word lists that depend on it
//! (linking words, fillers, contractions). Everything a CSM lead should be able to change
//! lives in the taxonomy instead; these lists are the grammar underneath.

use std::fmt;

/// A language the analysis chain knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// Parses a language code ("de", "de-DE", "German", "Deutsch"; case-insensitive).
    pub fn parse(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        let base = c.split(['-', '_']).next().unwrap_or("");
        match base {
            "en" | "eng" | "english" | "englisch" => Some(Lang::En),
            "de" | "deu" | "ger" | "german" | "deutsch" => Some(Lang::De),
            _ => None,
        }
    }

    /// The two-letter code ("en", "de").
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Words that start a new clause; the word itself belongs to the new clause.
    pub fn linking_words(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN_LINKING,
            Lang::De => DE_LINKING,
        }
    }

    /// Small words a speaker slips between the words of a phrase.
    pub fn fillers(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN_FILLERS,
            Lang::De => DE_FILLERS,
        }
    }

    /// Words that open a clause standing against the one before ("but we do need more
    /// seats"). "however", "yet" and "doch" do not start a clause of their own (they
    /// sit inside one as often); they count when a clause opens with them.
    pub fn contrast_words(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["but", "however", "yet"],
            Lang::De => &["aber", "sondern", "doch", "jedoch"],
        }
    }

    /// Answers and greetings that carry no content on their own ("Yeah.", "Danke!"):
    /// the yes words and a few more.
    pub fn is_interjection(self, norm: &str) -> bool {
        let more: &[&str] = match self {
            Lang::En => &[
                "no", "nope", "ok", "okay", "right", "thanks", "thank", "you", "so", "well", "um",
                "uh", "hmm", "oh", "great", "cool", "perfect", "hi", "hello", "bye",
            ],
            Lang::De => &[
                "nein", "danke", "gut", "also", "naja", "hallo", "ok", "okay",
            ],
        };
        self.yes_words().contains(&norm) || more.contains(&norm)
    }

    /// Words an answer opens with to say yes ("Yes, ten.", "Doch, bis März.").
    pub const fn yes_words(self) -> &'static [&'static str] {
        match self {
            Lang::En => &[
                "yes",
                "yeah",
                "yep",
                "yup",
                "sure",
                "definitely",
                "absolutely",
                "certainly",
                "exactly",
                "correct",
                "indeed",
            ],
            Lang::De => &[
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
        }
    }

    /// Personal pronouns that stand as the subject of a clause, so the verb after one
    /// tells the clause's tense ("we bought", "wir kauften").
    pub const fn subject_pronouns(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["we", "i", "they", "he", "she", "you"],
            Lang::De => &["wir", "ich", "sie", "er", "ihr", "man"],
        }
    }

    /// The customer speaking of themselves: first-person pronouns and possessives.
    pub const fn first_person(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["we", "i", "us", "our"],
            Lang::De => &["wir", "ich", "uns", "unser", "unsere"],
        }
    }
}

/// The language of a transcript, among `candidates`, by a trigram model (whatlang);
/// `None` when the text is too short or the detector is unsure, so the caller falls
/// back to its default. Only the first few thousand bytes are read.
pub fn detect(text: &str, candidates: &[Lang]) -> Option<Lang> {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let allow: Vec<whatlang::Lang> = candidates
        .iter()
        .map(|l| match l {
            Lang::En => whatlang::Lang::Eng,
            Lang::De => whatlang::Lang::Deu,
        })
        .collect();
    let detector = whatlang::Detector::with_allowlist(allow);
    let info = detector.detect(&text[..end])?;
    let lang = match info.lang() {
        whatlang::Lang::Deu => Lang::De,
        whatlang::Lang::Eng => Lang::En,
        _ => return None,
    };
    // With two candidates whatlang's confidence is low on short text; a clear margin
    // on a sentence or more is what we need.
    (text[..end].split_whitespace().count() >= 4).then_some(lang)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

const EN_LINKING: &[&str] = &[
    "but", "and", "so", "because", "although", "though", "whereas", "while", "which", "then",
    "since", "once",
];

/// German clause openers. "wenn"/"falls" are left out on purpose, as "if" is in English:
/// a condition is read over the whole sentence by the conditional guard.
const DE_LINKING: &[&str] = &[
    "aber",
    "und",
    "sondern",
    "weil",
    "denn",
    "obwohl",
    "obgleich",
    "während",
    "wobei",
    "deshalb",
    "deswegen",
    "daher",
    "darum",
    "sodass",
    "dann",
    "seitdem",
    "sobald",
    "dass",
    "also",
    "trotzdem",
    "allerdings",
    "jedoch",
];

const EN_FILLERS: &[&str] = &[
    "really",
    "actually",
    "just",
    "definitely",
    "also",
    "still",
    "now",
    "honestly",
    "seriously",
    "urgently",
    "badly",
    "absolutely",
    "certainly",
    "totally",
    "basically",
    "literally",
    "quickly",
    "desperately",
    "finally",
    "soon",
    "very",
    "pretty",
    "even",
    "the",
    "a",
    "an",
    "our",
    "your",
    "some",
    "any",
    "all",
    "its",
    "these",
    "those",
    "this",
    "their",
    "my",
    "us",
    "them",
    "both",
    "whole",
    "entire",
    "extra",
    "proper",
    "full",
];

/// German fillers: particles, adverbs of emphasis, articles and possessives in their
/// inflected forms ("ss" for "ß": the fold is applied first).
const DE_FILLERS: &[&str] = &[
    "wirklich",
    "eigentlich",
    "inzwischen",
    "mittlerweile",
    "einfach",
    "auch",
    "noch",
    "jetzt",
    "nun",
    "dringend",
    "unbedingt",
    "ehrlich",
    "ganz",
    "echt",
    "halt",
    "mal",
    "ja",
    "eben",
    "sehr",
    "gerne",
    "gern",
    "zeitnah",
    "bald",
    "sofort",
    "möglichst",
    "endlich",
    "definitiv",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "einem",
    "einer",
    "unser",
    "unsere",
    "unseren",
    "unserem",
    "unserer",
    "euer",
    "eure",
    "euren",
    "ihre",
    "ihren",
    "ihr",
    "mein",
    "meine",
    "meinen",
    "alle",
    "allen",
    "ganze",
    "ganzen",
    "gesamte",
    "gesamten",
    "zusätzliche",
    "zusätzlichen",
    "weitere",
    "weiteren",
    "uns",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes() {
        assert_eq!(Lang::parse("de"), Some(Lang::De));
        assert_eq!(Lang::parse("de-AT"), Some(Lang::De));
        assert_eq!(Lang::parse("Deutsch"), Some(Lang::De));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("deu"), Some(Lang::De));
    }

    #[test]
    fn detects_german_and_english_calls() {
        let both = [Lang::En, Lang::De];
        let de = "Anna Berger: Wir brauchen noch zwanzig Lizenzen für das Vertriebsteam, \
                  und die IT möchte SSO.";
        let en = "Anna Berger: We need twenty more seats for the sales team, and IT wants SSO.";
        assert_eq!(detect(de, &both), Some(Lang::De));
        assert_eq!(detect(en, &both), Some(Lang::En));
        assert_eq!(detect("ok", &both), None);
    }
}
