"""Helpers the demo seeders share: the years' days, who was active on a day, references."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from opcc.core.demo import copy_rows
from opcc.core.models import ReferenceCounter
from volunteers.models import Volunteer, VolunteerStatus


def year_days(start_year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The financial year's first day and its last day so far (yesterday, in the current year)."""
    return dt.date(start_year, 4, 1), min(dt.date(start_year + 1, 3, 31), today - dt.timedelta(days=1))


def days_gone(first: dt.date, last: dt.date) -> float:
    """The share of a financial year from `first` to `last` (1 for a whole year)."""
    whole = (dt.date(first.year + 1, 3, 31) - first).days + 1
    return ((last - first).days + 1) / whole


def active_on(volunteer: Volunteer, day: dt.date) -> bool:
    """The report pack's rule (volunteers.statistics_base.active_on), for an unsaved volunteer."""
    if volunteer.appointed_on is None or volunteer.appointed_on > day:
        return False
    if volunteer.left_on is not None and volunteer.left_on <= day:
        return False
    ended = volunteer.status in (VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT)
    return not (ended and volunteer.status_changed_on <= day)


def split(total: int, parts: int) -> list[int]:
    """`total` shared out as evenly as whole numbers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def references(objects: list[Any], prefix: str, when: Callable[[Any], Any]) -> None:
    """`PREFIX-YEAR-0001` in date order per calendar year, after any the counters already issued;
    the counters move on past them, so the services' next references follow."""
    years = {when(o)[0].year for o in objects}
    keys = {year: f"{prefix}-{year}" for year in years}
    counters = {c.key: c for c in ReferenceCounter.objects.filter(key__in=keys.values())}
    last = {year: counters[key].last if key in counters else 0 for year, key in keys.items()}
    for obj in sorted(objects, key=when):
        year = when(obj)[0].year
        last[year] += 1
        reference = f"{keys[year]}-{last[year]:04d}"
        if isinstance(obj, dict):
            obj["reference"] = reference
        else:
            obj.reference = reference
    for year, key in keys.items():
        counter = counters.get(key) or ReferenceCounter(key=key)
        counter.last = last[year]
        counter.save()


def bulk_save(
    objects: list[Any], model, *, since: dt.date, when: Callable[[Any], dt.date], by, keep_ids: bool = True
) -> list[Any]:
    """Bulk-create; this year's records (from `since`) with a history row, older ones without (the
    demo's past years are figures for the report pack, and history rows would double the writing)."""
    from simple_history.utils import bulk_create_with_history

    old = [o for o in objects if when(o) < since]
    new = [o for o in objects if when(o) >= since]
    saved = model.objects.bulk_create(old, batch_size=2000) if keep_ids else copy_rows(old, model)
    saved += bulk_create_with_history(new, model, default_user=by, default_change_reason="Demo record")
    return saved
