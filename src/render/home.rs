//! The App Home tab of a CSM: this week's strong signals with their status, and the
//! outcomes of the last four weeks. Built from the shown signals and their answers.

use crate::pipeline::feedback::{Answer, Outcome};
use crate::render::blocks::escape;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Weeks of outcomes the tab shows.
pub const WEEKS: usize = 4;

fn status(o: &Outcome) -> String {
    match o.answer {
        Some((a, on)) => format!("{} ({on})", a.label()),
        None => ":hourglass: waiting for your answer (use the buttons in the DM)".into(),
    }
}

fn section(text: String) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

/// The tab's view for the CSM `email` (case-insensitive), from every recorded outcome.
pub fn view(email: &str, outcomes: &[Outcome]) -> Value {
    let mine: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.owner_email.eq_ignore_ascii_case(email))
        .collect();
    let mut weeks: BTreeMap<NaiveDate, Vec<&Outcome>> = BTreeMap::new();
    for o in &mine {
        weeks.entry(o.as_of).or_default().push(o);
    }
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": "Your expansion signals"}}),
    ];
    let Some((latest, this_week)) = weeks.iter().next_back() else {
        blocks.push(section(
            "No digest with strong signals has been sent to you yet.".into(),
        ));
        return json!({"type": "home", "blocks": blocks});
    };
    let mut now = format!("*This week (digest of {latest})*\n");
    for o in this_week {
        let _ = writeln!(
            now,
            "• *{}* — {}: {}",
            escape(&o.account_name),
            escape(&o.sku),
            status(o)
        );
    }
    blocks.push(section(now));
    blocks.push(json!({"type": "divider"}));
    let mut past = String::from("*Last four weeks*\n");
    for (week, list) in weeks.iter().rev().take(WEEKS) {
        let count = |f: &dyn Fn(&Answer) -> bool| {
            list.iter()
                .filter(|o| o.answer.as_ref().is_some_and(|(a, _)| f(a)))
                .count()
        };
        let _ = writeln!(
            past,
            "• {week}: {} strong · {} conversation(s) · {} not relevant · {} snoozed · {} unanswered",
            list.len(),
            count(&|a| *a == Answer::Conversation),
            count(&|a| matches!(a, Answer::NotRelevant(_))),
            count(&|a| *a == Answer::Snoozed),
            list.iter().filter(|o| o.answer.is_none()).count()
        );
    }
    blocks.push(section(past));
    json!({"type": "home", "blocks": blocks})
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
}
