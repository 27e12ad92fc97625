"""Events the Commissioner and office attend: recording them, correcting them, and their status.

An event is planned (it may lie ahead) or attended (it has happened, and someone went for the
office); a planned event is later recorded as attended or cancelled through `EVENT_TRANSITIONS`.
The area must be one the policing map had in the event's financial year (NPUs to 2023/24, LPAs
after), so the report pack's "events by area" never mixes the two maps.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.models import Consultation, Event, EventStatus, EventType
from engagement.workflow import EVENT_TRANSITIONS, Action, check_transition
from opcc.core.models import FinancialYear, PolicingArea
from opcc.core.services import save

from .common import require_recorder, text

MAX_AUDIENCE = 1_000_000
EARLIEST = dt.date(2000, 1, 1)
PLAN_AHEAD_DAYS = 3 * 366
ATTENDED_BY = ("commissioner", "deputy", "other_office_holders", "staff")
EVENT_FIELDS = (
    "date",
    "title",
    "event_type",
    "area",
    "commissioner",
    "deputy",
    "other_office_holders",
    "staff",
    "audience_estimate",
    "consultation",
    "notes",
)


def _check_date(day: dt.date, status: str) -> None:
    if not isinstance(day, dt.date) or day < EARLIEST:
        raise ValidationError({"date": "Enter a date from 1 January 2000 onwards."})
    today = timezone.localdate()
    if status != EventStatus.PLANNED and day > today:
        raise ValidationError(
            {"date": "An attended event cannot be in the future: record it as planned instead."}
        )
    if day > today + dt.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"date": "Plan events no more than three years ahead."})


def _check_area(area: PolicingArea | None, day: dt.date) -> None:
    if area is None:
        return
    start = FinancialYear.start_year_for(day)
    if not area.is_valid_in(start):
        raise ValidationError(
            {
                "area": f"{area} was not a policing area in {FinancialYear(start_year=start).label}: "
                "choose an area of that year's map."
            }
        )


def _apply(event: Event, fields: dict) -> None:
    """Check the fields given and set them on the event (the status is set by the caller)."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")
    if "title" in fields:
        fields["title"] = text(
            fields["title"], field="title", what="the event's title", required=True, limit=200
        )
    if "notes" in fields:
        fields["notes"] = text(fields["notes"], field="notes", what="the notes")
    if "event_type" in fields and fields["event_type"] not in EventType.values:
        raise ValidationError({"event_type": "Choose the type of event."})
    if "audience_estimate" in fields:
        audience = fields["audience_estimate"]
        if audience is not None and not 0 <= audience <= MAX_AUDIENCE:
            raise ValidationError(
                {
                    "audience_estimate": f"Enter an audience between 0 and {MAX_AUDIENCE:,} (or leave it blank)."
                }
            )
    consultation = fields.get("consultation")
    if consultation is not None and not isinstance(consultation, Consultation):
        raise ValidationError({"consultation": "Choose a consultation from the list."})
    for name, value in fields.items():
        setattr(event, name, bool(value) if name in ATTENDED_BY else value)
    _check_date(event.date, event.status)
    _check_area(event.area, event.date)
    _check_attendance(event)


def _check_attendance(event: Event) -> None:
    if event.status == EventStatus.ATTENDED and not any(getattr(event, f) for f in ATTENDED_BY):
        raise ValidationError(
            {"commissioner": "Say who attended for the office: tick at least one of the four boxes."}
        )


@transaction.atomic
def event_create(
    *, by, date: dt.date, title: str, event_type: str, status: str = EventStatus.ATTENDED, **fields
) -> Event:
    """Record an event that happened (attended) or one in the diary (planned)."""
    require_recorder(by, action="record events")
    if status not in (EventStatus.PLANNED, EventStatus.ATTENDED):
        raise ValidationError({"status": "Choose whether the event is planned or was attended."})
    event = Event(status=status)
    _apply(event, {"date": date, "title": title, "event_type": event_type, **fields})
    return save(event, by=by, reason="Recorded" if status == EventStatus.ATTENDED else "Planned")


@transaction.atomic
def event_update(*, event: Event, by, **fields) -> Event:
    """Correct an event's details; its status moves only through `event_transition`."""
    require_recorder(by, action="edit events")
    event = Event.objects.select_for_update().get(pk=event.pk)
    _apply(event, fields)
    return save(event, by=by, reason="Details edited")


@transaction.atomic
def event_transition(*, event: Event, by, action: Action | str) -> Event:
    """Record a planned event as attended (once its day has come) or cancel it."""
    require_recorder(by, action="change an event's status")
    try:
        action = Action(action)
    except ValueError:
        raise ValidationError("That is not a step an event can take.") from None
    if action not in EVENT_TRANSITIONS:
        raise ValidationError("That is not a step an event can take.")
    event = Event.objects.select_for_update().get(pk=event.pk)
    target = check_transition(EVENT_TRANSITIONS, action, event.status, EventStatus)
    if target == EventStatus.ATTENDED and event.date > timezone.localdate():
        raise ValidationError(
            f"The event is on {event.date:%d/%m/%Y}: it can be recorded as attended from that day."
        )
    if target == EventStatus.ATTENDED and not any(getattr(event, f) for f in ATTENDED_BY):
        raise ValidationError(
            "Change the event to say who attended for the office, then record it as attended."
        )
    event.status = target
    return save(event, by=by, reason=EVENT_TRANSITIONS[action].label)
