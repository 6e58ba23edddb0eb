#!/usr/bin/env python3
"""Generate the fictional demo data set for expansion-signals.

Usage:  python3 scripts/make_demo.py [--out fixtures/demo]

Deterministic (fixed seed, no clock access): running it twice produces
byte-identical files. Standard library only. Everything is fictional:
company and person names are invented, e-mail addresses use reserved
example domains, links live under https://example.com/.

as_of = 2026-11-23 (a Monday); window = UTC dates 2026-11-17 .. 2026-11-23.

Files written:
  accounts.json               JSON array
  calls.jsonl                 JSON Lines
  usage_events.json           JSON array
  support_tickets.json        JSON array
  stakeholder_changes.jsonl   JSON Lines

Usage-event conventions:
  * delta_pct is in percentage points (30 means +30%), rounded to 0.1.
  * tier_gated_feature_attempt events: value_baseline 0, value_current =
    number of blocked attempts, delta_pct = 100 * count.
  * usage_spike on metric report_exports has no baseline row in any
    segment: it is kept and flagged as unbaselined.
"""

# BEGIN CASE TABLE
# Rule | Account (CSM) | Evidence | Expected outcome
# ---- | ------------- | -------- | ----------------
#  1 strong            | 28 strong signals on 27 accounts (Priya 10, Marcus 9, Elena 3, Tomasz 6, Hana 0); see the strong list printed below | customer call trigger + out-of-band usage event of the same SKU | STRONG
#  1 strong, 2 SKUs    | Driftmere Travel (Priya) | "Data residency in the EU..." + tier_gated audit_log x4; "We need 20 more seats..." + seat_limit_reached +10.7% (mid-market band -5.5..8.5) | STRONG enterprise-tier AND STRONG additional-team-seats
#  2 call-only weak    | Greywillow Consulting (Hana) | "We need 10 more seats after the merger closes." + ticket tag license-request, no usage | WEAK additional-team-seats (call only, ticket-supported)
#  3 usage-only weak   | Rookwood Semiconductors (Hana) | tier_gated_feature_attempt sso x5, call has no trigger | WEAK enterprise-tier (usage only)
#  4 different-SKU     | Silverbirch Media (Hana) | "We keep hitting the seat limit..." (seats) + tier_gated custom_dashboards x6 (premium) | WEAK additional-team-seats (call only) + WEAK premium-feature-pack (usage only)
#  5 ticket-only       | Larkspur Cycles (Hana) | ticket tags [sso], subject "Single sign-on ..."; no call, no usage in window | INSUFFICIENT enterprise-tier (ticket only)
#  5 ticket-only       | Mirefield Clinics (Marcus) | ticket tags [dashboards], subject "Custom dashboard ..."; call without triggers | INSUFFICIENT premium-feature-pack (ticket only)
#  6 noise band        | Foxglove Telecom (Hana) | enterprise seat_growth seat_count +2.0% (band -2.5..3.5) | discarded, nothing
#  6 noise band        | Hollowmere Capital (Elena) | mid-market usage_spike daily_active_users +9.0% (band -10..14) and usage_spike api_calls -12.0% (band -16.5..23.5) | discarded, nothing
#  6 noise band        | Quarrystone Logistics (Priya) | enterprise seat_limit_reached +3.5% = upper band edge (inclusive) + "We keep hitting the seat limit..." | usage discarded -> WEAK additional-team-seats (call only)
#  6 noise band        | Pebblebrook Dental (Tomasz) | smb seat_growth +22.2% (band -20..30) + "We need 3 more seats..." | usage discarded -> WEAK additional-team-seats (call only)
#  6 noise band        | filler accounts | in-band seat_growth / usage_spike events | discarded
#  7 non-customer      | Ashcombe Robotics (Elena) | CSM says "Sounds like you need more seats for the new shift." + seat_growth +12.9% | WEAK additional-team-seats (usage only), CSM sentence ignored
#  8 negative phrase   | Cindervale Utilities (Tomasz) | "We keep hitting the seat limit on paper, but we want to reduce our seat count..." (trigger + negative), "We need fewer seats next year, not more.", "We don’t need SSO either..." (curly apostrophe) + seat_limit_reached +5.0% | mention suppressed -> WEAK additional-team-seats (usage only)
#  9 conditional       | Kingsmere Data Centers (Elena) | "If the budget clears in Q1, we need SSO for all four plants." and "We are thinking about SCIM provisioning down the road." + tier_gated sso x8 | mentions suppressed -> WEAK enterprise-tier (usage only)
# 10 champion left     | Varrowby Hospitals (Tomasz) | strong enterprise-tier ("We need SSO for the nursing staff rollout." + sso x30); champion departure 2026-11-05 | STRONG but suppressed (champion departed within 30 days)
# 10 (control)         | Starling Bay Shipping (Tomasz) | strong seats; champion departure 2026-10-09 (45 days before as_of) | STRONG, NOT suppressed
# 10 (control)         | Copperleaf Architects (Tomasz) | strong seats; non-champion departure 2026-11-12 | STRONG, NOT suppressed
# 11 cap overflow      | Priya Natarajan | 10 strong signals (Marcus also has 9, Tomasz 5 after suppression) | digest shows 3, rest counted as overflow
# 12 human review      | Thistledown Learning (Elena) | "We need the forecasting module for the spring planning cycle." + usage_spike report_exports +85% (unbaselined metric) | STRONG premium-feature-pack, no action row matches -> "needs human review"; metric flagged unbaselined
# -- empty digest      | Hana Lindqvist | 6 case accounts + filler, no strong signals | empty digest
# -- window start      | Quillstone Biotech (Priya) | call at 2026-11-17T00:00:00Z (inside) | STRONG additional-team-seats
# -- window start      | Kestrelwick Coffee Roasters (Priya) | usage event at 2026-11-17T00:00:00Z (inside) | STRONG additional-team-seats
# -- window start      | Brackenridge Hotels (Hana) | call "We need 25 more seats..." and seat_growth +16.7% both at 2026-11-16T23:59:59Z (outside) | nothing; silent account
# -- UTC offset        | one filler call at 2026-11-16T20:30:00-05:00 (= 2026-11-17T01:30Z, inside) | counts for coverage only
# -- transcript_url    | 3 filler calls with only transcript_url | count for coverage, not analysed
# -- continuation line | Tidewater Kayak Tours (Tomasz) | trigger sentence on a transcript_text line without "Name:" prefix (continues the customer) | STRONG premium-feature-pack
# -- array transcript  | Ironvale Mining Services (Priya), Harborlight Insurance (Marcus) | trigger in `transcript` array | STRONG
# -- unknown accounts  | acc-9001 (call + usage), acc-9002 (ticket), acc-9003 (stakeholder change), acc-9004 (usage) | 5 records | ignored and counted
# -- unmatched feature | filler account | tier_gated_feature_attempt feature sandbox_environments | matches no SKU trigger, ignored
# END CASE TABLE

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

