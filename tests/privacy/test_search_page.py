"""The header search page (/privacy/search/) and the search box in the header."""

from __future__ import annotations

from itertools import groupby

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from tests.privacy.search_support import EMAIL, person_everywhere, someone_else

pytestmark = pytest.mark.django_db
URL = reverse("privacy:search")


@pytest.fixture
def search_page_rows():
    jane = person_everywhere()
    someone_else(1)
    return jane


def test_results_grouped_by_module_with_links_and_audited_without_the_query(client_as, search_page_rows):
    client = client_as(roles.OFFICE_STAFF)
    response = client.get(URL, {"q": "Jane Smyth"})
    assert response.status_code == 200
    html = response.content.decode()
    for group in response.context["groups"]:
        assert f">{group.module}</h2>" in html
    review = search_page_rows.records["complaints.review"]
    assert f'href="{review.get_absolute_url()}"' in html
    assert "Adebayo" not in html
    assert 'role="search"' in html and 'role="status"' in html
    event = AccessEvent.objects.get(action=Action.RECORDS_SEARCHED)
    assert event.user == client.user
    assert event.detail == {"length": len("Jane Smyth"), "results": response.context["total"]}
    assert response.context["total"] >= 7
    assert "Smyth" not in str(event.detail) and "Jane" not in str(event.detail)
    modules = [g.module for g in response.context["groups"]]
    runs = [module for module, _ in groupby(modules)]
    assert len(runs) == len(set(runs))  # each module's groups together


def test_no_results_message(client_as, search_page_rows):
    response = client_as(roles.ADMINISTRATOR).get(URL, {"q": "Zebedee Quartermaine"})
    assert response.status_code == 200
    assert "No records found" in response.content.decode()
    assert AccessEvent.objects.get(action=Action.RECORDS_SEARCHED).detail == {"length": 20, "results": 0}


def test_more_than_twenty_says_refine(client_as, search_page_rows):
    for n in range(21):
        someone_else(100 + n)
    response = client_as(roles.OFFICE_STAFF).get(URL, {"q": "Walsall Boxing"})
    html = response.content.decode()
    assert "More than 20 matches: refine your search." in html
    assert len(response.context["groups"][0].results) == 20


def test_empty_form_searches_nothing(client_as):
    response = client_as(roles.OFFICE_STAFF).get(URL)
    assert response.status_code == 200
    assert not AccessEvent.objects.filter(action=Action.RECORDS_SEARCHED).exists()


@pytest.mark.parametrize(
    "query",
    [
        "a",
        "%",
        "%_%",
        "' OR 1=1 --",
        "Smi\x00th",
        "\u202e\u202eSmith",
        "x" * 10_000,
        "<script>alert(1)</script>",
        EMAIL,
    ],
)
def test_hostile_queries_get_a_page_not_an_error(client_as, search_page_rows, query):
    response = client_as(roles.ADMINISTRATOR).get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert len(response.content) < 200_000
    if len(query.strip()) < 2:
        assert "Enter at least 2 characters" in html


def test_who_may_search(client, client_as, search_page_rows):
    assert client.get(URL, {"q": "Smith"}).status_code == 302  # to sign in
    assert client_as(roles.REPORTS).get(URL, {"q": "Smith"}).status_code == 403
    assert client_as().get(URL, {"q": "Smith"}).status_code == 403
    assert client_as(roles.VOLUNTEER_COORDINATOR).get(URL, {"q": "Smith"}).status_code == 200


def test_header_box_only_for_people_who_may_search(client_as):
    home = reverse("core:home")
    assert 'id="header-search"' in client_as(roles.GRANTS_MANAGER).get(home).content.decode()
    assert 'id="header-search"' not in client_as(roles.REPORTS).get(home).content.decode()


def test_page_queries_do_not_grow_with_rows(client_as, search_page_rows, django_assert_max_num_queries):
    client = client_as(roles.ADMINISTRATOR)
    client.get(URL, {"q": "Smith"})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "Smith"})
    for n in range(6):
        person_everywhere(email=f"more{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"q": "Smith"})
    assert response.context["total"] > 20
