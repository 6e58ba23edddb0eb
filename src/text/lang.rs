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
    }
}
