"""The custody schemes lists as CSV or XLSX: each list page's filters, every matching row.

Declared once as `opcc.exports` lists (settings.EXPORT_LISTS): small exports stream from a
server-side cursor, large ones become worker jobs. No contact details and no custody numbers leave
here. Rows come from `values_list` in chunks (never a query per row); cells a spreadsheet would run
as a formula are neutralised by the writer (`opcc.core.exports`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from opcc.exports.registry import ExportList, filtered
from opcc.exports.views import ExportView
from volunteers.filters import VolunteerFilter
from volunteers.filters.callouts import CallOutFilter
from volunteers.filters.visits import IssueFilter, VisitFilter, visits_for_list
from volunteers.models import (
    SUBCATEGORY_LABELS,
    CallOut,
    CallOutStatus,
    CustodyVisit,
    DetaineeAge,
    IssueCategory,
    IssueStatus,
    Mode,
    Outcome,
    Process,
    Rank,
    Scheme,
    UnfilledReason,
    VettingLevel,
    VisitCount,
    VisitIssue,
    Volunteer,
    VolunteerStatus,
    Vulnerability,
)

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


# --- custody visits and their issues (volunteers/views/visits.py) ---------------------------------

VISIT_HEADERS = [
    "Reference",
    "Date",
    "Custody suite",
    "Mode",
    "Arrived",
    "Admitted",
    "Left",
    "Minutes waiting to be admitted",
    "Visitors",
    "Exception to the pair",
    "Detainees present",
    "Detained",
    "Offered",
    "Accepted",
    "Refused",
    "Open issues",
    "Report submitted",
]


def _visit_export_queryset():
    """Visits with their grid's totals and open issues as subqueries (one query, no row lookups)."""

    def total(measure: str):
        summed = (
            VisitCount.objects.filter(visit=OuterRef("pk"))
            .order_by()
            .values("visit")
            .annotate(n=Sum(measure))
            .values("n")[:1]
        )
        return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))

    visitors = (
        CustodyVisit.visitors.through.objects.filter(custodyvisit=OuterRef("pk"))
        .order_by()
        .values("custodyvisit")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return visits_for_list().annotate(
        visitor_count=Coalesce(Subquery(visitors, output_field=IntegerField()), Value(0)),
        **{f"total_{m}": total(m) for m in ("detained", "offered", "accepted", "refused")},
    )


def models_count(field: str):
    from django.db.models import Count

    return Count(field)


VISIT_FIELDS = (
    "reference",
    "visited_on",
    "suite__name",
    "mode",
    "arrived_at",
    "admitted_at",
    "left_at",
    "admission_delay_minutes",
    "visitor_count",
    "pair_exception",
    "detainees_present",
    "total_detained",
    "total_offered",
    "total_accepted",
    "total_refused",
    "open_issues",
    "report_submitted_on",
)


def visit_rows(queryset) -> Iterator[list]:
    """Plain rows: the grid's totals per visit, no names of visitors and no custody numbers."""
    modes = dict(Mode.choices)
    for row in queryset.values_list(*VISIT_FIELDS).iterator(chunk_size=CHUNK):
        values = list(row)
        values[3] = modes.get(values[3], values[3])
        values[4], values[5], values[6] = (f"{t:%H:%M}" for t in values[4:7])
        yield values


_visit_queryset = filtered(
    VisitFilter, _visit_export_queryset, order_by=("-visited_on", "-arrived_at", "-pk")
)


VISITS = ExportList(
    name="volunteers.visits",
    title="Custody visits",
    filename="custody-visits",
    list_url="volunteers:visits",
    header=VISIT_HEADERS,
    queryset=_visit_queryset,
    rows=visit_rows,
    allowed=may_read,
    sheet_title="Custody visits",
)


class VisitExportView(ExportView):
    export = VISITS


ISSUE_HEADERS = [
    "Issue",
    "Visit",
    "Custody suite",
    "Raised",
    "Category",
    "Sub-category",
    "Raised with staff at the time",
    "Status",
    "Closed",
    "Days open",
]
ISSUE_FIELDS = (
    "pk",
    "visit__reference",
    "visit__suite__name",
    "raised_on",
    "category",
    "subcategory",
    "raised_at_time",
    "status",
    "closed_on",
)


def issue_rows(queryset) -> Iterator[list]:
    """The issue's facts and dates; the free text (what was found, responses) stays on the page."""

    today = timezone.localdate()
    categories, statuses = dict(IssueCategory.choices), dict(IssueStatus.choices)
    for pk, visit, suite, raised, category, sub, at_time, status, closed in queryset.values_list(
        *ISSUE_FIELDS
    ).iterator(chunk_size=CHUNK):
        yield [
            pk,
            visit,
            suite,
            raised,
            categories.get(category, category),
            SUBCATEGORY_LABELS.get(sub, sub),
            "Yes" if at_time else "No",
            statuses.get(status, status),
            closed,
            ((closed or today) - raised).days,
        ]


_issue_queryset = filtered(IssueFilter, VisitIssue.objects.all, order_by=("-raised_on", "-pk"))


ISSUES = ExportList(
    name="volunteers.issues",
    title="Visit issues",
    filename="custody-visit-issues",
    list_url="volunteers:issues",
    header=ISSUE_HEADERS,
    queryset=_issue_queryset,
    rows=issue_rows,
    allowed=may_read,
    sheet_title="Visit issues",
)


class IssueExportView(ExportView):
    export = ISSUES


# --- call-outs (no custody numbers, no notes: only facts and times) -------------------------------

CALLOUT_HEADERS = [
    "Reference",
    "Date requested",
    "Time requested",
    "Custody suite",
    "Officer rank",
    "Detainee",
    "Vulnerabilities",
    "Status",
    "Appropriate adult",
    "Response (minutes)",
    "Minutes attended",
    "Processes attended",
    "Attendances",
    "Outcome",
    "Unfilled reason",
]
CALLOUT_FIELDS = (
    "reference",
    "requested_at",
    "suite__name",
    "officer_rank",
    "detainee_age",
    *(f"vulnerable_{v}" for v in Vulnerability.values),
    "status",
    "volunteer__first_name",
    "volunteer__last_name",
    "response_minutes",
    "arrived_at",
    "ended_at",
    *(f"attended_{p}" for p in Process.values),
    "attendances",
    "outcome",
    "unfilled_reason",
)


def _labels(flags, choices) -> str:
    return "; ".join(str(label) for flag, label in zip(flags, choices.labels, strict=True) if flag)


def callout_rows(queryset) -> Iterator[list]:
    ranks, ages, statuses = dict(Rank.choices), dict(DetaineeAge.choices), dict(CallOutStatus.choices)
    outcomes, reasons = dict(Outcome.choices), dict(UnfilledReason.choices)
    n_vul, n_proc = len(Vulnerability.values), len(Process.values)
    for row in queryset.values_list(*CALLOUT_FIELDS).iterator(chunk_size=CHUNK):
        ref, requested_at, suite, rank, age = row[:5]
        vulnerable = row[5 : 5 + n_vul]
        status, first, last, response, arrived, ended = row[5 + n_vul : 11 + n_vul]
        processes = row[11 + n_vul : 11 + n_vul + n_proc]
        attendances, outcome, unfilled = row[11 + n_vul + n_proc :]
        local = timezone.localtime(requested_at)
        shown = status in (CallOutStatus.ATTENDED, CallOutStatus.COMPLETED)
        yield [
            ref,
            local.date(),
            f"{local:%H:%M}",
            suite,
            ranks.get(rank, rank),
            ages.get(age, age),
            _labels(vulnerable, Vulnerability),
            statuses.get(status, status),
            " ".join(part for part in (first, last) if part),
            response,
            int((ended - arrived).total_seconds() // 60) if arrived and ended else None,
            _labels(processes, Process),
            attendances if shown else None,
            outcomes.get(outcome, outcome),
            reasons.get(unfilled, unfilled),
        ]


_callout_queryset = filtered(CallOutFilter, CallOut.objects.all, order_by=("-requested_at", "-pk"))

CALLOUTS = ExportList(
    name="volunteers.callouts",
    title="Appropriate adult call-outs",
    filename="appropriate-adult-call-outs",
    list_url="volunteers:callouts",
    header=CALLOUT_HEADERS,
    queryset=_callout_queryset,
    rows=callout_rows,
    allowed=may_read,
    sheet_title="AA call-outs",
)


class CallOutExportView(ExportView):
    export = CALLOUTS
