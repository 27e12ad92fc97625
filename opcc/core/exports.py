"""One CSV/XLSX writer for every export: formula-safe, streamed, a safe file name, audited.

Cells people typed go into spreadsheets, so a value a spreadsheet would run as a formula (starting
= + - @, a tab or a carriage return, also after leading spaces: the OWASP "CSV injection" list) is
neutralised:
- in CSV with a leading apostrophe (`'=1+1`), the only way a CSV cell can say "text";
- in XLSX as a text cell with Excel's quote-prefix flag: exactly what Excel stores when someone
  types `'=1+1`. The text stays as recorded, is shown as typed and is never evaluated, even after
  the cell is edited.
Numbers, dates and Decimals stay values (a negative Decimal is a number, never text), so data
files such as 360Giving stay valid.

Responses: `csv_response` streams rows as they are read; `xlsx_response` writes with openpyxl's
write-only mode (rows go to a temporary file, not a list in memory) and streams the file. Both send
`Cache-Control: private, no-store` and a Content-Disposition safe for any name. Given the request,
they also record the export in the audit trail (LIST_EXPORTED unless told otherwise).
Files built for storage (the report pack, publications) use `csv_bytes`, `xlsx_bytes` and
`xlsx_put` instead; `bytes_response` sends such a file.
"""

from __future__ import annotations

import csv
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, TypeVar
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

R = TypeVar("R", bound=HttpResponseBase)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TRIGGER_CHARACTERS = frozenset("".join(FORMULA_TRIGGERS))
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # Excel reads UTF-8 CSV (and the £ sign) correctly only with a byte-order mark
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M:%S"
XLSX_DATE = "dd/mm/yyyy"
XLSX_DATETIME = "dd/mm/yyyy hh:mm:ss"
XLSX_MONEY = "#,##0.00"
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header row
FILENAME_LIMIT = 120
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


# --- cells ---------------------------------------------------------------------------------------


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula."""
    if not isinstance(value, str) or not value:
        return False
    first = value[0]
    if first in TRIGGER_CHARACTERS:
        return True
    # lstrip() strips exactly what isspace() calls space: only then can a trigger follow.
    return first.isspace() and value.lstrip().startswith(FORMULA_TRIGGERS)


def neutralise(value: Any) -> Any:
    """Text that looks like a formula gets a leading apostrophe; every other value is unchanged."""
    return "'" + value if looks_like_formula(value) else value


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: dates en-GB, None empty, Decimals as written, text neutralised.

    Called once per cell of exports of millions of rows, so the common types are tested first."""
    kind = type(value)
    if kind is str:
        return "'" + value if looks_like_formula(value) else value
    if value is None:
        return ""
    if kind is date and value.year >= 1000:  # what strftime("%d/%m/%Y") writes, a third of the time
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if kind is Decimal or kind is int:
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(value if isinstance(value, str) else str(value))


