"""The Celery tasks are thin: they call the services, retry database trouble, never leave a run active."""

import pytest
from django.db import OperationalError
from django.utils import timezone

from opcc.reports import services, tasks
from opcc.reports.models import ReportRun
from tests.reports.conftest import SECTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_charts")]
Status = ReportRun.Status


@pytest.fixture
def run(year_2024):
    return ReportRun.objects.create(
        financial_year=year_2024,
        sections=SECTIONS,
        status=Status.QUEUED,
        attempts=1,
        queued_at=timezone.now(),
    )


def test_task_options():
    task = tasks.build_annual_report
    assert task.acks_late is True
    assert task.autoretry_for == (OperationalError, services_interface_error())
    assert task.max_retries == 3
    assert task.retry_backoff


def services_interface_error():
    from django.db import InterfaceError

    return InterfaceError


def test_the_task_builds_the_run(run):
    result = tasks.build_annual_report.delay(run.pk)
    assert result.get() == "succeeded"
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED


def test_a_second_delivery_is_skipped(run):
    tasks.build_annual_report.delay(run.pk)
    assert tasks.build_annual_report.delay(run.pk).get() == "skipped"
    assert run.files.count() == 4


@pytest.fixture
def no_propagation(settings):
    """Eager mode re-runs a retried task in-process only when errors are not propagated at once."""
    settings.CELERY_TASK_EAGER_PROPAGATES = False


def test_transient_database_errors_are_retried(run, monkeypatch, no_propagation):
    real = services.report_run_build
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "report_run_build", flaky)
    assert tasks.build_annual_report.delay(run.pk).get() == "succeeded"
    assert len(calls) == 3
    assert len({c["task_id"] for c in calls}) == 1  # a Celery retry keeps the task id


def test_out_of_retries_the_run_is_failed_not_left_running(run, monkeypatch, no_propagation):
    def down(**kwargs):
        ReportRun.objects.filter(pk=kwargs["run_id"]).update(status=Status.RUNNING)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "report_run_build", down)
    result = tasks.build_annual_report.delay(run.pk)
    assert result.failed()
    assert isinstance(result.result, OperationalError)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == (
        "The report could not be built because the database kept failing (OperationalError). "
        "Try again in a few minutes."
    )


def test_the_reaper_task_calls_the_reaper(run):
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, heartbeat_at=timezone.now() - timezone.timedelta(hours=1)
    )
    assert tasks.reap_stale_report_runs.delay().get() == {"requeued": [run.pk], "failed": []}


def test_beat_runs_the_reaper_every_five_minutes():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Reap stale report runs")
    assert task.task == "opcc.reports.tasks.reap_stale_report_runs"
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (5, "minutes")
    assert tasks.reap_stale_report_runs.name == task.task
