//! The `account` explanation as Markdown (CLI and Slack ephemeral message).

use crate::i18n::explain::{Ex, guard_label};
use crate::i18n::{Locale, actions};
use crate::model::UsageEvent;
use crate::pipeline::classify::Class;
use crate::pipeline::explain::{CallExplained, Explanation, UsageExplained};
use crate::pipeline::extract::{TracedSentence, Verdict};
use crate::pipeline::noise::NoiseVerdict;
use std::fmt::Write;

/// The catalogue text naming a class.
fn class_name(c: Class) -> Ex {
    match c {
        Class::Strong => Ex::ClassStrong,
        Class::Weak => Ex::ClassWeak,
        Class::Suppressed => Ex::ClassSuppressed,
        Class::Insufficient => Ex::ClassInsufficient,
    }
}

/// The explanation in the default locale (English, USD).
pub fn explanation(e: &Explanation) -> String {
    explanation_in(e, &Locale::default())
}

/// The explanation in `loc`'s language and formats: the account, then one section per
/// kind of record, then the classification.
pub fn explanation_in(e: &Explanation, loc: &Locale) -> String {
    let mut out = String::new();
    header(&mut out, e, loc);
    calls(&mut out, e, loc);
    usage(&mut out, e, loc);
    tickets(&mut out, e, loc);
    changes(&mut out, e, loc);
    account_signals(&mut out, e);
    classification(&mut out, e, loc);
    out
}

/// Appends `text` and a line break.
fn line(out: &mut String, text: &str) {
    let _ = writeln!(out, "{text}");
}

/// A section heading with its record count: "## Calls (3)".
fn heading(loc: &Locale, ex: Ex, n: usize) -> String {
    loc.ex(ex, &[("n", &n.to_string())])
}

/// Title, account line and window.
fn header(out: &mut String, e: &Explanation, loc: &Locale) {
    let a = &e.account;
    line(out, &loc.ex(Ex::Title, &[("name", &a.name), ("id", &a.id)]));
    let header = loc.ex(
        Ex::Header,
        &[
            ("segment", &a.segment),
            ("arr", &loc.arr(a.arr)),
            ("renewal", &loc.date(a.renewal_date)),
            ("owner", a.owner_name.as_deref().unwrap_or(&a.owner_email)),
        ],
    );
    line(out, &header);
    let window = loc.ex(
        Ex::Window,
        &[
            ("from", &loc.date(e.window.first_day())),
            ("to", &loc.date(e.window.as_of)),
            ("days", &e.window.days.to_string()),
        ],
    );
    line(out, &window);
    out.push('\n');
}

/// Every call with its status; for calls in the window, each traced sentence and each
/// sentence the embedding stage compared.
fn calls(out: &mut String, e: &Explanation, loc: &Locale) {
    line(out, &heading(loc, Ex::Calls, e.calls.len()));
    for c in &e.calls {
        let call = loc.ex(
            Ex::CallLine,
            &[
                ("id", &c.call_id),
                ("date", &loc.date(c.date)),
                ("status", &loc.ex(call_status(c), &[])),
            ],
        );
        line(out, &call);
        if !c.in_window {
            continue;
        }
        for s in &c.sentences {
            line(out, &sentence_line(loc, s));
        }
        for s in &c.semantic {
            let why = semantic_why(s, loc);
            let args = [
                ("sentence", s.sentence.as_str()),
                ("speaker", &s.speaker),
                ("why", &why),
            ];
            let _ = writeln!(out, "{}", loc.ex(Ex::SemanticLine, &args));
        }
    }
    out.push('\n');
}

/// Outside the window, not analysed, no phrase found, or analysed.
fn call_status(c: &CallExplained) -> Ex {
    if !c.in_window {
        Ex::CallOutside
    } else if !c.analysed {
        Ex::CallNotAnalysed
    } else if c.sentences.is_empty() {
        Ex::CallNoPhrase
    } else {
        Ex::CallAnalysed
    }
}

/// One traced sentence, who said it and the phrase stage's verdict.
fn sentence_line(loc: &Locale, s: &TracedSentence) -> String {
    loc.ex(
        Ex::Sentence,
        &[
            ("sentence", &s.sentence),
            ("speaker", &s.speaker),
            ("role", &s.role),
            ("why", &verdict_why(loc, &s.verdict)),
        ],
    )
}