def xlsx_value(value: Any) -> Any:
    """A value openpyxl can store: local naive datetimes, text without XML-illegal characters."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    if isinstance(value, str):
        return XLSX_ILLEGAL.sub("", value)
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    return XLSX_ILLEGAL.sub("", str(value))


def default_number_format(value: Any) -> str | None:
    if isinstance(value, datetime):
        return XLSX_DATETIME
    if isinstance(value, date):
        return XLSX_DATE
    if isinstance(value, Decimal):
        return XLSX_MONEY
    return None


def xlsx_put(cell, value: Any, *, number_format: str | None = None):
    """Give an openpyxl cell (any mode) a value: formula-like text stays text, with Excel's quote
    prefix; numbers and dates get `number_format` (or a default for dates and Decimals)."""
    value = xlsx_value(value)
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    fmt = number_format if isinstance(value, int | float | Decimal | date) else None
    fmt = fmt or default_number_format(value)
    if fmt and not isinstance(value, bool):
        cell.number_format = fmt
    return cell


# --- file names ---------------------------------------------------------------------------------


def safe_filename(name: str, ext: str) -> str:
    """A file name safe on any system and in a header: no path, quotes, control characters or
    leading dots; at most FILENAME_LIMIT characters before `.ext`. Letters of any script are kept."""
    ext = re.sub(r"[^a-z0-9]", "", str(ext).lower())[:8] or "dat"
    text = unicodedata.normalize("NFC", str(name))
    if text.lower().endswith(f".{ext}"):
        text = text[: -(len(ext) + 1)]
    text = "".join(ch if unicodedata.category(ch)[0] not in "CZ" or ch == " " else " " for ch in text)
    text = re.sub(r"[^\w.\- ()]", "-", text)  # separators, quotes, ; : * ? < > | and the like
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"[\s.-]*-[\s.-]*", "-", text)  # "a - b", "x-.-y": one hyphen
    text = text.strip(" .-_")[:FILENAME_LIMIT].strip(" .-_")
    if not text:
        text = "export"
    if text.split(".")[0].lower() in WINDOWS_RESERVED:
        text = f"{text}-file"
    return f"{text}.{ext}"


def ascii_filename(filename: str) -> str:
    """The plain-ASCII fallback for old clients: accents dropped, anything else a hyphen."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        text = re.sub(r"[^A-Za-z0-9._\- ()]", "-", text)
        return re.sub(r"-{2,}", "-", text).strip(" .-")

    stem, ext = plain(stem) or "export", plain(ext)
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII `filename`, and the exact name as RFC 5987 `filename*` when it is not
    plain ASCII (`filename` is then the fallback for old clients)."""
    plain = ascii_filename(filename)
    header = f'attachment; filename="{plain}"'
    if plain != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def _download_headers(response: R, filename: str) -> R:
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- CSV ------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The BOM, the header and each row as CSV text (CRLF), every cell through `csv_cell`."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM
    yield writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    return "".join(csv_lines(header, rows)).encode("utf-8")


def csv_response(
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    request: HttpRequest | None = None,
    audit_action: str | None = None,
    audit_detail: Mapping[str, Any] | None = None,
    audit_target=None,
) -> StreamingHttpResponse:
    """Stream a CSV download. `filename` may be anything: it is made safe (with the .csv ending)."""
    name = safe_filename(filename, "csv")
    if request is not None:
        record_export(request, "csv", name, action=audit_action, detail=audit_detail, target=audit_target)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows)), content_type=CSV_CONTENT_TYPE
    )
    return _download_headers(response, name)


# --- XLSX -----------------------------------------------------------------------------------------


def xlsx_write(
    target: str | IO[bytes],
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Sheet1",
    number_formats: Mapping[int, str] | None = None,
    column_widths: Mapping[int, float] | None = None,
    max_rows: int = XLSX_MAX_ROWS,
) -> int:
    """Write one sheet (bold frozen header, then the rows) in write-only mode; returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet_title)[:31] or "Sheet1")
    widths = column_widths or {i: max(12, min(len(str(h)) + 2, 50)) for i, h in enumerate(header)}
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for title in header:
        cell = xlsx_put(WriteOnlyCell(sheet), title)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in rows:
        if count >= max_rows:
            break
        sheet.append(
            [
                xlsx_put(WriteOnlyCell(sheet), value, number_format=number_formats.get(index))
                for index, value in enumerate(row)
            ]
        )
        count += 1
    workbook.save(target)
    return count


def xlsx_bytes(**kwargs: Any) -> bytes:
    """The workbook as bytes (for files kept in storage); the arguments of `xlsx_write`."""
    with tempfile.TemporaryFile() as handle:
        xlsx_write(handle, **kwargs)
        handle.seek(0)
        return handle.read()


def xlsx_response(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Sheet1",
    number_formats: Mapping[int, str] | None = None,
    column_widths: Mapping[int, float] | None = None,
    request: HttpRequest | None = None,
    audit_action: str | None = None,
    audit_detail: Mapping[str, Any] | None = None,
    audit_target=None,
) -> FileResponse:
    """An XLSX download written to a temporary file and streamed from it."""
    name = safe_filename(filename, "xlsx")
    if request is not None:
        record_export(request, "xlsx", name, action=audit_action, detail=audit_detail, target=audit_target)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        xlsx_write(
            handle,
            header=header,
            rows=rows,
            sheet_title=sheet_title,
            number_formats=number_formats,
            column_widths=column_widths,
        )
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)  # closes the file when sent
    return _download_headers(response, name)


def bytes_response(
    *,
    content: bytes,
    filename: str,
    ext: str,
    content_type: str,
    request: HttpRequest | None = None,
    audit_action: str | None = None,
    audit_detail: Mapping[str, Any] | None = None,
    audit_target=None,
) -> HttpResponse:
    """A file already built (a publication, JSON) as a download with the same safe headers and audit."""
    name = safe_filename(filename, ext)
    if request is not None:
        record_export(request, ext, name, action=audit_action, detail=audit_detail, target=audit_target)
    return _download_headers(HttpResponse(content, content_type=content_type), name)


# --- audit ----------------------------------------------------------------------------------------


def query_filters(request: HttpRequest) -> dict[str, Any]:
    """The request's query string as a dict (one value, or a list for repeated keys), minus CSRF."""
    out: dict[str, Any] = {}
    for key, values in request.GET.lists():
        if key == "csrfmiddlewaretoken":
            continue
        kept = [v for v in values if v != ""]
        if kept:
            out[key] = kept[0] if len(kept) == 1 else kept
    return out


def record_export(
    request: HttpRequest,
    file_format: str,
    filename: str,
    *,
    action: str | None = None,
    detail: Mapping[str, Any] | None = None,
    target=None,
) -> None:
    """Record an export in the audit trail: format, file name, filters, plus the caller's detail."""
    from opcc.audit.models import Action
    from opcc.audit.services import audit_record

    audit_record(
        action=action or Action.LIST_EXPORTED,
        request=request,
        target=target,
        detail={
            "format": file_format,
            "file_name": filename,
            "filters": query_filters(request),
            **(detail or {}),
        },
    )
