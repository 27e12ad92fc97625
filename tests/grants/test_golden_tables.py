"""Golden tables: records that mirror the published HCF tables reproduce them, with true totals.

The records are built once for the module by grants.demo.build_published_year (the same builder the
demo seeder uses) through the services, inside a transaction rolled back at the end. Every expected
figure is read from tests/fixtures/published_figures.json (see its README), cell by cell.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from grants import services
from grants.demo import Actors, DemoClock, build_published_year
from grants.models import TopUp
from grants.statistics import hcf_allocations
from opcc.core import roles
from opcc.core.models import fy_label
from opcc.core.money import format_gbp
from tests.factories import UserFactory

FIGURES = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "published_figures.json").read_text()
)
TOTAL_LABEL = "Helping Communities Fund Total"
COLUMNS = {"allocation": "allocation", "number of projects": "projects"}
YEARS = [2022, 2024]


def published_table(start_year: int) -> tuple[dict[str, dict], dict]:
    """The published HCF allocations table of a year: rows in printed order, and the printed total."""
    rows: dict[str, dict] = {}
    total: dict = {}
    for figure in FIGURES:
        caption, _, rest = figure["metric"].partition(" | ")
        if figure["period"] != fy_label(start_year) or "Helping Communities Fund Allocations" not in caption:
            continue
        label, column = rest.split(" | ")
        target = (
            total if label == TOTAL_LABEL else rows.setdefault(label, {"allocation": None, "projects": None})
        )
        target[COLUMNS[column.lower()]] = figure["value"]
    assert rows, f"no published HCF table for {fy_label(start_year)}"
    return rows, total


def published_envelope(start_year: int) -> Decimal:
    return Decimal(
        next(
            f["value"]
            for f in FIGURES
            if f["period"] == fy_label(start_year)
            and f["metric"].startswith("Helping Communities Fund \N{EN DASH} funding envelope")
        )
    )


def user(username: str, role: str):
    made = UserFactory(username=username)
    made.groups.set(Group.objects.filter(name=role))
    return made


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        actors = Actors(
            staff=user("golden-staff", roles.OFFICE_STAFF),
            assessor=user("golden-assessor", roles.OFFICE_STAFF),
            manager=user("golden-manager", roles.GRANTS_MANAGER),
        )
        clock = DemoClock()
        with clock.running():
            years = {
                year: build_published_year(start_year=year, actors=actors, clock=clock) for year in YEARS
            }
        yield years
        transaction.set_rollback(True)


def envelope_checks(table) -> list[str]:
    return [check for check in table.checks if "above the envelope" in check]


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", YEARS)
def test_rows_allocations_and_projects_are_the_published_ones(built, start_year):
    rows, _ = published_table(start_year)

    table = hcf_allocations(start_year=start_year)

    assert [row["area"] for row in table.rows] == list(rows)
    for row in table.rows:
        published = rows[row["area"]]
        assert row["allocation"] == Decimal(published["allocation"]), row["area"]
        assert row["projects"] == published["projects"], row["area"]
        # The published table shows allocations; the awards behind them stay within each line.
        assert row["approved"] <= row["allocation"]
    assert not [check for check in table.checks if "above its allocation" in check]


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", YEARS)
def test_totals_are_the_true_sums(built, start_year):
    rows, printed = published_table(start_year)
    true_allocation = sum(Decimal(row["allocation"]) for row in rows.values())
    true_projects = sum(row["projects"] or 0 for row in rows.values())

    total = hcf_allocations(start_year=start_year).total

    assert total["allocation"] == true_allocation
    assert total["projects"] == true_projects == printed["projects"]
    if Decimal(printed["allocation"]) != true_allocation:
        # 2024/25 prints £400,000 for rows that add up to more: the pack prints the true sum.
        assert total["allocation"] > Decimal(printed["allocation"])


@pytest.mark.django_db
def test_identical_rows_are_flagged_in_2022_23_only(built):
    rows, _ = published_table(2022)
    identical = [label for label, row in rows.items() if list(rows.values()).count(row) > 1]
    assert identical == ["Birmingham East", "Wolverhampton"]

    checks_2022 = hcf_allocations(start_year=2022).checks
    checks_2024 = hcf_allocations(start_year=2024).checks

    assert any(
        check.startswith("Wolverhampton has exactly the same figures as Birmingham East")
        for check in checks_2022
    )
    # Coventry and Dudley share an allocation in 2024/25 but not a project count: not a copied row.
    assert not [check for check in checks_2024 if "exactly the same figures" in check]


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", YEARS)
def test_envelope_check_unless_a_covering_top_up_is_recorded(built, start_year):
    rows, _ = published_table(start_year)
    allocated = sum(Decimal(row["allocation"]) for row in rows.values())
    envelope = published_envelope(start_year)
    fund_year = built[start_year].fund_year
    assert allocated > envelope

    # As built: the top-up recorded with its reason covers the difference, so no envelope check.
    table = hcf_allocations(start_year=start_year)
    assert envelope_checks(table) == []
    assert any(
        f"exceeds the 'up to £{envelope:,.0f}' envelope by £{allocated - envelope:,.0f}" in n
        for n in table.notes
    )

    # Without the top-up (data as the annual report printed it), the check says by how much.
    TopUp.objects.filter(fund_year=fund_year).delete()
    assert envelope_checks(hcf_allocations(start_year=start_year)) == [
        f"Allocation lines total {format_gbp(allocated)}, {format_gbp(allocated - envelope)} above the envelope of "
        f"{format_gbp(envelope)} plus top-ups of £0."
    ]

    # A top-up that covers only part of it leaves the rest flagged; one that covers the rest clears it.
    part = ((allocated - envelope) / 2).quantize(Decimal("1"))
    services.top_up_add(
        fund_year=fund_year,
        amount=part,
        date=date(start_year, 10, 1),
        reason="Part",
        by=built[start_year].awards[0].approved_by,
    )
    assert envelope_checks(hcf_allocations(start_year=start_year)) == [
        f"Allocation lines total {format_gbp(allocated)}, {format_gbp(allocated - envelope - part)} above the envelope of "
        f"{format_gbp(envelope)} plus top-ups of {format_gbp(part)}."
    ]
    services.top_up_add(
        fund_year=fund_year,
        amount=allocated - envelope - part,
        date=date(start_year, 11, 1),
        reason="The rest",
        by=built[start_year].awards[0].approved_by,
    )
    assert envelope_checks(hcf_allocations(start_year=start_year)) == []
