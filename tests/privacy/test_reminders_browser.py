"""Your reminders in a real browser: reached from the header, accessible at 320 to 1280 px, the
preview's links work and the settings save."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from engagement.models import CaseStatus
from opcc.core import roles
from opcc.privacy.models import ReminderPreference
from tests.e2e.helpers import assert_accessible, sign_in
from tests.e2e.test_csp import Watch, policy_problems
from tests.factories import TEST_PASSWORD
from tests.privacy.conftest import reminder_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDER_THAN_THE_WINDOW = """() => [...document.querySelectorAll('main *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
  .map((e) => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))"""


def test_your_reminders_from_the_header(page: Page, live_server, make_user):
    user = make_user(roles.OFFICE_STAFF, username="reminded")
    case = reminder_case(CaseStatus.IN_PROGRESS, by=user, due_on=timezone.localdate() - dt.timedelta(days=1))
    watch = Watch(page)
    sign_in(page, live_server, user.username, TEST_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    page.get_by_role("link", name="Your reminders").click()
    response = page.goto(page.url)
    expect(page.get_by_role("heading", level=1, name="Your reminders")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Today's digest")).to_be_visible()
    assert_accessible(page)
    assert not policy_problems(page, watch, response)
    for width in (320, 1280):  # the page's own content (the header is every page's: the sweep's)
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(WIDER_THAN_THE_WINDOW) == [], width

    page.get_by_label("No").check()
    page.get_by_label("How many working days ahead to look").fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Enter a number of 20 or less")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("How many working days ahead to look").fill("10")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your reminders are saved.")).to_be_visible()
    assert ReminderPreference.objects.filter(user=user, enabled=False, days_ahead=10).exists()

    page.get_by_role("link", name=f"{case.reference} (General advice): respond").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
