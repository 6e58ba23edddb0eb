//! What each `/expansion` command does. Each handler fetches what it needs from Slack
//! and the engine, then a plain function decides the answer (who may see what), so the
//! decisions are unit-tested without a network.
//!
//! Answers are Slack mrkdwn. Internal errors are logged and the user gets a short,
//! generic line: stack traces and paths never reach the chat.

use super::App;
use super::api;
use super::command::{self, Admin, SlashCommand};
use super::delivery;
use crate::config::AccountLookup;
use crate::engine::{self, AccountAnswer, Rules};
use crate::i18n::Locale;
use crate::i18n::slack::Reply as Say;
use crate::model::Account;
use crate::render::blocks::{self, Message, escape};
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;

/// One slash command invocation: the fields of the signed form body (HTTP) or of a
/// Socket Mode payload.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Invocation {
    pub user_id: String,
    #[serde(default)]
    pub text: String,
    pub response_url: String,
}

/// Longest `/expansion` text handled; longer text is answered without being repeated.
pub const MAX_COMMAND_CHARS: usize = 1000;

/// The language of answers that concern no one digest: the workspace's (`slack.locale`).
pub(super) fn workspace(app: &App) -> Locale {
    app.config.slack.locale_for(None)
}

/// The immediate, ephemeral answer to a slash command, whichever transport brought it
/// (the HTTP route or Socket Mode): text over [`MAX_COMMAND_CHARS`] is refused without
/// being repeated, the rest goes to [`handle`].
pub async fn answer(app: &Arc<App>, inv: Invocation) -> serde_json::Value {
    let length = inv.text.chars().count();
    if length > MAX_COMMAND_CHARS {
        tracing::info!(length, "slash command text too long; not handled");
        let answer = workspace(app).reply(
            Say::TooLong,
            &[
                ("length", &length.to_string()),
                ("max", &MAX_COMMAND_CHARS.to_string()),
            ],
        );
        return json!({ "response_type": "ephemeral", "text": answer });
    }
    let answer = handle(app, inv).await;
    json!({ "response_type": "ephemeral", "text": answer })
}

/// Handles a command: returns the immediate (ephemeral) acknowledgement and starts any
/// long work in the background, whose answer goes to the `response_url` or by DM.
pub async fn handle(app: &Arc<App>, inv: Invocation) -> String {
    let loc = workspace(app);
    match command::parse(&inv.text) {
        SlashCommand::Help { problem } => command::help(&loc, problem.as_deref()),
        SlashCommand::Rerun => {
            let Ok(permit) = app.lookups.clone().try_acquire_owned() else {
                return loc.reply(Say::Busy, &[]);
            };
            spawn(app, inv, move |app, inv| async move {
                let _permit = permit;
                rerun(app, inv).await
            });
            loc.reply(Say::RerunStarted, &[])
        }
        SlashCommand::Account { query } => {
            // Each lookup reads the whole week (files, CPU): a bounded number at a time.
            let Ok(permit) = app.lookups.clone().try_acquire_owned() else {
                return loc.reply(Say::Busy, &[]);
            };
            spawn(app, inv, move |app, inv| async move {
                let _permit = permit;
                account(app, inv, query).await
            });
            loc.reply(Say::LookingUp, &[])
        }
        SlashCommand::Admin(_) if !app.is_admin(&inv.user_id) => loc.reply(Say::NotAdmin, &[]),
        SlashCommand::Admin(cmd) => match super::admin::now(app, &cmd).await {
            Ok(Some(answer)) => answer,
            Ok(None) => {
                let ack = match &cmd {
                    Admin::Run => Say::FullRunStarted,
                    _ => Say::Working,
                };
                spawn(app, inv, move |app, inv| super::admin::later(app, inv, cmd));
                loc.reply(ack, &[])
            }
            Err(e) => internal(&loc, e),
        },
    }
}

fn internal(loc: &Locale, e: anyhow::Error) -> String {
    tracing::error!(error = %format!("{e:#}"), "slash command failed");
    loc.reply(Say::Internal, &[])
}

/// Runs `work` in the background and posts its mrkdwn answer to the response URL.
fn spawn<F, Fut>(app: &Arc<App>, inv: Invocation, work: F)
where
    F: FnOnce(Arc<App>, Invocation) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<Reply>> + Send + 'static,
{
    let app2 = app.clone();
    app.spawn(async move {
        let url = inv.response_url.clone();
        let messages = match work(app2.clone(), inv).await {
            Ok(Reply::Text(t)) => blocks::text_messages(summary(&t), &t),
            Ok(Reply::Messages(m)) => m,
            Ok(Reply::Nothing) => return,
            Err(e) => {
                let t = internal(&workspace(&app2), e);
                blocks::text_messages(summary(&t), &t)
            }
        };
        for m in messages {
            let body = json!({"response_type": "ephemeral", "replace_original": false, "text": m.text, "blocks": m.blocks});
            if let Err(e) = app2.api.respond(&url, body).await {
                tracing::warn!(error = %e, "could not answer a slash command");
            }
        }
    });
}

