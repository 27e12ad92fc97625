"""The volunteer list's table (templates/includes/table.html); every sort ends with the pk on an index.

The "Checks" column says whether an active volunteer's vetting, accreditation or required training
has run out (red) or runs out within 60 days (yellow). It is worked out from the row's own dates and
two EXISTS subqueries annotated on the page's rows only (`with_checks`), never a query per row.
"""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.html import format_html

from volunteers.filters.people import EXPIRY_DAYS, training_lapsed_q
from volunteers.models import TrainingRecord, Volunteer, VolunteerStatus

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}

STATUS_COLOURS = {
    VolunteerStatus.APPLICANT: "blue",
    VolunteerStatus.INTERVIEWED: "light-blue",
    VolunteerStatus.REFERENCES: "light-blue",
    VolunteerStatus.VETTING: "purple",
    VolunteerStatus.TRAINING: "purple",
    VolunteerStatus.ACTIVE: "green",
    VolunteerStatus.SUSPENDED: "orange",
    VolunteerStatus.LEFT: "grey",
}


def status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[VolunteerStatus(status)],
        VolunteerStatus(status).label,
    )


def with_checks(queryset: QuerySet[Volunteer], today: dt.date) -> QuerySet[Volunteer]:
    """Each row with `training_lapsed` and `training_expiring` (EXISTS, evaluated per page row)."""
    soon = today + dt.timedelta(days=EXPIRY_DAYS)
    expiring = TrainingRecord.objects.filter(
        volunteer=OuterRef("pk"), expires_on__gte=today, expires_on__lte=soon
    )
    lapsed = Volunteer.objects.filter(pk=OuterRef("pk")).filter(training_lapsed_q(today))
    return queryset.select_related("area").annotate(
        training_lapsed=Exists(lapsed), training_expiring=Exists(expiring)
    )


def check_state(volunteer: Volunteer, today: dt.date) -> str:
    """The state of an active volunteer's checks: expired, expiring or none (others are not put on anything)."""
    if volunteer.status != VolunteerStatus.ACTIVE:
        return ""
    dates = (volunteer.vetting_expires_on, volunteer.reaccreditation_due_on)
    if any(d is None or d < today for d in dates) or getattr(volunteer, "training_lapsed", False):
        return "expired"
    soon = today + dt.timedelta(days=EXPIRY_DAYS)
    if any(d is not None and d <= soon for d in dates) or getattr(volunteer, "training_expiring", False):
        return "expiring"
    return ""


def check_tag(state: str) -> str:
    if state == "expired":
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Expired")
    if state == "expiring":
        return format_html('<strong class="govuk-tag govuk-tag--yellow">{}</strong>', "Expiring soon")
    return ""


class VolunteerTable(tables.Table):
    name = tables.Column(
        verbose_name="Name",
        linkify=True,
        accessor="last_name",
        order_by=("last_name", "first_name", "pk"),
        attrs=LINK,
    )
    scheme = tables.Column(verbose_name="Scheme", orderable=False)
    status = tables.Column(verbose_name="Status", order_by=("status", "scheme", "pk"))
    area = tables.Column(verbose_name="Area", orderable=False, default="")
    team = tables.Column(verbose_name="Team", orderable=False, default="")
    vetting_expires_on = tables.DateColumn(
        verbose_name="Vetting expires",
        format="d/m/Y",
        attrs=NOWRAP,
        default="None",
        order_by=("vetting_expires_on", "pk"),
    )
    reaccreditation_due_on = tables.DateColumn(
        verbose_name="Re-accreditation due",
        format="d/m/Y",
        attrs=NOWRAP,
        default="Not appointed",
        order_by=("reaccreditation_due_on", "pk"),
    )
    checks = tables.Column(verbose_name="Checks", orderable=False, empty_values=(), accessor="pk")

    class Meta:
        model = Volunteer
        fields = ()
        sequence = (
            "name",
            "scheme",
            "status",
            "area",
            "team",
            "vetting_expires_on",
            "reaccreditation_due_on",
            "checks",
        )
        empty_text = "No volunteers match."
        order_by_field = "sort"
        attrs = {"class": "govuk-table"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_name(self, value, record):
        return record.name

    def render_status(self, value, record):
        return status_tag(record.status)

    def render_checks(self, value, record):
        return check_tag(check_state(record, self.today))
