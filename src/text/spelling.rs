//! British and US spellings, and a few written variants, folded to one form so that a
//! phrase written either way matches text written either way. The same fold is applied
//! to phrases and to text, so folding a word that has no variant does no harm.

/// Whole-word variants: (written, folded).
const WORDS: &[(&str, &str)] = &[
    ("licence", "license"),
    ("licences", "licenses"),
    ("licenced", "licensed"),
    ("licencing", "licensing"),
    ("colour", "color"),
    ("colours", "colors"),
    ("behaviour", "behavior"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("neighbour", "neighbor"),
    ("centre", "center"),
    ("centres", "centers"),
    ("catalogue", "catalog"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("cancelled", "canceled"),
    ("cancelling", "canceling"),
    ("modelling", "modeling"),
    ("travelling", "traveling"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("cheque", "check"),
    ("grey", "gray"),
];

/// Folds one lower-case word (no apostrophes) of `lang`: British to US spelling in
/// English; "ß" to "ss" in German, so "Gruß" and Swiss "Gruss" are one word. Umlauts are
/// kept (the German stemmer folds them in the stem: "Lizenzänderung" and "Lizenzanderung"
/// share a stem, "Nutzer" and "Nützer" too), and "ae"/"oe"/"ue" are not folded into
/// umlauts: "Steuer" and "Feuer" must stay what they are.
pub fn fold_in(lang: super::Lang, word: &str) -> String {
    match lang {
        super::Lang::En => fold(word),
        super::Lang::De => word.replace('ß', "ss"),
    }
}

/// Folds one lower-case English word (no apostrophes).
pub fn fold(word: &str) -> String {
    if let Some((_, us)) = WORDS.iter().find(|(w, _)| *w == word) {
        return (*us).to_string();
    }
    // -ise / -isation / -yse: organise, organisation, analyse, customised, ...
    for (brit, us) in [
        ("isation", "ization"),
        ("isable", "izable"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ises", "izes"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
    ] {
        if let Some(head) = word.strip_suffix(brit)
            && head.len() >= 3
            && !KEEP_ISE.contains(&word)
        {
            return format!("{head}{us}");
        }
    }
    word.to_string()
}

/// The British spelling of a folded word, where one exists (for the prefilter, which
/// looks at the raw text).
pub fn british(word: &str) -> Option<String> {
    if let Some((brit, _)) = WORDS.iter().find(|(w, us)| *us == word && w != us) {
        return Some((*brit).to_string());
    }
    for (us, brit) in [("ization", "isation"), ("ize", "ise"), ("yze", "yse")] {
        if let Some(at) = word.find(us) {
            return Some(format!("{}{brit}{}", &word[..at], &word[at + us.len()..]));
        }
    }
    None
}

/// Words ending in -ise with no -ize spelling ("enterprise" folds harmlessly, but these
/// would collide with other words or read oddly in diagnostics).
const KEEP_ISE: &[&str] = &[
    "wise",
    "rise",
    "raise",
    "noise",
    "poise",
    "praise",
    "premise",
    "promise",
    "precise",
    "concise",
    "expertise",
    "exercise",
    "otherwise",
    "likewise",
    "advise",
    "revise",
    "surprise",
    "enterprise",
    "franchise",
    "merchandise",
    "compromise",
    "supervise",
    "televise",
    "devise",
    "improvise",
    "disguise",
    "chastise",
    "despise",
    "demise",
    "paradise",
    "treatise",
    "arise",
    "cruise",
    "bruise",
];

/// Words that share a stem with a taxonomy word but not its meaning: they keep their own
/// form, so "seat" matches "seats" but not "seated" or "seating chart".
pub const NOT_INFLECTIONS: &[&str] = &[
    "seated",
    "seating",
    "seater",
    "licensing",
    "dashboarding",
    "logged",
    "logging",
    "hosted",
    "hosting",
    "supported",
    "supporting",
    "limited",
    "limiting",
    "provisioned",
    "forecasting",
    "customer",
    "customers",
    "customary",
    "customs",
    "reporter",
    "reporters",
    "exporter",
    "exporters",
    "analyst",
    "analysts",
    "planner",
    "planners",
    "plants",
];

/// German look-alikes kept apart: "Nutzen" (benefit) is not "Nutzer" (users), though
/// the stemmer gives both "nutz".
/// The subjunctive modals stay apart from their indicative: "sollte" (if it should) is
/// not "soll", "müssten" not "muss". "bereits" (already) is not "bereiten" (prepare), "lief" (ran) not "liefern" (deliver).
pub const NOT_INFLECTIONS_DE: &[&str] = &[
    "nutzen",
    "nutzens",
    "sollte",
    "sollten",
    "müsste",
    "müssten",
    "könnte",
    "könnten",
    "würde",
    "würden",
    "hätte",
    "hätten",
    "wollte",
    "wollten",
    "falls",
    "bereits",
    "lief",
    "liefen",
    // "schön" stems to "schon", a past-event word: "schöne Übersichten" is no "schon".
    "schön",
    "schöne",
    "schönen",
    "schöner",
    "schönes",
    "schönem",
    // The stemmer folds "ä" into "a": "verlängern" (renew) would be "verlangen" (demand),
    // a need word, and "Wir verlängern mit denselben Lizenzen" an ask for licences.
    "verlängern",
    "verlängert",
    "verlängerte",
    "verlängerten",
    "verlängere",
    "verlängerst",
];

/// English verb and particle pairs that are never glued into the noun they sound like:
/// "they can log in on day one" is not a "login" (a seat), "sign in" is not a "signin".
const VERB_PARTICLES: &[(&str, &str)] = &[("log", "in"), ("log", "on"), ("sign", "in")];

/// True when `first second` is a verb with its particle that must not be read as one
/// glued word ("log in" for "login").
pub fn verb_particle(lang: super::Lang, first: &str, second: &str) -> bool {
    lang == super::Lang::En && VERB_PARTICLES.contains(&(first, second))
}

/// The look-alike list of `lang`.
pub fn not_inflections(lang: super::Lang) -> &'static [&'static str] {
    match lang {
        super::Lang::En => NOT_INFLECTIONS,
        super::Lang::De => NOT_INFLECTIONS_DE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        let cases = [
            ("licences", "licenses"),
            ("organisation", "organization"),
            ("customised", "customized"),
            ("enterprise", "enterprise"),
            ("colour", "color"),
            ("seats", "seats"),
            ("is", "is"),
        ];
        for (w, want) in cases {
            assert_eq!(fold(w), want, "{w}");
        }
        assert_eq!(british("license").as_deref(), Some("licence"));
        assert_eq!(british("organization").as_deref(), Some("organisation"));
    }

    #[test]
    fn verb_particles_stay_apart() {
        assert!(verb_particle(super::super::Lang::En, "log", "in"));
        assert!(!verb_particle(super::super::Lang::En, "sign", "on"));
        assert!(!verb_particle(super::super::Lang::De, "log", "in"));
    }
}
