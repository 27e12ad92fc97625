"""Export jobs in the admin: Administrators read, search and delete them (the file goes too); nobody
adds or changes one by hand, and a queued or running job is not deleted (its worker would write it
back)."""

from __future__ import annotations

from django.contrib import admin, messages

from opcc.core.permissions import is_administrator
from opcc.exports import services
from opcc.exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "list_name", "format", "status", "row_count", "size", "requested_by", "created_at")
    list_filter = ("status", "format")
    list_select_related = ("requested_by",)
    search_fields = ("=list_name", "=requested_by__username")
    search_help_text = "Exact list name (for example grants.applications) or username."
    show_full_result_count = False
    ordering = ("-created_at", "-pk")
    readonly_fields = tuple(f.name for f in ExportJob._meta.fields)
    fields = readonly_fields

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) and (obj is None or not obj.is_active)

    def delete_model(self, request, obj) -> None:
        services.export_job_delete(job=obj)

    def delete_queryset(self, request, queryset) -> None:
        kept = sum(not services.export_job_delete(job=job) for job in queryset.iterator())
        if kept:
            messages.warning(
                request, f"{kept} queued or running export job(s) kept: they are still being written."
            )
