"""Two coordinators assigning the same call-out at the same moment: the row lock lets one win,
the other is told who was assigned meanwhile, and nothing is overwritten."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from tests.grants.test_concurrency import errors_of, oks_of, run_together
from volunteers import services
from volunteers.models import CallOut, CallOutStatus

from .callout_support import HOUR, callout_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_coordinators_assign_at_once(vol_users, suite, make_volunteer):
    callout = callout_in(CallOutStatus.REQUESTED, by=vol_users.coordinator, suite=suite)
    first, second = make_volunteer("aa"), make_volunteer("aa")

    def task(user, volunteer):
        def prepare():
            by = get_user_model().objects.get(pk=user.pk)
            seen = CallOut.objects.get(pk=callout.pk)  # both saw it unassigned
            return lambda: services.callout_assign(
                callout=seen, by=by, volunteer=volunteer, assigned_at=seen.requested_at + HOUR
            )

        return prepare

    results, _ = run_together([task(vol_users.coordinator, first), task(vol_users.other_coordinator, second)])
    won = oks_of(results)
    lost = errors_of(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ValidationError)
    winner = won[0].volunteer
    assert f"it is now {winner.name}" in " ".join(lost[0].message_dict["volunteer"])
    saved = CallOut.objects.get(pk=callout.pk)
    assert saved.volunteer == winner and saved.status == CallOutStatus.ASSIGNED
    assert saved.history.count() == 2  # requested, assigned once