/// The notification fallback of a long answer: its first line (the blocks carry all).
fn summary(mrkdwn: &str) -> &str {
    mrkdwn.lines().next().unwrap_or("")
}

/// A background answer.
pub enum Reply {
    Text(String),
    Messages(Vec<Message>),
    Nothing,
}

/// The caller's email from `users.info`.
pub(super) async fn caller_email(app: &Arc<App>, user: &str) -> anyhow::Result<Option<String>> {
    Ok(api::user_email(app.api.as_ref(), user).await?)
}

async fn rerun(app: Arc<App>, inv: Invocation) -> anyhow::Result<Reply> {
    let here = workspace(&app);
    let Some(email) = caller_email(&app, &inv.user_id).await? else {
        return Ok(Reply::Text(here.reply(Say::NoEmail, &[])));
    };
    let report = app.run_week(app.today(), false).await?;
    if let Some(error) = &report.error {
        let error = escape(error);
        return Ok(Reply::Text(
            here.reply(Say::RunStopped, &[("error", &error)]),
        ));
    }
    let Some(digest) = report
        .digests
        .iter()
        .find(|d| d.owner_email.eq_ignore_ascii_case(&email))
    else {
        let email = escape(&email);
        return Ok(Reply::Text(
            here.reply(Say::NoAccounts, &[("email", &email)]),
        ));
    };
    let loc = app.config.slack.locale_for(digest.locale.as_deref());
    let messages = blocks::digest_messages_in(&report, digest, &loc);
    let mine = crate::digest::RunReport {
        digests: vec![digest.clone()],
        ..report.clone()
    };
    delivery::record_shown(&app, &mine).await?;
    delivery::dm_now(&app, &inv.user_id, &messages).await?;
    Ok(Reply::Text(loc.reply(Say::DigestSent, &[])))
}

/// Who asks, as far as the account policy cares.
#[derive(Debug, Clone, PartialEq)]
pub struct Asker<'a> {
    pub email: Option<&'a str>,
    pub is_admin: bool,
    pub policy: AccountLookup,
}

impl Asker<'_> {
    fn may_see(&self, a: &Account) -> bool {
        self.is_admin
            || self.policy == AccountLookup::Everyone
            || self
                .email
                .is_some_and(|e| e.eq_ignore_ascii_case(&a.owner_email))
    }
}

/// What to answer to `/expansion account <query>`.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountDecision {
    /// Show the explanation (Markdown, from the engine).
    Show,
    /// Several visible accounts match: list them.
    Candidates(Vec<(String, String)>),
    /// Nothing the asker may see matches. The same answer whether the account exists
    /// or not, so a refusal reveals nothing about other CSMs' accounts.
    Refuse,
    NotFound,
}

/// Decides the account answer from what the engine found.
pub fn decide_account(asker: &Asker<'_>, answer: &AccountAnswer) -> AccountDecision {
    let sees_all = asker.is_admin || asker.policy == AccountLookup::Everyone;
    match answer {
        AccountAnswer::Explained(e) if asker.may_see(&e.account) => AccountDecision::Show,
        AccountAnswer::Explained(_) => AccountDecision::Refuse,
        AccountAnswer::Ambiguous(candidates) => {
            let visible: Vec<(String, String)> = candidates
                .iter()
                .filter(|a| asker.may_see(a))
                .map(|a| (a.name.clone(), a.id.clone()))
                .collect();
            match visible.len() {
                0 => AccountDecision::Refuse,
                _ => AccountDecision::Candidates(visible),
            }
        }
        AccountAnswer::NotFound if sees_all => AccountDecision::NotFound,
        AccountAnswer::NotFound => AccountDecision::Refuse,
    }
}

async fn account(app: Arc<App>, inv: Invocation, query: String) -> anyhow::Result<Reply> {
    let email = caller_email(&app, &inv.user_id).await?;
    let is_admin = app.is_admin(&inv.user_id);
    let as_of = app.today();
    let asker = Asker {
        email: email.as_deref(),
        is_admin,
        policy: app.config.slack.account_lookup,
    };
    let mut answer = explain(&app, as_of, query.clone()).await?;
    // Several matches, but only one the asker may see: that is the one they meant.
    if let AccountDecision::Candidates(c) = decide_account(&asker, &answer)
        && c.len() == 1
    {
        answer = explain(&app, as_of, c[0].1.clone()).await?;
    }
    let shown = escape(&query);
    let here = workspace(&app);
    Ok(Reply::Text(
        match (decide_account(&asker, &answer), answer) {
            (AccountDecision::Show, AccountAnswer::Explained(e)) => {
                // In the account owner's language, else the workspace's.
                let loc = app
                    .config
                    .slack
                    .locale_for(e.account.owner_locale.as_deref());
                blocks::markdown_to_mrkdwn(&crate::render::explain::explanation_in(&e, &loc))
            }
            (AccountDecision::Candidates(c), _) => {
                let n = c.len().to_string();
                let mut out = here.reply(Say::Candidates, &[("query", &shown), ("n", &n)]);
                out.push('\n');
                for (name, id) in c {
                    let _ = writeln!(out, "• {} (`{}`)", escape(&name), escape(&id));
                }
                out
            }
            (AccountDecision::NotFound, _) => here.reply(Say::NotFound, &[("query", &shown)]),
            _ => here.reply(Say::Refused, &[("query", &shown)]),
        },
    ))
}

