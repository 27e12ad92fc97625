"""The volunteer list: each filter (expiring and expired give the right people), search, sorts, the
tags, capped paging, queries and page size that do not grow with rows, and the exports."""

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

from opcc.audit.models import AccessEvent
from opcc.core.models import PolicingArea
from volunteers.exports import VOLUNTEER_HEADERS
from volunteers.models import TrainingRecord, Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db
LIST = reverse("volunteers:volunteers")
CSV = reverse("volunteers:volunteers_csv")
XLSX = reverse("volunteers:volunteers_xlsx")
V = VolunteerStatus


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def names(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'href="/[^"]*/volunteers/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def coordinator(client, vol_users):
    client.force_login(vol_users.coordinator)
    return client


@pytest.fixture
def people(make_volunteer):
    """One volunteer per case the expiry filters tell apart."""
    made = {
        "fine": make_volunteer("icv", last_name="Fine"),
        "vetting_soon": make_volunteer("icv", last_name="Vetsoon", vetting_expires_on=days(30)),
        "reaccredit_soon": make_volunteer("aa", last_name="Reaccsoon", reaccreditation_due_on=days(59)),
        "training_soon": make_volunteer("both", last_name="Trainsoon"),
        "vetting_gone": make_volunteer("icv", last_name="Vetgone", vetting_expires_on=days(-1)),
        "never_vetted": make_volunteer("aa", last_name="Novetting", vetting_expires_on=None),
        "accreditation_gone": make_volunteer("icv", last_name="Accgone", reaccreditation_due_on=days(-3)),
        "training_gone": make_volunteer("aa", last_name="Traingone"),
        "untrained": make_volunteer("icv", last_name="Untrained", trained=False),
        "suspended_lapsed": make_volunteer(
            "icv", last_name="Suspended", status=V.SUSPENDED, status_reason="x", vetting_expires_on=days(-5)
        ),
        "applicant": make_volunteer(
            "icv", last_name="Applicant", status=V.APPLICANT, vetting_expires_on=days(10)
        ),
        "far_off": make_volunteer("icv", last_name="Faroff", vetting_expires_on=days(61)),
    }
    TrainingRecord.objects.filter(volunteer=made["training_soon"], course__name="Safeguarding").update(
        expires_on=days(45)
    )
    TrainingRecord.objects.filter(volunteer=made["training_gone"], course__name="Safeguarding").update(
        expires_on=days(-1)
    )
    return made


def last_names(people, *keys) -> list[str]:
    return sorted(people[k].name for k in keys)


def test_expiring_within_60_days(coordinator, people):
    shown = sorted(names(coordinator.get(LIST, {"checks": "expiring"})))
    assert shown == last_names(people, "vetting_soon", "reaccredit_soon", "training_soon")


def test_expired_includes_required_training(coordinator, people):
    shown = sorted(names(coordinator.get(LIST, {"checks": "expired"})))
    assert shown == last_names(
        people, "vetting_gone", "never_vetted", "accreditation_gone", "training_gone", "untrained"
    )


def test_the_tags_match_the_filters(coordinator, people):
    page = coordinator.get(LIST, {"q": "Vetgone"}).content.decode()
    assert 'govuk-tag--red">Expired</strong>' in page
    page = coordinator.get(LIST, {"q": "Trainsoon"}).content.decode()
    assert 'govuk-tag--yellow">Expiring soon</strong>' in page
    page = coordinator.get(LIST, {"q": "Fine"}).content.decode()
    assert "Expired</strong>" not in page and "Expiring soon" not in page
    page = coordinator.get(LIST, {"q": "Suspended"}).content.decode()  # not active: not put on anything
    assert "Expired</strong>" not in page


def test_scheme_status_area_and_team(coordinator, make_volunteer):
    area = PolicingArea.objects.order_by("pk").first()
    icv = make_volunteer("icv", last_name="Visitor", area=area, team="Ladywood")
    aa = make_volunteer("aa", last_name="Adult", team="Northfield")
    both = make_volunteer("both", last_name="Botham")
    left = make_volunteer("icv", last_name="Gone", status=V.LEFT, status_reason="Moved")
    assert sorted(names(coordinator.get(LIST, {"scheme": "icv"}))) == sorted([icv.name, both.name, left.name])
    assert sorted(names(coordinator.get(LIST, {"scheme": "aa"}))) == sorted([aa.name, both.name])
    assert names(coordinator.get(LIST, {"scheme": "both"})) == [both.name]
    assert names(coordinator.get(LIST, {"status": "left"})) == [left.name]
    assert names(coordinator.get(LIST, {"area": area.pk})) == [icv.name]
    assert names(coordinator.get(LIST, {"team": "lady"})) == [icv.name]


def test_search_by_name(coordinator, make_volunteer):
    amrit = make_volunteer("icv", first_name="Amrit", last_name="Kaur-Singh")
    make_volunteer("icv", first_name="Sian", last_name="Llyr")
    assert names(coordinator.get(LIST, {"q": "kaur"})) == [amrit.name]
    assert names(coordinator.get(LIST, {"q": "Amrit Singh"})) == [amrit.name]
    assert names(coordinator.get(LIST, {"q": "Amrit Llyr"})) == []
    assert names(coordinator.get(LIST, {"q": "zz"})) == []  # too short to search: nothing, not everything


def test_sorts(coordinator, make_volunteer):
    a = make_volunteer("icv", last_name="Able", vetting_expires_on=days(300), reaccreditation_due_on=days(20))
    b = make_volunteer(
        "icv", last_name="Baker", vetting_expires_on=days(100), reaccreditation_due_on=days(900)
    )
    c = make_volunteer("icv", last_name="Cole", status=V.APPLICANT, vetting_expires_on=days(200))
    assert names(coordinator.get(LIST)) == [a.name, b.name, c.name]
    assert names(coordinator.get(LIST, {"sort": "-name"})) == [c.name, b.name, a.name]
    assert names(coordinator.get(LIST, {"sort": "vetting_expires_on"})) == [b.name, c.name, a.name]
    assert names(coordinator.get(LIST, {"sort": "reaccreditation_due_on"})) == [a.name, c.name, b.name]
    assert names(coordinator.get(LIST, {"sort": "status"}))[0] == a.name  # active before applicant


def test_a_page_holds_25_and_pages_on(coordinator, make_volunteer):
    for _ in range(26):
        make_volunteer("icv")
    first = coordinator.get(LIST)
    assert len(names(first)) == 25
    assert "26</strong> volunteers" in first.content.decode()
    assert len(names(coordinator.get(LIST, {"page": 2}))) == 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"checks": "expired"},
        {"checks": "expiring"},
        {"q": "Unteer"},
        {"scheme": "aa"},
        {"sort": "-status"},
    ],
)
def test_queries_and_page_size_do_not_grow_with_rows(coordinator, make_volunteer, params):
    def make(n):
        for i in range(n):
            make_volunteer(
                ["icv", "aa", "both"][i % 3],
                vetting_expires_on=days(-1) if i % 2 else days(20),
                email=f"v{i}@example.org",
            )

    make(2)
    with CaptureQueriesContext(connection) as few:
        small = coordinator.get(LIST, params)
    make(28)
    with CaptureQueriesContext(connection) as many:
        large = coordinator.get(LIST, params)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    shown_small, shown_large = len(names(small)), len(names(large))
    assert shown_large > shown_small
    per_row = (len(large.content) - len(small.content)) / (shown_large - shown_small)
    assert per_row < 2_000


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_of_the_filtered_list_without_contact_details(coordinator, make_volunteer):
    make_volunteer(
        "icv",
        first_name="=HYPERLINK(1)",
        last_name="Lapsed",
        vetting_expires_on=days(-1),
        email="lapsed@example.org",
        phone="07700 900123",
        address="1 Road",
        postcode="B1 1AA",
    )
    make_volunteer("icv", last_name="Fine")
    response = coordinator.get(CSV, {"checks": "expired"})
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0] == VOLUNTEER_HEADERS
    assert len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][1] == "Lapsed"
    assert rows[1][2] == "Independent custody visiting" and rows[1][3] == "Active"
    text = "\n".join(",".join(r) for r in rows)
    for contact in ("lapsed@example.org", "07700", "1 Road", "B1 1AA"):
        assert contact not in text
    assert AccessEvent.objects.filter(action="list_exported").exists()


