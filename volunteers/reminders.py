"""Custody schemes in the daily digest (ADR 0018): volunteers' vetting and accreditation running out.

For the people who coordinate volunteers (`volunteers.coordinate_volunteers`); office staff read
the schemes but do not renew anyone. Active volunteers only; a date already past stays in the
digest (overdue) until it is renewed or the volunteer is suspended, because an active volunteer
with lapsed vetting must not visit. A volunteer with no date recorded has no deadline to remind.
"""

from __future__ import annotations

import datetime as dt

from opcc.privacy.registry import DueItem
from opcc.privacy.reminders import DueList, capped
from volunteers.models import Volunteer
from volunteers.module import MODULE

ACCESS = "core.access_volunteers"
COORDINATE = "volunteers.coordinate_volunteers"


def _expiring(user, until: dt.date, field: str, what: str) -> DueList:
    if not (user.is_active and user.has_perms((ACCESS, COORDINATE))):
        return DueList()
    people = (
        Volunteer.objects.active()
        .filter(**{f"{field}__lte": until})
        .order_by(field, "pk")
        .only("pk", "first_name", "last_name", field)
    )
    return capped(
        people,
        lambda person: DueItem(
            module=MODULE.label,
            title=f"{person.name}: {what}",
            due_on=getattr(person, field),
            url=person.get_absolute_url(),
        ),
    )


def vetting_expiring(user, today: dt.date, until: dt.date) -> DueList:
    """Police vetting that runs out by `until` (the vetting_expires_on index)."""
    return _expiring(user, until, "vetting_expires_on", "police vetting expires")


def reaccreditation_due(user, today: dt.date, until: dt.date) -> DueList:
    """Reaccreditation due by `until` (the reaccreditation_due_on index)."""
    return _expiring(user, until, "reaccreditation_due_on", "reaccreditation due")


DUE_ITEMS = [vetting_expiring, reaccreditation_due]
