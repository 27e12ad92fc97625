"""The two transition tables of the module: a volunteer's status and an AA call-out's status.

Every status change goes through `check_transition`, in the services; the pages offer only the
actions `allowed` returns for the record's status now.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from django.core.exceptions import ValidationError

from volunteers.models import CallOutStatus as C
from volunteers.models import VolunteerStatus as V


class Action(StrEnum):
    # volunteer
    ADVANCE = "advance"  # applicant → interviewed → references → vetting → training
    ACTIVATE = "activate"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    LEAVE = "leave"
    # call-out
    ASSIGN = "assign"
    ATTEND = "attend"
    COMPLETE = "complete"
    UNFILL = "unfill"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the target depends on the source (ADVANCE)
    label: str


RECRUITMENT = [V.APPLICANT, V.INTERVIEWED, V.REFERENCES, V.VETTING, V.TRAINING]
NEXT_STEP = dict(pairwise(RECRUITMENT))

VOLUNTEER_TRANSITIONS: dict[Action, Transition] = {
    Action.ADVANCE: Transition(frozenset(NEXT_STEP), None, "Move to the next recruitment step"),
    Action.ACTIVATE: Transition(frozenset({V.TRAINING}), V.ACTIVE, "Appoint as active"),
    Action.SUSPEND: Transition(frozenset({V.ACTIVE}), V.SUSPENDED, "Suspend"),
    Action.REINSTATE: Transition(frozenset({V.SUSPENDED}), V.ACTIVE, "Reinstate"),
    Action.LEAVE: Transition(frozenset(set(V) - {V.LEFT}), V.LEFT, "Record leaving"),
}

CALLOUT_TRANSITIONS: dict[Action, Transition] = {
    Action.ASSIGN: Transition(
        frozenset({C.REQUESTED, C.ASSIGNED}), C.ASSIGNED, "Assign an appropriate adult"
    ),
    Action.ATTEND: Transition(frozenset({C.ASSIGNED}), C.ATTENDED, "Record arrival"),
    Action.COMPLETE: Transition(frozenset({C.ATTENDED}), C.COMPLETED, "Complete"),
    Action.UNFILL: Transition(frozenset({C.REQUESTED, C.ASSIGNED}), C.UNFILLED, "Record as unfilled"),
    Action.CANCEL: Transition(frozenset({C.REQUESTED, C.ASSIGNED}), C.CANCELLED, "Cancel"),
}


def target_of(table: dict[Action, Transition], action: Action, status: str) -> str:
    transition = table[action]
    return transition.target if transition.target is not None else NEXT_STEP[V(status)]


def allowed(table: dict[Action, Transition], status: str) -> list[Action]:
    return [action for action, t in table.items() if status in t.sources]


def check_transition(table: dict[Action, Transition], action: Action, status: str, labels) -> str:
    """The status `action` leads to from `status`, or a ValidationError a person can act on."""
    transition = table[action]
    if status not in transition.sources:
        raise ValidationError(
            f"“{transition.label}” is not possible while the status is {labels(status).label.lower()}."
        )
    return target_of(table, action, status)
