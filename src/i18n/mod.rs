//! The digest in the CSM's language: a message catalogue (whole sentences with named
//! placeholders, never sentence parts glued together) and the locale's way of writing
//! dates, numbers, percentages and money.
//!
//! English is the default and reads exactly as the digest always has; German writes
//! "23.11.2026", "120.000 €" (when the currency is EUR), "+12,5 %".

pub mod actions;
pub mod admin;
pub mod explain;
pub mod home;
pub mod slack;
pub mod summary;
pub mod warnings;
pub mod weak;

use crate::text::Lang;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone};

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

    /// "$" or "€".
    fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
        }
    }
}

/// Declares a message enum from one list that gives each message its wording in every
/// language, side by side: the enum, `ALL` (its variants in declaration order) and
/// `template`. A message without a German (or English) wording does not compile.
macro_rules! catalogue {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $($variant:ident { en: $en:literal, de: $de:literal $(,)? }),* $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The wording in `lang`; `{name}` marks a placeholder.
            pub fn template(self, lang: $crate::text::Lang) -> &'static str {
                match lang {
                    $crate::text::Lang::En => match self { $($name::$variant => $en),* },
                    $crate::text::Lang::De => match self { $($name::$variant => $de),* },
                }
            }
        }
    };
}
pub(crate) use catalogue;

/// For a value the pipeline hands over as data and this module words (a warning, an
/// action's reason), whose only constructor from text is `Text(String)`: `Display` and
/// JSON give its English sentence, as the digest always showed it, and a sentence read
/// back from JSON becomes `Text`, shown as written. `$text` words a value in a locale.
macro_rules! english_in_json {
    ($ty:ty, $text:path) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$text(self, &$crate::i18n::Locale::default()))
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&$text(self, &$crate::i18n::Locale::default()))
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(d).map(Self::Text)
            }
        }
    };
}
pub(crate) use english_in_json;

