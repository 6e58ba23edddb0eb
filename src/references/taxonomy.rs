//! `1-expansion-signal-taxonomy.md`: SKUs with their call, usage and ticket triggers and
//! negative examples, the synonym groups, the sentence guards (conditional, past event,
//! negation, other party, objection, and the "still intent" exceptions) and the Last
//! edited date.

use super::Problem;
use super::md::{self, Block, Inline};
use super::pattern::{Pattern, Synonyms, limits, quoted_strings};
use crate::text::Lang;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub struct UsageTrigger {
    pub event_type: String,
    /// Empty: any feature. Otherwise the event's `feature` or `metric_name` must be one of
    /// these (case-insensitive).
    pub features: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TicketTrigger {
    Tags { tags: Vec<String>, line: usize },
    Subject { phrases: Vec<Pattern>, line: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SkuRules {
    pub id: String,
    pub line: usize,
    pub call_triggers: Vec<Pattern>,
    pub usage_triggers: Vec<UsageTrigger>,
    pub ticket_triggers: Vec<TicketTrigger>,
    pub negatives: Vec<Pattern>,
}

/// The word lists of the sentence guards other than the conditional one. `None`: the
/// section is absent, so that guard is off (a taxonomy written before these guards
/// existed means what it meant; `check` warns).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GuardLists {
    pub past: Option<Vec<Pattern>>,
    pub negation: Option<Vec<Pattern>>,
    pub other_party: Option<Vec<Pattern>>,
    pub objection: Option<Vec<Pattern>>,
    /// Phrases that keep a sentence as intent although they contain a guard word
    /// ("if possible", "would like", "not enough").
    pub still_intent: Vec<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Taxonomy {
    pub skus: Vec<SkuRules>,
    pub conditionals: Vec<Pattern>,
    pub guards: GuardLists,
    pub synonyms: Synonyms,
    pub last_edited: Option<NaiveDate>,
    /// `## Semantic match threshold`: the cosine similarity at which the optional
    /// embedding stage counts a sentence as a mention (`None`: the built-in default).
    pub semantic_threshold: Option<f32>,
    /// `Language: de` near the top of the file (default English): the analysis chain
    /// every phrase of the file is compiled with, and the language of the calls it reads.
    pub language: Lang,
    /// Stems of the words under `## Compound heads`: a phrase word among them also
    /// matches a compound ending in it ("Vertriebsteam" for "Team").
    pub compound_heads: Vec<String>,
    /// Taxonomies for the other languages of a mixed portfolio
    /// (`1-expansion-signal-taxonomy.de.md` next to this file), same SKU ids; each call
    /// is read with the one of its language.
    pub translations: Vec<Taxonomy>,
}

impl Taxonomy {
    pub fn sku(&self, id: &str) -> Option<&SkuRules> {
        self.skus.iter().find(|s| s.id == id)
    }

    /// Attaches the taxonomy of another language (`file` is its name in messages):
    /// an error when its `Language:` line is not `lang` or it defines a SKU this one
    /// does not, a warning for a SKU it leaves out (calls in that language cannot
    /// trigger it).
    pub fn add_translation(&mut self, file: &str, lang: Lang, other: Taxonomy) -> Vec<Problem> {
        let mut problems = Vec::new();
        if other.language != lang {
            problems.push(Problem::error(
                file,
                1,
                format!(
                    "the file name says `{lang}` but the file says `Language: {}`: add the line `Language: {lang}` near the top",
                    other.language
                ),
            ));
        }
        if lang == self.language {
            problems.push(Problem::error(
                file,
                1,
                format!("the main taxonomy is already `{lang}`: a translation must be in another language"),
            ));
        }
        for sku in &other.skus {
            if self.sku(&sku.id).is_none() {
                problems.push(Problem::error(file, sku.line, format!(
                    "SKU `{}` is not in the main taxonomy: both languages must use the same SKU ids",
                    sku.id
                )));
            }
        }
        for sku in &self.skus {
            if other.sku(&sku.id).is_none() {
                problems.push(Problem::warning(file, 1, format!(
                    "SKU `{}` has no section in this language: calls in `{lang}` can never trigger it",
                    sku.id
                )));
            }
        }
        self.translations.push(other);
        problems
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Call,
    Usage,
    Ticket,
    Negative,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Section {
    Other,
    Conditional,
    Past,
    Negation,
    OtherParty,
    Objection,
    StillIntent,
    Synonyms,
    CompoundHeads,
    LastEdited,
    SemanticThreshold,
}

/// The level-2 sections of the file, by heading (lower case).
const SECTIONS: &[(&str, Section)] = &[
    ("how to edit this file", Section::Other),
    ("skus", Section::Other),
    ("synonyms", Section::Synonyms),
    ("conditional-mention guard", Section::Conditional),
    ("past-event guard", Section::Past),
    ("negation guard", Section::Negation),
    ("other-party guard", Section::OtherParty),
    ("objection guard", Section::Objection),
    ("still intent", Section::StillIntent),
    ("compound heads", Section::CompoundHeads),
    ("last edited", Section::LastEdited),
    ("semantic match threshold", Section::SemanticThreshold),
    // The same sections in a German taxonomy.
    ("so bearbeiten sie diese datei", Section::Other),
    ("synonyme", Section::Synonyms),
    ("bedingungs-wächter", Section::Conditional),
    ("vergangenheits-wächter", Section::Past),
    ("verneinungs-wächter", Section::Negation),
    ("fremdfirmen-wächter", Section::OtherParty),
    ("einwand-wächter", Section::Objection),
    ("trotzdem absicht", Section::StillIntent),
    ("komposita", Section::CompoundHeads),
    ("zuletzt bearbeitet", Section::LastEdited),
];

/// How many of [`SECTIONS`] are the English names (listed in messages).
const ENGLISH_SECTIONS: usize = 12;

/// The `Language: de` (or `Sprache: de`) line: the language and its line, if any.
fn language_line(text: &str) -> Option<(usize, String)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let l = l.trim();
        let rest = l
            .strip_prefix("Language:")
            .or_else(|| l.strip_prefix("Sprache:"))?;
        Some((i + 1, rest.trim().trim_matches('`').to_string()))
    })
}

fn section_named(heading: &str) -> Option<Section> {
    let h = heading.trim().to_lowercase();
    SECTIONS
        .iter()
        .find(|(name, _)| *name == h)
        .map(|(_, s)| *s)
}

/// Parses the taxonomy file; returns what it could read and every problem.
pub fn parse(file: &str, text: &str) -> (Taxonomy, Vec<Problem>) {
    let mut tax = Taxonomy::default();
    let mut problems = Vec::new();
    let mut section = Section::Other;
    let mut in_sku = false;
    let mut label: Option<Label> = None;
    let mut last_edited_line = None;
    let mut seen: Vec<Section> = Vec::new();
    if let Some((line, code)) = language_line(text) {
        match Lang::parse(&code) {
            Some(lang) => tax.language = lang,
            None => problems.push(Problem::error(
                file,
                line,
                format!("unknown language `{code}`: write `Language: en` or `Language: de`"),
            )),
        }
    }
    let lang = tax.language;

    let phrases = |inlines: &[Inline], line: usize, problems: &mut Vec<Problem>| -> Vec<Pattern> {
        match quoted_strings(&md::text_only(inlines)) {
            Err(e) => {
                problems.push(Problem::error(
                    file,
                    line,
                    format!("{e}: close the phrase with a double quote"),
                ));
                Vec::new()
            }
            Ok(found) if found.is_empty() => {
                problems.push(Problem::error(
                    file,
                    line,
                    format!(
                        "no quoted phrase in `{}`: put each phrase in double quotes, e.g. \"we need more seats\"",
                        md::plain(inlines).trim()
                    ),
                ));
                Vec::new()
            }
            Ok(found) => found
                .iter()
                .filter_map(|p| match Pattern::compile_in(p, line, lang) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        problems.push(Problem::error(file, line, e.to_string()));
                        None
                    }
                })
                .collect(),
        }
    };

    for block in md::blocks(text) {
        match block {
            Block::Heading {
                level,
                text: h,
                line,
            } => {
                label = None;
                if level <= 2 {
                    in_sku = false;
                    section = section_named(&h).unwrap_or(Section::Other);
                    if section == Section::LastEdited {
                        last_edited_line = Some(line);
                    }
                    if level == 2 && section_named(&h).is_none() {
                        problems.push(Problem::warning(file, line, format!(
                            "unknown section `## {h}`: its content is ignored; the sections are {}",
                            SECTIONS[..ENGLISH_SECTIONS].iter().filter(|(_, s)| *s != Section::CompoundHeads).map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        )));
                    }
                    if section != Section::Other {
                        seen.push(section);
                    }
                }
                if level == 3 {
                    in_sku = false;
                    if !h.starts_with("SKU:")
                        && h.to_ascii_lowercase().trim_start().starts_with("sku")
                    {
                        problems.push(Problem::error(file, line, format!(
                            "`### {h}` looks like a SKU heading: write it as `### SKU: <id>` (capital SKU and a colon)"
                        )));
                    }
                    if let Some(rest) = h.strip_prefix("SKU:") {
                        let id = rest.split('(').next().unwrap_or("").trim().to_string();
                        if id.is_empty() || id.contains(char::is_whitespace) {
                            problems.push(Problem::error(
                                file,
                                line,
                                format!("`### {h}`: write the SKU id as one word, e.g. `### SKU: enterprise-tier (notes)`"),
                            ));
                        } else if let Some(prev) = tax.skus.iter().find(|s| s.id == id) {
                            problems.push(Problem::error(
                                file,
                                line,
                                format!("duplicate SKU `{id}` (first defined on line {}): merge the two sections", prev.line),
                            ));
                        } else {
                            tax.skus.push(SkuRules {
                                id,
                                line,
                                call_triggers: Vec::new(),
                                usage_triggers: Vec::new(),
                                ticket_triggers: Vec::new(),
                                negatives: Vec::new(),
                            });
                            in_sku = true;
                        }
                    }
                }
            }
            Block::Item {
                depth: 1,
                inlines,
                line,
            } if in_sku => {
                let name = md::plain(&inlines);
                let name = name
                    .trim()
                    .trim_end_matches(':')
                    .trim()
                    .to_ascii_lowercase();
                let strong = inlines.iter().any(|i| matches!(i, Inline::Strong(_)));
                label = match name.as_str() {
                    "call triggers" | "gesprächs-auslöser" if strong => Some(Label::Call),
                    "usage triggers" | "nutzungs-auslöser" if strong => Some(Label::Usage),
                    "ticket triggers" | "ticket-auslöser" if strong => Some(Label::Ticket),
                    "negative-example phrases" | "negativbeispiele" if strong => {
                        Some(Label::Negative)
                    }
                    _ => {
                        problems.push(Problem::error(
                            file,
                            line,
                            format!(
                                "unknown bullet `{}`: the bullets of a SKU are **Call triggers**, **Usage triggers**, **Ticket triggers** and **Negative-example phrases**, each with nested bullets",
                                md::plain(&inlines).trim()
                            ),
                        ));
                        None
                    }
                };
            }
            Block::Item {
                depth: 2,
                inlines,
                line,
            } if in_sku => {
                let Some(sku) = tax.skus.last_mut() else {
                    continue;
                };
                match label {
                    Some(Label::Call) => {
                        sku.call_triggers
                            .extend(phrases(&inlines, line, &mut problems))
                    }
                    Some(Label::Negative) => {
                        sku.negatives.extend(phrases(&inlines, line, &mut problems))
                    }
                    Some(Label::Usage) => {
                        let codes = md::codes(&inlines);
                        match codes.split_first() {
                            Some((event_type, features)) if !event_type.trim().is_empty() => {
                                sku.usage_triggers.push(UsageTrigger {
                                    event_type: event_type.trim().to_string(),
                                    features: features.iter().map(|f| f.trim().to_string()).collect(),
                                    line,
                                })
                            }
                            _ => problems.push(Problem::error(
                                file,
                                line,
                                format!(
                                    "usage trigger `{}` has no backticked event type: write e.g. `seat_limit_reached`, optionally followed by backticked features",
                                    md::plain(&inlines).trim()
                                ),
                            )),
                        }
                    }
                    Some(Label::Ticket) => match parse_ticket_trigger(&inlines, line, lang) {
                        Ok(t) => sku.ticket_triggers.push(t),
                        Err(e) => problems.push(Problem::error(file, line, e)),
                    },
                    None => {}
                }
            }
            Block::Item { inlines, line, .. } if section == Section::Synonyms => {
                if let Err(e) = synonym_line(&inlines, &mut tax.synonyms, lang) {
                    problems.push(Problem::error(file, line, e));
                }
            }
            Block::Item { inlines, .. } if section == Section::CompoundHeads => {
                let text = md::plain(&inlines);
                for w in text.split(',') {
                    let w = w.trim().trim_matches(['"', '“', '”', '`']).trim();
                    for t in crate::text::analyze_in(w, lang) {
                        tax.compound_heads.push(t.stem);
                    }
                }
            }
            Block::Item { inlines, line, .. } if is_guard(section) => {
                let found = phrases(&inlines, line, &mut problems);
                guard_list(&mut tax, section).extend(found);
            }
            Block::Paragraph { inlines, line }
                if section == Section::SemanticThreshold && tax.semantic_threshold.is_none() =>
            {
                let text = md::plain(&inlines);
                let text = text.trim();
                match text.parse::<f32>() {
                    Ok(t) if (0.0..=1.0).contains(&t) => tax.semantic_threshold = Some(t),
                    _ => problems.push(Problem::error(
                        file,
                        line,
                        format!("Semantic match threshold `{text}` is not a number between 0 and 1: write a similarity such as 0.62"),
                    )),
                }
            }
            Block::Paragraph { inlines, line }
                if section == Section::LastEdited && tax.last_edited.is_none() =>
            {
                let text = md::plain(&inlines);
                let text = text.trim();
                match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(d) => tax.last_edited = Some(d),
                    Err(_) => problems.push(Problem::warning(
                        file,
                        line,
                        format!("Last edited `{text}` is not a date: write the day you changed this file as YYYY-MM-DD"),
                    )),
                }
                last_edited_line = None;
            }
            _ => {}
        }
    }
    if tax.skus.is_empty() {
        problems.push(Problem::error(
            file,
            1,
            "no `### SKU: <id>` section: the taxonomy must define at least one SKU",
        ));
    }
    for sku in &tax.skus {
        if sku.call_triggers.is_empty() || sku.usage_triggers.is_empty() {
            problems.push(Problem::warning(
                file,
                sku.line,
                format!("SKU `{}` has no call triggers or no usage triggers, so it can never be a strong signal", sku.id),
            ));
        }
    }
    if tax.conditionals.is_empty() {
        problems.push(Problem::warning(
            file,
            1,
            "no `## Conditional-mention guard` phrases: hypothetical mentions (\"if\", \"would\") will count as signals",
        ));
    }
    let mut missing = Vec::new();
    for section in [
        Section::Past,
        Section::Negation,
        Section::OtherParty,
        Section::Objection,
    ] {
        if seen.contains(&section) {
            let list = std::mem::take(guard_list(&mut tax, section));
            *guard_slot(&mut tax.guards, section) = Some(list);
        } else {
            let name = SECTIONS
                .iter()
                .find(|(_, s)| *s == section)
                .map_or("", |(n, _)| *n);
            missing.push(format!("`## {}`", capitalize(name)));
        }
    }
    if !missing.is_empty() {
        problems.push(Problem::warning(file, 1, format!(
            "no {} section: those sentence guards are off, so such talk can count as a signal; add the sections (see How to edit)",
            missing.join(", ")
        )));
    }
    apply_synonyms(file, &mut tax, &mut problems);
    for sku in &tax.skus {
        for p in sku.call_triggers.iter().chain(&sku.negatives) {
            if let Some(w) = p.speed_warning() {
                problems.push(Problem::warning(file, p.line, w));
            }
        }
    }
    if tax.last_edited.is_none()
        && !problems
            .iter()
            .any(|p| p.message.starts_with("Last edited"))
    {
        problems.push(Problem::warning(
            file,
            last_edited_line.unwrap_or(1),
            "no Last edited date: add a `## Last edited` section with a YYYY-MM-DD line",
        ));
    }
    (tax, problems)
}

