"""Custody visiting and appropriate adults, in a real browser, as a volunteer coordinator works.

The coordinator records a custody visit by two eligible custody visitors with the detainee grid
(a grid that does not add up first: the message names the cell, nothing is saved), raises an issue
on it and finds it on the visit page; records an appropriate adult request, assigns an eligible AA
(one whose vetting ran out is not offered), records the arrival and completes it; then enters a paper
return with the keyboard only ("Save and add another" by Enter), and one naming the AA whose vetting
ran out, refused with a message saying what expired. Every page passes axe; the main pages are looked
at at 1280 and 390 px without sideways scrolling (test-results/screenshots/volunteers-*.png).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opcc.core import roles
from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD
from tests.volunteers.conftest import build_volunteer
from volunteers.models import CallOut, CallOutStatus, CustodyVisit, VisitCount, VisitIssue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (age group, sex): detained, offered, accepted, refused. Seven present; two not offered.
GRID = {
    ("adult", "male"): (5, 4, 3, 1),
    ("adult", "female"): (1, 1, 1, 0),
    ("young", "male"): (1, 0, 0, 0),
    ("young", "female"): (0, 0, 0, 0),
    ("adult", "other"): (0, 0, 0, 0),
    ("young", "other"): (0, 0, 0, 0),
}
MEASURES = ("detained", "offered", "accepted", "refused")


class Look:
    """axe on every page; numbered screenshots; the main pages at 1280 and 390 px."""

    def __init__(self, page: Page):
        self.page, self.count = page, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        assert_accessible(self.page)
        screenshot(self.page, f"volunteers-{self.count:02d}-{name}")

    def at_widths(self, name: str) -> None:
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            assert self.page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            assert_accessible(self.page)
            screenshot(self.page, f"volunteers-{name}-{width}")
        self.page.set_viewport_size({"width": 1280, "height": 900})


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def step(page: Page, action: str):
    return page.locator(f'#callout-steps [data-callout-step="{action}"]')


def tab_to(page: Page, name: str, presses: int = 12) -> None:
    """Press Tab until the field called `name` has the focus (the form's own order)."""
    for _ in range(presses):
        if page.evaluate("document.activeElement && document.activeElement.name") == name:
            return
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == name, f"Tab never reached {name}"


def type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, name)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def fill_grid(page: Page, grid) -> None:
    for (age, sex), numbers in grid.items():
        for measure, number in zip(MEASURES, numbers, strict=True):
            page.locator(f'[name="{age}_{sex}_{measure}"]').fill(str(number))


@pytest.fixture
def team(make_user):
    today = timezone.localdate()
    make_volunteer = build_volunteer
    make_user(roles.VOLUNTEER_COORDINATOR, username="chris.coord", first_name="Chris", last_name="Evans")
    return {
        "suite": CustodySuite.objects.get(name="Perry Barr"),
        "icv1": make_volunteer("icv", first_name="Amina", last_name="Rahman"),
        "icv2": make_volunteer("icv", first_name="Gareth", last_name="Pryce"),
        "aa": make_volunteer("aa", first_name="Niamh", last_name="Kelly"),
        "lapsed": make_volunteer(
            "aa", first_name="Owen", last_name="Lapsed", vetting_expires_on=today - dt.timedelta(days=3)
        ),
    }


