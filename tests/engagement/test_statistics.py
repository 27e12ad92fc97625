"""Each engagement section's arithmetic from small hand-built records (not the demo), the prior
year alongside, what is left out, and query counts that do not grow with the records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement import statistics
from engagement.models import Category
from opcc.core.statistics import SHORT_TITLE_MAX
from opcc.reports.pack import build_pack, build_section

from .statistics_support import (
    D,
    activity,
    calls,
    case,
    cohort,
    consultation,
    edition,
    event,
    member,
    nominate,
)

pytestmark = pytest.mark.django_db

SECTIONS = [p for p in settings.REPORT_SECTIONS if p.startswith("engagement.")]
TOPICS = {
    "correspondence_casework",
    "engagement_events",
    "consultations",
    "outstanding_citizens_awards",
    "youth_commissioners",
}


def test_sections_registered_with_topics_and_short_titles():
    assert len(SECTIONS) == 11
    assert "engagement.statistics.record_years" in settings.REPORT_RECORD_YEARS
    topics = set()
    for path in SECTIONS:
        table = build_section(path, start_year=2024)
        assert 0 < len(table.short_title) <= SHORT_TITLE_MAX
        topics.add(table.topic)
        assert not table.rows and table.notes  # nothing recorded: an empty table that says so
    assert topics == TOPICS
    assert statistics.record_years() == set()


def test_correspondence_received_responded_per_week_and_change():
    # 2024/25: three received, one of them in March and answered in April (counted as responded in
    # 2025/26); one received in 2023/24 and answered in April 2024 (responded in 2024/25).
    case("General advice", D(2024, 4, 2), responded_on=D(2024, 4, 9))
    case("Freedom of information", D(2024, 9, 1), responded_on=D(2024, 9, 20), channel="letter")
    case("General advice", D(2025, 3, 30), responded_on=D(2025, 4, 2))
    case("Anti-social behaviour", D(2024, 3, 28), responded_on=D(2024, 4, 3))
    case("Anti-social behaviour", D(2023, 6, 1), responded_on=D(2023, 6, 5))
    table = build_section("engagement.statistics.correspondence_summary", start_year=2024)
    rows = {r["measure"]: r for r in table.rows}
    assert rows["Pieces received"]["number"] == 3 and rows["Pieces responded to"]["number"] == 3
    assert rows["Pieces received"]["per_week"] == Decimal("0.1")  # 3 / 52
    assert rows["Pieces received"]["change"] == Decimal("50.0")  # 3 on 2
    assert rows["Pieces responded to"]["change"] == Decimal("200.0")  # 3 on 1
    previous = {r["measure"]: r["number"] for r in table.previous.rows}
    assert previous == {"Pieces received": 2, "Pieces responded to": 1}
    assert table.previous.period == "2023/24"
    assert statistics.record_years() == {2023, 2024, 2025}


def test_a_week_is_a_52nd_of_a_complete_year_and_the_words_say_over():
    from engagement.statistics.base import per_week, per_week_words

    assert per_week(1380, 2019) == Decimal("26.5") and per_week_words(1380, 2019) == "over 26 a week"
    assert per_week(10879, 2019) == Decimal("209.2") and per_week_words(10879, 2019) == "209 a week"


def test_by_category_and_channel_list_every_category_and_channel():
    retired = Category.objects.get(name="Other")
    retired.active = False
    retired.save()
    case("Subject access", D(2024, 5, 1), responded_on=D(2024, 5, 20), channel="web_form")
    case("Subject access", D(2024, 5, 2), channel="letter")
    case("Mental health", D(2024, 5, 3), responded_on=D(2024, 5, 9), channel="letter")
    by_category = {r["category"]: r for r in statistics.correspondence_by_category(start_year=2024).rows}
    assert "Other" not in by_category and by_category["General advice"]["received"] == 0
    assert (by_category["Subject access"]["received"], by_category["Subject access"]["responded"]) == (2, 1)
    table = statistics.correspondence_by_channel(start_year=2024)
    by_channel = {r["channel"]: r for r in table.rows}
    assert (by_channel["Letter"]["received"], by_channel["Letter"]["responded"]) == (2, 1)
    assert by_channel["Phone"] == {"channel": "Phone", "received": 0, "responded": 0}
    assert (table.total["received"], table.total["responded"]) == (3, 2)


def test_timeliness_foi_with_eir_and_sar_apart_with_medians():
    due = D(2024, 6, 28)
    case("Freedom of information", D(2024, 6, 1), responded_on=D(2024, 6, 20), due_on=due, days=14)
    case("Freedom of information", D(2024, 6, 1), responded_on=due, due_on=due, days=20)
    case("Environmental information", D(2024, 6, 1), responded_on=D(2024, 7, 3), due_on=due, days=23)
    case("Subject access", D(2024, 6, 1), responded_on=D(2024, 7, 2), due_on=D(2024, 7, 1), days=21)
    case("Freedom of information", D(2024, 3, 1), responded_on=D(2024, 3, 20), due_on=due, days=13)  # 2023/24
    case("General advice", D(2024, 6, 1), responded_on=D(2024, 6, 30), due_on=due, days=20)  # not a request
    foi, sar = statistics.correspondence_timeliness(start_year=2024).rows
    assert (foi["responded"], foi["on_time"], foi["percent"], foi["median_days"]) == (
        3,
        2,
        Decimal("66.7"),
        20,
    )
    assert (sar["responded"], sar["on_time"], sar["percent"], sar["median_days"]) == (
        1,
        0,
        Decimal("0.0"),
        21,
    )


def test_calls_total_per_week_and_change():
    calls(D(2024, 4, 1), 300)
    calls(D(2025, 3, 31), 220)
    calls(D(2023, 7, 3), 400)
    calls(D(2025, 4, 1), 999)  # the next year
    table = build_section("engagement.statistics.calls_answered", start_year=2024)
    (row,) = table.rows
    assert (row["calls"], row["per_week"], row["change"]) == (520, Decimal("10.0"), Decimal("30.0"))
    assert "520 calls answered, 10 a week, 30% up on the year before." in table.notes
    assert table.previous.rows[0]["calls"] == 400 and table.previous.rows[0]["change"] is None


def test_events_attended_by_the_commissioner_by_type_and_area():
    event(D(2024, 5, 1), "ward_forum")
    event(D(2024, 6, 1), "ward_forum", where="Coventry")
    event(D(2024, 7, 1), "festival", where=None)
    event(D(2024, 7, 2), "festival", commissioner=False, deputy=True)  # Deputy alone
    event(D(2024, 7, 3), "festival", status="cancelled")
    event(D(2024, 7, 4), "festival", status="planned")
    event(D(2023, 7, 4), "civic")  # the year before
    by_type = build_section("engagement.statistics.events_by_type", start_year=2024)
    assert by_type.rows == [
        {"event_type": "Ward forum", "events": 2},
        {"event_type": "Mela or other festival", "events": 1},
    ]
    assert by_type.previous.rows == [{"event_type": "Civic event", "events": 1}]
    by_area = statistics.events_by_area(start_year=2024)
    assert by_area.rows == [
        {"area": "Coventry", "events": 1},
        {"area": "Dudley", "events": 1},
        {"area": "No area recorded", "events": 1},
    ]
    assert by_area.total["events"] == 3


def test_consultations_open_in_the_year_phase_by_phase_with_totals():
    spanning = consultation(
        "Precept 2024",
        D(2024, 1, 8),
        D(2024, 4, 30),
        [("survey", "responses", 700), ("focus_group", "attendees", 40)],
    )
    spanning.results.create(metric="In favour of a rise", value=Decimal("66"), unit="percent")
    consultation("Old plan", D(2021, 5, 13), D(2021, 10, 1), [("survey", "responses", 2047)])
    for year in (2023, 2024):
        table = statistics.consultations(start_year=year)
        (group,) = table.groups()
        assert group.label == "Precept 2024"
        assert [(r["responses"], r["attendees"], r["engagement"]) for r in group.rows] == [
            (700, 0, 700),
            (0, 40, 40),
        ]
        assert (group.total["responses"], group.total["attendees"], group.total["engagement"]) == (
            700,
            40,
            740,
        )
        assert "Precept 2024: In favour of a rise: 66%." in table.notes
    assert not statistics.consultations(start_year=2022).rows


def test_awards_by_category_named_only_with_consent():
    award = edition(9, D(2024, 10, 8))
    nominate(award, "Outstanding Citizen", "Jo Public", "winner", consent=True)
    nominate(award, "Outstanding Citizen", "Kept Private", "runner_up")
    nominate(award, "Outstanding Citizen", "Not Chosen", "not_selected", consent=True)
    nominate(award, "Outstanding Young Citizen", "Young Person", "winner")
    edition(10, D(2025, 1, 20))  # a ceremony with nothing recorded
    edition(11, None)  # no ceremony yet
    table = statistics.awards(start_year=2024)
    rows = {r["category"]: r for r in table.rows}
    assert (rows["Outstanding Citizen"]["nominations"], rows["Outstanding Citizen"]["winners"]) == (3, 1)
    assert rows["Outstanding Citizen"]["runners_up"] == 1
    assert rows["Outstanding Citizen"]["named"] == "Jo Public (winner)"
    assert rows["Outstanding Young Citizen"]["named"] == ""
    assert "Kept Private" not in str(table.figures()) and "Young Person" not in str(table.figures())
    assert table.total["winners"] == 2
    assert any("10th Outstanding Citizens Awards held a ceremony" in c for c in table.checks)


def test_youth_commissioners_by_area_votes_and_activities():
    first = cohort("2018-20", D(2018, 12, 1), D(2020, 11, 30), votes=5012)
    later = cohort("2023-25", D(2023, 12, 1), D(2025, 11, 30), votes=300)
    for where in ("Dudley", "Dudley", "Coventry"):
        member(first, where)
    member(later, "Walsall", 2023)
    activity(first, "summit", D(2019, 7, 20))
    activity(first, "survey", D(2019, 9, 1), responses=120)
    activity(first, "survey", D(2020, 1, 1), responses=80)
    activity(first, "survey", D(2020, 6, 1), responses=999)  # the next year
    table = statistics.youth_commissioners(start_year=2019)
    assert table.rows == [
        {"cohort": "2018-20", "area": "Coventry", "members": 1},
        {"cohort": "2018-20", "area": "Dudley", "members": 2},
    ]
    measures = {r["measure"]: r["number"] for r in statistics.youth_cohorts(start_year=2019).rows}
    assert measures == {
        "Youth Commissioners elected": 3,
        "Votes cast at the election": 5012,
        "Activities: youth summit": 1,
        "Activities: survey": 2,
        "Survey responses": 200,
    }
    later_rows = statistics.youth_commissioners(start_year=2023).rows  # the first cohort's term is over
    assert later_rows == [{"cohort": "2023-25", "area": "Walsall", "members": 1}]
    assert not statistics.youth_commissioners(start_year=2021).rows


def _rows(n: int, start: int = 0) -> None:
    for i in range(n):
        day = D(2024, 4, 1 + i % 28)
        case("General advice", day, responded_on=day, due_on=day, days=3)
        case("Subject access", day, responded_on=day, due_on=day, days=3)
        calls(D(2024, 4, 1) + dt.timedelta(days=start + i), 10)
        event(day, where=("Dudley", "Coventry")[i % 2])
    spanning = consultation("Plan", D(2024, 5, 1), D(2024, 6, 1), [("survey", "responses", 5)] * min(n, 6))
    spanning.results.create(metric="M", value=1, unit="count")
    award = edition(20 + n, D(2024, 7, 1))
    group = cohort(f"Cohort {n}", D(2024, 1, 1), D(2025, 12, 1))
    for i in range(n):
        nominate(award, ("Outstanding Citizen", "Special Recognition Award")[i % 2], f"N {i}", "not_selected")
        member(group, ("Dudley", "Coventry")[i % 2], 2024)
        activity(group, "survey", D(2024, 6, 1), responses=3)


def test_query_count_does_not_grow_with_the_records():
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            build_pack(2024, sections=SECTIONS)
        return len(ctx)

    _rows(2)
    few = queries()
    _rows(30, start=10)
    assert queries() == few
    assert few <= 3 * len(SECTIONS) * 2  # this year and the last, a few queries each