def test_xlsx_keeps_dates(coordinator, make_volunteer):
    volunteer = make_volunteer("aa", last_name="Sheet")
    response = coordinator.get(XLSX)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in sheet[2]]
    assert values[1] == "Sheet"
    assert values[12].date() == volunteer.vetting_expires_on


def test_invalid_filters_are_an_error_not_a_crash(coordinator, make_volunteer):
    make_volunteer("icv")
    for params in (
        {"checks": "<script>"},
        {"status": "\x00"},
        {"area": "99999999999999999999"},
        {"q": "a\x00b"},
    ):
        response = coordinator.get(LIST, params)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode(), params
        assert coordinator.get(CSV, params).status_code in (302, 400), params
    assert coordinator.get(LIST, {"q": "x" * 10_000, "page": "99999"}).status_code in (200, 404)
    assert coordinator.get(LIST, {"sort": "email"}).status_code == 200


def test_table_body_prints_what_django_tables2_prints(make_volunteer):
    """The per-column plan (opcc.core.tables) and django-tables2's own cells agree character for character."""
    from opcc.core.tables import table_body
    from tests.grants.test_table_bodies import HOSTILE, reference_body
    from volunteers.tables import VolunteerTable
    from volunteers.tables.people import with_checks

    area = PolicingArea.objects.order_by("pk").first()
    make_volunteer("icv", last_name=HOSTILE, team="=SUM(A1:A9)", area=area, vetting_expires_on=days(-1))
    make_volunteer("both", status=V.APPLICANT, reaccreditation_due_on=None, vetting_expires_on=None)
    make_volunteer("aa", vetting_expires_on=days(5))
    rows = with_checks(Volunteer.objects.order_by("pk"), today())
    fast, slow = VolunteerTable(rows), VolunteerTable(rows)
    body = str(table_body(fast))
    assert body == reference_body(slow)
    assert "&lt;script&gt;" in body and "Expired" in body and "Expiring soon" in body
