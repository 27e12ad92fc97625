"""A freedom of information request from the post to closure, in a real browser, as office staff work.

Office staff log a letter (an FOI request received on a known day), assign it to a colleague, stop
the clock for clarification and restart it when the clarification arrives (the due date moves to 20
working days from the answer, and the change shows with its reason), record the response
(information provided in full) and close the case; the case list then shows it closed. Every page
passes axe; the list and the case page are looked at at 1280 and 320 px without sideways scrolling
(test-results/screenshots/engagement-*.png; OPCC_DOCS_SCREENSHOTS=1 refreshes the copies kept in
docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from engagement import clock
from engagement.models import Case, CaseStatus, ClockRule, Outcome, StopReason
from engagement.services.common import closures
from opcc.core import roles
from opcc.core.dates import long_date
from tests.e2e.helpers import REPO_ROOT, assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DOCS = REPO_ROOT / "docs" / "screenshots"
SUBJECT = "Request for information about speed cameras"


class Look:
    """axe on every page; numbered screenshots; the list and case page at 1280 and 320 px."""

    def __init__(self, page: Page):
        self.page, self.count = page, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        assert_accessible(self.page)
        screenshot(self.page, f"engagement-{self.count:02d}-{name}")

    def at_widths(self, name: str) -> None:
        for width in (1280, 320):
            self.page.set_viewport_size({"width": width, "height": 900})
            assert self.page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            assert_accessible(self.page)
            screenshot(self.page, f"engagement-{name}-{width}")
            if os.environ.get("OPCC_DOCS_SCREENSHOTS"):  # refresh the committed copies on request only
                self.page.screenshot(path=str(DOCS / f"engagement-{name}-{width}.png"))
        self.page.set_viewport_size({"width": 1280, "height": 900})


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def step(page: Page, action: str):
    return page.locator(f'#case-steps [data-case-step="{action}"]')


def submit(page: Page, label: str) -> None:
    page.locator("main form").get_by_role("button", name=label, exact=True).click()


def foi_due(received: dt.date, *stops: clock.Stop) -> dt.date:
    return clock.due_date(rule=ClockRule.FOI, days=20, received_on=received, stops=stops, closures=closures())


@pytest.fixture
def office(make_user):
    return {
        "staff": make_user(roles.OFFICE_STAFF, username="sam.patel", first_name="Sam", last_name="Patel"),
        "colleague": make_user(
            roles.OFFICE_STAFF, username="alex.jones", first_name="Alex", last_name="Jones"
        ),
    }


def test_foi_letter_logged_assigned_stopped_restarted_answered_and_closed(page: Page, live_server, office):
    base, look = live_server.url, Look(page)
    today = timezone.localdate()
    received, asked, answered = (today - dt.timedelta(days=d) for d in (30, 26, 16))
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)

    # --- The letter is logged: the FOI clock starts from the day it came --------------------------------
    page.goto(f"{base}/engagement/cases/")
    page.get_by_role("button", name="Log correspondence").click()
    page.get_by_label("Date received").fill(f"{received:%d/%m/%Y}")
    page.get_by_label("Time received").fill("09:40")
    page.get_by_label("How it came").select_option(label="Letter")
    page.get_by_label("Category").select_option(
        label="Freedom of information: 20 working days (any UK nation bank holidays)"
    )
    page.get_by_label("Correspondent's name (optional)").fill("Morgan Ellis")
    page.get_by_label("Address (optional)", exact=True).fill("12 Station Road\nWalsall\nWS1 1AA")
    page.get_by_label("Subject").fill(SUBJECT)
    look("log-letter")
    submit(page, "Save")
    case = Case.objects.get()
    first_due = foi_due(received)
    assert case.channel == "letter" and case.received_on == received and case.due_on == first_due
    expect(banner(page)).to_contain_text(f"{case.reference} logged: due {first_due:%d/%m/%Y}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{case.reference}: {SUBJECT}")
    look("logged")

    # --- Assigned to a colleague ------------------------------------------------------------------------
    step(page, "assign").click()
    page.get_by_label("Who will handle it").select_option(label="Alex Jones")
    look("assign")
    submit(page, "Assign")
    expect(banner(page)).to_contain_text(f"{case.reference} assigned to Alex Jones.")
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.assigned_to == office["colleague"]

    # --- The clock stops while the office asks what exactly is wanted ------------------------------------
    step(page, "stop_clock").click()
    page.get_by_label("Clarification sought").check()
    page.get_by_label("Date the office asked").fill(f"{asked:%d/%m/%Y}")
    page.get_by_label("Note (optional)").fill("Asked which years of camera data are wanted.")
    look("stop-clock")
    submit(page, "Stop the clock")
    expect(page.locator("#case-status")).to_contain_text(f"Clock stopped since {long_date(asked)}")
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_INFORMATION and case.clock_stopped_since == asked
    look("stopped")

    # --- The clarification arrives: 20 working days from that day, the change kept with its reason ------
    step(page, "restart_clock").click()
    page.get_by_label("Date the answer arrived").fill(f"{answered:%d/%m/%Y}")
    look("restart-clock")
    submit(page, "Restart the clock")
    new_due = foi_due(received, clock.Stop(StopReason.CLARIFICATION, asked, answered))
    assert new_due > first_due
    expect(banner(page)).to_contain_text(f"is now due {new_due:%d/%m/%Y}.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.due_on == new_due
    changes = page.locator('[aria-labelledby="due-changes-heading"] tbody tr')
    expect(changes).to_have_count(2)
    moved = changes.nth(1)
    expect(moved).to_contain_text(f"{first_due:%-d %b %Y}")
    expect(moved).to_contain_text(f"{new_due:%-d %b %Y}")
    expect(moved).to_contain_text(
        f"Clock restarted on clarification: clarification sought from {long_date(asked)}"
    )
    expect(page.locator("#clock + .govuk-summary-list")).to_contain_text(f"{new_due:%-d %B %Y}")
    look.at_widths("case")

    # --- The response, information provided in full; then closed --------------------------------------
    step(page, "respond").click()
    page.get_by_label("Date of the response").fill(f"{today:%d/%m/%Y}")
    page.get_by_label(Outcome.FULL.label).check()
    look("respond")
    submit(page, "Record the response")
    expect(banner(page)).to_contain_text(f"{case.reference} is now responded.")
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPONDED and case.outcome == Outcome.FULL and case.responded_on == today
    expect(page.locator("#response + .govuk-summary-list")).to_contain_text("Information provided in full")

    step(page, "close").click()
    page.get_by_label("Date closed").fill(f"{today:%d/%m/%Y}")
    look("close")
    submit(page, "Close")
    expect(banner(page)).to_contain_text(f"{case.reference} is now closed.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today
    expect(step(page, "close")).to_have_count(0)
    look("closed")

    # --- The list shows it closed --------------------------------------------------------------------
    page.goto(f"{base}/engagement/cases/")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=case.reference))
    expect(row).to_contain_text("Closed")
    expect(row).to_contain_text("Responded")  # the clock column: answered, no days left
    expect(row).to_contain_text("Alex Jones")
    look.at_widths("list")
