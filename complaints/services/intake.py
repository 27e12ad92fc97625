"""From the application to the start of the review: intake, acknowledgement, the body and time checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from complaints.models import (
    Answer,
    BodyCheck,
    Criterion,
    Direction,
    ForwardingPeriod,
    InvalidReason,
    Review,
    Status,
    SubjectCategory,
)
from complaints.workflow import Action
from opcc.core.services import next_reference, save

from .common import a_date, lock, recompute_clocks, require_access, set_status, text

INTAKE_FIELDS = frozenset(
    {
        "force_reference",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_address",
        "complainant_postcode",
        "preferred_channel",
        "reasonable_adjustments",
        "representative_name",
        "representative_contact",
        "complaint_made_on",
        "handling_type",
        "summary",
        "review_info_given_on",
        "received_on",
        "received_channel",
    }
)


def _fields(fields: Mapping[str, object]) -> None:
    unknown = set(fields) - INTAKE_FIELDS
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set at intake")


@transaction.atomic
def review_create(*, by, subjects: Iterable[SubjectCategory] = (), **fields) -> Review:
    """A received application with its reference (CR-2025-0001) and its clocks."""
    require_access(by)
    _fields(fields)
    review = Review(entered_by=by, status=Status.RECEIVED, **fields)
    review.reference = "pending"
    for name in ("window_ends_on", "acknowledge_by", "decide_by"):
        setattr(review, name, dt.date.min)  # computed below, once the dates are known to be valid
    review.full_clean(exclude=["reference", "entered_by"])
    recompute_clocks(review)
    review.reference = next_reference(prefix="CR", year=review.received_on.year)
    save(review, by=by, reason="Application for review received")
    review.subjects.set(subjects)
    bulk_create_with_history(
        [BodyCheck(review=review, criterion=c) for c in Criterion], BodyCheck,
        default_user=by, default_change_reason="Relevant review body check opened",
    )  # fmt: skip
    return review


@transaction.atomic
def review_update(
    *, review: Review, by, subjects: Iterable[SubjectCategory] | None = None, **fields
) -> Review:
    """Correct the intake details; the clocks follow the dates."""
    _fields(fields)
    locked, _ = lock(review, Action.EDIT, by=by)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    recompute_clocks(locked)
    save(locked, by=by, reason="Application details changed")
    if subjects is not None:
        locked.subjects.set(subjects)
    return locked


@transaction.atomic
def review_acknowledge(*, review: Review, by, on: dt.date | None = None) -> Review:
    locked, target = lock(review, Action.ACKNOWLEDGE, by=by)
    locked.acknowledged_on = a_date(
        on,
        field="on",
        what="acknowledgement date",
        not_before=locked.received_on,
        before_what="the application arrived",
    )
    set_status(locked, target, by=by, reason="Acknowledged", fields=("acknowledged_on",))
    return locked


@transaction.atomic
def body_check_record(*, review: Review, by, answers: Mapping[str, tuple[str, str]]) -> Review:
    """Answers to the relevant review body questions: {criterion: (yes|no|unknown, note)}."""
    locked, _ = lock(review, Action.CHECK_BODY, by=by)
    checks = {check.criterion: check for check in locked.body_checks.select_for_update()}
    changed, now = [], timezone.now()
    for criterion, (answer, note) in answers.items():
        if criterion not in Criterion.values:
            raise ValidationError(f"{criterion} is not a relevant review body question.")
        if answer not in Answer.values:
            raise ValidationError({criterion: "Choose yes, no or not known yet."})
        check = checks[criterion]  # all seven exist from intake
        note = (note or "").strip()
        if (check.answer, check.note) != (answer, note):
            check.answer, check.note, check.updated_at = answer, note, now
            check.full_clean()
            changed.append(check)
    # One UPDATE and one history INSERT for the changed answers, not seven saves of each.
    bulk_update_with_history(
        changed, BodyCheck, ["answer", "note", "updated_at"],
        default_user=by, default_change_reason="Relevant review body check answered",
    )  # fmt: skip
    return locked


@transaction.atomic
def forwarding_record(
    *, review: Review, by, direction: str, received_on: dt.date, forwarded_on: dt.date
) -> ForwardingPeriod:
    """Days a misdirected application spent being forwarded: the window grows by them."""
    locked, _ = lock(review, Action.RECORD_FORWARDING, by=by)
    if direction not in Direction.values:
        raise ValidationError({"direction": "Choose which way the application was forwarded."})
    if forwarded_on < received_on:
        raise ValidationError({"forwarded_on": "It cannot be forwarded before it was received."})
    a_date(
        forwarded_on,
        field="forwarded_on",
        what="forwarding date",
        not_before=locked.review_info_given_on,
        before_what="the review information was given",
    )
    if forwarded_on > locked.received_on:
        raise ValidationError({"forwarded_on": "It cannot be forwarded to us after we received it."})
    period = save(
        ForwardingPeriod(
            review=locked, direction=direction, received_on=received_on, forwarded_on=forwarded_on
        ),
        by=by,
        reason="Forwarding of a misdirected application recorded",
    )
    recompute_clocks(locked)
    save(locked, by=by, reason="Window extended by the days spent forwarding")
    return period


@transaction.atomic
def review_forward_to_iopc(*, review: Review, by, on: dt.date | None = None) -> Review:
    """Para 32: the IOPC is the relevant review body; the office forwards it and closes its case."""
    locked, target = lock(review, Action.FORWARD_TO_IOPC, by=by)
    if not locked.body_checks.filter(answer=Answer.YES).exists():
        raise ValidationError(
            "Answer yes to at least one relevant review body question first: otherwise the office reviews it."
        )
    locked.forwarded_on = a_date(
        on,
        field="on",
        what="forwarding date",
        not_before=locked.received_on,
        before_what="the application arrived",
    )
    set_status(locked, target, by=by, reason="Forwarded to the IOPC", fields=("forwarded_on",))
    return locked


@transaction.atomic
def review_mark_invalid(*, review: Review, by, reason: str, note: str = "") -> Review:
    locked, target = lock(review, Action.MARK_INVALID, by=by)
    if reason not in InvalidReason.values:
        raise ValidationError({"reason": "Choose why the application is invalid."})
    if reason == InvalidReason.OTHER:
        note = text(note, field="note", what="why the application is invalid")
    locked.valid, locked.invalid_reason, locked.invalid_note = False, reason, note.strip()
    set_status(
        locked,
        target,
        by=by,
        reason=f"Invalid: {InvalidReason(reason).label}",
        fields=("valid", "invalid_reason", "invalid_note"),
    )
    return locked


@transaction.atomic
def review_mark_out_of_time(*, review: Review, by) -> Review:
    """A late application is recorded as out of time, never deleted; an extension can reopen it."""
    locked, target = lock(review, Action.MARK_OUT_OF_TIME, by=by)
    if locked.in_time:
        raise ValidationError(
            f"It arrived in time: the last day to apply was {locked.window_ends_on:%d/%m/%Y}."
        )
    if locked.extension_granted:
        raise ValidationError("An extension was granted, so it is not out of time.")
    set_status(locked, target, by=by, reason="Out of time, no extension")
    return locked


@transaction.atomic
def review_extend(*, review: Review, by, reason: str) -> Review:
    """Special circumstances make it just to accept a late application (a Reviews manager's call)."""
    locked, _ = lock(review, Action.EXTEND, by=by)
    if locked.in_time:
        raise ValidationError("It arrived in time: no extension is needed.")
    if locked.extension_granted:
        raise ValidationError("An extension has already been granted.")
    locked.extension_reason = text(reason, field="reason", what="the special circumstances")
    locked.extension_granted_by = by
    locked.extension_granted_on = a_date(None, field="on", what="date")
    fields = ("extension_reason", "extension_granted_by", "extension_granted_on")
    if locked.status == Status.OUT_OF_TIME:
        back = Status.ACKNOWLEDGED if locked.acknowledged_on else Status.RECEIVED
        set_status(
            locked, back, by=by, reason="Extension granted: the application is accepted", fields=fields
        )
    else:
        locked._history_user = by  # type: ignore[attr-defined]
        locked._change_reason = "Extension granted"  # type: ignore[attr-defined]
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


@transaction.atomic
def review_withdraw(*, review: Review, by, reason: str) -> Review:
    locked, target = lock(review, Action.WITHDRAW, by=by)
    locked.withdrawn_reason = text(reason, field="reason", what="how the complainant withdrew")
    set_status(locked, target, by=by, reason="Withdrawn by the complainant", fields=("withdrawn_reason",))
    return locked


def body_check_blockers(review: Review) -> list[str]:
    """Why the review cannot start yet, in words (empty when it can)."""
    answers = dict(review.body_checks.values_list("criterion", "answer"))
    problems = []
    if any(a == Answer.YES for a in answers.values()):
        problems.append("The IOPC is the relevant review body (a check is answered yes): forward it instead.")
    unknown = [
        Criterion(c).label for c in Criterion.values if answers.get(c, Answer.UNKNOWN) == Answer.UNKNOWN
    ]
    if unknown:
        problems.append(f"Answer every relevant review body question ({len(unknown)} not answered).")
    if not review.in_time and not review.extension_granted:
        problems.append(
            f"It arrived after the last day to apply ({review.window_ends_on:%d/%m/%Y}) with no extension."
        )
    return problems
