"""The case list's table; every sort ends with the pk.

The "Clock" column is worked out from the row's own fields (`engagement.clock.days_left` on the
category's calendar) with the closure days read once for the page, never a query per row: red when
overdue, yellow when due within five working days, grey when the clock is stopped or the case has
been answered.
"""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from engagement import clock
from engagement.models import OPEN, Case, CaseStatus
from opcc.core.dates import long_date

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}
SHORT = {"mp": "MP", "councillor": "Councillor"}
SOON = 5  # working days: a yellow tag from here down

STATUS_COLOURS = {
    CaseStatus.RECEIVED: "blue",
    CaseStatus.ASSIGNED: "light-blue",
    CaseStatus.IN_PROGRESS: "purple",
    CaseStatus.AWAITING_INFORMATION: "orange",
    CaseStatus.RESPONDED: "green",
    CaseStatus.CLOSED: "grey",
    CaseStatus.REOPENED: "pink",
}


def tag(colour: str, text: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def status_tag(status: str) -> str:
    return tag(STATUS_COLOURS[CaseStatus(status)], CaseStatus(status).label)


def clock_state(case: Case, *, today: dt.date, closed: frozenset[dt.date]) -> tuple[str, str]:
    """(colour, words) of a case's clock today: colour "" for a clock with time to spare."""
    if case.status not in OPEN:
        return "grey", "Responded"
    if case.clock_stopped_since:
        return "grey", f"Clock stopped since {long_date(case.clock_stopped_since)}"
    rule = case.category.rule
    left = clock.days_left(rule=rule, due_on=case.due_on, today=today, closures=closed)
    label = clock.days_left_label(rule=rule, left=left)
    if left < 0:
        return "red", label
    if left <= SOON:
        return "yellow", label
    return "", label


def clock_tag(case: Case, *, today: dt.date, closed: frozenset[dt.date]) -> str:
    colour, words = clock_state(case, today=today, closed=closed)
    return tag(colour, words) if colour else words


class CaseTable(tables.Table):
    reference = tables.Column(
        verbose_name="Reference", linkify=True, order_by=("reference", "pk"), attrs={**LINK, **NOWRAP}
    )
    received = tables.DateColumn(
        verbose_name="Received", accessor="received_at", format="d/m/Y", attrs=NOWRAP,
        order_by=("received_at", "pk"),
    )  # fmt: skip
    correspondent = tables.Column(
        verbose_name="Correspondent", accessor="correspondent_name", orderable=False, empty_values=()
    )
    category = tables.Column(verbose_name="Category", orderable=False)
    subject = tables.Column(verbose_name="Subject", orderable=False)
    assignee = tables.Column(
        verbose_name="Assigned to", accessor="assigned_to", orderable=False, default="Not assigned"
    )
    status = tables.Column(verbose_name="Status", orderable=False)
    due = tables.DateColumn(
        verbose_name="Due", accessor="due_on", format="d/m/Y", attrs=NOWRAP, order_by=("due_on", "pk")
    )
    clock = tables.Column(verbose_name="Clock", orderable=False, empty_values=(), accessor="pk")

    class Meta:
        model = Case
        fields = ()
        sequence = (
            "reference", "received", "correspondent", "category", "subject", "assignee", "status", "due",
            "clock",
        )  # fmt: skip
        empty_text = "No correspondence matches."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def __init__(self, *args, closed: frozenset[dt.date] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.closed = closed

    def render_correspondent(self, value, record):
        if record.representative:
            return format_html("{} {}", record.correspondent, tag("turquoise", SHORT[record.representative]))
        return record.correspondent

    def render_assignee(self, value, record):
        return value.get_full_name() or value.get_username()

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_clock(self, value, record):
        return clock_tag(record, today=self.today, closed=self.closed)
