//! The sentence guards: after a trigger phrase matched, does the sentence state intent?
//!
//! Each guard is a word list the CSM lead edits in the taxonomy, plus, for two of them,
//! a rule no list can express. A guard word inside a "still intent" phrase ("if
//! possible", "would like", "not enough") does not count.
//! - conditional (hedges: "if", "would", "might", "someday"): anywhere in the sentence;
//! - objection ("too expensive", "missing"): in the trigger's clause or after it, or in
//!   the clause that frames the trigger's "that"/"dass" clause ("Es ärgert uns, dass …");
//! - negation ("not", "no", "never"): in the clause of the trigger;
//! - past event ("last year", "already"): in the clause of the trigger, or the trigger's
//!   own verb in the past tense ("added" for a phrase that says "add");
//! - other party ("sister company", "competitor"): in the clause of the trigger, a
//!   capitalised name before a vendor verb ("Acme offers SSO"), or a closing hearsay or
//!   "not for us" clause after a trigger not in the customer's voice.
//! - courtesy: "If you could …, that would really help" asks; it is no condition.
//!
//! A rule cannot tell every past or foreign subject from grammar alone; what it misses
//! belongs in the SKU's negative-example phrases.

use crate::references::pattern::Span;
use crate::references::{Pattern, Taxonomy};
use crate::text::{self, Lang, Token};

/// Why a sentence with a trigger phrase is not a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GuardKind {
    Conditional,
    Objection,
    Negation,
    Past,
    OtherParty,
}

impl GuardKind {
    pub const ALL: [GuardKind; 5] = [
        GuardKind::Conditional,
        GuardKind::Objection,
        GuardKind::Negation,
        GuardKind::Past,
        GuardKind::OtherParty,
    ];

    /// Plain words for digests and explanations.
    pub fn label(self) -> &'static str {
        match self {
            GuardKind::Conditional => "conditional or hedge",
            GuardKind::Objection => "price objection or complaint",
            GuardKind::Negation => "negation",
            GuardKind::Past => "past event",
            GuardKind::OtherParty => "another company or a competitor",
        }
    }

    /// The key in JSON diagnostics and `eval` output.
    pub fn key(self) -> &'static str {
        match self {
            GuardKind::Conditional => "conditional",
            GuardKind::Objection => "objection",
            GuardKind::Negation => "negation",
            GuardKind::Past => "past",
            GuardKind::OtherParty => "other_party",
        }
    }
}

/// A guard that fired, with the words that made it fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardHit {
    pub kind: GuardKind,
    pub marker: String,
}

/// Verbs that put a product in a vendor's hands ("Acme offers SSO").
const EN_VENDOR_VERBS: &[&str] = &[
    "offers",
    "provides",
    "includes",
    "gives",
    "has",
    "charges",
    "bundles",
    "sells",
    "ships",
    "throws",
    "comes",
    "lets",
    "supports",
    "promises",
    "advertises",
    "markets",
];

/// Capitalised words that are not another company's name.
const EN_NOT_A_NAME: &[&str] = &[
    // Words that open a request: "Please add us to the plan that gives us SSO".
    "please",
    "whatever",
    "can",
    "could",
    "would",
    "do",
    "let",
    "i",
    "we",
    "our",
    "you",
    "your",
    "they",
    "their",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "the",
    "a",
    "an",
    "so",
    "and",
    "but",
    "or",
    "well",
    "yeah",
    "yes",
    "no",
    "ok",
    "okay",
    "honestly",
    "frankly",
    "basically",
    "actually",
    "also",
    "now",
    "then",
    "right",
    "look",
    "listen",
    "plus",
    "hey",
    "sure",
    "oh",
    "um",
    "like",
    "just",
    "what",
    "when",
    "if",
    "because",
    "since",
    "as",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "my",
    "me",
    "us",
    "he",
    "she",
    "there",
    "here",
    "everyone",
    "anyway",
    "still",
    "again",
    "maybe",
    "enterprise",
    "premium",
    "pro",
    "business",
    "starter",
    "team",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "currently",
    "today",
    "legal",
    "finance",
    "procurement",
    "security",
    "marketing",
    "sales",
    "ops",
    "hr",
    "engineering",
    "support",
    "leadership",
    "management",
    "compliance",
    "product",
    "it",
    "everybody",
    "nobody",
    "someone",
    "board",
    "ceo",
    "cfo",
    "cio",
    "cto",
    "ciso",
];

/// Words that begin a clause stating a consequence as fact: a hedge before it does not
/// reach the trigger after it ("If we go down it is a disaster, so we want an SLA").
const EN_CONSEQUENCE: &[&str] = &["so", "therefore", "hence"];

/// Irregular past forms that do not end in "-ed" ("hit", "ran", "got" are left out:
/// "we hit the seat limit" and "we ran out of room" are pressure, not history).
const EN_IRREGULAR_PAST: &[&str] = &[
    "bought", "had", "went", "did", "made", "paid", "spent", "took", "gave", "sent", "was", "were",
    "moved", "signed",
];

/// Auxiliaries before a participle that make it a state, not a past event
/// ("seats are needed").
const BE: &[&str] = &[
    "is", "are", "am", "be", "been", "being", "get", "gets", "getting",
];

/// Words after which a past form describes a noun rather than tells what happened: "a
/// guaranteed uptime SLA", "the number of licensed users", "our automated reports", "add
/// them as licensed users".
const BEFORE_ADJECTIVE: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "your",
    "their",
    "my",
    "of",
    "more",
    "with",
    "as",
    "extra",
    "new",
    "additional",
    "some",
    "any",
    "these",
    "those",
];

/// Wishes after which a past form says how they want something, not what happened:
/// "wants the product rolled out to sales", "we need them added by Monday".
const WISH: &[&str] = &[
    "want", "wants", "need", "needs", "like", "love", "require", "requires", "expect", "expects",
    "keen", "get", "gets", "hope", "hoping",
];

/// Words that may follow a "could" opening a request about the customer's own people
/// ("Could our new starters get logins?", "Could I get a quote for ten more seats?"):
/// a subject. "it" is left out: "Could it be that …" hedges.
const REQUEST_SUBJECTS: &[&str] = &[
    "our",
    "the",
    "my",
    "i",
    "all",
    "each",
    "every",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "those",
    "these",
    "they",
    "he",
    "she",
];

/// Tokens before a past form within which a wish makes it an object's state.
const WISH_REACH: usize = 5;

/// A regular past form of more than four letters: "added", "needed" (not "need", not
/// "seed", not "indeed", not "used").
fn is_past_form(t: &Token) -> bool {
    t.norm.len() > 4 && text::is_past_form(&t.norm, &t.stem)
}

/// Participles after "have"/"has" that do not tell of a finished event: a need or a
/// pressure that goes on ("we've maxed out our seats") and growth that is the reason
/// for the ask ("we've hired six reps and they need logins").
const NOT_PERFECT_PAST: &[&str] = &[
    "maxed",
    "reached",
    "outgrown",
    "hit",
    "run",
    "grown",
    "struggled",
    "tried",
    "waited",
    "hoped",
    "been",
    "got",
    "gotten",
    "started",
    "talked",
    "discussed",
    "looked",
    "seen",
    "noticed",
    "realized",
    "found",
    "heard",
    // Growth that is the reason for the ask: "we've hired six reps and they need".
    "hired",
    "recruited",
    "onboarded",
    "acquired",
    "merged",
    "opened",
    "launched",
    "doubled",
    "tripled",
    "won",
    "landed",
];

/// Departments a colleague is named by ("Trudy from risk", "Kwame in IT").
const DEPARTMENTS: &[&str] = &[
    "it",
    "finance",
    "legal",
    "risk",
    "security",
    "infosec",
    "procurement",
    "hr",
    "ops",
    "operations",
    "sales",
    "marketing",
    "support",
    "engineering",
    "compliance",
    "accounting",
    "purchasing",
    "payroll",
    "people",
    "product",
    "data",
    "leadership",
    "management",
    "admin",
];

/// Past verbs that relay or open a request rather than tell of a finished event: "The
/// CFO asked for dashboards", "The board approved ten more seats". The first four of
/// them are the verbs of asking ([`RELAYED_ASKS`]).
const RELAYED: &[&str] = &[
    "asked",
    "requested",
    "demanded",
    "insisted",
    "approved",
    "agreed",
    "decided",
    "mentioned",
    "said",
    "told",
    "wanted",
    "needed",
    "suggested",
    "flagged",
    "confirmed",
    "signed",
    "budgeted",
    "allocated",
    "earmarked",
    "pushed",
    "raised",
    "noticed",
];

/// The verbs of asking among [`RELAYED`] (its first four): after one of the customer's
/// own people they relay an ask ([`Context::relayed_ask`]).
const RELAYED_ASKS: &[&str] = RELAYED.split_at(4).0;

/// People of the customer's own house who relay an ask ("The COO asked for charts").
const OWN_ROLES: &[&str] = &[
    "boss",
    "manager",
    "director",
    "vp",
    "ceo",
    "cfo",
    "coo",
    "cio",
    "cto",
    "ciso",
    "head",
    "lead",
    "founder",
    "owner",
    "chair",
    "president",
];

/// Nouns of the customer's own house that open a sentence as if they were a name.
const OWN_NOUNS: &[&str] = &[
    "budget",
    "headcount",
    "hiring",
    "board",
    "team",
    "everybody",
    "head",
    "headquarters",
    "hq",
    "corporate",
    "group",
];

/// Whether the words from a name up to its verb name a colleague by department: "Trudy
/// from risk has …", "Kwame in IT offers …" (a company would be "Priya from Acme").
fn colleague(name_to_verb: &[Token]) -> bool {
    name_to_verb.windows(3).any(|w| {
        matches!(w[1].norm.as_str(), "from" | "in" | "on")
            && DEPARTMENTS.contains(&w[2].norm.as_str())
    })
}

/// The built-in grammar words of one language (what no taxonomy list can express).
struct RuleWords {
    vendor_verbs: &'static [&'static str],
    not_a_name: &'static [&'static str],
    consequence: &'static [&'static str],
    subjects: &'static [&'static str],
    irregular_past: &'static [&'static str],
    /// Words opening a question or relative clause ([`Context::asked_about`]).
    question: &'static [&'static str],
    /// Words that put a clause in the customer's own voice besides the first person
    /// ([`Context::first_in_subject`]).
    own_voice: &'static [&'static str],
    /// When an "if" describes a wanted rule ([`Context::describes_rule`]).
    rule_if: RuleIf,
    /// Verbs of asking that relay a question ([`Context::relayed_question`]).
    relay_ask: RelayAsk,
    /// Verbs of saying: a "dass" clause after one is reported speech
    /// ([`Context::first_in_subject`]).
    reporting: &'static [&'static str],
    /// A closing disclaimer ([`Context::disowning_tail`]).
    not_us: NotUs,
    /// Whether a closing clause reports what someone else said ([`Context::disowning_tail`]).
    closing_hearsay: fn(&[&str]) -> bool,
    /// The customer's own group ([`Context::own_group_asks`]).
    own_group: OwnGroup,
    lang: Lang,
}

impl RuleWords {
    /// "we", "our", "please", "wir", "bitte": the customer speaking for themselves.
    fn is_own_voice(&self, norm: &str) -> bool {
        self.lang.first_person().contains(&norm) || self.own_voice.contains(&norm)
    }
}

const EN_RULES: RuleWords = RuleWords {
    vendor_verbs: EN_VENDOR_VERBS,
    not_a_name: EN_NOT_A_NAME,
    consequence: EN_CONSEQUENCE,
    subjects: Lang::En.subject_pronouns(),
    irregular_past: EN_IRREGULAR_PAST,
    question: EN_QUESTION,
    own_voice: &["please"],
    rule_if: RULE_IF_EN,
    relay_ask: RELAY_ASK_EN,
    reporting: &[],
    not_us: NOT_US_EN,
    closing_hearsay: is_hearsay,
    own_group: OWN_GROUP_EN,
    lang: Lang::En,
};

const DE_RULES: RuleWords = RuleWords {
    vendor_verbs: DE_VENDOR_VERBS,
    not_a_name: DE_NOT_A_NAME,
    consequence: DE_CONSEQUENCE,
    subjects: Lang::De.subject_pronouns(),
    irregular_past: DE_PAST_FORMS,
    question: DE_QUESTION,
    own_voice: &["bitte"],
    rule_if: RULE_IF_DE,
    relay_ask: RELAY_ASK_DE,
    reporting: DE_REPORTING,
    not_us: NOT_US_DE,
    closing_hearsay: is_hearsay_de,
    own_group: OWN_GROUP_DE,
    lang: Lang::De,
};

/// Question and relative words after which a past marker says what the customer wants to
/// find out or which thing they mean. "What" and "when" are left out: "twice what our old
/// tool charged" and "when the interns came two years ago" do tell of the past.
const EN_QUESTION: &[&str] = &["why", "how", "where", "which", "who", "whom", "that"];
const DE_QUESTION: &[&str] = &[
    "warum", "wieso", "weshalb", "wie", "was", "wann", "wo", "welche",
];

fn rules(lang: Lang) -> &'static RuleWords {
    match lang {
        Lang::En => &EN_RULES,
        Lang::De => &DE_RULES,
    }
}

/// "Acme bietet SSO": verbs that put a product in a vendor's hands.
const DE_VENDOR_VERBS: &[&str] = &[
    "bietet",
    "bieten",
    "liefert",
    "hat",
    "haben",
    "enthält",
    "beinhaltet",
    "gibt",
    "verkauft",
    "verlangt",
    "berechnet",
    "unterstützt",
    "verspricht",
    "wirbt",
    "bündelt",
    "schenkt",
    "packt",
    "legt",
    "kann",
];

