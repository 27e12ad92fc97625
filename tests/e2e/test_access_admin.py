"""An Administrator's security journey: the access review, a factor reset, the audit trail."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from opcc.audit.models import AccessEvent
from opcc.core import roles
from tests.auth import totp_device
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_review_reset_and_audit(page: Page, live_server, make_user):
    make_user(roles.ADMINISTRATOR, username="ada.admin", first_name="Ada")
    lost = make_user(roles.OFFICE_STAFF, roles.REPORTS, username="lost.phone")
    totp_device(lost)
    make_user(roles.GRANTS_MANAGER, username="never.signed.in")

    sign_in(page, live_server, "ada.admin", TEST_PASSWORD)
    page.get_by_role("link", name="Access review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access review")
    row = page.get_by_role("row").filter(has_text="lost.phone")
    expect(row).to_contain_text("Office staff, Reports")
    expect(row).to_contain_text("Authenticator app")
    expect(page.get_by_role("row").filter(has_text="never.signed.in")).to_contain_text("Not used for 90 days")
    assert_accessible(page)
    screenshot(page, "access-01-review")

    row.get_by_role("link", name="Reset sign-in for lost.phone").click()
    page.get_by_role("button", name="Reset sign-in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()  # a reason is required
    page.get_by_label("Reason").fill("Lost phone; called back on the desk number")
    page.get_by_role("button", name="Reset sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access review")
    expect(page.get_by_role("row").filter(has_text="lost.phone")).to_contain_text("Not set up")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    page.get_by_text("Search the audit trail").click()
    page.get_by_label("Username").fill("ada.admin")
    page.locator("#main-content").get_by_role("button", name="Search").click()  # not the header search
    expect(page.get_by_role("table")).to_contain_text("lost.phone")
    assert_accessible(page)
    screenshot(page, "access-02-audit")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        lines = exported.read().splitlines()
    reset_lines = [line for line in lines if "Second factors reset" in line]
    assert len(reset_lines) == 1 and "lost.phone" in reset_lines[0] and "ada.admin" in reset_lines[0]
    reset = AccessEvent.objects.get(action="mfa_reset")
    assert reset.detail["reason"] == "Lost phone; called back on the desk number"
    assert AccessEvent.objects.filter(action="audit_exported", username="ada.admin").exists()
