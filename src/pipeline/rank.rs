//! Step 5: per CSM, order strong signals by ARR (high first), then renewal date (soonest
//! first), then account name, then SKU, and keep the first `cap_per_csm`.

use crate::digest::StrongSignal;
use std::cmp::Ordering;

pub fn rank_order(a: &StrongSignal, b: &StrongSignal) -> Ordering {
    b.arr
        .total_cmp(&a.arr)
        .then(a.renewal_date.cmp(&b.renewal_date))
        .then(a.account_name.cmp(&b.account_name))
        .then(a.sku.cmp(&b.sku))
}

/// Sorts and splits into (kept, overflow).
pub fn rank_and_cap(
    mut strong: Vec<StrongSignal>,
    cap: usize,
) -> (Vec<StrongSignal>, Vec<StrongSignal>) {
    strong.sort_by(rank_order);
    let overflow = strong.split_off(cap.min(strong.len()));
    (strong, overflow)
}

/// Renewal date first (soonest first), then ARR (high first), account name and SKU: the
/// order the account-signals section's `rank_by | renewal` asks for.
pub fn renewal_first_order(a: &StrongSignal, b: &StrongSignal) -> Ordering {
    a.renewal_date
        .cmp(&b.renewal_date)
        .then(b.arr.total_cmp(&a.arr))
        .then(a.account_name.cmp(&b.account_name))
        .then(a.sku.cmp(&b.sku))
}

/// [`rank_and_cap`] with renewal first when `renewal_first`.
pub fn rank_and_cap_by(
    mut strong: Vec<StrongSignal>,
    cap: usize,
    renewal_first: bool,
) -> (Vec<StrongSignal>, Vec<StrongSignal>) {
    if !renewal_first {
        return rank_and_cap(strong, cap);
    }
    strong.sort_by(renewal_first_order);
    let overflow = strong.split_off(cap.min(strong.len()));
    (strong, overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn s(name: &str, arr: f64, renewal: (i32, u32, u32), sku: &str) -> StrongSignal {
        StrongSignal {
            account_id: name.into(),
            account_name: name.into(),
            arr,
            renewal_date: NaiveDate::from_ymd_opt(renewal.0, renewal.1, renewal.2).unwrap(),
            sku: sku.into(),
            call_evidence: vec![],
            usage_evidence: vec![],
            ticket_evidence: vec![],
            action: String::new(),
            action_line: None,
            action_reason: None,
            why_now: None,
        }
    }

    #[test]
    fn order_and_cap() {
        let cases: Vec<(Vec<StrongSignal>, usize, Vec<&str>, usize)> = vec![
            (
                vec![
                    s("B", 10.0, (2027, 1, 1), "x"),
                    s("A", 20.0, (2027, 1, 1), "x"),
                ],
                3,
                vec!["A:x", "B:x"],
                0,
            ),
            (
                vec![
                    s("B", 10.0, (2027, 3, 1), "x"),
                    s("A", 10.0, (2027, 1, 1), "x"),
                ],
                3,
                vec!["A:x", "B:x"],
                0,
            ),
            (
                vec![
                    s("B", 10.0, (2027, 1, 1), "x"),
                    s("A", 10.0, (2027, 1, 1), "x"),
                ],
                3,
                vec!["A:x", "B:x"],
                0,
            ),
            (
                vec![
                    s("A", 10.0, (2027, 1, 1), "z"),
                    s("A", 10.0, (2027, 1, 1), "y"),
                ],
                3,
                vec!["A:y", "A:z"],
                0,
            ),
            (
                vec![
                    s("A", 1.0, (2027, 1, 1), "x"),
                    s("B", 2.0, (2027, 1, 1), "x"),
                    s("C", 3.0, (2027, 1, 1), "x"),
                    s("D", 4.0, (2027, 1, 1), "x"),
                    s("E", 5.0, (2027, 1, 1), "x"),
                ],
                3,
                vec!["E:x", "D:x", "C:x"],
                2,
            ),
            (vec![s("A", 1.0, (2027, 1, 1), "x")], 0, vec![], 1),
        ];
        let (kept, _) = rank_and_cap_by(
            vec![
                s("A", 20.0, (2027, 6, 1), "x"),
                s("B", 10.0, (2027, 1, 1), "x"),
            ],
            1,
            true,
        );
        assert_eq!(kept[0].account_name, "B", "renewal first");
        for (i, (input, cap, want, overflow)) in cases.into_iter().enumerate() {
            let (kept, over) = rank_and_cap(input, cap);
            let got: Vec<String> = kept
                .iter()
                .map(|s| format!("{}:{}", s.account_name, s.sku))
                .collect();
            assert_eq!(got, want, "case {i}");
            assert_eq!(over.len(), overflow, "case {i}");
        }
    }
}
