"""Anonymising one record through its module's declaration (ADR 0018).

The source's `anonymise` map names text fields only: counts, money, dates, areas, statuses and
foreign keys are what the report pack reads, so they are refused here, not merely left alone. The
values are written with a queryset `update()`, not `save()`: a record's own rules (TextRules, its
`clean()`) must not refuse "Anonymised", and nothing else on the row may move. The same values go
onto the record's history rows, or the person would still be found in its history; its documents
are deleted the way a person deletes one (the row kept, the bytes removed) with their file names
replaced. Running it twice changes nothing the second time.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from opcc.core.documents.models import Document
from opcc.core.documents.services import documents_dispose_many
from opcc.privacy.registry import PersonalData

DISPOSAL_REASON = "Disposed of under the retention schedule"
TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField is a CharField


def anonymise_values(*, obj: models.Model, source: PersonalData) -> dict[str, object]:
    """Each declared field's replacement for `obj` (a fixed value, or a function of the record)."""
    values: dict[str, object] = {}
    for name, replacement in source.anonymise.items():
        field = obj._meta.get_field(name)
        if not isinstance(field, TEXT_FIELDS) or field.choices or not field.concrete:
            raise ImproperlyConfigured(
                f"{source.key}: {name} is not a free-text field; only text may be anonymised "
                "(counts, money, dates, areas, statuses and links stay)."
            )
        values[name] = replacement(obj) if callable(replacement) else replacement
    return values


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


def record_anonymise(*, obj: models.Model, source: PersonalData, by=None) -> list[str]:
    """Anonymise `obj`, its history rows and its documents; the names of the fields that changed.

    The caller checks permission and holds the transaction.
    """
    values = anonymise_values(obj=obj, source=source)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if records_anonymise(objs=[obj], source=source, by=by):
        changed.append("documents")
    for name, value in values.items():
        setattr(obj, name, value)
    return changed


def records_anonymise(*, objs: list[models.Model], source: PersonalData, by=None) -> list[int]:
    """Anonymise many records of one source; the ids of the documents disposed of.

    Fixed replacements are one UPDATE for the records and one for their history rows, whatever
    the count (a disposal batch of the whole demo is 17,000 records); a replacement computed from
    the record (a name kept when published) costs two UPDATEs per record. The caller holds the
    transaction (retention.batch_carry_out: one chunk of one record type per transaction).
    """
    if not objs:
        return []
    model = objs[0]._meta.concrete_model
    assert model is not None
    history = _history_model(model)
    pk_name = model._meta.pk.attname
    ids = [obj.pk for obj in objs]
    fixed = {name: r for name, r in source.anonymise.items() if not callable(r)}
    computed = [name for name, r in source.anonymise.items() if callable(r)]
    anonymise_values(obj=objs[0], source=source)  # refuses a map that names anything but free text
    if fixed:
        model._default_manager.filter(pk__in=ids).update(**fixed)
        if history is not None:
            history._default_manager.filter(**{f"{pk_name}__in": ids}).update(**fixed)
    if computed:
        for obj in objs:
            values = {name: source.anonymise[name](obj) for name in computed}  # type: ignore[operator]
            model._default_manager.filter(pk=obj.pk).update(**values)
            if history is not None:
                history._default_manager.filter(**{pk_name: obj.pk}).update(**values)
    disposed = documents_dispose_many(model=model, ids=ids, by=by, reason=DISPOSAL_REASON)
    if disposed:
        document_history = _history_model(Document)
        assert document_history is not None
        document_history._default_manager.filter(id__in=disposed).update(
            original_name=Concat(F("kind"), Value(" (disposed of)"))
        )
    return disposed
