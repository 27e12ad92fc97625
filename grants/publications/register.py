"""The monthly grants register the Specified Information Order requires (SI 2011/3050, item 3(f)).

For each crime and disorder reduction grant made in the month (the award's offer date): the
recipient, the amount, its purpose, its conditions and why the Commissioner considered it would
reduce crime and disorder, with the fund and the source of the money (Police (Property) Act money
may only go to charitable purposes, so the source is published too). Published monthly, as soon as
practicable after the month ends; a withdrawn award stays on the register with its withdrawal date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import awards_made, csv_bytes
from .threesixty import organisation_identifier

PENNY = Decimal("0.01")

HEADER = [
    "Reference",
    "Award date",
    "Recipient",
    "Recipient identifier",
    "Amount awarded (£)",
    "Purpose",
    "Conditions",
    "How it reduces crime and disorder",
    "Fund",
    "Source of funds",
    "Area or pot",
    "Withdrawn on",
]


@dataclass(frozen=True)
class RegisterEntry:
    reference: str
    award_date: date
    recipient: str
    recipient_identifier: str
    amount: Decimal
    purpose: str
    conditions: str
    crime_reduction: str
    fund: str
    source: str
    area: str
    withdrawn_on: date | None

    def as_row(self) -> list:
        return [
            self.reference,
            self.award_date.strftime("%d/%m/%Y"),
            self.recipient,
            self.recipient_identifier,
            self.amount.quantize(PENNY),  # a number, never text (the export helper leaves it as is)
            self.purpose,
            self.conditions,
            self.crime_reduction,
            self.fund,
            self.source,
            self.area,
            self.withdrawn_on.strftime("%d/%m/%Y") if self.withdrawn_on else "",
        ]


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def entries(year: int, month: int) -> list[RegisterEntry]:
    """Every award made in the month, in date order (one query)."""
    out = []
    for award in awards_made(*month_range(year, month)):
        application = award.application
        out.append(
            RegisterEntry(
                reference=application.reference,
                award_date=award.offered_on,
                recipient=application.organisation.name,
                recipient_identifier=organisation_identifier(application.organisation),
                amount=award.amount,
                purpose=award.purpose or application.summary,
                conditions=award.conditions,
                crime_reduction=application.crime_reduction_rationale,
                fund=award.fund.name,
                source=award.fund.get_source_display(),
                area=application.allocation_line.area.name,
                withdrawn_on=award.withdrawn_on,
            )
        )
    return out


def to_csv(year: int, month: int) -> bytes:
    return csv_bytes(HEADER, (entry.as_row() for entry in entries(year, month)))


def filename(year: int, month: int) -> str:
    return f"grants-register-{year}-{month:02d}.csv"
