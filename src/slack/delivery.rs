//! The fan-out: one delivery row per (run, CSM), moved to `sending` before each
//! `chat.postMessage` and to `sent` after it, so a restart resumes where the last
//! process stopped and never sends a run to someone twice.
//!
//! Policy: an unknown email (`users_not_found`) or another refusal fails that delivery
//! and the fan-out goes on; Slack being unavailable after the retries (or rate limits
//! past their time budget) stops the fan-out and leaves the rest pending for the next
//! retry. A row found in `sending` at start was interrupted mid-send: that part may have
//! arrived, so it is not sent again (noted for `admin status`), and the parts after it
//! of a multi-message digest are sent.

use super::App;
use super::api::{self, SlackError};
use crate::digest::RunReport;
use crate::render::blocks::{self, Message};
use crate::store::slack::{Delivery, DeliveryState};
use std::sync::Arc;

/// How the note on a delivery interrupted mid-send starts.
const INTERRUPTED: &str = "interrupted while sending";

/// Rows to plan for a run: (owner_email, rendered messages as JSON), each in its CSM's
/// language (the digest's `locale`, else `slack.locale`).
pub fn plan(report: &RunReport, slack: &crate::config::SlackConfig) -> Vec<(String, String)> {
    report
        .digests
        .iter()
        .map(|d| {
            let loc = slack.locale_for(d.locale.as_deref());
            let messages = blocks::digest_messages_in(report, d, &loc);
            (
                d.owner_email.clone(),
                // Messages hold strings and JSON values only: serializing cannot fail.
                serde_json::to_string(&messages).expect("messages serialize"),
            )
        })
        .collect()
}

/// Records the strong signals of `report` as shown in a DM (their buttons can then be
/// answered; a rerun of the same week records nothing new).
pub async fn record_shown(app: &Arc<App>, report: &RunReport) -> anyhow::Result<()> {
    let (report, at) = (report.clone(), app.clock.now());
    app.db(move |s| s.record_shown(&report, at)).await
}

/// What one fan-out pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FanOut {
    pub sent: usize,
    pub failed: usize,
    /// Left pending because Slack was unavailable.
    pub pending: usize,
}

/// Delivers every unfinished row (of `run_id`, or of every run when `None`). Callers
/// hold [`App::run_lock`] so two fan-outs never send the same rows. The whole pass
/// shares one rate-limit budget (`slack.rate_limit_run_budget_secs`).
pub async fn deliver(app: &Arc<App>, run_id: Option<String>) -> anyhow::Result<FanOut> {
    let per_run = api::RateLimitBudget::from_config(&app.config.slack).per_run;
    api::with_run_budget(per_run, deliver_rows(app, run_id)).await
}

async fn deliver_rows(app: &Arc<App>, run_id: Option<String>) -> anyhow::Result<FanOut> {
    let rows = app
        .db(move |s| s.unfinished_deliveries(run_id.as_deref()))
        .await?;
    let mut out = FanOut::default();
    let mut unavailable = false;
    for row in rows {
        if unavailable {
            out.pending += 1;
            continue;
        }
        match deliver_one(app, &row).await? {
            DeliveryState::Sent => out.sent += 1,
            DeliveryState::Failed => out.failed += 1,
            _ => {
                unavailable = true;
                out.pending += 1;
            }
        }
    }
    Ok(out)
}

async fn set(
    app: &Arc<App>,
    row: &Delivery,
    state: DeliveryState,
    parts_sent: Option<usize>,
    channel_ts: Option<(String, String)>,
    error: Option<String>,
) -> anyhow::Result<()> {
    let (run_id, email) = (row.run_id.clone(), row.owner_email.clone());
    app.db(move |s| {
        s.set_delivery(
            &run_id,
            &email,
            state,
            parts_sent,
            channel_ts.as_ref().map(|(c, t)| (c.as_str(), t.as_str())),
            error.as_deref(),
        )
    })
    .await
}

