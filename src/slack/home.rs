//! The App Home tab: on `app_home_opened` (Events API, or an `events_api` envelope over
//! Socket Mode) the CSM's tab is published with `views.publish`: this week's signals
//! with their status and the last four weeks' outcomes, in the CSM's language.

use super::App;
use super::api::{self, Body};
use serde_json::{Value, json};
use std::sync::Arc;

/// Handles one Events API callback in the background; returns at once.
pub fn accept(app: &Arc<App>, callback: &Value) {
    let event = &callback["event"];
    if event["type"].as_str() != Some("app_home_opened")
        || event["tab"].as_str().is_some_and(|t| t != "home")
    {
        return;
    }
    let Some(user) = event["user"].as_str().map(str::to_string) else {
        return;
    };
    let worker = app.clone();
    app.spawn(async move {
        if let Err(e) = publish(&worker, &user).await {
            tracing::warn!(%user, error = %format!("{e:#}"), "could not publish the App Home tab");
        }
    });
}

/// Publishes `user`'s Home tab.
pub async fn publish(app: &Arc<App>, user: &str) -> anyhow::Result<()> {
    let email = api::user_email(app.api.as_ref(), user)
        .await?
        .unwrap_or_default();
    let who = email.clone();
    let (outcomes, locale) = app
        .db(move |s| Ok((s.outcomes()?, s.csm_locale(&who)?)))
        .await?;
    // In the language of the CSM's last digest, else the workspace's.
    let loc = app.config.slack.locale_for(locale.as_deref());
    let view = crate::render::home::view_in(&email, &outcomes, &loc);
    app.api
        .call(
            "views.publish",
            Body::Json(json!({ "user_id": user, "view": view })),
        )
        .await?;
    Ok(())
}
