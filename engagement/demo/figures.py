"""The published figures the engagement demo reproduces, and plausible ones for the other years.

Published (West Midlands PCC annual reports 2019/20, 2022/23 and 2024/25; the Police and Crime Plan
2021-25 consultation appendix):
- 2019/20: 1,380 pieces of correspondence responded to ("over 26 a week"); 10,879 calls answered
  ("209 a week", "61% up on 2018/19", so 2018/19 is seeded with 6,757: 10,879 / 6,757 = +61.0%);
  16 Youth Commissioners, two for each of the eight NPUs, elected in 2018 on a two-year term with
  "over 5,000 votes" (5,012 here); the 7th Outstanding Citizens Awards, July 2019.
- 2022/23: "nearly 1,500" pieces received: 1,497 here (just under, as "nearly" says, and rounding to
  1,500); 137 events attended by the Commissioner; the awards ceremony of 8 October 2022.
- 2024/25: 365 pieces of casework received; 257 events attended by the Commissioner; the Youth
  Commissioners' online harm survey of January 2025 ("over 1,000 responses": 1,012 here).
- The 2021 consultation (13 May - 1 October 2021), six phases: call for evidence 333 responses;
  four roundtables (5, 13, 19 and 28 July: 17, 31, 19 and 19 attendees) kept as one phase of 86
  attendees; women's safety survey 2,006; Plan survey 2,047; youth consultation (Aspire4U) "over 150
  young people" (its 255 responses shared with the research are a headline result); community
  consultation with no count published. "Over 4,622 responses across all 6 forums" is exactly
  333 + 86 + 2,006 + 2,047 + 150: counting the youth phase as its 255 responses would give 4,727,
  more than was published, so the phases are recorded on the basis that adds up to 4,622.
"""

from __future__ import annotations

import datetime as dt

# Pieces received per financial year (start year); the current year is scaled to the days gone.
RECEIVED = {2019: 1400, 2020: 1236, 2021: 1388, 2022: 1497, 2023: 904, 2024: 365, 2025: 402, 2026: 410}
# Received late in the year and answered after 31 March: 1,400 - 20 = 1,380 responded to in 2019/20.
CARRIED = {2019: 20, 2020: 14, 2021: 17, 2022: 19, 2023: 9, 2024: 4, 2025: 5}
# Calls answered per year (2018/19 only for the +61% of 2019/20).
CALLS = {
    2018: 6757,
    2019: 10879,
    2020: 9412,
    2021: 9866,
    2022: 10240,
    2023: 9731,
    2024: 9508,
    2025: 9620,
    2026: 9650,
}
# Events attended by the Commissioner per year.
EVENTS = {2019: 184, 2020: 61, 2021: 116, 2022: 137, 2023: 198, 2024: 257, 2025: 236, 2026: 240}

# Categories as the reports list them, with their share of the year's correspondence.
CATEGORY_SHARES = {
    "Requests for funding": 14,
    "Anti-social behaviour": 15,
    "Complaint about the force": 17,
    "Review of a complaint": 8,
    "Freedom of information": 8,
    "Environmental information": 1,
    "Subject access": 3,
    "Mental health": 5,
    "General advice": 15,
    "Event invitation": 8,
    "Work experience and careers": 4,
    "Other": 2,
}
CHANNEL_SHARES = {"email": 46, "letter": 14, "phone": 16, "web_form": 15, "social_media": 5, "in_person": 4}

CONSULTATION = {
    "title": "Police and Crime Plan 2021-25 consultation",
    "purpose": "plan",
    "opens_on": dt.date(2021, 5, 13),
    "closes_on": dt.date(2021, 10, 1),
}
# number, type, title, starts, ends, measure, count
PHASES = [
    (1, "call_for_evidence", "Call for evidence", dt.date(2021, 5, 13), dt.date(2021, 6, 10), "responses", 333),
    (2, "roundtable", "Roundtable discussions (four: 17, 31, 19 and 19 attendees)", dt.date(2021, 7, 5),
     dt.date(2021, 7, 28), "attendees", 86),
    (3, "survey", "Women's safety survey (with West Midlands Police)", dt.date(2021, 6, 1), dt.date(2021, 7, 31),
     "responses", 2006),
    (4, "survey", "Police and Crime Plan survey", dt.date(2021, 8, 4), dt.date(2021, 9, 14), "responses", 2047),
    (5, "youth", "Youth consultation (Aspire4U): young people giving feedback", dt.date(2021, 7, 1),
     dt.date(2021, 9, 30), "attendees", 150),
    (6, "community", "Community consultation (no separate count published)", dt.date(2021, 9, 1),
     dt.date(2021, 10, 1), "responses", 0),
]  # fmt: skip
# phase number (or None), metric, value, unit
RESULTS = [
    (3, "Respondents who do or have felt unsafe in the West Midlands", 87, "percent"),
    (4, "Respondents listing tackling violent crime as their number 1 priority", 63, "percent"),
    (4, "Share of the survey's responses from Birmingham", 29, "percent"),
    (5, "Youth responses shared to inform the research", 255, "count"),
]