/// Sends one CSM's messages; returns the row's new state (`Pending` when Slack was
/// unavailable and the row should be tried again later).
async fn deliver_one(app: &Arc<App>, row: &Delivery) -> anyhow::Result<DeliveryState> {
    let messages: Vec<Message> = serde_json::from_str(&row.messages).map_err(|e| {
        anyhow::anyhow!(
            "delivery {} / {}: bad messages: {e}",
            row.run_id,
            row.owner_email
        )
    })?;
    let mut row = row.clone();
    if row.state == DeliveryState::Sending && !skip_interrupted(app, &mut row, &messages).await? {
        return Ok(DeliveryState::Failed);
    }
    let outcome = send_messages(app, &row, &messages).await;
    settle(app, &row, outcome).await
}

/// Moves past the part a previous process died sending (it may have arrived, so it is
/// not sent again); `false` when it was the last part and the delivery has failed.
async fn skip_interrupted(
    app: &Arc<App>,
    row: &mut Delivery,
    messages: &[Message],
) -> anyhow::Result<bool> {
    let part = row.parts_sent;
    let note = format!(
        "{INTERRUPTED} message {} of {} of this digest; it may have arrived, so it was not sent again",
        part + 1,
        messages.len().max(1)
    );
    let last = part + 1 >= messages.len();
    let state = if last {
        DeliveryState::Failed
    } else {
        DeliveryState::Pending
    };
    let (run_id, email, n) = (row.run_id.clone(), row.owner_email.clone(), note.clone());
    app.db(move |s| s.record_part(&run_id, &email, part, true, None, state, Some(&n)))
        .await?;
    if last {
        return Ok(false);
    }
    row.state = DeliveryState::Pending;
    row.parts_sent = part + 1;
    row.error = Some(note);
    Ok(true)
}

/// The row's new state after sending: sent, pending (Slack unavailable) or failed.
async fn settle(
    app: &Arc<App>,
    row: &Delivery,
    outcome: Result<(), Failure>,
) -> anyhow::Result<DeliveryState> {
    match outcome {
        Ok(()) => Ok(DeliveryState::Sent),
        Err(Failure::Db(e)) => Err(e),
        Err(Failure::Slack(SlackError::Unavailable { method, detail })) => {
            tracing::warn!(%method, %detail, owner = %row.owner_email, "Slack unavailable; delivery left pending");
            set(
                app,
                row,
                DeliveryState::Pending,
                None,
                None,
                Some(format!("Slack unavailable ({method}: {detail})")),
            )
            .await?;
            Ok(DeliveryState::Pending)
        }
        Err(Failure::Slack(e)) => {
            tracing::warn!(owner = %row.owner_email, error = %e, "delivery failed");
            set(
                app,
                row,
                DeliveryState::Failed,
                None,
                None,
                Some(e.code().to_string()),
            )
            .await?;
            Ok(DeliveryState::Failed)
        }
    }
}

enum Failure {
    Slack(SlackError),
    Db(anyhow::Error),
}

impl From<SlackError> for Failure {
    fn from(e: SlackError) -> Self {
        Failure::Slack(e)
    }
}

/// Sends the parts from `row.parts_sent` on. Each part is recorded before (`sending`)
/// and after (its own `delivery_parts` row, in the same transaction as the delivery's
/// progress), so a restart resumes at the first part not known to be sent.
async fn send_messages(
    app: &Arc<App>,
    row: &Delivery,
    messages: &[Message],
) -> Result<(), Failure> {
    // Kept on the delivery until it is done (e.g. a part that may be missing).
    let note = row.error.clone().filter(|e| e.starts_with(INTERRUPTED));
    if row.parts_sent >= messages.len() {
        set(app, row, DeliveryState::Sent, None, None, note)
            .await
            .map_err(Failure::Db)?;
        return Ok(());
    }
    let user = user_id(app, &row.owner_email).await?;
    let channel = api::open_dm(app.api.as_ref(), &user).await?;
    for (i, m) in messages.iter().enumerate().skip(row.parts_sent) {
        let last = i + 1 == messages.len();
        send_part(app, row, &channel, (i, m), last, &note).await?;
    }
    Ok(())
}

