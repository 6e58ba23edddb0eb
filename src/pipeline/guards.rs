//! The run's guards: call coverage, a stale taxonomy, and a cap that is always hit.

use super::collect::Window;
use crate::digest::{UnknownSegment, Warning};
use chrono::NaiveDate;

/// Below this share of accounts with a call, every digest carries a warning.
pub const COVERAGE_WARN_PCT: f64 = 60.0;
/// Below this share the run aborts: too few calls to say anything.
pub const COVERAGE_ABORT_PCT: f64 = 40.0;
/// A taxonomy not edited for longer than this is flagged.
pub const STALE_TAXONOMY_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq)]
pub enum Coverage {
    Fine,
    Warn(Warning),
    Abort(String),
}

/// Coverage in percent (one decimal) and what to do about it.
pub fn coverage(with_calls: usize, total: usize, window: Window) -> (f64, Coverage) {
    let pct = if total == 0 {
        0.0
    } else {
        ((with_calls as f64 / total as f64) * 1000.0).round() / 10.0
    };
    let detail = format!(
        "{with_calls} of {total} accounts had a call between {} and {}",
        window.first_day(),
        window.as_of
    );
    let verdict = if pct < COVERAGE_ABORT_PCT {
        Coverage::Abort(format!(
            "call coverage is {pct}% ({detail}), under the {COVERAGE_ABORT_PCT}% floor: no digests were produced. Check that the calls export covers this week and this portfolio, then rerun."
        ))
    } else if pct < COVERAGE_WARN_PCT {
        Coverage::Warn(Warning::LowCoverage {
            pct,
            with_calls,
            total,
            first_day: window.first_day(),
            as_of: window.as_of,
        })
    } else {
        Coverage::Fine
    };
    (pct, verdict)
}

/// Why the taxonomy needs a review: no Last edited date, or one over
/// [`STALE_TAXONOMY_DAYS`] before as_of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staleness {
    Undated,
    Stale {
        last_edited: NaiveDate,
        age_days: i64,
    },
}

/// The taxonomy's [`Staleness`] on `as_of`; `None` when it is fresh.
pub fn staleness(last_edited: Option<NaiveDate>, as_of: NaiveDate) -> Option<Staleness> {
    match last_edited {
        None => Some(Staleness::Undated),
        Some(d) => {
            let age_days = (as_of - d).num_days();
            (age_days > STALE_TAXONOMY_DAYS).then_some(Staleness::Stale {
                last_edited: d,
                age_days,
            })
        }
    }
}

/// The stale-taxonomy warning, when the Last edited date is over 90 days before as_of
/// (or missing).
pub fn stale_taxonomy(last_edited: Option<NaiveDate>, as_of: NaiveDate) -> Option<Warning> {
    staleness(last_edited, as_of).map(|s| match s {
        Staleness::Undated => Warning::TaxonomyUndated,
        Staleness::Stale {
            last_edited,
            age_days,
        } => Warning::TaxonomyStale {
            last_edited,
            age_days,
            as_of,
            limit_days: STALE_TAXONOMY_DAYS,
        },
    })
}