/// Capitalised German words that are not a company's name. Every German noun is
/// capitalised, so the German rule also needs the name to stand without an article or
/// possessive before it (see [`Context::vendor`]); this list holds what stands bare:
/// pronouns, sentence openers, departments, plans, weekdays and months.
const DE_NOT_A_NAME: &[&str] = &[
    // Pronouns, capitalised in the polite form: "bei Ihnen" is the vendor we talk to.
    "ihnen",
    "ihrem",
    "ihren",
    "ihrer",
    "euch",
    "uns",
    "mir",
    "ich",
    "wir",
    "unser",
    "unsere",
    "sie",
    "ihr",
    "ihre",
    "du",
    "dein",
    "euer",
    "eure",
    "es",
    "er",
    "man",
    "das",
    "der",
    "die",
    "dies",
    "diese",
    "dieser",
    "dieses",
    "ein",
    "eine",
    "und",
    "aber",
    "oder",
    "also",
    "ja",
    "nein",
    "ok",
    "okay",
    "gut",
    "na",
    "naja",
    "ehrlich",
    "eigentlich",
    "auch",
    "jetzt",
    "dann",
    "da",
    "hier",
    "dort",
    "schau",
    "hör",
    "hey",
    "bitte",
    "klar",
    "ähm",
    "äh",
    "hm",
    "wenn",
    "weil",
    "falls",
    // Adverbs that open a sentence: "Inzwischen hat jeder sein eigenes Login".
    "inzwischen",
    "mittlerweile",
    "momentan",
    "aktuell",
    "derzeit",
    "zurzeit",
    "heute",
    "morgen",
    "bisher",
    "bislang",
    "außerdem",
    "zudem",
    "leider",
    "natürlich",
    "trotzdem",
    "deshalb",
    "daher",
    "gerade",
    "bald",
    "immer",
    "oft",
    "manchmal",
    "seitdem",
    "danach",
    "später",
    "nun",
    "sonst",
    "für",
    "mit",
    "bei",
    "von",
    "zu",
    "in",
    "im",
    "am",
    "an",
    "auf",
    "aus",
    "nach",
    "seit",
    "noch",
    "schon",
    "wieder",
    "vielleicht",
    "jeder",
    "jede",
    "alle",
    "niemand",
    "jemand",
    "enterprise",
    "premium",
    "pro",
    "business",
    "starter",
    "team",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "aktuell",
    "derzeit",
    "heute",
    "legal",
    "recht",
    "rechtsabteilung",
    "finanzen",
    "finance",
    "controlling",
    "buchhaltung",
    "einkauf",
    "beschaffung",
    "sicherheit",
    "security",
    "marketing",
    "vertrieb",
    "sales",
    "personal",
    "hr",
    "it",
    "entwicklung",
    "engineering",
    "support",
    "kundenservice",
    "leitung",
    "geschäftsführung",
    "management",
    "vorstand",
    "compliance",
    "datenschutz",
    "produkt",
    "betriebsrat",
    "ceo",
    "cfo",
    "cio",
    "cto",
    "ciso",
    "wie",
    "was",
    "wann",
    "warum",
];

/// Capitalised nouns after "bei" that are not a vendor ("bei Bedarf", "bei Fragen").
const DE_NOT_A_VENDOR_AFTER_BEI: &[&str] = &[
    "bedarf",
    "bedarfsfall",
    "gelegenheit",
    "interesse",
    "fragen",
    "problemen",
    "verlängerung",
    "vertragsverlängerung",
    "abschluss",
    "gelegenheit",
    "gelegenheiten",
    "neukunden",
    "kunden",
    "bestandskunden",
    "projekten",
    "projektstart",
    "start",
    "einführung",
    "onboarding",
    "wachstum",
];

/// Endings of German common nouns: derivation suffixes ("Störung", "Krankheit"),
/// dative plurals ("bei Fragen", "bei Ausfällen", "bei Mitarbeitern") and compound
/// heads that name an occasion ("Lieferverzug", "Schichtbeginn", "Vertragsende").
/// After "bei" such a word names a situation, not a company: "Bei Störungen brauchen
/// wir …" states a rule of our own. Vendor names rarely end this way; one that does
/// is still caught by the other-party list.
const DE_COMMON_NOUN_ENDINGS: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tät", "täten",
    "ion", "ionen", "nis", "nissen", "en", "ern", "fall", "fällen", "zug", "beginn", "ende",
    "start", "antritt", "eintritt", "austritt", "wechsel", "bedarf", "anfrage", "urlaub",
    "verlust", "engpass", "umzug",
];

/// German modals that open a polite question when "Sie" follows ([`Context::not_a_hedge`]).
const DE_POLITE_MODALS: &[&str] = &["hätten", "würden", "könnten"];

/// Verbs of asking that relay a question, and the object pronouns that may follow them
/// ([`Context::relayed_question`]).
struct RelayAsk {
    verbs: &'static [&'static str],
    objects: &'static [&'static str],
    /// Subjects of a relayed question that make it the asker's own.
    third_persons: &'static [&'static str],
    /// Words that open the relayed question: "if", "whether", "ob".
    opening: &'static [&'static str],
    /// Modals of a request inside it: "asked if their analysts could …".
    modals: &'static [&'static str],
}

const RELAY_ASK_EN: RelayAsk = RelayAsk {
    verbs: &["ask", "asks", "asked", "asking"],
    objects: &["me", "us", "him", "her", "them", "you"],
    third_persons: &["they", "he", "she", "it"],
    opening: &["if", "whether"],
    modals: &["could", "can"],
};

const RELAY_ASK_DE: RelayAsk = RelayAsk {
    verbs: &[
        "fragen",
        "fragt",
        "fragte",
        "fragten",
        "gefragt",
        "frage",
        "nachfragen",
        "nachgefragt",
    ],
    objects: &["mich", "uns", "ihn", "euch"],
    third_persons: &["sie", "er", "es"],
    opening: &["ob"],
    modals: &["könnten", "könnte"],
};

/// Words that make a conditional describe how the wanted thing should behave rather
/// than hedge the ask ([`Context::describes_rule`]): "a workflow where if a deal closes
/// …", "a rule that if stock drops …", "set it up so that if …", "an alert if …",
/// "escalate automatically if …"; "eine Regel, dass wenn …", "eine Benachrichtigung,
/// wenn …"; and, with [`Context::opens_rule`], an opening "if" whose main clause says the
/// thing then happens by itself.
struct RuleIf {
    /// Joining words right before the "if": "where", "that", "so".
    joins: &'static [&'static str],
    /// Words of a rule ("workflow", "set it up") up to three words before the joining
    /// word.
    rules: &'static [&'static str],
    /// Words that make the "if" a rule when right before it, besides the `notices`
    /// ("an alert if …") and the `by_itself` words ("automatically if …").
    right_before: &'static [&'static str],
    /// Words of a main clause after an opening "if" that make the "if" a rule: "If a
    /// deal closes, a task should be created automatically" ([`Context::opens_rule`];
    /// "von selbst" is read as a pair).
    by_itself: &'static [&'static str],
    /// Words of a message the customer wants, which make an "if" opening the next
    /// clause say when it comes: "a message in Slack, if a big order comes in" (so do the
    /// `by_itself` words: "… automatisch angelegt werden, wenn …").
    notices: &'static [&'static str],
}

const RULE_IF_EN: RuleIf = RuleIf {
    joins: &["where", "that", "so", "whereby"],
    rules: &[
        "rule",
        "rules",
        "workflow",
        "workflows",
        "automation",
        "automations",
        "trigger",
        "triggers",
        "flow",
        "flows",
        "logic",
        "way",
        "up",
        "setting",
        "something",
        "alert",
        "alerts",
    ],
    right_before: &[],
    by_itself: &["automatically", "itself", "themselves"],
    notices: &[
        "alert",
        "alerts",
        "notification",
        "notifications",
        "reminder",
        "reminders",
        "warning",
        "warnings",
        "message",
        "email",
        "ping",
    ],
};

const RULE_IF_DE: RuleIf = RuleIf {
    joins: &["dass", "sodass"],
    rules: &[
        "regel",
        "regeln",
        "workflow",
        "workflows",
        "automatisierung",
        "automatik",
        "ablauf",
        "trigger",
        "einstellung",
        "logik",
    ],
    right_before: &["selbst"],
    by_itself: &[
        "automatisch",
        "automatische",
        "automatischen",
        "automatisiert",
        "selbstständig",
        "selbständig",
        "selbsttätig",
    ],
    notices: &[
        "alarm",
        "benachrichtigung",
        "benachrichtigungen",
        "erinnerung",
        "erinnerungen",
        "warnung",
        "warnungen",
        "hinweis",
        "nachricht",
        "nachrichten",
        "meldung",
        "meldungen",
        "email",
        "mail",
        "sms",
        "push",
    ],
};

/// The words after an English "if" that make it a purpose the main clause answers with
/// a need: "If we want to pass the audit, we need SSO", "If we're going to roll this
/// out, …" ([`Context::purpose_if`]). "If we decide to …" and "If we wanted to …" still
/// hedge.
const PURPOSE_IF_EN: &[[&str; 3]] = &[
    ["we", "want", "to"],
    ["i", "want", "to"],
    ["we", "are", "to"],
    ["we", "are", "going"],
];

/// Verbs of people joining, whose relative clause without "that" or "who" may carry a
/// past marker after the trigger: "more seats for the people we hired last month"
/// ([`Context::of_newcomers`]).
const JOINED_EN: &[&str] = &[
    "hired",
    "joined",
    "started",
    "onboarded",
    "recruited",
    "brought",
    "took",
    "welcomed",
];

/// Plural words for people that a relative clause without "that" may follow: "the
/// designers we hired last month" ([`Context::newcomers_clause`]).
const NEWCOMERS_EN: &[&str] = &[
    "people",
    "folks",
    "hires",
    "starters",
    "recruits",
    "staff",
    "employees",
    "colleagues",
    "members",
    "ones",
    "guys",
    "teachers",
    "nurses",
    "doctors",
    "designers",
    "engineers",
    "developers",
    "reps",
    "agents",
    "drivers",
    "interns",
    "contractors",
    "consultants",
    "analysts",
    "managers",
    "technicians",
    "accountants",
    "lawyers",
    "associates",
    "volunteers",
    "workers",
    "temps",
];

/// Endings of German words for a unit of the customer's own house: "Personalabteilung",
/// "Geschäftsleitung", "Fachbereich", "Betriebsrat".
const DE_OWN_UNIT_ENDINGS: &[&str] = &[
    "abteilung",
    "leitung",
    "bereich",
    "betriebsrat",
    "aufsichtsrat",
    "beirat",
    "team",
];

/// The first token of the hyphenated compound that token `i` ends ("Compliance" in
/// "Compliance-Abteilung").
fn compound_head(tokens: &[Token], i: usize) -> usize {
    let mut j = i;
    while j > 0 && tokens[j].glued {
        j -= 1;
    }
    j
}

/// Whether a capitalised German word has the shape of a common noun (see
/// [`DE_COMMON_NOUN_ENDINGS`]); short words are left alone ("Zen", "Ion").
fn common_noun_shape_de(norm: &str) -> bool {
    norm.chars().count() > 4 && DE_COMMON_NOUN_ENDINGS.iter().any(|e| norm.ends_with(e))
}

/// A closing clause that reports what someone else said: "they told me", "he said",
/// "they mentioned it at the user group", "or so I heard", "I was told", "apparently",
/// "according to their IT team".
fn is_hearsay(words: &[&str]) -> bool {
    const WHO: &[&str] = &["they", "he", "she"];
    const SAID: &[&str] = &[
        "told",
        "tell",
        "tells",
        "said",
        "says",
        "mentioned",
        "mention",
    ];
    let reported = |who: &str, said: &str| WHO.contains(&who) && SAID.contains(&said);
    match words {
        ["apparently"] | ["i" | "we", "heard"] | ["so", "i" | "we", "heard" | "hear"] => true,
        ["i" | "we", "was" | "were", "told"] | ["or", "so", "i" | "we", "heard" | "hear"] => true,
        // "they mentioned it at the user group", "according to their IT team".
        [who, said, ..] if words.len() <= 7 && reported(who, said) => true,
        // "according to their IT team", not "according to our policy".
        ["according", "to", "their" | "his" | "her", ..] => words.len() <= 6,
        _ => false,
    }
}

/// The customer's own group in one language ([`Context::own_group_asks`]).
struct OwnGroup {
    /// Words naming it ("parent", "head", "holding").
    words: &'static [&'static str],
    /// Beginnings of compounds naming it ("Mutterkonzern", "Schwesterklinik").
    prefixes: &'static [&'static str],
    /// Words before a name of the group ("our", "the", "unsere", "die").
    determiners: &'static [&'static str],
    /// The customer as subject of a need ("we need"; German either side: "müssen wir").
    we: &'static [&'static str],
    /// The customer as object after a need ("wants us").
    us: &'static [&'static str],
    /// Verbs that take the need on only with "us" after them ("asked us to …", not "we
    /// asked them why").
    asks_of_us: &'static [&'static str],
    /// Words of need next to which "we"/"us" takes the need on ("we need", "wants us").
    needs: &'static [&'static str],
    /// Needs after "would" ("we would like").
    after_would: &'static [&'static str],
    /// Needs before "to" ("we have to").
    before_to: &'static [&'static str],
    /// Modals that ask when "you"/"we" and a verb of setting up follow ("can you set
    /// that up", "können wir das einrichten").
    ask_modals: &'static [&'static str],
    /// Verbs of setting something up for the customer.
    set_up: &'static [&'static str],
    /// Words after the group that keep the need theirs ("for their staff").
    theirs: &'static [&'static str],
    /// "our", "unsere": the group is the customer's.
    possessive: &'static [&'static str],
    /// Verbs of a rule set for the customer ("requires", "verlangt").
    requires: &'static [&'static str],
}

impl OwnGroup {
    fn names(&self, norm: &str) -> bool {
        self.words.contains(&norm) || self.prefixes.iter().any(|p| norm.starts_with(p))
    }

