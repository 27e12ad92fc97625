"""Admin for correspondence: the categories and their clock rules (the Administrator edits these),
cases and the calls log (shown, never changed here: they move through the module's pages, where
the services keep the clock, the status and the due date's trail).

A category's new rule applies to cases logged (or moved to it) afterwards; stored due dates are not
redrawn.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from engagement.models import CallDay, Case, Category, ClockRule, ClockStop, DueDateChange
from opcc.core.admin_base import OfficeAdmin, ReadOnlyInline, ViewOnlyAdmin


class CategoryForm(forms.ModelForm):
    """The rule and its days agree (the table's constraint), said on the days field in words."""

    class Meta:
        model = Category
        fields = ("name", "regime", "rule", "days", "review_days", "sort_order", "active")

    def clean(self):
        cleaned = super().clean()
        rule, days = cleaned.get("rule"), cleaned.get("days")
        if rule == ClockRule.SAR and days is not None:
            self.add_error(
                "days", "Leave the days blank: the calendar-month rule counts to the matching date."
            )
        elif rule and rule != ClockRule.SAR and days is None:
            self.add_error("days", "Enter the working days to respond (for example 10, or 20 for FOI).")
        return cleaned


@admin.register(Category)
class CategoryAdmin(OfficeAdmin):
    """Added, renamed, re-timed or retired (untick active); never deleted: cases name them."""

    form = CategoryForm
    can_add = True
    list_display = ("name", "regime", "rule", "days", "review_days", "active")
    list_filter = ("active", "rule", "regime")
    search_fields = ("name",)
    ordering = ("sort_order", "name", "pk")
    fields = ("name", "regime", "rule", "days", "review_days", "sort_order", "active")


class StopInline(ReadOnlyInline):
    model = ClockStop
    fields = ("reason", "started_on", "ended_on", "note")
    verbose_name = "clock stop"


class DueChangeInline(ReadOnlyInline):
    model = DueDateChange
    fields = ("changed_at", "previous_due_on", "due_on", "reason", "changed_by")
    related = ("changed_by",)
    verbose_name = "due date change"


@admin.register(Case)
class CaseAdmin(ViewOnlyAdmin):
    """Correspondents' details are personal data: each view of a case is in the audit trail."""

    audit_reads = True
    inlines = (StopInline, DueChangeInline)
    list_display = ("reference", "received_at", "category", "subject", "status", "assigned_to", "due_on")
    list_filter = ("status", "category", "channel")  # bounded lists
    list_select_related = ("category", "assigned_to")
    search_fields = ("=reference",)
    search_help_text = "A reference, exactly (like COR-2025-0001)."
    ordering = ("-received_at", "-pk")
    sortable_by = ("reference", "received_at", "due_on")
    fields = (
        "reference",
        "status",
        "received_at",
        "channel",
        "category",
        "correspondent_name",
        "correspondent_organisation",
        "correspondent_email",
        "correspondent_phone",
        "correspondent_address",
        "representative",
        "on_behalf_of",
        "subject",
        "summary",
        "area",
        "team",
        "assigned_to",
        "due_on",
        "clock_stopped_since",
        "extended_on",
        "extension_reason",
        "responded_on",
        "response_due_on",
        "working_days_taken",
        "outcome",
        "exemptions",
        "response_note",
        "closed_on",
        "reopen_reason",
        "review_requested_on",
        "review_due_on",
        "review_outcome",
        "review_completed_on",
        "complaint_review",
        "grant_application",
    )

    def get_search_results(self, request, queryset, search_term):
        """The reference as typed, in either case (references are stored in capitals)."""
        return super().get_search_results(request, queryset, search_term.strip().upper())


@admin.register(CallDay)
class CallDayAdmin(ViewOnlyAdmin):
    list_display = ("date", "calls_answered", "note", "updated_by", "updated_at")
    list_select_related = ("updated_by",)
    date_hierarchy = "date"
    ordering = ("-date",)
    fields = ("date", "calls_answered", "note", "updated_by", "updated_at")
