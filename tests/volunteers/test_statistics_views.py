"""The ICV arrangements page and its CSV: who may open them, the year chosen, the figures shown,
hostile years answered with a message, and query counts that do not grow with the records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from volunteers.models import IssueCategory

from .statistics_support import issue, record_counts, visit

pytestmark = pytest.mark.django_db

D = dt.date
PAGE = "volunteers:arrangements"
CSV = "volunteers:arrangements_csv"


@pytest.fixture
def year_2024(suite, other_suite, make_volunteer):
    visits = [visit(suite, D(2024, 5, 1)), visit(suite, D(2024, 9, 1)), visit(other_suite, D(2025, 2, 1))]
    record_counts(visits, "adult", "male", 12, 9, 7, 2)
    issue(visits[0], IssueCategory.HEALTH, D(2024, 5, 1))
    make_volunteer("icv", appointed_on=D(2020, 1, 1))
    return visits


def test_module_users_read_others_refused(client, vol_users, year_2024):
    for user, status in (
        (vol_users.coordinator, 200),
        (vol_users.staff, 200),
        (vol_users.administrator, 200),
        (vol_users.grants_manager, 403),
        (vol_users.reviews_manager, 403),
        (vol_users.reports, 403),
    ):
        client.force_login(user)
        assert client.get(reverse(PAGE), {"year": 2024}).status_code == status, user
        assert client.get(reverse(CSV), {"year": 2024}).status_code == status, user


def test_page_shows_the_years_figures(client, vol_users, year_2024):
    client.force_login(vol_users.staff)
    response = client.get(reverse(PAGE), {"year": 2024})
    page = response.content.decode()
    assert "2024/25" in page and "section 51 of the Police Reform Act 2002" in page
    figures = dict(response.context["arrangements"].figures)
    assert figures == {
        "Custody suites open": 4,
        "Visits made": 3,
        "Custody visitors at 31 March": 1,
        "Detainees offered a visit": 9,
        "Detainees who accepted a visit": 7,
        "Issues raised with the police": 1,
    }
    assert dict(response.context["arrangements"].suites)["Perry Barr"] == 2
    assert "made 3 visits to 2 of the 4 custody suites" in page
    assert f"{reverse(CSV)}?year=2024" in page


def test_default_year_is_the_last_complete_one(client, vol_users, year_2024):
    client.force_login(vol_users.staff)
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    from django.utils import timezone

    from opcc.core.models import FinancialYear

    assert (
        response.context["arrangements"].start_year == FinancialYear.start_year_for(timezone.localdate()) - 1
    )


def test_csv_lists_the_figures_and_visits_by_suite(client, vol_users, year_2024):
    client.force_login(vol_users.coordinator)
    response = client.get(reverse(CSV), {"year": 2024})
    assert response["Content-Type"].startswith("text/csv")
    assert "custody-visiting-arrangements-2024-25" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "Financial year,Measure,Value"
    assert "2024/25,Visits made,3" in lines
    assert "2024/25,Detainees who accepted a visit,7" in lines
    assert "2024/25,Visits to Perry Barr,2" in lines


@pytest.mark.parametrize(
    "year",
    ["1999", "2099", "-5", "٢٠٢٤", "2024\x00", "\u202e2024", "9" * 10000, "25:61", "abc", ""],
)
def test_hostile_years_get_a_message_not_an_error(client, vol_users, year_2024, year):
    client.force_login(vol_users.staff)
    for name in (PAGE, CSV):
        response = client.get(reverse(name), {"year": year})
        assert response.status_code == 400
        assert "Choose a financial year from" in response.content.decode()


def test_query_count_does_not_grow_with_records(client, vol_users, suite, year_2024):
    client.force_login(vol_users.staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(PAGE), {"year": 2024}).status_code == 200
        return len(queries)

    few = count()
    for i in range(30):
        v = visit(suite, D(2024, 6, 1) + dt.timedelta(days=i))
        record_counts([v], "young", "female", 2, 1, 1, 0)
        issue(v, IssueCategory.RIGHTS, v.visited_on)
    assert count() == few
