"""The complaint reviews list as CSV or XLSX: the list page's filters, every matching row.

Declared once as an `opcc.exports` list (settings.EXPORT_LISTS): small exports stream from a
server-side cursor, large ones become worker jobs. No contact details and no special-category
field leave here: the columns are the case's references, dates, status, subjects, reviewer and
outcome. Rows come from `values_list` in chunks with one subjects query per chunk (never one per
row); days to a decision are working days (the reviews' calendar and closure days, read once).
Cells a spreadsheet would run as a formula are neutralised by the writer (`opcc.core.exports`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from complaints.clock import closures
from complaints.filters import ReviewFilter
from complaints.models import Result, Review, Status
from complaints.statistics.periods import working_day_counter
from opcc.exports.registry import ExportList, filtered
from opcc.exports.views import ExportView

ACCESS = "core.access_complaints"
CHUNK = 5_000
HEADERS = [
    "Reference",
    "Force reference",
    "Date received",
    "Status",
    "Subjects",
    "Reviewer",
    "Decide by",
    "Result",
    "Date decided",
    "Working days to decision",
]
FIELDS = (
    "pk",
    "reference",
    "force_reference",
    "received_on",
    "status",
    "reviewer__first_name",
    "reviewer__last_name",
    "decide_by",
    "result",
    "decided_on",
)

export_queryset = filtered(ReviewFilter, Review.objects.all, order_by=("-received_on", "-pk"))


def _subjects(ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    pairs = (
        Review.subjects.through.objects.filter(review_id__in=ids)
        .order_by("subjectcategory__sort_order", "subjectcategory__name")
        .values_list("review_id", "subjectcategory__name")
    )
    for review_id, name in pairs:
        names[review_id].append(name)
    return {key: "; ".join(value) for key, value in names.items()}


def export_rows(queryset) -> Iterator[list]:
    """Plain rows: dates as dates, the working days as a number, labels for the coded fields."""
    statuses, results = dict(Status.choices), dict(Result.choices)
    closed = closures()
    cursor = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(cursor, CHUNK)):
        subjects = _subjects([row[0] for row in chunk])
        decided = [(row[3], row[9]) for row in chunk if row[9] and row[9] >= row[3]]
        days = (
            working_day_counter(min(r for r, _ in decided), max(d for _, d in decided), closed)
            if decided
            else None
        )
        for pk, ref, force_ref, received, status, first, last, decide_by, result, decided_on in chunk:
            reviewer = " ".join(part for part in (first, last) if part)
            taken = days(received, decided_on) if days and decided_on and decided_on >= received else None
            yield [
                ref,
                force_ref,
                received,
                statuses.get(status, status),
                subjects.get(pk, ""),
                reviewer,
                decide_by,
                results.get(result, result),
                decided_on,
                taken,
            ]


def _may_export(user) -> bool:
    return user.is_authenticated and user.has_perms((ACCESS, "complaints.view_review"))


REVIEWS = ExportList(
    name="complaints.reviews",
    title="Complaint reviews",
    filename="complaint-reviews",
    list_url="complaints:reviews",
    header=HEADERS,
    queryset=export_queryset,
    rows=export_rows,
    allowed=_may_export,
    sheet_title="Complaint reviews",
)


class ReviewExportView(ExportView):
    export = REVIEWS
