"""What every correspondence and engagement page shares: who may open it, who may write, crumbs.

Office staff write (and alone see Youth Commissioners, who are minors); the Administrator reads;
no other role opens the module.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from engagement.services.common import ACCESS, RECORD, YOUTH, may_record, may_see_youth
from opcc.core.pages import Page
from opcc.core.pages import ServiceFormView as BaseServiceFormView

VIEW = (ACCESS, "engagement.view_case")
WRITE = (ACCESS, RECORD)
SEE_YOUTH = (ACCESS, YOUTH)


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Correspondence and engagement", reverse("engagement:home")), *trail]


class EngagementPage(Page):
    """A page of the module: readable by anyone with module access; `can_write` for office staff."""

    permission_required: str | tuple[str, ...] | None = VIEW

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = may_record(self.request.user)
        context["can_see_youth"] = may_see_youth(self.request.user)
        return context


class RecorderFormView(EngagementPage, BaseServiceFormView):
    """A form page only office staff may open; the service checks again."""

    permission_required: str | tuple[str, ...] | None = WRITE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_record(request.user):
            raise PermissionDenied("Only office staff record correspondence and engagement.")
        return super().dispatch(request, *args, **kwargs)


class YouthPage(EngagementPage):
    """Youth Commissioner members are minors: only those who work with them may open these pages."""

    permission_required = SEE_YOUTH


class YouthFormView(RecorderFormView):
    permission_required = (ACCESS, RECORD, YOUTH)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_see_youth(request.user):
            raise PermissionDenied("Only staff who work with Youth Commissioners may record them.")
        return super().dispatch(request, *args, **kwargs)
