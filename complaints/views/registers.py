"""Dip samples and investigations over 12 months: lists, pages, and one form per service."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from complaints.filters_registers import DipSampleFilter, LongInvestigationFilter, dip_samples_with_overdue
from complaints.forms import registers as forms
from complaints.models import DipSample, DipSampleAction, LongInvestigation
from complaints.services import registers as services
from complaints.services.registers import Act
from complaints.tables_registers import DipSampleTable, LongInvestigationTable, stage_tag
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from opcc.core.pages import ServiceFormView
from opcc.core.permissions import PermissionMixin

ACCESS = "core.access_complaints"
PER_PAGE = 25
TEMPLATES = "complaints/registers/"


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Complaint reviews", reverse("complaints:home")), *trail]


def dip_samples_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Dip samples", reverse("complaints:dip_samples")), *trail)


def investigations_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Investigations over 12 months", reverse("complaints:long_investigations")), *trail)


class RegisterPage(PermissionMixin):
    """A register page: the complaints module's permission, a title and breadcrumbs."""

    permission_required: str | tuple[str, ...] | None = (ACCESS,)
    page_title = ""

    def get_breadcrumbs(self) -> list[tuple[str, str]]:
        return crumbs()

    def get_page_title(self) -> str:
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("breadcrumbs", self.get_breadcrumbs())
        return context


class RegisterFormView(RegisterPage, ServiceFormView):
    """grants' form-to-one-service view under the complaints module's permission."""

    permission_required = (ACCESS,)
    template_name = TEMPLATES + "form.html"


class RegisterList(RegisterPage, SingleTableMixin, FilterView):
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}
    add_url = ""
    add_label = ""
    noun = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["filters_active"] = any(v for v in query.values())
        context["add_url"] = reverse(self.add_url)
        context["noun"] = self.noun
        context["add_label"] = self.add_label
        return context


# --- dip samples ---------------------------------------------------------------------------------


class DipSampleListView(RegisterList):
    template_name = TEMPLATES + "list.html"
    page_title = "Dip samples"
    table_class = DipSampleTable
    filterset_class = DipSampleFilter
    add_url = "complaints:dip_sample_add"
    add_label = "Plan a dip sample"
    noun = "dip sample"

    def get_queryset(self):
        return dip_samples_with_overdue()


class DipSampleDetailView(RegisterPage, DetailView):
    template_name = TEMPLATES + "dip_sample.html"
    context_object_name = "sample"

    def get_queryset(self):
        return DipSample.objects.all()

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs(self):
        return dip_samples_crumbs()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        actions = list(self.object.actions.all())
        for action in actions:
            action.overdue = bool(action.due_on and not action.completed_on and action.due_on < today)
        acts = services.allowed_acts(self.object.stage)
        return super().get_context_data(
            stage_tag=stage_tag(self.object.stage),
            actions=actions,
            overdue_count=sum(a.overdue for a in actions),
            open_count=sum(not a.completed_on for a in actions),
            can={act.value: act in acts for act in Act},
            **kwargs,
        )


class DipSampleCreateView(RegisterFormView):
    form_class = forms.DipSampleForm
    template_name = TEMPLATES + "dip_sample_form.html"
    page_title = "Plan a dip sample"
    submit_label = "Save dip sample"

    def get_breadcrumbs(self):
        return dip_samples_crumbs()

    def get_cancel_url(self):
        return reverse("complaints:dip_samples")

    def perform(self, form):
        return services.dip_sample_create(by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return f"Dip sample {self.result} planned."

    def get_success_url(self):
        return self.result.get_absolute_url()


class DipSampleStep(RegisterFormView):
    """A form on one dip sample, open only in the stages the stage table allows."""

    act: Act = Act.EDIT
    form_class: type[django_forms.Form] = forms.ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.sample = get_object_or_404(DipSample, pk=kwargs["pk"])
        try:
            services.check_stage(self.sample.stage, self.act)
        except ValidationError as exc:
            messages.warning(request, exc.messages[0])
            return redirect(self.sample)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return dip_samples_crumbs((str(self.sample), self.sample.get_absolute_url()))

    def get_cancel_url(self):
        return self.sample.get_absolute_url()

    def get_success_url(self):
        return self.sample.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=str(self.sample), **kwargs)


class DipSampleUpdateView(DipSampleStep):
    act = Act.EDIT
    form_class = forms.DipSampleForm
    template_name = TEMPLATES + "dip_sample_form.html"
    page_title = "Change the dip sample"
    submit_label = "Save changes"

    def get_initial(self):
        return forms.DipSampleForm.initial_for(self.sample)

    def perform(self, form):
        return services.dip_sample_update(sample=self.sample, by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return "Dip sample changed."


class DipSampleFieldworkView(DipSampleStep):
    act = Act.START_FIELDWORK
    page_title = "Start the fieldwork"
    submit_label = "Start the fieldwork"
    intro = "The cases are being examined. The month cannot be in the future from now on."

    def perform(self, form):
        return services.dip_sample_start_fieldwork(sample=self.sample, by=self.request.user)

    def get_success_message(self):
        return "Fieldwork started."

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)


