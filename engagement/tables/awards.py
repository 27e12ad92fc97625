"""The awards lists' tables (templates/includes/table.html): editions and nominations.

Nominations are listed newest edition first, then by status and pk (the (edition, status) index).
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from engagement.models import AwardEdition, Nomination, NominationStatus, ordinal

NOWRAP = {"td": {"class": "app-nowrap"}}
LINK = {"a": {"class": "govuk-link"}}

STATUS_COLOURS = {
    NominationStatus.RECEIVED: "blue",
    NominationStatus.ELIGIBLE: "light-blue",
    NominationStatus.SHORTLISTED: "purple",
    NominationStatus.WINNER: "green",
    NominationStatus.RUNNER_UP: "turquoise",
    NominationStatus.NOT_SELECTED: "grey",
}


def nomination_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS[NominationStatus(status)],
        NominationStatus(status).label,
    )


class EditionTable(tables.Table):
    name = tables.Column(verbose_name="Edition", linkify=True, accessor="number", attrs=LINK)
    nominations_open_on = tables.DateColumn(verbose_name="Nominations open", format="j M Y", attrs=NOWRAP)
    nominations_close_on = tables.DateColumn(verbose_name="Nominations close", format="j M Y", attrs=NOWRAP)
    ceremony_on = tables.DateColumn(verbose_name="Ceremony", format="j M Y", attrs=NOWRAP, default="Not set")
    nomination_count = tables.Column(verbose_name="Nominations")

    class Meta:
        model = AwardEdition
        fields = ()
        sequence = ("name", "nominations_open_on", "nominations_close_on", "ceremony_on", "nomination_count")
        empty_text = "No editions recorded."
        orderable = False
        attrs = {"class": "govuk-table"}

    def render_name(self, value, record):
        return str(record)


class NominationTable(tables.Table):
    nominee_name = tables.Column(verbose_name="Nominee", linkify=True, attrs=LINK)
    edition = tables.Column(verbose_name="Edition", accessor="edition__number")
    category = tables.Column(verbose_name="Category")
    area = tables.Column(verbose_name="Area", default="")
    young_person = tables.BooleanColumn(verbose_name="Young person", yesno="Yes,No")
    received_on = tables.DateColumn(verbose_name="Received", format="j M Y", attrs=NOWRAP)
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Nomination
        fields = ()
        sequence = ("nominee_name", "edition", "category", "area", "young_person", "received_on", "status")
        empty_text = "No nominations match."
        orderable = False
        attrs = {"class": "govuk-table"}

    def render_edition(self, value, record):
        return ordinal(value)

    def render_status(self, value, record):
        return nomination_tag(record.status)