    /// Whether token `k` of the sentence is a word of need.
    fn need_at(&self, ctx: &Context, k: usize) -> bool {
        let w = ctx.word(k);
        self.needs.contains(&w)
            || self.after_would.contains(&w) && k > 0 && ctx.word(k - 1) == "would"
            || self.before_to.contains(&w) && ctx.word(k + 1) == "to"
    }

    /// Whether the customer takes on the need at token `k`: "we need", "we'd like",
    /// "wants us", "wir brauchen", "müssen wir".
    fn takes_on_at(&self, ctx: &Context, k: usize) -> bool {
        let before = (k.saturating_sub(2)..k).any(|j| self.we.contains(&ctx.word(j)));
        let after = ctx.lang == Lang::De && (k + 1..k + 3).any(|j| self.we.contains(&ctx.word(j)));
        let asks_us = self.asks_of_us.contains(&ctx.word(k)) && self.us.contains(&ctx.word(k + 1));
        self.need_at(ctx, k) && (before || after || self.us.contains(&ctx.word(k + 1))) || asks_us
    }

    /// Whether token `k` opens a request to the vendor: "please" / "bitte" (the words of
    /// [`RuleWords::own_voice`]), "can you", "können wir"
    /// or "können Sie" with a verb of setting up within four words ("please get us onto
    /// the tier", "can you set that up", not "please note" or "can you believe it"; "sie"
    /// only capitalised, as "Sie").
    fn request_at(&self, ctx: &Context, k: usize) -> bool {
        let w = ctx.word(k);
        let addressee = ctx
            .tokens
            .get(k + 1)
            .is_some_and(|n| match n.norm.as_str() {
                "you" | "we" | "wir" => true,
                "sie" => n.titlecase,
                _ => false,
            });
        let sets_up = |from: usize| (from..k + 6).any(|j| self.set_up.contains(&ctx.word(j)));
        ctx.rules.own_voice.contains(&w) && sets_up(k + 1)
            || self.ask_modals.contains(&w) && addressee && sets_up(k + 2)
    }
}

const OWN_GROUP_EN: OwnGroup = OwnGroup {
    words: &[
        "parent",
        "holding",
        "head",
        "headquarters",
        "hq",
        "group",
        "corporate",
        "sister",
    ],
    prefixes: &[],
    determiners: &["our", "the", "whole", "entire"],
    we: &["we"],
    us: &["us"],
    asks_of_us: &["asked", "told"],
    needs: &[
        "need", "needs", "want", "wants", "require", "requires", "must", "expect", "expects",
        "insist", "insists",
    ],
    after_would: &["like", "love"],
    before_to: &["have", "has", "got"],
    ask_modals: &["can", "could"],
    set_up: &[
        "set",
        "add",
        "enable",
        "turn",
        "switch",
        "sort",
        "arrange",
        "configure",
        "get",
        "help",
        "connect",
        "do",
    ],
    theirs: &["their", "theirs"],
    possessive: &["our"],
    requires: &["requires", "require", "mandates", "mandate", "insists"],
};

const OWN_GROUP_DE: OwnGroup = OwnGroup {
    words: &["holding", "zentrale", "konzernzentrale"],
    prefixes: &["mutter", "konzern", "schwester"],
    determiners: &[
        "unser", "unsere", "unserer", "unseres", "unserem", "unseren", "die", "der", "des", "dem",
        "den", "ganzen", "gesamten",
    ],
    we: &["wir"],
    us: &["uns"],
    asks_of_us: &[],
    needs: &[
        "brauchen",
        "brauche",
        "braucht",
        "bräuchten",
        "benötigen",
        "müssen",
        "muss",
        "wollen",
        "will",
        "möchten",
        "möchte",
        "sollen",
        "soll",
        "verlangt",
        "verlangen",
        "fordert",
    ],
    after_would: &[],
    before_to: &[],
    ask_modals: &["können", "könnten"],
    set_up: &[
        "einrichten",
        "freischalten",
        "anbinden",
        "aktivieren",
        "umstellen",
        "hinzufügen",
        "anlegen",
        "machen",
        "liefern",
        "bereitstellen",
        "bekommen",
        "einstellen",
        "kriegen",
    ],
    theirs: &["ihre", "ihren", "ihrem", "ihrer", "deren"],
    possessive: &[
        "unser", "unsere", "unserer", "unseres", "unserem", "unseren",
    ],
    requires: &[
        "verlangt",
        "verlangen",
        "fordert",
        "fordern",
        "vorgeschrieben",
        "vorschreibt",
    ],
};

/// The words of a closing disclaimer in one language ([`is_not_us`]).
struct NotUs {
    us: &'static [&'static str],
    not: &'static [&'static str],
    /// "for" in "not for us".
    for_word: &'static str,
    /// The auxiliary in "we do not", "we are not".
    aux: &'static [&'static str],
    /// Words that make the clause something else: "not just the two of us", a purpose
    /// or threat ("damit wir nicht …", "sonst …"), a lack ("das reicht uns nicht mehr").
    but_not_this: &'static [&'static str],
}

const NOT_US_EN: NotUs = NotUs {
    us: &["we", "us"],
    not: &["not", "no"],
    for_word: "for",
    aux: &["do", "are", "have"],
    but_not_this: &[
        "just",
        "only",
        "otherwise",
        "so",
        "or",
        "enough",
        "more",
        "anymore",
        "longer",
    ],
};

const NOT_US_DE: NotUs = NotUs {
    us: &["wir", "uns"],
    not: &["nicht", "kein", "keine"],
    for_word: "für",
    aux: &[],
    but_not_this: &[
        "nur", "so", "damit", "sonst", "oder", "reicht", "reichen", "genügt", "mehr",
    ],
};

/// A closing clause that says the thing is not for the customer: "we" or "us" next to
/// a negation ("wir nicht", "not us", "not for us", "für uns nicht nötig"), but not
/// "not just the two of us", "nicht nur wir" or a purpose or threat ("damit wir
/// nicht …", "sonst dürfen wir das nicht nutzen") or a lack ("das reicht uns nicht
/// mehr").
fn is_not_us(w: &NotUs, words: &[&str]) -> bool {
    if words.iter().any(|x| w.but_not_this.contains(x)) {
        return false;
    }
    let (us, not) = (|x: &&str| w.us.contains(x), |x: &&str| w.not.contains(x));
    let next_to = words
        .windows(2)
        .any(|p| (us(&p[0]) && not(&p[1])) || (not(&p[0]) && us(&p[1])));
    // "not for us", "we don't" ("we do not").
    let not_for_us = words.windows(3).any(|p| {
        not(&p[0]) && p[1] == w.for_word && us(&p[2])
            || us(&p[0]) && w.aux.contains(&p[1]) && not(&p[2])
    });
    next_to
        || not_for_us
        || words.first().is_some_and(|x| *x == w.for_word)
            && words.get(1).is_some_and(us)
            && words.iter().any(not)
}

/// A German closing clause that reports what someone else said: "hab ich auf der
/// Messe gehört", "habe ich gelesen", "wurde mir erzählt", "sagt er", "angeblich".
fn is_hearsay_de(words: &[&str]) -> bool {
    const HAVE: &[&str] = &["hab", "habe", "hat", "haben", "wurde", "wurden"];
    const WHO: &[&str] = &["ich", "wir", "er", "sie", "man", "mir", "uns"];
    const HEARD: &[&str] = &["gehört", "gelesen", "erzählt", "gesagt", "mitbekommen"];
    const LEARNT: &[&str] = &["gehört", "gelesen", "mitbekommen"];
    const SAYS: &[&str] = &["sagt", "sagte", "meint", "meinte", "erzählt", "erzählte"];
    match words {
        ["angeblich"] => true,
        [says, "er" | "sie" | "man"] => SAYS.contains(says),
        // "hab ich … gehört" (I heard), "hat mir … erzählt" (told me); not "hab ich
        // dem Vertrieb gesagt" (I told sales).
        [have, who, .., heard] if words.len() <= 8 => {
            let heard_by_me = matches!(*who, "ich" | "wir") && LEARNT.contains(heard);
            let told = !matches!(*who, "ich" | "wir") && HEARD.contains(heard);
            HAVE.contains(have) && WHO.contains(who) && (heard_by_me || told)
        }
        _ => false,
    }
}

/// German verbs of saying: a "dass" clause after one is what someone else said
/// ([`Context::first_in_subject`]).
const DE_REPORTING: &[&str] = &[
    "erzählt",
    "erzählte",
    "gesagt",
    "sagt",
    "sagte",
    "meinte",
    "meint",
    "berichtet",
    "berichtete",
    "gehört",
    "erwähnt",
    "erwähnte",
    "behauptet",
    "schreibt",
    "schrieb",
];

/// Words opening a clause that states a consequence ("…, also brauchen wir SSO").
///
/// A German main clause after a "wenn"/"falls" clause that opens with "muss" or "soll"
/// states a rule, not a hedge ("Wenn jemand geht, muss sein Zugang sofort weg sein");
/// these count only as the first word of their clause (see [`Context::first_conditional`]).
const DE_CONSEQUENCE: &[&str] = &[
    "also", "deshalb", "deswegen", "daher", "darum", "sodass", "muss", "müssen", "soll", "sollen",
];

/// German simple-past forms that mark a finished purchase or change ("kauften",
/// "hatten"). Not "brauchten": "wir brauchten mehr Plätze" is usually still true.
const DE_PAST_FORMS: &[&str] = &[
    "kaufte",
    "kauften",
    "hatte",
    "hatten",
    "buchte",
    "buchten",
    "bestellte",
    "bestellten",
    "zahlte",
    "zahlten",
    "bezahlte",
    "bezahlten",
    "erweiterte",
    "erweiterten",
    "wechselte",
    "wechselten",
    "stiegen",
    "stieg",
    "gab",
    "gaben",
    "schlossen",
    "schloss",
    "unterschrieben",
    "unterschrieb",
    "war",
    "waren",
    // "brauchten" is past; the polite "bräuchten" keeps its umlaut in the word's form.
    "brauchte",
    "brauchten",
];

/// Auxiliaries that with a participle make the German perfect ("haben … gekauft").
/// "ist/sind" are left out: "SSO ist gewünscht" is a state, not history.
const DE_PERFECT_AUX: &[&str] = &[
    "habe", "hast", "hat", "haben", "habt", "hatte", "hatten", "wurde", "wurden", "war", "waren",
];

/// Separable prefixes before "ge" in a participle ("hinzugekauft", "eingeführt").
const DE_PREFIXES: &[&str] = &[
    "hinzu", "dazu", "nach", "ein", "auf", "aus", "um", "ab", "an", "zu", "mit", "vor", "hoch",
    "frei", "",
];

/// Words that look like a participle but are not one; participles of asking and
/// wishing ("wir haben 20 Lizenzen angefragt" is a request still open); limits
/// reached, a present pressure ("wir haben das Limit erreicht") as "we hit the limit" is;
/// and approvals, which open a purchase rather than close one ("der Einkauf hat die
/// Freigabe erteilt").
const DE_NOT_PARTICIPLE: &[&str] = &[
    "gesamt",
    "gegen",
    "genug",
    "gern",
    "gerne",
    "gestern",
    "gemeinsam",
    "geplant",
    "gewünscht",
    "gewollt",
    "gebraucht",
    "gefragt",
    "gefordert",
    "gesucht",
    "gemeint",
    "gedacht",
    "gewohnt",
    "genau",
    "gerade",
    "geben",
    "gehen",
    "gelten",
    "gewinnen",
    "benötigt",
    "verlangt",
    "erwartet",
    "beantragt",
    "angefragt",
    "nachgefragt",
    "besprochen",
    "betont",
    "erwähnt",
    "erreicht",
    "ausgeschöpft",
    "aufgebraucht",
    "gesperrt",
    "freigegeben",
    "genehmigt",
    "bewilligt",
    "erteilt",
    "abgesegnet",
    "zugesagt",
    "budgetiert",
    "eingeplant",
];

/// A German past participle: "gekauft", "hinzugekauft", "eingeführt", "gewechselt".
/// Participles that name a wish rather than an event ("geplant", "gewünscht",
/// "gebraucht") are not counted.
fn is_participle_de(t: &Token) -> bool {
    let n = t.norm.as_str();
    let with_ge = (n.ends_with('t') || n.ends_with("en"))
        && DE_PREFIXES.iter().any(|p| {
            n.strip_prefix(p)
                .is_some_and(|r| r.starts_with("ge") && r.len() >= 5)
        });
    // Verbs with an inseparable prefix take no "ge": "erweitert", "bestellt",
    // "verlängert", "bezahlt".
    let inseparable = n.ends_with('t')
        && n.len() >= 7
        && ["be", "er", "ver", "ent", "zer"]
            .iter()
            .any(|p| n.starts_with(p));
    n.len() >= 6 && !DE_NOT_PARTICIPLE.contains(&n) && (with_ge || inseparable)
}

/// Articles, possessives and other determiners: a capitalised word after one of them is
/// a common noun ("unser Vertrieb", "das Team"), not a company.
fn is_determiner_de(t: &Token) -> bool {
    // A preposition fused with its article ("im Moment", "am Standort") also makes the
    // noun after it no company.
    const FUSED: &[&str] = &[
        "im", "am", "zum", "zur", "vom", "beim", "ins", "ans", "aufs",
    ];
    if FUSED.contains(&t.norm.as_str()) {
        return true;
    }
    const STARTS: &[&str] = &[
        "der", "die", "das", "den", "dem", "des", "ein", "unser", "euer", "eur", "ihr", "mein",
        "dein", "sein", "dies", "jed", "kein", "all", "viel", "manch", "welch",
    ];
    STARTS.iter().any(|s| t.norm.starts_with(s)) && t.norm.len() <= 7
}

/// The guard lists of one taxonomy.
#[derive(Debug, Clone, Default)]
pub struct Guards {
    conditional: Vec<Pattern>,
    objection: Option<Vec<Pattern>>,
    negation: Option<Vec<Pattern>>,
    past: Option<Vec<Pattern>>,
    other_party: Option<Vec<Pattern>>,
    still_intent: Vec<Pattern>,
}

