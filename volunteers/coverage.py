"""When a suite was visited: day of week x time of day, and each week against the suite's target.

The ICV Code asks for visits at varied, unannounced times. The heatmap counts a suite's visits in a
period by ISO weekday and the band its arrival hour falls in; the weeks table sets each week's
visits against `weekly_visit_target`. Both come from ONE grouped query (week, weekday, hour), so
the page costs the same for 2 visits as for 300. ExtractIsoWeekDay and ExtractHour work on
PostgreSQL and on SQLite (the demo).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay

from opcc.core.models import CustodySuite
from volunteers.models import BAND_STARTS, CustodyVisit, TimeBand, band_of

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Bands in the order of the day.
BANDS = [band for band, _ in sorted(BAND_STARTS.items(), key=lambda item: item[1])]
SHADES = 5  # app-heat--0 (none) to app-heat--4 (the busiest cell)
DEFAULT_WEEKS = 12
MAX_DAYS = 366 * 3


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve weeks: this week so far and the eleven before it."""
    return monday_of(today) - dt.timedelta(weeks=DEFAULT_WEEKS - 1), today


@dataclass(frozen=True)
class Cell:
    count: int
    shade: int


@dataclass(frozen=True)
class Week:
    monday: dt.date
    sunday: dt.date
    visits: int
    target: int
    complete: bool  # the whole week is in the period, has ended and the suite was open throughout

    @property
    def below_target(self) -> bool:
        return self.complete and self.visits < self.target

    @property
    def status(self) -> str:
        if not self.complete:
            return "Part week"
        return "Below target" if self.below_target else "Target met"


@dataclass
class Coverage:
    suite: CustodySuite
    first: dt.date
    last: dt.date
    bands: list[str] = field(default_factory=list)  # column headings, in the order of the day
    rows: list[tuple[str, list[Cell], int]] = field(default_factory=list)  # day, a cell per band, total
    band_totals: list[int] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    total: int = 0

    @property
    def weeks_below(self) -> int:
        return sum(week.below_target for week in self.weeks)

    @property
    def empty_cells(self) -> int:
        return sum(cell.count == 0 for _, cells, _ in self.rows for cell in cells)


def _shade(count: int, busiest: int) -> int:
    if count == 0 or busiest == 0:
        return 0
    return max(1, min(SHADES - 1, -(-count * (SHADES - 1) // busiest)))


def coverage(*, suite: CustodySuite, first: dt.date, last: dt.date, today: dt.date) -> Coverage:
    """The heatmap and weeks of `suite` from `first` to `last` (one query)."""
    grouped = (
        CustodyVisit.objects.filter(suite=suite, visited_on__gte=first, visited_on__lte=last)
        .annotate(weekday=ExtractIsoWeekDay("visited_on"), hour=ExtractHour("arrived_at"))
        .order_by()
        .values("visited_on", "weekday", "hour")
        .annotate(n=Count("pk"))
    )
    cells: Counter[tuple[str, int]] = Counter()
    by_week: Counter[dt.date] = Counter()
    for row in grouped:
        cells[(band_of(row["hour"]), row["weekday"])] += row["n"]
        by_week[monday_of(row["visited_on"])] += row["n"]
    busiest = max(cells.values(), default=0)
    result = Coverage(suite=suite, first=first, last=last, total=sum(cells.values()))
    result.bands = [str(TimeBand(band).label) for band in BANDS]
    for weekday, day_name in enumerate(DAYS, start=1):
        counts = [cells[(band, weekday)] for band in BANDS]
        row = [Cell(count=n, shade=_shade(n, busiest)) for n in counts]
        result.rows.append((day_name, row, sum(counts)))
    result.band_totals = [sum(cells[(band, weekday)] for weekday in range(1, 8)) for band in BANDS]
    monday = monday_of(first)
    while monday <= last:
        sunday = monday + dt.timedelta(days=6)
        complete = (
            monday >= first
            and sunday <= last
            and sunday < today
            and suite.open_on(monday)
            and suite.open_on(sunday)
        )
        result.weeks.append(
            Week(
                monday=monday,
                sunday=sunday,
                visits=by_week[monday],
                target=suite.weekly_visit_target,
                complete=complete,
            )
        )
        monday += dt.timedelta(weeks=1)
    return result
