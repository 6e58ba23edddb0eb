//! `1-expansion-signal-taxonomy.md`: SKUs with their call, usage and ticket triggers and
//! negative examples, the synonym groups, the sentence guards (conditional, past event,
//! negation, other party, objection, and the "still intent" exceptions) and the Last
//! edited date.

use super::Problem;
use super::md::{self, Inline};
use super::parsing::{self, BlockReader, Problems};
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
    /// `**Example sentences**`: whole sentences a customer with this intent says. Only
    /// the optional embedding stage reads them (as its nearest neighbours); they are
    /// not phrases and match nothing by themselves.
    pub examples: Vec<String>,
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
    /// `## Not-intent example sentences`: ordinary call talk that is no ask (meeting
    /// logistics, status quo, small talk with product words). The embedding stage sets
    /// a sentence aside when one of these is nearer than every trigger and example.
    pub not_intent_examples: Vec<String>,
}

impl Taxonomy {
    /// The rules of the SKU `id`, if the taxonomy defines it.
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

/// The kind of trigger a SKU's top-level bullet holds.
#[derive(Clone, Copy, PartialEq)]
enum Label {
    Call,
    Usage,
    Ticket,
    Negative,
    Example,
}

/// The top-level bullets of a SKU, by name (lower case, English and German).
const LABELS: &[(&str, Label)] = &[
    ("call triggers", Label::Call),
    ("usage triggers", Label::Usage),
    ("ticket triggers", Label::Ticket),
    ("negative-example phrases", Label::Negative),
    ("example sentences", Label::Example),
    ("gesprächs-auslöser", Label::Call),
    ("nutzungs-auslöser", Label::Usage),
    ("ticket-auslöser", Label::Ticket),
    ("negativbeispiele", Label::Negative),
    ("beispielsätze", Label::Example),
];

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
    NotIntentExamples,
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
    ("not-intent example sentences", Section::NotIntentExamples),
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
    ("beispielsätze ohne absicht", Section::NotIntentExamples),
];

/// How many of [`SECTIONS`] are the English names (listed in messages).
const ENGLISH_SECTIONS: usize = 13;

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

/// The section a heading names (any case), if it is a known one.
fn section_named(heading: &str) -> Option<Section> {
    let h = heading.trim().to_lowercase();
    SECTIONS
        .iter()
        .find(|(name, _)| *name == h)
        .map(|(_, s)| *s)
}

/// The English section names a lead is told about, as a list of `name`s.
fn section_list() -> String {
    SECTIONS[..ENGLISH_SECTIONS]
        .iter()
        .filter(|(_, s)| *s != Section::CompoundHeads)
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind of a SKU's top-level bullet: its name in bold (any case, a colon after it
/// allowed); `None` for any other bullet.
fn label_of(inlines: &[Inline]) -> Option<Label> {
    let strong = inlines.iter().any(|i| matches!(i, Inline::Strong(_)));
    let name = md::plain(inlines);
    let name = name
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_ascii_lowercase();
    LABELS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, label)| *label)
        .filter(|_| strong)
}

/// Parses the taxonomy file; returns what it could read and every problem.
pub fn parse(file: &str, text: &str) -> (Taxonomy, Vec<Problem>) {
    let mut parser = Parser {
        tax: Taxonomy::default(),
        problems: Problems::new(file),
        section: Section::Other,
        in_sku: false,
        label: None,
        last_edited_line: None,
        bad_last_edited: false,
        seen: Vec::new(),
    };
    parser.read_language(text);
    parsing::read_blocks(text, &mut parser);
    parser.finish()
}

/// The parser's state while it reads the file's blocks in order.
struct Parser<'a> {
    tax: Taxonomy,
    problems: Problems<'a>,
    /// The level-2 section the blocks are in.
    section: Section,
    /// Under a valid `### SKU:` heading, whose rules are the last SKU's.
    in_sku: bool,
    /// The SKU bullet whose nested bullets come next; `None` after an unknown one.
    label: Option<Label>,
    /// The line of `## Last edited` until a paragraph has been read under it.
    last_edited_line: Option<usize>,
    /// Whether a Last edited paragraph was reported as not a date.
    bad_last_edited: bool,
    /// The sections met other than [`Section::Other`], in order.
    seen: Vec<Section>,
}

