"""Organisations: search and sort, the page with applications and awards, add/change with the
duplicate warning that needs "Save anyway"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grants.models import Organisation, Status
from opcc.core.models import LocalAuthority
from tests.grants.test_views_support import problem, text

pytestmark = pytest.mark.django_db

LIST = reverse("grants:organisations")
ADD = reverse("grants:organisation_add")


def names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].paginated_rows]


@pytest.fixture
def staff_client(client, grants_users):
    client.force_login(grants_users.staff)
    return client


@pytest.fixture
def data():
    return {
        "name": "Handsworth Community Kitchen",
        "org_type": "charity",
        "charity_number": "1164883",
        "company_number": "",
        "postcode": "b21 9aa",
        "areas_served": [LocalAuthority.objects.get(name="Birmingham").pk],
        "contact_email": "hello@example.org",
        "safeguarding_policy_held": "on",
    }


class TestList:
    def test_search_type_and_sort(self, staff_client, make_organisation):
        make_organisation(name="Alpha Boxing", charity_number="1111111", org_type="charity")
        make_organisation(name="Beta Football", company_number="12345678", org_type="cic", postcode="CV1 1AA")
        assert names(staff_client.get(LIST, {"q": "boxing"})) == ["Alpha Boxing"]
        assert names(staff_client.get(LIST, {"q": "1111111"})) == ["Alpha Boxing"]
        assert names(staff_client.get(LIST, {"q": "12345678"})) == ["Beta Football"]
        assert names(staff_client.get(LIST, {"q": "cv11aa"})) == []
        assert names(staff_client.get(LIST, {"q": "cv1 1aa"})) == ["Beta Football"]
        assert names(staff_client.get(LIST, {"org_type": "cic"})) == ["Beta Football"]
        assert names(staff_client.get(LIST, {"sort": "-name"})) == ["Beta Football", "Alpha Boxing"]

    def test_counts_and_awards_per_organisation(self, staff_client, application_in, organisation):
        application_in(Status.PAID)
        application_in(Status.DRAFT)
        row = next(r.record for r in staff_client.get(LIST).context["table"].paginated_rows)
        assert (row.applications_count, str(row.awarded_total)) == (2, "1500.00")

    def test_paginated(self, staff_client, make_organisation):
        for n in range(26):
            make_organisation(name=f"Group {n:02d}")
        assert len(names(staff_client.get(LIST))) == 25
        assert names(staff_client.get(LIST, {"page": 2})) == ["Group 25"]


class TestPage:
    def test_applications_and_awards(self, staff_client, application_in, organisation):
        paid = application_in(Status.PAID)
        draft = application_in(Status.DRAFT)
        page = text(staff_client.get(organisation.get_absolute_url()))
        assert paid.reference in page and draft.reference in page
        assert "Total awarded (not withdrawn)" in page and "£1,500" in page
        assert "Enter an application" in page


class TestAddAndChange:
    def test_add(self, staff_client, data):
        response = staff_client.post(ADD, data, follow=True)
        organisation = Organisation.objects.get()
        assert response.redirect_chain[-1][0] == organisation.get_absolute_url()
        assert "Handsworth Community Kitchen added." in text(response)
        assert organisation.postcode == "B21 9AA"
        assert list(organisation.areas_served.values_list("name", flat=True)) == ["Birmingham"]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"name": "", "org_type": ""}, "Enter the organisation's name"),
            ({"charity_number": "12"}, "Enter a charity number like 1164883"),
            ({"company_number": "ABC"}, "Enter a company number of 8 characters"),
            ({"postcode": "XX1"}, "Enter a real postcode, like B1 1AA."),
            ({"contact_email": "not-an-email"}, "Enter an email address in the correct format"),
        ],
        ids=["blank", "charity", "company", "postcode", "email"],
    )
    def test_bad_input(self, staff_client, data, changes, message):
        problem(staff_client.post(ADD, {**data, **changes}), message)
        assert not Organisation.objects.exists()

    @pytest.mark.parametrize(
        "same",
        [
            {"name": "The Handsworth Community Kitchen Ltd", "charity_number": ""},
            {"name": "Something else entirely", "charity_number": "1164883"},
        ],
        ids=["same-name", "same-number"],
    )
    def test_a_likely_duplicate_needs_save_anyway(self, staff_client, data, make_organisation, same):
        existing = make_organisation(name="Handsworth Community Kitchen", charity_number="1164883")
        response = staff_client.post(ADD, {**data, **same})
        problem(response, f"This may be a duplicate of {existing.name}")
        page = text(response)
        assert existing.get_absolute_url() in page
        assert 'type="checkbox" name="confirm_duplicate"' in page
        assert Organisation.objects.count() == 1
        response = staff_client.post(ADD, {**data, **same, "confirm_duplicate": "on"}, follow=True)
        assert "added." in text(response)
        assert Organisation.objects.count() == 2

    def test_change_is_not_its_own_duplicate(self, staff_client, data, make_organisation):
        organisation = make_organisation(name="Handsworth Community Kitchen", charity_number="1164883")
        url = reverse("grants:organisation_edit", args=[organisation.pk])
        assert staff_client.get(url).context["form"].initial["name"] == "Handsworth Community Kitchen"
        response = staff_client.post(url, {**data, "contact_name": "Amal"}, follow=True)
        assert "Handsworth Community Kitchen changed." in text(response)
        organisation.refresh_from_db()
        assert organisation.contact_name == "Amal"

    def test_change_with_bad_input_saves_nothing(self, staff_client, data, make_organisation):
        organisation = make_organisation(name="Handsworth Community Kitchen")
        url = reverse("grants:organisation_edit", args=[organisation.pk])
        problem(
            staff_client.post(url, {**data, "name": "New name", "postcode": "XX"}), "Enter a real postcode"
        )
        organisation.refresh_from_db()
        assert organisation.name == "Handsworth Community Kitchen"
