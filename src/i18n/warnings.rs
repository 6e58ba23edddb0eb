//! The run's warnings and the digest's remaining diagnostic lines in the reader's
//! language. The pipeline hands over a [`Warning`] as data (figures and dates); this
//! module words it. In the JSON document a warning stays the English sentence it
//! always was, and a sentence read back from JSON is shown as written.

use super::Locale;
use crate::digest::{Diagnostics, Digest, UnknownSegment, Warning};
use crate::text::Lang;

super::catalogue! {
    /// Every fixed text of a warning and of the diagnostic lines worded here.
    pub enum Warn {
        LowCoverage {
            en: "Low call coverage: {pct}% ({with} of {total} accounts had a call between {from} and {to}); signals may be missing for the accounts without calls.",
            de: "Geringe Gesprächsabdeckung: {pct} % ({with} von {total} Accounts hatten zwischen dem {from} und dem {to} ein Gespräch); für die Accounts ohne Gespräch fehlen womöglich Signale.",
        },
        TaxonomyUndated {
            en: "The expansion-signal taxonomy has no Last edited date: ask the CSM lead to review it and date it.",
            de: "Die Taxonomie der Expansionssignale hat kein Datum der letzten Bearbeitung. Bitten Sie den CSM-Lead, sie zu prüfen und zu datieren.",
        },
        TaxonomyStale {
            en: "Stale taxonomy: last edited {date}, {age} days before {as_of} (over {limit}): ask the CSM lead to review the trigger phrases.",
            de: "Die Taxonomie ist veraltet: zuletzt bearbeitet am {date}, {age} Tage vor dem {as_of} (mehr als {limit}). Bitten Sie den CSM-Lead, die Gesprächs-Auslöser zu prüfen.",
        },
        UnknownSegments {
            en: "Segments without a baseline table: {list}. Their usage changes skip the noise band; fix the accounts' segment or add a `### Segment:` table.",
            de: "Segmente ohne Baseline-Tabelle: {list}. Ihre Nutzungsänderungen werden nicht mit einem Schwankungsbereich verglichen; korrigieren Sie das Segment der Accounts oder legen Sie eine Tabelle `### Segment:` an.",
        },
        UnknownSegmentOne {
            en: "`{segment}` (1 account(s), e.g. {name} ({id}))",
            de: "`{segment}` (1 Account: {name} ({id}))",
        },
        UnknownSegmentMany {
            en: "`{segment}` ({n} account(s), e.g. {name} ({id}))",
            de: "`{segment}` ({n} Accounts, z. B. {name} ({id}))",
        },
        TooLoose {
            en: "Triggers may be too loose: over the last three runs you averaged {avg} strong signals before the cap of {cap}; ask the CSM lead to tighten the taxonomy.",
            de: "Die Auslöser sind womöglich zu locker: In den letzten drei Läufen hatten Sie im Schnitt {avg} starke Signale vor dem Limit von {cap}; bitten Sie den CSM-Lead, die Taxonomie enger zu fassen.",
        },
        Prefixed {
            en: "Warning: {warning}",
            de: "Warnung: {warning}",
        },
        HealthDemotions {
            en: "Strong signals moved to the footer by the health qualifier: {n}",
            de: "Wegen des Gesundheitszustands des Accounts in die Fußzeile verschobene starke Signale: {n}",
        },
        NotEvaluated {
            en: "Account signals not evaluated (field absent), accounts: {list}",
            de: "Nicht ausgewertete Account-Signale (Feld fehlt), Accounts: {list}",
        },
        EmbeddingStage {
            en: "Embedding stage: {sentences} sentence(s) compared on {accounts} account(s), {mentions} mention(s), {set_aside} set aside by a guard or negative phrase (threshold {threshold}; {embedded} embedded, {cached} from the cache, {seconds} s)",
            de: "Embedding-Stufe: {sentences} Sätze in {accounts} Accounts verglichen, {mentions} Erwähnungen, {set_aside} von einem Wächter oder Negativbeispiel beiseitegelegt (Schwelle {threshold}; {embedded} neu berechnet, {cached} aus dem Cache, {seconds} s)",
        },
        LlmStage {
            en: "LLM stage: ${cost} for {requests} request(s) ({input} input and {output} output tokens, {cached} from the cache); {mentions} mention(s), {rejected} quote(s) rejected as not verbatim",
            de: "LLM-Stufe: {cost} $ für {requests} Anfragen ({input} Eingabe- und {output} Ausgabe-Tokens, {cached} aus dem Cache); {mentions} Erwähnungen, {rejected} Zitate als nicht wörtlich verworfen",
        },
        LlmSkipped {
            en: "LLM stage: {n} account(s) not sent: the cost cap was reached",
            de: "LLM-Stufe: {n} Accounts nicht gesendet, weil die Kostengrenze erreicht war",
        },
        LlmFallback {
            en: "LLM stage: fell back to phrases: {reason}",
            de: "LLM-Stufe: auf Phrasen zurückgefallen: {reason}",
        },
        HeldBack {
            en: "Held back: {n} strong signal(s) you marked Not relevant or snoozed, with no new evidence since.",
            de: "Zurückgehalten: {n} starke(s) Signal(e), die Sie als nicht relevant markiert oder zurückgestellt haben und zu denen es seitdem nichts Neues gibt.",
        },
    }
}

