"""The admin base every module's backoffice uses: history, no deleting or reverting, audited reads,
all-or-nothing imports and audited, formula-safe exports.

Status, references and decisions are read-only in a module's admin: they change only through its
services (the transition table and history). Nothing is deleted from the admin, and the history
"revert" is refused, because reverting would write back an old status or amount. Pages of records
holding personal data (`audit_reads = True`) record each view in the audit trail; every export is
recorded, and its cells go through the service's export helper.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.exports import csv_bytes, record_export, xlsx_bytes
from opcc.core.money import format_gbp
from opcc.core.permissions import is_administrator
from opcc.core.resources import error_lines

MAX_LISTED_ERRORS = 20
NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")  # rendered by a widget as text: still a number


def gbp(field: str, label: str):
    """A list or read-only column showing a money field the GOV.UK way (£1,250)."""

    @admin.display(description=label, ordering=field)
    def show(self, obj):
        return format_gbp(getattr(obj, field))

    show.__name__ = f"{field}_gbp"
    return show


class OfficeAdmin(SimpleHistoryAdmin):
    """History, no deleting, no reverting; `editable` lists the only fields a form may change."""

    fields: tuple[str, ...] = ()
    editable: tuple[str, ...] | None = None  # None: every field in `fields` is editable
    can_add = False
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        if self.editable is None:
            return super().get_readonly_fields(request, obj)
        return [name for name in self.fields if name not in self.editable]

    def has_add_permission(self, request):
        return self.can_add and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Old versions can be viewed, not restored: use the service's pages.")
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self.record_read(request, response, object_id, page="admin history version", version=version_id)
        return response

    # --- audit of reads ----------------------------------------------------------------------
    audit_reads = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self.record_read(request, response, object_id, page="admin change")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self.record_read(request, response, object_id, page="admin history")
        return response

    def record_read(self, request, response, object_id, *, page: str, **detail) -> None:
        """RECORD_VIEWED for a successful GET of one record's page, when this admin audits reads."""
        if not self.audit_reads or request.method != "GET" or response.status_code != 200:
            return
        context = getattr(response, "context_data", None) or {}
        obj = context.get("original") or context.get("object")
        if not isinstance(obj, self.model):
            obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            audit_record(
                action=Action.RECORD_VIEWED, request=request, target=obj, detail={"page": page, **detail}
            )


class ViewOnlyAdmin(OfficeAdmin):
    """Records of decisions: shown, never changed here."""

    editable = ()

    def has_change_permission(self, request, obj=None):
        return False


class ImportExportAdmin(ImportExportMixin, OfficeAdmin):
    """Import needs the model's add permission in the backoffice; errors are listed by row."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        perm = f"{self.opts.app_label}.add_{self.opts.model_name}"
        return is_administrator(request.user) and request.user.has_perm(perm)

    def has_export_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The file through the service's export helper, and the export recorded in the audit trail."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        binary = file_format.is_binary()
        dataset = self.get_data_for_export(request, queryset, force_native_type=binary, **kwargs)
        record_export(
            request,
            file_format.get_extension(),
            self.get_export_filename(request, queryset, file_format),
            detail={"list": f"admin {self.opts.verbose_name_plural}", "rows": len(dataset)},
        )
        if binary:
            return xlsx_bytes(
                header=dataset.headers, rows=dataset, sheet_title=str(self.opts.verbose_name_plural)
            )
        rows = (
            [Decimal(v) if isinstance(v, str) and NEGATIVE_NUMBER.fullmatch(v) else v for v in row]
            for row in dataset
        )
        return csv_bytes(dataset.headers, rows)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            self.report_errors(request, result)
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():  # the file changed since the preview
            self.report_errors(request, result)
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    @staticmethod
    def report_errors(request, result) -> None:
        lines = error_lines(result)
        messages.error(
            request,
            f"Nothing was imported: fix {len(lines)} problem{'s' if len(lines) != 1 else ''} and upload "
            "the file again (row 1 is the first row under the header).",
        )
        for line in lines[:MAX_LISTED_ERRORS]:
            messages.error(request, line)
        if len(lines) > MAX_LISTED_ERRORS:
            messages.error(request, f"… and {len(lines) - MAX_LISTED_ERRORS} more.")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True
    related: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
