//! The catalogue of the `account` explanation (CLI and Slack).

use crate::pipeline::judge::GuardKind;
use crate::text::Lang;

super::catalogue! {
    /// Every fixed text of the `account` explanation.
    pub enum Ex {
        Title {
            en: "# {name} ({id})",
            de: "# {name} ({id})",
        },
        Header {
            en: "{segment} · {arr} ARR · renewal {renewal} · owner {owner}",
            de: "{segment} · {arr} ARR · Verlängerung am {renewal} · betreut von {owner}",
        },
        Window {
            en: "Window: {from} to {to} ({days} days)",
            de: "Zeitraum: {from} bis {to} ({days} Tage)",
        },
        Calls {
            en: "## Calls ({n})",
            de: "## Gespräche ({n})",
        },
        CallOutside {
            en: "discarded: outside the window",
            de: "verworfen: außerhalb des Zeitraums",
        },
        CallNotAnalysed {
            en: "counts for coverage; not analysed (transcript link only)",
            de: "zählt für die Abdeckung; nicht ausgewertet (nur Link zum Transkript)",
        },
        CallNoPhrase {
            en: "analysed: no trigger or negative phrase",
            de: "ausgewertet: kein Auslöser und kein Negativbeispiel",
        },
        CallAnalysed {
            en: "analysed",
            de: "ausgewertet",
        },
        CallLine {
            en: "- {id} · {date} · {status}",
            de: "- {id} · {date} · {status}",
        },
        Kept {
            en: "kept: mention of {sku} (phrase \"{phrase}\")",
            de: "behalten: Erwähnung von {sku} (Phrase „{phrase}“)",
        },
        Negative {
            en: "discarded: negative-example phrase \"{phrase}\"",
            de: "verworfen: Negativbeispiel „{phrase}“",
        },
        Conditional {
            en: "discarded: conditional marker \"{marker}\" (would have been {skus})",
            de: "verworfen: Bedingung „{marker}“ (wäre sonst {skus} gewesen)",
        },
        Guarded {
            en: "discarded: {guard} guard \"{marker}\" (would have been {skus})",
            de: "verworfen: Wächter „{guard}“, Wort „{marker}“ (wäre sonst {skus} gewesen)",
        },
        NotCustomer {
            en: "discarded: non-customer speaker (would have been {skus})",
            de: "verworfen: spricht nicht für den Kunden (wäre sonst {skus} gewesen)",
        },
        Sentence {
            en: "  - \"{sentence}\" — {speaker}, {role}: {why}",
            de: "  - „{sentence}“ — {speaker}, {role}: {why}",
        },
        Usage {
            en: "## Usage events ({n})",
            de: "## Nutzungsereignisse ({n})",
        },
        UsageChange {
            en: "{type} {metric} {baseline} → {current}",
            de: "{type} {metric} {baseline} → {current}",
        },
        UsageChangePct {
            en: "{type} {metric} {baseline} → {current} ({pct})",
            de: "{type} {metric} {baseline} → {current} ({pct})",
        },
        Noise {
            en: "discarded: inside the {segment} noise band {median} ±{band}%",
            de: "verworfen: im Schwankungsbereich des Segments {segment}, {median} ±{band} %",
        },
        NoiseKept {
            en: "kept: outside the {segment} noise band {median} ±{band}%",
            de: "behalten: außerhalb des Schwankungsbereichs des Segments {segment}, {median} ±{band} %",
        },
        Unbaselined {
            en: "kept: no baseline for this segment and metric (unbaselined)",
            de: "behalten: keine Baseline für dieses Segment und diese Metrik",
        },
        Supports {
            en: "supports {skus}",
            de: "stützt {skus}",
        },
        Decline {
            en: "a decline, not expansion evidence",
            de: "ein Rückgang, kein Hinweis auf Expansion",
        },
        NoTrigger {
            en: "no usage trigger",
            de: "kein Nutzungs-Auslöser",
        },
        DeclineTrigger {
            en: "a decline, not expansion evidence (a usage trigger of {triggers})",
            de: "ein Rückgang, kein Hinweis auf Expansion (Nutzungs-Auslöser von {triggers})",
        },
        TriggerNotKept {
            en: "a usage trigger of {triggers}, not kept",
            de: "Nutzungs-Auslöser von {triggers}, nicht behalten",
        },
        NoId {
            en: "(no id)",
            de: "(ohne ID)",
        },
        UsageLine {
            en: "- {id} · {date} · {what} · {why}; {skus}",
            de: "- {id} · {date} · {what} · {why}; {skus}",
        },
        Tickets {
            en: "## Tickets ({n})",
            de: "## Tickets ({n})",
        },
        TicketNoTrigger {
            en: "in the window; matches no ticket trigger",
            de: "im Zeitraum; passt zu keinem Ticket-Auslöser",
        },
        TicketKept {
            en: "kept: supports {skus}",
            de: "behalten: stützt {skus}",
        },
        TicketLine {
            en: "- {id} · {date} · \"{subject}\" · {why}",
            de: "- {id} · {date} · „{subject}“ · {why}",
        },
        Changes {
            en: "## Stakeholder changes ({n})",
            de: "## Veränderungen bei Ansprechpartnern ({n})",
        },
        Unnamed {
            en: "(unnamed)",
            de: "(ohne Namen)",
        },
        ChangeLine {
            en: "- {date} · {type} · {who}, {role}",
            de: "- {date} · {type} · {who}, {role}",
        },
        ChangeLineChampion {
            en: "- {date} · {type} · {who}, {role} (champion)",
            de: "- {date} · {type} · {who}, {role} (Champion)",
        },
        ChangeLineSuppresses {
            en: "- {date} · {type} · {who}, {role} · champion departure in the last 30 days: strong signals are suppressed",
            de: "- {date} · {type} · {who}, {role} · Champion in den letzten 30 Tagen gegangen: starke Signale werden unterdrückt",
        },
        ChangeLineChampionSuppresses {
            en: "- {date} · {type} · {who}, {role} (champion) · champion departure in the last 30 days: strong signals are suppressed",
            de: "- {date} · {type} · {who}, {role} (Champion) · Champion in den letzten 30 Tagen gegangen: starke Signale werden unterdrückt",
        },
        Classification {
            en: "## Classification",
            de: "## Einordnung",
        },
        Silent {
            en: "No call, usage event or ticket in the window: the account was dropped (silent).",
            de: "Kein Gespräch, kein Nutzungsereignis und kein Ticket im Zeitraum: Der Account wurde ausgelassen.",
        },
        NoSku {
            en: "No SKU is supported by this week's evidence.",
            de: "Die Belege dieser Woche stützen keine SKU.",
        },
        SignalLine {
            en: "- {sku}: {class} ({mentions} mention(s), {usage} usage event(s), {tickets} ticket(s))",
            de: "- {sku}: {class} (Erwähnungen: {mentions}, Nutzungsereignisse: {usage}, Tickets: {tickets})",
        },
        Action {
            en: "  - Action: {text} ({reason})",
            de: "  - Aktion: {text} ({reason})",
        },
        Ranked {
            en: "\nStrong signals are ranked against the CSM's other accounts; only the top ones appear in the digest.",
            de: "\nStarke Signale werden mit den anderen Accounts der CSM verglichen; nur die stärksten erscheinen im Digest.",
        },
        ClassStrong {
            en: "strong",
            de: "stark",
        },
        ClassWeak {
            en: "weak",
            de: "schwach",
        },
        ClassSuppressed {
            en: "weak (champion-departure suppressed: investigate before pursuing)",
            de: "schwach (unterdrückt, weil der Champion gegangen ist: erst klären, dann handeln)",
        },
        ClassInsufficient {
            en: "insufficient (tickets only; diagnostics only)",
            de: "zu wenig (nur Tickets; nur in der Diagnose)",
        },
        SemanticLine {
            en: "  - \"{sentence}\" — {speaker}: {why}",
            de: "  - „{sentence}“ — {speaker}: {why}",
        },
        NearPhrase {
            en: "nearest phrase \"{phrase}\" of {sku} (similarity {similarity})",
            de: "nächste Phrase „{phrase}“ von {sku} (Ähnlichkeit {similarity})",
        },
        NearExample {
            en: "nearest example sentence \"{phrase}\" of {sku} (similarity {similarity})",
            de: "nächster Beispielsatz „{phrase}“ von {sku} (Ähnlichkeit {similarity})",
        },
        SemKept {
            en: "kept by meaning: mention of {sku}, {near}",
            de: "nach Bedeutung behalten: Erwähnung von {sku}, {near}",
        },
        SemNotCounted {
            en: "similar enough, not counted: no usage trigger in the window (--embed-all-accounts counts it); {near}",
            de: "ähnlich genug, aber nicht gezählt: kein Nutzungs-Auslöser im Zeitraum (mit --embed-all-accounts zählt er); {near}",
        },
        SemBelow {
            en: "discarded: {near}, under the threshold {threshold}",
            de: "verworfen: {near}, unter der Schwelle {threshold}",
        },
        SemNoAsk {
            en: "discarded: asks for nothing (no question, wish or need); {near}",
            de: "verworfen: bittet um nichts (keine Frage, kein Wunsch, kein Bedarf); {near}",
        },
        SemNegativePhrase {
            en: "discarded: as near to the not-intent phrase \"{phrase}\" (similarity {similarity}); {near}",
            de: "verworfen: ebenso nah an der Phrase ohne Absicht „{phrase}“ (Ähnlichkeit {similarity}); {near}",
        },
        SemNegativeExample {
            en: "discarded: as near to the not-intent example sentence \"{phrase}\" (similarity {similarity}); {near}",
            de: "verworfen: ebenso nah am Beispielsatz ohne Absicht „{phrase}“ (Ähnlichkeit {similarity}); {near}",
        },
        SemGuarded {
            en: "discarded: {guard} guard \"{marker}\"; {near}",
            de: "verworfen: Wächter „{guard}“, Wort „{marker}“; {near}",
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
