"""The grants demo data: through the services, idempotent, every status, the published lines; and
the golden tables: its records mirror the published HCF tables and reproduce them, with true totals.

Seeding takes a while, so it runs once for the module inside a transaction that is rolled back at
the end (each test still runs in its own savepoint). The test that needs no demo users runs first.
The published years are built by grants.demo.build_published_year, through the services; the
golden tables read every expected figure from tests/fixtures/published_figures.json (see its
README), cell by cell, not from the seeder's own PUBLISHED_HCF.
"""

import datetime as dt
import json
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from grants import demo, services
from grants.models import (
    Application,
    Award,
    FundYear,
    MonitoringReturn,
    Organisation,
    Payment,
    Status,
    TopUp,
)
from grants.statistics import hcf_allocations
from opcc.core.history import history_for
from opcc.core.models import fy_label
from opcc.core.money import format_gbp

COUNTED = (Application, Award, Payment, MonitoringReturn, Organisation, FundYear, TopUp)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.django_db
def test_seed_without_the_demo_users_says_what_to_do():
    with pytest.raises(demo.DemoUsersMissing, match="seed_demo"):
        demo.seed(stdout=StringIO())
    assert not FundYear.objects.exists()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """`manage.py seed_demo` with the grants seeder, timed; rolled back after the module."""
    from django.conf import settings

    with django_db_blocker.unblock(), transaction.atomic():
        seeders, settings.DEMO_SEEDERS = settings.DEMO_SEEDERS, ["grants.demo.seed"]
        try:
            out = StringIO()
            started = time.monotonic()
            call_command("seed_demo", password="demo-password-for-tests", stdout=out)
            elapsed = time.monotonic() - started
        finally:
            settings.DEMO_SEEDERS = seeders
        print(f"\nseed_demo with the grants demo data took {elapsed:.1f} s")
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_seed_reports_what_it_added(seeded):
    assert "Helping Communities Fund 2022/23: 122 funded projects" in seeded
    assert "Helping Communities Fund 2024/25: 52 funded projects" in seeded
    assert "Grants demo data ready in" in seeded


@pytest.mark.django_db
def test_seeding_twice_adds_nothing(seeded, settings):
    settings.DEMO_SEEDERS = ["grants.demo.seed"]
    before = counts()
    assert before["Application"] > 122 + 52

    again = StringIO()
    call_command("seed_demo", stdout=again)

    assert counts() == before
    assert again.getvalue().count("already there, left as it is") == 2


@pytest.mark.django_db
def test_every_status_is_present_in_2024_25(seeded):
    statuses = Application.objects.filter(fund_year__financial_year__start_year=2024).values_list(
        "status", flat=True
    )
    assert set(statuses) == set(Status.values)


@pytest.mark.django_db
def test_records_were_made_by_the_demo_users_through_the_services(seeded):
    applications = Application.objects.filter(fund_year__financial_year__start_year=2024)
    assert set(applications.values_list("entered_by__username", flat=True)) == {"staff"}
    assert set(Award.objects.values_list("approved_by__username", flat=True)) == {"manager"}
    assessed_by = set(applications.values_list("assessment__assessed_by__username", flat=True))
    assert assessed_by - {None} == {"assessor"}
    # Each state change left a history record with the acting user.
    closed = applications.filter(status=Status.CLOSED).first()
    assert closed.history.filter(history_user__username="staff", status=Status.CLOSED).exists()


@pytest.mark.django_db
def test_dates_follow_each_other_and_none_is_in_the_future(seeded):
    today = timezone.localdate()
    for award in Award.objects.select_related("application"):
        application = award.application
        assert application.received_on < award.offered_on <= today
        assert award.agreement_signed_on is None or award.offered_on <= award.agreement_signed_on <= today
    assert not Payment.objects.filter(paid_on__gt=today).exists()


@pytest.mark.django_db
def test_monitoring_returns_overdue_received_and_not_yet_due(seeded):
    today = timezone.localdate()
    due = MonitoringReturn.objects.filter(award__application__status=Status.MONITORING_DUE)
    assert due.overdue(today).exists()
    assert due.filter(due_on__gte=today).exists()
    assert MonitoringReturn.objects.filter(received_on__isnull=False).exists()
    closed = Award.objects.filter(application__status=Status.CLOSED)
    assert closed.exists()
    assert not MonitoringReturn.objects.filter(award__in=closed, received_on__isnull=True).exists()