fn is_guard(section: Section) -> bool {
    matches!(
        section,
        Section::Conditional
            | Section::Past
            | Section::Negation
            | Section::OtherParty
            | Section::Objection
            | Section::StillIntent
    )
}

/// Where a guard section's phrases go while parsing (the optional lists are filled
/// through `scratch` and moved into place once the whole file has been read).
fn guard_list(tax: &mut Taxonomy, section: Section) -> &mut Vec<Pattern> {
    match section {
        Section::Conditional => &mut tax.conditionals,
        Section::StillIntent => &mut tax.guards.still_intent,
        _ => guard_slot(&mut tax.guards, section).get_or_insert_with(Vec::new),
    }
}

fn guard_slot(g: &mut GuardLists, section: Section) -> &mut Option<Vec<Pattern>> {
    match section {
        Section::Past => &mut g.past,
        Section::Negation => &mut g.negation,
        Section::OtherParty => &mut g.other_party,
        _ => &mut g.objection,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `- seats: seats, licences, users` (the name counts as a member too).
fn synonym_line(inlines: &[Inline], synonyms: &mut Synonyms, lang: Lang) -> Result<(), String> {
    let text = md::plain(inlines);
    let Some((name, members)) = text.split_once(':') else {
        return Err(format!(
            "synonym line `{}` has no colon: write `name: word, word, word`, e.g. `seats: seats, licences, users`",
            text.trim()
        ));
    };
    let clean = |m: &str| {
        m.trim()
            .trim_matches(['"', '“', '”', '`'])
            .trim()
            .to_string()
    };
    let mut all: Vec<String> = vec![clean(name)];
    all.extend(members.split(',').map(clean));
    all.retain(|m| !m.is_empty());
    all.dedup();
    if all.len() < 2 {
        return Err(format!(
            "synonym line `{}` lists no words after the colon",
            text.trim()
        ));
    }
    synonyms.add_group_in(all.iter().map(String::as_str), lang);
    Ok(())
}

/// Rewrites every phrase with the synonym groups, reporting any phrase that becomes
/// too large, and enforces the limit on the number of phrases.
fn apply_synonyms(file: &str, tax: &mut Taxonomy, problems: &mut Vec<Problem>) {
    let syn = tax.synonyms.clone();
    let heads = tax.compound_heads.clone();
    let mut count = 0usize;
    let mut rewrite = |list: &mut Vec<Pattern>| {
        count += list.len();
        list.retain_mut(|p| match p.with_synonyms(&syn) {
            Ok(q) => {
                *p = q.with_compound_heads(&heads);
                true
            }
            Err(e) => {
                problems.push(Problem::error(file, p.line, e.to_string()));
                false
            }
        });
    };
    for sku in &mut tax.skus {
        rewrite(&mut sku.call_triggers);
        rewrite(&mut sku.negatives);
        for t in &mut sku.ticket_triggers {
            if let TicketTrigger::Subject { phrases, .. } = t {
                rewrite(phrases);
            }
        }
    }
    rewrite(&mut tax.conditionals);
    rewrite(&mut tax.guards.still_intent);
    let g = &mut tax.guards;
    for list in [
        &mut g.past,
        &mut g.negation,
        &mut g.other_party,
        &mut g.objection,
    ]
    .into_iter()
    .flatten()
    {
        rewrite(list);
    }
    if count > limits::MAX_PHRASES {
        problems.push(Problem::error(
            file,
            1,
            format!(
                "{count} phrases: a taxonomy holds at most {} (triggers, negatives and guards together); split rarely used phrases out",
                limits::MAX_PHRASES
            ),
        ));
    }
}

fn parse_ticket_trigger(
    inlines: &[Inline],
    line: usize,
    lang: Lang,
) -> Result<TicketTrigger, String> {
    let text = md::text_only(inlines).to_lowercase();
    let text = text.trim();
    let values: Vec<String> = md::codes(inlines)
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let help = "write `tags include `a`, `b`` or `subject matches `x`, `y``";
    if values.is_empty() {
        return Err(format!(
            "ticket trigger `{}` names nothing in backticks: {help}",
            md::plain(inlines).trim()
        ));
    }
    if text.starts_with("tags include") || text.starts_with("tags enthalten") {
        Ok(TicketTrigger::Tags { tags: values, line })
    } else if text.starts_with("subject matches") || text.starts_with("betreff enthält") {
        let phrases = values
            .iter()
            .map(|v| Pattern::compile_in(v, line, lang).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TicketTrigger::Subject { phrases, line })
    } else {
        Err(format!(
            "unknown ticket trigger `{}`: {help}",
            md::plain(inlines).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"# Taxonomy
## How to edit this file
- prose bullets here are ignored
## SKUs
### SKU: additional-team-seats (seat packs)
- **Call triggers**
  - "we need {N} more seats" — classic
  - “onboarding {a, another} team” and "add {team} to the workspace"
- **Usage triggers**
  - `seat_limit_reached`
  - `tier_gated_feature_attempt` `sso` `audit_log` — gated
- **Ticket triggers**
  - tags include `seat-limit`, `license`
  - subject matches `seat limit`, `more licenses`
- **Negative-example phrases**
  - "fewer seats"
## Conditional-mention guard
- "if"
- "thinking about"
## Past-event guard
- "last year"
## Negation guard
- "not"
## Other-party guard
- "sister company"
## Objection guard
- "too expensive"
## Last edited
2026-11-02
"#;

    #[test]
    fn parses_a_full_sku() {
        let (tax, problems) = parse("t.md", GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let sku = &tax.skus[0];
        assert_eq!(sku.id, "additional-team-seats");
        assert_eq!(sku.line, 5);
        let calls: Vec<_> = sku
            .call_triggers
            .iter()
            .map(|p| p.source.as_str())
            .collect();
        assert_eq!(
            calls,
            [
                "we need {N} more seats",
                "onboarding {a, another} team",
                "add {team} to the workspace"
            ]
        );
        assert_eq!(
            sku.usage_triggers[1].event_type,
            "tier_gated_feature_attempt"
        );
        assert_eq!(sku.usage_triggers[1].features, ["sso", "audit_log"]);
        assert!(
            matches!(&sku.ticket_triggers[0], TicketTrigger::Tags { tags, line: 13 } if tags == &["seat-limit", "license"])
        );
        assert!(
            matches!(&sku.ticket_triggers[1], TicketTrigger::Subject { phrases, .. } if phrases.len() == 2)
        );
        assert_eq!(sku.negatives[0].source, "fewer seats");
        assert_eq!(tax.conditionals.len(), 2);
        assert_eq!(tax.last_edited, NaiveDate::from_ymd_opt(2026, 11, 2));
    }

    #[test]
    fn problems_name_the_line() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "  - \"we need {N more seats\"",
                "t.md:7: unclosed `{`",
                "unclosed brace",
            ),
            (
                "  - we need more seats",
                "t.md:7: no quoted phrase",
                "no quotes",
            ),
            (
                "  - \"we need more seats",
                "t.md:7: unclosed quote",
                "unclosed quote",
            ),
        ];
        for (replacement, want, what) in cases {
            let text = GOOD.replace("  - \"we need {N} more seats\" — classic", replacement);
            let (_, problems) = parse("t.md", &text);
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert!(
                shown.iter().any(|s| s.starts_with(want)),
                "{what}: {shown:?}"
            );
        }
    }

    #[test]
    fn structural_problems() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "- **Usage triggers**\n  - `seat_limit_reached`",
                "- **Usage triggers**\n  - no code here",
                "t.md:10: usage trigger",
            ),
            (
                "  - tags include `seat-limit`, `license`",
                "  - labels `x`",
                "t.md:13: unknown ticket trigger",
            ),
            (
                "- **Negative-example phrases**",
                "- **Negatives**",
                "t.md:15: unknown bullet",
            ),
            (
                "2026-11-02",
                "YYYY-MM-DD",
                "t.md:29: warning: Last edited `YYYY-MM-DD` is not a date",
            ),
            (
                "## Last edited\n2026-11-02\n",
                "",
                "t.md:1: warning: no Last edited date",
            ),
        ];
        for (from, to, want) in cases {
            let text = GOOD.replace(from, to);
            let (_, problems) = parse("t.md", &text);
            let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert!(
                shown.iter().any(|s| s.starts_with(want)),
                "{want}: {shown:?}"
            );
        }
    }

    #[test]
    fn duplicate_sku_is_an_error() {
        let text = GOOD.replace(
            "## Conditional-mention guard",
            "### SKU: additional-team-seats\n## Conditional-mention guard",
        );
        let (_, problems) = parse("t.md", &text);
        assert!(
            problems.iter().any(|p| p
                .message
                .starts_with("duplicate SKU `additional-team-seats` (first defined on line 5)")),
            "{problems:?}"
        );
    }
}
