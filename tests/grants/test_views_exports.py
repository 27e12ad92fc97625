"""CSV and XLSX exports of the FILTERED applications list, with formulas neutralised."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.views.exports import HEADERS, neutralise

pytestmark = pytest.mark.django_db

CSV = reverse("grants:applications_csv")
XLSX = reverse("grants:applications_xlsx")


@pytest.fixture
def staff_client(client, grants_users):
    client.force_login(grants_users.staff)
    return client


@pytest.fixture
def rows(make_application, make_organisation):
    hostile = make_organisation(name='=HYPERLINK("http://evil.example","Click")')
    return {
        "boxing": make_application(project_title="Boxing", amount_requested=Decimal("1000")),
        "formula": make_application(project_title="+SUM(A1:A9)", organisation=hostile),
        "at": make_application(project_title="@cmd", amount_requested=Decimal("3000")),
    }


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_csv_has_the_filtered_rows_only(staff_client, rows):
    response = staff_client.get(CSV, {"amount_max": "1000"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="applications-' in response["Content-Disposition"]
    table = read_csv(response)
    assert table[0] == HEADERS
    assert [r[0] for r in table[1:]] == [rows["boxing"].reference]
    assert table[1][10] == "1000.00"


def test_csv_neutralises_formulas(staff_client, rows):
    table = read_csv(staff_client.get(CSV))
    assert len(table) == 4
    cells = [cell for row in table[1:] for cell in row]
    assert "'+SUM(A1:A9)" in cells and "'@cmd" in cells
    assert '\'=HYPERLINK("http://evil.example","Click")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_xlsx_has_the_filtered_rows_and_no_formulas(staff_client, rows):
    response = staff_client.get(XLSX, {"amount_min": "2000"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    values, sheet = read_xlsx(response)
    assert values[0] == HEADERS
    assert [r[0] for r in values[1:]] == [rows["at"].reference]
    assert values[1][7] == "@cmd" and sheet.cell(row=2, column=8).quotePrefix  # Excel's "typed as text"
    assert values[1][10] == 3000
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_of_everything_neutralises_the_organisation_name(staff_client, rows):
    _, sheet = read_xlsx(staff_client.get(XLSX))
    cells = {row[4].value: row[4] for row in sheet.iter_rows(min_row=2)}
    hostile = cells['=HYPERLINK("http://evil.example","Click")']
    assert hostile.data_type == "s" and hostile.quotePrefix
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_bad_filters_go_back_to_the_list(staff_client, rows):
    response = staff_client.get(CSV, {"amount_min": "1e5"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("grants:applications"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("ok", "ok"), (5, 5)],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_query_count_does_not_grow(staff_client, make_application, django_assert_max_num_queries):
    for _ in range(3):
        make_application()
    with django_assert_max_num_queries(12) as few:
        read_csv(staff_client.get(CSV))
    for _ in range(12):
        make_application()
    with django_assert_max_num_queries(len(few.captured_queries)):
        read_csv(staff_client.get(CSV))
