//! The answer buttons under each strong signal of a DM: "Conversation started", a
//! "Not relevant…" menu with the reasons, and "Snooze 4 weeks". The block id names the
//! signal (week, account, SKU) so a click can be tied back to it.

use crate::digest::StrongSignal;
use crate::i18n::Locale;
use crate::i18n::home::{Home, reason_text};
use crate::pipeline::feedback::{Answer, Reason};
use chrono::NaiveDate;
use serde_json::{Value, json};
use slack_morphism::prelude::SlackBlock;

/// Action ids of the three controls.
pub const CONVERSATION: &str = "es_conversation";
pub const NOT_RELEVANT: &str = "es_not_relevant";
pub const SNOOZE: &str = "es_snooze";

/// Slack's limit on a block id.
const MAX_BLOCK_ID: usize = 255;

/// The block id of a signal's controls: `es|<as_of>|<account_id>|<sku>`.
pub fn block_id(as_of: NaiveDate, s: &StrongSignal) -> String {
    format!("es|{as_of}|{}|{}", s.account_id, s.sku)
}

/// The signal a block id names: (as_of, account_id, sku).
pub fn parse_block_id(id: &str) -> Option<(NaiveDate, String, String)> {
    let rest = id.strip_prefix("es|")?;
    let (date, rest) = rest.split_once('|')?;
    let (account, sku) = rest.rsplit_once('|')?;
    Some((date.parse().ok()?, account.to_string(), sku.to_string()))
}

/// The block id of the line showing the recorded answer under a signal.
pub fn answer_block_id(controls: &str) -> String {
    format!("{controls}|answer")
}

fn plain(text: &str) -> Value {
    json!({"type": "plain_text", "text": text, "emoji": true})
}

/// The controls of one strong signal as raw Block Kit JSON, labelled in `loc`.
pub fn feedback_actions_json(as_of: NaiveDate, s: &StrongSignal, loc: &Locale) -> Value {
    let options: Vec<Value> = Reason::ALL
        .iter()
        .map(|r| {
            let reason = reason_text(loc, *r);
            json!({
                "text": plain(&loc.home(Home::ButtonNotRelevantReason, &[("reason", &reason)])),
                "value": Answer::NotRelevant(*r).code(),
            })
        })
        .collect();
    let mut id = block_id(as_of, s);
    if id.chars().count() > MAX_BLOCK_ID {
        // Ids that long do not occur in practice; the controls then carry no signal
        // and a click is answered with an apology instead of being misfiled.
        id = "es|too-long".into();
    }
    json!({
        "type": "actions",
        "block_id": id,
        "elements": [
            {"type": "button", "action_id": CONVERSATION, "style": "primary",
             "text": plain(&loc.home(Home::ButtonConversation, &[])),
             "value": Answer::Conversation.code()},
            {"type": "static_select", "action_id": NOT_RELEVANT,
             "placeholder": plain(&loc.home(Home::ButtonNotRelevant, &[])), "options": options},
            {"type": "button", "action_id": SNOOZE,
             "text": plain(&loc.home(Home::ButtonSnooze, &[])), "value": Answer::Snoozed.code()},
        ]
    })
}

/// [`feedback_actions_json`] as a block.
pub fn feedback_actions(as_of: NaiveDate, s: &StrongSignal, loc: &Locale) -> SlackBlock {
    // Built from a fixed shape of strings: it always deserializes.
    serde_json::from_value(feedback_actions_json(as_of, s, loc)).expect("an actions block")
}

/// The answer a clicked control stands for: a button's value, or the chosen option.
pub fn answer_of(action: &Value) -> Option<Answer> {
    let code = match action["action_id"].as_str()? {
        CONVERSATION | SNOOZE => action["value"].as_str()?,
        // The menu's chosen reason; a bare click (no option) counts as "other".
        NOT_RELEVANT => action
            .pointer("/selected_option/value")
            .or_else(|| action.get("value"))
            .and_then(Value::as_str)
            .unwrap_or("not_relevant:other"),
        _ => return None,
    };
    Answer::parse(code)
}

/// The message's blocks with the recorded answer shown under the signal's controls
/// (replacing an earlier answer line), so the CSM sees their choice; the controls
/// stay, so pressing another one changes the answer.
pub fn with_answer(blocks: &[Value], controls: &str, line: &str) -> Vec<Value> {
    let answer_id = answer_block_id(controls);
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for b in blocks {
        if b["block_id"].as_str() == Some(answer_id.as_str()) {
            continue;
        }
        out.push(b.clone());
        if b["block_id"].as_str() == Some(controls) {
            out.push(json!({
                "type": "context",
                "block_id": answer_id,
                "elements": [{"type": "mrkdwn", "text": line}],
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_line_follows_the_controls_and_replaces_an_earlier_one() {
        let blocks = vec![
            json!({"type": "section", "block_id": "s"}),
            json!({"type": "actions", "block_id": "es|x"}),
            json!({"type": "divider"}),
        ];
        let once = with_answer(&blocks, "es|x", "first");
        assert_eq!(once.len(), 4);
        assert_eq!(once[2]["elements"][0]["text"], "first");
        let twice = with_answer(&once, "es|x", "second");
        assert_eq!(twice.len(), 4);
        assert_eq!(twice[2]["elements"][0]["text"], "second");
        assert_eq!(twice[3]["type"], "divider");
    }

    #[test]
    fn block_ids_round_trip_and_controls_map_to_answers() {
        let as_of: NaiveDate = "2026-11-23".parse().unwrap();
        assert_eq!(
            parse_block_id("es|2026-11-23|acc|1|enterprise-tier"),
            Some((as_of, "acc|1".into(), "enterprise-tier".into()))
        );
        assert_eq!(parse_block_id("other"), None);
        assert_eq!(
            answer_of(
                &json!({"action_id": NOT_RELEVANT, "selected_option": {"value": "not_relevant:wrong_sku"}})
            ),
            Some(Answer::NotRelevant(Reason::WrongSku))
        );
        assert_eq!(
            answer_of(&json!({"action_id": NOT_RELEVANT})),
            Some(Answer::NotRelevant(Reason::Other))
        );
        assert_eq!(
            answer_of(&json!({"action_id": SNOOZE, "value": "snoozed"})),
            Some(Answer::Snoozed)
        );
        assert_eq!(
            answer_of(&json!({"action_id": "x", "value": "snoozed"})),
            None
        );
    }
}
