"""The grants journey in a real browser, from a new organisation to the monitoring return.

Staff add an organisation and an application, submit it and start the eligibility check; a
colleague assesses and recommends; a manager approves with the remaining budget in front of them;
staff record the signed agreement, a payment (after a mistyped amount) and a monitoring return.
Every page visited passes axe; screenshots go to test-results/screenshots/grants-NN-*.png.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from grants import services
from grants.models import Application, Award, Fund, MonitoringReturn, Payment, Status
from opcc.core import roles
from opcc.core.models import FinancialYear, PolicingArea
from tests.e2e.helpers import assert_accessible, screenshot, sign_in, sign_out
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Checks:
    """Every page the journey visits: axe finds nothing, and a numbered screenshot is kept."""

    def __init__(self):
        self.count = 0

    def __call__(self, page: Page, name: str) -> None:
        self.count += 1
        assert_accessible(page)
        screenshot(page, f"grants-{self.count:02d}-{name}")


def status_tag(page: Page):
    return page.locator("#application-status .govuk-tag")


def success_banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


@pytest.fixture
def people(make_user):
    return {
        "staff": make_user(roles.OFFICE_STAFF, username="sam.patel", first_name="Sam", last_name="Patel"),
        "assessor": make_user(
            roles.OFFICE_STAFF, username="alex.jones", first_name="Alex", last_name="Jones"
        ),
        "manager": make_user(
            roles.GRANTS_MANAGER, username="morgan.lee", first_name="Morgan", last_name="Lee"
        ),
    }


@pytest.fixture
def fund_year(people):
    today = timezone.localdate()
    year = FinancialYear.objects.get(start_year=FinancialYear.start_year_for(today))
    manager = people["manager"]
    fund_year = services.fund_year_create(
        fund=Fund.objects.get(code="HCF"),
        financial_year=year,
        envelope="400000",
        max_award="5000",
        by=manager,
    )
    birmingham = PolicingArea.objects.valid_in(year.start_year).get(name="Birmingham")
    services.allocation_line_set(fund_year=fund_year, area=birmingham, amount="50000", by=manager)
    return fund_year


def test_application_from_entry_to_monitoring(page: Page, live_server, people, fund_year):
    today = timezone.localdate()
    today_text = today.strftime("%d/%m/%Y")
    base = live_server.url
    check = Checks()

    # --- Office staff: the organisation -------------------------------------------------------
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)
    check(page, "staff-dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Grants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grants")
    check(page, "grants-home")
    page.get_by_role("link", name="Organisations").click()
    check(page, "organisations")
    page.get_by_role("button", name="Add an organisation").click()
    page.get_by_label("Name", exact=True).fill("Lozells Youth Boxing Club")
    page.get_by_label("Charity", exact=True).check()
    page.get_by_label("Charity number (optional)").fill("1164883")
    page.get_by_label("Postcode (optional)").fill("b19 1aa")
    page.get_by_label("Birmingham").check()
    page.get_by_label("Contact name (optional)").fill("Jo Khan")
    page.get_by_label("We hold a copy of their safeguarding policy").check()
    check(page, "organisation-form")
    page.get_by_role("button", name="Save organisation").click()
    expect(success_banner(page)).to_contain_text("Lozells Youth Boxing Club added.")
    expect(page.get_by_text("B19 1AA")).to_be_visible()
    check(page, "organisation")

    # --- Office staff: the application, submitted, eligibility check started -------------------
    page.get_by_role("button", name="Enter an application").click()
    page.get_by_label("Fund and year").select_option(label=str(fund_year))
    expect(page.get_by_label("Organisation")).to_have_value("Lozells Youth Boxing Club")
    page.get_by_label("Project title").fill("Friday night boxing")
    page.get_by_label("Project summary").fill(
        "Coached boxing sessions for 11 to 17 year olds on Friday nights."
    )
    page.get_by_label("Area or pot charged").select_option(label="Birmingham")
    page.get_by_label("Sports diversion").check()
    page.get_by_label("Youth", exact=True).check()
    page.get_by_label("Amount requested").fill("4,500")
    page.get_by_label("Who benefits").fill("Young people aged 11 to 17 in Lozells")
    page.get_by_label("How many people benefit").fill("40")
    page.get_by_label("Planned start date").fill((today + timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_label("Planned end date").fill((today + timedelta(days=200)).strftime("%d/%m/%Y"))
    page.get_by_label("Date received").fill(today_text)
    page.get_by_label("How it reduces crime and disorder").fill("Diverts young people from street violence.")
    check(page, "application-form")
    page.get_by_role("button", name="Save as draft").click()
    expect(success_banner(page)).to_contain_text("saved as a draft")
    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{application.reference}: Friday night boxing")
    expect(status_tag(page)).to_have_text("Draft")
    check(page, "application-draft")
    page.get_by_role("button", name="Submit the application").click()
    expect(success_banner(page)).to_contain_text("Application submitted.")
    check(page, "application-submitted")
    page.get_by_role("button", name="Start the eligibility check").click()
    expect(success_banner(page)).to_contain_text("Eligibility check started.")
    expect(status_tag(page)).to_have_text("Eligibility check")
    check(page, "application-in-check")
    sign_out(page)

    # --- Another member of staff assesses and recommends ------------------------------------
    sign_in(page, live_server, "alex.jones", TEST_PASSWORD)
    check(page, "assessor-dashboard")
    page.goto(f"{base}/grants/applications/")
    check(page, "applications")
    page.get_by_text("Filter applications").click()
    page.locator("#main-content").get_by_label("Search").fill("boxing")  # not the header search
    page.get_by_role("button", name="Apply filters").click()
    check(page, "applications-filtered")
    page.get_by_role("link", name=application.reference).click()
    check(page, "application-for-assessor")
    page.get_by_role("button", name="Assess and recommend").click()
    for label in (
        "The project is in the force area",
        "The group is constituted (has a governing document)",
        "The project is aligned with the Police and Crime Plan",
    ):
        page.get_by_label(label).check()
    page.get_by_label("Fund in full").check()
    page.get_by_label("Reasons for your recommendation").fill("Well-run club with police partnership.")
    page.get_by_label("I have no conflict of interest with this applicant or project").check()
    check(page, "assess")
    page.get_by_role("button", name="Save the assessment").click()
    expect(success_banner(page)).to_contain_text("ready for a manager's decision")
    expect(status_tag(page)).to_have_text("Assessed")
    check(page, "application-assessed")
    sign_out(page)

    # --- The manager approves, seeing the remaining budget ------------------------------------
    sign_in(page, live_server, "morgan.lee", TEST_PASSWORD)
    panel = page.locator(".app-dashboard-card").filter(has_text="Awaiting your decision")
    expect(panel).to_contain_text("1")
    expect(panel).to_contain_text("£4,500")
    check(page, "manager-dashboard")
    panel.get_by_role("link", name="Awaiting your decision").click()
    check(page, "awaiting-my-decision")
    page.get_by_role("link", name=application.reference).click()
    check(page, "application-assessed-manager")
    page.get_by_role("button", name="Approve").click()
    budget = page.locator("#budget-context")
    expect(budget).to_contain_text("Remaining in Birmingham")
    expect(budget).to_contain_text("£50,000")
    expect(page.get_by_label("Amount to award")).to_have_value("4,500")
    check(page, "approve")
    page.get_by_role("button", name="Approve and award").click()
    expect(success_banner(page)).to_contain_text("£4,500 awarded to Lozells Youth Boxing Club")
    expect(status_tag(page)).to_have_text("Approved")
    check(page, "application-approved")
    page.goto(f"{base}{fund_year.get_absolute_url()}")
    row = page.get_by_role("row").filter(has_text="Birmingham")
    expect(row).to_contain_text("£4,500")
    expect(row).to_contain_text("£45,500")
    check(page, "fund-year")
    sign_out(page)

    # --- Staff: agreement, payment (a typo first), monitoring -----------------------------
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)
    page.goto(f"{base}{application.get_absolute_url()}")
    check(page, "application-for-staff")
    page.get_by_role("button", name="Record the signed agreement").click()
    page.get_by_label("Date the agreement was signed").fill(today_text)
    check(page, "agreement")
    page.get_by_role("button", name="Save").click()
    expect(success_banner(page)).to_contain_text("Signed agreement recorded")
    check(page, "agreement-signed")
    page.get_by_role("button", name="Record a payment").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("£4,500")
    check(page, "payment")
    page.get_by_label("Amount paid").fill("4500.001")
    page.get_by_label("Payment date").fill(today_text)
    page.get_by_label("Finance system reference").fill("AP-778812")
    page.get_by_role("button", name="Record the payment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("no more than 2 decimal places")
    check(page, "payment-error")
    page.get_by_label("Amount paid").fill("4500")
    page.get_by_role("button", name="Record the payment").click()
    expect(success_banner(page)).to_contain_text("Payment of £4,500 recorded (AP-778812)")
    expect(status_tag(page)).to_have_text("Paid")
    check(page, "paid")
    page.get_by_role("button", name="Schedule a monitoring return").click()
    page.get_by_label("Date the return is due").fill(today_text)
    check(page, "monitoring-schedule")
    page.get_by_role("button", name="Schedule").click()
    expect(success_banner(page)).to_contain_text("scheduled")
    expect(status_tag(page)).to_have_text("Monitoring due")
    check(page, "monitoring-due")
    page.get_by_role("link", name="Record the return due").click()
    page.get_by_label("Date received").fill(today_text)
    page.get_by_label("How many people did the project reach?").fill("38")
    page.get_by_label("Outcomes reported").fill("38 young people attended six or more sessions.")
    page.get_by_label("Spend confirmed").fill("4500")
    check(page, "monitoring-return")
    page.get_by_role("button", name="Save the return").click()
    expect(success_banner(page)).to_contain_text("Monitoring return recorded.")
    expect(page.get_by_role("button", name="Close the grant")).to_be_visible()
    check(page, "application-complete")

    award = Award.objects.get()
    assert award.amount == Decimal("4500.00") and award.approved_by == people["manager"]
    assert Payment.objects.get().finance_reference == "AP-778812"
    assert MonitoringReturn.objects.get().beneficiaries_reached == 38
    assert Application.objects.get().status == Status.MONITORING_DUE
