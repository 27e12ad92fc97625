"""Demo custody visiting and appropriate adult records whose report pack reproduces the published
figures (see `figures`), and this year's work for the lists, rota, dashboard and heatmap.

Written in bulk (a few seconds), from a seeded random generator (the same records every time), as
the demo user "coordinator"; history rows are written with them. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from opcc.core.demo import DemoUsersMissing
from opcc.core.models import CustodySuite
from volunteers.models import Volunteer

from . import callouts, people, rota, visits

SEED = 2019


@transaction.atomic
def seed(*, stdout) -> None:
    if Volunteer.objects.filter(email__endswith=f"@{people.DEMO_DOMAIN}").exists():
        stdout.write("Custody schemes demo records already there.")
        return
    by = get_user_model().objects.filter(username="coordinator").first()
    if by is None:
        raise DemoUsersMissing("The custody schemes demo needs the demo user 'coordinator'.")
    rng = random.Random(SEED)  # noqa: S311 (repeatable demo records)
    today = timezone.localdate()
    suites = {s.name: s for s in CustodySuite.objects.filter(name__in=visits.SUITE_WEIGHTS)}
    cast = people.build(rng, today)
    people.save(cast, rng, today, by=by)
    made_visits = visits.build(rng, today, cast, suites)
    since = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)  # this financial year
    visits.save(made_visits, rng, today, since=since, by=by)
    made_callouts = callouts.build(rng, today, cast, suites)
    callouts.save(made_callouts, since=since, by=by)
    slots = rota.seed(rng, today, list(suites.values()), by=by)
    stdout.write(
        f"Custody schemes: {len(cast)} volunteers, {len(made_visits)} custody visits, "
        f"{len(made_callouts)} appropriate adult call-outs, {slots} rota slots ahead."
    )
