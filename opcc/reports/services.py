"""Report runs: request one, build it (in the worker), and reap runs whose worker went quiet.

A run moves queued → running → succeeded | failed. `attempts` counts how many times the run has
been handed to a worker; each hand-over is also the run's claim token, so a worker that was
declared dead and later wakes up cannot write over the run's newer attempt.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opcc.core.models import FinancialYear
from opcc.core.permissions import require_perm
from opcc.reports.exporters import EXPORTERS, FORMATS
from opcc.reports.models import ReportFile, ReportRun
from opcc.reports.pack import build_pack, is_transient, registered_sections, section_label
from opcc.reports.presentation import pack_contents

logger = logging.getLogger(__name__)

PERMISSION = "core.access_reports"
Status = ReportRun.Status


class RunLost(Exception):
    """The run was re-queued or finished by someone else while this worker was building it."""


@dataclass
class ReapResult:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _acting(run: ReportRun, by) -> None:
    """Who the next history entry names (None: the system, e.g. the worker)."""
    run._history_user = by  # type: ignore[attr-defined]


def max_attempts() -> int:
    return int(getattr(settings, "REPORT_RUN_MAX_ATTEMPTS", 3))


def stale_after() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "REPORT_RUN_STALE_MINUTES", 10)))


def queued_stale_after() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "REPORT_RUN_QUEUED_STALE_MINUTES", 15)))


def _dispatch(run: ReportRun) -> None:
    """Hand the run to a worker once the surrounding transaction commits."""
    from opcc.reports.tasks import build_annual_report

    run_id, task_id = run.pk, run.celery_task_id
    transaction.on_commit(lambda: build_annual_report.apply_async(args=[run_id], task_id=task_id))


def report_run_request(*, financial_year: FinancialYear, by) -> ReportRun:
    """Queue a build of the pack for a year. `by=None` means the command line (a trusted operator)."""
    if by is not None:
        require_perm(by, PERMISSION, action="build the annual report statistics")
    with transaction.atomic():
        run = ReportRun(
            requested_by=by,
            financial_year=financial_year,
            sections=registered_sections(),
            status=Status.QUEUED,
            attempts=1,
            queued_at=timezone.now(),
            celery_task_id=str(uuid.uuid4()),
        )
        _acting(run, by)
        run.full_clean()
        run.save()
        _dispatch(run)
    return run


def _claim(run_id: int, task_id: str) -> ReportRun | None:
    """Mark the run running for this worker, or None when there is nothing for it to do."""
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(of=("self",))
            .select_related("financial_year")
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            logger.warning("Report run %s no longer exists; nothing to build.", run_id)
            return None
        # Celery's own retry of this task keeps its id: that may take the run over again.
        retrying = run.status == Status.RUNNING and bool(task_id) and run.celery_task_id == task_id
        if run.status != Status.QUEUED and not retrying:
            logger.info("Report run %s is %s; this delivery has nothing to do.", run_id, run.status)
            return None
        now = timezone.now()
        run.status = Status.RUNNING
        run.started_at = now
        run.finished_at = None
        run.heartbeat_at = now
        run.progress = 0
        run.error = ""
        run.current_section = section_label(run.sections[0]) if run.sections else "Writing the files"
        if task_id:
            run.celery_task_id = task_id
        _acting(run, None)
        run.save()
        return run


def _progress(run: ReportRun, percent: int, label: str) -> None:
    """Record progress and a heartbeat; stop if the run was taken away from this attempt."""
    now = timezone.now()
    updated = ReportRun.objects.filter(pk=run.pk, status=Status.RUNNING, attempts=run.attempts).update(
        progress=min(percent, 99), current_section=label[:200], heartbeat_at=now, updated_at=now
    )
    if not updated:
        raise RunLost(f"Report run {run.pk} attempt {run.attempts} was taken over.")


def _finish(run: ReportRun, status: str, *, error: str = "", contents: list | None = None) -> None:
    with transaction.atomic():
        current = ReportRun.objects.select_for_update().get(pk=run.pk)
        if current.status != Status.RUNNING or current.attempts != run.attempts:
            raise RunLost(f"Report run {run.pk} attempt {run.attempts} was taken over.")
        now = timezone.now()
        current.status = status
        current.finished_at = now
        current.heartbeat_at = now
        current.error = error
        if status == Status.SUCCEEDED:
            current.progress = 100
            current.current_section = ""
            current.contents = contents or []
        _acting(current, None)
        current.save()
        run.refresh_from_db()


def _store(run: ReportRun, fmt: str, data: bytes) -> ReportFile:
    """Write one output; a retried run replaces its own file rather than adding another."""
    report_file = ReportFile.objects.filter(run=run, format=fmt).first() or ReportFile(run=run, format=fmt)
    if report_file.file:
        report_file.file.delete(save=False)
    name = f"opcc-annual-report-{run.financial_year.label.replace('/', '-')}.{fmt}"
    report_file.file.save(name, ContentFile(data), save=False)
    report_file.size = len(data)
    report_file.save()
    return report_file


def report_run_build(*, run_id: int, task_id: str = "") -> ReportRun | None:
    """Build every section, write the four files and mark the run succeeded (or failed, with why).

    Idempotent: a run that is already finished, or running under another worker, is left alone;
    a retry of the same task starts the run again and overwrites its own files.
    Transient database errors propagate so the task can retry them.
    """
    run = _claim(run_id, task_id)
    if run is None:
        return None
    steps = len(run.sections) + len(FORMATS)

    def percent(done: int) -> int:
        return done * 100 // steps

    def after_section(done: int, _total: int, next_label: str) -> None:
        _progress(run, percent(done), next_label or f"Writing the {EXPORTERS[FORMATS[0]].label}")

    try:
        pack = build_pack(run.financial_year.start_year, sections=run.sections, on_section=after_section)
        for index, fmt in enumerate(FORMATS):
            exporter = EXPORTERS[fmt]
            _progress(run, percent(len(run.sections) + index), f"Writing the {exporter.label}")
            try:
                data = exporter.export(pack)
            except Exception as exc:
                if is_transient(exc):
                    raise
                raise RuntimeError(
                    f"Writing the {exporter.label} failed ({exc.__class__.__name__}: {exc})."
                ) from exc
            _store(run, fmt, data)
        _finish(run, Status.SUCCEEDED, contents=pack_contents(pack))
    except RunLost:
        logger.warning("Report run %s was taken over while attempt %s was building it.", run.pk, run.attempts)
        return None
    except Exception as exc:
        if is_transient(exc):
            raise
        logger.exception("Report run %s failed.", run.pk)
        reason = (str(exc) or exc.__class__.__name__).rstrip(".")
        _finish(
            run, Status.FAILED, error=f"{reason}. No files were written; try again once this is put right."
        )
    return run


def report_run_fail(*, run_id: int, reason: str) -> bool:
    """Give up on a run that is still queued or running (e.g. the task ran out of retries)."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or not run.is_active:
            return False
        run.status = Status.FAILED
        run.finished_at = timezone.now()
        run.error = reason
        _acting(run, None)
        run.save()
    return True


