"""Admin for the Outstanding Citizens Awards.

Award categories are the Administrator's reference data: added and renamed here, retired by
unticking `active` (never deleted: nominations keep theirs). Editions and nominations are recorded
and judged on their own pages (`engagement.services.awards`: one winner per category, the young
person rule), so here they are read with their history. A nomination's page holds the nominator's
contact details: each view is in the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from engagement.models import AwardCategory, AwardEdition, Nomination
from opcc.core.admin_base import ViewOnlyAdmin


@admin.register(AwardCategory)
class AwardCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "for_young_people", "sort_order", "active")
    list_filter = ("active", "for_young_people")
    search_fields = ("name",)
    ordering = ("sort_order", "name", "pk")
    fields = ("name", "for_young_people", "sort_order", "active")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardEdition)
class AwardEditionAdmin(ViewOnlyAdmin):
    list_display = ("__str__", "nominations_open_on", "nominations_close_on", "ceremony_on")
    ordering = ("-number", "-pk")
    fields = ("number", "nominations_open_on", "nominations_close_on", "ceremony_on", "categories")


@admin.register(Nomination)
class NominationAdmin(ViewOnlyAdmin):
    audit_reads = True
    list_display = ("nominee_name", "edition", "category", "status", "young_person", "received_on")
    list_filter = ("status", "young_person", "category")
    list_select_related = ("edition", "category")
    search_fields = ("nominee_name",)
    search_help_text = "Words in the nominee's name."
    ordering = ("-edition__number", "category__sort_order", "nominee_name", "pk")
    fields = (
        "edition",
        "category",
        "nominee_name",
        "nominee_kind",
        "area",
        "nominator_name",
        "nominator_contact",
        "citation",
        "young_person",
        "publicity_consent",
        "received_on",
        "status",
        "decision_note",
    )