/// The engine's explanation of `query` (files and CPU: on a blocking thread).
async fn explain(
    app: &Arc<App>,
    as_of: chrono::NaiveDate,
    query: String,
) -> anyhow::Result<AccountAnswer> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<AccountAnswer> {
        let rules = Rules::load(&app.config.references)?;
        let source = engine::source_for(&app.config, as_of)?;
        Ok(engine::explain_account(
            source.as_ref(),
            &rules,
            &app.params(as_of),
            &query,
        )?)
    })
    .await?
}

/// The target of `admin preview`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Email(String),
    User(String),
    Unknown,
}

/// Parses `<@U123|name>`, `<@U123>`, `<mailto:a@b|a@b>` or a plain email.
pub fn preview_target(who: &str) -> Target {
    let who = who.trim();
    if let Some(inner) = who.strip_prefix("<@").and_then(|s| s.strip_suffix('>')) {
        let id = inner.split('|').next().unwrap_or("");
        return if id.is_empty() {
            Target::Unknown
        } else {
            Target::User(id.into())
        };
    }
    if let Some(inner) = who
        .strip_prefix("<mailto:")
        .and_then(|s| s.strip_suffix('>'))
    {
        return Target::Email(inner.split('|').next().unwrap_or("").to_string());
    }
    if who.contains('@') && !who.starts_with('@') && !who.contains(['<', '>', ' ']) {
        return Target::Email(who.into());
    }
    Target::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, owner: &str) -> Account {
        Account {
            id: id.into(),
            name: format!("Name {id}"),
            arr: 1000.0,
            segment: "SMB".into(),
            tier: "gold".into(),
            owner_email: owner.into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
        }
    }

    fn explanation(a: &Account) -> crate::pipeline::explain::Explanation {
        crate::pipeline::explain::Explanation {
            account: a.clone(),
            window: crate::pipeline::collect::Window::new("2026-11-23".parse().unwrap(), 7),
            calls: vec![],
            usage: vec![],
            tickets: vec![],
            changes: vec![],
            silent: true,
            signals: vec![],
            account_signals: vec![],
        }
    }

    #[test]
    fn preview_targets() {
        assert_eq!(preview_target("<@U12|ana>"), Target::User("U12".into()));
        assert_eq!(preview_target("<@U12>"), Target::User("U12".into()));
        assert_eq!(
            preview_target("<mailto:a@x.io|a@x.io>"),
            Target::Email("a@x.io".into())
        );
        assert_eq!(preview_target("a@x.io"), Target::Email("a@x.io".into()));
        assert_eq!(preview_target("@ana"), Target::Unknown);
    }

    #[test]
    fn account_policy() {
        let mine = account("A1", "ana@x.io");
        let theirs = account("B1", "bo@x.io");
        let owner = Asker {
            email: Some("ANA@x.io"),
            is_admin: false,
            policy: AccountLookup::OwnerAndAdmins,
        };
        let admin = Asker {
            email: None,
            is_admin: true,
            policy: AccountLookup::OwnerAndAdmins,
        };
        let anyone = Asker {
            email: Some("cy@x.io"),
            is_admin: false,
            policy: AccountLookup::Everyone,
        };
        let explained = |a: &Account| AccountAnswer::Explained(Box::new(explanation(a)));
        assert_eq!(
            decide_account(&owner, &explained(&mine)),
            AccountDecision::Show
        );
        assert_eq!(
            decide_account(&owner, &explained(&theirs)),
            AccountDecision::Refuse
        );
        assert_eq!(
            decide_account(&admin, &explained(&theirs)),
            AccountDecision::Show
        );
        assert_eq!(
            decide_account(&anyone, &explained(&theirs)),
            AccountDecision::Show
        );
        // Not found and not allowed read the same to a non-admin.
        assert_eq!(
            decide_account(&owner, &AccountAnswer::NotFound),
            AccountDecision::Refuse
        );
        assert_eq!(
            decide_account(&admin, &AccountAnswer::NotFound),
            AccountDecision::NotFound
        );
        // Candidates are filtered to what the asker may see.
        let both = AccountAnswer::Ambiguous(vec![mine.clone(), theirs.clone()]);
        assert_eq!(
            decide_account(&owner, &both),
            AccountDecision::Candidates(vec![("Name A1".into(), "A1".into())])
        );
        let none_mine = AccountAnswer::Ambiguous(vec![theirs.clone(), theirs]);
        assert_eq!(decide_account(&owner, &none_mine), AccountDecision::Refuse);
    }
}
