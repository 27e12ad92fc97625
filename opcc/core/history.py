"""Read side of the audit history kept by django-simple-history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date

from opcc.core.money import format_gbp


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after (as shown)
    reason: str = ""
    subject: str = ""


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


def shown(model_field, value) -> str:
    """A stored value as pages show it: money "£2,960.50", dates "19 September 2022", choice labels.

    Two-place decimals are money (ADR 0006); "" for nothing (the panel says "(blank)").
    """
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DecimalField) and model_field.decimal_places == 2:
        return format_gbp(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_date(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y, H:i")
    if isinstance(value, dt.date):
        return format_date(value, "j F Y")
    return str(value)


def history_for(obj, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first, each with the fields that changed against the version before it."""
    ordered = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(ordered[: limit + 1])
    entries: list[HistoryEntry] = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                model_field = newer.instance_type._meta.get_field(change.field)
                label = str(model_field.verbose_name).capitalize()
                changes.append((label, shown(model_field, change.old), shown(model_field, change.new)))
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=_who(newer),
                action=_ACTIONS.get(newer.history_type, newer.history_type),
                changes=changes,
                reason=newer.history_change_reason or "",
            )
        )
    return entries
