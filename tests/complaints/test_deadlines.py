"""The review clocks: the 28-day window (reg 29 SI 2020/2) and the office's working-day standards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints import clock, services
from complaints.models import Direction, Review, ServiceStandards, Status
from opcc.core.models import ClosureDay

from .conftest import ALL_NO

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_worked_example_given_tuesday_4_march_last_day_1_april():
    assert clock.window_end(info_given_on=D(2025, 3, 4)) == D(2025, 4, 1)


def test_the_window_counts_calendar_days_and_is_not_rolled_past_a_weekend():
    # Given Sat 1 March 2025: the 28th day is Sat 29 March, and it stays a Saturday.
    assert clock.window_end(info_given_on=D(2025, 3, 1)) == D(2025, 3, 29)
    # Over Easter 2025 (18 and 21 April): bank holidays do not stop a calendar-day window.
    assert clock.window_end(info_given_on=D(2025, 4, 10)) == D(2025, 5, 8)


def test_forwarding_days_count_both_ends():
    assert clock.forwarding_days([(D(2025, 3, 10), D(2025, 3, 14))]) == 5
    assert clock.forwarding_days([(D(2025, 3, 10), D(2025, 3, 10)), (D(2025, 3, 20), D(2025, 3, 21))]) == 3


@pytest.mark.parametrize(
    ("received", "in_time"),
    [(D(2025, 4, 1), True), (D(2025, 4, 2), False)],
)
def test_an_application_on_the_last_day_is_in_time_and_the_next_day_late(builder, received, in_time):
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=D(2025, 3, 4), received_on=received
    )
    assert review.window_ends_on == D(2025, 4, 1)
    assert review.in_time is in_time
    assert review.reference.startswith("CR-2025-")


def test_days_spent_forwarding_a_misdirected_application_are_left_out(builder, review_users):
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=D(2025, 3, 4), received_on=D(2025, 4, 4)
    )
    assert not review.in_time
    # Sent to the IOPC in error on 10 March, forwarded to the office on 14 March: 5 days left out.
    services.forwarding_record(
        review=review, by=review_users.staff, direction=Direction.IOPC_TO_OPCC,
        received_on=D(2025, 3, 10), forwarded_on=D(2025, 3, 14),
    )  # fmt: skip
    review.refresh_from_db()
    assert review.window_ends_on == D(2025, 4, 6)
    assert review.in_time
    assert "Window extended" in review.history.first().history_change_reason


def test_forwarding_that_ends_after_we_received_it_is_refused(builder, review_users):
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=D(2025, 3, 4), received_on=D(2025, 3, 20)
    )
    with pytest.raises(ValidationError) as caught:
        services.forwarding_record(
            review=review, by=review_users.staff, direction=Direction.IOPC_TO_OPCC,
            received_on=D(2025, 3, 10), forwarded_on=D(2025, 3, 25),
        )  # fmt: skip
    assert "after we received it" in str(caught.value)
    assert not review.forwarding_periods.exists()


@pytest.mark.parametrize(
    ("received", "acknowledge_by", "decide_by"),
    [
        (D(2025, 4, 17), D(2025, 4, 28), D(2025, 6, 2)),  # Good Friday, Easter Monday, both May holidays
        (D(2025, 12, 22), D(2025, 12, 31), D(2026, 2, 3)),  # Christmas, Boxing Day, New Year's Day
        (D(2025, 3, 4), D(2025, 3, 11), D(2025, 4, 11)),  # no holiday
    ],
)
def test_service_standards_count_england_and_wales_working_days(builder, received, acknowledge_by, decide_by):
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=received, received_on=received
    )
    assert (review.acknowledge_by, review.decide_by) == (acknowledge_by, decide_by)


def test_a_closure_day_and_changed_standards_move_the_dates(builder):
    ClosureDay.objects.create(date=D(2025, 3, 6), description="Office move")
    standards = ServiceStandards.current()
    standards.acknowledge_working_days, standards.decide_working_days = 3, 10
    standards.save()
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=D(2025, 3, 4), received_on=D(2025, 3, 4)
    )
    assert review.acknowledge_by == D(2025, 3, 10)  # 5th, (6th closed), 7th, 10th
    assert review.decide_by == D(2025, 3, 19)


def test_an_extension_reopens_a_late_application(builder, review_users):
    review = builder.walk(Status.OUT_OF_TIME)
    assert not review.in_time
    with pytest.raises(PermissionDenied):
        services.review_extend(review=review, by=review_users.staff, reason="Was in hospital")
    with pytest.raises(ValidationError) as caught:
        services.review_extend(review=review, by=review_users.manager, reason="   ")
    assert "special circumstances" in str(caught.value)
    review = services.review_extend(review=review, by=review_users.manager, reason="Was in hospital")
    assert review.status == Status.ACKNOWLEDGED
    assert review.extension_granted and review.extension_granted_by == review_users.manager
    services.body_check_record(review=review, by=review_users.staff, answers=ALL_NO)
    started = services.review_start(review=review, by=review_users.staff, reviewer=review_users.manager)
    assert started.status == Status.UNDER_REVIEW
    with pytest.raises(ValidationError):
        services.review_extend(review=started, by=review_users.manager, reason="Again")


def test_an_in_time_application_needs_no_extension_and_cannot_be_marked_out_of_time(builder, review_users):
    review = builder.walk(Status.ACKNOWLEDGED)
    with pytest.raises(ValidationError, match="no extension is needed"):
        services.review_extend(review=review, by=review_users.manager, reason="Why not")
    with pytest.raises(ValidationError, match="arrived in time"):
        services.review_mark_out_of_time(review=review, by=review_users.manager)


def test_a_late_application_cannot_start_without_an_extension(builder, review_users):
    review = builder.create(review_info_given_on=dt.date.today() - dt.timedelta(days=40))
    review = services.review_acknowledge(review=review, by=review_users.staff)
    services.body_check_record(review=review, by=review_users.staff, answers=ALL_NO)
    with pytest.raises(ValidationError) as caught:
        services.review_start(review=review, by=review_users.staff, reviewer=review_users.manager)
    assert "after the last day to apply" in str(caught.value)
    assert Review.objects.get(pk=review.pk).status == Status.ACKNOWLEDGED


def test_clock_labels(builder):
    today = D(2025, 3, 10)  # Monday
    review = builder.create(
        complaint_made_on=D(2024, 11, 1), review_info_given_on=D(2025, 3, 3), received_on=D(2025, 3, 3)
    )
    assert review.acknowledge_by == D(2025, 3, 10)
    assert clock.clock_for(review, today=today, closed=frozenset()).label == "Acknowledge: due today"
    late = clock.clock_for(review, today=D(2025, 3, 12), closed=frozenset())
    assert late.label == "Acknowledge: overdue by 2 working days" and late.overdue
    early = clock.clock_for(review, today=D(2025, 3, 7), closed=frozenset())
    assert early.label == "Acknowledge: 1 working day left"
    assert early.tag_class(due_soon=5) == "govuk-tag--yellow"
    review.status = Status.CLOSED
    assert clock.clock_for(review, today=today, closed=frozenset()) is None
