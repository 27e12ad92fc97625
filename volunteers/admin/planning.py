"""Admin for the visit rota: slots with their pairs read-only (pairs change on the rota pages,
through the services that check eligibility and double-booking). Suites' weekly visit targets are
edited in the core custody suite admin."""

from __future__ import annotations

from django.contrib import admin

from opcc.core.admin_base import ReadOnlyInline, ViewOnlyAdmin
from volunteers.models import RotaAssignment, RotaSlot


class AssignmentInline(ReadOnlyInline):
    model = RotaAssignment
    fields = ("volunteer",)
    related = ("volunteer",)
    show_change_link = False
    verbose_name = "visitor"
    verbose_name_plural = "visitors"


@admin.register(RotaSlot)
class RotaSlotAdmin(ViewOnlyAdmin):
    list_display = ("day", "band", "suite", "cancelled_reason", "visit")
    list_filter = ("band", "suite")
    list_select_related = ("suite", "visit")
    date_hierarchy = "day"
    ordering = ("-day", "pk")
    raw_id_fields = ("visit",)
    fields = ("suite", "day", "band", "visit", "cancelled_reason")
    inlines = (AssignmentInline,)


__all__ = ["RotaSlotAdmin"]
