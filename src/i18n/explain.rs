//! The catalogue of the `account` explanation (CLI and Slack).

use crate::pipeline::judge::GuardKind;
use crate::text::Lang;

super::catalogue! {
    /// Every fixed text of the `account` explanation.
    pub enum Ex {
        Title,
        Header,
        Window,
        Calls,
        CallOutside,
        CallNotAnalysed,
        CallNoPhrase,
        CallAnalysed,
        CallLine,
        Kept,
        Negative,
        Conditional,
        Guarded,
        NotCustomer,
        Sentence,
        Usage,
        UsageChange,
        UsageChangePct,
        Noise,
        NoiseKept,
        Unbaselined,
        Supports,
        Decline,
        NoTrigger,
        DeclineTrigger,
        TriggerNotKept,
        NoId,
        UsageLine,
        Tickets,
        TicketNoTrigger,
        TicketKept,
        TicketLine,
        Changes,
        Unnamed,
        ChangeLine,
        ChangeLineChampion,
        ChangeLineSuppresses,
        ChangeLineChampionSuppresses,
        Classification,
        Silent,
        NoSku,
        SignalLine,
        Action,
        Ranked,
        ClassStrong,
        ClassWeak,
        ClassSuppressed,
        ClassInsufficient,
    }
}

/// Every message of the explanation catalogue (the tests check both languages have each).
pub const ALL: &[Ex] = Ex::ALL;

