"""Consultations: the list with each one's totals (summed from its phases in the same query), the
consultation page (phases with a totals row, headline results, linked events, the published
report), and the forms for the consultation, its phases and its results (deletions confirmed on a
page of their own). Views are thin: the services hold the rules."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_tables2 import SingleTableView

from engagement.forms.consultations import ConsultationForm, DeleteForm, PhaseForm, ResultForm
from engagement.models import Consultation, ConsultationPhase, ConsultationResult
from engagement.services import (
    consultation_create,
    consultation_update,
    phase_add,
    phase_delete,
    phase_update,
    result_add,
    result_delete,
)
from engagement.services.consultations import consultation_totals, with_totals
from engagement.tables.events import ConsultationTable, event_status_tag
from opcc.core.lists import CappedPaginator

from .common import EngagementPage, RecorderFormView, crumbs

PER_PAGE = 25
TEMPLATES = "engagement/consultations/"
LINKED_EVENTS = 50


def consultation_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Consultations", reverse("engagement:consultations")), *trail)


class ConsultationListView(EngagementPage, SingleTableView):
    template_name = TEMPLATES + "list.html"
    page_title = "Consultations"
    table_class = ConsultationTable
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return with_totals().order_by("-opens_on", "-pk")


class ConsultationDetailView(EngagementPage, DetailView):
    template_name = TEMPLATES + "detail.html"
    context_object_name = "consultation"
    model = Consultation

    def get_page_title(self):
        return self.object.title

    def get_breadcrumbs(self):
        return consultation_crumbs()

    def get_context_data(self, **kwargs):
        consultation = self.object
        events = list(
            consultation.events.select_related("area").order_by("-date", "-pk")[: LINKED_EVENTS + 1]
        )
        for event in events:
            event.tag = event_status_tag(event.status)
        return super().get_context_data(
            phases=list(consultation.phases.order_by("number", "pk")),
            totals=consultation_totals(consultation),
            results=list(consultation.results.select_related("phase").order_by("pk")),
            events=events[:LINKED_EVENTS],
            more_events=len(events) > LINKED_EVENTS,
            **kwargs,
        )


class ConsultationCreateView(RecorderFormView):
    form_class = ConsultationForm
    page_title = "Record a consultation"
    submit_label = "Save consultation"

    def get_breadcrumbs(self):
        return consultation_crumbs()

    def get_cancel_url(self):
        return reverse("engagement:consultations")

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro="Add its phases and results on the next page.", **kwargs)

    def perform(self, form):
        return consultation_create(by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Consultation “{self.result.title}” recorded."

    def get_success_url(self):
        return self.result.get_absolute_url()


class ConsultationStep(RecorderFormView):
    """A form on one consultation (its details, a phase, a result)."""

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(Consultation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return consultation_crumbs((self.consultation.title, self.consultation.get_absolute_url()))

    def get_cancel_url(self):
        return self.consultation.get_absolute_url()

    def get_success_url(self):
        return self.consultation.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.consultation.title, **kwargs)


class ConsultationUpdateView(ConsultationStep):
    form_class = ConsultationForm
    page_title = "Change the consultation"
    submit_label = "Save changes"

    def get_initial(self):
        return ConsultationForm.initial_for(self.consultation)

    def perform(self, form):
        return consultation_update(consultation=self.consultation, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Consultation saved."


class PhaseAddView(ConsultationStep):
    form_class = PhaseForm
    page_title = "Add a phase"
    submit_label = "Save phase"

    def get_initial(self):
        last = self.consultation.phases.order_by("-number").values_list("number", flat=True).first()
        return {"number": (last or 0) + 1, "measure": "responses"}

    def perform(self, form):
        return phase_add(consultation=self.consultation, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Phase {self.result.number} added."


class PhaseStep(ConsultationStep):
    def dispatch(self, request, *args, **kwargs):
        self.phase = get_object_or_404(ConsultationPhase, pk=kwargs["phase"], consultation_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class PhaseUpdateView(PhaseStep):
    form_class = PhaseForm
    page_title = "Change the phase"
    submit_label = "Save changes"

    def get_initial(self):
        return PhaseForm.initial_for(self.phase)

    def perform(self, form):
        return phase_update(phase=self.phase, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Phase {self.result.number} saved."


class PhaseDeleteView(PhaseStep):
    form_class = DeleteForm
    submit_label = "Delete phase"

    def get_page_title(self):
        return f"Delete phase {self.phase.number}: {self.phase.title}?"

    def get_context_data(self, **kwargs):
        intro = (
            f"Its count ({self.phase.count:,} {self.phase.get_measure_display().lower()}) leaves the totals."
        )
        return super().get_context_data(intro=intro, button_style="warning", **kwargs)

    def perform(self, form):
        return phase_delete(phase=self.phase, by=self.request.user)

    def get_success_message(self):
        return f"Phase {self.phase.number} deleted."


class ResultAddView(ConsultationStep):
    form_class = ResultForm
    page_title = "Add a headline result"
    submit_label = "Save result"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"consultation": self.consultation}

    def perform(self, form):
        return result_add(consultation=self.consultation, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Headline result added."


class ResultDeleteView(ConsultationStep):
    form_class = DeleteForm
    submit_label = "Delete result"

    def dispatch(self, request, *args, **kwargs):
        self.result_row = get_object_or_404(
            ConsultationResult, pk=kwargs["result"], consultation_id=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Delete the result “{self.result_row.metric}”?"

    def get_context_data(self, **kwargs):
        return super().get_context_data(button_style="warning", **kwargs)

    def perform(self, form):
        return result_delete(result=self.result_row, by=self.request.user)

    def get_success_message(self):
        return "Headline result deleted."