impl Guards {
    pub fn new(tax: &Taxonomy) -> Guards {
        let g = &tax.guards;
        Guards {
            conditional: tax.conditionals.clone(),
            objection: g.objection.clone(),
            negation: g.negation.clone(),
            past: g.past.clone(),
            other_party: g.other_party.clone(),
            still_intent: g.still_intent.clone(),
        }
    }

    /// Where the "still intent" phrases occur in `tokens`: guard words inside them do
    /// not count. Found once per sentence, however many triggers are judged in it.
    pub fn still_spans(&self, tokens: &[Token]) -> Vec<Span> {
        self.still_intent
            .iter()
            .flat_map(|p| p.find_all(tokens))
            .collect()
    }

    /// The first guard that keeps the trigger at `trigger` (matched by `phrase`) from
    /// being a mention, or `None` when the sentence states intent. `still` holds the
    /// sentence's [`Guards::still_spans`].
    pub fn judge(
        &self,
        tokens: &[Token],
        still: &[Span],
        trigger: Span,
        phrase: &Pattern,
    ) -> Option<GuardHit> {
        let ctx = Context::new(tokens, trigger, phrase, still);
        let hit = |kind, marker: Option<String>| marker.map(|marker| GuardHit { kind, marker });
        hit(
            GuardKind::Conditional,
            ctx.first_conditional(&self.conditional),
        )
        .or_else(|| hit(GuardKind::Objection, ctx.first_objection(&self.objection)))
        .or_else(|| hit(GuardKind::Negation, ctx.first_negation(&self.negation)))
        .or_else(|| {
            let list = self.past.as_ref()?;
            let marker = ctx.first_where(list, |s| {
                ctx.counts(s, true) && !ctx.asked_about(s) && !ctx.of_newcomers(s)
            });
            hit(GuardKind::Past, marker.or_else(|| ctx.past_tense()))
        })
        .or_else(|| {
            let list = self.other_party.as_ref()?;
            let found = ctx.first_in_subject(list).or_else(|| ctx.vendor());
            hit(
                GuardKind::OtherParty,
                found.or_else(|| ctx.disowning_tail()),
            )
        })
    }
}

/// The sentence after a request, when it takes the request back.
impl Guards {
    /// The negation-guard phrase in the first piece of `answer` (up to a comma or the
    /// end), unless a "still intent" phrase covers it: anywhere in a piece of at most
    /// three words, after a word of emphasis at the end of one of at most eight ("At
    /// these prices certainly not."). After "Extra seats?", "No, not
    /// necessary.", "Not really.", "We don't.", "Nein danke.", "Brauchen wir nicht." and
    /// "Bei den Preisen sicher nicht." negate the question; "No rush, by March is
    /// fine." and "Nobody wants another password." do not. The marker reads "? " and
    /// the phrase ("? no"). A hedge answer of the conditional list ("Maybe, depends on
    /// hiring.", "Vielleicht.") sets the question aside as a condition ("? maybe").
    pub fn answer_takes_back(&self, answer: &[Token]) -> Option<GuardHit> {
        const SHORT: usize = 3;
        const LONG: usize = 8;
        let first = answer.first()?.chunk;
        let piece = answer.iter().take_while(|t| t.chunk == first).count();
        if piece > LONG {
            return None;
        }
        // "certainly not", "sicher nicht": an emphatic no ends a longer piece.
        let emphatic = |s: &Span| {
            s.end == piece
                && s.start
                    .checked_sub(1)
                    .and_then(|k| answer.get(k))
                    .is_some_and(|t| t.lang.yes_words().contains(&t.norm.as_str()))
        };
        let opens = |s: &Span| emphatic(s) || (piece <= SHORT && s.end <= piece);
        let no = self
            .negation
            .as_deref()
            .and_then(|list| self.first_free(list, answer, opens))
            .map(|hit| (GuardKind::Negation, hit));
        let (kind, hit) = no.or_else(|| {
            let hedge = self.first_free(&self.conditional, answer, opens)?;
            Some((GuardKind::Conditional, hedge))
        })?;
        Some(GuardHit {
            kind,
            marker: format!("? {hit}"),
        })
    }

    /// The objection-guard phrase in `next`, the sentence after a request, when it opens
    /// with a contrast word: "We want the add-on. But the price is absurd." and "SSO
    /// brauchen wir. Aber das ist zu teuer." object to the request before them.
    pub fn objection_after(&self, next: &[Token]) -> Option<GuardHit> {
        let opens = next.first()?;
        if !crate::text::is_contrast(opens.lang, &opens.norm) {
            return None;
        }
        let marker = self.first_free(self.objection.as_deref()?, next, |_| true)?;
        Some(GuardHit {
            kind: GuardKind::Objection,
            marker,
        })
    }

    /// The first phrase of `list` with a match in `tokens` that `keep` accepts and that
    /// no "still intent" phrase covers.
    fn first_free(
        &self,
        list: &[Pattern],
        tokens: &[Token],
        keep: impl Fn(&Span) -> bool,
    ) -> Option<String> {
        let still = self.still_spans(tokens);
        let free = |s: &Span| !still.iter().any(|m| m.start < s.end && s.start < m.end);
        list.iter().find_map(|p| {
            p.find_all(tokens)
                .iter()
                .any(|s| keep(s) && free(s))
                .then(|| p.source.clone())
        })
    }
}

/// Judging a sentence without a phrase span (the embedding stage's matches).
impl Guards {
    /// [`Guards::judge`] for a sentence that resembles `phrase` as a whole but holds no
    /// span of it: every clause is the trigger's clause, and the rules that look before
    /// the trigger (a subject in the past tense, a vendor's name) read the whole sentence.
    pub fn judge_sentence(&self, tokens: &[Token], phrase: &Pattern) -> Option<GuardHit> {
        self.judge_asked(tokens, phrase, tokens.len())
    }

    /// [`Guards::judge_sentence`] for a sentence whose ask ends at token `ask_end` (the
    /// embedding stage's matches, [`crate::pipeline::semantic::ask_end`]): the clause
    /// guards read the clauses from the sentence's start to the ask's, as if the phrase
    /// ran that far, so a negation or past event in a later clause or after the ask
    /// ("I'd like admins who can manage users but can't touch billing", "we want one
    /// login for every tool, and last year that was a mess", "without someone
    /// babysitting it") is judged as after a phrase. The conditional and objection
    /// guards still read the whole sentence.
    pub fn judge_asked(
        &self,
        tokens: &[Token],
        phrase: &Pattern,
        ask_end: usize,
    ) -> Option<GuardHit> {
        if tokens.is_empty() {
            return None;
        }
        let asked = Span {
            start: 0,
            end: ask_end.clamp(1, tokens.len()),
        };
        // The span from the start already covers the conditional guard; the two rules
        // keyed to the words before the trigger get an empty trigger at the sentence's
        // end, so that all of it comes before.
        let still = self.still_spans(tokens);
        self.judge(tokens, &still, asked, phrase).or_else(|| {
            let end = Span {
                start: tokens.len(),
                end: tokens.len(),
            };
            let ctx = Context {
                rules: rules(phrase.lang),
                lang: phrase.lang,
                tokens,
                trigger: end,
                phrase,
                masked: &still,
                clauses: (0, tokens.iter().map(|t| t.clause).max().unwrap_or(0)),
            };
            let hit = |kind, marker: Option<String>| marker.map(|marker| GuardHit { kind, marker });
            self.past
                .as_ref()
                .and_then(|_| hit(GuardKind::Past, ctx.subject_past()))
                .or_else(|| {
                    self.other_party
                        .as_ref()
                        .and_then(|_| hit(GuardKind::OtherParty, ctx.vendor()))
                })
        })
    }
}

/// One trigger in one sentence, as the guards see it.
struct Context<'a> {
    rules: &'static RuleWords,
    lang: Lang,
    tokens: &'a [Token],
    trigger: Span,
    phrase: &'a Pattern,
    masked: &'a [Span],
    clauses: (u16, u16),
}

impl<'a> Context<'a> {
    fn new(tokens: &'a [Token], trigger: Span, phrase: &'a Pattern, masked: &'a [Span]) -> Self {
        let clause = |i: usize| tokens.get(i).map_or(0, |t| t.clause);
        Context {
            rules: rules(phrase.lang),
            lang: phrase.lang,
            tokens,
            trigger,
            phrase,
            masked,
            clauses: (clause(trigger.start), clause(trigger.end.saturating_sub(1))),
        }
    }

    /// Objections count in the trigger's clause and after it ("we need SSO, but the
    /// price is absurd"), not in small talk before it ("the weather's been awful, anyway
    /// we need SSO").
    fn first_objection(&self, list: &Option<Vec<Pattern>>) -> Option<String> {
        self.first_where(list.as_deref()?, |s| {
            let c = self.tokens[s.start].clause;
            self.counts(s, false) && (c >= self.clauses.0 || self.frames_trigger(c))
        })
    }

    /// Whether clause `c` frames the trigger's clause as its complement: the next
    /// clause is the trigger's and opens with "dass" or "that" ("Es ärgert uns, dass
    /// jeder Gastzugang voll berechnet wird", "It's annoying, that SSO costs extra").
    fn frames_trigger(&self, c: u16) -> bool {
        c + 1 == self.clauses.0
            && self
                .tokens
                .iter()
                .find(|t| t.clause == self.clauses.0)
                .is_some_and(|t| matches!(t.norm.as_str(), "dass" | "that"))
    }

    /// A closing clause that makes the trigger someone else's, when no clause up to
    /// the trigger speaks for the customer ("we", "our", "please"): hearsay ("Harbor
    /// Point uses the workflow automation a lot, they told me", "… or so I heard") or
    /// a short disclaimer with "we"/"us" and a negation ("Die Nachbarkanzlei braucht
    /// Audit-Logs, wir nicht", "… for their team, but not for us"). "We need SSO, they
    /// told me" still asks.
    fn disowning_tail(&self) -> Option<String> {
        const SHORT: usize = 6;
        let last = self.tokens.last()?.clause;
        if last <= self.clauses.1 {
            return None;
        }
        let tail: Vec<&str> = self
            .tokens
            .iter()
            .filter(|t| t.clause == last)
            .map(|t| t.norm.as_str())
            .collect();
        let own = self.own_voice_to_trigger(|_| true);
        let not_us = tail.len() <= SHORT && is_not_us(&self.rules.not_us, &tail);
        let hearsay = (self.rules.closing_hearsay)(&tail);
        (!own && (hearsay || not_us)).then(|| tail.join(" "))
    }

    /// Whether the customer speaks for themselves ([`RuleWords::is_own_voice`]) up to
    /// the end of the trigger, in a clause that `in_clause` accepts.
    fn own_voice_to_trigger(&self, in_clause: impl Fn(u16) -> bool) -> bool {
        self.tokens[..self.trigger.end.min(self.tokens.len())]
            .iter()
            .any(|t| in_clause(t.clause) && self.rules.is_own_voice(&t.norm))
    }

    /// Negation markers count in the trigger's clause, except an English "without" after
    /// the whole trigger that says how the customer wants the thing: before a verb in
    /// "-ing", a person or a role ("we want our own reports without filing a ticket",
    /// "without me touching it", "without a data analyst"). "We manage users by hand
    /// without SCIM", "without a contract" or "without any trouble"
    /// still negate, as do other negations after the trigger ("cohort analysis isn't
    /// relevant for us"), except in a relative clause about people ("who don't have a
    /// login yet"). German "ohne" always counts.
    fn first_negation(&self, list: &Option<Vec<Pattern>>) -> Option<String> {
        const PERSON: &[&str] = &[
            "me", "us", "anyone", "anybody", "someone", "somebody", "people", "them", "manual",
        ];
        // "without a data analyst", "without an engineer": a role, not a thing.
        const ROLE_ENDS: &[&str] = &["er", "or", "ist", "yst", "ant", "person", "team", "admin"];
        let word = |k: usize| self.word(k);
        let role = |k: usize| {
            matches!(word(k), "a" | "an")
                && (k + 1..k + 3).any(|j| ROLE_ENDS.iter().any(|e| word(j).ends_with(e)))
        };
        let manner = |s: Span| {
            let next = word(s.start + 1);
            self.lang == Lang::En
                && s.start >= self.trigger.end
                && self.tokens[s.start].norm == "without"
                && (next.ends_with("ing") || PERSON.contains(&next) || role(s.start + 1))
        };
        // "more seats for the temps who don't have a login yet": a "not" right after
        // "who" (an auxiliary between) after the trigger tells of those people. "Seats
        // for the people who joined in May aren't needed" still negates.
        let of_people = |s: Span| {
            self.lang == Lang::En
                && s.start >= self.trigger.end
                && matches!(word(s.start), "not" | "never" | "no")
                && (s.start.saturating_sub(3).max(self.trigger.end)..s.start)
                    .any(|k| matches!(word(k), "who" | "whose"))
        };
        self.first_where(list.as_deref()?, |s| {
            !manner(s) && !of_people(s) && self.counts(s, true)
        })
    }

    /// Conditional markers count anywhere in the sentence, except before a clause that
    /// states a consequence and holds the trigger.
    fn first_conditional(&self, list: &[Pattern]) -> Option<String> {
        let upto = self.trigger.start.min(self.tokens.len() - 1);
        // In German a modal ("muss") is a consequence only as the first word of its
        // clause; "so"/"also"-type words are clause openers anyway.
        let opens_clause = |i: usize| {
            self.lang == Lang::En || i == 0 || self.tokens[i - 1].clause != self.tokens[i].clause
        };
        let from = (0..=upto)
            .rev()
            .find(|&i| {
                let t = &self.tokens[i];
                t.clause <= self.clauses.0
                    && opens_clause(i)
                    && self.rules.consequence.contains(&t.norm.as_str())
            })
            .map(|i| self.tokens[i].clause);
        self.first_where(list, |s| {
            self.counts(s, false)
                && from.is_none_or(|c| self.tokens[s.start].clause >= c)
                && !self.not_a_hedge(s)
        })
    }

