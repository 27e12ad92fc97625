"""The custody schemes lists as CSV or XLSX: each list page's filters, every matching row.

Declared once as `opcc.exports` lists (settings.EXPORT_LISTS): small exports stream from a
server-side cursor, large ones become worker jobs. No contact details and no custody numbers leave
here. Rows come from `values_list` in chunks (never a query per row); cells a spreadsheet would run
as a formula are neutralised by the writer (`opcc.core.exports`).
"""

from __future__ import annotations

from collections.abc import Iterator

from opcc.exports.registry import ExportList, filtered
from opcc.exports.views import ExportView
from volunteers.filters import VolunteerFilter
from volunteers.models import Scheme, VettingLevel, Volunteer, VolunteerStatus

ACCESS = "core.access_volunteers"
CHUNK = 5_000

# --- volunteers ------------------------------------------------------------------------------------

VOLUNTEER_HEADERS = [
    "First name",
    "Last name",
    "Scheme",
    "Status",
    "Status since",
    "Area",
    "Team",
    "Applied",
    "Appointed",
    "Re-accreditation due",
    "Vetting level",
    "Vetting cleared",
    "Vetting expires",
    "Independence declared",
    "Left",
]
VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "scheme",
    "status",
    "status_changed_on",
    "area__name",
    "team",
    "applied_on",
    "appointed_on",
    "reaccreditation_due_on",
    "vetting_level",
    "vetting_cleared_on",
    "vetting_expires_on",
    "independence_declared_on",
    "left_on",
)


def volunteer_rows(queryset) -> Iterator[list]:
    """Plain rows: dates as dates, labels for the coded fields, no contact details."""
    schemes, statuses = dict(Scheme.choices), dict(VolunteerStatus.choices)
    levels = dict(VettingLevel.choices)
    for row in queryset.values_list(*VOLUNTEER_FIELDS).iterator(chunk_size=CHUNK):
        first, last, scheme, status, since, area, team, *dates, level, cleared, expires, declared, left = row
        applied, appointed, due = dates
        yield [
            first,
            last,
            schemes.get(scheme, scheme),
            statuses.get(status, status),
            since,
            area or "",
            team,
            applied,
            appointed,
            due,
            levels.get(level, level),
            cleared,
            expires,
            declared,
            left,
        ]


def may_read(user) -> bool:
    return user.is_authenticated and user.has_perms((ACCESS, "volunteers.view_volunteer"))


VOLUNTEERS = ExportList(
    name="volunteers.volunteers",
    title="Volunteers",
    filename="custody-scheme-volunteers",
    list_url="volunteers:volunteers",
    header=VOLUNTEER_HEADERS,
    queryset=filtered(VolunteerFilter, Volunteer.objects.all, order_by=("last_name", "first_name", "pk")),
    rows=volunteer_rows,
    allowed=may_read,
    sheet_title="Volunteers",
)


class VolunteerExportView(ExportView):
    export = VOLUNTEERS