SEED = 20261123
AS_OF = dt.date(2026, 11, 23)
WINDOW_DAYS = [AS_OF - dt.timedelta(days=i) for i in range(6, -1, -1)]  # 17..23
WORKDAYS = [d for d in WINDOW_DAYS if d.weekday() < 5]

VENDOR_DOMAIN = "northwind-demo.example"

CSMS = [
    ("priya", "Priya Natarajan"),
    ("marcus", "Marcus Oyelaran"),
    ("elena", "Elena Vasquez"),
    ("tomasz", "Tomasz Kowalczyk"),
    ("hana", "Hana Lindqvist"),  # gets no strong signals -> empty digest
]
CSM_BY_KEY = {k: n for k, n in CSMS}


def csm_email(name):
    return name.lower().replace(" ", ".") + "@" + VENDOR_DOMAIN


SEGMENT_COUNTS = {"enterprise": 25, "mid-market": 37, "smb": 62}  # 124

# ---------------------------------------------------------------------------
# Case accounts. Each key line is (who, text): who is "cust" (primary
# customer contact), "cust2" (second customer contact), "csm" (the account
# owner, is_customer false) or "cont" (transcript_text continuation line of
# the previous speaker).
# usage: (event_type, metric, feature, department, base, current, when)
# ---------------------------------------------------------------------------

TG = "tier_gated_feature_attempt"
TGM = "tier_gated_feature_attempts"

