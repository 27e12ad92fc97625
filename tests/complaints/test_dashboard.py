"""The complaint reviews boxes (home dashboard and the module's home) and the module's home page."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints import services
from complaints.dashboard import panels
from complaints.models import Status
from opcc.core import roles
from tests.complaints.test_review_list import TODAY, received, references, today  # noqa: F401

pytestmark = pytest.mark.django_db

HOME = reverse("complaints:home")


@pytest.fixture
def cases(builder, review_in, review_users):
    """One case for each box, and some for none of them."""
    made = {
        "to_acknowledge": builder.create(**received(TODAY)),  # acknowledge by 18 June: due this week
        "late_to_acknowledge": builder.create(**received(dt.date(2025, 6, 2))),  # overdue and to acknowledge
        "mine": review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 3))),
        "late_mine": review_in(
            Status.UNDER_REVIEW, **received(dt.date(2025, 4, 1))
        ),  # decide by May: overdue
        "conflicted": review_in(Status.UNDER_REVIEW, **received(dt.date(2025, 6, 4))),
        "waiting_force": review_in(Status.RECOMMENDATIONS_OUTSTANDING, **received(dt.date(2025, 4, 2))),
        "answered": review_in(Status.CLOSED, **received(dt.date(2025, 4, 3))),
    }
    services.conflict_declare(review=made["conflicted"], by=review_users.manager, note="A neighbour")
    return made


def boxes(user) -> dict[str, tuple[int, str]]:
    return {panel.title: (panel.count, panel.url) for panel in panels(user)}


def rows_behind(client, url: str) -> set[str]:
    return set(references(client.get(url)))


def test_a_reviews_managers_boxes_count_what_their_links_list(client, cases, review_users):
    manager = review_users.manager
    found = boxes(manager)
    assert list(found) == [
        "Awaiting your decision",
        "Overdue",
        "Due this week",
        "Recommendations with no force response",
    ]
    assert found["Awaiting your decision"][0] == 2
    assert found["Overdue"][0] == 2
    assert found["Recommendations with no force response"][0] == 1
    client.force_login(manager)
    for count, url in found.values():
        assert len(rows_behind(client, url)) == count, url
    assert rows_behind(client, found["Awaiting your decision"][1]) == {
        cases["mine"].reference,
        cases["late_mine"].reference,
    }
    assert rows_behind(client, found["Overdue"][1]) == {
        cases["late_to_acknowledge"].reference,
        cases["late_mine"].reference,
    }
    assert cases["to_acknowledge"].reference in rows_behind(client, found["Due this week"][1])
    assert rows_behind(client, found["Recommendations with no force response"][1]) == {
        cases["waiting_force"].reference
    }
    assert parse_qs(urlsplit(found["Due this week"][1]).query) == {"due_within": ["5"]}


def test_another_reviews_manager_awaits_nothing(cases, review_users):
    assert boxes(review_users.other_manager)["Awaiting your decision"][0] == 0


def test_office_staffs_boxes(client, cases, review_users):
    found = boxes(review_users.staff)
    assert list(found) == ["To acknowledge", "Overdue"]
    assert found["To acknowledge"][0] == 2
    assert found["Overdue"][0] == 2
    client.force_login(review_users.staff)
    assert rows_behind(client, found["To acknowledge"][1]) == {
        cases["to_acknowledge"].reference,
        cases["late_to_acknowledge"].reference,
    }


@pytest.mark.parametrize("role", [roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS])
def test_no_boxes_outside_the_module(make_user, role):
    assert panels(make_user(role)) == []


def test_at_most_one_query_a_box_whatever_the_rows(builder, review_in, review_users):
    builder.create(**received(TODAY))
    for user in (review_users.manager, review_users.staff):
        user.has_perm("complaints.decide_review")  # the permissions, read once per request
    with CaptureQueriesContext(connection) as few:
        made = panels(review_users.manager)
    for i in range(10):
        builder.create(**received(dt.date(2025, 6, 2) + dt.timedelta(days=i % 7)))
        review_in(Status.RECOMMENDATIONS_OUTSTANDING, **received(dt.date(2025, 4, 1) + dt.timedelta(days=i)))
    with CaptureQueriesContext(connection) as many:
        panels(review_users.manager)
    assert len(many) == len(few)
    assert len(few) <= len(made) + 1  # one count a box, and the closure days once (due this week)
    with CaptureQueriesContext(connection) as staff:
        made = panels(review_users.staff)
    assert len(staff) <= len(made)


def test_the_service_home_shows_the_boxes(client, cases, review_users):
    client.force_login(review_users.manager)
    page = client.get(reverse("core:home")).content.decode()
    assert "Awaiting your decision" in page
    assert f"{reverse('complaints:reviews')}?mine=1" in page


# --- the module's home -----------------------------------------------------------------------------


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
def test_who_opens_the_module_home(client_as, role, status):
    assert client_as(role).get(HOME).status_code == status


def test_module_home_counts_by_status_and_links_the_sections(client, cases, review_users):
    client.force_login(review_users.staff)
    page = client.get(HOME).content.decode()
    counts = dict(re.findall(r'\?status=(\w+)">[^<]+</a></th>\s*<td[^>]*>(\d+)</td>', page))
    assert counts["received"] == "2"
    assert counts["under_review"] == "3"
    assert counts["closed"] == "1"
    assert counts["withdrawn"] == "0"
    assert len(counts) == len(Status)
    for name in (
        "complaints:reviews",
        "complaints:review_add",
        "complaints:dip_samples",
        "complaints:quarterly",
    ):
        assert f'href="{reverse(name)}"' in page
    assert "To acknowledge" in page
    assert "Awaiting your decision" not in page  # office staff decide nothing


def test_module_home_leaves_out_sections_not_routed_yet(client, review_users, monkeypatch):
    from complaints.views import home

    monkeypatch.setattr(home, "SECTIONS", (*home.SECTIONS, ("complaints:nowhere", "Nowhere", "Not built")))
    client.force_login(review_users.staff)
    page = client.get(HOME)
    assert page.status_code == 200
    assert "Nowhere" not in page.content.decode()


def test_module_home_queries_do_not_grow_with_rows(client, builder, review_in, review_users):
    client.force_login(review_users.manager)
    builder.create(**received(TODAY))
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for i in range(10):
        review_in(Status.DECIDED, **received(dt.date(2025, 4, 1) + dt.timedelta(days=i)))
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
