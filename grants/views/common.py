"""What every grants view shares: permissions, breadcrumbs, turning service errors into form errors."""

from __future__ import annotations

from django.db.models import DecimalField, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from grants.models import MONEY, ZERO
from opcc.core.pages import Page, add_service_errors, subquery_count
from opcc.core.pages import ServiceFormView as BaseServiceFormView

ACCESS = "core.access_grants"
VIEW = (ACCESS, "grants.view_application")
ENTER = "grants.change_application"
DECIDE = "grants.decide_application"
MANAGE = "grants.manage_funds"


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Grants", reverse("grants:home")), *trail]


class GrantsPage(Page):
    """Grants pages: the module permission plus whatever the page needs."""

    permission_required: str | tuple[str, ...] | None = VIEW

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()


class ServiceFormView(GrantsPage, BaseServiceFormView):
    """A grants form page: the grants permission and breadcrumbs, one service behind the form."""


# --- Aggregates in the database: one subquery per figure, never a query per row -----------------

MONEY_FIELD: DecimalField = DecimalField(**MONEY)


def subquery_sum(queryset, expression, *, group: str):
    """SUM(expression) of `queryset` rows grouped on `group` (already filtered on OuterRef)."""
    total = Sum(expression, output_field=MONEY_FIELD)
    totals = queryset.order_by().values(group).annotate(total=total).values("total")[:1]
    return Coalesce(Subquery(totals, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


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
