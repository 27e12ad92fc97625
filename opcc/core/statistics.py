"""The table type every module's `statistics` functions return to the report pack.

Totals are always computed from the rows (never typed), so a published table's arithmetic is right
by construction; `checks` carry what looks wrong in the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

ColumnKind = Literal["text", "money", "count", "percent"]
UNITS = {"money": "GBP", "count": "count", "percent": "percent", "text": "text"}
SHORT_TITLE_MAX = 31  # the longest sheet name Excel allows


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"
    # Summed into the total row (money and count columns by default).
    summed: bool | None = None

    @property
    def is_summed(self) -> bool:
        return self.summed if self.summed is not None else self.kind in ("money", "count")


@dataclass
class StatTable:
    key: str  # e.g. "grants.hcf_allocations"
    title: str
    topic: str  # e.g. "community_grants" (the topic names of published_figures.json)
    period: str  # financial year label, e.g. "2024/25"
    count_basis: str  # what one counted thing is, e.g. "projects approved"
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    show_total: bool = True
    # The same table for the previous financial year, when there is data for it.
    previous: StatTable | None = None
    # At most 31 characters (an Excel sheet name), whole words: e.g. "HCF allocations".
    short_title: str = ""

    def __post_init__(self) -> None:
        if len(self.short_title) > SHORT_TITLE_MAX:
            raise ValueError(f"short_title {self.short_title!r} is over {SHORT_TITLE_MAX} characters.")

    @property
    def label_column(self) -> Column:
        return next((c for c in self.columns if c.kind == "text"), self.columns[0])

    @property
    def total(self) -> dict[str, Any] | None:
        """Sums of the summed columns over all rows; blank cells count as nothing."""
        if not self.show_total:
            return None
        total: dict[str, Any] = {self.label_column.key: "Total"}
        for column in self.columns:
            if column.is_summed:
                values = [row.get(column.key) for row in self.rows]
                zero = Decimal("0.00") if column.kind == "money" else 0
                total[column.key] = sum((v for v in values if v not in (None, "")), zero)  # type: ignore[misc,arg-type]
        return total

    def figures(self) -> list[dict[str, Any]]:
        """Long form (topic, metric, period, value, unit), the shape of published_figures.json."""
        out = []
        label_key = self.label_column.key
        rows = list(self.rows)
        if self.total is not None:
            rows.append(self.total)
        for row in rows:
            for column in self.columns:
                if column.key == label_key or row.get(column.key) in (None, ""):
                    continue
                metric = f"{self.title} | {row.get(label_key)} | {column.title}"
                out.append(
                    {
                        "topic": self.topic,
                        "metric": metric,
                        "period": self.period,
                        "value": row[column.key],
                        "unit": UNITS[column.kind],
                    }
                )
        return out


def identical_rows(table: StatTable, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Messages for rows whose figures are identical to another row's (a copied-row smell)."""
    label_key = table.label_column.key
    seen: dict[tuple, str] = {}
    messages = []
    for row in table.rows:
        figures = tuple(row.get(c.key) for c in table.columns if c.key != label_key and c.key not in ignore)
        if all(v in (None, "", 0) for v in figures):
            continue
        if figures in seen:
            messages.append(
                f"{row.get(label_key)} has exactly the same figures as {seen[figures]}: "
                "check that one row was not copied from the other."
            )
        else:
            seen[figures] = str(row.get(label_key))
    return messages
