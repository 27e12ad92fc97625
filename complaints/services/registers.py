"""Dip samples and investigations over 12 months: every write to the two registers.

A dip sample moves through one small stage table (`STAGE_TABLE`): planned, fieldwork, reported,
actions complete. Each action names the stages it may run in and where it leaves the sample, so
the pages, the services and the tests read the same rules. The date rules live in `dip_sample_problems`
and `investigation_problems`, which the admin and its imports call too: a record brought in from a
spreadsheet obeys what a record typed in a form obeys.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from complaints.models import DipSample, DipSampleAction, LongInvestigation
from opcc.core.permissions import require_perm

ACCESS = "core.access_complaints"
Stage = DipSample.Stage
PLANNING_AHEAD_MONTHS = 12  # a planned sample may be booked up to a year ahead, not further


class Act(enum.StrEnum):
    EDIT = "edit"
    START_FIELDWORK = "start_fieldwork"
    REPORT = "report"
    ADD_RECOMMENDATION = "add_recommendation"
    FOLLOW_UP = "follow_up"
    COMPLETE_RECOMMENDATION = "complete_recommendation"
    CLOSE = "close"


@dataclass(frozen=True)
class Step:
    label: str
    allowed_in: frozenset[str]
    moves_to: str | None = None


STAGE_TABLE: Mapping[Act, Step] = {
    Act.EDIT: Step("change the details", frozenset({Stage.PLANNED, Stage.FIELDWORK, Stage.REPORTED})),
    Act.START_FIELDWORK: Step("start the fieldwork", frozenset({Stage.PLANNED}), Stage.FIELDWORK),
    Act.REPORT: Step("record the findings", frozenset({Stage.FIELDWORK}), Stage.REPORTED),
    Act.ADD_RECOMMENDATION: Step("add a recommendation", frozenset({Stage.REPORTED})),
    Act.FOLLOW_UP: Step("record a follow-up", frozenset({Stage.REPORTED})),
    Act.COMPLETE_RECOMMENDATION: Step("complete a recommendation", frozenset({Stage.REPORTED})),
    Act.CLOSE: Step("mark every action complete", frozenset({Stage.REPORTED}), Stage.CLOSED),
}


def allowed(stage: str, act: Act) -> bool:
    return stage in STAGE_TABLE[act].allowed_in


def allowed_acts(stage: str) -> frozenset[Act]:
    return frozenset(act for act in Act if allowed(stage, act))


def check_stage(stage: str, act: Act) -> str:
    """The stage the sample is in after `act`, or a ValidationError saying why not now."""
    step = STAGE_TABLE[act]
    if stage not in step.allowed_in:
        now = Stage(stage).label.lower()
        raise ValidationError(f"You cannot {step.label} while the dip sample is {now}.")
    return step.moves_to or stage


def require_access(by) -> None:
    require_perm(by, ACCESS, action="work on the complaints oversight registers")


# --- the date rules (services, admin forms and imports) -----------------------------------------


def months_ahead(month: dt.date, today: dt.date) -> int:
    return (month.year - today.year) * 12 + month.month - today.month


def _not_future(errors: dict, value: dt.date | None, field: str, what: str, today: dt.date) -> None:
    if value and value > today:
        errors.setdefault(field, []).append(f"The {what} cannot be in the future.")


def dip_sample_problems(sample: DipSample, *, today: dt.date | None = None) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    month = sample.month
    if month:
        if month.day != 1:
            errors["month"] = ["Enter the month as its first day."]
        ahead = months_ahead(month, today)
        if sample.stage == Stage.PLANNED and ahead > PLANNING_AHEAD_MONTHS:
            errors["month"] = [f"A dip sample can be planned at most {PLANNING_AHEAD_MONTHS} months ahead."]
        elif sample.stage != Stage.PLANNED and ahead > 0:
            errors["month"] = ["The month cannot be in the future once the fieldwork has started."]
    _not_future(errors, sample.reported_on, "reported_on", "report date", today)
    if sample.reported_on and month and sample.reported_on < month:
        errors.setdefault("reported_on", []).append("The report date cannot be before the month sampled.")
    if sample.stage in (Stage.REPORTED, Stage.CLOSED) and not (sample.findings or "").strip():
        errors["findings"] = ["Enter the findings of the dip sample."]
    return errors


def action_problems(action: DipSampleAction, *, today: dt.date | None = None) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not (action.recommendation or "").strip():
        errors["recommendation"] = ["Enter the recommendation."]
    _not_future(errors, action.completed_on, "completed_on", "completion date", today)
    reported_on = action.dip_sample.reported_on if action.dip_sample_id else None
    if action.completed_on and reported_on and action.completed_on < reported_on:
        errors.setdefault("completed_on", []).append(
            f"It cannot be completed before the dip sample reported ({reported_on:%d/%m/%Y})."
        )
    if action.due_on and reported_on and action.due_on < reported_on:
        errors.setdefault("due_on", []).append(
            f"The due date cannot be before the dip sample reported ({reported_on:%d/%m/%Y})."
        )
    return errors


def investigation_problems(inv: LongInvestigation, *, today: dt.date | None = None) -> dict[str, list[str]]:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    for field, what in (
        ("started_on", "start date"),
        ("notified_on", "date the office was notified"),
        ("report_received_on", "date the report was received"),
        ("closed_on", "date the investigation concluded"),
    ):
        _not_future(errors, getattr(inv, field), field, what, today)
    started, notified = inv.started_on, inv.notified_on
    if started and notified and notified < started:
        errors.setdefault("notified_on", []).append("The office cannot be notified before it started.")
    if started and inv.report_received_on and inv.report_received_on < started:
        errors.setdefault("report_received_on", []).append("The report cannot arrive before it started.")
    if notified and inv.closed_on and inv.closed_on < notified:
        errors.setdefault("closed_on", []).append("It cannot conclude before the office was notified.")
    if not (inv.reason_for_delay or "").strip():
        errors.setdefault("reason_for_delay", []).append("Enter the reason the force gave for the delay.")
    return errors


def _check(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError(problems)


def _store(obj, *, by, reason: str, problems: dict[str, list[str]]):
    """Both kinds of rules at once, so a form shows every mistake in one go."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault(field, []).extend(m for m in messages if m not in problems.get(field, []))
    _check(problems)
    obj._history_user = by
    obj._change_reason = reason
    obj.save()
    return obj


