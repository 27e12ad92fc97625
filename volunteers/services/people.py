"""Volunteers: recording them, moving them through recruitment to active and out, their training."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.services import save
from volunteers.models import (
    ACCREDITATION_YEARS,
    Availability,
    Course,
    Scheme,
    TrainingRecord,
    Volunteer,
    VolunteerStatus,
    add_years,
    schemes_of,
)
from volunteers.workflow import VOLUNTEER_TRANSITIONS, Action, check_transition

from .common import require_coordinator
from .eligibility import barriers

# The fields a coordinator edits on the volunteer form; status and dates move through transitions.
DETAILS = (
    "first_name",
    "last_name",
    "scheme",
    "email",
    "phone",
    "address",
    "postcode",
    "area",
    "team",
    "vetting_level",
    "vetting_cleared_on",
    "vetting_expires_on",
    "independence_declared_on",
)


def _not_future(day: dt.date | None, *, field: str, what: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})


def _check_details(values: dict[str, Any]) -> None:
    _not_future(values.get("vetting_cleared_on"), field="vetting_cleared_on", what="vetting clearance date")
    _not_future(
        values.get("independence_declared_on"), field="independence_declared_on", what="declaration date"
    )
    cleared, expires = values.get("vetting_cleared_on"), values.get("vetting_expires_on")
    if expires and not cleared:
        raise ValidationError(
            {"vetting_cleared_on": "Enter the date vetting was cleared as well as its expiry."}
        )
    if cleared and expires and expires <= cleared:
        raise ValidationError(
            {"vetting_expires_on": "The vetting expiry must be after the date it was cleared."}
        )
    if cleared and not values.get("vetting_level"):
        raise ValidationError({"vetting_level": "Choose the vetting level that was cleared."})


@transaction.atomic
def volunteer_create(*, by, applied_on: dt.date, **details: Any) -> Volunteer:
    """A new applicant (or a volunteer being brought over from paper records, still an applicant)."""
    require_coordinator(by, action="add volunteers")
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"Unknown volunteer fields: {sorted(unknown)}")
    _not_future(applied_on, field="applied_on", what="application date")
    _check_details(details)
    volunteer = Volunteer(applied_on=applied_on, status_changed_on=applied_on, **details)
    return save(volunteer, by=by, reason="Application recorded")


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by, **details: Any) -> Volunteer:
    require_coordinator(by, action="change volunteers")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"Unknown volunteer fields: {sorted(unknown)}")
    values = {name: getattr(volunteer, name) for name in DETAILS} | details
    _check_details(values)
    added = schemes_of(values["scheme"]) - volunteer.schemes
    for name, value in details.items():
        setattr(volunteer, name, value)
    if volunteer.status == VolunteerStatus.ACTIVE:
        # An active volunteer joining the other scheme must already meet its requirements.
        problems = [
            p
            for scheme in sorted(added)
            for p in barriers(volunteer, scheme=scheme, day=timezone.localdate())
        ]
        if problems:
            raise ValidationError(
                {"scheme": f"{volunteer.name} cannot join that scheme yet: {'; '.join(problems)}."}
            )
    return save(volunteer, by=by, reason="Details changed")


@transaction.atomic
def volunteer_transition(
    *, volunteer: Volunteer, by, action: Action, on: dt.date, reason: str = ""
) -> Volunteer:
    """Move a volunteer on: a recruitment step, appointment, suspension, reinstatement or leaving.

    Appointing needs vetting in date, the independence declaration and the scheme's courses; it
    sets the appointment date and the re-accreditation date three years on. Suspending and leaving
    need a reason.
    """
    require_coordinator(by, action="change a volunteer's status")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    target = check_transition(VOLUNTEER_TRANSITIONS, action, volunteer.status, VolunteerStatus)
    _not_future(on, field="on", what="date")
    if on < volunteer.status_changed_on:
        raise ValidationError(
            {
                "on": f"The date cannot be before the last status change ({long_date(volunteer.status_changed_on)})."
            }
        )
    reason = reason.strip()
    if action in (Action.SUSPEND, Action.LEAVE) and not reason:
        raise ValidationError({"reason": "Give the reason."})
    previous = volunteer.status
    volunteer.status, volunteer.status_changed_on = target, on
    if action in (Action.SUSPEND, Action.LEAVE):
        volunteer.status_reason = reason
    if action == Action.LEAVE:
        volunteer.left_on = on
    if action == Action.ACTIVATE:
        if volunteer.appointed_on is None:
            volunteer.appointed_on = on
            volunteer.reaccreditation_due_on = add_years(on, ACCREDITATION_YEARS)
        volunteer.status_reason = ""
        problems = [
            p for scheme in sorted(volunteer.schemes) for p in barriers(volunteer, scheme=scheme, day=on)
        ]
        if problems:
            raise ValidationError(
                f"{volunteer.name} cannot be appointed yet: {'; '.join(dict.fromkeys(problems))}."
            )
    if action == Action.REINSTATE:
        volunteer.status_reason = ""
    label = VolunteerStatus(target).label
    return save(volunteer, by=by, reason=reason or f"{VolunteerStatus(previous).label} to {label}")


@transaction.atomic
def volunteer_reaccredit(*, volunteer: Volunteer, by, on: dt.date) -> Volunteer:
    """Confirm a further three-year term from `on` (after a review of the volunteer's service)."""
    require_coordinator(by, action="re-accredit volunteers")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    _not_future(on, field="on", what="re-accreditation date")
    if volunteer.appointed_on is None or volunteer.status not in (
        VolunteerStatus.ACTIVE,
        VolunteerStatus.SUSPENDED,
    ):
        raise ValidationError("Only an appointed volunteer (active or suspended) can be re-accredited.")
    if on < volunteer.appointed_on:
        raise ValidationError({"on": "The re-accreditation date cannot be before the appointment."})
    volunteer.reaccreditation_due_on = add_years(on, ACCREDITATION_YEARS)
    return save(volunteer, by=by, reason=f"Re-accredited on {long_date(on)}")


@transaction.atomic
def training_record(*, volunteer: Volunteer, by, course: Course, completed_on: dt.date) -> TrainingRecord:
    """A completed course; its expiry follows from the course's validity."""
    require_coordinator(by, action="record training")
    # The volunteer's row lock serialises two coordinators entering the same course at once.
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status == VolunteerStatus.LEFT:
        raise ValidationError(f"{volunteer.name} has left the scheme: training is no longer recorded.")
    _not_future(completed_on, field="completed_on", what="completion date")
    if completed_on < volunteer.applied_on:
        raise ValidationError(
            {"completed_on": "The course cannot be completed before the volunteer applied."}
        )
    if not course.active:
        raise ValidationError({"course": f"“{course.name}” is no longer offered."})
    if TrainingRecord.objects.filter(volunteer=volunteer, course=course, completed_on=completed_on).exists():
        raise ValidationError({"completed_on": f"{volunteer.name} already has “{course.name}” on that date."})
    expires = _add_months(completed_on, course.valid_months) if course.valid_months else None
    record = TrainingRecord(volunteer=volunteer, course=course, completed_on=completed_on, expires_on=expires)
    return save(record, by=by, reason="Training recorded")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


MAX_AVAILABILITY = dt.timedelta(hours=24)


@transaction.atomic
def availability_add(
    *, volunteer: Volunteer, by, starts_at: dt.datetime, ends_at: dt.datetime
) -> Availability:
    """A time an appropriate adult can be called out (the AA availability rota), at most a day long,
    not overlapping another of theirs."""
    require_coordinator(by, action="record availability")
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if Scheme.AA not in volunteer.schemes:
        raise ValidationError(
            f"{volunteer.name} is not an appropriate adult: only they go on the call-out rota."
        )
    if volunteer.status == VolunteerStatus.LEFT:
        raise ValidationError(f"{volunteer.name} has left the scheme.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    if ends_at - starts_at > MAX_AVAILABILITY:
        raise ValidationError({"ends_at": "A time on the rota can be at most 24 hours long: add each day."})
    clash = volunteer.availability.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": f"{volunteer.name} is already on the rota at that time ({timezone.localtime(clash.starts_at):%d/%m/%Y %H:%M})."
            }
        )
    return save(
        Availability(volunteer=volunteer, starts_at=starts_at, ends_at=ends_at),
        by=by,
        reason="Availability added",
    )
