"""Grants admin list filters; the admin base classes are in opcc.core.admin_base."""

from __future__ import annotations

from django.contrib import admin

from grants.models import FundYear
from opcc.core.models import PolicingArea


def fund_year_filter(path: str):
    class FundYearFilter(admin.SimpleListFilter):
        title, parameter_name = "fund year", "fund_year"

        def lookups(self, request, model_admin):
            years = FundYear.objects.select_related("fund", "financial_year")
            return [(fy.pk, str(fy)) for fy in years]

        def queryset(self, request, queryset):
            return queryset.filter(**{path: self.value()}) if self.value() else queryset

    return FundYearFilter


def area_filter(path: str):
    class AreaFilter(admin.SimpleListFilter):
        title, parameter_name = "area or pot", "area"

        def lookups(self, request, model_admin):
            return [(a.pk, f"{a.name} ({a.validity})") for a in PolicingArea.objects.all()]

        def queryset(self, request, queryset):
            return queryset.filter(**{path: self.value()}) if self.value() else queryset

    return AreaFilter
