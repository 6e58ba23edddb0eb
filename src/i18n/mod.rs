//! The digest in the CSM's language: a message catalogue (whole sentences with named
//! placeholders, never sentence parts glued together) and the locale's way of writing
//! dates, numbers, percentages and money.
//!
//! English is the default and reads exactly as the digest always has; German writes
//! "23.11.2026", "120.000 €" (when the currency is EUR), "+12,5 %".

pub mod explain;
pub mod weak;

use crate::text::Lang;
use chrono::NaiveDate;

/// How one digest is written: the language and the currency of `arr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locale {
    pub lang: Lang,
    /// The currency ARR is recorded in (`USD` unless configured).
    pub currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Currency {
    #[default]
    Usd,
    Eur,
}

impl Currency {
    /// Parses "EUR", "usd", "€", "$".
    pub fn parse(code: &str) -> Option<Currency> {
        match code.trim().to_ascii_uppercase().as_str() {
            "USD" | "$" => Some(Currency::Usd),
            "EUR" | "€" => Some(Currency::Eur),
            _ => None,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
        }
    }
}

/// Declares a message enum and `ALL`, the list of its variants, from one list.
macro_rules! catalogue {
    ($(#[$doc:meta])* pub enum $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
    };
}
pub(crate) use catalogue;

catalogue! {
    /// Every fixed text of the Markdown digest.
    pub enum Msg {
        DigestTitle,
        WindowLine,
        StrongHeading,
        NoStrong,
        StrongTitle,
        SkuLine,
        CallEvidence,
        QuoteLine,
        QuotesMore,
        UsageEvidence,
        UsageFromZero,
        UsageChange,
        Adjusted,
        NoBaseline,
        UsageMoreOne,
        UsageMoreMany,
        Tickets,
        TicketItem,
        Action,
        WeakHeading,
        Capped,
        CappedItem,
        WeakMoreOne,
        WeakMoreMany,
        NoneThisWeek,
        DiagnosticsHeading,
        DiagYourAccounts,
        DiagSilent,
        DiagNegative,
        DiagConditional,
        DiagChampion,
        DiagNoise,
        DiagUnbaselined,
        DiagDeclines,
        DiagTicketOnly,
        DiagNotAnalysed,
        // Block Kit (mrkdwn) forms of the same texts.
        BkTitle,
        BkStrongHeading,
        BkStrongTitle,
        BkCallEvidence,
        BkQuoteLine,
        BkUsageEvidence,
        BkTickets,
        BkTicketItem,
        BkAction,
        BkWeakHeading,
        BkDiagnostics,
        BkFallback,
        BkFallbackPart,
        // The portfolio summary for the CS lead.
        PfTitle,
        PfWindow,
        PfStatusOk,
        PfStatusAborted,
        PfAborted,
        PfDigests,
        PfTableHeader,
        PfInScope,
        PfCoverage,
        PfGuards,
        PfUnknownRecords,
        PfHash,
    }
}

/// The template of `msg` in `lang`; `{name}` marks a placeholder.
pub fn template(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match lang {
        Lang::En => match msg {
            DigestTitle => "# Expansion-signal digest — {date} — {name}",
            WindowLine => {
                "Window: trailing {days} days · Strong signals: {strong} · Weak signals: {weak}"
            }
            StrongHeading => "## Strong signals — act this week",
            NoStrong => "No strong signals this week.",
            StrongTitle => "### {n}. {account} — {arr} ARR · renewal {renewal}",
            SkuLine => "SKU: {sku}",
            CallEvidence => "Call evidence:",
            QuoteLine => "> \"{quote}\" — {speaker}, {role}, {date} ({call})",
            QuotesMore => "> (and {n} more)",
            UsageEvidence => "Usage evidence: {usage}",
            UsageFromZero => {
                "{metric} went from 0 to {current} over {days} days (no percentage: the baseline is zero)"
            }
            UsageChange => {
                "{metric} went from {baseline} to {current} ({pct} over {days} days, {adjusted})"
            }
            Adjusted => "{pct} segment-baseline-adjusted",
            NoBaseline => "no segment baseline for this metric",
            UsageMoreOne => "{usage}; 1 more usage change",
            UsageMoreMany => "{usage}; {n} more usage changes",
            Tickets => "Supporting tickets: {tickets}",
            TicketItem => "{id} \"{subject}\"",
            Action => "Action: {action}",
            WeakHeading => "## Weak signals — worth a glance ({n})",
            Capped => "Capped from the strong list (over the limit of {cap}): {list}",
            CappedItem => "{account} ({sku})",
            WeakMoreOne => "… and 1 more weak signal (all of them are in the JSON output)",
            WeakMoreMany => "… and {n} more weak signals (all of them are in the JSON output)",
            NoneThisWeek => "None this week.",
            DiagnosticsHeading => "## Diagnostics",
            DiagYourAccounts => "Your accounts: {n} ({calls} with a call this week)",
            DiagSilent => "Accounts with zero records (dropped): {n}",
            DiagNegative => "Negative-example matches (suppressed): {n}",
            DiagConditional => "Conditional mentions (suppressed): {n}",
            DiagChampion => "Champion-departure suppressions: {n}",
            DiagNoise => "Usage events inside the noise band (discarded): {n}",
            DiagUnbaselined => "Usage events without a segment baseline (kept): {n}",
            DiagDeclines => "Usage declines outside the band (not expansion evidence): {n}",
            DiagTicketOnly => "Ticket-only signals (not shown): {n}",
            DiagNotAnalysed => "Calls not analysed (transcript link only): {n}",
            BkTitle => "Expansion-signal digest — {date} — {name}",
            BkStrongHeading => "*Strong signals — act this week*",
            BkStrongTitle => "*{n}. {account}* — {arr} ARR · renewal {renewal}",
            BkCallEvidence => "*Call evidence:*",
            BkQuoteLine => "> “{quote}” — {speaker}, {role}, {date} ({call})",
            BkUsageEvidence => "*Usage evidence:* {usage}",
            BkTickets => "*Supporting tickets:* {tickets}",
            BkTicketItem => "{id} “{subject}”",
            BkAction => "*Action:* {action}",
            BkWeakHeading => "*Weak signals — worth a glance ({n})*",
            BkDiagnostics => "*Diagnostics*",
            BkFallback => {
                "Expansion-signal digest {date} for {name}: {strong} strong, {weak} weak signal(s)"
            }
            BkFallbackPart => "{text} (part {i} of {n})",
            PfTitle => "# Portfolio summary — {date}",
            PfWindow => {
                "Window: trailing {days} days · Status: {status} · Call coverage: {coverage}% · CSMs: {csms}"
            }
            PfStatusOk => "ok",
            PfStatusAborted => "aborted",
            PfAborted => "*Run aborted: {error}*",
            PfDigests => "## Digests",
            PfTableHeader => "| CSM | Accounts | Strong | Capped | Weak | Warnings |",
            PfInScope => "Accounts in scope: {n}",
            PfCoverage => "Call coverage: {pct}% ({n} accounts with a call)",
            PfGuards => {
                "Other sentence guards (suppressed): past event {past} · negation {negation} · other party {other} · objection {objection}"
            }
            PfUnknownRecords => "Records for accounts outside this portfolio (ignored): {n}",
            PfHash => "Taxonomy file hash: {hash}",
        },
        Lang::De => match msg {
            DigestTitle => "# Expansionssignale — {date} — {name}",
            WindowLine => {
                "Zeitraum: die letzten {days} Tage · Starke Signale: {strong} · Schwache Signale: {weak}"
            }
            StrongHeading => "## Starke Signale — diese Woche handeln",
            NoStrong => "Diese Woche gibt es keine starken Signale.",
            StrongTitle => "### {n}. {account} — {arr} ARR · Verlängerung am {renewal}",
            SkuLine => "SKU: {sku}",
            CallEvidence => "Aus den Gesprächen:",
            QuoteLine => "> „{quote}“ — {speaker}, {role}, {date} ({call})",
            QuotesMore => "> (und {n} weitere)",
            UsageEvidence => "Nutzung: {usage}",
            UsageFromZero => {
                "{metric} stieg in {days} Tagen von 0 auf {current} (ohne Prozentwert, weil der Ausgangswert null ist)"
            }
            UsageChange => {
                "{metric} ging von {baseline} auf {current} ({pct} in {days} Tagen, {adjusted})"
            }
            Adjusted => "{pct} nach Abzug der Segment-Baseline",
            NoBaseline => "für diese Metrik gibt es keine Segment-Baseline",
            UsageMoreOne => "{usage}; dazu eine weitere Nutzungsänderung",
            UsageMoreMany => "{usage}; dazu {n} weitere Nutzungsänderungen",
            Tickets => "Passende Tickets: {tickets}",
            TicketItem => "{id} „{subject}“",
            Action => "Aktion: {action}",
            WeakHeading => "## Schwache Signale — einen Blick wert ({n})",
            Capped => "Wegen des Limits von {cap} aus den starken Signalen verschoben: {list}",
            CappedItem => "{account} ({sku})",
            WeakMoreOne => "… und ein weiteres schwaches Signal (alle stehen in der JSON-Ausgabe)",
            WeakMoreMany => "… und {n} weitere schwache Signale (alle stehen in der JSON-Ausgabe)",
            NoneThisWeek => "Diese Woche keine.",
            DiagnosticsHeading => "## Diagnose",
            DiagYourAccounts => {
                "Ihre Accounts: {n} ({calls} davon mit einem Gespräch in dieser Woche)"
            }
            DiagSilent => "Accounts ohne jeden Datensatz (ausgelassen): {n}",
            DiagNegative => "Treffer auf Negativbeispiele (unterdrückt): {n}",
            DiagConditional => "Bedingte Erwähnungen (unterdrückt): {n}",
            DiagChampion => "Unterdrückt wegen Weggang des Champions: {n}",
            DiagNoise => "Nutzungsereignisse im normalen Schwankungsbereich (verworfen): {n}",
            DiagUnbaselined => "Nutzungsereignisse ohne Segment-Baseline (behalten): {n}",
            DiagDeclines => {
                "Nutzungsrückgänge außerhalb des Bereichs (kein Expansionshinweis): {n}"
            }
            DiagTicketOnly => "Signale nur aus Tickets (nicht gezeigt): {n}",
            DiagNotAnalysed => "Nicht ausgewertete Gespräche (nur Link zum Transkript): {n}",
            BkTitle => "Expansionssignale — {date} — {name}",
            BkStrongHeading => "*Starke Signale — diese Woche handeln*",
            BkStrongTitle => "*{n}. {account}* — {arr} ARR · Verlängerung am {renewal}",
            BkCallEvidence => "*Aus den Gesprächen:*",
            BkQuoteLine => "> „{quote}“ — {speaker}, {role}, {date} ({call})",
            BkUsageEvidence => "*Nutzung:* {usage}",
            BkTickets => "*Passende Tickets:* {tickets}",
            BkTicketItem => "{id} „{subject}“",
            BkAction => "*Aktion:* {action}",
            BkWeakHeading => "*Schwache Signale — einen Blick wert ({n})*",
            BkDiagnostics => "*Diagnose*",
            BkFallback => {
                "Expansionssignale vom {date} für {name} (starke Signale: {strong}, schwache Signale: {weak})"
            }
            BkFallbackPart => "{text} (Teil {i} von {n})",
            PfTitle => "# Portfolio-Übersicht — {date}",
            PfWindow => {
                "Zeitraum: die letzten {days} Tage · Status: {status} · Gesprächsabdeckung: {coverage} % · CSMs: {csms}"
            }
            PfStatusOk => "ok",
            PfStatusAborted => "abgebrochen",
            PfAborted => "*Lauf abgebrochen: {error}*",
            PfDigests => "## Digests",
            PfTableHeader => "| CSM | Accounts | Stark | Verschoben | Schwach | Warnungen |",
            PfInScope => "Accounts im Portfolio: {n}",
            PfCoverage => "Gesprächsabdeckung: {pct} % ({n} Accounts mit einem Gespräch)",
            PfGuards => {
                "Weitere Satzwächter (unterdrückt): Vergangenheit {past} · Verneinung {negation} · andere Firma {other} · Einwand {objection}"
            }
            PfUnknownRecords => {
                "Datensätze zu Accounts außerhalb dieses Portfolios (ignoriert): {n}"
            }
            PfHash => "Prüfsumme der Taxonomie: {hash}",
        },
    }
}

impl Locale {
    pub fn new(lang: Lang, currency: Currency) -> Locale {
        Locale { lang, currency }
    }

    /// The message `msg` with its placeholders filled in; a placeholder without a value
    /// stays as written (a test catches that).
    pub fn msg(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(template(self.lang, msg), args)
    }

    /// An `account` explanation text ([`explain::Ex`]) with its placeholders filled in.
    pub fn ex(&self, ex: explain::Ex, args: &[(&str, &str)]) -> String {
        fill(explain::template(self.lang, ex), args)
    }
}

/// Fills `{name}` placeholders in one pass over the template, so a value that happens to
/// contain "{name}" (an account called "{arr} GmbH") is never filled in again.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if let Some((_, v)) = args.iter().find(|(n, _)| *n == name) => {
                    out.push_str(v);
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl Locale {
    /// "2026-11-23" in English (as the digest always wrote it), "23.11.2026" in German.
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::En => d.to_string(),
            Lang::De => d.format("%d.%m.%Y").to_string(),
        }
    }

    /// A plain number: "1234.5" / "1.234,5".
    pub fn number(&self, v: f64) -> String {
        let plain = crate::units::number(v);
        match self.lang {
            Lang::En => plain,
            Lang::De => german_number(&plain),
        }
    }

    /// A signed percentage: "+34%" / "+34 %", "-2.5%" / "−2,5 %".
    pub fn pct(&self, delta: f64) -> String {
        match self.lang {
            Lang::En => crate::units::pct(delta),
            Lang::De => {
                let sign = if delta > 0.0 { "+" } else { "" };
                format!("{sign}{} %", self.number(delta))
            }
        }
    }

    /// ARR: "$143k" in English (as before); in German the full amount, grouped with
    /// dots, and the currency after it: "143.000 €", "143.000 $".
    pub fn arr(&self, arr: f64) -> String {
        match self.lang {
            Lang::En => match self.currency {
                Currency::Usd => crate::units::arr_k(arr),
                Currency::Eur => crate::units::arr_k(arr).replacen('$', "€", 1),
            },
            Lang::De => {
                let rounded = (arr / 1000.0).round() * 1000.0;
                format!("{} {}", self.number(rounded), self.currency.symbol())
            }
        }
    }
}

