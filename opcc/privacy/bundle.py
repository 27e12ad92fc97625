"""What a disclosure bundle holds, read through the registry, and its two files (ADR 0018).

Each confirmed record's `disclose` fields as pages show them (`opcc.core.history.shown`), special
category fields flagged, its history (the disclosed fields' changes) and its documents' list (not
the files). Records are read one query per source (plus one for the history and one for the
documents of that source), never one per record, so a bundle of a thousand records costs what a
bundle of two does. A third party's detail to withhold is replaced by `WITHHELD` in a released
bundle (and in its history and title); a draft shows it marked, so the officer can check.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.template.loader import render_to_string

from opcc.core.documents.models import Document
from opcc.core.history import shown
from opcc.core.pdf import render_pdf
from opcc.privacy import registry
from opcc.privacy.models import DisclosureMatch
from opcc.privacy.registry import PersonalData

WITHHELD = "[Withheld: third party]"
FORMAT = "opcc.disclosure-bundle"
VERSION = 1
PDF_TEMPLATE = "privacy/disclosure/bundle_pdf.html"
_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def redaction_key(content_type_id: int, object_id: int, name: str) -> str:
    """How `DisclosureBundle.redactions` names one detail: "<content type>.<record>.<field>"."""
    return f"{content_type_id}.{object_id}.{name}"


@dataclass
class FieldValue:
    name: str
    label: str
    value: str  # as pages show it
    raw: Any  # JSON-safe: ISO dates, numbers, booleans, text
    special_category: bool = False
    third_party: bool = False
    marked: bool = False  # a draft's detail the officer has ticked to withhold
    withheld: bool = False  # replaced in a released bundle


@dataclass
class Change:
    name: str
    label: str
    before: str
    after: str


@dataclass
class Version:
    when: dt.datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class Attachment:
    name: str
    kind: str
    added: dt.datetime
    size: int


@dataclass
class Record:
    source: str
    source_label: str
    module: str
    content_type_id: int
    object_id: int
    title: str
    fields: list[FieldValue] = field(default_factory=list)
    history: list[Version] = field(default_factory=list)
    documents: list[Attachment] = field(default_factory=list)
    missing: bool = False  # confirmed, then deleted: listed so the count still adds up


@dataclass
class ThirdPartyDetail:
    """A third party's detail on a confirmed record: a checkbox on the redaction page."""

    key: str
    record: str
    source_label: str
    label: str
    value: str


