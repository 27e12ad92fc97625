"""The review workflow as one explicit table: action -> (statuses it may start from, target, who).

Services call `check_transition` under a row lock before changing anything; tests walk every status
x every action. A target of None keeps the status, or lets the service choose between the targets
the docstring of that service names (an extension reopens an out-of-time case; the last
outstanding information received returns a case to review).

Who: STAFF actions need the module (office staff and Reviews managers); MANAGER actions need
`complaints.decide_review` and, for a decision, no declared conflict of interest.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError

from complaints.models import Status


class Action(StrEnum):
    EDIT = "edit"
    ACKNOWLEDGE = "acknowledge"
    CHECK_BODY = "check_body"
    RECORD_FORWARDING = "record_forwarding"
    FORWARD_TO_IOPC = "forward_to_iopc"
    MARK_INVALID = "mark_invalid"
    MARK_OUT_OF_TIME = "mark_out_of_time"
    EXTEND = "extend"
    START_REVIEW = "start_review"
    REASSIGN = "reassign"
    DECLARE_CONFLICT = "declare_conflict"
    REQUEST_INFORMATION = "request_information"
    CHASE_INFORMATION = "chase_information"
    RECEIVE_INFORMATION = "receive_information"
    RECORD_FINDING = "record_finding"
    DECIDE = "decide"
    ADD_RECOMMENDATION = "add_recommendation"
    SEND_RECOMMENDATIONS = "send_recommendations"
    RECORD_RESPONSE = "record_response"
    ADD_LEARNING = "add_learning"
    CLOSE = "close"
    WITHDRAW = "withdraw"


class Who(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"


S = Status
INTAKE = frozenset({S.RECEIVED, S.ACKNOWLEDGED})
REVIEWING = frozenset({S.UNDER_REVIEW, S.AWAITING_FORCE})
OPEN = INTAKE | REVIEWING
AFTER_DECISION = frozenset({S.DECIDED, S.RECOMMENDATIONS_OUTSTANDING})

TRANSITIONS: dict[Action, tuple[frozenset[Status], Status | None, Who]] = {
    Action.EDIT: (OPEN, None, Who.STAFF),
    Action.ACKNOWLEDGE: (frozenset({S.RECEIVED}), S.ACKNOWLEDGED, Who.STAFF),
    Action.CHECK_BODY: (INTAKE, None, Who.STAFF),
    Action.RECORD_FORWARDING: (INTAKE, None, Who.STAFF),
    Action.FORWARD_TO_IOPC: (INTAKE, S.FORWARDED, Who.STAFF),
    Action.MARK_INVALID: (INTAKE, S.INVALID, Who.MANAGER),
    Action.MARK_OUT_OF_TIME: (INTAKE, S.OUT_OF_TIME, Who.MANAGER),
    # From out of time the case returns to acknowledged; otherwise the status stays.
    Action.EXTEND: (INTAKE | {S.OUT_OF_TIME}, None, Who.MANAGER),
    Action.START_REVIEW: (frozenset({S.ACKNOWLEDGED}), S.UNDER_REVIEW, Who.STAFF),
    Action.REASSIGN: (REVIEWING, None, Who.STAFF),
    Action.DECLARE_CONFLICT: (REVIEWING, None, Who.STAFF),
    Action.REQUEST_INFORMATION: (REVIEWING, S.AWAITING_FORCE, Who.STAFF),
    Action.CHASE_INFORMATION: (frozenset({S.AWAITING_FORCE}), None, Who.STAFF),
    # Back to under review once nothing is outstanding; awaiting force information until then.
    Action.RECEIVE_INFORMATION: (frozenset({S.AWAITING_FORCE}), None, Who.STAFF),
    Action.RECORD_FINDING: (REVIEWING, None, Who.MANAGER),
    Action.DECIDE: (frozenset({S.UNDER_REVIEW}), S.DECIDED, Who.MANAGER),
    Action.ADD_RECOMMENDATION: (frozenset({S.DECIDED}), None, Who.MANAGER),
    Action.SEND_RECOMMENDATIONS: (frozenset({S.DECIDED}), S.RECOMMENDATIONS_OUTSTANDING, Who.STAFF),
    Action.RECORD_RESPONSE: (frozenset({S.RECOMMENDATIONS_OUTSTANDING}), None, Who.STAFF),
    Action.ADD_LEARNING: (REVIEWING | AFTER_DECISION, None, Who.MANAGER),
    Action.CLOSE: (AFTER_DECISION, S.CLOSED, Who.MANAGER),
    Action.WITHDRAW: (OPEN, S.WITHDRAWN, Who.STAFF),
}

LABELS = {
    Action.EDIT: "edit the application",
    Action.ACKNOWLEDGE: "acknowledge it",
    Action.CHECK_BODY: "record the relevant review body check",
    Action.RECORD_FORWARDING: "record a misdirected application's forwarding",
    Action.FORWARD_TO_IOPC: "forward it to the IOPC",
    Action.MARK_INVALID: "mark it invalid",
    Action.MARK_OUT_OF_TIME: "mark it out of time",
    Action.EXTEND: "extend the time to apply",
    Action.START_REVIEW: "start the review",
    Action.REASSIGN: "change the reviewer",
    Action.DECLARE_CONFLICT: "declare a conflict of interest",
    Action.REQUEST_INFORMATION: "request information from the force",
    Action.CHASE_INFORMATION: "chase the force",
    Action.RECEIVE_INFORMATION: "record the force's information",
    Action.RECORD_FINDING: "record a finding",
    Action.DECIDE: "decide it",
    Action.ADD_RECOMMENDATION: "add a recommendation",
    Action.SEND_RECOMMENDATIONS: "send the recommendations to the force",
    Action.RECORD_RESPONSE: "record the force's response",
    Action.ADD_LEARNING: "add a learning point",
    Action.CLOSE: "close it",
    Action.WITHDRAW: "record that it was withdrawn",
}


def allowed_actions(status: str) -> list[Action]:
    return [action for action, (sources, _, _) in TRANSITIONS.items() if status in sources]


def who(action: Action) -> Who:
    return TRANSITIONS[action][2]


def check_transition(status: str, action: Action) -> Status | None:
    """The target status, or a ValidationError that says why not in words."""
    sources, target, _ = TRANSITIONS[action]
    if status not in sources:
        raise ValidationError(f"You cannot {LABELS[action]}: its status is {Status(status).label}.")
    return target