impl BlockReader for Parser<'_> {
    /// Headings of level 1 and 2 start a section, of level 3 a SKU.
    fn heading(&mut self, level: u8, h: &str, line: usize) {
        self.label = None;
        if level <= 2 {
            self.enter_section(level, h, line);
        }
        if level == 3 {
            self.sku_heading(h, line);
        }
    }

    /// A SKU's bullets name a kind of trigger and hold the triggers nested under them;
    /// any other bullet belongs to its section.
    fn item(&mut self, depth: usize, inlines: &[Inline], line: usize) {
        match depth {
            1 if self.in_sku => self.sku_bullet(inlines, line),
            2 if self.in_sku => self.sku_trigger(inlines, line),
            _ => self.section_item(inlines, line),
        }
    }

    /// The paragraphs of `## Semantic match threshold` and `## Last edited` hold their
    /// value (read until one is valid).
    fn paragraph(&mut self, inlines: &[Inline], line: usize) {
        match self.section {
            Section::SemanticThreshold if self.tax.semantic_threshold.is_none() => {
                self.read_threshold(inlines, line)
            }
            Section::LastEdited if self.tax.last_edited.is_none() => {
                self.read_last_edited(inlines, line)
            }
            _ => {}
        }
    }
}

impl Parser<'_> {
    /// Sets the language from the `Language:` line, if any; an unknown code is an error.
    fn read_language(&mut self, text: &str) {
        let Some((line, code)) = language_line(text) else {
            return;
        };
        match Lang::parse(&code) {
            Some(lang) => self.tax.language = lang,
            None => self.problems.error(
                line,
                format!("unknown language `{code}`: write `Language: en` or `Language: de`"),
            ),
        }
    }

    /// Enters the section headed `h` (level 1 or 2), which ends any SKU; an unknown
    /// level-2 heading is warned about and its content ignored.
    fn enter_section(&mut self, level: u8, h: &str, line: usize) {
        self.in_sku = false;
        let named = section_named(h);
        self.section = named.unwrap_or(Section::Other);
        if self.section == Section::LastEdited {
            self.last_edited_line = Some(line);
        }
        if level == 2 && named.is_none() {
            self.problems.warning(
                line,
                format!(
                    "unknown section `## {h}`: its content is ignored; the sections are {}",
                    section_list()
                ),
            );
        }
        if self.section != Section::Other {
            self.seen.push(self.section);
        }
    }

    /// A level-3 heading ends the SKU; `### SKU: <id>` starts one, and a heading that
    /// only looks like one is an error.
    fn sku_heading(&mut self, h: &str, line: usize) {
        self.in_sku = false;
        if !h.starts_with("SKU:") && h.to_ascii_lowercase().trim_start().starts_with("sku") {
            self.problems.error(
                line,
                format!(
                    "`### {h}` looks like a SKU heading: write it as `### SKU: <id>` (capital SKU and a colon)"
                ),
            );
        }
        if let Some(rest) = h.strip_prefix("SKU:") {
            self.start_sku(h, rest, line);
        }
    }

    /// Starts the SKU of the heading `h` (`rest` follows `SKU:`) unless its id is not one
    /// word or is already defined.
    fn start_sku(&mut self, h: &str, rest: &str, line: usize) {
        let Some(id) = parsing::sku_id(rest) else {
            self.problems.error(
                line,
                format!("`### {h}`: write the SKU id as one word, e.g. `### SKU: enterprise-tier (notes)`"),
            );
            return;
        };
        if let Some(prev) = self.tax.sku(&id) {
            self.problems.error(
                line,
                format!(
                    "duplicate SKU `{id}` (first defined on line {}): merge the two sections",
                    prev.line
                ),
            );
            return;
        }
        self.tax.skus.push(SkuRules {
            id,
            line,
            call_triggers: Vec::new(),
            usage_triggers: Vec::new(),
            ticket_triggers: Vec::new(),
            negatives: Vec::new(),
            examples: Vec::new(),
        });
        self.in_sku = true;
    }

    /// A SKU's top-level bullet: the kind of the triggers nested under it.
    fn sku_bullet(&mut self, inlines: &[Inline], line: usize) {
        self.label = label_of(inlines);
        if self.label.is_none() {
            self.problems.error(
                line,
                format!(
                    "unknown bullet `{}`: the bullets of a SKU are **Call triggers**, **Usage triggers**, **Ticket triggers**, **Negative-example phrases** and **Example sentences**, each with nested bullets",
                    md::plain(inlines).trim()
                ),
            );
        }
    }

    /// A nested bullet of a SKU: triggers or negative examples, as its bullet says.
    fn sku_trigger(&mut self, inlines: &[Inline], line: usize) {
        let lang = self.tax.language;
        let (Some(label), Some(sku)) = (self.label, self.tax.skus.last_mut()) else {
            return;
        };
        let problems = &mut self.problems;
        match label {
            Label::Call => sku
                .call_triggers
                .extend(phrases(inlines, line, lang, problems)),
            Label::Negative => sku.negatives.extend(phrases(inlines, line, lang, problems)),
            Label::Example => sku
                .examples
                .extend(example_sentences(inlines, line, problems)),
            Label::Usage => {
                if let Some(t) = problems.ok(line, usage_trigger(inlines, line)) {
                    sku.usage_triggers.push(t);
                }
            }
            Label::Ticket => {
                if let Some(t) = problems.ok(line, parse_ticket_trigger(inlines, line, lang)) {
                    sku.ticket_triggers.push(t);
                }
            }
        }
    }

    /// A bullet outside a SKU: a synonym group, compound heads or a guard's phrases, as
    /// its section says.
    fn section_item(&mut self, inlines: &[Inline], line: usize) {
        let lang = self.tax.language;
        match self.section {
            Section::Synonyms => {
                if let Err(e) = synonym_line(inlines, &mut self.tax.synonyms, lang) {
                    self.problems.error(line, e);
                }
            }
            Section::CompoundHeads => self
                .tax
                .compound_heads
                .extend(compound_heads(inlines, lang)),
            Section::NotIntentExamples => {
                let found = example_sentences(inlines, line, &mut self.problems);
                self.tax.not_intent_examples.extend(found);
            }
            section if is_guard(section) => {
                let found = phrases(inlines, line, lang, &mut self.problems);
                guard_list(&mut self.tax, section).extend(found);
            }
            _ => {}
        }
    }

    /// Reads the semantic match threshold, a number between 0 and 1.
    fn read_threshold(&mut self, inlines: &[Inline], line: usize) {
        let text = md::plain(inlines);
        let text = text.trim();
        match text.parse::<f32>() {
            Ok(t) if (0.0..=1.0).contains(&t) => self.tax.semantic_threshold = Some(t),
            _ => self.problems.error(
                line,
                format!("Semantic match threshold `{text}` is not a number between 0 and 1: write a similarity such as 0.62"),
            ),
        }
    }

    /// Reads the Last edited date (YYYY-MM-DD); anything else is warned about.
    fn read_last_edited(&mut self, inlines: &[Inline], line: usize) {
        let text = md::plain(inlines);
        let text = text.trim();
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => self.tax.last_edited = Some(d),
            Err(_) => {
                self.problems.warning(
                    line,
                    format!("Last edited `{text}` is not a date: write the day you changed this file as YYYY-MM-DD"),
                );
                self.bad_last_edited = true;
            }
        }
        self.last_edited_line = None;
    }

    /// The checks once the whole file is read, then the result.
    fn finish(mut self) -> (Taxonomy, Vec<Problem>) {
        self.check_skus();
        self.check_guards();
        apply_synonyms(&mut self.tax, &mut self.problems);
        self.warn_slow_phrases();
        self.check_last_edited();
        (self.tax, self.problems.into_vec())
    }

    /// A file without SKUs is an error; a SKU that can never be a strong signal is
    /// warned about.
    fn check_skus(&mut self) {
        if self.tax.skus.is_empty() {
            self.problems.error(
                1,
                "no `### SKU: <id>` section: the taxonomy must define at least one SKU",
            );
        }
        for sku in &self.tax.skus {
            if sku.call_triggers.is_empty() || sku.usage_triggers.is_empty() {
                self.problems.warning(
                    sku.line,
                    format!("SKU `{}` has no call triggers or no usage triggers, so it can never be a strong signal", sku.id),
                );
            }
        }
    }

    /// Puts the optional guard lists in place, warning about the conditional guard's
    /// phrases and the optional sections that are missing.
    fn check_guards(&mut self) {
        if self.tax.conditionals.is_empty() {
            self.problems.warning(
                1,
                "no `## Conditional-mention guard` phrases: hypothetical mentions (\"if\", \"would\") will count as signals",
            );
        }
        let missing = self.place_optional_guards();
        if !missing.is_empty() {
            self.problems.warning(
                1,
                format!(
                    "no {} section: those sentence guards are off, so such talk can count as a signal; add the sections (see How to edit)",
                    missing.join(", ")
                ),
            );
        }
    }

    /// Turns on each optional guard whose section the file has; returns the headings of
    /// those it lacks (`## Past-event guard`, …).
    fn place_optional_guards(&mut self) -> Vec<String> {
        let mut missing = Vec::new();
        for section in [
            Section::Past,
            Section::Negation,
            Section::OtherParty,
            Section::Objection,
        ] {
            if self.seen.contains(&section) {
                let list = std::mem::take(guard_list(&mut self.tax, section));
                *guard_slot(&mut self.tax.guards, section) = Some(list);
            } else {
                let name = SECTIONS
                    .iter()
                    .find(|(_, s)| *s == section)
                    .map_or("", |(n, _)| *n);
                missing.push(format!("`## {}`", capitalize(name)));
            }
        }
        missing
    }

    /// Warns about call triggers and negatives that make every call slow to read.
    fn warn_slow_phrases(&mut self) {
        for sku in &self.tax.skus {
            for p in sku.call_triggers.iter().chain(&sku.negatives) {
                if let Some(w) = p.speed_warning() {
                    self.problems.warning(p.line, w);
                }
            }
        }
    }

    /// Warns when the file has no Last edited date (unless a bad one was reported).
    fn check_last_edited(&mut self) {
        if self.tax.last_edited.is_none() && !self.bad_last_edited {
            self.problems.warning(
                self.last_edited_line.unwrap_or(1),
                "no Last edited date: add a `## Last edited` section with a YYYY-MM-DD line",
            );
        }
    }
}

