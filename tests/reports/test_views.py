"""Reports screens: who may use them, building from the page, the run page, downloads, the preview."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from opcc.core.models import FinancialYear, fy_label
from opcc.reports import services, years
from opcc.reports.models import ReportRun
from tests.reports.conftest import SECTIONS, S

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_charts")]
Status = ReportRun.Status
ALLOWED = [roles.REPORTS, roles.ADMINISTRATOR]
REFUSED = [roles.OFFICE_STAFF, roles.GRANTS_MANAGER, roles.REVIEWS_MANAGER, roles.VOLUNTEER_COORDINATOR]


@pytest.fixture
def built_run(year_2024, make_user):
    run = ReportRun.objects.create(
        financial_year=year_2024,
        sections=SECTIONS,
        status=Status.QUEUED,
        attempts=1,
        queued_at=timezone.now(),
        requested_by=make_user(roles.REPORTS, first_name="Riley", last_name="Khan"),
    )
    services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    return run


def urls_for(run):
    return [
        reverse("reports:home"),
        reverse("reports:run", args=[run.pk]),
        reverse("reports:run_progress", args=[run.pk]),
        reverse("reports:download", args=[run.pk, "xlsx"]),
        reverse("reports:preview") + f"?financial_year={run.financial_year.pk}",
    ]


@pytest.mark.parametrize("role", ALLOWED)
def test_reports_and_administrators_can_use_every_page(client_as, built_run, role):
    client = client_as(role)
    for url in urls_for(built_run):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_get_403_everywhere(client_as, built_run, year_2024, role):
    client = client_as(role)
    for url in urls_for(built_run):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:home"), {"financial_year": year_2024.pk}).status_code == 403
    assert ReportRun.objects.count() == 1


def test_a_user_with_no_role_gets_403(client_as, built_run):
    assert client_as().get(reverse("reports:home")).status_code == 403


def test_building_from_the_page(client_as, year_2024, django_capture_on_commit_callbacks):
    client = client_as(roles.REPORTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:home"), {"financial_year": year_2024.pk})
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:run", args=[run.pk])
    assert run.requested_by == client.user
    assert run.status == Status.SUCCEEDED
    page = client.get(response.url).content.decode()
    # The run finished before the page was opened: nothing on it says it is still queued.
    assert "queued" not in page
    assert "Ready to download" in page


def test_the_year_must_be_chosen(client_as):
    response = client_as(roles.REPORTS).post(reverse("reports:home"), {"financial_year": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Choose a financial year" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_the_reports_page_offers_years_and_lists_earlier_runs(client_as, built_run):
    response = client_as(roles.REPORTS).get(reverse("reports:home"))
    html = response.content.decode()
    assert '<option value="' in html and ">2024/25</option>" in html
    assert "Build the pack" in html
    assert f'href="{reverse("reports:run", args=[built_run.pk])}"' in html
    assert "Riley Khan" in html
    assert "govuk-tag--green" in html


def test_earlier_runs_are_paginated(client_as, year_2024):
    ReportRun.objects.bulk_create(
        ReportRun(financial_year=year_2024, status=Status.SUCCEEDED, attempts=1) for _ in range(12)
    )
    client = client_as(roles.REPORTS)
    html = client.get(reverse("reports:home")).content.decode()
    assert 'class="govuk-pagination"' in html
    assert html.count(">Run ") == 10
    assert client.get(reverse("reports:home") + "?page=2").content.decode().count(">Run ") == 2


def test_the_reports_page_reaps_stale_runs(client_as, year_2024, django_capture_on_commit_callbacks):
    run = ReportRun.objects.create(
        financial_year=year_2024,
        sections=SECTIONS,
        status=Status.RUNNING,
        attempts=3,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    client_as(roles.REPORTS).get(reverse("reports:home"))
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "stopped responding" in run.error


def test_a_running_run_polls_and_works_without_javascript(client_as, year_2024):
    run = ReportRun.objects.create(
        financial_year=year_2024,
        sections=SECTIONS,
        status=Status.RUNNING,
        attempts=1,
        progress=40,
        current_section="“Headline”",
        heartbeat_at=timezone.now(),
    )
    client = client_as(roles.REPORTS)
    html = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    progress_url = reverse("reports:run_progress", args=[run.pk])
    assert f'hx-get="{progress_url}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="40"' in html
    assert "app-progress__bar--40" in html  # a class per percent: CSP allows no style attribute
    assert "Now working on: “Headline”." in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "Refresh this page" in html
    assert "js/htmx.min.js" in html
    partial = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert 'aria-valuenow="40"' in partial and 'hx-trigger="every 2s"' in partial


def test_a_finished_run_stops_polling_and_offers_downloads(client_as, built_run):
    client = client_as(roles.REPORTS)
    html = client.get(reverse("reports:run_progress", args=[built_run.pk])).content.decode()
    assert "hx-get" not in html
    assert 'aria-valuenow="100"' in html
    for fmt in ("xlsx", "csv", "json", "pdf"):
        assert reverse("reports:download", args=[built_run.pk, fmt]) in html
    page = client.get(reverse("reports:run", args=[built_run.pk])).content.decode()
    assert "noscript" not in page


def test_the_progress_poll_reaps_its_own_stale_run(client_as, year_2024, django_capture_on_commit_callbacks):
    run = ReportRun.objects.create(
        financial_year=year_2024,
        sections=SECTIONS,
        status=Status.RUNNING,
        attempts=3,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    html = client_as(roles.REPORTS).get(reverse("reports:run_progress", args=[run.pk])).content.decode()
    assert "The pack could not be built" in html
    assert "stopped responding after 3 attempts" in html


def test_a_failed_run_says_why(client_as, year_2024):
    run = ReportRun.objects.create(
        financial_year=year_2024, sections=[S + "failing"], status=Status.QUEUED, attempts=1
    )
    services.report_run_build(run_id=run.pk)
    html = client_as(roles.REPORTS).get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "The pack could not be built" in html
    assert "the fund for 2024/25 has no envelope" in html
    assert "/download/" not in html


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbftopic,metric"),
        ("json", "application/json", b'{\n  "financial_year": "2024/25"'),
        ("pdf", "application/pdf", b"%PDF-"),
    ],
)
def test_downloads_stream_the_stored_file(client_as, built_run, fmt, content_type, start):
    response = client_as(roles.REPORTS).get(reverse("reports:download", args=[built_run.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="opcc-annual-report-2024-25.{fmt}"'
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert body.startswith(start)
    assert len(body) == built_run.files.get(format=fmt).size


def test_no_download_for_an_unknown_format_or_an_unfinished_run(client_as, built_run, year_2024):
    client = client_as(roles.REPORTS)
    assert client.get(reverse("reports:download", args=[built_run.pk, "docx"])).status_code == 404
    ReportRun.objects.filter(pk=built_run.pk).update(status=Status.RUNNING)
    assert client.get(reverse("reports:download", args=[built_run.pk, "xlsx"])).status_code == 404


def test_the_run_page_never_links_to_media(client_as, built_run):
    html = client_as(roles.REPORTS).get(reverse("reports:run", args=[built_run.pk])).content.decode()
    assert "/media/" not in html


def test_the_preview_shows_the_tables(client_as, year_2024):
    response = client_as(roles.REPORTS).get(reverse("reports:preview"), {"financial_year": year_2024.pk})
    html = response.content.decode()
    assert "Fake fund allocations" in html
    assert "£415,418" in html and "£101,762" in html
    assert "Previous year: 2023/24" in html
    assert "Allocations add up to £415,418 against an envelope of £400,000." in html
    assert "62.5%" in html


def test_the_preview_reports_a_failing_section(client_as, year_2024, settings):
    settings.REPORT_SECTIONS = [S + "failing"]
    html = (
        client_as(roles.REPORTS)
        .get(reverse("reports:preview"), {"financial_year": year_2024.pk})
        .content.decode()
    )
    assert "The tables could not be built" in html
    assert "the fund for 2024/25 has no envelope" in html


def test_the_preview_needs_a_year(client_as):
    client = client_as(roles.REPORTS)
    assert client.get(reverse("reports:preview")).status_code == 404
    assert client.get(reverse("reports:preview"), {"financial_year": "x"}).status_code == 404


def test_the_admin_shows_runs_read_only(client_as, built_run):
    client = client_as(roles.ADMINISTRATOR)
    assert client.get(reverse("admin:reports_reportrun_changelist")).status_code == 200
    detail = client.get(reverse("admin:reports_reportrun_change", args=[built_run.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:reports_reportrun_add")).status_code == 403
    assert client.get(reverse("admin:reports_reportfile_changelist")).status_code == 200
    assert "/media/" not in client.get(reverse("admin:reports_reportfile_changelist")).content.decode()


def test_a_queued_run_says_so_in_the_panel_that_updates(client_as, year_2024):
    run = ReportRun.objects.create(
        financial_year=year_2024, sections=SECTIONS, status=Status.QUEUED, queued_at=timezone.now()
    )
    client = client_as(roles.REPORTS)
    panel = client.get(reverse("reports:run_progress", args=[run.pk])).content.decode()
    assert "The 2024/25 pack has been queued for building" in panel
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    # Only inside the polled panel (replaced as the run moves on), never as a flash banner.
    assert page.count("queued for building") == 1
    assert "govuk-notification-banner" not in page
    assert "3 tables, then the consistency checks" in page


def test_the_run_page_lists_what_the_pdf_contents_list(client_as, built_run):
    from opcc.reports.exporters.pdf import render_html
    from opcc.reports.pack import build_pack
    from opcc.reports.presentation import pack_contents

    pack = build_pack(2024, sections=built_run.sections)
    assert built_run.contents == pack_contents(pack)
    html = client_as(roles.REPORTS).get(reverse("reports:run", args=[built_run.pk])).content.decode()
    titles = [entry["title"] for entry in built_run.contents]
    assert titles == ["Fake fund allocations", "Fake headline", "Fake organisations", "Consistency checks"]
    for title in titles:
        assert f"<li>{title}" in html
        assert f'<th scope="row">{title}</th>' in render_html(pack)
    assert "<li>Fake fund allocations (1 check)</li>" in html
    assert "<li>Consistency checks (1 check)</li>" in html


def test_preview_from_the_form_posts_then_opens_a_clean_address(client_as, year_2024):
    client = client_as(roles.REPORTS)
    home = client.get(reverse("reports:home")).content.decode()
    assert 'formmethod="get"' not in home
    assert 'name="preview"' in home
    response = client.post(reverse("reports:home"), {"financial_year": year_2024.pk, "preview": "1"})
    assert response.status_code == 302
    assert response.url == reverse("reports:preview") + f"?financial_year={year_2024.pk}"
    assert "csrf" not in response.url
    assert not ReportRun.objects.exists()
    assert "Fake fund allocations" in client.get(response.url).content.decode()


def test_preview_from_the_form_needs_a_year_it_offers(client_as):
    future = FinancialYear.objects.get(start_year=2030)
    client = client_as(roles.REPORTS)
    response = client.post(reverse("reports:home"), {"financial_year": future.pk, "preview": "1"})
    assert response.status_code == 200
    assert "Choose a financial year" in response.content.decode()
    assert client.get(reverse("reports:preview"), {"financial_year": future.pk}).status_code == 404


def _offered(html: str) -> list[str]:
    return re.findall(r"<option value=\"\d+\"[^>]*>(\d{4}/\d\d)</option>", html)


def _selected(html: str) -> str:
    return re.search(r"<option value=\"\d+\" selected>(\d{4}/\d\d)</option>", html).group(1)


def test_the_year_list_stops_at_the_current_year_and_picks_the_latest_with_records(client_as):
    from tests.grants.factories import FundYearFactory

    current = FinancialYear.start_year_for(timezone.localdate())
    FundYearFactory(financial_year=FinancialYear.objects.get(start_year=2022))
    FundYearFactory(financial_year=FinancialYear.objects.get(start_year=2023))
    html = client_as(roles.REPORTS).get(reverse("reports:home")).content.decode()
    assert _offered(html) == [fy_label(y) for y in range(current, 2021, -1)]
    assert _selected(html) == "2023/24"
    assert "2030/31" not in html


def test_with_no_records_the_list_offers_years_to_now_and_picks_the_last_complete_one(client_as):
    current = FinancialYear.start_year_for(timezone.localdate())
    html = client_as(roles.REPORTS).get(reverse("reports:home")).content.decode()
    assert _offered(html)[0] == fy_label(current)
    assert _selected(html) == fy_label(current - 1)


def test_record_years_come_from_the_setting(settings):
    settings.REPORT_RECORD_YEARS = ["tests.reports.test_views.years_2020_and_2021"]
    assert years.record_years() == {2020, 2021}
    offered = years.reportable_years()
    assert offered.last().start_year == 2020
    assert years.default_year(offered, with_records={2020, 2021}).start_year == 2021


def years_2020_and_2021():
    return [2020, 2021]


def test_linked_years_ignore_report_runs(year_2024):
    ReportRun.objects.create(financial_year=year_2024, status=Status.SUCCEEDED)
    assert years.linked_years() == set()


@pytest.mark.parametrize("per_page", ["-1", "0", "1000000"])
def test_the_runs_table_page_size_stays_between_1_and_100(client_as, built_run, per_page):
    """?per_page= comes from the address: a negative size used to fail, a huge one sent every run."""
    response = client_as(roles.REPORTS).get(reverse("reports:home"), {"per_page": per_page})
    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= 100
