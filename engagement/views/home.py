"""The module's home: the correspondence dashboard and a link to each part (those routed so far;
Youth Commissioners only for those who work with them)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from engagement.dashboard import panels
from engagement.services.common import may_see_youth

from .common import EngagementPage

# (URL name, title, what it is for, only for those who see Youth Commissioners)
SECTIONS = (
    ("engagement:cases", "Correspondence", "Letters, emails, calls and requests, with their clocks.", False),
    (
        "engagement:calls",
        "Calls answered",
        "Calls the Business Support Team answered, by day and week.",
        False,
    ),
    ("engagement:events", "Events", "Community events the Commissioner and the office attended.", False),
    ("engagement:consultations", "Consultations", "Consultations, their phases and headline results.", False),
    ("engagement:editions", "Outstanding Citizens Awards", "Award editions, nominations and results.", False),
    ("engagement:cohorts", "Youth Commissioners", "Cohorts, members and their activities.", True),
)


def sections(user) -> list[dict[str, str]]:
    youth = may_see_youth(user)
    found = []
    for name, title, text, needs_youth in SECTIONS:
        if needs_youth and not youth:
            continue
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
