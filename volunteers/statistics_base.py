"""What the custody schemes' figures share: the year's dates, the database median, and who counts as
an active volunteer on a day.

Active on a day (the "ICVs and AAs at year end" figures, counted on 31 March): appointed on or
before it, not left by then (`left_on` after it or blank), and not suspended or left on or before
it by the current status and its date (`status_changed_on`). Applicants and people still in
vetting or training are never counted. The record keeps only the current status: a suspension that
has since been lifted is not known, so such a volunteer counts as active throughout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, When
from django.db.models.functions import ExtractYear

from opcc.core.models import fy_label
from opcc.core.statistics import Column
from volunteers.models import Scheme, VolunteerStatus

MEASURE = Column("measure", "Measure")
NUMBER = Column("number", "Number", "count", summed=False)
CHANGE = Column("change", "Change on the previous year", "count", summed=False)
COUNTED = (VolunteerStatus.ACTIVE, VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT)


def year_range(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def year_end(start_year: int) -> dt.date:
    return dt.date(start_year + 1, 3, 31)


def active_on(day: dt.date) -> Q:
    """Volunteers active on `day` (see the module docstring for the rule and its limit)."""
    return (
        Q(status__in=COUNTED, appointed_on__lte=day)
        & (Q(left_on__isnull=True) | Q(left_on__gt=day))
        & ~Q(status__in=(VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT), status_changed_on__lte=day)
    )


def in_scheme(scheme: str) -> Q:
    return Q(scheme__in=(scheme, Scheme.BOTH))


def median(value: float | None) -> int | float | None:
    """One decimal place at most; whole numbers as integers (so they read "12", not "12.0")."""
    if value is None:
        return None
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def change(now: int | float | None, before: int | float | None) -> int | float | None:
    if now is None or before is None:
        return None
    return median(now - before) if isinstance(now, float) or isinstance(before, float) else now - before


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


def labels(start_year: int) -> tuple[str, str]:
    return fy_label(start_year), fy_label(start_year - 1)


def measure_rows(rows: Iterable[tuple[str, int | float | None, int | float | None]]) -> list[dict]:
    return [{"measure": m, "number": n, "change": c} for m, n, c in rows]
