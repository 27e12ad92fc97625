"""Filters of the visit and issue lists (GET, bookmarkable; the exports reuse them).

Every option list is bounded: the custody suites of the reference data, modes, statuses and
categories. The lists' counts come from subqueries (`with_open_issues`), never a query per row.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.models import CustodySuite
from opcc.core.pages import subquery_count
from volunteers.models import (
    ADMISSION_DELAY_FLAG_MINUTES,
    CustodyVisit,
    IssueCategory,
    IssueStatus,
    Mode,
    VisitIssue,
)

OPEN_TOO_LONG_DAYS = 28
YES_NO = [("yes", "Yes"), ("no", "No")]


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def visits_for_list():
    """Visits with their suite and their count of open issues (one subquery)."""
    return CustodyVisit.objects.for_list().annotate(
        open_issues=subquery_count(VisitIssue.objects.open().filter(visit=OuterRef("pk")), group="visit")
    )


def open_past(day: dt.date):
    """Issues still open more than 28 days after they were raised (the dashboard's panel too)."""
    return VisitIssue.objects.open().filter(raised_on__lt=day - dt.timedelta(days=OPEN_TOO_LONG_DAYS))


def _yes_no(label: str, method: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=YES_NO, method=method, empty_label="Any", widget=_select()
    )


class VisitFilter(django_filters.FilterSet):
    suite = django_filters.ModelChoiceFilter(
        label="Custody suite", queryset=CustodySuite.objects.all(), empty_label="All suites", widget=_select()
    )
    visited_from = UKDateFilter(
        label="Visited from", field_name="visited_on", lookup_expr="gte", what="“visited from” date"
    )
    visited_to = UKDateFilter(
        label="Visited up to", field_name="visited_on", lookup_expr="lte", what="“visited up to” date"
    )
    mode = django_filters.ChoiceFilter(
        label="Mode", choices=Mode.choices, empty_label="Any", widget=_select()
    )
    delayed = _yes_no(f"Admission delayed over {ADMISSION_DELAY_FLAG_MINUTES} minutes", "by_delay")
    open_issues = _yes_no("Has open issues", "by_open_issues")
    report_missing = _yes_no("Report not submitted", "by_report")

    class Meta:
        model = CustodyVisit
        fields: list[str] = []

    def by_delay(self, queryset, name, value):
        flagged = {"admission_delay_minutes__gt": ADMISSION_DELAY_FLAG_MINUTES}
        if value == "yes":
            return queryset.filter(**flagged)
        return queryset.exclude(**flagged) if value == "no" else queryset

    def by_open_issues(self, queryset, name, value):
        found = Exists(VisitIssue.objects.open().filter(visit=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(found)
        return queryset.filter(~found) if value == "no" else queryset

    def by_report(self, queryset, name, value):
        if value in ("yes", "no"):
            return queryset.filter(report_submitted_on__isnull=value == "yes")
        return queryset


class IssueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("not_closed", "Not closed"), *IssueStatus.choices],
        method="by_status",
        empty_label="All statuses",
        widget=_select(),
    )
    category = django_filters.ChoiceFilter(
        label="Category", choices=IssueCategory.choices, empty_label="All categories", widget=_select()
    )
    suite = django_filters.ModelChoiceFilter(
        label="Custody suite",
        field_name="visit__suite",
        queryset=CustodySuite.objects.all(),
        empty_label="All suites",
        widget=_select(),
    )
    overdue = django_filters.ChoiceFilter(
        label=f"Open past {OPEN_TOO_LONG_DAYS} days",
        choices=[("yes", "Yes")],
        method="by_overdue",
        empty_label="Any",
        widget=_select(),
    )

    class Meta:
        model = VisitIssue
        fields: list[str] = []

    def by_status(self, queryset, name, value):
        if value == "not_closed":
            return queryset.open()
        return queryset.filter(status=value) if value else queryset

    def by_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(pk__in=open_past(timezone.localdate()).values("pk"))
        return queryset
