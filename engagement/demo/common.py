"""Bulk writing for the demo: COPY on PostgreSQL (no ids), plain bulk inserts on the embedded SQLite,
and `COR-<year>-<nnnn>` references issued in date order after any the counters already gave out."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
