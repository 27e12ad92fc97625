"""Celery task for export jobs: an id in, a service call, nothing else."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from opcc.exports import services


class ExportJobTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries (or an unexpected error): never leave the job queued or running."""
        job_id = args[0] if args else kwargs.get("job_id")
        if job_id is not None:
            services.export_job_fail(
                job_id=job_id,
                reason=f"The export could not be written ({exc.__class__.__name__}). Try again in a few minutes.",
            )


@shared_task(
    bind=True,
    base=ExportJobTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=3,
)
def build_export(self, job_id: int) -> str:
    job = services.export_job_build(job_id=job_id, task_id=self.request.id or "")
    return job.status if job is not None else "skipped"


@shared_task(acks_late=True)
def purge_export_jobs() -> int:
    """Daily (migration 0003 schedules it): old export jobs and their files go."""
    return services.export_jobs_purge()
