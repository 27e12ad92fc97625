"""The complaint reviews boxes on the home dashboard and the module's home: counts, each a link to
the review list filtered to the same rows (the list's own filters), one query per box."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from complaints import clock
from complaints.filters import due_within_q, outstanding_recommendations, overdue_q
from complaints.models import Review, Status
from opcc.core.modules import DashboardPanel

ACCESS = "core.access_complaints"
DECIDE = "complaints.decide_review"
WEEK = 5  # "due this week": within five working days


def list_url(**params) -> str:
    return f"{reverse('complaints:reviews')}?{urlencode(params)}"


def awaiting_panel(user) -> DashboardPanel:
    return DashboardPanel(
        title="Awaiting your decision",
        count=Review.objects.awaiting_decision_by(user).count(),
        url=list_url(mine=1),
        hint="Under review with you as the reviewer, and no conflict of interest declared.",
    )


def overdue_panel() -> DashboardPanel:
    return DashboardPanel(
        title="Overdue",
        count=Review.objects.filter(overdue_q(timezone.localdate())).count(),
        url=list_url(overdue=1),
        hint="Past the date to acknowledge or to decide.",
    )


def due_this_week_panel() -> DashboardPanel:
    today = timezone.localdate()
    return DashboardPanel(
        title="Due this week",
        count=Review.objects.filter(due_within_q(WEEK, today=today, closed=clock.closures())).count(),
        url=list_url(due_within=WEEK),
        hint=f"To acknowledge or decide within {WEEK} working days.",
    )


def recommendations_panel() -> DashboardPanel:
    waiting = outstanding_recommendations().filter(review=OuterRef("pk"))
    return DashboardPanel(
        title="Recommendations with no force response",
        count=Review.objects.filter(Exists(waiting)).count(),
        url=list_url(recommendations="outstanding"),
        hint="Reviews whose recommendations were sent to the force and not yet answered.",
    )


def to_acknowledge_panel() -> DashboardPanel:
    return DashboardPanel(
        title="To acknowledge",
        count=Review.objects.to_acknowledge().count(),
        url=list_url(status=Status.RECEIVED),
        hint="Applications received and not yet acknowledged.",
    )


def panels(user) -> list[DashboardPanel]:
    """A Reviews manager's four boxes; office staff (and anyone else in the module) two."""
    if not user.has_perm(ACCESS):
        return []
    if user.has_perm(DECIDE):
        return [awaiting_panel(user), overdue_panel(), due_this_week_panel(), recommendations_panel()]
    return [to_acknowledge_panel(), overdue_panel()]
