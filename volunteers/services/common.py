"""Pieces every volunteers service uses: who may write, and messages naming people and dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from opcc.core.dates import long_date
from opcc.core.permissions import require_perm

ACCESS = "core.access_volunteers"
COORDINATE = "volunteers.coordinate_volunteers"


def require_coordinator(by, *, action: str = "record custody scheme work") -> None:
    """Volunteer coordinators write; everyone else (office staff read) is refused."""
    if by is None or not by.is_active or not by.has_perm(ACCESS):
        raise PermissionDenied("You do not have access to the custody schemes.")
    require_perm(by, COORDINATE, action=action)


def may_coordinate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(ACCESS) and user.has_perm(COORDINATE))


def on(day: dt.date | None) -> str:
    return long_date(day)
