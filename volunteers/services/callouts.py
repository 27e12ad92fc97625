"""Appropriate Adult call-outs: a request, the AA assigned, their arrival, the end, or why none went.

Each step checks the rules of its own fields (and of the steps before it), collects every broken
rule into one ValidationError keyed by the argument names (so a form shows each on its field), and
moves the status through `CALLOUT_TRANSITIONS` on the locked row. `callout_record` writes a
finished call-out from a paper return in one go: every rule of every step checked together, then
the same steps saved in one transaction, so the history reads as the call-out happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opcc.core.models import CustodySuite
from opcc.core.services import next_reference, save
from volunteers.models import (
    Availability,
    CallOut,
    CallOutStatus,
    Outcome,
    Process,
    Scheme,
    UnfilledReason,
    Volunteer,
    Vulnerability,
)
from volunteers.workflow import CALLOUT_TRANSITIONS, Action, check_transition

from .callout_rules import (
    _add,
    _bad_text,
    _raise,
    _text,
    assign_errors,
    attend_errors,
    cancel_errors,
    complete_errors,
    normalise_custody_number,
    request_errors,
    unfill_errors,
)
from .common import require_coordinator
from .eligibility import eligible

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
