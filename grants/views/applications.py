"""Applications: the filtered list, the application page, entering and changing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from grants import services
from grants.filters import ApplicationFilter
from grants.forms import ApplicationForm
from grants.models import ZERO, Application, Organisation, Payment
from grants.services.common import committed_on_line
from grants.tables import ApplicationTable, status_tag
from grants.workflow import Action, allowed_actions, check_transition
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator

from .access import steps_for
from .common import ACCESS, ENTER, VIEW, GrantsPage, ServiceFormView, crumbs

PER_PAGE = 25


def application_queryset():
    return Application.objects.for_list()


class ApplicationListView(GrantsPage, SingleTableMixin, FilterView):
    template_name = "grants/applications/list.html"
    permission_required = VIEW
    page_title = "Applications"
    table_class = ApplicationTable
    filterset_class = ApplicationFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return application_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        context["filters_active"] = any(v for k, v in query.items())
        context["can_add"] = self.request.user.has_perm("grants.add_application")
        return context


class ApplicationDetailView(GrantsPage, RecordViewAudited, DetailView):
    template_name = "grants/applications/detail.html"
    permission_required = VIEW
    context_object_name = "application"
    audit_page = "application"

    def get_queryset(self):
        return application_queryset().select_related("assessment__assessed_by", "entered_by")

    def get_page_title(self):
        return f"{self.object.reference}: {self.object.project_title}"

    def get_breadcrumbs(self):
        return crumbs(("Applications", reverse("grants:applications")))

    def get_context_data(self, **kwargs):
        application = self.object
        user = self.request.user
        award = getattr(application, "award", None)
        payments, returns, variations = [], [], []
        paid = ZERO
        if award is not None:
            payments = list(Payment.objects.filter(award=award).select_related("recorded_by"))
            paid = sum((p.amount for p in payments), ZERO)
            returns = list(award.monitoring_returns.all())
            variations = list(award.variations.select_related("approved_by"))
        conflicts = list(application.conflicts.select_related("user"))
        steps = steps_for(
            application,
            user,
            left_to_pay=(award.amount - paid) if award else None,
            conflict_declared=any(c.user_id == user.pk for c in conflicts),
        )
        return super().get_context_data(
            status_tag=status_tag(application.status),
            assessment=getattr(application, "assessment", None),
            themes=list(application.themes.all()),
            decisions=list(application.decisions.select_related("decided_by")),
            award=award,
            payments=payments,
            paid=paid,
            left_to_pay=(award.amount - paid) if award else None,
            monitoring_returns=returns,
            variations=variations,
            conflicts=conflicts,
            steps=steps,
            today=timezone.localdate(),
            **kwargs,
        )


class ApplicationCreateView(ServiceFormView):
    permission_required = (ACCESS, "grants.add_application")
    form_class = ApplicationForm
    template_name = "grants/applications/form.html"
    page_title = "Enter an application"
    submit_label = "Save as draft"

    def get_breadcrumbs(self):
        return crumbs(("Applications", reverse("grants:applications")))

    def get_initial(self):
        initial = super().get_initial()
        chosen = self.request.GET.get("organisation", "")
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 12:
            initial["organisation"] = Organisation.objects.filter(pk=chosen).first()
        return initial

    def get_cancel_url(self):
        return reverse("grants:applications")

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.application_create(
            by=self.request.user, fund_year=data.pop("fund_year"), themes=data.pop("themes"), **data
        )

    def get_success_message(self):
        return f"Application {self.result.reference} saved as a draft. Submit it when it is complete."

    def get_success_url(self):
        return self.result.get_absolute_url()


class ApplicationUpdateView(ServiceFormView):
    permission_required = (ACCESS, ENTER)
    form_class = ApplicationForm
    template_name = "grants/applications/form.html"
    submit_label = "Save changes"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.application = get_object_or_404(application_queryset(), pk=kwargs["pk"])
        if Action.EDIT not in allowed_actions(self.application.status):
            messages.warning(request, check_transition_message(self.application, Action.EDIT))
            return redirect(self.application)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change {self.application.reference}"

    def get_breadcrumbs(self):
        return crumbs(
            ("Applications", reverse("grants:applications")),
            (self.application.reference, self.application.get_absolute_url()),
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.application}

    def get_initial(self):
        return ApplicationForm.initial_for(self.application)

    def get_cancel_url(self):
        return self.application.get_absolute_url()

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.application_update(
            application=self.application, by=self.request.user, themes=data.pop("themes"), **data
        )

    def get_success_message(self):
        return f"Application {self.application.reference} changed."

    def get_success_url(self):
        return self.application.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)


def check_transition_message(application, action) -> str:
    try:
        check_transition(application.status, action)
    except ValidationError as exc:
        return exc.messages[0]
    return ""


def budget_context(application) -> dict:
    """What a manager needs in front of them to decide: the line's money and the limits."""
    line = application.allocation_line
    committed = committed_on_line(line)
    return {
        "line": line,
        "allocation": line.amount,
        "committed": committed,
        "remaining": line.amount - committed,
        "max_award": application.fund_year.max_award,
        "requested": application.amount_requested,
    }
