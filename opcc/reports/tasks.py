"""Celery tasks for report runs: ids in, a service call, nothing else."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from opcc.reports import services
from opcc.reports.pack import is_transient


class ReportRunTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries (or an unexpected error): never leave the run queued or running."""
        run_id = args[0] if args else kwargs.get("run_id")
        if run_id is not None:
            cause = "the database kept failing" if is_transient(exc) else "of an unexpected error"
            services.report_run_fail(
                run_id=run_id,
                reason=f"The report could not be built because {cause} ({exc.__class__.__name__}). "
                "Try again in a few minutes.",
            )


@shared_task(
    bind=True,
    base=ReportRunTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
)
def build_annual_report(self, run_id: int) -> str:
    run = services.report_run_build(run_id=run_id, task_id=self.request.id or "")
    return run.status if run is not None else "skipped"


@shared_task(acks_late=True)
def reap_stale_report_runs() -> dict:
    result = services.report_runs_reap_stale()
    return {"requeued": result.requeued, "failed": result.failed}