/// "1234567.25" → "1.234.567,25" (digits grouped by dots, decimal comma).
fn german_number(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n))
            .collect();
        out.sort_unstable();
        out
    }

    /// Every message exists in every language, with the same placeholders.
    #[test]
    fn catalogue_is_complete_and_consistent() {
        for &m in Msg::ALL {
            let en = template(Lang::En, m);
            let de = template(Lang::De, m);
            assert!(!de.is_empty(), "{m:?}");
            assert_eq!(placeholders(en), placeholders(de), "{m:?}");
        }
    }

    /// Every explanation text exists in both languages with the same placeholders.
    #[test]
    fn explanation_catalogue_is_consistent() {
        for &e in explain::ALL {
            let en = explain::template(Lang::En, e);
            let de = explain::template(Lang::De, e);
            assert_eq!(placeholders(en), placeholders(de), "{e:?}");
        }
    }

    #[test]
    fn values_are_filled_in_once() {
        let loc = Locale::default();
        let got = loc.msg(
            Msg::CappedItem,
            &[("account", "{sku} GmbH"), ("sku", "seats")],
        );
        assert_eq!(got, "{sku} GmbH (seats)");
        assert_eq!(loc.msg(Msg::CappedItem, &[]), "{account} ({sku})");
    }

    #[test]
    fn german_formats() {
        let de = Locale::new(Lang::De, Currency::Eur);
        assert_eq!(de.date("2026-11-23".parse().unwrap()), "23.11.2026");
        assert_eq!(de.arr(120_000.0), "120.000 €");
        assert_eq!(de.arr(1_250_400.0), "1.250.000 €");
        assert_eq!(
            Locale::new(Lang::De, Currency::Usd).arr(143_000.0),
            "143.000 $"
        );
        assert_eq!(de.pct(12.5), "+12,5 %");
        assert_eq!(de.pct(-2.0), "-2 %");
        assert_eq!(de.number(1234.25), "1.234,25");
        let en = Locale::default();
        assert_eq!(en.date("2026-11-23".parse().unwrap()), "2026-11-23");
        assert_eq!(en.arr(143_000.0), "$143k");
        assert_eq!(en.pct(12.5), "+12.5%");
    }
}
