"""Correspondence and casework figures for the report pack: received and responded to (and a week's
average), by category and by channel, FOI/EIR and subject access timeliness, and calls answered.

Received: by the London date of receipt in the year; responded to: by the response date in the year
(a case received in March and answered in April counts in each year once, for what happened then).
On time: responded on or before the due date the case had when it was answered (`response_due_on`,
which includes any stop or extension). The annual reports count differently each year (2019/20
"responded to", 2022/23 "received", 2024/25 "pieces of casework"): both are given every year.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum

from engagement.models import CallDay, Case, Category, Channel, Regime
from opcc.core.aggregates import Median
from opcc.core.statistics import Column, StatTable

from .base import MEASURE, change, median, per_week, per_week_words, percent, table, year_range

TOPIC = "correspondence_casework"
NUMBER = Column("number", "Number", "count")
PER_WEEK = Column("per_week", "Average per week", "count")
CHANGE = Column("change", "Change on the previous year", "percent")
RECEIVED = Column("received", "Received", "count")
RESPONDED = Column("responded", "Responded to", "count")
WEEK_NOTE = (
    "Average per week: the year's count over 52 weeks (the annual reports' basis), or over the weeks "
    "so far in a year not yet over."
)


def _counts(start_year: int) -> dict[str, int]:
    """Received and responded to in this year and the last: one query."""
    now, before = year_range(start_year), year_range(start_year - 1)
    span = Q(received_on__range=(before[0], now[1])) | Q(responded_on__range=(before[0], now[1]))
    return Case.objects.filter(span).aggregate(
        received=Count("pk", filter=Q(received_on__range=now)),
        responded=Count("pk", filter=Q(responded_on__range=now)),
        received_before=Count("pk", filter=Q(received_on__range=before)),
        responded_before=Count("pk", filter=Q(responded_on__range=before)),
    )


def correspondence_summary(*, start_year: int) -> StatTable:
    """Pieces received and responded to, a week's average, and the change on the year before."""
    stat = table(
        "correspondence_summary",
        "Correspondence and casework received and responded to",
        "Correspondence",
        TOPIC,
        start_year,
        "pieces of correspondence and casework",
        [MEASURE, NUMBER, PER_WEEK, CHANGE],
        show_total=False,
    )
    n = _counts(start_year)
    if not (n["received"] or n["responded"]):
        stat.notes.append(f"No correspondence is recorded in {stat.period}.")
        return stat
    for key, label in (("received", "Pieces received"), ("responded", "Pieces responded to")):
        stat.rows.append(
            {
                "measure": label,
                "number": n[key],
                "per_week": per_week(n[key], start_year),
                "change": change(n[key], n[f"{key}_before"]),
            }
        )
        stat.notes.append(f"{label}: {n[key]:,}, {per_week_words(n[key], start_year)}.")
    stat.notes.append(WEEK_NOTE)
    return stat


def _by(start_year: int, field: str) -> dict:
    first, last = year_range(start_year)
    rows = (
        Case.objects.filter(Q(received_on__range=(first, last)) | Q(responded_on__range=(first, last)))
        .order_by()
        .values(field)
        .annotate(
            received=Count("pk", filter=Q(received_on__range=(first, last))),
            responded=Count("pk", filter=Q(responded_on__range=(first, last))),
        )
    )
    return {row[field]: row for row in rows}


def correspondence_by_category(*, start_year: int) -> StatTable:
    """Every category in the administrator's order; those unused and retired are left out."""
    stat = table(
        "correspondence_by_category",
        "Correspondence by category",
        "Correspondence categories",
        TOPIC,
        start_year,
        "pieces of correspondence received or responded to in the year",
        [Column("category", "Category"), RECEIVED, RESPONDED],
    )
    found = _by(start_year, "category")
    if not found:
        stat.notes.append(f"No correspondence is recorded in {stat.period}.")
        return stat
    for category in Category.objects.order_by("sort_order", "name", "pk"):
        row = found.get(category.pk)
        if row is None and not category.active:
            continue
        stat.rows.append(
            {
                "category": category.name,
                "received": row["received"] if row else 0,
                "responded": row["responded"] if row else 0,
            }
        )
    return stat


