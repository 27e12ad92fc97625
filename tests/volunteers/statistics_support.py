"""Records for the statistics tests, written straight to the database (the services are tested
elsewhere): visits with their detainee counts, issues, call-outs, and the published 2019/20 table."""

from __future__ import annotations

import csv
import datetime as dt
from itertools import count
from pathlib import Path

from django.utils import timezone

from volunteers.models import (
    SUBCATEGORIES,
    AgeGroup,
    CallOut,
    CallOutStatus,
    CustodyVisit,
    IssueStatus,
    Sex,
    VisitCount,
    VisitIssue,
)

NUMBERS = count(1)
PUBLISHED_2019_20 = Path(__file__).parent / "data" / "icv_detainees_2019_20_published.csv"
AGE = {str(a.label): a.value for a in AgeGroup}
SEX = {str(s.label): s.value for s in Sex}
FIELDS = ("detained", "offered", "accepted", "refused")


def published_2019_20() -> list[dict]:
    """The printed table's rows (every row, Totals included), numbers as ints."""
    with PUBLISHED_2019_20.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [{k: (int(v) if k in FIELDS else v) for k, v in row.items()} for row in csv.DictReader(lines)]


def recordable(row: dict) -> dict:
    """The nearest counts the database accepts: offered raised to accepted, refused = the rest."""
    offered = max(row["offered"], row["accepted"])
    return row | {"offered": offered, "refused": offered - row["accepted"]}


def visit(suite, day: dt.date, *, present: int = 3) -> CustodyVisit:
    n = next(NUMBERS)
    return CustodyVisit.objects.create(
        reference=f"ICV-T-{n:05d}",
        suite=suite,
        visited_on=day,
        arrived_at=dt.time(10, 0),
        admitted_at=dt.time(10, 5),
        left_at=dt.time(11, 0),
        detainees_present=present,
    )


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def record_counts(visits: list[CustodyVisit], age: str, sex: str, detained, offered, accepted, refused):
    """Spread one cell's counts over the visits so each visit's row is valid on its own."""
    assert offered == accepted + refused and offered <= detained
    parts = len(visits)
    rows = zip(split(accepted, parts), split(refused, parts), split(detained - offered, parts), strict=True)
    VisitCount.objects.bulk_create(
        VisitCount(
            visit=v, age_group=age, sex=sex, detained=a + r + extra, offered=a + r, accepted=a, refused=r
        )
        for v, (a, r, extra) in zip(visits, rows, strict=True)
    )


def issue(visit: CustodyVisit, category: str, raised_on: dt.date, closed_on: dt.date | None = None):
    return VisitIssue.objects.create(
        visit=visit,
        category=category,
        subcategory=SUBCATEGORIES[category][0][0],
        description="Checked with the sergeant.",
        raised_on=raised_on,
        closed_on=closed_on,
        status=IssueStatus.CLOSED if closed_on else IssueStatus.OPEN,
    )


def callout(
    suite,
    day: dt.date,
    status: str = CallOutStatus.COMPLETED,
    *,
    volunteer=None,
    response: int | None = None,
    attendances: int = 1,
    reason: str = "",
) -> CallOut:
    n = next(NUMBERS)
    requested = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    arrived = requested + dt.timedelta(minutes=response) if response is not None else None
    return CallOut.objects.create(
        reference=f"AA-T-{n:05d}",
        requested_at=requested,
        requested_on=day,
        suite=suite,
        officer_rank="ps",
        officer_number="1234",
        custody_number=f"CN{n}",
        volunteer=volunteer,
        arrived_at=arrived,
        response_minutes=response,
        ended_at=arrived + dt.timedelta(hours=2) if arrived else None,
        attendances=attendances,
        status=status,
        unfilled_reason=reason,
    )
