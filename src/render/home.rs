//! The App Home tab of a CSM: this week's strong signals with their status, and the
//! outcomes of the last four weeks. Built from the shown signals and their answers.

use crate::i18n::Locale;
use crate::i18n::home::{self, Home};
use crate::pipeline::feedback::{Answer, Outcome};
use crate::render::blocks::escape;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Weeks of outcomes the tab shows.
pub const WEEKS: usize = 4;

fn status(loc: &Locale, o: &Outcome) -> String {
    match o.answer {
        Some((a, on)) => loc.home(
            Home::Answered,
            &[("answer", &home::answer(loc, a)), ("date", &loc.date(on))],
        ),
        None => loc.home(Home::Waiting, &[]),
    }
}

fn section(text: String) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

/// The tab's view for the CSM `email` (case-insensitive), from every recorded outcome,
/// in English.
pub fn view(email: &str, outcomes: &[Outcome]) -> Value {
    view_in(email, outcomes, &Locale::default())
}

/// [`view`] in `loc`'s language.
pub fn view_in(email: &str, outcomes: &[Outcome], loc: &Locale) -> Value {
    let mut weeks: BTreeMap<NaiveDate, Vec<&Outcome>> = BTreeMap::new();
    for o in outcomes
        .iter()
        .filter(|o| o.owner_email.eq_ignore_ascii_case(email))
    {
        weeks.entry(o.as_of).or_default().push(o);
    }
    let header = loc.home(Home::Header, &[]);
    let mut blocks =
        vec![json!({"type": "header", "text": {"type": "plain_text", "text": header}})];
    let Some((latest, this_week)) = weeks.iter().next_back() else {
        blocks.push(section(loc.home(Home::NoDigest, &[])));
        return json!({"type": "home", "blocks": blocks});
    };
    let title = loc.home(Home::ThisWeek, &[("date", &loc.date(*latest))]);
    let mut now = format!("{title}\n");
    for o in this_week {
        let line = loc.home(
            Home::SignalLine,
            &[
                ("account", &escape(&o.account_name)),
                ("sku", &escape(&o.sku)),
                ("status", &status(loc, o)),
            ],
        );
        let _ = writeln!(now, "{line}");
    }
    blocks.push(section(now));
    blocks.push(json!({"type": "divider"}));
    blocks.push(section(past_weeks(loc, &weeks)));
    json!({"type": "home", "blocks": blocks})
}

/// The last [`WEEKS`] weeks' outcomes, newest first.
fn past_weeks(loc: &Locale, weeks: &BTreeMap<NaiveDate, Vec<&Outcome>>) -> String {
    let mut past = format!("{}\n", loc.home(Home::LastWeeks, &[]));
    for (week, list) in weeks.iter().rev().take(WEEKS) {
        let count = |f: &dyn Fn(&Answer) -> bool| {
            list.iter()
                .filter(|o| o.answer.as_ref().is_some_and(|(a, _)| f(a)))
                .count()
                .to_string()
        };
        let unanswered = list.iter().filter(|o| o.answer.is_none()).count();
        let line = loc.home(
            Home::WeekLine,
            &[
                ("week", &loc.date(*week)),
                ("strong", &list.len().to_string()),
                ("conversations", &count(&|a| *a == Answer::Conversation)),
                (
                    "not_relevant",
                    &count(&|a| matches!(a, Answer::NotRelevant(_))),
                ),
                ("snoozed", &count(&|a| *a == Answer::Snoozed)),
                ("unanswered", &unanswered.to_string()),
            ],
        );
        let _ = writeln!(past, "{line}");
    }
    past
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(owner: &str, week: &str, answer: Option<Answer>) -> Outcome {
        Outcome {
            as_of: week.parse().unwrap(),
            owner_email: owner.into(),
            account_id: "a".into(),
            account_name: "Acme".into(),
            sku: "seats".into(),
            trigger: "t".into(),
            shown_on: week.parse().unwrap(),
            answer: answer.map(|a| (a, week.parse().unwrap())),
        }
    }

    #[test]
    fn the_tab_shows_only_my_signals_this_week_and_four_weeks_of_outcomes() {
        let all = vec![
            o("me@x", "2026-10-19", None),
            o("me@x", "2026-10-26", Some(Answer::Snoozed)),
            o("me@x", "2026-11-02", None),
            o("me@x", "2026-11-09", Some(Answer::Conversation)),
            o("me@x", "2026-11-16", None),
            o("other@x", "2026-11-23", None),
        ];
        let v = view("ME@x", &all).to_string();
        assert!(v.contains("This week (digest of 2026-11-16)"), "{v}");
        assert!(v.contains("waiting for your answer"));
        assert!(v.contains("2026-11-09: 1 strong · 1 conversation(s)"));
        assert!(!v.contains("2026-10-19"), "only four weeks");
        assert!(!v.contains("2026-11-23"), "not another CSM's");
        assert!(view("new@x", &all).to_string().contains("No digest"));
    }

    /// The whole tab, word for word, in English (as before) and in German.
    #[test]
    fn the_tab_in_each_language() {
        use crate::pipeline::feedback::Reason;
        let all = vec![
            o("me@x", "2026-11-16", Some(Answer::Snoozed)),
            o("me@x", "2026-11-23", None),
            o(
                "me@x",
                "2026-11-23",
                Some(Answer::NotRelevant(Reason::WrongSku)),
            ),
        ];
        let texts = |v: Value| -> Vec<String> {
            v["blocks"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|b| b["text"]["text"].as_str().map(String::from))
                .collect()
        };
        let cases = [
            (
                Locale::default(),
                [
                    "Your expansion signals",
                    "*This week (digest of 2026-11-23)*\n• *Acme* — seats: :hourglass: waiting for your answer (use the buttons in the DM)\n• *Acme* — seats: :no_entry_sign: Not relevant (wrong SKU) (2026-11-23)\n",
                    "*Last four weeks*\n• 2026-11-23: 2 strong · 0 conversation(s) · 1 not relevant · 0 snoozed · 1 unanswered\n• 2026-11-16: 1 strong · 0 conversation(s) · 0 not relevant · 1 snoozed · 0 unanswered\n",
                ],
                "No digest with strong signals has been sent to you yet.",
            ),
            (
                Locale::new(crate::text::Lang::De, Default::default()),
                [
                    "Ihre Expansionssignale",
                    "*Diese Woche (Digest vom 23.11.2026)*\n• *Acme* — seats: :hourglass: wartet auf Ihre Antwort (über die Schaltflächen in der DM)\n• *Acme* — seats: :no_entry_sign: Nicht relevant (falsche SKU) (23.11.2026)\n",
                    "*Die letzten vier Wochen*\n• 23.11.2026 — starke Signale: 2 · Gespräche: 0 · nicht relevant: 1 · zurückgestellt: 0 · unbeantwortet: 1\n• 16.11.2026 — starke Signale: 1 · Gespräche: 0 · nicht relevant: 0 · zurückgestellt: 1 · unbeantwortet: 0\n",
                ],
                "Sie haben noch keinen Digest mit starken Signalen bekommen.",
            ),
        ];
        for (loc, want, empty) in cases {
            assert_eq!(texts(view_in("me@x", &all, &loc)), want, "{loc:?}");
            assert_eq!(texts(view_in("new@x", &all, &loc))[1], empty, "{loc:?}");
        }
    }
}
