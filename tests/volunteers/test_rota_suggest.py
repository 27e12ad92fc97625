"""Suggested rota pairs: the weekly target met, fair (fewest recent visits first), never the same pair
twice in a row, spread over days and times of day, eligible people only; confirming is all or none."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from volunteers.models import CustodyVisit, RotaSlot, TimeBand
from volunteers.services import rota_confirm, rota_slot_create, rota_suggest

pytestmark = pytest.mark.django_db


def next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def visits_by(suite, person, partner, count: int, *, start: int = 0) -> None:
    for i in range(count):
        visit = CustodyVisit.objects.create(
            reference=f"ICV-S-{person.pk}-{start + i}",
            suite=suite,
            visited_on=timezone.localdate() - dt.timedelta(days=2 + i),
            arrived_at=dt.time(10, 0),
            admitted_at=dt.time(10, 2),
            left_at=dt.time(11, 0),
            detainees_present=1,
        )
        visit.visitors.add(person, partner)


@pytest.fixture
def target_two(suite):
    suite.weekly_visit_target = 2
    suite.save()
    return suite


def test_each_week_meets_the_target_on_different_days(target_two, make_volunteer):
    for _ in range(6):
        make_volunteer("icv")
    proposals = rota_suggest(suite=target_two, first_day=next_monday(), weeks=3)
    weeks = Counter((p.day - next_monday()).days // 7 for p in proposals)
    assert weeks == {0: 2, 1: 2, 2: 2}
    for week in range(3):
        days = [p.day for p in proposals if (p.day - next_monday()).days // 7 == week]
        assert len(set(days)) == 2, days
    assert all(p.visitors[0].pk != p.visitors[1].pk for p in proposals)


def test_spread_over_times_of_day_and_weekdays(target_two, make_volunteer):
    for _ in range(8):
        make_volunteer("icv")
    proposals = rota_suggest(suite=target_two, first_day=next_monday(), weeks=4)
    assert len(proposals) == 8
    assert set(Counter(p.band for p in proposals).values()) == {2}  # each band twice in eight
    assert len({p.day.weekday() for p in proposals}) >= 6
    assert all(a.band != b.band for a, b in pairwise(proposals))


def test_fewest_recent_visits_first(suite, make_volunteer):
    busy = [make_volunteer("icv") for _ in range(2)]
    quiet = [make_volunteer("icv") for _ in range(2)]
    visits_by(suite, busy[0], busy[1], 3)
    [proposal] = rota_suggest(suite=suite, first_day=next_monday(), weeks=1)
    assert set(proposal.visitors) == set(quiet)
    # Over several weeks everyone takes a turn, the quiet ones first.
    proposals = rota_suggest(suite=suite, first_day=next_monday(), weeks=4)
    turns = Counter(v.pk for p in proposals for v in p.visitors)
    assert turns[quiet[0].pk] >= turns[busy[0].pk] and turns[busy[0].pk] >= 1


def test_never_the_same_pair_twice_in_a_row(suite, make_volunteer):
    suite.weekly_visit_target = 3
    suite.save()
    for _ in range(3):
        make_volunteer("icv")
    proposals = rota_suggest(suite=suite, first_day=next_monday(), weeks=3)
    assert len(proposals) == 9
    pairs = [frozenset(v.pk for v in p.visitors) for p in proposals]
    assert all(a != b for a, b in pairwise(pairs))


def test_the_pair_before_the_period_is_not_repeated_first(suite, other_suite, make_volunteer, vol_users):
    """By fewest visits alone a and b would go again; the slot before had them, so c joins."""
    a, b, c = (make_volunteer("icv") for _ in range(3))
    d = make_volunteer("icv")
    visits_by(other_suite, c, d, 4)
    monday = next_monday()
    rota_slot_create(
        by=vol_users.coordinator, suite=suite, day=monday, band=TimeBand.MORNING, visitors=[a, b]
    )
    d.status_reason, d.status = "moved away", "left"
    d.save()
    [proposal] = rota_suggest(suite=suite, first_day=monday + dt.timedelta(weeks=1), weeks=1)
    assert c in proposal.visitors
    assert frozenset(proposal.visitors) != frozenset({a, b})


def test_only_eligible_people_and_slots_already_planned_count(suite, make_volunteer, vol_users):
    a, b, c = (make_volunteer("icv") for _ in range(3))
    make_volunteer("icv", vetting_expires_on=next_monday() - dt.timedelta(days=1))
    make_volunteer("aa")
    monday = next_monday()
    rota_slot_create(
        by=vol_users.coordinator,
        suite=suite,
        day=monday + dt.timedelta(days=2),
        band=TimeBand.NIGHT,
        visitors=[a, b],
    )
    proposals = rota_suggest(suite=suite, first_day=monday, weeks=2)
    assert [(p.day - monday).days // 7 for p in proposals] == [1]  # week one already has its visit
    assert {v.pk for p in proposals for v in p.visitors} <= {a.pk, b.pk, c.pk}


def test_a_reserve_suite_gets_nothing_and_weeks_are_bounded(suite, make_volunteer):
    suite.weekly_visit_target = 0
    suite.save()
    make_volunteer("icv")
    make_volunteer("icv")
    assert rota_suggest(suite=suite, first_day=next_monday(), weeks=2) == []
    for weeks in (0, -1, 13, 10**9):
        with pytest.raises(ValidationError, match="between 1 and 12 weeks"):
            rota_suggest(suite=suite, first_day=next_monday(), weeks=weeks)


def test_confirm_adds_all_or_none(target_two, make_volunteer, vol_users):
    for _ in range(4):
        make_volunteer("icv")
    proposals = rota_suggest(suite=target_two, first_day=next_monday(), weeks=2)
    keys = [p.key for p in proposals]
    # A clashing key (a third slot at the first one's suite, day and band) spoils the lot.
    with pytest.raises(ValidationError, match="is already on the rota at"):
        rota_confirm(by=vol_users.coordinator, suite=target_two, keys=[*keys, keys[0]])
    assert not RotaSlot.objects.exists()
    day = next_monday()
    bad_keys = [
        "garbage",
        "2030-01-01|morning|x|y",
        f"{day}|morning|999999|999998",
        f"{day}|25:61|1|2",
        "31-02-2030|night|1|2",
    ]
    for bad in ([key] for key in bad_keys):
        with pytest.raises(ValidationError, match="could not be read"):
            rota_confirm(by=vol_users.coordinator, suite=target_two, keys=bad)
    slots = rota_confirm(by=vol_users.coordinator, suite=target_two, keys=keys)
    assert len(slots) == len(proposals) == 4
    assert RotaSlot.objects.count() == 4
