//! German wording for the weak-signal lines and the filled-in action, whose English text
//! the pipeline writes (`pipeline::weak_signal`, `pipeline::act::fill`) before any
//! locale is known.
//!
//! A stopgap: each known English shape is recognised and rewritten as a whole German
//! sentence; anything unrecognised is shown as written. The lasting fix is for the
//! digest value to carry these facts as data and the renderer to word them.

use super::Locale;
use crate::digest::StrongSignal;
use crate::pipeline::judge::GuardKind;
use crate::text::Lang;

/// The weak signal's summary in `loc`'s language.
pub fn summary(loc: &Locale, english: &str) -> String {
    if loc.lang == Lang::En {
        return english.to_string();
    }
    german_summary(english).unwrap_or_else(|| english.to_string())
}

fn german_summary(s: &str) -> Option<String> {
    let (body, tickets) = split_tickets(s);
    let tickets = match tickets {
        None => String::new(),
        Some(1) => "; ein passendes Ticket".to_string(),
        Some(n) => format!("; {n} passende Tickets"),
    };
    if let Some(rest) = body.strip_prefix("usage change only, no customer mention on a call: ") {
        return Some(format!(
            "nur eine Nutzungsänderung, keine Erwähnung in einem Gespräch: {}{tickets}",
            usage(rest)
        ));
    }
    if let Some(rest) =
        body.strip_prefix("call mention only, no usage change outside the noise band: ")
    {
        return Some(format!(
            "nur eine Erwähnung im Gespräch, keine Nutzungsänderung außerhalb des normalen Bereichs: {}{tickets}",
            quote(rest)
        ));
    }
    if let Some(rest) = body.strip_prefix("usage change; a customer mention was set aside as ") {
        let (why, usage_part) = rest.rsplit_once("'): ")?;
        let (kind, marker) = why.split_once(" ('")?;
        return Some(format!(
            "eine Nutzungsänderung; eine Erwähnung wurde beiseitegelegt ({}: „{marker}“): {}{tickets}",
            set_aside(kind)?,
            usage(usage_part)
        ));
    }
    if let Some(rest) = body.strip_prefix("call and usage evidence, but the champion left: ") {
        let (q, u) = rest.rsplit_once("; ")?;
        return Some(format!(
            "Belege aus Gespräch und Nutzung, aber der Champion ist gegangen: {}; {}{tickets}",
            quote(q),
            usage(u)
        ));
    }
    if body == "tickets only" {
        return Some(format!("nur Tickets{tickets}"));
    }
    None
}

/// "…; 1 supporting ticket" / "…; 3 supporting tickets" at the end.
fn split_tickets(s: &str) -> (&str, Option<usize>) {
    if let Some(body) = s.strip_suffix("; 1 supporting ticket") {
        return (body, Some(1));
    }
    if let Some(head) = s.strip_suffix(" supporting tickets")
        && let Some((body, n)) = head.rsplit_once("; ")
        && let Ok(n) = n.parse()
    {
        return (body, Some(n));
    }
    (s, None)
}

/// `"quote" (Speaker, 2026-11-18)` → `„quote“ (Speaker, 18.11.2026)`.
fn quote(s: &str) -> String {
    let de = Locale::new(Lang::De, Default::default());
    let Some(inner) = s.strip_prefix('"') else {
        return s.to_string();
    };
    let Some((q, tail)) = inner.rsplit_once("\" (") else {
        return s.to_string();
    };
    let tail = tail.strip_suffix(')').unwrap_or(tail);
    let (who, date) = tail.rsplit_once(", ").unwrap_or((tail, ""));
    let date = date
        .parse()
        .map(|d| de.date(d))
        .unwrap_or_else(|_| date.to_string());
    format!("„{q}“ ({who}, {date})")
}

/// `seat_count 120 → 150 (+25%)` → `seat_count 120 → 150 (+25 %)`, decimal comma.
fn usage(s: &str) -> String {
    let de = Locale::new(Lang::De, Default::default());
    s.split(' ')
        .map(|w| {
            let (open, w) = w.strip_prefix('(').map_or(("", w), |r| ("(", r));
            let (w, close) = w.strip_suffix(')').map_or((w, ""), |r| (r, ")"));
            let word = if let Some(p) = w.strip_suffix('%')
                && let Ok(v) = p.parse::<f64>()
            {
                de.pct(v)
            } else if let Ok(v) = w.parse::<f64>() {
                de.number(v)
            } else {
                w.to_string()
            };
            format!("{open}{word}{close}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English reason a mention was set aside, in German.
fn set_aside(english: &str) -> Option<&'static str> {
    if english == "conditional" {
        return Some("Bedingung");
    }
    if english == "a negative example" {
        return Some("Negativbeispiel");
    }
    GuardKind::ALL
        .into_iter()
        .find(|k| k.label() == english)
        .map(|k| super::explain::guard_label(Lang::De, k))
}

/// The filled-in action with the dates and the ARR the pipeline wrote in English form
/// rewritten in `loc`'s form ("2027-02-15" → "15.02.2027", "$412k" → "412.000 €").
pub fn action(loc: &Locale, s: &StrongSignal, english: &str) -> String {
    if loc.lang == Lang::En {
        return english.to_string();
    }
    let mut out = english.replace(&s.renewal_date.to_string(), &loc.date(s.renewal_date));
    for q in &s.call_evidence {
        out = out.replace(&q.date.to_string(), &loc.date(q.date));
    }
    out.replace(&crate::units::arr_k(s.arr), &loc.arr(s.arr))
        .replace("needs human review", "manuelle Prüfung nötig")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_summaries_in_german() {
        let de = Locale::new(Lang::De, Default::default());
        let cases = [
            (
                "usage change only, no customer mention on a call: seat_count 120 → 150 (+25%)",
                "nur eine Nutzungsänderung, keine Erwähnung in einem Gespräch: seat_count 120 → 150 (+25 %)",
            ),
            (
                "call mention only, no usage change outside the noise band: \"Wir brauchen mehr, bitte.\" (Nadine Wolf, 2026-11-19); 1 supporting ticket",
                "nur eine Erwähnung im Gespräch, keine Nutzungsänderung außerhalb des normalen Bereichs: „Wir brauchen mehr, bitte.“ (Nadine Wolf, 19.11.2026); ein passendes Ticket",
            ),
            (
                "usage change; a customer mention was set aside as price objection or complaint ('zu teuer'): daily_active_users 20 → 30 (+50%)",
                "eine Nutzungsänderung; eine Erwähnung wurde beiseitegelegt (Preiseinwand oder Beschwerde: „zu teuer“): daily_active_users 20 → 30 (+50 %)",
            ),
            (
                "usage change; a customer mention was set aside as conditional ('wenn'): tier_gated_feature_attempts 0 → 4; 2 supporting tickets",
                "eine Nutzungsänderung; eine Erwähnung wurde beiseitegelegt (Bedingung: „wenn“): tier_gated_feature_attempts 0 → 4; 2 passende Tickets",
            ),
            ("something new", "something new"),
        ];
        for (en, want) in cases {
            assert_eq!(summary(&de, en), want);
            assert_eq!(summary(&Locale::default(), en), en);
        }
    }
}
