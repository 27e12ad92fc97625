"""What every grants view shares: permissions, breadcrumbs, turning service errors into form errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count, DecimalField, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from grants.models import MONEY, ZERO
from opcc.core.permissions import PermissionMixin

ACCESS = "core.access_grants"
VIEW = (ACCESS, "grants.view_application")
ENTER = "grants.change_application"
DECIDE = "grants.decide_application"
MANAGE = "grants.manage_funds"


def add_service_errors(form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: known field keys on fields, the rest on top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Grants", reverse("grants:home")), *trail]


class GrantsPage(PermissionMixin):
    """Grants pages: the module permission plus whatever the page needs."""

    permission_required: tuple[str, ...] = VIEW
    page_title = ""

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()

    def get_page_title(self) -> str:
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("breadcrumbs", self.get_breadcrumbs())
        return context


class ServiceFormView(GrantsPage, FormView):
    """A form whose valid data goes to ONE service; service errors come back as form errors."""

    template_name = "grants/form_page.html"
    submit_label = "Save"
    success_message = ""
    error_field_map: dict[str, str] = {}
    cancel_url = ""

    def perform(self, form):  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc, self.error_field_map)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def get_cancel_url(self) -> str:
        return self.cancel_url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("submit_label", self.submit_label)
        context.setdefault("cancel_url", self.get_cancel_url())
        return context


# --- Aggregates in the database: one subquery per figure, never a query per row -----------------

MONEY_FIELD: DecimalField = DecimalField(**MONEY)


def subquery_sum(queryset, expression, *, group: str):
    """SUM(expression) of `queryset` rows grouped on `group` (already filtered on OuterRef)."""
    total = Sum(expression, output_field=MONEY_FIELD)
    totals = queryset.order_by().values(group).annotate(total=total).values("total")[:1]
    return Coalesce(Subquery(totals, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def subquery_count(queryset, *, group: str):
    counts = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counts), Value(0))


__all__ = [
    "ACCESS",
    "DECIDE",
    "ENTER",
    "MANAGE",
    "VIEW",
    "GrantsPage",
    "ServiceFormView",
    "add_service_errors",
    "crumbs",
    "subquery_count",
    "subquery_sum",
]
