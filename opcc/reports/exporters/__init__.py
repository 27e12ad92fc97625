"""The pack's output formats. Each module has `export(pack) -> bytes`; heavy libraries load lazily."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

from opcc.core.money import PENNY

if TYPE_CHECKING:
    from opcc.core.statistics import Column
    from opcc.reports.pack import Pack


@dataclass(frozen=True)
class Exporter:
    format: str
    label: str
    content_type: str
    function_path: str

    def export(self, pack: Pack) -> bytes:
        return import_string(self.function_path)(pack)


EXPORTERS: dict[str, Exporter] = {
    exporter.format: exporter
    for exporter in (
        Exporter(
            "xlsx",
            "Excel workbook",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "opcc.reports.exporters.xlsx.export",
        ),
        Exporter("csv", "Figures (CSV)", "text/csv; charset=utf-8", "opcc.reports.exporters.csv.export"),
        Exporter("json", "Tables (JSON)", "application/json", "opcc.reports.exporters.json.export"),
        Exporter("pdf", "Printable report (PDF)", "application/pdf", "opcc.reports.exporters.pdf.export"),
    )
}
FORMATS: tuple[str, ...] = tuple(EXPORTERS)


def plain_value(column: Column | None, value: Any) -> Any:
    """A cell as JSON/CSV carry it: money as a string with 2 decimals, other decimals as strings."""
    if value is None or value == "":
        return None
    if column is not None and column.kind == "money":
        return str(Decimal(value).quantize(PENNY))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
