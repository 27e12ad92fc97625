"""What every custody schemes page shares: who may open it, who may write, the breadcrumbs.

Volunteer coordinators write; office staff (and Administrators) read; no other role sees the module.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from opcc.core.pages import Page
from opcc.core.pages import ServiceFormView as BaseServiceFormView
from volunteers.services import ACCESS, COORDINATE, may_coordinate

VIEW = (ACCESS, "volunteers.view_volunteer")
WRITE = (ACCESS, COORDINATE)


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Custody schemes", reverse("volunteers:home")), *trail]


class VolunteersPage(Page):
    """A page of the module: readable by anyone with module access; `can_write` for coordinators."""

    permission_required: str | tuple[str, ...] | None = VIEW

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = may_coordinate(self.request.user)
        return context


class CoordinatorFormView(VolunteersPage, BaseServiceFormView):
    """A form page only a volunteer coordinator may open; the service checks again."""

    permission_required = WRITE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_coordinate(request.user):
            raise PermissionDenied("Only volunteer coordinators record custody scheme work.")
        return super().dispatch(request, *args, **kwargs)