/// The too-loose warning: this week's pre-cap strong count and the two previous recorded
/// weeks' (most recent first) all exceed the cap.
pub fn too_loose(current: usize, previous: &[usize], cap: usize) -> Option<Warning> {
    if previous.len() < 2 || current <= cap || previous[..2].iter().any(|&n| n <= cap) {
        return None;
    }
    let avg = (current + previous[0] + previous[1]) as f64 / 3.0;
    Some(Warning::TooLoose { avg, cap })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A warning's English wording, as the digest shows it.
    pub(super) fn en(w: &Warning) -> String {
        crate::i18n::warnings::text(w, &crate::i18n::Locale::default())
    }

    fn w() -> Window {
        Window::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 7)
    }

    #[test]
    fn coverage_thresholds() {
        let cases = [
            (60, 100, 60.0, "fine"),
            (59, 100, 59.0, "warn"),
            (40, 100, 40.0, "warn"),
            (39, 100, 39.0, "abort"),
            (0, 0, 0.0, "abort"),
            (2, 3, 66.7, "fine"),
        ];
        for (with, total, pct, want) in cases {
            let (got_pct, verdict) = coverage(with, total, w());
            assert_eq!(got_pct, pct, "{with}/{total}");
            let got = match &verdict {
                Coverage::Fine => "fine",
                Coverage::Warn(w) => {
                    let m = en(w);
                    assert!(m.contains(&format!("{pct}%")), "{m}");
                    "warn"
                }
                Coverage::Abort(m) => {
                    assert!(m.contains(&format!("{pct}%")), "{m}");
                    "abort"
                }
            };
            assert_eq!(got, want, "{with}/{total}");
        }
    }

    #[test]
    fn stale_after_90_days() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |days: u64| as_of.checked_sub_days(chrono::Days::new(days));
        assert!(stale_taxonomy(d(90), as_of).is_none());
        assert!(en(&stale_taxonomy(d(91), as_of).unwrap()).contains("91 days"));
        assert!(stale_taxonomy(None, as_of).is_some());
        assert!(stale_taxonomy(d(0), as_of).is_none());
    }

    #[test]
    fn too_loose_needs_three_runs_over_cap() {
        let cases: &[(usize, &[usize], Option<&str>)] = &[
            (5, &[4, 6], Some("averaged 5.0")),
            (5, &[4, 3], None),
            (3, &[4, 6], None),
            (5, &[4], None),
            (5, &[], None),
            (4, &[4, 5, 0], Some("averaged 4.3")),
        ];
        for (current, prev, want) in cases {
            let got = too_loose(*current, prev, 3);
            match want {
                None => assert!(got.is_none(), "{current} {prev:?}"),
                Some(w) => assert!(
                    got.as_ref().map(en).unwrap_or_default().contains(w),
                    "{current} {prev:?}: {got:?}"
                ),
            }
        }
    }
}

/// A warning naming the segments of the portfolio that have no baseline table (a typo
/// in the CRM export, or a segment the CSM lead has not configured): their usage changes
/// are never compared with a noise band.
pub fn unknown_segments(
    accounts: &[crate::model::Account],
    baselines: &crate::references::Baselines,
) -> Option<Warning> {
    let mut unknown: std::collections::BTreeMap<&str, (usize, &crate::model::Account)> =
        std::collections::BTreeMap::new();
    for a in accounts {
        if !baselines
            .segments
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(&a.segment))
        {
            unknown.entry(a.segment.as_str()).or_insert((0, a)).0 += 1;
        }
    }
    if unknown.is_empty() {
        return None;
    }
    let list = unknown
        .iter()
        .map(|(segment, (n, first))| UnknownSegment {
            segment: segment.to_string(),
            accounts: *n,
            example_name: first.name.clone(),
            example_id: first.id.clone(),
        })
        .collect();
    Some(Warning::UnknownSegments(list))
}

#[cfg(test)]
mod segment_tests {
    use super::tests::en;
    use super::*;
    use crate::references::baselines;

    #[test]
    fn unknown_segments_are_named() {
        let (b, _) = baselines::parse(
            "b.md",
            "### Segment: smb\n| Metric | Median | Band |\n|---|---|---|\n| `seat_count` | +5% | ±25% |\n",
        );
        let acc = |id: &str, segment: &str| crate::model::Account {
            id: id.into(),
            name: format!("Name {id}"),
            arr: 1.0,
            segment: segment.into(),
            tier: "t".into(),
            owner_email: "o@x.com".into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
        };
        assert!(unknown_segments(&[acc("a", "smb"), acc("b", "SMB")], &b).is_none());
        let w = unknown_segments(
            &[
                acc("a", "smb"),
                acc("b", "enterprsie"),
                acc("c", "enterprsie"),
            ],
            &b,
        )
        .unwrap();
        let w = en(&w);
        assert!(
            w.contains("`enterprsie` (2 account(s), e.g. Name b (b))"),
            "{w}"
        );
    }
}
