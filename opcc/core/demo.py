"""Pieces every module's demo seeder shares: a simulated clock, bulk writes, and the error for
missing demo users.

Seeders run the real services; `DemoClock` makes `timezone.localdate()` and `timezone.now()` say
the day each step happened, so histories, timestamps and decisions read as they would have.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.db import connection
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


def copy_rows(objects: list[Any], model) -> list[Any]:
    """Write unsaved rows (model objects, or dicts of field values by attname, the fields' defaults
    for the rest) with PostgreSQL COPY, many times quicker than INSERT for thousands of rows; they
    get no ids. Timestamps that Django fills on save are filled here."""
    if not objects:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    defaults = {f.attname: f.get_default() for f in fields}

    def value(obj: Any, name: str) -> Any:
        if name in stamped:
            return now
        if isinstance(obj, dict):
            return obj.get(name, defaults[name])
        return getattr(obj, name)

    if connection.vendor != "postgresql":  # the embedded SQLite default: plain bulk inserts
        rows = [model(**obj) if isinstance(obj, dict) else obj for obj in objects]
        model.objects.bulk_create(rows, batch_size=500)
        return []
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([value(obj, f.attname) for f in fields])
    return []


# One fictional person who appears in more than one module's demo records, so the subject access
# journey ("find this person") has something to find across modules in the run command's data.
# The phone number is in Ofcom's drama range; the address and postcode are invented.
DEMO_REQUESTER = {
    "name": "Morgan Ellis",
    "email": "morgan.ellis@example.org",
    "phone": "07700 900461",
    "address": "14 Larch Grove, Birmingham",
    "postcode": "B44 9QX",
}
