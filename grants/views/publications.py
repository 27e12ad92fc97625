"""Publications: 360Giving data for a date range and the monthly grants register, for download.

Reports and Grants managers hold "grants.export_publications". The forms are GET forms (reading,
never changing anything); a download with bad input shows the page again with a GOV.UK error summary.
Downloads go out through the export helper (safe file name, no caching) and are recorded in the
audit trail with their format and date range.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from grants.publications import register, threesixty
from grants.publications.forms import DateRangeForm, RegisterMonthForm
from opcc.audit.models import Action
from opcc.core.exports import _download_headers, bytes_response, record_export, safe_filename
from opcc.core.permissions import PermissionMixin
from opcc.exports.registry import ExportList, stream_limit
from opcc.exports.services import export_job_request

PERMISSION = "grants.export_publications"
PREVIEW_ROWS = 200
FORMATS = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def download(request, *, content: bytes, file_format: str, filename: str, detail: dict):
    return bytes_response(
        content=content,
        filename=filename,
        ext=file_format,
        content_type=FORMATS[file_format],
        request=request,
        audit_action=Action.PUBLICATION_DOWNLOADED,
        audit_detail=detail,
    )


class PublicationsPage(PermissionMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "grants/publications/home.html"

    def forms(self) -> tuple[DateRangeForm, RegisterMonthForm]:
        query = self.request.GET
        range_form = DateRangeForm(query if {"start", "end"} & set(query) else None)
        return range_form, RegisterMonthForm()

    def get(self, request, *args, **kwargs):
        range_form, month_form = self.forms()
        return self.render_to_response(self.get_context_data(range_form=range_form, month_form=month_form))

    def get_context_data(self, *, range_form, month_form, **kwargs):
        context = super().get_context_data(**kwargs)
        breadcrumbs = [("Home", reverse("core:home"))]
        if self.request.user.has_perm("core.access_grants"):
            breadcrumbs.append(("Grants", reverse("grants:home")))
        context.update(
            page_title="Publications",
            breadcrumbs=breadcrumbs,
            range_form=range_form,
            month_form=month_form,
            forms_with_errors=[f for f in (range_form, month_form) if f.is_bound and f.errors],
        )
        if range_form.is_bound and range_form.is_valid():
            context.update(self.preview(range_form.cleaned_data["start"], range_form.cleaned_data["end"]))
        return context

    def preview(self, start, end) -> dict:
        awards = threesixty.publishable_awards(start, end)
        summary = awards.aggregate(count=Count("pk"), total=Sum("amount"))
        query = urlencode({"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"})
        links = [
            (label, f"{reverse('grants:publications_360giving', args=[fmt])}?{query}")
            for fmt, label in (
                ("json", "360Giving data (JSON)"),
                ("xlsx", "spreadsheet (XLSX)"),
                ("csv", "spreadsheet (CSV)"),
            )
        ]
        return {
            "preview": list(awards[:PREVIEW_ROWS]),
            "preview_count": summary["count"],
            "preview_total": summary["total"],
            "preview_limit": PREVIEW_ROWS,
            "start": start,
            "end": end,
            "downloads": links if summary["count"] else [],
        }


def _range(query) -> tuple[date, date] | None:
    form = DateRangeForm(query)
    return (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else None


def threesixty_queryset(query, request):
    dates = _range(query)
    return threesixty.publishable_awards(*dates) if dates else None


def threesixty_rows(queryset) -> Iterator[dict]:
    for award in queryset.iterator(chunk_size=threesixty.CHUNK):
        yield threesixty.grant(award)


def threesixty_name(query) -> str:
    start, end = _range(query) or (date.min, date.min)
    return f"360giving-{threesixty.prefix()}-{start:%Y%m%d}-{end:%Y%m%d}"


def threesixty_write(handle, file_format: str, rows, *, query) -> int:
    start, end = _range(query) or (date.min, date.min)
    return threesixty.write(handle, file_format, rows, head=threesixty.package_head(start, end))


THREESIXTY = ExportList(
    name="grants.threesixty",
    title="360Giving data",
    filename="360giving",
    list_url="grants:publications_home",
    header=threesixty.HEADER,
    queryset=threesixty_queryset,
    rows=threesixty_rows,
    allowed=lambda user: user.has_perm(PERMISSION),
    audit_action=Action.PUBLICATION_DOWNLOADED,
    write=threesixty_write,
    name_for=threesixty_name,
)


class ThreeSixtyGivingDownloadView(PublicationsPage):
    """The data package as JSON, or the same grants as a spreadsheet (XLSX or CSV).

    Written a grant at a time to a temporary file; a range with more grants than the stream limit is
    written by the worker as an export job instead, so no download can outlast the web worker.
    """

    def get(self, request, *args, file_format: str, **kwargs):
        if file_format not in FORMATS:
            raise Http404("No such format")
        form = DateRangeForm(request.GET)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            query = urlencode({"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"})
            limit = stream_limit(file_format)
            count = threesixty.publishable_awards(start, end).order_by()[: limit + 1].count()
            if count > limit:
                job = export_job_request(
                    export=THREESIXTY, query=query, file_format=file_format, by=request.user, request=request
                )
                messages.success(request, f"More than {limit:,} grants: the file is being written for you.")
                return redirect(job)
            if count:
                return self.download(request, file_format, start, end, query)
            form.add_error(
                None,
                f"No grants were awarded from {start:%d/%m/%Y} to {end:%d/%m/%Y}: there is nothing to publish",
            )
        return self.render_to_response(self.get_context_data(range_form=form, month_form=RegisterMonthForm()))

    def download(self, request, file_format: str, start: date, end: date, query: str):
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
        try:
            rows = threesixty_rows(threesixty.publishable_awards(start, end))
            head = threesixty.package_head(start, end)
            written = threesixty.write(handle, file_format, rows, head=head)
            handle.seek(0)
        except BaseException:
            handle.close()
            raise
        name = safe_filename(threesixty_name(QueryDict(query)), file_format)
        detail = {"publication": "360Giving", "start": start, "end": end, "rows": written}
        record_export(request, file_format, name, action=Action.PUBLICATION_DOWNLOADED, detail=detail)
        return _download_headers(FileResponse(handle, content_type=FORMATS[file_format]), name)


class RegisterDownloadView(PublicationsPage):
    """The Specified Information Order grants register for one month, as CSV."""

    def get(self, request, *args, **kwargs):
        form = RegisterMonthForm(request.GET)
        if form.is_valid():
            year, month = form.cleaned_data["year"], form.cleaned_data["month"]
            start, end = register.month_range(year, month)
            return download(
                request,
                content=register.to_csv(year, month),
                file_format="csv",
                filename=register.filename(year, month),
                detail={"publication": "grants register", "start": start, "end": end},
            )
        return self.render_to_response(self.get_context_data(range_form=DateRangeForm(), month_form=form))