/// Why a sentence was kept or discarded.
fn verdict_why(loc: &Locale, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Mention { sku, phrase } => loc.ex(Ex::Kept, &[("sku", sku), ("phrase", phrase)]),
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
        Verdict::NotCustomer { skus } => loc.ex(Ex::NotCustomer, &[("skus", &skus.join(", "))]),
    }
}

/// Every usage event: the change, the noise verdict and the SKUs it supports.
fn usage(out: &mut String, e: &Explanation, loc: &Locale) {
    line(out, &heading(loc, Ex::Usage, e.usage.len()));
    for u in &e.usage {
        let ev = &u.event;
        let no_id = loc.ex(Ex::NoId, &[]);
        let usage = loc.ex(
            Ex::UsageLine,
            &[
                ("id", ev.event_id.as_deref().unwrap_or(&no_id)),
                ("date", &loc.date(ev.occurred_at.date_naive())),
                ("what", &usage_change(loc, ev)),
                ("why", &noise_why(loc, &e.account.segment, u.verdict)),
                ("skus", &usage_skus(loc, u)),
            ],
        );
        line(out, &usage);
    }
    out.push('\n');
}

/// "seat_limit_reached seat_count 120 → 150 (+25%)"; no percentage from a zero baseline.
fn usage_change(loc: &Locale, ev: &UsageEvent) -> String {
    let baseline = loc.number(ev.value_baseline);
    let current = loc.number(ev.value_current);
    let mut args = vec![
        ("type", ev.event_type.as_str()),
        ("metric", ev.metric_name.as_str()),
        ("baseline", baseline.as_str()),
        ("current", current.as_str()),
    ];
    if ev.value_baseline == 0.0 {
        return loc.ex(Ex::UsageChange, &args);
    }
    let pct = loc.pct(ev.delta_pct);
    args.push(("pct", pct.as_str()));
    loc.ex(Ex::UsageChangePct, &args)
}

/// Step 2's verdict on a usage event against the segment's noise band.
fn noise_why(loc: &Locale, segment: &str, verdict: Option<NoiseVerdict>) -> String {
    let band = |ex: Ex, median: f64, band: f64| {
        loc.ex(
            ex,
            &[
                ("segment", segment),
                ("median", &loc.pct(median)),
                ("band", &loc.number(band)),
            ],
        )
    };
    match verdict {
        None => loc.ex(Ex::CallOutside, &[]),
        Some(NoiseVerdict::Noise { median, band: b }) => band(Ex::Noise, median, b),
        Some(NoiseVerdict::Kept { median, band: b }) => band(Ex::NoiseKept, median, b),
        Some(NoiseVerdict::Unbaselined) => loc.ex(Ex::Unbaselined, &[]),
    }
}

/// The SKUs a usage event supports; an event that matches a usage trigger but supports
/// nothing (noise, a decline) names the SKU it is a trigger of.
fn usage_skus(loc: &Locale, u: &UsageExplained) -> String {
    let decline = u
        .verdict
        .is_some_and(|v| v.is_kept() && !v.is_growth(u.event.delta_pct));
    let triggers = u.triggers.join(", ");
    match (u.skus.is_empty(), u.triggers.is_empty(), decline) {
        (false, _, _) => loc.ex(Ex::Supports, &[("skus", &u.skus.join(", "))]),
        (true, true, true) => loc.ex(Ex::Decline, &[]),
        (true, true, false) => loc.ex(Ex::NoTrigger, &[]),
        (true, false, true) => loc.ex(Ex::DeclineTrigger, &[("triggers", &triggers)]),
        (true, false, false) => loc.ex(Ex::TriggerNotKept, &[("triggers", &triggers)]),
    }
}

