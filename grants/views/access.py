"""Which steps THIS user may take on an application NOW.

A step appears only when the workflow allows it from the current status
(grants.workflow.allowed_actions), the user holds the permission the service checks, and, for
decisions, grants.services.decision_barriers has nothing to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from grants.models import Status
from grants.services import decision_barriers
from grants.workflow import Action, allowed_actions

from .common import DECIDE, ENTER

# action -> (url name, button text, permission, how the button looks)
STEPS: dict[Action, tuple[str, str, str, str]] = {
    Action.SUBMIT: ("application_submit", "Submit the application", ENTER, ""),
    Action.START_CHECK: ("application_start_check", "Start the eligibility check", ENTER, ""),
    Action.ASSESS: ("application_assess", "Assess and recommend", ENTER, ""),
    Action.APPROVE: ("application_approve", "Approve", DECIDE, ""),
    Action.REJECT: ("application_reject", "Reject", DECIDE, "warning"),
    Action.RETURN: ("application_return", "Return for more information", DECIDE, "secondary"),
    Action.SIGN_AGREEMENT: ("application_agreement", "Record the signed agreement", ENTER, ""),
    Action.RECORD_PAYMENT: ("application_payment", "Record a payment", "grants.add_payment", ""),
    Action.SCHEDULE_MONITORING: (
        "application_monitoring_schedule",
        "Schedule a monitoring return",
        "grants.add_monitoringreturn",
        "secondary",
    ),
    Action.VARY: ("application_vary", "Vary the award", DECIDE, "secondary"),
    Action.CLOSE: ("application_close", "Close the grant", ENTER, "secondary"),
    Action.EDIT: ("application_edit", "Change the details", ENTER, "secondary"),
    Action.WITHDRAW: ("application_withdraw", "Withdraw", ENTER, "warning"),
}
DECISIONS = (Action.APPROVE, Action.REJECT, Action.RETURN)
CONFLICT_STATUSES = {Status.SUBMITTED, Status.ELIGIBILITY_CHECK, Status.ASSESSED, Status.RETURNED}


# Steps that need nothing but the button: posted straight from the application page.
POST_STEPS = {Action.SUBMIT, Action.START_CHECK}


@dataclass
class Step:
    action: str
    label: str
    url: str
    style: str = ""
    post: bool = False


@dataclass
class Steps:
    steps: list[Step] = field(default_factory=list)
    # Why a manager cannot decide (shown instead of the decision buttons).
    barriers: list[str] = field(default_factory=list)
    can_declare_conflict: bool = False
    can_record_monitoring: bool = False


def steps_for(application, user, *, left_to_pay=None, conflict_declared: bool = False) -> Steps:
    result = Steps()
    allowed = allowed_actions(application.status)
    barriers: list[str] | None = None
    awarded = hasattr(application, "award")
    for action, (url_name, label, perm, style) in STEPS.items():
        if action == Action.WITHDRAW:
            perm = DECIDE if awarded else ENTER  # a manager withdraws an award, staff the rest
        if action not in allowed or not user.has_perm(perm):
            continue
        if action in DECISIONS or action == Action.VARY:
            if barriers is None:
                barriers = decision_barriers(application=application, user=user)
            blocking = barriers if action in DECISIONS else [b for b in barriers if "assessed" not in b]
            if blocking:
                if action in DECISIONS:
                    result.barriers = blocking
                continue
        if action == Action.RECORD_PAYMENT and left_to_pay is not None and left_to_pay <= 0:
            continue
        url = reverse(f"grants:{url_name}", args=[application.pk])
        result.steps.append(Step(action, label, url, style, post=action in POST_STEPS))
    result.can_declare_conflict = (
        application.status in CONFLICT_STATUSES
        and not conflict_declared
        and (user.has_perm(ENTER) or user.has_perm(DECIDE))
    )
    result.can_record_monitoring = Action.RECEIVE_MONITORING in allowed and user.has_perm(
        "grants.change_monitoringreturn"
    )
    return result
