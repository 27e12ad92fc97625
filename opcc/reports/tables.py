import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from opcc.reports.models import ReportRun

STATUS_TAGS = {
    ReportRun.Status.QUEUED: "govuk-tag--grey",
    ReportRun.Status.RUNNING: "govuk-tag--blue",
    ReportRun.Status.SUCCEEDED: "govuk-tag--green",
    ReportRun.Status.FAILED: "govuk-tag--red",
}


class ReportRunTable(tables.Table):
    run = tables.Column(accessor="pk", verbose_name="Run", orderable=False)
    financial_year = tables.Column(
        accessor="financial_year__start_year", verbose_name="Financial year", orderable=True
    )
    requested_by = tables.Column(verbose_name="Requested by", orderable=False, default="Command line")
    created_at = tables.DateTimeColumn(verbose_name="Requested", format="d/m/Y H:i", orderable=True)
    status = tables.Column(orderable=True)
    finished_at = tables.DateTimeColumn(verbose_name="Finished", format="d/m/Y H:i", orderable=False)

    class Meta:
        model = ReportRun
        fields = ("run", "financial_year", "requested_by", "created_at", "status", "finished_at")
        order_by = ("-created_at",)
        empty_text = "No reports have been built yet."
        attrs = {"class": "govuk-table"}

    def render_run(self, record):
        url = reverse("reports:run", args=[record.pk])
        return format_html(
            '<a class="govuk-link" href="{}">Run {}<span class="govuk-visually-hidden"> for {}</span></a>',
            url,
            record.pk,
            record.financial_year.label,
        )

    def render_financial_year(self, record):
        return record.financial_year.label

    def render_requested_by(self, value):
        return value.get_full_name() or value.get_username()

    def render_status(self, record):
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            STATUS_TAGS[record.status],
            record.get_status_display(),
        )
