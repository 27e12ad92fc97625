"""Export jobs: request one (audited), build it in the worker, fail it with a reason.

A job moves queued → running → succeeded | failed, like a report run (ADR 0004). The worker writes
the file to a temporary file row by row and then hands it to storage; progress and a heartbeat are
saved every few thousand rows.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from opcc.audit.services import audit_record
from opcc.core.exports import safe_filename
from opcc.exports.models import ExportJob
from opcc.exports.registry import ExportList, export_list
from opcc.exports.writers import TooManyRows, planned_for_every_row, write_export

logger = logging.getLogger(__name__)
Status = ExportJob.Status


def job_filename(job: ExportJob, export: ExportList) -> str:
    if export.name_for is not None:
        return safe_filename(export.name_for(QueryDict(job.query)), job.format)
    return safe_filename(f"{export.filename}-{timezone.localdate(job.created_at):%Y-%m-%d}", job.format)


def export_job_request(*, export: ExportList, query: str, file_format: str, by, request=None) -> ExportJob:
    """Queue a job for `by` (who must be allowed the list) and record LIST_EXPORTED (requested)."""
    if not export.allowed(by):
        raise PermissionDenied(f"You may not export {export.title.lower()}.")
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=by,
            list_name=export.name,
            query=query,
            format=file_format,
            celery_task_id=str(uuid.uuid4()),
        )
        audit_record(
            action=export.audit_action,
            request=request,
            user=by,
            target=job,
            detail={
                "list": export.name,
                "format": file_format,
                "stage": "requested",
                "job": job.pk,
                "filters": dict(QueryDict(query).lists()),
            },
        )
        _dispatch(job)
    return job


def _dispatch(job: ExportJob) -> None:
    from opcc.exports.tasks import build_export

    job_id, task_id = job.pk, job.celery_task_id
    transaction.on_commit(lambda: build_export.apply_async(args=[job_id], task_id=task_id))


def _claim(job_id: int, task_id: str) -> ExportJob | None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        retrying = job.status == Status.RUNNING and bool(task_id) and job.celery_task_id == task_id
        if job.status != Status.QUEUED and not retrying:
            return None
        now = timezone.now()
        job.status, job.started_at, job.heartbeat_at = Status.RUNNING, now, now
        job.progress, job.row_count, job.error = 0, 0, ""
        job.save()
        return job


def _progress(job: ExportJob, done: int) -> None:
    percent = min(99, done * 100 // job.total_rows) if job.total_rows else 0
    ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        row_count=done, progress=percent, heartbeat_at=timezone.now()
    )


def export_job_build(*, job_id: int, task_id: str = "") -> ExportJob | None:
    """Write the job's file and mark it succeeded, or failed with why. Transient errors propagate
    (the task retries them); anything else fails the job with a plain reason."""
    job = _claim(job_id, task_id)
    if job is None:
        return None
    export = export_list(job.list_name)
    user = get_user_model().objects.filter(pk=job.requested_by_id, is_active=True).first()
    try:
        if export is None or user is None or not export.allowed(user):
            raise PermissionDenied("The list is no longer available to the person who asked for it.")
        query = QueryDict(job.query)
        queryset = export.queryset(query, SimpleNamespace(user=user, GET=query))
        if queryset is None:
            raise ValueError("The filters saved with this export are no longer valid")
        job.total_rows = queryset.order_by().count()
        ExportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
        with tempfile.TemporaryFile() as handle, planned_for_every_row():
            count = write_export(
                handle,
                export,
                job.format,
                export.rows(queryset),
                on_progress=lambda n: _progress(job, n),
                query=query,
                queryset=queryset,
            )
            handle.flush()
            size = handle.tell()
            handle.seek(0)
            job.file.save(job_filename(job, export), File(handle), save=False)
        job.row_count, job.size, job.progress = count, size, 100
        job.status, job.finished_at = Status.SUCCEEDED, timezone.now()
        job.save()
    except (PermissionDenied, ValueError, TooManyRows) as exc:
        export_job_fail(job_id=job.pk, reason=str(exc).rstrip(".") + ".")
    except Exception as exc:
        from opcc.reports.pack import is_transient

        if is_transient(exc):
            raise
        logger.exception("Export job %s failed.", job.pk)
        export_job_fail(job_id=job.pk, reason=f"The export could not be written ({exc.__class__.__name__}).")
    job.refresh_from_db()
    return job


STALE_REASON = "The worker writing this export stopped responding. Export the list again."


def export_job_is_stale(job: ExportJob) -> bool:
    """A running job's worker is presumed dead after EXPORT_JOB_STALE_MINUTES without a heartbeat; a
    queued job after three times that (the worker may be busy with other jobs)."""
    minutes = float(getattr(settings, "EXPORT_JOB_STALE_MINUTES", 10))
    if job.status == Status.RUNNING and job.heartbeat_at is not None:
        return job.heartbeat_at < timezone.now() - timedelta(minutes=minutes)
    return job.created_at < timezone.now() - timedelta(minutes=3 * minutes)


def export_job_fail(*, job_id: int, reason: str) -> bool:
    updated = ExportJob.objects.filter(pk=job_id, status__in=(Status.QUEUED, Status.RUNNING)).update(
        status=Status.FAILED, error=reason, finished_at=timezone.now()
    )
    return bool(updated)


def record_download(*, job: ExportJob, export: ExportList, request) -> None:
    audit_record(
        action=export.audit_action,
        request=request,
        target=job,
        detail={
            "list": export.name,
            "format": job.format,
            "stage": "downloaded",
            "job": job.pk,
            "rows": job.row_count,
            "file_name": job_filename(job, export),
        },
    )


def export_job_delete(*, job: ExportJob) -> bool:
    """Delete a finished job and its file (the file first: a row without a file is harmless, a file
    without a row is never found again). A queued or running job is kept: its worker would write
    it back. Returns whether it was deleted."""
    if job.is_active:
        return False
    if job.file:
        job.file.delete(save=False)
    job.delete()
    return True


def export_jobs_purge(*, keep_days: int | None = None) -> int:
    """Delete jobs that finished more than EXPORT_JOB_KEEP_DAYS ago, with their files; returns how
    many. Never a queued or running one: one left so long has lost its worker, so it is failed
    instead (with the stale reason) and goes a purge period later."""
    days = int(settings.EXPORT_JOB_KEEP_DAYS if keep_days is None else keep_days)
    if days < 1:
        raise ValueError("Export jobs must be kept at least one day.")
    cutoff = timezone.now() - timedelta(days=days)
    abandoned = ExportJob.objects.filter(status__in=(Status.QUEUED, Status.RUNNING), created_at__lt=cutoff)
    abandoned = abandoned.exclude(heartbeat_at__gte=cutoff)
    for job_id in abandoned.values_list("pk", flat=True):
        export_job_fail(job_id=job_id, reason=STALE_REASON)
    finished = ExportJob.objects.filter(status__in=(Status.SUCCEEDED, Status.FAILED), finished_at__lt=cutoff)
    deleted = sum(export_job_delete(job=job) for job in finished.only("pk", "status", "file").iterator())
    logger.info("Export jobs: %s finished more than %s day(s) ago deleted", deleted, days)
    return deleted
