"""The rota's pairing rules in the services: two different eligible visitors, no double-booking in a
band, one slot per suite, day and band (also under a race), changing, cancelling and linking a visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from tests.grants.test_concurrency import errors_of, oks_of, run_together
from volunteers.models import CustodyVisit, RotaSlot, TimeBand
from volunteers.services import (
    rota_slot_cancel,
    rota_slot_change_pair,
    rota_slot_create,
    rota_slot_link_visit,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
SOON = lambda: TODAY() + dt.timedelta(days=3)  # noqa: E731


def messages_of(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def make_slot(users, suite, pair, *, day=None, band=TimeBand.MORNING):
    return rota_slot_create(by=users.coordinator, suite=suite, day=day or SOON(), band=band, visitors=pair)


def visit_at(suite, day, *, reference="ICV-T-1", hour=10) -> CustodyVisit:
    return CustodyVisit.objects.create(
        reference=reference,
        suite=suite,
        visited_on=day,
        arrived_at=dt.time(hour, 0),
        admitted_at=dt.time(hour, 5),
        left_at=dt.time(hour, 50),
        detainees_present=0,
    )


def test_a_slot_holds_two_different_eligible_visitors(vol_users, make_volunteer, suite):
    a, b = make_volunteer("icv"), make_volunteer("both")
    slot = make_slot(vol_users, suite, [a, b])
    assert set(slot.visitors.all()) == {a, b}
    assert slot.history.count() == 1
    assert slot.history.first().history_user == vol_users.coordinator


def test_nobody_is_paired_with_themselves(vol_users, make_volunteer, suite):
    a = make_volunteer("icv")
    with pytest.raises(ValidationError) as exc:
        make_slot(vol_users, suite, [a, a])
    assert f"{a.name} cannot be paired with themselves" in messages_of(exc)
    assert not RotaSlot.objects.exists()


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_slot_needs_exactly_two(vol_users, make_volunteer, suite, count):
    people = [make_volunteer("icv") for _ in range(count)]
    with pytest.raises(ValidationError, match="exactly two different custody visitors"):
        make_slot(vol_users, suite, people)
    assert not RotaSlot.objects.exists()


def test_an_ineligible_visitor_is_named_with_the_reason(vol_users, make_volunteer, suite):
    ok = make_volunteer("icv")
    lapsed = make_volunteer("icv", vetting_expires_on=SOON() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        make_slot(vol_users, suite, [ok, lapsed])
    expired = long_date(SOON() - dt.timedelta(days=1))
    assert exc.value.message_dict["visitors"] == [
        f"{lapsed.name} cannot be put on this rota slot: police vetting expired on {expired}."
    ]
    assert not RotaSlot.objects.exists()


def test_an_appropriate_adult_only_is_not_a_custody_visitor(vol_users, make_volunteer, suite):
    aa = make_volunteer("aa")
    with pytest.raises(ValidationError, match="is not in the custody visitor scheme"):
        make_slot(vol_users, suite, [make_volunteer("icv"), aa])


def test_nobody_is_in_two_slots_in_the_same_band(vol_users, make_volunteer, suite, other_suite):
    a, b, c = (make_volunteer("icv") for _ in range(3))
    make_slot(vol_users, suite, [a, b])
    with pytest.raises(ValidationError) as exc:
        make_slot(vol_users, other_suite, [c, b])
    assert f"{b.name} is already on the rota at {suite}" in messages_of(exc)
    # Another band the same day is fine.
    assert make_slot(vol_users, other_suite, [c, b], band=TimeBand.EVENING).pk


def test_one_slot_per_suite_day_and_band(vol_users, make_volunteer, suite):
    make_slot(vol_users, suite, [make_volunteer("icv"), make_volunteer("icv")])
    with pytest.raises(ValidationError) as exc:
        make_slot(vol_users, suite, [make_volunteer("icv"), make_volunteer("icv")])
    assert "There is already a rota slot at" in messages_of(exc)
    assert RotaSlot.objects.count() == 1


def test_the_day_is_not_in_the_past_and_the_suite_is_open(vol_users, make_volunteer, suite):
    pair = [make_volunteer("icv"), make_volunteer("icv")]
    with pytest.raises(ValidationError, match="cannot be in the past"):
        make_slot(vol_users, suite, pair, day=TODAY() - dt.timedelta(days=1))
    suite.closed_on = SOON() - dt.timedelta(days=1)
    suite.save()
    with pytest.raises(ValidationError, match="is not open on"):
        make_slot(vol_users, suite, pair)


def test_office_staff_cannot_plan(vol_users, make_volunteer, suite):
    pair = [make_volunteer("icv"), make_volunteer("icv")]
    for user in (vol_users.staff, vol_users.administrator, vol_users.grants_manager):
        with pytest.raises(PermissionDenied):
            rota_slot_create(by=user, suite=suite, day=SOON(), band=TimeBand.MORNING, visitors=pair)
    assert not RotaSlot.objects.exists()


def test_change_pair_keeps_the_rules(vol_users, make_volunteer, suite, other_suite):
    a, b, c, d = (make_volunteer("icv") for _ in range(4))
    slot = make_slot(vol_users, suite, [a, b])
    make_slot(vol_users, other_suite, [c, d])
    with pytest.raises(ValidationError, match=f"{c.name} is already on the rota"):
        rota_slot_change_pair(slot=slot, by=vol_users.coordinator, visitors=[a, c])
    rota_slot_change_pair(slot=slot, by=vol_users.coordinator, visitors=[b, a])  # own slot: fine
    e = make_volunteer("icv")
    rota_slot_change_pair(slot=slot, by=vol_users.other_coordinator, visitors=[a, e])
    assert set(slot.visitors.all()) == {a, e}


def test_cancel_needs_a_reason_and_frees_the_slot(vol_users, make_volunteer, suite):
    a, b = make_volunteer("icv"), make_volunteer("icv")
    slot = make_slot(vol_users, suite, [a, b])
    with pytest.raises(ValidationError, match="Give the reason"):
        rota_slot_cancel(slot=slot, by=vol_users.coordinator, reason="  \n ")
    rota_slot_cancel(slot=slot, by=vol_users.coordinator, reason="Suite closed for refurbishment")
    slot.refresh_from_db()
    assert slot.cancelled_reason == "Suite closed for refurbishment"
    with pytest.raises(ValidationError, match="was cancelled"):
        rota_slot_cancel(slot=slot, by=vol_users.coordinator, reason="again")
    # The same people may now be planned elsewhere in that band, and the slot filled again.
    again = make_slot(vol_users, suite, [b, a])
    assert again.pk == slot.pk and again.cancelled_reason == ""
    assert RotaSlot.objects.count() == 1


def test_link_visit_same_suite_and_day(vol_users, make_volunteer, suite, other_suite):
    slot = make_slot(vol_users, suite, [make_volunteer("icv"), make_volunteer("icv")])
    elsewhere = visit_at(other_suite, slot.day, reference="ICV-T-2")
    with pytest.raises(ValidationError, match="was not made at"):
        rota_slot_link_visit(slot=slot, by=vol_users.coordinator, visit=elsewhere)
    visit = visit_at(suite, slot.day)
    rota_slot_link_visit(slot=slot, by=vol_users.coordinator, visit=visit)
    slot.refresh_from_db()
    assert slot.visit == visit
    with pytest.raises(ValidationError, match="has been recorded"):
        rota_slot_cancel(slot=slot, by=vol_users.coordinator, reason="late")


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_filling_the_same_slot_at_once(vol_users, make_volunteer, suite):
    """One wins; the other gets the clear message, never an IntegrityError."""
    pairs = [[make_volunteer("icv"), make_volunteer("icv")] for _ in range(2)]

    def task(user, pair):
        def prepare():
            by = get_user_model().objects.get(pk=user.pk)
            fresh = CustodySuite.objects.get(pk=suite.pk)
            return lambda: rota_slot_create(
                by=by, suite=fresh, day=SOON(), band=TimeBand.NIGHT, visitors=pair
            )

        return prepare

    results, _ = run_together(
        [task(vol_users.coordinator, pairs[0]), task(vol_users.other_coordinator, pairs[1])]
    )
    assert len(oks_of(results)) == 1, results
    [error] = errors_of(results)
    assert isinstance(error, ValidationError), error
    assert "There is already a rota slot at" in " ".join(error.messages)
    assert RotaSlot.objects.count() == 1
