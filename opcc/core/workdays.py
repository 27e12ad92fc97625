"""Statutory working-day and calendar-day arithmetic for deadline clocks.

Pure functions. Callers fetch administrator-added closure days (royal proclamations,
office closures) from the database themselves and pass them as ``closures``, so this
module never touches the DB and stays trivially unit-testable. Bank holidays come from
the offline ``holidays`` package; nothing is fetched from the network.

Rules: shared regulatory reference, section 0 ("Clock rules at a glance").
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

__all__ = [
    "Calendar",
    "add_calendar_month",
    "add_working_days",
    "bank_holidays",
    "calendar_days_window_end",
    "is_working_day",
    "matching_date",
    "next_working_day",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)
_NO_CLOSURES: frozenset[date] = frozenset()


class Calendar(StrEnum):
    """Which bank holidays make a day non-working.

    Police-complaint and local service standards use England & Wales holidays; FOI/EIR
    (FOIA s10(6)) exclude a day that is a bank holiday in *any* part of the UK.
    """

    ENGLAND_WALES = "england_wales"
    ANY_UK_NATION = "any_uk_nation"


_SUBDIVISIONS: dict[Calendar, tuple[str, ...]] = {
    Calendar.ENGLAND_WALES: ("ENG",),
    Calendar.ANY_UK_NATION: ("ENG", "WLS", "SCT", "NIR"),
}


@lru_cache(maxsize=256)
def bank_holidays(calendar: Calendar | str, year: int) -> frozenset[date]:
    """Bank holidays (including substitute days) of ``calendar`` in ``year``.

    Cached per (calendar, year) so stepping day by day over a 20-working-day clock does
    not rebuild the holiday tables each step. A StrEnum member and its string value hash
    and compare equal, so both spellings share one cache entry.
    """
    days: set[date] = set()
    for subdiv in _SUBDIVISIONS[Calendar(calendar)]:
        days.update(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())
    return frozenset(days)


def is_working_day(
    day: date,
    *,
    calendar: Calendar | str,
    closures: AbstractSet[date] = _NO_CLOSURES,
) -> bool:
    """Mon-Fri, not a bank holiday of ``calendar`` and not an administrator closure day.

    Closure days apply whatever the calendar: a one-off proclaimed holiday is non-working
    for every clock.
    """
    return day.weekday() < 5 and day not in closures and day not in bank_holidays(calendar, day.year)


def add_working_days(
    start: date,
    days: int,
    *,
    calendar: Calendar | str,
    closures: AbstractSet[date] = _NO_CLOSURES,
) -> date:
    """Return the date ``days`` working days after ``start``.

    Day 1 is the first working day *after* ``start`` (the FOI rule: receipt day never
    counts, even if it is a working day), so a request received on a weekend behaves like
    one received the Friday before. ``days == 0`` returns ``start`` unchanged.
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    cal = Calendar(calendar)
    current = start
    remaining = days
    while remaining:
        current += _ONE_DAY
        if is_working_day(current, calendar=cal, closures=closures):
            remaining -= 1
    return current


def calendar_days_window_end(start: date, days: int) -> date:
    """Last day of a window of ``days`` calendar days *starting with the day after* ``start``.

    E.g. the 28-day complaint-review application window (reg 29(2) SI 2020/2): review
    information given Tue 4 March 2025 -> day 1 is 5 March -> last day Tue 1 April 2025.
    Weekends and holidays are not skipped and the end is not rolled forward.
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    return start + timedelta(days=days)


def matching_date(received: date, months: int = 1) -> date:
    """The same day ``months`` calendar months later; the last day of that month where it is shorter
    (31 January + 1 month = 28 or 29 February). Not rolled to a working day."""
    if months < 0:
        raise ValueError(f"months must be >= 0, got {months}")
    year, month = divmod(received.year * 12 + received.month - 1 + months, 12)
    month += 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(received.day, last_day))


def next_working_day(
    day: date, *, calendar: Calendar | str, closures: AbstractSet[date] = _NO_CLOSURES
) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    cal = Calendar(calendar)
    while not is_working_day(day, calendar=cal, closures=closures):
        day += _ONE_DAY
    return day


def add_calendar_month(
    received: date,
    *,
    months: int = 1,
    calendar: Calendar | str = Calendar.ENGLAND_WALES,
    closures: AbstractSet[date] = _NO_CLOSURES,
) -> date:
    """Subject-access due date: one calendar month (``months`` when extended), day 1 the day of receipt.

    Due on the matching date; if that month is shorter (e.g. 31 Jan), the last day of the month;
    if that is not a working day, the next working day (ICO guidance). Receipt on a weekend still
    counts as day 1.
    """
    return next_working_day(matching_date(received, months), calendar=calendar, closures=closures)


def working_days_between(
    start: date,
    end: date,
    *,
    calendar: Calendar | str,
    closures: AbstractSet[date] = _NO_CLOSURES,
) -> int:
    """Count working days after ``start`` up to and including ``end`` ("days taken").

    The inverse of :func:`add_working_days`:
    ``working_days_between(s, add_working_days(s, n)) == n``. Raises ``ValueError`` if
    ``end`` is before ``start`` because that is a data error, not zero days.
    """
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    cal = Calendar(calendar)
    count = 0
    current = start
    while current < end:
        current += _ONE_DAY
        if is_working_day(current, calendar=cal, closures=closures):
            count += 1
    return count
