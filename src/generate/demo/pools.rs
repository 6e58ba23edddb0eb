//! Name and text pools of the demo (all invented). The filler lines carry no call
//! trigger and no negative-example phrase.

/// First words of the filler company names.
pub(super) const CO_FIRST: [&str; 84] = [
    "Amberline",
    "Ashgrove",
    "Birchmont",
    "Blackthorn",
    "Bluefen",
    "Briarcliff",
    "Calderwood",
    "Carrowby",
    "Cedarholt",
    "Clearwater",
    "Coldbrook",
    "Crestfall",
    "Dunmore",
    "Eastmere",
    "Elderford",
    "Fairhollow",
    "Fallowmere",
    "Glenrock",
    "Goldmere",
    "Greenhithe",
    "Hartwell",
    "Hazelmoor",
    "Highfold",
    "Hollins",
    "Kelderby",
    "Kilnworth",
    "Lindenfall",
    "Lowfield",
    "Maplewick",
    "Meadowgate",
    "Millbrae",
    "Northfen",
    "Orchardly",
    "Penrose",
    "Ravensholt",
    "Redfern",
    "Rivermoor",
    "Rosslyn",
    "Sablewood",
    "Sedgefield",
    "Stonecroft",
    "Summerlea",
    "Thornbury",
    "Umberly",
    "Westerby",
    "Whitlow",
    "Willowmere",
    "Yarrowby",
    "Applecross",
    "Barrowdene",
    "Bellweather",
    "Brightling",
    "Cloudberry",
    "Corvane",
    "Dovecote",
    "Elmstead",
    "Fieldmouse",
    "Gannetry",
    "Heathervale",
    "Inglenook",
    "Kittiwake",
    "Larchmont",
    "Longmeadow",
    "Merriweather",
    "Nightjar",
    "Oxbow",
    "Pennywort",
    "Quaymoor",
    "Rushmere",
    "Saltcote",
    "Sorrelby",
    "Tansyford",
    "Teasel",
    "Underwood",
    "Vetchley",
    "Wayfarer",
    "Whinfell",
    "Yewdale",
    "Zephyrine",
    "Goldcrest",
    "Hollyhock",
    "Kingsbarrow",
    "Lowmoss",
    "Marlpit",
];

/// Second words of the filler company names, by segment (enterprise, mid-market, smb).
pub(super) const CO_SECOND: [&[&str]; 3] = [
    &[
        "Manufacturing",
        "Health System",
        "Logistics Group",
        "Financial",
        "Industries",
        "Telecom",
        "Pharmaceuticals",
        "Insurance Group",
    ],
    &[
        "Software",
        "Engineering",
        "Partners",
        "Media Group",
        "Medical",
        "Architects",
        "Consulting",
        "Distribution",
        "Staffing",
        "Labs",
    ],
    &[
        "Bakery",
        "Dental",
        "Fitness",
        "Design Studio",
        "Bookkeeping",
        "Florals",
        "Veterinary",
        "Print Shop",
        "Landscaping",
        "Tutoring",
        "Brewing",
        "Physio",
        "Tailors",
        "Cycle Works",
        "Catering",
        "Pottery",
    ],
];

/// First names of customer contacts.
pub(super) const FIRST_NAMES: [&str; 48] = [
    "Amara",
    "Bastian",
    "Carys",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hamish",
    "Ines",
    "Jonah",
    "Kiri",
    "Lorcan",
    "Maren",
    "Nikhil",
    "Odile",
    "Pavel",
    "Quinn",
    "Rosalind",
    "Soren",
    "Tamsin",
    "Ugo",
    "Valeria",
    "Wendell",
    "Ximena",
    "Yusuf",
    "Zofia",
    "Anouk",
    "Benedikt",
    "Chiara",
    "Desmond",
    "Eilidh",
    "Florian",
    "Ghislaine",
    "Hiroshi",
    "Ingrid",
    "Jasper",
    "Kalani",
    "Leocadia",
    "Mateus",
    "Nadia",
    "Oren",
    "Petra",
    "Rafferty",
    "Saoirse",
    "Thiago",
    "Umaima",
    "Vikram",
    "Wilhelmina",
];

