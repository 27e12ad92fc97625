"""The table type every module's `statistics` functions return to the report pack.

Totals are always computed from the rows (never typed), so a published table's arithmetic is right
by construction; `checks` carry what looks wrong in the records themselves.

A grouped table (`group_key` set) lists each group's rows followed by that group's computed Total
row, and optionally a combined block (`combined_label`, e.g. "All ages") whose rows are the
per-label sums across the groups and whose Total is the table's grand total: the layout of the
2019/20 custody visiting table (Adult, Young people, All ages), with sums the printed one got wrong.
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


@dataclass(frozen=True)
class Group:
    """One block of a grouped table: its rows and its computed Total row."""

    label: str
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None
    combined: bool = False


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
    # Grouped sub-totals: the row key naming each row's group (rows of a group are listed together,
    # groups in order of first appearance), and the label of an optional final block of sums.
    group_key: str = ""
    combined_label: str = ""

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
        return self._sum(self.rows, "Total")

    def _sum(self, rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
        total: dict[str, Any] = {self.label_column.key: label}
        for column in self.columns:
            if column.is_summed:
                values = [row.get(column.key) for row in rows]
                zero = Decimal("0.00") if column.kind == "money" else 0
                total[column.key] = sum((v for v in values if v not in (None, "")), zero)  # type: ignore[misc,arg-type]
        return total

    @property
    def grouped(self) -> bool:
        return bool(self.group_key)

    def groups(self) -> list[Group]:
        """Each group's rows and computed Total row, then the combined block (per-label sums).

        The combined block's Total is the grand total (`total`); a group's Total is None when the
        table shows no totals.
        """
        if not self.group_key:
            return []
        label_key = self.label_column.key
        by_group: dict[str, list[dict[str, Any]]] = {}
        for row in self.rows:
            by_group.setdefault(str(row.get(self.group_key, "")), []).append(row)
        out = [
            Group(name, rows, self._sum(rows, "Total") if self.show_total else None, combined=False)
            for name, rows in by_group.items()
        ]
        if self.combined_label and self.rows:
            by_label: dict[str, list[dict[str, Any]]] = {}
            for row in self.rows:
                by_label.setdefault(str(row.get(label_key)), []).append(row)
            combined = [self._sum(rows, label) for label, rows in by_label.items()]
            out.append(Group(self.combined_label, combined, self.total, combined=True))
        return out

    def _labelled_rows(self) -> list[tuple[str, dict[str, Any]]]:
        """Every row a reader sees, with the metric prefix that tells equal labels apart."""
        if not self.group_key:
            rows = [(str(row.get(self.label_column.key)), row) for row in self.rows]
            if self.total is not None:
                rows.append(("Total", self.total))
            return rows
        out: list[tuple[str, dict[str, Any]]] = []
        for group in self.groups():
            for row in group.rows:
                out.append((f"{group.label} | {row.get(self.label_column.key)}", row))
            if group.total is not None:
                out.append((f"{group.label} | Total", group.total))
        if not self.combined_label and self.total is not None:
            out.append(("Total", self.total))
        return out

    def figures(self) -> list[dict[str, Any]]:
        """Long form (topic, metric, period, value, unit), the shape of published_figures.json.

        A grouped table's metrics name the group ("Detainees | Adult | Total | Offered") and include
        every sub-total and the combined block.
        """
        out = []
        label_key = self.label_column.key
        for label, row in self._labelled_rows():
            for column in self.columns:
                if column.key == label_key or row.get(column.key) in (None, ""):
                    continue
                metric = f"{self.title} | {label} | {column.title}"
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
        name = str(row.get(label_key))
        if table.group_key:
            name = f"{row.get(table.group_key)} {name}"
        if figures in seen:
            messages.append(
                f"{name} has exactly the same figures as {seen[figures]}: "
                "check that one row was not copied from the other."
            )
        else:
            seen[figures] = name
    return messages
