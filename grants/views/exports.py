"""The applications list as CSV or XLSX: the same filters as the page, every matching row.

Declared once as an `opcc.exports` list: up to the stream limit the download streams straight from a
server-side cursor; a larger one is written by the worker as an export job. Rows come from
`values_list` (one query per chunk for the rows, one each for the chunk's themes and payments),
never a query per row; cells a spreadsheet would run as a formula are neutralised by the writer.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import islice

from django.db import connection
from django.db.models import Sum
from django.views import View

from grants.filters import ApplicationFilter
from grants.models import ZERO, Application, Award, Payment, Status, Theme
from opcc.core.exports import XLSX_MONEY, neutralise
from opcc.core.models import fy_label
from opcc.exports.registry import ExportList
from opcc.exports.views import export_response

from .common import VIEW, GrantsPage

__all__ = ["APPLICATIONS", "HEADERS", "ApplicationExportView", "export_queryset", "export_rows", "neutralise"]

CHUNK = 5_000
HEADERS = [
    "Reference",
    "Fund",
    "Financial year",
    "Area or pot",
    "Organisation",
    "Charity number",
    "Company number",
    "Project title",
    "Themes",
    "Status",
    "Amount requested (£)",
    "Amount awarded (£)",
    "Paid (£)",
    "Date received",
    "Planned start",
    "Planned end",
    "Who benefits",
    "How many benefit",
]
MONEY_COLUMNS = {10, 11, 12}
FIELDS = (
    "pk",
    "reference",
    "fund_year__fund__name",
    "fund_year__financial_year__start_year",
    "allocation_line__area__name",
    "organisation__name",
    "organisation__charity_number",
    "organisation__company_number",
    "project_title",
    "status",
    "amount_requested",
    "award__amount",
    "received_on",
    "planned_start",
    "planned_end",
    "beneficiaries",
    "beneficiaries_count",
)


def export_queryset(query, request):
    """The list's filtered applications, newest first; None when the filters are invalid."""
    filterset = ApplicationFilter(query or None, queryset=Application.objects.all(), request=request)
    if filterset.is_bound and not filterset.is_valid():
        return None
    return filterset.qs.order_by("-received_on", "-pk")


# PostgreSQL only: the themes and payments of a chunk of applications (table names from the models).
_THEMES_SQL = " ".join(
    [
        "SELECT t.application_id, th.name FROM",
        Application.themes.through._meta.db_table,
        "t JOIN",
        Theme._meta.db_table,
        "th ON th.id = t.theme_id WHERE t.application_id = ANY(%s) ORDER BY th.name",
    ]
)
_PAID_SQL = " ".join(
    [
        "SELECT a.application_id, SUM(p.amount) FROM",
        Payment._meta.db_table,
        "p JOIN",
        Award._meta.db_table,
        "a ON a.id = p.award_id WHERE a.application_id = ANY(%s) GROUP BY a.application_id",
    ]
)


def _chunk_query(sql: str, ids: list[int]) -> list[tuple]:
    """One query for a chunk's ids as a single array parameter (`= ANY(%s)`): building a 2,000-item
    IN list through the ORM costs more than the query itself."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids])
        return cursor.fetchall()


def _themes(ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    if connection.vendor == "postgresql":
        pairs = _chunk_query(_THEMES_SQL, ids)
    else:
        pairs = list(
            Application.themes.through.objects.filter(application_id__in=ids)
            .order_by("theme__name")
            .values_list("application_id", "theme__name")
        )
    for application_id, name in pairs:
        names[application_id].append(name)
    return {key: "; ".join(value) for key, value in names.items()}


def _paid(ids: list[int]) -> dict[int, object]:
    if connection.vendor == "postgresql":
        return dict(_chunk_query(_PAID_SQL, ids))
    totals = (
        Payment.objects.filter(award__application_id__in=ids)
        .order_by()
        .values("award__application_id")
        .annotate(total=Sum("amount"))
        .values_list("award__application_id", "total")
    )
    return dict(totals)


def export_rows(queryset):
    """Plain rows, read in chunks from a server-side cursor; three queries per chunk, none per row."""
    labels = dict(Status.choices)
    cursor = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(cursor, CHUNK)):
        ids = [row[0] for row in chunk]
        themes, paid = _themes(ids), _paid(ids)
        for pk, ref, fund, year, area, org, charity, company, title, status, *rest in chunk:
            requested, awarded, received, start, end, who, how_many = rest
            yield [
                ref,
                fund,
                fy_label(year),
                area,
                org,
                charity,
                company,
                title,
                themes.get(pk, ""),
                labels.get(status, status),
                requested,
                awarded,
                paid.get(pk, ZERO),
                received,
                start,
                end,
                who,
                how_many,
            ]


def _may_view(user) -> bool:
    return user.is_authenticated and user.has_perms(VIEW)


APPLICATIONS = ExportList(
    name="grants.applications",
    title="Grant applications",
    filename="applications",
    list_url="grants:applications",
    header=HEADERS,
    queryset=export_queryset,
    rows=export_rows,
    allowed=_may_view,
    sheet_title="Applications",
    number_formats=dict.fromkeys(MONEY_COLUMNS, XLSX_MONEY),
)


class ApplicationExportView(GrantsPage, View):
    permission_required = VIEW
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        return export_response(request, APPLICATIONS, self.file_format)
