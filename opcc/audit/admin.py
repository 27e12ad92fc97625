"""The audit trail in the admin: Administrators may read and search it; nobody may add, change or
delete an event, and there are no actions (so no "delete selected")."""

from __future__ import annotations

import contextlib
import ipaddress
from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property

from opcc.audit.models import AccessEvent
from opcc.core.permissions import is_administrator


class EstimatedCountPaginator(Paginator):
    """The whole table's size from PostgreSQL's statistics instead of counting millions of rows;
    an exact count once a filter narrows the list down (those use the indexes)."""

    @cached_property
    def count(self) -> int:
        queryset: Any = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where:
            connection = connections[queryset.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                        [queryset.model._meta.db_table],
                    )
                    row = cursor.fetchone()
                if row and row[0] > 100_000:
                    return int(row[0])
        return super().count


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "username",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "ip_address",
    )
    list_filter = ("action", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("=username", "=object_id", "=object_type", "=ip_address")
    search_help_text = "Exact username, record id, record type (for example grants.application) or address."
    readonly_fields = tuple(f.name for f in AccessEvent._meta.fields)
    fields = readonly_fields
    actions = None
    change_list_template = "audit/admin_change_list.html"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    ordering = ("-occurred_at", "-id")

    def get_search_results(self, request, queryset, search_term):
        """Exact matches on indexed columns (an icontains scan of millions of rows would not do)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        match = Q(username=term) | Q(object_id=term) | Q(object_type=term.lower())
        with contextlib.suppress(ValueError):
            match |= Q(ip_address=str(ipaddress.ip_address(term)))
        return queryset.filter(match), False

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
