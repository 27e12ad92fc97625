"""The pack's figures in long form (topic, metric, period, value, unit), like published_figures.json.

UTF-8 with a byte-order mark so spreadsheet programs read the £ and en dashes correctly. Text that
a spreadsheet would take for a formula gets a leading apostrophe (the OWASP CSV-injection advice).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from opcc.core.money import PENNY
from opcc.reports.exporters import looks_like_formula
from opcc.reports.pack import Pack

HEADER = ("topic", "metric", "period", "value", "unit")


def safe_text(value: Any) -> Any:
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def figure_value(figure: dict[str, Any]) -> str:
    value = figure["value"]
    if figure["unit"] == "GBP":
        return str(Decimal(value).quantize(PENNY))
    return str(value)


def export(pack: Pack) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for figure in pack.figures():
        value = figure_value(figure)
        writer.writerow(
            [
                safe_text(figure["topic"]),
                safe_text(figure["metric"]),
                figure["period"],
                value if figure["unit"] != "text" else safe_text(value),
                figure["unit"],
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
