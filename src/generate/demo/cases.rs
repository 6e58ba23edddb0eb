//! The demo's case accounts: each one exercises a rule of the engine (see the case
//! table in the parent module's doc). The comment above each case is the outcome the
//! demo digest shows for it.

use super::{Csm, Segment};

/// Who says a key line of a case call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Who {
    /// The account's first customer contact.
    Customer,
    /// The account owner (the CSM, not a customer).
    Owner,
    /// A continuation line of the previous speaker (no `Name:` prefix).
    More,
}

/// How a call carries its transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fmt {
    /// `transcript_text`: `Name: text` lines.
    Text,
    /// `transcript`: an array of `{speaker, text}` turns.
    Array,
    /// Only a `transcript_url`, nothing to analyse.
    Url,
}

/// A case account's call in the window.
#[derive(Debug, Clone, Copy)]
pub(super) struct CallSpec {
    /// A fixed moment, or `None` for a random time on a workday of the window.
    pub when: Option<&'static str>,
    /// A fixed format, or `None` for a random one.
    pub fmt: Option<Fmt>,
    /// Lines placed among the filler conversation.
    pub lines: &'static [(Who, &'static str)],
}

/// A usage event of a case account.
#[derive(Debug, Clone, Copy)]
pub(super) struct UsageSpec {
    pub event_type: &'static str,
    pub metric: &'static str,
    pub feature: Option<&'static str>,
    pub department: Option<&'static str>,
    pub base: i64,
    pub current: i64,
    /// A fixed moment, or `None` for a random time in the window.
    pub when: Option<&'static str>,
}

/// A ticket of a case account, opened at a random time in the window.
#[derive(Debug, Clone, Copy)]
pub(super) struct TicketSpec {
    pub tags: &'static [&'static str],
    pub subject: &'static str,
    pub body: &'static str,
}

/// A stakeholder change of a case account.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChangeSpec {
    pub change_type: &'static str,
    pub role: &'static str,
    pub is_champion: bool,
    pub when: &'static str,
    pub name: &'static str,
}

/// One case account and the records written for it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Case {
    pub name: &'static str,
    pub csm: Csm,
    pub segment: Segment,
    /// `None`: no call at all (unlike a call without key lines).
    pub call: Option<CallSpec>,
    pub usage: &'static [UsageSpec],
    pub tickets: &'static [TicketSpec],
    pub changes: &'static [ChangeSpec],
}

/// The event type of a blocked attempt to use a feature of a higher tier.
pub(super) const TIER_GATED: &str = "tier_gated_feature_attempt";
/// The metric of [`TIER_GATED`] events.
pub(super) const TIER_GATED_METRIC: &str = "tier_gated_feature_attempts";

/// A case account without records.
const fn case(name: &'static str, csm: Csm, segment: Segment) -> Case {
    Case {
        name,
        csm,
        segment,
        call: None,
        usage: &[],
        tickets: &[],
        changes: &[],
    }
}

impl Case {
    /// With a call at a random time in a random format.
    const fn call(self, lines: &'static [(Who, &'static str)]) -> Case {
        self.with_call(None, None, lines)
    }
    /// With a call at a fixed moment.
    const fn call_at(self, when: &'static str, lines: &'static [(Who, &'static str)]) -> Case {
        self.with_call(Some(when), None, lines)
    }
    /// With a call in a fixed format.
    const fn call_as(self, fmt: Fmt, lines: &'static [(Who, &'static str)]) -> Case {
        self.with_call(None, Some(fmt), lines)
    }
    const fn with_call(
        self,
        when: Option<&'static str>,
        fmt: Option<Fmt>,
        lines: &'static [(Who, &'static str)],
    ) -> Case {
        Case {
            call: Some(CallSpec { when, fmt, lines }),
            ..self
        }
    }
    const fn usage(self, usage: &'static [UsageSpec]) -> Case {
        Case { usage, ..self }
    }
    const fn tickets(self, tickets: &'static [TicketSpec]) -> Case {
        Case { tickets, ..self }
    }
    const fn changes(self, changes: &'static [ChangeSpec]) -> Case {
        Case { changes, ..self }
    }
}

