"""Sign-in with a second factor in a real browser: enrolment, passkeys, the timeout warning."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from opcc.core import roles
from tests.auth import totp_device
from tests.e2e.helpers import assert_accessible, screenshot, sign_in, sign_out, submit_password
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def password_step(page: Page, live_server, username: str) -> None:
    submit_password(page, live_server, username, TEST_PASSWORD)


def test_first_sign_in_enrols_an_authenticator_app(page: Page, live_server, make_user):
    make_user(roles.OFFICE_STAFF, username="new.starter", first_name="Nia")
    password_step(page, live_server, "new.starter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up how you sign in")
    assert_accessible(page)
    screenshot(page, "accounts-01-setup")

    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert_accessible(page)
    screenshot(page, "accounts-02-app")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    page.get_by_role("button", name="Create recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", codes.first.inner_text())
    assert_accessible(page)
    screenshot(page, "accounts-03-recovery-codes")
    page.get_by_role("button", name="I have saved my codes, continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Nia")


def test_passkey_enrolment_and_sign_in(page: Page, live_server, make_user):
    """Chromium's virtual authenticator stands in for a fingerprint reader or security key."""
    make_user(roles.OFFICE_STAFF, username="pat.key", first_name="Pat")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, live_server, "pat.key", TEST_PASSWORD)
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("cell", name="Passkey").first).to_be_visible()
    expect(page.get_by_text("In use now")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "accounts-04-security")

    sign_out(page)
    password_step(page, live_server, "pat.key")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    screenshot(page, "accounts-05-verify")
    page.get_by_role("button", name="Use my passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Pat")


def test_timeout_warning_then_sign_out(page: Page, live_server, make_user, settings):
    settings.SESSION_IDLE_TIMEOUT = 9
    settings.SESSION_IDLE_WARNING = 7
    user = make_user(roles.OFFICE_STAFF, username="idle.user")
    totp_device(user)
    sign_in(page, live_server, "idle.user", TEST_PASSWORD)
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=8000)
    assert_accessible(page)
    screenshot(page, "accounts-06-timeout-warning")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Hello"))
    # Doing nothing now: the warning comes back, then the service signs the user out.
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible(timeout=20000)
    expect(page.get_by_text("had not done anything")).to_be_visible()