/// Last names of customer contacts.
pub(super) const LAST_NAMES: [&str; 40] = [
    "Achterberg",
    "Balogun",
    "Castellanos",
    "Drummond",
    "Eriksen",
    "Fairweather",
    "Galloway",
    "Halloran",
    "Ibarra",
    "Jankowski",
    "Kettering",
    "Lachance",
    "Mbeki",
    "Nakashima",
    "Okonkwo",
    "Pellegrini",
    "Quartermain",
    "Rasmussen",
    "Szabo",
    "Thorne",
    "Underhill",
    "Valdivia",
    "Whitcombe",
    "Yamaguchi",
    "Zielinski",
    "Abernethy",
    "Brannigan",
    "Cordeiro",
    "Delacroix",
    "Esterhazy",
    "Fenwick",
    "Grimaldi",
    "Holmqvist",
    "Iwasaki",
    "Jurado",
    "Kowalski",
    "Lindgren",
    "Marchetti",
    "Novak",
    "Ortega",
];

/// Job titles of customer contacts, by segment (enterprise, mid-market, smb).
pub(super) const TITLES: [&[&str]; 3] = [
    &[
        "VP of IT",
        "Director of Operations",
        "Head of Procurement",
        "IT Security Lead",
        "Program Manager",
        "VP Operations",
    ],
    &[
        "Head of Operations",
        "IT Manager",
        "COO",
        "Operations Manager",
        "Director of Finance",
        "Head of Support",
    ],
    &[
        "Owner",
        "Co-founder",
        "Office Manager",
        "General Manager",
        "Operations Lead",
    ],
];

/// Plan tiers, by segment, repeated by weight (enterprise, mid-market, smb).
pub(super) const TIERS: [&[&str]; 3] = [
    &["business", "business", "business", "business", "growth"],
    &["growth", "growth", "growth", "business", "starter"],
    &["starter", "starter", "starter", "growth"],
];

/// Annual recurring revenue ranges, by segment (enterprise, mid-market, smb).
pub(super) const ARR_RANGE: [(i64, i64); 3] = [(150000, 900000), (40000, 150000), (5000, 40000)];

/// Seat and active-user baselines, by segment (enterprise, mid-market, smb).
pub(super) const SEATS_RANGE: [(i64, i64); 3] = [(300, 2500), (40, 300), (5, 40)];

/// The CSM's first line (`{first}`: the customer's first name).
pub(super) const CSM_OPEN: [&str; 4] = [
    "Thanks for making time today, {first}.",
    "Good to see you again, {first}.",
    "Hi {first}, thanks for joining on short notice.",
    "Morning {first}, hope the week is treating you well.",
];

/// The customer's greeting.
pub(super) const CUST_GREET: [&str; 4] = [
    "Happy to, it has been a busy month.",
    "Of course, good to catch up.",
    "No problem, I have about thirty minutes.",
    "Sure, thanks for setting this up.",
];

/// The CSM's agenda line.
pub(super) const CSM_AGENDA: [&str; 4] = [
    "I wanted to go over how the rollout is going and anything blocking your team.",
    "Quick agenda from my side is adoption, open tickets and the renewal timeline.",
    "I pulled the usage report before the call so we can look at it together.",
    "Mainly I want to hear how the last release landed with your people.",
];

/// Filler exchanges: the customer's line (a second item is written as a continuation
/// line) and the CSM's reply. None carries a trigger or a negative phrase.
pub(super) const FILLER_PAIRS: [(&[&str], &str); 18] = [
    (
        &["Things are mostly going well on our side."],
        "That is great to hear, the adoption numbers back that up.",
    ),
    (
        &["The team likes the new calendar integration a lot."],
        "Good, I will pass that on to the integrations team.",
    ),
    (
        &[
            "We had one outage scare last week.",
            "It turned out to be our VPN, not your platform.",
        ],
        "Glad it was resolved, send me the details next time and I will escalate it.",
    ),
    (
        &["Training went fine, most people picked it up in a day."],
        "Nice, I can set up a short session for the newer managers as well.",
    ),
    (
        &["Our finance team is happy with the invoicing changes."],
        "Good to hear, that was a big ask from several customers.",
    ),
    (
        &["The mobile app is still a bit slow on older phones."],
        "I will log the mobile performance issue with product today.",
    ),
    (
        &["We closed the quarter strong, so everyone is in a good mood."],
        "Congratulations, that is great news.",
    ),
    (
        &["Honestly the biggest win has been fewer status meetings."],
        "That is exactly what we hoped for.",
    ),
    (
        &["Search got much better after the last release."],
        "Thanks, I will share that with the product team.",
    ),
    (
        &[
            "We are still cleaning up old projects from the migration.",
            "It is slow work but we are getting there.",
        ],
        "I will send over the guide for archiving old projects.",
    ),
    (
        &["Nothing urgent from me this week."],
        "Good, then I will keep this short.",
    ),
    (
        &["The notification emails are a little noisy for some managers."],
        "Let me send you the release notes for the notification settings.",
    ),
    (
        &["I sent a couple of feature requests through the portal."],
        "I saw them and linked them to our roadmap review.",
    ),
    (
        &["We moved the weekly standup into the tool last month."],
        "Makes sense, I will note that in your account plan.",
    ),
    (
        &[
            "The CSV import worked on the second try.",
            "The date format tripped us up the first time.",
        ],
        "I will send over the guide for the import settings.",
    ),
    (
        &["People mostly use it from the desktop app."],
        "That matches what I see in the usage report.",
    ),
    (
        &["The new approval screen saved us a lot of back and forth."],
        "Great, that screen shipped only a month ago.",
    ),
    (
        &["Our auditors were happy with the project history."],
        "Good to know, I will mention that in your renewal summary.",
    ),
];

