"""Publications: 360Giving data for a date range and the monthly grants register, for download.

Reports and Grants managers hold "grants.export_publications". The forms are GET forms (reading,
never changing anything); a download with bad input shows the page again with a GOV.UK error summary.
Downloads go out through the export helper (safe file name, no caching) and are recorded in the
audit trail with their format and date range.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from grants.publications import register, threesixty
from grants.publications.forms import DateRangeForm, RegisterMonthForm
from opcc.audit.models import Action
from opcc.core.exports import bytes_response
from opcc.core.permissions import PermissionMixin

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


class ThreeSixtyGivingDownloadView(PublicationsPage):
    """The data package as JSON, or the same grants as a spreadsheet (XLSX or CSV)."""

    def get(self, request, *args, file_format: str, **kwargs):
        if file_format not in FORMATS:
            raise Http404("No such format")
        form = DateRangeForm(request.GET)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            package = threesixty.data_package(start, end)
            if package["grants"]:
                content = {"json": threesixty.to_json, "xlsx": threesixty.to_xlsx, "csv": threesixty.to_csv}
                name = f"360giving-{threesixty.prefix()}-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"
                return download(
                    request,
                    content=content[file_format](package),
                    file_format=file_format,
                    filename=name,
                    detail={
                        "publication": "360Giving",
                        "start": start,
                        "end": end,
                        "rows": len(package["grants"]),
                    },
                )
            form.add_error(
                None,
                f"No grants were awarded from {start:%d/%m/%Y} to {end:%d/%m/%Y}: there is nothing to publish",
            )
        return self.render_to_response(self.get_context_data(range_form=form, month_form=RegisterMonthForm()))


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