AWARDS_2019 = dt.date(2019, 7, 11)
AWARDS_2022 = dt.date(2022, 10, 8)
# The 7th awards: (category, status, nominee, kind, publicity consent). People are never named.
NOMINATIONS_2019 = [
    ("Outstanding Citizen", "winner", "Name withheld (a bus driver who helped arrest three robbers)", "person", False),
    ("Outstanding Citizen", "runner_up", "Name withheld (a volunteer who filmed dangerous driving)", "person", False),
    ("Outstanding Young Citizen", "winner", "Name withheld (a young carer and mentor)", "person", False),
    ("Outstanding Young Citizen", "runner_up", "Name withheld (a young anti-knife crime campaigner)", "person",
     False),
    ("Outstanding Community Project", "winner", "Black Country Wellbeing Centre (Dudley)", "group", True),
    ("Outstanding Community Project", "runner_up", "The Freedom Project", "group", True),
    ("Outstanding Young Community Project", "winner", "St Michael's Student Voice", "group", True),
    ("Outstanding Young Community Project", "runner_up", "Dudley Youth Council", "group", True),
    ("Special Recognition Award", "winner", "Name withheld (thirty years of neighbourhood watch)", "person", False),
    ("Outstanding Citizen", "not_selected", "Name withheld (a volunteer driver)", "person", False),
    ("Outstanding Young Citizen", "not_selected", "Name withheld (a school litter picker)", "person", False),
    ("Outstanding Community Project", "not_selected", "Name withheld (a food bank volunteer)", "person", False),
    ("Outstanding Young Community Project", "not_selected", "Name withheld (a youth football club)", "group",
     False),
]  # fmt: skip
# The ceremony of 8 October 2022 (taken as the 8th awards: no ceremony is reported for 2020 or 2021).
NOMINATIONS_2022 = [
    ("Outstanding Young Citizen", "winner", "Names withheld (twin brothers who pick up litter in Smethwick)",
     "person", False),
    ("Outstanding Community Project", "winner", "Name withheld (founder of a youth sports academy)", "person",
     False),
    ("Outstanding Citizen", "winner", "Name withheld (founder of a mental health charity in Dudley)", "person",
     False),
    ("Outstanding Citizen", "not_selected", "Name withheld (a community first responder)", "person", False),
]  # fmt: skip

# Youth Commissioner cohorts: name, elected, term from, term to, votes, member status.
COHORTS = [
    ("Youth Commissioners 2018-20", dt.date(2018, 11, 16), dt.date(2018, 12, 1), dt.date(2020, 11, 30), 5012,
     "term_ended"),
    ("Youth Commissioners 2023-25", dt.date(2023, 11, 17), dt.date(2023, 12, 1), dt.date(2025, 11, 30), 4388,
     "term_ended"),
    ("Youth Commissioners 2025-27", dt.date(2025, 11, 14), dt.date(2025, 12, 1), dt.date(2027, 11, 30), 4615,
     "active"),
]  # fmt: skip
# The eight NPUs the 2019/20 report lists its Youth Commissioners by (two each).
NPUS = ("Birmingham East", "Birmingham West", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
        "Wolverhampton")  # fmt: skip
# cohort index, kind, title, date, responses
ACTIVITIES = [
    (0, "summit", "Youth Summit: knife crime", dt.date(2019, 7, 20), None),
    (0, "summit", "Youth Summit: trust in the police", dt.date(2020, 2, 15), None),
    (0, "board_report", "Report to the Strategic Policing and Crime Board", dt.date(2019, 10, 15), None),
    (1, "summit", "Youth Summit 2024", dt.date(2024, 7, 13), None),
    (1, "survey", "Online harm survey", dt.date(2025, 1, 20), 1012),
    (2, "summit", "Youth Summit 2026", dt.date(2026, 7, 11), None),
]
FIRST_NAMES = (
    "Amani", "Bilal", "Chloe", "Daniyal", "Esme", "Femi", "Gurleen", "Hamza", "Isla", "Jamal", "Kiran", "Leah",
    "Mason", "Noor", "Olu", "Poppy", "Rhys", "Sana", "Tyler", "Uzma", "Verity", "Wiktoria", "Yusuf", "Zara",
)  # fmt: skip