/// The solutions engineer's line.
pub(super) const SE_FILLER: [&str; 3] = [
    "I can walk your admins through the integration settings next week.",
    "The rate limits on your plan are documented in the admin guide.",
    "I will share a sample configuration file after the call.",
];

/// The CSM's closing line (`{first}`: the customer's first name).
pub(super) const CSM_CLOSE: [&str; 3] = [
    "Thanks, {first}, I will send a recap by email today.",
    "Great talking to you, I will share notes after the call.",
    "Appreciate the time, talk again in two weeks.",
];

/// The customer's closing line.
pub(super) const CUST_CLOSE: [&str; 3] = [
    "Thanks, talk soon.",
    "Sounds good, thanks for the help.",
    "Great, speak then.",
];

/// Filler tickets: tags, subject, body summary.
pub(super) const FILLER_TICKETS: [(&[&str], &str, &str); 8] = [
    (
        &["billing"],
        "Invoice shows the wrong billing contact",
        "Finance asks to change the invoice recipient.",
    ),
    (
        &["integration", "calendar"],
        "Calendar sync delayed by ten minutes",
        "Events appear in the shared calendar with a delay.",
    ),
    (
        &["mobile", "bug"],
        "Mobile app crashes on login",
        "Two users on older phones see a crash after entering their password.",
    ),
    (
        &["import"],
        "CSV import fails on dates",
        "Dates in day-first format are rejected by the importer.",
    ),
    (
        &["api", "webhooks"],
        "Webhook retries not firing",
        "Failed webhook deliveries are not retried.",
    ),
    (
        &["account"],
        "Password reset email not arriving",
        "Reset emails land in spam for one mail provider.",
    ),
    (
        &["notifications"],
        "Too many notification emails",
        "Managers want a daily summary instead of single emails.",
    ),
    (
        &["how-to"],
        "How to archive old projects",
        "Admin asks how to archive projects without deleting them.",
    ),
];

/// Usage events no SKU listens to: event type, metric, change in percent.
pub(super) const NON_TRIGGER_USAGE: [(&str, &str, f64); 3] = [
    ("usage_drop", "daily_active_users", -14.0),
    ("feature_adoption", "weekly_active_features", 11.0),
    ("integration_connected", "active_integrations", 50.0),
];

/// Roles of the filler stakeholder changes.
pub(super) const SC_ROLES: [&str; 7] = [
    "Head of Operations",
    "IT Manager",
    "Finance Director",
    "Team Lead",
    "VP Sales",
    "Office Manager",
    "Director of Engineering",
];

/// Filler usage changes that stay inside the noise band, by segment (enterprise,
/// mid-market, smb): event type, metric, change in percent.
pub(super) const NOISE_SPECS: [[(&str, &str, f64); 3]; 3] = [
    [
        ("seat_growth", "seat_count", 1.8),
        ("usage_spike", "daily_active_users", 6.5),
        ("usage_spike", "api_calls", 14.0),
    ],
    [
        ("seat_growth", "seat_count", 6.0),
        ("usage_spike", "daily_active_users", -8.0),
        ("usage_spike", "api_calls", 20.0),
    ],
    [
        ("seat_growth", "seat_count", 12.0),
        ("usage_spike", "daily_active_users", 15.0),
        ("usage_spike", "api_calls", -25.0),
    ],
];

/// API-call baselines, by segment (enterprise, mid-market, smb).
pub(super) const API_CALLS_RANGE: [(i64, i64); 3] =
    [(200000, 2000000), (20000, 200000), (1000, 20000)];