/// Every support ticket and whether it supports a SKU.
fn tickets(out: &mut String, e: &Explanation, loc: &Locale) {
    line(out, &heading(loc, Ex::Tickets, e.tickets.len()));
    for t in &e.tickets {
        let why = if !t.in_window {
            loc.ex(Ex::CallOutside, &[])
        } else if t.skus.is_empty() {
            loc.ex(Ex::TicketNoTrigger, &[])
        } else {
            loc.ex(Ex::TicketKept, &[("skus", &t.skus.join(", "))])
        };
        let ticket = loc.ex(
            Ex::TicketLine,
            &[
                ("id", &t.ticket.ticket_id),
                ("date", &loc.date(t.ticket.opened_at.date_naive())),
                ("subject", &t.ticket.subject),
                ("why", &why),
            ],
        );
        line(out, &ticket);
    }
    out.push('\n');
}

/// Stakeholder changes (only when there are any), marking the champion departure that
/// suppresses strong signals.
fn changes(out: &mut String, e: &Explanation, loc: &Locale) {
    if e.changes.is_empty() {
        return;
    }
    line(out, &heading(loc, Ex::Changes, e.changes.len()));
    for c in &e.changes {
        let ch = &c.change;
        let unnamed = loc.ex(Ex::Unnamed, &[]);
        let template = match (ch.is_champion, c.suppresses) {
            (false, false) => Ex::ChangeLine,
            (true, false) => Ex::ChangeLineChampion,
            (false, true) => Ex::ChangeLineSuppresses,
            (true, true) => Ex::ChangeLineChampionSuppresses,
        };
        let change = loc.ex(
            template,
            &[
                ("date", &loc.date(ch.occurred_at.date_naive())),
                ("type", ch.change_type.as_str()),
                ("who", ch.name.as_deref().unwrap_or(&unnamed)),
                ("role", &ch.role),
            ],
        );
        line(out, &change);
    }
    out.push('\n');
}

/// The account-level signals of the references (only when there are any).
fn account_signals(out: &mut String, e: &Explanation) {
    if e.account_signals.is_empty() {
        return;
    }
    line(out, "## Account signals");
    for signal in &e.account_signals {
        let _ = writeln!(out, "- {signal}");
    }
    out.push('\n');
}

/// Each SKU's class with its evidence counts and, for strong ones, the action.
fn classification(out: &mut String, e: &Explanation, loc: &Locale) {
    line(out, &loc.ex(Ex::Classification, &[]));
    if e.silent {
        line(out, &loc.ex(Ex::Silent, &[]));
    } else if e.signals.is_empty() {
        line(out, &loc.ex(Ex::NoSku, &[]));
    }
    for s in &e.signals {
        let signal = loc.ex(
            Ex::SignalLine,
            &[
                ("sku", &s.sku),
                ("class", &loc.ex(class_name(s.class), &[])),
                ("mentions", &s.mentions.to_string()),
                ("usage", &s.usage_events.to_string()),
                ("tickets", &s.tickets.to_string()),
            ],
        );
        line(out, &signal);
        if let Some(a) = &s.action {
            line(
                out,
                &loc.ex(
                    Ex::Action,
                    &[
                        ("text", &actions::dates(&a.text, loc)),
                        ("reason", &actions::text(&a.reason, loc)),
                    ],
                ),
            );
        }
    }
    if e.signals.iter().any(|s| s.class == Class::Strong) {
        line(out, &loc.ex(Ex::Ranked, &[]));
    }
}

