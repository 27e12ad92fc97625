"""Export jobs: a list export too large to stream in the request, built by the worker into storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


def export_file_path(instance: ExportJob, filename: str) -> str:
    return f"exports/jobs/{instance.pk}/{filename}"


class ExportJob(models.Model):
    """Who asked for which list (name and filter query string), in which format, and how far it got.

    The file is kept through Django's storage API and served only by a permission-checked view.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel workbook (XLSX)"
        JSON = "json", "Data (JSON)"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    list_name = models.CharField(max_length=100, help_text="The registered list (opcc.exports.registry).")
    query = models.TextField(blank=True, help_text="The list's filters as a URL query string.")
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    row_count = models.PositiveIntegerField(default=0, help_text="Rows written so far (all, once done).")
    total_rows = models.PositiveIntegerField(null=True, blank=True, help_text="Rows expected.")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    file = models.FileField(upload_to=export_file_path, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the export failed, in plain words.")
    celery_task_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="exports_job_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="exports_job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Export {self.pk}: {self.list_name} ({self.format})"

    def get_absolute_url(self) -> str:
        return reverse("exports:job", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