# --- dip samples --------------------------------------------------------------------------------

SAMPLE_FIELDS = frozenset({"month", "scope", "theme", "cases_examined", "findings"})


def _set(obj, fields: Mapping[str, object], allowed_fields: frozenset[str]) -> None:
    unknown = set(fields) - allowed_fields
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set here")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _lock_sample(sample: DipSample, act: Act, *, by) -> tuple[DipSample, str]:
    require_access(by)
    locked = DipSample.objects.select_for_update().get(pk=sample.pk)
    return locked, check_stage(locked.stage, act)


@transaction.atomic
def dip_sample_create(*, by, **fields) -> DipSample:
    """A planned dip sample: month (the 1st), scope, theme and the number of cases to examine."""
    require_access(by)
    sample = DipSample(stage=Stage.PLANNED)
    _set(sample, fields, SAMPLE_FIELDS)
    return _store(sample, by=by, reason="Dip sample planned", problems=dip_sample_problems(sample))


@transaction.atomic
def dip_sample_update(*, sample: DipSample, by, **fields) -> DipSample:
    locked, _ = _lock_sample(sample, Act.EDIT, by=by)
    _set(locked, fields, SAMPLE_FIELDS)
    return _store(locked, by=by, reason="Dip sample details changed", problems=dip_sample_problems(locked))


@transaction.atomic
def dip_sample_start_fieldwork(*, sample: DipSample, by) -> DipSample:
    locked, stage = _lock_sample(sample, Act.START_FIELDWORK, by=by)
    locked.stage = stage
    return _store(locked, by=by, reason="Fieldwork started", problems=dip_sample_problems(locked))


@transaction.atomic
def dip_sample_report(*, sample: DipSample, by, findings: str, reported_on: dt.date) -> DipSample:
    """The findings are written up: the sample is reported and recommendations can follow."""
    locked, stage = _lock_sample(sample, Act.REPORT, by=by)
    locked.stage, locked.findings, locked.reported_on = stage, (findings or "").strip(), reported_on
    return _store(locked, by=by, reason="Findings reported", problems=dip_sample_problems(locked))


@transaction.atomic
def dip_sample_close(*, sample: DipSample, by) -> DipSample:
    """Every recommendation is complete: the sample's actions are closed."""
    locked, stage = _lock_sample(sample, Act.CLOSE, by=by)
    open_count = locked.actions.filter(completed_on__isnull=True).count()
    if open_count:
        raise ValidationError(
            f"Complete every recommendation first: {open_count} {'is' if open_count == 1 else 'are'} still open."
        )
    locked.stage = stage
    return _store(locked, by=by, reason="Actions complete", problems=dip_sample_problems(locked))


