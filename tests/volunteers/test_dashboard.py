"""The module home: sections, and the coordinator dashboard's four panels, each listing the right
records, with a constant number of queries; who may open it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from volunteers.dashboard import panels
from volunteers.models import CallOut, CustodyVisit, TrainingRecord, VisitIssue

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
MONTH = TODAY.replace(day=1)
N = iter(range(1, 10**6))


def visit(suite, day: dt.date) -> CustodyVisit:
    return CustodyVisit.objects.create(
        reference=f"ICV-D-{next(N)}",
        suite=suite,
        visited_on=day,
        arrived_at=dt.time(10),
        admitted_at=dt.time(10, 5),
        left_at=dt.time(11),
        detainees_present=0,
    )


def issue(suite, raised_on: dt.date, **fields) -> VisitIssue:
    return VisitIssue.objects.create(
        visit=visit(suite, raised_on),
        category="health",
        subcategory="medication",
        description="Medication late",
        raised_on=raised_on,
        **fields,
    )


def callout(suite, on: dt.date, status: str, **fields) -> CallOut:
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(14)))
    return CallOut.objects.create(
        reference=f"AA-D-{next(N)}",
        requested_at=at,
        requested_on=on,
        suite=suite,
        officer_rank="ps",
        officer_number="1234",
        custody_number="BX/123",
        status=status,
        **fields,
    )


def by_key(today=TODAY) -> dict:
    return {panel.key: panel for panel in panels(today)}


def test_expiring_lists_vetting_training_and_accreditation_within_60_days(make_volunteer):
    vetting = make_volunteer("icv", vetting_expires_on=TODAY + dt.timedelta(days=60))
    make_volunteer("icv", vetting_expires_on=TODAY + dt.timedelta(days=61))  # outside
    make_volunteer("icv", vetting_expires_on=TODAY - dt.timedelta(days=1))  # expired: another list
    training = make_volunteer("aa")
    record = TrainingRecord.objects.filter(volunteer=training, expires_on__isnull=False).first()
    record.expires_on = TODAY + dt.timedelta(days=10)
    record.save()
    leaver = make_volunteer(
        "icv", vetting_expires_on=TODAY + dt.timedelta(days=5), status="left", status_reason="x"
    )
    panel = by_key()["expiring"]
    names = [row.text for row in panel.rows]
    assert sorted(names) == sorted([vetting.name, training.name])
    assert leaver.name not in names
    assert panel.count == 2
    details = {row.text: row.detail for row in panel.rows}
    assert details[vetting.name] == f"police vetting expires {long_date(TODAY + dt.timedelta(days=60))}"
    assert details[training.name] == f"training expires {long_date(TODAY + dt.timedelta(days=10))}"


def test_issues_open_past_28_days(suite):
    old = issue(suite, TODAY - dt.timedelta(days=29))
    escalated = issue(suite, TODAY - dt.timedelta(days=40), status="escalated")
    issue(suite, TODAY - dt.timedelta(days=28))  # exactly 28 days: not yet past
    issue(suite, TODAY - dt.timedelta(days=60), status="closed", closed_on=TODAY - dt.timedelta(days=1))
    panel = by_key()["issues"]
    assert panel.count == 2
    assert [row.text.split(":")[0] for row in panel.rows] == [escalated.visit.reference, old.visit.reference]


def test_suites_below_this_weeks_target(suite, other_suite):
    suite.weekly_visit_target = 2
    suite.save()
    visit(suite, MONDAY)  # one of two this week
    visit(suite, MONDAY - dt.timedelta(days=1))  # last week: does not count
    visit(other_suite, MONDAY + dt.timedelta(days=6))  # target 1 met
    CustodySuite.objects.filter(name="Wolverhampton").update(weekly_visit_target=0)  # a reserve suite
    closed = CustodySuite.objects.create(name="Closed suite", closed_on=MONDAY - dt.timedelta(days=1))
    opening = CustodySuite.objects.create(name="New suite", opened_on=MONDAY + dt.timedelta(days=4))
    panel = by_key()["suites"]
    names = [row.text for row in panel.rows]
    assert suite.name in names and other_suite.name not in names
    assert "Wolverhampton" not in names and closed.name not in names
    assert opening.name in names  # opens this week: counted
    assert {r.text: r.detail for r in panel.rows}[suite.name] == "1 of 2 visits"
    assert panel.count == len(names) == CustodySuite.objects.filter(active=True).count() - 3


def test_unfilled_callouts_this_month(suite):
    this_month = callout(suite, MONTH, "unfilled", unfilled_reason="no_aa")
    callout(suite, MONTH - dt.timedelta(days=1), "unfilled", unfilled_reason="no_aa")  # last month
    callout(suite, MONTH, "cancelled")
    panel = by_key()["callouts"]
    assert panel.count == 1
    assert [row.text for row in panel.rows] == [this_month.reference]
    assert "No appropriate adult available" in panel.rows[0].detail


@pytest.mark.parametrize("rows", [1, 12])
def test_queries_constant(suite, make_volunteer, rows, django_assert_max_num_queries):
    for i in range(rows):
        make_volunteer("icv", vetting_expires_on=TODAY + dt.timedelta(days=i + 1))
        issue(suite, TODAY - dt.timedelta(days=30 + i))
        callout(suite, MONTH, "unfilled")
    with django_assert_max_num_queries(7):
        found = by_key()
    assert (
        found["expiring"].count == rows and found["issues"].count == rows and found["callouts"].count == rows
    )
    assert len(found["expiring"].rows) == min(rows, 5)


@pytest.mark.parametrize(
    "role, status",
    [
        (roles.VOLUNTEER_COORDINATOR, 200),
        (roles.OFFICE_STAFF, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.GRANTS_MANAGER, 403),
        (roles.REVIEWS_MANAGER, 403),
        (roles.REPORTS, 403),
    ],
)
def test_home_page_permissions(client_as, role, status):
    response = client_as(role).get(reverse("volunteers:home"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        for title in (
            "Vetting or training expiring",
            "Issues open past 28 days",
            "Unfilled call-outs this month",
        ):
            assert title in page
        assert reverse("volunteers:rota") in page and reverse("volunteers:coverage") in page
