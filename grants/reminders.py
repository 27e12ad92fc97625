"""Grants in the daily digest (ADR 0018): monitoring returns due from funded organisations.

A return has no single owner in the grants workflow: office staff schedule and record returns
(`grants.change_monitoringreturn`) and chasing an organisation for one is the same work, so
everyone who records returns gets every return due. Grants managers decide applications and only
read returns (their home page counts the overdue ones), so they are not sent them. An Administrator
holds the same permission for corrections in the admin, so gets them too (and may switch the
digest off). Withdrawn awards are not chased.
"""

from __future__ import annotations

import datetime as dt

from grants.models import MonitoringReturn
from grants.module import MODULE
from opcc.privacy.registry import DueItem
from opcc.privacy.reminders import DueList, capped

ACCESS = "core.access_grants"
RECORD = "grants.change_monitoringreturn"


def monitoring_returns_due(user, today: dt.date, until: dt.date) -> DueList:
    """Returns not received, due up to `until` (overdue too), on awards still in force."""
    if not (user.is_active and user.has_perms((ACCESS, RECORD))):
        return DueList()
    returns = (
        MonitoringReturn.objects.filter(
            received_on__isnull=True, due_on__lte=until, award__withdrawn_on__isnull=True
        )
        .select_related("award__application__organisation")
        .order_by("due_on", "pk")
        .only(
            "pk",
            "due_on",
            "award__application__id",
            "award__application__reference",
            "award__application__organisation__name",
        )
    )

    def item(due: MonitoringReturn) -> DueItem:
        application = due.award.application
        return DueItem(
            module=MODULE.label,
            title=f"{application.reference} ({application.organisation.name}): monitoring return",
            due_on=due.due_on,
            url=application.get_absolute_url(),
        )

    return capped(returns, item)


DUE_ITEMS = [monitoring_returns_due]