catalogue! {
    /// Every fixed text of the Markdown digest.
    pub enum Msg {
        DigestTitle {
            en: "# Expansion-signal digest — {date} — {name}",
            de: "# Expansionssignale — {date} — {name}",
        },
        WindowLine {
            en: "Window: trailing {days} days · Strong signals: {strong} · Weak signals: {weak}",
            de: "Zeitraum: die letzten {days} Tage · Starke Signale: {strong} · Schwache Signale: {weak}",
        },
        StrongHeading {
            en: "## Strong signals — act this week",
            de: "## Starke Signale — diese Woche handeln",
        },
        NoStrong {
            en: "No strong signals this week.",
            de: "Diese Woche gibt es keine starken Signale.",
        },
        StrongTitle {
            en: "### {n}. {account} — {arr} ARR · renewal {renewal}",
            de: "### {n}. {account} — {arr} ARR · Verlängerung am {renewal}",
        },
        SkuLine {
            en: "SKU: {sku}",
            de: "SKU: {sku}",
        },
        CallEvidence {
            en: "Call evidence:",
            de: "Aus den Gesprächen:",
        },
        QuoteLine {
            en: "> \"{quote}\" — {speaker}, {role}, {date} ({call})",
            de: "> „{quote}“ — {speaker}, {role}, {date} ({call})",
        },
        QuotesMore {
            en: "> (and {n} more)",
            de: "> (und {n} weitere)",
        },
        UsageEvidence {
            en: "Usage evidence: {usage}",
            de: "Nutzung: {usage}",
        },
        UsageFromZero {
            en: "{metric} went from 0 to {current} over {days} days (no percentage: the baseline is zero)",
            de: "{metric} stieg in {days} Tagen von 0 auf {current} (ohne Prozentwert, weil der Ausgangswert null ist)",
        },
        UsageChange {
            en: "{metric} went from {baseline} to {current} ({pct} over {days} days, {adjusted})",
            de: "{metric} ging von {baseline} auf {current} ({pct} in {days} Tagen, {adjusted})",
        },
        Adjusted {
            en: "{pct} segment-baseline-adjusted",
            de: "{pct} nach Abzug der Segment-Baseline",
        },
        NoBaseline {
            en: "no segment baseline for this metric",
            de: "für diese Metrik gibt es keine Segment-Baseline",
        },
        UsageMoreOne {
            en: "{usage}; 1 more usage change",
            de: "{usage}; dazu eine weitere Nutzungsänderung",
        },
        UsageMoreMany {
            en: "{usage}; {n} more usage changes",
            de: "{usage}; dazu {n} weitere Nutzungsänderungen",
        },
        Tickets {
            en: "Supporting tickets: {tickets}",
            de: "Passende Tickets: {tickets}",
        },
        TicketItem {
            en: "{id} \"{subject}\"",
            de: "{id} „{subject}“",
        },
        Action {
            en: "Action: {action}",
            de: "Aktion: {action}",
        },
        WeakHeading {
            en: "## Weak signals — worth a glance ({n})",
            de: "## Schwache Signale — einen Blick wert ({n})",
        },
        Capped {
            en: "Capped from the strong list (over the limit of {cap}): {list}",
            de: "Wegen des Limits von {cap} aus den starken Signalen verschoben: {list}",
        },
        CappedItem {
            en: "{account} ({sku})",
            de: "{account} ({sku})",
        },
        WeakMoreOne {
            en: "… and 1 more weak signal (all of them are in the JSON output)",
            de: "… und ein weiteres schwaches Signal (alle stehen in der JSON-Ausgabe)",
        },
        WeakMoreMany {
            en: "… and {n} more weak signals (all of them are in the JSON output)",
            de: "… und {n} weitere schwache Signale (alle stehen in der JSON-Ausgabe)",
        },
        NoneThisWeek {
            en: "None this week.",
            de: "Diese Woche keine.",
        },
        DiagnosticsHeading {
            en: "## Diagnostics",
            de: "## Diagnose",
        },
        DiagYourAccounts {
            en: "Your accounts: {n} ({calls} with a call this week)",
            de: "Ihre Accounts: {n} ({calls} davon mit einem Gespräch in dieser Woche)",
        },
        DiagSilent {
            en: "Accounts with zero records (dropped): {n}",
            de: "Accounts ohne jeden Datensatz (ausgelassen): {n}",
        },
        DiagNegative {
            en: "Negative-example matches (suppressed): {n}",
            de: "Treffer auf Negativbeispiele (unterdrückt): {n}",
        },
        DiagConditional {
            en: "Conditional mentions (suppressed): {n}",
            de: "Bedingte Erwähnungen (unterdrückt): {n}",
        },
        DiagChampion {
            en: "Champion-departure suppressions: {n}",
            de: "Unterdrückt wegen Weggang des Champions: {n}",
        },
        DiagNoise {
            en: "Usage events inside the noise band (discarded): {n}",
            de: "Nutzungsereignisse im normalen Schwankungsbereich (verworfen): {n}",
        },
        DiagUnbaselined {
            en: "Usage events without a segment baseline (kept): {n}",
            de: "Nutzungsereignisse ohne Segment-Baseline (behalten): {n}",
        },
        DiagDeclines {
            en: "Usage declines outside the band (not expansion evidence): {n}",
            de: "Nutzungsrückgänge außerhalb des Bereichs (kein Expansionshinweis): {n}",
        },
        DiagTicketOnly {
            en: "Ticket-only signals (not shown): {n}",
            de: "Signale nur aus Tickets (nicht gezeigt): {n}",
        },
        DiagNotAnalysed {
            en: "Calls not analysed (transcript link only): {n}",
            de: "Nicht ausgewertete Gespräche (nur Link zum Transkript): {n}",
        },
        // Block Kit (mrkdwn) forms of the same texts.
        BkTitle {
            en: "Expansion-signal digest — {date} — {name}",
            de: "Expansionssignale — {date} — {name}",
        },
        BkStrongHeading {
            en: "*Strong signals — act this week*",
            de: "*Starke Signale — diese Woche handeln*",
        },
        BkStrongTitle {
            en: "*{n}. {account}* — {arr} ARR · renewal {renewal}",
            de: "*{n}. {account}* — {arr} ARR · Verlängerung am {renewal}",
        },
        BkCallEvidence {
            en: "*Call evidence:*",
            de: "*Aus den Gesprächen:*",
        },
        BkQuoteLine {
            en: "> “{quote}” — {speaker}, {role}, {date} ({call})",
            de: "> „{quote}“ — {speaker}, {role}, {date} ({call})",
        },
        BkUsageEvidence {
            en: "*Usage evidence:* {usage}",
            de: "*Nutzung:* {usage}",
        },
        BkTickets {
            en: "*Supporting tickets:* {tickets}",
            de: "*Passende Tickets:* {tickets}",
        },
        BkTicketItem {
            en: "{id} “{subject}”",
            de: "{id} „{subject}“",
        },
        BkAction {
            en: "*Action:* {action}",
            de: "*Aktion:* {action}",
        },
        BkWeakHeading {
            en: "*Weak signals — worth a glance ({n})*",
            de: "*Schwache Signale — einen Blick wert ({n})*",
        },
        BkDiagnostics {
            en: "*Diagnostics*",
            de: "*Diagnose*",
        },
        BkFallback {
            en: "Expansion-signal digest {date} for {name}: {strong} strong, {weak} weak signal(s)",
            de: "Expansionssignale vom {date} für {name} (starke Signale: {strong}, schwache Signale: {weak})",
        },
        BkFallbackPart {
            en: "{text} (part {i} of {n})",
            de: "{text} (Teil {i} von {n})",
        },
        // The portfolio summary for the CS lead.
        PfTitle {
            en: "# Portfolio summary — {date}",
            de: "# Portfolio-Übersicht — {date}",
        },
        PfWindow {
            en: "Window: trailing {days} days · Status: {status} · Call coverage: {coverage}% · CSMs: {csms}",
            de: "Zeitraum: die letzten {days} Tage · Status: {status} · Gesprächsabdeckung: {coverage} % · CSMs: {csms}",
        },
        PfStatusOk {
            en: "ok",
            de: "ok",
        },
        PfStatusAborted {
            en: "aborted",
            de: "abgebrochen",
        },
        PfAborted {
            en: "*Run aborted: {error}*",
            de: "*Lauf abgebrochen: {error}*",
        },
        PfDigests {
            en: "## Digests",
            de: "## Digests",
        },
        PfTableHeader {
            en: "| CSM | Accounts | Strong | Capped | Weak | Warnings |",
            de: "| CSM | Accounts | Stark | Verschoben | Schwach | Warnungen |",
        },
        PfInScope {
            en: "Accounts in scope: {n}",
            de: "Accounts im Portfolio: {n}",
        },
        PfCoverage {
            en: "Call coverage: {pct}% ({n} accounts with a call)",
            de: "Gesprächsabdeckung: {pct} % ({n} Accounts mit einem Gespräch)",
        },
        PfGuards {
            en: "Other sentence guards (suppressed): past event {past} · negation {negation} · other party {other} · objection {objection}",
            de: "Weitere Satzwächter (unterdrückt): Vergangenheit {past} · Verneinung {negation} · andere Firma {other} · Einwand {objection}",
        },
        PfUnknownRecords {
            en: "Records for accounts outside this portfolio (ignored): {n}",
            de: "Datensätze zu Accounts außerhalb dieses Portfolios (ignoriert): {n}",
        },
        PfHash {
            en: "Taxonomy file hash: {hash}",
            de: "Prüfsumme der Taxonomie: {hash}",
        },
    }
}

