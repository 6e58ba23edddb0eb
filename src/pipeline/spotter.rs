//! Account-level signals from the Spotter playbook: why now is the time to talk
//! expansion (seats filling up, renewal close, an executive engaged or a new
//! stakeholder, the company growing, a new department using the product) and the health
//! qualifier (an unhappy account is not pitched). Thresholds come from the optional
//! `## Account signals` section of the reference files; every account figure is
//! optional, and one that is absent is "not evaluated". Pure: `as_of` is an argument.

use super::AccountRecords;
use crate::model::{Account, ChangeType, UsageEvent};
use crate::references::spotter::Spotter;
use crate::units;
use chrono::NaiveDate;

/// The usage event type a seat utilisation over the threshold becomes, so a taxonomy
/// that lists it under a SKU's usage triggers counts it as usage evidence.
pub const SEAT_EVENT: &str = "seat_utilisation";

/// The tag of a strong signal the health qualifier moved to the footer.
pub const HEALTH_TAG: &str = "health-qualifier";

/// What the account-level signals say about one account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountView {
    /// One short reason per signal that fired, in a fixed order.
    pub why_now: Vec<String>,
    /// Why strong signals of this account go to the footer (an unhappy account).
    pub demote: Option<String>,
    /// The seat utilisation as a usage event (when over the threshold).
    pub seat_event: Option<UsageEvent>,
    /// Signals that could not be evaluated for lack of a field.
    pub not_evaluated: Vec<&'static str>,
}

impl AccountView {
    /// The digest's "why now" line, if any signal fired.
    pub fn why_now_line(&self) -> Option<String> {
        (!self.why_now.is_empty()).then(|| self.why_now.join(" · "))
    }
}

/// Evaluates every configured account signal for one account.
pub fn evaluate(
    account: &Account,
    records: &AccountRecords<'_>,
    s: &Spotter,
    as_of: NaiveDate,
    window_days: u32,
) -> AccountView {
    let mut v = AccountView::default();
    seats(account, s, as_of, &mut v);
    renewal(account, s, as_of, &mut v);
    executives(records, s, as_of, window_days, &mut v);
    headcount(account, s, &mut v);
    departments(account, records, s, &mut v);
    health(account, s, &mut v);
    v
}

fn seats(a: &Account, s: &Spotter, as_of: NaiveDate, v: &mut AccountView) {
    let Some(threshold) = s.seat_utilisation_pct else {
        return;
    };
    let (Some(licensed), Some(used)) = (a.fields.seats_licensed, a.fields.seats_used) else {
        v.not_evaluated.push("seat_utilisation");
        return;
    };
    if licensed <= 0.0 {
        v.not_evaluated.push("seat_utilisation");
        return;
    }
    let pct = 100.0 * used / licensed;
    if pct < threshold {
        return;
    }
    v.why_now.push(format!(
        "seats {:.0} % used ({} of {})",
        pct,
        units::number(used),
        units::number(licensed)
    ));
    v.seat_event = Some(UsageEvent {
        event_id: Some(format!("seat-utilisation-{}", a.id)),
        account_id: a.id.clone(),
        event_type: SEAT_EVENT.into(),
        metric_name: "seat_utilisation_pct".into(),
        value_current: (pct * 10.0).round() / 10.0,
        value_baseline: threshold,
        delta_pct: ((pct - threshold) * 10.0).round() / 10.0,
        occurred_at: as_of.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
        feature: None,
        department: None,
    });
}

fn renewal(a: &Account, s: &Spotter, as_of: NaiveDate, v: &mut AccountView) {
    let Some(within) = s.renewal_within_days else {
        return;
    };
    let days = (a.renewal_date - as_of).num_days();
    if (0..=within).contains(&days) {
        v.why_now
            .push(format!("renewal in {days} days ({})", a.renewal_date));
    }
}

fn is_executive(title: &str, words: &[String]) -> bool {
    let t = title.to_lowercase();
    words.iter().any(|w| {
        t.split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(w.split_whitespace().count().max(1))
            .any(|win| win.join(" ") == *w)
    })
}

