"""The applications list as CSV or XLSX: the same filters as the page, every matching row.

Written by the service's one export helper (opcc.core.exports): cells a spreadsheet would run as a
formula are neutralised (organisation names and titles come from the public), the download is
streamed, and the export is recorded in the audit trail with its filters and row count.
"""

from __future__ import annotations

from django.db.models import F, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from grants.filters import ApplicationFilter
from grants.models import Application, Payment
from opcc.core.exports import XLSX_MONEY, csv_response, neutralise, xlsx_response

from .common import VIEW, GrantsPage, subquery_sum

__all__ = ["HEADERS", "ApplicationExportView", "export_queryset", "export_rows", "neutralise"]

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


def export_queryset(filterset):
    paid = subquery_sum(
        Payment.objects.filter(award__application=OuterRef("pk")), F("amount"), group="award__application"
    )
    return filterset.qs.prefetch_related("themes").annotate(paid_total=paid).order_by("-received_on", "-pk")


def export_rows(queryset):
    for app in queryset.iterator(chunk_size=500):
        award = getattr(app, "award", None)
        yield [
            app.reference,
            app.fund_year.fund.name,
            app.fund_year.financial_year.label,
            app.allocation_line.area.name,
            app.organisation.name,
            app.organisation.charity_number,
            app.organisation.company_number,
            app.project_title,
            "; ".join(t.name for t in app.themes.all()),
            app.get_status_display(),
            app.amount_requested,
            award.amount if award else None,
            app.paid_total,
            app.received_on,
            app.planned_start,
            app.planned_end,
            app.beneficiaries,
            app.beneficiaries_count,
        ]


class ApplicationExportView(GrantsPage, View):
    permission_required = VIEW
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        filterset = ApplicationFilter(
            request.GET or None, queryset=Application.objects.for_list(), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            return redirect(f"{reverse('grants:applications')}?{request.GET.urlencode()}")
        queryset = export_queryset(filterset)
        rows = export_rows(queryset)
        name = f"applications-{timezone.localdate():%Y-%m-%d}"
        detail = {"list": "grants applications", "rows": filterset.qs.count()}
        if self.file_format == "xlsx":
            return xlsx_response(
                filename=name,
                header=HEADERS,
                rows=rows,
                sheet_title="Applications",
                number_formats=dict.fromkeys(MONEY_COLUMNS, XLSX_MONEY),
                request=request,
                audit_detail=detail,
            )
        return csv_response(filename=name, header=HEADERS, rows=rows, request=request, audit_detail=detail)
