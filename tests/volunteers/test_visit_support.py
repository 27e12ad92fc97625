"""Custody visits and issues for tests (and tests/routes.py): made through the services, so every
row is one the rules allow. No tests here."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from opcc.core import roles
from opcc.core.models import CustodySuite
from tests.factories import UserFactory
from tests.volunteers.conftest import build_volunteer
from volunteers.models import CELLS, ConditionItem, CustodyVisit, IssueStatus, VisitIssue
from volunteers.services import issue_close, issue_escalate, issue_raise, issue_record_response, visit_record

MEASURES = ("detained", "offered", "accepted", "refused")


def coordinator():
    user = UserFactory(first_name="Cora", last_name="Ordinator")
    user.groups.set(Group.objects.filter(name=roles.VOLUNTEER_COORDINATOR))
    return user


def zero_counts() -> dict:
    return {cell: dict.fromkeys(MEASURES, 0) for cell in CELLS}


def sample_counts() -> dict:
    """Five detainees: three adult males (two offered, one accepted), one adult female, one young male."""
    counts = zero_counts()
    counts[("adult", "male")] = {"detained": 3, "offered": 2, "accepted": 1, "refused": 1}
    counts[("adult", "female")] = {"detained": 1, "offered": 1, "accepted": 1, "refused": 0}
    counts[("young", "male")] = {"detained": 1, "offered": 0, "accepted": 0, "refused": 0}
    return counts


def visit_args(*, visitors=None, **overrides) -> dict:
    """Arguments of a valid visit_record: a week ago at Perry Barr, a pair of eligible visitors."""
    values = {
        "suite": CustodySuite.objects.get(name="Perry Barr"),
        "visited_on": timezone.localdate() - dt.timedelta(days=7),
        "arrived_at": dt.time(19, 30),
        "admitted_at": dt.time(19, 45),
        "left_at": dt.time(21, 10),
        "mode": "face_to_face",
        "visitors": visitors if visitors is not None else [build_volunteer("icv"), build_volunteer("icv")],
        "pair_exception": "",
        "detainees_present": 5,
        "counts": sample_counts(),
        "not_offered": {"asleep": 1},
        "conditions": {
            ConditionItem.CLEANLINESS: "satisfactory",
            ConditionItem.TEMPERATURE: "unsatisfactory",
        },
        "notes": "",
    }
    return values | overrides


def make_visit(by=None, **overrides) -> CustodyVisit:
    return visit_record(by=by or coordinator(), **visit_args(**overrides))


def make_issue(visit: CustodyVisit | None = None, *, status: str = IssueStatus.OPEN, by=None) -> VisitIssue:
    """An issue walked through the services to `status`."""
    by = by or coordinator()
    visit = visit or make_visit(by)
    issue = issue_raise(
        visit=visit,
        by=by,
        category="health",
        subcategory="medication",
        description="A detainee's medication had not been given on time.",
        raised_at_time=True,
        staff_response="The sergeant arranged it at once.",
        follow_up_owner=by,
    )
    day = visit.visited_on
    if status in (IssueStatus.ESCALATED, IssueStatus.RESPONDED):
        issue = issue_escalate(issue=issue, by=by, on=day, note="Custody inspector")
    if status == IssueStatus.RESPONDED:
        issue = issue_record_response(issue=issue, by=by, on=day, response="Medication log now checked.")
    if status == IssueStatus.CLOSED:
        issue = issue_close(issue=issue, by=by, on=day, outcome="Put right on the day.")
    return issue


def for_routes(kind: str = "visit"):
    """The route matrix's and the admin sweep's rows: a visit (with an open issue) or that issue."""
    issue = VisitIssue.objects.filter(status=IssueStatus.OPEN).order_by("pk").first() or make_issue()
    return issue.visit if kind == "visit" else issue
