"""The grants boxes on the home dashboard and the grants landing page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.dashboard import panels
from grants.models import Status
from opcc.core import roles
from tests.grants.conftest import today
from tests.grants.test_views_support import text

pytestmark = pytest.mark.django_db


def by_title(user) -> dict:
    return {panel.title: panel for panel in panels(user)}


def test_manager_sees_what_awaits_their_decision(grants_users, application_in):
    application_in(Status.ASSESSED, amount_requested=Decimal("1200"))
    application_in(Status.ASSESSED, amount_requested=Decimal("800"))
    theirs = application_in(Status.ASSESSED)
    services.conflict_declare(application=theirs, by=grants_users.manager, details="Related to the trustee.")
    application_in(Status.SUBMITTED)
    panel = by_title(grants_users.manager)["Awaiting your decision"]
    assert (panel.count, panel.amount) == (2, Decimal("2000.00"))
    assert panel.url == reverse("grants:applications") + "?awaiting=me"
    assert set(by_title(grants_users.manager)) == {"Awaiting your decision"}


def test_staff_see_overdue_monitoring_and_returned(grants_users, application_in):
    overdue = application_in(Status.MONITORING_DUE)
    overdue.award.monitoring_returns.update(due_on=today() - timedelta(days=3))
    application_in(Status.MONITORING_DUE)  # due in 90 days: not overdue
    application_in(Status.RETURNED)
    found = by_title(grants_users.staff)
    assert set(found) == {"Monitoring overdue", "Returned applications"}
    assert found["Monitoring overdue"].count == 1
    assert found["Monitoring overdue"].url.endswith("?monitoring=overdue")
    assert found["Returned applications"].count == 1
    assert found["Returned applications"].url.endswith("?status=returned")


def test_home_dashboard_shows_the_panels(client, grants_users, application_in):
    application_in(Status.ASSESSED)
    client.force_login(grants_users.manager)
    page = text(client.get(reverse("core:home")))
    assert "Awaiting your decision" in page and "£1,500" in page


def test_roles_without_grants_get_no_grants_panels(grants_users):
    assert panels(grants_users.reports) == []


class TestGrantsHome:
    def test_staff_see_the_sections(self, client, grants_users):
        client.force_login(grants_users.staff)
        page = text(client.get(reverse("grants:home")))
        for title in ("Applications", "Enter an application", "Funds and allocations", "Organisations"):
            assert title in page
        assert "Awaiting your decision" not in page
        assert "Publications" not in page

    def test_manager_sees_awaiting_summary(self, client, grants_users, application_in):
        application = application_in(Status.ASSESSED)
        client.force_login(grants_users.manager)
        response = client.get(reverse("grants:home"))
        page = text(response)
        assert "1 application requesting £1,500 in total" in page
        assert application.reference in page
        assert "Enter an application" not in page
        assert f'href="{reverse("grants:publications_home")}"' in page

    def test_manager_with_nothing_waiting(self, client, grants_users):
        client.force_login(grants_users.manager)
        assert "Nothing awaits your decision." in text(client.get(reverse("grants:home")))

    def test_a_manager_who_is_also_staff_is_not_asked_to_decide_their_own(
        self, client, make_user, application_in
    ):
        both = make_user(roles.OFFICE_STAFF, roles.GRANTS_MANAGER, username="both")
        application_in(Status.ASSESSED, entered_by=both)
        client.force_login(both)
        assert "Nothing awaits your decision." in text(client.get(reverse("grants:home")))
