//! Numbers written as digits or words, for the `{N}` placeholder: "24", "1,200", "50+",
//! "fifty", "twenty-five", "two dozen", "a couple of hundred", "a few", "several".

use super::{Lang, Token};

/// Words that carry a quantity.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "couple",
    "few",
    "several",
    "handful",
    "half",
    "score",
];

/// Words that may sit inside a number ("a hundred and fifty", "a couple of hundred").
const JOINERS: &[&str] = &["a", "an", "and", "of"];

/// German number words (after the "ß" → "ss" fold). Compounds such as
/// "fünfundzwanzig" or "zweihundert" are read by [`is_german_number`].
const DE_NUMBER_WORDS: &[&str] = &[
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "sechzehn",
    "siebzehn",
    "zwanzig",
    "dreissig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
    "hundert",
    "hunderte",
    "hunderten",
    "tausend",
    "tausende",
    "tausenden",
    "dutzend",
    "dutzende",
    "dutzenden",
    "paar",
    "einige",
    "einigen",
    "mehrere",
    "mehreren",
    "etliche",
    "etlichen",
    "handvoll",
    "zweistellig",
    "zweistellige",
    "dreistellig",
    "dreistellige",
];

/// German words that may sit inside a number ("ein paar Dutzend", "eine Handvoll",
/// "hundert und fünfzig" is written as one word, but speech transcripts split it).
const DE_JOINERS: &[&str] = &["ein", "eine", "einen", "einem", "und"];

/// Pieces a German number word is written from, longest first.
const DE_PIECES: &[&str] = &[
    "siebzehn", "sechzehn", "dreissig", "tausend", "hundert", "sechzig", "siebzig", "zwanzig",
    "zwölf", "sieben", "sechs", "vierzig", "fünfzig", "achtzig", "neunzig", "zehn", "drei", "vier",
    "fünf", "acht", "neun", "zwei", "eins", "ein", "elf", "und",
];

/// Whether a German word is a number written in one word: "dreizehn", "fünfundzwanzig",
/// "zweihundertfünfzig", "dreitausend". "und" alone, "ein" alone and words with any
/// other letters are not.
fn is_german_number(word: &str) -> bool {
    if DE_NUMBER_WORDS.contains(&word) {
        return true;
    }
    fn rest_ok(w: &str, pieces: usize) -> bool {
        if w.is_empty() {
            return pieces >= 2;
        }
        DE_PIECES
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(|r| rest_ok(r, pieces + 1)))
    }
    word.len() >= 6 && rest_ok(word, 0)
}

fn is_number(t: &Token) -> bool {
    t.number
        || match t.lang {
            Lang::En => NUMBER_WORDS.contains(&t.norm.as_str()),
            Lang::De => is_german_number(&t.norm),
        }
}

fn is_joiner(t: &Token) -> bool {
    match t.lang {
        Lang::En => JOINERS.contains(&t.norm.as_str()),
        Lang::De => DE_JOINERS.contains(&t.norm.as_str()),
    }
}

/// Every token index at which a number starting at `start` can end (exclusive), longest
/// first; empty when no number starts there. Bounded to eight tokens, so the cost is
/// constant per position.
pub fn number_ends(tokens: &[Token], start: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let chunk = match tokens.get(start) {
        Some(t) => t.chunk,
        None => return ends,
    };
    for (i, t) in tokens.iter().enumerate().skip(start).take(8) {
        if t.chunk != chunk {
            break;
        }
        if is_number(t) {
            ends.push(i + 1);
        } else if !is_joiner(t) {
            break;
        }
    }
    ends.reverse();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn numbers_in_words_and_digits() {
        // (text, where the number starts, the longest number it reads)
        let cases: &[(&str, usize, Option<&str>)] = &[
            ("24 more seats", 0, Some("24")),
            ("1,200 users", 0, Some("1,200")),
            ("50+ people", 0, Some("50")),
            ("fifty people", 0, Some("fifty")),
            ("twenty-five people", 0, Some("twenty-five")),
            ("two dozen seats", 0, Some("two dozen")),
            ("a couple of hundred seats", 0, Some("a couple of hundred")),
            ("a few more seats", 0, Some("a few")),
            ("several new hires", 0, Some("several")),
            ("a hundred and fifty users", 0, Some("a hundred and fifty")),
            ("a team", 0, None),
            ("more seats", 0, None),
            ("", 0, None),
        ];
        for (text, start, want) in cases {
            let t = analyze(text);
            let got = number_ends(&t, *start)
                .first()
                .map(|&end| &text[t[*start].start..t[end - 1].end]);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn german_numbers_in_words_and_digits() {
        let cases: &[(&str, usize, Option<&str>)] = &[
            ("zwanzig Lizenzen", 0, Some("zwanzig")),
            ("fünfundzwanzig Plätze", 0, Some("fünfundzwanzig")),
            ("zweihundertfünfzig Nutzer", 0, Some("zweihundertfünfzig")),
            ("dreißig Leute", 0, Some("dreißig")),
            // Tens and teens written in one piece, not built from two.
            ("fünfzig Nutzer", 0, Some("fünfzig")),
            ("sechzig Leute", 0, Some("sechzig")),
            ("vierzig Plätze", 0, Some("vierzig")),
            ("neunzig Nutzer", 0, Some("neunzig")),
            ("sechzehn Lizenzen", 0, Some("sechzehn")),
            ("siebzehn Leute", 0, Some("siebzehn")),
            ("dreizehn Leute", 0, Some("dreizehn")),
            ("ein paar Dutzend Nutzer", 0, Some("ein paar Dutzend")),
            ("eine Handvoll Leute", 0, Some("eine Handvoll")),
            ("einige neue Leute", 0, Some("einige")),
            ("50+ Lizenzen", 0, Some("50")),
            ("1.200 Nutzer", 0, Some("1.200")),
            ("ein Team", 0, None),
            ("und dann", 0, None),
            ("Unterlagen", 0, None),
            ("achtsam", 0, None),
        ];
        for (text, start, want) in cases {
            let t = crate::text::analyze_in(text, Lang::De);
            let got = number_ends(&t, *start)
                .first()
                .map(|&end| &text[t[*start].start..t[end - 1].end]);
            assert_eq!(got, *want, "{text}");
        }
    }
}