    /// A conditional word that asks or tells a fact rather than hedging: "could not"
    /// ("the last two hires could not be invited"), a "could" that opens a request
    /// about the customer's own people ("Could our two new project managers get their
    /// own accounts?", not "Could be nice to have SSO") and a German modal that opens a
    /// polite question to "Sie" ("Hätten Sie ein Angebot für uns?", "Würden Sie das
    /// freischalten?").
    fn not_a_hedge(&self, s: Span) -> bool {
        if self.relayed_question(s) {
            return true;
        }
        let word = |k: usize| self.word(k);
        let opens = s.start == 0 || self.tokens[s.start - 1].clause != self.tokens[s.start].clause;
        let one = s.end == s.start + 1;
        if one
            && (self.describes_rule(s.start)
                || self.opens_rule(s.start)
                || self.purpose_if(s.start))
        {
            return true;
        }
        match self.lang {
            Lang::En => {
                let could = one
                    && word(s.start) == "could"
                    && (word(s.end) == "not" || opens && REQUEST_SUBJECTS.contains(&word(s.end)));
                could || one && self.courteous_if(s.start)
            }
            Lang::De => {
                one && opens
                    && DE_POLITE_MODALS.contains(&word(s.start))
                    && word(s.end) == "sie"
                    && self.tokens[s.end].titlecase
            }
        }
    }

    /// Whether the "if" at `i` (or the modal after "if you") opens a polite request
    /// answered by a courtesy: "If you could sort out another batch of logins for the
    /// editors, that would really help", "If you could host our data in the EU, we'd be
    /// very grateful". "If you could lower the price, we would add seats" stays a
    /// condition.
    fn courteous_if(&self, i: usize) -> bool {
        const THANKS: &[&str] = &[
            "help",
            "helps",
            "helpful",
            "great",
            "brilliant",
            "amazing",
            "ideal",
            "perfect",
            "lovely",
            "fantastic",
            "wonderful",
            "grateful",
            "thankful",
            "appreciate",
            "appreciated",
            "awesome",
        ];
        let word = |k: usize| self.word(k);
        // The guard word is the "if" or the modal after "if you".
        let i = if word(i) == "if" {
            i
        } else {
            i.saturating_sub(2)
        };
        let asks = word(i) == "if"
            && word(i + 1) == "you"
            && matches!(word(i + 2), "could" | "can" | "would");
        asks && (i + 3..self.tokens.len()).any(|j| {
            self.tokens[j].clause > self.tokens[i].clause
                && matches!(word(j), "that" | "it" | "this" | "we" | "i")
                && matches!(word(j + 1), "would" | "d" | "will" | "ll")
                && (j + 2..j + 6).any(|k| THANKS.contains(&word(k)))
        })
    }

    /// Whether the "if"/"wenn"/"falls" at `i` tells when a wanted rule fires ([`RuleIf`]).
    fn describes_rule(&self, i: usize) -> bool {
        let words = &self.rules.rule_if;
        let word = |k: usize| self.word(k);
        if i == 0 || !matches!(word(i), "if" | "wenn" | "falls") {
            return false;
        }
        let clause = self.tokens[i].clause;
        // "… eine Nachricht in Slack bekomme, wenn ein großer Auftrag reinkommt", "… dass
        // neue Leute automatisch angelegt werden, wenn die Personalabteilung …".
        let after_notice = self.tokens[i - 1].clause + 1 == clause
            && (0..i)
                .rev()
                .take_while(|&k| self.tokens[k].clause + 1 == clause)
                .any(|k| words.notices.contains(&word(k)) || self.by_itself(k));
        let before = word(i - 1);
        words.right_before.contains(&before)
            || words.notices.contains(&before)
            || words.by_itself.contains(&before)
            || after_notice
            || words.joins.contains(&word(i - 1))
                && (i.saturating_sub(4)..i - 1).any(|k| words.rules.contains(&word(k)))
    }

    /// Whether the "if"/"wenn"/"falls" at `i` opens its clause and the clause after it
    /// says that the wanted thing then happens by itself ([`RuleIf::by_itself`]): "Wenn
    /// der Bestand unter zehn fällt, wollen wir automatisch eine Warnung". A modal in
    /// the main clause ("würden wir automatisch …") is a conditional of its own and
    /// still hedges.
    fn opens_rule(&self, i: usize) -> bool {
        let clause = self.tokens[i].clause;
        let opens = i == 0 || self.tokens[i - 1].clause != clause;
        matches!(self.word(i), "if" | "wenn" | "falls")
            && opens
            && (i + 1..self.tokens.len())
                .skip_while(|&k| self.tokens[k].clause == clause)
                .take_while(|&k| self.tokens[k].clause == clause + 1)
                .any(|k| self.by_itself(k))
    }

    /// Whether token `k` says that something happens by itself ([`RuleIf::by_itself`],
    /// and "von selbst" as a pair).
    fn by_itself(&self, k: usize) -> bool {
        self.rules.rule_if.by_itself.contains(&self.word(k))
            || self.word(k) == "selbst" && k > 0 && self.word(k - 1) == "von"
    }

    /// Whether the English "if" at `i` opens a purpose ([`PURPOSE_IF_EN`]).
    fn purpose_if(&self, i: usize) -> bool {
        self.lang == Lang::En
            && self.word(i) == "if"
            && PURPOSE_IF_EN
                .iter()
                .any(|w| (0..3).all(|n| self.word(i + 1 + n) == w[n]))
    }

    /// Whether the conditional phrase at `s` belongs to a question relayed by a verb of
    /// asking: the "if", "whether" or "ob" right after it (an object pronoun between
    /// them at most: "Finance asked us if …", "Mein IT-Leiter lässt fragen, ob wir …"),
    /// in a phrase of at most two words, and a "could" or "könnten" after such an "if"
    /// in its clause ("asked if their analysts could have their own logins"). "We are
    /// asking ourselves whether", "ob … überhaupt" and a question about what "they",
    /// "he" or "she" should do still hedge.
    fn relayed_question(&self, s: Span) -> bool {
        let asking = &self.rules.relay_ask;
        let word = |k: usize| self.word(k);
        // "A supplier asked me whether they should get the top plan": their question.
        let theirs = |k: usize| asking.third_persons.contains(&word(k + 1));
        let asked = |k: usize| {
            let before = |n: usize| k.checked_sub(n).map_or("", word);
            asking.verbs.contains(&before(1))
                || asking.objects.contains(&before(1)) && asking.verbs.contains(&before(2))
        };
        let opens = |k: usize| asking.opening.contains(&word(k)) && asked(k) && !theirs(k);
        if s.end - s.start <= 2 && opens(s.start) {
            return true;
        }
        let clause = self.tokens[s.start].clause;
        s.end == s.start + 1
            && asking.modals.contains(&word(s.start))
            && (0..s.start)
                .rev()
                .take_while(|&k| self.tokens[k].clause == clause)
                .any(opens)
    }

    /// Like [`Context::first_where`] over the trigger's clause and the comma-separated
    /// stretches right before it that no linking word separates from it ("The team at
    /// Copperline, one of our clients, keeps buying more seats"). A clause in the
    /// customer's own voice ("we", "please": [`RuleWords::is_own_voice`]) is its own
    /// subject: "The sister company is in Vienna, we need ten more licences" asks. A
    /// "dass" clause after a verb of saying ([`RuleWords::reporting`]) without the customer's
    /// voice is reported speech and reaches back ("Die Schwesterfirma hat erzählt, dass
    /// die mehr Lizenzen bekommen"); after "will" it is the customer's own need.
    /// The customer's own group is no other party when the customer takes its need on
    /// ([`Context::own_group_asks`]).
    fn first_in_subject(&self, list: &[Pattern]) -> Option<String> {
        let mut from = self.clauses.0;
        let start_of = |c: u16| self.tokens.iter().find(|t| t.clause == c);
        let own_voice = self.own_voice_to_trigger(|c| c == from);
        while from > 0 && !own_voice {
            // "hat mir erzählt, dass die …": reported speech stays the third party's.
            let reported = self
                .tokens
                .iter()
                .any(|t| t.clause + 1 == from && self.rules.reporting.contains(&t.norm.as_str()));
            let opens_with_link = start_of(from).is_some_and(|t| {
                crate::text::is_linking_word(t.lang, &t.norm) && !(t.norm == "dass" && reported)
            });
            if opens_with_link {
                break;
            }
            from -= 1;
        }
        self.first_where(list, |s| {
            let c = self.tokens[s.start].clause;
            c >= from && c <= self.clauses.1 && self.counts(s, false) && !self.own_group_asks(s)
        })
    }

    /// Whether the other-party match `s` names the customer's own group (parent,
    /// holding, head office, sister organisation: [`OwnGroup`]) and the customer takes
    /// the need on themselves elsewhere in the sentence, with nothing negated after the
    /// match: "Our holding company's vendor policy requires SOC 2, so we need that
    /// report", "… and group IT wants us aligned with them", "Die Muttergesellschaft
    /// will einen Forecast, und den möchten wir aus Ihren Daten erstellen". "Our parent
    /// company is buying seats for their own teams, not for us" stays another party's.
    fn own_group_asks(&self, s: Span) -> bool {
        let g = &self.rules.own_group;
        if !(s.start..s.end).any(|i| self.names_own_group(i)) {
            return false;
        }
        let end = s.end.min(self.tokens.len());
        let outside = |k: usize| k < s.start || k >= end;
        let takes_on = (0..self.tokens.len()).any(|k| outside(k) && g.takes_on_at(self, k));
        // "… – können wir das einrichten?", "Please get us onto the tier; the parent
        // organisation insists on it".
        let asks_vendor = (0..self.tokens.len()).any(|k| outside(k) && g.request_at(self, k));
        // "Our parent org requires that …", "Die Prüfer unserer Muttergesellschaft
        // verlangen …", but not "… for their staff".
        let ours = s.start > 0 && g.possessive.contains(&self.word(s.start - 1))
            || g.possessive.contains(&self.word(s.start));
        let requires = (end..end + 3).any(|k| g.requires.contains(&self.word(k)));
        let theirs = (end..self.tokens.len()).any(|k| g.theirs.contains(&self.word(k)));
        let masked = |k: usize| self.masked.iter().any(|m| (m.start..m.end).contains(&k));
        let negated_after = (end..self.tokens.len())
            .any(|k| !masked(k) && self.rules.not_us.not.contains(&self.word(k)));
        (takes_on || asks_vendor || ours && requires && !theirs) && !negated_after
    }

    /// Whether token `i` names the customer's own group after "our", "the", "unsere",
    /// "die" or another word of the name ("Our parent company", "die Holding"), not
    /// "my sister's company", "the user group" or "einem anderen Konzern".
    fn names_own_group(&self, i: usize) -> bool {
        let g = &self.rules.own_group;
        let before = if i > 0 { self.word(i - 1) } else { "" };
        g.names(self.word(i)) && (g.determiners.contains(&before) || g.names(before))
    }

    /// Whether the past marker at `s` dates when the people the trigger is for joined,
    /// in a relative clause without "that" or "who": after the trigger ("more seats for
    /// the people we hired last month", "for the two we've just onboarded": [`JOINED_EN`])
    /// or before it ("The designers we hired last month need seats":
    /// [`Context::newcomers_clause`]).
    fn of_newcomers(&self, s: Span) -> bool {
        let by_whom = |k: usize| {
            matches!(
                self.word(k),
                "we" | "they" | "i" | "have" | "has" | "just" | "recently"
            )
        };
        let after = s.start >= self.trigger.end
            && (self.trigger.end.max(s.start.saturating_sub(4)).max(1)..s.start)
                .any(|k| JOINED_EN.contains(&self.word(k)) && by_whom(k - 1));
        let before = s.start <= self.trigger.start
            && (s.start.saturating_sub(5)..s.start).any(|k| self.newcomers_clause(k));
        self.lang == Lang::En && (after || before)
    }

    /// Whether the pronoun at `k` opens a relative clause without "that" about the
    /// people the ask is for, before the trigger: "The three teachers we hired for
    /// September will need …", "the designers they onboarded last week need seats" (a
    /// people word or a number right before the pronoun, a joining verb right after).
    fn newcomers_clause(&self, k: usize) -> bool {
        let people = |j: usize| {
            NEWCOMERS_EN.contains(&self.word(j))
                || !crate::text::number_ends(self.tokens, j).is_empty()
        };
        self.lang == Lang::En
            && k >= 1
            && matches!(self.word(k), "we" | "they" | "i")
            && JOINED_EN.contains(&self.word(k + 1))
            && self.tokens[k - 1].clause == self.tokens[k].clause
            && people(k - 1)
    }

    /// A past marker after the trigger inside a question word's or a relative clause:
    /// what the customer wants to find out or which thing they mean, not what happened
    /// ("we need to drill into why churn went up", "logins for the hires that we made
    /// last week"); the words are [`RuleWords::question`].
    fn asked_about(&self, s: Span) -> bool {
        s.start >= self.trigger.end
            && self.tokens[self.trigger.end..s.start]
                .iter()
                .any(|t| self.rules.question.contains(&t.norm.as_str()))
    }

    /// The first phrase of `list` with a match that `keep` accepts (the scope of each
    /// guard: sentence, clause, subject, before a consequence).
    fn first_where(&self, list: &[Pattern], keep: impl Fn(Span) -> bool) -> Option<String> {
        list.iter().find_map(|p| {
            p.find_all(self.tokens)
                .into_iter()
                .any(&keep)
                .then(|| p.source.clone())
        })
    }

