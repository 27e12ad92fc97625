"""Complaint review records for tests outside a fixture (the route matrix, the page sweep, scripts).

Everything goes through the real services, walked by `tests.complaints.conftest.ReviewBuilder`:

- ``user(role, **fields)``: a user holding one role (a Django group of opcc.core.roles).
- ``make_review(status=Status.RECEIVED, **intake fields)``: a review at ANY status, entered by a new
  office staff user and reviewed by a new Reviews manager (``review.reviewer`` from under review on).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth.models import Group

from complaints.models import Review, Status
from opcc.core import roles
from tests.complaints.conftest import ReviewBuilder
from tests.factories import UserFactory


def user(role: str | None = None, **fields):
    made = UserFactory(**fields)
    if role:
        made.groups.set(Group.objects.filter(name=role))  # type: ignore[attr-defined]
    return made


def review_users(*, staff=None, manager=None) -> SimpleNamespace:
    """The two users a walk needs: who records (office staff) and who reviews (a Reviews manager)."""
    return SimpleNamespace(
        staff=staff or user(roles.OFFICE_STAFF),
        manager=manager or user(roles.REVIEWS_MANAGER),
    )


def make_review(status: str = Status.RECEIVED, *, staff=None, manager=None, **fields) -> Review:
    builder = ReviewBuilder(review_users(staff=staff, manager=manager))  # type: ignore[arg-type]
    if status == Status.RECEIVED:
        return builder.create(**fields)
    return builder.walk(status, **fields)
