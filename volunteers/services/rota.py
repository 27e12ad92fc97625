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
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.services import save
from volunteers.models import (
    CustodyVisit,
    RotaAssignment,
    RotaSlot,
    Scheme,
    TimeBand,
    Volunteer,
)

from .common import require_coordinator
from .eligibility import require_eligible, with_training

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
    "rota_confirm",
    "rota_slot_cancel",
    "rota_slot_change_pair",
    "rota_slot_create",
    "rota_slot_link_visit",
]