fn executives(
    r: &AccountRecords<'_>,
    s: &Spotter,
    as_of: NaiveDate,
    window_days: u32,
    v: &mut AccountView,
) {
    if s.executive_titles.is_empty() {
        return;
    }
    if let Some(m) = r
        .mentions
        .iter()
        .find(|m| is_executive(&m.role, &s.executive_titles))
    {
        v.why_now.push(format!(
            "executive engaged: {} ({}) on a call",
            m.speaker, m.role
        ));
    } else if let Some((name, title)) = r
        .attendees
        .iter()
        .find(|(_, title)| is_executive(title, &s.executive_titles))
    {
        // An executive in the room counts too, quoted or not.
        v.why_now.push(format!(
            "executive engaged: {name} ({title}) attended a call"
        ));
    }
    let first = as_of - chrono::Duration::days(i64::from(window_days) - 1);
    if let Some(c) = r.changes.iter().find(|c| {
        c.change_type != ChangeType::Departure
            && (first..=as_of).contains(&c.occurred_at.date_naive())
    }) {
        let who = c.name.clone().unwrap_or_else(|| c.role.clone());
        let what = match c.change_type {
            ChangeType::Promotion => "promoted",
            _ => "new",
        };
        v.why_now
            .push(format!("new stakeholder: {who} ({what} {})", c.role));
    }
}

fn headcount(a: &Account, s: &Spotter, v: &mut AccountView) {
    let Some(threshold) = s.headcount_growth_pct else {
        return;
    };
    match a.fields.headcount_growth_pct {
        None => v.not_evaluated.push("headcount_growth"),
        Some(g) if g >= threshold => v.why_now.push(format!("headcount {}", units::pct(g))),
        Some(_) => {}
    }
}

fn departments(a: &Account, r: &AccountRecords<'_>, s: &Spotter, v: &mut AccountView) {
    if !s.new_department {
        return;
    }
    let Some(known) = &a.fields.departments else {
        v.not_evaluated.push("new_department");
        return;
    };
    let new = r
        .usage
        .iter()
        .filter_map(|e| e.department.as_deref())
        .find(|d| !known.iter().any(|k| k.eq_ignore_ascii_case(d)));
    if let Some(d) = new {
        v.why_now
            .push(format!("new department using the product: {d}"));
    }
}

fn health(a: &Account, s: &Spotter, v: &mut AccountView) {
    let Some(floor) = s.health_score_below else {
        return;
    };
    match a.fields.health_score {
        None => v.not_evaluated.push("health_score"),
        Some(h) if h < floor => {
            v.demote = Some(format!(
                "health score {} below {}: don't pitch expansion to an unhappy customer",
                units::number(h),
                units::number(floor)
            ))
        }
        Some(_) => {}
    }
}

