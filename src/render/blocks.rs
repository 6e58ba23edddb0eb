//! Block Kit (Slack issue).
