"""The call-out list table (templates/includes/table.html, rows by opcc.core.tables.table_body).

Every sort ends with the primary key and is served by an index of `CallOut.Meta.indexes`: the
request time by (requested_at, id), the status by (status, requested_on). The custody number is
shown (a coordinator finds a call-out by it) but never exported.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from volunteers.models import CallOut, CallOutStatus

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}

STATUS_COLOURS = {
    CallOutStatus.REQUESTED: "blue",
    CallOutStatus.ASSIGNED: "light-blue",
    CallOutStatus.ATTENDED: "purple",
    CallOutStatus.COMPLETED: "green",
    CallOutStatus.UNFILLED: "red",
    CallOutStatus.CANCELLED: "grey",
}


def status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[CallOutStatus(status)],
        CallOutStatus(status).label,
    )


class CallOutTable(tables.Table):
    reference = tables.Column(verbose_name="Reference", linkify=True, attrs={**NOWRAP, **LINK})
    requested_at = tables.DateTimeColumn(
        verbose_name="Requested", format="d/m/Y H:i", attrs=NOWRAP, order_by=("requested_at", "pk")
    )
    suite = tables.Column(verbose_name="Suite", orderable=False)
    custody_number = tables.Column(verbose_name="Custody number", orderable=False, attrs=NOWRAP)
    detainee_age = tables.Column(verbose_name="Detainee", orderable=False)
    status = tables.Column(verbose_name="Status", order_by=("status", "requested_on", "pk"))
    volunteer = tables.Column(verbose_name="Appropriate adult", orderable=False, default="None")
    response_minutes = tables.Column(verbose_name="Response (minutes)", orderable=False, default="")
    outcome = tables.Column(verbose_name="Outcome", orderable=False, default="Not recorded")

    class Meta:
        model = CallOut
        fields = ()
        sequence = (
            "reference",
            "requested_at",
            "suite",
            "custody_number",
            "detainee_age",
            "status",
            "volunteer",
            "response_minutes",
            "outcome",
        )
        empty_text = "No call-outs match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_detainee_age(self, value, record):
        return "Adult" if record.detainee_age == "adult" else "Juvenile"

    def render_volunteer(self, value, record):
        return value.name
