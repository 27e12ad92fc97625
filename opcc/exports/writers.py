"""Write an export to a file, row by row: memory stays flat however many rows there are.

CSV goes through the same cells as every other export (`opcc.core.exports.csv_cell`: formula-safe,
dates en-GB, with the UTF-8 byte-order mark); XLSX through openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict

from opcc.core.exports import BOM, XLSX_MAX_ROWS, csv_cell, xlsx_write
from opcc.exports.copy import write_csv_copy
from opcc.exports.registry import ExportList

PROGRESS_EVERY = 5_000


@contextmanager
def planned_for_every_row() -> Iterator[None]:
    """PostgreSQL plans a server-side cursor for its first 10% of rows (`cursor_tuple_fraction`),
    which picks nested loops and index scans; an export reads every row, so plan for all of them
    (measured at 2 million rows: 47 s to fetch, 11 s with this). Session-level, reset afterwards,
    so the job's progress updates stay outside any transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


class TooManyRows(Exception):
    """More rows than a spreadsheet can hold."""


def counted(
    rows: Iterable[Sequence[Any]], on_progress: Callable[[int], None] | None
) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows, 1):
        yield row
        if on_progress is not None and done % PROGRESS_EVERY == 0:
            on_progress(done)


def write_csv(handle: IO[bytes], *, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> int:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=False)
    writer = csv.writer(text, lineterminator="\r\n")
    text.write(BOM)
    writer.writerow([csv_cell(value) for value in header])
    count = 0

    def cells() -> Iterator[map]:
        nonlocal count
        for row in rows:
            count += 1
            yield map(csv_cell, row)

    writer.writerows(cells())
    text.flush()
    text.detach()  # leave the binary handle open for the caller
    return count


def write_export(
    handle: IO[bytes],
    export: ExportList,
    file_format: str,
    rows: Iterable[Any],
    *,
    on_progress: Callable[[int], None] | None = None,
    query: QueryDict | None = None,
    queryset: QuerySet | None = None,
) -> int:
    """Write every row to `handle` (or hand them and the filters to the list's own writer); returns
    the row count. An XLSX with more rows than Excel holds fails (TooManyRows), never cut short.
    Given the queryset, a CSV on PostgreSQL is written by COPY when the list says how."""
    if (
        file_format == "csv"
        and export.copy_sql
        and queryset is not None
        and connection.vendor == "postgresql"
    ):
        sql, params = export.copy_sql(queryset)
        return write_csv_copy(handle, header=export.header, sql=sql, params=params, on_progress=on_progress)
    rows = counted(rows, on_progress)
    if export.write is not None:
        return export.write(handle, file_format, rows, query=query if query is not None else QueryDict())
    if file_format == "xlsx":
        iterator = iter(rows)
        count = xlsx_write(
            handle,
            header=export.header,
            rows=iterator,
            sheet_title=export.sheet_title,
            number_formats=export.number_formats,
        )
        if count >= XLSX_MAX_ROWS and next(iterator, None) is not None:
            raise TooManyRows(
                f"The list has more than {XLSX_MAX_ROWS:,} rows, more than Excel can hold. "
                "Export it as CSV, or narrow the filters."
            )
        return count
    return write_csv(handle, header=export.header, rows=rows)