/// The quoted phrases of a bullet at `line`, compiled in `lang`; a bullet without any,
/// an unclosed quote and a phrase that does not compile are errors.
fn phrases(inlines: &[Inline], line: usize, lang: Lang, problems: &mut Problems) -> Vec<Pattern> {
    let text = md::text_only(inlines);
    if let Some(quoted) = quoted_in_comment(&text) {
        problems.warning(
            line,
            format!(
                "\"{quoted}\" is quoted in the comment after the dash, so it counts as a phrase too: write examples in a comment without double quotes (or in ‘single’ ones), or move the phrase before the dash"
            ),
        );
    }
    let found = match quoted_strings(&text) {
        Ok(found) => found,
        Err(e) => {
            problems.error(line, format!("{e}: close the phrase with a double quote"));
            return Vec::new();
        }
    };
    if found.is_empty() {
        problems.error(
            line,
            format!(
                "no quoted phrase in `{}`: put each phrase in double quotes, e.g. \"we need more seats\"",
                md::plain(inlines).trim()
            ),
        );
        return Vec::new();
    }
    found
        .iter()
        .filter_map(|p| {
            let compiled = Pattern::compile_in(p, line, lang).map_err(|e| e.to_string());
            problems.ok(line, compiled)
        })
        .collect()
}

