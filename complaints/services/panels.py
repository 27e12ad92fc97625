"""Panel members, misconduct hearings and notices of appeal: every write except appointing members.

Hearings and appeals each move through a small explicit stage table (`HEARING_STEPS`,
`APPEAL_STEPS`): an action names the stages it may run in and where it leaves the record, so the
pages, the services and the tests read the same rules. Appointing members is the rota's
(`complaints.services.rota`), which checks `APPOINT` here under the same row lock.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from complaints.models import Appeal, Hearing, PanelMember
from opcc.core.permissions import require_perm

ACCESS = "core.access_complaints"
HS = Hearing.Stage
AS = Appeal.Stage


def require_access(by) -> None:
    require_perm(by, ACCESS, action="work on panels, hearings and appeals")


class HearingAct(enum.StrEnum):
    EDIT = "edit"
    APPOINT = "appoint"
    HOLD = "hold"
    ADJOURN = "adjourn"
    CANCEL = "cancel"
    NOTIFY = "notify"


class AppealAct(enum.StrEnum):
    EDIT = "edit"
    ARRANGE = "arrange"
    APPOINT = "appoint"
    HEAR = "hear"
    DETERMINE = "determine"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Step:
    label: str
    allowed_in: frozenset[str]
    moves_to: str | None = None


def _in(*stages: str) -> frozenset[str]:
    return frozenset(stages)


# Appointing the last missing seat moves a requested hearing to "members appointed" (the rota does it).
HEARING_STEPS: Mapping[HearingAct, Step] = {
    HearingAct.EDIT: Step("change the details", _in(HS.REQUESTED, HS.MEMBERS_APPOINTED, HS.ADJOURNED)),
    HearingAct.APPOINT: Step("appoint members", _in(HS.REQUESTED)),
    HearingAct.HOLD: Step("record the hearing as held", _in(HS.MEMBERS_APPOINTED, HS.ADJOURNED), HS.HELD),
    HearingAct.ADJOURN: Step("adjourn the hearing", _in(HS.MEMBERS_APPOINTED), HS.ADJOURNED),
    HearingAct.CANCEL: Step(
        "cancel the hearing", _in(HS.REQUESTED, HS.MEMBERS_APPOINTED, HS.ADJOURNED), HS.CANCELLED
    ),
    HearingAct.NOTIFY: Step("record when the outcome was notified", _in(HS.HELD)),
}

APPEAL_STEPS: Mapping[AppealAct, Step] = {
    AppealAct.EDIT: Step("change the details", _in(AS.RECEIVED, AS.ARRANGED)),
    AppealAct.ARRANGE: Step("arrange the tribunal", _in(AS.RECEIVED), AS.ARRANGED),
    AppealAct.APPOINT: Step("appoint tribunal members", _in(AS.ARRANGED)),
    AppealAct.HEAR: Step("record the tribunal as heard", _in(AS.ARRANGED), AS.HEARD),
    AppealAct.DETERMINE: Step("record the determination", _in(AS.HEARD), AS.DETERMINED),
    AppealAct.WITHDRAW: Step("record the appeal as withdrawn", _in(AS.RECEIVED, AS.ARRANGED), AS.WITHDRAWN),
}


def hearing_stage_after(stage: str, act: HearingAct) -> str:
    """The hearing's stage after `act`, or a ValidationError saying why not now."""
    step = HEARING_STEPS[act]
    if stage not in step.allowed_in:
        raise ValidationError(f"You cannot {step.label} while the hearing is {HS(stage).label.lower()}.")
    return step.moves_to or stage


def appeal_stage_after(stage: str, act: AppealAct) -> str:
    step = APPEAL_STEPS[act]
    if stage not in step.allowed_in:
        raise ValidationError(f"You cannot {step.label} while the appeal is {AS(stage).label.lower()}.")
    return step.moves_to or stage


def hearing_acts(stage: str) -> frozenset[HearingAct]:
    return frozenset(act for act, step in HEARING_STEPS.items() if stage in step.allowed_in)


def appeal_acts(stage: str) -> frozenset[AppealAct]:
    return frozenset(act for act, step in APPEAL_STEPS.items() if stage in step.allowed_in)


# --- saving ----------------------------------------------------------------------------------------