class DipSampleReportView(DipSampleStep):
    act = Act.REPORT
    form_class = forms.DipSampleReportForm
    page_title = "Record the findings"
    submit_label = "Save findings"

    def get_initial(self):
        return {"findings": self.sample.findings}

    def perform(self, form):
        return services.dip_sample_report(sample=self.sample, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Findings recorded. Add the recommendations next."


class DipSampleCloseView(DipSampleStep):
    act = Act.CLOSE
    page_title = "Mark every action complete"
    submit_label = "Mark actions complete"

    def perform(self, form):
        return services.dip_sample_close(sample=self.sample, by=self.request.user)

    def get_success_message(self):
        return "Every action on the dip sample is complete."


class RecommendationAddView(DipSampleStep):
    act = Act.ADD_RECOMMENDATION
    form_class = forms.RecommendationForm
    page_title = "Add a recommendation"
    submit_label = "Add recommendation"

    def perform(self, form):
        return services.recommendation_add(sample=self.sample, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Recommendation added."


class RecommendationStep(DipSampleStep):
    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.action = get_object_or_404(DipSampleAction, pk=kwargs["action_pk"], dip_sample_id=kwargs["pk"])
        if self.action.completed_on:
            messages.warning(
                request, f"This recommendation was completed on {self.action.completed_on:%d/%m/%Y}."
            )
            return redirect(reverse("complaints:dip_sample", args=[kwargs["pk"]]))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.action, **kwargs)


class RecommendationFollowUpView(RecommendationStep):
    act = Act.FOLLOW_UP
    form_class = forms.FollowUpForm
    page_title = "Record a follow-up"
    submit_label = "Save follow-up"

    def perform(self, form):
        return services.recommendation_follow_up(
            action=self.action, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self):
        return "Follow-up recorded."


class RecommendationCompleteView(RecommendationStep):
    act = Act.COMPLETE_RECOMMENDATION
    form_class = forms.CompleteForm
    page_title = "Complete the recommendation"
    submit_label = "Mark complete"

    def perform(self, form):
        return services.recommendation_complete(action=self.action, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Recommendation completed."


# --- investigations over 12 months ---------------------------------------------------------------


class LongInvestigationListView(RegisterList):
    template_name = TEMPLATES + "list.html"
    page_title = "Investigations over 12 months"
    table_class = LongInvestigationTable
    filterset_class = LongInvestigationFilter
    add_url = "complaints:long_investigation_add"
    add_label = "Record an investigation"
    noun = "investigation"

    def get_queryset(self):
        return LongInvestigation.objects.order_by("-notified_on", "-pk")


class LongInvestigationDetailView(RegisterPage, RecordViewAudited, DetailView):
    """The reason for delay is free text about a case: each view is in the audit trail."""

    template_name = TEMPLATES + "long_investigation.html"
    context_object_name = "investigation"
    audit_page = "investigation over 12 months"

    def get_queryset(self):
        return LongInvestigation.objects.all()

    def get_page_title(self):
        return f"Investigation {self.object.force_reference}"

    def get_breadcrumbs(self):
        return investigations_crumbs()

    def get_context_data(self, **kwargs):
        inv = self.object
        return super().get_context_data(
            months=services.months_elapsed(inv.started_on, inv.closed_on or timezone.localdate()), **kwargs
        )


class LongInvestigationCreateView(RegisterFormView):
    form_class = forms.LongInvestigationForm
    page_title = "Record an investigation over 12 months"
    submit_label = "Save investigation"

    def get_breadcrumbs(self):
        return investigations_crumbs()

    def get_cancel_url(self):
        return reverse("complaints:long_investigations")

    def perform(self, form):
        return services.investigation_create(by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return f"Investigation {self.result.force_reference} recorded."

    def get_success_url(self):
        return self.result.get_absolute_url()


class LongInvestigationUpdateView(RegisterFormView):
    form_class = forms.LongInvestigationForm
    submit_label = "Save changes"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.investigation = get_object_or_404(LongInvestigation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change investigation {self.investigation.force_reference}"

    def get_breadcrumbs(self):
        inv = self.investigation
        return investigations_crumbs((inv.force_reference, inv.get_absolute_url()))

    def get_initial(self):
        return forms.LongInvestigationForm.initial_for(self.investigation)

    def perform(self, form):
        return services.investigation_update(
            investigation=self.investigation, by=self.request.user, **form.service_fields()
        )

    def get_cancel_url(self):
        return self.investigation.get_absolute_url()

    def get_success_message(self):
        return "Investigation changed."

    def get_success_url(self):
        return self.investigation.get_absolute_url()
