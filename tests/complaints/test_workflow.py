"""Every review status x every action, through the services: the table's allowed ones succeed and end
in the table's target, every other one raises a ValidationError that names the status and changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints import services
from complaints.models import (
    Answer,
    BodyCheck,
    Direction,
    Finding,
    InformationRequest,
    LearningTheme,
    Recommendation,
    Review,
    Status,
)
from complaints.workflow import LABELS, TRANSITIONS, Action, allowed_actions, check_transition
from tests.module_data import make_user, module_rows

from .conftest import ALL_NO, ReviewBuilder, build_review_users

pytestmark = pytest.mark.django_db


def _request(review: Review, users) -> InformationRequest:
    outstanding = review.information_requests.filter(received_on__isnull=True).first()
    return outstanding or InformationRequest.objects.create(
        review=review, what="Report", requested_on=review.received_on, requested_by=users.staff
    )


def _sent_recommendation(review: Review) -> Recommendation:
    waiting = review.recommendations.filter(sent_on__isnull=False, response_received_on__isnull=True).first()
    today = timezone.localdate()
    return waiting or Recommendation.objects.create(
        review=review, text="Train", sent_on=today, response_due=today
    )


def perform(action: Action, review: Review, users):
    """Meet the action's own preconditions (as a user would first), then call its service."""
    u, today = users, timezone.localdate()
    match action:
        case Action.EDIT:
            return services.review_update(review=review, by=u.staff, summary="Corrected summary")
        case Action.ACKNOWLEDGE:
            return services.review_acknowledge(review=review, by=u.staff)
        case Action.CHECK_BODY:
            return services.body_check_record(review=review, by=u.staff, answers=ALL_NO)
        case Action.RECORD_FORWARDING:
            day = review.review_info_given_on + dt.timedelta(days=1)
            return services.forwarding_record(
                review=review, by=u.staff, direction=Direction.IOPC_TO_OPCC, received_on=day, forwarded_on=day
            )
        case Action.FORWARD_TO_IOPC:
            BodyCheck.objects.filter(review=review, criterion="senior_officer").update(answer=Answer.YES)
            return services.review_forward_to_iopc(review=review, by=u.staff)
        case Action.MARK_INVALID:
            return services.review_mark_invalid(review=review, by=u.manager, reason="no_right")
        case Action.MARK_OUT_OF_TIME:
            Review.objects.filter(pk=review.pk).update(in_time=False)
            return services.review_mark_out_of_time(review=review, by=u.manager)
        case Action.EXTEND:
            Review.objects.filter(pk=review.pk).update(in_time=False)
            return services.review_extend(review=review, by=u.manager, reason="In hospital for six weeks")
        case Action.START_REVIEW:
            BodyCheck.objects.filter(review=review).update(answer=Answer.NO)
            return services.review_start(review=review, by=u.staff, reviewer=u.manager)
        case Action.REASSIGN:
            return services.review_reassign(review=review, by=u.staff, reviewer=u.other_manager)
        case Action.DECLARE_CONFLICT:
            return services.conflict_declare(review=review, by=u.other_manager, note="Knows the officer")
        case Action.REQUEST_INFORMATION:
            return services.information_request(review=review, by=u.staff, what="Body-worn video log")
        case Action.CHASE_INFORMATION:
            return services.information_chase(request=_request(review, u), by=u.staff)
        case Action.RECEIVE_INFORMATION:
            return services.information_receive(request=_request(review, u), by=u.staff)
        case Action.RECORD_FINDING:
            return services.finding_record(
                review=review,
                by=u.manager,
                allegation="Rude",
                outcome=Finding.Outcome.REASONABLE,
                reasons="Video",
            )
        case Action.DECIDE:
            Finding.objects.create(
                review=review, allegation="Rude", outcome="not_reasonable", reasons="Video"
            )
            return services.review_decide(
                review=review, by=u.manager, result="upheld", reasons="Not proportionate"
            )
        case Action.ADD_RECOMMENDATION:
            return services.recommendation_add(review=review, by=u.manager, text_="Re-train the officer")
        case Action.SEND_RECOMMENDATIONS:
            if not review.recommendations.filter(sent_on__isnull=True).exists():
                Recommendation.objects.create(review=review, text="Apologise")
            return services.recommendations_send(review=review, by=u.staff)
        case Action.RECORD_RESPONSE:
            return services.recommendation_response_record(
                recommendation=_sent_recommendation(review), by=u.staff, response="accepted"
            )
        case Action.ADD_LEARNING:
            theme = LearningTheme.objects.first()
            return services.learning_add(review=review, by=u.manager, theme=theme, text_="Explain decisions")
        case Action.CLOSE:
            review.recommendations.filter(response_received_on__isnull=True).update(
                sent_on=today, response_received_on=today, response="accepted"
            )
            return services.review_close(review=review, by=u.manager)
        case Action.WITHDRAW:
            return services.review_withdraw(review=review, by=u.staff, reason="Emailed to withdraw")
    raise AssertionError(action)


def expected_status(action: Action, before: str) -> str:
    target = TRANSITIONS[action][1]
    if target is not None:
        return target
    if action == Action.EXTEND and before == Status.OUT_OF_TIME:
        return Status.ACKNOWLEDGED
    if action == Action.RECEIVE_INFORMATION:
        return Status.UNDER_REVIEW  # the only outstanding request was answered
    return before


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The users and one review walked to each status, built once for the module's 250-odd cases.

    Each test reads its review afresh and acts on it inside its own transaction, rolled back after,
    so every case still starts from the review as the services left it; all is rolled back at the end.
    """
    with module_rows(django_db_blocker):
        users = build_review_users(make_user)
        builder = ReviewBuilder(users)
        reviews = {status: builder.walk(status).pk for status in Status}
        with django_db_blocker.block():
            yield users, reviews


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(Status))
def test_every_status_and_action(status, action, built):
    review_users, reviews = built
    review = Review.objects.get(pk=reviews[status])
    assert review.status == status
    allowed = status in TRANSITIONS[action][0]
    assert (action in allowed_actions(status)) == allowed
    if allowed:
        perform(action, review, review_users)
        assert Review.objects.get(pk=review.pk).status == expected_status(action, status)
    else:
        history_before = review.history.count()
        with pytest.raises(ValidationError) as caught:
            perform(action, review, review_users)
        assert caught.value.messages == [
            f"You cannot {LABELS[action]}: its status is {Status(status).label}."
        ]
        after = Review.objects.get(pk=review.pk)
        assert after.status == status
        assert after.history.count() == history_before


def test_table_covers_every_action_and_names_real_statuses():
    assert set(TRANSITIONS) == set(Action) == set(LABELS)
    for sources, target, _ in TRANSITIONS.values():
        assert sources <= set(Status)
        assert target is None or target in Status
    closed = {Status.FORWARDED, Status.INVALID, Status.CLOSED, Status.WITHDRAWN}
    for status in closed:
        assert allowed_actions(status) == [], status
    with pytest.raises(ValidationError):
        check_transition(Status.CLOSED, Action.DECIDE)