CASES = [
    # ---------------- Priya Natarajan: 10 strong (cap overflow) -------------
    dict(name="Halvorsen Freight", csm="priya", segment="enterprise",
         expect="STRONG enterprise-tier",
         call=dict(lines=[("cust", "We need SSO before the security audit in January."),
                          ("csm", "Understood, I will get you the setup details today.")]),
         usage=[(TG, TGM, "sso", "IT", 0, 14, None)],
         tickets=[(["sso", "saml"], "SAML configuration for the SSO rollout",
                   "Customer asks which identity providers are supported and how SAML metadata is exchanged.", None)]),
    dict(name="Quillstone Biotech", csm="priya", segment="enterprise",
         expect="STRONG additional-team-seats",
         call=dict(when="2026-11-17T00:00:00Z",
                   lines=[("cust", "We keep hitting the seat limit every time a new lab tech starts."),
                          ("csm", "That matches what I see in the admin console.")]),
         usage=[("seat_limit_reached", "seat_count", None, "Research", 250, 262, None)],
         tickets=[(["seat-limit"], "Invite blocked for new lab technicians",
                   "Admin could not invite three new technicians because the workspace is full.", None)]),
    dict(name="Marrowgate Dental Group", csm="priya", segment="mid-market",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "Our regional managers keep asking for custom dashboards."),
                          ("csm", "Got it, I will pull a few examples from similar dental groups.")]),
         usage=[(TG, TGM, "custom_dashboards", "Operations", 0, 6, None)],
         tickets=[(["dashboards", "reporting"], "Custom dashboard per clinic location",
                   "Regional manager wants one view per clinic with chair utilisation.", None)]),
    dict(name="Bramblewood Outfitters", csm="priya", segment="mid-market",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We have 12 new hires starting in December."),
                          ("cust", "Most of them are in the warehouse team.")]),
         usage=[("seat_growth", "seat_count", None, None, 80, 91, None)]),
    dict(name="Kestrelwick Coffee Roasters", csm="priya", segment="smb",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We need 5 more seats for the new cafe in Portland.")]),
         usage=[("seat_growth", "seat_count", None, None, 12, 17, "2026-11-17T00:00:00Z")]),
    dict(name="Ironvale Mining Services", csm="priya", segment="enterprise",
         expect="STRONG enterprise-tier (array transcript)",
         call=dict(fmt="array",
                   lines=[("cust", "Our security team requires SCIM provisioning for every vendor now."),
                          ("csm", "Thanks, I will loop in our security specialist.")]),
         usage=[(TG, TGM, "scim", "IT", 0, 3, None)]),
    dict(name="Lanternby Publishing", csm="priya", segment="mid-market",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "Advanced analytics is the main thing our editors keep requesting.")]),
         usage=[(TG, TGM, "advanced_analytics", "Editorial", 0, 9, None)]),
    dict(name="Fernhollow Pet Care", csm="priya", segment="smb",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We are onboarding another team at the new clinic next week.")]),
         usage=[("usage_spike", "daily_active_users", None, None, 20, 31, None)]),
    dict(name="Driftmere Travel", csm="priya", segment="mid-market",
         expect="STRONG enterprise-tier + STRONG additional-team-seats",
         call=dict(lines=[("cust", "Data residency in the EU is now a hard requirement for us."),
                          ("csm", "Noted, I will send you our hosting options."),
                          ("cust", "We need 20 more seats for the support org before the holidays.")]),
         usage=[(TG, TGM, "audit_log", "Compliance", 0, 4, None),
                ("seat_limit_reached", "seat_count", None, "Support", 140, 155, None)]),
    dict(name="Quarrystone Logistics", csm="priya", segment="enterprise",
         expect="WEAK additional-team-seats (call only; usage +3.5% on band edge = noise)",
         call=dict(lines=[("cust", "We keep hitting the seat limit on the warehouse floor.")]),
         usage=[("seat_limit_reached", "seat_count", None, "Warehouse", 200, 207, None)]),

    # ---------------- Marcus Oyelaran: 9 strong -----------------------------
    dict(name="Cobaltine Energy", csm="marcus", segment="enterprise",
         expect="STRONG enterprise-tier",
         call=dict(lines=[("cust", "We need SSO and audit logs in place before the renewal.")]),
         usage=[("usage_spike", "api_calls", None, None, 1200000, 1584000, None)],
         tickets=[(["integration"], "Single sign-on with our identity provider",
                   "IT team asks for the SAML setup steps and supported providers.", None)]),
    dict(name="Emberlyn Health Partners", csm="marcus", segment="mid-market",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "Honestly we are out of seats again.")]),
         usage=[("seat_limit_reached", "seat_count", None, "Nursing", 95, 105, None)],
         tickets=[(["seat-limit"], "Cannot add users to the nursing workspace",
                   "Invites fail with a plan limit error for the nursing workspace.", None)]),
    dict(name="Glimmerpath Studios", csm="marcus", segment="smb",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "We need the workflow module to cut down on manual approvals.")]),
         usage=[(TG, TGM, "workflow_automation", None, 0, 5, None)]),
    dict(name="Harborlight Insurance", csm="marcus", segment="enterprise",
         expect="STRONG additional-team-seats (array transcript)",
         call=dict(fmt="array",
                   lines=[("cust", "We want to add the claims team to the workspace in December.")]),
         usage=[("seat_growth", "seat_count", None, "Claims", 600, 632, None)]),
    dict(name="Juniperfield Foods", csm="marcus", segment="mid-market",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "Cohort analysis is something our growth team asks for every week.")]),
         usage=[(TG, TGM, "advanced_analytics", "Growth", 0, 7, None)]),
    dict(name="Oakhaven Climbing Gyms", csm="marcus", segment="smb",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We need more licenses for the weekend staff.")]),
         usage=[("seat_growth", "seat_count", None, None, 14, 19, None)]),
    dict(name="Nettlecomb Legal", csm="marcus", segment="mid-market",
         expect="STRONG enterprise-tier",
         call=dict(lines=[("cust", "Single sign-on is now mandatory for every tool we use.")]),
         usage=[(TG, TGM, "sso", None, 0, 22, None)],
         tickets=[(["saml"], "SAML metadata question",
                   "Customer IT asks where to upload the identity provider metadata file.", None)]),
    dict(name="Pinecrest Aerospace", csm="marcus", segment="enterprise",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "The engineering leads want custom dashboards for each program.")]),
         usage=[(TG, TGM, "custom_dashboards", "Engineering", 0, 11, None)]),
    dict(name="Saltmarsh Bakery Co", csm="marcus", segment="smb",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We keep hitting the seat limit during the holiday rush.")]),
         usage=[("seat_limit_reached", "seat_count", None, None, 10, 16, None)]),
    dict(name="Mirefield Clinics", csm="marcus", segment="mid-market",
         expect="INSUFFICIENT premium-feature-pack (ticket only)",
         call=dict(lines=[]),
         tickets=[(["dashboards"], "Custom dashboard for clinic managers",
                   "Clinic managers want a single page with appointments and no-show rates.", None)]),

    # ---------------- Elena Vasquez: 3 strong -------------------------------
    dict(name="Thistledown Learning", csm="elena", segment="mid-market",
         expect="STRONG premium-feature-pack -> needs human review; report_exports unbaselined",
         call=dict(lines=[("cust", "We need the forecasting module for the spring planning cycle."),
                          ("csm", "Understood, I will find out what is available for that.")]),
         usage=[("usage_spike", "report_exports", None, "Planning", 40, 74, None)]),
    dict(name="Alderbrook Pharma", csm="elena", segment="enterprise",
         expect="STRONG enterprise-tier",
         call=dict(lines=[("cust", "Our security team requires a signed DPA and data residency in Canada.")]),
         usage=[(TG, TGM, "audit_log", "Quality", 0, 2, None)],
         tickets=[(["security-review"], "Audit log export for the compliance team",
                   "Compliance lead asks how to export a full history of admin changes.", None)]),
    dict(name="Wrenfield Yoga", csm="elena", segment="smb",
         expect="STRONG additional-team-seats",
         call=dict(lines=[("cust", "We are rolling it out to the front desk staff next month.")]),
         usage=[("seat_growth", "seat_count", None, None, 8, 12, None)]),
    dict(name="Hollowmere Capital", csm="elena", segment="mid-market",
         expect="nothing (both usage events inside noise band)",
         call=None,
         usage=[("usage_spike", "daily_active_users", None, None, 300, 327, None),
                ("usage_spike", "api_calls", None, None, 50000, 44000, None)]),
    dict(name="Ashcombe Robotics", csm="elena", segment="mid-market",
         expect="WEAK additional-team-seats (usage only; CSM sentence ignored)",
         call=dict(lines=[("csm", "Sounds like you need more seats for the new shift."),
                          ("cust", "Yes, the night shift starts in January.")]),
         usage=[("seat_growth", "seat_count", None, "Manufacturing", 70, 79, None)]),
    dict(name="Kingsmere Data Centers", csm="elena", segment="enterprise",
         expect="WEAK enterprise-tier (usage only; conditional mentions suppressed)",
         call=dict(lines=[("cust", "If the budget clears in Q1, we need SSO for all four plants."),
                          ("cust", "We are thinking about SCIM provisioning down the road.")]),
         usage=[(TG, TGM, "sso", "IT", 0, 8, None)]),

    # ---------------- Tomasz Kowalczyk: 6 strong (1 suppressed) -------------
    dict(name="Varrowby Hospitals", csm="tomasz", segment="enterprise",
         expect="STRONG enterprise-tier, suppressed (champion departed 2026-11-05)",
         call=dict(lines=[("cust", "We need SSO for the nursing staff rollout.")]),
         usage=[(TG, TGM, "sso", "Nursing", 0, 30, None)],
         changes=[("departure", "Director of Clinical Systems", True, "2026-11-05T16:00:00Z", "Gwendolyn Ashdown")]),
    dict(name="Copperleaf Architects", csm="tomasz", segment="mid-market",
         expect="STRONG additional-team-seats (non-champion departure does not suppress)",
         call=dict(lines=[("cust", "We need 8 more seats for the Denver office.")]),
         usage=[("seat_growth", "seat_count", None, None, 60, 66, None)],
         changes=[("departure", "Office Manager", False, "2026-11-12T15:00:00Z", "Rupert Vell")]),
    dict(name="Mossgrove Florists", csm="tomasz", segment="smb",
         expect="STRONG premium-feature-pack",
         call=dict(lines=[("cust", "Each store manager wants custom dashboards for their own sales.")]),
         usage=[(TG, TGM, "custom_dashboards", None, 0, 3, None)]),
    dict(name="Starling Bay Shipping", csm="tomasz", segment="enterprise",
         expect="STRONG additional-team-seats (champion left 45 days ago: not suppressed)",
         call=dict(lines=[("cust", "Headcount is growing fast in the Rotterdam hub.")]),
         usage=[("usage_spike", "daily_active_users", None, "Operations", 900, 1010, None)],
         changes=[("departure", "VP Operations", True, "2026-10-09T14:00:00Z", "Henrike Maasdam")]),
    dict(name="Bellhaven Realty", csm="tomasz", segment="mid-market",
         expect="STRONG enterprise-tier",
         call=dict(lines=[("cust", "We need SSO for the agents, our IT lead has been clear about that.")]),
         usage=[("usage_spike", "api_calls", None, None, 150000, 190000, None)],
         tickets=[(["sso"], "Agents asking for one login",
                   "Agents keep resetting passwords and want to use their company login.", None)]),
    dict(name="Tidewater Kayak Tours", csm="tomasz", segment="smb",
         expect="STRONG premium-feature-pack (trigger on a continuation line)",
         call=dict(fmt="text",
                   lines=[("cust", "The booking numbers look fine this season."),
                          ("cont", "Advanced analytics on repeat customers is what we are missing.")]),
         usage=[(TG, TGM, "advanced_analytics", None, 0, 4, "2026-11-23T06:00:00Z")]),
    dict(name="Pebblebrook Dental", csm="tomasz", segment="smb",
         expect="WEAK additional-team-seats (call only; usage +22.2% is smb noise)",
         call=dict(lines=[("cust", "We need 3 more seats for the summer hygienists.")]),
         usage=[("seat_growth", "seat_count", None, None, 18, 22, None)]),
    dict(name="Cindervale Utilities", csm="tomasz", segment="enterprise",
         expect="WEAK additional-team-seats (usage only; negative phrase suppresses mention)",
         call=dict(fmt="text",
                   lines=[("cust", "We keep hitting the seat limit on paper, but we want to reduce our seat count after the reorg."),
                          ("csm", "Okay, so the plan is a cleanup rather than growth."),
                          ("cust", "We need fewer seats next year, not more."),
                          ("cust", "We don\u2019t need SSO either, the plants use shared kiosks.")]),
         usage=[("seat_limit_reached", "seat_count", None, None, 400, 420, None)]),

    # ---------------- Hana Lindqvist: no strong signals ---------------------
    dict(name="Greywillow Consulting", csm="hana", segment="mid-market",
         expect="WEAK additional-team-seats (call only, ticket-supported)",
         call=dict(lines=[("cust", "We need 10 more seats after the merger closes.")]),
         tickets=[(["license-request"], "Quote for additional licenses",
                   "Finance asks for pricing on ten extra users for the merged team.", None)]),
    dict(name="Rookwood Semiconductors", csm="hana", segment="enterprise",
         expect="WEAK enterprise-tier (usage only)",
         call=dict(lines=[]),
         usage=[(TG, TGM, "sso", "IT", 0, 5, None)]),
    dict(name="Silverbirch Media", csm="hana", segment="mid-market",
         expect="WEAK additional-team-seats (call only) + WEAK premium-feature-pack (usage only)",
         call=dict(lines=[("cust", "We keep hitting the seat limit with all the freelancers.")]),
         usage=[(TG, TGM, "custom_dashboards", "Marketing", 0, 6, None)]),
    dict(name="Larkspur Cycles", csm="hana", segment="smb",
         expect="INSUFFICIENT enterprise-tier (ticket only)",
         call=None,
         tickets=[(["sso"], "Single sign-on for front desk staff",
                   "Owner asks whether staff can log in with their shop accounts.", None)]),
    dict(name="Foxglove Telecom", csm="hana", segment="enterprise",
         expect="nothing (seat_growth +2.0% inside enterprise noise band)",
         call=dict(lines=[]),
         usage=[("seat_growth", "seat_count", None, None, 1000, 1020, None)]),
    dict(name="Brackenridge Hotels", csm="hana", segment="mid-market",
         expect="nothing (records at 2026-11-16T23:59:59Z are outside the window); silent",
         call=dict(when="2026-11-16T23:59:59Z",
                   lines=[("cust", "We need 25 more seats for the new property.")]),
         usage=[("seat_growth", "seat_count", None, None, 120, 140, "2026-11-16T23:59:59Z")]),
]

