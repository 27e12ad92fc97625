"""Pages of the service in Chromium under the Content Security Policy (ADR 0008).

`Watch` and `open_page` are the check: they fail on any violation Chromium reports, as a
`securitypolicyviolation` event or on the console, and on any page served without the header. The
page sweeps use them on every page they open (tests/e2e/test_every_page.py for the service's
pages, tests/e2e/test_admin_pages.py for the admin's), so each page is opened once for all checks;
here are the check's own test, the pages the sweeps do not open (sign-in, second step, error
pages), and what the service's JavaScript does under the policy: HTMX polling on a report run and
GOV.UK Frontend's menu toggle.

Sessions are made with the test client (`force_login` completes the second factor) and handed to
the browser as its session cookie, so these pages do not depend on the sign-in form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from opcc.audit.models import AccessEvent
from opcc.core import roles
from opcc.core.models import FinancialYear
from opcc.reports.models import ReportRun
from tests.auth import PasswordOnlyClient, totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Installed before any script of each document: keeps every violation the page reports.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ` +
    `${event.sourceFile || document.location.pathname}:${event.lineNumber} ${event.sample || ''}`.trim()
  );
});
"""
# A setTimeout task runs after the violation events already queued, so none is missed.
READ_VIOLATIONS = "() => new Promise((resolve) => setTimeout(() => resolve(window.__cspViolations || []), 0))"
CONSOLE_PATTERN = re.compile(r"Content Security Policy|Refused to|Permissions-Policy", re.IGNORECASE)


class Watch:
    """Violations Chromium reports on the console, as they come; drained per page."""

    def __init__(self, page: Page):
        self.console: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if CONSOLE_PATTERN.search(message.text):
            self.console.append(message.text)

    def drain(self, page: Page) -> list[str]:
        found = [*page.evaluate(READ_VIOLATIONS), *self.console]
        self.console.clear()
        return found


@pytest.fixture
def watch(page: Page) -> Watch:
    return Watch(page)


def hand_session_to(context: BrowserContext, client: Client, live_server) -> None:
    """Give the browser the test client's session: it is signed in as the client is."""
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


@pytest.fixture
def sign_in_browser(page: Page, live_server, client) -> Callable:
    """Sign the browser in as `user`, second factor done; returns the test client on that session."""

    def sign_in(user) -> Client:
        client.force_login(user)
        hand_session_to(page.context, client, live_server)
        return client

    return sign_in


def open_page(page: Page, watch: Watch, url: str) -> list[str]:
    """Open the page; what is wrong with it under the policy (empty when nothing is)."""
    return policy_problems(page, watch, page.goto(url, wait_until="load"))


def policy_problems(page: Page, watch: Watch, response) -> list[str]:
    """What is wrong under the policy with the page just opened (`page.goto`'s response)."""
    problems = []
    if response is None or "content-security-policy" not in response.headers:
        problems.append("served without a Content-Security-Policy header")
    if response is not None and "permissions-policy" not in response.headers:
        problems.append("served without a Permissions-Policy header")
    return problems + watch.drain(page)


def is_page(response) -> bool:
    """A 200 HTML page (not a download, JSON, a redirect or a refusal)."""
    if response.streaming:
        response.close()
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def error_pages(page: Page, watch: Watch, live_server) -> list[tuple[str, str]]:
    """The service's 404, 403 and CSRF failure pages, as a signed-in browser gets them."""
    found = [("404", p) for p in open_page(page, watch, f"{live_server.url}/no-such-page/")]
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    # Nobody, a superuser included, may delete an audit event: the admin refuses with the 403 page.
    event = AccessEvent.objects.order_by("pk").first()
    assert event is not None, "the walk's own sign-in should have been recorded"
    refused = live_server.url + reverse("admin:audit_accessevent_delete", args=[event.pk])
    found += [("403", p) for p in open_page(page, watch, refused)]
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    # A form posted without its CSRF token (the session stays signed in: the post is refused).
    with page.expect_navigation():
        page.evaluate(
            """(action) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                document.body.append(form);
                form.submit();
            }""",
            reverse("logout"),
        )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, there is a problem")
    found += [("CSRF failure", p) for p in watch.drain(page)]
    return found


