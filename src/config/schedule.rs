//! `[schedule]`: when the weekly delivery runs.

use serde::Deserialize;

/// `[schedule]`: the weekly slot, in a named time zone so daylight-saving changes keep
/// the local hour.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Five-field cron expression in `timezone` (default `0 8 * * MON`).
    #[serde(default = "default_cron")]
    pub cron: String,
    /// IANA time zone name (default `UTC`).
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// A slot missed while the process was down is run at start when it is younger
    /// than this many hours.
    #[serde(default = "default_catch_up_hours")]
    pub catch_up_hours: u32,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            cron: default_cron(),
            timezone: default_timezone(),
            catch_up_hours: default_catch_up_hours(),
        }
    }
}

impl ScheduleConfig {
    /// The parsed time zone (validated when the config is loaded).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }
    /// The parsed cron expression (validated when the config is loaded).
    pub fn cron(&self) -> croner::Cron {
        self.cron
            .parse()
            .expect("validated when the config was loaded")
    }

    /// The first slot after `after`, in local time of the configured zone (so 08:00
    /// stays 08:00 across daylight-saving changes).
    pub fn next_slot(
        &self,
        after: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        next_slot(&self.cron(), self.tz(), after)
    }
}

/// The first occurrence of `cron` after `after`, read in time zone `tz`.
pub fn next_slot(
    cron: &croner::Cron,
    tz: chrono_tz::Tz,
    after: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    cron.find_next_occurrence(&after.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

fn default_cron() -> String {
    "0 8 * * MON".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_catch_up_hours() -> u32 {
    24
}

impl ScheduleConfig {
    /// Checks what serde cannot: the time zone and the cron expression parse.
    pub(super) fn validate(&self) -> Result<(), String> {
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(format!(
                "schedule.timezone = \"{}\": use an IANA time zone name such as \"Europe/Paris\"",
                self.timezone
            ));
        }
        if let Err(e) = self.cron.parse::<croner::Cron>() {
            return Err(format!(
                "schedule.cron = \"{}\": {e} (five fields: minute hour day month weekday)",
                self.cron
            ));
        }
        Ok(())
    }
}
