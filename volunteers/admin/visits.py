"""Admin for custody visits and their issues.

A visit and its detainee counts are recorded and corrected on the visit pages, where the count
rules and the pairing rules are checked (`volunteers.services.visits`): here the counts, reasons not
offered and conditions are read-only inlines, nothing is added and only the notes can be touched.
An issue's status moves only through the issue pages. Visits name the visitors: each view of one is
in the audit trail. Nothing is deleted.
"""

from __future__ import annotations

from django.contrib import admin

from opcc.core.admin_base import OfficeAdmin, ReadOnlyInline
from volunteers.models import CustodyVisit, VisitCondition, VisitCount, VisitIssue, VisitNotOffered


class CountInline(ReadOnlyInline):
    model = VisitCount
    fields = ("age_group", "sex", "detained", "offered", "accepted", "refused")
    show_change_link = False


class NotOfferedInline(ReadOnlyInline):
    model = VisitNotOffered
    fields = ("reason", "count")
    show_change_link = False


class ConditionInline(ReadOnlyInline):
    model = VisitCondition
    fields = ("item", "result", "note")
    show_change_link = False


class IssueInline(ReadOnlyInline):
    model = VisitIssue
    fields = ("category", "subcategory", "status", "raised_on", "closed_on")


@admin.register(CustodyVisit)
class CustodyVisitAdmin(OfficeAdmin):
    audit_reads = True
    list_display = (
        "reference",
        "visited_on",
        "suite",
        "mode",
        "admission_delay_minutes",
        "report_submitted_on",
    )
    list_filter = ("suite", "mode")
    list_select_related = ("suite",)
    search_fields = ("=reference",)
    search_help_text = "The visit's reference, exactly (ICV-2025-0001)."
    date_hierarchy = "visited_on"
    ordering = ("-visited_on", "-arrived_at", "-pk")
    fields = (
        "reference",
        "suite",
        "visited_on",
        "arrived_at",
        "admitted_at",
        "left_at",
        "admission_delay_minutes",
        "mode",
        "visitor_names",
        "pair_exception",
        "detainees_present",
        "report_submitted_on",
        "notes",
    )
    editable = ("notes",)
    inlines = (CountInline, NotOfferedInline, ConditionInline, IssueInline)

    @admin.display(description="Visitors")
    def visitor_names(self, obj):
        return ", ".join(v.name for v in obj.visitors.all()) or "None recorded"


@admin.register(VisitIssue)
class VisitIssueAdmin(OfficeAdmin):
    list_display = ("__str__", "raised_on", "category", "status", "closed_on")
    list_filter = ("status", "category")
    list_select_related = ("visit",)
    search_fields = ("=visit__reference",)
    search_help_text = "The visit's reference, exactly (ICV-2025-0001)."
    date_hierarchy = "raised_on"
    ordering = ("-raised_on", "-pk")
    raw_id_fields = ("follow_up_owner",)
    fields = (
        "visit",
        "category",
        "subcategory",
        "description",
        "raised_at_time",
        "staff_response",
        "follow_up_owner",
        "status",
        "raised_on",
        "closed_on",
        "outcome",
    )
    editable = ("description", "staff_response", "outcome")
