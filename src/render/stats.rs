//! The conversion figures as text (the `stats` command in English, `/expansion admin
//! stats` in the workspace's language).

use crate::i18n::Locale;
use crate::i18n::admin::Adm;
use crate::pipeline::feedback::{CONVERSION_DAYS, Stats, Tally};
use std::collections::BTreeMap;
use std::fmt::Write;

fn table(out: &mut String, loc: &Locale, title: Adm, rows: &BTreeMap<String, Tally>) {
    let _ = writeln!(out, "{}", loc.admin(title, &[]));
    if rows.is_empty() {
        let _ = writeln!(out, "{}", loc.admin(Adm::StatsNone, &[]));
    }
    for (k, t) in rows {
        let row = loc.admin(
            Adm::StatsRow,
            &[
                ("key", k),
                ("conversations", &t.conversations.to_string()),
                ("strong", &t.strong_signals.to_string()),
                ("pct", &loc.one_decimal(t.conversion_pct)),
            ],
        );
        let _ = writeln!(out, "{row}");
    }
}

/// The figures as plain lines in English (readable in a terminal and in Slack alike).
pub fn text(s: &Stats) -> String {
    text_in(s, &Locale::default())
}

/// [`text`] in `loc`'s language.
pub fn text_in(s: &Stats, loc: &Locale) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", head(s, loc));
    table(&mut out, loc, Adm::BySku, &s.by_sku);
    table(&mut out, loc, Adm::ByTrigger, &s.by_trigger);
    table(&mut out, loc, Adm::ByCsm, &s.by_csm);
    if !s.not_relevant.is_empty() {
        let reasons: Vec<String> = s
            .not_relevant
            .iter()
            .map(|(r, n)| loc.admin(Adm::ReasonCount, &[("reason", r), ("n", &n.to_string())]))
            .collect();
        let reasons = reasons.join(", ");
        let _ = writeln!(
            out,
            "{}",
            loc.admin(Adm::NotRelevant, &[("reasons", &reasons)])
        );
    }
    if let Some(w) = &s.warning {
        let w = crate::i18n::warnings::text(w, loc);
        let _ = writeln!(out, "{}", loc.admin(Adm::Warning, &[("warning", &w)]));
    }
    out
}

/// The first line: conversion over the window, up to as_of when known.
fn head(s: &Stats, loc: &Locale) -> String {
    let (days, within) = (s.window_days.to_string(), CONVERSION_DAYS.to_string());
    let (conversations, strong) = (s.conversations.to_string(), s.strong_signals.to_string());
    let pct = loc.one_decimal(s.conversion_pct);
    let mut args = vec![
        ("days", days.as_str()),
        ("conversations", &conversations),
        ("strong", &strong),
        ("within", &within),
        ("pct", &pct),
    ];
    let date = s.as_of.map(|d| loc.date(d));
    match &date {
        Some(date) => {
            args.push(("date", date));
            loc.admin(Adm::StatsHeadTo, &args)
        }
        None => loc.admin(Adm::StatsHead, &args),
    }
}

/// The playbook's low-conversion warning in `loc`'s language.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::feedback::LowConversion;
    use crate::text::Lang;

    fn stats() -> Stats {
        let low = LowConversion {
            before: "2026-09-01".parse().unwrap(),
            before_pct: 8.3,
            last: "2026-10-01".parse().unwrap(),
            last_pct: 12.5,
        };
        let tally = Tally {
            strong_signals: 4,
            conversations: 1,
            conversion_pct: 25.0,
        };
        Stats {
            as_of: Some("2026-11-23".parse().unwrap()),
            window_days: 30,
            strong_signals: 4,
            conversations: 1,
            conversion_pct: 25.0,
            by_sku: [("seats".to_string(), tally.clone())].into(),
            not_relevant: [("wrong_sku".to_string(), 2)].into(),
            warning: Some(low.into()),
            ..Default::default()
        }
    }

    /// English reads as it always has; German has no English line left.
    #[test]
    fn stats_in_both_languages() {
        let s = stats();
        let en = text(&s);
        assert!(en.starts_with("Conversion, trailing 30 days to 2026-11-23: 1 of 4 strong signals shown in a DM became a conversation within"), "{en}");
        assert!(
            en.contains("By SKU:\n  seats: 1 of 4 (25.0 %)\nBy usage trigger:\n  none yet\n"),
            "{en}"
        );
        assert!(en.contains("Not relevant: wrong_sku 2\n"), "{en}");
        assert!(
            en.contains("Warning: Conversion below 20 % for two consecutive months (September 2026 8.3 %, October 2026 12.5 %): the cutoff"),
            "{en}"
        );
        let de = text_in(&s, &Locale::new(Lang::De, Default::default()));
        assert!(
            de.starts_with(
                "Konversion der letzten 30 Tage bis zum 23.11.2026: Bei 1 von 4 starken Signalen"
            ),
            "{de}"
        );
        assert!(
            de.contains(
                "Nach SKU:\n  seats: 1 von 4 (25,0 %)\nNach Nutzungs-Auslöser:\n  noch keine\n"
            ),
            "{de}"
        );
        assert!(
            de.contains("(September 2026 8,3 %, Oktober 2026 12,5 %)"),
            "{de}"
        );
        for english in [
            "Conversion",
            "By SKU",
            "none yet",
            "Not relevant",
            "Warning",
            " of ",
        ] {
            assert!(!de.contains(english), "{english:?} in {de}");
        }
    }
}
