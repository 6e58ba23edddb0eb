//! Clicks on the answer buttons of a DM (`block_actions`). The route acknowledges at
//! once; the work runs in the background: tie the click to a shown signal, check that
//! the clicker owns the digest, record the answer (one per signal: a second click
//! changes it) and show the choice in the message with `chat.update`.

use super::App;
use super::api;
use crate::i18n::Locale;
use crate::i18n::home::{Home, answer as answer_text};
use crate::pipeline::feedback::Answer;
use crate::render::buttons;
use crate::store::feedback::Shown;
use serde_json::{Value, json};
use std::sync::Arc;

/// What a click comes to, decided from what was fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Record,
    /// Someone who does not own the digest: refused.
    NotOwner,
    /// The click names no signal that went out in a DM.
    Unknown,
}

/// Decides a click: the signal must have been shown, and the clicker must be its
/// owner (`clicker_email` is the clicker's profile email; `owner_user_id` the cached
/// Slack id of the owner, when known).
pub fn decide(
    shown: Option<&Shown>,
    clicker: &str,
    owner_user_id: Option<&str>,
    clicker_email: Option<&str>,
) -> Verdict {
    let Some(s) = shown else {
        return Verdict::Unknown;
    };
    let by_id = owner_user_id == Some(clicker);
    let by_email = clicker_email.is_some_and(|e| e.eq_ignore_ascii_case(&s.owner_email));
    if by_id || by_email {
        Verdict::Record
    } else {
        Verdict::NotOwner
    }
}

/// Handles one interaction payload in the background; returns at once.
pub fn accept(app: &Arc<App>, payload: Value) {
    if payload["type"].as_str() != Some("block_actions") {
        return;
    }
    let worker = app.clone();
    app.spawn(async move {
        if let Err(e) = click(&worker, &payload).await {
            tracing::error!(error = %format!("{e:#}"), "a button click failed");
        }
    });
}

async fn click(app: &Arc<App>, payload: &Value) -> anyhow::Result<()> {
    let user = payload
        .pointer("/user/id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let Some(action) = payload["actions"].as_array().and_then(|a| a.first()) else {
        return Ok(());
    };
    let (Some(answer), Some(block_id)) = (buttons::answer_of(action), action["block_id"].as_str())
    else {
        return Ok(());
    };
    let shown = match buttons::parse_block_id(block_id) {
        Some((as_of, account, sku)) => app.db(move |s| s.shown(as_of, &account, &sku)).await?,
        None => None,
    };
    let owner_id = match &shown {
        Some(s) => {
            let email = s.owner_email.clone();
            app.db(move |st| st.cached_user_id(&email)).await?
        }
        None => None,
    };
    let clicker_email = if owner_id.as_deref() == Some(user.as_str()) || shown.is_none() {
        None
    } else {
        api::user_email(app.api.as_ref(), &user)
            .await
            .ok()
            .flatten()
    };
    let loc = owner_locale(app, shown.as_ref()).await?;
    match decide(
        shown.as_ref(),
        &user,
        owner_id.as_deref(),
        clicker_email.as_deref(),
    ) {
        Verdict::Unknown => reply(app, payload, &loc.home(Home::ClickUnknown, &[])).await,
        Verdict::NotOwner => {
            tracing::warn!(%user, "refused a click on someone else's digest");
            reply(app, payload, &loc.home(Home::ClickNotOwner, &[])).await
        }
        Verdict::Record => {
            let s = shown.expect("Record needs a shown signal");
            record(app, &s, answer, &user).await?;
            let line = loc.home(
                Home::AnswerRecorded,
                &[
                    ("answer", &answer_text(&loc, answer)),
                    ("user", &user),
                    ("date", &loc.date(app.today())),
                ],
            );
            show_choice(app, payload, block_id, &line).await
        }
    }
    Ok(())
}

/// The language of the digest the click came from: its CSM's (as recorded with their
/// last digest), else the workspace's.
async fn owner_locale(app: &Arc<App>, shown: Option<&Shown>) -> anyhow::Result<Locale> {
    let stored = match shown {
        Some(s) => {
            let email = s.owner_email.clone();
            app.db(move |st| st.csm_locale(&email)).await?
        }
        None => None,
    };
    Ok(app.config.slack.locale_for(stored.as_deref()))
}

async fn record(app: &Arc<App>, s: &Shown, answer: Answer, user: &str) -> anyhow::Result<()> {
    let (s, user, at) = (s.clone(), user.to_string(), app.clock.now());
    app.db(move |st| st.record_answer(s.as_of, &s.account_id, &s.sku, answer, &user, at))
        .await
}

/// An ephemeral answer to the clicker through the payload's `response_url`.
async fn reply(app: &Arc<App>, payload: &Value, text: &str) {
    let Some(url) = payload["response_url"].as_str() else {
        return;
    };
    let body = json!({"response_type": "ephemeral", "replace_original": false, "text": text});
    if let Err(e) = app.api.respond(url, body).await {
        tracing::warn!(error = %e, "could not answer a click");
    }
}

/// Shows the recorded answer in the message itself (`chat.update`; the `response_url`
/// when Slack refuses the update).
async fn show_choice(app: &Arc<App>, payload: &Value, block_id: &str, line: &str) {
    let blocks = payload
        .pointer("/message/blocks")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let blocks = buttons::with_answer(&blocks, block_id, line);
    let text = payload
        .pointer("/message/text")
        .and_then(Value::as_str)
        .unwrap_or("Expansion-signal digest");
    let channel = payload
        .pointer("/container/channel_id")
        .or_else(|| payload.pointer("/channel/id"))
        .and_then(Value::as_str);
    let ts = payload
        .pointer("/container/message_ts")
        .or_else(|| payload.pointer("/message/ts"))
        .and_then(Value::as_str);
    if let (Some(channel), Some(ts)) = (channel, ts) {
        match api::update_message(app.api.as_ref(), channel, ts, text, &blocks).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "chat.update failed; answering through response_url")
            }
        }
    }
    if let Some(url) = payload["response_url"].as_str() {
        let body = json!({"replace_original": true, "text": text, "blocks": blocks});
        if let Err(e) = app.api.respond(url, body).await {
            tracing::warn!(error = %e, "could not show the recorded answer");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown() -> Shown {
        Shown {
            as_of: "2026-11-23".parse().unwrap(),
            account_id: "a".into(),
            account_name: "A".into(),
            sku: "seats".into(),
            owner_email: "Ana@x.com".into(),
            answer: None,
        }
    }

    #[test]
    fn only_the_owner_may_answer() {
        let s = shown();
        assert_eq!(decide(None, "U1", None, None), Verdict::Unknown);
        assert_eq!(decide(Some(&s), "U1", Some("U1"), None), Verdict::Record);
        assert_eq!(
            decide(Some(&s), "U2", Some("U1"), Some("bo@x.com")),
            Verdict::NotOwner
        );
        assert_eq!(
            decide(Some(&s), "U2", None, Some("ana@x.com")),
            Verdict::Record
        );
        assert_eq!(decide(Some(&s), "U2", None, None), Verdict::NotOwner);
    }
}
