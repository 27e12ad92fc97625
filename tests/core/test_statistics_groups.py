"""Grouped sub-totals in the report table type: each group's Total and the combined block are computed
from the rows, listed in the long-form figures, and rendered by every format of the pack."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from opcc.core.statistics import Column, StatTable, identical_rows
from opcc.reports.exporters import EXPORTERS
from opcc.reports.exporters.pdf import render_html
from opcc.reports.pack import Pack
from opcc.reports.presentation import display_table

COLUMNS = [
    Column("sex", "Sex"),
    Column("detained", "Detained", "count"),
    Column("offered", "Offered", "count"),
    Column("note", "Note", "text"),
]
ROWS = [
    ("Adult", "Males", 10, 6),
    ("Adult", "Females", 4, 3),
    ("Young people", "Males", 2, 1),
    ("Adult", "Other", 1, 1),  # out of order: still listed with its group
    ("Young people", "Females", 3, 3),
]


def grouped(combined: str = "All ages", *, show_total: bool = True, period: str = "2019/20") -> StatTable:
    return StatTable(
        key="test.detainees",
        title="Detainees",
        topic="custody_visiting",
        period=period,
        count_basis="detainees",
        columns=COLUMNS,
        rows=[{"group": g, "sex": s, "detained": d, "offered": o, "note": ""} for g, s, d, o in ROWS],
        group_key="group",
        combined_label=combined,
        show_total=show_total,
        short_title="Detainees",
    )


def test_groups_in_order_each_with_its_computed_total():
    groups = grouped().groups()
    assert [g.label for g in groups] == ["Adult", "Young people", "All ages"]
    adult, young, combined = groups
    assert [r["sex"] for r in adult.rows] == ["Males", "Females", "Other"]
    assert adult.total == {"sex": "Total", "detained": 15, "offered": 10}
    assert young.total == {"sex": "Total", "detained": 5, "offered": 4}
    assert not adult.combined and combined.combined


def test_combined_block_sums_each_label_across_groups_and_ends_with_the_grand_total():
    table = grouped()
    combined = table.groups()[-1]
    assert combined.rows == [
        {"sex": "Males", "detained": 12, "offered": 7},
        {"sex": "Females", "detained": 7, "offered": 6},
        {"sex": "Other", "detained": 1, "offered": 1},
    ]
    assert combined.total == table.total == {"sex": "Total", "detained": 20, "offered": 14}
    # The grand total is the sum of the group totals.
    sub = [g.total for g in table.groups()[:-1]]
    assert combined.total["detained"] == sum(t["detained"] for t in sub)


def test_without_a_combined_block_and_without_totals():
    assert [g.label for g in grouped("").groups()] == ["Adult", "Young people"]
    bare = grouped(show_total=False)
    assert all(g.total is None for g in bare.groups())
    assert StatTable("k", "t", "x", "2019/20", "b", COLUMNS, rows=[{"sex": "A"}]).groups() == []


def test_figures_include_every_sub_total_and_the_combined_block_once():
    figures = {(f["metric"], f["period"]): f["value"] for f in grouped().figures()}
    assert figures[("Detainees | Adult | Total | Offered", "2019/20")] == 10
    assert figures[("Detainees | Young people | Males | Detained", "2019/20")] == 2
    assert figures[("Detainees | All ages | Females | Offered", "2019/20")] == 6
    assert figures[("Detainees | All ages | Total | Detained", "2019/20")] == 20
    # Rows x value columns: 5 rows + 2 sub-totals + 3 combined + 1 grand total, two counts each.
    assert len(figures) == (5 + 2 + 3 + 1) * 2
    no_combined = {f["metric"] for f in grouped("").figures()}
    assert "Detainees | Total | Detained" in no_combined


def test_identical_rows_name_the_group():
    table = grouped()
    table.rows.append({"group": "Young people", "sex": "Other", "detained": 1, "offered": 1, "note": ""})
    assert identical_rows(table) == [
        "Young people Other has exactly the same figures as Adult Other: "
        "check that one row was not copied from the other."
    ]


def _pack() -> Pack:
    table = grouped()
    table.previous = grouped(period="2018/19")
    return Pack(start_year=2019, tables=[table])


def test_html_preview_lists_each_group_with_its_total_row():
    shown = display_table(grouped())
    assert shown.total is None  # the combined block's Total is the grand total
    assert [g.label for g in shown.groups] == ["Adult", "Young people", "All ages"]
    assert [c.text for c in shown.groups[0].total] == ["Total", "15", "10", ""]
    html = render_to_string("reports/includes/preview_table.html", {"shown": shown, "table": shown})
    assert html.count('scope="rowgroup"') == 3
    assert html.count("<tbody") == 3 and "<tfoot" not in html
    order = [html.index(text) for text in ("Adult", ">15<", "Young people", ">5<", "All ages", ">20<")]
    assert order == sorted(order)
    ungrouped = display_table(grouped(""))
    assert [c.text for c in ungrouped.total] == ["Total", "20", "14", ""]


def test_pdf_html_has_group_headings_and_total_rows():
    html = render_html(_pack())
    assert html.count('<th scope="rowgroup"') == 6  # this year and last
    assert html.count('<tr class="total">') == 6


def test_xlsx_writes_group_headings_rows_and_bold_totals():
    workbook = load_workbook(io.BytesIO(EXPORTERS["xlsx"].export(_pack())))
    sheet = workbook["Detainees"]
    column_a = [sheet.cell(row=r, column=1).value for r in range(4, 17)]
    assert column_a == [
        "Adult",
        "Males",
        "Females",
        "Other",
        "Total",
        "Young people",
        "Males",
        "Females",
        "Total",
        "All ages",
        "Males",
        "Females",
        "Other",
    ]
    assert sheet.cell(row=17, column=1).value == "Total" and sheet.cell(row=17, column=2).value == 20
    assert sheet.cell(row=8, column=2).value == 15 and sheet.cell(row=8, column=2).font.bold
    assert sheet.cell(row=12, column=3).value == 4
    # Last year alongside, laid out the same way.
    assert sheet.cell(row=8, column=len(COLUMNS) + 2).value == "Total"


def test_json_and_csv_carry_the_sub_totals():
    data = json.loads(EXPORTERS["json"].export(_pack()))
    section = data["sections"][0]
    assert [g["label"] for g in section["groups"]] == ["Adult", "Young people", "All ages"]
    assert section["groups"][1]["total"] == {"sex": "Total", "detained": 5, "offered": 4, "note": None}
    assert section["groups"][2]["combined"] is True
    assert section["previous"]["groups"][0]["total"]["detained"] == 15
    rows = list(csv.reader(io.StringIO(EXPORTERS["csv"].export(_pack()).decode("utf-8-sig"))))
    metrics = {(r[1], r[2]): r[3] for r in rows[1:]}
    assert metrics[("Detainees | Young people | Total | Offered", "2019/20")] == "4"
    assert metrics[("Detainees | All ages | Total | Offered", "2018/19")] == "14"


@pytest.mark.parametrize("kind,zero", [("count", 0), ("money", Decimal("0.00"))])
def test_blank_cells_count_as_nothing_in_a_sub_total(kind, zero):
    table = StatTable(
        "k",
        "t",
        "x",
        "2019/20",
        "b",
        [Column("label", "Label"), Column("value", "Value", kind)],
        rows=[{"g": "A", "label": "a", "value": None}, {"g": "A", "label": "b", "value": ""}],
        group_key="g",
    )
    assert table.groups()[0].total == {"label": "Total", "value": zero}
