//! How numbers read in a digest: one place, so the action text, the Markdown and the
//! Block Kit agree.

/// `34.0` → `+34%`, `-2.5` → `-2.5%`.
pub fn pct(delta: f64) -> String {
    let sign = if delta > 0.0 { "+" } else { "" };
    format!("{sign}{}%", number(delta))
}

/// A usage change: the percentage, or `0 → 11` when the baseline is zero (a percentage
/// from zero, like +1100%, says nothing).
pub fn change(baseline: f64, current: f64, delta_pct: f64) -> String {
    pct_of(baseline, delta_pct)
        .unwrap_or_else(|| format!("{} → {}", number(baseline), number(current)))
}

/// The percentage change, or `None` from a zero baseline (where it says nothing).
pub fn pct_of(baseline: f64, delta_pct: f64) -> Option<String> {
    (baseline != 0.0).then(|| pct(delta_pct))
}

/// A value without a useless `.0`: `52.0` → `52`, `3.25` → `3.25`, `1234567` → `1234567`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// ARR in thousands: `250000.0` → `$250k`, `1250000.0` → `$1,250k`.
pub fn arr_k(arr: f64) -> String {
    let k = (arr / 1000.0).round() as i64;
    let digits = k.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}k", if k < 0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(pct(34.0), "+34%");
        assert_eq!(pct(-2.5), "-2.5%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(number(52.0), "52");
        assert_eq!(number(3.256), "3.26");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(arr_k(250_000.0), "$250k");
        assert_eq!(arr_k(1_250_400.0), "$1,250k");
        assert_eq!(arr_k(8_600.0), "$9k");
        assert_eq!(change(0.0, 11.0, 1100.0), "0 → 11");
        assert_eq!(change(40.0, 52.0, 30.0), "+30%");
    }
}
