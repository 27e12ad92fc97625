"""The module's home: the correspondence dashboard and a link to each part (those routed so far;
Youth Commissioners only for those who work with them)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from engagement.dashboard import panels
from engagement.services.common import may_see_youth

from .common import EngagementPage

# (URL name, title, what it is for, what it is for those who do not see Youth Commissioners' names)
SECTIONS = (
    ("engagement:cases", "Correspondence", "Letters, emails, calls and requests, with their clocks.", ""),
    (
        "engagement:calls",
        "Calls answered",
        "Calls the Business Support Team answered, by day and week.",
        "",
    ),
    ("engagement:events", "Events", "Community events the Commissioner and the office attended.", ""),
    ("engagement:consultations", "Consultations", "Consultations, their phases and headline results.", ""),
    ("engagement:editions", "Outstanding Citizens Awards", "Award editions, nominations and results.", ""),
    (
        "engagement:cohorts",
        "Youth Commissioners",
        "Cohorts, members and their activities.",
        "Cohorts, members by area and their activities (names are seen only by staff who work with them).",
    ),
)


def sections(user) -> list[dict[str, str]]:
    youth = may_see_youth(user)
    found = []
    for name, title, text, without_names in SECTIONS:
        if without_names and not youth:
            text = without_names
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        found.append({"url": url, "title": title, "text": text})
    return found


class HomeView(EngagementPage, TemplateView):
    template_name = "engagement/home.html"
    page_title = "Correspondence and engagement"

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            sections=sections(user), panels=panels(user, timezone.localdate()), **kwargs
        )
