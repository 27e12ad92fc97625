"""Every page of the service (the admin aside) in a real browser at 320, 390 and 1280 px.

The routes come from the URL resolver (tests/routes.py `named_routes`), so a module's new pages are
swept without touching this file; their URLs are filled as the route matrix fills them (its RULES),
with records from the demo data (`seed_demo`) where there are some, made by the factories where
not. Each page is opened once, signed in as a user with every role: it must answer 200, be no wider
than the window at each width (a wide table scrolls in its own region, ADR 0012), keep every table
in a labelled scroll region, pass axe at 390 px, and open without a Content Security Policy
violation, with its CSP and Permissions-Policy headers (tests/e2e/test_csp.py's check). A route that
is not a page to look at (POST only, JSON, a download, a redirect) is in NOT_PAGES with the reason;
a route neither swept nor listed fails `test_every_route_is_swept_or_listed`. The admin's pages are
swept by their own test.
"""

from __future__ import annotations

import io
import time
from functools import cached_property

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from grants.models import Application, FundYear, MonitoringReturn, Organisation, Status
from opcc.core import roles
from tests.core.test_route_matrix import rule_for
from tests.e2e.helpers import assert_accessible, sign_in
from tests.e2e.test_csp import Watch, policy_problems
from tests.factories import TEST_PASSWORD
from tests.grants import factories as grants_factories
from tests.routes import MissingObject, RouteObjects, named_routes, url_of

WIDTHS = (390, 320, 1280)  # axe runs at the first
EXCLUDED_NAMESPACES = ("admin:",)  # the admin sweep's (tests/e2e/test_access_admin.py and its own)

POST_ONLY = "POST only: an action, not a page"
NOT_PAGES: dict[str, str] = {
    "login": "redirects a signed-in user home (tests/e2e/test_accounts.py looks at it)",
    "logout": POST_ONLY,
    "accounts:verify": "the second sign-in step: redirects a verified session home",
    "accounts:recovery": "the second sign-in step by recovery code: redirects a verified session home",
    "accounts:passkey_remove": POST_ONLY,
    "accounts:session_status": "JSON for the session timeout warning",
    "accounts:session_extend": POST_ONLY,
    "otp_webauthn:credential-registration-begin": POST_ONLY + " (JSON passkey ceremony)",
    "otp_webauthn:credential-registration-complete": POST_ONLY + " (JSON passkey ceremony)",
    "otp_webauthn:credential-authentication-begin": POST_ONLY + " (JSON passkey ceremony)",
    "otp_webauthn:credential-authentication-complete": POST_ONLY + " (JSON passkey ceremony)",
    "otp_webauthn:js-i18n-catalog": "JavaScript, not a page",
    "csp_report": POST_ONLY + " (browsers' violation reports)",
    "audit:export_csv": "a download",
    "audit:export_xlsx": "a download",
    "grants:applications_csv": "a download",
    "grants:applications_xlsx": "a download",
    "volunteers:volunteers_csv": "a download",
    "volunteers:volunteers_xlsx": "a download",
    "complaints:quarterly_csv": "a download",
    "complaints:reviews_csv": "a download",
    "complaints:reviews_xlsx": "a download",
    "volunteers:callouts_csv": "a download",
    "volunteers:callouts_xlsx": "a download",
    "volunteers:visits_csv": "a download",
    "volunteers:visits_xlsx": "a download",
    "volunteers:issues_csv": "a download",
    "volunteers:issues_xlsx": "a download",
    "volunteers:arrangements_csv": "a download",
    "engagement:cases_csv": "a download",
    "engagement:cases_xlsx": "a download",
    "engagement:call_add": POST_ONLY + " (one call answered)",
    "engagement:events_csv": "a download",
    "engagement:events_xlsx": "a download",
    "exports:job_download": "a download",
    "core:document_download": "a download",
    "exports:job_progress": "an HTMX fragment of the job page (swept there)",
    "reports:download": "a download",
    "reports:run_progress": "an HTMX fragment of the run page (swept there)",
    "complaints:review_letter": POST_ONLY,
    "engagement:sar_confirm": POST_ONLY + " (confirm a record as the requester's)",
    "engagement:sar_remove": POST_ONLY + " (remove a confirmed record)",
    "engagement:sar_build": POST_ONLY + " (queue the disclosure bundle)",
    "engagement:sar_release": POST_ONLY + " (release the disclosure bundle)",
    "engagement:sar_download": "a download",
    "privacy:retention_dry_run": POST_ONLY,
    "privacy:retention_batch_approve": POST_ONLY,
}


