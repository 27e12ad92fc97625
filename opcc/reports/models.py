"""Report runs: one row per request to build the annual statistics pack, and its output files."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from opcc.core.models import AuditedModel, FinancialYear


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel workbook (XLSX)"
    CSV = "csv", "Figures in long form (CSV)"
    JSON = "json", "Tables as data (JSON)"
    PDF = "pdf", "Printable report (PDF)"


class ReportRunQuerySet(models.QuerySet):
    def active(self) -> ReportRunQuerySet:
        return self.filter(status__in=(ReportRun.Status.QUEUED, ReportRun.Status.RUNNING))

    def for_list(self) -> ReportRunQuerySet:
        return self.select_related("financial_year", "requested_by").order_by("-created_at", "-pk")


class ReportRun(AuditedModel):
    """Who asked for which year's pack, how far the worker has got, and why it failed if it did.

    `created_at` is when it was requested. `attempts` counts how many times the run has been handed
    to a worker; the reaper re-queues a run whose worker went quiet until it reaches the maximum.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
        help_text="Blank when the run was requested from the command line.",
    )
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="report_runs")
    sections = models.JSONField(
        default=list, blank=True, help_text="Dotted paths of the section functions, in report order."
    )
    contents = models.JSONField(
        default=list,
        blank=True,
        help_text="What the built pack holds, as its PDF contents page lists it: title and checks per part.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    current_section = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the run failed, in plain words.")
    celery_task_id = models.CharField(max_length=255, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at"], name="reports_run_created_idx"),
            models.Index(fields=["status", "-created_at"], name="reports_run_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_run_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Annual report {self.financial_year.label} (run {self.pk})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/runs/{instance.run_id}/{filename}"


class ReportFile(models.Model):
    """One output of a run per format; a retried run overwrites its own file."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    file = models.FileField(upload_to=report_file_path, max_length=255)
    size = models.PositiveIntegerField(default=0, help_text="Bytes.")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run", "format"]
        constraints = [
            models.UniqueConstraint(fields=["run", "format"], name="reports_one_file_per_format"),
        ]

    def __str__(self) -> str:
        return f"{self.run}: {self.format}"

    @property
    def download_name(self) -> str:
        return f"opcc-annual-report-{self.run.financial_year.label.replace('/', '-')}.{self.format}"
