"""The pack as an Excel workbook: contents, one sheet per section, Figures (long form) and Checks.

Cells go through the export helper (opcc.core.exports.xlsx_put): text that Excel would take for a
formula (starting with = + - @) is written as a string cell with Excel's "quote prefix" flag: the
text stays exactly as recorded, Excel shows it as typed and never evaluates it, even after someone
edits the cell.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from opcc.core.exports import xlsx_put
from opcc.core.statistics import SHORT_TITLE_MAX as SHEET_NAME_MAX
from opcc.core.statistics import Column, StatTable
from opcc.reports.pack import Pack

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.0"%"'
NUMBER_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "percent": PERCENT_FORMAT}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOP_RULE = Border(top=Side(style="thin"))
RESERVED = {"Contents", "Figures", "Checks"}
HEADER_ROW = 3


def put(ws: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None) -> Cell:
    """Write one cell with the export helper's rule: user text that looks like a formula stays text."""
    return xlsx_put(ws.cell(row=row, column=column), value, number_format=number_format or "General")


def whole_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space rather than mid-word (a lone long word is cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if len(cut) <= limit else text[:limit]


def sheet_title(table: StatTable, taken: set[str]) -> str:
    """The section's short title (at most 31 characters), else its title cut at a word; unique."""
    text = re.sub(r"[\[\]:*?/\\']", " ", table.short_title or table.title)
    base = whole_words(text, SHEET_NAME_MAX) or "Section"
    name, n = base, 2
    while name in taken or name in RESERVED:
        suffix = f" {n}"
        name = whole_words(base, SHEET_NAME_MAX - len(suffix)) + suffix
        n += 1
    taken.add(name)
    return name


def _widths(ws: Worksheet, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(10, min(width + 2, 60))


def _track(widths: dict[int, int], column: int, value: Any, column_kind: str = "text") -> None:
    text = f"£{value:,.2f}" if column_kind == "money" and isinstance(value, Decimal | int) else str(value)
    widths[column] = max(widths.get(column, 0), len(text))


def write_block(ws: Worksheet, table: StatTable, *, first_column: int, label: str, widths: dict) -> int:
    """One year's table from the header row down; returns the last row written."""
    put(ws, HEADER_ROW - 1, first_column, label).font = BOLD
    for offset, column in enumerate(table.columns):
        put(ws, HEADER_ROW, first_column + offset, column.title).font = BOLD
        _track(widths, first_column + offset, column.title)
    row_number = HEADER_ROW
    if table.grouped:
        return _write_groups(ws, table, row_number, first_column, widths)
    for row in table.rows:
        row_number += 1
        _write_row(ws, table.columns, row, row_number, first_column, widths)
    total = table.total
    if total is not None:
        row_number += 1
        for cell in _write_row(ws, table.columns, total, row_number, first_column, widths):
            cell.font = BOLD
            cell.border = TOP_RULE
    return row_number


def _write_groups(ws: Worksheet, table: StatTable, row_number: int, first_column: int, widths: dict) -> int:
    """Each group: a bold heading row, its rows, its Total row (bold, ruled above)."""
    for group in table.groups():
        row_number += 1
        put(ws, row_number, first_column, group.label).font = BOLD
        _track(widths, first_column, group.label)
        for row in group.rows:
            row_number += 1
            _write_row(ws, table.columns, row, row_number, first_column, widths)
        if group.total is not None:
            row_number += 1
            for cell in _write_row(ws, table.columns, group.total, row_number, first_column, widths):
                cell.font = BOLD
                cell.border = TOP_RULE
    if not table.combined_label and table.total is not None:
        row_number += 1
        for cell in _write_row(ws, table.columns, table.total, row_number, first_column, widths):
            cell.font = BOLD
            cell.border = TOP_RULE
    return row_number


def _write_row(
    ws: Worksheet, columns: list[Column], row: dict, row_number: int, first_column: int, widths: dict
) -> list[Cell]:
    cells = []
    for offset, column in enumerate(columns):
        value = row.get(column.key)
        if value == "":
            value = None
        cells.append(
            put(ws, row_number, first_column + offset, value, number_format=NUMBER_FORMATS.get(column.kind))
        )
        if value is not None:
            _track(widths, first_column + offset, value, column.kind)
    return cells


def write_section(ws: Worksheet, table: StatTable) -> None:
    widths: dict[int, int] = {}
    put(ws, 1, 1, table.title).font = TITLE
    last = write_block(
        ws, table, first_column=1, label=f"{table.period} ({table.count_basis})", widths=widths
    )
    if table.previous is not None:
        previous_last = write_block(
            ws,
            table.previous,
            first_column=len(table.columns) + 2,
            label=f"Previous year {table.previous.period}",
            widths=widths,
        )
        last = max(last, previous_last)
    row = last + 2
    for heading, lines in (("Notes", table.notes), ("Checks", table.checks)):
        if lines:
            put(ws, row, 1, heading).font = BOLD
            for line in lines:
                row += 1
                put(ws, row, 1, line)
            row += 2
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _widths(ws, widths)


def write_contents(ws: Worksheet, pack: Pack, sheet_names: list[str]) -> None:
    put(ws, 1, 1, f"OPCC annual report statistics {pack.financial_year}").font = TITLE
    generated = timezone.localtime(pack.generated_at).strftime("%d/%m/%Y %H:%M")
    put(ws, 2, 1, f"Built from the records on {generated}. Every total is computed from the rows.")
    headers = ("Sheet", "Section", "Period", "Count basis", "Checks")
    for column, header in enumerate(headers, start=1):
        put(ws, HEADER_ROW, column, header).font = BOLD
    row = HEADER_ROW
    entries: list[tuple[str, str, str, str, int | str]] = [
        (name, t.title, t.period, t.count_basis, len(t.checks))
        for name, t in zip(sheet_names, pack.tables, strict=True)
    ]
    entries += [
        ("Figures", "Every figure in long form (topic, metric, period, value, unit)", "", "", ""),
        ("Checks", "Consistency checks found in the records", "", "", len(pack.checks)),
    ]
    for entry in entries:
        row += 1
        for column, value in enumerate(entry, start=1):
            put(ws, row, column, value)
        link = ws.cell(row=row, column=1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{entry[0]}'!A1", display=entry[0])
        link.style = "Hyperlink"
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _widths(ws, {1: max(len(e[0]) for e in entries), 2: max(len(e[1]) for e in entries), 3: 8, 4: 24, 5: 8})


def write_figures(ws: Worksheet, pack: Pack) -> None:
    for column, header in enumerate(("topic", "metric", "period", "value", "unit"), start=1):
        put(ws, 1, column, header).font = BOLD
    kind_by_unit = {"GBP": "money", "count": "count", "percent": "percent"}
    widest = 10
    for row, figure in enumerate(pack.figures(), start=2):
        put(ws, row, 1, figure["topic"])
        put(ws, row, 2, figure["metric"])
        put(ws, row, 3, figure["period"])
        put(
            ws,
            row,
            4,
            figure["value"],
            number_format=NUMBER_FORMATS.get(kind_by_unit.get(figure["unit"], "")),
        )
        put(ws, row, 5, figure["unit"])
        widest = max(widest, len(figure["metric"]))
    ws.freeze_panes = "A2"
    _widths(ws, {1: 18, 2: widest, 3: 8, 4: 14, 5: 8})


def write_checks(ws: Worksheet, pack: Pack) -> None:
    for column, header in enumerate(("Section", "Period", "Check"), start=1):
        put(ws, 1, column, header).font = BOLD
    checks = pack.checks
    for row, check in enumerate(checks, start=2):
        put(ws, row, 1, check.section_title)
        put(ws, row, 2, check.period)
        put(ws, row, 3, check.message)
    if not checks:
        put(ws, 2, 1, "No checks raised: nothing in the records looks inconsistent.")
    ws.freeze_panes = "A2"
    _widths(ws, {1: 40, 2: 8, 3: max([len(c.message) for c in checks] + [40])})


def export(pack: Pack) -> bytes:
    workbook = Workbook()
    contents = workbook.active
    contents.title = "Contents"
    taken: set[str] = set()
    names = []
    for table in pack.tables:
        name = sheet_title(table, taken)
        names.append(name)
        write_section(workbook.create_sheet(name), table)
    write_figures(workbook.create_sheet("Figures"), pack)
    write_checks(workbook.create_sheet("Checks"), pack)
    write_contents(contents, pack, names)
    workbook.properties.title = f"OPCC annual report statistics {pack.financial_year}"
    workbook.properties.creator = "OPCC Case and Grant Management"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
