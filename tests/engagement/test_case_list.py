"""The correspondence list: each filter narrows as it says (due within N working days and overdue
leave out stopped clocks), search, sorts, the clock's words and colours, queries and page size that
do not grow with rows, and the CSV and XLSX without contact details."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from engagement import clock
from engagement.exports import CASE_HEADERS
from engagement.models import Case, CaseStatus
from engagement.services.common import closures
from tests.engagement.case_support import walk_case

pytestmark = pytest.mark.django_db
LIST = reverse("engagement:cases")
CSV = reverse("engagement:cases_csv")
XLSX = reverse("engagement:cases_xlsx")
S = CaseStatus


def today() -> dt.date:
    return timezone.localdate()


def refs(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'href="/[^"]*/cases/\d+/">(COR-[0-9-]+)</a>', response.content.decode())


def due_in(case: Case, working_days: int) -> Case:
    """Set the stored due date `working_days` from today (negative: overdue by), on the clock's own
    count; set directly, as the path to it is not what is under test."""
    closed = closures()
    due = today()
    step = dt.timedelta(days=1 if working_days > 0 else -1)
    while clock.days_left(rule="local", due_on=due, today=today(), closures=closed) != working_days:
        due += step
    Case.objects.filter(pk=case.pk).update(due_on=due)
    return case


@pytest.fixture
def staff(client, eng_users):
    client.force_login(eng_users.staff)
    return client


@pytest.fixture
def spread(eng_users):
    """One case per distinction the filters draw."""
    by = eng_users.staff
    made = {
        "soon": due_in(walk_case(S.IN_PROGRESS, by=by, subject="Potholes near school"), 3),
        "later": due_in(walk_case(S.ASSIGNED, by=by, channel="email"), 12),
        "overdue": due_in(walk_case(S.RECEIVED, by=by, correspondent_organisation="Hill Road Residents"), -2),
        "stopped": walk_case(S.AWAITING_INFORMATION, by=by, category="Freedom of information"),
        "answered": walk_case(S.RESPONDED, by=by, representative="mp", correspondent_name="Joanna Member"),
        "old": walk_case(
            S.CLOSED, by=by, received_on=today() - dt.timedelta(days=60), category="Subject access"
        ),
    }
    due_in(made["stopped"], -5)  # overdue on paper, but the clock is stopped
    Case.objects.filter(pk=made["later"].pk).update(assigned_to=eng_users.other_staff, team="policy")
    return {key: Case.objects.get(pk=case.pk) for key, case in made.items()}


def of(spread, *keys) -> list[str]:
    return sorted(spread[k].reference for k in keys)


def test_each_filter_narrows(staff, spread, eng_users, category):
    def shown(**params):
        return sorted(refs(staff.get(LIST, params)))

    assert shown() == of(spread, *spread)
    assert shown(due_within=5) == of(spread, "soon", "overdue")
    assert shown(due_within=15) == of(spread, "soon", "later", "overdue")
    assert shown(due_within=0) == of(spread, "overdue")
    assert shown(overdue="on") == of(spread, "overdue")
    assert shown(representative="on") == of(spread, "answered")
    assert shown(category=category("Subject access").pk) == of(spread, "old")
    assert shown(channel="email") == of(spread, "later")
    assert shown(status="open") == of(spread, "soon", "later", "overdue", "stopped")
    assert shown(status="responded") == of(spread, "answered")
    assert shown(assignee=eng_users.other_staff.pk) == of(spread, "later")
    assert shown(team="policy") == of(spread, "later")
    received_from = f"{today() - dt.timedelta(days=30):%d/%m/%Y}"
    assert shown(received_to=received_from) == of(spread, "old")
    assert len(shown(received_from=received_from)) == 5
    assert shown(q="pothole") == of(spread, "soon")
    assert shown(q="residents hill") == of(spread, "overdue")
    assert shown(q="joanna") == of(spread, "answered")
    assert shown(q="Jo MP") == []  # words under 3 letters cannot be searched
    assert shown(q=spread["old"].reference) == of(spread, "old")
    prefix = spread["old"].reference[:9]  # "COR-yyyy-"
    assert shown(q=prefix.lower()) == sorted(
        c.reference for c in spread.values() if c.reference.startswith(prefix)
    )
    assert shown(q="zz") == []  # too short to search: nothing, not everything


def test_the_clock_column(staff, spread):
    page = staff.get(LIST).content.decode()
    assert 'govuk-tag--red">Overdue by 2 working days</strong>' in page
    assert 'govuk-tag--yellow">3 working days left</strong>' in page
    assert "12 working days left" in page
    stopped = spread["stopped"].clock_stopped_since
    assert f'govuk-tag--grey">Clock stopped since {stopped.day} {stopped:%B %Y}</strong>' in page
    assert 'govuk-tag--grey">Responded</strong>' in page
    assert 'govuk-tag--turquoise">MP</strong>' in page


def test_sorts(staff, spread):
    newest_first = refs(staff.get(LIST))
    assert newest_first[-1] == spread["old"].reference
    by_due = refs(staff.get(LIST, {"sort": "due"}))
    dues = [Case.objects.get(reference=r).due_on for r in by_due]
    assert dues == sorted(dues)
    assert refs(staff.get(LIST, {"sort": "reference"})) == sorted(newest_first)
    assert refs(staff.get(LIST, {"sort": "-received"}))[0] != spread["old"].reference
    assert refs(staff.get(LIST, {"sort": "received"}))[0] == spread["old"].reference


@pytest.mark.parametrize(
    "params", [{}, {"due_within": "10", "sort": "due", "q": "Hill Road", "status": "open"}]
)
def test_queries_and_page_size_do_not_grow_with_rows(staff, eng_users, params):
    def make(n):
        for i in range(n):
            walk_case(
                [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_INFORMATION][i % 3],
                by=eng_users.staff,
                subject=f"Hill Road case {i}",
                representative="councillor" if i % 2 else "",
            )

    make(2)
    with CaptureQueriesContext(connection) as few:
        small = staff.get(LIST, params)
    make(28)
    with CaptureQueriesContext(connection) as many:
        large = staff.get(LIST, params)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    shown_small, shown_large = len(refs(small)), len(refs(large))
    assert shown_large > shown_small
    per_row = (len(large.content) - len(small.content)) / (shown_large - shown_small)
    assert per_row < 2_500


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_exports_of_the_filtered_list_without_contact_details(staff, eng_users):
    walk_case(
        S.RECEIVED, by=eng_users.staff, correspondent_name="=HYPERLINK(1)", correspondent_email="pat@example.org",
        correspondent_phone="07700 900123", correspondent_address="1 Hill Road", representative="mp",
    )  # fmt: skip
    walk_case(S.RESPONDED, by=eng_users.staff, subject="Answered already")
    response = staff.get(CSV, {"status": "received"})
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0] == CASE_HEADERS and len(rows) == 2
    row = dict(zip(CASE_HEADERS, rows[1], strict=True))
    assert row["Correspondent"] == "'=HYPERLINK(1)" and row["MP or councillor"] == "Member of Parliament"
    assert row["Status"] == "Received" and row["Category"] == "General advice" and row["Channel"] == "Letter"
    text = "\n".join(",".join(r) for r in rows)
    for contact in ("pat@example.org", "07700", "1 Hill Road"):
        assert contact not in text
    sheet = load_workbook(io.BytesIO(b"".join(staff.get(XLSX).streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert header == CASE_HEADERS and sheet.max_row == 3
    answered = next(
        [c.value for c in row] for row in sheet.iter_rows(min_row=2) if row[9].value == "Answered already"
    )
    case = Case.objects.get(subject="Answered already")
    assert answered[header.index("Responded")].date() == case.responded_on
    assert answered[header.index("Working days taken")] == case.working_days_taken
    assert answered[header.index("Status")] == "Responded"


def test_bad_filters_are_an_error_not_a_crash(staff, eng_users):
    walk_case(S.RECEIVED, by=eng_users.staff)
    for params in (
        {"status": "<script>"},
        {"category": "\u0661\u0662"},
        {"assignee": "99999999999999999999"},
        {"due_within": "-1"},
        {"due_within": "\u0663"},
        {"due_within": "99999"},
        {"received_from": "31/02/2025"},
        {"received_to": "\u0661\u0662/01/2025"},
        {"channel": "\x00"},
    ):
        response = staff.get(LIST, params)
        assert response.status_code == 200, params
        assert "govuk-error-summary" in response.content.decode(), params
        assert staff.get(CSV, params).status_code == 302, params
    for params in (
        {"q": "x" * 10_000, "page": "99999"},
        {"q": "a\u202eb\x00c"},
        {"sort": "correspondent_email"},
    ):
        assert staff.get(LIST, params).status_code in (200, 404), params


def test_table_body_prints_what_django_tables2_prints(eng_users):
    from engagement.tables.casework import CaseTable
    from opcc.core.tables import table_body
    from tests.grants.test_table_bodies import HOSTILE, reference_body

    walk_case(S.RECEIVED, by=eng_users.staff, subject=HOSTILE, representative="councillor")
    walk_case(S.AWAITING_INFORMATION, by=eng_users.staff, correspondent_organisation="=SUM(A1)")
    walk_case(S.RESPONDED, by=eng_users.staff)
    rows = Case.objects.for_list().order_by("pk")
    body = str(table_body(CaseTable(rows)))
    assert body == reference_body(CaseTable(rows))
    assert "&lt;script&gt;" in body and "Clock stopped since" in body and "Responded" in body
