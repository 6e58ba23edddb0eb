//! The six steps, as pure functions over plain data. Nothing here reads the clock, the
//! environment, files, the network or the database: `as_of` and the run history are
//! arguments.
//!
//! 1. [`collect`]: keep each known account's records inside the window.
//! 2. [`noise`]: drop usage changes inside the segment's noise band.
//! 3. [`extract`]: customer mentions from calls, trigger matches from tickets.
//! 4. [`classify`]: strong / weak / insufficient per (account, SKU).
//! 5. [`rank`]: order and cap per CSM.
//! 6. [`act`]: attach the next-best action.
//!
//! [`run`] chains steps 2 and 4 to 6 over what step 1 (with step 3 applied to calls as
//! they stream in) collected, and applies the [`guards`].

pub mod act;
pub mod classify;
pub mod collect;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod feedback;
pub mod guards;
pub mod judge;
pub mod matcher;
pub mod noise;
pub mod quotes;
pub mod rank;
pub mod semantic;
pub mod spotter;
pub mod whatif;

use crate::digest::{
    CallQuote, CappedSignal, Diagnostics, Digest, RunReport, RunStatus, StrongSignal, TicketRef,
    UsageChange, WeakSignal,
};
use crate::model::{Account, Ticket};
use crate::references::References;
use crate::units;
use chrono::NaiveDate;
use classify::{Class, Classified, KeptEvent};
use collect::{Collected, Window};
use extract::{Matcher, Mention};
use std::collections::{BTreeMap, HashMap};

pub const DEFAULT_WINDOW_DAYS: u32 = 7;
pub const DEFAULT_CAP_PER_CSM: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub cap_per_csm: usize,
}

impl Params {
    pub fn window(&self) -> Window {
        Window::new(self.as_of, self.window_days)
    }
}

/// One recorded earlier run, as the too-loose guard needs it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriorWeek {
    pub as_of: Option<NaiveDate>,
    /// Pre-cap strong count per owner e-mail.
    pub strong_before_cap: HashMap<String, usize>,
}

/// One account's records after step 1, grouped.
#[derive(Debug, Default)]
pub struct AccountRecords<'a> {
    pub mentions: Vec<&'a Mention>,
    /// Customer sentences with a trigger that a guard discarded (traced by step 3).
    pub set_aside: Vec<&'a extract::TracedSentence>,
    pub calls: usize,
    pub usage: Vec<&'a crate::model::UsageEvent>,
    pub tickets: Vec<&'a Ticket>,
    pub changes: Vec<&'a crate::model::StakeholderChange>,
    /// (name, title) of the customer attendees of the account's calls.
    pub attendees: Vec<&'a (String, String)>,
}

impl<'a> AccountRecords<'a> {
    pub fn is_silent(&self) -> bool {
        self.calls == 0 && self.usage.is_empty() && self.tickets.is_empty()
    }

    /// Adds one call: its mentions, the sentences set aside and its customer attendees.
    fn add_call(&mut self, call: &'a extract::CallEvidence) {
        self.calls += 1;
        self.mentions.extend(call.mentions.iter());
        self.set_aside.extend(call.trace.iter());
        self.attendees.extend(call.customer_attendees.iter());
    }
}

/// What steps 2 and 4 made of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub classified: Vec<Classified>,
    pub noise_discards: usize,
    pub unbaselined: usize,
    /// Kept usage events that went down: real, but not expansion evidence.
    pub declines: usize,
}

