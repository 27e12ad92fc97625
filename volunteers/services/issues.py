"""Issues found on a custody visit: raised, escalated to the force, answered, closed.

open -> escalated -> responded -> closed, and closing is allowed from any open status (an issue put
right at the time needs no escalation); closed is final. The force's answer and each step's note go
on the history row, so the issue page's timeline reads as the exchange happened.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.services import save
from volunteers.models import SUBCATEGORIES, CustodyVisit, IssueCategory, IssueStatus, VisitIssue

from .common import may_coordinate, require_coordinator


class IssueAction(StrEnum):
    ESCALATE = "escalate"
    RESPOND = "respond"
    CLOSE = "close"


ISSUE_TRANSITIONS: dict[IssueAction, tuple[frozenset[str], str]] = {
    IssueAction.ESCALATE: (frozenset({IssueStatus.OPEN}), IssueStatus.ESCALATED),
    IssueAction.RESPOND: (frozenset({IssueStatus.ESCALATED}), IssueStatus.RESPONDED),
    IssueAction.CLOSE: (
        frozenset({IssueStatus.OPEN, IssueStatus.ESCALATED, IssueStatus.RESPONDED}),
        IssueStatus.CLOSED,
    ),
}
ACTION_LABELS = {
    IssueAction.ESCALATE: "escalate",
    IssueAction.RESPOND: "record the force's response to",
    IssueAction.CLOSE: "close",
}
LONG_TEXT = 10_000


def allowed_issue_actions(status: str) -> list[IssueAction]:
    return [action for action, (sources, _) in ISSUE_TRANSITIONS.items() if status in sources]


def _move(issue: VisitIssue, action: IssueAction) -> str:
    sources, target = ISSUE_TRANSITIONS[action]
    if issue.status not in sources:
        status = IssueStatus(issue.status).label.lower()
        raise ValidationError(f"You cannot {ACTION_LABELS[action]} an issue that is {status}.")
    return target


def _day(issue: VisitIssue, on: dt.date, *, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": f"The {what} cannot be in the future."})
    if on < issue.raised_on:
        raise ValidationError(
            {"on": f"The {what} cannot be before the issue was raised ({long_date(issue.raised_on)})."}
        )


def _text(value: str, *, field: str, what: str, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: f"Enter {what}."})
    if len(value) > LONG_TEXT:
        raise ValidationError({field: f"Shorten {what} to {LONG_TEXT:,} characters or fewer."})
    return value


@transaction.atomic
def issue_raise(
    *,
    visit: CustodyVisit,
    by,
    category: str,
    subcategory: str,
    description: str,
    raised_at_time: bool,
    staff_response: str = "",
    follow_up_owner=None,
) -> VisitIssue:
    """An issue found on `visit`, dated the visit's day; the sub-category must be the category's."""
    require_coordinator(by, action="raise visit issues")
    visit = CustodyVisit.objects.select_for_update().get(pk=visit.pk)
    if category not in IssueCategory.values:
        raise ValidationError({"category": "Choose the category of the issue."})
    if subcategory not in dict(SUBCATEGORIES[category]):
        label = IssueCategory(category).label.lower()
        raise ValidationError({"subcategory": f"Choose a sub-category of {label}."})
    description = _text(description, field="description", what="what was found", required=True)
    staff_response = _text(
        staff_response, field="staff_response", what="the staff's response", required=False
    )
    if staff_response and not raised_at_time:
        raise ValidationError(
            {
                "staff_response": "A response from custody staff means it was raised at the time: tick that box."
            }
        )
    if follow_up_owner is not None and not may_coordinate(follow_up_owner):
        raise ValidationError({"follow_up_owner": "The follow-up owner must be a volunteer coordinator."})
    issue = VisitIssue(
        visit=visit,
        category=category,
        subcategory=subcategory,
        description=description,
        raised_at_time=raised_at_time,
        staff_response=staff_response,
        follow_up_owner=follow_up_owner,
        raised_on=visit.visited_on,
    )
    return save(issue, by=by, reason="Issue raised")


def _locked(issue: VisitIssue) -> VisitIssue:
    return VisitIssue.objects.select_for_update().select_related("visit").get(pk=issue.pk)


@transaction.atomic
def issue_escalate(*, issue: VisitIssue, by, on: dt.date, note: str = "") -> VisitIssue:
    """Taken up with the force (the custody inspector or the force lead) on `on`."""
    require_coordinator(by, action="escalate visit issues")
    issue = _locked(issue)
    issue.status = _move(issue, IssueAction.ESCALATE)
    _day(issue, on, what="date it was escalated")
    note = _text(note, field="note", what="the note", required=False)
    return save(
        issue, by=by, reason=f"Escalated to the force on {long_date(on)}" + (f": {note}" if note else "")
    )


@transaction.atomic
def issue_record_response(*, issue: VisitIssue, by, on: dt.date, response: str) -> VisitIssue:
    """The force's answer to an escalated issue, received on `on`."""
    require_coordinator(by, action="record the force's response")
    issue = _locked(issue)
    issue.status = _move(issue, IssueAction.RESPOND)
    _day(issue, on, what="date of the response")
    response = _text(response, field="response", what="the force's response", required=True)
    return save(issue, by=by, reason=f"Force responded on {long_date(on)}: {response}")


@transaction.atomic
def issue_close(*, issue: VisitIssue, by, on: dt.date, outcome: str) -> VisitIssue:
    """Closed with its outcome; from any open status, and final."""
    require_coordinator(by, action="close visit issues")
    issue = _locked(issue)
    issue.status = _move(issue, IssueAction.CLOSE)
    _day(issue, on, what="date it was closed")
    issue.outcome = _text(outcome, field="outcome", what="the outcome", required=True)
    issue.closed_on = on
    return save(issue, by=by, reason=f"Closed on {long_date(on)}")
