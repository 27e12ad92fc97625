"""The review itself: reviewer, information from the force, findings, the decision, recommendations, closure."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from complaints.models import (
    Conflict,
    Finding,
    InformationRequest,
    LearningPoint,
    LearningTheme,
    Recommendation,
    Result,
    Review,
    ServiceStandards,
    Status,
)
from complaints.workflow import Action
from opcc.core.services import save

from .common import DECIDE, a_date, lock, set_status, text
from .intake import body_check_blockers


def reviewers():
    """Active users who may decide reviews (the Reviews manager role, directly or through a group)."""
    user_model = get_user_model()
    app_label, codename = DECIDE.split(".")
    has = Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
    ) | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return user_model.objects.filter(has, is_active=True).distinct().order_by("first_name", "last_name", "pk")


def _check_reviewer(review: Review, reviewer) -> None:
    if reviewer is None or not reviewers().filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": "Choose a Reviews manager as the reviewer."})
    if review.conflicts.filter(user=reviewer).exists():
        raise ValidationError(
            {
                "reviewer": f"{reviewer.get_full_name() or reviewer} declared a conflict of interest on this review."
            }
        )


@transaction.atomic
def review_start(*, review: Review, by, reviewer) -> Review:
    """A valid, in-time (or extended) application the office reviews: it gets its reviewer."""
    locked, target = lock(review, Action.START_REVIEW, by=by)
    problems = body_check_blockers(locked)
    if problems:
        raise ValidationError(problems)
    _check_reviewer(locked, reviewer)
    locked.reviewer, locked.valid = reviewer, True
    set_status(
        locked,
        target,
        by=by,
        reason=f"Review started; reviewer {reviewer.get_full_name() or reviewer}",
        fields=("reviewer", "valid"),
    )
    return locked


@transaction.atomic
def review_reassign(*, review: Review, by, reviewer) -> Review:
    locked, _ = lock(review, Action.REASSIGN, by=by)
    _check_reviewer(locked, reviewer)
    if reviewer.pk == locked.reviewer_id:
        raise ValidationError({"reviewer": "They are already the reviewer."})
    locked.reviewer = reviewer
    save(locked, by=by, reason=f"Reviewer changed to {reviewer.get_full_name() or reviewer}")
    return locked


@transaction.atomic
def conflict_declare(*, review: Review, by, note: str) -> Conflict:
    """`by` declares a conflict of interest: from now on they cannot decide, extend or close it."""
    locked, _ = lock(review, Action.DECLARE_CONFLICT, by=by)
    if locked.conflicts.filter(user=by).exists():
        raise ValidationError("You have already declared a conflict of interest on this review.")
    return save(
        Conflict(review=locked, user=by, note=text(note, field="note", what="the conflict of interest")),
        by=by,
        reason="Conflict of interest declared",
    )


@transaction.atomic
def information_request(*, review: Review, by, what: str, on: dt.date | None = None) -> InformationRequest:
    locked, target = lock(review, Action.REQUEST_INFORMATION, by=by)
    what = text(what, field="what", what="the information requested")
    same = locked.information_requests.filter(received_on__isnull=True, what__iexact=what).first()
    if same is not None:  # a second click of the button, or the same request typed twice
        raise ValidationError(
            {
                "what": f"That request was already recorded on {same.requested_on:%d/%m/%Y} and is still outstanding."
            }
        )
    request = save(
        InformationRequest(
            review=locked,
            what=what,
            requested_on=a_date(
                on,
                field="on",
                what="request date",
                not_before=locked.received_on,
                before_what="the application arrived",
            ),
            requested_by=by,
        ),
        by=by,
        reason="Information requested from the force",
    )
    if locked.status != target:
        set_status(locked, target, by=by, reason="Awaiting force information")
    return request


def _locked_request(request: InformationRequest, action: Action, *, by) -> tuple[Review, InformationRequest]:
    review, _ = lock(request.review, action, by=by)
    locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.received_on:
        raise ValidationError(f"That information was received on {locked.received_on:%d/%m/%Y}.")
    return review, locked


@transaction.atomic
def information_chase(*, request: InformationRequest, by, on: dt.date | None = None) -> InformationRequest:
    _, locked = _locked_request(request, Action.CHASE_INFORMATION, by=by)
    day = a_date(on, field="on", what="chase date", not_before=locked.requested_on, before_what="the request")
    if locked.chased_on and day <= locked.chased_on:
        raise ValidationError({"on": f"The force was already chased on {locked.chased_on:%d/%m/%Y}."})
    locked.chased_on = day
    return save(locked, by=by, reason="Force chased for information")


@transaction.atomic
def information_receive(*, request: InformationRequest, by, on: dt.date | None = None) -> InformationRequest:
    """The force's answer; with nothing else outstanding the review carries on."""
    review, locked = _locked_request(request, Action.RECEIVE_INFORMATION, by=by)
    locked.received_on = a_date(
        on, field="on", what="date received", not_before=locked.requested_on, before_what="the request"
    )
    save(locked, by=by, reason="Information received from the force")
    if not review.information_requests.filter(received_on__isnull=True).exists():
        set_status(review, Status.UNDER_REVIEW, by=by, reason="All requested information received")
    return locked


