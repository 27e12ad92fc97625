"""The manager's decisions (approve with the budget in view, reject, return) and variations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants import services
from grants.models import (
    AllocationLine,
    Award,
    Decision,
    Status,
    Variation,
)
from tests.grants.conftest import area
from tests.grants.test_views_support import HOSTILE_MONEY, done, problem, text, url

pytestmark = pytest.mark.django_db


class TestApprove:
    def test_page_shows_the_budget_and_prefills_the_recommendation(
        self, as_user, grants_users, application_in
    ):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).get(url("approve", application))
        page = text(response)
        for fragment in (
            "Birmingham allocation",
            "£60,000",
            "Remaining in Birmingham",
            "Maximum single award",
            "£5,000",
            "Amount requested",
            "£1,500",
            "Fund in full",
        ):
            assert fragment in page, fragment
        assert response.context["form"].initial["amount"] == Decimal("1500.00")

    def test_approve(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).post(
            url("approve", application), {"amount": "1,200", "conditions": "Quarterly reports."}, follow=True
        )
        done(response, application, f"Approved: £1,200 awarded to {application.organisation}.")
        award = Award.objects.get(application=application)
        assert award.amount == Decimal("1200.00") and award.approved_by == grants_users.manager
        application.refresh_from_db()
        assert application.status == Status.APPROVED

    @pytest.mark.parametrize(
        ("amount", "message"),
        [*HOSTILE_MONEY, ("", "Enter the amount to award"), ("0", "Enter an amount greater than £0")],
    )
    def test_bad_amounts(self, as_user, grants_users, application_in, amount, message):
        application = application_in(Status.ASSESSED)
        problem(as_user(grants_users.manager).post(url("approve", application), {"amount": amount}), message)
        assert not Award.objects.exists() and not Decision.objects.exists()

    def test_more_than_requested_is_refused_by_the_service(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).post(url("approve", application), {"amount": "1500.01"})
        problem(response, "The award cannot be more than the £1,500 requested.")
        assert response.context["form"].has_error("amount")
        assert not Award.objects.exists()

    def test_not_enough_left_in_the_line(self, as_user, grants_users, application_in, fund_year):
        walsall = services.allocation_line_set(
            fund_year=fund_year, area=area("Walsall"), amount="1000", by=grants_users.manager
        )
        application = application_in(Status.ASSESSED, allocation_line=walsall)
        response = as_user(grants_users.manager).post(url("approve", application), {"amount": "1500"})
        problem(response, "Not enough left in Walsall: £1,000 remaining.")
        assert not Award.objects.exists()

    @pytest.mark.parametrize("role", ["entered_by", "assessed_by"])
    def test_a_manager_cannot_approve_what_they_entered_or_assessed(
        self, as_user, both, application_in, role
    ):
        application = application_in(Status.ASSESSED, **{role: both})
        client = as_user(both)
        page = text(client.get(url("approve", application)))
        assert "You cannot decide this application." in page
        assert "Approve and award" not in page
        response = client.post(url("approve", application), {"amount": "1500"})
        verb = "entered" if role == "entered_by" else "assessed"
        problem(response, f"You {verb} this application, so another manager must decide it.")
        assert not Award.objects.exists()
        application.refresh_from_db()
        assert application.status == Status.ASSESSED

    def test_office_staff_cannot_approve(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        assert (
            as_user(grants_users.staff).post(url("approve", application), {"amount": "1500"}).status_code
            == 403
        )
        assert not Award.objects.exists()


class TestRejectAndReturn:
    def test_reject(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).post(
            url("reject", application), {"reason": "Outside the fund's priorities."}, follow=True
        )
        done(response, application, "Application rejected.")
        assert Decision.objects.get(application=application).reason == "Outside the fund's priorities."

    def test_reject_needs_a_reason(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        problem(
            as_user(grants_users.manager).post(url("reject", application), {"reason": ""}),
            "Enter the reason for rejecting the application",
        )
        assert not Decision.objects.exists()

    def test_return(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).post(
            url("return", application), {"missing": "Their constitution."}, follow=True
        )
        done(response, application, "Application returned for more information.")
        assert "Returned for more information:" in text(response)
        application.refresh_from_db()
        assert application.status == Status.RETURNED and application.returned_reason == "Their constitution."

    def test_return_needs_what_is_missing(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        problem(
            as_user(grants_users.manager).post(url("return", application), {"missing": "  "}),
            "Enter what information is missing",
        )
        application.refresh_from_db()
        assert application.status == Status.ASSESSED


class TestVary:
    def test_reduce_the_award(self, as_user, grants_users, application_in):
        application = application_in(Status.APPROVED)
        response = as_user(grants_users.manager).post(
            url("vary", application), {"new_amount": "1,000", "reason": "Smaller venue."}, follow=True
        )
        done(response, application, "Award varied.")
        assert Award.objects.get(application=application).amount == Decimal("1000.00")
        assert Variation.objects.get().previous_amount == Decimal("1500.00")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"reason": "Nothing to change."}, "Enter a new amount or a new end date"),
            ({"new_amount": "12.345", "reason": "x"}, "no more than 2 decimal places"),
            ({"new_amount": "1000"}, "Enter the reason for the variation"),
            ({"new_amount": "5000.01", "reason": "More sessions."}, "maximum award of £5,000"),
        ],
        ids=["nothing", "pence", "no-reason", "over-max"],
    )
    def test_bad_input(self, as_user, grants_users, application_in, data, message):
        application = application_in(Status.APPROVED)
        problem(as_user(grants_users.manager).post(url("vary", application), data), message)
        assert not Variation.objects.exists()

    def test_cannot_go_below_what_was_paid(self, as_user, grants_users, application_in):
        application = application_in(Status.PAID)
        problem(
            as_user(grants_users.manager).post(
                url("vary", application), {"new_amount": "100", "reason": "Less."}
            ),
            "The award cannot go below the £1,500 already paid.",
        )
        assert not Variation.objects.exists()


def test_allocation_lines_are_untouched_by_refused_approvals(as_user, grants_users, application_in):
    application = application_in(Status.ASSESSED)
    line = AllocationLine.objects.get(pk=application.allocation_line_id)
    as_user(grants_users.manager).post(url("approve", application), {"amount": "99999"})
    assert AllocationLine.objects.get(pk=line.pk).amount == line.amount
    assert not Award.objects.exists()
