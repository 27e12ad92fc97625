"""Complaint reviews in the daily digest (ADR 0018): the reviews a Reviews manager must decide.

The only clock the module gives to one person is the decision: a review has a reviewer from the
moment it starts until the decision. Acknowledging an application is office work with no named
owner (the home page's "To acknowledge" box), and the oversight registers' actions name an owner in
words, not an account, so neither is anyone's reminder.
"""

from __future__ import annotations

import datetime as dt

from complaints.filters import DECIDE_CLOCK
from complaints.models import Review, Status
from complaints.module import MODULE
from opcc.privacy.registry import DueItem
from opcc.privacy.reminders import DueList, capped

ACCESS = "core.access_complaints"
DECIDE = "complaints.decide_review"


def reviews_to_decide(user, today: dt.date, until: dt.date) -> DueList:
    """Undecided reviews this user is the reviewer of (no conflict declared), decide-by up to `until`.

    The (reviewer, status, decide_by) index serves it; one or two queries whatever the rows."""
    if not (user.is_active and user.has_perms((ACCESS, DECIDE))):
        return DueList()
    reviews = (
        Review.objects.filter(reviewer=user, status__in=DECIDE_CLOCK, decide_by__lte=until)
        .exclude(conflicts__user=user)
        .order_by("decide_by", "pk")
        .only("pk", "reference", "status", "decide_by")
    )

    def item(review: Review) -> DueItem:
        waiting = " (awaiting force information)" if review.status == Status.AWAITING_FORCE else ""
        return DueItem(
            module=MODULE.label,
            title=f"{review.reference}: decide the review{waiting}",
            due_on=review.decide_by,
            url=review.get_absolute_url(),
        )

    return capped(reviews, item)


DUE_ITEMS = [reviews_to_decide]
