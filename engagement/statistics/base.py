"""What the engagement sections share: the financial year's dates, weeks, percentages and the table.

Years are financial years (1 April to 31 March). A week is a seventh of the year's days: 52 for a
complete year (as the annual reports count: 10,879 calls were "209 a week", 10,879 / 52 = 209.2,
where 366 / 7 = 52.3 weeks would give 208), and the days so far / 7 while the year runs.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, IntegerField, QuerySet, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from opcc.core.models import fy_label
from opcc.core.statistics import Column, StatTable

ONE = Decimal("0.1")
WEEKS_IN_A_YEAR = 52
MEASURE = Column("measure", "Measure")


def year_range(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def weeks(start_year: int) -> Decimal:
    """Weeks the year has had: 52 once it is over, the days so far / 7 while it runs."""
    first, last = year_range(start_year)
    today = timezone.localdate()
    if today > last:
        return Decimal(WEEKS_IN_A_YEAR)
    days = max((today - first).days + 1, 1) if today >= first else 1
    return Decimal(days) / 7


def per_week(count: int, start_year: int) -> Decimal:
    return (Decimal(count) / weeks(start_year)).quantize(ONE, rounding=ROUND_HALF_UP)


def per_week_words(count: int, start_year: int) -> str:
    """ "over 26 a week" (1,380 in a year: 26.5), "209 a week" (10,879: 209.2 rounds to 209)."""
    exact = Decimal(count) / weeks(start_year)
    whole = math.floor(exact)
    if exact - whole >= Decimal("0.5") and whole:
        return f"over {whole:,} a week"
    return f"{round(exact):,} a week"


def percent(part: int, whole: int) -> Decimal | None:
    """One decimal, half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE, rounding=ROUND_HALF_UP)


def change(now: int, before: int) -> Decimal | None:
    """Per cent change on the year before (10,879 on 6,757 is +61.0); None without a year before."""
    if not before:
        return None
    return percent(now - before, before)


def median(value: float | None) -> int | float | None:
    """One decimal place at most; whole numbers as integers (so they read "12", not "12.0")."""
    if value is None:
        return None
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def start_years(queryset: QuerySet, field: str) -> set[int]:
    """Distinct financial start years of a date column, worked out by the database."""
    rows = queryset.filter(**{f"{field}__isnull": False}).order_by()
    years = rows.annotate(
        fy=Case(
            When(**{f"{field}__month__gte": 4}, then=ExtractYear(field)),
            default=ExtractYear(field) - 1,
            output_field=IntegerField(),
        )
    )
    return set(years.values_list("fy", flat=True).distinct())


def table(
    key: str, title: str, short: str, topic: str, start_year: int, basis: str, columns: list[Column], **kw
) -> StatTable:
    return StatTable(
        key=f"engagement.{key}",
        title=title,
        topic=topic,
        period=fy_label(start_year),
        count_basis=basis,
        columns=columns,
        short_title=short,
        **kw,
    )
