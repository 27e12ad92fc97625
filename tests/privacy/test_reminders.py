"""What the daily digest lists: per role, overdue first, within the working-day window, capped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opcc.core import roles
from opcc.core.models import ClosureDay
from opcc.privacy import reminders
from opcc.privacy.models import ReminderPreference
from opcc.privacy.registry import DueItem
from opcc.privacy.reminders import CAP, DueList, capped, digest_for, window_end
from tests.privacy.conftest import REMINDER_TODAY, reminder_days, reminder_return

pytestmark = pytest.mark.django_db


def titles(digest) -> dict[str, list[str]]:
    return {g.module: [i.title for i in (*g.overdue, *g.upcoming)] for g in digest.groups}


@pytest.mark.parametrize("role", [*roles.ROLES, "no role"])
def test_each_role_gets_what_is_theirs_and_due(reminder_world, role):
    digest = digest_for(user=reminder_world.users[role], today=REMINDER_TODAY)
    assert titles(digest) == reminder_world.expected[role]
    assert list(titles(digest)) == list(reminder_world.expected[role])  # modules in this order
    assert digest.until == dt.date(2026, 3, 11)  # five working days (the default)
    assert bool(digest) is bool(reminder_world.expected[role])


def test_overdue_come_first_and_are_counted(reminder_world):
    digest = digest_for(user=reminder_world.users[roles.OFFICE_STAFF], today=REMINDER_TODAY)
    grants, engagement = digest.groups
    assert [i.due_on for i in grants.overdue] == [reminder_days(-10)]
    assert [i.due_on for i in engagement.overdue] == [reminder_days(-1)]
    assert [i.due_on for i in engagement.upcoming] == [reminder_days(2)]
    assert digest.overdue_count == 2 and digest.total == 3
    assert all(i.url.startswith("/") for g in digest.groups for i in (*g.overdue, *g.upcoming))


def test_a_module_with_nothing_overdue_comes_after_one_with(make_user):
    staff = make_user(roles.OFFICE_STAFF)
    from engagement.models import CaseStatus
    from tests.privacy.conftest import reminder_case

    reminder_case(CaseStatus.IN_PROGRESS, by=staff, due_on=reminder_days(-1))
    reminder_return(due_on=reminder_days(1))
    digest = digest_for(user=staff, today=REMINDER_TODAY)
    assert [g.module for g in digest.groups] == ["Engagement", "Grants"]


def test_the_window_counts_working_days(make_user):
    """Friday + 1 working day is Monday; Thursday before Easter + 1 is the Tuesday after."""
    staff = make_user(roles.OFFICE_STAFF)
    ReminderPreference.objects.create(user=staff, days_ahead=1)
    friday = dt.date(2026, 3, 6)
    for offset in (1, 2, 3, 4):  # Saturday to Tuesday
        reminder_return(due_on=friday + dt.timedelta(days=offset))
    digest = digest_for(user=staff, today=friday)
    assert digest.until == dt.date(2026, 3, 9)
    assert [i.due_on.isoformat() for i in digest.groups[0].upcoming] == [
        "2026-03-07",
        "2026-03-08",
        "2026-03-09",
    ]
    assert window_end(dt.date(2026, 4, 2), 1, closures=frozenset()) == dt.date(2026, 4, 7)


def test_closure_days_lengthen_the_window(make_user):
    staff = make_user(roles.OFFICE_STAFF)
    ReminderPreference.objects.create(user=staff, days_ahead=1)
    reminder_return(due_on=dt.date(2026, 3, 6))
    assert not digest_for(user=staff, today=REMINDER_TODAY)  # until Thursday 5 March
    ClosureDay.objects.create(date=dt.date(2026, 3, 5), description="Office closed")
    digest = digest_for(user=staff, today=REMINDER_TODAY)
    assert digest.until == dt.date(2026, 3, 6) and digest.total == 1


@pytest.mark.parametrize(("days", "until"), [(1, dt.date(2026, 3, 5)), (20, dt.date(2026, 4, 1))])
def test_days_ahead_is_the_users_own(make_user, days, until):
    staff = make_user(roles.OFFICE_STAFF)
    ReminderPreference.objects.create(user=staff, days_ahead=days)
    assert digest_for(user=staff, today=REMINDER_TODAY).until == until


def test_an_inactive_user_gets_nothing(reminder_world):
    user = reminder_world.users[roles.REVIEWS_MANAGER]
    user.is_active = False
    assert not digest_for(user=user, today=REMINDER_TODAY)


def test_a_provider_is_capped_with_the_true_total(make_user):
    staff = make_user(roles.OFFICE_STAFF)
    first = reminder_return(due_on=reminder_days(-30))
    for n in range(CAP + 4):
        reminder_return(due_on=reminder_days(-n % 5), award=first.award)
    digest = digest_for(user=staff, today=REMINDER_TODAY)
    (group,) = digest.groups
    assert group.shown == CAP and group.total == CAP + 5 and group.more == 5
    assert digest.total == CAP + 5
    assert group.overdue[0].due_on == reminder_days(-30)


def test_capped_counts_only_when_the_cap_is_reached(make_user, django_assert_num_queries):
    from grants.models import MonitoringReturn

    reminder_return(due_on=reminder_days(1))
    reminder_return(due_on=reminder_days(2))

    def item(row):
        return DueItem(module="Grants", title=str(row.pk), due_on=row.due_on, url="/")

    with django_assert_num_queries(1):
        assert capped(MonitoringReturn.objects.order_by("due_on"), item, cap=3).total == 2
    with django_assert_num_queries(2):
        found = capped(MonitoringReturn.objects.order_by("due_on"), item, cap=1)
    assert len(found) == 1 and found.total == 2
    assert DueList([]).total == 0


def test_reading_a_digest_does_not_grow_with_the_rows(make_user):
    """The same queries for 2 items as for 30 in every module the user has (no query per row)."""
    staff = make_user(roles.OFFICE_STAFF)
    coordinator = make_user(roles.VOLUNTEER_COORDINATOR)
    from tests.privacy.conftest import reminder_volunteer

    first = reminder_return(due_on=reminder_days(1))
    reminder_volunteer(vetting_expires_on=reminder_days(1))

    def cost(user) -> int:
        fresh = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            digest_for(user=fresh, today=REMINDER_TODAY, closures=frozenset())
        return len(queries)

    few = cost(staff), cost(coordinator)
    for n in range(28):
        reminder_return(due_on=reminder_days(n % 5), award=first.award)
        reminder_volunteer(vetting_expires_on=reminder_days(n % 5), reaccreditation_due_on=reminder_days(2))
    assert (cost(staff), cost(coordinator)) == few
    assert max(few) <= 8


def test_a_provider_going_past_the_window_is_trimmed(make_user, settings, monkeypatch):
    """The digest keeps only what is due by its last day, whatever a provider returns."""
    staff = make_user(roles.OFFICE_STAFF)

    def sloppy(user, today, until):
        return [
            DueItem(module="Test", title="in", due_on=until, url="/in/"),
            DueItem(module="Test", title="out", due_on=until + dt.timedelta(days=1), url="/out/"),
        ]

    monkeypatch.setattr(reminders, "due_providers", lambda: (sloppy,))
    digest = digest_for(user=staff, today=REMINDER_TODAY)
    assert titles(digest) == {"Test": ["in"]}
