//! The catalogue of the CSM lead's weekly summary DM: the week's figures, the
//! conversion, the per-CSM counts and what needs the lead's attention. Written in the
//! workspace's language (`slack.locale`). The run's warnings and the conversion warning
//! are rendered elsewhere and shown as they come.

super::catalogue! {
    /// Every fixed text of the lead's weekly summary.
    pub enum Sum {
        Title {
            en: "*Weekly expansion-signal summary — week ending {date}*",
            de: "*Wochenübersicht der Expansionssignale — Woche bis {date}*",
        },
        Fallback {
            en: "Weekly expansion-signal summary, week ending {date}",
            de: "Wochenübersicht der Expansionssignale, Woche bis {date}",
        },
        NewStrong {
            en: "• New strong signals: {strong} in the DMs ({capped} over the cap, {held} held back by the CSMs' answers)",
            de: "• Neue starke Signale: {strong} in den DMs ({capped} über dem Limit, {held} wegen der Antworten der CSMs zurückgehalten)",
        },
        ConversationsWeek {
            en: "• Conversations started this week: {n}",
            de: "• Diese Woche begonnene Gespräche: {n}",
        },
        NotRelevantWeek {
            en: "• Marked not relevant this week: {reasons}",
            de: "• Diese Woche als nicht relevant markiert: {reasons}",
        },
        NotRelevantWeekNone {
            en: "• Marked not relevant this week: none",
            de: "• Diese Woche als nicht relevant markiert: keine",
        },
        ReasonCount {
            en: "{reason}: {n}",
            de: "{reason}: {n}",
        },
        Conversion {
            en: "• Conversion, trailing {days} days: {pct} % ({conversations} of {strong} strong signals became a conversation within {within} days)",
            de: "• Konversionsrate der letzten {days} Tage: {pct} % (bei {conversations} von {strong} starken Signalen kam es innerhalb von {within} Tagen zu einem Gespräch)",
        },
        BySku {
            en: "   ◦ by SKU: {list}",
            de: "   ◦ nach SKU: {list}",
        },
        BySkuNone {
            en: "   ◦ by SKU: none yet",
            de: "   ◦ nach SKU: noch keine",
        },
        ByTrigger {
            en: "   ◦ by usage trigger: {list}",
            de: "   ◦ nach Nutzungs-Auslöser: {list}",
        },
        ByTriggerNone {
            en: "   ◦ by usage trigger: none yet",
            de: "   ◦ nach Nutzungs-Auslöser: noch keine",
        },
        TallyItem {
            en: "{key} {pct} % ({conversations} of {strong})",
            de: "{key} {pct} % ({conversations} von {strong})",
        },
        TopAccounts {
            en: "• Accounts with the most evidence: {list}",
            de: "• Accounts mit den meisten Belegen: {list}",
        },
        TopAccountsNone {
            en: "• Accounts with the most evidence: none this week",
            de: "• Accounts mit den meisten Belegen: diese Woche keine",
        },
        TopItem {
            en: "{account} ({sku}, {n} pieces of evidence)",
            de: "{account} ({sku}, Belege: {n})",
        },
        PerCsm {
            en: "*Per CSM* (for you only; never shared with the team)",
            de: "*Pro CSM* (nur für Sie; wird nie mit dem Team geteilt)",
        },
        CsmLine {
            en: "• {name}: {strong} strong, {weak} weak, {held} held back; 30 days: {conversations} of {signals} converted",
            de: "• {name} — starke Signale: {strong}, schwache Signale: {weak}, zurückgehalten: {held}; letzte 30 Tage: {conversations} von {signals} führten zu einem Gespräch",
        },
        Attention {
            en: "*Needs your attention*",
            de: "*Erfordert Ihre Aufmerksamkeit*",
        },
        NothingThisWeek {
            en: "Nothing this week.",
            de: "Diese Woche nichts.",
        },
        Warning {
            en: ":warning: {text}",
            de: ":warning: {text}",
        },
        Deliveries {
            en: "Deliveries: {failed} failed, {pending} pending",
            de: "Zustellungen: {failed} fehlgeschlagen, {pending} ausstehend",
        },
        DeliveryFailed {
            en: "Delivery to {email} failed: {error}",
            de: "Zustellung an {email} fehlgeschlagen: {error}",
        },
    }
}