@transaction.atomic
def finding_record(*, review: Review, by, allegation: str, outcome: str, reasons: str) -> Finding:
    locked, _ = lock(review, Action.RECORD_FINDING, by=by)
    if outcome not in Finding.Outcome.values:
        raise ValidationError({"outcome": "Choose whether the handling was reasonable and proportionate."})
    return save(
        Finding(
            review=locked,
            allegation=text(allegation, field="allegation", what="the allegation"),
            outcome=outcome,
            reasons=text(reasons, field="reasons", what="the reasons for the finding"),
        ),
        by=by,
        reason="Finding recorded",
    )


@transaction.atomic
def review_decide(*, review: Review, by, result: str, reasons: str, on: dt.date | None = None) -> Review:
    """Upheld when any allegation's handling was not reasonable and proportionate; the reviewer decides."""
    locked, target = lock(review, Action.DECIDE, by=by)
    if locked.reviewer_id != by.pk:
        raise ValidationError("Only the assigned reviewer can decide it: change the reviewer first.")
    if result not in Result.values:
        raise ValidationError({"result": "Choose upheld or not upheld."})
    outcomes = list(locked.findings.values_list("outcome", flat=True))
    if not outcomes:
        raise ValidationError("Record a finding for each allegation before deciding.")
    not_reasonable = Finding.Outcome.NOT_REASONABLE in outcomes
    if result == Result.UPHELD and not not_reasonable:
        raise ValidationError(
            {"result": "Every finding says the handling was reasonable and proportionate: it is not upheld."}
        )
    if result == Result.NOT_UPHELD and not_reasonable:
        raise ValidationError(
            {"result": "A finding says the handling was not reasonable and proportionate: it is upheld."}
        )
    locked.result = result
    locked.result_reasons = text(reasons, field="reasons", what="the reasons for the decision")
    locked.decided_on = a_date(
        on,
        field="on",
        what="decision date",
        not_before=locked.received_on,
        before_what="the application arrived",
    )
    locked.decided_by = by
    set_status(
        locked,
        target,
        by=by,
        reason=f"Decided: {Result(result).label}",
        fields=("result", "result_reasons", "decided_on", "decided_by"),
    )
    return locked


@transaction.atomic
def recommendation_add(*, review: Review, by, text_: str) -> Recommendation:
    locked, _ = lock(review, Action.ADD_RECOMMENDATION, by=by)
    if locked.result != Result.UPHELD:
        raise ValidationError("Recommendations follow an upheld review: this one was not upheld.")
    return save(
        Recommendation(review=locked, text=text(text_, field="text", what="the recommendation")),
        by=by,
        reason="Recommendation to the force added",
    )


@transaction.atomic
def recommendations_send(*, review: Review, by, on: dt.date | None = None) -> Review:
    """The unsent recommendations go to the force, each with the date its response is due."""
    locked, target = lock(review, Action.SEND_RECOMMENDATIONS, by=by)
    unsent = list(locked.recommendations.select_for_update().filter(sent_on__isnull=True))
    if not unsent:
        raise ValidationError("There is no recommendation to send: add one first, or close the review.")
    sent_on = a_date(
        on, field="on", what="date sent", not_before=locked.decided_on, before_what="the decision"
    )
    due = sent_on + dt.timedelta(days=ServiceStandards.current().recommendation_response_days)
    for recommendation in unsent:
        recommendation.sent_on, recommendation.response_due = sent_on, due
        save(recommendation, by=by, reason="Sent to the force")
    set_status(locked, target, by=by, reason=f"{len(unsent)} recommendation(s) sent to the force")
    return locked


@transaction.atomic
def recommendation_response_record(
    *, recommendation: Recommendation, by, response: str, action_taken: str = "", on: dt.date | None = None
) -> Recommendation:
    lock(recommendation.review, Action.RECORD_RESPONSE, by=by)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.sent_on is None:
        raise ValidationError("It has not been sent to the force yet.")
    if locked.response_received_on:
        raise ValidationError(f"The force's response was recorded on {locked.response_received_on:%d/%m/%Y}.")
    if response not in Recommendation.Response.values:
        raise ValidationError({"response": "Choose whether the force accepted it."})
    locked.response = response
    locked.response_received_on = a_date(
        on, field="on", what="date of the response", not_before=locked.sent_on, before_what="it was sent"
    )
    locked.action_taken = (action_taken or "").strip()
    return save(locked, by=by, reason="Force's response recorded")


@transaction.atomic
def learning_add(*, review: Review, by, theme: LearningTheme, text_: str) -> LearningPoint:
    locked, _ = lock(review, Action.ADD_LEARNING, by=by)
    if theme is None or not LearningTheme.objects.active().filter(pk=theme.pk).exists():
        raise ValidationError({"theme": "Choose a learning theme."})
    return save(
        LearningPoint(review=locked, theme=theme, text=text(text_, field="text", what="the learning point")),
        by=by,
        reason="Learning point added",
    )


@transaction.atomic
def review_close(*, review: Review, by, on: dt.date | None = None) -> Review:
    """Closed once every recommendation has the force's response."""
    locked, target = lock(review, Action.CLOSE, by=by)
    unsent = locked.recommendations.filter(sent_on__isnull=True).count()
    if unsent:
        raise ValidationError(f"{unsent} recommendation(s) not sent to the force yet: send them first.")
    waiting = locked.recommendations.filter(response_received_on__isnull=True).count()
    if waiting:
        raise ValidationError(f"{waiting} recommendation(s) have no response from the force yet.")
    locked.closed_on = a_date(
        on, field="on", what="closing date", not_before=locked.decided_on, before_what="the decision"
    )
    set_status(locked, target, by=by, reason="Closed", fields=("closed_on",))
    return locked
