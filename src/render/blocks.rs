//! The Block Kit digest: the same content as the Markdown one, as one or more Slack
//! messages. Slack refuses a message with more than 50 blocks, a section text over 3000
//! characters or a header over 150; a digest that would exceed them is split into
//! consecutive messages and long texts into consecutive blocks, never cut.

use crate::digest::{Digest, RunReport, StrongSignal};
use crate::i18n::{Locale, Msg, warnings};
use crate::render::markdown::{
    WEAK_SHOWN, action_text, capped_line_in, usage_summary_in, weak_more_line_in,
};
use serde::{Deserialize, Serialize};
use slack_morphism::prelude::{
    SlackBlock, SlackBlockMarkDownText, SlackBlockText, SlackContextBlock, SlackDividerBlock,
    SlackHeaderBlock, SlackSectionBlock,
};

pub const MAX_BLOCKS: usize = 50;
pub const MAX_SECTION_CHARS: usize = 3000;
pub const MAX_HEADER_CHARS: usize = 150;
/// How many call quotes a strong signal shows (as in the Markdown digest).
const QUOTES_SHOWN: usize = 2;

/// One `chat.postMessage`: blocks plus the plain-text fallback used by notifications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub text: String,
    pub blocks: Vec<serde_json::Value>,
}

/// Escapes the three characters Slack mrkdwn treats as control characters.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown bold (`**x**`) and links (`[text](url)`) as mrkdwn (`*x*`, `<url|text>`);
/// the action library is Markdown. Everything else is escaped.
fn md_to_mrkdwn(text: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[([^\]|]+)\]\((https?://[^)\s|]+)\)").expect("a valid regex")
    });
    let escaped = escape(text).replace("**", "*");
    LINK.replace_all(&escaped, "<$2|$1>").into_owned()
}

