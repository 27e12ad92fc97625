"""Awards pages: the results as published (a name only with consent), the nomination list's filters,
judging through the pages (only allowed steps offered, a stale step refused), and queries that do
not grow with rows on every list (2 vs 30)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import (
    AwardCategory,
    AwardEdition,
    Nomination,
    NominationStatus,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)

from .award_support import area, build_activity, build_cohort, build_edition, build_member, build_nomination

pytestmark = pytest.mark.django_db
N = NominationStatus
LIST = reverse("engagement:nominations")


def nominees(response) -> list[str]:
    assert response.status_code == 200
    return sorted(re.findall(r'href="/[^"]*/awards/nominations/\d+/">([^<]+)</a>', response.content.decode()))


def test_edition_page_publishes_names_only_with_consent(client, eng_users):
    edition = build_edition(7)
    build_nomination(edition, status=N.WINNER, nominee_name="Named Winner", publicity_consent=True)
    build_nomination(edition, status=N.RUNNER_UP, nominee_name="Shy Runner", publicity_consent=False)
    build_nomination(
        edition,
        "Outstanding Young Citizen",
        status=N.WINNER,
        nominee_name="Young Shy",
        publicity_consent=False,
    )
    build_nomination(edition, status=N.SHORTLISTED, nominee_name="Still Judged")
    client.force_login(eng_users.administrator)
    page = client.get(edition.get_absolute_url()).content.decode()
    results = page[page.index('id="results"') : page.index("</table>", page.index('id="results"'))]
    assert "Named Winner" in results and results.count("Name withheld") == 2
    assert "Shy Runner" not in results and "Young Shy" not in results and "Still Judged" not in results
    assert "Record a nomination" not in page  # the Administrator reads
    assert "Still Judged" in page and "Shortlisted" in page  # the nominations by category, with tags
    client.force_login(eng_users.staff)
    assert "Record a nomination" in client.get(edition.get_absolute_url()).content.decode()


def test_nomination_list_filters(client, eng_users):
    seventh, eighth = build_edition(7), build_edition(8)
    build_nomination(seventh, nominee_name="Ann Seventh", area=area(0))
    build_nomination(
        seventh, "Outstanding Young Citizen", nominee_name="Yan Young", status=N.ELIGIBLE, area=area(1)
    )
    build_nomination(eighth, nominee_name="Eve Eighth", status=N.WINNER, area=area(1))
    client.force_login(eng_users.administrator)
    young = AwardCategory.objects.get(name="Outstanding Young Citizen")
    cases = {
        "": ["Ann Seventh", "Eve Eighth", "Yan Young"],
        f"edition={seventh.pk}": ["Ann Seventh", "Yan Young"],
        f"category={young.pk}": ["Yan Young"],
        "status=winner": ["Eve Eighth"],
        f"area={area(1).pk}": ["Eve Eighth", "Yan Young"],
        "young_person=yes": ["Yan Young"],
        "young_person=no": ["Ann Seventh", "Eve Eighth"],
        f"edition={eighth.pk}&status=received": [],
    }
    for query, expected in cases.items():
        assert nominees(client.get(f"{LIST}?{query}")) == expected, query
    for hostile in (
        "edition=\u0661",
        "edition=-1",
        "status=<script>",
        "area=99999999999999999999",
        "young_person=\x00",
    ):
        response = client.get(f"{LIST}?{hostile}")
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode(), hostile


def test_judging_through_the_pages(client, eng_users):
    edition = build_edition(7)
    client.force_login(eng_users.staff)
    add = reverse("engagement:nomination_add", args=[edition.pk])
    response = client.post(
        add,
        {
            "category": AwardCategory.objects.get(name="Outstanding Citizen").pk,
            "nominee_name": "Grace Adeyemi",
            "nominee_kind": "person",
            "nominator_name": "Tom Reid",
            "citation": "Forty years of the neighbourhood watch.",
            "received_on": f"{edition.nominations_open_on:%d/%m/%Y}",
            "young_person": "on",
        },
    )
    assert response.status_code == 200 and "Choose a category for young people" in response.content.decode()
    response = client.post(
        add,
        {
            "category": AwardCategory.objects.get(name="Outstanding Citizen").pk,
            "nominee_name": "Grace Adeyemi",
            "nominee_kind": "person",
            "nominator_name": "Tom Reid",
            "citation": "Forty years of the neighbourhood watch.",
            "received_on": f"{edition.nominations_open_on:%d/%m/%Y}",
        },
    )
    nomination = Nomination.objects.get(nominee_name="Grace Adeyemi")
    assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert 'data-nomination-step="eligible"' in page and 'data-nomination-step="win"' not in page
    for action in ("eligible", "shortlist", "win"):
        response = client.post(
            reverse("engagement:nomination_decide", args=[nomination.pk, action]), {"note": ""}
        )
        assert response.status_code == 302, action
    assert Nomination.objects.get(pk=nomination.pk).status == N.WINNER
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "data-nomination-step" not in page  # decided: no step and no change left
    stale = client.post(
        reverse("engagement:nomination_decide", args=[nomination.pk, "runner_up"]), {}, follow=True
    )
    assert "is not possible while the status is winner" in stale.content.decode()
    assert (
        client.get(reverse("engagement:nomination_decide", args=[nomination.pk, "induct"])).status_code == 404
    )
    other = build_nomination(edition, status=N.SHORTLISTED, nominee_name="Second Best")
    response = client.post(reverse("engagement:nomination_decide", args=[other.pk, "win"]), {"note": ""})
    assert response.status_code == 200
    assert "Grace Adeyemi is already the winner" in response.content.decode()
    assert Nomination.objects.get(pk=other.pk).status == N.SHORTLISTED
    client.force_login(eng_users.administrator)
    assert (
        client.post(reverse("engagement:nomination_decide", args=[other.pk, "runner_up"]), {}).status_code
        == 403
    )
    assert Nomination.objects.get(pk=other.pk).status == N.SHORTLISTED


def _fill(rows: int) -> dict:
    """`rows` editions, nominations in one edition, cohorts, and members and activities in one cohort."""
    editions = [build_edition(100 + i) for i in range(rows)]
    for i in range(rows):
        category = "Outstanding Young Citizen" if i % 2 else "Outstanding Citizen"
        build_nomination(editions[0], category, nominee_name=f"Nominee {i:02}", area=area(i % 3))
    cohorts = [build_cohort(f"Cohort {i:02}") for i in range(rows)]
    for i, cohort in enumerate(cohorts):
        build_member(cohort, f"Member {i:02}", area=area(i % 3))
        build_member(cohorts[0], f"Also {i:02}", area=area(i % 3))
        build_activity(cohorts[0], title=f"Survey {i:02}")
    return {
        "editions": reverse("engagement:editions"),
        "edition": editions[0].get_absolute_url(),
        "nominations": LIST,
        "nominations filtered": f"{LIST}?edition={editions[0].pk}&young_person=no",
        "cohorts": reverse("engagement:cohorts"),
        "cohort": cohorts[0].get_absolute_url(),
    }


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, eng_users):
    client.force_login(eng_users.staff)
    few = {name: _queries(client, url) for name, url in _fill(2).items()}
    Nomination.objects.all().delete()
    AwardEdition.objects.all().delete()
    YouthActivity.objects.all().delete()
    YouthCommissioner.objects.all().delete()
    YouthCohort.objects.all().delete()
    many = {name: _queries(client, url) for name, url in _fill(30).items()}
    assert few == many, (few, many)
