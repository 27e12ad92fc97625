"""Demo correspondence, calls, events, consultations, awards and Youth Commissioners whose report
pack reproduces the published figures (see `figures`), and this year's work in hand.

Written in bulk (COPY on PostgreSQL), from a seeded random generator (the same records every time),
as the demo user "staff"; this year's cases in hand go through the services under `DemoClock`.
Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from engagement.models import Consultation
from engagement.services.common import closures
from opcc.core.demo import DemoUsersMissing

from . import casework, current, engagement, figures

SEED = 2019


@transaction.atomic
def seed(*, stdout) -> None:
    if Consultation.objects.filter(title=figures.CONSULTATION["title"]).exists():
        stdout.write("Engagement demo records already there.")
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("staff", "assessor"))}
    if len(users) < 2:
        raise DemoUsersMissing("The engagement demo needs the demo users 'staff' and 'assessor'.")
    staff, assessor = users["staff"], users["assessor"]
    rng = random.Random(SEED)  # noqa: S311 (repeatable demo records)
    today = timezone.localdate()
    since = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)  # this financial year
    cases = casework.build(rng, today, [staff, assessor], closures())
    casework.save(cases, since=since, by=staff)
    in_hand = current.seed(rng, today, staff=staff, assessor=assessor)
    calls = casework.calls(rng, today)
    events = engagement.events(rng, today, since=since, by=staff)
    engagement.consultation(by=staff)
    nominations = engagement.awards()
    members = engagement.youth(rng, by=staff)
    stdout.write(
        f"Engagement: {len(cases) + len(in_hand)} cases ({len(in_hand)} in hand), {calls:,} calls, "
        f"{events} events, 1 consultation, {nominations} award nominations, {members} Youth Commissioners."
    )
