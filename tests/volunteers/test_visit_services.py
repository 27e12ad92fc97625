"""Recording a custody visit: pairing, expiry gating, times, the suite and the date, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from tests.volunteers.test_visit_support import make_visit, visit_args
from volunteers.models import CustodyVisit, VisitCondition, VisitCount, VisitNotOffered, VolunteerStatus
from volunteers.services import visit_record, visit_report_submitted, visit_update
from volunteers.services.visits import minutes_after, time_problems

pytestmark = pytest.mark.django_db

T = dt.time


def refused(by, **overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        visit_record(by=by, **visit_args(**overrides))
    assert not CustodyVisit.objects.exists()
    return caught.value.message_dict


@pytest.fixture
def by(vol_users):
    return vol_users.coordinator


def test_a_visit_is_recorded_with_its_rows_and_a_yearly_reference(by):
    visit = make_visit(by)
    year = visit.visited_on.year
    assert visit.reference == f"ICV-{year}-0001"
    assert make_visit(by).reference == f"ICV-{year}-0002"
    assert visit.admission_delay_minutes == 15
    assert visit.visitors.count() == 2
    assert VisitCount.objects.filter(visit=visit).count() == 6
    assert VisitNotOffered.objects.get(visit=visit).count == 1
    assert VisitCondition.objects.filter(visit=visit).count() == 2
    assert visit.history.first().history_change_reason == "Visit recorded"


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [(T(19, 30), T(19, 45), 15), (T(23, 50), T(0, 10), 20), (T(23, 0), T(5, 0), 360), (T(8, 0), T(8, 0), 0)],
)
def test_delay_is_worked_out_on_a_clock_face_past_midnight(start, end, minutes):
    assert minutes_after(start, end) == minutes


def test_times_past_midnight_are_allowed_within_limits():
    assert time_problems(T(23, 40), T(23, 55), T(1, 30)) == {}
    assert time_problems(T(23, 50), T(0, 5), T(2, 0)) == {}
    assert "check the times" in time_problems(T(20, 0), T(2, 1), T(3, 0))["admitted_at"]
    assert "longer than 12 hours" in time_problems(T(8, 0), T(8, 10), T(20, 30))["left_at"]
    assert "after the time admitted" in time_problems(T(8, 0), T(8, 10), T(8, 10))["left_at"]


def test_a_night_visit_past_midnight_is_saved_with_its_wait(by):
    visit = make_visit(by, arrived_at=T(23, 50), admitted_at=T(0, 5), left_at=T(1, 40))
    visit.refresh_from_db()
    assert (visit.arrived_at, visit.admitted_at, visit.left_at) == (T(23, 50), T(0, 5), T(1, 40))
    assert visit.admission_delay_minutes == 15
    assert visit.delay_flagged


def test_a_delay_over_six_hours_is_refused(by):
    errors = refused(by, arrived_at=T(10, 0), admitted_at=T(16, 30), left_at=T(17, 0))
    assert errors["admitted_at"] == [
        "Admitted 6 hours 30 minutes after arriving: check the times (use the 24-hour clock, like 14:30)."
    ]


def test_a_visit_longer_than_twelve_hours_is_refused(by):
    errors = refused(by, arrived_at=T(9, 0), admitted_at=T(9, 5), left_at=T(21, 30))
    assert "longer than 12 hours" in errors["left_at"][0]


def test_no_future_visit_and_the_suite_must_be_open_that_day(by, suite):
    assert "future" in refused(by, visited_on=timezone.localdate() + dt.timedelta(days=1))["visited_on"][0]
    suite.closed_on = timezone.localdate() - dt.timedelta(days=30)
    suite.save()
    errors = refused(by, suite=suite)
    assert errors["suite"] == [
        f"Perry Barr custody suite was not open on {long_date(visit_args()['visited_on'])}."
    ]


def test_exactly_two_different_visitors_or_a_reason(by, make_volunteer):
    one, two, three = make_volunteer("icv"), make_volunteer("icv"), make_volunteer("icv")
    assert "twice" in refused(by, visitors=[one, one])["visitors"][0]
    assert "made by 1" in refused(by, visitors=[one])["pair_exception"][0]
    assert "made by 3" in refused(by, visitors=[one, two, three])["pair_exception"][0]
    assert "Choose the custody visitors" in refused(by, visitors=[])["visitors"][0]
    assert (
        "Leave the exception blank"
        in refused(by, visitors=[one, two], pair_exception="Why")["pair_exception"][0]
    )
    alone = visit_record(
        by=by, **visit_args(visitors=[one], pair_exception="Second visitor taken ill on arrival")
    )
    assert alone.pair_exception == "Second visitor taken ill on arrival"
    trio = visit_record(by=by, **visit_args(visitors=[one, two, three], pair_exception="A mentor visit"))
    assert trio.visitors.count() == 3


def test_even_with_an_exception_every_visitor_must_be_eligible(by, make_volunteer):
    trainee = make_volunteer("icv", status=VolunteerStatus.TRAINING)
    errors = refused(by, visitors=[make_volunteer("icv"), trainee], pair_exception="")
    assert f"{trainee.name} cannot be put on this visit" in errors["visitors"][0]
    errors = refused(
        by, visitors=[make_volunteer("icv"), make_volunteer("icv"), trainee], pair_exception="Shadowing"
    )
    assert "is not active (status: training)" in errors["visitors"][0]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"vetting_expires_on": "expired"}, "police vetting expired on"),
        ({"reaccreditation_due_on": "expired"}, "accreditation expired on"),
        ({"status": VolunteerStatus.SUSPENDED, "status_reason": "Under review"}, "is not active"),
        ({"scheme": "aa"}, "is not in the custody visitor scheme"),
        ({"independence_declared_on": None}, "has not declared their independence"),
    ],
)
def test_an_expired_or_ineligible_visitor_is_refused_naming_what_expired(by, make_volunteer, fields, named):
    visit_day = timezone.localdate() - dt.timedelta(days=7)
    lapsed = visit_day - dt.timedelta(days=1)
    values = {k: (lapsed if v == "expired" else v) for k, v in fields.items()}
    person = make_volunteer(values.pop("scheme", "icv"), **values)
    errors = refused(by, visitors=[make_volunteer("icv"), person])
    assert len(errors["visitors"]) == 1
    message = errors["visitors"][0]
    assert message.startswith(f"{person.name} cannot be put on this visit")
    assert named in message
    if "expired" in named:
        assert long_date(lapsed) in message


def test_expired_training_is_named(by, make_volunteer):
    person = make_volunteer("icv")
    record = person.training.exclude(expires_on=None).first()
    assert record is not None, "the ICV scheme requires a course that expires"
    record.expires_on = timezone.localdate() - dt.timedelta(days=8)
    record.save()
    message = refused(by, visitors=[make_volunteer("icv"), person])["visitors"][0]
    assert f"“{record.course.name}” training expired on {long_date(record.expires_on)}" in message


def test_eligibility_is_judged_on_the_visit_day_not_today(by, make_volunteer):
    """Vetting that ran out yesterday did not stop a visit last week."""
    person = make_volunteer("icv", vetting_expires_on=timezone.localdate() - dt.timedelta(days=1))
    visit = visit_record(by=by, **visit_args(visitors=[make_volunteer("icv"), person]))
    assert person in visit.visitors.all()


@pytest.mark.parametrize("who", ["staff", "administrator", "grants_manager", "reviews_manager", "reports"])
def test_only_coordinators_record_visits(vol_users, who):
    with pytest.raises(PermissionDenied):
        visit_record(by=getattr(vol_users, who), **visit_args())
    assert not CustodyVisit.objects.exists()


def test_nothing_half_saved_when_a_condition_is_bad(by):
    errors = refused(by, conditions={"cleanliness": "sparkling"})
    assert "choose satisfactory" in errors["conditions"][0]
    assert not VisitCount.objects.exists()


def test_hostile_text_is_refused_not_a_500(by, make_volunteer):
    pair = [make_volunteer("icv")]
    with pytest.raises(ValidationError):
        visit_record(by=by, **visit_args(visitors=pair, pair_exception="Ill\x00"))
    assert not CustodyVisit.objects.exists()


def test_update_replaces_the_rows_and_keeps_the_reference(by, vol_users):
    visit = make_visit(by)
    args = visit_args(visitors=list(visit.visitors.all()), detainees_present=0, not_offered={})
    args["counts"] = {
        cell: dict.fromkeys(("detained", "offered", "accepted", "refused"), 0) for cell in args["counts"]
    }
    updated = visit_update(visit=visit, by=vol_users.other_coordinator, **args)
    assert updated.reference == visit.reference
    assert sum(c.detained for c in updated.counts.all()) == 0
    assert not updated.not_offered.exists()
    with pytest.raises(ValidationError):
        visit_update(visit=visit, by=by, **(args | {"detainees_present": 3}))
    assert CustodyVisit.objects.get().detainees_present == 0


def test_report_submitted_once_not_before_the_visit_nor_in_the_future(by):
    visit = make_visit(by)
    with pytest.raises(ValidationError, match="before the visit"):
        visit_report_submitted(visit=visit, by=by, on=visit.visited_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="future"):
        visit_report_submitted(visit=visit, by=by, on=timezone.localdate() + dt.timedelta(days=1))
    visit = visit_report_submitted(visit=visit, by=by, on=visit.visited_on + dt.timedelta(days=2))
    assert visit.report_submitted_on == visit.visited_on + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="already recorded"):
        visit_report_submitted(visit=visit, by=by, on=visit.visited_on + dt.timedelta(days=3))


def test_the_admission_delay_flag(by):
    assert not make_visit(by, arrived_at=T(10, 0), admitted_at=T(10, 10)).delay_flagged
    assert make_visit(by, arrived_at=T(10, 0), admitted_at=T(10, 11), left_at=T(11, 0)).delay_flagged
