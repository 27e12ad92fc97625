"""Complaint review figures for the report pack and the quarterly performance page.

Every measure is built for a `Period` (a financial year for the pack, a quarter for the quarterly
page), so the two always count the same way. Each table is one or two grouped queries over the
period's rows, found by the indexes on `received_on`, `decided_on` and a recommendation's
`sent_on`; the working-day figures read only the decided rows' two dates, grouped, and count the
days in Python on the England & Wales calendar with the closure days (one query for those).

What each figure counts by:
- received, valid, invalid, out of time, forwarded, extensions, and acknowledgement within the
  standard: the applications that arrived in the period (`received_on`), as they stand now;
- decided, upheld, decided within the standard and the working days to a decision: the decisions
  dated in the period (`decided_on`); learning points: those of the reviews decided in the period;
- recommendations: those sent to the force in the period (`sent_on`), with the responses in so far;
- open at the period end (the last day, or today for a period still running): received on or
  before that day, and by then not decided (`decided_on`), closed (`closed_on`), forwarded to the
  IOPC (`forwarded_on`), nor ended as invalid, out of time or withdrawn on or before it (those
  statuses have no date of their own: `status_changed_at`, the last status change, dates them).
  A late application that was given an extension counts as open from its receipt.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections.abc import Callable, Iterable

from django.db.models import Count, F, Q
from django.utils import timezone

from complaints.clock import closures
from complaints.models import Result, Review, Status
from complaints.statistics.oversight import _start_years
from opcc.core.statistics import Column, StatTable

from .periods import (
    BASIS,
    DAY,
    MEASURE,
    NUMBER,
    PERCENT,
    Period,
    measure_row,
    one_decimal,
    percent,
    review_table,
    working_day_back,
    working_day_counter,
)
from .review_followup import learning_table, recommendations_table

ENDED_WITHOUT_DATE = (Status.INVALID, Status.OUT_OF_TIME, Status.WITHDRAWN)
INTAKE = (Status.RECEIVED, Status.ACKNOWLEDGED)
# Age bands of open reviews: (label, most working days open or None for the last band).
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0 to 20 working days", 20),
    ("21 to 40 working days", 40),
    ("41 to 60 working days", 60),
    ("Over 60 working days", None),
)


# --- received ------------------------------------------------------------------------------------


def received_table(period: Period) -> StatTable:
    """Applications received, by what became of them; the rows below the first add up to it."""
    table = review_table(
        "reviews_received",
        "Complaint reviews received",
        "Reviews received",
        period,
        "applications for review, by the date received",
        [MEASURE, BASIS, NUMBER],
        show_total=False,
    )
    n = Review.objects.filter(received_on__range=period.range).aggregate(
        received=Count("pk"),
        reviewed=Count("pk", filter=Q(valid=True)),
        invalid=Count("pk", filter=Q(status=Status.INVALID)),
        out_of_time=Count("pk", filter=Q(status=Status.OUT_OF_TIME)),
        forwarded=Count("pk", filter=Q(status=Status.FORWARDED)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN, valid__isnull=True)),
        waiting=Count("pk", filter=Q(status__in=INTAKE)),
        extended=Count("pk", filter=Q(extension_granted_on__isnull=False)),
    )
    if not n["received"]:
        table.notes.append(f"No applications for review were received in {period.label}.")
        return table
    table.rows = [
        measure_row("Received", "Applications for review", n["received"]),
        measure_row("Valid", "The office reviewed it (the review started)", n["reviewed"]),
        measure_row("Invalid", "No right of review, not a Schedule 3 complaint, or other", n["invalid"]),
        measure_row("Out of time", "Arrived after the 28-day window, no extension", n["out_of_time"]),
        measure_row("Forwarded to the IOPC", "The IOPC is the relevant review body", n["forwarded"]),
        measure_row("Withdrawn", "Withdrawn before the review started", n["withdrawn"]),
        measure_row("Not yet checked", "Still being acknowledged or checked", n["waiting"]),
        measure_row("Extensions granted", "Late applications accepted (of those received)", n["extended"]),
    ]
    table.notes.append(
        "Valid, invalid, out of time, forwarded, withdrawn and not yet checked add up to those received; "
        "each is where the application stands now."
    )
    return table


# --- outcomes ------------------------------------------------------------------------------------


def outcomes_table(period: Period) -> StatTable:
    """Reviews decided, upheld and not upheld, with the share of the decided."""
    table = review_table(
        "reviews_decided",
        "Complaint review outcomes",
        "Review outcomes",
        period,
        "reviews decided, by the date of the decision",
        [MEASURE, BASIS, NUMBER, PERCENT],
        show_total=False,
    )
    n = Review.objects.filter(decided_on__range=period.range).aggregate(
        decided=Count("pk"),
        upheld=Count("pk", filter=Q(result=Result.UPHELD)),
        not_upheld=Count("pk", filter=Q(result=Result.NOT_UPHELD)),
    )
    if not n["decided"]:
        table.notes.append(f"No reviews were decided in {period.label}.")
        return table
    decided = n["decided"]
    table.rows = [
        measure_row("Decided", "Reviews decided", decided),
        measure_row("Upheld", "Handling not reasonable and proportionate", n["upheld"], decided),
        measure_row("Not upheld", "Handling reasonable and proportionate", n["not_upheld"], decided),
    ]
    table.notes.append("Per cent of the reviews decided, to one decimal place.")
    return table


# --- timeliness ----------------------------------------------------------------------------------


def decision_days(period: Period, closed: frozenset[dt.date]) -> list[int]:
    """Working days from receipt to decision of each review decided in the period (one query)."""
    pairs = list(
        Review.objects.filter(decided_on__range=period.range)
        .values_list("received_on", "decided_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return []
    days = working_day_counter(min(p[0] for p in pairs), max(p[1] for p in pairs), closed)
    return [days(received, decided) for received, decided, n in pairs for _ in range(n)]


def timeliness_table(period: Period, closed: frozenset[dt.date] | None = None) -> StatTable:
    """Acknowledged and decided within the office's standards; working days to a decision."""
    table = review_table(
        "reviews_timeliness",
        "Complaint review timeliness",
        "Review timeliness",
        period,
        "acknowledgements of the applications received; decisions dated in the period",
        [MEASURE, BASIS, NUMBER, PERCENT, Column("days", "Working days", "count", summed=False)],
        show_total=False,
    )
    ack = Review.objects.filter(received_on__range=period.range, acknowledged_on__isnull=False).aggregate(
        acknowledged=Count("pk"), in_time=Count("pk", filter=Q(acknowledged_on__lte=F("acknowledge_by")))
    )
    decided = Review.objects.filter(decided_on__range=period.range).aggregate(
        decided=Count("pk"), in_time=Count("pk", filter=Q(decided_on__lte=F("decide_by")))
    )
    if not ack["acknowledged"] and not decided["decided"]:
        table.notes.append(f"No reviews were acknowledged or decided in {period.label}.")
        return table
    days = decision_days(period, closures() if closed is None else closed)
    table.rows = [
        measure_row(
            "Acknowledged", "Applications received in the period and acknowledged", ack["acknowledged"]
        ),
        measure_row(
            "Acknowledged within the standard",
            "On or before each application's acknowledge-by date",
            ack["in_time"],
            ack["acknowledged"],
        ),
        measure_row("Decided", "Reviews decided in the period", decided["decided"]),
        measure_row(
            "Decided within the standard",
            "On or before each review's decide-by date",
            decided["in_time"],
            decided["decided"],
        ),
        measure_row(
            "Median time to a decision",
            "Middle value of the working days from receipt to decision",
            None,
            days=one_decimal(stats.median(days)) if days else None,
        ),
        measure_row(
            "Mean time to a decision",
            "Average of the working days from receipt to decision",
            None,
            days=one_decimal(stats.fmean(days)) if days else None,
        ),
    ]
    table.notes.append(
        "Working days are Monday to Friday except England & Wales bank holidays and the office's "
        "closure days; the day an application arrives is not counted. Standards are each review's own "
        "stored dates."
    )
    if not days:
        table.notes.append(f"No reviews were decided in {period.label}: no percentage or time is given.")
    return table


