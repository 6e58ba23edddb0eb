//! The catalogue of the App Home tab: a CSM's strong signals of this week with their
//! answers, and the last four weeks' outcomes. Written in the CSM's language (the
//! language of their last digest, else `slack.locale`).

use super::Locale;
use crate::pipeline::feedback::{Answer, Reason};

super::catalogue! {
    /// Every fixed text of the App Home tab.
    pub enum Home {
        Header {
            en: "Your expansion signals",
            de: "Ihre Expansionssignale",
        },
        NoDigest {
            en: "No digest with strong signals has been sent to you yet.",
            de: "Sie haben noch keinen Digest mit starken Signalen bekommen.",
        },
        ThisWeek {
            en: "*This week (digest of {date})*",
            de: "*Diese Woche (Digest vom {date})*",
        },
        SignalLine {
            en: "• *{account}* — {sku}: {status}",
            de: "• *{account}* — {sku}: {status}",
        },
        Waiting {
            en: ":hourglass: waiting for your answer (use the buttons in the DM)",
            de: ":hourglass: wartet auf Ihre Antwort (über die Schaltflächen in der DM)",
        },
        Answered {
            en: "{answer} ({date})",
            de: "{answer} ({date})",
        },
        Conversation {
            en: ":white_check_mark: Conversation started",
            de: ":white_check_mark: Gespräch begonnen",
        },
        Snoozed {
            en: ":zzz: Snoozed for 4 weeks",
            de: ":zzz: Für 4 Wochen zurückgestellt",
        },
        NotRelevant {
            en: ":no_entry_sign: Not relevant ({reason})",
            de: ":no_entry_sign: Nicht relevant ({reason})",
        },
        WrongSku {
            en: "wrong SKU",
            de: "falsche SKU",
        },
        NotRealIntent {
            en: "not real intent",
            de: "keine echte Kaufabsicht",
        },
        AlreadyInProgress {
            en: "already in progress",
            de: "läuft bereits",
        },
        CustomerNotReady {
            en: "customer not ready",
            de: "Kunde noch nicht so weit",
        },
        OtherReason {
            en: "other",
            de: "anderer Grund",
        },
        ButtonConversation {
            en: "Conversation started",
            de: "Gespräch begonnen",
        },
        ButtonNotRelevant {
            en: "Not relevant…",
            de: "Nicht relevant…",
        },
        ButtonNotRelevantReason {
            en: "Not relevant: {reason}",
            de: "Nicht relevant: {reason}",
        },
        ButtonSnooze {
            en: "Snooze 4 weeks",
            de: "4 Wochen zurückstellen",
        },
        AnswerRecorded {
            en: "{answer} — recorded for <@{user}> on {date}. Press another button to change it.",
            de: "{answer} — für <@{user}> am {date} gespeichert. Mit einem anderen Knopf ändern Sie die Antwort.",
        },
        ClickUnknown {
            en: "I can't tie that button to a signal of a digest I sent, so nothing was recorded.",
            de: "Diesen Knopf kann ich keinem Signal eines von mir gesendeten Digests zuordnen, deshalb wurde nichts gespeichert.",
        },
        ClickNotOwner {
            en: ":lock: Only the CSM this digest was sent to can answer it; nothing was recorded.",
            de: ":lock: Nur der CSM, an den dieser Digest ging, kann ihn beantworten; es wurde nichts gespeichert.",
        },
        LastWeeks {
            en: "*Last four weeks*",
            de: "*Die letzten vier Wochen*",
        },
        WeekLine {
            en: "• {week}: {strong} strong · {conversations} conversation(s) · {not_relevant} not relevant · {snoozed} snoozed · {unanswered} unanswered",
            de: "• {week} — starke Signale: {strong} · Gespräche: {conversations} · nicht relevant: {not_relevant} · zurückgestellt: {snoozed} · unbeantwortet: {unanswered}",
        },
    }
}

/// A CSM's answer as the tab shows it ("Conversation started", "Not relevant (wrong
/// SKU)"); in English exactly [`Answer::label`].
pub fn answer(loc: &Locale, a: Answer) -> String {
    match a {
        Answer::Conversation => loc.home(Home::Conversation, &[]),
        Answer::Snoozed => loc.home(Home::Snoozed, &[]),
        Answer::NotRelevant(r) => {
            let reason = loc.home(reason(r), &[]);
            loc.home(Home::NotRelevant, &[("reason", &reason)])
        }
    }
}

/// A reason as the tab and the buttons name it ("wrong SKU").
pub fn reason_text(loc: &Locale, r: Reason) -> String {
    loc.home(reason(r), &[])
}

fn reason(r: Reason) -> Home {
    match r {
        Reason::WrongSku => Home::WrongSku,
        Reason::NotRealIntent => Home::NotRealIntent,
        Reason::AlreadyInProgress => Home::AlreadyInProgress,
        Reason::CustomerNotReady => Home::CustomerNotReady,
        Reason::Other => Home::OtherReason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn english_answers_are_the_labels_and_german_ones_differ() {
        let mut all = vec![Answer::Conversation, Answer::Snoozed];
        all.extend(Reason::ALL.map(Answer::NotRelevant));
        let de = Locale::new(Lang::De, Default::default());
        for a in all {
            assert_eq!(answer(&Locale::default(), a), a.label());
            assert_ne!(answer(&de, a), a.label(), "{a:?}");
        }
    }
}
