"""Who sees Youth Commissioners, walked over every role: office staff see the members' names; the
Administrator sees the cohorts with members counted by area, but no name, and is refused the member
pages and the members' admin; every other role is refused everywhere. Then the forms through the UI."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import MemberStatus, YouthActivity, YouthCommissioner
from opcc.audit.models import AccessEvent
from opcc.core import roles

from .award_support import area, build_activity, build_cohort, build_member

pytestmark = pytest.mark.django_db
HIDDEN = "their names are shown only to staff who work with them"


@pytest.fixture
def cohort():
    cohort = build_cohort()
    build_member(cohort, "Aisha Khan", area=area(0))
    build_member(cohort, "Ben Osei", area=area(0))
    build_member(cohort, "Chloe Ward", area=area(1), status=MemberStatus.ACTIVE)
    build_activity(cohort)
    return cohort


def test_who_sees_youth_commissioners(client, make_user, cohort):
    member = cohort.members.get(name="Aisha Khan")
    activity = cohort.activities.get()
    read = [reverse("engagement:cohorts"), reverse("engagement:cohort", args=[cohort.pk])]
    member_pages = [
        reverse("engagement:member", args=[member.pk]),
        reverse("engagement:member_edit", args=[member.pk]),
        reverse("engagement:member_status", args=[member.pk, "induct"]),
        reverse("engagement:member_add", args=[cohort.pk]),
    ]
    forms = [
        reverse("engagement:cohort_add"),
        reverse("engagement:cohort_edit", args=[cohort.pk]),
        reverse("engagement:activity_add", args=[cohort.pk]),
        reverse("engagement:activity_edit", args=[activity.pk]),
    ]
    admin_members = [
        reverse("admin:engagement_youthcommissioner_changelist"),
        reverse("admin:engagement_youthcommissioner_change", args=[member.pk]),
        reverse("admin:engagement_youthcommissioner_history", args=[member.pk]),
    ]
    for role in roles.ROLES:
        client.force_login(make_user(role))
        statuses = {url: client.get(url).status_code for url in read + member_pages + forms}
        if role == roles.OFFICE_STAFF:
            assert set(statuses.values()) == {200}, (role, statuses)
            page = client.get(read[1]).content.decode()
            assert "Aisha Khan" in page and "Chloe Ward" in page and HIDDEN not in page
            assert "15 to 16" in page
        elif role == roles.ADMINISTRATOR:
            assert all(statuses[url] == 200 for url in read), statuses
            assert all(statuses[url] == 403 for url in member_pages + forms), statuses
            for url in read:
                page = client.get(url).content.decode()
                assert "Aisha Khan" not in page and "Ben Osei" not in page and "Chloe Ward" not in page
                assert f"{area(0).name}: 2" in page or f">{area(0).name}<" in page
            page = client.get(read[1]).content.decode()
            assert HIDDEN in page and "Knife crime survey" in page
            assert ">2</td>" in page and ">1</td>" in page  # members counted by area
            for url in admin_members:
                assert client.get(url).status_code == 403, url
            assert client.get(reverse("admin:engagement_youthcohort_changelist")).status_code == 200
            admin_cohort = client.get(reverse("admin:engagement_youthcohort_change", args=[cohort.pk]))
            assert admin_cohort.status_code == 200 and "Aisha Khan" not in admin_cohort.content.decode()
        else:
            assert set(statuses.values()) == {403}, (role, statuses)
    assert AccessEvent.objects.filter(detail__page="youth commissioner").count() == 1  # office staff's view


def test_members_through_the_pages(client, eng_users, cohort):
    client.force_login(eng_users.staff)
    add = reverse("engagement:member_add", args=[cohort.pk])
    response = client.post(add, {"name": "Dev Patel", "area": area(2).pk, "age_band": "13-14"})
    assert response.status_code == 302 and response["Location"] == cohort.get_absolute_url()
    member = YouthCommissioner.objects.get(name="Dev Patel")
    page = client.get(reverse("engagement:member", args=[member.pk])).content.decode()
    assert 'data-member-step="induct"' in page and 'data-member-step="activate"' not in page
    client.post(reverse("engagement:member_status", args=[member.pk, "induct"]), {})
    client.post(reverse("engagement:member_status", args=[member.pk, "activate"]), {})
    assert YouthCommissioner.objects.get(pk=member.pk).status == MemberStatus.ACTIVE
    # A step the status no longer allows goes back to the page with the reason; nothing changes.
    stale = client.post(reverse("engagement:member_status", args=[member.pk, "induct"]), {}, follow=True)
    assert "is not possible while the status is active" in stale.content.decode()
    assert client.get(reverse("engagement:member_status", args=[member.pk, "nonsense"])).status_code == 404
    response = client.post(
        reverse("engagement:member_edit", args=[member.pk]),
        {"name": "Dev P.", "area": area(2).pk, "age_band": "15-16"},
    )
    assert response.status_code == 302 and YouthCommissioner.objects.get(pk=member.pk).name == "Dev P."
    assert YouthCommissioner.objects.get(pk=member.pk).history.count() == 4


def test_cohort_and_activity_forms(client, eng_users, cohort):
    client.force_login(eng_users.staff)
    response = client.post(
        reverse("engagement:cohort_add"),
        {
            "name": "2021/22 Youth Commissioners",
            "elected_on": "20/06/2021",
            "term_starts_on": "01/07/2021",
            "term_ends_on": "30/06/2022",
            "votes_cast": "3100",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("engagement:cohort_add"),
        {
            "name": "Backwards",
            "elected_on": "02/07/2021",
            "term_starts_on": "01/07/2021",
            "term_ends_on": "30/06/2021",
            "votes_cast": "0",
        },
    )
    assert response.status_code == 200 and "The term must end after it starts" in response.content.decode()
    add = reverse("engagement:activity_add", args=[cohort.pk])
    day = f"{cohort.term_starts_on:%d/%m/%Y}"
    response = client.post(add, {"kind": "summit", "title": "Youth summit", "date": day, "responses": "40"})
    assert (
        response.status_code == 200 and "Responses are counted for surveys only" in response.content.decode()
    )
    response = client.post(add, {"kind": "summit", "title": "Youth summit", "date": day})
    assert response.status_code == 302 and YouthActivity.objects.filter(title="Youth summit").exists()
