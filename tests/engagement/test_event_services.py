"""Event services: the rules of recording and correcting an event, and every status x action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from engagement.models import Event, EventStatus
from engagement.services import event_create, event_transition, event_update
from engagement.workflow import EVENT_TRANSITIONS, Action
from opcc.core import roles
from opcc.core.models import PolicingArea
from tests.engagement.event_support import current_area, event_args, make_consultation
from tests.module_data import make_user, module_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return getattr(exc.value, "message_dict", {"__all__": exc.value.messages})


def test_an_attended_event_is_recorded_with_history(eng_users):
    event = event_create(by=eng_users.staff, **event_args(deputy=True, staff=True))
    assert event.status == EventStatus.ATTENDED
    assert event.attended_by == ["Commissioner", "Deputy Commissioner", "Office staff"]
    first = event.history.get()
    assert first.history_user == eng_users.staff and first.history_change_reason == "Recorded"


def test_a_planned_event_may_lie_ahead_but_an_attended_one_may_not(eng_users):
    ahead = TODAY() + dt.timedelta(days=30)
    planned = event_create(by=eng_users.staff, **event_args(status=EventStatus.PLANNED, date=ahead))
    assert planned.status == EventStatus.PLANNED
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(date=ahead))
    assert "cannot be in the future" in errors_of(exc)["date"][0]
    with pytest.raises(ValidationError) as exc:
        event_create(
            by=eng_users.staff,
            **event_args(status=EventStatus.PLANNED, date=TODAY() + dt.timedelta(days=2000)),
        )
    assert "three years" in errors_of(exc)["date"][0]
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(date=dt.date(1999, 12, 31)))
    assert "2000" in errors_of(exc)["date"][0]
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(status=EventStatus.CANCELLED))
    assert "status" in errors_of(exc)
    assert Event.objects.get() == planned


def test_an_attended_event_needs_someone_who_attended(eng_users):
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(commissioner=False))
    assert "at least one" in errors_of(exc)["commissioner"][0]
    planned = event_create(
        by=eng_users.staff,
        **event_args(status=EventStatus.PLANNED, commissioner=False, date=TODAY()),
    )
    with pytest.raises(ValidationError, match="say who attended"):
        event_transition(event=planned, by=eng_users.staff, action=Action.ATTEND)
    event_update(event=planned, by=eng_users.staff, staff=True)
    assert (
        event_transition(event=planned, by=eng_users.staff, action=Action.ATTEND).status
        == EventStatus.ATTENDED
    )


def test_the_area_must_be_on_the_map_of_the_events_financial_year(eng_users):
    npu = PolicingArea.objects.get(name="Birmingham East")  # an NPU to 2023/24
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(area=npu))
    assert "was not a policing area in" in errors_of(exc)["area"][0]
    old = event_create(by=eng_users.staff, **event_args(area=npu, date=dt.date(2023, 3, 31)))  # 2022/23
    assert old.area == npu
    with pytest.raises(ValidationError) as exc:  # moving it into 2024/25 leaves the NPU behind
        event_update(event=old, by=eng_users.staff, date=dt.date(2024, 4, 1))
    assert "2024/25" in errors_of(exc)["area"][0]
    old.refresh_from_db()
    assert old.date == dt.date(2023, 3, 31)


@pytest.mark.parametrize(
    ("fields", "key", "words"),
    [
        ({"audience_estimate": -1}, "audience_estimate", "between 0 and 1,000,000"),
        ({"audience_estimate": 1_000_001}, "audience_estimate", "between 0 and 1,000,000"),
        ({"title": "   "}, "title", "Enter the event's title"),
        ({"title": "x" * 201}, "title", "200 characters"),
        ({"title": "Meeting \u202egnp.exe"}, "title", "direction control"),
        ({"title": "Nul\x00byte"}, "title", "null character"),
        ({"notes": "n" * 10_001}, "notes", "10,000 characters"),
        ({"event_type": "rave"}, "event_type", "type of event"),
    ],
)
def test_bad_values_are_refused_with_a_message(eng_users, fields, key, words):
    with pytest.raises(ValidationError) as exc:
        event_create(by=eng_users.staff, **event_args(**fields))
    assert words in " ".join(errors_of(exc)[key])
    assert not Event.objects.exists()


def test_audience_limits_and_a_linked_consultation_are_kept(eng_users):
    consultation = make_consultation(by=eng_users.staff, phases=0)
    event = event_create(
        by=eng_users.staff, **event_args(audience_estimate=1_000_000, consultation=consultation)
    )
    assert event.consultation == consultation and event.audience_estimate == 1_000_000
    event = event_update(event=event, by=eng_users.staff, audience_estimate=0, consultation=None, area=None)
    assert (event.audience_estimate, event.consultation, event.area) == (0, None, None)
    assert event.history.latest().history_change_reason == "Details edited"
    with pytest.raises(TypeError):
        event_update(event=event, by=eng_users.staff, status=EventStatus.CANCELLED)


def test_only_office_staff_write(eng_users):
    for user in (
        eng_users.administrator,
        eng_users.grants_manager,
        eng_users.reviews_manager,
        eng_users.coordinator,
        eng_users.reports,
    ):
        with pytest.raises(PermissionDenied):
            event_create(by=user, **event_args())
    event = event_create(by=eng_users.other_staff, **event_args(status=EventStatus.PLANNED))
    with pytest.raises(PermissionDenied):
        event_update(event=event, by=eng_users.administrator, title="Changed")
    with pytest.raises(PermissionDenied):
        event_transition(event=event, by=eng_users.administrator, action=Action.CANCEL)
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED and event.title == "Handsworth residents' meeting"


@pytest.fixture(scope="module")
def by_status(django_db_setup, django_db_blocker):
    """An office staff user and one event per status, built once for the module with direct writes
    (the path is not under test) and rolled back after."""
    with module_rows(django_db_blocker):
        staff = make_user(roles.OFFICE_STAFF, username="matrix.staff")
        area = current_area()
        events = {
            status: Event.objects.create(
                date=TODAY() - dt.timedelta(days=1),
                title=f"A {status} event",
                event_type="civic",
                area=area,
                status=status,
                commissioner=True,
            ).pk
            for status in EventStatus.values
        }
        with django_db_blocker.block():
            yield staff, events


@pytest.mark.parametrize("status", EventStatus.values)
@pytest.mark.parametrize("action", list(EVENT_TRANSITIONS))
def test_every_status_and_action(by_status, status, action):
    staff, events = by_status
    event = Event.objects.get(pk=events[status])
    transition = EVENT_TRANSITIONS[action]
    if status in transition.sources:
        done = event_transition(event=event, by=staff, action=action)
        assert done.status == transition.target
        assert done.history.latest().history_change_reason == transition.label
    else:
        with pytest.raises(ValidationError, match="is not possible while the status is"):
            event_transition(event=event, by=staff, action=action)
        event.refresh_from_db()
        assert event.status == status


def test_attending_refuses_a_future_date_and_unknown_actions(eng_users):
    planned = event_create(
        by=eng_users.staff, **event_args(status=EventStatus.PLANNED, date=TODAY() + dt.timedelta(days=1))
    )
    with pytest.raises(ValidationError, match="from that day"):
        event_transition(event=planned, by=eng_users.staff, action=Action.ATTEND)
    for action in ("respond", "explode"):
        with pytest.raises(ValidationError, match="not a step an event can take"):
            event_transition(event=planned, by=eng_users.staff, action=action)
    planned.refresh_from_db()
    assert planned.status == EventStatus.PLANNED
