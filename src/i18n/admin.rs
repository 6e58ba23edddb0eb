//! The catalogue of the CSM lead's `/expansion admin …` answers: `status`, `history`,
//! `pause`, `resume`, `references`, `stats`, `run`, `preview` and `preview rules`
//! (with the what-if lines). They are written in the workspace's language
//! (`slack.locale`); run ids, the taxonomy hash, the cron expression, reason codes and
//! stored error texts are shown as recorded.

use crate::text::Lang;

super::catalogue! {
    /// Every fixed text of an admin answer.
    pub enum Adm {
        // `admin status`
        StatusTitle {
            en: "*expansion-signals status*",
            de: "*Status von expansion-signals*",
        },
        LastRun {
            en: "• Last run: week ending {as_of} — {status} — recorded {recorded}",
            de: "• Letzter Lauf: Woche bis {as_of} — {status} — erfasst am {recorded}",
        },
        LastRunNone {
            en: "• Last run: none yet",
            de: "• Letzter Lauf: noch keiner",
        },
        Detail {
            en: "   ◦ {what}: {detail}",
            de: "   ◦ {what}: {detail}",
        },
        Slot {
            en: "• Last scheduled slot: {when} — {outcome}",
            de: "• Letzter geplanter Termin: {when} — {outcome}",
        },
        SlotError {
            en: "• Last scheduled slot: {when} — {outcome}: {error}",
            de: "• Letzter geplanter Termin: {when} — {outcome}: {error}",
        },
        SlotAttempts {
            en: "{outcome} after {n} attempts",
            de: "{outcome} nach {n} Versuchen",
        },
        SlotRetried {
            en: "{line} — retried every 15 minutes until the next slot",
            de: "{line} — wird bis zum nächsten Termin alle 15 Minuten erneut versucht",
        },
        Next {
            en: "• Next scheduled run: {next} (`{cron}`, {tz})",
            de: "• Nächster geplanter Lauf: {next} (`{cron}`, {tz})",
        },
        NextPaused {
            en: "• Next scheduled run: {next} (`{cron}`, {tz}) — *paused*",
            de: "• Nächster geplanter Lauf: {next} (`{cron}`, {tz}) — *pausiert*",
        },
        NextNone {
            en: "none",
            de: "keiner",
        },
        Deliveries {
            en: "• Deliveries: {sent} sent, {failed} failed, {pending} pending",
            de: "• Zustellungen: {sent} gesendet, {failed} fehlgeschlagen, {pending} ausstehend",
        },
        DeliveriesOf {
            en: "• Deliveries of `{run}`: {sent} sent, {failed} failed, {pending} pending",
            de: "• Zustellungen von `{run}`: {sent} gesendet, {failed} fehlgeschlagen, {pending} ausstehend",
        },
        ScheduledOn {
            en: "• Scheduled deliveries: on",
            de: "• Geplante Zustellungen: aktiv",
        },
        ScheduledPaused {
            en: "• Scheduled deliveries: paused",
            de: "• Geplante Zustellungen: pausiert",
        },
        // The recorded status of a run and the outcome of a schedule slot.
        RunOk {
            en: "ok",
            de: "ok",
        },
        RunAborted {
            en: "aborted",
            de: "abgebrochen",
        },
        SlotRan {
            en: "ran",
            de: "ausgeführt",
        },
        SlotPausedOutcome {
            en: "paused",
            de: "pausiert",
        },
        SlotSkipped {
            en: "skipped",
            de: "übersprungen",
        },
        SlotFailed {
            en: "failed",
            de: "fehlgeschlagen",
        },
        // `admin history`
        HistoryNone {
            en: "No runs recorded yet.",
            de: "Noch keine Läufe aufgezeichnet.",
        },
        HistoryTitle {
            en: "*Recorded runs, newest first*",
            de: "*Aufgezeichnete Läufe, neueste zuerst*",
        },
        HistoryLine {
            en: "• {as_of} — {status} — coverage {coverage}% — {csms} CSMs, {strong} strong, {weak} weak — taxonomy `{hash}`",
            de: "• {as_of} — {status} — Gesprächsabdeckung {coverage} % — CSMs: {csms}, starke Signale: {strong}, schwache Signale: {weak} — Taxonomie `{hash}`",
        },
        // `admin pause` and `admin resume`
        Paused {
            en: ":double_vertical_bar: Scheduled deliveries are paused. Manual runs still work. `/expansion admin resume` turns them back on.",
            de: ":double_vertical_bar: Die geplanten Zustellungen sind pausiert. Manuelle Läufe funktionieren weiterhin. Mit `/expansion admin resume` schalten Sie sie wieder ein.",
        },
        Resumed {
            en: ":arrow_forward: Scheduled deliveries are back on.",
            de: ":arrow_forward: Die geplanten Zustellungen sind wieder aktiv.",
        },
        // `admin references`
        RefTitle {
            en: "*Reference files*",
            de: "*Referenzdateien*",
        },
        Bullet {
            en: "• {text}",
            de: "• {text}",
        },
        RefOk {
            en: "OK: {skus} SKUs, {segments} segments; taxonomy hash `{hash}`; Last edited {last}",
            de: "OK: {skus} SKUs, {segments} Segmente; Prüfsumme der Taxonomie `{hash}`; zuletzt bearbeitet: {last}",
        },
        EditedToday {
            en: "{date} (today)",
            de: "{date} (heute)",
        },
        EditedAfter {
            en: "{date} (after {today}, the date the app runs as)",
            de: "{date} (nach dem {today}, dem Datum, mit dem die App rechnet)",
        },
        EditedDayAgo {
            en: "{date} (1 day ago)",
            de: "{date} (vor einem Tag)",
        },
        EditedDaysAgo {
            en: "{date} ({n} days ago)",
            de: "{date} (vor {n} Tagen)",
        },
        EditedNever {
            en: "never",
            de: "nie",
        },
        NotStale {
            en: "Not stale.",
            de: "Nicht veraltet.",
        },
        RefErrors {
            en: ":x: The reference files have errors: runs will refuse to start until they are fixed.",
            de: ":x: Die Referenzdateien enthalten Fehler: Läufe starten erst wieder, wenn sie behoben sind.",
        },
        // `admin stats` (and the `stats` command, in English)
        StatsTitle {
            en: "*Expansion-signal conversion*",
            de: "*Konversion der Expansionssignale*",
        },
        StatsHead {
            en: "Conversion, trailing {days} days: {conversations} of {strong} strong signals shown in a DM became a conversation within {within} days ({pct} %)",
            de: "Konversion der letzten {days} Tage: Bei {conversations} von {strong} starken Signalen aus den DMs kam es innerhalb von {within} Tagen zu einem Gespräch ({pct} %)",
        },
        StatsHeadTo {
            en: "Conversion, trailing {days} days to {date}: {conversations} of {strong} strong signals shown in a DM became a conversation within {within} days ({pct} %)",
            de: "Konversion der letzten {days} Tage bis zum {date}: Bei {conversations} von {strong} starken Signalen aus den DMs kam es innerhalb von {within} Tagen zu einem Gespräch ({pct} %)",
        },
        BySku {
            en: "By SKU:",
            de: "Nach SKU:",
        },
        ByTrigger {
            en: "By usage trigger:",
            de: "Nach Nutzungs-Auslöser:",
        },
        ByCsm {
            en: "By CSM:",
            de: "Nach CSM:",
        },
        StatsNone {
            en: "  none yet",
            de: "  noch keine",
        },
        StatsRow {
            en: "  {key}: {conversations} of {strong} ({pct} %)",
            de: "  {key}: {conversations} von {strong} ({pct} %)",
        },
        NotRelevant {
            en: "Not relevant: {reasons}",
            de: "Nicht relevant: {reasons}",
        },
        ReasonCount {
            en: "{reason} {n}",
            de: "{reason} {n}",
        },
        Warning {
            en: "Warning: {warning}",
            de: "Warnung: {warning}",
        },
        LowConversion {
            en: "Conversion below {min} % for two consecutive months ({before} {before_pct} %, {last} {last_pct} %): the cutoff is too loose or the actions too vague. Tighten the trigger phrases or the noise bands, and make the action-library rows more concrete.",
            de: "Konversion in zwei aufeinanderfolgenden Monaten unter {min} % ({before} {before_pct} %, {last} {last_pct} %): Die Schwelle ist zu locker oder die Aktionen sind zu vage. Schärfen Sie die Gesprächs-Auslöser oder die Schwankungsbereiche nach und formulieren Sie die Zeilen der Aktionsbibliothek konkreter.",
        },
        // `admin run` and `admin preview <who>`
        RunAbortedNothingSent {
            en: ":warning: The run aborted and nothing was sent: {error}",
            de: ":warning: Der Lauf wurde abgebrochen, es wurde nichts gesendet: {error}",
        },
        RunDone {
            en: ":white_check_mark: Run for the week ending {as_of} done: {sent} DM(s) sent, {failed} failed, {pending} pending.",
            de: ":white_check_mark: Lauf für die Woche bis {as_of} abgeschlossen. DMs: {sent} gesendet, {failed} fehlgeschlagen, {pending} ausstehend.",
        },
        PreviewWho {
            en: "I can't tell whose digest “{who}” is: give an email address or @mention someone with an email on their profile.",
            de: "Ich kann nicht erkennen, wessen Digest „{who}“ ist: Geben Sie eine E-Mail-Adresse an oder erwähnen Sie per @ eine Person, in deren Slack-Profil eine E-Mail-Adresse steht.",
        },
        PreviewAborted {
            en: ":warning: The run aborted: {error}",
            de: ":warning: Der Lauf wurde abgebrochen: {error}",
        },
        PreviewNoAccounts {
            en: "{email} owns no accounts: no digest.",
            de: "Für {email} gibt es keine Accounts und daher keinen Digest.",
        },
        // `admin preview rules` and the what-if lines
        RulesNotChecked {
            en: ":x: The staged reference files in `{dir}` do not pass `check`; fix them first:",
            de: ":x: Die vorbereiteten Referenzdateien in `{dir}` bestehen `check` nicht; beheben Sie zuerst diese Fehler:",
        },
        RulesTitle {
            en: "*What the staged rules would change this week (week ending {as_of})*",
            de: "*Was die vorbereiteten Regeln diese Woche ändern würden (Woche bis {as_of})*",
        },
        WhatifNone {
            en: "No change: the edited rules give the same signals this week.",
            de: "Keine Änderung: Die bearbeiteten Regeln ergeben diese Woche dieselben Signale.",
        },
        WhatifOwner {
            en: "{owner}:",
            de: "{owner}:",
        },
        WhatifLine {
            en: "  {what} {account} ({id}) — {sku}: {reason}",
            de: "  {what} {account} ({id}) — {sku}: {reason}",
        },
        Gained {
            en: "+ gained ({now})",
            de: "+ neu ({now})",
        },
        Lost {
            en: "- lost (was {was})",
            de: "- entfällt (war {was})",
        },
        Moved {
            en: "~ moved {from} → {to}",
            de: "~ verschoben {from} → {to}",
        },
        Strong {
            en: "strong",
            de: "stark",
        },
        Weak {
            en: "weak",
            de: "schwach",
        },
        WhatifTotals {
            en: "{n} change(s): {gained} gained, {lost} lost, {moved} moved",
            de: "Änderungen: {n} ({gained} neu, {lost} entfallen, {moved} verschoben)",
        },
        WhyStrongQuote {
            en: "strong: “{quote}” ({speaker}) with usage evidence",
            de: "stark: „{quote}“ ({speaker}) mit Nutzungsbelegen",
        },
        WhyStrong {
            en: "strong",
            de: "stark",
        },
        WhyOverCap {
            en: "strong, over the cap",
            de: "stark, über dem Limit",
        },
        WhyWeak {
            en: "weak: {summary}",
            de: "schwach: {summary}",
        },
        WhyLost {
            en: "no longer found under the edited rules (was {why})",
            de: "unter den bearbeiteten Regeln nicht mehr gefunden (war {why})",
        },
    }
}

