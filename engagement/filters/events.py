"""The event list's filters (GET, bookmarkable; the CSV and XLSX exports reuse them).

Every option list is bounded: dates, the event types, the policing areas (reference data), the
statuses and yes/no. `commissioner_count` counts the filtered events the Commissioner attended in
the database (one COUNT), for the list's headline.
"""

from __future__ import annotations

import django_filters

from engagement.forms.events import AreaChoice
from engagement.models import Event, EventStatus, EventType
from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.models import PolicingArea

YES_NO = [("yes", "Yes"), ("no", "No")]


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def events_for_list():
    return Event.objects.for_list()


def commissioner_count(queryset) -> int:
    """Events in `queryset` (the filtered list) that the Commissioner attended: one COUNT."""
    return queryset.attended_by_commissioner().order_by().count()


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoice  # the area's years in its label; an id with the digits 0 to 9 only


class EventFilter(django_filters.FilterSet):
    date_from = UKDateFilter(label="From", field_name="date", lookup_expr="gte", what="“from” date")
    date_to = UKDateFilter(label="To", field_name="date", lookup_expr="lte", what="“to” date")
    event_type = django_filters.ChoiceFilter(
        label="Type", choices=EventType.choices, empty_label="All types", widget=_select()
    )
    area = AreaFilter(
        label="Area",
        queryset=PolicingArea.objects.order_by("-valid_from_year", "sort_order", "name"),
        empty_label="All areas",
        widget=_select(),
    )
    commissioner = django_filters.ChoiceFilter(
        label="Attended by the Commissioner",
        choices=YES_NO,
        method="by_commissioner",
        empty_label="Any",
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=EventStatus.choices, empty_label="All statuses", widget=_select()
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def by_commissioner(self, queryset, name, value):
        if value in ("yes", "no"):
            return queryset.filter(commissioner=value == "yes")
        return queryset
