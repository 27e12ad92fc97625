"""A real Celery worker (Redis broker, the test database) builds a run from the web request to the files."""

import io
import time

import pytest
from django.urls import reverse
from django_celery_results.models import TaskResult
from openpyxl import load_workbook

from opcc.core import roles
from opcc.reports.models import ReportRun

WAIT_SECONDS = 120


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack_requested_in_the_browser(celery_worker_process, client_as, year_2024):
    client = client_as(roles.REPORTS)
    response = client.post(reverse("reports:home"), {"financial_year": year_2024.pk})
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:run", args=[run.pk])

    seen_progress = set()
    deadline = time.monotonic() + WAIT_SECONDS
    while run.is_active:
        assert time.monotonic() < deadline, f"run still {run.status}\n{celery_worker_process.log_tail()}"
        poll = client.get(reverse("reports:run_progress", args=[run.pk]))
        assert poll.status_code == 200
        seen_progress.add(run.progress)
        time.sleep(0.3)
        run.refresh_from_db()

    try:
        assert run.status == ReportRun.Status.SUCCEEDED, f"{run.error}\n{celery_worker_process.log_tail()}"
        assert run.progress == 100
        # The worker stores the task's result just after the task body returns: wait for it.
        while not (result := TaskResult.objects.filter(task_id=run.celery_task_id).first()):
            assert time.monotonic() < deadline, celery_worker_process.log_tail()
            time.sleep(0.2)
        assert result.status == "SUCCESS"
        assert result.task_name == "opcc.reports.tasks.build_annual_report"
        assert result.worker == celery_worker_process.nodename

        download = client.get(reverse("reports:download", args=[run.pk, "xlsx"]))
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="opcc-annual-report-2024-25.xlsx"'
        workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        total = workbook["Fake fund allocations"][14]
        assert [c.value for c in total[:3]] == ["Total", 415418, 52]
        assert client.get(reverse("reports:download", args=[run.pk, "pdf"])).status_code == 200
    finally:
        for report_file in run.files.all():  # the worker wrote to the shared media folder
            report_file.file.delete(save=False)
