"""Publication outputs of the grants module: 360Giving data and the Specified Information Order register.

Both are built from awards (the decision to fund), never typed: `threesixty` for the 360Giving Data
Standard, `register` for the monthly grants register (SIO item 3(f)). Helpers shared by both live here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from grants.models import Award

# Text a spreadsheet would read as a formula (OWASP CSV injection), including the tab/CR variants.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_RANGE_YEARS = 5  # a publication covers at most five years


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_text(value: Any) -> Any:
    """A text cell for CSV: a leading apostrophe stops spreadsheets running it as a formula."""
    return "'" + value if looks_like_formula(value) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read £ correctly), CRLF, text neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else safe_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


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
