"""The grants boxes on the home dashboard: what awaits this user, with links to the filtered lists."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from grants.models import ZERO, Application, MonitoringReturn, Status
from opcc.core.modules import DashboardPanel


def _list_url(**params) -> str:
    return f"{reverse('grants:applications')}?{urlencode(params)}"


def awaiting_decision(user) -> dict:
    """Count and total requested of the applications this manager may decide now."""
    figures = Application.objects.decidable_by(user).aggregate(
        count=Count("pk"), amount=Sum("amount_requested")
    )
    return {"count": figures["count"], "amount": figures["amount"] or ZERO}


def panels(user) -> list[DashboardPanel]:
    result: list[DashboardPanel] = []
    if user.has_perm("grants.decide_application"):
        figures = awaiting_decision(user)
        result.append(
            DashboardPanel(
                title="Awaiting your decision",
                count=figures["count"],
                amount=figures["amount"],
                url=_list_url(awaiting="me"),
                hint="Assessed applications you did not enter or assess, requesting this amount in total.",
            )
        )
    if user.has_perm("grants.change_application"):
        overdue = (
            MonitoringReturn.objects.overdue(timezone.localdate())
            .filter(award__withdrawn_on__isnull=True)
            .values("award__application")
            .distinct()
            .count()
        )
        result.append(
            DashboardPanel(
                title="Monitoring overdue",
                count=overdue,
                url=_list_url(monitoring="overdue"),
                hint="Grants with a monitoring return past its due date.",
            )
        )
        returned = Application.objects.filter(status=Status.RETURNED).count()
        result.append(
            DashboardPanel(
                title="Returned applications",
                count=returned,
                url=_list_url(status=Status.RETURNED),
                hint="Waiting for more information from the applicant.",
            )
        )
    return result
