"""Correspondence and engagement fixtures.

- ``eng_users``: two office staff (who record and see Youth Commissioners), an Administrator (reads,
  no Youth Commissioners) and one user of each role that must not open the module.
- ``category(name)``: a seeded correspondence category by name ("Freedom of information",
  "Subject access", "General advice", …).
- ``make_case(category="General advice", received_at=…, **fields)``: a case logged through the
  service by the first office staff user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from engagement.models import Category
from engagement.services import case_create
from opcc.core import roles


@dataclass
class EngagementUsers:
    staff: object
    other_staff: object
    administrator: object
    grants_manager: object
    reviews_manager: object
    coordinator: object
    reports: object


@pytest.fixture
def eng_users(make_user) -> EngagementUsers:
    return EngagementUsers(
        staff=make_user(roles.OFFICE_STAFF, first_name="Sam", last_name="Patel"),
        other_staff=make_user(roles.OFFICE_STAFF, first_name="Alex", last_name="Jones"),
        administrator=make_user(roles.ADMINISTRATOR),
        grants_manager=make_user(roles.GRANTS_MANAGER),
        reviews_manager=make_user(roles.REVIEWS_MANAGER),
        coordinator=make_user(roles.VOLUNTEER_COORDINATOR),
        reports=make_user(roles.REPORTS),
    )


@pytest.fixture
def category(db):
    def get(name: str) -> Category:
        return Category.objects.get(name=name)

    return get


def london(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def make_case(eng_users, category):
    def make(category_name: str = "General advice", *, received_on: dt.date | None = None, **fields):
        received_on = received_on or timezone.localdate() - dt.timedelta(days=3)
        values = {
            "channel": "email",
            "subject": "Street lighting on Hill Road",
            "correspondent_name": "Pat Example",
        } | fields
        by = values.pop("by", eng_users.staff)
        return case_create(by=by, received_at=london(received_on), category=category(category_name), **values)

    return make
