"""The one export helper (opcc.core.exports): formula-safe cells, a BOM, safe file names, streamed
CSV and XLSX, typed dates and money. The exports built on it are tested in tests/audit/test_exports.py
(every export, with hostile names) and next to each module."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from opcc.core.exports import (
    ascii_filename,
    content_disposition,
    csv_bytes,
    csv_cell,
    csv_response,
    looks_like_formula,
    neutralise,
    safe_filename,
    xlsx_bytes,
    xlsx_put,
    xlsx_response,
)

HOSTILE = ['=HYPERLINK("http://evil","x")', "+cmd", "-2+3", "@SUM(1)", "\t=1", "\r=1", "  =1+1", " \t@x"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_text_gets_an_apostrophe(value):
    assert looks_like_formula(value)
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Birmingham", "", " plain", "2024-06-01", "a=b", "£1,250", "'already"])
def test_plain_text_is_unchanged(value):
    assert not looks_like_formula(value)
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value", [Decimal("-12.50"), -5, -1.5, 0, date(2024, 6, 1), datetime(2024, 6, 1, 9, 30), None, True]
)
def test_numbers_dates_and_decimals_stay_values(value):
    assert neutralise(value) is value


def test_csv_cells_are_en_gb_and_numbers_stay_numbers():
    assert csv_cell(None) == ""
    assert csv_cell(date(2024, 6, 1)) == "01/06/2024"
    aware = timezone.make_aware(datetime(2024, 6, 1, 9, 30))
    assert csv_cell(aware) == "01/06/2024 09:30:00"
    assert csv_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell(["x"]) == "['x']"


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_bytes_have_a_bom_crlf_and_neutralised_cells():
    data = csv_bytes(["Name", "Amount (£)"], [[value, Decimal("-3.10")] for value in HOSTILE])
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = read_csv(data)
    assert rows[0] == ["Name", "Amount (£)"]
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE]
    assert {r[1] for r in rows[1:]} == {"-3.10"}


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("applications-2025-01-31", "applications-2025-01-31.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ('evil"; filename="x.exe', "evil-filename-x.exe.csv"),
        ("line\r\nbreak", "line break.csv"),
        ("C:\\Windows\\system32", "C-Windows-system32.csv"),
        ("report.csv", "report.csv"),
        (".hidden", "hidden.csv"),
        ("", "export.csv"),
        ("nul", "nul-file.csv"),
        ("Rapport été", "Rapport été.csv"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, "csv") == expected


def test_a_long_name_is_cut():
    assert len(safe_filename("x" * 500, "xlsx")) == 120 + len(".xlsx")


@pytest.mark.parametrize("name", ['a"b', "a\r\nb", "a/b\\c", "été 報告 ;,", "=cmd|' /C calc'!A0"])
def test_content_disposition_is_safe_for_any_name(name):
    header = content_disposition(safe_filename(name, "csv"))
    plain = header.split('filename="', 1)[1].split('"', 1)[0]
    assert header.startswith('attachment; filename="')
    assert "\r" not in header and "\n" not in header and "/" not in header and "\\" not in header
    assert header.count('"') == 2 and plain.isascii() and plain.endswith(".csv")
    if not name.isascii():
        assert "filename*=UTF-8''" in header


def test_a_non_ascii_name_is_sent_exactly_as_rfc_5987():
    header = content_disposition("Rapport été.csv")
    assert header == "attachment; filename=\"Rapport ete.csv\"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.csv"
    assert content_disposition("plain.csv") == 'attachment; filename="plain.csv"'


def test_the_ascii_fallback_keeps_the_extension():
    assert ascii_filename("報告.xlsx") == "export.xlsx"
    assert ascii_filename("Rapport été.csv") == "Rapport ete.csv"


# --- responses --------------------------------------------------------------------------------


def test_csv_response_streams_with_safe_headers():
    response = csv_response(filename='x"/../evil\r\n', header=["A"], rows=iter([["=1"], [Decimal("-1")]]))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="x-evil.csv"')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert read_csv(body) == [["A"], ["'=1"], ["-1"]]


def test_xlsx_response_streams_a_typed_neutralised_sheet():
    aware = timezone.make_aware(datetime(2024, 6, 1, 9, 30))
    rows = [[value, Decimal("-12.50"), date(2024, 6, 1), aware, 7, "ok\x01"] for value in HOSTILE]
    response = xlsx_response(
        filename="report", header=["Name", "Money", "Day", "When", "Count", "Text"], rows=iter(rows)
    )
    assert isinstance(response, FileResponse)
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="report.xlsx"')
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["Name", "Money", "Day", "When", "Count", "Text"]
    assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"
    for row, value in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        name, money, day, when, count, text = row
        assert name.value == value.replace("\r", "\n") and name.data_type == "s" and name.quotePrefix
        assert (
            money.value == Decimal("-12.5") and money.data_type == "n" and money.number_format == "#,##0.00"
        )
        assert day.is_date and day.number_format == "dd/mm/yyyy"
        assert when.value == datetime(2024, 6, 1, 9, 30)
        assert count.value == 7 and not count.quotePrefix
        assert text.value == "ok"  # a control character XLSX cannot hold is dropped, not an error
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml


def test_xlsx_bytes_and_put_on_an_ordinary_workbook():
    data = xlsx_bytes(header=["A"], rows=[["@x"]], sheet_title="grants/2024:25")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["grants 2024 25"]
    sheet = Workbook().active
    cell = xlsx_put(sheet.cell(row=1, column=1), "=1+1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    money = xlsx_put(sheet.cell(row=1, column=2), Decimal("5"), number_format='"£"#,##0.00')
    assert money.number_format == '"£"#,##0.00'


def test_a_response_given_the_request_is_audited(db, make_user):
    from opcc.audit.models import AccessEvent, Action

    user = make_user()
    request = RequestFactory().get(
        "/grants/applications/export.csv", {"status": "approved", "csrfmiddlewaretoken": "t"}
    )
    request.user = user
    csv_response(filename="x", header=["A"], rows=[], request=request, audit_detail={"rows": 0})
    event = AccessEvent.objects.get(action=Action.LIST_EXPORTED)
    assert event.user_id == user.pk
    assert event.detail == {
        "format": "csv",
        "file_name": "x.csv",
        "filters": {"status": "approved"},
        "rows": 0,
    }
