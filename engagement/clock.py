"""Correspondence clocks (regulatory.md §0, §4.2 and §4.3): pure date arithmetic on a category's rule.

- FOI/EIR: 20 working days, day 1 the first working day after receipt, on the bank holidays of any
  UK nation. Clarification (s1(3)) restarts the clock from the day it arrives; a fee notice pauses
  it for the working days from the notice to the payment, both counted (s10(2)).
- Subject access: one calendar month to the matching date (the month's last day where there is
  none), three when extended as complex; stops pause it for the calendar days they lasted; a due
  date on a weekend or bank holiday moves to the next working day.
- Local standard: N working days on England and Wales holidays; stops pause it.

The services pass the administrator's closure days in; nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass

from opcc.core.workdays import (
    Calendar,
    add_working_days,
    matching_date,
    next_working_day,
    working_days_between,
)

from .models import ClockRule, StopReason

EXTENDED_MONTHS = 3  # one month plus the two-month extension for complex or numerous requests
STOP_REASONS: dict[str, tuple[str, ...]] = {
    ClockRule.FOI: (StopReason.CLARIFICATION, StopReason.FEE),
    ClockRule.SAR: (StopReason.CLARIFICATION, StopReason.ID, StopReason.FEE),
    ClockRule.LOCAL: (StopReason.CLARIFICATION, StopReason.ID),
}


def calendar_for(rule: str) -> Calendar:
    return Calendar.ANY_UK_NATION if rule == ClockRule.FOI else Calendar.ENGLAND_WALES


@dataclass(frozen=True)
class Stop:
    reason: str
    started_on: dt.date
    ended_on: dt.date | None


def _ended(stops: Iterable[Stop]) -> list[Stop]:
    return sorted((s for s in stops if s.ended_on is not None), key=lambda s: s.started_on)


def clock_start(*, rule: str, received_on: dt.date, stops: Iterable[Stop]) -> dt.date:
    """The day the clock counts from: receipt, or for FOI the day the last clarification arrived."""
    start = received_on
    if rule == ClockRule.FOI:
        for stop in _ended(stops):
            if stop.reason == StopReason.CLARIFICATION and stop.ended_on:
                start = max(start, stop.ended_on)
    return start


def _pausing(rule: str, start: dt.date, stops: Iterable[Stop]) -> list[Stop]:
    """Ended stops that pause (rather than restart) the clock counting from ``start``."""
    return [
        s
        for s in _ended(stops)
        if not (rule == ClockRule.FOI and s.reason == StopReason.CLARIFICATION) and s.started_on >= start
    ]


def _paused(rule: str, stop: Stop, end: dt.date, *, calendar: Calendar, closures: Set[dt.date]) -> int:
    """Working days a pausing stop takes off the clock, up to ``end``.

    FOI s10(2) disregards the working days from the day the fee notice is given to the day the fee
    arrives, both counted; a local rule's stop pauses the working days after the request up to the
    answer.
    """
    first = stop.started_on - dt.timedelta(days=1) if rule == ClockRule.FOI else stop.started_on
    if end <= first:
        return 0
    return working_days_between(first, end, calendar=calendar, closures=closures)


def due_date(
    *,
    rule: str,
    days: int | None,
    received_on: dt.date,
    stops: Iterable[Stop] = (),
    extended: bool = False,
    closures: Set[dt.date] = frozenset(),
) -> dt.date:
    """The response due date for a case, counting every ended stop (an open one is not yet known)."""
    stops = list(stops)
    calendar = calendar_for(rule)
    if rule == ClockRule.SAR:
        paused = sum(((s.ended_on - s.started_on).days for s in _ended(stops) if s.ended_on), 0)
        raw = matching_date(received_on, EXTENDED_MONTHS if extended else 1) + dt.timedelta(days=paused)
        return next_working_day(raw, calendar=calendar, closures=closures)
    if days is None:
        raise ValueError("A working-day rule needs a number of days.")
    start = clock_start(rule=rule, received_on=received_on, stops=stops)
    due = add_working_days(start, days, calendar=calendar, closures=closures)
    for stop in _pausing(rule, start, stops):
        assert stop.ended_on is not None
        paused = _paused(rule, stop, stop.ended_on, calendar=calendar, closures=closures)
        due = add_working_days(due, paused, calendar=calendar, closures=closures)
    return due


def working_days_taken(
    *, rule: str, received_on: dt.date, responded_on: dt.date, stops: Iterable[Stop] = (),
    closures: Set[dt.date] = frozenset(),
) -> int:  # fmt: skip
    """Working days from the clock's start to the response, less the working days it was stopped."""
    stops = list(stops)
    calendar = calendar_for(rule)
    start = min(clock_start(rule=rule, received_on=received_on, stops=stops), responded_on)
    taken = working_days_between(start, responded_on, calendar=calendar, closures=closures)
    for stop in _pausing(rule, start, stops):
        assert stop.ended_on is not None
        taken -= _paused(rule, stop, min(stop.ended_on, responded_on), calendar=calendar, closures=closures)
    return max(taken, 0)


def review_due_date(
    *, rule: str, requested_on: dt.date, days: int, closures: Set[dt.date] = frozenset()
) -> dt.date:
    """An internal review (or a complaint about the response): ``days`` working days from the request."""
    return add_working_days(requested_on, days, calendar=calendar_for(rule), closures=closures)


def days_left(*, rule: str, due_on: dt.date, today: dt.date, closures: Set[dt.date] = frozenset()) -> int:
    """Working days left (negative: overdue by), on the rule's calendar; calendar days for SAR."""
    if rule == ClockRule.SAR:
        return (due_on - today).days
    calendar = calendar_for(rule)
    if due_on >= today:
        return working_days_between(today, due_on, calendar=calendar, closures=closures)
    return -working_days_between(due_on, today, calendar=calendar, closures=closures)


def days_left_label(*, rule: str, left: int) -> str:
    unit = "day" if rule == ClockRule.SAR else "working day"
    plural = "s" if abs(left) != 1 else ""
    if left < 0:
        return f"Overdue by {-left} {unit}{plural}"
    if left == 0:
        return "Due today"
    return f"{left} {unit}{plural} left"
