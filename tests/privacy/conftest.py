"""Fixtures for the privacy tests (issue 13): each area names its own (sar_*, retention_*, reminder_*, search_*)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

# --- Reminders (tests/privacy/test_reminders*.py) ----------------------------------------------

REMINDER_TODAY = dt.date(2026, 3, 4)  # a Wednesday; five working days ahead is Wednesday 11 March


def reminder_days(n: int) -> dt.date:
    return REMINDER_TODAY + dt.timedelta(days=n)


@dataclass
class ReminderWorld:
    """One user per role and what each module's providers should give them (titles by module)."""

    users: dict[str, object]
    expected: dict[str, dict[str, list[str]]]


def reminder_review(status: str, *, reviewer, decide_by: dt.date):
    from complaints.models import Review
    from tests.complaints.factories import make_review

    review = make_review(status, manager=reviewer)
    Review.objects.filter(pk=review.pk).update(decide_by=decide_by)
    return Review.objects.get(pk=review.pk)


def reminder_case(status: str, *, by, due_on: dt.date):
    from engagement.models import Case
    from tests.engagement.case_support import walk_case

    case = walk_case(status, by=by)
    Case.objects.filter(pk=case.pk).update(due_on=due_on)
    return Case.objects.get(pk=case.pk)


def reminder_return(*, due_on: dt.date, award=None, **fields):
    from tests.grants.factories import MonitoringReturnFactory

    return MonitoringReturnFactory(due_on=due_on, **({"award": award} if award else {}), **fields)


def reminder_volunteer(**dates):
    from tests.volunteers.conftest import build_volunteer

    values = {"vetting_expires_on": reminder_days(700), "reaccreditation_due_on": reminder_days(600)}
    return build_volunteer(trained=False, **(values | dates))


@pytest.fixture
def reminder_world(make_user) -> ReminderWorld:
    """Something due in every module, for every role, plus what nobody should be sent."""
    from complaints.models import Status as ReviewStatus
    from engagement.models import CaseStatus
    from opcc.core import roles
    from volunteers.models import VolunteerStatus

    users = {role: make_user(role) for role in roles.ROLES}
    users["no role"] = make_user()
    reviewer, staff = users[roles.REVIEWS_MANAGER], users[roles.OFFICE_STAFF]

    late = reminder_review(ReviewStatus.UNDER_REVIEW, reviewer=reviewer, decide_by=reminder_days(-2))
    soon = reminder_review(ReviewStatus.AWAITING_FORCE, reviewer=reviewer, decide_by=reminder_days(3))
    reminder_review(ReviewStatus.UNDER_REVIEW, reviewer=reviewer, decide_by=reminder_days(30))  # later
    reminder_review(ReviewStatus.UNDER_REVIEW, reviewer=None, decide_by=reminder_days(1))  # another's
    reminder_review(ReviewStatus.DECIDED, reviewer=reviewer, decide_by=reminder_days(-5))  # decided

    mine = reminder_case(CaseStatus.IN_PROGRESS, by=staff, due_on=reminder_days(2))
    reopened = reminder_case(CaseStatus.REOPENED, by=staff, due_on=reminder_days(-1))
    reminder_case(CaseStatus.AWAITING_INFORMATION, by=staff, due_on=reminder_days(-3))  # clock stopped
    reminder_case(CaseStatus.CLOSED, by=staff, due_on=reminder_days(-3))  # closed
    reminder_case(CaseStatus.IN_PROGRESS, by=make_user(roles.OFFICE_STAFF), due_on=reminder_days(1))

    overdue_return = reminder_return(due_on=reminder_days(-10))
    reminder_return(due_on=reminder_days(-10), received=True)  # came in
    withdrawn = reminder_return(due_on=reminder_days(1))
    type(withdrawn.award).objects.filter(pk=withdrawn.award_id).update(withdrawn_on=reminder_days(-20))
    reminder_return(due_on=reminder_days(40))  # later

    lapsed = reminder_volunteer(vetting_expires_on=reminder_days(-1))
    renewing = reminder_volunteer(reaccreditation_due_on=reminder_days(4))
    reminder_volunteer(
        vetting_expires_on=reminder_days(-1), status=VolunteerStatus.LEFT, status_reason="Moved"
    )

    cases = [
        f"{reopened.reference} (General advice): finish the review of the response",
        f"{mine.reference} (General advice): respond",
    ]
    returns = [
        f"{overdue_return.award.application.reference} "
        f"({overdue_return.award.application.organisation.name}): monitoring return"
    ]
    expected = {
        roles.REVIEWS_MANAGER: {
            "Complaint reviews": [
                f"{late.reference}: decide the review",
                f"{soon.reference}: decide the review (awaiting force information)",
            ]
        },
        roles.OFFICE_STAFF: {"Grants": returns, "Engagement": cases},
        roles.VOLUNTEER_COORDINATOR: {
            "Custody schemes": [
                f"{lapsed.name}: police vetting expires",
                f"{renewing.name}: reaccreditation due",
            ]
        },
        roles.ADMINISTRATOR: {"Grants": returns},  # holds grants.change_monitoringreturn for corrections
        roles.GRANTS_MANAGER: {},
        roles.REPORTS: {},
        "no role": {},
    }
    return ReminderWorld(users=users, expected=expected)
