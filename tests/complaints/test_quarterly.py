"""The quarterly review performance page and CSV: a quarter with known records, defaults, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Result
from complaints.statistics.quarterly import Quarter
from opcc.audit.models import AccessEvent
from opcc.core import roles
from tests.complaints.test_review_statistics import Make

pytestmark = pytest.mark.django_db
D = dt.date
URL = reverse("complaints:quarterly")
CSV_URL = reverse("complaints:quarterly_csv")


@pytest.fixture
def q1_2023(review_users):
    from opcc.core.demo import DemoClock

    clock = DemoClock()
    with clock.running():
        m = Make(review_users, clock)
        m.review(D(2023, 4, 3), ack=D(2023, 4, 4), start=D(2023, 4, 5), decide=D(2023, 5, 2))
        m.review(D(2023, 5, 2), ack=D(2023, 5, 3), start=D(2023, 5, 4), decide=D(2023, 6, 30),
                 result=Result.NOT_UPHELD)  # fmt: skip
        m.review(D(2023, 7, 3), ack=D(2023, 7, 4), start=D(2023, 7, 5), decide=D(2023, 7, 31))  # Q2


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_quarters_are_financial_year_quarters():
    assert (Quarter(2023, 1).start, Quarter(2023, 1).end) == (D(2023, 4, 1), D(2023, 6, 30))
    assert (Quarter(2023, 4).start, Quarter(2023, 4).end) == (D(2024, 1, 1), D(2024, 3, 31))
    assert Quarter.containing(D(2024, 2, 29)) == Quarter(2023, 4)
    assert Quarter.last_complete(D(2024, 4, 1)) == Quarter(2023, 4)
    assert Quarter.last_complete(D(2024, 3, 31)) == Quarter(2023, 3)
    with pytest.raises(ValueError):
        Quarter(2023, 5)


def test_page_shows_the_quarter(client, make_user, q1_2023):
    client.force_login(make_user(roles.OFFICE_STAFF))
    response = client.get(URL, {"year": 2023, "quarter": 1})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Q1 2023/24 (April to June 2023)" in text
    outcomes = next(t for t in response.context["tables"] if t.key == "complaints.reviews_decided")
    assert [[c.text for c in row] for row in outcomes.rows] == [
        ["Decided", "Reviews decided", "2", ""],
        ["Upheld", "Handling not reasonable and proportionate", "1", "50.0%"],
        ["Not upheld", "Handling reasonable and proportionate", "1", "50.0%"],
    ]


def test_default_is_the_last_complete_quarter(client, make_user):
    client.force_login(make_user(roles.REPORTS))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["quarter"] == Quarter.last_complete(timezone.localdate())


def test_csv_for_the_quarter_is_long_form_and_audited(client, make_user, q1_2023):
    client.force_login(make_user(roles.REVIEWS_MANAGER))
    response = client.get(CSV_URL, {"year": 2023, "quarter": 1})
    assert response.status_code == 200
    assert "Q1-2023-24" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Period", "Table", "Row", "Column", "Value", "Unit"]
    assert ["Q1 2023/24", "Complaint review outcomes", "Upheld", "Number", "1", "count"] in rows
    assert ["Q1 2023/24", "Complaint review outcomes", "Upheld", "Per cent", "50.0", "percent"] in rows
    assert ["Q1 2023/24", "Complaint reviews received", "Received", "Number", "2", "count"] in rows
    assert AccessEvent.objects.filter(detail__quarter="Q1 2023/24").exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": 2023, "quarter": 5}, "Choose a quarter from Q1 to Q4."),
        ({"year": 99999, "quarter": 1}, "Choose a financial year from 2019/20"),
        ({"year": "text", "quarter": "Q1"}, "Choose a financial year from 2019/20"),
        ({"quarter": 1}, "This field is required"),
    ],
)
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_bad_quarters_are_a_clear_message(client, make_user, url, query, message):
    client.force_login(make_user(roles.OFFICE_STAFF))
    response = client.get(url, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_a_quarter_not_started_is_refused(client, make_user):
    client.force_login(make_user(roles.OFFICE_STAFF))
    today = timezone.localdate()
    future = Quarter.containing(today)
    following = Quarter(future.start_year + future.number // 4, future.number % 4 + 1)
    response = client.get(URL, {"year": following.start_year, "quarter": following.number})
    assert response.status_code == 400
    # In Q4 the next quarter is in a year not offered yet, which the year's check answers.
    message = "has not started yet" if following.start_year == future.start_year else "Choose a financial"
    assert message in response.content.decode()


@pytest.mark.parametrize("role", [roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR])
def test_other_roles_are_refused(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