def swept_routes():
    return [
        route
        for route in named_routes()
        if not route.name.startswith(EXCLUDED_NAMESPACES) and route.name not in NOT_PAGES
    ]


class DemoObjects(RouteObjects):
    """The route matrix's objects, taken from the demo data when it has one (a fuller page)."""

    def application(self, status: Status):
        if status not in self._applications:
            found = Application.objects.filter(status=status).order_by("pk").first()
            self._applications[status] = found or super().application(status)
        return self._applications[status]

    def monitoring_return(self, status: Status = Status.MONITORING_DUE) -> MonitoringReturn:
        application = self.application(status)
        found = MonitoringReturn.objects.filter(award__application=application).order_by("pk").first()
        return found or super().monitoring_return(status)

    @cached_property
    def fund_year(self):
        return FundYear.objects.order_by("-pk").first() or grants_factories.FundYearFactory()

    @cached_property
    def organisation(self):
        with_awards = Organisation.objects.filter(applications__award__isnull=False).order_by("pk")
        return with_awards.first() or grants_factories.OrganisationFactory()


def test_every_route_is_swept_or_listed():
    """Nothing slips through: each listed route exists, and every other non-admin one is a page."""
    names = {route.name for route in named_routes()}
    stale = sorted(set(NOT_PAGES) - names)
    assert not stale, f"NOT_PAGES names routes that do not exist (renamed?): {stale}"
    unruled = [route.name for route in swept_routes() if rule_for(route.name) is None]
    assert not unruled, f"Give these routes a rule in tests/core/test_route_matrix.py: {unruled}"
    post_only = [r.name for r in swept_routes() if rule_for(r.name).post is not None]  # type: ignore[union-attr]
    assert not post_only, f"POST-only routes the sweep would GET; list them in NOT_PAGES: {post_only}"


WIDTH_PROBLEMS = """() => {
  const doc = document.documentElement
  const loose = [...document.querySelectorAll('table')].filter(
    (table) => !table.closest('.app-table-wrapper[role="region"]')).length
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, loose}
}"""


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_320_to_1280_and_passes_axe(page: Page, live_server, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", password=TEST_PASSWORD, stdout=io.StringIO())
    user = make_user(*roles.ROLES, username="every.page", first_name="Every", last_name="Page")
    objects = DemoObjects(user)
    watch = Watch(page)
    sign_in(page, live_server, user.username, TEST_PASSWORD)

    started, failures, visited = time.monotonic(), [], 0
    for route in swept_routes():
        rule = rule_for(route.name)
        assert rule is not None  # test_every_route_is_swept_or_listed says which
        try:
            path = url_of(rule, route, objects)
        except MissingObject as exc:
            failures.append(f"{route.name}: cannot fill the URL: {exc}")
            continue
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = page.goto(f"{live_server.url}{path}")
        visited += 1
        failures += [f"{route.name} {path}: {problem}" for problem in policy_problems(page, watch, response)]
        if response is None or response.status != 200:
            failures.append(f"{route.name} {path}: status {response and response.status}")
            continue
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            found = page.evaluate(WIDTH_PROBLEMS)
            if found["scrollWidth"] > found["innerWidth"]:
                failures.append(f"{route.name} {path}: {found['scrollWidth']} px wide at {width} px")
            if width == WIDTHS[0]:
                if found["loose"]:
                    failures.append(f"{route.name} {path}: {found['loose']} table(s) outside a scroll region")
                try:
                    assert_accessible(page)
                except AssertionError as exc:
                    failures.append(f"{route.name}: axe at {width} px:\n{exc}")
        watch.drain(page)  # what axe's own injected styles set off: not the page's
    elapsed = time.monotonic() - started
    assert visited >= 30, f"only {visited} pages swept"
    assert not failures, f"{len(failures)} problems on {visited} pages:\n" + "\n".join(failures)
    assert elapsed < 240, f"the sweep took {elapsed:.0f} s"