def _set(obj, fields: Mapping[str, object], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set here")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _not_future(errors: dict, obj, fields: Mapping[str, str]) -> None:
    today = timezone.localdate()
    for field, what in fields.items():
        value = getattr(obj, field)
        if value and value > today:
            errors.setdefault(field, []).append(f"The {what} cannot be in the future.")


def store(obj, *, by, reason: str, problems: dict[str, list[str]] | None = None):
    """full_clean and the service's own rules together, so a form shows every mistake at once."""
    problems = dict(problems or {})
    try:
        obj.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            found = problems.setdefault(field, [])
            found.extend(m for m in messages if m not in found)
    if problems:
        raise ValidationError(problems)
    obj._history_user = by
    obj._change_reason = reason
    obj.save()
    return obj


# --- panel members -----------------------------------------------------------------------------------

MEMBER_FIELDS = frozenset(
    {
        "name",
        "role",
        "qualified",
        "email",
        "phone",
        "region",
        "term_starts_on",
        "term_ends_on",
        "vetting_expires_on",
        "last_trained_on",
        "training_notes",
        "declared_interests",
        "unavailable_from",
        "unavailable_until",
        "active",
    }
)


def member_problems(member: PanelMember) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _not_future(errors, member, {"last_trained_on": "training date"})
    if not (member.name or "").strip():
        errors["name"] = ["Enter the member's name."]
    return errors


@transaction.atomic
def panel_member_create(*, by, **fields) -> PanelMember:
    require_access(by)
    member = PanelMember()
    _set(member, fields, MEMBER_FIELDS)
    return store(member, by=by, reason="Added to the panel list", problems=member_problems(member))


@transaction.atomic
def panel_member_update(*, member: PanelMember, by, **fields) -> PanelMember:
    require_access(by)
    locked = PanelMember.objects.select_for_update().get(pk=member.pk)
    _set(locked, fields, MEMBER_FIELDS)
    return store(locked, by=by, reason="Member's details changed", problems=member_problems(locked))


# --- hearings ------------------------------------------------------------------------------------------

HEARING_FIELDS = frozenset({"force_reference", "requested_on", "kind", "rank_band", "starts_on", "ends_on"})


def lock_hearing(hearing: Hearing, act: HearingAct, *, by) -> tuple[Hearing, str]:
    require_access(by)
    locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
    return locked, hearing_stage_after(locked.stage, act)


@transaction.atomic
def hearing_create(*, by, **fields) -> Hearing:
    """A force's request for members for a hearing (no officer's name: the reference and rank band)."""
    require_access(by)
    hearing = Hearing(stage=HS.REQUESTED)
    _set(hearing, fields, HEARING_FIELDS)
    return store(hearing, by=by, reason="Request for members received")


@transaction.atomic
def hearing_update(*, hearing: Hearing, by, **fields) -> Hearing:
    """New details; new dates move the appointed members' dates, and each must still be free to sit."""
    from complaints.services.rota import refusal  # the rota reads this module's stage table

    locked, _ = lock_hearing(hearing, HearingAct.EDIT, by=by)
    _set(locked, fields, HEARING_FIELDS)
    store_problems: dict[str, list[str]] = {}
    appointments = list(locked.appointments.select_related("member"))
    last = locked.ends_on or locked.starts_on
    for seat in appointments:
        why = refusal(seat.member, first=locked.starts_on, last=last, exclude_hearing=locked.pk)
        if why and locked.starts_on:
            store_problems.setdefault("starts_on", []).append(f"{seat.member.name} cannot sit then: {why}.")
    store(locked, by=by, reason="Hearing details changed", problems=store_problems)
    for seat in appointments:
        if seat.sits_on != locked.starts_on:
            seat.sits_on = locked.starts_on
            store(seat, by=by, reason="Hearing date changed")
    return locked


@transaction.atomic
def hearing_hold(
    *, hearing: Hearing, by, outcome: str, outcome_notified_on: dt.date | None = None
) -> Hearing:
    locked, stage = lock_hearing(hearing, HearingAct.HOLD, by=by)
    problems: dict[str, list[str]] = {}
    if locked.starts_on > timezone.localdate():
        problems["outcome"] = [f"The hearing starts on {locked.starts_on:%d/%m/%Y}: record it once held."]
    if not (outcome or "").strip():
        problems.setdefault("outcome", []).append("Enter the outcome of the hearing.")
    locked.stage, locked.outcome, locked.outcome_notified_on = (
        stage,
        (outcome or "").strip(),
        outcome_notified_on,
    )
    _not_future(problems, locked, {"outcome_notified_on": "date the outcome was notified"})
    if outcome_notified_on and outcome_notified_on < locked.starts_on:
        problems.setdefault("outcome_notified_on", []).append(
            "The outcome cannot be notified before the hearing."
        )
    return store(locked, by=by, reason="Hearing held", problems=problems)


@transaction.atomic
def hearing_notify(*, hearing: Hearing, by, outcome_notified_on: dt.date) -> Hearing:
    locked, _ = lock_hearing(hearing, HearingAct.NOTIFY, by=by)
    locked.outcome_notified_on = outcome_notified_on
    problems: dict[str, list[str]] = {}
    _not_future(problems, locked, {"outcome_notified_on": "date the outcome was notified"})
    if outcome_notified_on < locked.starts_on:
        problems["outcome_notified_on"] = ["The outcome cannot be notified before the hearing."]
    return store(locked, by=by, reason="Outcome notified", problems=problems)


@transaction.atomic
def hearing_adjourn(*, hearing: Hearing, by, reason: str) -> Hearing:
    locked, stage = lock_hearing(hearing, HearingAct.ADJOURN, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter why the hearing was adjourned."]})
    locked.stage = stage
    return store(locked, by=by, reason=f"Adjourned: {reason.strip()}")


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, by, reason: str) -> Hearing:
    locked, stage = lock_hearing(hearing, HearingAct.CANCEL, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter why the hearing was cancelled."]})
    locked.stage = stage
    return store(locked, by=by, reason=f"Cancelled: {reason.strip()}")


# --- notices of appeal and tribunals ------------------------------------------------------------------

APPEAL_FIELDS = frozenset({"force_reference", "received_on", "against", "rank_band", "hearing"})


def hearing_by_reference(reference: str) -> Hearing | None:
    """The hearing a notice appeals against, typed as its force reference (an indexed exact match)."""
    text = " ".join((reference or "").split())
    if not text:
        return None
    found = list(Hearing.objects.filter(force_reference__iexact=text).order_by("-starts_on", "-pk")[:2])
    if not found:
        raise ValidationError({"hearing": [f"No hearing on the register has the reference {text[:40]}."]})
    if len(found) > 1:
        raise ValidationError(
            {"hearing": [f"More than one hearing has the reference {text[:40]}: correct it in the admin."]}
        )
    return found[0]


def appeal_problems(appeal: Appeal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _not_future(
        errors,
        appeal,
        {
            "received_on": "date the notice was received",
            "tribunal_arranged_on": "date the tribunal was arranged",
        },
    )
    if appeal.hearing is not None and appeal.received_on and appeal.received_on < appeal.hearing.starts_on:
        errors.setdefault("received_on", []).append("The notice cannot come before the hearing it appeals.")
    if (
        appeal.tribunal_arranged_on
        and appeal.received_on
        and appeal.tribunal_arranged_on < appeal.received_on
    ):
        errors.setdefault("tribunal_arranged_on", []).append("It cannot be arranged before the notice came.")
    if appeal.tribunal_on and appeal.received_on and appeal.tribunal_on < appeal.received_on:
        errors.setdefault("tribunal_on", []).append("The tribunal cannot sit before the notice came.")
    return errors


def lock_appeal(appeal: Appeal, act: AppealAct, *, by) -> tuple[Appeal, str]:
    require_access(by)
    locked = Appeal.objects.select_for_update(of=("self",)).select_related("hearing").get(pk=appeal.pk)
    return locked, appeal_stage_after(locked.stage, act)


@transaction.atomic
def appeal_create(*, by, **fields) -> Appeal:
    require_access(by)
    appeal = Appeal(stage=AS.RECEIVED)
    _set(appeal, fields, APPEAL_FIELDS)
    return store(appeal, by=by, reason="Notice of appeal received", problems=appeal_problems(appeal))


@transaction.atomic
def appeal_update(*, appeal: Appeal, by, **fields) -> Appeal:
    locked, _ = lock_appeal(appeal, AppealAct.EDIT, by=by)
    _set(locked, fields, APPEAL_FIELDS)
    return store(locked, by=by, reason="Appeal details changed", problems=appeal_problems(locked))


@transaction.atomic
def appeal_arrange(*, appeal: Appeal, by, tribunal_arranged_on: dt.date, tribunal_on: dt.date) -> Appeal:
    locked, stage = lock_appeal(appeal, AppealAct.ARRANGE, by=by)
    locked.stage, locked.tribunal_arranged_on, locked.tribunal_on = stage, tribunal_arranged_on, tribunal_on
    problems = appeal_problems(locked)
    if tribunal_on < tribunal_arranged_on:
        problems.setdefault("tribunal_on", []).append("The tribunal cannot sit before it was arranged.")
    return store(locked, by=by, reason="Tribunal arranged", problems=problems)


@transaction.atomic
def appeal_hear(*, appeal: Appeal, by) -> Appeal:
    from complaints.services.rota import missing_seats

    locked, stage = lock_appeal(appeal, AppealAct.HEAR, by=by)
    if locked.tribunal_on and locked.tribunal_on > timezone.localdate():
        raise ValidationError(f"The tribunal sits on {locked.tribunal_on:%d/%m/%Y}: record it once heard.")
    if missing_seats(locked):
        raise ValidationError("Appoint the tribunal's members first.")
    locked.stage = stage
    return store(locked, by=by, reason="Tribunal heard")


@transaction.atomic
def appeal_determine(*, appeal: Appeal, by, outcome: str, outcome_notes: str = "") -> Appeal:
    locked, stage = lock_appeal(appeal, AppealAct.DETERMINE, by=by)
    if outcome not in Appeal.Outcome.values:
        raise ValidationError({"outcome": ["Choose the tribunal's determination."]})
    locked.stage, locked.outcome, locked.outcome_notes = stage, outcome, (outcome_notes or "").strip()
    return store(locked, by=by, reason="Tribunal determined")


@transaction.atomic
def appeal_withdraw(*, appeal: Appeal, by, reason: str) -> Appeal:
    locked, stage = lock_appeal(appeal, AppealAct.WITHDRAW, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter what the appellant said."]})
    locked.stage = stage
    return store(locked, by=by, reason=f"Withdrawn: {reason.strip()}")
