"""Demo events, the 2021 Police and Crime Plan consultation, two awards ceremonies and three Youth
Commissioner cohorts (see `figures` for what is published and what is invented)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from engagement.models import (
    AgeBand,
    AwardCategory,
    AwardEdition,
    Consultation,
    ConsultationPhase,
    ConsultationResult,
    Event,
    EventStatus,
    EventType,
    Nomination,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from opcc.core.demo import copy_rows
from opcc.core.models import PolicingArea

from . import figures
from .common import scaled

TYPE_WEIGHTS = {
    EventType.RESIDENTS_GROUP: 10,
    EventType.WARD_FORUM: 8,
    EventType.CIVIC: 9,
    EventType.PARTNERS: 12,
    EventType.BUSINESSES: 5,
    EventType.STAKEHOLDERS: 8,
    EventType.MPS_COUNCILLORS: 6,
    EventType.FAITH_GROUP: 7,
    EventType.POLICE_VISIT: 9,
    EventType.CONFERENCE: 4,
    EventType.COMMUNITY_MEETING: 8,
    EventType.RESIDENT_EVENT: 5,
    EventType.WORKSHOP: 3,
    EventType.FOCUS_GROUP: 2,
    EventType.UNIVERSITY: 2,
    EventType.FESTIVAL: 3,
    EventType.WALKABOUT: 4,
    EventType.ASSEMBLY: 1,
}


def _event(rng: random.Random, day: dt.date, areas: list, **who) -> dict:
    kind = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    area = rng.choice(areas) if rng.random() < 0.85 else None
    where = area.name if area else "West Midlands"
    return {
        "date": day,
        "title": f"{kind.label}, {where}",
        "event_type": kind.value,
        "area_id": area.pk if area else None,
        "audience_estimate": rng.choice((None, 20, 35, 50, 80, 120, 300)),
        "status": EventStatus.ATTENDED,
        **who,
    }


def events(rng: random.Random, today: dt.date, *, since: dt.date, by) -> int:
    """Each year's events the Commissioner attended (exactly the figure), others the Deputy or staff
    went to alone, a few cancelled; and this year's planned ones ahead."""
    rows: list[dict] = []
    for start_year, attended in figures.EVENTS.items():
        first, last = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
        if first >= today:
            continue
        end = min(last, today - dt.timedelta(days=1))
        count = scaled(attended, start_year, today)
        areas = list(
            PolicingArea.objects.valid_in(start_year).exclude(kind=PolicingArea.Kind.ALLOCATION_LINE)
        )
        span = (end - first).days
        for _ in range(count):
            day = first + dt.timedelta(days=rng.randint(0, span))
            rows.append(_event(rng, day, areas, commissioner=True, deputy=rng.random() < 0.2, staff=True))
        for _ in range(count // 5):
            day = first + dt.timedelta(days=rng.randint(0, span))
            rows.append(_event(rng, day, areas, deputy=True, staff=rng.random() < 0.5))
        for _ in range(3):
            day = first + dt.timedelta(days=rng.randint(0, span))
            rows.append(_event(rng, day, areas, commissioner=True) | {"status": EventStatus.CANCELLED})
        if today <= last:
            for ahead in (3, 9, 16, 24, 33, 41):
                day = today + dt.timedelta(days=ahead)
                rows.append(
                    _event(rng, day, areas, commissioner=True, staff=True) | {"status": EventStatus.PLANNED}
                )
    copy_rows([r for r in rows if r["date"] < since], Event)
    bulk_create_with_history(
        [Event(**r) for r in rows if r["date"] >= since],
        Event,
        default_user=by,
        default_change_reason="Demo record",
    )
    return len(rows)


def consultation(*, by) -> Consultation:
    """The 2021 Police and Crime Plan consultation: six phases adding up to the published 4,622."""
    record = Consultation(
        **figures.CONSULTATION, summary="Six phases: evidence, roundtables, surveys, young people."
    )
    record._history_user = by  # type: ignore[attr-defined]
    record.save()
    phases = ConsultationPhase.objects.bulk_create(
        ConsultationPhase(
            consultation=record, number=n, phase_type=kind, title=title, starts_on=starts, ends_on=ends,
            measure=measure, count=count,
        )
        for n, kind, title, starts, ends, measure, count in figures.PHASES
    )  # fmt: skip
    by_number = {p.number: p for p in phases}
    ConsultationResult.objects.bulk_create(
        ConsultationResult(consultation=record, phase=by_number.get(n), metric=metric, value=value, unit=unit)
        for n, metric, value, unit in figures.RESULTS
    )
    return record


def awards() -> int:
    """The 7th awards (11 July 2019) and the ceremony of 8 October 2022."""
    categories = {c.name: c for c in AwardCategory.objects.all()}
    made = 0
    for number, ceremony, opens, closes, nominations in (
        (7, figures.AWARDS_2019, dt.date(2019, 2, 1), dt.date(2019, 4, 30), figures.NOMINATIONS_2019),
        (8, figures.AWARDS_2022, dt.date(2022, 6, 1), dt.date(2022, 7, 31), figures.NOMINATIONS_2022),
    ):
        edition = AwardEdition.objects.create(
            number=number, nominations_open_on=opens, nominations_close_on=closes, ceremony_on=ceremony
        )
        edition.categories.set([categories[name] for name in dict.fromkeys(n[0] for n in nominations)])
        rows = [
            Nomination(
                edition=edition,
                category=categories[category],
                nominee_name=nominee,
                nominee_kind=kind,
                nominator_name="Name withheld",
                citation="For service to the community (demo record).",
                young_person="Young" in category,
                publicity_consent=consent,
                received_on=closes - dt.timedelta(days=10 + i),
                status=status,
            )
            for i, (category, status, nominee, kind, consent) in enumerate(nominations)
        ]
        Nomination.objects.bulk_create(rows)
        made += len(rows)
    return made


def youth(rng: random.Random, *, by) -> int:
    """Three cohorts of 16: two per NPU (2018-20, 2023-25), then by LPA with four for Birmingham."""
    members: list[YouthCommissioner] = []
    cohorts = []
    for name, elected, starts, ends, votes, status in figures.COHORTS:
        cohort = YouthCohort(
            name=name, elected_on=elected, term_starts_on=starts, term_ends_on=ends, votes_cast=votes
        )
        cohort._history_user = by  # type: ignore[attr-defined]
        cohort.save()
        cohorts.append(cohort)
        # The areas of the election's financial year (the reference areas begin in 2019/20).
        year = max(elected.year if elected.month >= 4 else elected.year - 1, 2019)
        areas = PolicingArea.objects.valid_in(year).exclude(kind=PolicingArea.Kind.ALLOCATION_LINE)
        by_name = {a.name: a for a in areas}
        seats = [by_name[n] for n in figures.NPUS for _ in range(2)] if "Birmingham East" in by_name else [
            a for a in areas.order_by("sort_order", "name") for _ in range(4 if a.name == "Birmingham" else 2)
        ]  # fmt: skip
        names = rng.sample(figures.FIRST_NAMES, len(seats))
        for seat, first in zip(seats, names, strict=True):
            band = rng.choice((AgeBand.AGE_15_16, AgeBand.AGE_17_18, AgeBand.AGE_17_18, AgeBand.AGE_13_14))
            initial = chr(ord("A") + rng.randrange(26))
            members.append(YouthCommissioner(cohort=cohort, name=f"{first} {initial}.", area=seat, age_band=band,
                                             status=status))  # fmt: skip
    bulk_create_with_history(members, YouthCommissioner, default_user=by, default_change_reason="Demo record")
    YouthActivity.objects.bulk_create(
        YouthActivity(cohort=cohorts[i], kind=kind, title=title, date=day, responses=responses)
        for i, kind, title, day, responses in figures.ACTIVITIES
        if day <= timezone.localdate()
    )
    return len(members)
