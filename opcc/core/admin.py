"""Reference data in the admin, and the widget choice every admin uses for few choices."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opcc.core.models import ClosureDay, CustodySuite, LocalAuthority, PolicingArea


class CheckboxesMixin:
    """`checkbox_fields`: many-to-many fields with few choices, shown as a list of checkboxes in a
    fieldset (Django's two-box `filter_horizontal` fails axe and is refused by a system check).
    Many choices: leave the plain multiple select; a large table: `raw_id_fields`."""

    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


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
    list_display = ("name", "policing_area", "active", "opened_on", "closed_on", "weekly_visit_target")
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


# Documents (read-only) and letter templates: their own module, registered on import.
from opcc.core.documents import admin as documents_admin  # noqa: E402, F401
