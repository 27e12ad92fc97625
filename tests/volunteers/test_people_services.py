"""The volunteer services: every status by every step, appointment and re-accreditation dates,
training, AA availability, and who may write (coordinators only; the service checks, not just the page).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from volunteers.models import (
    Availability,
    Course,
    Scheme,
    TrainingRecord,
    Volunteer,
    VolunteerStatus,
    add_years,
)
from volunteers.services import (
    training_record,
    volunteer_create,
    volunteer_reaccredit,
    volunteer_transition,
    volunteer_update,
)
from volunteers.services.people import availability_add
from volunteers.workflow import NEXT_STEP, VOLUNTEER_TRANSITIONS, Action, allowed

pytestmark = pytest.mark.django_db
V = VolunteerStatus


def today() -> dt.date:
    return timezone.localdate()


def state(volunteer: Volunteer) -> tuple:
    fresh = Volunteer.objects.get(pk=volunteer.pk)
    return (
        fresh.status,
        fresh.status_changed_on,
        fresh.status_reason,
        fresh.appointed_on,
        fresh.reaccreditation_due_on,
        fresh.left_on,
        fresh.history.count(),
    )


EXPECTED = {
    Action.ADVANCE: {
        V.APPLICANT: V.INTERVIEWED,
        V.INTERVIEWED: V.REFERENCES,
        V.REFERENCES: V.VETTING,
        V.VETTING: V.TRAINING,
    },
    Action.ACTIVATE: {V.TRAINING: V.ACTIVE},
    Action.SUSPEND: {V.ACTIVE: V.SUSPENDED},
    Action.REINSTATE: {V.SUSPENDED: V.ACTIVE},
    Action.LEAVE: {s: V.LEFT for s in V if s != V.LEFT},
}


def test_the_table_is_what_the_issue_describes():
    assert {
        action: {V(s): V(t.target if t.target is not None else NEXT_STEP[V(s)]) for s in t.sources}
        for action, t in VOLUNTEER_TRANSITIONS.items()
    } == EXPECTED


@pytest.mark.parametrize("status", list(V))
@pytest.mark.parametrize("action", list(VOLUNTEER_TRANSITIONS))
def test_every_status_by_every_step(make_volunteer, vol_users, status, action):
    reason = "Moved out of the area" if status in (V.SUSPENDED, V.LEFT) else ""
    volunteer = make_volunteer("icv", status=status, status_reason=reason)
    before = state(volunteer)
    target = EXPECTED[action].get(status)
    assert (action in allowed(VOLUNTEER_TRANSITIONS, status)) == (target is not None)
    if target is None:
        with pytest.raises(ValidationError) as caught:
            volunteer_transition(
                volunteer=volunteer, by=vol_users.coordinator, action=action, on=today(), reason="Because"
            )
        assert "is not possible while the status is" in caught.value.messages[0]
        assert V(status).label.lower() in caught.value.messages[0]
        assert state(volunteer) == before
        return
    moved = volunteer_transition(
        volunteer=volunteer, by=vol_users.coordinator, action=action, on=today(), reason="Because"
    )
    fresh = Volunteer.objects.get(pk=volunteer.pk)
    assert moved.status == fresh.status == target
    assert fresh.status_changed_on == today()
    assert fresh.history.count() == before[-1] + 1
    assert fresh.history.first().history_user == vol_users.coordinator
    if action in (Action.SUSPEND, Action.LEAVE):
        assert fresh.status_reason == "Because"
    if action == Action.LEAVE:
        assert fresh.left_on == today()
    if action in (Action.REINSTATE, Action.ACTIVATE):
        assert fresh.status_reason == ""


def in_training(make_volunteer, **fields) -> Volunteer:
    volunteer = make_volunteer(fields.pop("scheme", "icv"), status=V.TRAINING, **fields)
    Volunteer.objects.filter(pk=volunteer.pk).update(appointed_on=None, reaccreditation_due_on=None)
    return Volunteer.objects.get(pk=volunteer.pk)


def test_appointing_sets_the_three_year_reaccreditation_date(make_volunteer, vol_users):
    volunteer = in_training(make_volunteer)
    day = today() - dt.timedelta(days=3)
    volunteer_transition(volunteer=volunteer, by=vol_users.coordinator, action=Action.ACTIVATE, on=day)
    fresh = Volunteer.objects.get(pk=volunteer.pk)
    assert fresh.appointed_on == day
    assert fresh.reaccreditation_due_on == add_years(day, 3)
    assert (fresh.reaccreditation_due_on - day).days in (1095, 1096)


def test_a_29_february_appointment_is_due_on_28_february():
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"vetting_expires_on": None}, "has no police vetting recorded"),
        ({"independence_declared_on": None}, "has not declared their independence"),
        ({"trained": False}, "has not completed “Custody visitor initial training”"),
    ],
)
def test_appointing_is_refused_until_the_checks_are_done(make_volunteer, vol_users, fields, words):
    volunteer = in_training(make_volunteer, **fields)
    before = state(volunteer)
    with pytest.raises(ValidationError) as caught:
        volunteer_transition(
            volunteer=volunteer, by=vol_users.coordinator, action=Action.ACTIVATE, on=today()
        )
    assert caught.value.messages[0].startswith(f"{volunteer.name} cannot be appointed yet:")
    assert words in caught.value.messages[0]
    assert state(volunteer) == before


@pytest.mark.parametrize("action", [Action.SUSPEND, Action.LEAVE])
def test_suspending_and_leaving_need_a_reason(make_volunteer, vol_users, action):
    volunteer = make_volunteer("aa")
    before = state(volunteer)
    with pytest.raises(ValidationError) as caught:
        volunteer_transition(
            volunteer=volunteer, by=vol_users.coordinator, action=action, on=today(), reason="  "
        )
    assert caught.value.message_dict == {"reason": ["Give the reason."]}
    assert state(volunteer) == before


def test_a_step_cannot_be_dated_before_the_last_or_in_the_future(make_volunteer, vol_users):
    volunteer = make_volunteer("icv")
    with pytest.raises(ValidationError) as caught:
        volunteer_transition(
            volunteer=volunteer,
            by=vol_users.coordinator,
            action=Action.SUSPEND,
            on=volunteer.status_changed_on - dt.timedelta(days=1),
            reason="x",
        )
    assert "before the last status change" in caught.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as caught:
        volunteer_transition(
            volunteer=volunteer,
            by=vol_users.coordinator,
            action=Action.SUSPEND,
            on=today() + dt.timedelta(days=1),
            reason="x",
        )
    assert caught.value.message_dict == {"on": ["The date cannot be in the future."]}


def test_reaccrediting_starts_a_new_three_year_term(make_volunteer, vol_users):
    volunteer = make_volunteer("icv", reaccreditation_due_on=today() + dt.timedelta(days=10))
    volunteer_reaccredit(volunteer=volunteer, by=vol_users.coordinator, on=today())
    assert Volunteer.objects.get(pk=volunteer.pk).reaccreditation_due_on == add_years(today(), 3)


@pytest.mark.parametrize("status", [V.APPLICANT, V.TRAINING, V.LEFT])
def test_only_an_appointed_volunteer_is_reaccredited(make_volunteer, vol_users, status):
    volunteer = make_volunteer("icv", status=status, status_reason="x")
    before = state(volunteer)
    with pytest.raises(ValidationError):
        volunteer_reaccredit(volunteer=volunteer, by=vol_users.coordinator, on=today())
    assert state(volunteer) == before


def test_training_expiry_follows_the_course(make_volunteer, vol_users):
    volunteer = make_volunteer("icv", appointed_on=dt.date(2024, 6, 1))
    course = Course.objects.get(name="Data protection and confidentiality")  # 24 months
    record = training_record(
        volunteer=volunteer, by=vol_users.coordinator, course=course, completed_on=dt.date(2024, 8, 31)
    )
    assert record.expires_on == dt.date(2026, 8, 31)
    forever = Course.objects.get(name="Custody visitor initial training")
    assert (
        training_record(
            volunteer=volunteer, by=vol_users.coordinator, course=forever, completed_on=today()
        ).expires_on
        is None
    )
    with pytest.raises(ValidationError) as caught:
        training_record(volunteer=volunteer, by=vol_users.coordinator, course=forever, completed_on=today())
    assert "already has" in caught.value.message_dict["completed_on"][0]


def test_no_training_is_recorded_for_someone_who_has_left(make_volunteer, vol_users):
    volunteer = make_volunteer(
        "icv", status=VolunteerStatus.LEFT, status_reason="Moved away", left_on=today()
    )
    course = Course.objects.get(name="Safeguarding")
    before = TrainingRecord.objects.filter(volunteer=volunteer).count()
    with pytest.raises(ValidationError) as caught:
        training_record(volunteer=volunteer, by=vol_users.coordinator, course=course, completed_on=today())
    assert caught.value.messages == [f"{volunteer.name} has left the scheme: training is no longer recorded."]
    assert TrainingRecord.objects.filter(volunteer=volunteer).count() == before


def test_an_active_volunteer_joins_the_other_scheme_only_when_trained_for_it(make_volunteer, vol_users):
    volunteer = make_volunteer("icv")
    with pytest.raises(ValidationError) as caught:
        volunteer_update(volunteer=volunteer, by=vol_users.coordinator, scheme=Scheme.BOTH)
    assert "Appropriate adult training" in caught.value.message_dict["scheme"][0]
    assert Volunteer.objects.get(pk=volunteer.pk).scheme == Scheme.ICV


def when(days: int, hour: int) -> dt.datetime:
    day = today() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def test_availability_on_the_aa_rota(make_volunteer, vol_users):
    adult = make_volunteer("aa")
    slot = availability_add(
        volunteer=adult, by=vol_users.coordinator, starts_at=when(1, 9), ends_at=when(1, 17)
    )
    assert slot.volunteer == adult
    with pytest.raises(ValidationError) as caught:
        availability_add(
            volunteer=adult, by=vol_users.coordinator, starts_at=when(1, 16), ends_at=when(1, 20)
        )
    assert "already on the rota" in caught.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError) as caught:
        availability_add(volunteer=adult, by=vol_users.coordinator, starts_at=when(2, 9), ends_at=when(3, 10))
    assert "at most 24 hours" in caught.value.message_dict["ends_at"][0]
    visitor = make_volunteer("icv")
    with pytest.raises(ValidationError) as caught:
        availability_add(
            volunteer=visitor, by=vol_users.coordinator, starts_at=when(1, 9), ends_at=when(1, 17)
        )
    assert "is not an appropriate adult" in caught.value.messages[0]
    assert Availability.objects.count() == 1


@pytest.mark.parametrize("who", ["staff", "administrator", "grants_manager", "reviews_manager", "reports"])
def test_only_coordinators_write(make_volunteer, vol_users, who):
    user = getattr(vol_users, who)
    volunteer = make_volunteer("both")
    before = (state(volunteer), TrainingRecord.objects.count(), Availability.objects.count())
    course = Course.objects.get(name="Safeguarding")
    calls = [
        lambda: volunteer_create(by=user, applied_on=today(), first_name="A", last_name="B", scheme="icv"),
        lambda: volunteer_update(volunteer=volunteer, by=user, team="Ladywood"),
        lambda: volunteer_transition(
            volunteer=volunteer, by=user, action=Action.SUSPEND, on=today(), reason="x"
        ),
        lambda: volunteer_reaccredit(volunteer=volunteer, by=user, on=today()),
        lambda: training_record(volunteer=volunteer, by=user, course=course, completed_on=today()),
        lambda: availability_add(volunteer=volunteer, by=user, starts_at=when(1, 9), ends_at=when(1, 10)),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Volunteer.objects.count() == 1
    assert (state(volunteer), TrainingRecord.objects.count(), Availability.objects.count()) == before
