"""CSV files written by PostgreSQL's COPY: the cells are formatted and made formula-safe in SQL.

Python formats about 60,000 rows a second through `csv_cell` and the csv module; COPY writes the
same file several times faster, with memory flat in the rows (one row per protocol message). Each
SQL expression here gives exactly the text `csv_cell` would, and COPY's CSV quoting is the csv
module's minimal quoting (a delimiter, quote, CR or LF), so the two paths write the same bytes
(tests/exports/test_copy.py). COPY ends rows with LF; rows are rewritten to end with CRLF.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from opcc.core.exports import csv_lines

ROWS_PER_WRITE = 5_000


@cache
def formula_pattern() -> str:
    """Exactly what `looks_like_formula` tests: a trigger first, or whitespace (what str.isspace
    calls space, all of which lstrip removes) then a trigger that is not itself whitespace."""
    spaces = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
    return f"^([=+@\t\r-]|[{spaces}]+[=+@-])"


def text_cell(expression: str, params: Sequence[Any] = ()) -> tuple[str, list[Any]]:
    """Text as `csv_cell` writes it: formula-like text with a leading apostrophe; NULL and the
    empty string both as an empty, unquoted cell (COPY would quote an empty string). `params` are
    the expression's own (it appears three times)."""
    sql = f"CASE WHEN ({expression}) ~ %s THEN '''' || ({expression}) ELSE NULLIF({expression}, '') END"
    return sql, [*params, formula_pattern(), *params, *params]


def date_cell(expression: str) -> str:
    """A date as `csv_cell` writes it (dd/mm/yyyy)."""
    return f"to_char({expression}, 'DD/MM/YYYY')"


def label_cell(expression: str, labels: dict[str, str]) -> tuple[str, list[Any]]:
    """A stored code as its label (choices), the code itself when it has none; formula-safe."""
    whens = " ".join("WHEN %s THEN %s" for _ in labels)
    pairs = [value for item in labels.items() for value in item]
    return text_cell(f"CASE {expression} {whens} ELSE {expression} END", pairs)


def write_csv_copy(
    handle: IO[bytes],
    *,
    header: Sequence[Any],
    sql: str,
    params: Sequence[Any],
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write the BOM, the header (by the csv module) and every row of `sql` (by COPY) to `handle`;
    returns the row count. `sql` is a SELECT whose columns are the finished cells."""
    handle.write("".join(csv_lines(header, [])).encode("utf-8"))
    count, batch = 0, []
    with copy_connection() as (db, report):
        query = db.ops.compose_sql(sql, params)
        with db.cursor() as cursor, cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
            for data in copy:  # one message per row, ending in LF
                batch.append(bytes(data[:-1]))
                if len(batch) == ROWS_PER_WRITE:
                    count += _flush(handle, batch, on_progress if report else None, count)
                    batch = []
            count += _flush(handle, batch, None, count)
    if on_progress is not None and not report:
        on_progress(count)
    return count


@contextmanager
def copy_connection() -> Iterator[tuple[Any, bool]]:
    """A connection for the COPY, and whether progress may be saved while it runs. Nothing else can
    use a connection in the middle of a COPY, so outside a transaction (the worker) the COPY gets a
    connection of its own and progress is saved on the usual one as rows arrive; inside one (a test,
    or a caller's atomic block) the COPY must see that transaction, and progress comes at the end."""
    if connection.in_atomic_block:
        yield connection, False
        return
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield own, True
    finally:
        own.close()


def _flush(handle: IO[bytes], batch: list[bytes], on_progress, done: int) -> int:
    if batch:
        handle.write(b"\r\n".join(batch) + b"\r\n")
        if on_progress is not None:
            on_progress(done + len(batch))
    return len(batch)
