//! Step 4: classify each (account, SKU). Strong: at least one call mention and at least
//! one kept usage event. Weak: only one of the two. Insufficient: only tickets. Tickets
//! attach to strong and weak signals as supporting evidence. A strong signal on an
//! account whose champion left in the 30 days before as_of is demoted to weak.

use super::extract::{
    CallEvidence, Matcher, Mention, Trace, TracedSentence, Verdict, extract_traced,
};
use crate::model::{Call, ChangeType, StakeholderChange, Ticket, UsageEvent};
use crate::references::Taxonomy;
use chrono::{Days, NaiveDate};

pub const CHAMPION_LOOKBACK_DAYS: u64 = 30;
pub const CHAMPION_TAG: &str = "champion-departure suppressed: investigate before pursuing";

/// A usage event that survived step 2, with the median it was compared to.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptEvent {
    pub event: UsageEvent,
    pub median: Option<f64>,
}

impl KeptEvent {
    /// The change above (or below) the segment's normal weekly movement.
    pub fn adjusted_delta(&self) -> f64 {
        self.event.delta_pct - self.median.unwrap_or(0.0)
    }
}

/// The SKUs a usage event supports: the event type equals a usage trigger's (case-
/// insensitive) and, when the trigger lists features, the event's feature or metric
/// name is one of them.
pub fn usage_skus(event: &UsageEvent, tax: &Taxonomy) -> Vec<String> {
    tax.skus
        .iter()
        .filter(|sku| {
            sku.usage_triggers.iter().any(|t| {
                t.event_type.eq_ignore_ascii_case(&event.event_type)
                    && (t.features.is_empty()
                        || t.features.iter().any(|f| {
                            f.eq_ignore_ascii_case(&event.metric_name)
                                || event
                                    .feature
                                    .as_deref()
                                    .is_some_and(|x| f.eq_ignore_ascii_case(x))
                        }))
            })
        })
        .map(|s| s.id.clone())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Strong,
    /// Weak because only calls, or only usage, support it.
    Weak,
    /// Would be strong, but the champion just left.
    Suppressed,
    Insufficient,
}

/// One classified (account, SKU).
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    pub sku: String,
    pub class: Class,
    pub mentions: Vec<Mention>,
    pub usage: Vec<KeptEvent>,
    pub tickets: Vec<Ticket>,
    /// A customer sentence with a trigger of this SKU that a guard discarded (set only
    /// when there is no mention), so a usage-only signal can say why.
    pub set_aside: Option<SetAside>,
}

/// Why a customer sentence with a trigger phrase was not a mention.
#[derive(Debug, Clone, PartialEq)]
pub enum SetAsideReason {
    /// It holds a conditional marker ("would", "if", …).
    Conditional(String),
    /// It holds a negative-example phrase.
    Negative(String),
    /// Another sentence guard set it aside (objection, negation, past, other party).
    Guard(super::judge::GuardKind, String),
}

/// A discarded customer sentence that would have been a mention of `sku`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub sku: String,
    pub reason: SetAsideReason,
}

impl SetAside {
    /// `conditional ('would')` / `a negative example ('no budget')`.
    pub fn describe(&self) -> String {
        match &self.reason {
            SetAsideReason::Conditional(m) => format!("conditional ('{m}')"),
            SetAsideReason::Negative(p) => format!("a negative example ('{p}')"),
            SetAsideReason::Guard(kind, m) => format!("{} ('{m}')", kind.label()),
        }
    }
}

/// Step 3 for one call of a run: the mentions, plus the customer sentences a guard
/// discarded (negative example, conditional marker), which the run keeps so a weak
/// signal can say what was set aside. Other traced sentences are dropped.
pub fn extract_for_run(call: &Call, matcher: &Matcher) -> CallEvidence {
    // Only the customer sentences set aside are kept, to name them in diagnostics.
    let mut ev = extract_traced(call, matcher, Trace::Discards);
    ev.trace.shrink_to_fit();
    ev
}