/// One line per configured account signal for `account <id>`: what it found, against
/// which threshold, and whether it fired, was below it or was not evaluated.
pub fn explain_lines(
    account: &Account,
    records: &AccountRecords<'_>,
    s: &Spotter,
    as_of: NaiveDate,
    window_days: u32,
) -> Vec<String> {
    let v = evaluate(account, records, s, as_of, window_days);
    [
        seat_line(account, s, &v),
        renewal_line(account, s, &v),
        executive_line(s, &v),
        growth_line(account, s, &v),
        department_line(s, &v),
        health_line(account, s, &v),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The why-now line that starts with `prefix`, if that signal fired.
fn fired(v: &AccountView, prefix: &str) -> Option<String> {
    v.why_now.iter().find(|w| w.starts_with(prefix)).cloned()
}

/// Whether the signal `name` could not be evaluated (a field was absent).
fn skipped(v: &AccountView, name: &str) -> bool {
    v.not_evaluated.contains(&name)
}

/// The seat-utilisation line, when that signal is configured.
fn seat_line(account: &Account, s: &Spotter, v: &AccountView) -> Option<String> {
    let t = s.seat_utilisation_pct?;
    let f = &account.fields;
    Some(match (fired(v, "seats "), skipped(v, "seat_utilisation")) {
        (Some(w), _) => format!(
            "Seat utilisation: {w}, at or above {t} %: fires (usage evidence for the SKUs whose usage triggers list `{SEAT_EVENT}`)"
        ),
        (None, true) => {
            "Seat utilisation: not evaluated (seats_licensed or seats_used absent)".into()
        }
        (None, false) => format!(
            "Seat utilisation: {} of {} seats used, below {t} %: no",
            units::number(f.seats_used.unwrap_or_default()),
            units::number(f.seats_licensed.unwrap_or_default())
        ),
    })
}

/// The renewal-timing line, when that signal is configured.
fn renewal_line(account: &Account, s: &Spotter, v: &AccountView) -> Option<String> {
    let d = s.renewal_within_days?;
    Some(match fired(v, "renewal ") {
        Some(w) => format!("Renewal timing: {w}, within {d} days: fires"),
        None => format!(
            "Renewal timing: renewal on {}, not within {d} days: no",
            account.renewal_date
        ),
    })
}

/// The executive-engagement line, when executive titles are configured.
fn executive_line(s: &Spotter, v: &AccountView) -> Option<String> {
    if s.executive_titles.is_empty() {
        return None;
    }
    let hits: Vec<String> = v
        .why_now
        .iter()
        .filter(|w| w.starts_with("executive") || w.starts_with("new stakeholder"))
        .cloned()
        .collect();
    Some(if hits.is_empty() {
        "Executive engagement: no customer attendee with an executive title, no new stakeholder in the window: no".into()
    } else {
        format!("Executive engagement: {}: fires", hits.join("; "))
    })
}

/// The company-growth line, when that signal is configured.
fn growth_line(account: &Account, s: &Spotter, v: &AccountView) -> Option<String> {
    let t = s.headcount_growth_pct?;
    Some(
        match (fired(v, "headcount"), account.fields.headcount_growth_pct) {
            (Some(w), _) => format!("Company growth: {w}, at or above {t} %: fires"),
            (None, None) => "Company growth: not evaluated (headcount_growth_pct absent)".into(),
            (None, Some(g)) => format!(
                "Company growth: headcount {}, below {t} %: no",
                units::pct(g)
            ),
        },
    )
}

/// The new-department line, when that signal is configured.
fn department_line(s: &Spotter, v: &AccountView) -> Option<String> {
    if !s.new_department {
        return None;
    }
    Some(
        match (fired(v, "new department"), skipped(v, "new_department")) {
            (Some(w), _) => format!("New department: {w}: fires"),
            (None, true) => "New department: not evaluated (departments absent)".into(),
            (None, false) => {
                "New department: every usage event is from a known department: no".into()
            }
        },
    )
}

/// The health-qualifier line, when that qualifier is configured.
fn health_line(account: &Account, s: &Spotter, v: &AccountView) -> Option<String> {
    let t = s.health_score_below?;
    Some(match (&v.demote, account.fields.health_score) {
        (Some(r), _) => {
            format!("Health qualifier: {r}; strong signals of this account go to the footer")
        }
        (None, None) => "Health qualifier: not evaluated (health_score absent)".into(),
        (None, Some(h)) => format!(
            "Health qualifier: health score {}, not below {}: fine",
            units::number(h),
            units::number(t)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AccountFields;

    fn spotter() -> Spotter {
        Spotter {
            seat_utilisation_pct: Some(90.0),
            renewal_within_days: Some(90),
            headcount_growth_pct: Some(10.0),
            health_score_below: Some(60.0),
            executive_titles: vec!["vp".into(), "head of".into()],
            new_department: true,
            rank_by_renewal: false,
            line: 1,
        }
    }

    fn account(fields: AccountFields, renewal: &str) -> Account {
        Account {
            owner_locale: Default::default(),
            id: "a".into(),
            name: "A".into(),
            arr: 1.0,
            segment: "smb".into(),
            tier: "t".into(),
            owner_email: "o@x".into(),
            owner_name: None,
            renewal_date: renewal.parse().unwrap(),
            domains: vec![],
            fields,
        }
    }

    fn as_of() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    #[test]
    fn each_signal_fires_at_its_threshold_and_not_below() {
        let s = spotter();
        let r = AccountRecords::default();
        let at = |used: f64, growth: f64, health: f64, renewal: &str| {
            evaluate(
                &account(
                    AccountFields {
                        seats_licensed: Some(100.0),
                        seats_used: Some(used),
                        health_score: Some(health),
                        headcount_growth_pct: Some(growth),
                        departments: Some(vec![]),
                    },
                    renewal,
                ),
                &r,
                &s,
                as_of(),
                7,
            )
        };
        let on = at(90.0, 10.0, 59.9, "2027-02-21");
        assert_eq!(on.why_now.len(), 3, "{on:?}");
        assert!(on.why_now[0].starts_with("seats 90 % used"));
        assert!(on.why_now[1].starts_with("renewal in 90 days"));
        assert_eq!(on.why_now[2], "headcount +10%");
        assert!(on.seat_event.is_some());
        assert!(on.demote.unwrap().contains("health score 59.9 below 60"));
        let below = at(89.9, 9.9, 60.0, "2027-02-22");
        assert!(below.why_now.is_empty(), "{below:?}");
        assert!(below.seat_event.is_none() && below.demote.is_none());
        assert!(below.not_evaluated.is_empty());
    }

    #[test]
    fn absent_fields_are_not_evaluated_and_fire_nothing() {
        let v = evaluate(
            &account(AccountFields::default(), "2030-01-01"),
            &AccountRecords::default(),
            &spotter(),
            as_of(),
            7,
        );
        assert!(v.why_now.is_empty() && v.demote.is_none() && v.seat_event.is_none());
        assert_eq!(
            v.not_evaluated,
            [
                "seat_utilisation",
                "headcount_growth",
                "new_department",
                "health_score"
            ]
        );
    }

    #[test]
    fn the_explanation_has_one_line_per_signal() {
        let a = account(
            AccountFields {
                seats_licensed: Some(100.0),
                seats_used: Some(50.0),
                health_score: Some(30.0),
                ..Default::default()
            },
            "2027-01-01",
        );
        let lines = explain_lines(&a, &AccountRecords::default(), &spotter(), as_of(), 7);
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(lines[0].contains("below 90 %: no"), "{}", lines[0]);
        assert!(lines[1].contains("renewal in 39 days") && lines[1].ends_with("fires"));
        assert!(lines[3].contains("not evaluated"));
        assert!(lines[5].contains("go to the footer"));
    }

    #[test]
    fn executive_titles_match_whole_words() {
        let words = vec!["vp".to_string(), "head of".to_string()];
        assert!(is_executive("VP Operations", &words));
        assert!(is_executive("Head of Finance", &words));
        assert!(!is_executive("MVP Program Lead", &words));
        assert!(!is_executive("Head Chef", &words));
    }

    /// An executive who attended a call counts even when someone else was quoted; a
    /// title that is not an executive's does not.
    #[test]
    fn an_executive_attendee_is_engagement() {
        let a = account(AccountFields::default(), "2030-01-01");
        let vp = ("Rowan Pike".to_string(), "VP Operations".to_string());
        let chef = ("Sam Reed".to_string(), "Head Chef".to_string());
        let cases: [(Vec<&(String, String)>, bool); 3] =
            [(vec![&vp], true), (vec![&chef], false), (vec![], false)];
        for (attendees, fires) in cases {
            let r = AccountRecords {
                attendees,
                ..Default::default()
            };
            let v = evaluate(&a, &r, &spotter(), as_of(), 7);
            let hit = v.why_now.iter().any(|w| w.contains("attended a call"));
            assert_eq!(hit, fires, "{v:?}");
        }
        let r = AccountRecords {
            attendees: vec![&vp],
            ..Default::default()
        };
        let v = evaluate(&a, &r, &spotter(), as_of(), 7);
        assert_eq!(
            v.why_now,
            ["executive engaged: Rowan Pike (VP Operations) attended a call"]
        );
    }
}
