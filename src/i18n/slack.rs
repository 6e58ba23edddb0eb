//! The catalogue of the Slack app's short answers to `/expansion` commands: help,
//! acknowledgements, refusals and the answers of `rerun` and `account`. They are written
//! in the workspace's language (`slack.locale`), or the CSM's when the answer concerns
//! their own digest.

super::catalogue! {
    /// Every fixed text of a slash-command answer a CSM sees.
    pub enum Reply {
        Help {
            en: "*/expansion* — your weekly expansion-signal digest\n• `/expansion rerun` — run it now for your accounts and DM you the digest\n• `/expansion account <name>` — why an account shows (or not): evidence, classification, action\n• `/expansion help` — this message\nCSM leads: `/expansion admin status | history [N] | run | preview <email or @user> | preview rules | pause | resume | references | stats`",
            de: "*/expansion* — Ihr wöchentlicher Digest der Expansion-Signale\n• `/expansion rerun` — jetzt für Ihre Accounts ausführen und Ihnen den Digest als DM schicken\n• `/expansion account <Name>` — warum ein Account (nicht) erscheint: Belege, Einstufung, Aktion\n• `/expansion help` — diese Nachricht\nCSM-Leads: `/expansion admin status | history [N] | run | preview <E-Mail oder @Person> | preview rules | pause | resume | references | stats`",
        },
        NotUnderstood {
            en: "I did not understand `{text}`.",
            de: "Das habe ich nicht verstanden: `{text}`.",
        },
        TooLong {
            en: ":warning: That command is {length} characters long; `/expansion` commands are at most {max}. Try `/expansion help`.",
            de: ":warning: Dieser Befehl ist {length} Zeichen lang; `/expansion`-Befehle haben höchstens {max}. Versuch es mit `/expansion help`.",
        },
        Internal {
            en: ":x: Something went wrong on our side. Your CSM lead can find the details in the app's log.",
            de: ":x: Bei uns ist etwas schiefgegangen. Ihr CSM-Lead findet die Einzelheiten im Log der App.",
        },
        Busy {
            en: ":hourglass: I'm busy with other lookups right now; try again in a minute.",
            de: ":hourglass: Ich bin gerade mit anderen Abfragen beschäftigt; versuch es in einer Minute noch einmal.",
        },
        NotAdmin {
            en: ":lock: Sorry, `/expansion admin` commands are for CSM leads only.",
            de: ":lock: Tut mir leid, `/expansion admin`-Befehle sind nur für CSM-Leads.",
        },
        RerunStarted {
            en: ":hourglass_flowing_sand: Running your digest now; it will arrive as a DM.",
            de: ":hourglass_flowing_sand: Ihr Digest wird jetzt erstellt; er kommt als DM.",
        },
        LookingUp {
            en: ":mag: Looking that account up…",
            de: ":mag: Ich sehe mir den Account an…",
        },
        FullRunStarted {
            en: ":rocket: Full run started: every CSM gets a DM. I will report here when it is done.",
            de: ":rocket: Vollständiger Lauf gestartet: Alle CSMs bekommen eine DM. Ich melde mich hier, wenn er fertig ist.",
        },
        Working {
            en: ":hourglass_flowing_sand: Working on it…",
            de: ":hourglass_flowing_sand: Ich bin dran…",
        },
        NoEmail {
            en: "I can't see an email address on your Slack profile, so I can't match you to your accounts.",
            de: "In Ihrem Slack-Profil steht keine E-Mail-Adresse, deshalb kann ich Ihnen keine Accounts zuordnen.",
        },
        RunStopped {
            en: ":warning: The run stopped before deciding anything: {error}",
            de: ":warning: Der Lauf wurde abgebrochen, bevor etwas entschieden war: {error}",
        },
        NoAccounts {
            en: "You don't own any accounts in the portfolio (I looked for owner {email}), so there is no digest for you.",
            de: "Ihnen gehören keine Accounts im Portfolio (gesucht habe ich nach {email}), deshalb gibt es für Sie keinen Digest.",
        },
        DigestSent {
            en: ":white_check_mark: Your digest is in your DMs.",
            de: ":white_check_mark: Ihr Digest ist in Ihren DMs.",
        },
        Candidates {
            en: "“{query}” matches {n} accounts; which one?",
            de: "„{query}“ passt zu {n} Accounts; welchen meinst du?",
        },
        NotFound {
            en: "No account matches “{query}”: give its id or part of its name.",
            de: "Kein Account passt zu „{query}“: gib seine ID oder einen Teil seines Namens an.",
        },
        Refused {
            en: "Sorry, you can look up only the accounts you own, and none of yours matches “{query}”. Your CSM lead can look up any account.",
            de: "Tut mir leid, Sie können nur Ihre eigenen Accounts ansehen, und keiner davon passt zu „{query}“. Ihr CSM-Lead kann jeden Account ansehen.",
        },
    }
}
