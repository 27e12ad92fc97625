"""The correspondence and engagement lists as CSV or XLSX: each list page's filters, every matching row.

Declared once as `opcc.exports` lists (settings.EXPORT_LISTS): small exports stream from a
server-side cursor, large ones become worker jobs. No email addresses, phone numbers or postal
addresses leave here; rows come from `values_list` in chunks (never a query per row) and cells a
spreadsheet would run as a formula are neutralised by the writer (`opcc.core.exports`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from engagement.filters.casework import CaseFilter
from engagement.filters.events import EventFilter
from engagement.models import (
    Case,
    CaseStatus,
    Channel,
    Event,
    EventStatus,
    EventType,
    Outcome,
    Representative,
    ReviewOutcome,
    Team,
)
from engagement.services.common import ACCESS
from opcc.exports.registry import ExportList, filtered
from opcc.exports.views import ExportView

CHUNK = 5_000

# --- correspondence cases (engagement/views/casework.py) -----------------------------------------

CASE_HEADERS = [
    "Reference",
    "Date received",
    "Time received",
    "Channel",
    "Category",
    "Correspondent",
    "Organisation",
    "MP or councillor",
    "On behalf of",
    "Subject",
    "Area",
    "Team",
    "Assigned to",
    "Status",
    "Due",
    "Clock stopped since",
    "Extended (requester told)",
    "Responded",
    "Working days taken",
    "Outcome",
    "Review requested",
    "Review outcome",
    "Closed",
]
CASE_FIELDS = (
    "reference",
    "received_at",
    "channel",
    "category__name",
    "correspondent_name",
    "correspondent_organisation",
    "representative",
    "on_behalf_of",
    "subject",
    "area__name",
    "team",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "status",
    "due_on",
    "clock_stopped_since",
    "extended_on",
    "responded_on",
    "working_days_taken",
    "outcome",
    "review_requested_on",
    "review_outcome",
    "closed_on",
)


def case_rows(queryset) -> Iterator[list]:
    """Plain rows: dates as dates, labels for the coded fields, no contact details."""
    labels = {
        "channel": dict(Channel.choices),
        "representative": dict(Representative.choices) | {"": ""},
        "team": dict(Team.choices),
        "status": dict(CaseStatus.choices),
        "outcome": dict(Outcome.choices) | {"": ""},
        "review_outcome": dict(ReviewOutcome.choices) | {"": ""},
    }
    for row in queryset.values_list(*CASE_FIELDS).iterator(chunk_size=CHUNK):
        (ref, received_at, channel, category, name, organisation, representative, behalf, subject, area,
         team, first, last, status, *dates) = row  # fmt: skip
        due, stopped, extended, responded, taken, outcome, review_on, review_outcome, closed = dates
        local = timezone.localtime(received_at)
        yield [
            ref,
            local.date(),
            f"{local:%H:%M}",
            labels["channel"].get(channel, channel),
            category,
            name,
            organisation,
            labels["representative"].get(representative, representative),
            behalf,
            subject,
            area or "",
            labels["team"].get(team, team),
            " ".join(part for part in (first, last) if part),
            labels["status"].get(status, status),
            due,
            stopped,
            extended,
            responded,
            taken,
            labels["outcome"].get(outcome, outcome),
            review_on,
            labels["review_outcome"].get(review_outcome, review_outcome),
            closed,
        ]


def may_read_cases(user) -> bool:
    return user.is_authenticated and user.has_perms((ACCESS, "engagement.view_case"))


CASES = ExportList(
    name="engagement.cases",
    title="Correspondence",
    filename="correspondence",
    list_url="engagement:cases",
    header=CASE_HEADERS,
    queryset=filtered(CaseFilter, Case.objects.all, order_by=("-received_at", "-pk")),
    rows=case_rows,
    allowed=may_read_cases,
    sheet_title="Correspondence",
)


class CaseExportView(ExportView):
    export = CASES


# --- events (engagement/views/events.py) ---------------------------------------------------------

EVENT_HEADERS = [
    "Date",
    "Title",
    "Type",
    "Area",
    "Status",
    "Commissioner attended",
    "Deputy Commissioner attended",
    "Other office holders attended",
    "Office staff attended",
    "Audience estimate",
    "Consultation",
]
EVENT_FIELDS = (
    "date",
    "title",
    "event_type",
    "area__name",
    "status",
    "commissioner",
    "deputy",
    "other_office_holders",
    "staff",
    "audience_estimate",
    "consultation__title",
)


def event_rows(queryset) -> Iterator[list]:
    """Plain rows: labels for the coded fields, Yes/No for who attended; the notes stay on the page."""
    types, statuses = dict(EventType.choices), dict(EventStatus.choices)
    for day, title, kind, area, status, *flags, audience, consultation in queryset.values_list(
        *EVENT_FIELDS
    ).iterator(chunk_size=CHUNK):
        yield [
            day,
            title,
            types.get(kind, kind),
            area or "",
            statuses.get(status, status),
            *("Yes" if flag else "No" for flag in flags),
            audience,
            consultation or "",
        ]


def may_read_events(user) -> bool:
    return user.is_authenticated and user.has_perms((ACCESS, "engagement.view_event"))


EVENTS = ExportList(
    name="engagement.events",
    title="Events",
    filename="events",
    list_url="engagement:events",
    header=EVENT_HEADERS,
    queryset=filtered(EventFilter, Event.objects.all, order_by=("-date", "-pk")),
    rows=event_rows,
    allowed=may_read_events,
    sheet_title="Events",
)


class EventExportView(ExportView):
    export = EVENTS
