//! Word banks for synthetic transcripts. None of these words or phrases matches a
//! trigger or negative example of the shipped taxonomy (a test checks it), so every
//! signal in a generated portfolio comes from an instantiated taxonomy phrase.

pub const FIRST_NAMES: &[&str] = &[
    "Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Indigo", "Jordan",
    "Kai", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor",
    "Umi", "Vesna", "Wren", "Yael",
];

pub const LAST_NAMES: &[&str] = &[
    "Abara",
    "Brightwater",
    "Castellano",
    "Dunmore",
    "Eskildsen",
    "Farrow",
    "Galloway",
    "Hartigan",
    "Ilves",
    "Jankowski",
    "Kettering",
    "Lindqvist",
    "Marchetti",
    "Nakagawa",
    "Okonjo",
    "Pellegrini",
    "Quiroga",
    "Rasmussen",
    "Sorensen",
    "Thornbury",
    "Underhill",
    "Valente",
    "Whitcombe",
    "Yamaguchi",
];

/// CSM names come from their own pool, so no customer shares a CSM's name.
pub const CSM_FIRST_NAMES: &[&str] = &[
    "Alex", "Bea", "Cyrus", "Delia", "Elio", "Farah", "Gus", "Hedda", "Ines", "Jonas", "Kira",
    "Lev",
];

pub const CSM_LAST_NAMES: &[&str] = &[
    "Achebe", "Brandt", "Cortes", "Dvorak", "Engel", "Fujita", "Grieg", "Haddad", "Ivanova",
    "Juhl", "Kovacs",
];

/// Frames for a sentence carrying a call trigger (`{p}`: the instantiated phrase).
pub const TRIGGER_FRAMES: &[&str] = &[
    "One thing on our list: {p}.",
    "The big item for us this quarter is this: {p}.",
    "I wrote it down in my notes as {p}.",
    "Our leadership asked me to raise it again: {p}.",
];

pub const NAME_A: &[&str] = &[
    "Amber",
    "Birch",
    "Cedar",
    "Cobalt",
    "Copper",
    "Driftwood",
    "Ember",
    "Fern",
    "Granite",
    "Harbor",
    "Iron",
    "Juniper",
    "Kestrel",
    "Larch",
    "Maple",
    "North",
    "Oak",
    "Pine",
    "Quarry",
    "River",
    "Slate",
    "Tidal",
    "Umber",
    "Willow",
];

pub const NAME_B: &[&str] = &[
    "bridge", "brook", "crest", "dale", "field", "gate", "haven", "hill", "hollow", "mere",
    "point", "ridge", "stone", "vale", "view", "wick", "wood", "worth",
];

pub const NAME_SUFFIX: &[&str] = &[
    "Logistics",
    "Health",
    "Foods",
    "Robotics",
    "Media",
    "Analytics Group",
    "Travel",
    "Insurance",
    "Dental",
    "Capital",
    "Energy",
    "Learning",
    "Outfitters",
    "Labs",
    "Consulting",
    "Hotels",
    "Studios",
    "Clinics",
];

pub const TITLES: &[&str] = &[
    "VP Operations",
    "Director of IT",
    "Head of Finance",
    "Operations Manager",
    "Program Manager",
    "Chief of Staff",
    "Head of People",
    "Engineering Manager",
    "Office Manager",
    "COO",
];

pub const TEAMS: &[&str] = &[
    "the finance team",
    "our support group",
    "the warehouse crew",
    "the design studio",
    "the field engineers",
    "our clinicians",
    "the marketing pod",
    "the night shift",
];

pub const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// Fillers for `{word}` placeholders of instantiated trigger phrases.
pub const NOUN_PHRASES: &[&str] = &[
    "the finance team",
    "our contractors",
    "the EMEA group",
    "a signed DPA",
    "the new warehouse",
    "everyone",
];

pub const CSM_OPENERS: &[&str] = &[
    "",
    "Great, ",
    "Thanks for that, ",
    "Got it, ",
    "Just to recap, ",
    "Quick question: ",
    "Good to hear, ",
    "On my side, ",
];

pub const CUSTOMER_OPENERS: &[&str] = &[
    "",
    "Yes, ",
    "Sure, ",
    "So ",
    "Right, ",
    "Well, ",
    "From our side, ",
    "Overall ",
];

pub const BODIES: &[&str] = &[
    "the weekly report lands in everyone's inbox on {day} morning",
    "{team} finished the training sessions last week",
    "we moved the review meeting to {day} afternoon",
    "the last release fixed the export formatting issue we reported",
    "our quarterly planning starts in about {n} days",
    "the mobile app has been stable for us since the update",
    "{team} likes the new notification settings",
    "we cleaned up {n} old projects that nobody used anymore",
    "the integration with our ticketing tool keeps running smoothly",
    "the help center articles answered most of the questions from {team}",
    "response times from support were quick this month",
    "we had a short outage on our side that had nothing to do with your product",
    "the holiday schedule means fewer people in the office next week",
    "the new search filters save {team} a lot of clicks",
    "we are still collecting feedback from {team} on the redesign",
    "our IT desk set up the browser extension for {n} people",
    "the calendar sync works well for {team}",
    "we archived the old templates and kept the {n} most useful ones",
    "the kickoff with {team} went better than expected",
    "people mostly use the product in the mornings",
    "we shared the release notes in our internal newsletter",
    "the translation of the interface helped our colleagues abroad",
    "our budget cycle closes at the end of the fiscal year",
    "the invoices now go straight to accounts payable",
    "we would like a copy of the slides from the last session",
    "our procurement team asked for the updated vendor form",
    "the webinar recording was useful for people who missed it",
    "we renamed a few folders so that {team} can find things faster",
    "the bulk edit feature saved us about {n} hours",
    "the keyboard shortcuts are popular with {team}",
    "our rollout checklist is almost complete",
    "we had {n} questions from {team} about notifications",
    "the status page was helpful during the incident",
    "we are happy with how the migration went",
    "the new approval step slowed things down a little for {team}",
    "we plan to revisit the naming conventions in {n} weeks",
    "the weekly digest email is read by most managers",
    "our auditors were pleased with the documentation you sent",
    "the onsite visit is still on the calendar for {day}",
    "{team} prefers the compact view",
];

pub const CLOSERS: &[&str] = &[
    ".",
    ".",
    ".",
    ", which is nice.",
    ", as far as I know.",
    " this month.",
    ", so that is good.",
    "?",
];

pub const TICKET_SUBJECTS: &[&str] = &[
    "Invoice shows the wrong billing address",
    "Export to CSV times out",
    "Password reset email not arriving",
    "Question about notification settings",
    "Calendar sync stopped on Friday",
    "How do I rename a project?",
    "Mobile app crashes on login",
];

pub const TICKET_BODIES: &[&str] = &[
    "Customer reports the issue started after the last update; workaround shared.",
    "Customer asked for steps; sent the help center article.",
    "Escalated to engineering with logs attached.",
    "Resolved after clearing the browser cache.",
];

pub const TICKET_TAGS: &[&str] = &[
    "billing",
    "bug",
    "how-to",
    "mobile",
    "integration",
    "notifications",
];
