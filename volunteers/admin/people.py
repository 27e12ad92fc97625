"""Admin for volunteers, courses, their training and the AA availability rota.

A volunteer's status, appointment and re-accreditation move only through the volunteer pages (the
transition table and its history); here an Administrator corrects descriptive details. Courses
(which scheme requires each, how long it lasts) are the Administrators' to add and change. Nothing
is deleted. Volunteers' contact details are personal data: each view is in the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from opcc.core.admin_base import OfficeAdmin, ReadOnlyInline
from volunteers.models import Availability, Course, TrainingRecord, Volunteer

VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "scheme",
    "email",
    "phone",
    "address",
    "postcode",
    "area",
    "team",
    "status",
    "status_changed_on",
    "status_reason",
    "applied_on",
    "appointed_on",
    "reaccreditation_due_on",
    "left_on",
    "vetting_level",
    "vetting_cleared_on",
    "vetting_expires_on",
    "independence_declared_on",
)


class TrainingInline(ReadOnlyInline):
    model = TrainingRecord
    fields = ("course", "completed_on", "expires_on")
    related = ("course",)
    show_change_link = False


@admin.register(Volunteer)
class VolunteerAdmin(OfficeAdmin):
    audit_reads = True
    list_display = ("__str__", "scheme", "status", "team", "vetting_expires_on", "reaccreditation_due_on")
    list_filter = ("scheme", "status")
    list_select_related = ("area",)
    search_fields = ("last_name", "first_name")
    ordering = ("last_name", "first_name", "pk")
    fields = VOLUNTEER_FIELDS
    editable = ("first_name", "last_name", "email", "phone", "address", "postcode", "area", "team")
    inlines = (TrainingInline,)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Reference data without history of its own (a completion keeps its own dates); never deleted:
    untick `active` to stop offering a course."""

    list_display = ("name", "required_for_icv", "required_for_aa", "valid_months", "active")
    list_filter = ("active", "required_for_icv", "required_for_aa")
    search_fields = ("name",)
    ordering = ("name", "pk")
    fields = ("name", "required_for_icv", "required_for_aa", "valid_months", "active")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Availability)
class AvailabilityAdmin(OfficeAdmin):
    list_display = ("volunteer", "starts_at", "ends_at")
    list_select_related = ("volunteer",)
    search_fields = ("volunteer__last_name",)
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "-pk")
    raw_id_fields = ("volunteer",)
    fields = ("volunteer", "starts_at", "ends_at")
    editable = ("starts_at", "ends_at")


__all__ = ["AvailabilityAdmin", "CourseAdmin", "VolunteerAdmin"]
