//! Step 2: discard usage events whose change lies inside the segment's noise band
//! [median − band, median + band]. Events with no baseline row are kept and counted as
//! unbaselined.

use crate::model::UsageEvent;
use crate::references::Baselines;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoiseVerdict {
    /// Outside the band: a real change.
    Kept { median: f64, band: f64 },
    /// Inside the band: normal week-to-week movement.
    Noise { median: f64, band: f64 },
    /// No baseline row for this segment and metric: kept, flagged.
    Unbaselined,
}

impl NoiseVerdict {
    pub fn is_kept(self) -> bool {
        !matches!(self, NoiseVerdict::Noise { .. })
    }

    /// Whether a kept event shows growth: above the band, or above zero when there is no
    /// baseline. A decline outside the band is a real change, but it is churn risk, not
    /// expansion evidence, so it supports no SKU.
    pub fn is_growth(self, delta_pct: f64) -> bool {
        match self {
            NoiseVerdict::Kept { median, .. } => delta_pct > median,
            NoiseVerdict::Unbaselined => delta_pct > 0.0,
            NoiseVerdict::Noise { .. } => false,
        }
    }

    /// The segment median, when there is one.
    pub fn median(self) -> Option<f64> {
        match self {
            NoiseVerdict::Kept { median, .. } | NoiseVerdict::Noise { median, .. } => Some(median),
            NoiseVerdict::Unbaselined => None,
        }
    }
}

pub fn noise_verdict(event: &UsageEvent, segment: &str, baselines: &Baselines) -> NoiseVerdict {
    match baselines.row(segment, &event.metric_name) {
        None => NoiseVerdict::Unbaselined,
        Some(row) => {
            let (median, band) = (row.median, row.band);
            if event.delta_pct >= median - band && event.delta_pct <= median + band {
                NoiseVerdict::Noise { median, band }
            } else {
                NoiseVerdict::Kept { median, band }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::baselines;

    const B: &str = "### Segment: enterprise\n| Metric | Median | Band |\n|---|---|---|\n| `seat_count` | +0.5% | ±3% |\n| `tier_gated_feature_attempts` | 0% | ±0 (any > 0 is signal) |\n### Segment: smb\n| Metric | Median | Band |\n|---|---|---|\n| `seat_count` | +5% | ±25% |\n";

    fn event(metric: &str, delta: f64) -> UsageEvent {
        UsageEvent {
            event_id: None,
            account_id: "a".into(),
            event_type: "x".into(),
            metric_name: metric.into(),
            value_current: 1.0,
            value_baseline: 1.0,
            delta_pct: delta,
            occurred_at: "2026-11-20T00:00:00Z".parse().unwrap(),
            feature: None,
            department: None,
        }
    }

    #[test]
    fn only_growth_is_expansion_evidence() {
        let kept = NoiseVerdict::Kept {
            median: 0.5,
            band: 3.0,
        };
        let cases = [
            (kept, 12.0, true),
            (kept, -12.0, false),
            (NoiseVerdict::Unbaselined, 0.0, false),
            (NoiseVerdict::Unbaselined, 4.0, true),
            (NoiseVerdict::Unbaselined, -4.0, false),
            (
                NoiseVerdict::Noise {
                    median: 0.5,
                    band: 3.0,
                },
                2.0,
                false,
            ),
        ];
        for (verdict, delta, want) in cases {
            assert_eq!(verdict.is_growth(delta), want, "{verdict:?} {delta}");
        }
    }

    #[test]
    fn band_edges_are_noise() {
        let (b, p) = baselines::parse("b.md", B);
        assert!(p.is_empty(), "{p:?}");
        let cases: &[(&str, &str, f64, &str)] = &[
            ("enterprise", "seat_count", 3.5, "noise"),
            ("enterprise", "seat_count", -2.5, "noise"),
            ("enterprise", "seat_count", 3.6, "kept"),
            ("enterprise", "seat_count", -2.6, "kept"),
            ("ENTERPRISE", "Seat_Count", 12.0, "kept"),
            ("smb", "seat_count", 12.0, "noise"),
            ("smb", "seat_count", 31.0, "kept"),
            ("enterprise", "tier_gated_feature_attempts", 0.0, "noise"),
            ("enterprise", "tier_gated_feature_attempts", 1.0, "kept"),
            ("enterprise", "api_calls", 1.0, "unbaselined"),
            ("mid-market", "seat_count", 1.0, "unbaselined"),
        ];
        for (segment, metric, delta, want) in cases {
            let got = match noise_verdict(&event(metric, *delta), segment, &b) {
                NoiseVerdict::Kept { .. } => "kept",
                NoiseVerdict::Noise { .. } => "noise",
                NoiseVerdict::Unbaselined => "unbaselined",
            };
            assert_eq!(got, *want, "{segment} {metric} {delta}");
        }
    }
}
