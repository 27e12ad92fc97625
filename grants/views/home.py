"""The grants landing page: the sections this user may use, and for managers what awaits them."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from grants.dashboard import awaiting_decision
from grants.models import Application
from grants.tables import ApplicationTable

from .common import ACCESS, DECIDE, GrantsPage


class HomeView(GrantsPage, TemplateView):
    template_name = "grants/home.html"
    permission_required = (ACCESS,)
    page_title = "Grants"

    def get_breadcrumbs(self):
        return []

    def sections(self) -> list[dict]:
        user = self.request.user
        items = []
        if user.has_perm("grants.view_application"):
            items.append(
                {
                    "title": "Applications",
                    "url": reverse("grants:applications"),
                    "text": "Find, filter and export applications; assess, decide and follow awards.",
                }
            )
        if user.has_perm("grants.add_application"):
            items.append(
                {
                    "title": "Enter an application",
                    "url": reverse("grants:application_add"),
                    "text": "Record an application received from a community group.",
                }
            )
        if user.has_perm("grants.view_fundyear"):
            items.append(
                {
                    "title": "Funds and allocations",
                    "url": reverse("grants:fund_years"),
                    "text": "Budgets, top-ups and what each area has allocated, committed, paid and left.",
                }
            )
        if user.has_perm("grants.view_organisation"):
            items.append(
                {
                    "title": "Organisations",
                    "url": reverse("grants:organisations"),
                    "text": "Groups that apply, with their applications and awards.",
                }
            )
        if user.has_perm("grants.export_publications"):
            try:
                url = reverse("grants:publications_home")
            except NoReverseMatch:
                url = ""
            if url:
                items.append(
                    {
                        "title": "Publications",
                        "url": url,
                        "text": "360Giving data and the monthly grants register.",
                    }
                )
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = self.sections()
        user = self.request.user
        if user.has_perm(DECIDE):
            context["awaiting"] = awaiting_decision(user)
            waiting = Application.objects.for_list().decidable_by(user).order_by("received_on", "pk")[:10]
            context["awaiting_table"] = ApplicationTable(
                waiting, orderable=False, exclude=("awarded", "status")
            )
        return context
