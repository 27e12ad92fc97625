"""The visit and issue lists' tables (templates/includes/table.html); sorts end with the pk on an index.

Visits sort by date (visit_date_idx: date, arrival, id) or by suite (visit_suite_date_idx); issues
by the date raised (issue_raised_idx) or status (issue_status_idx). The open-issue count is a
subquery annotated by the list's queryset, never a query per row.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from volunteers.models import CustodyVisit, IssueStatus, VisitIssue

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}
NUMBER = {"th": {"class": "app-money"}, "td": {"class": "app-money"}}

ISSUE_COLOURS = {
    IssueStatus.OPEN: "blue",
    IssueStatus.ESCALATED: "orange",
    IssueStatus.RESPONDED: "purple",
    IssueStatus.CLOSED: "grey",
}


def issue_status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        ISSUE_COLOURS[IssueStatus(status)],
        IssueStatus(status).label,
    )


def delay_text(visit: CustodyVisit) -> str:
    minutes = visit.admission_delay_minutes
    if visit.delay_flagged:
        return format_html('<strong class="govuk-tag govuk-tag--red">{} min</strong>', minutes)
    return f"{minutes} min"


class VisitTable(tables.Table):
    reference = tables.Column(
        verbose_name="Reference", linkify=True, orderable=False, attrs={**NOWRAP, **LINK}
    )
    visited_on = tables.DateColumn(
        verbose_name="Date", format="d/m/Y", attrs=NOWRAP, order_by=("visited_on", "arrived_at", "pk")
    )
    suite = tables.Column(verbose_name="Custody suite", order_by=("suite", "visited_on", "pk"))
    arrived_at = tables.TimeColumn(verbose_name="Arrived", format="H:i", orderable=False, attrs=NOWRAP)
    admission_delay_minutes = tables.Column(verbose_name="Wait to be admitted", orderable=False, attrs=NOWRAP)
    mode = tables.Column(verbose_name="Mode", orderable=False)
    detainees_present = tables.Column(verbose_name="Detainees", orderable=False, attrs=NUMBER)
    open_issues = tables.Column(verbose_name="Open issues", orderable=False, attrs=NUMBER)
    report_submitted_on = tables.DateColumn(
        verbose_name="Report submitted", format="d/m/Y", orderable=False, default="Not yet", attrs=NOWRAP
    )

    class Meta:
        model = CustodyVisit
        fields = ()
        sequence = (
            "reference",
            "visited_on",
            "suite",
            "arrived_at",
            "admission_delay_minutes",
            "mode",
            "detainees_present",
            "open_issues",
            "report_submitted_on",
        )
        empty_text = "No visits match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_admission_delay_minutes(self, value, record):
        return delay_text(record)


class IssueTable(tables.Table):
    reference = tables.Column(
        verbose_name="Issue", accessor="pk", linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    raised_on = tables.DateColumn(
        verbose_name="Raised", format="d/m/Y", attrs=NOWRAP, order_by=("raised_on", "pk")
    )
    visit = tables.Column(verbose_name="Visit", accessor="visit__reference", orderable=False, attrs=NOWRAP)
    suite = tables.Column(verbose_name="Custody suite", accessor="visit__suite__name", orderable=False)
    category = tables.Column(verbose_name="Category", orderable=False)
    subcategory = tables.Column(verbose_name="Sub-category", orderable=False)
    status = tables.Column(verbose_name="Status", order_by=("status", "raised_on", "pk"))
    closed_on = tables.DateColumn(
        verbose_name="Closed", format="d/m/Y", orderable=False, default="Open", attrs=NOWRAP
    )

    class Meta:
        model = VisitIssue
        fields = ()
        sequence = (
            "reference",
            "raised_on",
            "visit",
            "suite",
            "category",
            "subcategory",
            "status",
            "closed_on",
        )
        empty_text = "No issues match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_reference(self, value, record):
        return f"Issue {value}"

    def render_status(self, value, record):
        return issue_status_tag(record.status)