/// `attempts` blocked attempts to use `feature` (baseline 0).
pub(super) const fn gated(
    feature: &'static str,
    department: Option<&'static str>,
    attempts: i64,
) -> UsageSpec {
    UsageSpec {
        event_type: TIER_GATED,
        metric: TIER_GATED_METRIC,
        feature: Some(feature),
        department,
        base: 0,
        current: attempts,
        when: None,
    }
}

/// A change of `metric` from `base` to `current`.
pub(super) const fn change(
    event_type: &'static str,
    metric: &'static str,
    department: Option<&'static str>,
    base: i64,
    current: i64,
) -> UsageSpec {
    UsageSpec {
        event_type,
        metric,
        feature: None,
        department,
        base,
        current,
        when: None,
    }
}

impl UsageSpec {
    /// At a fixed moment.
    pub(super) const fn at(self, when: &'static str) -> UsageSpec {
        UsageSpec {
            when: Some(when),
            ..self
        }
    }
}

const fn ticket(
    tags: &'static [&'static str],
    subject: &'static str,
    body: &'static str,
) -> TicketSpec {
    TicketSpec {
        tags,
        subject,
        body,
    }
}

const fn departure(
    role: &'static str,
    is_champion: bool,
    when: &'static str,
    name: &'static str,
) -> ChangeSpec {
    ChangeSpec {
        change_type: "departure",
        role,
        is_champion,
        when,
        name,
    }
}

use Csm::*;
use Segment::*;
use Who::*;

