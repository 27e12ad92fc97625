"""The rota for the coming three weeks: one slot a week per suite, each a pair of visitors who may
act on the day (the eligibility rule the rota service applies)."""

from __future__ import annotations

import datetime as dt
import random

from simple_history.utils import bulk_create_with_history

from opcc.core.models import CustodySuite
from volunteers.models import RotaAssignment, RotaSlot, Scheme, TimeBand
from volunteers.services.eligibility import eligible

WEEKS = 3


def seed(rng: random.Random, today: dt.date, suites: list[CustodySuite], *, by) -> int:
    slots, pairs = [], []
    for week in range(WEEKS):
        for suite in suites:
            day = today + dt.timedelta(days=1 + week * 7 + rng.randint(0, 6))
            people = eligible(scheme=Scheme.ICV, day=day)
            if len(people) < 2:
                continue
            slots.append(RotaSlot(suite=suite, day=day, band=rng.choice(list(TimeBand))))
            pairs.append(rng.sample(people, 2))
    saved = bulk_create_with_history(slots, RotaSlot, default_user=by, default_change_reason="Demo rota")
    RotaAssignment.objects.bulk_create(
        RotaAssignment(slot=slot, volunteer=volunteer)
        for slot, pair in zip(saved, pairs, strict=True)
        for volunteer in pair
    )
    return len(saved)
