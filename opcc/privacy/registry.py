"""What each module declares about the people it holds, read by core (ADR 0018).

A module lists, in its own `privacy.py`:

- `PersonalData` sources: a model holding people, how to find a person in it, which fields are
  special category, which belong to third parties, and how to anonymise a record while keeping its
  statistics (counts, money, dates, areas and statuses stay; names, contact details and free text
  about the person go);
- `RecordType`s: what the retention schedule has a rule for, and the dates its triggers read;
- due-item providers: `provider(user, today, until) -> list[DueItem]`, what is the user's and due.

`settings.PERSONAL_DATA`, `settings.RETENTION_RECORD_TYPES` and `settings.DUE_ITEMS` hold dotted
paths to them, so no core code names a module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

# A field's replacement when a record is anonymised: a fixed value ("" or "Anonymised"), or a
# function of the record (e.g. keep a published winner's name, blank everyone else's).
Replacement = str | Callable[[Any], Any]
ANONYMISED = "Anonymised"


class Trigger(models.TextChoices):
    """The event a retention period counts from (regulatory guidance, §4.4 of the office's brief)."""

    CLOSURE = "closure", "closure"
    LAST_PAYMENT = "last_payment", "the final payment"
    FINANCIAL_YEAR_END = "financial_year_end", "the end of the financial year"
    LEAVING = "leaving", "leaving"


@dataclass(frozen=True)
class PersonalData:
    """One model that holds people. Field tuples name the model's own fields (or `a__b` paths)."""

    key: str  # "complaints.review": stable, stored in matches and the disposal log
    model: str  # app label and model name, "complaints.Review"
    label: str  # "Complaint review"
    module: str  # the Module.key results are grouped under
    view_perm: tuple[str, ...]  # all needed to open the record (and so find it in the header search)
    names: tuple[str, ...] = ()  # people's names: trigram similarity on PostgreSQL
    # A name split over two fields (first, last): "Jane Smyth" matches first "Jane", last "Smith".
    split_name: tuple[str, str] | None = None
    organisations: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # full-text search (the header search only)
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # matched on digits (the `digits_index` expression)
    postcodes: tuple[str, ...] = ()  # matched without spaces (the `squashed_index` expression)
    postcode_text: tuple[str, ...] = ()  # free-text addresses a postcode may appear in
    references: tuple[str, ...] = ()  # exact or starts-with
    special_category: tuple[str, ...] = ()
    third_party: tuple[str, ...] = ()  # proposed for redaction in a disclosure bundle
    anonymise: Mapping[str, Replacement] = field(default_factory=dict)
    # What a result and a bundle show: a one-line title and the fields a bundle lists, in order.
    title: Callable[[Any], str] = str
    disclose: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    url: Callable[[Any], str] | None = None  # default: the record's get_absolute_url()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def queryset(self) -> models.QuerySet:
        rows = self.model_class._default_manager.all()
        # select_related() with no names joins every non-null foreign key (a review's entered_by:
        # the planner then looped the name search once per user, 160 ms instead of 13 ms).
        return rows.select_related(*self.select_related) if self.select_related else rows

    def may_open(self, user) -> bool:
        return bool(user and user.is_active and user.has_perms(self.view_perm))

    def url_for(self, obj: models.Model) -> str:
        return self.url(obj) if self.url else obj.get_absolute_url()  # type: ignore[attr-defined]

    def label_for(self, obj: models.Model) -> str:
        """How the audit trail and the disposal log name a record (never a minor's name)."""
        return str(getattr(obj, "audit_repr", None) or obj)


@dataclass(frozen=True)
class RecordType:
    """A kind of record the retention schedule has a rule for.

    `triggers` maps each trigger this record type offers to the date it counts from: a field path
    or an expression (e.g. the latest payment). `filter` narrows the model (FOI cases only);
    `eligible` says which records are finished with at all (closed, left), so an open case is
    never disposed of whatever its dates.
    """

    key: str  # "engagement.case.foi"
    source: str  # the PersonalData key that anonymises it
    label: str  # "FOI and EIR requests"
    default_months: int
    default_trigger: str
    triggers: Mapping[str, str | models.Expression | Callable[[], Any]]
    filter: models.Q = field(default_factory=models.Q)
    eligible: models.Q = field(default_factory=models.Q)
    note: str = ""


@dataclass(frozen=True)
class DueItem:
    """One thing a person must do by a date, for the daily digest."""

    module: str  # Module label, for grouping ("Complaint reviews")
    title: str  # "CR-2026-0012: decide the review"
    due_on: dt.date
    url: str


DueProvider = Callable[[Any, dt.date, dt.date], Sequence[DueItem]]


def _load(paths: Sequence[str]) -> tuple:
    found: list[Any] = []
    for path in paths:
        value = import_string(path)
        found.extend(value if isinstance(value, list | tuple) else [value])
    return tuple(found)


@cache
def sources() -> tuple[PersonalData, ...]:
    return _load(getattr(settings, "PERSONAL_DATA", []))


@cache
def record_types() -> tuple[RecordType, ...]:
    return _load(getattr(settings, "RETENTION_RECORD_TYPES", []))


@cache
def due_providers() -> tuple[DueProvider, ...]:
    return _load(getattr(settings, "DUE_ITEMS", []))


def source(key: str) -> PersonalData:
    for s in sources():
        if s.key == key:
            return s
    raise LookupError(f"No personal data source {key!r} is registered.")


def source_for_model(model: type[models.Model] | models.Model) -> PersonalData | None:
    label = model._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]
    return next((s for s in sources() if s.model.lower() == label), None)


def record_type(key: str) -> RecordType:
    for r in record_types():
        if r.key == key:
            return r
    raise LookupError(f"No retention record type {key!r} is registered.")


def record_type_choices() -> list[tuple[str, str]]:
    return [(r.key, r.label) for r in record_types()]
