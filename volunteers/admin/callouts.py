"""Admin for appropriate adult call-outs.

A call-out's status, times, AA and outcome move only through the call-out pages (the transition
table, the eligibility rule, history): here every field but the notes is read-only, nothing is
added and nothing deleted. Each view of a call-out (a custody number) is in the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from opcc.core.admin_base import OfficeAdmin
from volunteers.filters.callouts import callout_search
from volunteers.models import CallOut


@admin.register(CallOut)
class CallOutAdmin(OfficeAdmin):
    audit_reads = True
    list_display = (
        "reference",
        "requested_at",
        "suite",
        "detainee_age",
        "status",
        "volunteer",
        "response_minutes",
        "outcome",
    )
    list_filter = ("status", "suite", "detainee_age", "outcome")  # bounded lists
    list_select_related = ("suite", "volunteer")
    search_fields = ("reference",)  # shows the box; the search itself is the list's
    search_help_text = "A reference (or its start, like AA-2025) or a custody number (or its start)."
    ordering = ("-requested_at", "-pk")
    sortable_by = ("reference", "requested_at", "status")
    fields = (
        "reference",
        "status",
        "requested_at",
        "requested_on",
        "suite",
        "officer_rank",
        "officer_number",
        "custody_number",
        "detainee_age",
        "vulnerable_mental_health",
        "vulnerable_learning_disability",
        "vulnerable_autism",
        "vulnerable_other",
        "vulnerability_note",
        "volunteer",
        "assigned_at",
        "arrived_at",
        "response_minutes",
        "ended_at",
        "attended_rights",
        "attended_interview",
        "attended_charge",
        "attended_search",
        "attended_identification",
        "attended_review",
        "attendances",
        "outcome",
        "unfilled_reason",
        "status_reason",
        "notes",
    )
    editable = ("notes",)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return callout_search(queryset, search_term), False
