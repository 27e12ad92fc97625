"""Suggested rota pairs: fair (fewest recent visits first, never the same pair twice in a row) and
spread over the days and time bands the suite has seen least, so visits stay varied and unannounced.
The coordinator confirms them through `rota_confirm`, which checks each as a new slot.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from opcc.core.models import CustodySuite
from volunteers.models import (
    BAND_STARTS,
    Course,
    CustodyVisit,
    RotaAssignment,
    RotaSlot,
    Scheme,
    TimeBand,
    Volunteer,
    band_of,
)

from .eligibility import barriers, with_training
from .rota import FAIRNESS_DAYS, MAX_SUGGEST_WEEKS, _band_label


@dataclass(frozen=True)
class Proposal:
    day: dt.date
    band: str
    visitors: tuple[Volunteer, Volunteer]

    @property
    def band_label(self) -> str:
        return _band_label(self.band)

    @property
    def key(self) -> str:
        """What the confirm form sends back: the service checks it all again."""
        return f"{self.day.isoformat()}|{self.band}|{self.visitors[0].pk}|{self.visitors[1].pk}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _recent_load(first_day: dt.date) -> Counter[int]:
    """Visits made in the last twelve weeks plus slots already planned from then on, per volunteer."""
    since = first_day - dt.timedelta(days=FAIRNESS_DAYS)
    made = (
        CustodyVisit.visitors.through.objects.filter(
            custodyvisit__visited_on__gte=since, custodyvisit__visited_on__lt=first_day
        )
        .order_by()
        .values_list("volunteer")
        .annotate(n=Count("pk"))
    )
    load: Counter[int] = Counter(dict(made))
    planned = (
        RotaAssignment.objects.filter(slot__day__gte=since, slot__cancelled_reason="")
        .order_by()
        .values_list("volunteer")
        .annotate(n=Count("pk"))
    )
    load.update(dict(planned))
    return load


def _cell_use(suite: CustodySuite, first_day: dt.date) -> Counter[tuple[int, str]]:
    """How often each (weekday, band) was visited or planned at the suite lately."""
    since = first_day - dt.timedelta(days=FAIRNESS_DAYS)
    use: Counter[tuple[int, str]] = Counter()
    for day, arrived in CustodyVisit.objects.filter(suite=suite, visited_on__gte=since).values_list(
        "visited_on", "arrived_at"
    ):
        use[(day.weekday(), band_of(arrived.hour))] += 1
    for day, band in RotaSlot.objects.filter(suite=suite, day__gte=since, cancelled_reason="").values_list(
        "day", "band"
    ):
        use[(day.weekday(), band)] += 1
    return use


def _last_pair(suite: CustodySuite, before: dt.date) -> frozenset[int]:
    slot = (
        RotaSlot.objects.filter(suite=suite, day__lt=before, cancelled_reason="")
        .order_by("-day", "-pk")
        .prefetch_related("assignments")
        .first()
    )
    return frozenset(a.volunteer_id for a in slot.assignments.all()) if slot else frozenset()


def rota_suggest(*, suite: CustodySuite, first_day: dt.date, weeks: int) -> list[Proposal]:
    """Proposed slots from `first_day` for `weeks` weeks meeting the suite's weekly target.

    Each week gets as many new slots as the target less the slots already planned that week, on
    different days, at the (weekday, band) cells the suite has had least lately (ties broken at
    random, seeded by suite and date, so the same request gives the same answer). Each slot takes
    the two eligible visitors with the fewest recent visits and planned slots who are free in that
    band, never the pair of the slot before it.
    """
    if not 1 <= weeks <= MAX_SUGGEST_WEEKS:
        raise ValidationError({"weeks": f"Suggest between 1 and {MAX_SUGGEST_WEEKS} weeks."})
    first_day = max(first_day, timezone.localdate())
    target = suite.weekly_visit_target
    if target <= 0:
        return []
    last_day = _monday(first_day) + dt.timedelta(weeks=weeks, days=-1)
    courses = list(Course.objects.filter(active=True))
    candidates = list(
        with_training(
            Volunteer.objects.active()
            .in_scheme(Scheme.ICV)
            .filter(reaccreditation_due_on__gte=first_day, vetting_expires_on__gte=first_day)
            .order_by("pk")
        )
    )
    existing = list(
        RotaSlot.objects.filter(
            day__gte=_monday(first_day), day__lte=last_day, cancelled_reason=""
        ).values_list("suite_id", "day", "band", "assignments__volunteer")
    )
    busy = {(day, band, person) for _, day, band, person in existing}
    planned_here: Counter[dt.date] = Counter()
    taken_cells = set()
    for suite_id, day, band, _ in existing:
        if suite_id == suite.pk and (day, band) not in taken_cells:
            taken_cells.add((day, band))
            planned_here[_monday(day)] += 1
    load, use = _recent_load(first_day), _cell_use(suite, first_day)
    band_use: Counter[str] = Counter()
    day_use: Counter[int] = Counter()
    for (weekday, band), n in use.items():
        band_use[band] += n
        day_use[weekday] += n
    rng = random.Random(f"{suite.pk}:{first_day.isoformat()}")  # noqa: S311  (a tie-break, not a secret)
    previous = _last_pair(suite, first_day)
    proposals: list[Proposal] = []
    last_band = ""
    for week in range(weeks):
        monday = _monday(first_day) + dt.timedelta(weeks=week)
        days = [
            d
            for d in (monday + dt.timedelta(days=i) for i in range(7))
            if first_day <= d and suite.open_on(d)
        ]
        needed = target - planned_here[monday]
        used_days: set[dt.date] = set()
        while needed > 0:
            cells = [
                (d, b)
                for d in days
                for b in BAND_STARTS
                if (d, b) not in taken_cells and (d not in used_days or len(used_days) >= len(days))
            ]
            if not cells:
                break
            rng.shuffle(cells)
            # Least-used cell first; between equals, the band and then the weekday used least.
            cells.sort(
                key=lambda c: (
                    use[(c[0].weekday(), c[1])],
                    band_use[c[1]],
                    day_use[c[0].weekday()],
                    c[1] == last_band,
                )
            )
            placed = False
            for day, band in cells:
                free = [
                    v
                    for v in candidates
                    if (day, band, v.pk) not in busy
                    and not barriers(v, scheme=Scheme.ICV, day=day, courses=courses)
                ]
                pair = _fair_pair(free, load, previous)
                if pair is None:
                    continue
                proposals.append(Proposal(day=day, band=band, visitors=pair))
                for person in pair:
                    load[person.pk] += 1
                    busy.add((day, band, person.pk))
                use[(day.weekday(), band)] += 1
                band_use[band] += 1
                day_use[day.weekday()] += 1
                taken_cells.add((day, band))
                used_days.add(day)
                previous, last_band, placed = frozenset(v.pk for v in pair), band, True
                break
            if not placed:
                break
            needed -= 1
    return sorted(proposals, key=lambda p: (p.day, BAND_STARTS[TimeBand(p.band)]))


def _fair_pair(
    free: list[Volunteer], load: Counter[int], previous: frozenset[int]
) -> tuple[Volunteer, Volunteer] | None:
    ranked = sorted(free, key=lambda v: (load[v.pk], v.pk))
    for i, first in enumerate(ranked):
        for second in ranked[i + 1 :]:
            if frozenset({first.pk, second.pk}) != previous:
                return first, second
    return None
