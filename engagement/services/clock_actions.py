"""The clock's life: stop and restart it, extend a subject access request, respond, close, reopen.

FOI/EIR clarification restarts the clock from the day it arrives; other stops pause it
(`engagement.clock`). Each moves the stored due date through `set_due`, which keeps the reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement import clock
from engagement.models import (
    Case,
    CaseStatus,
    ClockRule,
    ClockStop,
    Outcome,
    Regime,
    ReopenReason,
    ReviewOutcome,
    StopReason,
)
from engagement.workflow import CASE_TRANSITIONS, Action, check_transition
from opcc.core.dates import long_date
from opcc.core.services import save

from .casework import computed_due, lock, set_due, stops_of
from .common import closures, not_before, not_future, require_recorder, text

INFORMATION_REGIMES = (Regime.FOI, Regime.EIR)
NEEDS_EXEMPTIONS = (Outcome.PART, Outcome.REFUSED)


@transaction.atomic
def clock_stop(*, case: Case, by, reason: str, started_on: dt.date, note: str = "") -> ClockStop:
    """Stop the clock while the office waits for the requester (clarification, ID or a fee)."""
    require_recorder(by, action="stop a correspondence clock")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.STOP_CLOCK, case.status, CaseStatus)
    rule = case.category.rule
    if reason not in clock.STOP_REASONS[rule]:
        allowed = ", ".join(StopReason(r).label.lower() for r in clock.STOP_REASONS[rule])
        raise ValidationError({"reason": f"For {case.category} the clock stops only for: {allowed}."})
    not_future(started_on, field="started_on", what="date the office asked")
    not_before(
        started_on, case.received_on, field="started_on", what="date the office asked", before_what="receipt"
    )
    last = case.stops.exclude(ended_on=None).order_by("-ended_on").first()
    if last and last.ended_on and started_on < last.ended_on:
        raise ValidationError(
            {
                "started_on": f"The clock was already stopped until {long_date(last.ended_on)}: choose a later date."
            }
        )
    if case.due_on < started_on and rule != ClockRule.FOI:
        raise ValidationError(
            {
                "started_on": f"The response was due on {long_date(case.due_on)}: the clock cannot stop after that."
            }
        )
    stop = ClockStop(
        case=case, reason=reason, started_on=started_on, note=text(note, field="note", what="the note")
    )
    save(stop, by=by, reason="Clock stopped")
    case.status = target
    case.clock_stopped_since = started_on
    save(case, by=by, reason=f"Clock stopped: {stop.get_reason_display().lower()}")
    return stop


@transaction.atomic
def clock_restart(*, case: Case, by, ended_on: dt.date) -> Case:
    """The requester answered: end the open stop and move the due date as the rule says."""
    require_recorder(by, action="restart a correspondence clock")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.RESTART_CLOCK, case.status, CaseStatus)
    stop = case.stops.filter(ended_on=None).first()
    if stop is None:  # status says stopped but no stop row: repair rather than refuse
        case.status, case.clock_stopped_since = target, None
        return save(case, by=by, reason="Clock restarted")
    not_future(ended_on, field="ended_on", what="date the answer arrived")
    not_before(
        ended_on, stop.started_on, field="ended_on", what="date the answer arrived", before_what="the stop"
    )
    stop.ended_on = ended_on
    save(stop, by=by, reason="Clock restarted")
    case.status = target
    case.clock_stopped_since = None
    restarts = case.category.rule == ClockRule.FOI and stop.reason == "clarification"
    why = "restarted on clarification" if restarts else "paused"
    days = (ended_on - stop.started_on).days
    set_due(
        case,
        due=computed_due(case),
        by=by,
        reason=f"Clock {why}: {stop.get_reason_display().lower()} from {long_date(stop.started_on)} "
        f"to {long_date(ended_on)} ({days} day{'s' if days != 1 else ''})",
    )
    return save(case, by=by, reason="Clock restarted")


@transaction.atomic
def case_extend(*, case: Case, by, told_on: dt.date, reason: str) -> Case:
    """Extend a subject access request by two months as complex, telling the requester in the first month."""
    require_recorder(by, action="extend a subject access request")
    case = lock(case)
    if case.category.rule != ClockRule.SAR:
        raise ValidationError("Only a subject access request can be extended as complex.")
    if not case.is_open or case.status == CaseStatus.REOPENED:
        raise ValidationError("Only an open request that has not been responded to can be extended.")
    if case.extended_on:
        raise ValidationError(f"This request was already extended on {long_date(case.extended_on)}.")
    reason = text(reason, field="reason", what="why the request is complex", required=True)
    not_future(told_on, field="told_on", what="date the requester was told")
    not_before(
        told_on, case.received_on, field="told_on", what="date the requester was told", before_what="receipt"
    )
    first_month = computed_due(case)
    if told_on > first_month:
        raise ValidationError(
            {"told_on": f"The requester must be told within the first month (by {long_date(first_month)})."}
        )
    case.extended_on, case.extension_reason = told_on, reason
    set_due(case, due=computed_due(case), by=by, reason=f"Extended by two months as complex: {reason[:120]}")
    return save(case, by=by, reason="Extended as complex")


@transaction.atomic
def case_respond(
    *, case: Case, by, responded_on: dt.date, outcome: str = "", exemptions: str = "", note: str = "",
    review_outcome: str = "",
) -> Case:  # fmt: skip
    """Record the response (or the review's): FOI/EIR need an outcome, refusals their exemptions."""
    require_recorder(by, action="record a response")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.RESPOND, case.status, CaseStatus)
    not_future(responded_on, field="responded_on", what="response date")
    not_before(
        responded_on, case.received_on, field="responded_on", what="response date", before_what="receipt"
    )
    note = text(note, field="note", what="the note")
    if case.status == CaseStatus.REOPENED:
        assert case.review_requested_on is not None
        not_before(
            responded_on, case.review_requested_on, field="responded_on", what="response date",
            before_what="the request to reopen",
        )  # fmt: skip
        if case.reopen_reason == ReopenReason.INTERNAL_REVIEW and review_outcome not in ReviewOutcome.values:
            raise ValidationError({"review_outcome": "Choose the outcome of the internal review."})
        case.review_outcome = review_outcome if review_outcome in ReviewOutcome.values else ""
        case.review_completed_on = responded_on
        case.status = target
        return save(case, by=by, reason=f"Review responded to. {note}".strip())
    if case.category.regime in INFORMATION_REGIMES:
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": "Choose the outcome of the request."})
        exemptions = text(
            exemptions, field="exemptions", what="the exemptions", required=outcome in NEEDS_EXEMPTIONS
        )
    elif outcome or exemptions:
        raise ValidationError(
            {"outcome": "Only freedom of information and environmental requests record an outcome."}
        )
    case.responded_on, case.outcome, case.exemptions, case.response_note = (
        responded_on,
        outcome,
        exemptions,
        note,
    )
    case.response_due_on = case.due_on
    case.working_days_taken = clock.working_days_taken(
        rule=case.category.rule, received_on=case.received_on, responded_on=responded_on, stops=stops_of(case),
        closures=closures(),
    )  # fmt: skip
    case.status = target
    return save(case, by=by, reason="Responded")


