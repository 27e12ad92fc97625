"""Every write of the custody schemes module, keyword-only and checked here (not only in forms)."""

from .callouts import (
    assign_candidates,
    callout_assign,
    callout_attend,
    callout_cancel,
    callout_complete,
    callout_record,
    callout_request,
    callout_unfill,
)
from .common import ACCESS, COORDINATE, may_coordinate, require_coordinator
from .eligibility import barriers, eligible, require_eligible
from .issues import issue_close, issue_escalate, issue_raise, issue_record_response
from .people import (
    training_record,
    volunteer_create,
    volunteer_reaccredit,
    volunteer_transition,
    volunteer_update,
)
from .rota import (
    rota_confirm,
    rota_slot_cancel,
    rota_slot_change_pair,
    rota_slot_create,
    rota_slot_link_visit,
)
from .rota_suggest import rota_suggest
from .visits import visit_record, visit_report_submitted, visit_update

__all__ = [
    "ACCESS",
    "COORDINATE",
    "assign_candidates",
    "barriers",
    "callout_assign",
    "callout_attend",
    "callout_cancel",
    "callout_complete",
    "callout_record",
    "callout_request",
    "callout_unfill",
    "eligible",
    "issue_close",
    "issue_escalate",
    "issue_raise",
    "issue_record_response",
    "may_coordinate",
    "require_coordinator",
    "require_eligible",
    "rota_confirm",
    "rota_slot_cancel",
    "rota_slot_change_pair",
    "rota_slot_create",
    "rota_slot_link_visit",
    "rota_suggest",
    "training_record",
    "visit_record",
    "visit_report_submitted",
    "visit_update",
    "volunteer_create",
    "volunteer_reaccredit",
    "volunteer_transition",
    "volunteer_update",
]