/// Steps 2 and 4 for one account: the classified (account, SKU) pairs, with the counts
/// of noise-band discards, unbaselined events and declines (kept, but no evidence).
pub fn evaluate_account(
    account: &Account,
    records: &AccountRecords<'_>,
    refs: &References,
    matcher: &Matcher,
    as_of: NaiveDate,
) -> Evaluated {
    let mut discards = 0;
    let mut unbaselined = 0;
    let mut declines = 0;
    let mut kept = Vec::new();
    for e in &records.usage {
        let verdict = noise::noise_verdict(e, &account.segment, &refs.baselines);
        match verdict {
            noise::NoiseVerdict::Noise { .. } => discards += 1,
            noise::NoiseVerdict::Unbaselined => unbaselined += 1,
            noise::NoiseVerdict::Kept { .. } => {}
        }
        if verdict.is_kept() {
            let skus = if verdict.is_growth(e.delta_pct) {
                classify::usage_skus(e, &refs.taxonomy)
            } else {
                declines += 1;
                Vec::new()
            };
            kept.push((
                KeptEvent {
                    event: (*e).clone(),
                    median: verdict.median(),
                },
                skus,
            ));
        }
    }
    let tickets: Vec<(Ticket, Vec<String>)> = records
        .tickets
        .iter()
        .map(|t| ((*t).clone(), matcher.ticket_skus(t)))
        .collect();
    let mentions: Vec<Mention> = records.mentions.iter().map(|m| (*m).clone()).collect();
    let changes: Vec<_> = records.changes.iter().map(|c| (*c).clone()).collect();
    let champion_left = classify::champion_departure(&changes, as_of).is_some();
    let mut classified =
        classify::classify_account(&refs.taxonomy, &mentions, &kept, &tickets, champion_left);
    classify::attach_set_aside(
        &mut classified,
        &classify::set_aside(&records.set_aside, matcher),
    );
    Evaluated {
        classified,
        noise_discards: discards,
        unbaselined,
        declines,
    }
}

/// The digest form of a strong (or suppressed) classification; the action is attached
/// in step 6.
pub fn strong_signal(account: &Account, c: &Classified) -> StrongSignal {
    let mut mentions = c.mentions.clone();
    // Most recent call first; within a call, transcript order.
    mentions.sort_by(|a, b| b.date.cmp(&a.date).then(a.call_id.cmp(&b.call_id)));
    let mut usage = c.usage.clone();
    usage.sort_by(|a, b| b.adjusted_delta().total_cmp(&a.adjusted_delta()));
    StrongSignal {
        account_id: account.id.clone(),
        account_name: account.name.clone(),
        arr: account.arr,
        renewal_date: account.renewal_date,
        sku: c.sku.clone(),
        call_evidence: mentions
            .iter()
            .map(|m| CallQuote {
                call_id: m.call_id.clone(),
                quote: m.quote.clone(),
                speaker: m.speaker.clone(),
                role: m.role.clone(),
                date: m.date,
            })
            .collect(),
        usage_evidence: usage
            .iter()
            .map(|k| UsageChange {
                event_type: k.event.event_type.clone(),
                metric_name: k.event.metric_name.clone(),
                feature: k.event.feature.clone(),
                value_baseline: k.event.value_baseline,
                value_current: k.event.value_current,
                delta_pct: k.event.delta_pct,
                date: k.event.occurred_at.date_naive(),
                segment_median_pct: k.median,
            })
            .collect(),
        ticket_evidence: c
            .tickets
            .iter()
            .map(|t| TicketRef {
                ticket_id: t.ticket_id.clone(),
                subject: t.subject.clone(),
                tags: t.tags.clone(),
            })
            .collect(),
        action: String::new(),
        action_line: None,
        action_reason: None,
        why_now: None,
    }
}

/// The one-line footer entry for a weak signal.
pub fn weak_signal(account: &Account, c: &Classified) -> WeakSignal {
    let s = strong_signal(account, c);
    let quote = s
        .call_evidence
        .first()
        .map(|q| format!("\"{}\" ({}, {})", q.quote, q.speaker, q.date));
    let usage = s.usage_evidence.first().map(usage_line);
    let tickets = tickets_suffix(s.ticket_evidence.len());
    let (summary, tags) = weak_summary(c, quote, usage, &tickets);
    WeakSignal {
        account_id: account.id.clone(),
        account_name: account.name.clone(),
        sku: c.sku.clone(),
        summary,
        tags,
    }
}

