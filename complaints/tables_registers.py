"""The two registers' tables (templates/includes/table.html); sorts end with the pk and have an index."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from complaints.models import DipSample, LongInvestigation
from complaints.services.registers import months_elapsed

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}
NUMBER = {"th": {"class": "app-money"}, "td": {"class": "app-money"}}

STAGE_COLOURS: dict[str, str] = {
    DipSample.Stage.PLANNED: "grey",
    DipSample.Stage.FIELDWORK: "blue",
    DipSample.Stage.REPORTED: "purple",
    DipSample.Stage.CLOSED: "green",
}


def stage_tag(stage: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STAGE_COLOURS[stage],
        DipSample.Stage(stage).label,
    )


def overdue_tag(count: int) -> str:
    if not count:
        return "None"
    return format_html('<strong class="govuk-tag govuk-tag--red">{} overdue</strong>', count)


class DipSampleTable(tables.Table):
    month = tables.DateColumn(
        verbose_name="Month", format="F Y", linkify=True, attrs={**NOWRAP, **LINK}, order_by=("month", "pk")
    )
    scope = tables.Column(verbose_name="What was sampled", orderable=False)
    theme = tables.Column(verbose_name="Theme", orderable=False)
    cases_examined = tables.Column(verbose_name="Cases", attrs=NUMBER, orderable=False)
    stage = tables.Column(verbose_name="Stage", orderable=False)
    overdue = tables.Column(verbose_name="Actions overdue", orderable=False, empty_values=())

    class Meta:
        model = DipSample
        fields = ()
        sequence = ("month", "scope", "theme", "cases_examined", "stage", "overdue")
        empty_text = "No dip samples match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_stage(self, value, record):
        return stage_tag(record.stage)

    def render_overdue(self, value, record):
        return overdue_tag(record.overdue)


class LongInvestigationTable(tables.Table):
    force_reference = tables.Column(verbose_name="Force reference", linkify=True, attrs=LINK, orderable=False)
    started_on = tables.DateColumn(
        verbose_name="Started", format="d/m/Y", attrs=NOWRAP, orderable=False, default="Not known"
    )
    notified_on = tables.DateColumn(
        verbose_name="Notified", format="d/m/Y", attrs=NOWRAP, order_by=("notified_on", "pk")
    )
    months = tables.Column(verbose_name="Months elapsed", attrs=NUMBER, orderable=False, empty_values=())
    report_received_on = tables.DateColumn(
        verbose_name="Report received", format="d/m/Y", attrs=NOWRAP, orderable=False, default="Awaited"
    )
    closed_on = tables.DateColumn(
        verbose_name="Concluded", format="d/m/Y", attrs=NOWRAP, orderable=False, default="Open"
    )

    class Meta:
        model = LongInvestigation
        fields = ()
        sequence = (
            "force_reference",
            "started_on",
            "notified_on",
            "months",
            "report_received_on",
            "closed_on",
        )
        empty_text = "No investigations match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_months(self, value, record):
        elapsed = months_elapsed(record.started_on, record.closed_on or timezone.localdate())
        return "Not known" if elapsed is None else elapsed
