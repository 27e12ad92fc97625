"""List exports: stream a small one in the request, queue a large one as a job; the job's pages.

`ExportView` is every module's export view: a subclass names its `ExportList` and is routed once per
format. A job's pages open only for the person who asked for it (404 for anyone else) and only
while they may still export that list (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, View

from opcc.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    _download_headers,
    csv_response,
    xlsx_response,
)
from opcc.exports import services
from opcc.exports.models import ExportJob
from opcc.exports.registry import ExportList, export_list, stream_limit


def export_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    for key in ("page", "csrfmiddlewaretoken"):
        query.pop(key, None)
    return query.urlencode()


def export_response(request: HttpRequest, export: ExportList, file_format: str) -> HttpResponseBase:
    """The list's filtered rows: streamed when at most the stream limit, else a job (redirect)."""
    if not export.allowed(request.user):
        raise PermissionDenied(f"You may not export {export.title.lower()}.")
    queryset = export.queryset(request.GET, request)
    if queryset is None:
        return redirect(f"{reverse(export.list_url)}?{request.GET.urlencode()}")
    limit = stream_limit(file_format)
    rows = queryset.order_by()[: limit + 1].count()  # bounded: never a full count of millions
    if rows > limit:
        job = services.export_job_request(
            export=export,
            query=export_query(request),
            file_format=file_format,
            by=request.user,
            request=request,
        )
        messages.success(request, f"The export has more than {limit:,} rows, so it is being written for you.")
        return redirect(job)
    name = f"{export.filename}-{timezone.localdate():%Y-%m-%d}"
    detail = {"list": export.name, "rows": rows}
    if file_format == "xlsx":
        return xlsx_response(
            filename=name,
            header=export.header,
            rows=export.rows(queryset),
            sheet_title=export.sheet_title,
            number_formats=export.number_formats,
            request=request,
            audit_action=export.audit_action,
            audit_detail=detail,
        )
    return csv_response(
        filename=name,
        header=export.header,
        rows=export.rows(queryset),
        request=request,
        audit_action=export.audit_action,
        audit_detail=detail,
    )


class ExportView(View):
    """A list's download, declared in a few lines::

        class ComplaintExportView(ExportView):
            export = COMPLAINTS  # an ExportList in settings.EXPORT_LISTS

        path("complaints.csv", ComplaintExportView.as_view(file_format="csv"), name="complaints_csv")

    The list's `allowed(user)` is the permission check (403); filters the list's form refuses send
    the user back to the list; the export is recorded in the audit trail with the list's action;
    up to the stream limit it streams, above it becomes a job (`export_response`)."""

    export: ExportList
    file_format = "csv"
    formats: tuple[str, ...] = ("csv", "xlsx")
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if self.file_format not in self.formats:
            raise Http404("This list cannot be exported in that format.")
        if not self.export.allowed(request.user):
            raise PermissionDenied(f"You may not export {self.export.title.lower()}.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return export_response(request, self.export, self.file_format)


class OwnJob(LoginRequiredMixin):
    """The signed-in user's own job (404 otherwise), of a list they may still export (403 otherwise)."""

    export: ExportList

    def get_job(self, pk: int) -> ExportJob:
        job = get_object_or_404(ExportJob, pk=pk, requested_by=self.request.user)  # type: ignore[attr-defined]
        if job.is_active and services.export_job_is_stale(job):
            services.export_job_fail(job_id=job.pk, reason=services.STALE_REASON)
            job.refresh_from_db()
        export = export_list(job.list_name)
        if export is None:
            raise Http404("This list can no longer be exported.")
        if not export.allowed(self.request.user):  # type: ignore[attr-defined]
            raise PermissionDenied("You may no longer export this list.")
        self.export = export
        return job


class JobView(OwnJob, DetailView):
    template_name = "exports/job.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_job(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Export of {self.export.title.lower()}",
            export=self.export,
            list_link=f"{reverse(self.export.list_url)}?{self.object.query}",
            **kwargs,
        )


class JobProgressView(JobView):
    """The status panel alone, polled by HTMX every 2 seconds while the job is queued or running."""

    template_name = "exports/includes/job_status.html"


class JobDownloadView(OwnJob, View):
    """Streams the stored file after the checks; recorded in the audit trail."""

    def get(self, request, pk: int):
        job = self.get_job(pk)
        if job.status != ExportJob.Status.SUCCEEDED or not job.file:
            raise Http404("This export has no file.")
        services.record_download(job=job, export=self.export, request=request)
        content_type = XLSX_CONTENT_TYPE if job.format == "xlsx" else CSV_CONTENT_TYPE
        response = FileResponse(job.file.open("rb"), content_type=content_type)
        return _download_headers(response, services.job_filename(job, self.export))
