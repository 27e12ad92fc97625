"""Complaint review fixtures that build every record through the real services.

- ``review_users``: office staff, two Reviews managers, and one user of each role that must not
  see the module.
- ``make_review(**fields)``: an application received today (in time) by ``review_create``.
- ``review_in(status, **fields)``: a review walked through the services to ANY status of
  ``complaints.models.Status`` (see ``ReviewBuilder.walk`` for the route).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from complaints import services
from complaints.models import (
    Answer,
    Criterion,
    Finding,
    HandlingType,
    InvalidReason,
    PreferredChannel,
    Result,
    Review,
    Status,
)
from opcc.core import roles


@dataclass
class ReviewUsers:
    staff: object
    other_staff: object
    manager: object  # a Reviews manager, the reviewer by default
    other_manager: object
    grants_manager: object
    coordinator: object
    reports: object
    administrator: object


def build_review_users(make_user) -> ReviewUsers:
    """One user per part people play; `make_user(*roles, **fields)` as in tests/conftest.py."""
    return ReviewUsers(
        staff=make_user(roles.OFFICE_STAFF, first_name="Sam", last_name="Staff"),
        other_staff=make_user(roles.OFFICE_STAFF),
        manager=make_user(roles.REVIEWS_MANAGER, first_name="Robin", last_name="Hughes"),
        other_manager=make_user(roles.REVIEWS_MANAGER, first_name="Jo", last_name="Reid"),
        grants_manager=make_user(roles.GRANTS_MANAGER),
        coordinator=make_user(roles.VOLUNTEER_COORDINATOR),
        reports=make_user(roles.REPORTS),
        administrator=make_user(roles.ADMINISTRATOR),
    )


@pytest.fixture
def review_users(make_user) -> ReviewUsers:
    return build_review_users(make_user)


def intake(**overrides) -> dict:
    """Intake fields of an in-time application received today."""
    today = timezone.localdate()
    fields = {
        "force_reference": "PSD/2025/0001",
        "complainant_name": "Jordan Example",
        "complainant_email": "jordan@example.org",
        "preferred_channel": PreferredChannel.EMAIL,
        "complaint_made_on": today - dt.timedelta(days=120),
        "handling_type": HandlingType.INVESTIGATED,
        "review_info_given_on": today - dt.timedelta(days=10),
        "received_on": today,
        "received_channel": "email",
    }
    fields.update(overrides)
    return fields


ALL_NO = dict.fromkeys(Criterion.values, (Answer.NO, ""))


class ReviewBuilder:
    def __init__(self, users: ReviewUsers):
        self.users = users

    def create(self, **fields) -> Review:
        return services.review_create(by=self.users.staff, **intake(**fields))

    def walk(self, status: str, *, result: str = Result.UPHELD, **fields) -> Review:
        """received -> acknowledged -> (body check all no) -> under review -> awaiting force ->
        under review -> finding -> decided -> recommendation sent -> closed. Invalid, out of time,
        forwarded and withdrawn branch off at intake."""
        u = self.users
        if status == Status.OUT_OF_TIME:
            fields.setdefault("review_info_given_on", timezone.localdate() - dt.timedelta(days=40))
        review = self.create(**fields)
        if status == Status.RECEIVED:
            return review
        review = services.review_acknowledge(review=review, by=u.staff)
        if status == Status.ACKNOWLEDGED:
            return review
        if status == Status.WITHDRAWN:
            return services.review_withdraw(review=review, by=u.staff, reason="Phoned to withdraw")
        if status == Status.INVALID:
            return services.review_mark_invalid(review=review, by=u.manager, reason=InvalidReason.NO_RIGHT)
        if status == Status.OUT_OF_TIME:
            return services.review_mark_out_of_time(review=review, by=u.manager)
        if status == Status.FORWARDED:
            answers = {**ALL_NO, Criterion.CHIEF_OFFICER: (Answer.YES, "About the chief constable")}
            services.body_check_record(review=review, by=u.staff, answers=answers)
            return services.review_forward_to_iopc(review=review, by=u.staff)
        services.body_check_record(review=review, by=u.staff, answers=ALL_NO)
        review = services.review_start(review=review, by=u.staff, reviewer=u.manager)
        if status == Status.UNDER_REVIEW:
            return review
        services.information_request(review=review, by=u.staff, what="The investigation report")
        if status == Status.AWAITING_FORCE:
            return Review.objects.get(pk=review.pk)
        request = review.information_requests.get()
        services.information_receive(request=request, by=u.staff)
        outcome = Finding.Outcome.NOT_REASONABLE if result == Result.UPHELD else Finding.Outcome.REASONABLE
        services.finding_record(
            review=review, by=u.manager, allegation="Officer was rude", outcome=outcome, reasons="Body camera"
        )
        review = services.review_decide(review=review, by=u.manager, result=result, reasons="Because")
        if status == Status.DECIDED:
            return review
        services.recommendation_add(review=review, by=u.manager, text_="Apologise in writing")
        review = services.recommendations_send(review=review, by=u.staff)
        if status == Status.RECOMMENDATIONS_OUTSTANDING:
            return review
        recommendation = review.recommendations.get()
        services.recommendation_response_record(
            recommendation=recommendation, by=u.staff, response="accepted", action_taken="Apology sent"
        )
        review = services.review_close(review=review, by=u.manager)
        assert status == Status.CLOSED, status
        return review


@pytest.fixture
def builder(review_users) -> ReviewBuilder:
    return ReviewBuilder(review_users)


@pytest.fixture
def review_in(builder):
    return builder.walk


@pytest.fixture
def make_review(builder):
    return builder.create