/// The (SKU, reason) of each discarded customer sentence that held a trigger phrase: a
/// conditional names its SKUs; a negative example's SKUs are the triggers in the sentence.
pub fn set_aside(sentences: &[&TracedSentence], matcher: &Matcher) -> Vec<SetAside> {
    let mut out = Vec::new();
    for t in sentences {
        match &t.verdict {
            Verdict::Conditional { marker, skus } => out.extend(skus.iter().map(|sku| SetAside {
                sku: sku.clone(),
                reason: SetAsideReason::Conditional(marker.clone()),
            })),
            Verdict::Negative { phrase } => out.extend(
                matcher
                    .sentence(&t.sentence)
                    .triggers
                    .into_iter()
                    .map(|t| SetAside {
                        sku: t.sku,
                        reason: SetAsideReason::Negative(phrase.clone()),
                    }),
            ),
            Verdict::Guarded {
                guard,
                marker,
                skus,
            } => out.extend(skus.iter().map(|sku| SetAside {
                sku: sku.clone(),
                reason: SetAsideReason::Guard(*guard, marker.clone()),
            })),
            Verdict::Mention { .. } | Verdict::NotCustomer { .. } => {}
        }
    }
    out
}

/// The departure of a champion in the 30 days up to as_of, if any.
pub fn champion_departure(
    changes: &[StakeholderChange],
    as_of: NaiveDate,
) -> Option<&StakeholderChange> {
    let since = as_of
        .checked_sub_days(Days::new(CHAMPION_LOOKBACK_DAYS))
        .unwrap_or(NaiveDate::MIN);
    changes.iter().find(|c| {
        let d = c.occurred_at.date_naive();
        c.change_type == ChangeType::Departure && c.is_champion && d > since && d <= as_of
    })
}

/// Classifies one account's evidence. `usage` holds kept events with the SKUs each
/// supports, `tickets` the tickets with theirs. Output is ordered by taxonomy SKU order.
pub fn classify_account(
    tax: &Taxonomy,
    mentions: &[Mention],
    usage: &[(KeptEvent, Vec<String>)],
    tickets: &[(Ticket, Vec<String>)],
    champion_left: bool,
) -> Vec<Classified> {
    let mut out = Vec::new();
    for sku in &tax.skus {
        let m: Vec<Mention> = mentions
            .iter()
            .filter(|m| m.sku == sku.id)
            .cloned()
            .collect();
        let u: Vec<KeptEvent> = usage
            .iter()
            .filter(|(_, skus)| skus.contains(&sku.id))
            .map(|(e, _)| e.clone())
            .collect();
        let t: Vec<Ticket> = tickets
            .iter()
            .filter(|(_, skus)| skus.contains(&sku.id))
            .map(|(t, _)| t.clone())
            .collect();
        let class = match (!m.is_empty(), !u.is_empty(), !t.is_empty()) {
            (true, true, _) if champion_left => Class::Suppressed,
            (true, true, _) => Class::Strong,
            (true, false, _) | (false, true, _) => Class::Weak,
            (false, false, true) => Class::Insufficient,
            (false, false, false) => continue,
        };
        out.push(Classified {
            sku: sku.id.clone(),
            class,
            mentions: m,
            usage: u,
            tickets: t,
            set_aside: None,
        });
    }
    out
}

