"""The event and consultation lists' tables; every sort ends with the pk on an index.

Events sort by date (event_date_idx: date, id); consultations by opening date
(consultation_opens_idx). A consultation's totals are subqueries of the list's queryset
(`engagement.services.consultations.with_totals`), never a query per row.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from engagement.models import Consultation, Event, EventStatus

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}
NUMBER = {"th": {"class": "app-money"}, "td": {"class": "app-money"}}

EVENT_COLOURS = {EventStatus.PLANNED: "blue", EventStatus.ATTENDED: "green", EventStatus.CANCELLED: "grey"}


def event_status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        EVENT_COLOURS[EventStatus(status)],
        EventStatus(status).label,
    )


class EventTable(tables.Table):
    date = tables.DateColumn(verbose_name="Date", format="d/m/Y", attrs=NOWRAP, order_by=("date", "pk"))
    title = tables.Column(verbose_name="Event", linkify=True, orderable=False, attrs=LINK)
    event_type = tables.Column(verbose_name="Type", orderable=False)
    area = tables.Column(verbose_name="Area", orderable=False, default="Force-wide")
    attended = tables.Column(verbose_name="Attended by", accessor="pk", orderable=False)
    audience_estimate = tables.Column(verbose_name="Audience", orderable=False, default="", attrs=NUMBER)
    status = tables.Column(verbose_name="Status", orderable=False)

    class Meta:
        model = Event
        fields = ()
        sequence = ("date", "title", "event_type", "area", "attended", "audience_estimate", "status")
        empty_text = "No events match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_attended(self, value, record):
        return ", ".join(record.attended_by) or "No one recorded"

    def render_audience_estimate(self, value, record):
        return f"{value:,}"

    def render_status(self, value, record):
        return event_status_tag(record.status)


class ConsultationTable(tables.Table):
    title = tables.Column(verbose_name="Consultation", linkify=True, orderable=False, attrs=LINK)
    purpose = tables.Column(verbose_name="Purpose", orderable=False)
    opens_on = tables.DateColumn(
        verbose_name="Opened", format="d/m/Y", attrs=NOWRAP, order_by=("opens_on", "pk")
    )
    closes_on = tables.DateColumn(verbose_name="Closed", format="d/m/Y", attrs=NOWRAP, orderable=False)
    total_responses = tables.Column(verbose_name="Responses", orderable=False, attrs=NUMBER)
    total_attendees = tables.Column(verbose_name="Attendees", orderable=False, attrs=NUMBER)

    class Meta:
        model = Consultation
        fields = ()
        sequence = ("title", "purpose", "opens_on", "closes_on", "total_responses", "total_attendees")
        empty_text = "No consultations recorded yet."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_total_responses(self, value, record):
        return f"{value:,}"

    def render_total_attendees(self, value, record):
        return f"{value:,}"