impl Locale {
    /// A text of this module's catalogue with its placeholders filled in.
    pub fn warn(&self, w: Warn, args: &[(&str, &str)]) -> String {
        super::fill(w.template(self.lang), args)
    }
}

/// `w` in `loc`'s language.
pub fn text(w: &Warning, loc: &Locale) -> String {
    match w {
        Warning::LowCoverage {
            pct,
            with_calls,
            total,
            first_day,
            as_of,
        } => loc.warn(
            Warn::LowCoverage,
            &[
                ("pct", &percent(*pct, loc)),
                ("with", &with_calls.to_string()),
                ("total", &total.to_string()),
                ("from", &iso_or_local(*first_day, loc)),
                ("to", &iso_or_local(*as_of, loc)),
            ],
        ),
        Warning::TaxonomyUndated => loc.warn(Warn::TaxonomyUndated, &[]),
        Warning::TaxonomyStale {
            last_edited,
            age_days,
            as_of,
            limit_days,
        } => loc.warn(
            Warn::TaxonomyStale,
            &[
                ("date", &iso_or_local(*last_edited, loc)),
                ("age", &age_days.to_string()),
                ("as_of", &iso_or_local(*as_of, loc)),
                ("limit", &limit_days.to_string()),
            ],
        ),
        Warning::UnknownSegments(list) => {
            let items: Vec<String> = list.iter().map(|s| segment(s, loc)).collect();
            loc.warn(Warn::UnknownSegments, &[("list", &items.join(", "))])
        }
        Warning::TooLoose { avg, cap } => loc.warn(
            Warn::TooLoose,
            &[("avg", &one_decimal(*avg, loc)), ("cap", &cap.to_string())],
        ),
        Warning::LowConversion {
            before,
            before_pct,
            last,
            last_pct,
            min_pct,
        } => loc.admin(
            super::admin::Adm::LowConversion,
            &[
                ("min", &format!("{min_pct:.0}")),
                ("before", &loc.month(*before)),
                ("before_pct", &loc.one_decimal(*before_pct)),
                ("last", &loc.month(*last)),
                ("last_pct", &loc.one_decimal(*last_pct)),
            ],
        ),
        Warning::Text(t) => t.clone(),
    }
}

fn segment(s: &UnknownSegment, loc: &Locale) -> String {
    let which = if s.accounts == 1 {
        Warn::UnknownSegmentOne
    } else {
        Warn::UnknownSegmentMany
    };
    loc.warn(
        which,
        &[
            ("segment", &s.segment),
            ("n", &s.accounts.to_string()),
            ("name", &s.example_name),
            ("id", &s.example_id),
        ],
    )
}

