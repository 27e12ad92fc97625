"""A subject access request answered in a real browser: logged, the person found across modules,
their records confirmed, the bundle built by a real Celery worker, checked, released, downloaded.

The requester is held in engagement, complaints, volunteers and grants (someone else sits beside each
record). Every page passes axe (test-results/screenshots/sar-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from engagement.models import Case
from opcc.core import roles
from opcc.privacy.models import BundleStatus, DisclosureBundle, DisclosureMatch
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD
from tests.privacy.test_disclosure_support import (
    EMAIL,
    NAME,
    POSTCODE,
    REPRESENTATIVE,
    key_of,
    pdf_text,
    seed_person,
)

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
WAIT_MS = 90_000


def look(page: Page, name: str) -> None:
    assert_accessible(page)
    screenshot(page, f"sar-{name}")


@pytest.fixture
def remove_bundle_files():
    """The worker writes to the media folder this process shares with it: tidy up afterwards."""
    yield
    for bundle in DisclosureBundle.objects.all():
        for document in (bundle.pdf, bundle.json):
            if document is not None and document.file:
                document.file.delete(save=False)


def test_a_sar_is_logged_the_person_found_confirmed_bundled_released_and_downloaded(
    page: Page, live_server, make_user, celery_worker_process, remove_bundle_files
):
    officer = make_user(roles.OFFICE_STAFF, username="sam.patel", first_name="Sam", last_name="Patel")
    person = seed_person(by=officer)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "sam.patel", TEST_PASSWORD)

    # --- The request is logged as a subject access case ------------------------------------------------
    page.goto(f"{base}/engagement/cases/add/")
    page.get_by_label("Date received").fill(person.sar.received_at.strftime("%d/%m/%Y"))
    page.get_by_label("Time received").fill("09:40")
    page.get_by_label("How it came").select_option(label="Email")
    page.get_by_label("Category").select_option(label="Subject access: One calendar month")
    page.get_by_label("Correspondent's name (optional)").fill(NAME)
    page.get_by_label("Email address (optional)").fill(EMAIL)
    page.get_by_label("Address (optional)", exact=True).fill(f"1 Quill Lane\nBirmingham\n{POSTCODE}")
    page.get_by_label("Subject").fill("Everything you hold about me")
    page.locator("main form").get_by_role("button", name="Save", exact=True).click()
    case = Case.objects.exclude(
        pk__in=[person.sar.pk, *(o.pk for o in person.mine if isinstance(o, Case))]
    ).get(subject="Everything you hold about me")
    look(page, "01-case")

    # --- Find this person: the search starts from the correspondent's details ----------------------------
    page.locator('[data-case-step="find_person"]').click()
    expect(page.locator("#id_name")).to_have_value(NAME)
    expect(page.locator("#id_postcode")).to_have_value(POSTCODE)
    page.get_by_role("button", name="Search every module").click()
    look(page, "02-results")
    for obj in person.mine:
        source, pk = key_of(obj)
        page.locator(f'[data-sar-confirm="{source}.{pk}"]').click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "confirmed as the requester's"
        )
    assert {key_of(o) for o in person.mine} == {
        (m.source, m.object_id) for m in DisclosureMatch.objects.filter(request_id=case.pk)
    }
    assert page.locator("#confirmed-records tbody tr").count() == 4
    look(page, "03-confirmed")

    # --- The bundle is built by the worker; the page reloads itself until the draft is ready -------------
    page.get_by_role("button", name="Build the disclosure bundle").click()
    expect(page.locator("#bundle-status")).to_contain_text("Draft", timeout=WAIT_MS)
    bundle = DisclosureBundle.objects.get(request_id=case.pk)
    assert bundle.status == BundleStatus.DRAFT and bundle.record_count == 4, celery_worker_process.log_tail()
    look(page, "04-draft")

    # --- The representative's name is proposed for withholding; release ----------------------------------
    page.locator("#check-redactions").click()
    checkbox = page.get_by_label(f"Withhold representative name: {REPRESENTATIVE}")
    expect(checkbox).to_be_checked()
    look(page, "05-redactions")
    page.get_by_role("button", name="Release the bundle").click()
    expect(page.locator("#bundle-status")).to_contain_text("Released", timeout=WAIT_MS)
    look(page, "06-released")

    # --- The released PDF: the requester's records, the representative withheld ---------------------------
    with page.expect_download() as download_info:
        page.locator('[data-bundle-file="pdf"]').click()
    data = Path(download_info.value.path()).read_bytes()
    text = pdf_text(data)
    assert data.startswith(b"%PDF-") and "Quill Community Trust" in text
    assert REPRESENTATIVE not in text and "Dana Stranger" not in text
