"""Events and consultations for tests (and tests/routes.py, tests/e2e): made through the services,
so every row is one the rules allow. No tests here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from engagement.models import Consultation, Event, EventStatus
from engagement.services import (
    consultation_create,
    event_create,
    event_transition,
    phase_add,
    result_add,
)
from opcc.core import roles
from opcc.core.models import PolicingArea
from tests.factories import UserFactory


def office_staff(**fields):
    user = UserFactory(**({"first_name": "Olive", "last_name": "Staff"} | fields))
    user.groups.set(Group.objects.filter(name=roles.OFFICE_STAFF))
    return user


def current_area() -> PolicingArea:
    """An area of today's map (an LPA from 2024/25)."""
    return PolicingArea.objects.get(name="Birmingham", kind="lpa")


def event_args(**overrides) -> dict:
    """Arguments of a valid event_create: a residents' meeting a week ago the Commissioner attended."""
    values = {
        "date": timezone.localdate() - dt.timedelta(days=7),
        "title": "Handsworth residents' meeting",
        "event_type": "residents_group",
        "status": EventStatus.ATTENDED,
        "area": current_area(),
        "commissioner": True,
        "audience_estimate": 40,
        "notes": "",
    }
    return values | overrides


def make_event(status: str = EventStatus.ATTENDED, *, by=None, **overrides) -> Event:
    """An event in `status`: attended or planned as recorded, cancelled from planned."""
    by = by or office_staff()
    if status == EventStatus.ATTENDED:
        return event_create(by=by, **event_args(**overrides))
    planned = event_create(
        by=by,
        **event_args(status=EventStatus.PLANNED, date=timezone.localdate() + dt.timedelta(days=14))
        | overrides,
    )
    if status == EventStatus.CANCELLED:
        return event_transition(event=planned, by=by, action="cancel")
    return planned


def make_consultation(*, by=None, phases: int = 2, **overrides) -> Consultation:
    """A plan consultation last year with `phases` phases (responses 100, 200, …; the last counts
    attendees when there are three or more), a headline result and a linked event."""
    by = by or office_staff()
    today = timezone.localdate()
    values = {
        "title": "Police and Crime Plan consultation",
        "purpose": "plan",
        "opens_on": today - dt.timedelta(days=120),
        "closes_on": today - dt.timedelta(days=30),
        "summary": "What residents want from the plan.",
        "report_url": "https://www.example.org/plan-consultation-report",
        "report_published_on": today - dt.timedelta(days=10),
    } | overrides
    consultation = consultation_create(by=by, **values)
    for number in range(1, phases + 1):
        attendees = phases >= 3 and number == phases
        phase_add(
            consultation=consultation,
            by=by,
            number=number,
            phase_type="roundtable" if attendees else "survey",
            title=f"Phase {number}",
            starts_on=consultation.opens_on + dt.timedelta(days=10 * (number - 1)),
            ends_on=consultation.opens_on + dt.timedelta(days=10 * number),
            measure="attendees" if attendees else "responses",
            count=100 * number,
        )
    result_add(
        consultation=consultation,
        by=by,
        metric="In favour of the plan's priorities",
        value=Decimal("66"),
        unit="percent",
    )
    event_create(
        by=by,
        **event_args(
            title="Consultation roadshow",
            consultation=consultation,
            date=consultation.opens_on + dt.timedelta(days=3),
        ),
    )
    return consultation


def for_routes(kind: str, status: str = EventStatus.ATTENDED):
    """An event in `status`, or a consultation with three phases, a result and an event."""
    if kind == "consultation":
        return make_consultation(phases=3)
    return make_event(status)
