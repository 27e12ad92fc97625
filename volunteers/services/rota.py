"""The visit rota: pairs of custody visitors for each suite over the coming weeks.

A slot holds exactly two different custody visitors, each eligible on its day
(`require_eligible`), at a suite open that day, one slot per suite, day and time band, and nobody
in two slots of the same day and band. Writes lock the volunteers' rows, so two coordinators
filling slots at once cannot double-book a person; the unique constraint catches two filling the
same slot. `rota_suggest` proposes pairs fairly (fewest recent visits first, never the same pair
twice in a row) over days and bands the suite has seen least, so visits stay varied and unannounced.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.services import save
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

from .common import require_coordinator
from .eligibility import barriers, require_eligible, with_training

WHAT = "this rota slot"
FAIRNESS_DAYS = 84  # "recent visits": the last twelve weeks
MAX_SUGGEST_WEEKS = 12


def _band_label(band: str) -> str:
    return str(TimeBand(band).label)


def _where(suite: CustodySuite, day: dt.date, band: str) -> str:
    return f"{suite} on {long_date(day)}, {_band_label(band).split(' (')[0].lower()}"


def _check_pair(visitors: Sequence[Volunteer]) -> None:
    people = list(visitors)
    if len(people) == 2 and people[0].pk == people[1].pk:
        raise ValidationError(
            {"visitors": f"{people[0].name} cannot be paired with themselves: choose two different visitors."}
        )
    if len(people) != 2 or len({v.pk for v in people}) != 2:
        raise ValidationError({"visitors": "A rota slot needs exactly two different custody visitors."})


def _check_double_booked(
    visitors: Sequence[Volunteer], *, day: dt.date, band: str, exclude: RotaSlot | None = None
) -> None:
    busy = RotaAssignment.objects.filter(
        volunteer__in=visitors, slot__day=day, slot__band=band, slot__cancelled_reason=""
    ).select_related("slot__suite", "volunteer")
    if exclude is not None:
        busy = busy.exclude(slot=exclude)
    messages = [
        f"{a.volunteer.name} is already on the rota at {_where(a.slot.suite, day, band)}."
        for a in busy.order_by("volunteer__last_name", "pk")
    ]
    if messages:
        raise ValidationError({"visitors": messages})


def _lock(visitors: Sequence[Volunteer]) -> list[Volunteer]:
    """The visitors' rows locked (in pk order, so two writers cannot deadlock), training prefetched."""
    ids = sorted({v.pk for v in visitors})
    locked = list(Volunteer.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    by_pk = {v.pk: v for v in with_training(Volunteer.objects.filter(pk__in=ids))}
    return [by_pk[v.pk] for v in locked]


def _check_day(suite: CustodySuite, day: dt.date) -> None:
    if day < timezone.localdate():
        raise ValidationError({"day": "The rota is for the coming weeks: the day cannot be in the past."})
    if not suite.open_on(day):
        raise ValidationError({"suite": f"{suite} is not open on {long_date(day)}."})


def _assign(slot: RotaSlot, visitors: Sequence[Volunteer]) -> None:
    slot.assignments.all().delete()
    RotaAssignment.objects.bulk_create([RotaAssignment(slot=slot, volunteer=v) for v in visitors])


@transaction.atomic
def rota_slot_create(
    *, by, suite: CustodySuite, day: dt.date, band: str, visitors: Sequence[Volunteer]
) -> RotaSlot:
    """A slot with its pair; a cancelled slot at the same suite, day and band is filled again."""
    require_coordinator(by, action="plan the visit rota")
    if band not in TimeBand.values:
        raise ValidationError({"band": "Choose a time of day."})
    _check_day(suite, day)
    _check_pair(visitors)
    people = _lock(visitors)
    require_eligible(people, scheme=Scheme.ICV, day=day, field="visitors", what=WHAT)
    _check_double_booked(people, day=day, band=band)
    taken = f"There is already a rota slot at {_where(suite, day, band)}: change its pair instead."
    slot = RotaSlot.objects.select_for_update().filter(suite=suite, day=day, band=band).first()
    if slot is not None and not slot.cancelled_reason:
        raise ValidationError({"band": taken})
    names = " and ".join(v.name for v in people)
    if slot is None:
        try:
            with transaction.atomic():  # a savepoint: a slot added at the same moment is a clear message
                slot = save(RotaSlot(suite=suite, day=day, band=band), by=by, reason=f"Planned: {names}")
        except IntegrityError:
            raise ValidationError({"band": taken}) from None
    else:
        slot.cancelled_reason = ""
        save(slot, by=by, reason=f"Planned again: {names}")
    _assign(slot, people)
    return slot


def _lock_slot(slot: RotaSlot) -> RotaSlot:
    slot = RotaSlot.objects.select_for_update().select_related("suite").get(pk=slot.pk)
    if slot.cancelled_reason:
        raise ValidationError("This rota slot was cancelled.")
    if slot.visit_id is not None:
        raise ValidationError("The visit for this rota slot has been recorded: the slot cannot change now.")
    return slot


@transaction.atomic
def rota_slot_change_pair(*, slot: RotaSlot, by, visitors: Sequence[Volunteer]) -> RotaSlot:
    require_coordinator(by, action="plan the visit rota")
    slot = _lock_slot(slot)
    _check_day(slot.suite, slot.day)
    _check_pair(visitors)
    people = _lock(visitors)
    require_eligible(people, scheme=Scheme.ICV, day=slot.day, field="visitors", what=WHAT)
    _check_double_booked(people, day=slot.day, band=slot.band, exclude=slot)
    save(slot, by=by, reason=f"Pair changed to {' and '.join(v.name for v in people)}")
    _assign(slot, people)
    return slot


@transaction.atomic
def rota_slot_cancel(*, slot: RotaSlot, by, reason: str) -> RotaSlot:
    require_coordinator(by, action="plan the visit rota")
    slot = _lock_slot(slot)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Give the reason the slot is cancelled."})
    if len(reason) > 500:
        raise ValidationError({"reason": "Shorten the reason to 500 characters or fewer."})
    slot.cancelled_reason = reason
    return save(slot, by=by, reason=f"Cancelled: {reason}")


@transaction.atomic
def rota_slot_link_visit(*, slot: RotaSlot, by, visit: CustodyVisit) -> RotaSlot:
    """The visit made for this slot (same suite, same day)."""
    require_coordinator(by, action="plan the visit rota")
    slot = _lock_slot(slot)
    if visit.suite_id != slot.suite_id or visit.visited_on != slot.day:
        raise ValidationError(
            {"visit": f"{visit.reference} was not made at {slot.suite} on {long_date(slot.day)}."}
        )
    if RotaSlot.objects.filter(visit=visit).exclude(pk=slot.pk).exists():
        raise ValidationError({"visit": f"{visit.reference} is already linked to another rota slot."})
    slot.visit = visit
    return save(slot, by=by, reason=f"Visit {visit.reference} recorded")


# --- suggestions -----------------------------------------------------------------------------------


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


def rota_confirm(*, by, suite: CustodySuite, keys: Sequence[str]) -> list[RotaSlot]:
    """The suggested slots the coordinator confirmed, all or none (each checked by rota_slot_create)."""
    require_coordinator(by, action="plan the visit rota")
    parsed = []
    for key in keys:
        try:
            day_text, band, one, other = key.split("|")
            parsed.append((dt.date.fromisoformat(day_text), TimeBand(band).value, int(one), int(other)))
        except ValueError:
            raise ValidationError("The suggestion could not be read: ask for new suggestions.") from None
    if not parsed:
        raise ValidationError("Choose at least one suggested slot to add.")
    people = Volunteer.objects.in_bulk({p for *_, a, b in parsed for p in (a, b)})
    slots = []
    with transaction.atomic():
        for day, band, first, second in parsed:
            if first not in people or second not in people:
                raise ValidationError("The suggestion could not be read: ask for new suggestions.")
            try:
                slots.append(
                    rota_slot_create(
                        by=by, suite=suite, day=day, band=band, visitors=[people[first], people[second]]
                    )
                )
            except ValidationError as exc:
                where = _where(suite, day, band)
                raise ValidationError([f"{where}: {m}" for m in exc.messages]) from None
    return slots


__all__ = [
    "Proposal",
    "rota_confirm",
    "rota_slot_cancel",
    "rota_slot_change_pair",
    "rota_slot_create",
    "rota_slot_link_visit",
    "rota_suggest",
]
