"""django-tables2 tables in GOV.UK markup (templates/includes/table.html); sortable, paginated.

Every sortable column ends its ordering with the primary key (a stable order for paging) and has
an index that serves it (grants migration 0005), so page 500 of two million rows reads an index,
not a sort. Columns that come from another table (the area's order, the award, per-organisation
totals) are not sortable: no index can serve them.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from grants.models import Application, Organisation, Status
from opcc.core.money import format_gbp

# GOV.UK Frontend 6 tag colours; the default (no modifier) is blue.
STATUS_TAG_COLOURS = {
    Status.DRAFT: "grey",
    Status.SUBMITTED: "",
    Status.ELIGIBILITY_CHECK: "pink",
    Status.INELIGIBLE: "orange",
    Status.ASSESSED: "purple",
    Status.APPROVED: "green",
    Status.REJECTED: "red",
    Status.RETURNED: "yellow",
    Status.AGREEMENT_SIGNED: "teal",
    Status.PAID: "turquoise",
    Status.MONITORING_DUE: "magenta",
    Status.CLOSED: "grey",
    Status.WITHDRAWN: "orange",
}


def status_tag(status: str) -> str:
    colour = STATUS_TAG_COLOURS.get(Status(status), "")
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, Status(status).label)


MONEY = {"th": {"class": "app-money"}, "td": {"class": "app-money"}}
NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", MONEY)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_gbp(value)


class ApplicationTable(tables.Table):
    reference = tables.Column(verbose_name="Reference", linkify=True, attrs={**NOWRAP, **LINK})
    organisation = tables.Column(
        verbose_name="Organisation", accessor="organisation__name", order_by=("organisation__name", "pk")
    )
    project_title = tables.Column(verbose_name="Project", order_by=("project_title", "pk"))
    area = tables.Column(verbose_name="Area or pot", accessor="allocation_line__area__name", orderable=False)
    status = tables.Column(verbose_name="Status", order_by=("status", "pk"))
    amount_requested = MoneyColumn(verbose_name="Requested", order_by=("amount_requested", "pk"))
    awarded = MoneyColumn(verbose_name="Awarded", accessor="award__amount", orderable=False)
    received_on = tables.DateColumn(
        verbose_name="Received", format="d/m/Y", attrs=NOWRAP, order_by=("received_on", "pk")
    )

    class Meta:
        model = Application
        fields = ()
        sequence = (
            "reference",
            "organisation",
            "project_title",
            "area",
            "status",
            "amount_requested",
            "awarded",
            "received_on",
        )
        empty_text = "No applications match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def render_status(self, value, record):
        return status_tag(record.status)


class OrganisationTable(tables.Table):
    name = tables.Column(verbose_name="Name", linkify=True, attrs=LINK, order_by=("name", "pk"))
    org_type = tables.Column(verbose_name="Type", order_by=("org_type", "name", "pk"))
    charity_number = tables.Column(
        verbose_name="Charity number", default="", order_by=("charity_number", "pk")
    )
    company_number = tables.Column(
        verbose_name="Company number", default="", order_by=("company_number", "pk")
    )
    postcode = tables.Column(verbose_name="Postcode", default="", attrs=NOWRAP, order_by=("postcode", "pk"))
    applications_count = tables.Column(verbose_name="Applications", attrs=MONEY, orderable=False)
    awarded_total = MoneyColumn(verbose_name="Awarded", orderable=False)

    class Meta:
        model = Organisation
        fields = ()
        sequence = (
            "name",
            "org_type",
            "charity_number",
            "company_number",
            "postcode",
            "applications_count",
            "awarded_total",
        )
        empty_text = "No organisations match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}