/// A usage change in one line: "metric from → to (percent)".
fn usage_line(u: &UsageChange) -> String {
    let from_to = format!(
        "{} {} → {}",
        u.metric_name,
        units::number(u.value_baseline),
        units::number(u.value_current)
    );
    match units::pct_of(u.value_baseline, u.delta_pct) {
        Some(pct) => format!("{from_to} ({pct})"),
        None => from_to,
    }
}

/// "; n supporting tickets", or nothing when there are none.
fn tickets_suffix(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 supporting ticket".to_string(),
        n => format!("; {n} supporting tickets"),
    }
}

/// A weak signal's footer summary and tags, from its first quote and usage change.
fn weak_summary(
    c: &Classified,
    quote: Option<String>,
    usage: Option<String>,
    tickets: &str,
) -> (String, Vec<String>) {
    match c.class {
        Class::Suppressed => (
            format!(
                "call and usage evidence, but the champion left: {}; {}{tickets}",
                quote.unwrap_or_default(),
                usage.unwrap_or_default()
            ),
            vec![classify::CHAMPION_TAG.to_string()],
        ),
        _ => match (quote, usage) {
            (Some(q), _) => (
                format!("call mention only, no usage change outside the noise band: {q}{tickets}"),
                vec!["call-only".to_string()],
            ),
            (None, Some(u)) => (
                match &c.set_aside {
                    Some(a) => format!(
                        "usage change; a customer mention was set aside as {}: {u}{tickets}",
                        a.describe()
                    ),
                    None => {
                        format!("usage change only, no customer mention on a call: {u}{tickets}")
                    }
                },
                vec!["usage-only".to_string()],
            ),
            (None, None) => (
                format!("tickets only{tickets}"),
                vec!["ticket-only".to_string()],
            ),
        },
    }
}

/// The account's records plus the seat-utilisation event, when there is one and the
/// taxonomy lists it under a SKU's usage triggers (`None`: use the records as they are).
fn with_seat_event<'a>(
    records: &AccountRecords<'a>,
    seat: Option<&'a crate::model::UsageEvent>,
    refs: &References,
) -> Option<AccountRecords<'a>> {
    let seat = seat.filter(|e| !classify::usage_skus(e, &refs.taxonomy).is_empty())?;
    let mut usage = records.usage.clone();
    usage.push(seat);
    Some(AccountRecords {
        mentions: records.mentions.clone(),
        calls: records.calls,
        usage,
        tickets: records.tickets.clone(),
        changes: records.changes.clone(),
        set_aside: records.set_aside.clone(),
        attendees: records.attendees.clone(),
    })
}

/// A strong signal the health qualifier moved to the footer, with the reason.
fn health_demoted(account: &Account, c: &Classified, reason: &str) -> WeakSignal {
    let s = strong_signal(account, c);
    let quote = s
        .call_evidence
        .first()
        .map(|q| format!("\"{}\" ({}, {})", q.quote, q.speaker, q.date))
        .unwrap_or_default();
    WeakSignal {
        account_id: account.id.clone(),
        account_name: account.name.clone(),
        sku: c.sku.clone(),
        summary: format!("strong evidence, but the {reason}: {quote}"),
        tags: vec![spotter::HEALTH_TAG.to_string()],
    }
}

/// Runs steps 2 to 6 and the guards over what step 1 collected.
///
/// `history` holds earlier recorded runs, most recent first (only weeks before as_of
/// are used). An aborted run (coverage under the floor) comes back with
/// `status: Aborted`, the reason in `error` and no digests.
pub fn run(
    collected: &Collected,
    refs: &References,
    matcher: &Matcher,
    params: &Params,
    history: &[PriorWeek],
) -> RunReport {
    run_with_feedback(
        collected,
        refs,
        matcher,
        params,
        history,
        &Feedback::default(),
    )
}

/// What the CSMs' answers to earlier digests change in this one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feedback {
    /// Answers that hold a signal back (Not relevant, Snooze).
    pub holds: Vec<feedback::Hold>,
    /// The low-conversion warning, in every digest's diagnostics.
    pub warning: Option<crate::digest::Warning>,
}

