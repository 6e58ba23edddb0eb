//! The environment: the only source of secrets. Every variable is read through [`Env`],
//! so the process environment and a test's table are read the same way, and every
//! secret is wrapped in [`Secret`], which never prints its value.

use std::fmt;

/// A configuration problem: the file, or an environment variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the config file: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("environment variable {name} is not set: {hint}")]
    MissingEnv {
        name: &'static str,
        hint: &'static str,
    },
    #[error("environment variable {name} is invalid: {message}")]
    BadEnv { name: &'static str, message: String },
}

/// A secret value: `Debug` and `Display` show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value, for the one place that sends it (an auth header, an HMAC key).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where environment variables are looked up: the process, or a table a test hands in.
#[derive(Clone, Copy)]
pub struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

/// The process environment; a value that is not UTF-8 counts as unset.
fn process_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl<'a> Env<'a> {
    /// The process environment.
    pub fn process() -> Env<'static> {
        Env(&process_var)
    }

    /// Variables from `lookup` (tests).
    pub fn from_fn(lookup: &'a dyn Fn(&str) -> Option<String>) -> Env<'a> {
        Env(lookup)
    }

    /// A variable that is set and not blank, as written.
    pub fn var(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }

    /// A required variable, trimmed; unset or blank is [`ConfigError::MissingEnv`] with
    /// `hint` saying what to set it to.
    pub fn required(&self, name: &'static str, hint: &'static str) -> Result<String, ConfigError> {
        self.var(name)
            .map(|v| v.trim().to_string())
            .ok_or(ConfigError::MissingEnv { name, hint })
    }

    /// [`Self::required`], as a [`Secret`].
    pub fn secret(&self, name: &'static str, hint: &'static str) -> Result<Secret, ConfigError> {
        self.required(name, hint).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("xoxb-very-secret");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        assert_eq!(s.expose(), "xoxb-very-secret");
    }

    #[test]
    fn blank_is_unset_and_required_values_are_trimmed() {
        let table = |name: &str| match name {
            "A" => Some(" a ".to_string()),
            "BLANK" => Some("  ".to_string()),
            _ => None,
        };
        let env = Env::from_fn(&table);
        assert_eq!(env.var("A").as_deref(), Some(" a "));
        assert_eq!(env.var("BLANK"), None);
        assert_eq!(env.required("A", "h").unwrap(), "a");
        let err = env.required("BLANK", "set it").unwrap_err().to_string();
        assert_eq!(err, "environment variable BLANK is not set: set it");
    }
}
