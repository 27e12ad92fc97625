"""The module's home: its sections (the pages routed so far) and the coordinator's dashboard."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from volunteers.dashboard import panels

from .common import VolunteersPage

# (URL name, title, what it is for). A section whose pages are not routed yet is left out.
SECTIONS = (
    (
        "volunteers:volunteers",
        "Volunteers",
        "Custody visitors and appropriate adults: status, vetting and training.",
    ),
    (
        "volunteers:visits",
        "Custody visits",
        "Visits made by pairs of custody visitors, with the detainee counts.",
    ),
    ("volunteers:issues", "Visit issues", "Issues raised on visits, their follow-up and closure."),
    (
        "volunteers:callouts",
        "Appropriate adult call-outs",
        "Requests from custody sergeants and who attended.",
    ),
    ("volunteers:rota", "Visit rota", "Pairs of custody visitors planned for the coming weeks."),
    (
        "volunteers:coverage",
        "Visit coverage",
        "When each suite was visited, and weeks below the visit target.",
    ),
    (
        "volunteers:arrangements",
        "ICV arrangements",
        "The custody visiting arrangements the office publishes.",
    ),
)


def sections() -> list[dict[str, str]]:
    found = []
    for name, title, text in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        found.append({"url": url, "title": title, "text": text})
    return found


class HomeView(VolunteersPage, TemplateView):
    template_name = "volunteers/home.html"
    page_title = "Custody schemes"

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=sections(), panels=panels(timezone.localdate()), **kwargs)