/// [`run`], holding back the strong signals the CSMs set aside (before the cap, so a
/// held signal frees its place) and carrying the low-conversion warning.
pub fn run_with_feedback(
    collected: &Collected,
    refs: &References,
    matcher: &Matcher,
    params: &Params,
    history: &[PriorWeek],
    fb: &Feedback,
) -> RunReport {
    let mut diag = run_diagnostics(collected, refs, fb);
    // Step 1 (continued): group by account.
    let (per, mut mine) = group_by_account(collected, &mut diag, &refs.taxonomy_hash);
    // The guards that can stop the run or warn every digest.
    let mut report = empty_report(params, diag);
    let warnings = match run_warnings(collected, refs, params, &report.diagnostics) {
        Ok(w) => w,
        Err(message) => {
            report.status = RunStatus::Aborted;
            report.error = Some(message);
            return report;
        }
    };
    // Steps 2 and 4 per account.
    let (strong_by_owner, mut weak_by_owner) = signals_by_owner(
        collected,
        &per,
        refs,
        matcher,
        params,
        &mut report,
        &mut mine,
    );
    // Steps 5 and 6 per CSM.
    let ctx = DigestContext::new(collected, refs, params, history, fb, &warnings);
    for (owner, strong) in strong_by_owner {
        let weak = weak_by_owner.remove(owner).unwrap_or_default();
        let diagnostics = mine.remove(owner).unwrap_or_default();
        report
            .digests
            .push(digest_for(owner, strong, weak, diagnostics, &ctx));
    }
    report.warnings = warnings;
    report
}

/// The run-wide diagnostics known before any account is read.
fn run_diagnostics(collected: &Collected, refs: &References, fb: &Feedback) -> Diagnostics {
    Diagnostics {
        accounts_in_scope: collected.accounts.len(),
        unknown_account_records: collected.unknown_account_records,
        taxonomy_hash: refs.taxonomy_hash.clone(),
        embeddings: collected.embeddings.clone(),
        llm: collected.llm.clone(),
        conversion_warning: fb.warning.clone(),
        ..Default::default()
    }
}

/// The first `owner_locale` given on each owner's accounts.
fn owner_locales(collected: &Collected) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for a in &collected.accounts {
        let readable = |l: &&str| crate::text::Lang::parse(l).is_some();
        if let Some(l) = a.owner_locale.as_deref().filter(readable) {
            out.entry(a.owner_email.as_str()).or_insert(l);
        }
    }
    out
}

/// Each account's records (in the order of `collected.accounts`), and the same
/// counters per CSM over their own accounts; fills the run-wide counters of `diag`.
fn group_by_account<'a>(
    collected: &'a Collected,
    diag: &mut Diagnostics,
    taxonomy_hash: &str,
) -> (Vec<AccountRecords<'a>>, HashMap<&'a str, Diagnostics>) {
    let index: HashMap<&str, usize> = collected
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut per: Vec<AccountRecords> = collected
        .accounts
        .iter()
        .map(|_| AccountRecords::default())
        .collect();
    let mut mine: HashMap<&str, Diagnostics> = HashMap::new();
    for call in &collected.calls {
        if let Some(&i) = index.get(call.account_id.as_str()) {
            per[i].add_call(call);
            count_call(
                call,
                mine.entry(&collected.accounts[i].owner_email).or_default(),
            );
        }
        count_call(call, diag);
        diag.past_matches += call.guard_matches.past;
        diag.negation_matches += call.guard_matches.negation;
        diag.other_party_matches += call.guard_matches.other_party;
        diag.objection_matches += call.guard_matches.objection;
    }
    add_other_records(collected, &index, &mut per);
    diag.accounts_with_calls = per.iter().filter(|r| r.calls > 0).count();
    diag.accounts_silent = per.iter().filter(|r| r.is_silent()).count();
    for (account, records) in collected.accounts.iter().zip(&per) {
        let d = mine.entry(&account.owner_email).or_default();
        d.accounts_in_scope += 1;
        d.accounts_with_calls += usize::from(records.calls > 0);
        d.accounts_silent += usize::from(records.is_silent());
        d.taxonomy_hash = taxonomy_hash.to_string();
    }
    (per, mine)
}