impl Locale {
    /// The locale of `lang` with ARR in `currency`.
    pub fn new(lang: Lang, currency: Currency) -> Locale {
        Locale { lang, currency }
    }

    /// The message `msg` with its placeholders filled in; a placeholder without a value
    /// stays as written (a test catches that).
    pub fn msg(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(msg.template(self.lang), args)
    }

    /// A slash-command answer ([`slack::Reply`]) with its placeholders filled in.
    pub fn reply(&self, reply: slack::Reply, args: &[(&str, &str)]) -> String {
        fill(reply.template(self.lang), args)
    }

    /// An `account` explanation text ([`explain::Ex`]) with its placeholders filled in.
    pub fn ex(&self, ex: explain::Ex, args: &[(&str, &str)]) -> String {
        fill(ex.template(self.lang), args)
    }

    /// An admin answer's text ([`admin::Adm`]) with its placeholders filled in.
    pub fn admin(&self, adm: admin::Adm, args: &[(&str, &str)]) -> String {
        fill(adm.template(self.lang), args)
    }

    /// An App Home text ([`home::Home`]) with its placeholders filled in.
    pub fn home(&self, home: home::Home, args: &[(&str, &str)]) -> String {
        fill(home.template(self.lang), args)
    }

    /// A text of the lead's weekly summary ([`summary::Sum`]) with its placeholders
    /// filled in.
    pub fn summary(&self, sum: summary::Sum, args: &[(&str, &str)]) -> String {
        fill(sum.template(self.lang), args)
    }
}

/// Fills `{name}` placeholders in one pass over the template, so a value that happens to
/// contain "{name}" (an account called "{arr} GmbH") is never filled in again.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
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

