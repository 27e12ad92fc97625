"""Quarterly review performance: the pack's review measures for one financial-year quarter.

The Specified Information Order (para 7C) asks the office to publish how it performs as a review
body; the office reads the same measures each quarter. Quarters are financial-year quarters:
Q1 April to June, Q2 July to September, Q3 October to December, Q4 January to March.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from opcc.core.models import FinancialYear, fy_label
from opcc.core.statistics import StatTable

from .periods import Period
from .reviews import period_tables

# The reformed review system (the office as relevant review body) began on 1 February 2020.
FIRST_START_YEAR = 2019
MONTHS = {1: "April to June", 2: "July to September", 3: "October to December", 4: "January to March"}
CSV_HEADER = ("Period", "Table", "Row", "Column", "Value", "Unit")


@dataclass(frozen=True, order=True)
class Quarter:
    start_year: int
    number: int  # 1 to 4

    def __post_init__(self) -> None:
        if self.number not in MONTHS:
            raise ValueError(f"There is no quarter {self.number}: choose Q1 to Q4.")

    @property
    def start(self) -> dt.date:
        month = 4 + 3 * (self.number - 1)
        return dt.date(self.start_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        following = Quarter(self.start_year + self.number // 4, self.number % 4 + 1)
        return following.start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {fy_label(self.start_year)}"

    @property
    def long_label(self) -> str:
        return f"{self.label} ({MONTHS[self.number]} {self.end.year})"

    @property
    def period(self) -> Period:
        return Period(self.start, self.end, self.label)

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        start_year = FinancialYear.start_year_for(day)
        return cls(start_year, (day.month - 4) % 12 // 3 + 1)

    @classmethod
    def last_complete(cls, today: dt.date) -> Quarter:
        return cls.containing(cls.containing(today).start - dt.timedelta(days=1))


def offered_years(today: dt.date) -> list[int]:
    """Start years a quarter may be chosen from, newest first."""
    return list(range(FinancialYear.start_year_for(today), FIRST_START_YEAR - 1, -1))


def quarter_tables(quarter: Quarter) -> list[StatTable]:
    return period_tables(quarter.period)


def csv_rows(tables: list[StatTable]) -> Iterator[tuple]:
    """Long form, one figure a line, as the pack's published figures are laid out."""
    for table in tables:
        label = table.label_column.key
        for row in table.rows:
            for column in table.columns:
                if column.key == label or column.kind == "text" or row.get(column.key) in (None, ""):
                    continue
                yield (table.period, table.title, row[label], column.title, row[column.key], column.kind)