/// Adds one call's negative and conditional matches and whether it went unread.
fn count_call(call: &extract::CallEvidence, d: &mut Diagnostics) {
    d.negative_matches += call.negative_matches;
    d.conditional_matches += call.conditional_matches;
    d.calls_not_analysed += usize::from(!call.analysed);
}

/// Files the usage events, tickets and stakeholder changes under their accounts.
fn add_other_records<'a>(
    collected: &'a Collected,
    index: &HashMap<&str, usize>,
    per: &mut [AccountRecords<'a>],
) {
    let at = |id: &str| index.get(id).copied();
    for e in &collected.usage_events {
        if let Some(i) = at(&e.account_id) {
            per[i].usage.push(e);
        }
    }
    for t in &collected.tickets {
        if let Some(i) = at(&t.account_id) {
            per[i].tickets.push(t);
        }
    }
    for c in &collected.stakeholder_changes {
        if let Some(i) = at(&c.account_id) {
            per[i].changes.push(c);
        }
    }
}

/// A report with the run's figures and no digest yet.
fn empty_report(params: &Params, diag: Diagnostics) -> RunReport {
    let (coverage_pct, _) = guards::coverage(
        diag.accounts_with_calls,
        diag.accounts_in_scope,
        params.window(),
    );
    RunReport {
        coverage_pct,
        diagnostics: diag,
        ..RunReport::new(params.as_of, params.window_days, params.cap_per_csm)
    }
}

/// The warnings every digest carries (coverage, stale taxonomy, unknown segments), or
/// why the run must stop (coverage under the floor).
fn run_warnings(
    collected: &Collected,
    refs: &References,
    params: &Params,
    diag: &Diagnostics,
) -> Result<Vec<crate::digest::Warning>, String> {
    let mut warnings = Vec::new();
    let (_, verdict) = guards::coverage(
        diag.accounts_with_calls,
        diag.accounts_in_scope,
        params.window(),
    );
    match verdict {
        guards::Coverage::Abort(message) => return Err(message),
        guards::Coverage::Warn(w) => warnings.push(w),
        guards::Coverage::Fine => {}
    }
    warnings.extend(guards::stale_taxonomy(
        refs.taxonomy.last_edited,
        params.as_of,
    ));
    warnings.extend(guards::unknown_segments(
        &collected.accounts,
        &refs.baselines,
    ));
    Ok(warnings)
}

type ByOwner<'a, T> = BTreeMap<&'a str, Vec<T>>;

/// Steps 2 and 4 for every account that is not silent: its strong and weak signals,
/// by owner (every owner has an entry in the strong map, even an empty one).
fn signals_by_owner<'a>(
    collected: &'a Collected,
    per: &[AccountRecords<'_>],
    refs: &References,
    matcher: &Matcher,
    params: &Params,
    report: &mut RunReport,
    mine: &mut HashMap<&'a str, Diagnostics>,
) -> (ByOwner<'a, StrongSignal>, ByOwner<'a, (f64, WeakSignal)>) {
    let mut strong_by_owner: ByOwner<StrongSignal> = BTreeMap::new();
    let mut weak_by_owner: ByOwner<(f64, WeakSignal)> = BTreeMap::new();
    for (account, records) in collected.accounts.iter().zip(per) {
        let owner = account.owner_email.as_str();
        strong_by_owner.entry(owner).or_default();
        if records.is_silent() {
            continue;
        }
        let view = refs
            .spotter
            .as_ref()
            .map(|sp| spotter::evaluate(account, records, sp, params.as_of, params.window_days))
            .unwrap_or_default();
        count_not_evaluated(&view, &mut report.diagnostics);
        let with_seat = with_seat_event(records, view.seat_event.as_ref(), refs);
        let records = with_seat.as_ref().unwrap_or(records);
        let ev = evaluate_account(account, records, refs, matcher, params.as_of);
        count_evaluated(&ev, &mut report.diagnostics, mine.entry(owner).or_default());
        for c in ev.classified {
            let d = &mut report.diagnostics;
            match file_signal(account, &c, &view, d) {
                Some(Filed::Strong(s)) => strong_by_owner.entry(owner).or_default().push(s),
                Some(Filed::Weak(w)) => weak_by_owner
                    .entry(owner)
                    .or_default()
                    .push((account.arr, w)),
                None => {}
            }
        }
    }
    (strong_by_owner, weak_by_owner)
}

