//! The what-if comparison as text, per CSM (the `whatif` command in English, `/expansion
//! admin preview rules` in the workspace's language).

use crate::i18n::Locale;
use crate::i18n::admin::Adm;
use crate::pipeline::whatif::{Change, Kind, Strength, Why};
use std::fmt::Write;

fn strength(loc: &Locale, s: Strength) -> String {
    match s {
        Strength::Strong => loc.admin(Adm::Strong, &[]),
        Strength::Weak => loc.admin(Adm::Weak, &[]),
    }
}

fn what(loc: &Locale, k: &Kind) -> String {
    match k {
        Kind::Gained { now } => loc.admin(Adm::Gained, &[("now", &strength(loc, *now))]),
        Kind::Lost { was } => loc.admin(Adm::Lost, &[("was", &strength(loc, *was))]),
        Kind::Moved { from, to } => loc.admin(
            Adm::Moved,
            &[("from", &strength(loc, *from)), ("to", &strength(loc, *to))],
        ),
    }
}

/// Why a signal is strong or weak, in `loc`'s language (a weak signal's summary through
/// [`crate::i18n::weak::summary`]).
fn why(loc: &Locale, why: &Why) -> String {
    match why {
        Why::Strong {
            quote: Some((quote, speaker)),
        } => loc.admin(
            Adm::WhyStrongQuote,
            &[("quote", quote), ("speaker", speaker)],
        ),
        Why::Strong { quote: None } => loc.admin(Adm::WhyStrong, &[]),
        Why::OverCap => loc.admin(Adm::WhyOverCap, &[]),
        Why::Weak { summary } => {
            let summary = crate::i18n::weak::summary(loc, summary);
            loc.admin(Adm::WhyWeak, &[("summary", &summary)])
        }
    }
}

/// A change's reason in `loc`'s language; in English exactly [`Change::reason`].
pub fn reason(loc: &Locale, c: &Change) -> String {
    let why = why(loc, &c.why);
    match c.kind {
        Kind::Lost { .. } => loc.admin(Adm::WhyLost, &[("why", &why)]),
        _ => why,
    }
}

/// One block per CSM, one line per changed signal with its reason, in English.
pub fn text(changes: &[Change]) -> String {
    text_in(changes, &Locale::default())
}

/// [`text`] in `loc`'s language.
pub fn text_in(changes: &[Change], loc: &Locale) -> String {
    if changes.is_empty() {
        return format!("{}\n", loc.admin(Adm::WhatifNone, &[]));
    }
    let mut out = String::new();
    let mut owner = "";
    for c in changes {
        if c.owner_email != owner {
            owner = &c.owner_email;
            let _ = writeln!(out, "{}", loc.admin(Adm::WhatifOwner, &[("owner", owner)]));
        }
        let line = loc.admin(
            Adm::WhatifLine,
            &[
                ("what", &what(loc, &c.kind)),
                ("account", &c.account_name),
                ("id", &c.account_id),
                ("sku", &c.sku),
                ("reason", &reason(loc, c)),
            ],
        );
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", totals(loc, changes));
    out
}

/// "3 change(s): 1 gained, 1 lost, 1 moved".
fn totals(loc: &Locale, changes: &[Change]) -> String {
    let count = |f: fn(&Kind) -> bool| changes.iter().filter(|c| f(&c.kind)).count();
    let gained = count(|k| matches!(k, Kind::Gained { .. }));
    let lost = count(|k| matches!(k, Kind::Lost { .. }));
    loc.admin(
        Adm::WhatifTotals,
        &[
            ("n", &changes.len().to_string()),
            ("gained", &gained.to_string()),
            ("lost", &lost.to_string()),
            ("moved", &(changes.len() - gained - lost).to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn change(kind: Kind, why: Why) -> Change {
        Change {
            owner_email: "ana@x.io".into(),
            account_id: "A1".into(),
            account_name: "Acme".into(),
            sku: "seats".into(),
            reason: crate::pipeline::whatif::english_reason(&kind, &why),
            kind,
            why,
        }
    }

    fn changes() -> Vec<Change> {
        let quote = Some(("Wir brauchen mehr Lizenzen.".into(), "Nadine Wolf".into()));
        vec![
            change(
                Kind::Gained {
                    now: Strength::Strong,
                },
                Why::Strong { quote },
            ),
            change(
                Kind::Lost {
                    was: Strength::Strong,
                },
                Why::OverCap,
            ),
            change(
                Kind::Moved {
                    from: Strength::Strong,
                    to: Strength::Weak,
                },
                Why::Weak {
                    summary: "usage change only, no customer mention on a call: seat_count 120 → 150 (+25%)".into(),
                },
            ),
        ]
    }

    /// English reads as before (the reason is the pipeline's); German has no English
    /// word of the template left.
    #[test]
    fn whatif_in_both_languages() {
        let all = changes();
        for c in &all {
            assert_eq!(reason(&Locale::default(), c), c.reason);
        }
        let en = text(&all);
        assert!(en.contains("  + gained (strong) Acme (A1) — seats: strong: “Wir brauchen mehr Lizenzen.” (Nadine Wolf) with usage evidence\n"), "{en}");
        assert!(en.contains("  - lost (was strong) Acme (A1) — seats: no longer found under the edited rules (was strong, over the cap)\n"), "{en}");
        assert!(
            en.ends_with("3 change(s): 1 gained, 1 lost, 1 moved\n"),
            "{en}"
        );
        let de = text_in(&all, &Locale::new(Lang::De, Default::default()));
        assert!(de.contains("  + neu (stark) Acme (A1) — seats: stark: „Wir brauchen mehr Lizenzen.“ (Nadine Wolf) mit Nutzungsbelegen\n"), "{de}");
        assert!(de.contains("  - entfällt (war stark) Acme (A1) — seats: unter den bearbeiteten Regeln nicht mehr gefunden (war stark, über dem Limit)\n"), "{de}");
        assert!(de.contains("  ~ verschoben stark → schwach Acme (A1) — seats: schwach: nur eine Nutzungsänderung"), "{de}");
        assert!(
            de.ends_with("Änderungen: 3 (1 neu, 1 entfallen, 1 verschoben)\n"),
            "{de}"
        );
        for english in [
            "gained",
            "lost",
            "moved",
            "strong",
            "weak",
            "change(s)",
            "usage change",
        ] {
            assert!(!de.contains(english), "{english:?} in {de}");
        }
        let none = text_in(&[], &Locale::new(Lang::De, Default::default()));
        assert!(none.starts_with("Keine Änderung"), "{none}");
    }
}
