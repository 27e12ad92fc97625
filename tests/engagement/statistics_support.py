"""Records for the engagement statistics tests, written straight to the database (the services are
tested elsewhere): cases with their response, call days, events, consultations, awards and youth."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from engagement.models import (
    AwardCategory,
    AwardEdition,
    CallDay,
    Case,
    Category,
    Consultation,
    ConsultationPhase,
    Event,
    Nomination,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from opcc.core.models import PolicingArea

NUMBERS = count(1)
D = dt.date


def case(
    category: str,
    received_on: dt.date,
    *,
    responded_on: dt.date | None = None,
    due_on: dt.date | None = None,
    days: int | None = None,
    channel: str = "email",
) -> Case:
    due = due_on or received_on + dt.timedelta(days=14)
    return Case.objects.create(
        reference=f"COR-T-{next(NUMBERS):05d}",
        received_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(10))),
        received_on=received_on,
        channel=channel,
        category=Category.objects.get(name=category),
        subject="Test",
        correspondent_name="Pat Example",
        due_on=due,
        status="closed" if responded_on else "received",
        responded_on=responded_on,
        response_due_on=due if responded_on else None,
        working_days_taken=days,
    )


def calls(day: dt.date, n: int) -> CallDay:
    return CallDay.objects.create(date=day, calls_answered=n)


def area(name: str, start_year: int = 2019) -> PolicingArea:
    return PolicingArea.objects.valid_in(start_year).get(name=name)


def event(day: dt.date, event_type: str = "ward_forum", *, where: str | None = "Dudley", **fields) -> Event:
    values = {"commissioner": True, "status": "attended"} | fields
    return Event.objects.create(
        date=day,
        title="Test event",
        event_type=event_type,
        area=area(where, day.year if day.month > 3 else day.year - 1) if where else None,
        **values,
    )


def consultation(
    title: str, opens: dt.date, closes: dt.date, phases: list[tuple[str, str, int]]
) -> Consultation:
    """`phases`: (type, measure, count) in order."""
    record = Consultation.objects.create(title=title, purpose="plan", opens_on=opens, closes_on=closes)
    for number, (kind, measure, n) in enumerate(phases, 1):
        ConsultationPhase.objects.create(
            consultation=record, number=number, phase_type=kind, title=f"Phase {kind}", starts_on=opens,
            ends_on=closes, measure=measure, count=n,
        )  # fmt: skip
    return record


def edition(number: int, ceremony: dt.date | None) -> AwardEdition:
    return AwardEdition.objects.create(
        number=number,
        nominations_open_on=D(2018, 1, 1),
        nominations_close_on=D(2018, 2, 1),
        ceremony_on=ceremony,
    )


def nominate(
    award: AwardEdition, category: str, name: str, status: str, *, consent: bool = False
) -> Nomination:
    return Nomination.objects.create(
        edition=award,
        category=AwardCategory.objects.get(name=category),
        nominee_name=name,
        nominator_name="A neighbour",
        citation="Kindness",
        publicity_consent=consent,
        received_on=D(2018, 1, 10),
        status=status,
    )


def cohort(name: str, starts: dt.date, ends: dt.date, votes: int = 0) -> YouthCohort:
    return YouthCohort.objects.create(
        name=name, elected_on=starts, term_starts_on=starts, term_ends_on=ends, votes_cast=votes
    )


def member(group: YouthCohort, where: str, start_year: int = 2019) -> YouthCommissioner:
    return YouthCommissioner.objects.create(
        cohort=group, name="Amani B.", area=area(where, start_year), age_band="15-16"
    )


def activity(group: YouthCohort, kind: str, day: dt.date, responses: int | None = None) -> YouthActivity:
    return YouthActivity.objects.create(cohort=group, kind=kind, title=kind, date=day, responses=responses)
