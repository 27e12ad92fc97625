"""Appropriate Adult call-outs: a request, the AA assigned, their arrival, the end, or why none went.

Each step checks the rules of its own fields (and of the steps before it), collects every broken
rule into one ValidationError keyed by the argument names (so a form shows each on its field), and
moves the status through `CALLOUT_TRANSITIONS` on the locked row. `callout_record` writes a
finished call-out from a paper return in one go: every rule of every step checked together, then
the same steps saved in one transaction, so the history reads as the call-out happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.services import next_reference, save
from volunteers.models import (
    Availability,
    CallOut,
    CallOutStatus,
    DetaineeAge,
    Outcome,
    Process,
    Rank,
    Scheme,
    UnfilledReason,
    Volunteer,
    Vulnerability,
)
from volunteers.workflow import CALLOUT_TRANSITIONS, Action, check_transition

from .common import require_coordinator
from .eligibility import eligible, require_eligible

Errors = dict[str, list[str]]

CUSTODY_NUMBER = re.compile(r"[A-Z0-9/-]{3,30}")
COLLAR_NUMBER = re.compile(r"[A-Z0-9]{1,10}")
MAX_RESPONSE = dt.timedelta(hours=72)  # later than this is a mistyped date, not a slow response
MAX_LENGTH = dt.timedelta(hours=48)  # one attendance, arrival to end
MAX_ATTENDANCES = 20
NOTE_LENGTH = 2_000
FINAL = (CallOutStatus.COMPLETED, CallOutStatus.UNFILLED, CallOutStatus.CANCELLED)


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _local(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {long_date(local.date())}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _bad_text(errors: Errors, field: str, value: str, *, what: str, limit: int = NOTE_LENGTH) -> None:
    if "\x00" in value:
        _add(errors, field, f"Remove the null character from the {what}.")
    if len(value) > limit:
        _add(errors, field, f"Shorten the {what} to {limit:,} characters or fewer.")


def _moment(errors: Errors, field: str, value, *, what: str, now: dt.datetime) -> bool:
    """A time-zone-aware moment, not in the future; False (with a message) otherwise."""
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        _add(errors, field, f"Enter the {what} as a date and time.")
        return False
    if value > now:
        _add(errors, field, f"The {what} cannot be in the future.")
        return False
    return True


# --- each step's rules -----------------------------------------------------------------------


def normalise_custody_number(value: str) -> str:
    return "".join(_text(value).split()).upper()


def request_errors(
    *,
    requested_at,
    suite,
    officer_rank,
    officer_number,
    custody_number,
    detainee_age,
    vulnerabilities,
    vulnerability_note,
    now: dt.datetime,
) -> Errors:
    errors: Errors = {}
    when_ok = _moment(errors, "requested_at", requested_at, what="time of the request", now=now)
    if not isinstance(suite, CustodySuite):
        _add(errors, "suite", "Choose the custody suite.")
    elif when_ok and not suite.open_on(timezone.localtime(requested_at).date()):
        _add(
            errors,
            "suite",
            f"{suite.name} was not open on {long_date(timezone.localtime(requested_at).date())}.",
        )
    if officer_rank not in Rank.values:
        _add(errors, "officer_rank", "Choose the requesting officer's rank.")
    if not COLLAR_NUMBER.fullmatch(officer_number):
        _add(
            errors,
            "officer_number",
            "Enter the collar number with the letters A to Z and digits 0 to 9 only, up to 10 characters, like 4521",
        )
    if not CUSTODY_NUMBER.fullmatch(custody_number):
        _add(
            errors,
            "custody_number",
            "Enter the custody number with letters, digits 0 to 9, “/” and “-” only, "
            "3 to 30 characters, like 06/12345/24 (never the detainee's name)",
        )
    if detainee_age not in DetaineeAge.values:
        _add(errors, "detainee_age", "Choose whether the detainee is an adult or a juvenile.")
    unknown = set(vulnerabilities) - set(Vulnerability.values)
    if unknown:
        _add(errors, "vulnerabilities", "Choose vulnerabilities from the list.")
    elif detainee_age == DetaineeAge.ADULT and not vulnerabilities:
        _add(
            errors,
            "vulnerabilities",
            "Choose at least one vulnerability: an adult needs an appropriate adult only when vulnerable.",
        )
    _bad_text(errors, "vulnerability_note", vulnerability_note, what="vulnerability note", limit=500)
    if Vulnerability.OTHER in vulnerabilities and not vulnerability_note:
        _add(errors, "vulnerability_note", "Say what the other vulnerability is (no names).")
    return errors


def assign_errors(
    *, requested_at, volunteer, assigned_at, now: dt.datetime, time_required: bool = True
) -> Errors:
    """`time_required=False` for a paper return, where the time of assigning is often not written."""
    errors: Errors = {}
    if assigned_at is None and time_required:
        _add(errors, "assigned_at", "Enter the time the appropriate adult was assigned.")
    if (
        assigned_at is not None
        and _moment(errors, "assigned_at", assigned_at, what="time of assigning", now=now)
        and isinstance(requested_at, dt.datetime)
        and assigned_at < requested_at
    ):
        _add(
            errors,
            "assigned_at",
            f"The AA cannot be assigned before the request ({_local(requested_at)}).",
        )
    if not isinstance(volunteer, Volunteer):
        _add(errors, "volunteer", "Choose the appropriate adult.")
    elif isinstance(requested_at, dt.datetime):
        try:
            require_eligible(
                [volunteer],
                scheme=Scheme.AA,
                day=timezone.localtime(requested_at).date(),
                field="volunteer",
                what="this call-out",
            )
        except ValidationError as exc:
            for message in exc.message_dict["volunteer"]:
                _add(errors, "volunteer", message)
    return errors


def attend_errors(*, requested_at, assigned_at, arrived_at, now: dt.datetime) -> Errors:
    errors: Errors = {}
    if not _moment(errors, "arrived_at", arrived_at, what="arrival time", now=now):
        return errors
    if isinstance(requested_at, dt.datetime):
        if arrived_at < requested_at:
            _add(errors, "arrived_at", f"The arrival cannot be before the request ({_local(requested_at)}).")
        elif arrived_at - requested_at > MAX_RESPONSE:
            _add(errors, "arrived_at", "The arrival is more than 72 hours after the request: check the date.")
    if isinstance(assigned_at, dt.datetime) and arrived_at < assigned_at:
        _add(
            errors, "arrived_at", f"The arrival cannot be before the AA was assigned ({_local(assigned_at)})."
        )
    return errors


def complete_errors(*, arrived_at, ended_at, processes, outcome, attendances, now: dt.datetime) -> Errors:
    errors: Errors = {}
    if _moment(errors, "ended_at", ended_at, what="end time", now=now) and isinstance(
        arrived_at, dt.datetime
    ):
        if ended_at < arrived_at:
            _add(errors, "ended_at", f"The end cannot be before the arrival ({_local(arrived_at)}).")
        elif ended_at - arrived_at > MAX_LENGTH:
            _add(errors, "ended_at", "The end is more than 48 hours after the arrival: check the date.")
    if set(processes) - set(Process.values):
        _add(errors, "processes", "Choose the processes from the list.")
    elif not processes:
        _add(errors, "processes", "Choose at least one PACE process the appropriate adult attended.")
    if outcome not in Outcome.values:
        _add(errors, "outcome", "Choose the outcome.")
    if (
        not isinstance(attendances, int)
        or isinstance(attendances, bool)
        or not 1 <= attendances <= MAX_ATTENDANCES
    ):
        _add(errors, "attendances", f"Enter the number of attendances, from 1 to {MAX_ATTENDANCES}.")
    return errors


def unfill_errors(*, reason, note) -> Errors:
    errors: Errors = {}
    if reason not in UnfilledReason.values:
        _add(errors, "reason", "Choose why the request was not filled.")
    _bad_text(errors, "note", note, what="note")
    if reason == UnfilledReason.OTHER and not note:
        _add(errors, "note", "Say why the request was not filled.")
    return errors


def cancel_errors(*, note) -> Errors:
    errors: Errors = {}
    _bad_text(errors, "note", note, what="reason")
    if not note:
        _add(errors, "note", "Give the reason the request was cancelled.")
    return errors


# --- applying a step to the row ----------------------------------------------------------------


def _set_flags(callout: CallOut, prefix: str, chosen: Iterable[str], values: list[str]) -> None:
    for value in values:
        setattr(callout, f"{prefix}{value}", value in chosen)


def _locked(callout: CallOut) -> CallOut:
    """The row, locked, as the last writer committed it. No joins: a row re-read after waiting for
    another writer's lock keeps the joined tables of the first read (PostgreSQL READ COMMITTED)."""
    return CallOut.objects.select_for_update().get(pk=callout.pk)


