"""Fake report sections for the reports tests: the contract, without depending on any domain app.

Each is `section(*, start_year) -> StatTable`, registered by dotted path in settings.REPORT_SECTIONS.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.contrib.auth import get_user_model

from opcc.core.models import fy_label
from opcc.core.money import format_gbp
from opcc.core.statistics import Column, StatTable

D = Decimal

# Mirrors the published HCF tables: 2024/25 (Table 4) and 2022/23 (with its copied row).
ALLOCATIONS = {
    2024: [
        ("Birmingham", D("101762"), 21),
        ("Coventry", D("28854"), 6),
        ("Dudley", D("28854"), 4),
        ("Sandwell", D("21870"), 5),
        ("Solihull", D("6400"), 2),
        ("Walsall", D("29980"), 6),
        ("Wolverhampton", D("36130"), 8),
        ("LPA Reserve", D("91568"), None),
        ("Community Response Fund", D("40000"), None),
        ("Street Watch", D("30000"), None),
    ],
    2023: [
        ("Birmingham", D("120000"), 25),
        ("Coventry", D("30000"), 7),
        ("Dudley", D("25000.50"), 5),
    ],
    2022: [
        ("Birmingham East", D("82587"), 23),
        ("Birmingham West", D("86566"), 26),
        ("Pan Birmingham (East & West)", D("41395"), 9),
        ("Coventry", D("31743"), 8),
        ("Dudley", D("48590"), 10),
        ("Sandwell", D("29806"), 6),
        ("Solihull", D("35155"), 9),
        ("Walsall", D("37480"), 8),
        ("Wolverhampton", D("82587"), 23),
    ],
}
ENVELOPE = D("400000")


def allocations(*, start_year: int) -> StatTable:
    rows = [
        {"area": area, "allocation": amount, "projects": projects}
        for area, amount, projects in ALLOCATIONS.get(start_year, [])
    ]
    table = StatTable(
        key="fake.allocations",
        title="Fake fund allocations",
        topic="community_grants",
        period=fy_label(start_year),
        count_basis="projects approved",
        columns=[
            Column("area", "Area"),
            Column("allocation", "Allocation", "money"),
            Column("projects", "Number of projects", "count"),
        ],
        rows=rows,
        notes=["Allocations are shared out between the policing areas."],
    )
    total = table.total or {}
    if rows and total.get("allocation", 0) > ENVELOPE:
        table.checks.append(
            f"Allocations add up to {format_gbp(total['allocation'])} against an envelope of {format_gbp(ENVELOPE)}."
        )
    return table


def headline(*, start_year: int) -> StatTable:
    """A one-row table with a percent column and no money chart for the previous year."""
    return StatTable(
        key="fake.headline",
        title="Fake headline",
        topic="community_grants",
        period=fy_label(start_year),
        count_basis="applications received",
        columns=[
            Column("measure", "Measure"),
            Column("count", "Applications", "count"),
            Column("share", "Approved", "percent", summed=False),
        ],
        rows=[{"measure": "Applications", "count": 40, "share": D("62.5")}] if start_year == 2024 else [],
        show_total=False,
    )


def formulas(*, start_year: int) -> StatTable:
    """Row labels a person could have typed that a spreadsheet would run as formulas."""
    labels = ['=HYPERLINK("http://example.invalid","click")', "+44 7700 900000", "-5 people", "@SUM(A1:A2)"]
    return StatTable(
        key="fake.formulas",
        title="Fake organisations",
        topic="community_grants",
        period=fy_label(start_year),
        count_basis="organisations",
        columns=[Column("name", "Organisation"), Column("amount", "Award", "money")],
        rows=[{"name": label, "amount": D(100 + n)} for n, label in enumerate(labels)]
        if start_year == 2024
        else [],
        notes=["=1+1 is a note that starts like a formula."],
    )


def failing(*, start_year: int) -> StatTable:
    raise ValueError(f"the fund for {fy_label(start_year)} has no envelope")


def not_a_table(*, start_year: int):
    return {"rows": []}


def users(*, start_year: int) -> StatTable:
    """One row per user from one query: the query count must not grow with the rows."""
    people = get_user_model().objects.order_by("username").values_list("username", flat=True)
    return StatTable(
        key="fake.users",
        title="Fake users",
        topic="test",
        period=fy_label(start_year),
        count_basis="users",
        columns=[Column("username", "User"), Column("n", "Count", "count")],
        rows=[{"username": name, "n": 1} for name in people],
    )


def slow(*, start_year: int) -> StatTable:
    """Takes a moment, so a browser watching the run sees it in progress."""
    time.sleep(2)
    return headline(start_year=start_year)


PROBES: list[tuple[int, str]] = []


def progress_probe(*, start_year: int) -> StatTable:
    """Records the committed progress of the running run each time the pack reaches it."""
    from opcc.reports.models import ReportRun

    run = ReportRun.objects.get(status=ReportRun.Status.RUNNING)
    PROBES.append((run.progress, run.current_section))
    return headline(start_year=start_year)


def taken_over(*, start_year: int) -> StatTable:
    """Acts as the reaper would while this attempt is still building: hands the run to a new attempt."""
    from django.db.models import F

    from opcc.reports.models import ReportRun

    ReportRun.objects.filter(status=ReportRun.Status.RUNNING).update(
        status=ReportRun.Status.QUEUED, attempts=F("attempts") + 1
    )
    return headline(start_year=start_year)
