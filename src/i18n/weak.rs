//! German wording for the weak-signal lines and the filled-in action, whose English text
//! the pipeline writes (`pipeline::weak_signal`, `pipeline::act::fill`) before any
//! locale is known.
//!
//! A stopgap: each known English shape (the `en` side of [`Weak`], as the pipeline
//! writes it) is recognised, its values taken out, and the whole sentence written again
//! from the catalogue; anything unrecognised is shown as written. The lasting fix is for
//! the digest value to carry these facts as data and the renderer to word them.

use super::{Locale, fill};
use crate::digest::StrongSignal;
use crate::pipeline::judge::GuardKind;
use crate::text::Lang;

super::catalogue! {
    /// The weak-signal summaries: in English exactly as the pipeline writes them.
    pub enum Weak {
        UsageOnly {
            en: "usage change only, no customer mention on a call: {usage}",
            de: "nur eine Nutzungsänderung, keine Erwähnung in einem Gespräch: {usage}",
        },
        CallOnly {
            en: "call mention only, no usage change outside the noise band: {quote}",
            de: "nur eine Erwähnung im Gespräch, keine Nutzungsänderung außerhalb des normalen Bereichs: {quote}",
        },
        SetAside {
            en: "usage change; a customer mention was set aside as {kind} ('{marker}'): {usage}",
            de: "eine Nutzungsänderung; eine Erwähnung wurde beiseitegelegt ({kind}: „{marker}“): {usage}",
        },
        ChampionLeft {
            en: "call and usage evidence, but the champion left: {quote}; {usage}",
            de: "Belege aus Gespräch und Nutzung, aber der Champion ist gegangen: {quote}; {usage}",
        },
        TicketsOnly {
            en: "tickets only",
            de: "nur Tickets",
        },
        WithOneTicket {
            en: "{summary}; 1 supporting ticket",
            de: "{summary}; ein passendes Ticket",
        },
        WithTickets {
            en: "{summary}; {n} supporting tickets",
            de: "{summary}; {n} passende Tickets",
        },
        Quote {
            en: "\"{quote}\" ({speaker}, {date})",
            de: "„{quote}“ ({speaker}, {date})",
        },
    }
}

/// A recognised English summary: its shape, its values as written, and the number of
/// supporting tickets at its end.
struct Parsed<'a> {
    shape: Weak,
    values: Vec<(&'static str, &'a str)>,
    tickets: Option<usize>,
}

/// The weak signal's summary in `loc`'s language.
pub fn summary(loc: &Locale, english: &str) -> String {
    if loc.lang == Lang::En {
        return english.to_string();
    }
    reworded(loc, english).unwrap_or_else(|| english.to_string())
}

/// A known shape written again in `loc`'s language; `None` for an unknown one.
fn reworded(loc: &Locale, english: &str) -> Option<String> {
    let p = parse(english)?;
    let values = p
        .values
        .iter()
        .map(|&(name, raw)| Some((name, value(loc, name, raw)?)))
        .collect::<Option<Vec<(&str, String)>>>()?;
    let args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let body = fill(p.shape.template(loc.lang), &args);
    Some(match p.tickets {
        None => body,
        Some(1) => fill(
            Weak::WithOneTicket.template(loc.lang),
            &[("summary", &body)],
        ),
        Some(n) => fill(
            Weak::WithTickets.template(loc.lang),
            &[("summary", &body), ("n", &n.to_string())],
        ),
    })
}

/// The shape and values of an English summary the pipeline wrote.
fn parse(s: &str) -> Option<Parsed<'_>> {
    let (body, tickets) = split_tickets(s);
    let parsed = |shape, values| {
        Some(Parsed {
            shape,
            values,
            tickets,
        })
    };
    if let Some(rest) = body.strip_prefix("usage change only, no customer mention on a call: ") {
        return parsed(Weak::UsageOnly, vec![("usage", rest)]);
    }
    if let Some(rest) =
        body.strip_prefix("call mention only, no usage change outside the noise band: ")
    {
        return parsed(Weak::CallOnly, vec![("quote", rest)]);
    }
    if let Some(rest) = body.strip_prefix("usage change; a customer mention was set aside as ") {
        let (why, usage) = rest.rsplit_once("'): ")?;
        let (kind, marker) = why.split_once(" ('")?;
        let values = vec![("kind", kind), ("marker", marker), ("usage", usage)];
        return parsed(Weak::SetAside, values);
    }
    if let Some(rest) = body.strip_prefix("call and usage evidence, but the champion left: ") {
        let (quote, usage) = rest.rsplit_once("; ")?;
        return parsed(Weak::ChampionLeft, vec![("quote", quote), ("usage", usage)]);
    }
    (body == "tickets only").then_some(Parsed {
        shape: Weak::TicketsOnly,
        values: vec![],
        tickets,
    })
}

