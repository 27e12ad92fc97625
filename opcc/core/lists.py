"""The list pattern every module's staff lists share, made to stay fast at millions of rows.

- `CappedPaginator` counts at most `cap` rows (a `LIMIT` inside the count), so no page pays
  a full `COUNT(*)`; the pagination then says "more than 10,000" and shows no last page. A page
  reads its rows' ids first (the ordering's index alone) and then only those rows with their
  joins and per-row figures, so page 500 does not join or annotate the 12,475 rows it skips.
- `any_of` and `contains` build searches an index can serve: `icontains` on a column with a
  trigram GIN index on `UPPER(column)` (`opcc.core.indexes`), and a foreign key matched against
  the ids of an indexed search of the related table, so an OR across two tables is a BitmapOr of
  two index scans rather than a sequential scan.
- `RelatedTextFilter` replaces a select whose options grow with the data (every organisation)
  by a GOV.UK text input that works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Func, Q, QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property

from opcc.core import widgets as quick

MAX_PER_PAGE = 100
COUNT_CAP = 10_000
# Up to this many matches (every count that is not capped), a page finds them by the filter's index
# before sorting them: walking the sort's index instead can pass over most of the table first
# (organisations named "Perry…", 9,000 of 200,000 and late in the alphabet: 260 ms, not 15 ms).
SMALL_RESULT = COUNT_CAP
ELLIPSIS = "…"
MAX_WORDS = 5
MIN_WORD = 3  # a trigram index cannot serve a shorter word: "%B7%" would read every row


# --- counting ------------------------------------------------------------------------------------


def queryset_of(object_list) -> QuerySet | None:
    """The QuerySet under a django-tables2 BoundRows (or the QuerySet itself), else None."""
    for candidate in (object_list, getattr(object_list, "data", None)):
        if isinstance(candidate, QuerySet):
            return candidate
        inner = getattr(candidate, "data", None)
        if isinstance(inner, QuerySet):
            return inner
    return None


class CappedPage(Page):
    paginator: CappedPaginator

    def has_next(self) -> bool:
        """A capped count has more rows than it counted: the last counted page still links on."""
        return super().has_next() or self.paginator.capped

    def next_page_number(self) -> int:
        return self.number + 1 if self.paginator.capped else super().next_page_number()

    @property
    def links(self) -> list[int | str]:
        """GOV.UK pagination items: 1 … n-1 n n+1 … last (no last page when the count is capped)."""
        last = self.paginator.num_pages
        wanted = {1, self.number - 1, self.number, self.number + 1}
        if not self.paginator.capped:
            wanted.add(last)
        items: list[int | str] = []
        for number in sorted(n for n in wanted if 1 <= n <= last):
            if items and isinstance(items[-1], int) and number > items[-1] + 1:
                items.append(ELLIPSIS)
            items.append(number)
        if self.paginator.capped:
            items.append(ELLIPSIS)  # there are more pages than were counted
        return items


class BoundedPaginator(Paginator):
    """A plain paginator whose page size an address cannot set outside 1 to `MAX_PER_PAGE`."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        # django-tables2 takes ?per_page= from the address: -1 would fail, a million rows would be sent
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class CappedPaginator(Paginator):
    """Counts up to `cap` rows (or to the page asked for, if deeper); `capped` says there are more."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, **kwargs):
        # django-tables2 takes ?per_page= from the address: -1 would fail, a million rows would be sent
        per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
        super().__init__(object_list, per_page, *args, **kwargs)
        self.floor = 0
        self.capped = False

    def validate_number(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if "count" not in self.__dict__ and 0 < wanted < 10**6:
            self.floor = wanted * int(self.per_page)  # page 500 is reachable, however capped
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        queryset = queryset_of(self.object_list)
        if queryset is None:
            return super().count
        limit = max(self.cap, self.floor) + 1
        counted = queryset.order_by().values("pk")[:limit].count()
        self.capped = counted == limit
        return counted

    @property
    def shown_count(self) -> int:
        """The number the page states: the exact count, or the cap when there are more."""
        return self.count - 1 if self.capped else self.count

    @property
    def count_label(self) -> str:
        number = f"{self.shown_count:,}"
        return f"more than {number}" if self.capped else number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list[bottom:top]
        queryset = queryset_of(self.object_list)
        if queryset is not None and queryset._iterable_class is ModelIterable:
            small = not self.capped and self.count <= SMALL_RESULT
            records = page_records(queryset, bottom, top, small=small)
            if isinstance(getattr(rows, "data", None), QuerySet | list):
                rows.data = records  # django-tables2's BoundRows over this page
            else:
                rows = records
        return self._get_page(rows, number, self)

    def _get_page(self, *args, **kwargs):
        return CappedPage(*args, **kwargs)


def page_records(queryset: QuerySet, bottom: int, top: int, *, small: bool = False) -> list:
    """The rows from bottom to top: ids by the ordering alone, then those rows with everything shown.

    With few matches (`small`), the matching ids are read first without an ordering, so the
    filter's own index finds them; otherwise PostgreSQL may walk the sort's index over millions of
    rows looking for them (a reference search at 2 million rows: 0.7 s instead of a millisecond).
    """
    ordered = queryset
    if small:
        matching = list(queryset.order_by().values_list("pk", flat=True)[: SMALL_RESULT + 1])
        ordered = queryset.filter(pk_in(matching))
    ids = list(ordered.values_list("pk", flat=True)[bottom:top])
    found = {record.pk: record for record in queryset.order_by().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def pk_in(ids: list) -> Q:
    """`pk = ANY(%s)` with the ids as one array parameter on PostgreSQL: `pk__in` of 10,000 ids
    compiles and binds 10,000 placeholders (200 ms of Python for 30 ms of SQL)."""
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    from django.db.models import F
    from django.db.models.expressions import RawSQL

    # Raw, not Value(..., ArrayField): the field would prepare each of the 10,000 ids in Python.
    return Q(AnyOf(F("pk"), RawSQL("%s::bigint[]", (list(ids),))))


# --- searching -----------------------------------------------------------------------------------


def search_words(text: str) -> list[str]:
    """Up to MAX_WORDS words of MIN_WORD characters or more (a 10,000-character query costs five)."""
    return [word for word in text.split() if len(word) >= MIN_WORD][:MAX_WORDS]


def looks_like(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text.strip(), flags=re.IGNORECASE) is not None


class AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`: an index on the column can serve it inside a BitmapOr."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()
    conditional = True


def any_of(field: str, related: QuerySet) -> Q:
    """Rows whose `field` (a foreign key) is one of `related`'s ids, an OR-able indexed condition."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": related.values("pk")})
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import F

    return Q(AnyOf(F(field), ArraySubquery(related.order_by().values("pk"))))


def contains(field: str, word: str) -> Q:
    """Case-insensitive substring; served by `opcc.core.indexes.trigram_index(field)` on PostgreSQL."""
    return Q(**{f"{field}__icontains": word})


# --- filters -------------------------------------------------------------------------------------


def text_input(width: int = 20, **attrs) -> forms.TextInput:
    return quick.TextInput(
        attrs={"class": f"govuk-input--width-{width}", "spellcheck": "false", "autocomplete": "off", **attrs}
    )


class RelatedTextFilter(django_filters.CharFilter):
    """A large foreign key filtered by typed text (a name or a number), never a select of every row.

    `related(text)` returns the matching rows of the related model by an indexed lookup; the
    list keeps rows whose `target` (the foreign key) is one of them. `field_name` is what the
    text matches on the related model, for people and tools reading the filter.
    """

    def __init__(self, *, target: str, related: Callable[[str], QuerySet], **kwargs):
        kwargs.setdefault("widget", text_input(20))
        super().__init__(**kwargs)
        self.target = target
        self.related = related

    def filter(self, qs, value):
        text = (value or "").strip()
        if not text:
            return qs
        return qs.filter(any_of(self.target, self.related(text)))
