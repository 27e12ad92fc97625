"""One row per access event: sign-ins, record views, exports, role changes. Never changed.

The table is append-only at three levels: the model and its QuerySet refuse updates and deletes,
the admin is read-only, and on PostgreSQL a trigger (migration 0002) rejects UPDATE always and
DELETE unless the transaction set `opcc.audit_purge` (only `services.audit_purge` does, for the
retention period). The user is a soft reference (no database constraint, DO_NOTHING) so deleting
a user never rewrites the log; `username` keeps the name as it was (or as typed, when a sign-in
failed).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""

    def __init__(self, what: str = "changed or deleted") -> None:
        super().__init__(f"Audit events are append-only: they cannot be {what}.")


class Action(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    SESSION_ENDED = "session_ended", "Session ended"
    MFA_VERIFIED = "mfa_verified", "Second factor verified"
    MFA_FAILED = "mfa_failed", "Second factor failed"
    MFA_ENROLLED = "mfa_enrolled", "Second factor added"
    MFA_REMOVED = "mfa_removed", "Second factor removed"
    MFA_RESET = "mfa_reset", "Second factors reset"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", "Recovery codes issued"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    ROLE_CHANGED = "role_changed", "Roles changed"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    ACCOUNT_ACTIVATED = "account_activated", "Account activated"
    RECORD_VIEWED = "record_viewed", "Record viewed"
    LIST_EXPORTED = "list_exported", "List exported"
    REPORT_DOWNLOADED = "report_downloaded", "Report downloaded"
    PUBLICATION_DOWNLOADED = "publication_downloaded", "Publication downloaded"
    AUDIT_SEARCHED = "audit_searched", "Audit trail searched"
    AUDIT_EXPORTED = "audit_exported", "Audit trail exported"
    AUDIT_PURGED = "audit_purged", "Old audit events deleted"
    RECORDS_SEARCHED = "records_searched", "Records searched"
    SUBJECT_ACCESS_SEARCHED = "subject_access_searched", "Subject access search"
    DISCLOSURE_MATCH_CONFIRMED = "disclosure_match_confirmed", "Subject access match confirmed"
    DISCLOSURE_MATCH_REMOVED = "disclosure_match_removed", "Subject access match removed"
    BUNDLE_REQUESTED = "bundle_requested", "Disclosure bundle requested"
    BUNDLE_BUILT = "bundle_built", "Disclosure bundle built"
    BUNDLE_RELEASED = "bundle_released", "Disclosure bundle released"
    BUNDLE_DOWNLOADED = "bundle_downloaded", "Disclosure bundle downloaded"
    LEGAL_HOLD_PLACED = "legal_hold_placed", "Legal hold placed"
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", "Legal hold lifted"
    DISPOSAL_PROPOSED = "disposal_proposed", "Disposal batch proposed"
    DISPOSAL_APPROVED = "disposal_approved", "Disposal batch approved"
    DISPOSAL_REJECTED = "disposal_rejected", "Disposal batch rejected"
    RETENTION_RULE_CHANGED = "retention_rule_changed", "Retention rule changed"
    DIGEST_SENT = "digest_sent", "Reminder digest sent"


SIGN_IN_FAILURES = (Action.SIGN_IN_FAILED, Action.MFA_FAILED)


def object_label(model_or_instance) -> str:
    """What `object_type` holds for a model or an instance of it, e.g. "grants.application"."""
    return model_or_instance._meta.label_lower


class AccessEventQuerySet(models.QuerySet):
    def for_user(self, user) -> AccessEventQuerySet:
        return self.filter(user_id=getattr(user, "pk", user))

    def for_object(self, obj_or_type, object_id=None) -> AccessEventQuerySet:
        """Events about one record: `for_object(application)` or `for_object("grants.application", 7)`."""
        if object_id is None and isinstance(obj_or_type, models.Model):
            return self.filter(object_type=object_label(obj_or_type), object_id=str(obj_or_type.pk))
        label = obj_or_type if isinstance(obj_or_type, str) else object_label(obj_or_type)
        return self.filter(object_type=label.lower(), object_id=str(object_id))

    def between(self, start: datetime | None, end: datetime | None) -> AccessEventQuerySet:
        """From `start` (inclusive) to `end` (exclusive); either may be None."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(occurred_at__gte=start)
        if end is not None:
            queryset = queryset.filter(occurred_at__lt=end)
        return queryset

    def sign_in_failures_from(self, ip: str, since: datetime) -> int:
        """Failed passwords and second factors from one address since a time (index audit_event_ip)."""
        return self.filter(action__in=SIGN_IN_FAILURES, ip_address=ip, occurred_at__gte=since).count()

    def newest_first(self) -> AccessEventQuerySet:
        return self.order_by("-occurred_at", "-id")

    # --- append-only -------------------------------------------------------------------------
    def update(self, **kwargs):
        raise AppendOnlyError("updated")

    def delete(self):
        raise AppendOnlyError("deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("updated")

    def _purge_older_than(self, cutoff: datetime) -> int:
        """Retention only (services.audit_purge, inside its SET LOCAL transaction)."""
        return self.filter(occurred_at__lt=cutoff)._raw_delete(self.db)


class AccessEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # audit_event_user (user, occurred_at) serves it
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = "access event"
        ordering = ("-occurred_at", "-id")
        default_permissions = ("view",)
        indexes = [
            models.Index(F("occurred_at").desc(), F("id").desc(), name="audit_event_recent"),
            models.Index(fields=["user", "occurred_at"], name="audit_event_user"),
            models.Index(fields=["username", "occurred_at"], name="audit_event_username"),
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_event_object"),
            models.Index(fields=["action", "ip_address", "occurred_at"], name="audit_event_ip"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(action=""), name="audit_event_has_action")]

    def __str__(self) -> str:
        when = timezone.localtime(self.occurred_at).strftime("%d/%m/%Y %H:%M:%S")
        return f"{when} {self.username or 'anonymous'}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("changed")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("deleted")