    /// A guard match counts unless a "still intent" phrase covers it, it lies outside
    /// the trigger's clause (for clause guards), or it overlaps the trigger and all its
    /// words are words of the trigger phrase ("would" of "would like", "our partner"
    /// of "partners & need & their own accounts"). "Unsere Kunden brauchen" before
    /// "brauchen mehr Lizenzen" counts: "Kunden" is no word of the phrase.
    fn counts(&self, s: Span, clause_only: bool) -> bool {
        let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
        if self.masked.iter().any(|m| overlaps(*m, s)) {
            return false;
        }
        let clause = self.tokens[s.start].clause;
        if clause_only && (clause < self.clauses.0 || clause > self.clauses.1) {
            return false;
        }
        // The cheap overlap test first: most guard matches lie outside the trigger.
        !(overlaps(s, self.trigger)
            && (s.start..s.end).all(|i| self.phrase.mentions_stem(&self.tokens[i].stem)))
    }

    /// The trigger's own verb in the past tense: a word of the phrase written in its base
    /// form ("add") matched as "-ed" ("added"), not after "is/are/be" ("are needed"), and
    /// not a relayed ask after a noun subject ("The COO asked for charts").
    fn past_tense(&self) -> Option<String> {
        if self.lang == Lang::De {
            return self.past_de();
        }
        let span = self.trigger.start..self.trigger.end;
        span.clone()
            .find_map(|i| {
                let t = &self.tokens[i];
                let past = is_past_form(t)
                    && self.phrase.has_base_form(&t.stem, &t.norm)
                    && !self.phrase.has_form(&t.norm);
                let before = (i > 0).then(|| self.tokens[i - 1].norm.as_str());
                let state = before
                    .is_some_and(|w| BE.contains(&w) || BEFORE_ADJECTIVE.contains(&w))
                    || self.wished(i)
                    || self.is_masked(i);
                let relayed = i > 0 && self.relayed_ask(i);
                (past && !state && !relayed).then(|| t.norm.clone())
            })
            .or_else(|| self.subject_past())
    }

    /// Whether the past form at `i` relays an ask of the customer's own people: "The
    /// COO asked for charts", "Our finance team requested SSO" (not "Our client asked").
    fn relayed_ask(&self, i: usize) -> bool {
        let who = self.tokens[i - 1].norm.as_str();
        RELAYED_ASKS.contains(&self.tokens[i].norm.as_str())
            && self.noun_subject(i - 1)
            && (OWN_ROLES.contains(&who) || DEPARTMENTS.contains(&who) || OWN_NOUNS.contains(&who))
    }

    /// A wish ([`WISH`]) shortly before token `i` in its clause: "wants the product
    /// rolled out".
    fn wished(&self, i: usize) -> bool {
        let clause = self.tokens[i].clause;
        self.tokens[i.saturating_sub(WISH_REACH)..i]
            .iter()
            .any(|t| t.clause == clause && WISH.contains(&t.norm.as_str()))
    }

    /// A subject followed at once by a past form, before the trigger in its clause
    /// ("we upgraded to enterprise for the audit logs"), unless a "still intent" phrase
    /// covers the pair ("I had to remove someone to free up more seats").
    fn subject_past(&self) -> Option<String> {
        let upto = (self.trigger.start + 1).min(self.tokens.len());
        let masked = |k: usize| self.masked.iter().any(|m| m.start <= k + 1 && k < m.end);
        self.tokens[..upto]
            .windows(2)
            .enumerate()
            .find_map(|(k, w)| {
                let in_clause =
                    w[1].clause >= self.clauses.0 && w[0].clause == w[1].clause && !masked(k);
                let past = self.is_past(&w[1]) || self.perfect(k + 1);
                let subject = self.rules.subjects.contains(&w[0].norm.as_str())
                    && !self.newcomers_clause(k)
                    || self.noun_subject(k) && !RELAYED.contains(&w[1].norm.as_str());
                (in_clause && past && subject).then(|| format!("{} {}", w[0].norm, w[1].norm))
            })
    }

    /// A past form ("-ed" or an irregular one: "bought").
    fn is_past(&self, t: &Token) -> bool {
        is_past_form(t) || self.rules.irregular_past.contains(&t.norm.as_str())
    }

    /// An English present perfect at token `k`: "have"/"has" and a past participle
    /// ("we've added workflow automation in January"), unless the participle tells of
    /// a need or a pressure that goes on ("we've needed SSO for a year", "we've maxed
    /// out our seats"), growth that is the reason for the ask ("we've hired six reps")
    /// or relays an ask ("we have asked for").
    fn perfect(&self, k: usize) -> bool {
        let Some(next) = self.tokens.get(k + 1) else {
            return false;
        };
        self.lang == Lang::En
            && matches!(self.tokens[k].norm.as_str(), "have" | "has")
            && next.clause == self.tokens[k].clause
            && self.is_past(next)
            && !NOT_PERFECT_PAST.contains(&next.norm.as_str())
            && !RELAYED.contains(&next.norm.as_str())
            && !self.is_masked(k + 1)
    }

    /// Whether token `k` is a noun subject opening its clause with its article: "The
    /// hospital hired 40 nurses", "Our council bought seats" (English only).
    fn noun_subject(&self, k: usize) -> bool {
        let opens = |j: usize| j == 0 || self.tokens[j - 1].clause != self.tokens[j].clause;
        self.lang == Lang::En
            && k >= 1
            && opens(k - 1)
            && matches!(
                self.tokens[k - 1].norm.as_str(),
                "the" | "our" | "my" | "their" | "his" | "her"
            )
            && !self.tokens[k].number
            // "The newly acquired company": an adverb and a participle describe a noun.
            && !self.tokens[k].norm.ends_with("ly")
    }

    /// German past in the trigger's clause: a perfect ("wir haben … hinzugekauft", an
    /// auxiliary and a participle, the verb last as German puts it) or a simple-past form
    /// of [`DE_PAST_FORMS`] ("letztes Jahr kauften wir …").
    fn past_de(&self) -> Option<String> {
        let clause: Vec<usize> = (0..self.tokens.len())
            .filter(|&i| {
                let c = self.tokens[i].clause;
                c >= self.clauses.0 && c <= self.clauses.1 && !self.is_masked(i)
            })
            .collect();
        let t = |k: usize| &self.tokens[clause[k]];
        let aux = (0..clause.len()).find(|&k| DE_PERFECT_AUX.contains(&t(k).norm.as_str()));
        if let Some(a) = aux
            && let Some(p) = (a + 1..clause.len()).find(|&k| is_participle_de(t(k)))
        {
            return Some(format!("{} … {}", t(a).norm, t(p).norm));
        }
        // A past form between an article or a preposition and a noun is an adjective:
        // "die erweiterten Analysen", "für erweiterte Analysen" (but "Die kauften
        // letztes Jahr …" is past).
        const PREPOSITIONS: &[&str] = &[
            "für", "mit", "ohne", "über", "um", "auf", "bei", "von", "zu", "nach", "in",
        ];
        let adjective = |i: usize| {
            i > 0
                && (is_determiner_de(&self.tokens[i - 1])
                    || PREPOSITIONS.contains(&self.tokens[i - 1].norm.as_str()))
                && self.tokens.get(i + 1).is_some_and(|n| n.titlecase)
        };
        clause
            .iter()
            .find(|&&i| {
                self.rules
                    .irregular_past
                    .contains(&self.tokens[i].norm.as_str())
                    && !adjective(i)
            })
            .map(|&i| self.tokens[i].norm.clone())
    }

    /// The normalised word at token `k`, or "" past the sentence's end.
    fn word(&self, k: usize) -> &str {
        self.tokens.get(k).map_or("", |t| t.norm.as_str())
    }

    /// Whether a "still intent" phrase covers token `i`.
    fn is_masked(&self, i: usize) -> bool {
        self.masked.iter().any(|m| m.start <= i && i < m.end)
    }

    /// A capitalised name before a vendor verb in the trigger's clause ("Acme offers").
    fn vendor(&self) -> Option<String> {
        let before = &self.tokens[..self.trigger.start];
        let in_clause = |t: &Token| t.clause >= self.clauses.0 && t.clause <= self.clauses.1;
        if self.lang == Lang::De {
            return self.vendor_de(before, &in_clause);
        }
        let possessive = before.windows(2).find(|w| {
            in_clause(&w[0])
                && self.may_be_name(&w[0])
                && w[1].norm == "s"
                && w[1].start == w[0].start
        });
        // "Priya's team needs seats" is a colleague asking; "Brightwell's team has
        // seats" tells about another company.
        // The wish may come in a later clause ("Rashid's team keeps borrowing my login,
        // so they really need their own").
        let wish_after = |w: &[Token]| {
            self.tokens
                .iter()
                .filter(|t| t.start > w[0].start)
                .any(|t| WISH.contains(&t.norm.as_str()))
        };
        if let Some(w) = possessive.filter(|w| !wish_after(w)) {
            return Some(format!("{}'s", w[0].norm));
        }
        let verb = before.iter().enumerate().position(|(i, t)| {
            let obligation = before.get(i + 1).is_some_and(|n| n.norm == "to");
            in_clause(t) && self.rules.vendor_verbs.contains(&t.norm.as_str()) && !obligation
        })?;
        let name = before[..verb]
            .iter()
            .rposition(|t| in_clause(t) && self.may_be_name(t))?;
        if colleague(&before[name..verb]) || self.own_name(name, verb) {
            return None;
        }
        Some(format!("{} {}", before[name].norm, before[verb].norm))
    }

    /// A capitalised word that is not one of the words never read as a name ("The",
    /// "Our", "Monday"): it may name a company.
    fn may_be_name(&self, t: &Token) -> bool {
        t.titlecase && !self.rules.not_a_name.contains(&t.norm.as_str())
    }

    /// Whether the capitalised word at `name` before the vendor verb at `verb` is the
    /// customer's own: a place ("our office in Mexico has"), a department or the budget
    /// ("Procurement has approved", "Budget has been set aside"), or words a "still
    /// intent" phrase covers.
    fn own_name(&self, name: usize, verb: usize) -> bool {
        let place = name > 0 && self.tokens[name - 1].norm == "in";
        // "Group has approved" is the customer's group; "Northwind Group offers" a name.
        let in_a_name = name > 0 && self.may_be_name(&self.tokens[name - 1]);
        let unit = DEPARTMENTS.contains(&self.tokens[name].norm.as_str())
            || (OWN_NOUNS.contains(&self.tokens[name].norm.as_str()) && !in_a_name);
        place || unit || self.is_masked(name) || self.is_masked(verb)
    }

    /// German: a bare capitalised word (no article or possessive before it, since every
    /// German noun is capitalised) right before a vendor verb ("Personio bietet SSO"),
    /// or a vendor verb right before such a name ("Bei uns bietet Acme SSO" is rarer
    /// and left to the other-party list).
    fn vendor_de(&self, before: &[Token], in_clause: &dyn Fn(&Token) -> bool) -> Option<String> {
        // "Bei Monday bekommen wir mehr Lizenzen": "bei" and a bare name.
        let at_vendor = before.windows(2).find(|w| {
            in_clause(&w[0])
                && in_clause(&w[1])
                && w[0].norm == "bei"
                && self.may_be_name(&w[1])
                && !DE_NOT_A_VENDOR_AFTER_BEI.contains(&w[1].norm.as_str())
                && !common_noun_shape_de(&w[1].norm)
        });
        if let Some(w) = at_vendor {
            return Some(format!("{} {}", w[0].norm, w[1].norm));
        }
        // "Unser größter Kunde verlangt": an adjective between article and noun.
        let article = |j: usize| in_clause(&before[j]) && is_determiner_de(&before[j]);
        let adjective = |j: usize| in_clause(&before[j]) && !before[j].titlecase;
        before.windows(2).enumerate().find_map(|(i, w)| {
            // "Die Compliance-Abteilung hat": the article stands before the compound.
            let head = compound_head(before, i);
            let bare = !(head >= 1 && article(head - 1)
                || head >= 2 && adjective(head - 1) && article(head - 2));
            (in_clause(&w[0])
                && in_clause(&w[1])
                && w[0].titlecase
                && bare
                && !self.own_name_de(before, head, i)
                && self.rules.vendor_verbs.contains(&w[1].norm.as_str()))
            .then(|| format!("{} {}", w[0].norm, w[1].norm))
        })
    }

