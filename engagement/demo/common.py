"""Bulk writing for the demo: COPY on PostgreSQL (no ids), plain bulk inserts on the embedded SQLite,
and `COR-<year>-<nnnn>` references issued in date order after any the counters already gave out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from opcc.core.models import ReferenceCounter


def split(total: int, parts: int) -> list[int]:
    """`total` shared out as evenly as whole numbers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def scaled(total: int, start_year: int, today: dt.date) -> int:
    """A year's figure, scaled to the days gone (up to yesterday) while the year runs."""
    first, last = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
    if today > last:
        return total
    gone = max((today - first).days, 0)
    return round(total * gone / ((last - first).days + 1))


def references(rows: list[dict[str, Any]], prefix: str = "COR") -> None:
    """Give each row (by `received_at`) the next reference of its calendar year; move the counters on."""
    years = {row["received_on"].year for row in rows}
    keys = {year: f"{prefix}-{year}" for year in years}
    counters = {c.key: c for c in ReferenceCounter.objects.filter(key__in=keys.values())}
    last = {year: counters[key].last if key in counters else 0 for year, key in keys.items()}
    for row in sorted(rows, key=lambda r: r["received_at"]):
        year = row["received_on"].year
        last[year] += 1
        row["reference"] = f"{keys[year]}-{last[year]:04d}"
    for year, key in keys.items():
        counter = counters.get(key) or ReferenceCounter(key=key)
        counter.last = last[year]
        counter.save()


def copy_rows(rows: list[dict[str, Any]], model) -> None:
    """Write dicts of field values (by attname; the fields' defaults for the rest) without ids:
    PostgreSQL COPY, many times quicker than INSERT for thousands of rows; bulk inserts elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":  # the embedded SQLite default
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    defaults = {f.attname: f.get_default() for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [now if f.attname in stamped else row.get(f.attname, defaults[f.attname]) for f in fields]
            )
