"""The pack's figures in long form (topic, metric, period, value, unit), like published_figures.json.

Written by the service's export helper (opcc.core.exports): UTF-8 with a byte-order mark so
spreadsheet programs read the £ and en dashes correctly; text that a spreadsheet would take for a
formula gets a leading apostrophe (the OWASP CSV-injection advice); numbers stay numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from opcc.core.exports import csv_bytes, neutralise
from opcc.core.money import PENNY
from opcc.reports.pack import Pack

HEADER = ("topic", "metric", "period", "value", "unit")
safe_text = neutralise  # the export helper's rule (kept under its old name)


def figure_value(figure: dict[str, Any]) -> Any:
    """Money to the penny; counts and percentages as numbers; text as text (neutralised)."""
    value = figure["value"]
    if figure["unit"] == "GBP":
        return Decimal(value).quantize(PENNY)
    return value


def export(pack: Pack) -> bytes:
    return csv_bytes(
        HEADER,
        (
            [figure["topic"], figure["metric"], figure["period"], figure_value(figure), figure["unit"]]
            for figure in pack.figures()
        ),
    )
