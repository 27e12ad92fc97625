"""The pack as JSON: one object per section, money as strings with two decimals."""

from __future__ import annotations

import json
from typing import Any

from opcc.core.statistics import StatTable
from opcc.reports.exporters import plain_value
from opcc.reports.pack import Pack


def _row(table: StatTable, row: dict[str, Any]) -> dict[str, Any]:
    columns = {c.key: c for c in table.columns}
    return {key: plain_value(columns[key], row.get(key)) for key in columns}


def table_data(table: StatTable) -> dict[str, Any]:
    total = table.total
    data: dict[str, Any] = {
        "key": table.key,
        "title": table.title,
        "period": table.period,
        "count_basis": table.count_basis,
        "columns": [c.key for c in table.columns],
        "rows": [_row(table, row) for row in table.rows],
        "total": _row(table, total) if total is not None else None,
        "notes": list(table.notes),
        "checks": list(table.checks),
        "previous": table_data(table.previous) if table.previous is not None else None,
    }
    if table.grouped:  # each group's rows with its computed sub-total (ungrouped tables unchanged)
        data["groups"] = [
            {
                "label": group.label,
                "rows": [_row(table, row) for row in group.rows],
                "total": _row(table, group.total) if group.total is not None else None,
                "combined": group.combined,
            }
            for group in table.groups()
        ]
    return data


def pack_data(pack: Pack) -> dict[str, Any]:
    return {
        "financial_year": pack.financial_year,
        "generated_at": pack.generated_at.isoformat(),
        "sections": [table_data(table) for table in pack.tables],
    }


def export(pack: Pack) -> bytes:
    return json.dumps(pack_data(pack), ensure_ascii=False, indent=2).encode("utf-8")