def test_the_watch_catches_what_the_policy_refuses(
    page: Page, live_server, make_user, sign_in_browser, watch
):
    """The check itself: inline style and script added to a page are refused and reported."""
    sign_in_browser(make_user(roles.OFFICE_STAFF))
    assert open_page(page, watch, f"{live_server.url}/") == []
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                document.body.setAttribute('style', 'color: red');
                const script = document.createElement('script');
                script.textContent = 'window.__ranInline = true';
                document.body.append(script);
            }"""
        )
    page.wait_for_function("window.__cspViolations.length >= 2")
    found = watch.drain(page)
    assert any(v.startswith("style-src-attr blocked inline") for v in found), found
    assert any(v.startswith("script-src-elem blocked inline") for v in found), found
    # Chromium's own wording: "Refused to ..." before version 130 or so, "... violates ..." since.
    assert any("Content Security Policy directive" in v for v in found), "its console messages are read too"
    assert page.evaluate("window.__ranInline") is None


def test_the_sign_in_and_error_pages_open_without_a_violation(
    page: Page, live_server, make_user, sign_in_browser, watch
):
    """The pages neither sweep opens: the sign-in page, and the 404, 403 and CSRF failure pages.

    Every other page is checked where it is already opened: the service's pages by
    tests/e2e/test_every_page.py, the admin's by tests/e2e/test_admin_pages.py (one walk, not two).
    """
    assert open_page(page, watch, f"{live_server.url}{reverse('login')}") == [], "the sign-in page"
    sign_in_browser(make_user(*roles.ROLES, username="csp.walker", is_superuser=True))
    problems = [f"{kind}: {problem}" for kind, problem in error_pages(page, watch, live_server)]
    assert not problems, "\n  ".join(problems)


def test_the_second_sign_in_step_opens_without_a_violation(page: Page, live_server, make_user, watch):
    """The pages between password and second factor (the walk's session has both done)."""
    user = make_user(roles.OFFICE_STAFF)
    totp_device(user)
    client = PasswordOnlyClient()
    client.force_login(user)
    hand_session_to(page.context, client, live_server)
    for name in ("accounts:verify", "accounts:recovery"):
        url = f"{live_server.url}{reverse(name)}"
        assert open_page(page, watch, url) == [], name
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_htmx_polling_updates_the_run_under_the_policy(
    page: Page, live_server, make_user, sign_in_browser, watch
):
    user = make_user(roles.REPORTS)
    sign_in_browser(user)
    now = timezone.now()
    run = ReportRun.objects.create(
        financial_year=FinancialYear.objects.get(start_year=2024),
        requested_by=user,
        status=ReportRun.Status.RUNNING,
        progress=20,
        current_section="Fund headline",
        attempts=1,
        queued_at=now,
        started_at=now,
        heartbeat_at=now,
    )
    polls: list[str] = []
    page.on(
        "request", lambda request: polls.append(request.url) if request.url.endswith("/progress/") else None
    )

    assert open_page(page, watch, f"{live_server.url}{reverse('reports:run', args=[run.pk])}") == []
    bar = page.locator(".app-progress__bar")
    expect(bar).to_have_class(re.compile(r"\bapp-progress__bar--20\b"))
    width_at_20 = float(bar.evaluate("el => el.getBoundingClientRect().width"))

    ReportRun.objects.filter(pk=run.pk).update(progress=60, heartbeat_at=timezone.now())
    expect(bar).to_have_class(re.compile(r"\bapp-progress__bar--60\b"), timeout=10_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "60")
    assert float(bar.evaluate("el => el.getBoundingClientRect().width")) > 2.5 * width_at_20, (
        "the class sets the width"
    )

    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.SUCCEEDED, progress=100, finished_at=timezone.now()
    )
    expect(page.get_by_role("heading", name="Ready to download")).to_be_visible(timeout=10_000)
    assert polls, "HTMX polled the progress partial"
    assert page.url.endswith(reverse("reports:run", args=[run.pk])), "updated in place, not by navigating"
    assert watch.drain(page) == []


def test_govuk_frontend_runs_under_the_policy(page: Page, live_server, make_user, sign_in_browser, watch):
    sign_in_browser(make_user(roles.OFFICE_STAFF))
    page.set_viewport_size({"width": 375, "height": 800})

    assert open_page(page, watch, f"{live_server.url}/") == []
    body_classes = page.locator("body").get_attribute("class") or ""
    assert "js-enabled" in body_classes and "govuk-frontend-supported" in body_classes
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()  # GOV.UK Frontend removes `hidden` on small screens
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#navigation")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#navigation").get_by_role("link", name="Grants")).to_be_visible()
    assert watch.drain(page) == []
