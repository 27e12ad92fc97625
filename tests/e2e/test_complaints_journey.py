"""A complaint review from the application to closure, in a real browser.

Office staff record the application (dates typed as dd/mm/yyyy), acknowledge it, answer the relevant
review body check (all no) and start the review with a Reviews manager; the manager records a
finding, decides upheld and adds a recommendation; staff send it, write the decision letter (a
document appears in the documents panel) and record the force's acceptance; the manager closes it.
On the way: the clock tag on the list and the case page, only allowed steps offered (staff never see
Decide), the history panel. Every page passes axe; the list and case page are looked at at 1280 and
390 px (test-results/screenshots/complaints-*.png; OPCC_DOCS_SCREENSHOTS=1 refreshes the small copies
kept in docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from complaints import clock
from complaints.models import Criterion, Review, ServiceStandards, Status
from opcc.core import roles
from opcc.core.documents.models import Document
from tests.e2e.helpers import REPO_ROOT, assert_accessible, screenshot, sign_in, sign_out
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DOCS = REPO_ROOT / "docs" / "screenshots"


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def status(page: Page):
    return page.locator("#review-status .govuk-tag").first


def step(page: Page, action: str):
    return page.locator(f'#review-steps [data-review-step="{action}"]')


def expected_clock(review: Review) -> str:
    found = clock.clock_for(review, today=timezone.localdate(), closed=clock.closures())
    assert found is not None
    return found.label


class Visit:
    """axe on every page the journey visits; numbered full-page screenshots to look at."""

    def __init__(self, page: Page):
        self.page, self.count = page, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        assert_accessible(self.page)
        screenshot(self.page, f"complaints-{self.count:02d}-{name}")

    def at_widths(self, name: str) -> None:
        """The page at 1280 and 390 px: no sideways scroll, axe at each, a small copy for the docs."""
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            assert self.page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            assert_accessible(self.page)
            screenshot(self.page, f"complaints-{name}-{width}")
            if os.environ.get("OPCC_DOCS_SCREENSHOTS"):  # refresh the committed copies on request only
                self.page.screenshot(path=str(DOCS / f"complaints-{name}-{width}.png"))
        self.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def people(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return {
        "staff": make_user(roles.OFFICE_STAFF, username="sam.patel", first_name="Sam", last_name="Patel"),
        "manager": make_user(
            roles.REVIEWS_MANAGER, username="robin.hughes", first_name="Robin", last_name="Hughes"
        ),
        "other": make_user(roles.REVIEWS_MANAGER, username="jo.reid", first_name="Jo", last_name="Reid"),
    }


def test_a_review_from_application_to_closure(page: Page, live_server, people):
    today = timezone.localdate()
    base = live_server.url
    visit = Visit(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- Office staff: the application --------------------------------------------------------
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)
    page.goto(f"{base}/complaints/")
    visit("home")
    page.get_by_role("link", name="Record an application").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an application for review")
    page.get_by_label("The force's complaint reference").fill("PSD/2025/0417")
    page.get_by_label("Date the complaint was made").fill(f"{today - dt.timedelta(days=120):%d/%m/%Y}")
    page.get_by_label("Investigated (Schedule 3 paragraph 25)").check()
    page.get_by_label("Summary of the complaint (optional)").fill("Rude on the phone; no call back.")
    page.get_by_label("Complainant's full name").fill("Siân Llŷr")
    page.get_by_label("Email address (optional)").fill("sian@example.org")
    page.locator('input[name="preferred_channel"][value="email"]').check()
    page.get_by_label("Date the review information was given").fill(
        f"{today - dt.timedelta(days=6):%d/%m/%Y}"
    )
    # A date that does not exist first: a form error, nothing saved.
    page.get_by_label("Date the application was received").fill("31/02/2025")
    page.locator('input[name="received_channel"][value="email"]').check()
    page.get_by_role("button", name="Save the application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    assert not Review.objects.exists()
    visit("application-error")
    page.get_by_label("Date the application was received").fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Save the application").click()
    expect(banner(page)).to_contain_text("it arrived in time")
    review = Review.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(review.reference)
    expect(status(page)).to_have_text("Received")
    expect(page.locator("#review-clock")).to_have_text(expected_clock(review))
    expect(step(page, "decide")).to_have_count(0)
    expect(step(page, "mark_invalid")).to_have_count(0)  # a Reviews manager's step
    visit("received")

    step(page, "acknowledge").click()
    expect(banner(page)).to_contain_text(f"Acknowledged on {today.day} {today:%B %Y}")
    expect(status(page)).to_have_text("Acknowledged")
    review.refresh_from_db()
    expect(page.locator("#review-clock")).to_have_text(expected_clock(review))
    expect(page.locator("#start-blockers")).to_be_visible()
    visit("acknowledged")

    step(page, "check_body").click()
    for criterion in Criterion.values:
        page.locator(f'input[name="answer_{criterion}"][value="no"]').check()
    visit("body-check")
    page.get_by_role("button", name="Save the answers").click()
    expect(banner(page)).to_contain_text("the review can start")
    expect(page.locator("#start-blockers")).to_have_count(0)

    step(page, "start_review").click()
    page.get_by_label("Robin Hughes").check()
    visit("start")
    page.get_by_role("button", name="Start the review").click()
    expect(banner(page)).to_contain_text("Review started. The reviewer is Robin Hughes.")
    expect(status(page)).to_have_text("Under review")
    for manager_step in ("decide", "record_finding", "close", "mark_invalid"):
        expect(step(page, manager_step)).to_have_count(0)
    visit("under-review-staff")

    page.goto(f"{base}/complaints/reviews/")
    row = page.get_by_role("row").filter(has_text=review.reference)
    expect(row).to_contain_text(expected_clock(review))
    expect(row).to_contain_text("Under review")
    visit.at_widths("list")
    sign_out(page)

    # --- The Reviews manager: finding, decision, recommendation -----------------------------------
    sign_in(page, live_server, "robin.hughes", TEST_PASSWORD)
    page.goto(f"{base}{review.get_absolute_url()}")
    expect(step(page, "decide")).to_be_visible()
    visit.at_widths("case")
    step(page, "record_finding").click()
    page.get_by_label("The allegation").fill("The call handler was rude and did not call back.")
    page.get_by_label("Handling not reasonable and proportionate").check()
    page.get_by_label("Reasons for the finding").fill("The recording shows no apology and no call back.")
    visit("finding")
    page.get_by_role("button", name="Save the finding").click()
    expect(banner(page)).to_contain_text("Finding recorded: Handling not reasonable and proportionate.")

    step(page, "decide").click()
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Reasons for the decision").fill("The force's handling was not reasonable.")
    visit("decide")
    page.get_by_role("button", name="Save the decision").click()
    expect(banner(page)).to_contain_text("Decided: upheld.")
    expect(status(page)).to_have_text("Decided")
    expect(page.locator("#review-clock")).to_have_count(0)  # no clock once decided

    step(page, "add_recommendation").click()
    page.get_by_label("The recommendation to the force").fill("Call complainants back within two days.")
    visit("recommendation")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(banner(page)).to_contain_text("Recommendation added.")
    visit("decided-manager")
    sign_out(page)

    # --- Office staff: send, the decision letter, the force's response -------------------------
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)
    page.goto(f"{base}{review.get_absolute_url()}")
    expect(step(page, "close")).to_have_count(0)
    step(page, "send_recommendations").click()
    expect(banner(page)).to_contain_text("Recommendations sent.")
    expect(status(page)).to_have_text("Recommendations outstanding")
    page.get_by_role("button", name="Write letter: Decision to the complainant").click()
    expect(banner(page)).to_contain_text("Decision to the complainant letter written")
    documents = page.get_by_role("table", name="Documents")
    expect(documents.get_by_role("row")).to_have_count(2)  # the header and the letter
    expect(documents).to_contain_text("Letter")
    assert Document.objects.for_owner(review).live().count() == 1
    visit("letter-written")
    page.get_by_role("link", name="Record the response").click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Action the force took (optional)").fill("Call-back standard added to training.")
    visit("response")
    page.get_by_role("button", name="Save the response").click()
    expect(banner(page)).to_contain_text("The force's response recorded: accepted.")
    sign_out(page)

    # --- The manager closes it; the history tells the story -------------------------------------
    sign_in(page, live_server, "robin.hughes", TEST_PASSWORD)
    page.goto(f"{base}{review.get_absolute_url()}")
    step(page, "close").click()
    expect(banner(page)).to_contain_text(f"Review closed on {today.day} {today:%B %Y}")
    expect(status(page)).to_have_text("Closed")
    expect(page.locator("#review-steps")).to_have_count(0)
    history = page.locator(".app-timeline")
    for reason in (
        "Application for review received",
        "Acknowledged",
        "Review started; reviewer Robin Hughes",
        "Decided: Upheld",
        "Closed",
    ):
        expect(history.get_by_role("heading", name=reason, exact=True)).to_be_visible()
    visit("closed")

    review.refresh_from_db()
    assert review.status == Status.CLOSED and review.result == "upheld"
    assert review.decided_by == people["manager"] and review.recommendations.get().response == "accepted"
    assert ServiceStandards.current().pk
