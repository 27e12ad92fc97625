"""Admin for funds, fund years, lines, themes and organisations."""

from __future__ import annotations

from django.contrib import admin

from grants.filters import organisation_query
from grants.models import (
    AllocationLine,
    Fund,
    FundYear,
    Organisation,
    Theme,
    TopUp,
)
from grants.resources import OrganisationResource
from opcc.core.admin import CheckboxesMixin
from opcc.core.admin_base import ImportExportAdmin, OfficeAdmin, ReadOnlyInline, ViewOnlyAdmin, gbp

from .base import area_filter, fund_year_filter


@admin.register(Fund)
class FundAdmin(OfficeAdmin):
    list_display = ("name", "code", "source", "predecessor", "active")
    list_filter = ("source", "active")
    search_fields = ("name", "code")
    list_select_related = ("predecessor",)  # a plain select: an office has a handful of funds
    can_add = True

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()  # application references are built from it


class TopUpInline(ReadOnlyInline):
    model = TopUp
    fields = ("amount_gbp", "date", "reason", "decision_reference", "recorded_by")
    related = ("recorded_by",)
    amount_gbp = gbp("amount", "amount")


class AllocationLineInline(ReadOnlyInline):
    model = AllocationLine
    fields = ("area", "amount_gbp")
    related = ("area",)
    amount_gbp = gbp("amount", "allocation")


@admin.register(FundYear)
class FundYearAdmin(ViewOnlyAdmin):
    """Envelope, top-ups and lines change only through the funds screens (the budget rule)."""

    list_display = ("fund", "financial_year", "envelope_gbp", "budget_gbp", "max_award_gbp", "is_open")
    list_filter = ("fund", "financial_year", "is_open")
    search_fields = ("fund__name", "fund__code")
    list_select_related = ("fund", "financial_year")
    inlines = (TopUpInline, AllocationLineInline)
    fields = ("fund", "financial_year", "envelope_gbp", "budget_gbp", "max_award_gbp", "is_open")
    envelope_gbp = gbp("envelope", "envelope")
    budget_gbp = gbp("budget", "envelope and top-ups")
    max_award_gbp = gbp("max_award", "maximum award")

    def get_queryset(self, request):
        return super().get_queryset(request).with_budget()


@admin.register(TopUp)
class TopUpAdmin(OfficeAdmin):
    list_display = ("fund_year", "amount_gbp", "date", "decision_reference", "recorded_by")
    list_filter = (fund_year_filter("fund_year"),)
    search_fields = ("reason", "decision_reference")
    list_select_related = ("fund_year__fund", "fund_year__financial_year", "recorded_by")
    date_hierarchy = "date"
    fields = ("fund_year", "amount_gbp", "date", "reason", "decision_reference", "recorded_by")
    editable = ("reason", "decision_reference")
    amount_gbp = gbp("amount", "amount")


@admin.register(AllocationLine)
class AllocationLineAdmin(ViewOnlyAdmin):
    list_display = ("area", "fund_year", "amount_gbp")
    list_filter = (fund_year_filter("fund_year"), area_filter("area"))
    search_fields = ("area__name",)
    list_select_related = ("area", "fund_year__fund", "fund_year__financial_year")
    fields = ("fund_year", "area", "amount_gbp")
    amount_gbp = gbp("amount", "allocation")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None):
        return False


# --- organisations and applications --------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(CheckboxesMixin, ImportExportAdmin):
    resource_classes = [OrganisationResource]
    audit_reads = True  # personal data: each view of a record is in the audit trail
    list_display = (
        "name",
        "org_type",
        "charity_number",
        "company_number",
        "postcode",
        "safeguarding_policy_held",
    )
    list_filter = ("org_type", "safeguarding_policy_held", "areas_served")  # bounded: local authorities
    search_fields = ("name", "=charity_number", "=company_number", "=postcode")
    search_help_text = "Words from the name, or a charity or company number, or a postcode."
    ordering = ("name", "pk")
    sortable_by = ("name", "org_type", "charity_number", "company_number", "postcode")

    def get_search_results(self, request, queryset, search_term):
        """The organisations list's search: exact numbers, or the name's trigram index (no scan)."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(organisation_query(search_term)), False

    checkbox_fields = ("areas_served",)  # the force's local authorities: a short list
    can_add = True
