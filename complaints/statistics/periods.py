"""Periods the review figures are counted over, and the arithmetic they share.

A `Period` is a financial year (the report pack) or a quarter (the quarterly performance page).
Working days follow the reviews' clocks: England & Wales bank holidays and the office's closure
days (`complaints.clock`), with the day an application arrives not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from complaints.clock import CALENDAR
from opcc.core.models import fy_label
from opcc.core.statistics import Column, StatTable
from opcc.core.workdays import is_working_day

ONE = Decimal("0.1")
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str  # "2022/23", "Q1 2024/25"

    @classmethod
    def year(cls, start_year: int) -> Period:
        return cls(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31), fy_label(start_year))

    @property
    def range(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end

    @property
    def counted_at(self) -> dt.date:
        """The day open reviews are counted at: the last day, or today while the period runs."""
        return min(self.end, timezone.localdate())


def one_decimal(value) -> Decimal:
    return Decimal(str(value)).quantize(ONE, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """One decimal, half up (30 of 174 is 17.2); None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE, rounding=ROUND_HALF_UP)


def working_day_counter(
    first: dt.date, last: dt.date, closed: frozenset[dt.date]
) -> Callable[[dt.date, dt.date], int]:
    """`days(a, b)`: working days after `a` up to and including `b`, for any a <= b in [first, last].

    One pass over the calendar builds a running count, so each pair then costs a subtraction."""
    running: dict[dt.date, int] = {}
    count, day = 0, first
    while day <= last:
        if day != first and is_working_day(day, calendar=CALENDAR, closures=closed):
            count += 1
        running[day] = count
        day += DAY
    return lambda a, b: running[b] - running[a]


def working_day_back(day: dt.date, n: int, closed: frozenset[dt.date]) -> dt.date:
    """The n-th working day counting back from `day` (itself included when it is a working day)."""
    found = 0
    while True:
        if is_working_day(day, calendar=CALENDAR, closures=closed):
            found += 1
            if found == n:
                return day
        day -= DAY


TOPIC = "complaints_oversight"


def review_table(key: str, title: str, short: str, period: Period, basis: str, columns, **kw) -> StatTable:
    return StatTable(
        key=f"complaints.{key}",
        title=title,
        short_title=short,
        topic=TOPIC,
        period=period.label,
        count_basis=basis,
        columns=columns,
        **kw,
    )


MEASURE = Column("measure", "Measure")
BASIS = Column("basis", "Counted")
NUMBER = Column("number", "Number", "count", summed=False)
PERCENT = Column("percent", "Per cent", "percent", summed=False)


def measure_row(measure: str, basis: str, number, percent_of: int | None = None, **extra) -> dict:
    row = {"measure": measure, "basis": basis, "number": number, **extra}
    if percent_of is not None:
        row["percent"] = percent(number, percent_of)
    return row
