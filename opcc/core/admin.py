from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opcc.core.models import ClosureDay, CustodySuite, LocalAuthority, PolicingArea


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code", "community_safety_partnership")
    search_fields = ("name", "ons_code")


@admin.register(PolicingArea)
class PolicingAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "local_authority", "validity", "sort_order")
    list_filter = ("kind", "valid_from_year", "local_authority")
    search_fields = ("name",)
    list_select_related = ("local_authority",)


@admin.register(CustodySuite)
class CustodySuiteAdmin(admin.ModelAdmin):
    list_display = ("name", "policing_area", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    list_select_related = ("policing_area",)


@admin.register(ClosureDay)
class ClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "description", "created_by")
    search_fields = ("description",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
