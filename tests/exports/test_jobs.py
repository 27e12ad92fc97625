"""A list export streams when small and becomes a worker job when large: every row exactly once,
formulas neutralised, the request and the download in the audit trail, the file only for its owner."""

from __future__ import annotations

import csv
import io
import tempfile
import tracemalloc
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import Application
from grants.views.exports import APPLICATIONS, HEADERS, export_queryset, export_rows
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.exports.models import ExportJob
from opcc.exports.writers import write_export
from tests.grants.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

CSV = reverse("grants:applications_csv")
XLSX = reverse("grants:applications_xlsx")
HOSTILE = '=HYPERLINK("http://evil.example","Click")'


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def staff(client_as):
    return client_as(roles.OFFICE_STAFF)


@pytest.fixture
def hostile_rows(bulk_applications):
    _template, ids = bulk_applications(
        30, organisation=OrganisationFactory(name=HOSTILE), project_title="@cmd"
    )
    return ids


def test_a_small_export_streams_directly(staff, hostile_rows, settings):
    settings.EXPORT_STREAM_LIMIT = 100
    response = staff.get(CSV)
    assert response.status_code == 200
    assert response.streaming
    rows = read_csv(body(response))
    assert rows[0] == HEADERS
    assert len(rows) == 31
    assert rows[1][4] == "'" + HOSTILE and rows[1][7] == "'@cmd"
    assert not ExportJob.objects.exists()
    event = AccessEvent.objects.get(action=Action.LIST_EXPORTED)
    assert event.detail["list"] == "grants.applications" and event.detail["rows"] == 30


def request_job(client, url, django_capture_on_commit_callbacks, query=""):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"{url}?{query}" if query else url)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("exports:job", args=[job.pk])
    job.refresh_from_db()
    return job


