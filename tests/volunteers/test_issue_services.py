"""Visit issues: every status x every action, dates, sub-categories, owners, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.volunteers.test_visit_support import make_issue, make_visit
from volunteers.models import IssueStatus, VisitIssue
from volunteers.services import issue_close, issue_escalate, issue_raise, issue_record_response
from volunteers.services.issues import allowed_issue_actions

pytestmark = pytest.mark.django_db

ALLOWED = {
    # status: {action: status after}
    IssueStatus.OPEN: {"escalate": IssueStatus.ESCALATED, "close": IssueStatus.CLOSED},
    IssueStatus.ESCALATED: {"respond": IssueStatus.RESPONDED, "close": IssueStatus.CLOSED},
    IssueStatus.RESPONDED: {"close": IssueStatus.CLOSED},
    IssueStatus.CLOSED: {},
}


def act(action: str, issue: VisitIssue, by, on: dt.date):
    if action == "escalate":
        return issue_escalate(issue=issue, by=by, on=on, note="Inspector Jones")
    if action == "respond":
        return issue_record_response(issue=issue, by=by, on=on, response="Fixed")
    return issue_close(issue=issue, by=by, on=on, outcome="Resolved")


@pytest.mark.parametrize("status", list(IssueStatus))
@pytest.mark.parametrize("action", ["escalate", "respond", "close"])
def test_every_status_by_every_action(vol_users, status, action):
    by = vol_users.coordinator
    issue = make_issue(status=status, by=by)
    assert issue.status == status
    on = issue.raised_on
    target = ALLOWED[status].get(action)
    assert (action in allowed_issue_actions(status)) == (target is not None)
    if target is None:
        with pytest.raises(ValidationError, match="You cannot"):
            act(action, issue, by, on)
        issue.refresh_from_db()
        assert issue.status == status
    else:
        assert act(action, issue, by, on).status == target


def test_closing_sets_date_and_outcome_and_is_final(vol_users):
    by = vol_users.coordinator
    issue = issue_close(issue=make_issue(by=by), by=by, on=timezone.localdate(), outcome="  Resolved  ")
    assert (issue.closed_on, issue.outcome) == (timezone.localdate(), "Resolved")
    with pytest.raises(ValidationError):
        issue_close(issue=issue, by=by, on=timezone.localdate(), outcome="Again")


@pytest.mark.parametrize("step", ["escalate", "respond", "close"])
def test_step_dates_not_before_raised_nor_in_the_future(vol_users, step):
    by = vol_users.coordinator
    issue = make_issue(status=IssueStatus.ESCALATED if step == "respond" else IssueStatus.OPEN, by=by)
    with pytest.raises(ValidationError, match="before the issue was raised"):
        act(step, issue, by, issue.raised_on - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="future"):
        act(step, issue, by, timezone.localdate() + dt.timedelta(days=1))
    issue.refresh_from_db()
    assert issue.closed_on is None


def test_history_reads_as_the_exchange(vol_users):
    by = vol_users.coordinator
    issue = make_issue(status=IssueStatus.RESPONDED, by=by)
    reasons = [h.history_change_reason for h in issue.history.order_by("history_id")]
    assert reasons[0] == "Issue raised"
    assert reasons[1].startswith("Escalated to the force on") and reasons[1].endswith("Custody inspector")
    assert reasons[2].endswith("Medication log now checked.")


def raise_args(visit, **overrides):
    return {
        "visit": visit,
        "category": "rights",
        "subcategory": "legal_advice",
        "description": "Legal advice requested and not yet called.",
        "raised_at_time": True,
        "staff_response": "",
        "follow_up_owner": None,
    } | overrides


def test_subcategory_must_belong_to_the_category(vol_users):
    by = vol_users.coordinator
    visit = make_visit(by)
    with pytest.raises(ValidationError) as caught:
        issue_raise(by=by, **raise_args(visit, subcategory="medication"))
    assert caught.value.message_dict["subcategory"] == ["Choose a sub-category of rights and entitlements."]
    with pytest.raises(ValidationError, match="category"):
        issue_raise(by=by, **raise_args(visit, category="weather"))
    issue = issue_raise(by=by, **raise_args(visit))
    assert issue.raised_on == visit.visited_on
    assert issue.status == IssueStatus.OPEN


def test_owner_must_be_a_coordinator_and_staff_response_needs_raised_at_time(vol_users):
    by = vol_users.coordinator
    visit = make_visit(by)
    with pytest.raises(ValidationError, match="follow-up owner must be a volunteer coordinator"):
        issue_raise(by=by, **raise_args(visit, follow_up_owner=vol_users.staff))
    with pytest.raises(ValidationError, match="raised at the time"):
        issue_raise(by=by, **raise_args(visit, raised_at_time=False, staff_response="Noted"))
    with pytest.raises(ValidationError, match="Enter what was found"):
        issue_raise(by=by, **raise_args(visit, description="   "))
    with pytest.raises(ValidationError):
        issue_raise(by=by, **raise_args(visit, description="x\x00y"))
    assert not VisitIssue.objects.exists()
    issue = issue_raise(by=by, **raise_args(visit, follow_up_owner=vol_users.other_coordinator))
    assert issue.follow_up_owner == vol_users.other_coordinator


@pytest.mark.parametrize("who", ["staff", "administrator", "grants_manager", "reports"])
def test_only_coordinators_change_issues(vol_users, who):
    issue = make_issue(by=vol_users.coordinator)
    user = getattr(vol_users, who)
    with pytest.raises(PermissionDenied):
        issue_raise(by=user, **raise_args(issue.visit))
    for action in ("escalate", "close"):
        with pytest.raises(PermissionDenied):
            act(action, issue, user, issue.raised_on)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.OPEN