# ---------------------------------------------------------------------------
# Name and text pools (all invented).
# ---------------------------------------------------------------------------

CO_FIRST = [
    "Amberline", "Ashgrove", "Birchmont", "Blackthorn", "Bluefen", "Briarcliff",
    "Calderwood", "Carrowby", "Cedarholt", "Clearwater", "Coldbrook", "Crestfall",
    "Dunmore", "Eastmere", "Elderford", "Fairhollow", "Fallowmere", "Glenrock",
    "Goldmere", "Greenhithe", "Hartwell", "Hazelmoor", "Highfold", "Hollins",
    "Kelderby", "Kilnworth", "Lindenfall", "Lowfield", "Maplewick", "Meadowgate",
    "Millbrae", "Northfen", "Orchardly", "Penrose", "Ravensholt", "Redfern",
    "Rivermoor", "Rosslyn", "Sablewood", "Sedgefield", "Stonecroft", "Summerlea",
    "Thornbury", "Umberly", "Westerby", "Whitlow", "Willowmere", "Yarrowby",
    "Applecross", "Barrowdene", "Bellweather", "Brightling", "Cloudberry", "Corvane",
    "Dovecote", "Elmstead", "Fieldmouse", "Gannetry", "Heathervale", "Inglenook",
    "Kittiwake", "Larchmont", "Longmeadow", "Merriweather", "Nightjar", "Oxbow",
    "Pennywort", "Quaymoor", "Rushmere", "Saltcote", "Sorrelby", "Tansyford",
    "Teasel", "Underwood", "Vetchley", "Wayfarer", "Whinfell", "Yewdale",
    "Zephyrine", "Goldcrest", "Hollyhock", "Kingsbarrow", "Lowmoss", "Marlpit",
]
CO_SECOND = {
    "enterprise": ["Manufacturing", "Health System", "Logistics Group", "Financial",
                   "Industries", "Telecom", "Pharmaceuticals", "Insurance Group"],
    "mid-market": ["Software", "Engineering", "Partners", "Media Group", "Medical",
                   "Architects", "Consulting", "Distribution", "Staffing", "Labs"],
    "smb": ["Bakery", "Dental", "Fitness", "Design Studio", "Bookkeeping", "Florals",
            "Veterinary", "Print Shop", "Landscaping", "Tutoring", "Brewing",
            "Physio", "Tailors", "Cycle Works", "Catering", "Pottery"],
}
FIRST_NAMES = [
    "Amara", "Bastian", "Carys", "Dmitri", "Esme", "Farid", "Greta", "Hamish",
    "Ines", "Jonah", "Kiri", "Lorcan", "Maren", "Nikhil", "Odile", "Pavel",
    "Quinn", "Rosalind", "Soren", "Tamsin", "Ugo", "Valeria", "Wendell",
    "Ximena", "Yusuf", "Zofia", "Anouk", "Benedikt", "Chiara", "Desmond",
    "Eilidh", "Florian", "Ghislaine", "Hiroshi", "Ingrid", "Jasper", "Kalani",
    "Leocadia", "Mateus", "Nadia", "Oren", "Petra", "Rafferty", "Saoirse",
    "Thiago", "Umaima", "Vikram", "Wilhelmina",
]
LAST_NAMES = [
    "Achterberg", "Balogun", "Castellanos", "Drummond", "Eriksen", "Fairweather",
    "Galloway", "Halloran", "Ibarra", "Jankowski", "Kettering", "Lachance",
    "Mbeki", "Nakashima", "Okonkwo", "Pellegrini", "Quartermain", "Rasmussen",
    "Szabo", "Thorne", "Underhill", "Valdivia", "Whitcombe", "Yamaguchi",
    "Zielinski", "Abernethy", "Brannigan", "Cordeiro", "Delacroix", "Esterhazy",
    "Fenwick", "Grimaldi", "Holmqvist", "Iwasaki", "Jurado", "Kowalski",
    "Lindgren", "Marchetti", "Novak", "Ortega",
]
TITLES = {
    "enterprise": ["VP of IT", "Director of Operations", "Head of Procurement",
                   "IT Security Lead", "Program Manager", "VP Operations"],
    "mid-market": ["Head of Operations", "IT Manager", "COO", "Operations Manager",
                   "Director of Finance", "Head of Support"],
    "smb": ["Owner", "Co-founder", "Office Manager", "General Manager",
            "Operations Lead"],
}
TIERS = {"enterprise": ["business"] * 4 + ["growth"],
         "mid-market": ["growth"] * 3 + ["business", "starter"],
         "smb": ["starter"] * 3 + ["growth"]}
