"""The audit list as a GOV.UK table (templates/includes/table.html): newest first, lazily paged."""

from __future__ import annotations

import json

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from opcc.audit.models import AccessEvent

NONE = "\u2013"  # an en dash for an empty cell
NOWRAP = {"td": {"class": "app-nowrap"}}
DETAIL_LIMIT = 160


class AccessEventTable(tables.Table):
    occurred_at = tables.Column(verbose_name="When", attrs=NOWRAP, order_by=("occurred_at", "id"))
    username = tables.Column(verbose_name="Who", orderable=False, empty_values=())
    action = tables.Column(verbose_name="What happened", orderable=False)
    record = tables.Column(verbose_name="Record", orderable=False, empty_values=(), accessor="object_repr")
    ip_address = tables.Column(verbose_name="Address", orderable=False, default=NONE)
    detail = tables.Column(verbose_name="Details", orderable=False, empty_values=())

    class Meta:
        model = AccessEvent
        fields = ()
        sequence = ("occurred_at", "username", "action", "record", "ip_address", "detail")
        order_by_field = "sort"
        empty_text = "No events match."
        attrs = {"class": "govuk-table"}

    def render_occurred_at(self, value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")

    def render_username(self, record):
        return record.username or NONE

    def render_action(self, record):
        return record.get_action_display()

    def render_record(self, record):
        if not record.object_type:
            return NONE
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{} {}</span>',
            record.object_repr,
            record.object_type,
            record.object_id,
        )

    def render_detail(self, record):
        if not record.detail:
            return NONE
        text = detail_text(record.detail)
        return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1] + "…"


def _value_text(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item) for item in value) or "none"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "none" if value in (None, "") else str(value)


def detail_text(detail: dict) -> str:
    """'Factor: totp; Reason: lost phone' rather than raw JSON, for people reading the trail."""
    return "; ".join(
        f"{key.replace('_', ' ').capitalize()}: {_value_text(value)}" for key, value in detail.items()
    )