/// Counts the account signals the spotter could not evaluate, by name.
fn count_not_evaluated(view: &spotter::AccountView, d: &mut Diagnostics) {
    for name in &view.not_evaluated {
        *d.account_signals_not_evaluated
            .entry(name.to_string())
            .or_default() += 1;
    }
}

/// Where a classified SKU goes: the strong signals or the footer.
enum Filed {
    Strong(StrongSignal),
    Weak(WeakSignal),
}

/// Turns one classified SKU into a strong or weak signal (`None`: tickets only),
/// counting demotions, suppressions and ticket-only signals in `d`.
fn file_signal(
    account: &Account,
    c: &Classified,
    view: &spotter::AccountView,
    d: &mut Diagnostics,
) -> Option<Filed> {
    match (c.class, &view.demote) {
        (Class::Strong, Some(reason)) => {
            d.health_demotions += 1;
            Some(Filed::Weak(health_demoted(account, c, reason)))
        }
        (Class::Strong, None) => {
            let mut s = strong_signal(account, c);
            s.why_now = view.why_now_line();
            Some(Filed::Strong(s))
        }
        (Class::Weak | Class::Suppressed, _) => {
            d.champion_suppressions += usize::from(c.class == Class::Suppressed);
            Some(Filed::Weak(weak_signal(account, c)))
        }
        (Class::Insufficient, _) => {
            d.ticket_only_signals += 1;
            None
        }
    }
}

/// Adds one account's step-2 counters to the run's and its owner's diagnostics.
fn count_evaluated(ev: &Evaluated, run: &mut Diagnostics, own: &mut Diagnostics) {
    run.noise_band_discards += ev.noise_discards;
    run.unbaselined_events += ev.unbaselined;
    run.usage_declines += ev.declines;
    own.noise_band_discards += ev.noise_discards;
    own.unbaselined_events += ev.unbaselined;
    own.usage_declines += ev.declines;
    let count = |class: Class| ev.classified.iter().filter(|c| c.class == class).count();
    own.champion_suppressions += count(Class::Suppressed);
    own.ticket_only_signals += count(Class::Insufficient);
}

/// What every CSM's digest shares.
struct DigestContext<'a> {
    refs: &'a References,
    params: &'a Params,
    fb: &'a Feedback,
    warnings: &'a [crate::digest::Warning],
    /// Earlier recorded weeks, most recent first.
    earlier: Vec<&'a PriorWeek>,
    owner_names: HashMap<&'a str, &'a str>,
    /// The first `owner_locale` given on each owner's accounts.
    owner_locales: HashMap<&'a str, &'a str>,
}

impl<'a> DigestContext<'a> {
    /// What every CSM's digest shares: the run's inputs, warnings and earlier weeks.
    fn new(
        collected: &'a Collected,
        refs: &'a References,
        params: &'a Params,
        history: &'a [PriorWeek],
        fb: &'a Feedback,
        warnings: &'a [crate::digest::Warning],
    ) -> Self {
        DigestContext {
            refs,
            params,
            fb,
            warnings,
            earlier: history
                .iter()
                .filter(|h| h.as_of.is_none_or(|d| d < params.as_of))
                .collect(),
            owner_names: collected
                .accounts
                .iter()
                .filter_map(|a| a.owner_name.as_deref().map(|n| (a.owner_email.as_str(), n)))
                .collect(),
            owner_locales: owner_locales(collected),
        }
    }
}

