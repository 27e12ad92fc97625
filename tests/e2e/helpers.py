"""Helpers every browser journey uses: sign in and out, the axe check, screenshots.

Browser tests are marked ``@pytest.mark.e2e`` and ``@pytest.mark.django_db(transaction=True)``
(the live server runs in another thread, so the data must be committed), and use pytest-playwright's
``page`` with pytest-django's ``live_server``. The browser launch arguments live in tests/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
# Kept as test artefacts (git-ignored): CI uploads test-results/ when a run fails.
SCREENSHOT_DIR = REPO_ROOT / "test-results" / "screenshots"

_axe = Axe()


def submit_password(page: Page, live_server, username: str, password: str) -> None:
    """The first sign-in step only: the username and password form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through both steps: the password, then the authenticator app's current code."""
    from django.contrib.auth import get_user_model

    from opcc.accounts.demo import current_code
    from tests.auth import totp_device

    device = totp_device(get_user_model().objects.get(username=username))
    submit_password(page, live_server, username, password)
    expect(page.get_by_role("heading", level=1, name="Confirm it is you")).to_be_visible()
    device.refresh_from_db()
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    """Press the header's Sign out button and wait for the sign-in page."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()


def assert_accessible(page: Page, *, context: str | dict | None = None) -> None:
    """Run axe-core on the page as it stands; fail with axe's readable report on any violation."""
    results = _axe.run(page, context=context)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under test-results/screenshots/ and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
