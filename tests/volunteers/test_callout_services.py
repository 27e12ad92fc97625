"""Call-out services: every status x every action, eligibility on assigning, response times, the
paper return for each final status and each rule, and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from volunteers import services
from volunteers.models import Availability, CallOut, CallOutStatus, Course
from volunteers.workflow import CALLOUT_TRANSITIONS, Action

from .callout_support import HOUR, callout_in, request_values

pytestmark = pytest.mark.django_db
S = CallOutStatus


@pytest.fixture
def aa(make_volunteer):
    return make_volunteer("aa")


def run(action: Action, callout, *, by, volunteer):
    start = callout.requested_at
    if action == Action.ASSIGN:
        return services.callout_assign(callout=callout, by=by, volunteer=volunteer, assigned_at=start + HOUR)
    if action == Action.ATTEND:
        return services.callout_attend(callout=callout, by=by, arrived_at=start + HOUR)
    if action == Action.COMPLETE:
        return services.callout_complete(
            callout=callout, by=by, ended_at=start + 2 * HOUR, processes={"rights"}, outcome="nfa"
        )
    if action == Action.UNFILL:
        return services.callout_unfill(callout=callout, by=by, reason="no_aa")
    return services.callout_cancel(callout=callout, by=by, note="Released")


EXPECTED = {action: t.target for action, t in CALLOUT_TRANSITIONS.items()}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(CALLOUT_TRANSITIONS))
def test_every_status_and_action(status, action, vol_users, suite, make_volunteer, aa):
    by = vol_users.coordinator
    callout = callout_in(status, by=by, suite=suite, volunteer=aa)
    other = make_volunteer("both")
    before = (callout.status, callout.history.count())
    if status in CALLOUT_TRANSITIONS[action].sources:
        done = run(action, callout, by=by, volunteer=other)
        assert done.status == EXPECTED[action]
        assert done.history.count() == before[1] + 1
    else:
        with pytest.raises(ValidationError, match="not possible while the status is"):
            run(action, callout, by=by, volunteer=other)
        callout.refresh_from_db()
        assert (callout.status, callout.history.count()) == before


def test_request_reference_day_and_normalised_numbers(vol_users, suite):
    at = timezone.make_aware(dt.datetime(2024, 12, 31, 23, 30))  # local 31 December
    callout = services.callout_request(
        by=vol_users.coordinator,
        **request_values(suite, requested_at=at, custody_number=" 06/abc-1 ", officer_number="ab12"),
    )
    assert callout.reference == "AA-2024-0001"
    assert callout.requested_on == dt.date(2024, 12, 31)
    assert (callout.custody_number, callout.officer_number) == ("06/ABC-1", "AB12")
    assert callout.vulnerabilities == ["mental_health"]
    assert callout.history.get().history_change_reason == "Requested"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"requested_at": timezone.now() + HOUR}, "requested_at", "cannot be in the future"),
        ({"requested_at": dt.datetime(2024, 1, 1, 9)}, "requested_at", "date and time"),
        ({"custody_number": "ab"}, "custody_number", "3 to 30"),
        ({"custody_number": "A" * 31}, "custody_number", "3 to 30"),
        ({"custody_number": "06 12345; drop"}, "custody_number", "letters, digits"),
        ({"custody_number": "٠٦/١٢٣"}, "custody_number", "letters, digits"),
        ({"custody_number": "Mary O'Neil"}, "custody_number", "never the detainee"),
        ({"officer_number": "45-21"}, "officer_number", "letters A to Z and digits"),
        ({"officer_number": ""}, "officer_number", "collar number"),
        ({"officer_rank": "chief"}, "officer_rank", "rank"),
        ({"detainee_age": "old"}, "detainee_age", "adult or a juvenile"),
        ({"vulnerabilities": set()}, "vulnerabilities", "at least one vulnerability"),
        ({"vulnerabilities": {"bogus"}}, "vulnerabilities", "from the list"),
        ({"vulnerabilities": {"other"}}, "vulnerability_note", "other vulnerability"),
        ({"vulnerability_note": "x\x00"}, "vulnerability_note", "null character"),
        ({"suite": None}, "suite", "Choose the custody suite"),
    ],
)
def test_request_rules(overrides, field, message, vol_users, suite):
    with pytest.raises(ValidationError) as caught:
        services.callout_request(by=vol_users.coordinator, **(request_values(suite) | overrides))
    assert message in " ".join(caught.value.message_dict[field])
    assert not CallOut.objects.exists()


def test_juvenile_needs_no_vulnerability_and_closed_suite_refused(vol_users, suite):
    juvenile = services.callout_request(
        by=vol_users.coordinator, **request_values(suite, detainee_age="juvenile", vulnerabilities=set())
    )
    assert juvenile.vulnerabilities == []
    suite.closed_on = timezone.localdate() - dt.timedelta(days=30)
    suite.save()
    with pytest.raises(ValidationError, match="was not open on"):
        services.callout_request(by=vol_users.coordinator, **request_values(suite))


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (
            {"vetting_cleared_on": dt.date(2021, 1, 5), "vetting_expires_on": dt.date(2024, 1, 5)},
            "police vetting expired on 5 January 2024",
        ),
        ({"reaccreditation_due_on": dt.date(2024, 2, 1)}, "accreditation expired on 1 February 2024"),
        ({"status": "suspended", "status_reason": "Review"}, "is not active"),
        ({"scheme": "icv"}, "is not in the appropriate adult scheme"),
    ],
)
def test_assign_refuses_an_ineligible_aa_naming_what_expired(fields, named, vol_users, suite, make_volunteer):
    person = make_volunteer(**({"scheme": "aa"} | fields))
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    with pytest.raises(ValidationError) as caught:
        services.callout_assign(
            callout=callout,
            by=vol_users.coordinator,
            volunteer=person,
            assigned_at=callout.requested_at + HOUR,
        )
    text = " ".join(caught.value.message_dict["volunteer"])
    assert person.name in text and named in text
    callout.refresh_from_db()
    assert callout.status == S.REQUESTED and callout.volunteer is None


def test_assign_refuses_expired_training(vol_users, suite, make_volunteer):
    person = make_volunteer("aa")
    course = Course.objects.filter(required_for_aa=True, valid_months__isnull=False).first()
    assert course is not None, "the reference data has an AA course that expires"
    expired = timezone.localdate() - dt.timedelta(days=3)
    person.training.filter(course=course).update(expires_on=expired)
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    with pytest.raises(ValidationError, match=f"“{course.name}” training expired on {long_date(expired)}"):
        services.callout_assign(
            callout=callout,
            by=vol_users.coordinator,
            volunteer=person,
            assigned_at=callout.requested_at + HOUR,
        )


def test_assign_time_rules(vol_users, suite, aa):
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    for when, message in [
        (callout.requested_at - HOUR, "before the request"),
        (timezone.now() + HOUR, "future"),
        (None, "Enter the time"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.callout_assign(callout=callout, by=vol_users.coordinator, volunteer=aa, assigned_at=when)


def test_reassign_names_both_and_same_person_refused(vol_users, suite, aa, make_volunteer):
    callout = callout_in(S.ASSIGNED, by=vol_users.coordinator, suite=suite, volunteer=aa)
    with pytest.raises(ValidationError, match="already assigned"):
        services.callout_assign(
            callout=callout, by=vol_users.coordinator, volunteer=aa, assigned_at=callout.requested_at + HOUR
        )
    other = make_volunteer("aa")
    done = services.callout_assign(
        callout=callout, by=vol_users.coordinator, volunteer=other, assigned_at=callout.requested_at + HOUR
    )
    assert done.history.first().history_change_reason == f"Assigned {other.name} in place of {aa.name}"


def test_stale_assign_refused(vol_users, suite, aa, make_volunteer):
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    stale = CallOut.objects.get(pk=callout.pk)
    services.callout_assign(
        callout=callout, by=vol_users.coordinator, volunteer=aa, assigned_at=callout.requested_at + HOUR
    )
    with pytest.raises(ValidationError, match="Someone else changed the appropriate adult"):
        services.callout_assign(
            callout=stale,
            by=vol_users.other_coordinator,
            volunteer=make_volunteer("aa"),
            assigned_at=callout.requested_at + HOUR,
        )
    assert CallOut.objects.get(pk=callout.pk).volunteer == aa


def test_response_minutes_and_attend_rules(vol_users, suite, aa):
    callout = callout_in(
        S.ASSIGNED,
        by=vol_users.coordinator,
        suite=suite,
        volunteer=aa,
        requested_at=timezone.now() - 100 * HOUR,
    )
    for when, message in [
        (callout.requested_at - HOUR, "before the request"),
        (callout.assigned_at - dt.timedelta(minutes=1), "before the AA was assigned"),
        (timezone.now() + HOUR, "future"),
        (callout.requested_at + 73 * HOUR, "72 hours"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.callout_attend(callout=callout, by=vol_users.coordinator, arrived_at=when)
    done = services.callout_attend(
        callout=callout,
        by=vol_users.coordinator,
        arrived_at=callout.requested_at + dt.timedelta(minutes=47, seconds=59),
    )
    assert done.response_minutes == 47


def test_complete_rules(vol_users, suite, aa):
    callout = callout_in(S.ATTENDED, by=vol_users.coordinator, suite=suite, volunteer=aa)
    good = {
        "ended_at": callout.arrived_at + HOUR,
        "processes": {"rights"},
        "outcome": "nfa",
        "attendances": 1,
    }
    for change, field in [
        ({"ended_at": callout.arrived_at - HOUR}, "ended_at"),
        ({"ended_at": callout.arrived_at + 49 * HOUR}, "ended_at"),
        ({"processes": set()}, "processes"),
        ({"processes": {"dance"}}, "processes"),
        ({"outcome": "maybe"}, "outcome"),
        ({"attendances": 0}, "attendances"),
        ({"attendances": 10**9}, "attendances"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.callout_complete(callout=callout, by=vol_users.coordinator, **(good | change))
        assert field in caught.value.message_dict
    done = services.callout_complete(
        callout=callout, by=vol_users.coordinator, **(good | {"processes": {"rights", "charge"}})
    )
    assert (done.status, done.processes, done.outcome) == (S.COMPLETED, ["rights", "charge"], "nfa")


def test_unfill_and_cancel_rules(vol_users, suite, aa):
    callout = callout_in(S.ASSIGNED, by=vol_users.coordinator, suite=suite, volunteer=aa)
    with pytest.raises(ValidationError, match="Say why"):
        services.callout_unfill(callout=callout, by=vol_users.coordinator, reason="other", note=" ")
    with pytest.raises(ValidationError, match="Choose why"):
        services.callout_unfill(callout=callout, by=vol_users.coordinator, reason="bogus")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.callout_cancel(callout=callout, by=vol_users.coordinator, note="")
    done = services.callout_unfill(callout=callout, by=vol_users.coordinator, reason="other", note="Snow")
    assert (done.status, done.unfilled_reason, done.status_reason, done.volunteer) == (
        S.UNFILLED,
        "other",
        "Snow",
        None,
    )


@pytest.mark.parametrize("user", ["staff", "administrator", "grants_manager", "reviews_manager", "reports"])
def test_only_coordinators_write(user, vol_users, suite, aa):
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    by = getattr(vol_users, user)
    with pytest.raises(PermissionDenied):
        services.callout_request(by=by, **request_values(suite))
    with pytest.raises(PermissionDenied):
        services.callout_assign(callout=callout, by=by, volunteer=aa, assigned_at=callout.requested_at + HOUR)
    with pytest.raises(PermissionDenied):
        services.callout_cancel(callout=callout, by=by, note="x")
    with pytest.raises(PermissionDenied):
        services.callout_record(by=by, status="cancelled", note="x", **request_values(suite))
    assert CallOut.objects.count() == 1


# --- the paper return ----------------------------------------------------------------------------


def paper(suite, **overrides):
    start = timezone.now() - 10 * HOUR
    return (
        request_values(suite, requested_at=start)
        | {
            "status": "completed",
            "assigned_at": None,
            "arrived_at": start + dt.timedelta(minutes=42),
            "ended_at": start + 3 * HOUR,
            "processes": {"rights", "interview"},
            "outcome": "rui",
            "attendances": 2,
        }
        | overrides
    )


def test_paper_return_completed_writes_each_step(vol_users, suite, aa):
    callout = services.callout_record(by=vol_users.coordinator, **paper(suite, volunteer=aa, note="Paper"))
    assert (callout.status, callout.volunteer, callout.response_minutes, callout.attendances) == (
        S.COMPLETED,
        aa,
        42,
        2,
    )
    reasons = [h.history_change_reason for h in callout.history.order_by("history_id")]
    assert reasons == [
        "Requested (paper return)",
        f"Assigned {aa.name}",
        "Arrived (42 minutes after the request)",
        "Completed: released under investigation",
    ]


@pytest.mark.parametrize("status", ["unfilled", "cancelled"])
def test_paper_return_unfilled_and_cancelled(status, vol_users, suite):
    values = paper(
        suite, status=status, arrived_at=None, ended_at=None, processes=set(), outcome="", note="Late"
    )
    if status == "unfilled":
        values["unfilled_reason"] = "out_of_hours"
    callout = services.callout_record(by=vol_users.coordinator, **values)
    assert callout.status == status and callout.status_reason == "Late"
    assert callout.history.count() == 2


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"status": "attended"}, {"status"}),
        ({"volunteer": None}, {"volunteer"}),
        ({"arrived_at": None, "ended_at": None}, {"arrived_at", "ended_at"}),
        ({"processes": set(), "outcome": "", "attendances": 0}, {"processes", "outcome", "attendances"}),
        ({"custody_number": "x", "officer_number": "!"}, {"custody_number", "officer_number"}),
        (
            {"status": "unfilled", "unfilled_reason": ""},
            {"unfilled_reason", "arrived_at", "outcome", "volunteer"},
        ),
        ({"status": "cancelled", "note": "", "unfilled_reason": "no_aa"}, {"note", "unfilled_reason"}),
        ({"note": "x" * 2001}, {"note"}),
    ],
)
def test_paper_return_rules_all_reported_nothing_saved(overrides, fields, vol_users, suite, aa):
    values = paper(suite, volunteer=aa) | overrides
    with pytest.raises(ValidationError) as caught:
        services.callout_record(by=vol_users.coordinator, **values)
    assert fields <= set(caught.value.message_dict), caught.value.message_dict
    assert not CallOut.objects.exists()


def test_paper_return_refuses_an_aa_ineligible_on_the_day(vol_users, suite, make_volunteer):
    person = make_volunteer("aa", vetting_expires_on=timezone.localdate() - dt.timedelta(days=2))
    start = timezone.now() - 10 * HOUR
    with pytest.raises(ValidationError, match="police vetting expired"):
        services.callout_record(
            by=vol_users.coordinator, **paper(suite, volunteer=person, requested_at=start)
        )
    assert not CallOut.objects.exists()


def test_assign_candidates_puts_the_rota_first(vol_users, suite, make_volunteer):
    on_rota, off_rota = make_volunteer("aa"), make_volunteer("both")
    make_volunteer("icv")
    make_volunteer("aa", vetting_expires_on=timezone.localdate() - dt.timedelta(days=30))
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    Availability.objects.create(
        volunteer=on_rota, starts_at=callout.requested_at - HOUR, ends_at=callout.requested_at + HOUR
    )
    Availability.objects.create(
        volunteer=off_rota, starts_at=callout.requested_at + HOUR, ends_at=callout.requested_at + 2 * HOUR
    )
    first, then = services.assign_candidates(callout)
    assert first == [on_rota]
    assert then == [off_rota]
