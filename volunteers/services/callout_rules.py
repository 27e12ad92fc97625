"""The rules of an appropriate adult call-out, as functions of the values (no database writes).

Each returns every broken rule keyed by field, so the services (and a paper return checked as a
whole) report them all at once; `volunteers.services.callouts` applies them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from volunteers.models import (
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

from .eligibility import require_eligible

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