@pytest.mark.django_db
def test_organisations_are_varied_and_registered_numbers_valid(seeded):
    types = set(Organisation.objects.values_list("org_type", flat=True))
    assert types >= {"community_group", "charity", "cic", "faith_group", "school"}
    assert Organisation.objects.filter(company_number__startswith="0").exists()
    for organisation in Organisation.objects.all():
        organisation.full_clean()  # charity and company number formats, postcode


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", sorted(demo.PUBLISHED_HCF))
def test_allocations_table_shows_the_published_lines(seeded, start_year):
    table = hcf_allocations(start_year=start_year)
    published = demo.PUBLISHED_HCF[start_year]
    assert [(row["area"], row["allocation"], row["projects"]) for row in table.rows] == list(published)
    assert table.total["allocation"] == sum(amount for _, amount, _ in published)
    assert table.total["projects"] == sum(projects or 0 for _, _, projects in published)
    # The recorded top-up covers the difference, so no envelope check; awards stay within lines.
    assert not [check for check in table.checks if "above the envelope" in check]
    assert any("published table exceeds the 'up to £400,000' envelope" in note for note in table.notes)
    assert all(row["approved"] <= row["allocation"] for row in table.rows)
    print(f"\n{table.title} {table.period}")
    for row in [*table.rows, table.total]:
        print(
            f"  {row['area']:<30} £{row['allocation']:>10,.2f} {row['projects'] if row['projects'] is not None else '':>4}"
            f" approved £{row['approved']:>10,.2f} paid £{row['paid']:>10,.2f}"
        )


@pytest.mark.django_db
def test_a_decided_demo_applications_history_shows_when_each_step_happened(seeded, client):
    """Entered on the day received, checked and assessed two weeks on, decided four weeks on, then paid."""
    application = (
        Application.objects.filter(fund_year__financial_year__start_year=2022, status=Status.PAID)
        .select_related("award", "assessment")
        .order_by("received_on", "pk")
        .first()
    )
    received = application.received_on
    on_day = {entry.reason: timezone.localtime(entry.when).date() for entry in history_for(application)}
    assert on_day["Application entered"] == received
    assert on_day["Submitted"] == received
    assert on_day["Eligibility check started"] == received + dt.timedelta(days=14)
    assert on_day[next(r for r in on_day if r.startswith("Assessed"))] == received + dt.timedelta(days=14)
    assert on_day[next(r for r in on_day if r.startswith("Approved"))] == application.award.offered_on
    assert (
        on_day[next(r for r in on_day if r.startswith("Paid in full"))]
        == Payment.objects.get(award=application.award).paid_on
    )
    assert all(dt.date(2022, 4, 1) <= day < dt.date(2023, 6, 1) for day in on_day.values())
    assert timezone.localtime(application.assessment.assessed_at).date() == received + dt.timedelta(days=14)
    assert application.created_at.year == 2022
    # Newest first, and written in the order it happened.
    whens = [entry.when for entry in history_for(application)]
    assert whens == sorted(whens, reverse=True)

    client.force_login(get_user_model().objects.get(username="manager"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert f"{received:%-d %B %Y}, 09:" in page  # entered, as the history panel shows it
    assert f"{timezone.localdate():%-d %B %Y}," not in page  # nothing in the history says today


@pytest.mark.django_db
def test_no_demo_history_is_dated_after_today_or_before_its_fund_year(seeded):
    now = timezone.now()
    for application in Application.objects.filter(fund_year__financial_year__start_year=2024).select_related(
        "fund_year__financial_year"
    )[:40]:
        for record in application.history.all():
            assert (
                application.fund_year.financial_year.start_date
                <= timezone.localtime(record.history_date).date()
            )
            assert record.history_date <= now


# --- golden tables ------------------------------------------------------------------------------

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


def envelope_checks(table) -> list[str]:
    return [check for check in table.checks if "above the envelope" in check]


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", YEARS)
def test_rows_allocations_and_projects_are_the_published_ones(seeded, start_year):
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
def test_totals_are_the_true_sums(seeded, start_year):
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
def test_identical_rows_are_flagged_in_2022_23_only(seeded):
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
def test_envelope_check_unless_a_covering_top_up_is_recorded(seeded, start_year):
    rows, _ = published_table(start_year)
    allocated = sum(Decimal(row["allocation"]) for row in rows.values())
    envelope = published_envelope(start_year)
    fund_year = FundYear.objects.get(fund__code="HCF", financial_year__start_year=start_year)
    manager = get_user_model().objects.get(username="manager")
    assert allocated > envelope

    # As seeded: the top-up recorded with its reason covers the difference, so no envelope check.
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
        date=dt.date(start_year, 10, 1),
        reason="Part",
        by=manager,
    )
    assert envelope_checks(hcf_allocations(start_year=start_year)) == [
        f"Allocation lines total {format_gbp(allocated)}, {format_gbp(allocated - envelope - part)} above the envelope of "
        f"{format_gbp(envelope)} plus top-ups of {format_gbp(part)}."
    ]
    services.top_up_add(
        fund_year=fund_year,
        amount=allocated - envelope - part,
        date=dt.date(start_year, 11, 1),
        reason="The rest",
        by=manager,
    )
    assert envelope_checks(hcf_allocations(start_year=start_year)) == []
