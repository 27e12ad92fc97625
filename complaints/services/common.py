"""Pieces every review service uses: who may act, locking, saving with history, the clocks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints import clock
from complaints.models import Review, ServiceStandards
from complaints.workflow import LABELS, Action, Who, check_transition, who
from opcc.core.permissions import require_perm

ACCESS = "core.access_complaints"
DECIDE = "complaints.decide_review"
# Actions a declared conflict of interest bars (the person may still record correspondence).
CONFLICT_BARS = frozenset({Action.DECIDE, Action.EXTEND, Action.CLOSE, Action.RECORD_FINDING})


def require_access(by) -> None:
    require_perm(by, ACCESS, action="work on complaint reviews")


def may(by, action: Action, review: Review | None = None) -> bool:
    """Whether `by` may take `action` on `review` now (status, role and conflict): for the case page."""
    try:
        check_actor(by, action, review)
        if review is not None:
            check_transition(review.status, action)
    except (PermissionDenied, ValidationError):
        return False
    return True


def check_actor(by, action: Action, review: Review | None) -> None:
    """Role and conflict checks; the status check is `check_transition` under the row lock."""
    require_access(by)
    if who(action) == Who.MANAGER:
        require_perm(by, DECIDE, action=LABELS[action])
    if review is not None and action in CONFLICT_BARS and review.conflicts.filter(user=by).exists():
        raise PermissionDenied(
            f"You declared a conflict of interest on {review.reference}, so you cannot {LABELS[action]}."
        )


def lock(review: Review, action: Action, *, by) -> tuple[Review, object]:
    """Re-read the review under a row lock, then check who is acting and that the action is allowed now."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    check_actor(by, action, locked)
    return locked, check_transition(locked.status, action)


def set_status(review: Review, status, *, by, reason: str, fields: tuple[str, ...] = ()) -> None:
    """Write the status and the named fields only: the row is locked and was validated when entered."""
    review.status = status
    review.status_changed_at = timezone.now()
    review._history_user = by  # type: ignore[attr-defined]
    review._change_reason = reason  # type: ignore[attr-defined]
    review.save(update_fields=["status", "status_changed_at", "updated_at", *fields])


def a_date(
    value: dt.date | None, *, field: str, what: str, not_before: dt.date | None = None, before_what: str = ""
) -> dt.date:
    """A date the user gave (today when blank): never in the future, never before `not_before`."""
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})
    if not_before and day < not_before:
        raise ValidationError({field: f"The {what} cannot be before {before_what} ({not_before:%d/%m/%Y})."})
    return day


def text(value: str, *, field: str, what: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError({field: f"Enter {what}."})
    return cleaned


def recompute_clocks(review: Review) -> None:
    """The window and the service-standard dates, from the fields they depend on."""
    periods = list(review.forwarding_periods.values_list("received_on", "forwarded_on")) if review.pk else []
    review.window_ends_on = clock.window_end(
        info_given_on=review.review_info_given_on, excluded_days=clock.forwarding_days(periods)
    )
    review.in_time = review.received_on <= review.window_ends_on
    standards = ServiceStandards.current()
    review.acknowledge_by, review.decide_by = clock.standard_dates(
        received_on=review.received_on,
        acknowledge_days=standards.acknowledge_working_days,
        decide_days=standards.decide_working_days,
        closed=clock.closures(),
    )
