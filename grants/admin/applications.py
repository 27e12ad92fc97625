"""Admin for applications and everything after them (read-only where decided).

At national scale (millions of rows): no `date_hierarchy` (its date links read every row),
searches by a reference's start (the reference index) or the grants list's indexed search,
sorts only by columns an index serves, and raw ids for large foreign keys.
"""

from __future__ import annotations

from django.contrib import admin

from grants.filters import application_search
from grants.models import (
    Application,
    Assessment,
    Award,
    ConflictDeclaration,
    Decision,
    MonitoringReturn,
    Payment,
    Variation,
)
from grants.resources import HistoricalAwardResource
from opcc.core.admin import CheckboxesMixin
from opcc.core.admin_base import ImportExportAdmin, OfficeAdmin, ReadOnlyInline, ViewOnlyAdmin, gbp

from .base import area_filter, fund_year_filter


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = (
        "recommendation",
        "recommended_gbp",
        "reasons",
        "conflict_of_interest",
        "assessed_by",
        "assessed_at",
    )
    related = ("assessed_by",)
    recommended_gbp = gbp("recommended_amount", "recommended amount")


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = ("outcome", "amount_gbp", "reason", "decided_by", "decided_on")
    related = ("decided_by",)
    amount_gbp = gbp("amount", "amount")


class ConflictDeclarationInline(ReadOnlyInline):
    model = ConflictDeclaration
    fields = ("user", "details", "created_at")
    related = ("user",)


@admin.register(Application)
class ApplicationAdmin(CheckboxesMixin, ImportExportAdmin):
    resource_classes = [HistoricalAwardResource]
    audit_reads = True  # personal data: each view of a record is in the audit trail
    list_display = (
        "reference",
        "project_title",
        "organisation",
        "fund_year",
        "allocation_line",
        "requested_gbp",
        "status",
        "received_on",
    )
    list_filter = (
        "status",
        fund_year_filter("fund_year"),
        area_filter("area"),
        "organisation__org_type",
    )
    search_fields = ("^reference", "project_title", "organisation__name")
    search_help_text = (
        "A reference (or its start), a charity or company number, or words from the title or name."
    )
    list_select_related = (
        "organisation",
        "fund_year__fund",
        "fund_year__financial_year",
        "allocation_line__area",
    )
    ordering = ("-received_on", "-pk")
    sortable_by = ("reference", "project_title", "requested_gbp", "status", "received_on")
    checkbox_fields = ("themes",)  # a short vocabulary
    raw_id_fields = ("organisation",)
    inlines = (AssessmentInline, DecisionInline, ConflictDeclarationInline)
    fields = (
        "reference",
        "status",
        "status_changed_at",
        "fund_year",
        "allocation_line",
        "organisation",
        "project_title",
        "summary",
        "themes",
        "requested_gbp",
        "beneficiaries",
        "beneficiaries_count",
        "planned_start",
        "planned_end",
        "received_on",
        "crime_reduction_rationale",
        "returned_reason",
        "entered_by",
    )
    editable = (
        "project_title",
        "summary",
        "themes",
        "beneficiaries",
        "beneficiaries_count",
        "planned_start",
        "planned_end",
        "crime_reduction_rationale",
    )
    requested_gbp = gbp("amount_requested", "amount requested")

    def get_search_results(self, request, queryset, search_term):
        """The grants list's search: the reference index, or trigram indexes joined by ids (no scan)."""
        if not search_term.strip():
            return queryset, False
        return application_search(queryset, search_term), False


@admin.register(Assessment)
class AssessmentAdmin(ViewOnlyAdmin):
    list_display = ("application", "recommendation", "recommended_gbp", "assessed_by", "assessed_at")
    list_filter = ("recommendation", "conflict_of_interest")
    search_fields = ("^application__reference",)
    list_select_related = ("application", "assessed_by")
    recommended_gbp = gbp("recommended_amount", "recommended amount")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ViewOnlyAdmin):
    list_display = ("application", "user", "created_at")
    search_fields = ("^application__reference", "=user__username")
    list_select_related = ("application", "user")