    /// Whether the capitalised German word at `name` (a compound from `head`) before a
    /// vendor verb is the customer's own: a word of [`DE_NOT_A_NAME`] anywhere in the
    /// compound, a department ("Personalabteilung hat"), or words a "still intent"
    /// phrase covers.
    fn own_name_de(&self, before: &[Token], head: usize, name: usize) -> bool {
        let unit = before[head..=name].iter().any(|t| {
            self.rules.not_a_name.contains(&t.norm.as_str())
                || DE_OWN_UNIT_ENDINGS.iter().any(|e| t.norm.ends_with(e))
        });
        unit || self.is_masked(name) || self.is_masked(name + 1)
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::matcher::Matcher;
    use crate::references::taxonomy;

    const TAX: &str = r#"# T
## Synonyms
- seats: seat, licence, login
- need: need, want, would like, ask for
### SKU: seats
- **Call triggers**
  - "more seats"
  - "add ... team"
  - "roll out to"
  - "need & SSO"
- **Usage triggers**
  - `seat_limit_reached`
## Conditional-mention guard
- "if", "would", "might", "someday", "could"
## Objection guard
- "too expensive"
## Negation guard
- "not", "no", "nobody", "without"
## Past-event guard
- "last (year|spring)", "already"
## Other-party guard
- "sister company", "competitor"
## Still intent
- "would like", "if possible", "not enough", "had to remove"
## Last edited
2026-11-30
"#;

    /// Whose words a guard word is: a "not" in a relative clause about people after the
    /// trigger is theirs; an own-house noun is the customer's unless it ends a name.
    #[test]
    fn whose_words_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "We need more seats for the temps who don't have a login yet.",
                None,
            ),
            (
                "We don't need more seats for people who left.",
                Some("negation"),
            ),
            ("Group has approved more seats.", None),
            ("The Board has approved more seats.", None),
            ("Our Group has signed off on more seats.", None),
            (
                "More seats for the people who joined in May are not needed.",
                Some("negation"),
            ),
            (
                "Northwind Group offers more seats for free.",
                Some("other_party"),
            ),
        ];
        assert_guards(TAX, cases);
    }

    /// (sentence, the guard that sets it aside: None when it is a mention).
    #[test]
    fn guard_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("We need more seats.", None),
            ("We would like more seats.", None),
            ("If possible we'd like more seats by Friday.", None),
            (
                "We would add the claims team if the price came down.",
                Some("conditional"),
            ),
            ("We might need more seats someday.", Some("conditional")),
            ("If we go down it is a disaster, so we need SSO.", None),
            // "could not" tells a fact, no hedge.
            (
                "We need more seats, the last two hires could not log in.",
                None,
            ),
            (
                "We could add the claims team next year.",
                Some("conditional"),
            ),
            // A question relayed by a verb of asking is no hedge.
            (
                "Finance asked if their analysts could get more seats.",
                None,
            ),
            ("The COO asked us if we can add more seats.", None),
            (
                "We are asking ourselves if we want more seats.",
                Some("conditional"),
            ),
            (
                "Finance asked if we would add more seats.",
                Some("conditional"),
            ),
            (
                "A supplier asked me if they could get more seats.",
                Some("conditional"),
            ),
            // A "could" that opens a request about our own people asks.
            ("Could our new starters get more seats?", None),
            ("Could I get more seats for Leeds?", None),
            ("So, could the claims team get more seats?", None),
            ("Could be nice to have more seats.", Some("conditional")),
            ("Could it be that we need more seats?", Some("conditional")),
            (
                "Could our new starters get more seats if we renew?",
                Some("conditional"),
            ),
            // A relayed ask after a noun subject is no past event; our own ask is.
            ("The COO asked for SSO.", None),
            ("Our client asked for SSO.", Some("past")),
            ("We asked for SSO.", Some("past")),
            // A capitalised noun of our own house is no company.
            ("Head office has approved more seats.", None),
            ("More seats is too expensive for us.", Some("objection")),
            // An objection after the trigger counts; one in talk before it does not.
            (
                "We want more seats, but it is too expensive.",
                Some("objection"),
            ),
            (
                "Lunch there is too expensive, anyway we need more seats.",
                None,
            ),
            ("We do not need more seats.", Some("negation")),
            ("Nobody here is asking for more seats.", Some("negation")),
            ("There is no budget for more seats.", Some("negation")),
            ("We need more seats without waiting for procurement.", None),
            ("We need more seats without me chasing procurement.", None),
            ("We need more seats without any trouble.", Some("negation")),
            ("We need more seats without a data analyst.", None),
            ("We need more seats without an engineer.", None),
            ("We need more seats without a contract.", Some("negation")),
            ("More seats are not needed for us.", Some("negation")),
            ("We don't need SSO, but we need more seats.", None),
            ("There are not enough seats, we need more seats.", None),
            ("We added 40 more seats last spring.", Some("past")),
            ("We want the added team onboarded.", None),
            ("We fully added the claims team.", Some("past")),
            ("We added the claims team.", Some("past")),
            (
                "Our VP wants the product rolled out to the sales org.",
                None,
            ),
            ("We need it rolled out to the claims team by July.", None),
            // "keen to get" and "get" are wishes too.
            ("Keen to get it rolled out to the sales org.", None),
            ("We rolled out to the sales org.", Some("past")),
            ("We already bought more seats.", Some("past")),
            ("I had to remove someone to free up more seats.", None),
            // The first phrase is in a past clause; a later phrase matches a request.
            (
                "We bought more seats last spring, so now we need SSO.",
                None,
            ),
            ("We bought more seats last spring.", Some("past")),
            // "notes" is not the negation "not".
            ("The call notes say they want more seats.", None),
            ("I had to find more seats for them.", Some("past")),
            ("We upgraded for more seats in 2022.", Some("past")),
            ("More seats are needed.", None),
            ("Last year was rough, and now we need more seats.", None),
            // A past marker inside what they want to find out is no past event.
            (
                "We need more seats to see why usage went up last year.",
                None,
            ),
            (
                "We need more seats for the people that we hired last spring.",
                None,
            ),
            ("We want more seats than we had last year.", Some("past")),
            // A relative clause without "that" dates when the newcomers joined.
            (
                "We need ten more seats for the people we hired last spring.",
                None,
            ),
            (
                "We need more seats for the people they recruited last spring.",
                None,
            ),
            (
                "We need more seats than we added last spring.",
                Some("past"),
            ),
            // ... and before it, in a relative clause about the people.
            (
                "The three designers we hired last month need more seats.",
                None,
            ),
            ("The people they onboarded need more seats.", None),
            (
                "We hired ten designers last month for more seats.",
                Some("past"),
            ),
            (
                "The three designers we added last month had more seats.",
                Some("past"),
            ),
            // An "if" that tells when a wanted rule fires, or opens a purpose, is no hedge.
            (
                "We want a rule where if a team grows it gets more seats.",
                None,
            ),
            (
                "Set it up so that if a team grows it gets more seats.",
                None,
            ),
            ("We want more seats automatically if a team grows.", None),
            (
                "If a team grows, it should get more seats automatically.",
                None,
            ),
            (
                "If a team grows, we would get more seats automatically.",
                Some("conditional"),
            ),
            ("We want an email about more seats, if a team grows.", None),
            ("If we want to pass the audit, we need more seats.", None),
            ("If we're going to roll this out, we need more seats.", None),
            (
                "If we need to, we will ask for more seats.",
                Some("conditional"),
            ),
            (
                "If we decide to grow, we need more seats.",
                Some("conditional"),
            ),
            (
                "If we wanted to, we could add more seats.",
                Some("conditional"),
            ),
            (
                "We want more seats if the price is right.",
                Some("conditional"),
            ),
        ];
        assert_guards(TAX, cases);
    }

    /// "If you could …" is a polite request when a courtesy answers it ("that would
    /// really help", "we'd be grateful"); before anything else it is a condition.
    #[test]
    fn courteous_if_table() {
        let tax = TAX.replace(
            "\"would like\",",
            "\"would like\", \"would really help\", \"would be grateful\",",
        );
        let cases: &[(&str, Option<&str>)] = &[
            (
                "If you could sort out more seats for the editors, that would really help.",
                None,
            ),
            ("If you could add more seats, we'd be grateful.", None),
            (
                "If you could lower the price, we would add more seats.",
                Some("conditional"),
            ),
            (
                "If you could, we might add more seats.",
                Some("conditional"),
            ),
            (
                "If more seats are cheaper, that would really help.",
                Some("conditional"),
            ),
        ];
        assert_guards(&tax, cases);
    }

    /// The customer's own group (parent, holding, sister organisation) sets a need the
    /// customer takes on: no other party. (sentence, guard or None)
    #[test]
    fn own_group_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Our sister company's auditors want more seats, so we need them too.",
                None,
            ),
            (
                "Our sister company has more seats and group IT wants us aligned.",
                None,
            ),
            (
                "Our sister company requires more seats for the Leeds office.",
                None,
            ),
            (
                "Our sister company wants more seats, can you set that up?",
                None,
            ),
            // Nothing taken on, a negation after it, or an outside company.
            (
                "Our sister company wants more seats for their own staff.",
                Some("other_party"),
            ),
            (
                "Our sister company wants more seats, we are not part of that.",
                Some("other_party"),
            ),
            (
                "A competitor wants more seats, so we need them too.",
                Some("other_party"),
            ),
            (
                "The sister company requires more seats for their staff.",
                Some("other_party"),
            ),
            (
                "Our sister company requires more seats for their staff.",
                Some("other_party"),
            ),
            (
                "Our sister company wants more seats, can you believe it?",
                Some("other_party"),
            ),
            (
                "Our sister company wants more seats, we asked them why.",
                Some("other_party"),
            ),
            (
                "Please note our sister company wants more seats.",
                Some("other_party"),
            ),
        ];
        assert_guards(TAX, cases);
        let german: &[(&str, Option<&str>)] = &[
            (
                "Die Schwesterfirma will mehr Lizenzen, das müssen wir liefern.",
                None,
            ),
            (
                "Unsere Schwesterfirma verlangt mehr Lizenzen für den Standort.",
                None,
            ),
            (
                "Die Schwesterfirma will mehr Lizenzen, können wir das einrichten?",
                None,
            ),
            (
                "Die Schwesterfirma will mehr Lizenzen für sich.",
                Some("other_party"),
            ),
            (
                "Die Schwesterfirma will mehr Lizenzen, wir brauchen das nicht.",
                Some("other_party"),
            ),
            (
                "Der Wettbewerber hat mehr Lizenzen, das müssen wir liefern.",
                Some("other_party"),
            ),
            (
                "Die Schwesterfirma will mehr Lizenzen, können sie das selbst zahlen?",
                Some("other_party"),
            ),
        ];
        assert_guards(TAX_DE, german);
    }

    /// The other-party guard and what it spares: (sentence, guard or None).
    #[test]
    fn other_party_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Our sister company bought more seats.", Some("other_party")),
            (
                "The team at Copperline, a competitor, keeps buying more seats.",
                Some("other_party"),
            ),
            ("Acme offers more seats for free.", Some("other_party")),
            // A clause in the customer's own voice is its own subject.
            ("Our sister company is in Leeds, we need more seats.", None),
            (
                "Our sister company, the one in Leeds, needs more seats.",
                Some("other_party"),
            ),
            ("Brightwell's team has more seats.", Some("other_party")),
            ("Priya's team needs more seats.", None),
            (
                "Rashid's team keeps borrowing my login, so they really need more seats.",
                None,
            ),
            (
                "Trudy from risk has sent a list, and we need SSO before the audit.",
                None,
            ),
            (
                "Kwame in IT offers more seats to each team that asks.",
                None,
            ),
            (
                "Priya from Acme offers more seats for free.",
                Some("other_party"),
            ),
            ("Legal has to sign off, so we need SSO.", None),
            ("Finance wants more seats.", None),
            // A noun subject with its article tells of the past as "we" does; relayed
            // asks and approvals stay intent.
            ("The hospital bought more seats.", Some("past")),
            ("Our council added more seats in March.", Some("past")),
            ("The CFO asked for more seats.", None),
            ("The newly acquired company needs more seats.", None),
            ("The board approved more seats.", None),
            // A present perfect tells of the past, unless it is growth or a pressure.
            ("We've added more seats this year.", Some("past")),
            ("We have bought more seats.", Some("past")),
            ("We've hired six reps who need more seats.", None),
            ("We have maxed out, we need more seats.", None),
            // A request's first word is no company name.
            ("Please tell us whatever offers more seats.", None),
            // The second half of a contraction is no name: "It's" is "it is".
            ("It's the plan that offers more seats.", None),
            ("That's what gives us more seats.", None),
            // A place, a department or the budget before "has" is the customer's own.
            (
                "Our new office in Mexico has forty people, so we need more seats.",
                None,
            ),
            ("Procurement has approved more seats.", None),
            ("Budget has been set aside for more seats.", None),
            ("Acme has more seats for free.", Some("other_party")),
            ("We needed more seats.", Some("past")),
            ("We needed SSO.", Some("past")),
            ("We indeed need more seats.", None),
            ("We've needed SSO for a year.", None),
            // A closing "they told me" reports another company's words, unless the
            // customer's own voice asks before it.
            (
                "Harbor Point keeps buying more seats, they told me.",
                Some("other_party"),
            ),
            (
                "The agency wants more seats, or so I heard.",
                Some("other_party"),
            ),
            (
                "Harbor Point is adding more seats, apparently.",
                Some("other_party"),
            ),
            ("We need more seats, they told me.", None),
            ("Please add more seats, she said.", None),
            (
                "The agency wants more seats, they told me, for the new hires.",
                None,
            ),
            ("Harbor Point told me they want more seats.", None),
            (
                "Hollow Pine's team needs more seats, they mentioned it at the user group.",
                Some("other_party"),
            ),
            (
                "Northgate Bank needs more seats, according to their IT team.",
                Some("other_party"),
            ),
            // A short closing disclaimer with "we" or "us" and a negation.
            (
                "The agency wants more seats for their team, but not for us.",
                Some("other_party"),
            ),
            (
                "Their whole team needs more seats, we don't.",
                Some("other_party"),
            ),
            (
                "My boss wants more seats for the events team, not just the two of us.",
                None,
            ),
            (
                "Finance wants more seats, or we can't onboard anyone.",
                None,
            ),
        ];
        assert_guards(TAX, cases);
        // A past form after "as" describes the seat: "add them as licensed users".
        let licensed = TAX.replace("\"roll out to\"", "\"add ... as (licence|license) users\"");
        assert_guards(
            &licensed,
            &[
                ("We'd like to add the two agencies as licensed users.", None),
                ("We added the two agencies as licensed users.", Some("past")),
            ],
        );
    }

    const TAX_DE: &str = r#"# T
Language: de
## Synonyme
- brauchen: brauchen, braucht, bräuchten, wollen, hätten gern
- lizenzen: Lizenz, Zugang
## Komposita
- Team
### SKU: seats
- **Gesprächs-Auslöser**
  - "mehr lizenzen"
  - "brauchen & {N} lizenzen"
  - "lizenzen für das team"
  - "brauchen & sso"
- **Nutzungs-Auslöser**
  - `seat_limit_reached`
