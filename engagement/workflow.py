"""The module's transition tables: a case, an event, a nomination and a Youth Commissioner.

Every status change goes through `check_transition` in the services; pages offer only the actions
`allowed` returns for the record's status now.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError

from engagement.models import CaseStatus as C
from engagement.models import EventStatus as E
from engagement.models import MemberStatus as M
from engagement.models import NominationStatus as N


class Action(StrEnum):
    # case
    ASSIGN = "assign"
    START = "start"
    STOP_CLOCK = "stop_clock"
    RESTART_CLOCK = "restart_clock"
    RESPOND = "respond"
    CLOSE = "close"
    REOPEN = "reopen"
    # event
    ATTEND = "attend"
    CANCEL = "cancel"
    # nomination
    ELIGIBLE = "eligible"
    SHORTLIST = "shortlist"
    WIN = "win"
    RUNNER_UP = "runner_up"
    NOT_SELECT = "not_select"
    # Youth Commissioner
    INDUCT = "induct"
    ACTIVATE = "activate"
    END_TERM = "end_term"
    STAND_DOWN = "stand_down"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change (re-assigning a case in progress)
    label: str


OPEN_WORKING = frozenset({C.ASSIGNED, C.IN_PROGRESS, C.REOPENED})
# The clock stops only before the first response: a review's own clock runs from its request.

CASE_TRANSITIONS: dict[Action, Transition] = {
    Action.ASSIGN: Transition(
        frozenset({C.RECEIVED, C.ASSIGNED, C.IN_PROGRESS, C.AWAITING_INFORMATION, C.REOPENED}),
        None,
        "Assign",
    ),
    Action.START: Transition(frozenset({C.ASSIGNED}), C.IN_PROGRESS, "Start work"),
    Action.STOP_CLOCK: Transition(
        frozenset({C.ASSIGNED, C.IN_PROGRESS}), C.AWAITING_INFORMATION, "Stop the clock"
    ),
    Action.RESTART_CLOCK: Transition(frozenset({C.AWAITING_INFORMATION}), C.IN_PROGRESS, "Restart the clock"),
    Action.RESPOND: Transition(OPEN_WORKING, C.RESPONDED, "Record the response"),
    Action.CLOSE: Transition(frozenset({C.RESPONDED}), C.CLOSED, "Close"),
    Action.REOPEN: Transition(frozenset({C.RESPONDED, C.CLOSED}), C.REOPENED, "Reopen"),
}

EVENT_TRANSITIONS: dict[Action, Transition] = {
    Action.ATTEND: Transition(frozenset({E.PLANNED}), E.ATTENDED, "Record as attended"),
    Action.CANCEL: Transition(frozenset({E.PLANNED}), E.CANCELLED, "Cancel"),
}

NOMINATION_TRANSITIONS: dict[Action, Transition] = {
    Action.ELIGIBLE: Transition(frozenset({N.RECEIVED}), N.ELIGIBLE, "Mark as eligible"),
    Action.SHORTLIST: Transition(frozenset({N.ELIGIBLE}), N.SHORTLISTED, "Shortlist"),
    Action.WIN: Transition(frozenset({N.SHORTLISTED}), N.WINNER, "Record as winner"),
    Action.RUNNER_UP: Transition(frozenset({N.SHORTLISTED}), N.RUNNER_UP, "Record as runner-up"),
    Action.NOT_SELECT: Transition(
        frozenset({N.RECEIVED, N.ELIGIBLE, N.SHORTLISTED}), N.NOT_SELECTED, "Record as not selected"
    ),
}

MEMBER_TRANSITIONS: dict[Action, Transition] = {
    Action.INDUCT: Transition(frozenset({M.ELECTED}), M.INDUCTED, "Record induction"),
    Action.ACTIVATE: Transition(frozenset({M.INDUCTED}), M.ACTIVE, "Record as active"),
    Action.END_TERM: Transition(frozenset({M.ELECTED, M.INDUCTED, M.ACTIVE}), M.TERM_ENDED, "End of term"),
    Action.STAND_DOWN: Transition(frozenset({M.ELECTED, M.INDUCTED, M.ACTIVE}), M.STOOD_DOWN, "Stood down"),
}


def allowed(table: dict[Action, Transition], status: str) -> list[Action]:
    return [action for action, t in table.items() if status in t.sources]


def check_transition(table: dict[Action, Transition], action: Action, status: str, labels) -> str:
    """The status `action` leads to from `status`, or a ValidationError a person can act on."""
    transition = table[action]
    if status not in transition.sources:
        raise ValidationError(
            f"“{transition.label}” is not possible while the status is {labels(status).label.lower()}."
        )
    if transition.target is not None:
        return transition.target
    return C.ASSIGNED if status == C.RECEIVED else status  # assigning: a new case becomes assigned
