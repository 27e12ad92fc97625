"""The correspondence and engagement pages the benchmark times: the case and event lists (built like
every other list, from their FilterSets and tables), the case list as the dashboard links to it
(open, overdue, due within five working days, FOI and SAR due this week, assigned to me), one case's
page, the calls log and the module home with its dashboard."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from engagement.dashboard import friday_of
from engagement.filters.casework import CaseFilter
from engagement.filters.events import EventFilter
from engagement.models import Case, Event
from engagement.tables.casework import CaseTable
from engagement.tables.events import EventTable

from .engagement import SEARCH_NAME
from .pages import ListSpec, Page, _middle

GROUP = "correspondence"


def list_specs() -> list[ListSpec]:
    case = _middle(Case)
    return [
        ListSpec(
            "cases",
            "engagement:cases",
            Case,
            CaseFilter,
            CaseTable,
            [
                ("a reference", case.reference if case else "COR-2024-0001"),
                ("a correspondent surname", SEARCH_NAME),
                ("a year's references", f"COR-{timezone.localdate().year}-"),
            ],
            Case,
        ),
        ListSpec("events", "engagement:events", Event, EventFilter, EventTable, [], Event),
    ]


def other_pages(user) -> list[Page]:
    """The case list as the dashboard and the office use it, a case, the calls log, the home page."""
    cases = reverse("engagement:cases")
    friday = friday_of(timezone.localdate())

    def listed(label: str, **query) -> Page:
        return Page("cases", label, f"{cases}?{urlencode(query)}")

    pages = [
        listed("open", status="open"),
        listed("overdue", overdue="true"),
        listed("due within 5 working days", due_within=5),
        listed("open, soonest due first", status="open", sort="due"),
        listed("FOI and SAR due this week", regime="foi_sar", due_by=f"{friday:%d/%m/%Y}"),
        listed("assigned to me", assignee=user.pk, status="open"),
        Page(GROUP, "dashboard", reverse("engagement:home")),
        Page(GROUP, "calls log", reverse("engagement:calls")),
    ]
    case = _middle(Case)
    if case is not None:
        pages.append(Page(GROUP, "a case", case.get_absolute_url()))
    return pages