# --- open at the period end --------------------------------------------------------------------------


def open_at(day: dt.date):
    """Reviews open at the end of `day`: the rule in this module's docstring."""
    ended_by = day + DAY
    ended = (
        Q(decided_on__lte=day)
        | Q(closed_on__lte=day)
        | Q(forwarded_on__lte=day)
        | Q(
            status__in=ENDED_WITHOUT_DATE,
            status_changed_at__lt=timezone.make_aware(dt.datetime.combine(ended_by, dt.time.min)),
        )
    )
    return Review.objects.filter(received_on__lte=day).exclude(ended)


def open_table(period: Period, closed: frozenset[dt.date] | None = None) -> StatTable:
    """Reviews open at the period end by working days since receipt (one query, bands by date).

    A review received on or after the 21st working day back from the day counted at has been
    open at most 20 working days, and so on: the bands are ranges of `received_on`."""
    at = period.counted_at
    table = review_table(
        "reviews_open",
        "Open complaint reviews by age",
        "Open reviews by age",
        period,
        f"reviews open at the end of {at:%d/%m/%Y}, by working days since receipt",
        [Column("band", "Open for"), Column("received", "Received"), Column("number", "Reviews", "count")],
    )
    closed = closures() if closed is None else closed
    cutoffs = [working_day_back(at, most + 1, closed) for _, most in AGE_BANDS if most is not None]
    bounds = list(zip([None, *cutoffs], [*cutoffs, None], strict=True))  # (received before, on or after)
    counts = {}
    for index, (before, since) in enumerate(bounds):
        q = Q()
        if before is not None:
            q &= Q(received_on__lt=before)
        if since is not None:
            q &= Q(received_on__gte=since)
        counts[f"b{index}"] = Count("pk", filter=q)
    n = open_at(at).aggregate(**counts)
    if not any(n.values()):
        table.notes.append(f"No reviews were open at the end of {at:%d/%m/%Y}.")
        return table
    for index, ((label, _), (before, since)) in enumerate(zip(AGE_BANDS, bounds, strict=True)):
        if since is None:
            received = f"Before {before:%d/%m/%Y}"
        else:
            last = at if before is None else before - DAY
            received = f"{since:%d/%m/%Y} to {last:%d/%m/%Y}"
        table.rows.append({"band": label, "received": received, "number": n[f"b{index}"]})
    table.notes.append(
        "Open means received by that day and not yet decided, closed, forwarded to the IOPC, found "
        "invalid or out of time, or withdrawn. Working days follow the England & Wales calendar and "
        "the office's closure days."
    )
    return table


