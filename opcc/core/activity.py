"""The home page's "Your recent activity": the user's latest changes, each linked to its record.

A change links to the record's own page (`get_absolute_url`); a record without one (a payment, an
allocation line) links to the nearest record above it that has one, found along its first foreign
keys (payment -> award -> application), so a new module's models link without code here. A deleted
record, or one with nothing to link to, is listed without a link. Reads: one query per model for the
changes, and one per model whose records link through a parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import registered_models

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
MAX_DEPTH = 3


@dataclass(frozen=True)
class ActivityEntry:
    when: datetime
    action: str
    subject: str
    reason: str = ""
    url: str = ""


def _has_page(model: type[models.Model]) -> bool:
    return hasattr(model, "get_absolute_url")


def link_path(model: type[models.Model], depth: int = 0) -> str | None:
    """The lookup from `model` to the nearest model with a page ("" for itself, "award__application"),
    through foreign keys in field order, never through a user; None if there is none."""
    if _has_page(model):
        return ""
    if depth == MAX_DEPTH:
        return None
    for field in model._meta.concrete_fields:
        related = field.related_model
        if not isinstance(related, type) or not (field.many_to_one or field.one_to_one):
            continue
        if related._meta.label == settings.AUTH_USER_MODEL or related is model:
            continue
        rest = link_path(related, depth + 1)
        if rest is not None:
            return f"{field.name}__{rest}" if rest else field.name
    return None


def _target_model(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model  # type: ignore[assignment]
    return model


def _urls(model: type[models.Model], pks: set) -> dict:
    """pk -> URL of the record's page or its parent's, for the records of `model` that still exist."""
    path = link_path(model)
    if path is None or not pks:
        return {}
    if path == "":
        return {obj.pk: obj.get_absolute_url() for obj in model._default_manager.filter(pk__in=pks)}  # type: ignore[attr-defined]
    parents = dict(model._default_manager.filter(pk__in=pks).values_list("pk", path))
    target = _target_model(model, path)
    parent_rows = target._default_manager.filter(pk__in=set(parents.values()))
    pages = {obj.pk: obj.get_absolute_url() for obj in parent_rows}  # type: ignore[attr-defined]
    return {pk: pages[parent] for pk, parent in parents.items() if parent in pages}


def recent_activity(user, *, limit: int = 10) -> list[ActivityEntry]:
    """The user's latest changes across every audited model, newest first, with links."""
    found: list[tuple[type[models.Model], Any]] = []
    for model in registered_models.values():
        history = model.history.model
        records = list(history.objects.filter(history_user=user).order_by("-history_date")[:limit])
        found.extend((model, record) for record in records)
    found.sort(key=lambda pair: pair[1].history_date, reverse=True)
    found = found[:limit]
    by_model: dict[type[models.Model], set] = {}
    for model, record in found:
        if record.history_type != "-":
            by_model.setdefault(model, set()).add(record.instance.pk)
    urls = {model: _urls(model, pks) for model, pks in by_model.items()}
    return [
        ActivityEntry(
            when=record.history_date,
            action=ACTIONS.get(record.history_type, record.history_type),
            subject=f"{str(model._meta.verbose_name).capitalize()}: {record.instance}",
            reason=record.history_change_reason or "",
            url="" if record.history_type == "-" else urls.get(model, {}).get(record.instance.pk, ""),
        )
        for model, record in found
    ]
