"""The complaint reviews table (templates/includes/table.html); sortable, paginated.

Every sort ends with the primary key and is served by an index of `Review.Meta.indexes`: the
status sort walks (status, received_on, id), the reviewer sort (reviewer, status, decide_by), so a
reviewer's cases come together, in the order of their ids rather than the names (a sort by name
would join and sort every row). The clock is worked out per row from the stored dates, with the
closure days read once per request (`closed`), never a query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from complaints import clock
from complaints.models import Review
from complaints.views.case import status_tag

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}


def clock_tag(review: Review, *, today: dt.date, closed: Set[dt.date], due_soon: int) -> str:
    """The running clock as a GOV.UK tag (red overdue, yellow due soon, grey otherwise), or "Not running" once decided or stopped."""
    running = clock.clock_for(review, today=today, closed=closed)
    if running is None:
        return "Not running"
    return format_html('<strong class="govuk-tag {}">{}</strong>', running.tag_class(due_soon), running.label)


class ReviewTable(tables.Table):
    reference = tables.Column(verbose_name="Reference", linkify=True, attrs={**NOWRAP, **LINK})
    force_reference = tables.Column(verbose_name="Force reference", orderable=False, attrs=NOWRAP)
    received_on = tables.DateColumn(
        verbose_name="Received", format="d/m/Y", attrs=NOWRAP, order_by=("received_on", "pk")
    )
    complainant_name = tables.Column(verbose_name="Complainant", order_by=("complainant_name", "pk"))
    status = tables.Column(verbose_name="Status", order_by=("status", "received_on", "pk"))
    reviewer = tables.Column(
        verbose_name="Reviewer", default="Not assigned", order_by=("reviewer", "status", "decide_by", "pk")
    )
    clock = tables.Column(verbose_name="Clock", orderable=False, empty_values=(), accessor="pk")
    decide_by = tables.DateColumn(
        verbose_name="Decide by", format="d/m/Y", attrs=NOWRAP, order_by=("decide_by", "pk")
    )
    decided_on = tables.DateColumn(
        verbose_name="Decided", format="d/m/Y", attrs=NOWRAP, default="Not yet", order_by=("decided_on", "pk")
    )

    class Meta:
        model = Review
        fields = ()
        sequence = (
            "reference",
            "force_reference",
            "received_on",
            "complainant_name",
            "status",
            "reviewer",
            "clock",
            "decide_by",
            "decided_on",
        )
        empty_text = "No reviews match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def __init__(self, *args, closed: Set[dt.date] = frozenset(), due_soon: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        self.closed = closed
        self.due_soon = due_soon
        self.today = timezone.localdate()

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_reviewer(self, value, record):
        return value.get_full_name() or value.get_username()

    def render_clock(self, value, record):
        return clock_tag(record, today=self.today, closed=self.closed, due_soon=self.due_soon)