/// The case accounts, by CSM: Priya Natarajan has 10 strong signals (cap overflow),
/// Marcus Oyelaran 9, Elena Vasquez 3, Tomasz Kowalczyk 6 (one suppressed), Hana
/// Lindqvist none (an empty digest).
pub(super) const CASES: [Case; 40] = [
    // STRONG enterprise-tier
    case("Halvorsen Freight", Priya, Enterprise)
        .call(&[
            (Customer, "We need SSO before the security audit in January."),
            (Owner, "Understood, I will get you the setup details today."),
        ])
        .usage(&[gated("sso", Some("IT"), 14)])
        .tickets(&[
            ticket(
                &["sso", "saml"],
                "SAML configuration for the SSO rollout",
                "Customer asks which identity providers are supported and how SAML metadata is exchanged.",
            ),
        ]),
    // STRONG additional-team-seats
    case("Quillstone Biotech", Priya, Enterprise)
        .call_at("2026-11-17T00:00:00Z", &[
            (Customer, "We keep hitting the seat limit every time a new lab tech starts."),
            (Owner, "That matches what I see in the admin console."),
        ])
        .usage(&[change("seat_limit_reached", "seat_count", Some("Research"), 250, 262)])
        .tickets(&[
            ticket(
                &["seat-limit"],
                "Invite blocked for new lab technicians",
                "Admin could not invite three new technicians because the workspace is full.",
            ),
        ]),
    // STRONG premium-feature-pack
    case("Marrowgate Dental Group", Priya, MidMarket)
        .call(&[
            (Customer, "Our regional managers keep asking for custom dashboards."),
            (Owner, "Got it, I will pull a few examples from similar dental groups."),
        ])
        .usage(&[gated("custom_dashboards", Some("Operations"), 6)])
        .tickets(&[
            ticket(
                &["dashboards", "reporting"],
                "Custom dashboard per clinic location",
                "Regional manager wants one view per clinic with chair utilisation.",
            ),
        ]),
    // STRONG additional-team-seats
    case("Bramblewood Outfitters", Priya, MidMarket)
        .call(&[
            (Customer, "We have 12 new hires starting in December."),
            (Customer, "Most of them are in the warehouse team."),
        ])
        .usage(&[change("seat_growth", "seat_count", None, 80, 91)]),
    // STRONG additional-team-seats
    case("Kestrelwick Coffee Roasters", Priya, Smb)
        .call(&[(Customer, "We need 5 more seats for the new cafe in Portland.")])
        .usage(&[change("seat_growth", "seat_count", None, 12, 17).at("2026-11-17T00:00:00Z")]),
    // STRONG enterprise-tier (array transcript)
    case("Ironvale Mining Services", Priya, Enterprise)
        .call_as(Fmt::Array, &[
            (Customer, "Our security team requires SCIM provisioning for every vendor now."),
            (Owner, "Thanks, I will loop in our security specialist."),
        ])
        .usage(&[gated("scim", Some("IT"), 3)]),
    // STRONG premium-feature-pack
    case("Lanternby Publishing", Priya, MidMarket)
        .call(&[(Customer, "Advanced analytics is the main thing our editors keep requesting.")])
        .usage(&[gated("advanced_analytics", Some("Editorial"), 9)]),
    // STRONG additional-team-seats
    case("Fernhollow Pet Care", Priya, Smb)
        .call(&[(Customer, "We are onboarding another team at the new clinic next week.")])
        .usage(&[change("usage_spike", "daily_active_users", None, 20, 31)]),
    // STRONG enterprise-tier + STRONG additional-team-seats
    case("Driftmere Travel", Priya, MidMarket)
        .call(&[
            (Customer, "Data residency in the EU is now a hard requirement for us."),
            (Owner, "Noted, I will send you our hosting options."),
            (Customer, "We need 20 more seats for the support org before the holidays."),
        ])
        .usage(&[
            gated("audit_log", Some("Compliance"), 4),
            change("seat_limit_reached", "seat_count", Some("Support"), 140, 155),
        ]),
    // WEAK additional-team-seats (call only; usage +3.5% on band edge = noise)
    case("Quarrystone Logistics", Priya, Enterprise)
        .call(&[(Customer, "We keep hitting the seat limit on the warehouse floor.")])
        .usage(&[change("seat_limit_reached", "seat_count", Some("Warehouse"), 200, 207)]),
    // STRONG enterprise-tier
    case("Cobaltine Energy", Marcus, Enterprise)
        .call(&[(Customer, "We need SSO and audit logs in place before the renewal.")])
        .usage(&[change("usage_spike", "api_calls", None, 1200000, 1584000)])
        .tickets(&[
            ticket(
                &["integration"],
                "Single sign-on with our identity provider",
                "IT team asks for the SAML setup steps and supported providers.",
            ),
        ]),
    // STRONG additional-team-seats
    case("Emberlyn Health Partners", Marcus, MidMarket)
        .call(&[(Customer, "Honestly we are out of seats again.")])
        .usage(&[change("seat_limit_reached", "seat_count", Some("Nursing"), 95, 105)])
        .tickets(&[
            ticket(
                &["seat-limit"],
                "Cannot add users to the nursing workspace",
                "Invites fail with a plan limit error for the nursing workspace.",
            ),
        ]),
    // STRONG premium-feature-pack
    case("Glimmerpath Studios", Marcus, Smb)
        .call(&[(Customer, "We need the workflow module to cut down on manual approvals.")])
        .usage(&[gated("workflow_automation", None, 5)]),
    // STRONG additional-team-seats (array transcript)
    case("Harborlight Insurance", Marcus, Enterprise)
        .call_as(Fmt::Array, &[
            (Customer, "We want to add the claims team to the workspace in December."),
        ])
        .usage(&[change("seat_growth", "seat_count", Some("Claims"), 600, 632)]),
    // STRONG premium-feature-pack
    case("Juniperfield Foods", Marcus, MidMarket)
        .call(&[(Customer, "Cohort analysis is something our growth team asks for every week.")])
        .usage(&[gated("advanced_analytics", Some("Growth"), 7)]),
    // STRONG additional-team-seats
    case("Oakhaven Climbing Gyms", Marcus, Smb)
        .call(&[(Customer, "We need more licenses for the weekend staff.")])
        .usage(&[change("seat_growth", "seat_count", None, 14, 19)]),
    // STRONG enterprise-tier
    case("Nettlecomb Legal", Marcus, MidMarket)
        .call(&[(Customer, "Single sign-on is now mandatory for every tool we use.")])
        .usage(&[gated("sso", None, 22)])
        .tickets(&[
            ticket(
                &["saml"],
                "SAML metadata question",
                "Customer IT asks where to upload the identity provider metadata file.",
            ),
        ]),
    // STRONG premium-feature-pack
    case("Pinecrest Aerospace", Marcus, Enterprise)
        .call(&[(Customer, "The engineering leads want custom dashboards for each program.")])
        .usage(&[gated("custom_dashboards", Some("Engineering"), 11)]),
    // STRONG additional-team-seats
    case("Saltmarsh Bakery Co", Marcus, Smb)
        .call(&[(Customer, "We keep hitting the seat limit during the holiday rush.")])
        .usage(&[change("seat_limit_reached", "seat_count", None, 10, 16)]),
    // INSUFFICIENT premium-feature-pack (ticket only)
    case("Mirefield Clinics", Marcus, MidMarket)
        .call(&[])
        .tickets(&[
            ticket(
                &["dashboards"],
                "Custom dashboard for clinic managers",
                "Clinic managers want a single page with appointments and no-show rates.",
            ),
        ]),
    // STRONG premium-feature-pack -> needs human review; report_exports unbaselined
    case("Thistledown Learning", Elena, MidMarket)
        .call(&[
            (Customer, "We need the forecasting module for the spring planning cycle."),
            (Owner, "Understood, I will find out what is available for that."),
        ])
        .usage(&[change("usage_spike", "report_exports", Some("Planning"), 40, 74)]),
    // STRONG enterprise-tier
    case("Alderbrook Pharma", Elena, Enterprise)
        .call(&[
            (Customer, "Our security team requires a signed DPA and data residency in Canada."),
        ])
        .usage(&[gated("audit_log", Some("Quality"), 2)])
        .tickets(&[
            ticket(
                &["security-review"],
                "Audit log export for the compliance team",
                "Compliance lead asks how to export a full history of admin changes.",
            ),
        ]),
    // STRONG additional-team-seats
    case("Wrenfield Yoga", Elena, Smb)
        .call(&[(Customer, "We are rolling it out to the front desk staff next month.")])
        .usage(&[change("seat_growth", "seat_count", None, 8, 12)]),
    // nothing (both usage events inside noise band)
    case("Hollowmere Capital", Elena, MidMarket)
        .usage(&[
            change("usage_spike", "daily_active_users", None, 300, 327),
            change("usage_spike", "api_calls", None, 50000, 44000),
        ]),
    // WEAK additional-team-seats (usage only; CSM sentence ignored)
    case("Ashcombe Robotics", Elena, MidMarket)
        .call(&[
            (Owner, "Sounds like you need more seats for the new shift."),
            (Customer, "Yes, the night shift starts in January."),
        ])
        .usage(&[change("seat_growth", "seat_count", Some("Manufacturing"), 70, 79)]),
    // WEAK enterprise-tier (usage only; conditional mentions suppressed)
    case("Kingsmere Data Centers", Elena, Enterprise)
        .call(&[
            (Customer, "If the budget clears in Q1, we need SSO for all four plants."),
            (Customer, "We are thinking about SCIM provisioning down the road."),
        ])
        .usage(&[gated("sso", Some("IT"), 8)]),
    // STRONG enterprise-tier, suppressed (champion departed 2026-11-05)
    case("Varrowby Hospitals", Tomasz, Enterprise)
        .call(&[(Customer, "We need SSO for the nursing staff rollout.")])
        .usage(&[gated("sso", Some("Nursing"), 30)])
        .changes(&[
            departure(
                "Director of Clinical Systems",
                true,
                "2026-11-05T16:00:00Z",
                "Gwendolyn Ashdown",
            ),
        ]),
    // STRONG additional-team-seats (non-champion departure does not suppress)
    case("Copperleaf Architects", Tomasz, MidMarket)
        .call(&[(Customer, "We need 8 more seats for the Denver office.")])
        .usage(&[change("seat_growth", "seat_count", None, 60, 66)])
        .changes(&[departure("Office Manager", false, "2026-11-12T15:00:00Z", "Rupert Vell")]),
    // STRONG premium-feature-pack
    case("Mossgrove Florists", Tomasz, Smb)
        .call(&[(Customer, "Each store manager wants custom dashboards for their own sales.")])
        .usage(&[gated("custom_dashboards", None, 3)]),
    // STRONG additional-team-seats (champion left 45 days ago: not suppressed)
    case("Starling Bay Shipping", Tomasz, Enterprise)
        .call(&[(Customer, "Headcount is growing fast in the Rotterdam hub.")])
        .usage(&[change("usage_spike", "daily_active_users", Some("Operations"), 900, 1010)])
        .changes(&[departure("VP Operations", true, "2026-10-09T14:00:00Z", "Henrike Maasdam")]),
    // STRONG enterprise-tier
    case("Bellhaven Realty", Tomasz, MidMarket)
        .call(&[(Customer, "We need SSO for the agents, our IT lead has been clear about that.")])
        .usage(&[change("usage_spike", "api_calls", None, 150000, 190000)])
        .tickets(&[
            ticket(
                &["sso"],
                "Agents asking for one login",
                "Agents keep resetting passwords and want to use their company login.",
            ),
        ]),
    // STRONG premium-feature-pack (trigger on a continuation line)
    case("Tidewater Kayak Tours", Tomasz, Smb)
        .call_as(Fmt::Text, &[
            (Customer, "The booking numbers look fine this season."),
            (More, "Advanced analytics on repeat customers is what we are missing."),
        ])
        .usage(&[gated("advanced_analytics", None, 4).at("2026-11-23T06:00:00Z")]),
    // WEAK additional-team-seats (call only; usage +22.2% is smb noise)
    case("Pebblebrook Dental", Tomasz, Smb)
        .call(&[(Customer, "We need 3 more seats for the summer hygienists.")])
        .usage(&[change("seat_growth", "seat_count", None, 18, 22)]),
    // WEAK additional-team-seats (usage only; negative phrase suppresses mention)
    case("Cindervale Utilities", Tomasz, Enterprise)
        .call_as(Fmt::Text, &[
            (Customer, "We keep hitting the seat limit on paper, but we want to reduce our seat count after the reorg."),
            (Owner, "Okay, so the plan is a cleanup rather than growth."),
            (Customer, "We need fewer seats next year, not more."),
            (Customer, "We don’t need SSO either, the plants use shared kiosks."),
        ])
        .usage(&[change("seat_limit_reached", "seat_count", None, 400, 420)]),
    // WEAK additional-team-seats (call only, ticket-supported)
    case("Greywillow Consulting", Hana, MidMarket)
        .call(&[(Customer, "We need 10 more seats after the merger closes.")])
        .tickets(&[
            ticket(
                &["license-request"],
                "Quote for additional licenses",
                "Finance asks for pricing on ten extra users for the merged team.",
            ),
        ]),
    // WEAK enterprise-tier (usage only)
    case("Rookwood Semiconductors", Hana, Enterprise)
        .call(&[])
        .usage(&[gated("sso", Some("IT"), 5)]),
    // WEAK additional-team-seats (call only) + WEAK premium-feature-pack (usage only)
    case("Silverbirch Media", Hana, MidMarket)
        .call(&[(Customer, "We keep hitting the seat limit with all the freelancers.")])
        .usage(&[gated("custom_dashboards", Some("Marketing"), 6)]),
    // INSUFFICIENT enterprise-tier (ticket only)
    case("Larkspur Cycles", Hana, Smb)
        .tickets(&[
            ticket(
                &["sso"],
                "Single sign-on for front desk staff",
                "Owner asks whether staff can log in with their shop accounts.",
            ),
        ]),
    // nothing (seat_growth +2.0% inside enterprise noise band)
    case("Foxglove Telecom", Hana, Enterprise)
        .call(&[])
        .usage(&[change("seat_growth", "seat_count", None, 1000, 1020)]),
    // nothing (records at 2026-11-16T23:59:59Z are outside the window); silent
    case("Brackenridge Hotels", Hana, MidMarket)
        .call_at("2026-11-16T23:59:59Z", &[
            (Customer, "We need 25 more seats for the new property."),
        ])
        .usage(&[change("seat_growth", "seat_count", None, 120, 140).at("2026-11-16T23:59:59Z")]),
];