/// One value in `loc`'s form: usage figures and quote dates written the locale's way,
/// the reason a mention was set aside in its words; `None` for an unknown reason.
fn value(loc: &Locale, name: &str, raw: &str) -> Option<String> {
    Some(match name {
        "usage" => usage(loc, raw),
        "quote" => quote(loc, raw),
        "kind" => set_aside(loc.lang, raw)?,
        _ => raw.to_string(),
    })
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

/// `"quote" (Speaker, 2026-11-18)` → `„quote“ (Speaker, 18.11.2026)` in German.
fn quote(loc: &Locale, s: &str) -> String {
    let Some(inner) = s.strip_prefix('"') else {
        return s.to_string();
    };
    let Some((q, tail)) = inner.rsplit_once("\" (") else {
        return s.to_string();
    };
    let tail = tail.strip_suffix(')').unwrap_or(tail);
    let Some((who, date)) = tail.rsplit_once(", ") else {
        return s.to_string();
    };
    let date = date
        .parse()
        .map(|d| loc.date(d))
        .unwrap_or_else(|_| date.to_string());
    let args = [("quote", q), ("speaker", who), ("date", &date)];
    fill(Weak::Quote.template(loc.lang), &args)
}

/// `seat_count 120 → 150 (+25%)` → `seat_count 120 → 150 (+25 %)`, decimal comma, in
/// German; as written in English.
fn usage(loc: &Locale, s: &str) -> String {
    if loc.lang == Lang::En {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let (open, w) = w.strip_prefix('(').map_or(("", w), |r| ("(", r));
            let (w, close) = w.strip_suffix(')').map_or((w, ""), |r| (r, ")"));
            let word = if let Some(p) = w.strip_suffix('%')
                && let Ok(v) = p.parse::<f64>()
            {
                loc.pct(v)
            } else if let Ok(v) = w.parse::<f64>() {
                loc.number(v)
            } else {
                w.to_string()
            };
            format!("{open}{word}{close}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English reason a mention was set aside, in `lang` (a known reason only).
fn set_aside(lang: Lang, english: &str) -> Option<String> {
    let german = match english {
        "conditional" => "Bedingung",
        "a negative example" => "Negativbeispiel",
        _ => GuardKind::ALL
            .into_iter()
            .find(|k| k.label() == english)
            .map(|k| super::explain::guard_label(Lang::De, k))?,
    };
    Some(
        match lang {
            Lang::En => english,
            Lang::De => german,
        }
        .to_string(),
    )
}

/// The filled-in action with the dates and the ARR the pipeline wrote in English form
/// rewritten in `loc`'s form ("2027-02-15" → "15.02.2027", "$412k" → "412.000 €").
pub fn action(loc: &Locale, s: &StrongSignal, english: &str) -> String {
    if loc.lang == Lang::En {
        return english.to_string();
    }
    super::actions::dates(english, loc)
        .replace(&crate::units::arr_k(s.arr), &loc.arr(s.arr))
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
            (
                "call and usage evidence, but the champion left: \"We need 20 more seats.\" (Ola Berg, 2026-11-18); seat_count 120 → 150 (+25%)",
                "Belege aus Gespräch und Nutzung, aber der Champion ist gegangen: „We need 20 more seats.“ (Ola Berg, 18.11.2026); seat_count 120 → 150 (+25 %)",
            ),
            (
                "tickets only; 3 supporting tickets",
                "nur Tickets; 3 passende Tickets",
            ),
            ("something new", "something new"),
        ];
        for (en, want) in cases {
            assert_eq!(summary(&de, en), want);
            assert_eq!(summary(&Locale::default(), en), en);
            // The catalogue's English is the pipeline's: a known shape reads back as is.
            if en != "something new" {
                assert_eq!(reworded(&Locale::default(), en).as_deref(), Some(en));
            }
        }
    }
}
