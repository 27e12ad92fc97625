"""The service shell in a real browser: sign in, dashboard, navigation, a module, sign out."""

import pytest
from playwright.sync_api import Page, expect

from opcc.core import roles
from tests.e2e.helpers import assert_accessible, screenshot, sign_in, sign_out, submit_password
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OFFICE_STAFF_NAV = [
    "Home",
    "Grants",
    "Complaint reviews",
    "Custody schemes",
    "Engagement",
]


def nav_links(page: Page):
    return page.get_by_role("navigation", name="Menu").get_by_role("link")


def test_office_staff_journey(page: Page, live_server, make_user):
    make_user(roles.OFFICE_STAFF, username="sam.patel", first_name="Sam", last_name="Patel")

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page).to_have_title("Sign in \u2013 OPCC Case and Grant Management")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    screenshot(page, "foundation-01-sign-in")

    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Home \u2013 OPCC Case and Grant Management")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Sam")
    expect(page.get_by_text("Signed in as")).to_contain_text("Sam Patel")
    expect(nav_links(page)).to_have_text(OFFICE_STAFF_NAV)
    for hidden in ("Reports", "Admin"):
        expect(nav_links(page).filter(has_text=hidden)).to_have_count(0)
    expect(nav_links(page).filter(has_text="Home")).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    screenshot(page, "foundation-02-dashboard")

    nav_links(page).filter(has_text="Complaint reviews").click()
    expect(page).to_have_url(f"{live_server.url}/complaints/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint reviews")
    expect(nav_links(page).filter(has_text="Complaint reviews")).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    screenshot(page, "foundation-03-module")

    sign_out(page)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # Signed out for real: the dashboard sends the browser back to sign in.
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_wrong_password_shows_the_error_summary(page: Page, live_server, make_user):
    make_user(roles.OFFICE_STAFF, username="sam.patel")

    submit_password(page, live_server, "sam.patel", "not-the-password")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        "Enter a correct username and password. Both are case-sensitive."
    )
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.get_by_label("Username")).to_be_focused()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "foundation-04-wrong-password")
