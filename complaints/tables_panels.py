"""Tables of the panel members, hearings and appeals lists; every sort ends with the pk and has an index."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from complaints.models import Appeal, Hearing, PanelMember

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}
NUMBER = {"th": {"class": "app-money"}, "td": {"class": "app-money"}}

HEARING_COLOURS: dict[str, str] = {
    Hearing.Stage.REQUESTED: "yellow",
    Hearing.Stage.MEMBERS_APPOINTED: "blue",
    Hearing.Stage.HELD: "green",
    Hearing.Stage.ADJOURNED: "orange",
    Hearing.Stage.CANCELLED: "grey",
}
APPEAL_COLOURS: dict[str, str] = {
    Appeal.Stage.RECEIVED: "yellow",
    Appeal.Stage.ARRANGED: "blue",
    Appeal.Stage.HEARD: "purple",
    Appeal.Stage.DETERMINED: "green",
    Appeal.Stage.WITHDRAWN: "grey",
}


def tag(label: str, colour: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


def hearing_tag(stage: str) -> str:
    return tag(Hearing.Stage(stage).label, HEARING_COLOURS[stage])


def appeal_tag(stage: str) -> str:
    return tag(Appeal.Stage(stage).label, APPEAL_COLOURS[stage])


class TableOptions:
    fields = ()
    order_by_field = "sort"
    attrs = {"class": "govuk-table"}


class PanelMemberTable(tables.Table):
    name = tables.Column(verbose_name="Name", linkify=True, attrs=LINK, order_by=("name", "pk"))
    role = tables.Column(verbose_name="Role", orderable=False)
    region = tables.Column(verbose_name="Region", orderable=False, default="Not recorded")
    term_ends_on = tables.DateColumn(
        verbose_name="Term ends", format="d/m/Y", attrs=NOWRAP, order_by=("term_ends_on", "pk")
    )
    vetting_expires_on = tables.DateColumn(
        verbose_name="Vetting expires", format="d/m/Y", attrs=NOWRAP, order_by=("vetting_expires_on", "pk")
    )
    active = tables.BooleanColumn(verbose_name="On the list", orderable=False, yesno="Yes,No")

    class Meta(TableOptions):
        model = PanelMember
        sequence = ("name", "role", "region", "term_ends_on", "vetting_expires_on", "active")
        empty_text = "No panel members match."


class HearingTable(tables.Table):
    force_reference = tables.Column(verbose_name="Force reference", linkify=True, attrs=LINK, orderable=False)
    kind = tables.Column(verbose_name="Type", orderable=False)
    rank_band = tables.Column(verbose_name="Rank band", orderable=False)
    starts_on = tables.DateColumn(
        verbose_name="First day", format="d/m/Y", attrs=NOWRAP, order_by=("starts_on", "pk")
    )
    members = tables.Column(verbose_name="Members", attrs=NUMBER, orderable=False, empty_values=())
    stage = tables.Column(verbose_name="Stage", orderable=False)

    class Meta(TableOptions):
        model = Hearing
        sequence = ("force_reference", "kind", "rank_band", "starts_on", "members", "stage")
        empty_text = "No hearings match."

    def render_stage(self, value, record):
        return hearing_tag(record.stage)


class AppealTable(tables.Table):
    force_reference = tables.Column(verbose_name="Force reference", linkify=True, attrs=LINK, orderable=False)
    received_on = tables.DateColumn(
        verbose_name="Notice received", format="d/m/Y", attrs=NOWRAP, order_by=("received_on", "pk")
    )
    against = tables.Column(verbose_name="Against", orderable=False)
    rank_band = tables.Column(verbose_name="Rank band", orderable=False)
    tribunal_on = tables.DateColumn(
        verbose_name="Tribunal", format="d/m/Y", attrs=NOWRAP, orderable=False, default="Not arranged"
    )
    stage = tables.Column(verbose_name="Stage", orderable=False)

    class Meta(TableOptions):
        model = Appeal
        sequence = ("force_reference", "received_on", "against", "rank_band", "tribunal_on", "stage")
        empty_text = "No appeals match."

    def render_stage(self, value, record):
        return appeal_tag(record.stage)