## Bedingungs-Wächter
- "wenn", "falls", "würden", "hätten", "vielleicht", "überlegen", "ob wir", "ob ... überhaupt"
## Einwand-Wächter
- "zu teuer"
## Verneinungs-Wächter
- "kein", "keine", "nicht", "niemand"
## Vergangenheits-Wächter
- "letztes jahr", "bereits", "schon", "lief"
## Fremdfirmen-Wächter
- "schwesterfirma", "wettbewerber"
## Trotzdem Absicht
- "hätten [wir] gern", "wenn möglich", "nicht genug"
## Zuletzt bearbeitet
2026-11-30
"#;

    /// The German guards, with the German grammar rules (perfect tense, bare names
    /// before a vendor verb, a rule statement after a "wenn" clause).
    #[test]
    fn german_guard_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Wir brauchen noch zwanzig Lizenzen für das Vertriebsteam.",
                None,
            ),
            ("Wir brauchen ein paar Dutzend weitere Lizenzen.", None),
            ("Wir bräuchten 50+ Lizenzen.", None),
            // A modal opening a polite question to "Sie" is an ask, not a hedge.
            ("Hätten Sie mehr Lizenzen für uns?", None),
            ("Würden Sie uns mehr Lizenzen freischalten?", None),
            // A "wenn" that says when a wanted rule fires is no hedge.
            (
                "Wir wollen eine Regel, dass wenn jemand anfängt, er mehr Lizenzen bekommt.",
                None,
            ),
            (
                "Wir brauchen mehr Lizenzen automatisch, wenn ein Team wächst.",
                None,
            ),
            (
                "Wir brauchen mehr Lizenzen, wenn das Budget kommt.",
                Some("conditional"),
            ),
            (
                "Wenn ein Team wächst, soll es automatisch mehr Lizenzen bekommen.",
                None,
            ),
            (
                "Wenn ein Team wächst, würden wir automatisch mehr Lizenzen brauchen.",
                Some("conditional"),
            ),
            (
                "Wenn das Budget kommt, brauchen wir mehr Lizenzen.",
                Some("conditional"),
            ),
            (
                "Wir wollen eine Nachricht zu mehr Lizenzen, wenn ein Team wächst.",
                None,
            ),
            (
                "Wir brauchen, dass mehr Lizenzen automatisch dazukommen, wenn ein Team wächst.",
                None,
            ),
            (
                "Dann würden sie mehr Lizenzen brauchen.",
                Some("conditional"),
            ),
            // A question relayed by "fragen" is no hedge; "ob … überhaupt" still is.
            (
                "Mein IT-Leiter lässt fragen, ob wir mehr Lizenzen bekommen.",
                None,
            ),
            (
                "Sie fragt, ob wir überhaupt mehr Lizenzen brauchen.",
                Some("conditional"),
            ),
            (
                "Wir überlegen, ob wir mehr Lizenzen brauchen.",
                Some("conditional"),
            ),
            // "Bitte" opening a sentence is no company name.
            ("Bitte legt uns mehr Lizenzen an.", None),
            // "Fall" is not the hedge "falls".
            ("Wir brauchen auf jeden Fall mehr Lizenzen.", None),
            (
                "Falls es klappt, brauchen wir mehr Lizenzen.",
                Some("conditional"),
            ),
            // A noun after "im" or a sentence-opening adverb before "hat" is no company.
            (
                "Im Moment hat jeder Standort zu wenig, wir brauchen mehr Lizenzen.",
                None,
            ),
            ("Inzwischen hat jedes Team mehr Lizenzen nötig.", None),
            (
                "Wenn möglich hätten wir gern mehr Lizenzen bis Freitag.",
                None,
            ),
            (
                "Wenn ihr SSO hättet, würden wir mehr Lizenzen kaufen.",
                Some("conditional"),
            ),
            (
                "Falls das Budget kommt, bräuchten wir mehr Lizenzen.",
                Some("conditional"),
            ),
            (
                "Vielleicht brauchen wir irgendwann SSO.",
                Some("conditional"),
            ),
            (
                "Wir überlegen, mehr Lizenzen zu kaufen.",
                Some("conditional"),
            ),
            (
                "Wenn jemand geht, muss er sofort raus, also brauchen wir SSO.",
                None,
            ),
            ("Mehr Lizenzen sind uns zu teuer.", Some("objection")),
            ("Wir brauchen keine 20 Lizenzen.", Some("negation")),
            ("SSO brauchen wir nicht.", Some("negation")),
            ("Wir brauchen kein SSO, aber mehr Lizenzen.", None),
            (
                "Es sind nicht genug Lizenzen, wir brauchen mehr Lizenzen.",
                None,
            ),
            (
                "Wir haben letztes Jahr mehr Lizenzen gekauft.",
                Some("past"),
            ),
            ("Wir haben mehr Lizenzen hinzugekauft.", Some("past")),
            ("Im Mai haben wir mehr Lizenzen bestellt.", Some("past")),
            ("Damals kauften wir mehr Lizenzen.", Some("past")),
            (
                "Wir haben 20 Lizenzen angefragt und brauchen mehr Lizenzen.",
                None,
            ),
        ];
        assert_guards(TAX_DE, cases);
    }

    /// A short closing clause with "wir"/"uns" and a negation, or one that reports what
    /// someone said, after another party's ask makes it theirs; a lack, a purpose or
    /// "nicht nur wir" does not, and neither does hearsay after the customer's own ask.
    #[test]
    fn german_closing_disclaimer_table() {
        assert_guards(
            TAX_DE,
            &[
                (
                    "Die Nachbarkanzlei braucht mehr Lizenzen, wir nicht.",
                    Some("other_party"),
                ),
                (
                    "Die Stadtwerke wollen mehr Lizenzen, für uns ist das nicht nötig.",
                    Some("other_party"),
                ),
                (
                    "Die Geschäftsführung will mehr Lizenzen, das reicht uns nicht mehr.",
                    None,
                ),
                (
                    "Das Team braucht mehr Lizenzen, damit wir nicht alles doppelt pflegen.",
                    None,
                ),
                (
                    "Das ganze Büro braucht mehr Lizenzen, nicht nur wir zwei.",
                    None,
                ),
                (
                    "Die Firma Hollmann will mehr Lizenzen, hab ich auf der Messe gehört.",
                    Some("other_party"),
                ),
                (
                    "Die Kanzlei Berg will mehr Lizenzen, sagt man.",
                    Some("other_party"),
                ),
                (
                    "Wir brauchen mehr Lizenzen, hab ich dem Vertrieb gesagt.",
                    None,
                ),
            ],
        );
    }

    /// An objection before a "dass" or "that" clause holding the trigger frames it: the
    /// complaint is about what the clause says. Before another kind of clause it tells
    /// of something else.
    #[test]
    fn objection_framing_the_trigger_table() {
        let de = TAX_DE.replace("\"zu teuer\"", "\"zu teuer\", \"ärgert uns\"");
        assert_guards(
            &de,
            &[
                (
                    "Ehrlich gesagt ärgert uns, dass mehr Lizenzen so viel kosten.",
                    Some("objection"),
                ),
                (
                    "Es ärgert uns, dass wir mehr Lizenzen brauchen.",
                    Some("objection"),
                ),
                ("Das ärgert uns, wir brauchen mehr Lizenzen.", None),
                (
                    "Es ärgert uns, dass die Liste lang ist, und wir brauchen mehr Lizenzen.",
                    None,
                ),
            ],
        );
        let en = TAX.replace("\"too expensive\"", "\"too expensive\", \"annoying\"");
        assert_guards(
            &en,
            &[
                (
                    "It's annoying, that more seats cost extra.",
                    Some("objection"),
                ),
                ("It was annoying, so we need more seats.", None),
            ],
        );
    }

    /// The German other-party guard, its bare-name rule and the past forms that are
    /// adjectives: (sentence, guard or None).
    #[test]
    fn german_other_party_and_adjective_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Unsere Schwesterfirma braucht mehr Lizenzen.",
                Some("other_party"),
            ),
            (
                "Acme bietet mehr Lizenzen für weniger Geld.",
                Some("other_party"),
            ),
            (
                "Die Schwesterfirma kommt aus Wien, wir brauchen mehr Lizenzen.",
                None,
            ),
            (
                "Die Schwesterfirma, die aus Wien, braucht mehr Lizenzen.",
                Some("other_party"),
            ),
            ("Unser Vertrieb hat mehr Lizenzen gefordert.", None),
            ("Das Team hat mehr Lizenzen gefordert.", None),
            // "bereiten" (prepare) is not the past word "bereits".
            (
                "Bitte bereiten Sie das Angebot für mehr Lizenzen vor.",
                None,
            ),
            ("Wir haben bereits mehr Lizenzen.", Some("past")),
            // "liefern" (deliver) is not the past word "lief".
            ("Wir müssen Berichte liefern, also mehr Lizenzen.", None),
            ("Das lief gut mit mehr Lizenzen.", Some("past")),
            // A past form after an article is an adjective.
            (
                "Wir wollen die erweiterten Lizenzen, also mehr Lizenzen.",
                None,
            ),
            ("Damals erweiterten wir auf mehr Lizenzen.", Some("past")),
            // An approval opens a purchase: no past event.
            (
                "Der Einkauf hat die Freigabe erteilt, bitte mehr Lizenzen.",
                None,
            ),
            // An adjective after the article: no bare company name.
            ("Unser größter Kunde verlangt mehr Lizenzen.", None),
            // The article stands before a hyphenated compound; a department is our own.
            (
                "Die Compliance-Abteilung hat mehr Lizenzen gefordert.",
                None,
            ),
            ("Personalabteilung hat mehr Lizenzen gefordert.", None),
            ("Geschäftsleitung verlangt mehr Lizenzen.", None),
            ("Acme-Software bietet mehr Lizenzen.", Some("other_party")),
            ("Damals brauchten wir mehr Lizenzen.", Some("past")),
            // A past form after a preposition and before a noun is an adjective.
            (
                "Wir wollen das Paket für erweiterte Berichte, also mehr Lizenzen.",
                None,
            ),
            // "schöne" stems to "schon", but is no "schon".
            ("Wir wollen schöne Berichte, also mehr Lizenzen.", None),
            ("Wir haben schon mehr Lizenzen.", Some("past")),
            // "bei Ihnen" (the polite "you") is the vendor we talk to, not another one.
            ("Wir bekommen bei Ihnen mehr Lizenzen?", None),
            (
                "Bei Monday bekommen wir mehr Lizenzen.",
                Some("other_party"),
            ),
            // Reported speech: a "dass" clause is the third party's, unless "wir" speaks.
            (
                "Die Schwesterfirma hat erzählt, dass die mehr Lizenzen bekommen.",
                Some("other_party"),
            ),
            (
                "Die Schwesterfirma hat erzählt, dass wir mehr Lizenzen bekommen.",
                None,
            ),
            (
                "Die Schwesterfirma will, dass die mehr Lizenzen bekommen.",
                None,
            ),
            // After "bei", a noun shaped like a situation is no company.
            ("Bei Störungen bekommen wir mehr Lizenzen.", None),
            ("Bei Lieferverzug bekommen wir mehr Lizenzen.", None),
            ("Bei Schichtbeginn bekommen wir mehr Lizenzen.", None),
            ("Bei Neueinstellungen bekommen wir mehr Lizenzen.", None),
            (
                "Bei Salesforce bekommen wir mehr Lizenzen.",
                Some("other_party"),
            ),
        ];
        assert_guards(TAX_DE, cases);
    }

    /// A guard that reaches into the trigger is set aside only when all its words are
    /// the phrase's own: "our" in the need synonym "top of our list" does not make
    /// "our clients need" a part of "need & more seats".
    #[test]
    fn guard_words_inside_the_trigger() {
        let tax = r#"# T
## Synonyms
- need: need, top of our list
### SKU: seats
- **Call triggers**
  - "need & more seats"
  - "partners & need & own logins"
- **Usage triggers**
  - `seat_limit_reached`
## Other-party guard
- "our clients need", "our partners"
## Last edited
2026-11-30
"#;
        let cases: &[(&str, Option<&str>)] = &[
            ("Our clients need more seats.", Some("other_party")),
            ("We need more seats.", None),
            // Every word of "our partners" is a word of the phrase that matched.
            ("Our partners need their own logins.", None),
        ];
        assert_guards(tax, cases);
    }

    /// "verlängern" (renew) stems like "verlangen" (demand) once the stemmer folds the
    /// umlaut, but is no need word.
    #[test]
    fn german_umlaut_look_alikes_stay_apart() {
        let m = matcher_for(&TAX_DE.replace("hätten gern", "hätten gern, verlangen"));
        let fires = |t: &str| !m.sentence(t).triggers.is_empty();
        assert!(fires("Wir verlangen zwanzig Lizenzen."));
        assert!(!fires("Wir verlängern zwanzig Lizenzen."));
        assert!(!fires("Wir verlängerten zwanzig Lizenzen."));
    }

    /// A compound head matches a compound ending in it, never a word that merely ends
    /// in its letters, and only for heads the taxonomy lists.
    #[test]
    fn german_compounds_only_on_listed_heads() {
        let m = matcher_for(TAX_DE);
        let fires = |t: &str| !m.sentence(t).triggers.is_empty();
        assert!(fires("Lizenzen für das Vertriebsteam"));
        assert!(fires("Lizenzen für das Marketingteams"));
        assert!(!fires("Lizenzen für das Steam"));
        // "Zugang" is a synonym of "Lizenz" but not a listed head: no compounds.
        assert!(!fires("mehr Testzugänge"));
    }

    /// The matcher of a test taxonomy, which must parse without errors.
    fn matcher_for(text: &str) -> Matcher {
        let (tax, problems) = taxonomy::parse("t.md", text);
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity == crate::references::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        Matcher::new(&tax)
    }

    /// Each sentence triggers, and the first trigger's guard is the one expected.
    fn assert_guards(tax: &str, cases: &[(&str, Option<&str>)]) {
        let m = matcher_for(tax);
        for (text, want) in cases {
            let got = m.sentence(text);
            assert!(!got.triggers.is_empty(), "{text}: no trigger");
            let guard = got.triggers[0].guard.as_ref().map(|g| g.kind.key());
            assert_eq!(guard, *want, "{text}: {got:?}");
        }
    }
}