def report_runs_reap_stale(
    *, older_than: timedelta | None = None, queued_older_than: timedelta | None = None
) -> ReapResult:
    """Re-queue (or, after the last attempt, fail) runs whose worker died or never started.

    A running run is stale when its heartbeat is older than `older_than`; a queued run when it has
    waited longer than `queued_older_than`. Cheap when nothing is stale: one indexed query.
    """
    now = timezone.now()
    running_cutoff = now - (older_than or stale_after())
    queued_cutoff = now - (queued_older_than or queued_stale_after())
    stale = Q(status=Status.RUNNING, heartbeat_at__lt=running_cutoff) | Q(
        status=Status.QUEUED, queued_at__lt=queued_cutoff
    )
    result = ReapResult()
    if not ReportRun.objects.filter(stale).exists():
        return result
    with transaction.atomic():
        for run in ReportRun.objects.select_for_update(skip_locked=True).filter(stale):
            was_running = run.status == Status.RUNNING
            if run.attempts < max_attempts():
                run.status = Status.QUEUED
                run.attempts += 1
                run.queued_at = now
                run.progress = 0
                run.current_section = ""
                run.heartbeat_at = None
                run.celery_task_id = str(uuid.uuid4())
                result.requeued.append(run.pk)
                _dispatch(run)
            else:
                run.status = Status.FAILED
                run.finished_at = now
                run.error = (
                    f"The worker building this report stopped responding after {run.attempts} attempts."
                    if was_running
                    else f"No background worker picked this report up after {run.attempts} attempts."
                ) + " Try again later; if it happens again, ask for the report worker to be checked."
                result.failed.append(run.pk)
            _acting(run, None)
            run.save()
    if result.requeued or result.failed:
        logger.warning("Stale report runs: re-queued %s, failed %s.", result.requeued, result.failed)
    return result