/// The template of `ex` in `lang`; `{name}` marks a placeholder.
pub fn template(lang: Lang, ex: Ex) -> &'static str {
    use Ex::*;
    match lang {
        Lang::En => match ex {
            Title => "# {name} ({id})",
            Header => "{segment} · {arr} ARR · renewal {renewal} · owner {owner}",
            Window => "Window: {from} to {to} ({days} days)",
            Calls => "## Calls ({n})",
            CallOutside => "discarded: outside the window",
            CallNotAnalysed => "counts for coverage; not analysed (transcript link only)",
            CallNoPhrase => "analysed: no trigger or negative phrase",
            CallAnalysed => "analysed",
            CallLine => "- {id} · {date} · {status}",
            Kept => "kept: mention of {sku} (phrase \"{phrase}\")",
            Negative => "discarded: negative-example phrase \"{phrase}\"",
            Conditional => "discarded: conditional marker \"{marker}\" (would have been {skus})",
            Guarded => "discarded: {guard} guard \"{marker}\" (would have been {skus})",
            NotCustomer => "discarded: non-customer speaker (would have been {skus})",
            Sentence => "  - \"{sentence}\" — {speaker}, {role}: {why}",
            Usage => "## Usage events ({n})",
            UsageChange => "{type} {metric} {baseline} → {current}",
            UsageChangePct => "{type} {metric} {baseline} → {current} ({pct})",
            Noise => "discarded: inside the {segment} noise band {median} ±{band}%",
            NoiseKept => "kept: outside the {segment} noise band {median} ±{band}%",
            Unbaselined => "kept: no baseline for this segment and metric (unbaselined)",
            Supports => "supports {skus}",
            Decline => "a decline, not expansion evidence",
            NoTrigger => "no usage trigger",
            DeclineTrigger => "a decline, not expansion evidence (a usage trigger of {triggers})",
            TriggerNotKept => "a usage trigger of {triggers}, not kept",
            NoId => "(no id)",
            UsageLine => "- {id} · {date} · {what} · {why}; {skus}",
            Tickets => "## Tickets ({n})",
            TicketNoTrigger => "in the window; matches no ticket trigger",
            TicketKept => "kept: supports {skus}",
            TicketLine => "- {id} · {date} · \"{subject}\" · {why}",
            Changes => "## Stakeholder changes ({n})",
            Unnamed => "(unnamed)",
            ChangeLine => "- {date} · {type} · {who}, {role}",
            ChangeLineChampion => "- {date} · {type} · {who}, {role} (champion)",
            ChangeLineSuppresses => {
                "- {date} · {type} · {who}, {role} · champion departure in the last 30 days: strong signals are suppressed"
            }
            ChangeLineChampionSuppresses => {
                "- {date} · {type} · {who}, {role} (champion) · champion departure in the last 30 days: strong signals are suppressed"
            }
            Classification => "## Classification",
            Silent => {
                "No call, usage event or ticket in the window: the account was dropped (silent)."
            }
            NoSku => "No SKU is supported by this week's evidence.",
            SignalLine => {
                "- {sku}: {class} ({mentions} mention(s), {usage} usage event(s), {tickets} ticket(s))"
            }
            Action => "  - Action: {text} ({reason})",
            Ranked => {
                "\nStrong signals are ranked against the CSM's other accounts; only the top ones appear in the digest."
            }
            ClassStrong => "strong",
            ClassWeak => "weak",
            ClassSuppressed => "weak (champion-departure suppressed: investigate before pursuing)",
            ClassInsufficient => "insufficient (tickets only; diagnostics only)",
        },
        Lang::De => match ex {
            Title => "# {name} ({id})",
            Header => "{segment} · {arr} ARR · Verlängerung am {renewal} · betreut von {owner}",
            Window => "Zeitraum: {from} bis {to} ({days} Tage)",
            Calls => "## Gespräche ({n})",
            CallOutside => "verworfen: außerhalb des Zeitraums",
            CallNotAnalysed => {
                "zählt für die Abdeckung; nicht ausgewertet (nur Link zum Transkript)"
            }
            CallNoPhrase => "ausgewertet: kein Auslöser und kein Negativbeispiel",
            CallAnalysed => "ausgewertet",
            CallLine => "- {id} · {date} · {status}",
            Kept => "behalten: Erwähnung von {sku} (Phrase „{phrase}“)",
            Negative => "verworfen: Negativbeispiel „{phrase}“",
            Conditional => "verworfen: Bedingung „{marker}“ (wäre sonst {skus} gewesen)",
            Guarded => "verworfen: Wächter „{guard}“, Wort „{marker}“ (wäre sonst {skus} gewesen)",
            NotCustomer => "verworfen: spricht nicht für den Kunden (wäre sonst {skus} gewesen)",
            Sentence => "  - „{sentence}“ — {speaker}, {role}: {why}",
            Usage => "## Nutzungsereignisse ({n})",
            UsageChange => "{type} {metric} {baseline} → {current}",
            UsageChangePct => "{type} {metric} {baseline} → {current} ({pct})",
            Noise => "verworfen: im Schwankungsbereich des Segments {segment}, {median} ±{band} %",
            NoiseKept => {
                "behalten: außerhalb des Schwankungsbereichs des Segments {segment}, {median} ±{band} %"
            }
            Unbaselined => "behalten: keine Baseline für dieses Segment und diese Metrik",
            Supports => "stützt {skus}",
            Decline => "ein Rückgang, kein Hinweis auf Expansion",
            NoTrigger => "kein Nutzungs-Auslöser",
            DeclineTrigger => {
                "ein Rückgang, kein Hinweis auf Expansion (Nutzungs-Auslöser von {triggers})"
            }
            TriggerNotKept => "Nutzungs-Auslöser von {triggers}, nicht behalten",
            NoId => "(ohne ID)",
            UsageLine => "- {id} · {date} · {what} · {why}; {skus}",
            Tickets => "## Tickets ({n})",
            TicketNoTrigger => "im Zeitraum; passt zu keinem Ticket-Auslöser",
            TicketKept => "behalten: stützt {skus}",
            TicketLine => "- {id} · {date} · „{subject}“ · {why}",
            Changes => "## Veränderungen bei Ansprechpartnern ({n})",
            Unnamed => "(ohne Namen)",
            ChangeLine => "- {date} · {type} · {who}, {role}",
            ChangeLineChampion => "- {date} · {type} · {who}, {role} (Champion)",
            ChangeLineSuppresses => {
                "- {date} · {type} · {who}, {role} · Champion in den letzten 30 Tagen gegangen: starke Signale werden unterdrückt"
            }
            ChangeLineChampionSuppresses => {
                "- {date} · {type} · {who}, {role} (Champion) · Champion in den letzten 30 Tagen gegangen: starke Signale werden unterdrückt"
            }
            Classification => "## Einordnung",
            Silent => {
                "Kein Gespräch, kein Nutzungsereignis und kein Ticket im Zeitraum: Der Account wurde ausgelassen."
            }
            NoSku => "Die Belege dieser Woche stützen keine SKU.",
            SignalLine => {
                "- {sku}: {class} (Erwähnungen: {mentions}, Nutzungsereignisse: {usage}, Tickets: {tickets})"
            }
            Action => "  - Aktion: {text} ({reason})",
            Ranked => {
                "\nStarke Signale werden mit den anderen Accounts der CSM verglichen; nur die stärksten erscheinen im Digest."
            }
            ClassStrong => "stark",
            ClassWeak => "schwach",
            ClassSuppressed => {
                "schwach (unterdrückt, weil der Champion gegangen ist: erst klären, dann handeln)"
            }
            ClassInsufficient => "zu wenig (nur Tickets; nur in der Diagnose)",
        },
    }
}

/// A guard's name for explanations and digests.
pub fn guard_label(lang: Lang, kind: GuardKind) -> &'static str {
    match lang {
        Lang::En => kind.label(),
        Lang::De => match kind {
            GuardKind::Conditional => "Bedingung oder Vorbehalt",
            GuardKind::Objection => "Preiseinwand oder Beschwerde",
            GuardKind::Negation => "Verneinung",
            GuardKind::Past => "Vergangenheit",
            GuardKind::OtherParty => "andere Firma oder Wettbewerber",
        },
    }
}
