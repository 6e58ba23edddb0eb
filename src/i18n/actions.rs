//! Why the digest shows the action it shows, in the reader's language: the pipeline
//! hands over an [`ActionReason`] as data; in JSON it stays the English sentence.

use super::Locale;
use crate::digest::ActionReason;
use crate::text::Lang;
use chrono::NaiveDate;

super::catalogue! {
    /// Every reason an action was chosen, or why it needs human review.
    pub enum Act {
        FirstRow {
            en: "first matching row, line {line}",
            de: "erste passende Zeile, Zeile {line}",
        },
        NoSection {
            en: "the action library has no section for `{sku}`",
            de: "die Aktionsbibliothek hat keinen Abschnitt für `{sku}`",
        },
        NoRow {
            en: "no row of the `{sku}` table matches this evidence",
            de: "keine Zeile der Tabelle `{sku}` passt zu diesen Belegen",
        },
        Unfillable {
            en: "row on line {line} has placeholders that cannot be filled: {missing}",
            de: "die Zeile in Zeile {line} hat Platzhalter, die sich nicht füllen lassen: {missing}",
        },
        Vague {
            en: "row on line {line} uses the vague phrase `{phrase}` without naming an artifact",
            de: "die Zeile in Zeile {line} verwendet die vage Formulierung `{phrase}`, ohne ein konkretes Material zu nennen",
        },
    }
}

/// `r` in `loc`'s language.
pub fn text(r: &ActionReason, loc: &Locale) -> String {
    let word = |act: Act, args: &[(&str, &str)]| super::fill(act.template(loc.lang), args);
    match r {
        ActionReason::FirstRow { line } => word(Act::FirstRow, &[("line", &line.to_string())]),
        ActionReason::NoSection { sku } => word(Act::NoSection, &[("sku", sku)]),
        ActionReason::NoRow { sku } => word(Act::NoRow, &[("sku", sku)]),
        ActionReason::Unfillable { line, missing } => {
            let missing: Vec<String> = missing.iter().map(|m| format!("{{{m}}}")).collect();
            word(
                Act::Unfillable,
                &[
                    ("line", &line.to_string()),
                    ("missing", &missing.join(", ")),
                ],
            )
        }
        ActionReason::Vague { line, phrase } => word(
            Act::Vague,
            &[("line", &line.to_string()), ("phrase", phrase)],
        ),
        ActionReason::Text(t) => t.clone(),
    }
}

/// Every ISO date ("2027-03-31") in a text the pipeline filled in, written in `loc`'s
/// form ("31.03.2027"); English keeps the text as it is.
pub fn dates(text: &str, loc: &Locale) -> String {
    if loc.lang == Lang::En {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let date = rest
            .get(..10)
            .filter(|d| d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        match date {
            Some(d) => {
                out.push_str(&loc.date(d));
                rest = &rest[10..];
            }
            None => {
                let end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

super::english_in_json!(ActionReason, text);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Currency;

    #[test]
    fn reasons_in_both_languages() {
        let de = Locale::new(Lang::De, Currency::Eur);
        let cases = [
            (
                ActionReason::FirstRow { line: 45 },
                "first matching row, line 45",
                "erste passende Zeile, Zeile 45",
            ),
            (
                ActionReason::Unfillable {
                    line: 7,
                    missing: vec!["metric".into(), "foo".into()],
                },
                "row on line 7 has placeholders that cannot be filled: {metric}, {foo}",
                "die Zeile in Zeile 7 hat Platzhalter, die sich nicht füllen lassen: {metric}, {foo}",
            ),
            (
                ActionReason::NoSection { sku: "x".into() },
                "the action library has no section for `x`",
                "die Aktionsbibliothek hat keinen Abschnitt für `x`",
            ),
        ];
        for (r, en, german) in cases {
            assert_eq!(r.to_string(), en);
            assert_eq!(text(&r, &de), german);
            assert_eq!(serde_json::to_value(&r).unwrap().as_str(), Some(en));
        }
    }

    #[test]
    fn iso_dates_become_german_dates() {
        let de = Locale::new(Lang::De, Currency::Eur);
        let cases = [
            ("before 2027-03-31.", "before 31.03.2027."),
            (
                "10 seats by 2027-3-1 or 20270331",
                "10 seats by 2027-3-1 or 20270331",
            ),
            ("2026-11-17 and 2026-13-01", "17.11.2026 and 2026-13-01"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(dates(text, &de), want, "{text}");
            assert_eq!(dates(text, &Locale::default()), text);
        }
    }
}
