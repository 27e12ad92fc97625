"""A planned rota slot for the route matrix, the page sweep and the admin sweep (no tests here).

Written straight to the database with two eligible custody visitors, a week ahead, at the first
suite open then, in a band no other slot of that suite and day holds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from opcc.core.models import CustodySuite
from volunteers.models import RotaAssignment, RotaSlot, TimeBand


def slot_for_routes() -> RotaSlot:
    from tests.volunteers.conftest import build_volunteer

    planned = RotaSlot.objects.filter(cancelled_reason="", visit=None, day__gt=timezone.localdate()).order_by(
        "day", "pk"
    )
    if planned.exists():
        return planned.first()
    day = timezone.localdate() + dt.timedelta(days=7)
    suite = CustodySuite.objects.open_between(day, day).order_by("pk").first()
    taken = set(RotaSlot.objects.filter(suite=suite, day=day).values_list("band", flat=True))
    band = next(b for b in TimeBand.values if b not in taken)
    slot = RotaSlot.objects.create(suite=suite, day=day, band=band)
    RotaAssignment.objects.bulk_create(
        [RotaAssignment(slot=slot, volunteer=build_volunteer("icv")) for _ in range(2)]
    )
    slot.save()  # a second history row, so the admin's history version page has one to open
    return slot
