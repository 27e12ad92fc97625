"""Complaints oversight figures for the annual report pack (settings.REPORT_SECTIONS).

Pure reads: each section takes the financial year's start year and returns a StatTable for that
year; the pack runs it again for the year before and shows the two side by side. Every figure is a
grouped count in the database over the year's rows only, found by the index on the date the
section counts by: a dip sample's month, a hearing's first day, a notice of appeal's receipt, a
tribunal's arranging, an investigation's notice. A year with nothing recorded gives no rows, which
the pack reads as "no data".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractYear

from complaints.models import Appeal, Appointment, DipSample, Hearing, LongInvestigation, PanelMember
from opcc.core.models import fy_label
from opcc.core.statistics import Column, StatTable

TOPIC = "complaints_oversight"
HEARING_ROLES = (PanelMember.Role.LQC, PanelMember.Role.IPM, PanelMember.Role.LQP)


def year_range(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def _in_year(field: str, start_year: int) -> dict[str, tuple[dt.date, dt.date]]:
    return {f"{field}__range": year_range(start_year)}


def _table(
    key: str, title: str, short: str, start_year: int, basis: str, columns: list[Column], **kw
) -> StatTable:
    return StatTable(
        key=f"complaints.{key}",
        title=title,
        short_title=short,
        topic=TOPIC,
        period=fy_label(start_year),
        count_basis=basis,
        columns=columns,
        **kw,
    )


MEASURE_COLUMNS = [
    Column("measure", "Measure"),
    Column("basis", "Counted"),
    Column("number", "Number", "count"),
]


# --- dip samples ------------------------------------------------------------------------------------


def dip_samples(*, start_year: int) -> StatTable:
    """Dip sampling exercises and cases examined, by scope and theme (one grouped query)."""
    table = _table(
        "dip_samples",
        "Complaints dip samples",
        "Dip samples",
        start_year,
        "dip sampling exercises, by the month sampled",
        [
            Column("scope", "Scope"),
            Column("theme", "Theme"),
            Column("exercises", "Exercises", "count"),
            Column("cases", "Cases examined", "count"),
        ],
    )
    rows = (
        DipSample.objects.filter(**_in_year("month", start_year))
        .values("scope", "theme")
        .annotate(exercises=Count("pk"), cases=Sum("cases_examined"))
        .order_by("scope", "theme")
    )
    scopes = dict(DipSample.Scope.choices)
    table.rows = [
        {
            "scope": scopes.get(r["scope"], r["scope"]),
            "theme": r["theme"],
            "exercises": r["exercises"],
            "cases": r["cases"],
        }
        for r in rows
    ]
    if not table.rows:
        table.notes.append(f"No dip samples are recorded for {fy_label(start_year)}.")
    return table


# --- misconduct hearings supported ----------------------------------------------------------------


def misconduct_hearings(*, start_year: int) -> StatTable:
    """Hearings held in the year with members the office supplied, and the members, by role."""
    table = _table(
        "misconduct_hearings",
        "Misconduct hearings supported",
        "Misconduct hearings",
        start_year,
        "hearings held (by first hearing day) with at least one member supplied by the office",
        list(MEASURE_COLUMNS),
        show_total=False,
    )
    held = Hearing.objects.filter(stage=Hearing.Stage.HELD, **_in_year("starts_on", start_year))
    seats = Appointment.objects.filter(
        hearing__stage=Hearing.Stage.HELD, **_in_year("hearing__starts_on", start_year)
    )
    by_role = dict(seats.values("role").annotate(n=Count("pk")).values_list("role", "n").order_by())
    hearings = held.filter(appointments__isnull=False).distinct().count() if by_role else 0
    if not hearings:
        table.notes.append(
            f"No hearings with members supplied by the office are recorded for {fy_label(start_year)}."
        )
        return table
    table.rows.append(
        {"measure": "Hearings held", "basis": "Hearings the office supplied members to", "number": hearings}
    )
    labels = dict(PanelMember.Role.choices)
    roles = [*HEARING_ROLES, *sorted(set(by_role) - set(HEARING_ROLES))]
    for role in roles:
        table.rows.append(
            {
                "measure": "Members supplied",
                "basis": str(labels.get(role, role)),
                "number": by_role.get(role, 0),
            }
        )
    table.rows.append({"measure": "Members supplied", "basis": "All roles", "number": sum(by_role.values())})
    return table


# --- appeals ----------------------------------------------------------------------------------------


def appeals(*, start_year: int) -> StatTable:
    """Notices of appeal received (by what they appeal against) and tribunals arranged."""
    table = _table(
        "appeals",
        "Notices of appeal and Police Appeals Tribunals",
        "Appeals and tribunals",
        start_year,
        "notices by the date received; tribunals by the date arranged",
        list(MEASURE_COLUMNS),
        show_total=False,
    )
    notices = dict(
        Appeal.objects.filter(**_in_year("received_on", start_year))
        .values("against")
        .annotate(n=Count("pk"))
        .values_list("against", "n")
        .order_by()
    )
    arranged = Appeal.objects.filter(**_in_year("tribunal_arranged_on", start_year)).count()
    if not notices and not arranged:
        table.notes.append(f"No notices of appeal or tribunals are recorded for {fy_label(start_year)}.")
        return table
    table.rows.append(
        {"measure": "Notices of appeal received", "basis": "All", "number": sum(notices.values())}
    )
    for against, label in Appeal.Against.choices:
        table.rows.append(
            {
                "measure": "Notices of appeal received",
                "basis": f"Against: {label}",
                "number": notices.get(against, 0),
            }
        )
    table.rows.append({"measure": "Police Appeals Tribunals arranged", "basis": "All", "number": arranged})
    return table


# --- investigations over 12 months --------------------------------------------------------------------


def long_investigations(*, start_year: int) -> StatTable:
    """Investigations over 12 months notified in the year, and where those stand now (one query)."""
    table = _table(
        "long_investigations",
        "Investigations over 12 months notified",
        "Investigations over 12 months",
        start_year,
        "notices of an investigation over 12 months, by the date notified",
        list(MEASURE_COLUMNS),
        show_total=False,
    )
    figures = LongInvestigation.objects.filter(**_in_year("notified_on", start_year)).aggregate(
        notified=Count("pk"),
        reported=Count("pk", filter=Q(report_received_on__isnull=False)),
        concluded=Count("pk", filter=Q(closed_on__isnull=False)),
    )
    if not figures["notified"]:
        table.notes.append(f"No investigations over 12 months were notified in {fy_label(start_year)}.")
        return table
    table.rows = [
        {"measure": "Notified", "basis": "Notices received in the year", "number": figures["notified"]},
        {
            "measure": "Report received",
            "basis": "Of those, the force's report is in",
            "number": figures["reported"],
        },
        {
            "measure": "Concluded",
            "basis": "Of those, the investigation has concluded",
            "number": figures["concluded"],
        },
    ]
    table.notes.append("Reports received and conclusions are as recorded when the pack was built.")
    return table


# --- which years have records (settings.REPORT_RECORD_YEARS) --------------------------------------------


def _start_years(queryset: QuerySet, field: str) -> set[int]:
    """Distinct financial start years of a date column, worked out by the database."""
    day = queryset.filter(**{f"{field}__isnull": False}).order_by()
    years = day.annotate(
        fy=Case(
            When(**{f"{field}__month__gte": 4}, then=ExtractYear(field)),
            default=ExtractYear(field) - 1,
            output_field=IntegerField(),
        )
    )
    return set(years.values_list("fy", flat=True).distinct())


def record_years() -> Iterable[int]:
    """Start years with oversight records: the Reports page offers them."""
    years: set[int] = set()
    years |= _start_years(DipSample.objects.all(), "month")
    years |= _start_years(Hearing.objects.filter(stage=Hearing.Stage.HELD), "starts_on")
    years |= _start_years(Appeal.objects.all(), "received_on")
    years |= _start_years(Appeal.objects.all(), "tribunal_arranged_on")
    years |= _start_years(LongInvestigation.objects.all(), "notified_on")
    return years


__all__ = ["appeals", "dip_samples", "long_investigations", "misconduct_hearings", "record_years"]