/// English keeps the ISO dates its warnings always had; German writes "23.11.2026".
fn iso_or_local(d: chrono::NaiveDate, loc: &Locale) -> String {
    match loc.lang {
        Lang::En => d.to_string(),
        Lang::De => loc.date(d),
    }
}

/// English keeps "55%" and "55.5%"; German writes "55" and "55,5" (the template adds " %").
fn percent(v: f64, loc: &Locale) -> String {
    match loc.lang {
        Lang::En => v.to_string(),
        Lang::De => v.to_string().replace('.', ","),
    }
}

fn one_decimal(v: f64, loc: &Locale) -> String {
    match loc.lang {
        Lang::En => format!("{v:.1}"),
        Lang::De => loc.one_decimal(v),
    }
}

/// The lines about the run-wide low-conversion warning and the health qualifier's
/// demotions that every CSM's foot carries.
pub fn csm_extra_lines(conversion: Option<&Warning>, d: &Diagnostics, loc: &Locale) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(w) = conversion {
        lines.push(loc.warn(Warn::Prefixed, &[("warning", &text(w, loc))]));
    }
    if d.health_demotions > 0 {
        let n = d.health_demotions.to_string();
        lines.push(loc.warn(Warn::HealthDemotions, &[("n", &n)]));
    }
    lines
}

/// The account-level signals' lines of the portfolio diagnostics, when something was
/// counted.
pub fn account_signal_lines(d: &Diagnostics, loc: &Locale) -> Vec<String> {
    let mut out = csm_extra_lines(d.conversion_warning.as_ref(), d, loc);
    if !d.account_signals_not_evaluated.is_empty() {
        let parts: Vec<String> = d
            .account_signals_not_evaluated
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        out.push(loc.warn(Warn::NotEvaluated, &[("list", &parts.join(" · "))]));
    }
    out
}

/// The optional embedding and LLM stages' lines, when they ran.
pub fn semantic_lines(d: &Diagnostics, loc: &Locale) -> Vec<String> {
    let mut lines = Vec::new();
    let num = |v: f64, places: usize| match loc.lang {
        Lang::En => format!("{v:.places$}"),
        Lang::De => format!("{v:.places$}").replace('.', ","),
    };
    if let Some(e) = &d.embeddings {
        let args = [
            ("sentences", e.sentences.to_string()),
            ("accounts", e.accounts.to_string()),
            ("mentions", e.mentions.to_string()),
            ("set_aside", e.set_aside.to_string()),
            ("threshold", num(f64::from(e.threshold), 2)),
            ("embedded", e.embedded.to_string()),
            ("cached", e.cache_hits.to_string()),
            ("seconds", num(e.seconds, 1)),
        ];
        lines.push(loc.warn(Warn::EmbeddingStage, &pairs(&args)));
    }
    if let Some(l) = &d.llm {
        let args = [
            ("cost", num(l.cost_usd, 4)),
            ("requests", l.requests.to_string()),
            ("input", l.input_tokens.to_string()),
            ("output", l.output_tokens.to_string()),
            ("cached", l.cache_hits.to_string()),
            ("mentions", l.mentions.to_string()),
            ("rejected", l.quotes_rejected.to_string()),
        ];
        lines.push(loc.warn(Warn::LlmStage, &pairs(&args)));
        if l.skipped_for_cost > 0 {
            let n = l.skipped_for_cost.to_string();
            lines.push(loc.warn(Warn::LlmSkipped, &[("n", &n)]));
        }
        if let Some(f) = &l.fallback {
            lines.push(loc.warn(Warn::LlmFallback, &[("reason", f)]));
        }
    }
    lines
}

fn pairs<'a>(args: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    args.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The line saying how many strong signals the CSM's own answers held back, if any.
pub fn held_back_line(d: &Digest, loc: &Locale) -> Option<String> {
    (d.held_back > 0).then(|| loc.warn(Warn::HeldBack, &[("n", &d.held_back.to_string())]))
}

