"""The applications list as CSV or XLSX: the same filters as the page, every matching row.

Cells a spreadsheet would run as a formula (starting = + - @, or a tab/carriage return) are
neutralised with a leading apostrophe: organisation names and titles come from the public.
"""

from __future__ import annotations

import csv
from datetime import date
from io import BytesIO

from django.db.models import F, OuterRef
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from grants.filters import ApplicationFilter
from grants.models import Application, Payment

from .common import VIEW, GrantsPage, subquery_sum

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def neutralise(value):
    """A string a spreadsheet would treat as a formula becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


class ApplicationExportView(GrantsPage, View):
    permission_required = VIEW
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        filterset = ApplicationFilter(
            request.GET or None, queryset=Application.objects.for_list(), request=request
        )
        if filterset.is_bound and not filterset.is_valid():
            return redirect(f"{reverse('grants:applications')}?{request.GET.urlencode()}")
        rows = export_rows(export_queryset(filterset))
        name = f"applications-{timezone.localdate():%Y-%m-%d}"
        if self.file_format == "xlsx":
            return self.xlsx(rows, name)
        return self.csv(rows, name)

    def csv(self, rows, name):
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a byte order mark
            yield writer.writerow(HEADERS)
            for row in rows:
                yield writer.writerow([_csv_value(v) for v in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def xlsx(self, rows, name):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Applications")
        sheet.append(HEADERS)
        for row in rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                if isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
                elif index in MONEY_COLUMNS and value is not None:
                    cell.number_format = "#,##0.00"
                cells.append(cell)
            sheet.append(cells)
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
