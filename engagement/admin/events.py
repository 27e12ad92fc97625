"""Admin for events and consultations: read by the Administrator, never written here.

Events and consultations are recorded and corrected on their own pages, where the rules live
(`engagement.services.events`, `engagement.services.consultations`: the status table, the area of
the event's year, phase numbers unique, totals from the phases). Here they are shown with their
history; a consultation's phases and results are read-only inlines. Nothing is added or deleted.
"""

from __future__ import annotations

from django.contrib import admin

from engagement.models import Consultation, ConsultationPhase, ConsultationResult, Event
from opcc.core.admin_base import ReadOnlyInline, ViewOnlyAdmin


@admin.register(Event)
class EventAdmin(ViewOnlyAdmin):
    list_display = ("date", "title", "event_type", "area", "status", "commissioner", "audience_estimate")
    list_filter = ("status", "event_type", "commissioner")
    list_select_related = ("area",)
    search_fields = ("title",)
    search_help_text = "Words in the event's title."
    date_hierarchy = "date"
    ordering = ("-date", "-pk")
    fields = (
        "date",
        "title",
        "event_type",
        "area",
        "status",
        "commissioner",
        "deputy",
        "other_office_holders",
        "staff",
        "audience_estimate",
        "consultation",
        "notes",
    )


class PhaseInline(ReadOnlyInline):
    model = ConsultationPhase
    fields = ("number", "phase_type", "title", "starts_on", "ends_on", "measure", "count")
    show_change_link = False


class ResultInline(ReadOnlyInline):
    model = ConsultationResult
    fields = ("metric", "value", "unit", "phase")
    related = ("phase",)
    show_change_link = False


@admin.register(Consultation)
class ConsultationAdmin(ViewOnlyAdmin):
    list_display = ("title", "purpose", "opens_on", "closes_on", "report_published_on")
    list_filter = ("purpose",)
    search_fields = ("title",)
    search_help_text = "Words in the consultation's title."
    date_hierarchy = "opens_on"
    ordering = ("-opens_on", "-pk")
    fields = ("title", "purpose", "opens_on", "closes_on", "summary", "report_url", "report_published_on")
    inlines = (PhaseInline, ResultInline)