/// Attaches to each classified SKU without a mention the first discarded sentence that
/// would have been one.
pub fn attach_set_aside(classified: &mut [Classified], set_aside: &[SetAside]) {
    for c in classified.iter_mut().filter(|c| c.mentions.is_empty()) {
        c.set_aside = set_aside.iter().find(|s| s.sku == c.sku).cloned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::extract::tests::TAXONOMY;
    use crate::references::taxonomy;

    fn tax() -> Taxonomy {
        taxonomy::parse("t.md", TAXONOMY).0
    }

    fn mention(sku: &str) -> Mention {
        Mention {
            sku: sku.into(),
            quote: "q".into(),
            speaker: "s".into(),
            role: "r".into(),
            call_id: "c".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            phrase: "p".into(),
        }
    }

    fn event(event_type: &str, feature: Option<&str>) -> UsageEvent {
        UsageEvent {
            event_id: None,
            account_id: "a".into(),
            event_type: event_type.into(),
            metric_name: "tier_gated_feature_attempts".into(),
            value_current: 5.0,
            value_baseline: 0.0,
            delta_pct: 500.0,
            occurred_at: "2026-11-20T00:00:00Z".parse().unwrap(),
            feature: feature.map(Into::into),
            department: None,
        }
    }

    fn ticket() -> Ticket {
        Ticket {
            account_id: "a".into(),
            ticket_id: "t".into(),
            subject: "s".into(),
            body_summary: "b".into(),
            tags: vec![],
            opened_at: "2026-11-20T00:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn usage_trigger_matching() {
        let t = tax();
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            ("seat_limit_reached", None, &["additional-team-seats"]),
            (
                "SEAT_LIMIT_REACHED",
                Some("anything"),
                &["additional-team-seats"],
            ),
            (
                "tier_gated_feature_attempt",
                Some("SSO"),
                &["enterprise-tier"],
            ),
            ("tier_gated_feature_attempt", Some("audit_log"), &[]),
            ("usage_spike", None, &[]),
        ];
        for (et, feature, want) in cases {
            assert_eq!(
                &usage_skus(&event(et, *feature), &t),
                want,
                "{et} {feature:?}"
            );
        }
    }

    #[test]
    fn classification_table() {
        let t = tax();
        let seats = "additional-team-seats";
        let ent = "enterprise-tier";
        let kept = |sku: &str| {
            (
                KeptEvent {
                    event: event("x", None),
                    median: None,
                },
                vec![sku.to_string()],
            )
        };
        let tk = |sku: &str| (ticket(), vec![sku.to_string()]);
        // (mentions, usage, tickets, champion_left, expected (sku, class))
        type Case<'a> = (
            Vec<Mention>,
            Vec<(KeptEvent, Vec<String>)>,
            Vec<(Ticket, Vec<String>)>,
            bool,
            Vec<(&'a str, Class)>,
        );
        let cases: Vec<Case> = vec![
            (
                vec![mention(seats)],
                vec![kept(seats)],
                vec![],
                false,
                vec![(seats, Class::Strong)],
            ),
            (
                vec![mention(seats)],
                vec![],
                vec![],
                false,
                vec![(seats, Class::Weak)],
            ),
            (
                vec![],
                vec![kept(seats)],
                vec![tk(seats)],
                false,
                vec![(seats, Class::Weak)],
            ),
            (
                vec![mention(seats)],
                vec![kept(ent)],
                vec![],
                false,
                vec![(seats, Class::Weak), (ent, Class::Weak)],
            ),
            (
                vec![],
                vec![],
                vec![tk(ent)],
                false,
                vec![(ent, Class::Insufficient)],
            ),
            (
                vec![mention(seats)],
                vec![kept(seats)],
                vec![],
                true,
                vec![(seats, Class::Suppressed)],
            ),
            (
                vec![mention(seats)],
                vec![],
                vec![],
                true,
                vec![(seats, Class::Weak)],
            ),
            (vec![], vec![], vec![], false, vec![]),
        ];
        for (i, (m, u, tk, champ, want)) in cases.into_iter().enumerate() {
            let got: Vec<(String, Class)> = classify_account(&t, &m, &u, &tk, champ)
                .into_iter()
                .map(|c| (c.sku, c.class))
                .collect();
            let want: Vec<(String, Class)> =
                want.into_iter().map(|(s, c)| (s.to_string(), c)).collect();
            assert_eq!(got, want, "case {i}");
        }
    }

    #[test]
    fn discarded_mentions_are_set_aside_with_their_reason() {
        let t = tax();
        let m = Matcher::new(&t);
        let seats = "additional-team-seats";
        let call = |text: &str| {
            let mut c = crate::pipeline::extract::tests::call(text);
            c.transcript_text = Some(text.into());
            c
        };
        // (transcript, expected set-aside (sku, description))
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Dana Reyes: We need 12 more seats if the pilot works.",
                &[(seats, "conditional ('if')")],
            ),
            (
                "Dana Reyes: We need 12 more seats, not fewer seats.",
                &[(seats, "a negative example ('fewer seats')")],
            ),
            ("Dana Reyes: We need 12 more seats.", &[]),
            ("Sam Okafor: If you need 12 more seats, tell me.", &[]),
            ("Dana Reyes: We want fewer seats.", &[]),
        ];
        for (text, want) in cases {
            let ev = extract_for_run(&call(text), &m);
            assert!(
                ev.trace.iter().all(|t| !matches!(
                    t.verdict,
                    Verdict::Mention { .. } | Verdict::NotCustomer { .. }
                )),
                "{text}: only discards are kept"
            );
            let traced: Vec<&TracedSentence> = ev.trace.iter().collect();
            let got: Vec<(String, String)> = set_aside(&traced, &m)
                .iter()
                .map(|a| (a.sku.clone(), a.describe()))
                .collect();
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(s, d)| (s.to_string(), d.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }

        // Only a SKU without a mention carries it, and the weak line says so.
        let ev = extract_for_run(
            &call("Dana Reyes: We need 12 more seats if the pilot works."),
            &m,
        );
        let traced: Vec<&TracedSentence> = ev.trace.iter().collect();
        let kept = |sku: &str| {
            let mut e = event("seat_limit_reached", None);
            e.value_baseline = 40.0;
            e.value_current = 52.0;
            e.delta_pct = 30.0;
            (
                KeptEvent {
                    event: e,
                    median: None,
                },
                vec![sku.to_string()],
            )
        };
        let mut classified = classify_account(&t, &[], &[kept(seats)], &[], false);
        attach_set_aside(&mut classified, &set_aside(&traced, &m));
        assert_eq!(
            classified[0].set_aside.as_ref().map(SetAside::describe),
            Some("conditional ('if')".to_string())
        );
        let account = crate::model::Account {
            id: "a".into(),
            name: "Acme".into(),
            arr: 1.0,
            segment: "smb".into(),
            tier: "t".into(),
            owner_email: "o@x.com".into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
        };
        assert_eq!(
            crate::pipeline::weak_signal(&account, &classified[0]).summary,
            "usage change; a customer mention was set aside as conditional ('if'): tier_gated_feature_attempts 40 → 52 (+30%)"
        );
        let mut plain = classify_account(&t, &[], &[kept(seats)], &[], false);
        attach_set_aside(&mut plain, &[]);
        assert!(
            crate::pipeline::weak_signal(&account, &plain[0])
                .summary
                .starts_with("usage change only, no customer mention on a call: ")
        );
        let with_mention = classify_account(&t, &[mention(seats)], &[], &[], false);
        let mut with_mention = with_mention;
        attach_set_aside(&mut with_mention, &set_aside(&traced, &m));
        assert_eq!(with_mention[0].set_aside, None);
    }

    #[test]
    fn champion_window() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let change = |ct: ChangeType, champ: bool, at: &str| StakeholderChange {
            account_id: "a".into(),
            change_type: ct,
            role: "VP".into(),
            is_champion: champ,
            occurred_at: at.parse().unwrap(),
            name: None,
        };
        let cases = [
            (ChangeType::Departure, true, "2026-11-01T00:00:00Z", true),
            (ChangeType::Departure, true, "2026-10-25T00:00:00Z", true),
            (ChangeType::Departure, true, "2026-10-24T12:00:00Z", false),
            (ChangeType::Departure, true, "2026-10-23T23:00:00Z", false),
            (ChangeType::Departure, true, "2026-11-24T00:00:00Z", false),
            (ChangeType::Departure, false, "2026-11-01T00:00:00Z", false),
            (ChangeType::Promotion, true, "2026-11-01T00:00:00Z", false),
        ];
        for (ct, champ, at, want) in cases {
            assert_eq!(
                champion_departure(&[change(ct, champ, at)], as_of).is_some(),
                want,
                "{ct:?} {champ} {at}"
            );
        }
    }
}
