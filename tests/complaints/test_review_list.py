"""The complaint reviews list: who opens it, each filter, search, sorts, clocks, empty states, queries.

Today is frozen on Wednesday 11 June 2025 (no bank holiday near it), so the working-day clocks are
known: an application received that day is to be acknowledged by Wednesday 18 June (5 working
days) and decided 28 working days on. Every record is made through the services.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Result, Review, Status, SubjectCategory
from opcc.core import roles
from opcc.core.models import ClosureDay

pytestmark = pytest.mark.django_db

LIST = reverse("complaints:reviews")
TODAY = dt.date(2025, 6, 11)  # a Wednesday


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def received(day: dt.date) -> dict:
    """Intake dates of an application received in time on `day`."""
    return {
        "received_on": day,
        "review_info_given_on": day - dt.timedelta(days=7),
        "complaint_made_on": day - dt.timedelta(days=90),
    }


@pytest.fixture
def staff(client, review_users):
    client.force_login(review_users.staff)
    return client


@pytest.fixture
def manager(client, review_users):
    client.force_login(review_users.manager)
    return client


def references(response) -> list[str]:
    return re.findall(r">(CR-\d{4}-\d{4,})</a>", response.content.decode())


def shown(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return set(references(response))


# --- who may open it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.OFFICE_STAFF, 200),
        (roles.REVIEWS_MANAGER, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.GRANTS_MANAGER, 403),
        (roles.VOLUNTEER_COORDINATOR, 403),
        (roles.REPORTS, 403),
    ],
)
@pytest.mark.parametrize(
    "url_name", ["complaints:reviews", "complaints:reviews_csv", "complaints:reviews_xlsx"]
)
def test_who_opens_the_list_and_its_exports(client_as, role, status, url_name):
    assert client_as(role).get(reverse(url_name)).status_code == status


# --- filters ------------------------------------------------------------------------------------


def test_each_filter_narrows(staff, builder, review_in, review_users):
    subject = SubjectCategory.objects.get(name="Incivility")
    new = builder.create(**received(TODAY), subjects=[subject])
    upheld = review_in(Status.DECIDED, **received(dt.date(2025, 4, 1)))
    not_upheld = review_in(Status.DECIDED, result=Result.NOT_UPHELD, **received(dt.date(2025, 5, 1)))
    under = review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 2)))
    everyone = {r.reference for r in (new, upheld, not_upheld, under)}

    assert shown(staff) == everyone
    assert shown(staff, status=Status.UNDER_REVIEW) == {under.reference}
    assert shown(staff, subject=subject.pk) == {new.reference}
    assert shown(staff, result=Result.UPHELD) == {upheld.reference}
    assert shown(staff, result=Result.NOT_UPHELD) == {not_upheld.reference}
    assert shown(staff, reviewer=review_users.manager.pk) == {
        upheld.reference,
        not_upheld.reference,
        under.reference,
    }
    assert shown(staff, received_from="01/05/2025") == {new.reference, not_upheld.reference, under.reference}
    assert shown(staff, received_to="01/05/2025") == {upheld.reference, not_upheld.reference}
    assert shown(staff, received_from="02/04/2025", received_to="02/06/2025") == {
        not_upheld.reference,
        under.reference,
    }
    assert shown(staff, decided_from="11/06/2025", decided_to="11/06/2025") == {
        upheld.reference,
        not_upheld.reference,
    }
    assert shown(staff, decided_to="10/06/2025") == set()


def test_subject_filter_gives_each_review_once(staff, builder):
    subjects = list(SubjectCategory.objects.all()[:2])
    review = builder.create(**received(TODAY), subjects=subjects)
    response = staff.get(LIST, {"subject": subjects[0].pk})
    assert references(response) == [review.reference]


def test_search_by_reference_force_reference_and_name(staff, builder):
    jordan = builder.create(
        **received(TODAY), force_reference="PSD/2025/0417", complainant_name="Jordan Okafor"
    )
    casey = builder.create(**received(TODAY), force_reference="CO-88812", complainant_name="Casey Brennan")
    assert shown(staff, q=jordan.reference) == {jordan.reference}
    assert shown(staff, q=jordan.reference.lower()) == {jordan.reference}
    assert shown(staff, q="CR-2025") == {jordan.reference, casey.reference}
    assert shown(staff, q="psd/2025") == {jordan.reference}
    assert shown(staff, q="CO-888") == {casey.reference}
    assert shown(staff, q="okafor") == {jordan.reference}
    assert shown(staff, q="Casey Bren") == {casey.reference}
    assert shown(staff, q="Nobody") == set()
    assert shown(staff, q="x" * 10_000) == set()  # a hostile length is cut, not an error


def test_overdue_follows_the_running_clock(staff, builder, review_in):
    late_to_acknowledge = builder.create(**received(dt.date(2025, 6, 2)))  # acknowledge by 9 June
    late_to_decide = review_in(Status.ACKNOWLEDGED, **received(dt.date(2025, 4, 1)))
    fresh = builder.create(**received(TODAY))
    decided = review_in(Status.DECIDED, **received(dt.date(2025, 4, 1)))
    assert late_to_decide.decide_by < TODAY < fresh.acknowledge_by
    assert shown(staff, overdue=1) == {late_to_acknowledge.reference, late_to_decide.reference}
    assert fresh.reference not in shown(staff, overdue=1)
    assert decided.reference not in shown(staff, overdue=1)


def test_due_within_counts_working_days(staff, builder):
    review = builder.create(**received(TODAY))
    assert review.acknowledge_by == dt.date(2025, 6, 18)  # five working days over a weekend
    assert shown(staff, due_within=5) == {review.reference}
    assert shown(staff, due_within=4) == set()  # 17 June: calendar days would say 6
    ClosureDay.objects.create(date=dt.date(2025, 6, 12), description="Office move")
    assert shown(staff, due_within=4) == {review.reference}  # the closure pushes the 4th day to 18 June


def test_closure_days_are_read_once_a_request(staff, builder):
    from django.db import connection

    builder.create(**received(TODAY))
    with CaptureQueriesContext(connection) as queries:
        staff.get(LIST, {"due_within": 5})
    assert sum("core_closureday" in q["sql"] for q in queries.captured_queries) == 1


def test_due_within_leaves_out_overdue_and_stopped_clocks(staff, builder, review_in):
    overdue = builder.create(**received(dt.date(2025, 6, 2)))
    decided = review_in(Status.DECIDED, **received(dt.date(2025, 6, 2)))
    assert shown(staff, due_within=250) == set()
    assert {overdue.reference, decided.reference} <= shown(staff)


@pytest.mark.parametrize("value", ["-1", "251", "five", "1.5", "\u0665"])
def test_bad_due_within_is_an_error_not_a_crash(staff, builder, value):
    builder.create(**received(TODAY))
    response = staff.get(LIST, {"due_within": value})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert references(response) == []


def test_bad_date_is_an_error(staff, builder):
    builder.create(**received(TODAY))
    response = staff.get(LIST, {"received_from": "31/02/2025"})
    page = response.content.decode()
    assert "must be a real date" in page
    assert "<title>Error: " in page


def test_awaiting_my_decision_only_for_reviews_managers(client, review_users, review_in):
    mine = review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 2)))
    theirs = review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 3)))
    services.review_reassign(review=theirs, by=review_users.staff, reviewer=review_users.other_manager)
    conflicted = review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 4)))
    services.conflict_declare(review=conflicted, by=review_users.manager, note="I know the complainant")
    client.force_login(review_users.manager)
    assert shown(client, mine=1) == {mine.reference}
    assert 'name="mine"' in client.get(LIST).content.decode()
    client.force_login(review_users.staff)
    page = client.get(LIST, {"mine": 1})
    assert 'name="mine"' not in page.content.decode()  # office staff decide nothing: no such filter
    assert len(references(page)) == 3


def test_outstanding_recommendations(staff, review_in):
    waiting = review_in(Status.RECOMMENDATIONS_OUTSTANDING, **received(dt.date(2025, 4, 1)))
    answered = review_in(Status.CLOSED, **received(dt.date(2025, 4, 2)))
    review_in(Status.DECIDED, **received(dt.date(2025, 4, 3)))
    assert shown(staff, recommendations="outstanding") == {waiting.reference}
    assert answered.reference in shown(staff)


# --- sorting, the clock, empty states -------------------------------------------------------------


def test_sorts(staff, builder):
    first = builder.create(**received(dt.date(2025, 6, 2)), complainant_name="Zara Evans")
    second = builder.create(**received(dt.date(2025, 6, 5)), complainant_name="Amir Khan")
    assert references(staff.get(LIST)) == [second.reference, first.reference]  # newest first
    assert references(staff.get(LIST, {"sort": "received_on"})) == [first.reference, second.reference]
    assert references(staff.get(LIST, {"sort": "complainant_name"})) == [second.reference, first.reference]
    assert references(staff.get(LIST, {"sort": "-reference"})) == [second.reference, first.reference]
    assert references(staff.get(LIST, {"sort": "decide_by"})) == [first.reference, second.reference]
    for column in ("status", "reviewer", "decided_on", "-status", "nonsense"):
        assert staff.get(LIST, {"sort": column}).status_code == 200


def test_each_row_shows_its_clock(staff, builder, review_in):
    builder.create(**received(TODAY))
    builder.create(**received(dt.date(2025, 6, 2)))
    review_in(Status.DECIDED, **received(dt.date(2025, 4, 1)))
    page = staff.get(LIST).content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Acknowledge: 5 working days left</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Acknowledge: overdue by 2 working days</strong>' in page
    assert "Not running" in page


def test_empty_states(staff, builder):
    page = staff.get(LIST).content.decode()
    assert "No applications for review have been recorded yet." in page
    assert reverse("complaints:review_add") in page
    assert "Download as CSV" not in page
    builder.create(**received(TODAY))
    page = staff.get(LIST, {"status": Status.CLOSED}).content.decode()
    assert "No reviews match the filters." in page
    assert reverse("complaints:review_add") in page


def test_export_links_carry_the_filters(staff, builder):
    builder.create(**received(TODAY))
    page = staff.get(LIST, {"status": Status.RECEIVED, "sort": "reference", "page": "1"}).content.decode()
    assert f'{reverse("complaints:reviews_csv")}?status=received"' in page
    assert f'{reverse("complaints:reviews_xlsx")}?status=received"' in page


# --- queries and size do not grow with rows --------------------------------------------------------


def _make(builder, review_in, n: int, start: int) -> None:
    for i in range(start, start + n):
        day = dt.date(2025, 5, 1) + dt.timedelta(days=i % 30)
        if i % 3 == 0:
            review_in(Status.UNDER_REVIEW, **received(day))
        else:
            builder.create(**received(day), subjects=list(SubjectCategory.objects.all()[:2]))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": Status.UNDER_REVIEW},
        {"overdue": "1"},
        {"due_within": "10"},
        {"q": "Jordan"},
        {"sort": "reviewer"},
        {"sort": "-decide_by", "page": "1"},
    ],
)
def test_queries_and_page_size_do_not_grow_with_rows(manager, builder, review_in, params):
    from django.db import connection

    _make(builder, review_in, 2, 0)
    with CaptureQueriesContext(connection) as few:
        small = manager.get(LIST, params)
    _make(builder, review_in, 18, 2)
    with CaptureQueriesContext(connection) as many:
        large = manager.get(LIST, params)
    assert small.status_code == large.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(references(large)) > len(references(small)) or not references(small)
    per_row = (len(large.content) - len(small.content)) / max(
        1, len(references(large)) - len(references(small))
    )
    assert per_row < 2_000  # a row's markup, nothing that grows with the data besides the rows


def test_a_page_holds_25_rows_and_pages_on(manager, builder):
    for _ in range(26):
        builder.create(**received(TODAY))
    first = manager.get(LIST)
    assert len(references(first)) == 25
    assert "26</strong> reviews" in first.content.decode()
    assert len(references(manager.get(LIST, {"page": 2}))) == 1
    assert Review.objects.count() == 26


def test_table_body_prints_what_django_tables2_prints(builder, review_in):
    """The per-column plan (opcc.core.tables) and django-tables2's own cells agree character for character."""
    from complaints.tables import ReviewTable
    from opcc.core.tables import table_body
    from tests.grants.test_table_bodies import HOSTILE, reference_body

    builder.create(**received(TODAY), complainant_name=HOSTILE, force_reference="=SUM(A1:A9)")
    review_in(Status.DECIDED, **received(dt.date(2025, 4, 1)))
    review_in(Status.AWAITING_FORCE, **received(dt.date(2025, 6, 2)))
    rows = Review.objects.for_list().order_by("pk")
    fast, slow = ReviewTable(rows), ReviewTable(rows)
    assert str(table_body(fast)) == reference_body(slow)
    assert "&lt;script&gt;" in str(table_body(ReviewTable(rows)))
