"""grants.statistics: the report pack's Helping Communities Fund tables, from records made by the services.

Expected figures come from the records each test creates (amounts passed to the services), never
from the implementation. Data that the services refuse (lines above the budget, awards above their
line, payments above an award) can only arrive by import from a legacy system; tests write it
straight into the tables to show the checks catch it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from grants import services
from grants.models import AllocationLine, Application, Award, Fund, FundYear, Payment, Status
from grants.statistics import applications_summary, fund_headline, hcf_allocations
from opcc.core.models import FinancialYear, PolicingArea
from opcc.core.money import format_gbp
from opcc.core.statistics import identical_rows
from tests.grants.conftest import ENVELOPE, LINE_AMOUNTS, area, today
from tests.grants.factories import AwardFactory, PaymentFactory

pytestmark = pytest.mark.django_db

FUNCTIONS = (hcf_allocations, fund_headline, applications_summary)


def rows_by(table, key):
    return {row[key]: row for row in table.rows}


@pytest.fixture
def coventry(fund_year):
    return AllocationLine.objects.get(fund_year=fund_year, area__name="Coventry")


# --- HCF allocations ---------------------------------------------------------------------------


def test_allocations_one_row_per_line_in_the_published_order(fund_year):
    table = hcf_allocations(start_year=2024)

    expected = [a.name for a in PolicingArea.objects.valid_in(2024).order_by("sort_order", "name")]
    assert [row["area"] for row in table.rows] == expected
    assert expected[-3:] == ["LPA Reserve", "Community Response Fund", "Street Watch"]
    assert table.key == "grants.hcf_allocations"
    assert table.period == "2024/25"
    assert [c.key for c in table.columns] == ["area", "allocation", "projects", "approved", "paid"]
    assert table.columns[0].title == "Local Policing Area"
    rows = rows_by(table, "area")
    for name, amount in LINE_AMOUNTS.items():
        assert rows[name]["allocation"] == amount
    assert table.total["allocation"] == sum(LINE_AMOUNTS.values())
    # An area with no projects shows 0; a pot without projects is blank, as the published table.
    assert rows["Sandwell"]["projects"] == 0
    assert rows["LPA Reserve"]["projects"] is None
    assert table.checks == []


def test_projects_approved_and_paid_come_from_the_awards(application_in, coventry, grants_users):
    approved = application_in("approved", amount_requested=Decimal("1200.00"))
    paid = application_in("paid", amount_requested=Decimal("800.00"))
    closed = application_in("closed", amount_requested=Decimal("450.50"), allocation_line=coventry)
    application_in("rejected", amount_requested=Decimal("999.00"))
    application_in("assessed", amount_requested=Decimal("700.00"))
    part = application_in("approved", amount_requested=Decimal("2000.00"), award_amount=Decimal("1500.00"))
    services.agreement_sign(application=part, by=grants_users.staff, signed_on=part.award.offered_on)
    services.payment_record(
        application=part,
        by=grants_users.staff,
        amount="600",
        paid_on=part.award.offered_on,
        finance_reference="F1",
    )

    rows = rows_by(hcf_allocations(start_year=2024), "area")

    assert rows["Birmingham"]["projects"] == 3
    assert rows["Birmingham"]["approved"] == approved.award.amount + paid.award.amount + Decimal("1500.00")
    assert rows["Birmingham"]["paid"] == paid.award.amount + Decimal("600.00")
    assert rows["Coventry"] == {
        "area": "Coventry",
        "allocation": LINE_AMOUNTS["Coventry"],
        "projects": 1,
        "approved": closed.award.amount,
        "paid": closed.award.amount,
    }


def test_a_withdrawn_award_is_not_a_project_and_keeps_only_what_stays_paid(
    application_in, grants_users, make_user
):
    application = application_in("paid", amount_requested=Decimal("1000.00"))
    # Withdrawing an award needs both permissions (enter and decide); an administrator holds both.
    both = make_user(is_superuser=True)
    services.application_withdraw(
        application=application, by=both, reason="The group folded.", recovered_amount="250"
    )

    row = rows_by(hcf_allocations(start_year=2024), "area")["Birmingham"]

    assert row["projects"] == 0
    assert row["approved"] == Decimal("1000.00") - Decimal("250.00")
    assert row["paid"] == Decimal("1000.00")


def test_checks_lines_above_envelope_and_top_ups_say_by_how_much(fund_year, grants_users):
    # A legacy import put more on the lines than the budget (the service would refuse).
    AllocationLine.objects.filter(fund_year=fund_year, area__name="Dudley").update(
        amount=Decimal("330000.00")
    )
    total = sum(LINE_AMOUNTS.values()) - LINE_AMOUNTS["Dudley"] + Decimal("330000.00")

    checks = hcf_allocations(start_year=2024).checks

    assert (
        f"Allocation lines total {format_gbp(total)}, {format_gbp(total - ENVELOPE)} above the envelope of "
        f"{format_gbp(ENVELOPE)} plus top-ups of £0." in checks
    )

    services.top_up_add(
        fund_year=fund_year,
        amount="10000",
        date=date(2024, 6, 1),
        reason="Extra POCA receipts",
        by=grants_users.manager,
    )
    still_over = total - ENVELOPE - Decimal("10000")
    assert any(f"{format_gbp(still_over)} above" in c for c in hcf_allocations(start_year=2024).checks)

    services.top_up_add(
        fund_year=fund_year,
        amount=str(still_over),
        date=date(2024, 7, 1),
        reason="Covers it",
        by=grants_users.manager,
    )
    table = hcf_allocations(start_year=2024)
    assert not [c for c in table.checks if "above the envelope" in c]
    assert any("Extra POCA receipts" in note for note in table.notes)


def test_checks_identical_rows(application_in, coventry, grants_users, fund_year):
    services.allocation_line_set(
        fund_year=fund_year, area=coventry.area, amount=LINE_AMOUNTS["Birmingham"], by=grants_users.manager
    )
    application_in("approved", amount_requested=Decimal("1000.00"))
    application_in("approved", amount_requested=Decimal("2000.00"), allocation_line=coventry)

    checks = hcf_allocations(start_year=2024).checks

    # Approved and paid differ, but area, allocation and projects are the same: a copied-row smell.
    assert any(c.startswith("Coventry has exactly the same figures as Birmingham") for c in checks)


def test_checks_awards_above_their_line_and_payments_above_an_award(application_in, line):
    application = application_in("paid", amount_requested=Decimal("1000.00"))
    award = application.award
    # Legacy data: the line cut below its awards, and a second payment beyond the award.
    AllocationLine.objects.filter(pk=line.pk).update(amount=Decimal("900.00"))
    Payment.objects.create(
        award=award,
        paid_on=award.offered_on,
        amount=Decimal("75.00"),
        finance_reference="OLD",
        recorded_by=award.approved_by,
    )

    checks = hcf_allocations(start_year=2024).checks

    assert "Birmingham: awards of £1,000 are above its allocation of £900 (£100 over)." in checks
    assert f"{application.reference}: £1,075 paid against an award of £1,000 (£75 too much)." in checks


def test_npu_years_are_headed_by_the_npu_and_years_do_not_mix(application_in, grants_users):
    application_in("paid", amount_requested=Decimal("1000.00"))
    manager = grants_users.manager
    year_2022 = services.fund_year_create(
        fund=Fund.objects.get(code="HCF"),
        financial_year=FinancialYear.objects.get(start_year=2022),
        envelope="400000",
        max_award="5000",
        by=manager,
    )
    services.allocation_line_set(fund_year=year_2022, area=area("Coventry", 2022), amount="20000", by=manager)

    table_2022 = hcf_allocations(start_year=2022)
    table_2024 = hcf_allocations(start_year=2024)

    assert table_2022.columns[0].title == "Neighbourhood Policing Unit"
    assert "Pan Birmingham (East & West)" in rows_by(table_2022, "area")
    assert table_2022.total["projects"] == 0
    assert table_2022.total["allocation"] == Decimal("20000.00")
    assert table_2024.total["projects"] == 1
    assert table_2024.total["allocation"] == sum(LINE_AMOUNTS.values())


def test_a_year_without_a_fund_year_has_no_rows(fund_year):
    for function in FUNCTIONS:
        table = function(start_year=2023)
        assert table.rows == []
        assert table.period == "2023/24"
        assert "No Helping Communities Fund year is recorded for 2023/24." in table.notes


# --- fund headline -----------------------------------------------------------------------------


def test_fund_headline_rows_never_look_copied(fund_year):
    table = fund_headline(start_year=2024)
    rows = rows_by(table, "measure")
    assert rows["Envelope"]["amount"] == rows["Budget"]["amount"]  # no top-ups
    assert identical_rows(table) == []


def test_fund_headline(application_in, fund_year, grants_users):
    services.top_up_add(
        fund_year=fund_year,
        amount="166000",
        date=date(2024, 9, 1),
        reason="Released by the PCC",
        by=grants_users.manager,
    )
    paid = application_in("paid", amount_requested=Decimal("1000.00"))
    approved = application_in("approved", amount_requested=Decimal("2500.00"))
    application_in("rejected")

    table = fund_headline(start_year=2024)
    rows = rows_by(table, "measure")

    assert table.show_total is False and table.total is None
    assert rows["Fund"]["detail"] == "Helping Communities Fund (Proceeds of Crime Act 2002)"
    assert rows["Envelope"]["amount"] == ENVELOPE
    assert (rows["Top-ups"]["amount"], rows["Top-ups"]["count"]) == (Decimal("166000.00"), 1)
    assert rows["Budget"]["amount"] == ENVELOPE + Decimal("166000.00")
    assert rows["Allocated"]["amount"] == sum(LINE_AMOUNTS.values())
    assert rows["Allocated"]["count"] == PolicingArea.objects.valid_in(2024).count()
    assert rows["Projects funded"]["count"] == 2
    assert rows["Amount awarded"]["amount"] == paid.award.amount + approved.award.amount
    assert rows["Amount paid"]["amount"] == paid.award.amount


# --- applications received, approved, rejected -------------------------------------------------

ALL_STATUSES = list(Status.values)


def test_applications_summary_counts_every_status_once(application_in):
    made = {status: application_in(status, amount_requested=Decimal("1000.00")) for status in ALL_STATUSES}

    table = applications_summary(start_year=2024)
    rows = rows_by(table, "outcome")

    assert rows["Received"]["applications"] == len(made)
    assert rows["Received"]["requested"] == Decimal("1000.00") * len(made)
    # approved, agreement signed, paid, monitoring due, closed
    assert rows["Approved"]["applications"] == 5
    assert rows["Approved"]["awarded"] == sum(
        made[s].award.amount for s in ("approved", "agreement_signed", "paid", "monitoring_due", "closed")
    )
    for label in ("Rejected", "Ineligible", "Returned for more information", "Withdrawn"):
        assert rows[label]["applications"] == 1
    assert rows["In progress"]["applications"] == 4  # draft, submitted, eligibility check, assessed
    assert sum(row["applications"] for row in table.rows[1:]) == rows["Received"]["applications"]
    assert table.total is None
    # Groups with the same figures are not copied rows: the pack's generic check must stay quiet.
    assert identical_rows(table) == []


def test_applications_of_another_fund_year_are_not_counted(application_in, grants_users, organisation):
    application_in("submitted")
    manager = grants_users.manager
    year_2022 = services.fund_year_create(
        fund=Fund.objects.get(code="HCF"),
        financial_year=FinancialYear.objects.get(start_year=2022),
        envelope="400000",
        max_award="5000",
        by=manager,
    )
    line = services.allocation_line_set(
        fund_year=year_2022, area=area("Coventry", 2022), amount="20000", by=manager
    )
    services.application_create(
        by=grants_users.staff,
        fund_year=year_2022,
        organisation=organisation,
        allocation_line=line,
        project_title="Street football",
        summary="Evening football.",
        amount_requested="900",
        beneficiaries="Young people",
        beneficiaries_count=30,
        planned_start=date(2022, 6, 1),
        planned_end=date(2022, 12, 1),
        received_on=date(2022, 5, 1),
    )

    assert applications_summary(start_year=2024).rows[0]["applications"] == 1
    assert applications_summary(start_year=2022).rows[0]["applications"] == 1


# --- query counts ------------------------------------------------------------------------------


def queries_of(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(start_year=2024)
    return len(captured)


def add_applications(application_in, coventry, count: int) -> None:
    """A mix: paid and approved awards on two lines, rejected and draft applications."""
    statuses = ("paid", "approved", "rejected", "draft", "draft")
    for index in range(count):
        line = {"allocation_line": coventry} if index % 2 else {}
        application_in(statuses[index % len(statuses)], amount_requested=Decimal("100.00") + index, **line)


def test_query_count_does_not_grow_with_applications(application_in, coventry):
    add_applications(application_in, coventry, 5)
    with_5 = {f.__name__: queries_of(f) for f in FUNCTIONS}
    add_applications(application_in, coventry, 45)
    with_50 = {f.__name__: queries_of(f) for f in FUNCTIONS}

    assert with_50 == with_5
    assert Award.objects.count() == 20
    assert max(with_5.values()) <= 5


def earlier_year(start: int, manager) -> tuple[FundYear, AllocationLine]:
    year = services.fund_year_create(
        fund=Fund.objects.get(code="HCF"),
        financial_year=FinancialYear.objects.get(start_year=start),
        envelope="400000",
        max_award="5000",
        by=manager,
    )
    line = services.allocation_line_set(
        fund_year=year, area=area("Coventry", start), amount="20000", by=manager
    )
    return year, line


def test_query_count_and_figures_do_not_change_with_other_years(application_in, coventry, grants_users):
    add_applications(application_in, coventry, 5)
    one_year = {f.__name__: queries_of(f) for f in FUNCTIONS}
    figures = [f(start_year=2024).rows for f in FUNCTIONS]
    for start in (2021, 2022, 2023):
        year, line = earlier_year(start, grants_users.manager)
        for status in ("paid", "approved", "rejected"):
            # Legacy data: an earlier year's application, moved straight into that year's tables.
            application = application_in(status, amount_requested=Decimal("321.00"))
            Application.objects.filter(pk=application.pk).update(fund_year=year, allocation_line=line)
            Award.objects.filter(application=application).update(fund_year=year)
            Payment.objects.filter(award__application=application).update(fund_year=year)

    assert {f.__name__: queries_of(f) for f in FUNCTIONS} == one_year
    assert [f(start_year=2024).rows for f in FUNCTIONS] == figures
    assert Application.objects.exclude(fund_year__financial_year__start_year=2024).count() == 9
    moved = rows_by(fund_headline(start_year=2022), "measure")["Projects funded"]
    assert moved["count"] == 2  # the paid and approved ones


# --- awards and payments carry their application's year (what the pack filters on) --------------


def test_awards_and_payments_carry_their_applications_fund_year(application_in, grants_users):
    for status in ("approved", "agreement_signed", "paid", "monitoring_due", "closed"):
        application_in(status)
    application_in("withdrawn", withdrawn_from="paid")
    part = application_in("agreement_signed", amount_requested=Decimal("900.00"))
    services.payment_record(
        application=part, by=grants_users.staff, amount="100", paid_on=today(), finance_reference="F2"
    )
    # Writers other than the services (imports, factories) get it from the application too.
    PaymentFactory()
    AwardFactory()

    assert Award.objects.count() == 9
    assert Payment.objects.count() == 6
    assert not Award.objects.exclude(fund_year=F("application__fund_year")).exists()
    assert not Payment.objects.exclude(fund_year=F("award__application__fund_year")).exists()


# --- the pack reads only the year it reports ----------------------------------------------------

LARGE_TABLES = ('"grants_application"', '"grants_award"', '"grants_payment"')


def scans(sql: str) -> list[dict]:
    """Every scan in the plan of `sql`, planned with sequential scans ruled out.

    A test database holds a few rows, which the planner would rather read whole; ruling that out
    shows whether an index can serve the query, which at 2 million applications the planner then
    chooses (measured). Each scan: its table, node type, and the condition it reads by.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_application, grants_award, grants_payment")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = on")
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if "Relation Name" in node:
            condition = node.get("Index Cond") or node.get("Recheck Cond") or ""
            found.append(
                {
                    "table": node["Relation Name"],
                    "type": node["Node Type"],
                    "reads_by": condition,
                    "keeps": f"{condition} {node.get('Filter', '')}",
                }
            )
    return found


