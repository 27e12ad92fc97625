"""The complaints module's landing page: what awaits this user, the cases by status, the sections."""

from __future__ import annotations

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from complaints.dashboard import list_url, panels
from complaints.models import Review, Status

from .case import ACCESS, ReviewPage

# The module's other sections: (URL name, title, what it is for). A section whose pages are not
# routed yet is left out rather than linked to nothing.
SECTIONS = (
    ("complaints:reviews", "Reviews", "Find, filter and export reviews; follow each case's clock."),
    (
        "complaints:review_add",
        "Record an application",
        "An application for review received from a complainant.",
    ),
    ("complaints:quarterly", "Review performance", "Each quarter's reviews received, decided and on time."),
    ("complaints:dip_samples", "Dip samples", "Samples of the force's complaint handling and their actions."),
    (
        "complaints:long_investigations",
        "Investigations over 12 months",
        "Investigations the force has reported running for more than a year.",
    ),
    ("complaints:panel_members", "Panel members", "Independent panel members for misconduct hearings."),
    ("complaints:hearings", "Misconduct hearings", "Hearings and the panel members sitting on them."),
    ("complaints:appeals", "Police appeals tribunals", "Appeals against misconduct outcomes."),
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


def status_counts() -> list[dict]:
    """Each status with its number of reviews and a link to them (one grouped query)."""
    counts = dict(Review.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"label": status.label, "count": counts.get(status.value, 0), "url": list_url(status=status.value)}
        for status in Status
    ]


class HomeView(ReviewPage, TemplateView):
    template_name = "complaints/home.html"
    permission_required = (ACCESS,)
    page_title = "Complaint reviews"

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            panels=panels(self.request.user),
            statuses=status_counts(),
            sections=sections(),
            **kwargs,
        )
