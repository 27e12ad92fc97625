"""The calls log page: who may open and record, "Add a call", a day's total against hostile input,
the totals and the weeks of a financial year, and a number of queries that does not grow with days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import CallDay
from opcc.core import roles
from opcc.core.models import FinancialYear

pytestmark = pytest.mark.django_db

CALLS = reverse("engagement:calls")
ADD = reverse("engagement:call_add")
DAY = reverse("engagement:call_day")
TODAY = timezone.localdate()
D = dt.date


def days(*rows: tuple[dt.date, int]) -> None:
    CallDay.objects.bulk_create(CallDay(date=day, calls_answered=calls) for day, calls in rows)


@pytest.mark.parametrize(
    "role, page, add",
    [
        (roles.OFFICE_STAFF, 200, 302),
        (roles.ADMINISTRATOR, 200, 403),
        (roles.GRANTS_MANAGER, 403, 403),
        (roles.REVIEWS_MANAGER, 403, 403),
        (roles.VOLUNTEER_COORDINATOR, 403, 403),
        (roles.REPORTS, 403, 403),
    ],
)
def test_who_may_open_and_record(client_as, role, page, add):
    client = client_as(role)
    response = client.get(CALLS)
    assert response.status_code == page
    if page == 200:
        html = response.content.decode()
        writer = role == roles.OFFICE_STAFF
        assert ('id="add-call"' in html) is writer and (f'action="{DAY}"' in html) is writer
    assert client.post(ADD).status_code == add
    assert client.get(DAY).status_code == (200 if add == 302 else 403)
    assert client.post(DAY, {"date": TODAY.strftime("%d/%m/%Y"), "calls_answered": "3"}).status_code == (
        302 if add == 302 else 403
    )
    assert CallDay.objects.filter(date=TODAY).count() == (1 if add == 302 else 0)


def test_add_a_call_counts_and_says_todays_total(client_as):
    client = client_as(roles.OFFICE_STAFF)
    assert client.get(ADD).status_code == 405  # a button's POST, never a link
    first = client.post(ADD, follow=True)
    assert "Call added: 1 call answered today." in first.content.decode()
    client.post(ADD)
    second = client.post(ADD, follow=True)
    assert "Call added: 3 calls answered today." in second.content.decode()
    assert CallDay.objects.get(date=TODAY).calls_answered == 3
    assert second.context["totals"]["today"] == 3
    CallDay.objects.filter(date=TODAY).update(calls_answered=5000)
    full = client.post(ADD, follow=True)
    assert "A day cannot have more than 5,000 calls." in full.content.decode()
    assert CallDay.objects.get(date=TODAY).calls_answered == 5000


def test_a_days_total_is_set_and_corrected(client_as):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(DAY, {"date": "03/03/2025", "calls_answered": "42", "note": "Phones down at 4pm"})
    assert response.status_code == 302 and response["Location"] == CALLS
    page = client.get(CALLS).content.decode()
    assert "42 calls recorded for 3 March 2025." in page
    client.post(DAY, {"date": "3/3/2025", "calls_answered": "40"})
    day = CallDay.objects.get(date=D(2025, 3, 3))
    assert (day.calls_answered, day.note, day.updated_by) == (40, "", client.user)
    latest = day.history.latest()
    assert (latest.calls_answered, latest.history_user) == (40, client.user)


TOO_LONG = "x" * 10_000


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"date": "31/02/2025"}, "date", "The date must be a real date, like 27/03/2025"),
        ({"date": (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")}, "date", "cannot be in the future"),
        ({"date": "\x00"}, "date", "must be a real date"),
        ({"date": "٠٣/٠٣/٢٠٢٥"}, "date", "must be a real date"),  # Arabic-Indic digits
        ({"date": "\u202e03/03/2025"}, "date", "must be a real date"),  # right-to-left override
        ({"date": TOO_LONG}, "date", "must be a real date"),
        ({"date": "01/01/1995"}, "date", "Enter a date from 2000 onwards"),
        ({"date": ""}, "date", "Enter the date"),
        ({"calls_answered": "-1"}, "calls_answered", "Enter a number of 0 or more"),
        ({"calls_answered": "5001"}, "calls_answered", "Enter a number of 5000 or less"),
        ({"calls_answered": "99999999999999999999"}, "calls_answered", "Enter a whole number"),
        ({"calls_answered": "٣"}, "calls_answered", "Enter a whole number"),
        ({"calls_answered": "2.5"}, "calls_answered", "Enter a whole number"),
        ({"calls_answered": "\x00"}, "calls_answered", "Enter a whole number"),
        ({"calls_answered": ""}, "calls_answered", "Enter the number of calls answered"),
        ({"note": TOO_LONG}, "note", "Shorten the note to 200 characters or fewer"),
        ({"note": "\x00"}, "note", "Null characters are not allowed"),
    ],
)
def test_hostile_input_gets_a_clear_message_and_saves_nothing(client_as, data, field, message):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(DAY, {"date": "03/03/2025", "calls_answered": "12", "note": ""} | data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not CallDay.objects.exists()


@pytest.mark.parametrize("year", ["abc", "1900", "\x00", "٢٠٢٤", "9" * 500, "-1"])
def test_a_year_not_offered_shows_this_year_with_a_message(client_as, year):
    response = client_as(roles.ADMINISTRATOR).get(CALLS, {"year": year})
    assert response.status_code == 200
    assert "Choose a financial year from the list" in response.content.decode()
    assert response.context["shown_label"] == response.context["year_label"]


def test_weeks_of_a_financial_year(client_as):
    # 2024/25 starts on Monday 1 April 2024. Sunday 31 March 2024 is 2023/24's last day, and
    # Tuesday 1 April 2025 is 2025/26's first: neither counts.
    days(
        (D(2024, 3, 31), 99),
        (D(2024, 4, 1), 100),
        (D(2024, 4, 3), 50),
        (D(2024, 4, 7), 30),  # Sunday: still the week of 1 April
        (D(2024, 4, 8), 25),
        (D(2025, 3, 31), 7),  # Monday of a week split by the year's end
        (D(2025, 4, 1), 1),
    )
    response = client_as(roles.OFFICE_STAFF).get(CALLS, {"year": "2024"})
    assert response.context["shown_label"] == "2024/25"
    weeks = [
        (w["monday"], w["sunday"], w["total"], w["days"], w["average"]) for w in response.context["weeks"]
    ]
    assert weeks == [
        (D(2025, 3, 31), D(2025, 4, 6), 7, 1, 7),
        (D(2024, 4, 8), D(2024, 4, 14), 25, 1, 25),
        (D(2024, 4, 1), D(2024, 4, 7), 180, 3, 60),
    ]
    assert response.context["shown_total"] == 212
    html = response.content.decode()
    assert "212 calls in 2024/25." in html and "1 Apr 2024 to 7 Apr 2024" in html
    assert 'aria-labelledby="weeks-caption"' in html
    # The years offered run from the first with calls to this one, newest first.
    current = FinancialYear.start_year_for(TODAY)
    offered = [value for value, _ in response.context["year_form"].fields["year"].choices]
    assert offered == [str(y) for y in range(current, 2022, -1)]


def test_totals_for_today_this_week_and_this_year(client_as):
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    year_start = D(FinancialYear.start_year_for(TODAY), 4, 1)
    rows = [
        (TODAY, 10),
        (monday, 20),  # the same day as today on a Monday: then only today's 10 is kept
        (TODAY - dt.timedelta(days=8), 300),  # last week
        (year_start, 4000),
        (year_start - dt.timedelta(days=1), 4999),  # last financial year
    ]
    kept: dict[dt.date, int] = {}
    for day, calls in rows:
        kept.setdefault(day, calls)
    days(*kept.items())
    response = client_as(roles.OFFICE_STAFF).get(CALLS)
    expected = {
        "today": kept[TODAY],
        "week": sum(c for d, c in kept.items() if monday <= d <= TODAY),
        "year": sum(c for d, c in kept.items() if year_start <= d <= TODAY),
    }
    assert response.context["totals"] == expected
    html = response.content.decode()
    for key, value in expected.items():
        assert (
            f'data-total="{key}">{value:,}<' in html
        )  # "4,310": thousands separated as the reports print them


def test_queries_equal_for_2_and_30_days(client_as):
    client = client_as(roles.OFFICE_STAFF)
    client.get(CALLS)
    counted = []
    for start, rows in ((0, 2), (2, 28)):
        days(*((TODAY - dt.timedelta(days=i * 3), i + 1) for i in range(start, start + rows)))
        with CaptureQueriesContext(connection) as queries:
            client.get(CALLS)
        counted.append(len(queries))
    assert counted[0] == counted[1], counted
    assert counted[0] <= 12, [q["sql"] for q in queries]
