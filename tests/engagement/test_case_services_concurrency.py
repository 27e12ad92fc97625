"""Two people acting on the same thing at the same moment (PostgreSQL, one connection each).

Two restarts of one stopped clock: the row lock lets one end the stop and move the due date; the
other then sees the clock running and is refused, so the due date moves once. Twenty presses of
"Add a call" at once, on a day with no row yet: every one counts.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement import services
from engagement.models import CallDay, Case, CaseStatus
from tests.grants.test_concurrency import errors_of, oks_of, run_together

from .case_support import walk_case

pytestmark = pytest.mark.django_db(transaction=True)
JAN_6 = dt.date(2025, 1, 6)
User = get_user_model()


def test_two_restarts_at_once_move_the_due_date_once(eng_users):
    # Received Mon 6 Jan 2025 (due Thu 6 Feb); ID asked Tue 7 Jan; the answer came Fri 10 Jan: three
    # days paused, 9 Feb is a Sunday: Mon 10 Feb.
    case = walk_case(
        CaseStatus.AWAITING_INFORMATION, by=eng_users.staff, category="Subject access", received_on=JAN_6
    )
    changes = case.due_changes.count()
    answered = JAN_6 + dt.timedelta(days=4)

    def task(user):
        def prepare():
            by = User.objects.get(pk=user.pk)
            seen = Case.objects.get(pk=case.pk)  # both saw the clock stopped
            return lambda: services.clock_restart(case=seen, by=by, ended_on=answered)

        return prepare

    results, _ = run_together([task(eng_users.staff), task(eng_users.other_staff)])
    assert len(oks_of(results)) == 1, results
    lost = errors_of(results)
    assert len(lost) == 1 and isinstance(lost[0], ValidationError)
    assert "“Restart the clock” is not possible while the status is in progress" in str(lost[0])
    saved = Case.objects.get(pk=case.pk)
    assert saved.status == CaseStatus.IN_PROGRESS and saved.clock_stopped_since is None
    assert list(saved.stops.values_list("ended_on", flat=True)) == [answered]
    assert saved.due_on == dt.date(2025, 2, 10)
    assert saved.due_changes.count() == changes + 1


def test_calls_added_at_once_all_count(eng_users):
    today = timezone.localdate()
    presses = 20

    def task(user):
        def prepare():
            by = User.objects.get(pk=user.pk)
            return lambda: services.call_add(by=by)

        return prepare

    people = [eng_users.staff, eng_users.other_staff]
    results, _ = run_together([task(people[i % 2]) for i in range(presses)])
    assert not errors_of(results), errors_of(results)
    assert CallDay.objects.get(date=today).calls_answered == presses
    assert CallDay.objects.filter(date=today).count() == 1
