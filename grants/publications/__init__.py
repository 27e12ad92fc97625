"""Publication outputs of the grants module: 360Giving data and the Specified Information Order register.

Both are built from awards (the decision to fund), never typed: `threesixty` for the 360Giving Data
Standard, `register` for the monthly grants register (SIO item 3(f)). Both write their files with the
service's export helper (opcc.core.exports): text is neutralised, numbers and dates stay values.
"""

from __future__ import annotations

from datetime import date

from grants.models import Award
from opcc.core.exports import csv_bytes

__all__ = ["MAX_RANGE_YEARS", "awards_made", "csv_bytes", "years_after"]

MAX_RANGE_YEARS = 5  # a publication covers at most five years


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def awards_made(start: date, end: date):
    """Awards whose offer (the decision to fund) is dated from `start` to `end` inclusive, in date order."""
    return (
        Award.objects.filter(offered_on__gte=start, offered_on__lte=end)
        .select_related(
            "fund",
            "application__organisation",
            "application__fund_year__fund",
            "application__fund_year__financial_year",
            "application__allocation_line__area__local_authority",
        )
        .order_by("offered_on", "application__reference")
    )