/// The first quoted string in the comment of a bullet (after the first "—" outside
/// quotes): every quoted string counts as a phrase, which a lead writing an example
/// there rarely means.
fn quoted_in_comment(text: &str) -> Option<String> {
    let mut inside = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => inside = !inside,
            '“' => inside = true,
            '”' => inside = false,
            '—' if !inside => {
                return quoted_strings(&text[i..]).ok()?.into_iter().next();
            }
            _ => {}
        }
    }
    None
}

/// The longest example sentence, in characters.
const MAX_EXAMPLE_CHARS: usize = 400;

/// The double-quoted sentences of an example bullet, whitespace collapsed (they are
/// embedded as written, never compiled as phrases).
fn example_sentences(inlines: &[Inline], line: usize, problems: &mut Problems) -> Vec<String> {
    let found = match quoted_strings(&md::text_only(inlines)) {
        Ok(found) if !found.is_empty() => found,
        Ok(_) => {
            problems.error(line, "no quoted sentence: put each example sentence in double quotes, e.g. \"Can we get SSO before the audit?\"");
            return Vec::new();
        }
        Err(e) => {
            problems.error(
                line,
                format!("{e}: close the example sentence with a double quote"),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for s in found {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().count() > MAX_EXAMPLE_CHARS {
            problems.error(line, format!("example sentence of {} characters: keep an example under {MAX_EXAMPLE_CHARS} characters (one sentence)", s.chars().count()));
        } else if s.split_whitespace().count() < 3 {
            problems.error(line, format!("example sentence \"{s}\" is too short to carry a meaning: write a whole sentence of at least three words"));
        } else {
            out.push(s);
        }
    }
    out
}

/// A usage trigger: a backticked event type, then optionally backticked features.
fn usage_trigger(inlines: &[Inline], line: usize) -> Result<UsageTrigger, String> {
    match md::codes(inlines).split_first() {
        Some((event_type, features)) if !event_type.trim().is_empty() => Ok(UsageTrigger {
            event_type: event_type.trim().to_string(),
            features: features.iter().map(|f| f.trim().to_string()).collect(),
            line,
        }),
        _ => Err(format!(
            "usage trigger `{}` has no backticked event type: write e.g. `seat_limit_reached`, optionally followed by backticked features",
            md::plain(inlines).trim()
        )),
    }
}

/// The stems of the comma-separated words of a `## Compound heads` bullet.
fn compound_heads(inlines: &[Inline], lang: Lang) -> Vec<String> {
    md::plain(inlines)
        .split(',')
        .flat_map(|w| crate::text::analyze_in(bare_word(w), lang))
        .map(|t| t.stem)
        .collect()
}

/// A listed word without the spaces, quotes or backticks around it.
fn bare_word(w: &str) -> &str {
    w.trim().trim_matches(['"', '“', '”', '`']).trim()
}

/// Whether `section` lists the phrases of a sentence guard.
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

/// Where a guard section's phrases go while parsing (the optional lists are checked
/// once the whole file has been read: a guard whose section is missing stays off).
fn guard_list(tax: &mut Taxonomy, section: Section) -> &mut Vec<Pattern> {
    match section {
        Section::Conditional => &mut tax.conditionals,
        Section::StillIntent => &mut tax.guards.still_intent,
        _ => guard_slot(&mut tax.guards, section).get_or_insert_with(Vec::new),
    }
}

/// The optional list of a guard that may be off (past, negation, other party, objection).
fn guard_slot(g: &mut GuardLists, section: Section) -> &mut Option<Vec<Pattern>> {
    match section {
        Section::Past => &mut g.past,
        Section::Negation => &mut g.negation,
        Section::OtherParty => &mut g.other_party,
        _ => &mut g.objection,
    }
}

/// `s` with its first letter in upper case.
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
    let clean = |m: &str| bare_word(m).to_string();
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
fn apply_synonyms(tax: &mut Taxonomy, problems: &mut Problems) {
    let syn = tax.synonyms.clone();
    let none = Synonyms::default();
    let heads = tax.compound_heads.clone();
    let mut count = 0usize;
    // Guard and still-intent lists are read literally: "would like" must not stand for
    // every word of a `need` group, or it would hide "need" from every guard.
    let mut rewrite = |list: &mut Vec<Pattern>, literal: bool| {
        count += list.len();
        let syn = if literal { &none } else { &syn };
        list.retain_mut(|p| match p.with_synonyms(syn) {
            Ok(q) => {
                *p = q.with_compound_heads(&heads);
                true
            }
            Err(e) => {
                problems.error(p.line, e.to_string());
                false
            }
        });
    };
    for sku in &mut tax.skus {
        rewrite(&mut sku.call_triggers, false);
        rewrite(&mut sku.negatives, false);
        for t in &mut sku.ticket_triggers {
            if let TicketTrigger::Subject { phrases, .. } = t {
                rewrite(phrases, false);
            }
        }
    }
    rewrite(&mut tax.conditionals, true);
    rewrite(&mut tax.guards.still_intent, true);
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
        rewrite(list, true);
    }
    if count > limits::MAX_PHRASES {
        problems.error(
            1,
            format!(
                "{count} phrases: a taxonomy holds at most {} (triggers, negatives and guards together); split rarely used phrases out",
                limits::MAX_PHRASES
            ),
        );
    }
}

/// A ticket trigger: `tags include` or `subject matches` (or the German wording), then
/// backticked values.
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

    /// Parsing `text` reports a problem that starts with `want`.
    fn assert_reports(text: &str, want: &str) {
        let (_, problems) = parse("t.md", text);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown.iter().any(|s| s.starts_with(want)),
            "{want}: {shown:?}"
        );
    }

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
            (
                "  - \"we need {N} more seats\" — as in \"we need more\"",
                "t.md:7: warning: \"we need more\" is quoted in the comment after the dash",
                "a quoted example in the comment",
            ),
        ];
        for (replacement, want, _what) in cases {
            let text = GOOD.replace("  - \"we need {N} more seats\" — classic", replacement);
            assert_reports(&text, want);
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
            assert_reports(&text, want);
        }
    }

    #[test]
    fn example_sentences_are_kept_as_written_not_compiled() {
        let text = GOOD.replace(
            "## Conditional-mention guard",
            "- **Example sentences**\n  - \"Half the   ops team (twelve people) is still waiting for a login.\"\n## Not-intent example sentences\n- \"Can someone book the big room for Friday?\" and \"The seats on the coach were fine.\"\n## Conditional-mention guard",
        );
        let (tax, problems) = parse("t.md", &text);
        assert!(problems.is_empty(), "{problems:?}");
        // Brackets and spacing that are grammar in a phrase mean nothing here.
        assert_eq!(
            tax.skus[0].examples,
            ["Half the ops team (twelve people) is still waiting for a login."]
        );
        assert_eq!(tax.skus[0].call_triggers.len(), 3);
        assert_eq!(
            tax.not_intent_examples,
            [
                "Can someone book the big room for Friday?",
                "The seats on the coach were fine."
            ]
        );
        let cases = [
            ("  - more seats please", "t.md:18: no quoted sentence"),
            (
                "  - \"seats\"",
                "t.md:18: example sentence \"seats\" is too short",
            ),
        ];
        for (bullet, want) in cases {
            let text = GOOD.replace(
                "## Conditional-mention guard",
                &format!("- **Example sentences**\n{bullet}\n## Conditional-mention guard"),
            );
            assert_reports(&text, want);
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
