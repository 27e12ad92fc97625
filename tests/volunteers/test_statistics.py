"""Each custody schemes section's arithmetic, the year-end active counts, the medians, and query
counts that do not grow with the records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opcc.core.models import CustodySuite
from opcc.core.statistics import SHORT_TITLE_MAX
from opcc.reports.pack import build_pack, build_section
from volunteers import statistics
from volunteers.models import CallOutStatus, IssueCategory, UnfilledReason, Volunteer, VolunteerStatus

from .statistics_support import callout, issue, record_counts, visit

pytestmark = pytest.mark.django_db

D = dt.date
SECTIONS = [p for p in settings.REPORT_SECTIONS if p.startswith("volunteers.")]


def by_measure(table) -> dict:
    return {row["measure"]: (row["number"], row["change"]) for row in table.rows}


def test_sections_registered_with_topics_and_short_titles():
    assert len(SECTIONS) == 6
    topics = set()
    for path in SECTIONS:
        table = build_section(path, start_year=2024)
        assert 0 < len(table.short_title) <= SHORT_TITLE_MAX
        topics.add(table.topic)
        assert not table.rows and table.notes  # nothing recorded: an empty table that says so
    assert topics == {"custody_visiting", "appropriate_adults"}
    assert statistics.record_years() == set()


def test_visits_by_suite_and_month(suite, other_suite):
    closed = CustodySuite.objects.create(name="Old Bridewell", closed_on=D(2018, 6, 30))
    reserve = CustodySuite.objects.get(name="Coventry")
    for day in (D(2024, 4, 2), D(2024, 4, 20), D(2025, 3, 31)):
        visit(suite, day)
    visit(other_suite, D(2024, 12, 25))
    visit(suite, D(2024, 3, 31))  # the year before
    table = statistics.visits_by_suite(start_year=2024)
    rows = {row["suite"]: row for row in table.rows}
    assert closed.name not in rows and reserve.name in rows
    assert (rows["Perry Barr"]["m4"], rows["Perry Barr"]["m3"], rows["Perry Barr"]["visits"]) == (2, 1, 3)
    assert rows["Oldbury"]["m12"] == 1 and rows["Coventry"]["visits"] == 0
    assert table.total["visits"] == 4 and table.total["m4"] == 2
    assert "2 of the 4 suites open in 2024/25 were visited." in table.notes
    assert any("Coventry was open" in c for c in table.checks)
    assert statistics.record_years() == {2023, 2024}


def test_visits_at_a_suite_closed_that_year_are_listed_and_flagged(suite):
    closed = CustodySuite.objects.create(name="Old Bridewell", closed_on=D(2023, 6, 30))
    visit(closed, D(2024, 5, 1))
    table = statistics.visits_by_suite(start_year=2024)
    assert "Old Bridewell" in {r["suite"] for r in table.rows}
    assert any(
        "Old Bridewell has visits recorded in 2024/25 but was not open then" in c for c in table.checks
    )


def test_summary_counts_and_changes(suite, other_suite, make_volunteer):
    this = [visit(suite, D(2024, 5, 1)), visit(other_suite, D(2024, 6, 1)), visit(suite, D(2024, 7, 1))]
    before = [visit(suite, D(2023, 5, 1))]
    record_counts(this, "adult", "male", 9, 6, 5, 1)
    record_counts(this, "young", "female", 3, 3, 2, 1)
    record_counts(before, "adult", "male", 4, 2, 2, 0)
    issue(this[0], IssueCategory.RIGHTS, D(2024, 5, 1))
    make_volunteer("icv", appointed_on=D(2020, 1, 1))
    make_volunteer("both", appointed_on=D(2024, 6, 1))
    make_volunteer("aa", appointed_on=D(2020, 1, 1))
    rows = by_measure(statistics.custody_visiting_summary(start_year=2024))
    assert rows["Visits made"] == (3, 2)
    assert rows["Custody suites visited"] == (2, 1)
    assert rows["Custody suites open"] == (4, 0)
    assert rows["Detainees in custody during visits"] == (12, 8)
    assert rows["Detainees offered a visit"] == (9, 7)
    assert rows["Welfare checks (detainees who accepted a visit)"] == (7, 5)
    assert rows["Issues raised"] == (1, 1)
    assert rows["Active custody visitors at 31 March"] == (2, 1)


def test_active_at_year_end_follows_appointment_leaving_and_suspension(make_volunteer):
    end = D(2025, 3, 31)
    expected = [
        make_volunteer("icv", appointed_on=D(2020, 1, 1)),
        make_volunteer("both", appointed_on=end),  # appointed on the day counts
        make_volunteer(  # left after the year end: active on 31 March
            "icv",
            appointed_on=D(2020, 1, 1),
            status=VolunteerStatus.LEFT,
            status_reason="Moved away",
            status_changed_on=D(2025, 4, 1),
            left_on=D(2025, 4, 1),
        ),
        make_volunteer(  # suspended after the year end
            "icv",
            appointed_on=D(2020, 1, 1),
            status=VolunteerStatus.SUSPENDED,
            status_reason="Review",
            status_changed_on=D(2025, 6, 1),
        ),
    ]
    make_volunteer("icv", appointed_on=D(2025, 4, 1))  # appointed after
    make_volunteer(
        "icv",
        appointed_on=D(2020, 1, 1),
        status=VolunteerStatus.LEFT,
        status_reason="Retired",
        status_changed_on=end,
        left_on=end,
    )
    make_volunteer(
        "icv",
        appointed_on=D(2020, 1, 1),
        status=VolunteerStatus.SUSPENDED,
        status_reason="Review",
        status_changed_on=D(2025, 2, 1),
    )
    make_volunteer(  # left with no leaving date: the status date stands in
        "icv",
        appointed_on=D(2020, 1, 1),
        status=VolunteerStatus.LEFT,
        status_reason="Left",
        status_changed_on=D(2024, 1, 1),
    )
    make_volunteer("icv", status=VolunteerStatus.TRAINING, appointed_on=D(2020, 1, 1))
    make_volunteer("aa", appointed_on=D(2020, 1, 1))
    from volunteers.statistics_base import active_on, in_scheme

    active = Volunteer.objects.filter(active_on(end), in_scheme("icv"))
    assert set(active) == set(expected)
    assert set(
        Volunteer.objects.filter(active_on(end), in_scheme("aa")).values_list("scheme", flat=True)
    ) == {
        "aa",
        "both",
    }


def test_aa_summary_with_median_response_and_change(suite, make_volunteer):
    aa = make_volunteer("aa", appointed_on=D(2020, 1, 1))
    for minutes, attendances in ((10, 1), (20, 2), (45, 1), (50, 3)):
        callout(suite, D(2024, 6, 1), volunteer=aa, response=minutes, attendances=attendances)
    callout(suite, D(2024, 7, 1), CallOutStatus.ATTENDED, volunteer=aa, response=90)
    callout(suite, D(2024, 8, 1), CallOutStatus.UNFILLED, reason=UnfilledReason.NO_AA)
    callout(suite, D(2024, 8, 2), CallOutStatus.CANCELLED)
    callout(suite, D(2023, 8, 1), volunteer=aa, response=30, attendances=2)
    rows = by_measure(statistics.aa_summary(start_year=2024))
    assert rows["Requests from custody"] == (7, 6)
    assert rows["Detainees supported (call-outs completed)"] == (4, 3)
    assert rows["Attendances (visits to the suite)"] == (7, 5)
    assert rows["Unfilled requests"] == (1, 1)
    assert rows["Cancelled requests"] == (1, 1)
    # Median of 10, 20, 45, 50 and 90 minutes (every arrival in the year) against 30 the year before.
    assert rows["Median response time in minutes"] == (45, 15)
    assert rows["Active appropriate adults at 31 March"] == (1, 0)
    callout(suite, D(2024, 9, 1), volunteer=aa, response=31)
    assert by_measure(statistics.aa_summary(start_year=2024))["Median response time in minutes"] == (38, 8)
    callout(suite, D(2024, 9, 2), volunteer=aa, response=32)
    assert by_measure(statistics.aa_summary(start_year=2024))["Median response time in minutes"][0] == 32


def test_median_of_an_even_count_keeps_its_half(suite, make_volunteer):
    aa = make_volunteer("aa")
    for minutes in (10, 21):
        callout(suite, D(2024, 6, 1), volunteer=aa, response=minutes)
    assert by_measure(statistics.aa_summary(start_year=2024))["Median response time in minutes"] == (
        15.5,
        None,
    )


def test_unfilled_by_reason(suite):
    callout(suite, D(2024, 6, 1), CallOutStatus.UNFILLED, reason=UnfilledReason.NO_AA)
    callout(suite, D(2024, 6, 2), CallOutStatus.UNFILLED, reason=UnfilledReason.NO_AA)
    callout(suite, D(2024, 6, 3), CallOutStatus.UNFILLED, reason=UnfilledReason.OUT_OF_HOURS)
    callout(suite, D(2024, 6, 4), CallOutStatus.UNFILLED)
    table = statistics.aa_unfilled(start_year=2024)
    rows = {r["reason"]: r["requests"] for r in table.rows}
    assert rows["No appropriate adult available"] == 2 and rows["Out of hours"] == 1
    assert rows["No reason recorded"] == 1 and table.total["requests"] == 4
    assert table.checks == ["1 unfilled requests in 2024/25 have no reason recorded."]


def test_issues_by_category_with_median_days_to_close(suite):
    v = visit(suite, D(2024, 4, 10))
    issue(v, IssueCategory.RIGHTS, D(2024, 4, 10), D(2024, 4, 20))  # 10 days
    issue(v, IssueCategory.RIGHTS, D(2024, 4, 10), D(2024, 5, 10))  # 30 days
    issue(v, IssueCategory.RIGHTS, D(2024, 4, 10), D(2024, 4, 14))  # 4 days
    issue(v, IssueCategory.HEALTH, D(2024, 4, 10))  # open at the year end
    issue(v, IssueCategory.HEALTH, D(2024, 3, 1), D(2024, 4, 11))  # raised the year before, 41 days
    issue(v, IssueCategory.CONDITIONS, D(2025, 3, 1), D(2025, 4, 2))  # closed after the year end
    table = statistics.visit_issues(start_year=2024)
    rows = {r["category"]: r for r in table.rows}
    rights, health, conditions = (
        rows["Rights and entitlements"],
        rows["Health and wellbeing"],
        rows["Conditions and facilities"],
    )
    assert (rights["raised"], rights["closed"], rights["open"], rights["median_days"]) == (3, 3, 0, 10)
    assert (health["raised"], health["closed"], health["open"], health["median_days"]) == (1, 1, 1, 41)
    assert (conditions["raised"], conditions["closed"], conditions["open"]) == (1, 0, 1)
    assert conditions["median_days"] is None
    assert table.total == {"category": "Total", "raised": 5, "closed": 4, "open": 2}
    assert any(note.endswith(": 20.") for note in table.notes)  # median of 4, 10, 30, 41


def _records(n: int, suite, aa) -> None:
    for i in range(n):
        day = D(2024, 4, 1) + dt.timedelta(days=i * 3)
        v = visit(suite, day)
        record_counts([v], "adult", "male", 3, 2, 1, 1)
        issue(v, IssueCategory.CONDITIONS, day, day + dt.timedelta(days=2) if i % 2 else None)
        callout(suite, day, volunteer=aa, response=20 + i)
        callout(suite, day, CallOutStatus.UNFILLED, reason=UnfilledReason.OTHER)


def test_query_counts_do_not_grow_with_records(suite, make_volunteer):
    aa = make_volunteer("aa")
    _records(2, suite, aa)

    def counted() -> dict[str, int]:
        out = {}
        for path in SECTIONS:
            with CaptureQueriesContext(connection) as queries:
                build_section(path, start_year=2024)
            out[path] = len(queries)
        return out

    few = counted()
    _records(30, suite, aa)
    for _ in range(5):
        make_volunteer("icv")
    assert counted() == few
    assert max(few.values()) <= 12


def test_pack_builds_every_section_with_last_year_alongside(suite, make_volunteer):
    aa = make_volunteer("aa")
    _records(3, suite, aa)
    for i in range(2):
        v = visit(suite, D(2023, 6, 1) + dt.timedelta(days=i))
        record_counts([v], "young", "other", 1, 1, 1, 0)
        callout(suite, D(2023, 6, 1), volunteer=aa, response=15)
    pack = build_pack(2024, sections=SECTIONS)
    without = {"volunteers.visit_issues", "volunteers.aa_unfilled"}  # nothing of theirs in 2023/24
    assert all(t.previous is not None for t in pack.tables if t.key not in without)
    figures = {(f["metric"], f["period"]) for f in pack.figures()}
    title = statistics.detainees(start_year=2024).title
    assert (f"{title} | All ages | Total | Accepted", "2023/24") in figures
