"""Correspondence: the case list (with each case's clock) and a case's page.

Office staff and the Administrator read; only office staff see the action buttons, and only those
the transition table allows in the case's status now. A case's page holds the correspondent's
contact details, so each view of it is recorded in the audit trail.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from engagement.filters.casework import CaseFilter
from engagement.models import OPEN, Case, CaseStatus, ClockRule, ClockStop, DueDateChange
from engagement.services.common import closures
from engagement.tables.casework import CaseTable, clock_state, status_tag, tag
from engagement.workflow import CASE_TRANSITIONS, Action, allowed
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator

from .common import EngagementPage, crumbs

PER_PAGE = 25
TEMPLATES = "engagement/casework/"
STEP_URLS = {
    Action.ASSIGN: "engagement:case_assign",
    Action.START: "engagement:case_start",
    Action.STOP_CLOCK: "engagement:case_stop",
    Action.RESTART_CLOCK: "engagement:case_restart",
    Action.RESPOND: "engagement:case_respond",
    Action.CLOSE: "engagement:case_close",
    Action.REOPEN: "engagement:case_reopen",
}
PRIMARY = {Action.ASSIGN, Action.START, Action.RESTART_CLOCK, Action.RESPOND}


def list_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Correspondence", reverse("engagement:cases")), *trail)


def may_extend(case: Case) -> bool:
    return (
        case.category.rule == ClockRule.SAR
        and case.status in OPEN
        and case.status != CaseStatus.REOPENED
        and case.extended_on is None
    )


class CaseListView(EngagementPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "list.html"
    page_title = "Correspondence"
    table_class = CaseTable
    filterset_class = CaseFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return Case.objects.for_list()

    def get_table_kwargs(self):
        return {"closed": closures()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        context["filters_active"] = any(v for v in query.values())
        return context


class CaseDetailView(EngagementPage, RecordViewAudited, DetailView):
    template_name = TEMPLATES + "detail.html"
    context_object_name = "case"
    audit_page = "correspondence case"

    def get_queryset(self):
        changes = DueDateChange.objects.select_related("changed_by").order_by("changed_at", "pk")
        return Case.objects.select_related(
            "category", "assigned_to", "area", "complaint_review", "grant_application"
        ).prefetch_related(
            Prefetch("stops", queryset=ClockStop.objects.order_by("started_on", "pk")),
            Prefetch("due_changes", queryset=changes),
        )

    def get_page_title(self):
        return f"{self.object.reference}: {self.object.subject}"

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_context_data(self, **kwargs):
        case, user = self.object, self.request.user
        colour, words = clock_state(case, today=timezone.localdate(), closed=closures())
        stops = list(case.stops.all())
        steps = [
            {
                "action": action.value,
                "label": CASE_TRANSITIONS[action].label,
                "style": "" if action in PRIMARY else "secondary",
                "url": reverse(STEP_URLS[action], args=[case.pk]),
            }
            for action in allowed(CASE_TRANSITIONS, case.status)
        ]
        return super().get_context_data(
            status_tag=status_tag(case.status),
            clock_tag=tag(colour, words) if colour else words,
            open_stop=next((s for s in stops if s.ended_on is None), None),
            stops=stops,
            due_changes=list(case.due_changes.all()),
            steps=steps,
            may_extend=may_extend(case),
            show_review=bool(case.complaint_review and user.has_perm("core.access_complaints")),
            show_application=bool(
                case.grant_application and user.has_perms(("core.access_grants", "grants.view_application"))
            ),
            **kwargs,
        )
