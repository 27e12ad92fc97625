"""CSV and XLSX of the FILTERED reviews list: the cells, formulas neutralised, no contact details."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from complaints.exports import HEADERS
from complaints.models import Status, SubjectCategory
from opcc.audit.models import AccessEvent
from tests.complaints.test_review_list import TODAY, received, today  # noqa: F401  (today: frozen)

pytestmark = pytest.mark.django_db

CSV = reverse("complaints:reviews_csv")
XLSX = reverse("complaints:reviews_xlsx")
CONTACT = {
    "complainant_name": "Jordan Okafor",
    "complainant_email": "jordan.okafor@example.org",
    "complainant_phone": "07700 900123",
    "complainant_address": "12 Example Road, Birmingham",
    "complainant_postcode": "B1 1AA",
    "reasonable_adjustments": "Large print: sight loss",
    "representative_name": "Ray Advocate",
    "representative_contact": "ray@example.org",
}


@pytest.fixture
def staff(client, review_users):
    client.force_login(review_users.staff)
    return client


@pytest.fixture
def rows(builder, review_in):
    subjects = list(SubjectCategory.objects.filter(name__in=["Incivility", "Use of force"]))
    return {
        "new": builder.create(**received(TODAY), subjects=subjects, **CONTACT),
        "hostile": builder.create(**received(TODAY), force_reference='=HYPERLINK("http://evil.example")'),
        "decided": review_in(Status.DECIDED, **received(dt.date(2025, 5, 1))),
    }


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_csv_cells_of_the_filtered_rows(staff, rows, review_users):
    response = staff.get(CSV, {"status": Status.DECIDED})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="complaint-reviews-' in response["Content-Disposition"]
    table = read_csv(response)
    assert table[0] == HEADERS
    decided = rows["decided"]
    assert table[1:] == [
        [
            decided.reference,
            "PSD/2025/0001",
            "01/05/2025",
            "Decided",
            "",
            review_users.manager.get_full_name(),
            decided.decide_by.strftime("%d/%m/%Y"),
            "Upheld",
            "11/06/2025",
            "27",  # 2 May to 11 June: 29 weekdays less the bank holidays of 5 and 26 May
        ]
    ]


def test_subjects_and_an_undecided_row(staff, rows):
    table = read_csv(staff.get(CSV, {"q": rows["new"].reference}))
    assert table[1][4] == "Incivility; Use of force"
    assert table[1][3] == "Received"
    assert table[1][5:] == ["", rows["new"].decide_by.strftime("%d/%m/%Y"), "", "", ""]


def test_formulas_are_neutralised(staff, rows):
    cells = [cell for row in read_csv(staff.get(CSV))[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    sheet = load_workbook(io.BytesIO(b"".join(staff.get(XLSX).streaming_content))).active
    hostile = [
        cell for row in sheet.iter_rows() for cell in row if cell.value == rows["hostile"].force_reference
    ]
    assert len(hostile) == 1 and hostile[0].data_type == "s" and hostile[0].quotePrefix  # text, not a formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_no_contact_details_or_special_category_data(staff, rows):
    for response in (staff.get(CSV), staff.get(XLSX)):
        body = b"".join(response.streaming_content)
        for value in CONTACT.values():
            assert value.encode() not in body
    text = " ".join(HEADERS).lower()
    for word in ("name", "email", "phone", "address", "postcode", "adjustment", "representative"):
        assert word not in text


def test_xlsx_keeps_dates_and_numbers_as_values(staff, rows):
    table = read_xlsx(staff.get(XLSX, {"status": Status.DECIDED}))
    assert table[0] == HEADERS
    row = table[1]
    assert row[2].date() == dt.date(2025, 5, 1)
    assert row[8].date() == TODAY
    assert row[9] == 27


def test_invalid_filters_send_people_back_to_the_list(staff, rows):
    response = staff.get(CSV, {"due_within": "lots"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("complaints:reviews"))


def test_an_export_is_in_the_audit_trail(staff, rows):
    before = AccessEvent.objects.count()
    read_csv(staff.get(CSV, {"status": Status.RECEIVED}))
    assert AccessEvent.objects.count() == before + 1


def test_queries_do_not_grow_with_rows(staff, builder, review_in):
    builder.create(**received(TODAY))
    review_in(Status.DECIDED, **received(dt.date(2025, 5, 1)))
    with CaptureQueriesContext(connection) as few:
        assert len(read_csv(staff.get(CSV))) == 3
    for i in range(9):
        builder.create(**received(TODAY), subjects=list(SubjectCategory.objects.all()[:3]))
        review_in(Status.DECIDED, **received(dt.date(2025, 5, 1) + dt.timedelta(days=i)))
    with CaptureQueriesContext(connection) as many:
        assert len(read_csv(staff.get(CSV))) == 21
    assert len(many) == len(few)