# --- the report pack (settings.REPORT_SECTIONS) ------------------------------------------------------

PERIOD_TABLES: tuple[Callable[[Period], StatTable], ...] = (
    received_table,
    outcomes_table,
    timeliness_table,
    open_table,
    recommendations_table,
    learning_table,
)


def period_tables(period: Period) -> list[StatTable]:
    """Every review measure for one period, in the pack's order (the quarterly page)."""
    return [build(period) for build in PERIOD_TABLES]


def reviews_received(*, start_year: int) -> StatTable:
    return received_table(Period.year(start_year))


def reviews_decided(*, start_year: int) -> StatTable:
    return outcomes_table(Period.year(start_year))


def reviews_timeliness(*, start_year: int) -> StatTable:
    return timeliness_table(Period.year(start_year))


def reviews_open(*, start_year: int) -> StatTable:
    return open_table(Period.year(start_year))


def review_recommendations(*, start_year: int) -> StatTable:
    return recommendations_table(Period.year(start_year))


def review_learning(*, start_year: int) -> StatTable:
    return learning_table(Period.year(start_year))


def record_years() -> Iterable[int]:
    """Start years with reviews received or decided: the Reports page offers them."""
    return _start_years(Review.objects.all(), "received_on") | _start_years(
        Review.objects.all(), "decided_on"
    )


__all__ = [
    "Period",
    "percent",
    "period_tables",
    "record_years",
    "review_learning",
    "review_recommendations",
    "reviews_decided",
    "reviews_open",
    "reviews_received",
    "reviews_timeliness",
]
