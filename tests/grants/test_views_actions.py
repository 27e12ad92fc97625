"""Steps before the decision: submit, start the check, assess, declare a conflict; and CSRF.

Each step's own page: good input -> the service's effect, a redirect and a success message;
bad input -> the GOV.UK error summary with the field's message and nothing saved.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants import services
from grants.models import (
    Assessment,
    ConflictDeclaration,
    Status,
)
from tests.auth import VerifiedClient
from tests.grants.test_views_support import done, history_size, problem, text, url

pytestmark = pytest.mark.django_db


class TestSubmitAndCheck:
    def test_submit(self, as_user, grants_users, application_in):
        application = application_in(Status.DRAFT)
        response = as_user(grants_users.staff).post(url("submit", application), follow=True)
        done(response, application, "Application submitted.")
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED

    def test_a_step_the_status_does_not_allow_is_refused_with_the_reason(
        self, as_user, grants_users, application_in
    ):
        application = application_in(Status.SUBMITTED)
        before = history_size(application)
        response = as_user(grants_users.staff).post(url("submit", application), follow=True)
        assert response.redirect_chain[-1][0] == application.get_absolute_url()
        assert "You cannot submit it: its status is Submitted." in text(response)
        assert history_size(application) == before

    def test_start_check(self, as_user, grants_users, application_in):
        application = application_in(Status.SUBMITTED)
        response = as_user(grants_users.assessor).post(url("start_check", application), follow=True)
        done(response, application, "Eligibility check started.")
        application.refresh_from_db()
        assert application.status == Status.ELIGIBILITY_CHECK

    def test_csrf_is_checked(self, grants_users, application_in):
        application = application_in(Status.DRAFT)
        strict = VerifiedClient(enforce_csrf_checks=True)
        strict.force_login(grants_users.staff)
        assert strict.post(url("submit", application)).status_code == 403
        application.refresh_from_db()
        assert application.status == Status.DRAFT
        # The page's own form carries the token.
        assert "csrfmiddlewaretoken" in strict.get(application.get_absolute_url()).content.decode()


class TestAssess:
    GOOD = {
        "checks": ["in_area", "constituted", "plan_aligned"],
        "recommendation": "fund_in_full",
        "reasons": "Clear need and a track record.",
        "no_conflict_confirmed": "on",
    }

    def test_recommend(self, as_user, grants_users, application_in):
        application = application_in(Status.ELIGIBILITY_CHECK)
        response = as_user(grants_users.assessor).post(url("assess", application), self.GOOD, follow=True)
        done(response, application, "ready for a manager's decision")
        assessment = Assessment.objects.get(application=application)
        assert assessment.assessed_by == grants_users.assessor
        assert assessment.recommended_amount == application.amount_requested
        application.refresh_from_db()
        assert application.status == Status.ASSESSED

    def test_fund_in_part(self, as_user, grants_users, application_in):
        application = application_in(Status.ELIGIBILITY_CHECK)
        data = {**self.GOOD, "recommendation": "fund_in_part", "recommended_amount": "1,000"}
        as_user(grants_users.assessor).post(url("assess", application), data)
        assert Assessment.objects.get(application=application).recommended_amount == Decimal("1000.00")

    def test_a_failed_check_makes_it_ineligible(self, as_user, grants_users, application_in):
        application = application_in(Status.ELIGIBILITY_CHECK)
        data = {**self.GOOD, "checks": ["constituted", "plan_aligned"]}
        response = as_user(grants_users.assessor).post(url("assess", application), data, follow=True)
        done(response, application, "failed an eligibility check and is now ineligible")
        application.refresh_from_db()
        assert application.status == Status.INELIGIBLE

    @pytest.mark.parametrize(
        ("changes", "messages"),
        [
            (
                {"recommendation": "", "reasons": "", "no_conflict_confirmed": ""},
                [
                    "Choose a recommendation",
                    "Enter the reasons for your recommendation",
                    "Confirm you have no conflict of interest",
                ],
            ),
            ({"recommendation": "fund_in_part"}, ["Enter the amount you recommend when funding in part"]),
            ({"recommendation": "fund_in_part", "recommended_amount": "1e5"}, ["Enter an amount in pounds"]),
            (
                {"recommendation": "fund_in_part", "recommended_amount": "12.345"},
                ["no more than 2 decimal places"],
            ),
            (
                {"recommendation": "fund_in_part", "recommended_amount": "-5"},
                ["Enter an amount greater than £0"],
            ),
            # The service's rule, shown on the field: "in part" must be less than requested.
            (
                {"recommendation": "fund_in_part", "recommended_amount": "1500"},
                ["Funding in part must be less than the £1,500 requested."],
            ),
        ],
        ids=["blank", "part-without-amount", "exponent", "pence", "negative", "part-not-less"],
    )
    def test_bad_input(self, as_user, grants_users, application_in, changes, messages):
        application = application_in(Status.ELIGIBILITY_CHECK)
        response = as_user(grants_users.assessor).post(url("assess", application), {**self.GOOD, **changes})
        problem(response, *messages)
        assert not Assessment.objects.filter(application=application).exists()
        application.refresh_from_db()
        assert application.status == Status.ELIGIBILITY_CHECK

    def test_declared_conflict_blocks_assessing(self, as_user, grants_users, application_in):
        application = application_in(Status.ELIGIBILITY_CHECK)
        services.conflict_declare(application=application, by=grants_users.assessor, details="Trustee.")
        response = as_user(grants_users.assessor).post(url("assess", application), self.GOOD)
        problem(response, "You declared a conflict of interest on this application")
        assert not Assessment.objects.filter(application=application).exists()


class TestConflict:
    def test_declare(self, as_user, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        response = as_user(grants_users.manager).post(
            url("conflict", application), {"details": "I am a trustee."}, follow=True
        )
        done(response, application, "Conflict of interest recorded.")
        assert ConflictDeclaration.objects.get(application=application).user == grants_users.manager
        # ...and the manager can no longer decide it.
        assert "You declared a conflict of interest" in text(response)

    def test_blank(self, as_user, grants_users, application_in):
        application = application_in(Status.SUBMITTED)
        problem(
            as_user(grants_users.staff).post(url("conflict", application), {"details": " "}),
            "Describe the conflict of interest",
        )
        assert not ConflictDeclaration.objects.exists()
