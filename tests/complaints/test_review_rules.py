"""Who may do what, the decision's rules, and two people acting on one review at once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from complaints import services
from complaints.models import Answer, Criterion, Finding, Result, Review, Status

from .conftest import ALL_NO, ReviewBuilder, ReviewUsers, intake


@pytest.mark.django_db
class TestWhoMay:
    def test_only_module_users_record_an_application(self, review_users):
        for outsider in (review_users.grants_manager, review_users.coordinator, review_users.reports):
            with pytest.raises(PermissionDenied):
                services.review_create(by=outsider, **intake())
        assert not Review.objects.exists()

    def test_office_staff_cannot_decide_extend_close_or_mark_invalid(self, review_in, review_users):
        review = review_in(Status.UNDER_REVIEW)
        Finding.objects.create(review=review, allegation="A", outcome="reasonable", reasons="R")
        with pytest.raises(PermissionDenied):
            services.review_decide(
                review=review, by=review_users.staff, result=Result.NOT_UPHELD, reasons="x"
            )
        acknowledged = review_in(Status.ACKNOWLEDGED)
        for call in (
            lambda: services.review_mark_invalid(
                review=acknowledged, by=review_users.staff, reason="no_right"
            ),
            lambda: services.review_mark_out_of_time(review=acknowledged, by=review_users.staff),
            lambda: services.review_extend(review=acknowledged, by=review_users.staff, reason="x"),
        ):
            with pytest.raises(PermissionDenied):
                call()
        decided = review_in(Status.DECIDED, result=Result.NOT_UPHELD)
        with pytest.raises(PermissionDenied):
            services.review_close(review=decided, by=review_users.staff)

    def test_a_reviewer_who_declared_a_conflict_cannot_decide_or_close(self, review_in, review_users):
        review = review_in(Status.UNDER_REVIEW)
        Finding.objects.create(review=review, allegation="A", outcome="reasonable", reasons="R")
        services.conflict_declare(review=review, by=review_users.manager, note="My neighbour is the officer")
        with pytest.raises(PermissionDenied, match="conflict of interest"):
            services.review_decide(
                review=review, by=review_users.manager, result=Result.NOT_UPHELD, reasons="x"
            )
        with pytest.raises(ValidationError, match="conflict of interest"):
            services.review_reassign(review=review, by=review_users.staff, reviewer=review_users.manager)
        services.review_reassign(review=review, by=review_users.staff, reviewer=review_users.other_manager)
        decided = services.review_decide(
            review=review, by=review_users.other_manager, result=Result.NOT_UPHELD, reasons="Proportionate"
        )
        assert decided.decided_by == review_users.other_manager
        assert not Review.objects.awaiting_decision_by(review_users.manager).exists()

    def test_only_the_assigned_reviewer_decides(self, review_in, review_users):
        review = review_in(Status.UNDER_REVIEW)
        Finding.objects.create(review=review, allegation="A", outcome="reasonable", reasons="R")
        with pytest.raises(ValidationError, match="assigned reviewer"):
            services.review_decide(
                review=review, by=review_users.other_manager, result=Result.NOT_UPHELD, reasons="x"
            )

    def test_the_reviewer_must_be_a_reviews_manager(self, review_in, review_users):
        review = review_in(Status.ACKNOWLEDGED)
        services.body_check_record(review=review, by=review_users.staff, answers=ALL_NO)
        for not_a_reviewer in (review_users.staff, review_users.grants_manager, review_users.administrator):
            with pytest.raises(ValidationError, match="Reviews manager"):
                services.review_start(review=review, by=review_users.staff, reviewer=not_a_reviewer)
        review_users.manager.is_active = False
        review_users.manager.save()
        with pytest.raises(ValidationError, match="Reviews manager"):
            services.review_start(review=review, by=review_users.staff, reviewer=review_users.manager)
        assert Review.objects.get(pk=review.pk).status == Status.ACKNOWLEDGED


@pytest.mark.django_db
class TestDecisionRules:
    def test_a_decision_needs_a_finding_and_must_match_the_findings(self, review_in, review_users):
        review = review_in(Status.UNDER_REVIEW)
        by = review_users.manager
        with pytest.raises(ValidationError, match="Record a finding"):
            services.review_decide(review=review, by=by, result=Result.UPHELD, reasons="x")
        services.finding_record(
            review=review, by=by, allegation="Rude", outcome="reasonable", reasons="Video"
        )
        with pytest.raises(ValidationError, match="not upheld"):
            services.review_decide(review=review, by=by, result=Result.UPHELD, reasons="x")
        services.finding_record(
            review=review, by=by, allegation="Late", outcome="not_reasonable", reasons="Log"
        )
        with pytest.raises(ValidationError, match="it is upheld"):
            services.review_decide(review=review, by=by, result=Result.NOT_UPHELD, reasons="x")
        with pytest.raises(ValidationError, match="reasons"):
            services.review_decide(review=review, by=by, result=Result.UPHELD, reasons="  ")
        assert Review.objects.get(pk=review.pk).status == Status.UNDER_REVIEW
        decided = services.review_decide(
            review=review, by=by, result=Result.UPHELD, reasons="Not proportionate"
        )
        assert (decided.status, decided.result) == (Status.DECIDED, Result.UPHELD)

    def test_recommendations_only_after_an_upheld_review_and_closure_waits_for_responses(
        self, review_in, review_users
    ):
        not_upheld = review_in(Status.DECIDED, result=Result.NOT_UPHELD)
        with pytest.raises(ValidationError, match="not upheld"):
            services.recommendation_add(review=not_upheld, by=review_users.manager, text_="Train")
        upheld = review_in(Status.DECIDED)
        services.recommendation_add(review=upheld, by=review_users.manager, text_="Train")
        with pytest.raises(ValidationError, match="not sent"):
            services.review_close(review=upheld, by=review_users.manager)
        sent = services.recommendations_send(review=upheld, by=review_users.staff)
        recommendation = sent.recommendations.get()
        assert (recommendation.response_due - recommendation.sent_on).days == 28
        with pytest.raises(ValidationError, match="no response"):
            services.review_close(review=sent, by=review_users.manager)
        with pytest.raises(ValidationError, match="accepted"):
            services.recommendation_response_record(
                recommendation=recommendation, by=review_users.staff, response="maybe"
            )
        services.recommendation_response_record(
            recommendation=recommendation, by=review_users.staff, response="partly"
        )
        assert services.review_close(review=sent, by=review_users.manager).status == Status.CLOSED

    def test_forwarding_to_the_iopc_needs_a_yes_and_a_yes_blocks_the_review(self, review_in, review_users):
        review = review_in(Status.ACKNOWLEDGED)
        with pytest.raises(ValidationError, match="at least one"):
            services.review_forward_to_iopc(review=review, by=review_users.staff)
        services.body_check_record(
            review=review,
            by=review_users.staff,
            answers={**ALL_NO, Criterion.SERIOUS: (Answer.YES, "Article 3")},
        )
        with pytest.raises(ValidationError, match="forward it instead"):
            services.review_start(review=review, by=review_users.staff, reviewer=review_users.manager)
        forwarded = services.review_forward_to_iopc(review=review, by=review_users.staff)
        assert forwarded.status == Status.FORWARDED and forwarded.forwarded_on

    def test_unknown_answers_block_the_review(self, review_in, review_users):
        review = review_in(Status.ACKNOWLEDGED)
        with pytest.raises(ValidationError, match="7 not answered"):
            services.review_start(review=review, by=review_users.staff, reviewer=review_users.manager)

    def test_information_returns_to_review_only_when_nothing_is_outstanding(self, review_in, review_users):
        review = review_in(Status.UNDER_REVIEW)
        services.information_request(review=review, by=review_users.staff, what="Report")
        services.information_request(review=review, by=review_users.staff, what="Video")
        first, second = review.information_requests.order_by("pk")
        services.information_receive(request=first, by=review_users.staff)
        assert Review.objects.get(pk=review.pk).status == Status.AWAITING_FORCE
        with pytest.raises(ValidationError, match="was received"):
            services.information_chase(request=first, by=review_users.staff)
        services.information_receive(request=second, by=review_users.staff)
        assert Review.objects.get(pk=review.pk).status == Status.UNDER_REVIEW


@pytest.mark.django_db(transaction=True)
def test_two_people_acknowledging_at_once_one_wins_the_other_is_told(make_user):
    from opcc.core import roles

    users = ReviewUsers(
        staff=make_user(roles.OFFICE_STAFF), other_staff=make_user(roles.OFFICE_STAFF),
        manager=make_user(roles.REVIEWS_MANAGER), other_manager=make_user(roles.REVIEWS_MANAGER),
        grants_manager=None, coordinator=None, reports=None, administrator=None,
    )  # fmt: skip
    review = ReviewBuilder(users).create()
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def act(index, by):
        try:
            barrier.wait(timeout=30)
            results[index] = services.review_acknowledge(review=review, by=by)
        except Exception as exc:  # asserted below
            results[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(i, u)) for i, u in enumerate((users.staff, users.other_staff))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), results
    assert "its status is Acknowledged" in errors[0].messages[0]
    assert Review.objects.get(pk=review.pk).history.filter(history_change_reason="Acknowledged").count() == 1


@pytest.mark.django_db(transaction=True)
def test_references_never_clash_when_applications_arrive_together(make_user):
    from opcc.core import roles

    staff = [make_user(roles.OFFICE_STAFF) for _ in range(6)]
    barrier = threading.Barrier(len(staff))
    made: list[str] = []
    lock = threading.Lock()

    def enter(by):
        try:
            barrier.wait(timeout=30)
            review = services.review_create(by=by, **intake())
            with lock:
                made.append(review.reference)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(u,)) for u in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(made) == len(set(made)) == len(staff)


@pytest.mark.django_db
def test_the_database_refuses_a_decision_before_its_application(review_in):
    import datetime as dt

    from django.db import IntegrityError, transaction

    review = review_in(Status.DECIDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(decided_on=review.received_on - dt.timedelta(days=1))
    assert Review.objects.get(pk=review.pk).decided_on >= review.received_on


@pytest.mark.django_db
def test_body_check_answers_keep_their_history(review_in, review_users):
    from complaints.models import BodyCheck

    review = review_in(Status.ACKNOWLEDGED)
    check = review.body_checks.get(criterion=Criterion.SERIOUS)
    assert check.history.get().history_change_reason == "Relevant review body check opened"
    services.body_check_record(
        review=review, by=review_users.staff, answers={Criterion.SERIOUS: (Answer.NO, "Minor incivility")}
    )
    latest = BodyCheck.objects.get(pk=check.pk).history.first()
    assert (latest.answer, latest.note, latest.history_user) == (
        Answer.NO,
        "Minor incivility",
        review_users.staff,
    )
    services.body_check_record(  # the same answer again writes nothing
        review=review, by=review_users.staff, answers={Criterion.SERIOUS: (Answer.NO, "Minor incivility")}
    )
    assert check.history.count() == 2
