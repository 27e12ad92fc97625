"""The four formats: the XLSX agrees with the JSON, the CSV is long form, the PDF has its pages."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.utils.module_loading import import_string
from openpyxl import load_workbook

from opcc.core.statistics import StatTable
from opcc.reports.exporters import EXPORTERS, FORMATS, plain_value
from opcc.reports.exporters.csv import HEADER
from opcc.reports.exporters.pdf import render_html
from opcc.reports.exporters.xlsx import sheet_title
from opcc.reports.pack import build_pack
from opcc.reports.presentation import pack_contents
from tests.core.pdf_checks import assert_accessible_pdf
from tests.reports.conftest import S, pdf_page_count

pytestmark = pytest.mark.django_db

# The real sections (the fixture in conftest.py swaps in fake ones for each test).
REAL_SECTIONS = list(django_settings.REPORT_SECTIONS)
FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "+44 7700 900000", "-5 people", "@SUM(A1:A2)"]


def _export(pack, fmt):
    return EXPORTERS[fmt].export(pack)


def _json(pack):
    return json.loads(_export(pack, "json"))


def _workbook(pack):
    return load_workbook(io.BytesIO(_export(pack, "xlsx")))


def test_formats_in_order():
    assert FORMATS == ("xlsx", "csv", "json", "pdf")


def test_json_has_the_agreed_shape(pack):
    data = _json(pack)
    assert set(data) == {"financial_year", "generated_at", "sections"}
    assert data["financial_year"] == "2024/25"
    assert data["generated_at"] == pack.generated_at.isoformat()
    section = data["sections"][0]
    assert set(section) == {
        "key",
        "title",
        "period",
        "count_basis",
        "columns",
        "rows",
        "total",
        "notes",
        "checks",
        "previous",
    }
    assert section["key"] == "fake.allocations"
    assert section["columns"] == ["area", "allocation", "projects"]
    assert section["rows"][0] == {"area": "Birmingham", "allocation": "101762.00", "projects": 21}
    assert section["rows"][-1] == {"area": "Street Watch", "allocation": "30000.00", "projects": None}
    assert section["total"] == {"area": "Total", "allocation": "415418.00", "projects": 52}
    assert section["checks"] == ["Allocations add up to £415,418 against an envelope of £400,000."]
    assert section["notes"] == ["Allocations are shared out between the policing areas."]
    previous = section["previous"]
    assert set(previous) == set(section)
    assert previous["period"] == "2023/24"
    assert previous["total"]["allocation"] == "175000.50"
    assert previous["previous"] is None
    headline = data["sections"][1]
    assert headline["previous"] is None
    assert headline["total"] is None
    assert headline["rows"] == [{"measure": "Applications", "count": 40, "share": "62.5"}]


def test_money_is_always_two_decimals():
    class Money:
        kind = "money"

    assert plain_value(Money(), Decimal("5")) == "5.00"
    assert plain_value(Money(), 12) == "12.00"
    assert plain_value(Money(), None) is None


def test_xlsx_has_contents_sections_figures_and_checks(pack):
    workbook = _workbook(pack)
    assert workbook.sheetnames == [
        "Contents",
        "Fake fund allocations",
        "Fake headline",
        "Fake organisations",
        "Figures",
        "Checks",
    ]
    contents = workbook["Contents"]
    assert contents["A1"].value == "OPCC annual report statistics 2024/25"
    assert contents["A4"].value == "Fake fund allocations"
    assert contents["A4"].hyperlink.location == "'Fake fund allocations'!A1"
    assert [contents.cell(row=r, column=1).hyperlink.location for r in (7, 8)] == [
        "'Figures'!A1",
        "'Checks'!A1",
    ]
    assert [contents.cell(row=r, column=5).value for r in range(4, 9)] == [1, 0, 0, None, 1]


def test_xlsx_section_sheet_is_formatted(pack):
    sheet = _workbook(pack)["Fake fund allocations"]
    assert sheet.freeze_panes == "A4"
    assert [c.value for c in sheet[3][:3]] == ["Area", "Allocation", "Number of projects"]
    assert all(c.font.b for c in sheet[3][:3])
    birmingham = sheet[4]
    assert birmingham[0].value == "Birmingham"
    assert birmingham[1].value == 101762
    assert birmingham[1].number_format == '"£"#,##0.00;-"£"#,##0.00'
    assert birmingham[2].number_format == "#,##0"
    total = sheet[14]
    assert [c.value for c in total[:3]] == ["Total", 415418, 52]
    assert all(c.font.b for c in total[:3])
    # Last year's block sits alongside, one blank column to the right.
    assert sheet["E2"].value == "Previous year 2023/24"
    assert [c.value for c in sheet[3][4:7]] == ["Area", "Allocation", "Number of projects"]
    assert sheet["F7"].value == 175000.5
    assert sheet.column_dimensions["A"].width >= len("Community Response Fund")


def test_xlsx_figures_equal_the_json(pack):
    workbook = _workbook(pack)
    data = _json(pack)
    for section, sheet_name in zip(data["sections"], workbook.sheetnames[1:4], strict=True):
        sheet = workbook[sheet_name]
        for offset, row in enumerate(section["rows"] + ([section["total"]] if section["total"] else [])):
            cells = sheet[4 + offset]
            for index, key in enumerate(section["columns"]):
                expected, got = row[key], cells[index].value
                if expected is None:
                    assert got is None
                elif isinstance(expected, str) and isinstance(got, int | float):
                    assert Decimal(str(got)) == Decimal(expected), (sheet_name, key)
                else:
                    assert got == expected, (sheet_name, key)
    figures = list(workbook["Figures"].iter_rows(min_row=2, values_only=True))
    expected = [(f["topic"], f["metric"], f["period"], f["value"], f["unit"]) for f in pack.figures()]
    assert len(figures) == len(expected) > 0
    for got, want in zip(figures, expected, strict=True):
        assert got[:3] == want[:3] and got[4] == want[4]
        assert Decimal(str(got[3])) == Decimal(want[3])


def test_xlsx_checks_sheet_lists_every_check(pack):
    rows = list(_workbook(pack)["Checks"].iter_rows(values_only=True))
    assert rows[0] == ("Section", "Period", "Check")
    assert rows[1:] == [
        (
            "Fake fund allocations",
            "2024/25",
            "Allocations add up to £415,418 against an envelope of £400,000.",
        )
    ]


def test_xlsx_says_so_when_there_are_no_checks(settings):
    rows = list(_workbook(build_pack(2024, sections=[S + "headline"]))["Checks"].iter_rows(values_only=True))
    assert rows[1][0].startswith("No checks raised")


def test_xlsx_neutralises_text_that_looks_like_a_formula(pack):
    data = _export(pack, "xlsx")
    sheet = load_workbook(io.BytesIO(data))["Fake organisations"]
    cells = [sheet.cell(row=4 + n, column=1) for n in range(4)]
    # Kept exactly as recorded, but as text with Excel's quote prefix: never run as a formula.
    assert [c.value for c in cells] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    note = next(
        c for row in sheet.iter_rows() for c in row if c.value == "=1+1 is a note that starts like a formula."
    )
    assert note.data_type == "s" and note.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    plain = sheet.cell(row=2, column=1)
    assert not plain.quotePrefix


def test_csv_is_the_long_form(pack):
    data = _export(pack, "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read £ correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADER
    assert len(rows) - 1 == len(pack.figures())
    assert [
        "community_grants",
        "Fake fund allocations | Total | Allocation",
        "2024/25",
        "415418.00",
        "GBP",
    ] in rows
    assert [
        "community_grants",
        "Fake fund allocations | Total | Number of projects",
        "2024/25",
        "52",
        "count",
    ] in rows
    assert [
        "community_grants",
        "Fake headline | Applications | Approved",
        "2024/25",
        "62.5",
        "percent",
    ] in rows


def test_csv_neutralises_formula_text(pack):
    rows = list(csv.reader(io.StringIO(_export(pack, "csv").decode("utf-8-sig"))))
    metrics = [r[1] for r in rows if r[1].startswith("Fake organisations")]
    assert 'Fake organisations | =HYPERLINK("http://example.invalid","click") | Award' in metrics
    # Metrics start with the table title, so none starts with a trigger; check the rule itself:
    from opcc.reports.exporters.csv import safe_text

    assert [safe_text(v) for v in FORMULAS] == ["'" + v for v in FORMULAS]
    assert safe_text("Birmingham") == "Birmingham"
    assert safe_text(-5) == -5


def test_pdf_has_a_page_per_section_plus_contents_and_checks(pack):
    data = _export(pack, "pdf")
    assert data.startswith(b"%PDF-")
    assert pdf_page_count(data) == 1 + len(pack.tables) + 1


def test_pdf_html_has_tables_charts_and_checks(pack):
    html = render_html(pack)
    assert html.count("data:image/png;base64,") == 2  # the two tables with money columns
    assert (
        'alt="Bar chart of allocation by area, 2024/25 against 2023/24. The table gives the exact figures."'
        in html
    )
    assert "£415,418" in html
    assert "Allocations add up to £415,418 against an envelope of £400,000." in html
    assert "Previous year: 2023/24" in html
    assert "font-family: Arial" in html


def test_pdf_is_tagged_pdf_ua_with_headings_table_headers_charts_and_bookmarks(pack):
    structure = assert_accessible_pdf(_export(pack, "pdf"), title="OPCC annual report statistics 2024/25")
    # One H2 per section and one for the checks; the allocations' checks under an H3.
    assert structure.tags["H2"] == len(pack.tables) + 1
    assert structure.tags["H3"] == 1
    # Contents, this year's three tables, last year's allocations and the checks table.
    assert structure.tags["Table"] == 6
    assert structure.tags["TH"] > 0 and structure.cells_with_headers == structure.cells
    assert structure.figures_alt == [
        "Bar chart of allocation by area, 2024/25 against 2023/24. The table gives the exact figures.",
        "Bar chart of award by organisation, 2024/25. The table gives the exact figures.",
    ]
    assert structure.bookmarks() == [
        "OPCC annual report statistics 2024/25",
        "1. Fake fund allocations",
        "Checks",
        "2. Fake headline",
        "3. Fake organisations",
        "4. Consistency checks",
    ]


def test_pdf_contents_match_the_sections_then_the_checks(pack):
    html = render_html(pack)
    assert [e["title"] for e in pack_contents(pack)] == [
        "Fake fund allocations",
        "Fake headline",
        "Fake organisations",
        "Consistency checks",
    ]
    assert '<th scope="row">Consistency checks</th>' in html
    assert "<h2>4. Consistency checks</h2>" in html


def _table(title, short_title=""):
    return StatTable(
        key="t",
        title=title,
        short_title=short_title,
        topic="t",
        period="2024/25",
        count_basis="x",
        columns=[],
    )


def test_sheet_names_are_short_titles_or_whole_words():
    taken: set[str] = set()
    assert sheet_title(_table("Helping Communities Fund allocations", "HCF allocations"), taken) == (
        "HCF allocations"
    )
    # No short title: cut at the last whole word that fits in Excel's 31 characters.
    assert sheet_title(_table("Helping Communities Fund applications by outcome"), taken) == (
        "Helping Communities Fund"
    )
    assert sheet_title(_table("Helping Communities Fund applications by area"), taken) == (
        "Helping Communities Fund 2"
    )
    assert sheet_title(_table("Checks"), taken) == "Checks 2"  # the pack's own sheets keep their names
    assert sheet_title(_table("Supercalifragilisticexpialidocious-and-more"), taken) == (
        "Supercalifragilisticexpialidoci"
    )
    assert sheet_title(_table("Complaints: reviews/appeals"), taken) == "Complaints reviews appeals"
    assert all(len(name) <= 31 for name in taken)


def test_a_short_title_longer_than_a_sheet_name_is_refused():
    with pytest.raises(ValueError, match="over 31 characters"):
        _table("Anything", "Helping Communities Fund allocation")


def test_the_workbook_names_sheets_by_short_title(pack):
    pack.tables[0].short_title = "Allocations"
    workbook = _workbook(pack)
    assert workbook.sheetnames[1] == "Allocations"
    assert workbook["Contents"]["A4"].value == "Allocations"
    assert workbook["Contents"]["B4"].value == "Fake fund allocations"


@pytest.mark.parametrize("path", REAL_SECTIONS)
def test_every_registered_section_has_a_short_title(path):
    table = import_string(path)(start_year=2024)
    assert 0 < len(table.short_title) <= 31
    assert table.short_title != table.title[:31]