@admin.register(Decision)
class DecisionAdmin(ViewOnlyAdmin):
    list_display = ("application", "outcome", "amount_gbp", "decided_by", "decided_on")
    list_filter = ("outcome", fund_year_filter("application__fund_year"))
    search_fields = ("^application__reference",)
    list_select_related = ("application", "decided_by")
    amount_gbp = gbp("amount", "amount")


# --- awards and what follows -----------------------------------------------------------------------


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("paid_on", "amount_gbp", "finance_reference", "recorded_by")
    related = ("recorded_by",)
    amount_gbp = gbp("amount", "amount")


class MonitoringReturnInline(ReadOnlyInline):
    model = MonitoringReturn
    fields = ("due_on", "received_on", "beneficiaries_reached", "spend_gbp")
    spend_gbp = gbp("spend_confirmed", "spend confirmed")


class VariationInline(ReadOnlyInline):
    model = Variation
    fields = ("previous_gbp", "new_gbp", "previous_end", "new_end", "approved_by", "approved_on")
    related = ("approved_by",)
    previous_gbp = gbp("previous_amount", "previous amount")
    new_gbp = gbp("new_amount", "new amount")


@admin.register(Award)
class AwardAdmin(OfficeAdmin):
    list_display = (
        "application",
        "organisation",
        "fund",
        "amount_gbp",
        "offered_on",
        "agreement_signed_on",
        "withdrawn_on",
    )
    list_filter = (
        "fund",
        fund_year_filter("application__fund_year"),
        area_filter("application__area"),
    )
    search_fields = ("^application__reference",)
    list_select_related = ("application__organisation", "fund")
    raw_id_fields = ("application",)
    inlines = (PaymentInline, MonitoringReturnInline, VariationInline)
    fields = (
        "application",
        "fund",
        "amount_gbp",
        "original_gbp",
        "offered_on",
        "agreement_signed_on",
        "withdrawn_on",
        "released_gbp",
        "recovered_gbp",
        "approved_by",
        "purpose",
        "conditions",
    )
    editable = ("purpose", "conditions")
    amount_gbp = gbp("amount", "amount awarded")
    original_gbp = gbp("original_amount", "original amount")
    released_gbp = gbp("released_amount", "returned to the line")
    recovered_gbp = gbp("recovered_amount", "recovered")

    @admin.display(description="organisation", ordering="application__organisation__name")
    def organisation(self, obj):
        return obj.application.organisation


@admin.register(Payment)
class PaymentAdmin(OfficeAdmin):
    list_display = ("finance_reference", "award", "amount_gbp", "paid_on", "recorded_by")
    list_filter = (fund_year_filter("award__application__fund_year"),)
    search_fields = ("=finance_reference", "^award__application__reference")
    list_select_related = ("award__application", "recorded_by")
    fields = ("award", "amount_gbp", "paid_on", "finance_reference", "recorded_by")
    editable = ("finance_reference",)
    amount_gbp = gbp("amount", "amount")


@admin.register(MonitoringReturn)
class MonitoringReturnAdmin(OfficeAdmin):
    list_display = ("award", "due_on", "received_on", "beneficiaries_reached", "spend_gbp")
    list_filter = (
        fund_year_filter("award__application__fund_year"),
        ("received_on", admin.EmptyFieldListFilter),
    )
    search_fields = ("^award__application__reference",)
    list_select_related = ("award__application",)
    fields = ("award", "due_on", "received_on", "beneficiaries_reached", "spend_gbp", "outcomes")
    editable = ("beneficiaries_reached", "outcomes")
    spend_gbp = gbp("spend_confirmed", "spend confirmed")


@admin.register(Variation)
class VariationAdmin(ViewOnlyAdmin):
    list_display = ("award", "previous_gbp", "new_gbp", "new_end", "approved_by", "approved_on")
    search_fields = ("^award__application__reference",)
    list_select_related = ("award__application", "approved_by")
    previous_gbp = gbp("previous_amount", "previous amount")
    new_gbp = gbp("new_amount", "new amount")