impl Locale {
    /// "2026-11-23" in English (as the digest always wrote it), "23.11.2026" in German.
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::En => d.to_string(),
            Lang::De => d.format("%d.%m.%Y").to_string(),
        }
    }

    /// A moment of the schedule with its weekday and time zone: "Mon 2026-11-23 08:00
    /// UTC" in English (as before), "Mo., 23.11.2026, 08:00 UTC" in German.
    pub fn moment<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        match self.lang {
            Lang::En => t.format("%a %Y-%m-%d %H:%M %Z").to_string(),
            Lang::De => {
                const DAYS: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
                let day = DAYS[t.weekday().num_days_from_monday() as usize];
                let date = self.date(t.date_naive());
                format!("{day}, {date}, {}", t.format("%H:%M %Z"))
            }
        }
    }

    /// A month and its year: "October 2026" / "Oktober 2026".
    pub fn month(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::En => d.format("%B %Y").to_string(),
            Lang::De => {
                const MONTHS: [&str; 12] = [
                    "Januar",
                    "Februar",
                    "März",
                    "April",
                    "Mai",
                    "Juni",
                    "Juli",
                    "August",
                    "September",
                    "Oktober",
                    "November",
                    "Dezember",
                ];
                format!("{} {}", MONTHS[d.month0() as usize], d.year())
            }
        }
    }

    /// A figure as Rust writes it ("83.3", "0.1234"), with a decimal comma in German.
    pub fn decimal(&self, v: f64) -> String {
        match self.lang {
            Lang::En => v.to_string(),
            Lang::De => v.to_string().replace('.', ","),
        }
    }

    /// A figure with one decimal: "12.5" / "12,5".
    pub fn one_decimal(&self, v: f64) -> String {
        match self.lang {
            Lang::En => format!("{v:.1}"),
            Lang::De => format!("{v:.1}").replace('.', ","),
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

    /// Every message has a wording in every language (the `catalogue!` macro sees to
    /// that), and every wording has the same placeholders as the English one.
    #[test]
    fn catalogue_is_complete_and_consistent() {
        for &m in Msg::ALL {
            for lang in Lang::ALL {
                assert!(!m.template(lang).is_empty(), "{m:?} {lang:?}");
                assert_eq!(
                    placeholders(m.template(lang)),
                    placeholders(m.template(Lang::En)),
                    "{m:?} {lang:?}"
                );
            }
        }
    }

    /// Every explanation text has the same placeholders in every language.
    #[test]
    fn explanation_catalogue_is_consistent() {
        for &e in explain::Ex::ALL {
            for lang in Lang::ALL {
                assert_eq!(
                    placeholders(e.template(lang)),
                    placeholders(e.template(Lang::En)),
                    "{e:?} {lang:?}"
                );
            }
        }
    }

    /// Every slash-command answer has the same placeholders in every language.
    #[test]
    fn slack_replies_are_consistent() {
        for &r in slack::Reply::ALL {
            for lang in Lang::ALL {
                assert_eq!(
                    placeholders(r.template(lang)),
                    placeholders(r.template(Lang::En)),
                    "{r:?} {lang:?}"
                );
            }
        }
    }

    /// Every admin answer, App Home text, weak-signal summary and lead-summary text has
    /// the same placeholders in every language.
    #[test]
    fn admin_home_and_weak_catalogues_are_consistent() {
        let admin = admin::Adm::ALL
            .iter()
            .map(|&a| (format!("{a:?}"), Lang::ALL.map(|l| a.template(l))));
        let home = home::Home::ALL
            .iter()
            .map(|&h| (format!("{h:?}"), Lang::ALL.map(|l| h.template(l))));
        let weak = weak::Weak::ALL
            .iter()
            .map(|&w| (format!("{w:?}"), Lang::ALL.map(|l| w.template(l))));
        let summary = summary::Sum::ALL
            .iter()
            .map(|&s| (format!("{s:?}"), Lang::ALL.map(|l| s.template(l))));
        for (name, [en, de]) in admin.chain(home).chain(weak).chain(summary) {
            assert!(!en.is_empty() && !de.is_empty(), "{name}");
            assert_eq!(placeholders(de), placeholders(en), "{name}");
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
        let t = chrono::Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        assert_eq!(de.moment(&t), "Mo., 23.11.2026, 08:00 UTC");
        assert_eq!(de.month("2026-03-01".parse().unwrap()), "März 2026");
        assert_eq!(de.decimal(83.3), "83,3");
        assert_eq!(de.one_decimal(12.34), "12,3");
        let en = Locale::default();
        assert_eq!(en.moment(&t), "Mon 2026-11-23 08:00 UTC");
        assert_eq!(en.month("2026-03-01".parse().unwrap()), "March 2026");
        assert_eq!(en.decimal(83.3), "83.3");
        assert_eq!(en.one_decimal(12.34), "12.3");
        assert_eq!(en.date("2026-11-23".parse().unwrap()), "2026-11-23");
        assert_eq!(en.arr(143_000.0), "$143k");
        assert_eq!(en.pct(12.5), "+12.5%");
    }
}
