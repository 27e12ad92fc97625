"""Correspondence in the daily digest (ADR 0018): the open cases assigned to a person, by due date.

A case whose clock is stopped (awaiting clarification, proof of identity or a fee) is not due: its
due date moves when the clock restarts, so it is left out until then. Titles carry the reference
and the category, never the correspondent or the subject: an email leaves the service.
"""

from __future__ import annotations

import datetime as dt

from engagement.models import Case, CaseStatus
from engagement.module import MODULE
from opcc.privacy.registry import DueItem
from opcc.privacy.reminders import DueList, capped

ACCESS = "core.access_engagement"


def cases_to_answer(user, today: dt.date, until: dt.date) -> DueList:
    """Open cases assigned to this user with the clock running, due up to `until` (overdue too)."""
    if not (user.is_active and user.has_perm(ACCESS)):
        return DueList()
    cases = (
        Case.objects.running()
        .filter(assigned_to=user, due_on__lte=until)
        .select_related("category")
        .order_by("due_on", "pk")
        .only("pk", "reference", "status", "due_on", "category__name")
    )

    def item(case: Case) -> DueItem:
        what = "finish the review of the response" if case.status == CaseStatus.REOPENED else "respond"
        return DueItem(
            module=MODULE.label,
            title=f"{case.reference} ({case.category.name}): {what}",
            due_on=case.due_on,
            url=case.get_absolute_url(),
        )

    return capped(cases, item)


DUE_ITEMS = [cases_to_answer]