def test_a_large_export_is_a_job_with_every_row_once(
    staff, hostile_rows, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STREAM_LIMIT = 5
    job = request_job(staff, CSV, django_capture_on_commit_callbacks, query="status=draft&page=3")
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    assert (job.row_count, job.total_rows, job.progress) == (30, 30, 100)
    assert job.query == "status=draft", "the page number is not a filter"

    page = staff.get(reverse("exports:job", args=[job.pk]))
    assert page.status_code == 200
    assert b"Download the file" in page.content
    download = staff.get(reverse("exports:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith('attachment; filename="applications-')
    rows = read_csv(body(download))
    references = Counter(row[0] for row in rows[1:])
    expected = set(Application.objects.filter(pk__in=hostile_rows).values_list("reference", flat=True))
    assert set(references) == expected and max(references.values()) == 1, "every row exactly once"
    assert {row[4] for row in rows[1:]} == {"'" + HOSTILE}
    assert {row[7] for row in rows[1:]} == {"'@cmd"}

    stages = [
        e.detail["stage"] for e in AccessEvent.objects.filter(action=Action.LIST_EXPORTED).order_by("pk")
    ]
    assert stages == ["requested", "downloaded"]
    requested = AccessEvent.objects.filter(action=Action.LIST_EXPORTED).earliest("pk")
    assert requested.detail["filters"] == {"status": ["draft"]}
    assert requested.object_id == str(job.pk)


def test_a_large_xlsx_export_keeps_formulas_as_text(
    staff, hostile_rows, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_XLSX_STREAM_LIMIT = 5
    job = request_job(staff, XLSX, django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    download = staff.get(reverse("exports:job_download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(body(download))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS and len(values) == 31
    cell = sheet.cell(row=2, column=5)
    assert cell.value == HOSTILE and cell.data_type == "s" and cell.quotePrefix


def test_only_the_requester_may_open_the_job(
    staff, client, make_user, hostile_rows, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STREAM_LIMIT = 5
    job = request_job(staff, CSV, django_capture_on_commit_callbacks)
    urls = [
        reverse(name, args=[job.pk])
        for name in ("exports:job", "exports:job_progress", "exports:job_download")
    ]

    client.force_login(make_user(roles.OFFICE_STAFF))  # may export the list, but it is not theirs
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]

    owner = job.requested_by
    owner.groups.clear()  # no longer allowed the list
    client.force_login(owner)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    downloads = AccessEvent.objects.filter(action=Action.LIST_EXPORTED, detail__stage="downloaded")
    assert not downloads.exists()


def test_invalid_saved_filters_fail_the_job_with_a_reason(staff, hostile_rows, settings):
    from opcc.exports import services

    job = ExportJob.objects.create(
        requested_by=staff.user, list_name="grants.applications", query="amount_min=lots", format="csv"
    )
    services.export_job_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "no longer valid" in job.error


def test_the_audit_trail_export_becomes_a_job_too(client_as, settings, django_capture_on_commit_callbacks):
    client = client_as(roles.ADMINISTRATOR)
    for _ in range(4):
        client.get(reverse("audit:list") + "?action=list_exported")  # each search is an event
    settings.EXPORT_STREAM_LIMIT = 2
    job = request_job(client, reverse("audit:export_csv"), django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    assert job.list_name == "audit.trail"
    assert AccessEvent.objects.filter(action=Action.AUDIT_EXPORTED, detail__stage="requested").exists()
    rows = read_csv(body(client.get(reverse("exports:job_download", args=[job.pk]))))
    assert len(rows) == job.row_count + 1 >= 4


def peak_bytes(count: int, bulk_applications) -> int:
    Application.objects.all().delete()
    bulk_applications(count)
    queryset = export_queryset(None, None)
    with tempfile.TemporaryFile() as handle:
        tracemalloc.start()
        try:
            written = write_export(handle, APPLICATIONS, "csv", export_rows(queryset))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert written == count
    return peak


def test_memory_stays_flat_in_the_number_of_rows(bulk_applications, monkeypatch):
    monkeypatch.setattr("grants.views.exports.CHUNK", 500)  # memory grows with the chunk, then stays
    small = peak_bytes(2_000, bulk_applications)
    large = peak_bytes(20_000, bulk_applications)
    assert large < small * 1.5, (small, large)


def test_queries_per_chunk_not_per_row(bulk_applications, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr("grants.views.exports.CHUNK", 2_000)
    bulk_applications(4_500)
    with django_assert_max_num_queries(12), tempfile.TemporaryFile() as handle:
        # chunks of 2,000 rows: the cursor's fetches plus themes and payments per chunk
        assert write_export(handle, APPLICATIONS, "csv", export_rows(export_queryset(None, None))) == 4_500


def test_a_job_whose_worker_went_quiet_is_failed_by_its_page(staff):
    from datetime import timedelta

    from django.utils import timezone

    long_ago = timezone.now() - timedelta(minutes=11)
    job = ExportJob.objects.create(
        requested_by=staff.user,
        list_name="grants.applications",
        format="csv",
        status=ExportJob.Status.RUNNING,
        heartbeat_at=long_ago,
    )
    fresh = ExportJob.objects.create(
        requested_by=staff.user, list_name="grants.applications", format="csv", status=ExportJob.Status.QUEUED
    )
    page = staff.get(reverse("exports:job_progress", args=[job.pk]))
    assert b"stopped responding" in page.content
    staff.get(reverse("exports:job_progress", args=[fresh.pk]))
    job.refresh_from_db(), fresh.refresh_from_db()
    assert (job.status, fresh.status) == (ExportJob.Status.FAILED, ExportJob.Status.QUEUED)


def test_themes_and_payments_come_with_each_row(db):
    from decimal import Decimal

    from tests.grants.factories import ApplicationFactory, PaymentFactory, ThemeFactory

    first = PaymentFactory(amount=Decimal("100.00"))
    PaymentFactory(award=first.award, amount=Decimal("50.50"))
    paid = first.award.application
    paid.themes.set([ThemeFactory(name="Youth"), ThemeFactory(name="Drugs")])
    plain = ApplicationFactory()
    rows = {row[0]: row for row in export_rows(export_queryset(None, None))}
    assert rows[paid.reference][8] == "Drugs; Youth"
    assert rows[paid.reference][12] == Decimal("150.50")
    assert rows[paid.reference][11] == first.award.amount
    assert (rows[plain.reference][8], rows[plain.reference][11], rows[plain.reference][12]) == (
        "",
        None,
        Decimal("0"),
    )
