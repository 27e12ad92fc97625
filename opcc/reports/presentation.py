"""Tables ready to show: display strings per cell, shared by the HTML preview and the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from opcc.core.money import format_gbp
from opcc.core.statistics import Column, StatTable

if TYPE_CHECKING:
    from opcc.reports.pack import Pack

CHECKS_TITLE = "Consistency checks"


@dataclass
class DisplayColumn:
    key: str
    title: str
    numeric: bool


@dataclass(frozen=True)
class DisplayCell:
    text: str
    numeric: bool


@dataclass
class DisplayGroup:
    """A block of a grouped table: a heading, its rows and its Total row (None if not shown)."""

    label: str
    rows: list[list[DisplayCell]]
    total: list[DisplayCell] | None


@dataclass
class DisplayTable:
    key: str
    title: str
    period: str
    count_basis: str
    columns: list[DisplayColumn]
    rows: list[list[DisplayCell]]
    total: list[DisplayCell] | None
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    previous: DisplayTable | None = None
    chart: str | None = None  # PNG data URI, PDF only
    chart_description: str = ""
    # A grouped table: its blocks, each with its sub-total (`rows` still lists every row).
    groups: list[DisplayGroup] = field(default_factory=list)


def display_value(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.kind == "money":
        return format_gbp(value)
    if column.kind == "count" and isinstance(value, int | Decimal):
        return f"{value:,}"
    if column.kind == "percent":
        return f"{Decimal(value):.1f}%"
    return str(value)


def _cells(columns: list[Column], row: dict[str, Any]) -> list[DisplayCell]:
    return [DisplayCell(display_value(c, row.get(c.key)), c.kind != "text") for c in columns]


def display_table(table: StatTable) -> DisplayTable:
    columns = table.columns
    # A grouped table's grand total is its combined block's Total (or, without one, the last row).
    total = table.total if not (table.grouped and table.combined_label) else None
    return DisplayTable(
        key=table.key,
        title=table.title,
        period=table.period,
        count_basis=table.count_basis,
        columns=[DisplayColumn(c.key, c.title, c.kind != "text") for c in columns],
        rows=[_cells(columns, row) for row in table.rows],
        total=_cells(columns, total) if total is not None else None,
        notes=list(table.notes),
        checks=list(table.checks),
        previous=display_table(table.previous) if table.previous is not None else None,
        groups=[
            DisplayGroup(
                group.label,
                [_cells(columns, row) for row in group.rows],
                _cells(columns, group.total) if group.total is not None else None,
            )
            for group in table.groups()
        ],
    )


def pack_contents(pack: Pack) -> list[dict[str, Any]]:
    """The pack's parts in order, as the PDF's contents page numbers them: each table, then the checks.

    Stored on the run (`ReportRun.contents`) so the run page lists exactly what the files hold.
    """
    entries: list[dict[str, Any]] = [
        {"title": table.title, "checks": len(table.checks)} for table in pack.tables
    ]
    entries.append({"title": CHECKS_TITLE, "checks": len(pack.checks)})
    return entries
