"""After approval: agreement, payments, monitoring returns, withdrawal and closing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import (
    Award,
    MonitoringReturn,
    Payment,
    Status,
)
from tests.grants.conftest import today
from tests.grants.test_views_support import d, done, problem, text, url

pytestmark = pytest.mark.django_db


class TestAgreement:
    def test_sign(self, as_user, grants_users, application_in):
        application = application_in(Status.APPROVED)
        response = as_user(grants_users.staff).post(
            url("agreement", application), {"signed_on": d(today())}, follow=True
        )
        done(response, application, "Signed agreement recorded.")
        assert Award.objects.get(application=application).agreement_signed_on == today()

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "Enter the date the agreement was signed"),
            ("31/02/2025", "must be a real date"),
            (d(today() + timedelta(days=1)), "cannot be in the future"),
            (d(today() - timedelta(days=1)), "The agreement cannot be signed before the offer date."),
        ],
        ids=["blank", "not-a-date", "future", "before-offer"],
    )
    def test_bad_dates(self, as_user, grants_users, application_in, value, message):
        application = application_in(Status.APPROVED)
        problem(
            as_user(grants_users.staff).post(url("agreement", application), {"signed_on": value}), message
        )
        assert Award.objects.get(application=application).agreement_signed_on is None


class TestPayment:
    def data(self, application, **changes):
        return {"amount": "500", "paid_on": d(today()), "finance_reference": "AP-1", **changes}

    def test_page_shows_paid_and_left(self, as_user, grants_users, application_in):
        application = application_in(Status.AGREEMENT_SIGNED)
        page = text(as_user(grants_users.staff).get(url("payment", application)))
        assert "Paid so far" in page and "Left to pay" in page and "£1,500" in page

    def test_part_then_full_payment(self, as_user, grants_users, application_in):
        application = application_in(Status.AGREEMENT_SIGNED)
        client = as_user(grants_users.staff)
        done(
            client.post(url("payment", application), self.data(application), follow=True),
            application,
            "Payment of £500 recorded (AP-1).",
        )
        application.refresh_from_db()
        assert application.status == Status.AGREEMENT_SIGNED
        client.post(
            url("payment", application), self.data(application, amount="1000", finance_reference="AP-2")
        )
        application.refresh_from_db()
        assert application.status == Status.PAID
        assert Payment.objects.filter(award__application=application).count() == 2

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"amount": "1e5"}, "Enter an amount in pounds"),
            ({"amount": "12.345"}, "no more than 2 decimal places"),
            ({"amount": "-5"}, "Enter an amount greater than £0"),
            ({"amount": "1500.01"}, "above the award of £1,500 (£1,500 left to pay)"),
            ({"paid_on": d(today() + timedelta(days=1))}, "The payment date cannot be in the future"),
            ({"finance_reference": ""}, "Enter the finance system reference for the payment"),
        ],
        ids=["exponent", "pence", "negative", "over-award", "future", "no-reference"],
    )
    def test_bad_input(self, as_user, grants_users, application_in, changes, message):
        application = application_in(Status.AGREEMENT_SIGNED)
        problem(
            as_user(grants_users.staff).post(url("payment", application), self.data(application, **changes)),
            message,
        )
        assert not Payment.objects.exists()


class TestMonitoring:
    def test_schedule_moves_a_paid_grant_to_monitoring(self, as_user, grants_users, application_in):
        application = application_in(Status.PAID)
        due = today() + timedelta(days=60)
        response = as_user(grants_users.staff).post(
            url("monitoring_schedule", application), {"due_on": d(due)}, follow=True
        )
        done(response, application, f"Monitoring return due {d(due)} scheduled.")
        assert MonitoringReturn.objects.get(award__application=application).due_on == due
        application.refresh_from_db()
        assert application.status == Status.MONITORING_DUE

    @pytest.mark.parametrize(
        ("value", "message"),
        [("", "Enter the due date"), (d(today() - timedelta(days=1)), "cannot be due before the offer date")],
    )
    def test_schedule_bad_dates(self, as_user, grants_users, application_in, value, message):
        application = application_in(Status.PAID)
        problem(
            as_user(grants_users.staff).post(url("monitoring_schedule", application), {"due_on": value}),
            message,
        )
        assert not MonitoringReturn.objects.exists()

    def receive_data(self, **changes):
        return {
            "received_on": d(today()),
            "beneficiaries_reached": "31",
            "outcomes": "Fewer call-outs.",
            "spend_confirmed": "1,500",
            **changes,
        }

    def test_receive(self, as_user, grants_users, application_in):
        application = application_in(Status.MONITORING_DUE)
        item = MonitoringReturn.objects.get(award__application=application)
        response = as_user(grants_users.staff).post(
            url("monitoring_receive", application, item.pk), self.receive_data(), follow=True
        )
        done(response, application, "Monitoring return recorded.")
        item.refresh_from_db()
        assert item.received_on == today() and item.beneficiaries_reached == 31
        assert item.spend_confirmed == Decimal("1500.00")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"spend_confirmed": "1500.01"}, "Spend confirmed cannot be more than the £1,500 paid."),
            ({"spend_confirmed": "-5"}, "Enter an amount of £0 or more"),
            ({"spend_confirmed": "1e5"}, "Enter an amount in pounds"),
            ({"beneficiaries_reached": "-1"}, "Enter a number of 0 or more"),
            ({"outcomes": ""}, "Describe the outcomes reported"),
            ({"received_on": d(today() + timedelta(days=1))}, "The date received cannot be in the future"),
        ],
        ids=["spend-over-paid", "negative-spend", "exponent", "negative-count", "no-outcomes", "future"],
    )
    def test_receive_bad_input(self, as_user, grants_users, application_in, changes, message):
        application = application_in(Status.MONITORING_DUE)
        item = MonitoringReturn.objects.get(award__application=application)
        response = as_user(grants_users.staff).post(
            url("monitoring_receive", application, item.pk), self.receive_data(**changes)
        )
        problem(response, message)
        item.refresh_from_db()
        assert item.received_on is None

    def test_a_recorded_return_cannot_be_recorded_again(self, as_user, grants_users, application_in):
        application = application_in(Status.CLOSED)
        item = MonitoringReturn.objects.get(award__application=application)
        response = as_user(grants_users.staff).get(
            url("monitoring_receive", application, item.pk), follow=True
        )
        assert response.redirect_chain[-1][0] == application.get_absolute_url()


class TestWithdrawAndClose:
    def test_withdraw_a_draft(self, as_user, grants_users, application_in):
        application = application_in(Status.DRAFT)
        response = as_user(grants_users.staff).post(
            url("withdraw", application), {"reason": "Group folded."}, follow=True
        )
        done(response, application, "Application withdrawn.")
        application.refresh_from_db()
        assert application.status == Status.WITHDRAWN

    def test_needs_a_reason(self, as_user, grants_users, application_in):
        application = application_in(Status.DRAFT)
        problem(
            as_user(grants_users.staff).post(url("withdraw", application), {"reason": ""}),
            "Enter why the application is withdrawn",
        )
        application.refresh_from_db()
        assert application.status == Status.DRAFT

    def test_office_staff_alone_cannot_withdraw_an_award(self, as_user, grants_users, application_in):
        application = application_in(Status.APPROVED)
        assert as_user(grants_users.staff).get(url("withdraw", application)).status_code == 403
        assert (
            as_user(grants_users.staff).post(url("withdraw", application), {"reason": "x"}).status_code == 403
        )
        application.refresh_from_db()
        assert application.status == Status.APPROVED

    def test_a_grants_manager_alone_withdraws_an_award(self, as_user, grants_users, application_in):
        application = application_in(Status.AGREEMENT_SIGNED)
        client = as_user(grants_users.other_manager)
        page = client.get(reverse("grants:application", args=[application.pk]))
        assert url("withdraw", application) in page.content.decode()
        response = client.post(url("withdraw", application), {"reason": "Group folded."}, follow=True)
        done(response, application, "Application withdrawn.")
        award = Award.objects.get(application=application)
        assert award.withdrawn_on == today() and award.released_amount == award.amount

    def test_a_grants_manager_alone_cannot_withdraw_an_application_without_award(
        self, as_user, grants_users, application_in
    ):
        application = application_in(Status.SUBMITTED)
        client = as_user(grants_users.other_manager)
        page = client.get(reverse("grants:application", args=[application.pk]))
        assert url("withdraw", application) not in page.content.decode()
        assert client.post(url("withdraw", application), {"reason": "x"}).status_code == 403
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED

    def test_withdraw_a_paid_award_with_money_recovered(self, as_user, both, application_in):
        application = application_in(Status.PAID)
        client = as_user(both)
        problem(
            client.post(
                url("withdraw", application), {"reason": "Project stopped.", "recovered_amount": "2000"}
            ),
            "You cannot recover more than the £1,500 paid.",
        )
        response = client.post(
            url("withdraw", application),
            {"reason": "Project stopped.", "recovered_amount": "400"},
            follow=True,
        )
        done(response, application, "Application withdrawn.")
        award = Award.objects.get(application=application)
        assert award.recovered_amount == Decimal("400.00") and award.withdrawn_on == today()

    def test_close(self, as_user, grants_users, application_in):
        application = application_in(Status.MONITORING_DUE)
        item = MonitoringReturn.objects.get(award__application=application)
        client = as_user(grants_users.staff)
        problem(
            client.post(url("close", application)), "Record every monitoring return before closing the grant."
        )
        services.monitoring_receive(
            monitoring_return=item,
            by=grants_users.staff,
            received_on=today(),
            beneficiaries_reached=10,
            outcomes="Done.",
            spend_confirmed="1500",
        )
        done(client.post(url("close", application), follow=True), application, "Grant closed.")
        application.refresh_from_db()
        assert application.status == Status.CLOSED