ARR_RANGE = {"enterprise": (150_000, 900_000), "mid-market": (40_000, 150_000),
             "smb": (5_000, 40_000)}
SEATS_RANGE = {"enterprise": (300, 2500), "mid-market": (40, 300), "smb": (5, 40)}

# Filler lines contain no call trigger and no negative-example phrase.
CSM_OPEN = [
    "Thanks for making time today, {first}.",
    "Good to see you again, {first}.",
    "Hi {first}, thanks for joining on short notice.",
    "Morning {first}, hope the week is treating you well.",
]
CUST_GREET = [
    "Happy to, it has been a busy month.",
    "Of course, good to catch up.",
    "No problem, I have about thirty minutes.",
    "Sure, thanks for setting this up.",
]
CSM_AGENDA = [
    "I wanted to go over how the rollout is going and anything blocking your team.",
    "Quick agenda from my side is adoption, open tickets and the renewal timeline.",
    "I pulled the usage report before the call so we can look at it together.",
    "Mainly I want to hear how the last release landed with your people.",
]
# (customer line, matching CSM reply); a tuple customer item spans two
# transcript lines, the second written as a continuation line.
FILLER_PAIRS = [
    ("Things are mostly going well on our side.",
     "That is great to hear, the adoption numbers back that up."),
    ("The team likes the new calendar integration a lot.",
     "Good, I will pass that on to the integrations team."),
    (("We had one outage scare last week.", "It turned out to be our VPN, not your platform."),
     "Glad it was resolved, send me the details next time and I will escalate it."),
    ("Training went fine, most people picked it up in a day.",
     "Nice, I can set up a short session for the newer managers as well."),
    ("Our finance team is happy with the invoicing changes.",
     "Good to hear, that was a big ask from several customers."),
    ("The mobile app is still a bit slow on older phones.",
     "I will log the mobile performance issue with product today."),
    ("We closed the quarter strong, so everyone is in a good mood.",
     "Congratulations, that is great news."),
    ("Honestly the biggest win has been fewer status meetings.",
     "That is exactly what we hoped for."),
    ("Search got much better after the last release.",
     "Thanks, I will share that with the product team."),
    (("We are still cleaning up old projects from the migration.", "It is slow work but we are getting there."),
     "I will send over the guide for archiving old projects."),
    ("Nothing urgent from me this week.",
     "Good, then I will keep this short."),
    ("The notification emails are a little noisy for some managers.",
     "Let me send you the release notes for the notification settings."),
    ("I sent a couple of feature requests through the portal.",
     "I saw them and linked them to our roadmap review."),
    ("We moved the weekly standup into the tool last month.",
     "Makes sense, I will note that in your account plan."),
    (("The CSV import worked on the second try.", "The date format tripped us up the first time."),
     "I will send over the guide for the import settings."),
    ("People mostly use it from the desktop app.",
     "That matches what I see in the usage report."),
    ("The new approval screen saved us a lot of back and forth.",
     "Great, that screen shipped only a month ago."),
    ("Our auditors were happy with the project history.",
     "Good to know, I will mention that in your renewal summary."),
]
SE_FILLER = [
    "I can walk your admins through the integration settings next week.",
    "The rate limits on your plan are documented in the admin guide.",
    "I will share a sample configuration file after the call.",
]
CSM_CLOSE = [
    "Thanks, {first}, I will send a recap by email today.",
    "Great talking to you, I will share notes after the call.",
    "Appreciate the time, talk again in two weeks.",
]
CUST_CLOSE = [
    "Thanks, talk soon.",
    "Sounds good, thanks for the help.",
    "Great, speak then.",
]

FILLER_TICKETS = [
    (["billing"], "Invoice shows the wrong billing contact", "Finance asks to change the invoice recipient."),
    (["integration", "calendar"], "Calendar sync delayed by ten minutes", "Events appear in the shared calendar with a delay."),
    (["mobile", "bug"], "Mobile app crashes on login", "Two users on older phones see a crash after entering their password."),
    (["import"], "CSV import fails on dates", "Dates in day-first format are rejected by the importer."),
    (["api", "webhooks"], "Webhook retries not firing", "Failed webhook deliveries are not retried."),
    (["account"], "Password reset email not arriving", "Reset emails land in spam for one mail provider."),
    (["notifications"], "Too many notification emails", "Managers want a daily summary instead of single emails."),
    (["how-to"], "How to archive old projects", "Admin asks how to archive projects without deleting them."),
]

