"""Filters of the two registers (GET, bookmarkable); every option list is bounded, none grows with rows."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints.models import DipSample, DipSampleAction, LongInvestigation
from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.models import FinancialYear


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def overdue_actions(today: dt.date) -> QuerySet[DipSampleAction]:
    """Recommendations past their due date and not complete."""
    return DipSampleAction.objects.filter(completed_on__isnull=True, due_on__lt=today)


def dip_samples_with_overdue():
    """Each sample with its count of overdue recommendations: one subquery, never a query per row."""
    overdue = (
        overdue_actions(timezone.localdate())
        .filter(dip_sample=OuterRef("pk"))
        .order_by()
        .values("dip_sample")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return DipSample.objects.annotate(
        overdue=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))
    ).order_by("-month", "-pk")


class FinancialYearFilter(django_filters.ModelChoiceFilter):
    """1 April to 31 March of the chosen year on a date field (the reference years: a bounded list)."""

    def __init__(self, *, date_field: str, **kwargs):
        kwargs.setdefault("queryset", FinancialYear.objects.order_by("-start_year"))
        kwargs.setdefault("empty_label", "All years")
        kwargs.setdefault("widget", _select())
        super().__init__(**kwargs)
        self.date_field = date_field

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.date_field}__range": (value.start_date, value.end_date)})


class DipSampleFilter(django_filters.FilterSet):
    financial_year = FinancialYearFilter(label="Financial year", date_field="month")
    scope = django_filters.ChoiceFilter(
        label="What was sampled", choices=DipSample.Scope.choices, empty_label="All", widget=_select()
    )
    stage = django_filters.ChoiceFilter(
        label="Stage", choices=DipSample.Stage.choices, empty_label="All stages", widget=_select()
    )
    actions = django_filters.ChoiceFilter(
        label="Actions",
        choices=[("overdue", "Actions overdue"), ("open", "Actions not complete")],
        method="by_actions",
        empty_label="Any",
        widget=_select(),
    )

    class Meta:
        model = DipSample
        fields: list[str] = []

    def by_actions(self, queryset, name, value):
        if value == "overdue":
            found = overdue_actions(timezone.localdate())
        elif value == "open":
            found = DipSampleAction.objects.filter(completed_on__isnull=True)
        else:
            return queryset
        return queryset.filter(Exists(found.filter(dip_sample=OuterRef("pk"))))


class LongInvestigationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Show",
        choices=[
            ("open", "Open (not concluded)"),
            ("report_awaited", "Report awaited"),
            ("concluded", "Concluded"),
        ],
        method="by_state",
        empty_label="All",
        widget=_select(),
    )
    notified_from = UKDateFilter(
        label="Notified from", field_name="notified_on", lookup_expr="gte", what="“notified from” date"
    )
    notified_to = UKDateFilter(
        label="Notified up to", field_name="notified_on", lookup_expr="lte", what="“notified up to” date"
    )

    class Meta:
        model = LongInvestigation
        fields: list[str] = []

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        if value == "report_awaited":
            return queryset.filter(closed_on__isnull=True, report_received_on__isnull=True)
        if value == "concluded":
            return queryset.filter(closed_on__isnull=False)
        return queryset