/// Sends part `i`, recorded as `sending` before and as sent after (with its channel
/// and timestamp); a part Slack refused leaves the row pending at that part.
async fn send_part(
    app: &Arc<App>,
    row: &Delivery,
    channel: &str,
    (i, m): (usize, &Message),
    last: bool,
    note: &Option<String>,
) -> Result<(), Failure> {
    // Written before sending: if we die during the call, the restart knows.
    set(
        app,
        row,
        DeliveryState::Sending,
        Some(i),
        None,
        note.clone(),
    )
    .await
    .map_err(Failure::Db)?;
    let ts = match api::post_message(app.api.as_ref(), channel, m).await {
        Ok(ts) => ts,
        Err(e) => {
            // Not sent: back to pending at this part, so nothing is lost or repeated.
            set(
                app,
                row,
                DeliveryState::Pending,
                Some(i),
                None,
                note.clone(),
            )
            .await
            .map_err(Failure::Db)?;
            return Err(e.into());
        }
    };
    let state = if last {
        DeliveryState::Sent
    } else {
        DeliveryState::Pending
    };
    let (run_id, email, channel, n) = (
        row.run_id.clone(),
        row.owner_email.clone(),
        channel.to_string(),
        note.clone(),
    );
    app.db(move |s| {
        s.record_part(
            &run_id,
            &email,
            i,
            false,
            Some((&channel, &ts)),
            state,
            n.as_deref(),
        )
    })
    .await
    .map_err(Failure::Db)?;
    Ok(())
}

/// The Slack user id of an email: from the cache, else `users.lookupByEmail` (cached).
async fn user_id(app: &Arc<App>, email: &str) -> Result<String, Failure> {
    let key = email.to_string();
    if let Some(id) = app
        .db(move |s| s.cached_user_id(&key))
        .await
        .map_err(Failure::Db)?
    {
        return Ok(id);
    }
    let id = api::lookup_by_email(app.api.as_ref(), email).await?;
    let (key, value) = (email.to_string(), id.clone());
    app.db(move |s| s.cache_user_id(&key, &value))
        .await
        .map_err(Failure::Db)?;
    Ok(id)
}

/// Sends messages to a user's DM right away, without a delivery row (rerun answers).
pub async fn dm_now(app: &Arc<App>, user: &str, messages: &[Message]) -> Result<(), SlackError> {
    let channel = api::open_dm(app.api.as_ref(), user).await?;
    for m in messages {
        api::post_message(app.api.as_ref(), &channel, m).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SlackConfig;
    use crate::digest::{Digest, RunReport};

    fn report(locale: Option<&str>) -> RunReport {
        RunReport {
            coverage_pct: 80.0,
            digests: vec![Digest {
                locale: locale.map(str::to_string),
                ..Digest::empty("ana@example.com", Some("Ana"))
            }],
            ..RunReport::new("2026-11-23".parse().unwrap(), 7, 3)
        }
    }

    /// The DM is in the CSM's language (`owner_locale` of their accounts), else in
    /// `slack.locale`: (digest locale, slack.locale, German expected).
    #[test]
    fn each_dm_is_planned_in_its_csms_language() {
        let cases = [
            (None, "en", false),
            (Some("de"), "en", true),
            (None, "de", true),
            (Some("en"), "de", false),
        ];
        for (owner, workspace, german) in cases {
            let slack = SlackConfig {
                locale: workspace.into(),
                ..Default::default()
            };
            let planned = plan(&report(owner), &slack);
            let text = &planned[0].1;
            assert_eq!(
                text.contains("keine starken Signale"),
                german,
                "{owner:?} {workspace}: {text}"
            );
        }
    }
}
