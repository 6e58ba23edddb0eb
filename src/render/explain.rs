//! The `account` explanation as Markdown (CLI and Slack ephemeral message).

use crate::i18n::Locale;
use crate::i18n::explain::{Ex, guard_label};
use crate::pipeline::classify::Class;
use crate::pipeline::explain::Explanation;
use crate::pipeline::extract::Verdict;
use crate::pipeline::noise::NoiseVerdict;
use std::fmt::Write;

fn class_name(c: Class) -> Ex {
    match c {
        Class::Strong => Ex::ClassStrong,
        Class::Weak => Ex::ClassWeak,
        Class::Suppressed => Ex::ClassSuppressed,
        Class::Insufficient => Ex::ClassInsufficient,
    }
}

pub fn explanation(e: &Explanation) -> String {
    explanation_in(e, &Locale::default())
}

/// The explanation in `loc`'s language and formats.
pub fn explanation_in(e: &Explanation, loc: &Locale) -> String {
    let a = &e.account;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        loc.ex(Ex::Title, &[("name", &a.name), ("id", &a.id)])
    );
    let header = loc.ex(
        Ex::Header,
        &[
            ("segment", &a.segment),
            ("arr", &loc.arr(a.arr)),
            ("renewal", &loc.date(a.renewal_date)),
            ("owner", a.owner_name.as_deref().unwrap_or(&a.owner_email)),
        ],
    );
    let _ = writeln!(out, "{header}");
    let window = loc.ex(
        Ex::Window,
        &[
            ("from", &loc.date(e.window.first_day())),
            ("to", &loc.date(e.window.as_of)),
            ("days", &e.window.days.to_string()),
        ],
    );
    let _ = writeln!(out, "{window}");
    out.push('\n');

    let n = |ex: Ex, n: usize| loc.ex(ex, &[("n", &n.to_string())]);
    let _ = writeln!(out, "{}", n(Ex::Calls, e.calls.len()));
    for c in &e.calls {
        let status = if !c.in_window {
            Ex::CallOutside
        } else if !c.analysed {
            Ex::CallNotAnalysed
        } else if c.sentences.is_empty() {
            Ex::CallNoPhrase
        } else {
            Ex::CallAnalysed
        };
        let line = loc.ex(
            Ex::CallLine,
            &[
                ("id", &c.call_id),
                ("date", &loc.date(c.date)),
                ("status", &loc.ex(status, &[])),
            ],
        );
        let _ = writeln!(out, "{line}");
        if !c.in_window {
            continue;
        }
        for s in &c.sentences {
            let why = match &s.verdict {
                Verdict::Mention { sku, phrase } => {
                    loc.ex(Ex::Kept, &[("sku", sku), ("phrase", phrase)])
                }
                Verdict::Negative { phrase } => loc.ex(Ex::Negative, &[("phrase", phrase)]),
                Verdict::Conditional { marker, skus } => loc.ex(
                    Ex::Conditional,
                    &[("marker", marker), ("skus", &skus.join(", "))],
                ),
                Verdict::Guarded {
                    guard,
                    marker,
                    skus,
                } => loc.ex(
                    Ex::Guarded,
                    &[
                        ("guard", guard_label(loc.lang, *guard)),
                        ("marker", marker),
                        ("skus", &skus.join(", ")),
                    ],
                ),
                Verdict::NotCustomer { skus } => {
                    loc.ex(Ex::NotCustomer, &[("skus", &skus.join(", "))])
                }
            };
            let line = loc.ex(
                Ex::Sentence,
                &[
                    ("sentence", &s.sentence),
                    ("speaker", &s.speaker),
                    ("role", &s.role),
                    ("why", &why),
                ],
            );
            let _ = writeln!(out, "{line}");
        }
        for s in &c.semantic {
            let _ = writeln!(
                out,
                "  - \"{}\" — {}: {}",
                s.sentence,
                s.speaker,
                semantic_why(s)
            );
        }
    }
    out.push('\n');

    let _ = writeln!(out, "{}", n(Ex::Usage, e.usage.len()));
    for u in &e.usage {
        let ev = &u.event;
        let baseline = loc.number(ev.value_baseline);
        let current = loc.number(ev.value_current);
        let mut args = vec![
            ("type", ev.event_type.as_str()),
            ("metric", ev.metric_name.as_str()),
            ("baseline", baseline.as_str()),
            ("current", current.as_str()),
        ];
        let pct = (ev.value_baseline != 0.0).then(|| loc.pct(ev.delta_pct));
        let what = match &pct {
            Some(p) => {
                args.push(("pct", p.as_str()));
                loc.ex(Ex::UsageChangePct, &args)
            }
            None => loc.ex(Ex::UsageChange, &args),
        };
        let band_args = |median: f64, band: f64| {
            [
                ("segment".to_string(), e.account.segment.clone()),
                ("median".to_string(), loc.pct(median)),
                ("band".to_string(), loc.number(band)),
            ]
        };
        let filled = |ex: Ex, args: [(String, String); 3]| {
            let refs: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            loc.ex(ex, &refs)
        };
        let why = match u.verdict {
            None => loc.ex(Ex::CallOutside, &[]),
            Some(NoiseVerdict::Noise { median, band }) => {
                filled(Ex::Noise, band_args(median, band))
            }
            Some(NoiseVerdict::Kept { median, band }) => {
                filled(Ex::NoiseKept, band_args(median, band))
            }
            Some(NoiseVerdict::Unbaselined) => loc.ex(Ex::Unbaselined, &[]),
        };
        let decline = u
            .verdict
            .is_some_and(|v| v.is_kept() && !v.is_growth(ev.delta_pct));
        // An event that matches a usage trigger but supports nothing (noise, a decline)
        // names the SKU it is a trigger of.
        let triggers = u.triggers.join(", ");
        let skus = match (u.skus.is_empty(), u.triggers.is_empty(), decline) {
            (false, _, _) => loc.ex(Ex::Supports, &[("skus", &u.skus.join(", "))]),
            (true, true, true) => loc.ex(Ex::Decline, &[]),
            (true, true, false) => loc.ex(Ex::NoTrigger, &[]),
            (true, false, true) => loc.ex(Ex::DeclineTrigger, &[("triggers", &triggers)]),
            (true, false, false) => loc.ex(Ex::TriggerNotKept, &[("triggers", &triggers)]),
        };
        let no_id = loc.ex(Ex::NoId, &[]);
        let id = ev.event_id.as_deref().unwrap_or(&no_id);
        let line = loc.ex(
            Ex::UsageLine,
            &[
                ("id", id),
                ("date", &loc.date(ev.occurred_at.date_naive())),
                ("what", &what),
                ("why", &why),
                ("skus", &skus),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let _ = writeln!(out, "{}", n(Ex::Tickets, e.tickets.len()));
    for t in &e.tickets {
        let why = if !t.in_window {
            loc.ex(Ex::CallOutside, &[])
        } else if t.skus.is_empty() {
            loc.ex(Ex::TicketNoTrigger, &[])
        } else {
            loc.ex(Ex::TicketKept, &[("skus", &t.skus.join(", "))])
        };
        let line = loc.ex(
            Ex::TicketLine,
            &[
                ("id", &t.ticket.ticket_id),
                ("date", &loc.date(t.ticket.opened_at.date_naive())),
                ("subject", &t.ticket.subject),
                ("why", &why),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    if !e.changes.is_empty() {
        let _ = writeln!(out, "{}", n(Ex::Changes, e.changes.len()));
        for c in &e.changes {
            let ch = &c.change;
            let unnamed = loc.ex(Ex::Unnamed, &[]);
            let who = ch.name.as_deref().unwrap_or(&unnamed);
            let template = match (ch.is_champion, c.suppresses) {
                (false, false) => Ex::ChangeLine,
                (true, false) => Ex::ChangeLineChampion,
                (false, true) => Ex::ChangeLineSuppresses,
                (true, true) => Ex::ChangeLineChampionSuppresses,
            };
            let line = loc.ex(
                template,
                &[
                    ("date", &loc.date(ch.occurred_at.date_naive())),
                    ("type", ch.change_type.as_str()),
                    ("who", who),
                    ("role", &ch.role),
                ],
            );
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }

    if !e.account_signals.is_empty() {
        let _ = writeln!(out, "## Account signals");
        for line in &e.account_signals {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", loc.ex(Ex::Classification, &[]));
    if e.silent {
        let _ = writeln!(out, "{}", loc.ex(Ex::Silent, &[]));
    } else if e.signals.is_empty() {
        let _ = writeln!(out, "{}", loc.ex(Ex::NoSku, &[]));
    }
    for s in &e.signals {
        let line = loc.ex(
            Ex::SignalLine,
            &[
                ("sku", &s.sku),
                ("class", &loc.ex(class_name(s.class), &[])),
                ("mentions", &s.mentions.to_string()),
                ("usage", &s.usage_events.to_string()),
                ("tickets", &s.tickets.to_string()),
            ],
        );
        let _ = writeln!(out, "{line}");
        if let Some(a) = &s.action {
            let _ = writeln!(
                out,
                "{}",
                loc.ex(Ex::Action, &[("text", &a.text), ("reason", &a.reason)])
            );
        }
    }
    if e.signals.iter().any(|s| s.class == Class::Strong) {
        let _ = writeln!(out, "{}", loc.ex(Ex::Ranked, &[]));
    }
    out
}

/// The embedding stage's verdict on one sentence, with the nearest phrase.
fn semantic_why(s: &crate::pipeline::explain::SemanticLine) -> String {
    use crate::pipeline::semantic::SemanticVerdict as V;
    let n = s.verdict.nearest();
    let near = format!(
        "nearest phrase \"{}\" of {} (similarity {:.2})",
        n.phrase, n.sku, n.similarity
    );
    match &s.verdict {
        V::Mention { .. } if s.counted => format!("kept by meaning: mention of {}, {near}", n.sku),
        V::Mention { .. } => format!(
            "similar enough, not counted: no usage trigger in the window (--embed-all-accounts counts it); {near}"
        ),
        V::Below { threshold, .. } => {
            format!("discarded: {near}, under the threshold {threshold:.2}")
        }
        V::Negative { negative, .. } => format!(
            "discarded: nearer to the negative-example phrase \"{}\" (similarity {:.2}); {near}",
            negative.phrase, negative.similarity
        ),
        V::Guarded { hit, .. } => format!(
            "discarded: {} guard \"{}\"; {near}",
            hit.kind.label(),
            hit.marker
        ),
    }
}
