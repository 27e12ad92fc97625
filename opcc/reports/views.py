"""Reports screens: build a pack, watch it, download it, preview the tables. Thin: services do the work."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import DetailView, FormView, TemplateView, View
from django_tables2 import SingleTableMixin

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.exports import content_disposition, safe_filename
from opcc.core.lists import BoundedPaginator
from opcc.core.models import FinancialYear
from opcc.core.permissions import PermissionMixin
from opcc.reports import services
from opcc.reports.exporters import EXPORTERS, FORMATS
from opcc.reports.forms import BuildForm
from opcc.reports.models import ReportFile, ReportRun
from opcc.reports.pack import SectionError, build_pack, registered_sections
from opcc.reports.presentation import display_table
from opcc.reports.tables import ReportRunTable

PREVIEW = "preview"  # the name of the form's "Preview the tables" button


class ReportsAccess(PermissionMixin):
    permission_required = services.PERMISSION


class ReportsHomeView(ReportsAccess, SingleTableMixin, FormView):
    """Choose a year and build; earlier runs below. Loading it also reaps runs whose worker died."""

    template_name = "reports/home.html"
    form_class = BuildForm
    table_class = ReportRunTable
    table_pagination = {"per_page": 10, "paginator_class": BoundedPaginator}

    def get(self, request, *args, **kwargs):
        services.report_runs_reap_stale()
        return super().get(request, *args, **kwargs)

    def get_table_data(self):
        return ReportRun.objects.for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Annual report statistics", sections=registered_sections(), preview=PREVIEW, **kwargs
        )

    def form_valid(self, form):
        year = form.cleaned_data["financial_year"]
        if PREVIEW in self.request.POST:
            # A read-only page: a clean GET address, with no CSRF token in it.
            return redirect(f"{reverse('reports:preview')}?{urlencode({'financial_year': year.pk})}")
        try:
            run = services.report_run_request(financial_year=year, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        # No flash message: the run page's status panel says "queued" while it is, and no longer.
        return redirect("reports:run", pk=run.pk)


def _run_context(run: ReportRun) -> dict:
    files = {f.format: f for f in run.files.all()} if run.status == ReportRun.Status.SUCCEEDED else {}
    return {
        "run": run,
        "downloads": [(EXPORTERS[fmt], files[fmt]) for fmt in FORMATS if fmt in files],
    }


class RunDetailView(ReportsAccess, DetailView):
    template_name = "reports/run.html"
    queryset = ReportRun.objects.select_related("financial_year", "requested_by")

    def get_context_data(self, **kwargs):
        run = self.object
        return super().get_context_data(
            page_title=f"Annual report {run.financial_year.label}", **_run_context(run), **kwargs
        )


class RunProgressView(RunDetailView):
    """The status panel alone, polled by HTMX every 2 seconds while the run is queued or running."""

    template_name = "reports/includes/run_status.html"

    def get_object(self, queryset=None):
        run = super().get_object(queryset)
        if run.is_active and self._looks_stale(run):
            services.report_runs_reap_stale()
            run.refresh_from_db()
        return run

    @staticmethod
    def _looks_stale(run: ReportRun) -> bool:
        now = timezone.now()
        if run.status == ReportRun.Status.RUNNING:
            return run.heartbeat_at is not None and run.heartbeat_at < now - services.stale_after()
        return run.queued_at is not None and run.queued_at < now - services.queued_stale_after()


class DownloadView(ReportsAccess, View):
    """Streams a stored output after the permission check; files are never served from a public URL.
    Each download is recorded in the audit trail."""

    def get(self, request, pk: int, fmt: str):
        if fmt not in EXPORTERS:
            raise Http404("No such format.")
        report_file = get_object_or_404(
            ReportFile.objects.select_related("run__financial_year"),
            run_id=pk,
            format=fmt,
            run__status=ReportRun.Status.SUCCEEDED,
        )
        run = report_file.run
        audit_record(
            action=Action.REPORT_DOWNLOADED,
            request=request,
            target=run,
            detail={"run": run.pk, "year": run.financial_year.label, "format": fmt},
        )
        response = FileResponse(report_file.file.open("rb"), content_type=EXPORTERS[fmt].content_type)
        response["Content-Disposition"] = content_disposition(safe_filename(report_file.download_name, fmt))
        response["Cache-Control"] = "private, no-store"
        return response


class PreviewView(ReportsAccess, TemplateView):
    """The pack's tables for a year as the records stand now (`?financial_year=<id>`), no files built."""

    template_name = "reports/preview.html"

    def get_context_data(self, **kwargs):
        form = BuildForm(self.request.GET)
        if not form.is_valid():
            raise Http404("Choose a financial year to preview.")
        year: FinancialYear = form.cleaned_data["financial_year"]
        context = super().get_context_data(
            page_title=f"Preview: annual report {year.label}", year=year, **kwargs
        )
        try:
            pack = build_pack(year.start_year)
        except SectionError as exc:
            context["error"] = str(exc)
            return context
        context.update(pack=pack, tables=[display_table(t) for t in pack.tables], checks=pack.checks)
        return context