# --- recommendations and their follow-up ----------------------------------------------------------


def _lock_action(action: DipSampleAction, act: Act, *, by) -> DipSampleAction:
    _lock_sample(action.dip_sample, act, by=by)
    locked = DipSampleAction.objects.select_for_update().select_related("dip_sample").get(pk=action.pk)
    if locked.completed_on and act in (Act.FOLLOW_UP, Act.COMPLETE_RECOMMENDATION):
        raise ValidationError(f"This recommendation was completed on {locked.completed_on:%d/%m/%Y}.")
    return locked


@transaction.atomic
def recommendation_add(
    *, sample: DipSample, by, recommendation: str, owner: str = "", due_on: dt.date | None = None
) -> DipSampleAction:
    locked, _ = _lock_sample(sample, Act.ADD_RECOMMENDATION, by=by)
    action = DipSampleAction(
        dip_sample=locked,
        recommendation=(recommendation or "").strip(),
        owner=(owner or "").strip(),
        due_on=due_on,
    )
    return _store(action, by=by, reason="Recommendation added", problems=action_problems(action))


@transaction.atomic
def recommendation_follow_up(
    *, action: DipSampleAction, by, follow_up: str, due_on: dt.date | None = None
) -> DipSampleAction:
    """What was heard back: the note is kept (newest last), and the due date may move."""
    locked = _lock_action(action, Act.FOLLOW_UP, by=by)
    note = (follow_up or "").strip()
    if not note:
        raise ValidationError({"follow_up": ["Enter what the follow-up found."]})
    dated = f"{timezone.localdate():%d/%m/%Y}: {note}"
    locked.follow_up = f"{locked.follow_up}\n{dated}" if locked.follow_up else dated
    if due_on is not None:
        locked.due_on = due_on
    return _store(locked, by=by, reason="Follow-up recorded", problems=action_problems(locked))


@transaction.atomic
def recommendation_complete(*, action: DipSampleAction, by, completed_on: dt.date) -> DipSampleAction:
    locked = _lock_action(action, Act.COMPLETE_RECOMMENDATION, by=by)
    locked.completed_on = completed_on
    return _store(locked, by=by, reason="Recommendation completed", problems=action_problems(locked))


# --- investigations over 12 months ------------------------------------------------------------------

INVESTIGATION_FIELDS = frozenset(
    {"force_reference", "started_on", "notified_on", "reason_for_delay", "report_received_on", "closed_on"}
)


@transaction.atomic
def investigation_create(*, by, **fields) -> LongInvestigation:
    """A force's notice that an investigation has run over 12 months (PRA 2002 Sch 3 para 20A)."""
    require_access(by)
    inv = LongInvestigation()
    _set(inv, fields, INVESTIGATION_FIELDS)
    return _store(
        inv, by=by, reason="Notice of an investigation over 12 months", problems=investigation_problems(inv)
    )


@transaction.atomic
def investigation_update(*, investigation: LongInvestigation, by, **fields) -> LongInvestigation:
    require_access(by)
    locked = LongInvestigation.objects.select_for_update().get(pk=investigation.pk)
    had_report, had_end = locked.report_received_on, locked.closed_on
    _set(locked, fields, INVESTIGATION_FIELDS)
    if locked.closed_on and not had_end:
        reason = "Investigation concluded"
    elif locked.report_received_on and not had_report:
        reason = "Force's report received"
    else:
        reason = "Details changed"
    return _store(locked, by=by, reason=reason, problems=investigation_problems(locked))


def months_elapsed(started: dt.date | None, until: dt.date) -> int | None:
    """Whole months from the start to `until` (the conclusion, or today while it is open)."""
    if started is None:
        return None
    months = (until.year - started.year) * 12 + until.month - started.month
    return months - 1 if until.day < started.day else months


__all__ = [
    "STAGE_TABLE",
    "Act",
    "action_problems",
    "allowed",
    "allowed_acts",
    "check_stage",
    "dip_sample_close",
    "dip_sample_create",
    "dip_sample_problems",
    "dip_sample_report",
    "dip_sample_start_fieldwork",
    "dip_sample_update",
    "investigation_create",
    "investigation_problems",
    "investigation_update",
    "months_elapsed",
    "recommendation_add",
    "recommendation_complete",
    "recommendation_follow_up",
]
