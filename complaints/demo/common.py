"""What the reviews seeders share: the demo users, an application's details, working days and the
bulk writes of past years (timestamps as given, references after the counters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from complaints.clock import CALENDAR, closures
from complaints.models import HandlingType
from opcc.core.demo import DemoUsersMissing
from opcc.core.models import ReferenceCounter
from opcc.core.workdays import add_working_days, is_working_day

DAY = dt.timedelta(days=1)
FIRST = ("Jordan", "Priya", "Callum", "Aisha", "Tom", "Megan", "Imran", "Grace", "Kwame", "Sophie")
LAST = ("Bennett", "Hussain", "Walsh", "Okafor", "Price", "Kaur", "Doyle", "Ahmed", "Morgan", "Lloyd")
SUMMARIES = (
    "Unhappy with how a report of criminal damage was investigated.",
    "Says the call handler was rude when reporting antisocial behaviour.",
    "Complains that a stop and search was not explained.",
    "Says nobody kept them updated on a burglary investigation.",
    "Unhappy with how property seized was returned.",
)
RESPONSES = ("accepted", "accepted", "partly", "accepted", "not_accepted")
ALLEGATION = "The complaint was not properly investigated."
FINDING_REASONS = "Read against the investigation report and the evidence gathered."
UPHELD_REASONS = "The outcome was not reasonable and proportionate."
NOT_UPHELD_REASONS = "The outcome stands."
ASKED_FOR = "The investigation report and the complainant's statement"
LESSON = "Explain each finding to the complainant in plain words."
RECOMMENDATIONS = (
    "Reinvestigate the complaint and write to the complainant.",
    "Brief the team on keeping complainants updated.",
)
ACTION_TAKEN = "The force has written to the complainant."
EXTENSION = "In hospital during the 28 days; evidence seen."
WITHDRAWN = "Phoned to say they no longer wish to go on."


def demo_users():
    """(staff, reviews manager): the demo users "staff" and "reviews"."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("staff", "reviews"))}
    if len(users) < 2:
        raise DemoUsersMissing("The demo users staff and reviews do not exist: run `manage.py seed_demo`.")
    return users["staff"], users["reviews"]


def intake(code: str, n: int, received: dt.date, *, late: bool = False) -> dict[str, Any]:
    """The n-th demo application's intake fields (as `review_create` takes them)."""
    info_given = received - dt.timedelta(days=40 if late else 6 + n % 15)
    return {
        "force_reference": f"PSD-{code}-{n:04d}",
        "complainant_name": f"{FIRST[n % 10]} {LAST[(n // 10) % 10]}",
        "complainant_email": f"complainant{n}@example.org",
        "preferred_channel": ("email", "letter", "phone")[n % 3],
        "complaint_made_on": info_given - dt.timedelta(days=90 + n % 60),
        "handling_type": HandlingType.INVESTIGATED if n % 3 else HandlingType.OTHERWISE,
        "summary": SUMMARIES[n % len(SUMMARIES)],
        "review_info_given_on": info_given,
        "received_on": received,
        "received_channel": ("email", "web_form", "letter", "phone")[n % 4],
    }


class WorkingDays:
    """Working days on the reviews' calendar and the office's closure days (read once)."""

    def __init__(self) -> None:
        self.closed = closures()

    def plus(self, day: dt.date, working_days: int) -> dt.date:
        return add_working_days(day, working_days, calendar=CALENDAR, closures=self.closed)

    def back(self, day: dt.date, working_days: int) -> dt.date:
        """The working day `working_days` working days before `day`."""
        while working_days or not self.working(day):
            day -= DAY
            if self.working(day):
                working_days -= 1
        return day

    def working(self, day: dt.date) -> bool:
        return is_working_day(day, calendar=CALENDAR, closures=self.closed)


def moment(day: dt.date, minute: int = 0) -> dt.datetime:
    """`day` in office hours, as `DemoClock.now()` would have said it (09:00 plus `minute`)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=minute % 540))


@contextmanager
def timestamps_as_given(*models) -> Iterator[None]:
    """Bulk writes keep the `created_at`/`updated_at` set on each row (the day it happened) instead
    of Django stamping the time of writing."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    kept = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in kept:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def references(objects: list[Any], prefix: str) -> None:
    """`PREFIX-YEAR-0001` by year received, in the order given, after any the counters already
    issued; the counters move on past them, so the services' next references follow."""
    keys = {o.received_on.year: f"{prefix}-{o.received_on.year}" for o in objects}
    for key in keys.values():
        ReferenceCounter.objects.get_or_create(key=key)
    counters = {c.key: c for c in ReferenceCounter.objects.select_for_update().filter(key__in=keys.values())}
    for obj in objects:
        counter = counters[keys[obj.received_on.year]]
        counter.last += 1
        obj.reference = f"{counter.key}-{counter.last:04d}"
    ReferenceCounter.objects.bulk_update(counters.values(), ["last"])
