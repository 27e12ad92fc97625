"""A real Celery worker (Redis broker, the test database) writes a large export asked for on the web."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.urls import reverse

from grants.models import Application
from opcc.core import roles
from opcc.exports.models import ExportJob

WAIT_SECONDS = 120


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_a_large_export(celery_worker_process, client_as, bulk_applications, settings):
    settings.EXPORT_STREAM_LIMIT = 10
    _template, ids = bulk_applications(250, project_title="=1+1")
    client = client_as(roles.OFFICE_STAFF)
    response = client.get(reverse("grants:applications_csv"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])

    deadline = time.monotonic() + WAIT_SECONDS
    while job.is_active:
        assert time.monotonic() < deadline, f"job still {job.status}\n{celery_worker_process.log_tail()}"
        assert client.get(reverse("exports:job_progress", args=[job.pk])).status_code == 200
        time.sleep(0.3)
        job.refresh_from_db()
    try:
        assert job.status == ExportJob.Status.SUCCEEDED, f"{job.error}\n{celery_worker_process.log_tail()}"
        download = client.get(reverse("exports:job_download", args=[job.pk]))
        rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))[1:]
        references = [row[0] for row in rows]
        expected = Application.objects.filter(pk__in=ids).values_list("reference", flat=True)
        assert sorted(references) == sorted(expected), "every row exactly once"
        assert {row[7] for row in rows} == {"'=1+1"}
    finally:
        job.file.delete(save=False)  # the worker wrote to the shared media folder
