"""A Reports user builds the 2024/25 pack in the browser, watches it finish and downloads the XLSX.

A real Celery worker (Redis broker) builds the run, so the progress bar is what HTMX polling shows
while another process works. The sections are the fake ones from tests/reports/sections.py, with a
slow one so the page is seen in progress.
"""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from opcc.core import roles
from opcc.reports.models import ReportFile
from tests.e2e.helpers import assert_accessible, screenshot, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

S = "tests.reports.sections."


@pytest.fixture
def remove_worker_files():
    """The worker writes to the media folder this process shares with it: tidy up afterwards."""
    yield
    for report_file in ReportFile.objects.all():
        report_file.file.delete(save=False)


def test_build_watch_and_download_the_pack(
    page: Page, live_server, make_user, settings, celery_worker_process, remove_worker_files, tmp_path
):
    settings.REPORT_SECTIONS = [S + "allocations", S + "slow", S + "formulas"]
    make_user(roles.REPORTS, username="riley.khan", first_name="Riley", last_name="Khan")
    polls = []
    page.on(
        "request", lambda request: polls.append(request.url) if request.url.endswith("/progress/") else None
    )

    sign_in(page, live_server, "riley.khan", TEST_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report statistics")
    expect(page.get_by_text("No reports have been built yet.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-01-reports-page")

    page.get_by_label("Financial year").select_option(label="2024/25")
    page.get_by_role("button", name="Build the pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2024/25")
    progress = page.get_by_role("progressbar")
    expect(progress).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-02-run-in-progress")

    run_url = page.url
    # The slow section takes about 4 s, so a 2-second poll shows the worker part-way through.
    expect(page.get_by_text("Now working on:")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Building the pack")).to_be_visible()
    screenshot(page, "reports-02b-run-part-way")
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=90_000)
    expect(page.get_by_role("heading", name="Ready to download")).to_be_visible()
    # Nothing still says "queued" once the run has finished (the status panel replaced itself).
    expect(page.get_by_text("queued for building")).to_have_count(0)
    assert page.url == run_url, "the page updated in place (HTMX), not by navigating"
    assert polls, "the progress partial was polled"
    assert_accessible(page)
    screenshot(page, "reports-03-run-finished")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel workbook for 2024/25").click()
    download = download_info.value
    assert download.suggested_filename == "opcc-annual-report-2024-25.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    assert workbook.sheetnames[0] == "Contents"
    assert [c.value for c in workbook["Fake fund allocations"][14][:3]] == ["Total", 415418, 52]

    page.get_by_role("link", name="Preview the tables for 2024/25").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2024/25")
    expect(page.get_by_role("cell", name="£415,418", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-04-preview")

    page.get_by_role("link", name="Annual report statistics").click()
    expect(page.get_by_role("row").filter(has_text="Riley Khan")).to_contain_text("Succeeded")
    screenshot(page, "reports-05-earlier-runs")