def _move(callout: CallOut, action: Action) -> str:
    return check_transition(CALLOUT_TRANSITIONS, action, callout.status, CallOutStatus)


def _respond(callout: CallOut, arrived_at: dt.datetime) -> None:
    callout.arrived_at = arrived_at
    callout.response_minutes = int((arrived_at - callout.requested_at).total_seconds() // 60)


def _saved(callout: CallOut, *, by, reason: str) -> CallOut:
    try:
        return save(callout, by=by, reason=reason)
    except ValidationError as exc:  # a model rule the service's own checks missed: still on a field
        raise ValidationError(exc.message_dict) from exc


# --- the services ------------------------------------------------------------------------------


@transaction.atomic
def callout_request(
    *,
    by,
    requested_at: dt.datetime,
    suite: CustodySuite,
    officer_rank: str,
    officer_number: str,
    custody_number: str,
    detainee_age: str,
    vulnerabilities: set[str],
    vulnerability_note: str = "",
) -> CallOut:
    """A custody sergeant's request for an appropriate adult, as the coordinator took it."""
    require_coordinator(by, action="record call-outs")
    values = _request_values(
        requested_at=requested_at,
        suite=suite,
        officer_rank=officer_rank,
        officer_number=officer_number,
        custody_number=custody_number,
        detainee_age=detainee_age,
        vulnerabilities=vulnerabilities,
        vulnerability_note=vulnerability_note,
    )
    _raise(request_errors(**values, now=timezone.now()))
    callout = _new(values)
    return _saved(callout, by=by, reason="Requested")


def _request_values(**values: Any) -> dict[str, Any]:
    values["officer_number"] = _text(values["officer_number"]).upper()
    values["custody_number"] = normalise_custody_number(values["custody_number"])
    values["vulnerabilities"] = set(values["vulnerabilities"] or ())
    values["vulnerability_note"] = _text(values["vulnerability_note"])
    return values


def _new(values: dict[str, Any]) -> CallOut:
    requested_on = timezone.localtime(values["requested_at"]).date()
    callout = CallOut(
        reference=next_reference(prefix="AA", year=requested_on.year),
        requested_at=values["requested_at"],
        requested_on=requested_on,
        suite=values["suite"],
        officer_rank=values["officer_rank"],
        officer_number=values["officer_number"],
        custody_number=values["custody_number"],
        detainee_age=values["detainee_age"],
        vulnerability_note=values["vulnerability_note"],
        status=CallOutStatus.REQUESTED,
    )
    _set_flags(callout, "vulnerable_", values["vulnerabilities"], Vulnerability.values)
    return callout


@transaction.atomic
def callout_assign(*, callout: CallOut, by, volunteer: Volunteer, assigned_at: dt.datetime) -> CallOut:
    """Put an eligible appropriate adult on the call-out (or another one in their place).

    `callout` is the row as the coordinator saw it: if someone else assigned an AA since, this one
    is refused rather than silently replacing theirs.
    """
    require_coordinator(by, action="assign appropriate adults")
    seen_volunteer_id = callout.volunteer_id
    current = _locked(callout)
    target = _move(current, Action.ASSIGN)
    if current.volunteer_id != seen_volunteer_id:
        who = current.volunteer.name if current.volunteer else "nobody"
        raise ValidationError(
            {
                "volunteer": f"Someone else changed the appropriate adult on {current.reference} "
                f"while you were choosing: it is now {who}. Check the call-out and assign again if needed."
            }
        )
    if volunteer is not None and volunteer.pk == current.volunteer_id:
        raise ValidationError({"volunteer": f"{volunteer.name} is already assigned to this call-out."})
    _raise(
        assign_errors(
            requested_at=current.requested_at,
            volunteer=volunteer,
            assigned_at=assigned_at,
            now=timezone.now(),
        )
    )
    previous = current.volunteer
    current.volunteer, current.assigned_at, current.status = volunteer, assigned_at, target
    reason = f"Assigned {volunteer.name}" + (f" in place of {previous.name}" if previous else "")
    return _saved(current, by=by, reason=reason)


@transaction.atomic
def callout_attend(*, callout: CallOut, by, arrived_at: dt.datetime) -> CallOut:
    """The appropriate adult arrived at the suite; the response time runs from the request."""
    require_coordinator(by, action="record call-outs")
    current = _locked(callout)
    target = _move(current, Action.ATTEND)
    _raise(
        attend_errors(
            requested_at=current.requested_at,
            assigned_at=current.assigned_at,
            arrived_at=arrived_at,
            now=timezone.now(),
        )
    )
    _respond(current, arrived_at)
    current.status = target
    return _saved(current, by=by, reason=f"Arrived ({current.response_minutes} minutes after the request)")


@transaction.atomic
def callout_complete(
    *,
    callout: CallOut,
    by,
    ended_at: dt.datetime,
    processes: set[str],
    outcome: str,
    attendances: int = 1,
) -> CallOut:
    """The end of the appropriate adult's support: the PACE processes attended and the outcome."""
    require_coordinator(by, action="record call-outs")
    current = _locked(callout)
    target = _move(current, Action.COMPLETE)
    processes = set(processes or ())
    _raise(
        complete_errors(
            arrived_at=current.arrived_at,
            ended_at=ended_at,
            processes=processes,
            outcome=outcome,
            attendances=attendances,
            now=timezone.now(),
        )
    )
    _complete(current, ended_at=ended_at, processes=processes, outcome=outcome, attendances=attendances)
    current.status = target
    return _saved(current, by=by, reason=f"Completed: {Outcome(outcome).label.lower()}")


def _complete(callout: CallOut, *, ended_at, processes, outcome, attendances) -> None:
    callout.ended_at, callout.outcome, callout.attendances = ended_at, outcome, attendances
    _set_flags(callout, "attended_", processes, Process.values)


@transaction.atomic
def callout_unfill(*, callout: CallOut, by, reason: str, note: str = "") -> CallOut:
    """No appropriate adult could go: the request is kept, with the reason, and counted."""
    require_coordinator(by, action="record call-outs")
    current = _locked(callout)
    target = _move(current, Action.UNFILL)
    note = _text(note)
    _raise(unfill_errors(reason=reason, note=note))
    _close(current, status=target, reason=reason, note=note)
    return _saved(current, by=by, reason=f"Unfilled: {UnfilledReason(reason).label.lower()}")


@transaction.atomic
def callout_cancel(*, callout: CallOut, by, note: str) -> CallOut:
    """The police no longer need an appropriate adult (released, assessed as not vulnerable...)."""
    require_coordinator(by, action="record call-outs")
    current = _locked(callout)
    target = _move(current, Action.CANCEL)
    note = _text(note)
    _raise(cancel_errors(note=note))
    _close(current, status=target, reason="", note=note)
    return _saved(current, by=by, reason="Cancelled")


def _close(callout: CallOut, *, status: str, reason: str, note: str) -> None:
    """Unfilled or cancelled: no appropriate adult went (whoever was assigned stays in the history)."""
    callout.status, callout.unfilled_reason, callout.status_reason = status, reason, note
    callout.volunteer, callout.assigned_at = None, None


@transaction.atomic
def callout_record(
    *,
    by,
    status: str,
    requested_at: dt.datetime,
    suite: CustodySuite,
    officer_rank: str,
    officer_number: str,
    custody_number: str,
    detainee_age: str,
    vulnerabilities: set[str],
    vulnerability_note: str = "",
    volunteer: Volunteer | None = None,
    assigned_at: dt.datetime | None = None,
    arrived_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    processes: set[str] | None = None,
    outcome: str = "",
    attendances: int = 1,
    unfilled_reason: str = "",
    note: str = "",
) -> CallOut:
    """A finished call-out from a paper return: completed, unfilled or cancelled, in one go.

    Every rule of every step is checked before anything is written; then the request and each
    later step are saved in turn (one history row each) inside this one transaction.
    """
    require_coordinator(by, action="record call-outs")
    now = timezone.now()
    values = _request_values(
        requested_at=requested_at,
        suite=suite,
        officer_rank=officer_rank,
        officer_number=officer_number,
        custody_number=custody_number,
        detainee_age=detainee_age,
        vulnerabilities=vulnerabilities,
        vulnerability_note=vulnerability_note,
    )
    errors = request_errors(**values, now=now)
    processes = set(processes or ())
    note = _text(note)
    if status == CallOutStatus.COMPLETED:
        for more in (
            assign_errors(
                requested_at=requested_at,
                volunteer=volunteer,
                assigned_at=assigned_at,
                now=now,
                time_required=False,
            ),
            attend_errors(requested_at=requested_at, assigned_at=assigned_at, arrived_at=arrived_at, now=now),
            complete_errors(
                arrived_at=arrived_at,
                ended_at=ended_at,
                processes=processes,
                outcome=outcome,
                attendances=attendances,
                now=now,
            ),
        ):
            for field, messages in more.items():
                errors.setdefault(field, []).extend(messages)
        _bad_text(errors, "note", note, what="note")
    elif status in (CallOutStatus.UNFILLED, CallOutStatus.CANCELLED):
        given = {
            "volunteer": volunteer,
            "assigned_at": assigned_at,
            "arrived_at": arrived_at,
            "ended_at": ended_at,
            "outcome": outcome,
            "processes": processes,
        }
        word = CallOutStatus(status).label.lower()
        for field, value in given.items():
            if value:
                _add(
                    errors, field, f"A {word} call-out has no appropriate adult attending: leave this blank."
                )
        closing = (
            unfill_errors(reason=unfilled_reason, note=note)
            if status == CallOutStatus.UNFILLED
            else cancel_errors(note=note)
        )
        for field, messages in closing.items():
            errors.setdefault("unfilled_reason" if field == "reason" else field, []).extend(messages)
        if status == CallOutStatus.CANCELLED and unfilled_reason:
            _add(errors, "unfilled_reason", "A cancelled call-out has no unfilled reason: leave this blank.")
    else:
        _add(errors, "status", "Choose how the call-out ended: completed, unfilled or cancelled.")
    _raise(errors)

    callout = _saved(_new(values), by=by, reason="Requested (paper return)")
    if status == CallOutStatus.COMPLETED:
        assert volunteer is not None and arrived_at is not None
        callout.volunteer, callout.assigned_at = volunteer, assigned_at
        callout.status = _move(callout, Action.ASSIGN)
        _saved(callout, by=by, reason=f"Assigned {volunteer.name}")
        _respond(callout, arrived_at)
        callout.status = _move(callout, Action.ATTEND)
        _saved(callout, by=by, reason=f"Arrived ({callout.response_minutes} minutes after the request)")
        _complete(callout, ended_at=ended_at, processes=processes, outcome=outcome, attendances=attendances)
        callout.notes = note
        callout.status = _move(callout, Action.COMPLETE)
        return _saved(callout, by=by, reason=f"Completed: {Outcome(outcome).label.lower()}")
    action = Action.UNFILL if status == CallOutStatus.UNFILLED else Action.CANCEL
    _close(callout, status=_move(callout, action), reason=unfilled_reason, note=note)
    label = f"Unfilled: {UnfilledReason(unfilled_reason).label.lower()}" if unfilled_reason else "Cancelled"
    return _saved(callout, by=by, reason=label)


# --- reads for the assign form ----------------------------------------------------------------


def assign_candidates(callout: CallOut) -> tuple[list[Volunteer], list[Volunteer]]:
    """Eligible AAs on the call-out's day: those on the availability rota at the request time
    first, then the others. Only eligible people, so the list is as long as the scheme, no longer."""
    people = eligible(scheme=Scheme.AA, day=callout.requested_on)
    on_rota = set(
        Volunteer.objects.filter(pk__in=[v.pk for v in people])
        .filter(
            Exists(
                Availability.objects.filter(
                    volunteer=OuterRef("pk"),
                    starts_at__lte=callout.requested_at,
                    ends_at__gt=callout.requested_at,
                )
            )
        )
        .values_list("pk", flat=True)
    )
    return [v for v in people if v.pk in on_rota], [v for v in people if v.pk not in on_rota]