/// Steps 5 and 6 for one CSM: hold back, rank and cap the strong signals, choose each
/// one's action, order the weak ones by ARR.
fn digest_for(
    owner: &str,
    strong: Vec<StrongSignal>,
    mut weak: Vec<(f64, WeakSignal)>,
    diagnostics: Diagnostics,
    ctx: &DigestContext,
) -> Digest {
    let (refs, params) = (ctx.refs, ctx.params);
    let (strong, held_back) = feedback::hold_back(strong, &ctx.fb.holds, params.as_of);
    let before_cap = strong.len();
    let renewal_first = refs.spotter.as_ref().is_some_and(|s| s.rank_by_renewal);
    let (mut kept, overflow) = rank::rank_and_cap_by(strong, params.cap_per_csm, renewal_first);
    for s in &mut kept {
        let choice = act::choose_action(s, &refs.actions);
        s.action_reason = choice.line.is_none().then_some(choice.reason);
        s.action = choice.text;
        s.action_line = choice.line;
    }
    weak.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.account_name.cmp(&b.1.account_name))
            .then(a.1.sku.cmp(&b.1.sku))
    });
    let previous: Vec<usize> = ctx
        .earlier
        .iter()
        .take(2)
        .map(|h| h.strong_before_cap.get(owner).copied().unwrap_or(0))
        .collect();
    let mut warnings = ctx.warnings.to_vec();
    warnings.extend(guards::too_loose(before_cap, &previous, params.cap_per_csm));
    Digest {
        owner_email: owner.to_string(),
        owner_name: ctx.owner_names.get(owner).map(|n| n.to_string()),
        warnings,
        strong: kept,
        weak: weak.into_iter().map(|(_, w)| w).collect(),
        overflow: overflow.len(),
        overflow_signals: overflow
            .into_iter()
            .map(|s| CappedSignal {
                account_id: s.account_id,
                account_name: s.account_name,
                sku: s.sku,
            })
            .collect(),
        strong_before_cap: before_cap,
        diagnostics,
        held_back,
        locale: ctx.owner_locales.get(owner).map(|l| l.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Call, Portfolio, UsageEvent};
    use crate::pipeline::extract::tests::{TAXONOMY, call};
    use crate::references::check_texts;

    const BASELINES: &str = "### Segment: smb\n| Metric | Median | Band |\n|---|---|---|\n| `seat_count` | +5% | ±25% |\n| `tier_gated_feature_attempts` | 0% | ±0 |\n";
    const ACTIONS: &str = "## SKU: additional-team-seats\n| Trigger pattern | Next-best action |\n|---|---|\n| (any) | Book a 20-minute seat-planning call with {speaker}. |\n## SKU: enterprise-tier\n| Trigger pattern | Next-best action |\n|---|---|\n| (any) | Send {speaker} the security one-pager. |\n## Vague-language denylist\n- `touch base`\n";

    fn refs() -> (References, Matcher) {
        let c = check_texts(("t.md", TAXONOMY), ("b.md", BASELINES), ("a.md", ACTIONS));
        let r = c.references.unwrap_or_else(|| panic!("{:?}", c.problems));
        let m = Matcher::new(&r.taxonomy);
        (r, m)
    }

    fn account(id: &str, arr: f64, owner: &str) -> Account {
        Account {
            id: id.into(),
            name: format!("Account {id}"),
            arr,
            segment: "smb".into(),
            tier: "growth".into(),
            owner_email: owner.into(),
            owner_name: None,
            owner_locale: None,
            renewal_date: "2027-01-01".parse().unwrap(),
            domains: vec![],
            fields: Default::default(),
        }
    }

    fn seats_call(account: &str) -> Call {
        let mut c = call("Dana Reyes: We need 12 more seats.");
        c.account_id = account.into();
        c.call_id = format!("c-{account}");
        c
    }

    fn seat_event(account: &str, delta: f64) -> UsageEvent {
        UsageEvent {
            event_id: None,
            account_id: account.into(),
            event_type: "seat_limit_reached".into(),
            metric_name: "seat_count".into(),
            value_current: 100.0 + delta,
            value_baseline: 100.0,
            delta_pct: delta,
            occurred_at: "2026-11-20T10:00:00Z".parse().unwrap(),
            feature: None,
            department: None,
        }
    }

    fn params(cap: usize) -> Params {
        Params {
            as_of: "2026-11-23".parse().unwrap(),
            window_days: 7,
            cap_per_csm: cap,
        }
    }

    #[test]
    fn growth_makes_strong_a_decline_does_not() {
        let (r, m) = refs();
        let p = Portfolio {
            accounts: vec![
                account("up", 10.0, "a@x.com"),
                account("down", 20.0, "a@x.com"),
                account("quiet", 5.0, "b@x.com"),
            ],
            calls: vec![seats_call("up"), seats_call("down")],
            usage_events: vec![seat_event("up", 40.0), seat_event("down", -40.0)],
            ..Default::default()
        };
        let c = collect::collect(&p, params(3).window(), &m);
        let report = run(&c, &r, &m, &params(3), &[]);
        assert_eq!(report.status, RunStatus::Ok);
        let a = &report.digests[0];
        assert_eq!(a.owner_email, "a@x.com");
        assert_eq!(
            a.strong
                .iter()
                .map(|s| s.account_id.as_str())
                .collect::<Vec<_>>(),
            ["up"]
        );
        assert_eq!(
            a.strong[0].action,
            "Book a 20-minute seat-planning call with Dana Reyes."
        );
        assert_eq!(a.weak.len(), 1);
        assert_eq!(a.weak[0].account_id, "down");
        assert_eq!(a.weak[0].tags, ["call-only"]);
        assert_eq!(report.diagnostics.usage_declines, 1);
        // Every owner gets a digest, an empty one included; silent accounts are counted.
        assert!(report.digests[1].strong.is_empty() && report.digests[1].weak.is_empty());
        assert_eq!(report.diagnostics.accounts_silent, 1);
    }

    #[test]
    fn cap_keeps_the_highest_arr_and_counts_the_rest() {
        let (r, m) = refs();
        let ids = ["a", "b", "c", "d"];
        let p = Portfolio {
            accounts: ids
                .iter()
                .enumerate()
                .map(|(i, id)| account(id, (i + 1) as f64 * 1000.0, "a@x.com"))
                .collect(),
            calls: ids.iter().map(|id| seats_call(id)).collect(),
            usage_events: ids.iter().map(|id| seat_event(id, 40.0)).collect(),
            ..Default::default()
        };
        let c = collect::collect(&p, params(2).window(), &m);
        let report = run(&c, &r, &m, &params(2), &[]);
        let d = &report.digests[0];
        assert_eq!(
            d.strong
                .iter()
                .map(|s| s.account_id.as_str())
                .collect::<Vec<_>>(),
            ["d", "c"]
        );
        assert_eq!((d.overflow, d.strong_before_cap), (2, 4));
        assert_eq!(
            d.overflow_signals
                .iter()
                .map(|s| s.account_id.as_str())
                .collect::<Vec<_>>(),
            ["b", "a"]
        );
    }

    #[test]
    fn coverage_under_the_floor_aborts_without_digests() {
        let (r, m) = refs();
        let p = Portfolio {
            accounts: vec![
                account("a", 1.0, "a@x.com"),
                account("b", 1.0, "a@x.com"),
                account("c", 1.0, "a@x.com"),
            ],
            calls: vec![seats_call("a")],
            ..Default::default()
        };
        let c = collect::collect(&p, params(3).window(), &m);
        let report = run(&c, &r, &m, &params(3), &[]);
        assert_eq!(report.status, RunStatus::Aborted);
        assert!(report.digests.is_empty());
        assert!(report.error.unwrap().contains("33.3%"));
    }
}