def test_visit_issue_callout_and_paper_return(page: Page, live_server, team):
    base = live_server.url
    look = Look(page)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    day = f"{yesterday:%d/%m/%Y}"
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "chris.coord", TEST_PASSWORD)

    page.goto(f"{base}/volunteers/")
    expect(page.get_by_role("heading", level=1, name="Custody schemes")).to_be_visible()
    look.at_widths("dashboard")

    # --- A custody visit by two eligible custody visitors, with the detainee grid -------------------
    page.goto(f"{base}/volunteers/visits/add/")
    page.get_by_label("Custody suite").select_option(label=team["suite"].name)
    page.get_by_label("Date of the visit").fill(day)
    page.get_by_label("Time arrived").fill("14:05")
    page.get_by_label("Time admitted").fill("14:20")
    page.get_by_label("Time left").fill("15:10")
    first, second = page.get_by_label("First visitor"), page.get_by_label("Second visitor")
    expect(first.locator("option", has_text="Owen Lapsed")).to_have_count(0)  # an AA, and lapsed
    first.select_option(label=team["icv1"].name)
    second.select_option(label=team["icv2"].name)
    page.get_by_label("Detainees in custody on arrival").fill("7")
    wrong = dict(GRID) | {("adult", "male"): (5, 4, 3, 2)}
    fill_grid(page, wrong)
    page.locator('[name="not_offered_asleep"]').fill("2")
    look.at_widths("visit-form")
    page.get_by_role("button", name="Save visit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Adult, Males: accepted (3) and refused (2) add up to 5, not the 4 offered."
    )
    assert not CustodyVisit.objects.exists()
    look("visit-grid-error")
    fill_grid(page, GRID)
    page.get_by_role("button", name="Save visit").click()
    visit = CustodyVisit.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Perry Barr, {long_date(yesterday)}")
    expect(page.locator("main")).to_contain_text(visit.reference)
    assert set(visit.visitors.all()) == {team["icv1"], team["icv2"]}
    assert visit.admission_delay_minutes == 15
    assert VisitCount.objects.filter(visit=visit).count() == 6
    assert visit.counts.get(age_group="adult", sex="male").refused == 1
    look.at_widths("visit")

    # --- An issue raised on it, then seen on the visit page ------------------------------------------
    page.get_by_role("button", name="Raise an issue").click()
    page.get_by_label("Category", exact=True).select_option(label="Health and wellbeing")
    page.get_by_label("Sub-category").select_option(label="Medication")
    page.get_by_label("What was found").fill("A detainee's prescribed inhaler was not in the cell.")
    page.get_by_label("The custody staff's response (optional)").fill("The sergeant fetched it at once.")
    look("issue-form")
    page.get_by_role("button", name="Save issue").click()
    issue = VisitIssue.objects.get()
    assert issue.visit == visit and issue.raised_at_time
    look.at_widths("issue")
    page.goto(f"{base}{visit.get_absolute_url()}")
    expect(page.get_by_role("link", name="Medication")).to_be_visible()
    look("visit-with-issue")

    # --- An appropriate adult call-out: request, assign, arrival, completion ---------------------------
    page.goto(f"{base}/volunteers/call-outs/new/")
    page.get_by_label("Date of the request").fill(day)
    page.get_by_label("Time of the request").fill("21:30")
    page.get_by_label("Custody suite").select_option(label=team["suite"].name)
    page.get_by_label("Requesting officer's rank").select_option(label="Sergeant")
    page.get_by_label("Collar number").fill("4512")
    page.get_by_label("Custody number").fill("06/12345/24")
    page.get_by_label("Adult (18 or over)").check()
    page.get_by_label("Mental health").check()
    look("callout-form")
    page.get_by_role("button", name="Save the request").click()
    callout = CallOut.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(callout.reference)
    look.at_widths("callout-requested")

    step(page, "assign").click()
    chooser = page.get_by_label("Appropriate adult", exact=True)
    expect(chooser.locator("option", has_text="Owen Lapsed")).to_have_count(0)
    chooser.select_option(label=team["aa"].name)
    page.get_by_label("Date assigned").fill(day)
    page.get_by_label("Time assigned").fill("21:40")
    look("callout-assign")
    page.get_by_role("button", name="Assign").click()
    callout.refresh_from_db()
    assert callout.status == CallOutStatus.ASSIGNED and callout.volunteer == team["aa"]

    step(page, "attend").click()
    page.get_by_label("Date arrived").fill(day)
    page.get_by_label("Time arrived at the suite").fill("22:15")
    look("callout-arrival")
    page.get_by_role("button", name="Save the arrival").click()
    callout.refresh_from_db()
    assert callout.status == CallOutStatus.ATTENDED and callout.response_minutes == 45

    step(page, "complete").click()
    page.get_by_label("Date ended").fill(day)
    page.get_by_label("Time the support ended").fill("23:50")
    page.get_by_label("Rights and entitlements").check()
    page.get_by_label("Interview", exact=True).check()
    page.get_by_label("Released under investigation").check()
    look("callout-complete")
    page.get_by_role("button", name="Complete the call-out").click()
    callout.refresh_from_db()
    assert callout.status == CallOutStatus.COMPLETED
    assert set(callout.processes) == {"rights", "interview"} and callout.outcome == "rui"
    expect(page.locator("#callout-status")).to_contain_text("Completed")
    look.at_widths("callout-completed")

    # --- A paper return with the keyboard only; Enter is "Save and add another" ------------------------
    page.goto(f"{base}/volunteers/call-outs/paper-returns/")
    look.at_widths("paper-return")
    assert page.evaluate("document.activeElement.name") == "requested_on"  # the form starts there
    page.keyboard.press("Control+A")
    page.keyboard.type(day)
    type_into(page, "requested_time", "09:15")
    tab_to(page, "suite")
    page.keyboard.type(team["suite"].name)
    tab_to(page, "officer_rank")
    page.keyboard.type("Sergeant")
    type_into(page, "officer_number", "2231")
    type_into(page, "custody_number", "07/55555/25")
    tab_to(page, "vulnerabilities")  # the first box: mental health
    page.keyboard.press("Space")
    tab_to(page, "volunteer")
    page.keyboard.type(team["aa"].name)
    type_into(page, "arrived_time", "10:05")
    type_into(page, "ended_time", "11:30")
    tab_to(page, "processes")  # the first box: rights and entitlements
    page.keyboard.press("Space")
    tab_to(page, "outcome")
    page.keyboard.type("Charged")
    tab_to(page, "attendances")
    page.keyboard.press("Enter")
    expect(banner(page)).to_contain_text("saved (completed).")
    paper = CallOut.objects.exclude(pk=callout.pk).get()
    expect(banner(page)).to_contain_text(f"Call-out {paper.reference} saved (completed).")
    assert paper.volunteer == team["aa"] and paper.outcome == "charged" and paper.vulnerable_mental_health
    assert paper.response_minutes == 50 and paper.custody_number == "07/55555/25"
    expect(page.get_by_label("Custody suite")).to_have_value(str(team["suite"].pk))  # the last one used
    # The success banner takes the focus (GOV.UK Frontend), so it is read out; the form is next.
    tab_to(page, "requested_on", presses=4)
    look("paper-return-saved")

    # --- The AA whose vetting ran out is refused, with what expired ----------------------------------
    page.get_by_label("Date of the request").fill(day)
    page.get_by_label("Time of the request").fill("13:00")
    page.get_by_label("Requesting officer's rank").select_option(label="Sergeant")
    page.get_by_label("Collar number").fill("7781")
    page.get_by_label("Custody number").fill("07/55556/25")
    page.get_by_label("Autism").check()
    page.get_by_label("Appropriate adult", exact=True).select_option(label=team["lapsed"].name)
    page.get_by_label("Time arrived").fill("13:40")
    page.get_by_label("Time ended").fill("15:00")
    page.get_by_label("Rights and entitlements").check()
    page.get_by_label("Outcome", exact=True).select_option(label="No further action")
    page.get_by_role("button", name="Save and add another").click()
    expired = long_date(team["lapsed"].vetting_expires_on)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Owen Lapsed")
    expect(summary).to_contain_text(f"police vetting expired on {expired}")
    expect(summary.locator("li")).to_have_count(1)  # nothing else wrong with the return
    assert CallOut.objects.count() == 2
    look.at_widths("paper-return-refused")

    for name, url in (
        ("visit-list", "/volunteers/visits/"),
        ("issue-list", "/volunteers/issues/"),
        ("callout-list", "/volunteers/call-outs/"),
    ):
        page.goto(f"{base}{url}")
        look.at_widths(name)
