"""The privacy records in the admin: retention rules editable (through the service); holds, batches,
the disposal log, disclosure bundles' log and the digest log shown only. The logs are append-only,
and holds, batches and bundles change through their pages."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from opcc.core.admin_base import OfficeAdmin
from opcc.privacy import registry, retention
from opcc.privacy.models import (
    DisclosureBundle,
    DisposalBatch,
    DisposalEntry,
    LegalHold,
    ReminderSent,
    RetentionRule,
)
from opcc.privacy.registry import Trigger


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ("months", "trigger", "active", "note")

    def clean_trigger(self):
        trigger = self.cleaned_data["trigger"]
        try:
            offered = registry.record_type(self.instance.record_type).triggers
        except LookupError:
            raise forms.ValidationError("No module declares this record type any more.") from None
        if trigger not in offered:
            names = ", ".join(Trigger(t).label for t in offered)
            raise forms.ValidationError(f"This record type can only count from {names}.")
        return trigger


@admin.register(RetentionRule)
class RetentionRuleAdmin(OfficeAdmin):
    form = RetentionRuleForm
    list_display = ("record_type", "months", "trigger", "active", "updated_at")
    list_filter = ("active", "trigger")
    fields = ("record_type", "months", "trigger", "active", "note", "updated_by", "updated_at")
    editable = ("months", "trigger", "active", "note")

    def save_model(self, request, obj, form, change):
        """Through the service: the same checks, history user and audit event as the page."""
        retention.rule_update(
            rule=obj,
            months=obj.months,
            trigger=obj.trigger,
            active=obj.active,
            note=obj.note,
            by=request.user,
        )


class ShownOnlyAdmin(admin.ModelAdmin):
    """Rows without a history of their own: shown, never added, changed or deleted here."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(ShownOnlyAdmin):
    list_display = ("record_label", "source", "placed_at", "lifted_at")
    list_filter = ("source",)
    fields = (
        "record_label", "source", "content_type", "object_id", "reason", "placed_by", "placed_at",
        "lifted_by", "lifted_at", "lift_reason",
    )  # fmt: skip


@admin.register(DisposalBatch)
class DisposalBatchAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "status", "due_count", "held_count", "created_at")
    list_filter = ("status",)
    fields = (
        "as_of", "status", "created_at", "created_by", "decided_by", "decided_at", "reject_reason",
        "completed_at", "due_count", "held_count",
    )  # fmt: skip


@admin.register(DisposalEntry)
class DisposalEntryAdmin(ShownOnlyAdmin):
    list_display = ("record_label", "record_type", "outcome", "rule", "done_at")
    list_filter = ("outcome", "record_type")
    fields = (
        "batch", "record_label", "record_type", "content_type", "object_id", "rule", "trigger_date",
        "approved_by", "approved_at", "done_at", "outcome",
    )  # fmt: skip


@admin.register(DisclosureBundle)
class DisclosureBundleAdmin(ShownOnlyAdmin):
    """Which subject access request had a bundle built, when, by whom, and how big: the files
    themselves are served only by the subject access pages (office staff, audited)."""

    list_display = ("__str__", "request_type", "request_id", "status", "record_count", "requested_at")
    list_filter = ("status",)
    fields = (
        "request_type", "request_id", "status", "requested_by", "requested_at", "built_at",
        "build_seconds", "record_count", "released_by", "released_at", "error",
    )  # fmt: skip


@admin.register(ReminderSent)
class ReminderSentAdmin(ShownOnlyAdmin):
    """The digest log: who was sent one on which day (to answer "did my reminder go?")."""

    list_display = ("user", "day", "item_count", "sent_at")
    list_filter = ("day",)
    fields = ("user", "day", "item_count", "sent_at")
    list_select_related = ("user",)
