"""Admin for panel members (imported from the office's lists), hearings and tribunals.

Stages and appointments change only on the hearing and appeal pages (the stage tables and the
rota); here an Administrator corrects descriptive details and sees the appointments and the rota's
skips read-only. Nothing is deleted. Members' contact details are personal data: reads are audited.
"""

from __future__ import annotations

from django.contrib import admin

from complaints.admin.registers import RegisterImportExportAdmin
from complaints.models import Appeal, Appointment, Hearing, PanelMember, RotaSkip
from opcc.core.admin_base import OfficeAdmin, ReadOnlyInline
from opcc.core.resources import YES_NO, AllOrNothingResource, ChoiceWidget, UKDateWidget, column

MEMBER_FIELDS = (
    "name",
    "role",
    "qualified",
    "email",
    "phone",
    "region",
    "term_starts_on",
    "term_ends_on",
    "vetting_expires_on",
    "last_trained_on",
    "training_notes",
    "declared_interests",
    "unavailable_from",
    "unavailable_until",
    "active",
)


class PanelMemberResource(AllOrNothingResource):
    """The office's lists; an existing member is found by name and role. Dates as 31/03/2025."""

    name = column("name")
    role = column("role", widget=ChoiceWidget(PanelMember.Role.choices))
    qualified = column("qualified", widget=ChoiceWidget(YES_NO, blank=False))
    email = column("email")
    phone = column("phone")
    region = column("region")
    term_starts_on = column("term_starts_on", widget=UKDateWidget())
    term_ends_on = column("term_ends_on", widget=UKDateWidget())
    vetting_expires_on = column("vetting_expires_on", widget=UKDateWidget())
    last_trained_on = column("last_trained_on", widget=UKDateWidget())
    training_notes = column("training_notes")
    declared_interests = column("declared_interests")
    unavailable_from = column("unavailable_from", widget=UKDateWidget())
    unavailable_until = column("unavailable_until", widget=UKDateWidget())
    active = column("active", widget=ChoiceWidget(YES_NO, blank=True))

    class Meta:
        model = PanelMember
        name = "Panel members"
        fields = MEMBER_FIELDS
        import_id_fields = ("name", "role")
        use_transactions = True
        clean_model_instances = True


class AppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ("member", "role", "sits_on", "by_rota", "note")
    related = ("member",)
    show_change_link = False


class SkipInline(ReadOnlyInline):
    model = RotaSkip
    fields = ("member", "reason", "note")
    related = ("member",)
    show_change_link = False


@admin.register(PanelMember)
class PanelMemberAdmin(RegisterImportExportAdmin):
    resource_classes = [PanelMemberResource]
    audit_reads = True
    can_add = True
    list_display = ("name", "role", "qualified", "term_ends_on", "vetting_expires_on", "active")
    list_filter = ("role", "active", "qualified")
    search_fields = ("name",)
    ordering = ("name", "pk")
    fields = MEMBER_FIELDS


@admin.register(Hearing)
class HearingAdmin(OfficeAdmin):
    audit_reads = True
    list_display = ("force_reference", "kind", "rank_band", "starts_on", "stage")
    list_filter = ("stage", "kind", "rank_band")
    search_fields = ("=force_reference",)
    search_help_text = "The force's reference, exactly."
    date_hierarchy = "starts_on"
    ordering = ("-starts_on", "-pk")
    fields = (
        "force_reference",
        "requested_on",
        "kind",
        "rank_band",
        "starts_on",
        "ends_on",
        "stage",
        "outcome",
        "outcome_notified_on",
    )
    editable = ("force_reference", "kind", "outcome")
    inlines = (AppointmentInline, SkipInline)


@admin.register(Appeal)
class AppealAdmin(OfficeAdmin):
    audit_reads = True
    list_display = ("force_reference", "received_on", "against", "tribunal_on", "stage")
    list_filter = ("stage", "against")
    list_select_related = ("hearing",)
    search_fields = ("=force_reference",)
    search_help_text = "The force's reference, exactly."
    date_hierarchy = "received_on"
    ordering = ("-received_on", "-pk")
    raw_id_fields = ("hearing",)
    fields = (
        "force_reference",
        "received_on",
        "against",
        "rank_band",
        "hearing",
        "tribunal_arranged_on",
        "tribunal_on",
        "stage",
        "outcome",
        "outcome_notes",
    )
    editable = ("force_reference", "against", "outcome_notes")
    inlines = (AppointmentInline, SkipInline)


__all__ = ["AppealAdmin", "HearingAdmin", "PanelMemberAdmin"]