/// A Markdown text (the account explanation) as mrkdwn: headings become bold lines,
/// `**bold**` becomes `*bold*`, and control characters are escaped.
pub fn markdown_to_mrkdwn(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            let trimmed = line.trim_start_matches('#');
            if trimmed.len() < line.len() && trimmed.starts_with(' ') {
                format!("*{}*", escape(trimmed.trim()))
            } else {
                md_to_mrkdwn(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(text: String) -> SlackBlock {
    SlackSectionBlock::new()
        .with_text(SlackBlockText::MarkDown(SlackBlockMarkDownText::new(text)))
        .into()
}

fn context(text: String) -> SlackBlock {
    SlackContextBlock::new(vec![SlackBlockMarkDownText::new(text).into()]).into()
}

/// Splits text into pieces of at most `max` characters, at line breaks when possible,
/// so nothing is dropped. A single over-long line is cut at a character boundary.
pub fn chunks(text: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in text.split('\n') {
        let mut line: Vec<char> = line.chars().collect();
        // +1 for the newline that joins it to `current`.
        let sep = usize::from(current_len > 0);
        if current_len + sep + line.len() <= max {
            if sep == 1 {
                current.push('\n');
            }
            current.extend(line.iter());
            current_len += sep + line.len();
            continue;
        }
        if current_len > 0 {
            out.push(std::mem::take(&mut current));
        }
        while line.len() > max {
            let rest = line.split_off(max);
            out.push(line.into_iter().collect());
            line = rest;
        }
        current = line.iter().collect();
        current_len = line.len();
    }
    if current_len > 0 || out.is_empty() {
        out.push(current);
    }
    out
}

fn sections(blocks: &mut Vec<SlackBlock>, text: &str) {
    for piece in chunks(text, MAX_SECTION_CHARS) {
        blocks.push(section(piece));
    }
}

fn strong_text(i: usize, s: &StrongSignal, window_days: u32, loc: &Locale) -> String {
    let mut lines = vec![
        loc.msg(
            Msg::BkStrongTitle,
            &[
                ("n", &(i + 1).to_string()),
                ("account", &escape(&s.account_name)),
                ("arr", &loc.arr(s.arr)),
                ("renewal", &loc.date(s.renewal_date)),
            ],
        ),
        loc.msg(Msg::SkuLine, &[("sku", &escape(&s.sku))]),
        loc.msg(Msg::BkCallEvidence, &[]),
    ];
    lines.extend(quote_lines(s, loc));
    if let Some(usage) = usage_summary_in(s, window_days, loc) {
        lines.push(loc.msg(Msg::BkUsageEvidence, &[("usage", &escape(&usage))]));
    }
    lines.extend(tickets_line(s, loc));
    if let Some(why) = &s.why_now {
        lines.push(format!("*Why now:* {}", escape(why)));
    }
    lines.push(loc.msg(
        Msg::BkAction,
        &[("action", &md_to_mrkdwn(&action_text(s, loc)))],
    ));
    lines.join("\n")
}

/// The first [`QUOTES_SHOWN`] call quotes of a strong signal, and how many more there are.
fn quote_lines(s: &StrongSignal, loc: &Locale) -> Vec<String> {
    let mut lines: Vec<String> = s
        .call_evidence
        .iter()
        .take(QUOTES_SHOWN)
        .map(|q| {
            loc.msg(
                Msg::BkQuoteLine,
                &[
                    ("quote", &escape(&q.quote)),
                    ("speaker", &escape(&q.speaker)),
                    ("role", &escape(&q.role)),
                    ("date", &loc.date(q.date)),
                    ("call", &escape(&q.call_id)),
                ],
            )
        })
        .collect();
    if s.call_evidence.len() > QUOTES_SHOWN {
        let n = (s.call_evidence.len() - QUOTES_SHOWN).to_string();
        lines.push(loc.msg(Msg::QuotesMore, &[("n", &n)]));
    }
    lines
}

/// The supporting tickets of a strong signal in one line (`None`: there are none).
fn tickets_line(s: &StrongSignal, loc: &Locale) -> Option<String> {
    if s.ticket_evidence.is_empty() {
        return None;
    }
    let tickets: Vec<String> = s
        .ticket_evidence
        .iter()
        .map(|t| {
            loc.msg(
                Msg::BkTicketItem,
                &[
                    ("id", &escape(&t.ticket_id)),
                    ("subject", &escape(&t.subject)),
                ],
            )
        })
        .collect();
    Some(loc.msg(Msg::BkTickets, &[("tickets", &tickets.join("; "))]))
}

/// Every block of one CSM's digest, in order, before splitting into messages.
pub fn digest_blocks(report: &RunReport, d: &Digest) -> Vec<SlackBlock> {
    digest_blocks_in(report, d, &Locale::default())
}

/// [`digest_blocks`] in `loc`'s language and formats.
pub fn digest_blocks_in(report: &RunReport, d: &Digest, loc: &Locale) -> Vec<SlackBlock> {
    let mut blocks = Vec::new();
    head_blocks(&mut blocks, report, d, loc);
    strong_blocks(&mut blocks, report, d, loc);
    blocks.push(SlackDividerBlock::new().into());
    sections(&mut blocks, &weak_text(report, d, loc));
    let mut diag = vec![loc.msg(Msg::BkDiagnostics, &[])];
    diag.extend(
        crate::render::markdown::csm_lines(report, d, loc)
            .iter()
            .map(|l| escape(l)),
    );
    for piece in chunks(&diag.join("\n"), MAX_SECTION_CHARS) {
        blocks.push(context(piece));
    }
    blocks
}

/// The warnings, the title and the window line that open a digest.
fn head_blocks(blocks: &mut Vec<SlackBlock>, report: &RunReport, d: &Digest, loc: &Locale) {
    for w in &d.warnings {
        let w = warnings::text(w, loc);
        sections(blocks, &format!(":warning: *{}*", escape(&w)));
    }
    let title = loc.msg(
        Msg::BkTitle,
        &[
            ("date", &loc.date(report.as_of)),
            ("name", d.display_name()),
        ],
    );
    if title.chars().count() <= MAX_HEADER_CHARS {
        blocks.push(SlackHeaderBlock::new(title.into()).into());
    } else {
        // A header cannot be split; a long name moves the title into a section.
        sections(blocks, &format!("*{}*", escape(&title)));
    }
    blocks.push(context(loc.msg(
        Msg::WindowLine,
        &[
            ("days", &report.window_days.to_string()),
            ("strong", &d.strong.len().to_string()),
            ("weak", &d.weak.len().to_string()),
        ],
    )));
}

/// The strong-signal heading, each strong signal with its buttons, and the held-back line.
fn strong_blocks(blocks: &mut Vec<SlackBlock>, report: &RunReport, d: &Digest, loc: &Locale) {
    blocks.push(section(loc.msg(Msg::BkStrongHeading, &[])));
    if d.strong.is_empty() {
        blocks.push(section(loc.msg(Msg::NoStrong, &[])));
    }
    for (i, s) in d.strong.iter().enumerate() {
        blocks.push(SlackDividerBlock::new().into());
        sections(blocks, &strong_text(i, s, report.window_days, loc));
        blocks.push(crate::render::buttons::feedback_actions(
            report.as_of,
            s,
            loc,
        ));
    }
    if let Some(line) = warnings::held_back_line(d, loc) {
        blocks.push(context(escape(&line)));
    }
}

/// The weak-signal footer: heading, capped line, the first [`WEAK_SHOWN`] and the rest.
fn weak_text(report: &RunReport, d: &Digest, loc: &Locale) -> String {
    let mut weak = vec![loc.msg(Msg::BkWeakHeading, &[("n", &d.weak.len().to_string())])];
    if let Some(line) = capped_line_in(report, d, loc) {
        weak.push(format!("• {}", escape(&line)));
    }
    for w in d.weak.iter().take(WEAK_SHOWN) {
        let tag = w
            .tags
            .iter()
            .find(|t| t.starts_with("champion-departure"))
            .map(|t| format!(" [{}]", escape(t)))
            .unwrap_or_default();
        weak.push(format!(
            "• *{}* — {}: {}{tag}",
            escape(&w.account_name),
            escape(&w.sku),
            escape(&crate::i18n::weak::summary(loc, &w.summary))
        ));
    }
    if let Some(line) = weak_more_line_in(d, loc) {
        weak.push(format!("• {}", escape(&line)));
    }
    if d.weak.is_empty() && d.overflow == 0 {
        weak.push(loc.msg(Msg::NoneThisWeek, &[]));
    }
    weak.join("\n")
}

/// One CSM's digest as consecutive messages of at most [`MAX_BLOCKS`] blocks each.
pub fn digest_messages(report: &RunReport, d: &Digest) -> Vec<Message> {
    digest_messages_in(report, d, &Locale::default())
}

/// [`digest_messages`] in `loc`'s language and formats.
pub fn digest_messages_in(report: &RunReport, d: &Digest, loc: &Locale) -> Vec<Message> {
    let blocks: Vec<serde_json::Value> = digest_blocks_in(report, d, loc)
        .iter()
        // Block Kit models hold strings and options only: serializing cannot fail.
        .map(|b| serde_json::to_value(b).expect("a block serializes"))
        .collect();
    let parts: Vec<&[serde_json::Value]> = blocks.chunks(MAX_BLOCKS).collect();
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let mut text = loc.msg(
                Msg::BkFallback,
                &[
                    ("date", &loc.date(report.as_of)),
                    ("name", d.display_name()),
                    ("strong", &d.strong.len().to_string()),
                    ("weak", &d.weak.len().to_string()),
                ],
            );
            if n > 1 {
                text = loc.msg(
                    Msg::BkFallbackPart,
                    &[
                        ("text", &text),
                        ("i", &(i + 1).to_string()),
                        ("n", &n.to_string()),
                    ],
                );
            }
            Message {
                text,
                blocks: part.to_vec(),
            }
        })
        .collect()
}

/// A plain mrkdwn reply as section blocks (for ephemeral answers), split like a digest.
pub fn text_messages(fallback: &str, mrkdwn: &str) -> Vec<Message> {
    let mut blocks = Vec::new();
    sections(&mut blocks, mrkdwn);
    let blocks: Vec<serde_json::Value> = blocks
        .iter()
        .map(|b| serde_json::to_value(b).expect("a block serializes"))
        .collect();
    blocks
        .chunks(MAX_BLOCKS)
        .map(|part| Message {
            text: fallback.to_string(),
            blocks: part.to_vec(),
        })
        .collect()
}

/// Checks a message against Slack's limits; used by tests and as a last guard.
pub fn within_limits(m: &Message) -> Result<(), String> {
    if m.blocks.len() > MAX_BLOCKS {
        return Err(format!("{} blocks", m.blocks.len()));
    }
    for b in &m.blocks {
        let kind = b["type"].as_str().unwrap_or("");
        let text_len = |v: &serde_json::Value| v.as_str().map(|s| s.chars().count()).unwrap_or(0);
        match kind {
            "header" if text_len(&b["text"]["text"]) > MAX_HEADER_CHARS => {
                return Err("header over 150 characters".into());
            }
            "section" if text_len(&b["text"]["text"]) > MAX_SECTION_CHARS => {
                return Err("section over 3000 characters".into());
            }
            "context" => {
                for e in b["elements"].as_array().into_iter().flatten() {
                    if text_len(&e["text"]) > MAX_SECTION_CHARS {
                        return Err("context element over 3000 characters".into());
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{CallQuote, Diagnostics, WeakSignal};

    fn report(digest: Digest) -> RunReport {
        RunReport {
            coverage_pct: 80.0,
            diagnostics: Diagnostics {
                taxonomy_hash: "abc1234".into(),
                ..Default::default()
            },
            digests: vec![digest],
            ..RunReport::new("2026-11-23".parse().unwrap(), 7, 3)
        }
    }

    fn empty_digest() -> Digest {
        Digest::empty("ana@example.com", Some("Ana"))
    }

    fn all_text(messages: &[Message]) -> String {
        serde_json::to_string(messages).unwrap()
    }

    #[test]
    fn chunks_keep_every_character() {
        let text = format!("{}\n{}\nshort", "a".repeat(10), "b".repeat(25));
        let pieces = chunks(&text, 12);
        assert!(pieces.iter().all(|p| p.chars().count() <= 12), "{pieces:?}");
        assert_eq!(pieces.concat().replace('\n', ""), text.replace('\n', ""));
        assert_eq!(chunks("", 5), vec![String::new()]);
        assert_eq!(chunks("é".repeat(4).as_str(), 3), vec!["ééé", "é"]);
    }

    #[test]
    fn empty_digest_says_so() {
        let r = report(empty_digest());
        let m = digest_messages(&r, &r.digests[0]);
        assert_eq!(m.len(), 1);
        let text = all_text(&m);
        assert!(text.contains("No strong signals this week."), "{text}");
        assert!(text.contains("None this week."));
        // The foot counts the CSM's own accounts, not the portfolio's.
        assert!(text.contains("Your accounts: 0 (0 with a call this week)"));
        assert!(!text.contains("Taxonomy file hash"));
    }

    #[test]
    fn a_huge_digest_is_split_not_truncated() {
        let mut d = empty_digest();
        d.owner_name = Some("N".repeat(200));
        d.warnings = vec![crate::digest::Warning::Text(
            "coverage is low & <falling>".into(),
        )];
        let quote = CallQuote {
            call_id: "c1".into(),
            quote: "we need more seats ".repeat(300),
            speaker: "Bo".into(),
            role: "VP".into(),
            date: "2026-11-20".parse().unwrap(),
        };
        for i in 0..60 {
            d.weak.push(WeakSignal {
                account_id: format!("a{i}"),
                account_name: format!("Account {i}"),
                sku: "Seats".into(),
                summary: "x".repeat(200),
                tags: vec![],
            });
        }
        d.strong = (0..40)
            .map(|i| StrongSignal {
                account_id: format!("s{i}"),
                account_name: format!("Strong {i}"),
                arr: 100_000.0,
                renewal_date: "2027-01-01".parse().unwrap(),
                sku: "Seats".into(),
                call_evidence: vec![quote.clone()],
                usage_evidence: vec![],
                ticket_evidence: vec![],
                action: "**Call** them".into(),
                action_line: None,
                action_reason: None,
                why_now: None,
            })
            .collect();
        let r = report(d);
        let messages = digest_messages(&r, &r.digests[0]);
        assert!(messages.len() > 1);
        for m in &messages {
            within_limits(m).unwrap();
        }
        let text = all_text(&messages);
        // The footer lists the first ten weak signals and counts the rest.
        for i in 0..60 {
            assert_eq!(
                text.contains(&format!("Account {i}*")),
                i < WEAK_SHOWN,
                "weak {i}"
            );
        }
        assert!(text.contains("… and 50 more weak signals"));
        assert!(text.contains("Strong 39"));
        assert!(text.contains("&lt;falling&gt;"));
        assert!(text.contains("*Action:* *Call* them"));
        assert_eq!(
            md_to_mrkdwn("Send the [SSO & SCIM guide](https://x.io/a?b=1&c=2) <now>"),
            "Send the <https://x.io/a?b=1&amp;c=2|SSO &amp; SCIM guide> &lt;now&gt;"
        );
        assert!(messages[1].text.contains("(part 2 of"));
        // The long title moved to a section, whole.
        assert!(text.contains(&"N".repeat(200)));
    }
}
