"""The correspondence dashboard: "Assigned to me", "Overdue" and "FOI and SAR due this week", each a
count, its first rows (soonest due first) and a link to the case list filtered the same way. Two
queries a panel whatever the number of cases; the service's home page shows the three counts (one
query).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from engagement import clock
from engagement.models import Case, Regime
from engagement.services.common import may_record
from opcc.core.modules import DashboardPanel, Panel, url_or_blank
from opcc.core.modules import PanelRow as Row

FIRST_ROWS = 5
INFORMATION_REGIMES = (Regime.FOI, Regime.EIR, Regime.SAR)


def friday_of(today: dt.date) -> dt.date:
    """This week's Friday; at the weekend, the coming one."""
    return today + dt.timedelta(days=(4 - today.weekday()) % 7)


def _rows(cases, today: dt.date) -> list[Row]:
    first = cases.select_related("category").order_by("due_on", "pk")[:FIRST_ROWS]
    return [
        Row(
            f"{case.reference}: {case.subject}",
            url_or_blank("engagement:case", case.pk),
            f"{case.category}, {clock.days_left_label(rule=case.category.rule, left=_left(case, today))}",
        )
        for case in first
    ]


def _left(case: Case, today: dt.date) -> int:
    # Closure days are left out here: a dashboard line, not the deadline of record.
    return clock.days_left(rule=case.category.rule, due_on=case.due_on, today=today)


def _panel(
    key: str, title: str, cases, *, url: str, hint: str, today: dt.date, with_rows: bool, counted: bool
) -> Panel:
    return Panel(
        key=key,
        title=title,
        count=cases.count() if counted else 0,
        url=url,
        hint=hint,
        rows=_rows(cases, today) if with_rows else [],
    )


def panels(user, today: dt.date, *, with_rows: bool = True, counted: bool = True) -> list[Panel]:
    """Assigned to me (for those who handle cases), overdue, and information requests due this week.

    Without `counted` (and `with_rows`) nothing is read: the titles, links and hints only."""
    found = []
    if may_record(user):
        found.append(
            _panel(
                "mine",
                "Assigned to me",
                Case.objects.assigned_to_user(user),
                url=url_or_blank("engagement:cases", assignee=user.pk, status="open"),
                hint="Open cases assigned to you, soonest due first.",
                today=today,
                with_rows=with_rows,
                counted=counted,
            )
        )
    friday = friday_of(today)
    found.append(
        _panel(
            "overdue",
            "Overdue",
            Case.objects.overdue(today),
            url=url_or_blank("engagement:cases", overdue=1),
            hint="Open cases past their due date with the clock running (stopped clocks are not overdue).",
            today=today,
            with_rows=with_rows,
            counted=counted,
        )
    )
    found.append(
        _panel(
            "foi_sar",
            "FOI and SAR due this week",
            Case.objects.due_by(friday).filter(category__regime__in=INFORMATION_REGIMES),
            url=url_or_blank("engagement:cases", regime="foi_sar", due_by=friday.isoformat()),
            hint=(
                "Freedom of information, environmental information and subject access requests due by "
                f"{friday:%A} {friday.day} {friday:%B}, overdue ones included."
            ),
            today=today,
            with_rows=with_rows,
            counted=counted,
        )
    )
    return found


def home_panels(user) -> list[DashboardPanel]:
    """The same panels on the service's home page: counts and links only, all three in one query
    (the same conditions as the querysets above, counted together over the open cases)."""
    today = timezone.localdate()
    running = Q(clock_stopped_since__isnull=True)
    counts = Case.objects.open().aggregate(
        mine=Count("pk", filter=Q(assigned_to=user.pk)),
        overdue=Count("pk", filter=running & Q(due_on__lt=today)),
        foi_sar=Count(
            "pk",
            filter=running & Q(due_on__lte=friday_of(today), category__regime__in=INFORMATION_REGIMES),
        ),
    )
    return [
        DashboardPanel(title=p.title, count=counts[p.key], url=p.url, hint=p.hint)
        for p in panels(user, today, with_rows=False, counted=False)
    ]