@transaction.atomic
def case_close(*, case: Case, by, closed_on: dt.date | None = None) -> Case:
    require_recorder(by, action="close correspondence")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.CLOSE, case.status, CaseStatus)
    closed_on = closed_on or timezone.localdate()
    not_future(closed_on, field="closed_on", what="date closed")
    last = case.review_completed_on or case.responded_on or case.received_on
    not_before(closed_on, last, field="closed_on", what="date closed", before_what="the response")
    case.status, case.closed_on = target, closed_on
    return save(case, by=by, reason="Closed")


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str, requested_on: dt.date) -> Case:
    """An internal review or a complaint about the response: a new clock from the request."""
    require_recorder(by, action="reopen correspondence")
    case = lock(case)
    target = check_transition(CASE_TRANSITIONS, Action.REOPEN, case.status, CaseStatus)
    if reason not in ReopenReason.values:
        raise ValidationError({"reason": "Choose why the case is reopened."})
    not_future(requested_on, field="requested_on", what="date of the request")
    assert case.responded_on is not None
    not_before(
        requested_on, case.review_completed_on or case.responded_on, field="requested_on",
        what="date of the request", before_what="the response",
    )  # fmt: skip
    case.status, case.reopen_reason, case.review_requested_on = target, reason, requested_on
    case.review_due_on = clock.review_due_date(
        rule=case.category.rule,
        requested_on=requested_on,
        days=case.category.review_days,
        closures=closures(),
    )
    case.review_outcome, case.review_completed_on, case.closed_on = "", None, None
    set_due(case, due=case.review_due_on, by=by, reason=f"Reopened: {ReopenReason(reason).label.lower()}")
    return save(case, by=by, reason=f"Reopened: {ReopenReason(reason).label}")