NON_TRIGGER_USAGE = [
    ("usage_drop", "daily_active_users", -14.0),
    ("feature_adoption", "weekly_active_features", 11.0),
    ("integration_connected", "active_integrations", 50.0),
]

SC_ROLES = ["Head of Operations", "IT Manager", "Finance Director", "Team Lead",
            "VP Sales", "Office Manager", "Director of Engineering"]


# ---------------------------------------------------------------------------

def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used_people = set()

    def person(self, domain, segment):
        rng = self.rng
        while True:
            f, l = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (f, l) not in self.used_people:
                self.used_people.add((f, l))
                break
        return {"name": f"{f} {l}", "first": f,
                "email": f"{f.lower()}.{l.lower()}@{domain}",
                "title": rng.choice(TITLES[segment])}

    def window_time(self, workday=True):
        d = self.rng.choice(WORKDAYS if workday else WINDOW_DAYS)
        h = self.rng.randint(14, 21)
        m = self.rng.choice([0, 0, 15, 30, 45])
        return iso(dt.datetime(d.year, d.month, d.day, h, m))

    def old_time(self, days_back_min=8, days_back_max=30):
        d = AS_OF - dt.timedelta(days=self.rng.randint(days_back_min, days_back_max))
        return iso(dt.datetime(d.year, d.month, d.day, self.rng.randint(13, 21), 0))


def build_accounts(g):
    rng = g.rng
    taken = {c["name"] for c in CASES}
    accounts = []
    for c in CASES:
        accounts.append({"name": c["name"], "segment": c["segment"], "csm": c["csm"], "case": c})
    need = dict(SEGMENT_COUNTS)
    for c in CASES:
        need[c["segment"]] -= 1
    firsts = CO_FIRST[:]
    rng.shuffle(firsts)
    fi = 0
    csm_cycle = [k for k, _ in CSMS]
    n = 0
    for seg in ["enterprise", "mid-market", "smb"]:
        for _ in range(need[seg]):
            while True:
                name = f"{firsts[fi % len(firsts)]} {rng.choice(CO_SECOND[seg])}"
                fi += 1
                if name not in taken:
                    taken.add(name)
                    break
            accounts.append({"name": name, "segment": seg,
                             "csm": csm_cycle[n % len(csm_cycle)], "case": None})
            n += 1
    rng.shuffle(accounts)
    for i, a in enumerate(accounts, 1):
        a["id"] = f"acc-{i:04d}"
        lo, hi = ARR_RANGE[a["segment"]]
        a["arr"] = rng.randrange(lo, hi, 500)
        a["tier"] = rng.choice(TIERS[a["segment"]])
        rd = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 330))
        a["renewal_date"] = rd.isoformat()
        a["domain"] = f"{slug(a['name'])}.example.com"
        k = 2 if a["segment"] == "smb" else 3
        a["contacts"] = [g.person(a["domain"], a["segment"]) for _ in range(k)]
    return accounts


def build_transcript(g, acct, key_lines, fmt):
    """Return (attendees, transcript_lines) where transcript_lines is a list of
    (speaker, text, is_continuation)."""
    rng = g.rng
    csm_name = CSM_BY_KEY[acct["csm"]]
    c1 = acct["contacts"][0]
    c2 = acct["contacts"][1]
    with_c2 = rng.random() < 0.4 or any(w == "cust2" for w, _ in key_lines)
    with_se = rng.random() < 0.2
    attendees = [{"name": csm_name, "email": csm_email(csm_name), "is_customer": False,
                  "role": "Customer Success Manager"}]
    if with_se:
        attendees.append({"name": "Idris Halvard", "email": csm_email("Idris Halvard"),
                          "is_customer": False, "role": "Solutions Engineer"})
    attendees.append({"name": c1["name"], "email": c1["email"], "is_customer": True,
                      "title": c1["title"]})
    if with_c2:
        attendees.append({"name": c2["name"], "email": c2["email"], "is_customer": True,
                          "title": c2["title"]})

    out = []

    def say(spk, item):
        if isinstance(item, tuple):
            out.append((spk, item[0], False))
            for more in item[1:]:
                out.append((spk, more, True))
        else:
            out.append((spk, item, False))

    say(csm_name, rng.choice(CSM_OPEN).format(first=c1["first"]))
    say(c1["name"], rng.choice(CUST_GREET))
    say(csm_name, rng.choice(CSM_AGENDA))
    n_pairs = rng.randint(2, 5) if key_lines else rng.randint(3, 6)
    pairs = rng.sample(FILLER_PAIRS, n_pairs)
    key_at = rng.randint(0, n_pairs)
    for i in range(n_pairs + 1):
        if i == key_at:
            spk = None
            for who, text in key_lines:
                if who == "cont":
                    out.append((spk, text, True))
                    continue
                spk = {"cust": c1["name"], "cust2": c2["name"], "csm": csm_name}[who]
                out.append((spk, text, False))
        if i < n_pairs:
            spk = c2["name"] if (with_c2 and rng.random() < 0.35) else c1["name"]
            say(spk, pairs[i][0])
            say(csm_name, pairs[i][1])
            if with_se and i == 0:
                say("Idris Halvard", rng.choice(SE_FILLER))
    say(csm_name, rng.choice(CSM_CLOSE).format(first=c1["first"]))
    say(c1["name"], rng.choice(CUST_CLOSE))
    return attendees, out


def make_call(g, acct, when, key_lines=(), fmt=None):
    rng = g.rng
    if fmt is None:
        fmt = "array" if rng.random() < 0.18 else "text"
    if fmt == "url":
        csm_name = CSM_BY_KEY[acct["csm"]]
        c1 = acct["contacts"][0]
        return {"account_id": acct["id"], "occurred_at": when,
                "attendees": [
                    {"name": csm_name, "email": csm_email(csm_name), "is_customer": False,
                     "role": "Customer Success Manager"},
                    {"name": c1["name"], "email": c1["email"], "is_customer": True,
                     "title": c1["title"]}],
                "transcript_url": None}
    attendees, lines = build_transcript(g, acct, list(key_lines), fmt)
    call = {"account_id": acct["id"], "occurred_at": when, "attendees": attendees}
    if fmt == "text":
        call["transcript_text"] = "\n".join(
            text if cont else f"{spk}: {text}" for spk, text, cont in lines)
    else:
        merged = []
        for spk, text, cont in lines:
            if cont and merged:
                merged[-1]["text"] += " " + text
            else:
                merged.append({"speaker": spk, "text": text})
        call["transcript"] = merged
    return call