def test_every_query_over_the_large_tables_is_filtered_to_the_year(application_in, coventry, fund_year):
    add_applications(application_in, coventry, 5)
    award = Award.objects.filter(payments__isnull=False).first()
    # Legacy data: one payment too many, so the overpaid check's second query runs too.
    Payment.objects.create(
        award=award,
        paid_on=award.offered_on,
        amount="1.00",
        finance_reference="OLD",
        recorded_by=award.approved_by,
    )
    year_index, by_year_index = f"(fund_year_id = {fund_year.pk})", set()
    for function in FUNCTIONS:
        with CaptureQueriesContext(connection) as captured:
            function(start_year=2024)
        for query in captured.captured_queries:
            sql = query["sql"]
            if not any(table in sql for table in LARGE_TABLES):
                continue
            assert f'"fund_year_id" = {fund_year.pk}' in sql, f"{function.__name__}: {sql}"
            assert " IN (SELECT" not in sql.upper() and "(SELECT" not in sql, "no subquery per row"
            read = [scan for scan in scans(sql) if f'"{scan["table"]}"' in LARGE_TABLES]
            for scan in read:
                # Read by an index and kept to the year (its index, or a filter after a key lookup).
                assert scan["type"] != "Seq Scan", f"{function.__name__}: {scan}\n{sql}"
                assert f"fund_year_id = {fund_year.pk}" in scan["keeps"], (
                    f"{function.__name__}: {scan}\n{sql}"
                )
            if " JOIN " not in sql:
                # A one-table aggregate (the year's awards, its payments) reads its year index. In
                # joins, a planner given a few rows may pick other indexes; at 2 million
                # applications it picks the year indexes (measured on the benchmark database).
                assert [scan["reads_by"] for scan in read] == [year_index], f"{function.__name__}: {sql}"
                by_year_index.update(scan["table"] for scan in read)
    assert by_year_index == {"grants_award", "grants_payment"}
    assert any(check.endswith("(£1 too much).") for check in hcf_allocations(start_year=2024).checks)