def correspondence_by_channel(*, start_year: int) -> StatTable:
    stat = table(
        "correspondence_by_channel",
        "Correspondence by channel",
        "Correspondence channels",
        TOPIC,
        start_year,
        "pieces of correspondence received or responded to in the year",
        [Column("channel", "Channel"), RECEIVED, RESPONDED],
    )
    found = _by(start_year, "channel")
    if not found:
        stat.notes.append(f"No correspondence is recorded in {stat.period}.")
        return stat
    for channel in Channel:
        row = found.get(channel.value, {})
        stat.rows.append(
            {
                "channel": str(channel.label),
                "received": row.get("received", 0),
                "responded": row.get("responded", 0),
            }
        )
    return stat


TIMELINESS = (
    ("FOI and EIR requests", (Regime.FOI, Regime.EIR)),
    ("Subject access requests", (Regime.SAR,)),
)


def correspondence_timeliness(*, start_year: int) -> StatTable:
    """FOI/EIR and subject access answered in the year: on time, % on time, median working days."""
    stat = table(
        "correspondence_timeliness",
        "Information requests answered on time",
        "FOI and SAR timeliness",
        TOPIC,
        start_year,
        "requests responded to in the year",
        [
            Column("regime", "Requests"),
            Column("responded", "Responded to", "count"),
            Column("on_time", "On time", "count"),
            Column("percent", "Per cent on time", "percent"),
            Column("median_days", "Median working days", "count", summed=False),
        ],
        show_total=False,
    )
    on_time = Q(responded_on__lte=F("response_due_on"))
    figures: dict = {}
    for index, (_label, regimes) in enumerate(TIMELINESS):
        mine = Q(category__regime__in=regimes)
        figures |= {
            f"responded{index}": Count("pk", filter=mine),
            f"on_time{index}": Count("pk", filter=mine & on_time),
            f"median{index}": Median("working_days_taken", filter=mine & Q(working_days_taken__isnull=False)),
        }
    n = Case.objects.filter(responded_on__range=year_range(start_year)).aggregate(**figures)
    if not any(n[f"responded{i}"] for i in range(len(TIMELINESS))):
        stat.notes.append(f"No information request was responded to in {stat.period}.")
        return stat
    for index, (label, _regimes) in enumerate(TIMELINESS):
        stat.rows.append(
            {
                "regime": label,
                "responded": n[f"responded{index}"],
                "on_time": n[f"on_time{index}"],
                "percent": percent(n[f"on_time{index}"], n[f"responded{index}"]),
                "median_days": median(n[f"median{index}"]),
            }
        )
    stat.notes.append(
        "On time: responded on or before the due date, after any clock stop or extension. Working days: "
        "from the clock's start to the response, less the days it was stopped (FOI: 20 working days; "
        "subject access: one calendar month, three if complex)."
    )
    return stat


def calls_answered(*, start_year: int) -> StatTable:
    """Calls the Business Support Team answered: the total, a week's average, the change in per cent."""
    stat = table(
        "calls_answered",
        "Calls answered by the Business Support Team",
        "Calls answered",
        TOPIC,
        start_year,
        "telephone calls answered, by the day logged",
        [MEASURE, Column("calls", "Calls answered", "count"), PER_WEEK, CHANGE],
        show_total=False,
    )
    now, before = year_range(start_year), year_range(start_year - 1)
    n = CallDay.objects.filter(date__range=(before[0], now[1])).aggregate(
        calls=Sum("calls_answered", filter=Q(date__range=now), default=0),
        before=Sum("calls_answered", filter=Q(date__range=before), default=0),
    )
    if not n["calls"]:
        stat.notes.append(f"No calls are logged in {stat.period}.")
        return stat
    stat.rows.append(
        {
            "measure": "Calls answered",
            "calls": n["calls"],
            "per_week": per_week(n["calls"], start_year),
            "change": change(n["calls"], n["before"]),
        }
    )
    words = f"{n['calls']:,} calls answered, {per_week_words(n['calls'], start_year)}"
    moved = change(n["calls"], n["before"])
    if moved is not None:
        words += f", {abs(round(moved)):.0f}% {'up' if moved >= 0 else 'down'} on the year before"
    stat.notes += [f"{words}.", WEEK_NOTE]
    return stat


def record_years() -> set[int]:
    from .base import start_years

    return (
        start_years(Case.objects.all(), "received_on")
        | start_years(Case.objects.all(), "responded_on")
        | start_years(CallDay.objects.filter(calls_answered__gt=0), "date")
    )
