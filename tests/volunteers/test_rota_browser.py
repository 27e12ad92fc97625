"""The rota and the coverage heatmap in a browser: a coordinator adds a slot in two steps, suggests
and confirms pairs, and reads the heatmap; axe on every page, widths checked, screenshots kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opcc.core import roles
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD
from volunteers.models import CustodyVisit, RotaSlot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> None:
    for width in (390, 320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_rota_and_coverage_journey(page: Page, live_server, make_user, make_volunteer, suite):
    suite.weekly_visit_target = 2
    suite.save()
    people = [make_volunteer("icv") for _ in range(4)]
    today = timezone.localdate()
    for i in range(6):
        visit = CustodyVisit.objects.create(
            reference=f"ICV-B-{i}",
            suite=suite,
            visited_on=today - dt.timedelta(days=3 + 5 * i),
            arrived_at=dt.time(9 + 3 * i % 15),
            admitted_at=dt.time(9 + 3 * i % 15, 5),
            left_at=dt.time(9 + 3 * i % 15, 50),
            detainees_present=2,
        )
        visit.visitors.add(people[0], people[1])
    make_user(roles.VOLUNTEER_COORDINATOR, username="chris.coord", first_name="Chris")
    sign_in(page, live_server, "chris.coord", TEST_PASSWORD)

    page.goto(f"{live_server.url}/volunteers/")
    expect(page.get_by_role("heading", level=1, name="Custody schemes")).to_be_visible()
    expect(page.get_by_text("Suites below this week's visit target")).to_be_visible()
    assert_accessible(page)
    fits(page)

    page.get_by_role("link", name="Visit rota").first.click()
    page.get_by_role("link", name="Add a slot").click()
    page.get_by_label("Custody suite").select_option(label="Perry Barr")
    page.get_by_label("Day of the visit").fill((today + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    page.get_by_label("Evening (18:00 to 00:00)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name="Choose the pair")).to_be_visible()
    page.get_by_label("First visitor").select_option(label=people[2].name)
    page.get_by_label("Second visitor").select_option(label=people[2].name)
    page.get_by_role("button", name="Add the slot").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be paired with themselves")
    assert_accessible(page)
    page.get_by_label("Second visitor").select_option(label=people[3].name)
    page.get_by_role("button", name="Add the slot").click()
    expect(page.get_by_text("Rota slot added")).to_be_visible()
    assert RotaSlot.objects.count() == 1
    assert_accessible(page)
    fits(page)
    screenshot(page, "volunteers-rota")

    page.get_by_role("link", name="Suggest pairs").click()
    page.get_by_label("Custody suite").select_option(label="Perry Barr")
    page.get_by_role("button", name="Suggest pairs").click()
    expect(page.get_by_role("heading", name="Suggestions for Perry Barr")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add the ticked slots").click()
    expect(page.get_by_text(re.compile(r"\d+ rota slots added"))).to_be_visible()
    assert RotaSlot.objects.count() >= 8  # four weeks at two a week, the slot added above counting

    page.goto(f"{live_server.url}/volunteers/coverage/?suite={suite.pk}")
    expect(page.get_by_role("table", name="Visits to Perry Barr by day of the week")).to_be_visible()
    expect(page.locator(".app-heat--4").first).to_be_visible()
    assert_accessible(page)
    fits(page)
    screenshot(page, "volunteers-coverage")
