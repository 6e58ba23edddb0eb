//! Numbers written as digits or words, for the `{N}` placeholder: "24", "1,200", "50+",
//! "fifty", "twenty-five", "two dozen", "a couple of hundred", "a few", "several".

use super::Token;

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

fn is_number(t: &Token) -> bool {
    t.number || NUMBER_WORDS.contains(&t.norm.as_str())
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
        } else if !JOINERS.contains(&t.norm.as_str()) {
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
}
