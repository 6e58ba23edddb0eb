//! The `/expansion …` command text as a typed value, parsed with clap-derive so every
//! command and its arguments are declared in one place. Anything clap refuses becomes
//! [`SlashCommand::Help`] with the reason, which the app answers ephemerally.

use crate::i18n::Locale;
use crate::i18n::slack::Reply;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "/expansion",
    no_binary_name = true,
    disable_help_subcommand = true
)]
#[command(disable_help_flag = true, disable_version_flag = true)]
struct Text {
    #[command(subcommand)]
    command: Option<Top>,
}

#[derive(Debug, Subcommand)]
enum Top {
    Help,
    Rerun,
    Account {
        /// Account name or id; several words are joined with spaces.
        #[arg(required = true, num_args = 1.., trailing_var_arg = true, allow_hyphen_values = true)]
        name: Vec<String>,
    },
    Admin {
        #[command(subcommand)]
        command: Admin,
    },
}

/// The admin subcommands (CSM leads only).
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Admin {
    Status,
    History {
        #[arg(default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
        n: u16,
    },
    Run,
    Preview {
        /// An email address or a Slack mention (`<@U123|name>`), or `rules` for the
        /// what-if of the staged reference files.
        who: String,
    },
    Pause,
    Resume,
    References,
    /// Conversion of the strong signals shown in DMs (trailing 30 days).
    Stats,
}

/// A parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlashCommand {
    /// The help text; `problem` is the text that was not understood (shortened), if any.
    Help {
        problem: Option<String>,
    },
    Rerun,
    Account {
        query: String,
    },
    Admin(Admin),
}

/// Parses the `text` field of a slash command. Never fails: unknown text is help.
pub fn parse(text: &str) -> SlashCommand {
    // Keywords are case-insensitive (`/expansion Admin Status`); arguments such as an
    // account name keep their case.
    let words: Vec<String> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let keyword = i == 0
                || (i == 1
                    && text
                        .split_whitespace()
                        .next()
                        .is_some_and(|f| f.eq_ignore_ascii_case("admin")));
            if keyword {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    if words.is_empty() {
        return SlashCommand::Help { problem: None };
    }
    match Text::try_parse_from(&words) {
        Ok(Text { command: None })
        | Ok(Text {
            command: Some(Top::Help),
        }) => SlashCommand::Help { problem: None },
        Ok(Text {
            command: Some(Top::Rerun),
        }) => SlashCommand::Rerun,
        Ok(Text {
            command: Some(Top::Account { name }),
        }) => SlashCommand::Account {
            query: name.join(" "),
        },
        Ok(Text {
            command: Some(Top::Admin { command }),
        }) => SlashCommand::Admin(command),
        Err(_) => SlashCommand::Help {
            // clap's own message is terminal-flavoured; a short pointer reads better in chat.
            problem: Some(shorten(&words.join(" "), ECHO_CHARS).replace('`', "'")),
        },
    }
}

/// How much of a command the app repeats back when it did not understand it.
pub const ECHO_CHARS: usize = 80;

/// The first `max` characters of `text`, with `…` when something was cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The help text (Slack mrkdwn) in `loc`'s language, after a line naming the text that
/// was not understood, if any.
pub fn help(loc: &Locale, not_understood: Option<&str>) -> String {
    let help = loc.reply(Reply::Help, &[]);
    match not_understood {
        Some(text) => format!(
            "{}\n\n{help}",
            loc.reply(Reply::NotUnderstood, &[("text", text)])
        ),
        None => help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn help_problem(text: &str) -> bool {
        matches!(parse(text), SlashCommand::Help { problem: Some(_) })
    }

    #[test]
    fn help_and_empty() {
        assert_eq!(parse(""), SlashCommand::Help { problem: None });
        assert_eq!(parse("  help "), SlashCommand::Help { problem: None });
    }

    #[test]
    fn rerun() {
        assert_eq!(parse("rerun"), SlashCommand::Rerun);
        assert!(help_problem("rerun now"));
    }

    #[test]
    fn account_joins_words() {
        assert_eq!(
            parse("account  Acme   Corp"),
            SlashCommand::Account {
                query: "Acme Corp".into()
            }
        );
        assert_eq!(
            parse("account -x-"),
            SlashCommand::Account {
                query: "-x-".into()
            }
        );
        assert!(help_problem("account"));
    }

    #[test]
    fn admin_status() {
        assert_eq!(parse("admin status"), SlashCommand::Admin(Admin::Status));
    }

    #[test]
    fn keywords_ignore_case_arguments_keep_it() {
        assert_eq!(parse("Admin STATUS"), SlashCommand::Admin(Admin::Status));
        assert_eq!(parse("RERUN"), SlashCommand::Rerun);
        assert_eq!(
            parse("Account Acme Corp"),
            SlashCommand::Account {
                query: "Acme Corp".into()
            }
        );
    }

    #[test]
    fn admin_history() {
        assert_eq!(
            parse("admin history"),
            SlashCommand::Admin(Admin::History { n: 10 })
        );
        assert_eq!(
            parse("admin history 3"),
            SlashCommand::Admin(Admin::History { n: 3 })
        );
        assert!(help_problem("admin history lots"));
        assert!(help_problem("admin history 0"));
    }

    #[test]
    fn admin_run() {
        assert_eq!(parse("admin run"), SlashCommand::Admin(Admin::Run));
    }

    #[test]
    fn admin_preview() {
        assert_eq!(
            parse("admin preview <@U123|ana>"),
            SlashCommand::Admin(Admin::Preview {
                who: "<@U123|ana>".into()
            })
        );
        assert!(help_problem("admin preview"));
    }

    #[test]
    fn admin_pause_and_resume() {
        assert_eq!(parse("admin pause"), SlashCommand::Admin(Admin::Pause));
        assert_eq!(parse("admin resume"), SlashCommand::Admin(Admin::Resume));
    }

    #[test]
    fn admin_references() {
        assert_eq!(
            parse("admin references"),
            SlashCommand::Admin(Admin::References)
        );
    }

    #[test]
    fn unknown_text_is_help_with_a_pointer() {
        for text in ["deploy", "admin", "admin explode", "--version", "-h"] {
            assert!(help_problem(text), "{text}");
        }
        let SlashCommand::Help { problem: Some(p) } = parse("deploy `x`") else {
            panic!()
        };
        assert!(!p.contains("`x`"), "{p}");
        let en = help(&Locale::default(), Some(&p));
        assert!(en.starts_with("I did not understand `deploy 'x'`."), "{en}");
        assert!(en.contains("/expansion rerun"));
        let de = help(&Locale::new(Lang::De, Default::default()), Some(&p));
        assert!(
            de.starts_with("Das habe ich nicht verstanden: `deploy 'x'`."),
            "{de}"
        );
        assert!(de.contains("diese Nachricht"), "{de}");
    }
}
