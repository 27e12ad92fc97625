"""Custody schemes fixtures.

- ``vol_users``: two volunteer coordinators, office staff, an Administrator, and one user of each
  role that must not see the module.
- ``make_volunteer(scheme="icv", **fields)``: an ACTIVE volunteer who may act today (vetting,
  accreditation, independence and every required course in date), written straight to the
  database for speed; pass fields to break one thing (e.g. ``vetting_expires_on=yesterday``).
- ``suite`` / ``other_suite``: custody suites from the reference data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

import pytest
from django.utils import timezone

from opcc.core import roles
from opcc.core.models import CustodySuite
from volunteers.models import Course, TrainingRecord, Volunteer, VolunteerStatus, add_years

NAMES = count(1)


@dataclass
class VolunteerUsers:
    coordinator: object
    other_coordinator: object
    staff: object
    administrator: object
    grants_manager: object
    reviews_manager: object
    reports: object


@pytest.fixture
def vol_users(make_user) -> VolunteerUsers:
    return VolunteerUsers(
        coordinator=make_user(roles.VOLUNTEER_COORDINATOR, first_name="Chris", last_name="Evans"),
        other_coordinator=make_user(roles.VOLUNTEER_COORDINATOR, first_name="Dee", last_name="Singh"),
        staff=make_user(roles.OFFICE_STAFF, first_name="Sam", last_name="Patel"),
        administrator=make_user(roles.ADMINISTRATOR),
        grants_manager=make_user(roles.GRANTS_MANAGER),
        reviews_manager=make_user(roles.REVIEWS_MANAGER),
        reports=make_user(roles.REPORTS),
    )


def build_volunteer(scheme: str = "icv", *, trained: bool = True, **fields) -> Volunteer:
    """An active volunteer who may act today unless `fields` say otherwise."""
    today = timezone.localdate()
    n = next(NAMES)
    appointed = fields.pop("appointed_on", today - dt.timedelta(days=400))
    values = {
        "first_name": f"Vol{n}",
        "last_name": f"Unteer{n}",
        "scheme": scheme,
        "status": VolunteerStatus.ACTIVE,
        "status_changed_on": appointed,
        "applied_on": appointed - dt.timedelta(days=120),
        "appointed_on": appointed,
        "reaccreditation_due_on": add_years(appointed, 3),
        "vetting_level": "nppv2",
        "vetting_cleared_on": appointed - dt.timedelta(days=30),
        "vetting_expires_on": today + dt.timedelta(days=700),
        "independence_declared_on": appointed - dt.timedelta(days=60),
    } | fields
    volunteer = Volunteer.objects.create(**values)
    if trained:
        completed = appointed - dt.timedelta(days=10)
        for course in Course.objects.filter(active=True):
            if course.required_for(volunteer.schemes):
                expires = add_years(today, 1) if course.valid_months else None
                TrainingRecord.objects.create(
                    volunteer=volunteer, course=course, completed_on=completed, expires_on=expires
                )
    return volunteer


@pytest.fixture
def make_volunteer(db):
    return build_volunteer


@pytest.fixture
def suite(db) -> CustodySuite:
    return CustodySuite.objects.get(name="Perry Barr")


@pytest.fixture
def other_suite(db) -> CustodySuite:
    return CustodySuite.objects.get(name="Oldbury")
