"""The application workflow as one explicit table: action -> (statuses it may start from, target).

Services call `check_transition` before changing status; tests walk every status x every action.
A target of None means the action keeps the status (e.g. a part payment).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError

from grants.models import Status


class Action(StrEnum):
    SUBMIT = "submit"
    START_CHECK = "start_check"
    MARK_INELIGIBLE = "mark_ineligible"
    ASSESS = "assess"
    APPROVE = "approve"
    REJECT = "reject"
    RETURN = "return"
    SIGN_AGREEMENT = "sign_agreement"
    RECORD_PAYMENT = "record_payment"
    SCHEDULE_MONITORING = "schedule_monitoring"
    RECEIVE_MONITORING = "receive_monitoring"
    VARY = "vary"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    EDIT = "edit"


AWARDED = frozenset({Status.APPROVED, Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE})

TRANSITIONS: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.EDIT: (
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.ELIGIBILITY_CHECK, Status.RETURNED}),
        None,
    ),
    Action.SUBMIT: (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    Action.START_CHECK: (frozenset({Status.SUBMITTED}), Status.ELIGIBILITY_CHECK),
    Action.MARK_INELIGIBLE: (frozenset({Status.ELIGIBILITY_CHECK}), Status.INELIGIBLE),
    Action.ASSESS: (frozenset({Status.ELIGIBILITY_CHECK}), Status.ASSESSED),
    Action.APPROVE: (frozenset({Status.ASSESSED}), Status.APPROVED),
    Action.REJECT: (frozenset({Status.ASSESSED}), Status.REJECTED),
    Action.RETURN: (frozenset({Status.ASSESSED}), Status.RETURNED),
    Action.SIGN_AGREEMENT: (frozenset({Status.APPROVED}), Status.AGREEMENT_SIGNED),
    # Becomes PAID once the award is paid in full (the service decides); part payments keep status.
    Action.RECORD_PAYMENT: (frozenset({Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE}), None),
    Action.SCHEDULE_MONITORING: (
        frozenset({Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE}),
        None,
    ),
    Action.RECEIVE_MONITORING: (
        frozenset({Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE}),
        None,
    ),
    Action.VARY: (AWARDED, None),
    Action.CLOSE: (frozenset({Status.MONITORING_DUE}), Status.CLOSED),
    Action.WITHDRAW: (
        frozenset(
            {
                Status.DRAFT,
                Status.SUBMITTED,
                Status.ELIGIBILITY_CHECK,
                Status.ASSESSED,
                Status.RETURNED,
                *AWARDED,
            }
        ),
        Status.WITHDRAWN,
    ),
}

LABELS = {
    Action.EDIT: "edit it",
    Action.SUBMIT: "submit it",
    Action.START_CHECK: "start the eligibility check",
    Action.MARK_INELIGIBLE: "mark it ineligible",
    Action.ASSESS: "assess it",
    Action.APPROVE: "approve it",
    Action.REJECT: "reject it",
    Action.RETURN: "return it for more information",
    Action.SIGN_AGREEMENT: "record the signed agreement",
    Action.RECORD_PAYMENT: "record a payment",
    Action.SCHEDULE_MONITORING: "schedule a monitoring return",
    Action.RECEIVE_MONITORING: "record a monitoring return",
    Action.VARY: "vary the award",
    Action.CLOSE: "close it",
    Action.WITHDRAW: "withdraw it",
}


def allowed_actions(status: str) -> list[Action]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def check_transition(status: str, action: Action) -> Status | None:
    """The target status, or a ValidationError that says why not in words."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise ValidationError(f"You cannot {LABELS[action]}: its status is {Status(status).label}.")
    return target
