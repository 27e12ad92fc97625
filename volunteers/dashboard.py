"""The coordinator's dashboard on the module home: four panels, each a count, its first rows and a
link to the list filtered to the same records. Two queries a panel (one for the suites), whatever
the number of records.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.modules import DashboardPanel, Panel, url_or_blank
from opcc.core.modules import PanelRow as Row
from volunteers.models import CallOut, CallOutStatus, VisitIssue, Volunteer

EXPIRING_DAYS = 60
ISSUE_DAYS = 28
FIRST_ROWS = 5


def expiring_panel(today: dt.date, *, with_rows: bool = True) -> Panel:
    until = today + dt.timedelta(days=EXPIRING_DAYS)
    people = Volunteer.objects.expiring(on=today, within_days=EXPIRING_DAYS)
    first = people.annotate(
        training_expires=Min(
            "training__expires_on",
            filter=Q(training__expires_on__gte=today, training__expires_on__lte=until),
        )
    ).order_by("last_name", "first_name", "pk")[:FIRST_ROWS]
    rows = []
    for person in first if with_rows else ():
        dates = [
            (person.vetting_expires_on, "police vetting"),
            (person.reaccreditation_due_on, "accreditation"),
            (person.training_expires, "training"),
        ]
        day, what = min((d, w) for d, w in dates if d is not None and today <= d <= until)
        rows.append(
            Row(
                person.name,
                url_or_blank("volunteers:volunteer", person.pk),
                f"{what} expires {long_date(day)}",
            )
        )
    return Panel(
        key="expiring",
        title="Vetting or training expiring",
        count=people.count(),
        url=url_or_blank("volunteers:volunteers", checks="expiring"),
        hint=f"Active volunteers whose vetting, training or accreditation runs out within {EXPIRING_DAYS} days.",
        rows=rows,
    )


def issues_panel(today: dt.date, *, with_rows: bool = True) -> Panel:
    issues = VisitIssue.objects.open().filter(raised_on__lt=today - dt.timedelta(days=ISSUE_DAYS))
    first = issues.select_related("visit__suite").order_by("raised_on", "pk")[:FIRST_ROWS]
    rows = [
        Row(
            f"{issue.visit.reference}: {issue.get_subcategory_display()}",
            url_or_blank("volunteers:issue", issue.pk),
            f"{issue.visit.suite}, raised {long_date(issue.raised_on)}",
        )
        for issue in (first if with_rows else ())
    ]
    return Panel(
        key="issues",
        title=f"Issues open past {ISSUE_DAYS} days",
        count=issues.count(),
        url=url_or_blank("volunteers:issues", overdue="yes"),
        hint=f"Issues raised on visits more than {ISSUE_DAYS} days ago and not yet closed, oldest first.",
        rows=rows,
    )


def suites_panel(today: dt.date) -> Panel:
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    visits_this_week = Count(
        "visits", filter=Q(visits__visited_on__gte=monday, visits__visited_on__lte=sunday)
    )
    below = list(
        CustodySuite.objects.open_between(monday, sunday)
        .filter(active=True, weekly_visit_target__gt=0)
        .annotate(made=visits_this_week)
        .filter(made__lt=F("weekly_visit_target"))
        .order_by("name", "pk")
    )
    rows = [
        Row(
            suite.name,
            url_or_blank("volunteers:coverage", suite=suite.pk),
            f"{suite.made} of {suite.weekly_visit_target} visits",
        )
        for suite in below[:FIRST_ROWS]
    ]
    return Panel(
        key="suites",
        title="Suites below this week's visit target",
        count=len(below),
        url=url_or_blank("volunteers:rota"),
        hint=f"Open suites with fewer visits than their weekly target in the week from {long_date(monday)}.",
        rows=rows,
    )


def callouts_panel(today: dt.date, *, with_rows: bool = True) -> Panel:
    start = today.replace(day=1)
    unfilled = CallOut.objects.filter(
        status=CallOutStatus.UNFILLED, requested_on__gte=start, requested_on__lte=today
    )
    first = unfilled.select_related("suite").order_by("-requested_at", "-pk")[:FIRST_ROWS]
    rows = [
        Row(
            callout.reference,
            url_or_blank("volunteers:callout", callout.pk),
            f"{callout.suite}, {long_date(callout.requested_on)}: {callout.get_unfilled_reason_display() or 'no reason'}",
        )
        for callout in (first if with_rows else ())
    ]
    return Panel(
        key="callouts",
        title="Unfilled call-outs this month",
        count=unfilled.count(),
        url=url_or_blank("volunteers:callouts", unfilled="month"),
        hint=f"Appropriate adult requests since {long_date(start)} that nobody could attend.",
        rows=rows,
    )


def panels(today: dt.date, *, with_rows: bool = True) -> list[Panel]:
    return [
        expiring_panel(today, with_rows=with_rows),
        issues_panel(today, with_rows=with_rows),
        suites_panel(today),
        callouts_panel(today, with_rows=with_rows),
    ]


def home_panels(user) -> list[DashboardPanel]:
    """The same four panels on the service's home page: counts and links only (one query each)."""
    return [
        DashboardPanel(title=p.title, count=p.count, url=p.url, hint=p.hint)
        for p in panels(timezone.localdate(), with_rows=False)
    ]
