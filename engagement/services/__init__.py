"""Every write in the module: casework and its clock, the calls log, events, consultations, awards
and Youth Commissioners. Views call these; nothing else writes."""

from .awards import (
    edition_create,
    edition_update,
    nomination_create,
    nomination_decide,
    nomination_update,
)
from .calls import call_add, call_day_set
from .casework import assignable_users, case_assign, case_create, case_link, case_start, case_update
from .clock_actions import case_close, case_extend, case_reopen, case_respond, clock_restart, clock_stop
from .common import may_record, may_see_youth, require_recorder, require_youth
from .consultations import (
    consultation_create,
    consultation_update,
    phase_add,
    phase_delete,
    phase_update,
    result_add,
    result_delete,
)
from .events import event_create, event_transition, event_update
from .youth import (
    activity_add,
    activity_update,
    cohort_create,
    cohort_update,
    member_add,
    member_transition,
    member_update,
)

__all__ = [
    "activity_add",
    "activity_update",
    "assignable_users",
    "call_add",
    "call_day_set",
    "case_assign",
    "case_close",
    "case_create",
    "case_extend",
    "case_link",
    "case_reopen",
    "case_respond",
    "case_start",
    "case_update",
    "clock_restart",
    "clock_stop",
    "cohort_create",
    "cohort_update",
    "consultation_create",
    "consultation_update",
    "edition_create",
    "edition_update",
    "event_create",
    "event_transition",
    "event_update",
    "may_record",
    "may_see_youth",
    "member_add",
    "member_transition",
    "member_update",
    "nomination_create",
    "nomination_decide",
    "nomination_update",
    "phase_add",
    "phase_delete",
    "phase_update",
    "require_recorder",
    "require_youth",
    "result_add",
    "result_delete",
]