super::english_in_json!(Warning, text);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Currency;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every warning in both languages: English word for word as before, German with
    /// German dates and numbers and no English sentence left.
    #[test]
    fn warnings_in_both_languages() {
        let de = Locale::new(Lang::De, Currency::Eur);
        let en = Locale::default();
        let cases = [
            (
                Warning::LowCoverage {
                    pct: 55.5,
                    with_calls: 111,
                    total: 200,
                    first_day: day("2026-11-17"),
                    as_of: day("2026-11-23"),
                },
                "Low call coverage: 55.5% (111 of 200 accounts had a call between 2026-11-17 and 2026-11-23); signals may be missing for the accounts without calls.",
                "Geringe Gesprächsabdeckung: 55,5 % (111 von 200 Accounts hatten zwischen dem 17.11.2026 und dem 23.11.2026 ein Gespräch)",
            ),
            (
                Warning::TaxonomyStale {
                    last_edited: day("2026-06-01"),
                    age_days: 175,
                    as_of: day("2026-11-23"),
                    limit_days: 90,
                },
                "Stale taxonomy: last edited 2026-06-01, 175 days before 2026-11-23 (over 90): ask the CSM lead to review the trigger phrases.",
                "Die Taxonomie ist veraltet: zuletzt bearbeitet am 01.06.2026, 175 Tage vor dem 23.11.2026",
            ),
            (
                Warning::TooLoose { avg: 4.0, cap: 3 },
                "Triggers may be too loose: over the last three runs you averaged 4.0 strong signals before the cap of 3; ask the CSM lead to tighten the taxonomy.",
                "im Schnitt 4,0 starke Signale vor dem Limit von 3",
            ),
            (
                Warning::UnknownSegments(vec![UnknownSegment {
                    segment: "smb".into(),
                    accounts: 2,
                    example_name: "Acme".into(),
                    example_id: "acc-1".into(),
                }]),
                "Segments without a baseline table: `smb` (2 account(s), e.g. Acme (acc-1)). Their usage changes skip the noise band; fix the accounts' segment or add a `### Segment:` table.",
                "Segmente ohne Baseline-Tabelle: `smb` (2 Accounts, z. B. Acme (acc-1))",
            ),
            (
                Warning::LowConversion {
                    before: day("2026-09-01"),
                    before_pct: 8.3,
                    last: day("2026-10-01"),
                    last_pct: 12.5,
                    min_pct: 20.0,
                },
                "Conversion below 20 % for two consecutive months (September 2026 8.3 %, October 2026 12.5 %)",
                "Konversion in zwei aufeinanderfolgenden Monaten unter 20 % (September 2026 8,3 %, Oktober 2026 12,5 %)",
            ),
            (
                Warning::TaxonomyUndated,
                "The expansion-signal taxonomy has no Last edited date",
                "kein Datum der letzten Bearbeitung",
            ),
        ];
        for (w, english, german) in cases {
            assert!(text(&w, &en).starts_with(english), "{}", text(&w, &en));
            assert!(text(&w, &de).contains(german), "{}", text(&w, &de));
            let json = serde_json::to_value(&w).unwrap();
            assert_eq!(json.as_str(), Some(text(&w, &en).as_str()));
        }
    }

    #[test]
    fn a_warning_read_from_json_keeps_its_words() {
        let w: Warning = serde_json::from_str("\"Call coverage is 55%\"").unwrap();
        assert_eq!(
            text(&w, &Locale::new(Lang::De, Currency::Eur)),
            "Call coverage is 55%"
        );
    }

    #[test]
    fn every_message_has_both_wordings_with_the_same_placeholders() {
        for w in Warn::ALL {
            let (en, de) = (w.template(Lang::En), w.template(Lang::De));
            let names = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(en), names(de), "{w:?}");
        }
    }
}
