"""Pieces every module's demo seeder shares: a simulated clock, and the error for missing demo users.

Seeders run the real services; `DemoClock` makes `timezone.localdate()` and `timezone.now()` say
the day each step happened, so histories, timestamps and decisions read as they would have.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


class DemoUsersMissing(RuntimeError):
    pass


class DemoClock:
    """Makes `timezone.localdate()` and `timezone.now()` say a chosen day while the services run.

    Demo data only. Each `now()` on a simulated day is a minute after the one before, from 09:00
    (office hours), so a record's history reads in the order it was written; on the real today it
    never passes the real time.
    """

    OPENS = dt.time(9, 0)

    def __init__(self) -> None:
        self.day: dt.date | None = None
        self._real = timezone.localdate
        self._real_now = timezone.now
        self.latest = self._real()
        self._ticks: dict[dt.date, int] = {}

    def localdate(self, value=None, timezone=None):
        if value is None and self.day is not None:
            return self.day
        return self._real(value, timezone)

    def now(self) -> dt.datetime:
        real = self._real_now()
        if self.day is None:
            return real
        tick = self._ticks.get(self.day, 0)
        self._ticks[self.day] = tick + 1
        opens = timezone.make_aware(dt.datetime.combine(self.day, self.OPENS))
        return min(opens + dt.timedelta(minutes=tick % 540), real)  # 09:00 to 17:59

    @contextmanager
    def running(self):
        with (
            mock.patch.object(timezone, "localdate", self.localdate),
            mock.patch.object(timezone, "now", self.now),
        ):
            yield self

    def at(self, day: dt.date) -> DemoClock:
        """Set the simulated day; it never passes the real today."""
        self.day = min(day, self.latest)
        return self