/// The embedding stage's verdict on one sentence, with the nearest phrase.
fn semantic_why(s: &crate::pipeline::explain::SemanticLine, loc: &Locale) -> String {
    use crate::pipeline::semantic::SemanticVerdict as V;
    let two = |v: f32| match loc.lang {
        crate::text::Lang::En => format!("{v:.2}"),
        crate::text::Lang::De => format!("{v:.2}").replace('.', ","),
    };
    let near_to = |n: &crate::pipeline::semantic::Nearest, phrase: Ex, example: Ex| {
        let which = if n.example { example } else { phrase };
        let sim = two(n.similarity);
        loc.ex(
            which,
            &[("phrase", &n.phrase), ("sku", &n.sku), ("similarity", &sim)],
        )
    };
    let n = s.verdict.nearest();
    let near = near_to(n, Ex::NearPhrase, Ex::NearExample);
    let with_near = |ex: Ex, more: &[(&str, &str)]| {
        let mut args = vec![("near", near.as_str()), ("sku", n.sku.as_str())];
        args.extend_from_slice(more);
        loc.ex(ex, &args)
    };
    match &s.verdict {
        V::Mention { .. } if s.counted => with_near(Ex::SemKept, &[]),
        V::Mention { .. } => with_near(Ex::SemNotCounted, &[]),
        V::Below { threshold, .. } => with_near(Ex::SemBelow, &[("threshold", &two(*threshold))]),
        V::NoAsk { .. } => with_near(Ex::SemNoAsk, &[]),
        V::Negative { negative, .. } => {
            let (which, sim) = if negative.example {
                (Ex::SemNegativeExample, two(negative.similarity))
            } else {
                (Ex::SemNegativePhrase, two(negative.similarity))
            };
            with_near(which, &[("phrase", &negative.phrase), ("similarity", &sim)])
        }
        V::Guarded { hit, .. } => with_near(
            Ex::SemGuarded,
            &[
                (
                    "guard",
                    crate::i18n::explain::guard_label(loc.lang, hit.kind),
                ),
                ("marker", &hit.marker),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Currency;
    use crate::pipeline::explain::SemanticLine;
    use crate::pipeline::judge::{GuardHit, GuardKind};
    use crate::pipeline::semantic::{Nearest, SemanticVerdict as V};
    use crate::text::Lang;

    fn near(example: bool) -> Nearest {
        Nearest {
            sku: "seats".into(),
            phrase: "we need more seats".into(),
            reading: "we need more seats".into(),
            example,
            similarity: 0.57,
        }
    }

    /// Every embedding verdict in English and German (no English word left in German).
    #[test]
    fn semantic_verdicts_in_both_languages() {
        let guard = GuardHit {
            kind: GuardKind::Past,
            marker: "last year".into(),
        };
        let cases = [
            (
                V::Mention {
                    nearest: near(false),
                },
                true,
                "kept by meaning: mention of seats, nearest phrase \"we need more seats\" of seats (similarity 0.57)",
                "nach Bedeutung behalten: Erwähnung von seats, nächste Phrase „we need more seats“ von seats (Ähnlichkeit 0,57)",
            ),
            (
                V::Mention {
                    nearest: near(true),
                },
                false,
                "similar enough, not counted",
                "ähnlich genug, aber nicht gezählt",
            ),
            (
                V::Below {
                    nearest: near(false),
                    threshold: 0.6,
                },
                true,
                "discarded: nearest phrase \"we need more seats\" of seats (similarity 0.57), under the threshold 0.60",
                "verworfen: nächste Phrase „we need more seats“ von seats (Ähnlichkeit 0,57), unter der Schwelle 0,60",
            ),
            (
                V::NoAsk {
                    nearest: near(true),
                },
                true,
                "discarded: asks for nothing (no question, wish or need); nearest example sentence",
                "verworfen: bittet um nichts (keine Frage, kein Wunsch, kein Bedarf); nächster Beispielsatz",
            ),
            (
                V::Negative {
                    nearest: near(false),
                    negative: near(true),
                },
                true,
                "discarded: as near to the not-intent example sentence \"we need more seats\" (similarity 0.57)",
                "verworfen: ebenso nah am Beispielsatz ohne Absicht „we need more seats“ (Ähnlichkeit 0,57)",
            ),
            (
                V::Guarded {
                    nearest: near(false),
                    hit: guard,
                },
                true,
                "discarded: past event guard \"last year\"",
                "verworfen: Wächter „Vergangenheit“, Wort „last year“",
            ),
        ];
        let de = Locale::new(Lang::De, Currency::Eur);
        for (verdict, counted, en, german) in cases {
            let line = SemanticLine {
                speaker: "Ola".into(),
                sentence: "x".into(),
                verdict,
                counted,
            };
            let (e, g) = (
                semantic_why(&line, &Locale::default()),
                semantic_why(&line, &de),
            );
            assert!(e.starts_with(en), "{e}");
            assert!(g.starts_with(german), "{g}");
            for english in ["nearest", "similarity", "discarded", "threshold", "guard"] {
                assert!(!g.contains(english), "{g}");
            }
        }
    }
}
