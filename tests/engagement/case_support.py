"""Correspondence cases walked to a status through the services, for the case tests, the route
matrix and the every-page sweep (tests/routes.py `RouteObjects.case`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from engagement.models import Case, CaseStatus, Category
from engagement.services import (
    case_assign,
    case_close,
    case_create,
    case_reopen,
    case_respond,
    case_start,
    clock_stop,
)
from opcc.core import roles
from tests.factories import UserFactory

S = CaseStatus
ORDER = [S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_INFORMATION, S.RESPONDED, S.CLOSED, S.REOPENED]


def office_user(**fields):
    user = UserFactory(**({"first_name": "Casey", "last_name": "Worker"} | fields))
    user.groups.set(Group.objects.filter(name=roles.OFFICE_STAFF))
    return user


def walk_case(
    status: str,
    *,
    by=None,
    category: str = "General advice",
    received_on: dt.date | None = None,
    **fields,
) -> Case:
    """A case logged `received_on` (default five days ago) and taken to `status` by the services."""
    by = by or office_user()
    received_on = received_on or timezone.localdate() - dt.timedelta(days=5)
    values = {"channel": "letter", "subject": "Speeding on Hill Road", "correspondent_name": "Pat Example"}
    case = case_create(
        by=by,
        received_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(10))),
        category=Category.objects.get(name=category),
        **(values | fields),
    )
    if status == S.RECEIVED:
        return case
    case = case_assign(case=case, by=by, assignee=by)
    if status == S.ASSIGNED:
        return case
    case = case_start(case=case, by=by)
    if status == S.IN_PROGRESS:
        return case
    if status == S.AWAITING_INFORMATION:
        clock_stop(case=case, by=by, reason="clarification", started_on=received_on + dt.timedelta(days=1))
        return Case.objects.get(pk=case.pk)
    information = case.category.regime in ("foi", "eir")
    case = case_respond(
        case=case,
        by=by,
        responded_on=received_on + dt.timedelta(days=2),
        outcome="full" if information else "",
    )
    if status == S.RESPONDED:
        return case
    if status == S.CLOSED:
        return case_close(case=case, by=by, closed_on=received_on + dt.timedelta(days=3))
    return case_reopen(
        case=case, by=by, reason="internal_review", requested_on=received_on + dt.timedelta(days=3)
    )


def case_for_routes(status: str, category: str = "General advice") -> Case:
    return walk_case(status, category=category)
