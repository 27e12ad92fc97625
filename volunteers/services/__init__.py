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
from .people import (
    training_record,
    volunteer_create,
    volunteer_reaccredit,
    volunteer_transition,
    volunteer_update,
)

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
    "may_coordinate",
    "require_coordinator",
    "require_eligible",
    "training_record",
    "volunteer_create",
    "volunteer_reaccredit",
    "volunteer_transition",
    "volunteer_update",
]
