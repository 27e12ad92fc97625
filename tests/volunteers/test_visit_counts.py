"""The detainee grid's arithmetic as properties (hypothesis).

Any counts the service accepts satisfy the rules (whole, >= 0, accepted + refused = offered,
offered <= detained, the detained add up to those present); any that break one are refused with a
message naming the cell. The 2019/20 published young-females row (offered 24, accepted 27,
refused -3) is refused. Each example runs in its own transaction, rolled back.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.volunteers.test_visit_support import MEASURES, coordinator, visit_args, zero_counts
from volunteers.models import CELLS, CustodyVisit, VisitCount
from volunteers.services import visit_record
from volunteers.services.visits import cell_name, count_problems

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def valid_cell(draw):
    detained = draw(st.integers(0, 30))
    offered = draw(st.integers(0, detained))
    accepted = draw(st.integers(0, offered))
    return {"detained": detained, "offered": offered, "accepted": accepted, "refused": offered - accepted}


valid_grid = st.fixed_dictionaries({cell: valid_cell() for cell in CELLS})
any_cell = st.fixed_dictionaries({m: st.integers(-3, 30) for m in MEASURES})
any_grid = st.fixed_dictionaries(dict.fromkeys(CELLS, any_cell))


def rules_hold(counts, present) -> bool:
    return sum(c["detained"] for c in counts.values()) == present and all(
        min(c.values()) >= 0 and c["accepted"] + c["refused"] == c["offered"] <= c["detained"]
        for c in counts.values()
    )


@pytest.fixture
def pair_and_coordinator(make_volunteer):
    return [make_volunteer("icv"), make_volunteer("icv")], coordinator()


def record(pair_and_coordinator, counts, present, not_offered=None):
    visitors, by = pair_and_coordinator
    return visit_record(
        by=by,
        **visit_args(
            visitors=visitors, counts=counts, detainees_present=present, not_offered=not_offered or {}
        ),
    )


@SETTINGS
@given(counts=any_grid, present_offset=st.sampled_from([0, 0, 0, 1, -1]))
def test_whatever_the_service_accepts_satisfies_the_rules(pair_and_coordinator, counts, present_offset):
    present = max(sum(c["detained"] for c in counts.values()) + present_offset, 0)
    with transaction.atomic():
        try:
            visit = record(pair_and_coordinator, counts, present)
        except ValidationError as exc:
            assert not rules_hold(counts, present)
            messages = [m for ms in exc.message_dict.values() for m in ms]
            assert messages and all(
                any(cell_name(*cell) in m for cell in CELLS) or "detained counts add up" in m
                for m in messages
            ), messages
            assert not CustodyVisit.objects.exists()  # nothing half-saved
        else:
            assert rules_hold(counts, present)
            stored = {
                (r.age_group, r.sex): {m: getattr(r, m) for m in MEASURES}
                for r in VisitCount.objects.filter(visit=visit)
            }
            assert stored == counts
        transaction.set_rollback(True)


BREAKS = {
    "negative": lambda c: c | {"refused": -1},
    "accepted over offered": lambda c: c | {"accepted": c["offered"] + 1, "refused": 0},
    "accepted and refused not offered": lambda c: c | {"refused": c["refused"] + 1},
    "offered over detained": lambda c: (
        c | {"offered": c["detained"] + 1, "accepted": c["detained"] + 1 - c["refused"]}
    ),
    "not a whole number": lambda c: c | {"detained": 1.5},
}


@SETTINGS
@given(counts=valid_grid, cell=st.sampled_from(CELLS), how=st.sampled_from(sorted(BREAKS)))
def test_breaking_one_rule_in_one_cell_is_refused_naming_that_cell(pair_and_coordinator, counts, cell, how):
    broken = counts | {cell: BREAKS[how](counts[cell])}
    present = sum(c["detained"] for c in counts.values())
    with transaction.atomic():
        with pytest.raises(ValidationError) as caught:
            record(pair_and_coordinator, broken, present)
        messages = [m for ms in caught.value.message_dict.values() for m in ms]
        assert any(m.startswith(cell_name(*cell)) for m in messages), (how, messages)
        assert not CustodyVisit.objects.exists()
        transaction.set_rollback(True)


@SETTINGS
@given(counts=valid_grid)
def test_valid_grids_are_recorded_as_typed(pair_and_coordinator, counts):
    present = sum(c["detained"] for c in counts.values())
    with transaction.atomic():
        visit = record(pair_and_coordinator, counts, present)
        assert visit.counts.count() == 6
        assert count_problems(counts, detainees_present=present, not_offered={}) == {}
        transaction.set_rollback(True)


@settings(max_examples=60, deadline=None)
@given(counts=valid_grid, extra=st.integers(1, 5))
def test_detained_not_adding_up_to_those_present_is_refused(counts, extra):
    present = sum(c["detained"] for c in counts.values()) + extra
    problems = count_problems(counts, detainees_present=present, not_offered={})
    assert list(problems) == ["detainees_present"]
    assert f"add up to {present - extra}" in problems["detainees_present"][0]


@settings(max_examples=60, deadline=None)
@given(counts=valid_grid, extra=st.integers(1, 5))
def test_reasons_not_offered_cannot_exceed_those_not_offered(counts, extra):
    present = sum(c["detained"] for c in counts.values())
    not_offered_total = sum(c["detained"] - c["offered"] for c in counts.values())
    fine = count_problems(counts, detainees_present=present, not_offered={"asleep": not_offered_total})
    too_many = count_problems(
        counts, detainees_present=present, not_offered={"asleep": not_offered_total + extra}
    )
    assert fine == {}
    assert "more than the" in too_many["not_offered"][0]


def test_the_2019_20_young_females_row_is_refused(pair_and_coordinator):
    """Published: young people, females: offered 24, accepted 27, refused -3 (it 'adds up')."""
    counts = zero_counts()
    counts[("young", "female")] = {"detained": 30, "offered": 24, "accepted": 27, "refused": -3}
    with pytest.raises(ValidationError) as caught:
        record(pair_and_coordinator, counts, 30)
    errors = caught.value.message_dict
    assert errors["young_female_refused"] == ["Young people, Females: refused cannot be negative (-3)."]
    assert not CustodyVisit.objects.exists()
    counts[("young", "female")] = {"detained": 30, "offered": 24, "accepted": 27, "refused": 0}
    with pytest.raises(ValidationError) as caught:
        record(pair_and_coordinator, counts, 30)
    assert caught.value.message_dict["young_female_accepted"] == [
        "Young people, Females: accepted (27) is more than offered (24)."
    ]
    # The nearest valid row (offered raised to the 27 accepted) is recorded.
    counts[("young", "female")] = {"detained": 30, "offered": 27, "accepted": 27, "refused": 0}
    visit = record(pair_and_coordinator, counts, 30)
    assert visit.counts.get(age_group="young", sex="female").offered == 27


def test_every_cell_must_be_given(pair_and_coordinator):
    counts = zero_counts()
    del counts[("adult", "other")]
    with pytest.raises(ValidationError, match="all six cells"):
        record(pair_and_coordinator, counts, 0)


def test_absurd_numbers_are_refused_with_the_cell_named(pair_and_coordinator):
    counts = zero_counts()
    counts[("adult", "male")] = {"detained": 10**9, "offered": 0, "accepted": 0, "refused": 0}
    with pytest.raises(ValidationError) as caught:
        record(pair_and_coordinator, counts, 10**9)
    assert caught.value.message_dict["adult_male_detained"] == [
        "Adult, Males: detained (1000000000) is more than 999: check the count."
    ]
    assert not CustodyVisit.objects.exists()
