"""Read side of the audit history kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from simple_history.models import registered_models


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    reason: str = ""
    subject: str = ""


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


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
                label = newer.instance_type._meta.get_field(change.field).verbose_name
                changes.append((str(label).capitalize(), change.old, change.new))
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


def recent_activity(user, *, limit: int = 10) -> list[HistoryEntry]:
    """The user's latest changes across every audited model: one query per model, not per row."""
    entries: list[HistoryEntry] = []
    for model in registered_models.values():
        history_model = model.history.model
        for record in history_model.objects.filter(history_user=user).order_by("-history_date")[:limit]:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who_self(user),
                    action=_ACTIONS.get(record.history_type, record.history_type),
                    reason=record.history_change_reason or "",
                    subject=f"{model._meta.verbose_name.capitalize()}: {record.instance}",
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _who_self(user) -> str:
    return user.get_full_name() or user.get_username()
