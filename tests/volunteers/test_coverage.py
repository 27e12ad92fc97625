"""The coverage heatmap: counts exact against the records, one query for 2 or 300 visits, weeks
below the suite's target flagged (and only complete weeks judged), the page and its form."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opcc.core import roles
from volunteers.coverage import BANDS, coverage, default_period, monday_of
from volunteers.models import CustodyVisit, band_of

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 18)  # a Wednesday
FIRST, LAST = default_period(TODAY)


def visit(suite, day: dt.date, hour: int, n: list[int] = [0]) -> CustodyVisit:  # noqa: B006
    n[0] += 1
    return CustodyVisit.objects.create(
        reference=f"ICV-C-{n[0]}",
        suite=suite,
        visited_on=day,
        arrived_at=dt.time(hour, 30),
        admitted_at=dt.time(hour, 35),
        left_at=dt.time(hour, 59),
        detainees_present=0,
    )


def random_visits(suite, count: int, seed: int = 1) -> list[CustodyVisit]:
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return [
        visit(suite, FIRST + dt.timedelta(days=rng.randint(0, span)), rng.randint(0, 23))
        for _ in range(count)
    ]


def test_default_period_is_twelve_weeks_to_today():
    assert dt.date(2025, 3, 31) == FIRST and FIRST.weekday() == 0
    assert LAST == TODAY
    assert (monday_of(LAST) - FIRST).days == 11 * 7


def test_counts_match_the_records_exactly(suite, other_suite):
    made = random_visits(suite, 120)
    random_visits(other_suite, 30, seed=2)  # another suite's visits are not counted
    visit(suite, FIRST - dt.timedelta(days=1), 10)  # nor visits outside the period
    visit(suite, LAST + dt.timedelta(days=1), 10)
    result = coverage(suite=suite, first=FIRST, last=LAST, today=TODAY)
    expected = Counter((v.visited_on.weekday(), band_of(v.arrived_at.hour)) for v in made)
    for weekday, (day_name, cells, total) in enumerate(result.rows):
        assert (
            day_name
            == ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]
        )
        assert [c.count for c in cells] == [expected[(weekday, band)] for band in BANDS]
        assert total == sum(expected[(weekday, band)] for band in BANDS)
    assert result.total == 120 == sum(result.band_totals)
    weeks = Counter(monday_of(v.visited_on) for v in made)
    assert {w.monday: w.visits for w in result.weeks} == {
        m: weeks[m] for m in (w.monday for w in result.weeks)
    }
    assert sum(w.visits for w in result.weeks) == 120


def test_band_edges():
    assert [band_of(h) for h in (0, 5, 6, 11, 12, 17, 18, 23)] == [
        "night", "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening",
    ]  # fmt: skip


def test_shading_grows_with_the_count_and_zero_is_plain(suite):
    for _ in range(8):
        visit(suite, dt.date(2025, 4, 7), 9)  # Monday morning: the busiest cell
    visit(suite, dt.date(2025, 4, 8), 14)  # Tuesday afternoon: one
    result = coverage(suite=suite, first=FIRST, last=LAST, today=TODAY)
    monday, tuesday = result.rows[0][1], result.rows[1][1]
    assert monday[BANDS.index("morning")].shade == 4
    assert tuesday[BANDS.index("afternoon")].shade == 1
    assert monday[BANDS.index("night")].shade == 0
    assert result.empty_cells == 26


@pytest.mark.parametrize("count", [2, 300])
def test_one_query_whatever_the_number_of_visits(suite, count):
    random_visits(suite, count)
    with CaptureQueriesContext(connection) as queries:
        result = coverage(suite=suite, first=FIRST, last=LAST, today=TODAY)
    assert result.total == count
    assert len(queries) == 1


def test_weeks_below_target_are_flagged(suite):
    suite.weekly_visit_target = 2
    suite.save()
    for day in (dt.date(2025, 3, 31), dt.date(2025, 4, 2)):  # week 1: two visits, target met
        visit(suite, day, 10)
    visit(suite, dt.date(2025, 4, 9), 22)  # week 2: one, below
    # week 3 and later: none, below; the week of TODAY is not over, so not judged
    result = coverage(suite=suite, first=FIRST, last=LAST, today=TODAY)
    assert len(result.weeks) == 12
    assert [w.status for w in result.weeks[:3]] == ["Target met", "Below target", "Below target"]
    assert result.weeks[-1].monday == monday_of(TODAY) and result.weeks[-1].status == "Part week"
    assert result.weeks_below == 10
    # A period starting mid-week: that first week is only part in the period.
    mid = coverage(suite=suite, first=dt.date(2025, 4, 2), last=dt.date(2025, 4, 13), today=TODAY)
    assert [w.status for w in mid.weeks] == ["Part week", "Below target"]


def test_weeks_when_the_suite_was_closed_are_not_judged(suite):
    suite.closed_on = dt.date(2025, 4, 16)  # a Wednesday
    suite.save()
    result = coverage(suite=suite, first=FIRST, last=LAST, today=TODAY)
    assert [w.status for w in result.weeks[:4]] == ["Below target", "Below target", "Part week", "Part week"]


def test_the_page(client_as, suite):
    visit(suite, dt.date.today() - dt.timedelta(days=1), 3)
    client = client_as(roles.OFFICE_STAFF)
    response = client.get(reverse("volunteers:coverage"), {"suite": suite.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Visits to Perry Barr by day of the week and time of arrival" in page
    assert "app-heat--4" in page  # the only visited cell is the busiest
    assert "Weeks against the target" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"first": "31/02/2025"}, "must be a real date"),
        ({"first": "\u0660\u0661/\u0660\u0661/\u0662\u0660\u0662\u0665"}, "must be a real date"),
        ({"first": "\x00"}, "must be a real date"),
        ({"first": "x" * 10_000}, "must be a real date"),
        ({"first": "01/06/2025", "last": "01/01/2025"}, "same as or after the first day"),
        ({"first": "01/01/2000", "last": "01/01/2025"}, "no more than three years"),
        ({"suite": "999999"}, "Choose a custody suite from the list"),
        ({"suite": "\u202e1"}, "Choose a custody suite from the list"),
    ],
)
def test_bad_input_gets_a_message(client_as, suite, query, message):
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    response = client.get(reverse("volunteers:coverage"), {"suite": suite.pk, **query})
    assert response.status_code == 200
    assert message in response.content.decode()
