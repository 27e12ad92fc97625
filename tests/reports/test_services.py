"""Report runs end to end in eager mode: request, build, progress, failure, reaping, retries."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opcc.core import roles
from opcc.reports import services
from opcc.reports.models import ReportFile, ReportRun
from tests.factories import UserFactory
from tests.reports import sections
from tests.reports.conftest import SECTIONS, S

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_charts")]
Status = ReportRun.Status


@pytest.fixture
def reports_user(make_user):
    return make_user(roles.REPORTS)


def request_run(year, user, capture, *, execute=True):
    with capture(execute=execute) as callbacks:
        run = services.report_run_request(financial_year=year, by=user)
    run.refresh_from_db()
    return run, callbacks


def test_request_queues_a_run_and_the_task_builds_it(
    year_2024, reports_user, django_capture_on_commit_callbacks
):
    run, callbacks = request_run(year_2024, reports_user, django_capture_on_commit_callbacks)
    assert len(callbacks) == 1
    assert run.status == Status.SUCCEEDED
    assert run.progress == 100
    assert run.sections == SECTIONS
    assert run.requested_by == reports_user
    assert run.attempts == 1
    assert run.error == ""
    assert run.started_at <= run.finished_at
    assert run.current_section == ""
    assert sorted(run.files.values_list("format", flat=True)) == ["csv", "json", "pdf", "xlsx"]
    for report_file in run.files.all():
        assert report_file.size == report_file.file.size > 0
        assert (
            report_file.file.name == f"reports/runs/{run.pk}/opcc-annual-report-2024-25.{report_file.format}"
        )
    history = list(run.history.order_by("history_date").values_list("status", "history_user"))
    assert history == [("queued", reports_user.pk), ("running", None), ("succeeded", None)]


def test_the_task_is_only_queued_after_commit(year_2024, reports_user, django_capture_on_commit_callbacks):
    run, callbacks = request_run(year_2024, reports_user, django_capture_on_commit_callbacks, execute=False)
    assert len(callbacks) == 1
    assert run.status == Status.QUEUED
    assert run.celery_task_id
    assert not run.files.exists()


@pytest.mark.parametrize(
    "role", [roles.OFFICE_STAFF, roles.GRANTS_MANAGER, roles.REVIEWS_MANAGER, roles.VOLUNTEER_COORDINATOR]
)
def test_only_reports_and_administrators_may_request(year_2024, make_user, role):
    with pytest.raises(PermissionDenied):
        services.report_run_request(financial_year=year_2024, by=make_user(role))
    assert not ReportRun.objects.exists()


def test_administrators_may_request(year_2024, make_user, django_capture_on_commit_callbacks):
    run, _ = request_run(year_2024, make_user(roles.ADMINISTRATOR), django_capture_on_commit_callbacks)
    assert run.status == Status.SUCCEEDED


def test_inactive_users_may_not_request(year_2024, make_user):
    with pytest.raises(PermissionDenied):
        services.report_run_request(financial_year=year_2024, by=make_user(roles.REPORTS, is_active=False))


def queued_run(year, **kwargs):
    defaults = {
        "sections": list(SECTIONS),
        "status": Status.QUEUED,
        "attempts": 1,
        "queued_at": timezone.now(),
    }
    return ReportRun.objects.create(financial_year=year, **{**defaults, **kwargs})


def test_progress_is_saved_after_each_section(year_2024, settings):
    sections.PROBES.clear()
    paths = [S + "progress_probe"] * 3
    run = queued_run(year_2024, sections=paths)
    services.report_run_build(run_id=run.pk)
    # Three sections + four files = 7 steps; each section is called for this year and the last.
    seen = sections.PROBES[::2]
    assert seen == [(0, "“Progress probe”"), (14, "“Progress probe”"), (28, "“Progress probe”")]
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and run.progress == 100


def test_a_failing_section_fails_the_run_with_a_reason(year_2024):
    run = queued_run(year_2024, sections=[S + "allocations", S + "failing", S + "headline"])
    services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == (
        "The section “Failing” (tests.reports.sections.failing) could not be built: "
        "ValueError: the fund for 2024/25 has no envelope. No files were written; "
        "try again once this is put right."
    )
    assert run.finished_at is not None
    assert not run.files.exists()


def test_a_failing_exporter_fails_the_run_with_a_reason(year_2024, monkeypatch):
    def broken(pack):
        raise OSError("disk full")

    monkeypatch.setattr("opcc.reports.exporters.pdf.export", broken)
    run = queued_run(year_2024)
    services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error.startswith("Writing the Printable report (PDF) failed (OSError: disk full).")


def test_building_again_overwrites_its_own_files(year_2024, settings):
    run = queued_run(year_2024)
    services.report_run_build(run_id=run.pk)
    first = {f.format: (f.pk, f.file.name) for f in run.files.all()}
    # As after a redelivered message: the run is queued again and built a second time.
    ReportRun.objects.filter(pk=run.pk).update(status=Status.QUEUED)
    services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED
    assert ReportFile.objects.filter(run=run).count() == 4
    assert {f.format: (f.pk, f.file.name) for f in run.files.all()} == first
    folder = Path(settings.MEDIA_ROOT) / "reports" / "runs" / str(run.pk)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"opcc-annual-report-2024-25.{fmt}" for fmt in ("xlsx", "csv", "json", "pdf")
    )


def test_a_finished_run_is_left_alone(year_2024):
    run = queued_run(year_2024)
    services.report_run_build(run_id=run.pk)
    run.refresh_from_db()
    finished = run.finished_at
    assert services.report_run_build(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.finished_at == finished


def test_a_run_another_worker_holds_is_left_alone(year_2024):
    run = queued_run(year_2024, status=Status.RUNNING, celery_task_id="other", heartbeat_at=timezone.now())
    assert services.report_run_build(run_id=run.pk, task_id="mine") is None
    run.refresh_from_db()
    assert run.status == Status.RUNNING and not run.files.exists()


def test_celery_retry_of_the_same_task_takes_the_run_over_again(year_2024):
    run = queued_run(year_2024, status=Status.RUNNING, celery_task_id="same", heartbeat_at=timezone.now())
    services.report_run_build(run_id=run.pk, task_id="same")
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED
    assert run.files.count() == 4


def test_a_deleted_run_is_nothing_to_do():
    assert services.report_run_build(run_id=999_999) is None


def test_a_worker_whose_run_was_taken_over_stops_writing(year_2024):
    run = queued_run(year_2024, sections=[S + "taken_over", S + "headline"])
    assert services.report_run_build(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == Status.QUEUED and run.attempts == 2
    assert not run.files.exists()


def make_stale(run, *, minutes=60):
    ReportRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_dead_worker_is_requeued_then_failed_after_the_last_attempt(
    year_2024, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RUN_MAX_ATTEMPTS = 3
    run = queued_run(year_2024, celery_task_id="first")
    make_stale(run)
    for attempt in (2, 3):
        with django_capture_on_commit_callbacks() as callbacks:
            result = services.report_runs_reap_stale()
        assert result.requeued == [run.pk] and result.failed == []
        assert len(callbacks) == 1
        run.refresh_from_db()
        assert run.status == Status.QUEUED
        assert run.attempts == attempt
        assert run.celery_task_id != "first"
        make_stale(run)  # the worker dies again
    with django_capture_on_commit_callbacks() as callbacks:
        result = services.report_runs_reap_stale()
    assert result.failed == [run.pk] and not callbacks
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == (
        "The worker building this report stopped responding after 3 attempts. Try again later; "
        "if it happens again, ask for the report worker to be checked."
    )


def test_a_requeued_run_is_built_by_the_next_worker(year_2024, django_capture_on_commit_callbacks):
    run = queued_run(year_2024)
    make_stale(run)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_runs_reap_stale()
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and run.attempts == 2


def test_a_run_no_worker_picks_up_is_requeued_then_failed(
    year_2024, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RUN_MAX_ATTEMPTS = 2
    run = queued_run(year_2024, queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks():
        assert services.report_runs_reap_stale().requeued == [run.pk]
    ReportRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks():
        assert services.report_runs_reap_stale().failed == [run.pk]
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error.startswith("No background worker picked this report up after 2 attempts.")


def test_fresh_runs_are_not_reaped(year_2024, django_assert_num_queries):
    running = queued_run(year_2024, status=Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=2))
    queued = queued_run(year_2024)
    with django_assert_num_queries(1):  # cheap enough to run on every page load
        result = services.report_runs_reap_stale()
    assert result.requeued == [] and result.failed == []
    running.refresh_from_db()
    queued.refresh_from_db()
    assert running.status == Status.RUNNING and queued.status == Status.QUEUED


def test_the_threshold_is_a_parameter(year_2024, django_capture_on_commit_callbacks):
    run = queued_run(year_2024, status=Status.RUNNING, heartbeat_at=timezone.now() - timedelta(minutes=2))
    with django_capture_on_commit_callbacks():
        result = services.report_runs_reap_stale(older_than=timedelta(minutes=1))
    assert result.requeued == [run.pk]


def test_query_count_per_section_does_not_grow_with_records(year_2024, settings):
    def queries_for(users: int) -> int:
        existing = UserFactory._meta.model.objects.count()
        UserFactory.create_batch(users - existing)
        run = queued_run(year_2024, sections=[S + "users"])
        with CaptureQueriesContext(connection) as captured:
            services.report_run_build(run_id=run.pk)
        run.refresh_from_db()
        assert run.status == Status.SUCCEEDED
        return len(captured)

    small, large = queries_for(5), queries_for(50)
    assert small == large
    assert small <= 40
