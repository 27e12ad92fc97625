"""Retention rules, legal holds and disposals; subject access matches and bundles; reminders.

Records are referred to by content type and id (a generic reference): core never names a module's
model. `record_type` and `source` hold registry keys (opcc.privacy.registry).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from opcc.privacy.registry import Trigger

MAX_MONTHS = 1200  # a hundred years: anything longer is "keep permanently", which has no rule


class RetentionRule(models.Model):
    """How long one record type is kept, and from which event. Edited by Administrators."""

    record_type = models.CharField(max_length=60, unique=True)
    months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
        help_text="How many months after the trigger the record is anonymised.",
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    active = models.BooleanField(default=True, help_text="Untick to stop disposals of this type.")
    note = models.TextField(blank=True, help_text="The schedule's wording or the local decision.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["record_type"]
        permissions = [("manage_retention", "Can edit retention rules, holds and approve disposals")]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=MAX_MONTHS), name="retention_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.months} months after {self.get_trigger_display()}"


class LegalHold(models.Model):
    """A record that must not be disposed of (litigation, an ICO complaint, an FOI appeal)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    source = models.CharField(max_length=60)
    record_label = models.CharField(max_length=200)
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="hold_record_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(lifted_at__isnull=True),
                name="hold_one_active_per_record",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                name="hold_lifted_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.record_label}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting approval"
    APPROVED = "approved", "Approved, being carried out"
    DONE = "done", "Carried out"
    REJECTED = "rejected", "Rejected"


class DisposalBatch(models.Model):
    """A dry run: what the schedule says is due on `as_of`. Nothing changes until it is approved."""

    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.PROPOSED)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # null: the nightly task
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    due_count = models.PositiveIntegerField(default=0)
    held_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="batch_status_idx")]

    def __str__(self) -> str:
        return f"Disposal batch {self.pk} ({self.as_of:%d %B %Y})"


class DisposalItem(models.Model):
    """One record a batch proposes (or, if held, lists and skips)."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record_label = models.CharField(max_length=200)
    trigger_date = models.DateField()
    held = models.BooleanField(default=False)

    class Meta:
        ordering = ["record_type", "trigger_date", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "content_type", "object_id"], name="item_once_per_batch")
        ]

    def __str__(self) -> str:
        return f"{self.record_label} (due from {self.trigger_date:%d %B %Y})"


class DisposalEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The disposal log is append-only.")

    def delete(self):
        raise PermissionError("The disposal log is append-only.")


class DisposalEntry(models.Model):
    """The append-only disposal log: what, under which rule, when, and who approved it."""

    class Outcome(models.TextChoices):
        ANONYMISED = "anonymised", "Anonymised"
        SKIPPED_HOLD = "skipped_hold", "Skipped: on legal hold"
        SKIPPED_NOT_DUE = "skipped_not_due", "Skipped: no longer due"
        SKIPPED_GONE = "skipped_gone", "Skipped: record no longer exists"

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="entries")
    record_type = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record_label = models.CharField(max_length=200)
    rule = models.CharField(max_length=200, help_text="The rule as it stood, e.g. 72 months after closure.")
    trigger_date = models.DateField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    done_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)

    objects = DisposalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name_plural = "disposal entries"
        indexes = [models.Index(fields=["content_type", "object_id"], name="disposal_record_idx")]

    def __str__(self) -> str:
        return f"{self.record_label}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The disposal log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The disposal log is append-only.")


class DisclosureMatch(models.Model):
    """A record an officer confirmed is about the requester of a subject access request."""

    request_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    request_id = models.PositiveBigIntegerField()
    request = GenericForeignKey("request_type", "request_id")
    source = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record_label = models.CharField(max_length=200)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["source", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request_type", "request_id", "content_type", "object_id"],
                name="match_once_per_request",
            )
        ]
        indexes = [models.Index(fields=["request_type", "request_id"], name="match_request_idx")]

    def __str__(self) -> str:
        return self.record_label


class BundleStatus(models.TextChoices):
    BUILDING = "building", "Being built"
    DRAFT = "draft", "Draft: check redactions"
    RELEASING = "releasing", "Being released"
    RELEASED = "released", "Released"
    FAILED = "failed", "Failed"


class DisclosureBundle(models.Model):
    """The files a subject access request discloses: one PDF and one JSON, kept as documents."""

    request_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    request_id = models.PositiveBigIntegerField()
    request = GenericForeignKey("request_type", "request_id")
    status = models.CharField(max_length=10, choices=BundleStatus.choices, default=BundleStatus.BUILDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    record_count = models.PositiveIntegerField(default=0)
    # "<content type id>.<object id>.<field>" for each third party's detail to withhold.
    redactions = models.JSONField(default=list, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    pdf = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    json = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["request_type", "request_id"], name="bundle_request_idx")]

    def __str__(self) -> str:
        return f"Disclosure bundle {self.pk}"


class ReminderPreference(models.Model):
    """Whether a person gets the daily digest, and how far ahead it looks."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField("send me the daily digest", default=True)
    days_ahead = models.PositiveSmallIntegerField(
        "working days ahead", default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(days_ahead__gte=1, days_ahead__lte=20), name="reminder_days_range"
            )
        ]

    def __str__(self) -> str:
        return f"Reminders for {self.user}"


class ReminderSent(models.Model):
    """One digest per person per day: the unique row is what stops a second send."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"Digest to {self.user} on {self.day:%d %B %Y}"