def _raw(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _fields(source: PersonalData) -> list[models.Field]:
    meta = source.model_class._meta
    return [meta.get_field(name) for name in source.disclose]  # type: ignore[misc]


def _queryset(source: PersonalData) -> models.QuerySet:
    """The source's rows with every disclosed foreign key joined (its str() costs no query)."""
    related = [f.name for f in _fields(source) if f.many_to_one or f.one_to_one]
    return source.queryset().select_related(*related)


def _by_source(matches: Iterable[DisclosureMatch]) -> list[tuple[PersonalData, list[DisclosureMatch]]]:
    """Matches grouped by source in the registry's order (an unknown source is skipped)."""
    grouped: dict[str, list[DisclosureMatch]] = defaultdict(list)
    for match in matches:
        grouped[match.source].append(match)
    return [
        (s, sorted(grouped[s.key], key=lambda m: m.object_id)) for s in registry.sources() if s.key in grouped
    ]


def load(matches: Iterable[DisclosureMatch]) -> list[tuple[PersonalData, list[DisclosureMatch], dict]]:
    """(source, its matches, {pk: record}) with one query per source."""
    loaded = []
    for source, found in _by_source(matches):
        rows = _queryset(source).filter(pk__in=[m.object_id for m in found])
        loaded.append((source, found, {row.pk: row for row in rows}))
    return loaded


def third_party_details(matches: Iterable[DisclosureMatch]) -> list[ThirdPartyDetail]:
    """Every non-empty third-party field of the confirmed records, in the bundle's order."""
    details = []
    for source, found, rows in load(matches):
        if not source.third_party:
            continue
        meta = source.model_class._meta
        for match in found:
            obj = rows.get(match.object_id)
            if obj is None:
                continue
            for name in source.third_party:
                model_field = meta.get_field(name)
                value = shown(model_field, getattr(obj, name))
                if value:
                    details.append(
                        ThirdPartyDetail(
                            key=redaction_key(match.content_type_id, match.object_id, name),
                            record=source.title(obj),
                            source_label=source.label,
                            label=str(model_field.verbose_name).capitalize(),  # type: ignore[union-attr]
                            value=value,
                        )
                    )
    return details


def _history(source: PersonalData, ids: list[int]) -> dict[int, list[Version]]:
    """Each record's versions, newest first, with the disclosed fields that changed: one query."""
    model = source.model_class
    history = getattr(model, "history", None)
    if history is None:
        return {}
    pk_name = model._meta.pk.attname  # type: ignore[union-attr]
    rows = (
        history.model.objects.filter(**{f"{pk_name}__in": ids})
        .select_related("history_user")
        .order_by(pk_name, "-history_date", "-history_id")
    )
    per_record: dict[int, list] = defaultdict(list)
    for row in rows:
        per_record[getattr(row, pk_name)].append(row)
    tracked = [f for f in _fields(source) if not f.many_to_many]
    versions: dict[int, list[Version]] = {}
    for pk, rows_of in per_record.items():
        versions[pk] = []
        for newer, older in zip(rows_of, [*rows_of[1:], None], strict=False):
            changes = []
            if older is not None:
                for f in tracked:
                    before, after = getattr(older, f.attname), getattr(newer, f.attname)
                    if before != after:
                        label = str(f.verbose_name).capitalize()
                        changes.append(Change(f.name, label, shown(f, before), shown(f, after)))
            user = newer.history_user
            who = (user.get_full_name() or user.get_username()) if user else "System"
            versions[pk].append(
                Version(
                    when=newer.history_date,
                    who=who,
                    action=_ACTIONS.get(newer.history_type, newer.history_type),
                    reason=newer.history_change_reason or "",
                    changes=changes,
                )
            )
    return versions


def _documents(content_type: ContentType, ids: list[int]) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = defaultdict(list)
    rows = (
        Document.objects.filter(content_type=content_type, object_id__in=ids)
        .live()
        .order_by("created_at", "pk")
    )
    for doc in rows.only("object_id", "original_name", "kind", "created_at", "size"):
        found[doc.object_id].append(Attachment(doc.original_name, doc.kind, doc.created_at, doc.size))
    return found


def _value(obj: models.Model, model_field: models.Field) -> tuple[str, Any]:
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        return ("" if related is None else str(related)), getattr(obj, model_field.attname)
    value = getattr(obj, model_field.attname)
    return shown(model_field, value), _raw(value)


def collect(matches: Sequence[DisclosureMatch], *, redactions: Iterable[str], released: bool) -> list[Record]:
    """The bundle's records: every confirmed match, and nothing else."""
    redact = set(redactions)
    records: list[Record] = []
    for source, found, rows in load(matches):
        ids = [m.object_id for m in found]
        content_type = ContentType.objects.get_for_model(source.model_class)
        versions = _history(source, ids)
        documents = _documents(content_type, ids)
        for match in found:
            obj = rows.get(match.object_id)
            record = Record(
                source=source.key,
                source_label=source.label,
                module=source.module,
                content_type_id=content_type.pk,
                object_id=match.object_id,
                title=match.record_label,
                missing=obj is None,
            )
            records.append(record)
            if obj is None:
                continue
            record.title = source.title(obj)
            withheld_names: set[str] = set()
            for model_field in _fields(source):
                value, raw = _value(obj, model_field)
                key = redaction_key(content_type.pk, match.object_id, model_field.name)
                marked = key in redact and model_field.name in source.third_party
                entry = FieldValue(
                    name=model_field.name,
                    label=str(model_field.verbose_name).capitalize(),  # type: ignore[union-attr]
                    value=value,
                    raw=raw,
                    special_category=model_field.name in source.special_category,
                    third_party=model_field.name in source.third_party,
                    marked=marked and not released,
                    withheld=marked and released,
                )
                if entry.withheld:
                    if value:
                        record.title = record.title.replace(value, WITHHELD)
                    entry.value, entry.raw = WITHHELD, None
                    withheld_names.add(model_field.name)
                record.fields.append(entry)
            record.history = versions.get(match.object_id, [])
            for version in record.history:
                for change in version.changes:
                    if change.name in withheld_names:
                        change.before = change.after = WITHHELD
            record.documents = documents.get(match.object_id, [])
    return records


@dataclass
class Content:
    """Everything both files say, built once."""

    title: str
    request: str
    released: bool
    built_at: dt.datetime
    records: list[Record]

    @property
    def sections(self) -> list[tuple[str, list[Record]]]:
        grouped: dict[str, list[Record]] = {}
        for record in self.records:
            grouped.setdefault(record.source_label, []).append(record)
        return list(grouped.items())


def render_json(content: Content) -> bytes:
    """Machine-readable: stable keys, ISO dates, the same records, fields and history as the PDF."""

    def record(r: Record) -> dict:
        data = asdict(r)
        for version in data["history"]:
            version["when"] = version["when"].isoformat()
        for doc in data["documents"]:
            doc["added"] = doc["added"].isoformat()
        return data

    payload = {
        "format": FORMAT,
        "version": VERSION,
        "title": content.title,
        "request": content.request,
        "status": "released" if content.released else "draft",
        "built_at": content.built_at.isoformat(),
        "record_count": len(content.records),
        "records": [record(r) for r in content.records],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8")


def render_html(content: Content) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {"content": content, "office_name": settings.OFFICE_NAME, "withheld": WITHHELD},
    )


def render_bundle_pdf(content: Content) -> bytes:
    return render_pdf(html=render_html(content), title=content.title, author=settings.OFFICE_NAME)
