"""The custody schemes pages the benchmark times: the four lists (built like every other list, from
their FilterSets and tables), the coverage heatmap and the coordinator's dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from volunteers.filters.callouts import CallOutFilter
from volunteers.filters.people import VolunteerFilter
from volunteers.filters.visits import IssueFilter, VisitFilter
from volunteers.models import CallOut, CustodyVisit, VisitIssue, Volunteer
from volunteers.tables.callouts import CallOutTable
from volunteers.tables.people import VolunteerTable
from volunteers.tables.visits import IssueTable, VisitTable

from .pages import ListSpec, Page, _middle
from .volunteers import SEARCH_NAME

HEATMAP_DAYS = 364  # a year of one suite's visits (the form allows up to three)


def list_specs() -> list[ListSpec]:
    callout = _middle(CallOut)
    return [
        ListSpec(
            "volunteers",
            "volunteers:volunteers",
            Volunteer,
            VolunteerFilter,
            VolunteerTable,
            [("a surname", SEARCH_NAME)],
            Volunteer,
        ),
        ListSpec("visits", "volunteers:visits", CustodyVisit, VisitFilter, VisitTable, [], CustodyVisit),
        ListSpec("issues", "volunteers:issues", VisitIssue, IssueFilter, IssueTable, [], VisitIssue),
        ListSpec(
            "call-outs",
            "volunteers:callouts",
            CallOut,
            CallOutFilter,
            CallOutTable,
            [
                ("a reference", callout.reference if callout else "AA-2024-0001"),
                ("a custody number", callout.custody_number if callout else "001/24/00001"),
                ("a year's references", f"AA-{timezone.localdate().year}"),
            ],
            CallOut,
        ),
    ]


def other_pages() -> list[Page]:
    """The dashboard, and the heatmap as it opens and over a year of the most visited suite."""
    today = timezone.localdate()
    first = today - dt.timedelta(days=HEATMAP_DAYS)
    busiest = (
        CustodyVisit.objects.filter(visited_on__gte=first)
        .values("suite")
        .annotate(n=Count("pk"))
        .order_by("-n", "suite")
        .values_list("suite", flat=True)
        .first()
    )
    coverage = reverse("volunteers:coverage")
    pages = [
        Page("custody schemes", "dashboard", reverse("volunteers:home")),
        Page("custody schemes", "heatmap, as it opens", coverage),
    ]
    if busiest is not None:
        period = f"first={first:%d/%m/%Y}&last={today:%d/%m/%Y}"
        pages.append(
            Page(
                "custody schemes",
                "heatmap, a year of the busiest suite",
                f"{coverage}?suite={busiest}&{period}",
            )
        )
    return pages
