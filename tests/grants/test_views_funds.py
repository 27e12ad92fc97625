"""Funds and allocations: figures per line computed in the database, totals, and the manager's
forms (fund year, top-up, line amounts) with the service's over-budget message in the summary."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import AllocationLine, FundYear, Status, TopUp
from opcc.core.models import FinancialYear, PolicingArea
from tests.grants.conftest import today
from tests.grants.test_views_support import problem, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, grants_users):
    client.force_login(grants_users.manager)
    return client


def line_figures(response, name):
    return next(line for line in response.context["lines"] if line.area.name == name)


class TestFundYearPage:
    def test_figures_per_line_and_totals(self, manager_client, grants_users, fund_year, application_in):
        paid = application_in(Status.PAID)  # £1,500 approved and paid from Birmingham
        application_in(Status.APPROVED, award_amount=Decimal("1000"))  # £1,000 approved, unpaid
        application_in(Status.WITHDRAWN, withdrawn_from=Status.APPROVED)  # unpaid award: back to the line
        application_in(Status.ASSESSED)  # not approved: no effect
        response = manager_client.get(fund_year.get_absolute_url())
        birmingham = line_figures(response, "Birmingham")
        assert birmingham.amount == Decimal("60000.00")
        assert birmingham.committed == Decimal("2500.00")
        assert birmingham.paid == Decimal("1500.00")
        assert birmingham.remaining == Decimal("57500.00")
        assert birmingham.projects == 2
        totals = response.context["totals"]
        assert totals["amount"] == Decimal("130000.00")
        assert totals["committed"] == Decimal("2500.00")
        assert totals["remaining"] == Decimal("127500.00")
        assert totals["projects"] == 2
        assert response.context["unallocated"] == Decimal("270000.00")
        page = text(response)
        assert "Up to £400,000" in page and "£57,500" in page and paid.reference not in page

    def test_figures_are_one_query_whatever_the_lines(
        self, manager_client, fund_year, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(15):
            assert manager_client.get(fund_year.get_absolute_url()).status_code == 200

    def test_list_of_fund_years(self, manager_client, fund_year, application_in):
        application_in(Status.PAID)
        response = manager_client.get(reverse("grants:fund_years"))
        row = response.context["fund_years"].get(pk=fund_year.pk)
        assert (row.budget, row.allocated, row.committed, row.paid, row.projects, row.applications_count) == (
            Decimal("400000.00"),
            Decimal("130000.00"),
            Decimal("1500.00"),
            Decimal("1500.00"),
            1,
            1,
        )

    def test_managers_get_the_change_links_staff_do_not(self, client, grants_users, fund_year):
        client.force_login(grants_users.staff)
        assert "Add a top-up" not in text(client.get(fund_year.get_absolute_url()))
        client.force_login(grants_users.manager)
        page = text(client.get(fund_year.get_absolute_url()))
        assert "Add a top-up" in page and "the allocation for Birmingham</span>" in page


class TestLines:
    def test_set_a_line(self, manager_client, fund_year, line):
        url = reverse("grants:line_edit", args=[fund_year.pk, line.pk])
        page = text(manager_client.get(url))
        assert "Most this line can have" in page and "£330,000" in page
        response = manager_client.post(url, {"amount": "75,000"}, follow=True)
        assert response.redirect_chain[-1][0] == fund_year.get_absolute_url()
        assert "Allocation for Birmingham set to £75,000." in text(response)
        line.refresh_from_db()
        assert line.amount == Decimal("75000.00")

    def test_over_budget_says_by_how_much(self, manager_client, fund_year, line):
        url = reverse("grants:line_edit", args=[fund_year.pk, line.pk])
        response = manager_client.post(url, {"amount": "330000.01"})
        problem(
            response,
            "The allocation lines would total £400,000.01, which is £0.01 more than the envelope "
            "plus top-ups (£400,000).",
        )
        assert response.context["form"].has_error("amount")
        line.refresh_from_db()
        assert line.amount == Decimal("60000.00")

    def test_cannot_go_below_what_is_committed(self, manager_client, fund_year, application_in, line):
        application_in(Status.APPROVED)
        url = reverse("grants:line_edit", args=[fund_year.pk, line.pk])
        problem(manager_client.post(url, {"amount": "1000"}), "Birmingham has £1,500 committed")
        line.refresh_from_db()
        assert line.amount == Decimal("60000.00")

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            ("1e5", "Enter an amount in pounds"),
            ("12.345", "no more than 2 decimal places"),
            ("-5", "Enter an amount of £0 or more"),
            ("", "Enter the allocation, or 0"),
        ],
    )
    def test_bad_amounts(self, manager_client, fund_year, line, amount, message):
        url = reverse("grants:line_edit", args=[fund_year.pk, line.pk])
        problem(manager_client.post(url, {"amount": amount}), message)
        line.refresh_from_db()
        assert line.amount == Decimal("60000.00")

    def test_add_a_line_for_an_area_without_one(self, manager_client, grants_users, hcf):
        fund_year = services.fund_year_create(
            fund=hcf,
            financial_year=FinancialYear.objects.get(start_year=2025),
            envelope="1000",
            max_award="500",
            by=grants_users.manager,
            with_lines=False,
        )
        url = reverse("grants:line_add", args=[fund_year.pk])
        street_watch = PolicingArea.objects.valid_in(2025).get(name="Street Watch")
        response = manager_client.post(url, {"area": street_watch.pk, "amount": "250"}, follow=True)
        assert "Street Watch added to" in text(response)
        assert AllocationLine.objects.get(fund_year=fund_year).amount == Decimal("250.00")
        offered = manager_client.get(url).context["form"].fields["area"].queryset
        assert street_watch not in offered and offered.filter(name="Birmingham").exists()

    def test_a_line_of_another_fund_year_is_404(self, manager_client, fund_year, hcf, grants_users):
        other = services.fund_year_create(
            fund=hcf,
            financial_year=FinancialYear.objects.get(start_year=2025),
            envelope="1000",
            max_award="500",
            by=grants_users.manager,
        )
        other_line = AllocationLine.objects.filter(fund_year=other).first()
        assert (
            manager_client.get(reverse("grants:line_edit", args=[fund_year.pk, other_line.pk])).status_code
            == 404
        )


class TestTopUpsAndFundYears:
    def test_top_up_raises_the_budget(self, manager_client, fund_year):
        url = reverse("grants:top_up_add", args=[fund_year.pk])
        data = {
            "amount": "166,000",
            "date": "01/09/2024",  # within the fund year 2024/25 (a top-up outside it is refused)
            "reason": "Extra POCA receipts.",
            "decision_reference": "WMPCC 012/2024",
        }
        response = manager_client.post(url, data, follow=True)
        assert "Top-up of £166,000 added" in text(response)
        assert TopUp.objects.get().decision_reference == "WMPCC 012/2024"
        assert FundYear.objects.with_budget().get(pk=fund_year.pk).budget == Decimal("566000.00")
        assert "Extra POCA receipts." in text(response)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": "1e5"}, "Enter an amount in pounds"),
            ({"amount": "-5"}, "Enter an amount greater than £0"),
            ({"reason": ""}, "Enter why the money was added"),
            ({"date": (today() + timedelta(days=1)).strftime("%d/%m/%Y")}, "cannot be in the future"),
        ],
    )
    def test_top_up_bad_input(self, manager_client, fund_year, changes, message):
        data = {"amount": "100", "date": "01/09/2024", "reason": "Because.", **changes}
        problem(manager_client.post(reverse("grants:top_up_add", args=[fund_year.pk]), data), message)
        assert not TopUp.objects.exists()

    def test_create_a_fund_year(self, manager_client, hcf):
        year = FinancialYear.objects.get(start_year=2025)
        data = {"fund": hcf.pk, "financial_year": year.pk, "envelope": "400,000", "max_award": "10,000"}
        response = manager_client.post(reverse("grants:fund_year_add"), data, follow=True)
        fund_year = FundYear.objects.get(financial_year=year)
        assert response.redirect_chain[-1][0] == fund_year.get_absolute_url()
        assert "Helping Communities Fund 2025/26 added" in text(response)
        assert fund_year.lines.count() == PolicingArea.objects.valid_in(2025).count()

    def test_create_a_duplicate_fund_year(self, manager_client, fund_year, hcf):
        data = {
            "fund": hcf.pk,
            "financial_year": fund_year.financial_year.pk,
            "envelope": "1",
            "max_award": "1",
        }
        problem(
            manager_client.post(reverse("grants:fund_year_add"), data),
            "Helping Communities Fund already has a fund year for 2024/25.",
        )
        assert FundYear.objects.count() == 1

    def test_max_award_above_envelope(self, manager_client, hcf):
        year = FinancialYear.objects.get(start_year=2025)
        data = {"fund": hcf.pk, "financial_year": year.pk, "envelope": "1000", "max_award": "2000"}
        problem(
            manager_client.post(reverse("grants:fund_year_add"), data),
            "The maximum award cannot be more than the envelope.",
        )
        assert not FundYear.objects.exists()

    def test_lowering_the_envelope_below_the_lines_is_refused_on_the_envelope(
        self, manager_client, fund_year
    ):
        url = reverse("grants:fund_year_edit", args=[fund_year.pk])
        response = manager_client.post(url, {"envelope": "100000", "max_award": "5000", "is_open": "on"})
        problem(response, "£30,000 more than the envelope plus top-ups")
        assert response.context["form"].has_error("envelope")
        fund_year.refresh_from_db()
        assert fund_year.envelope == Decimal("400000.00")

    def test_close_a_fund_year(self, manager_client, fund_year):
        url = reverse("grants:fund_year_edit", args=[fund_year.pk])
        manager_client.post(url, {"envelope": "400000", "max_award": "5000"})
        fund_year.refresh_from_db()
        assert fund_year.is_open is False
