"""Pieces every engagement service uses: who may write, closure days, and text and date checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import ClosureDay
from opcc.core.permissions import require_perm

ACCESS = "core.access_engagement"
RECORD = "engagement.record_engagement"
YOUTH = "engagement.work_with_youth_commissioners"
LONG_TEXT = 10_000


def require_recorder(by, *, action: str = "record correspondence and engagement") -> None:
    """Office staff write; the Administrator reads; other roles do not open the module."""
    if by is None or not by.is_active or not by.has_perm(ACCESS):
        raise PermissionDenied("You do not have access to correspondence and engagement.")
    require_perm(by, RECORD, action=action)


def require_youth(by, *, action: str = "see or record Youth Commissioners") -> None:
    if by is None or not by.is_active or not by.has_perm(ACCESS):
        raise PermissionDenied("You do not have access to correspondence and engagement.")
    require_perm(by, YOUTH, action=action)


def may_record(user) -> bool:
    return bool(user and user.is_active and user.has_perm(ACCESS) and user.has_perm(RECORD))


def may_see_youth(user) -> bool:
    return bool(user and user.is_active and user.has_perm(ACCESS) and user.has_perm(YOUTH))


def closures() -> frozenset[dt.date]:
    return ClosureDay.objects.as_dates()


def text(value: str | None, *, field: str, what: str, required: bool = False, limit: int = LONG_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Enter {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Shorten {what} to {limit:,} characters or fewer."})
    return value


def not_future(day: dt.date, *, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})


def not_before(day: dt.date, earliest: dt.date, *, field: str, what: str, before_what: str) -> None:
    if day < earliest:
        raise ValidationError({field: f"The {what} cannot be before {before_what} ({long_date(earliest)})."})