/// A run's recorded status (`ok`, `aborted`) in `lang`; an unknown one as recorded.
pub fn run_status(lang: Lang, code: &str) -> String {
    match code {
        "ok" => Adm::RunOk.template(lang).into(),
        "aborted" => Adm::RunAborted.template(lang).into(),
        other => other.into(),
    }
}

/// A schedule slot's recorded outcome (`ran`, `paused`, `skipped`, `failed`,
/// `aborted`) in `lang`; an unknown one as recorded.
pub fn slot_outcome(lang: Lang, code: &str) -> String {
    let adm = match code {
        "ran" => Adm::SlotRan,
        "paused" => Adm::SlotPausedOutcome,
        "skipped" => Adm::SlotSkipped,
        "failed" => Adm::SlotFailed,
        "aborted" => Adm::RunAborted,
        other => return other.into(),
    };
    adm.template(lang).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English words are the stored codes, so English answers read as before.
    #[test]
    fn statuses_read_as_recorded_in_english() {
        for code in ["ok", "aborted", "ran", "paused", "skipped", "failed", "new"] {
            let shown = if ["ok", "aborted"].contains(&code) {
                run_status(Lang::En, code)
            } else {
                slot_outcome(Lang::En, code)
            };
            assert_eq!(shown, code);
        }
        assert_eq!(slot_outcome(Lang::De, "failed"), "fehlgeschlagen");
        assert_eq!(run_status(Lang::De, "aborted"), "abgebrochen");
        assert_eq!(slot_outcome(Lang::De, "mystery"), "mystery");
    }
}
