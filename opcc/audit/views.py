"""The audit trail's pages (Administrators only) and the mixin that records a record being read.

Searching and exporting the trail are themselves recorded. There is no page that changes or
deletes an event.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import LazyPaginator, SingleTableMixin

from opcc.audit.filters import AccessEventFilter
from opcc.audit.models import AccessEvent, Action
from opcc.audit.services import audit_record
from opcc.audit.tables import AccessEventTable
from opcc.core.exports import query_filters
from opcc.core.permissions import is_administrator
from opcc.exports.registry import ExportList, filtered
from opcc.exports.views import ExportView

PER_PAGE = 50
EXPORT_HEADER = [
    "When",
    "Username",
    "User id",
    "What happened",
    "Action code",
    "Address",
    "Record type",
    "Record id",
    "Record",
    "Page",
    "Browser",
    "Details (JSON)",
]
EXPORT_FIELDS = (
    "occurred_at",
    "username",
    "user_id",
    "action",
    "action",
    "ip_address",
    "object_type",
    "object_id",
    "object_repr",
    "path",
    "user_agent",
    "detail",
)


class RecordViewAudited:
    """Records RECORD_VIEWED when a detail page's GET succeeds, with the record and what was shown.

    Put it after the permission mixin and before DetailView (it needs `self.object`).
    """

    audit_page = ""
    object: Any

    def get_audit_detail(self) -> dict[str, Any]:
        return {"page": self.audit_page or self.object._meta.model_name}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200 and getattr(self, "object", None) is not None:
            audit_record(
                action=Action.RECORD_VIEWED,
                request=request,
                target=self.object,
                detail=self.get_audit_detail(),
            )
        return response


class AdministratorOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied("The audit trail is for administrators only.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def audit_queryset():
    return AccessEvent.objects.newest_first()


class AuditListView(AdministratorOnly, SingleTableMixin, FilterView):
    template_name = "audit/list.html"
    filterset_class = AccessEventFilter
    table_class = AccessEventTable
    paginator_class = LazyPaginator
    table_pagination = {"per_page": PER_PAGE}

    def get_queryset(self):
        return audit_queryset()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_filtered():
            audit_record(
                action=Action.AUDIT_SEARCHED, request=request, detail={"filters": self.search_filters()}
            )
        return response

    def search_filters(self) -> dict[str, Any]:
        filters = query_filters(self.request)
        filters.pop("page", None)
        filters.pop("sort", None)
        return filters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context.update(
            page_title="Audit trail",
            breadcrumbs=[("Home", reverse("core:home"))],
            export_query=query.urlencode(),
            filters_active=self.filterset.is_bound and any(v for v in query.values()),
        )
        return context


def export_rows(queryset):
    labels = dict(Action.choices)
    for row in queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000):
        values = list(row)
        values[0] = timezone.localtime(values[0])
        values[3] = labels.get(values[3], values[3])
        values[11] = json.dumps(values[11], ensure_ascii=False, sort_keys=True) if values[11] else ""
        yield values


export_queryset = filtered(AccessEventFilter, audit_queryset)


AUDIT_TRAIL = ExportList(
    name="audit.trail",
    title="Audit trail",
    filename="audit-trail",
    list_url="audit:list",
    header=EXPORT_HEADER,
    queryset=export_queryset,
    rows=export_rows,
    allowed=is_administrator,
    sheet_title="Audit trail",
    audit_action=Action.AUDIT_EXPORTED,
)


class AuditExportView(ExportView):
    """Streams up to the export stream limit; a larger trail is written by the worker (opcc.exports)."""

    export = AUDIT_TRAIL
