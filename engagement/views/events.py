"""Events: the list (with the count the Commissioner attended), the event page with its allowed
steps, the add form (with "Save and add another" for a batch from the diary) and the edit form.
Views are thin: the services hold the rules."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from engagement.filters.events import EventFilter, commissioner_count, events_for_list
from engagement.forms.events import ConfirmForm, EventForm
from engagement.models import Event, EventStatus
from engagement.services import event_create, event_transition, event_update
from engagement.services.events import ATTENDED_BY
from engagement.tables.events import EventTable, event_status_tag
from engagement.workflow import EVENT_TRANSITIONS, Action, allowed, check_transition
from opcc.core.lists import CappedPaginator
from opcc.core.pages import TransitionStepMixin

from .common import EngagementPage, RecorderFormView, crumbs

PER_PAGE = 25
TEMPLATES = "engagement/events/"
ATTENDED_BY_ERRORS = {"commissioner": "attended_by"}
KEEP = ("date", "event_type", "status", "attended_by")
STEP_STYLES = {Action.ATTEND: "", Action.CANCEL: "warning"}


def event_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Events", reverse("engagement:events")), *trail)


def filter_query(request) -> tuple[str, bool]:
    query = request.GET.copy()
    for key in ("page", "sort"):
        query.pop(key, None)
    return query.urlencode(), any(v for v in query.values())


class EventListView(EngagementPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "list.html"
    page_title = "Events"
    table_class = EventTable
    filterset_class = EventFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return events_for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_query"], context["filters_active"] = filter_query(self.request)
        context["commissioner_count"] = commissioner_count(self.object_list)
        return context


class EventDetailView(EngagementPage, DetailView):
    template_name = TEMPLATES + "detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.for_list()

    def get_page_title(self):
        return self.object.title

    def get_breadcrumbs(self):
        return event_crumbs()

    def get_context_data(self, **kwargs):
        event = self.object
        steps = [
            {
                "action": action.value,
                "label": EVENT_TRANSITIONS[action].label,
                "url": reverse("engagement:event_step", args=[event.pk, action.value]),
                "style": STEP_STYLES.get(action, "secondary"),
            }
            for action in allowed(EVENT_TRANSITIONS, event.status)
        ]
        return super().get_context_data(status_tag=event_status_tag(event.status), steps=steps, **kwargs)


class EventCreateView(RecorderFormView):
    form_class = EventForm
    template_name = TEMPLATES + "form.html"
    page_title = "Record an event"
    submit_label = "Save event"
    error_field_map = ATTENDED_BY_ERRORS

    def get_breadcrumbs(self):
        return event_crumbs()

    def get_cancel_url(self):
        return reverse("engagement:events")

    def get_initial(self):
        """After "Save and add another": the same date, type, status and who attended."""
        if not self.request.GET:
            return {}
        form = EventForm(self.request.GET)
        form.is_valid()  # only what cleans is kept: a tampered link just leaves a field blank
        return {name: form.cleaned_data[name] for name in KEEP if name in form.cleaned_data}

    def get_context_data(self, **kwargs):
        return super().get_context_data(add_another=True, **kwargs)

    def perform(self, form):
        return event_create(by=self.request.user, status=form.cleaned_data["status"], **form.service_fields())

    def get_success_message(self):
        return f"Event “{self.result.title}” recorded."

    def get_success_url(self):
        if self.request.POST.get("next") == "another":
            event = self.result
            keep = [
                ("date", f"{event.date:%d/%m/%Y}"),
                ("event_type", event.event_type),
                ("status", event.status),
                *(("attended_by", name) for name in ATTENDED_BY if getattr(event, name)),
            ]
            return f"{reverse('engagement:event_add')}?{urlencode(keep)}"
        return self.result.get_absolute_url()


class EventStep(RecorderFormView):
    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return event_crumbs((self.event.title, self.event.get_absolute_url()))

    def get_cancel_url(self):
        return self.event.get_absolute_url()

    def get_success_url(self):
        return self.event.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=f"{self.event.date:%d/%m/%Y} {self.event.title}", **kwargs)


class EventUpdateView(EventStep):
    form_class = EventForm
    template_name = TEMPLATES + "form.html"
    page_title = "Change the event"
    submit_label = "Save changes"
    error_field_map = ATTENDED_BY_ERRORS

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"event": self.event, "adding": False}

    def get_initial(self):
        return EventForm.initial_for(self.event)

    def perform(self, form):
        return event_update(event=self.event, by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return "Event saved."


class EventTransitionView(TransitionStepMixin, EventStep):
    """One status step; a step the status does not allow now goes back to the page with the reason."""

    form_class = ConfirmForm

    transitions = EVENT_TRANSITIONS
    action_type = Action
    status_choices = EventStatus
    check_transition = staticmethod(check_transition)

    def step_record(self):
        return self.event

    def get_context_data(self, **kwargs):
        intro = {
            Action.ATTEND: "The event has taken place and was attended for the office as planned.",
            Action.CANCEL: "The event will stay on record as cancelled.",
        }[self.action]
        return super().get_context_data(intro=intro, button_style=STEP_STYLES[self.action], **kwargs)

    def perform(self, form):
        return event_transition(event=self.event, by=self.request.user, action=self.action)

    def get_success_message(self):
        return f"Event {self.result.get_status_display().lower()}."
