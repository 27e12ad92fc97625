"""Every grants write goes through these services (see docs/conventions.md)."""

from .applications import (
    application_approve,
    application_assess,
    application_create,
    application_reject,
    application_return,
    application_start_check,
    application_submit,
    application_update,
    conflict_declare,
    decision_barriers,
    organisation_duplicates,
    organisation_save,
)
from .awards import (
    agreement_sign,
    application_close,
    application_withdraw,
    award_vary,
    monitoring_receive,
    monitoring_schedule,
    payment_record,
)
from .funds import allocation_line_set, fund_year_create, fund_year_update, top_up_add

__all__ = [
    "agreement_sign",
    "allocation_line_set",
    "application_approve",
    "application_assess",
    "application_close",
    "application_create",
    "application_reject",
    "application_return",
    "application_start_check",
    "application_submit",
    "application_update",
    "application_withdraw",
    "award_vary",
    "conflict_declare",
    "decision_barriers",
    "fund_year_create",
    "fund_year_update",
    "monitoring_receive",
    "monitoring_schedule",
    "organisation_duplicates",
    "organisation_save",
    "payment_record",
    "top_up_add",
]
