"""The lists a module lets people export, declared once (settings.EXPORT_LISTS: dotted paths).

Each `ExportList` says who may export it, how its filters (a query string) become a queryset, and
how that queryset becomes rows. The same declaration serves the direct (streamed) download and the
worker's job, so the two can never disagree about columns, filters or permission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.module_loading import import_string

Rows = Iterator[Any]  # sequences of cells; a list with its own `write` may yield anything


@dataclass(frozen=True)
class ExportList:
    """One exportable list.

    `queryset(query, request)` returns the filtered queryset, or None when the filters are invalid;
    `request` has at least `.user` and `.GET` (the worker passes a stand-in). `rows(queryset)`
    yields plain values (no per-row queries: `values_list` and a server-side cursor).
    """

    name: str
    title: str
    filename: str
    list_url: str
    header: Sequence[str]
    queryset: Callable[[QueryDict, Any], QuerySet | None]
    rows: Callable[[QuerySet], Rows]
    allowed: Callable[[Any], bool]
    sheet_title: str = "Sheet1"
    number_formats: Mapping[int, str] = field(default_factory=dict)
    audit_action: str = "list_exported"
    # A list that is not a table (a JSON data package) writes its own file:
    # write(handle, file_format, rows, query=filters) -> rows written.
    write: Callable[..., int] | None = None
    # The file's name from the filters (default: `filename` and the date).
    name_for: Callable[[QueryDict], str] | None = None
    # PostgreSQL: copy_sql(queryset) -> (SELECT of the finished CSV cells, params), so a CSV file
    # is written by COPY (opcc.exports.copy), several times faster than row by row in Python.
    copy_sql: Callable[[QuerySet], tuple[str, Sequence[Any]]] | None = None


def filtered(
    filterset_class: type, base: Callable[[], QuerySet], *, order_by: Sequence[str] = ()
) -> Callable[[QueryDict | None, Any], QuerySet | None]:
    """An `ExportList.queryset` from the list page's own filter set: the same filters, the same
    validation (None when the filters are invalid, and the view sends the user back to the list)."""

    def queryset(query: QueryDict | None, request: Any) -> QuerySet | None:
        filterset = filterset_class(query or None, queryset=base(), request=request)
        if filterset.is_bound and not filterset.is_valid():
            return None
        return filterset.qs.order_by(*order_by) if order_by else filterset.qs

    return queryset


@cache
def export_lists() -> dict[str, ExportList]:
    lists = [import_string(path) for path in getattr(settings, "EXPORT_LISTS", [])]
    return {item.name: item for item in lists}


def export_list(name: str) -> ExportList | None:
    return export_lists().get(name)


def stream_limit(file_format: str) -> int:
    """Rows up to which an export streams in the request; more become a job."""
    if file_format in ("xlsx", "json"):
        return int(getattr(settings, "EXPORT_XLSX_STREAM_LIMIT", 10_000))
    return int(getattr(settings, "EXPORT_STREAM_LIMIT", 50_000))
