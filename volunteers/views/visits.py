"""Custody visits: the list, the visit page, the one-page entry form (with "save and add another"),
its correction and the report-submitted step. Views are thin: the services hold the rules."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from volunteers.filters.visits import VisitFilter, visits_for_list
from volunteers.forms.visits import VISITOR_FIELDS, ReportSubmittedForm, VisitForm
from volunteers.models import CELLS, AgeGroup, CustodyVisit, Sex
from volunteers.services import visit_record, visit_report_submitted, visit_update
from volunteers.services.issues import allowed_issue_actions
from volunteers.services.visits import MEASURES
from volunteers.tables.visits import VisitTable, issue_status_tag

from .common import CoordinatorFormView, VolunteersPage, crumbs

PER_PAGE = 25
TEMPLATES = "volunteers/visits/"
DAY = re.compile(r"[0-9]{2}/[0-9]{2}/[0-9]{4}")


def visit_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Custody visits", reverse("volunteers:visits")), *trail)


def filter_query(request) -> tuple[str, bool]:
    query = request.GET.copy()
    for key in ("page", "sort"):
        query.pop(key, None)
    return query.urlencode(), any(v for v in query.values())


class VisitListView(VolunteersPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "list.html"
    page_title = "Custody visits"
    table_class = VisitTable
    filterset_class = VisitFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return visits_for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"], context["filters_active"] = filter_query(self.request)
        return context


def count_table(visit: CustodyVisit) -> dict:
    """The visit's grid as the published table lays it out: each age group's rows, its sub-total,
    then the all-ages total, every total computed here (never typed)."""
    rows = {(c.age_group, c.sex): c for c in visit.counts.all()}
    blocks, grand = [], dict.fromkeys(MEASURES, 0)
    for age in AgeGroup:
        subtotal = dict.fromkeys(MEASURES, 0)
        lines = []
        for sex in Sex:
            row = rows.get((age.value, sex.value))
            values = [getattr(row, m) if row else 0 for m in MEASURES]
            for measure, value in zip(MEASURES, values, strict=True):
                subtotal[measure] += value
                grand[measure] += value
            lines.append((sex.label, values))
        blocks.append((age.label, lines, [subtotal[m] for m in MEASURES]))
    return {"blocks": blocks, "total": [grand[m] for m in MEASURES], "cells": len(CELLS)}


class VisitDetailView(VolunteersPage, RecordViewAudited, DetailView):
    """Names the visitors (personal data): each view is in the audit trail."""

    template_name = TEMPLATES + "detail.html"
    context_object_name = "visit"
    audit_page = "custody visit"

    def get_queryset(self):
        return CustodyVisit.objects.select_related("suite")

    def get_page_title(self):
        return f"Visit {self.object.reference}"

    def get_breadcrumbs(self):
        return visit_crumbs()

    def get_context_data(self, **kwargs):
        visit = self.object
        issues = list(visit.issues.select_related("follow_up_owner").order_by("-raised_on", "-pk"))
        for issue in issues:
            issue.tag = issue_status_tag(issue.status)
        return super().get_context_data(
            visitors=list(visit.visitors.order_by("last_name", "first_name", "pk")),
            counts=count_table(visit),
            not_offered=list(visit.not_offered.all()),
            conditions=list(visit.conditions.all()),
            issues=issues,
            open_issues=sum(bool(allowed_issue_actions(i.status)) for i in issues),
            **kwargs,
        )


class VisitFormMixin(CoordinatorFormView):
    form_class = VisitForm
    template_name = TEMPLATES + "form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(measures=[m.capitalize() for m in MEASURES], **kwargs)


class VisitCreateView(VisitFormMixin):
    """One page for a paper return; "Save and add another" comes back with the suite, date and pair."""

    page_title = "Record a custody visit"
    submit_label = "Save visit"

    def get_breadcrumbs(self):
        return visit_crumbs()

    def get_cancel_url(self):
        return reverse("volunteers:visits")

    def get_initial(self):
        initial = VisitForm.blank_initial()
        for name in ("suite", *VISITOR_FIELDS):
            value = self.request.GET.get(name, "")
            if value.isascii() and value.isdigit() and len(value) < 10:
                initial[name] = value
        day = self.request.GET.get("visited_on", "")
        if DAY.fullmatch(day):
            initial["visited_on"] = day
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(add_another=True, **kwargs)

    def perform(self, form):
        return visit_record(by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return f"Visit {self.result.reference} recorded."

    def get_success_url(self):
        if self.request.POST.get("next") == "another":
            visit = self.result
            keep = {"suite": visit.suite_id, "visited_on": f"{visit.visited_on:%d/%m/%Y}"}
            for name, volunteer in zip(
                VISITOR_FIELDS, visit.visitors.order_by("last_name", "pk"), strict=False
            ):
                keep[name] = volunteer.pk
            return f"{reverse('volunteers:visit_add')}?{urlencode(keep)}"
        return self.result.get_absolute_url()


class VisitStep(CoordinatorFormView):
    def dispatch(self, request, *args, **kwargs):
        self.visit = get_object_or_404(CustodyVisit.objects.select_related("suite"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return visit_crumbs((self.visit.reference, self.visit.get_absolute_url()))

    def get_cancel_url(self):
        return self.visit.get_absolute_url()

    def get_success_url(self):
        return self.visit.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=f"Visit {self.visit.reference}", **kwargs)


class VisitUpdateView(VisitStep, VisitFormMixin):
    page_title = "Correct the visit"
    submit_label = "Save changes"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"visit": self.visit}

    def get_initial(self):
        return VisitForm.initial_for(self.visit)

    def perform(self, form):
        return visit_update(visit=self.visit, by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return "Visit corrected."


class VisitReportView(VisitStep):
    form_class = ReportSubmittedForm
    page_title = "Record the visit report as submitted"
    submit_label = "Save"

    def perform(self, form):
        return visit_report_submitted(visit=self.visit, by=self.request.user, on=form.cleaned_data["on"])

    def get_success_message(self):
        return "Report recorded as submitted."
