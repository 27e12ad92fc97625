from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opcc.reports.models import ReportFile, ReportRun


class ReadOnlyMixin:
    """Runs are records of what the worker did: nobody edits them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportFileInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportFile
    fields = ("format", "size", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("pk", "financial_year", "status", "progress", "requested_by", "created_at", "finished_at")
    list_filter = ("status", "financial_year")
    list_select_related = ("financial_year", "requested_by")
    date_hierarchy = "created_at"
    inlines = [ReportFileInline]


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("run", "format", "size", "created_at")
    list_filter = ("format",)
    list_select_related = ("run__financial_year",)
    fields = ("run", "format", "size", "created_at")
    readonly_fields = fields
