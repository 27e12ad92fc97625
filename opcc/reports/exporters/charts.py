"""Charts for the PDF, drawn with matplotlib's object API (no pyplot state, safe in a worker)."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from opcc.core.money import format_gbp
from opcc.core.statistics import Column, StatTable

THIS_YEAR = "#1d70b8"  # GOV.UK blue
LAST_YEAR = "#b1b4b6"  # GOV.UK mid grey
TEXT = "#0b0c0c"


def first_money_column(table: StatTable) -> Column | None:
    return next((c for c in table.columns if c.kind == "money"), None)


def _values(table: StatTable, column: Column) -> dict[str, float]:
    label = table.label_column.key
    out: dict[str, float] = {}
    for row in table.rows:
        value = row.get(column.key)
        if value is not None and value != "":
            out[str(row.get(label))] = float(Decimal(value))
    return out


def money_chart(table: StatTable) -> tuple[str, str] | None:
    """A horizontal bar chart of the first money column by row label, this year against last year.

    Returns (PNG data URI, text description) or None when the table has nothing to draw.
    """
    column = first_money_column(table)
    if column is None:
        return None
    current = _values(table, column)
    previous = _values(table.previous, column) if table.previous is not None else {}
    labels = list(current) + [k for k in previous if k not in current]
    if not labels:
        return None

    bars = len(labels) * (2 if previous else 1)
    figure = Figure(figsize=(6.3, min(0.7 + 0.12 * bars, 4.5)), dpi=150)
    figure.set_layout_engine("tight")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    bar = 0.4 if previous else 0.7
    axes.barh(
        [p - (bar / 2 if previous else 0) for p in positions],
        [current.get(k, 0.0) for k in labels],
        height=bar,
        color=THIS_YEAR,
        label=table.period,
    )
    if previous:
        axes.barh(
            [p + bar / 2 for p in positions],
            [previous.get(k, 0.0) for k in labels],
            height=bar,
            color=LAST_YEAR,
            label=table.previous.period if table.previous is not None else "Previous year",
        )
        axes.legend(frameon=False, loc="lower right", fontsize=8)
    axes.set_yticks(positions, labels=labels, color=TEXT, fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_gbp(Decimal(str(round(x))))))
    axes.set_xlabel(column.title)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    against = f" against {table.previous.period}" if previous and table.previous is not None else ""
    description = (
        f"Bar chart of {column.title.lower()} by {table.label_column.title.lower()}, "
        f"{table.period}{against}. The table gives the exact figures."
    )
    return uri, description