def usage_event(acct, event_type, metric, feature, dept, base, cur, when):
    if base == 0:
        delta = float(100 * cur)
    else:
        delta = round(100.0 * (cur - base) / base, 1)
    ev = {"account_id": acct["id"], "event_type": event_type, "metric_name": metric}
    if feature:
        ev["feature"] = feature
    if dept:
        ev["department"] = dept
    ev.update({"value_current": cur, "value_baseline": base, "delta_pct": delta,
               "occurred_at": when})
    return ev


def spotter_fields(account_id):
    """The optional account figures of the Spotter signals (seats, health, headcount
    growth, departments): most accounts have each, some do not ("not evaluated"). A
    generator of their own, so every other file stays as it was."""
    rng = random.Random(f"spotter-{account_id}")
    out = {}
    if rng.random() < 0.8:
        licensed = rng.randrange(20, 500)
        out["seats_licensed"] = licensed
        out["seats_used"] = round(licensed * (0.5 + rng.random() * 0.55))
    if rng.random() < 0.7:
        out["health_score"] = rng.randrange(20, 101)
    if rng.random() < 0.6:
        out["headcount_growth_pct"] = rng.randrange(-5, 31)
    if rng.random() < 0.5:
        out["departments"] = ["sales", "support", "finance", "marketing", "engineering"][:rng.randrange(1, 4)]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_out = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
    ap.add_argument("--out", type=Path, default=default_out)
    args = ap.parse_args()

    g = Gen(SEED)
    rng = g.rng
    accounts = build_accounts(g)

    calls, usage, tickets, changes = [], [], [], []

    # ---- case accounts -----------------------------------------------------
    for a in accounts:
        c = a["case"]
        if not c:
            continue
        if c.get("call") is not None:
            spec = c["call"]
            when = spec.get("when") or g.window_time()
            calls.append(make_call(g, a, when, spec.get("lines", []), spec.get("fmt")))
        for (et, metric, feat, dept, base, cur, when) in c.get("usage", []):
            usage.append(usage_event(a, et, metric, feat, dept, base, cur,
                                     when or g.window_time(workday=False)))
        for (tags, subj, body, when) in c.get("tickets", []):
            tickets.append({"account_id": a["id"], "subject": subj, "body_summary": body,
                            "tags": tags, "opened_at": when or g.window_time(workday=False)})
        for (ctype, role, champ, when, name) in c.get("changes", []):
            changes.append({"account_id": a["id"], "change_type": ctype, "role": role,
                            "is_champion": champ, "occurred_at": when, "name": name})

    # ---- filler accounts ---------------------------------------------------
    filler = [a for a in accounts if not a["case"]]
    case_covered = sum(1 for a in accounts if a["case"] and a["case"].get("call")
                       and not a["case"]["call"].get("when", "").startswith("2026-11-16"))
    target_covered = 90
    n_call = target_covered - case_covered
    n_silent = 8
    profiles = (["call"] * n_call + ["silent"] * n_silent
                + ["activity"] * (len(filler) - n_call - n_silent))
    rng.shuffle(profiles)
    url_left = 3
    offset_left = 1
    noise_specs = {  # in-band values per segment: (event_type, metric, delta%)
        "enterprise": [("seat_growth", "seat_count", 1.8), ("usage_spike", "daily_active_users", 6.5),
                       ("usage_spike", "api_calls", 14.0)],
        "mid-market": [("seat_growth", "seat_count", 6.0), ("usage_spike", "daily_active_users", -8.0),
                       ("usage_spike", "api_calls", 20.0)],
        "smb": [("seat_growth", "seat_count", 12.0), ("usage_spike", "daily_active_users", 15.0),
                ("usage_spike", "api_calls", -25.0)],
    }
    base_for = {"seat_count": SEATS_RANGE, "daily_active_users": SEATS_RANGE,
                "api_calls": {"enterprise": (200000, 2000000), "mid-market": (20000, 200000),
                              "smb": (1000, 20000)}}
    unmatched_feature_done = False
    for a, prof in zip(filler, profiles):
        seg = a["segment"]
        if prof == "call":
            if url_left:
                calls.append(make_call(g, a, g.window_time(), fmt="url"))
                url_left -= 1
            elif offset_left:
                calls.append(make_call(g, a, "2026-11-16T20:30:00-05:00"))
                offset_left -= 1
            else:
                calls.append(make_call(g, a, g.window_time()))
                if rng.random() < 0.12:
                    calls.append(make_call(g, a, g.window_time()))
        if prof in ("call", "activity"):
            r = rng.random()
            if r < 0.25:
                et, metric, d = rng.choice(noise_specs[seg])
                lo, hi = base_for[metric][seg]
                base = rng.randint(lo, hi)
                cur = round(base * (1 + d / 100.0))
                ev = usage_event(a, et, metric, None, None, base, cur, g.window_time(False))
                usage.append(ev)
            elif r < 0.5:
                et, metric, d = rng.choice(NON_TRIGGER_USAGE)
                base = rng.randint(20, 200)
                cur = round(base * (1 + d / 100.0))
                usage.append(usage_event(a, et, metric, None, None, base, cur, g.window_time(False)))
            elif not unmatched_feature_done:
                usage.append(usage_event(a, TG, TGM, "sandbox_environments", None, 0, 2,
                                         g.window_time(False)))
                unmatched_feature_done = True
            if prof == "activity" or rng.random() < 0.2:
                tags, subj, body = rng.choice(FILLER_TICKETS)
                tickets.append({"account_id": a["id"], "subject": subj, "body_summary": body,
                                "tags": list(tags), "opened_at": g.window_time(False)})
            if prof == "activity" and not any(u["account_id"] == a["id"] for u in usage) \
                    and not any(t["account_id"] == a["id"] for t in tickets):
                raise SystemExit("activity account without activity")
        # old records (outside the window) for a share of all filler accounts
        if rng.random() < 0.3:
            calls.append(make_call(g, a, g.old_time()))
        if rng.random() < 0.15:
            tags, subj, body = rng.choice(FILLER_TICKETS)
            tickets.append({"account_id": a["id"], "subject": subj, "body_summary": body,
                            "tags": list(tags), "opened_at": g.old_time()})
        if rng.random() < 0.15:
            ctype = rng.choice(["new_hire", "promotion", "new_hire"])
            p = g.person(a["domain"], seg)
            changes.append({"account_id": a["id"], "change_type": ctype,
                            "role": rng.choice(SC_ROLES), "is_champion": False,
                            "occurred_at": g.old_time(1, 40), "name": p["name"]})

    # ---- out-of-window records carrying triggers (must be ignored) ----------
    by_name = {a["name"]: a for a in accounts}
    a = by_name["Halvorsen Freight"]
    usage.append(usage_event(a, "seat_limit_reached", "seat_count", None, None, 900, 1000,
                             "2026-11-16T23:59:59Z"))
    a = by_name["Copperleaf Architects"]
    calls.append(make_call(g, a, "2026-11-10T16:00:00Z",
                           [("cust", "We are onboarding a team in Boulder soon.")]))
    a = by_name["Mossgrove Florists"]
    tickets.append({"account_id": a["id"], "subject": "Advanced analytics trial request",
                    "body_summary": "Owner asked about sales trend reports.",
                    "tags": ["analytics"], "opened_at": "2026-11-10T11:00:00Z"})
    # stakeholder changes on case accounts (context, none suppress)
    for nm, ctype, role in [("Halvorsen Freight", "new_hire", "CISO"),
                            ("Bramblewood Outfitters", "promotion", "VP Operations"),
                            ("Nettlecomb Legal", "new_hire", "IT Director")]:
        a = by_name[nm]
        p = g.person(a["domain"], a["segment"])
        changes.append({"account_id": a["id"], "change_type": ctype, "role": role,
                        "is_champion": False, "occurred_at": g.window_time(), "name": p["name"]})

    # ---- records for accounts outside this portfolio (ignored, counted) ----
    ghost = {"id": "acc-9001", "name": "Outside Portfolio Co", "csm": "priya",
             "segment": "enterprise", "domain": "outside-portfolio.example.org"}
    ghost["contacts"] = [g.person(ghost["domain"], "enterprise") for _ in range(2)]
    calls.append(make_call(g, ghost, "2026-11-18T15:00:00Z",
                           [("cust", "We need SSO for the whole company.")], fmt="text"))
    usage.append(usage_event(ghost, TG, TGM, "sso", None, 0, 12, "2026-11-18T09:00:00Z"))
    tickets.append({"account_id": "acc-9002", "subject": "Seat limit reached",
                    "body_summary": "Cannot invite more users.", "tags": ["seat-limit"],
                    "opened_at": "2026-11-19T10:00:00Z"})
    changes.append({"account_id": "acc-9003", "change_type": "departure", "role": "COO",
                    "is_champion": True, "occurred_at": "2026-11-20T12:00:00Z",
                    "name": "Orla Fitzwarren"})
    usage.append(usage_event({"id": "acc-9004"}, "seat_growth", "seat_count", None, None,
                             50, 80, "2026-11-20T08:00:00Z"))

    # ---- ids, ordering -----------------------------------------------------
    def utc_key(ts):
        return dt.datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(dt.timezone.utc)

    calls.sort(key=lambda c: (utc_key(c["occurred_at"]), c["account_id"]))
    for i, c in enumerate(calls, 1):
        c_id = f"call-{i:05d}"
        c2 = {"account_id": c.pop("account_id"), "call_id": c_id}
        c2.update(c)
        c.clear()
        c.update(c2)
        if "transcript_url" in c:
            c["transcript_url"] = f"https://example.com/recordings/{c_id}"
    usage.sort(key=lambda u: (utc_key(u["occurred_at"]), u["account_id"]))
    for i, u in enumerate(usage, 1):
        u2 = {"event_id": f"evt-{i:05d}"}
        u2.update(u)
        u.clear()
        u.update(u2)
    tickets.sort(key=lambda t: (utc_key(t["opened_at"]), t["account_id"]))
    for i, t in enumerate(tickets, 1):
        t2 = {"account_id": t.pop("account_id"), "ticket_id": f"T-{40000 + i}"}
        t2.update(t)
        t.clear()
        t.update(t2)
    changes.sort(key=lambda s: (utc_key(s["occurred_at"]), s["account_id"]))

    acct_out = [dict({"id": a["id"], "name": a["name"], "arr": a["arr"], "segment": a["segment"],
                      "tier": a["tier"], "owner_email": csm_email(CSM_BY_KEY[a["csm"]]),
                      "owner_name": CSM_BY_KEY[a["csm"]], "renewal_date": a["renewal_date"]},
                     **spotter_fields(a["id"]))
                for a in accounts]

    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    def dump_json(name, data):
        (out / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")

    def dump_jsonl(name, data):
        (out / name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data), encoding="utf-8")

    dump_json("accounts.json", acct_out)
    dump_jsonl("calls.jsonl", calls)
    dump_json("usage_events.json", usage)
    dump_json("support_tickets.json", tickets)
    dump_jsonl("stakeholder_changes.jsonl", changes)

    # ---- report --------------------------------------------------------------
    src = Path(__file__).read_text(encoding="utf-8").splitlines()
    b = src.index("# BEGIN CASE TABLE")
    e = src.index("# END CASE TABLE")
    print("Demo cases (as_of 2026-11-23, window 2026-11-17..2026-11-23):")
    for line in src[b + 1:e]:
        print("  " + line[2:])
    print()
    print("Case accounts:")
    for a in sorted((a for a in accounts if a["case"]), key=lambda a: (a["csm"], a["id"])):
        print(f"  {a['id']}  {a['name']:<28} {CSM_BY_KEY[a['csm']]:<17} {a['segment']:<10} "
              f"{a['case']['expect']}")
    covered = {c["account_id"] for c in calls
               if WINDOW_DAYS[0] <= utc_key(c["occurred_at"]).date() <= AS_OF}
    known = {a["id"] for a in accounts}
    print()
    print(f"accounts={len(accounts)} calls={len(calls)} usage_events={len(usage)} "
          f"tickets={len(tickets)} stakeholder_changes={len(changes)}")
    print(f"coverage: {len(covered & known)}/{len(accounts)} accounts with a call in window "
          f"= {100.0 * len(covered & known) / len(accounts):.1f}%")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
