"""Call-out pages: the list, recording a request, the call-out's page and each of its steps.

The call-out page offers only the steps the transition table allows now, and only to volunteer
coordinators; a step's form refuses a stale status by sending the user back with the reason.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from volunteers import services
from volunteers.filters.callouts import CallOutFilter
from volunteers.forms.callouts import (
    ERROR_FIELDS,
    AssignForm,
    AttendForm,
    CancelForm,
    CompleteForm,
    RequestForm,
    UnfillForm,
    moment,
)
from volunteers.models import CallOut, CallOutStatus
from volunteers.services import may_coordinate
from volunteers.tables.callouts import CallOutTable, status_tag
from volunteers.workflow import CALLOUT_TRANSITIONS, Action, allowed, check_transition

from .common import CoordinatorFormView, VolunteersPage, crumbs

PER_PAGE = 25


def list_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Call-outs", reverse("volunteers:callouts")), *trail)


class CallOutListView(VolunteersPage, SingleTableMixin, FilterView):
    template_name = "volunteers/callouts/list.html"
    page_title = "Appropriate adult call-outs"
    table_class = CallOutTable
    filterset_class = CallOutFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return CallOut.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        context["filters_active"] = any(v for v in query.values())
        return context


@dataclass(frozen=True)
class Step:
    action: Action
    url_name: str
    label: str
    style: str = "secondary"


STEPS = (
    Step(Action.ASSIGN, "callout_assign", "Assign an appropriate adult", style=""),
    Step(Action.ATTEND, "callout_attend", "Record arrival", style=""),
    Step(Action.COMPLETE, "callout_complete", "Complete", style=""),
    Step(Action.UNFILL, "callout_unfill", "Record as unfilled", style="warning"),
    Step(Action.CANCEL, "callout_cancel", "Cancel the request", style="warning"),
)


class CallOutDetailView(VolunteersPage, RecordViewAudited, DetailView):
    template_name = "volunteers/callouts/detail.html"
    context_object_name = "callout"
    audit_page = "call-out"

    def get_queryset(self):
        return CallOut.objects.select_related("suite", "volunteer")

    def get_page_title(self):
        return f"Call-out {self.object.reference}"

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_context_data(self, **kwargs):
        callout = self.object
        can = (
            set(allowed(CALLOUT_TRANSITIONS, callout.status)) if may_coordinate(self.request.user) else set()
        )
        steps = [
            {"step": step, "url": reverse(f"volunteers:{step.url_name}", args=[callout.pk])}
            for step in STEPS
            if step.action in can
        ]
        for item in steps:
            if item["step"].action == Action.ASSIGN and callout.volunteer_id:
                item["step"] = Step(Action.ASSIGN, "callout_assign", "Assign someone else")
        return super().get_context_data(status_tag=status_tag(callout.status), steps=steps, **kwargs)


class CallOutCreateView(CoordinatorFormView):
    form_class = RequestForm
    page_title = "Record a call-out request"
    submit_label = "Save the request"
    error_field_map = ERROR_FIELDS

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_initial(self):
        now = timezone.localtime()
        return {"requested_on": now.date(), "requested_time": f"{now:%H:%M}", "detainee_age": "adult"}

    def get_cancel_url(self):
        return reverse("volunteers:callouts")

    def perform(self, form):
        return services.callout_request(by=self.request.user, **form.request_values())

    def get_success_message(self):
        return f"Call-out {self.result.reference} recorded. Assign an appropriate adult next."

    def get_success_url(self):
        return self.result.get_absolute_url()


class CallOutStepView(CoordinatorFormView):
    """One step on one call-out: refused (back to the call-out, with the reason) if the status
    no longer allows it, so a stale form or a second click changes nothing."""

    action: Action

    def dispatch(self, request, *args, **kwargs):
        self.callout = get_object_or_404(
            CallOut.objects.select_related("suite", "volunteer"), pk=kwargs["pk"]
        )
        if request.user.is_authenticated and may_coordinate(request.user):
            try:
                check_transition(CALLOUT_TRANSITIONS, self.action, self.callout.status, CallOutStatus)
            except ValidationError as exc:
                messages.warning(request, exc.messages[0])
                return redirect(self.callout)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=f"Call-out {self.callout.reference}", **kwargs)

    def get_breadcrumbs(self):
        return list_crumbs((self.callout.reference, self.callout.get_absolute_url()))

    def get_cancel_url(self):
        return self.callout.get_absolute_url()

    def get_success_url(self):
        return self.callout.get_absolute_url()

    def get_page_title(self):
        return CALLOUT_TRANSITIONS[self.action].label


class CallOutAssignView(CallOutStepView):
    action = Action.ASSIGN
    form_class = AssignForm
    submit_label = "Assign"
    error_field_map = ERROR_FIELDS

    def get_form_kwargs(self):
        available, others = services.assign_candidates(self.callout)
        return {**super().get_form_kwargs(), "available": available, "others": others}

    def get_initial(self):
        now = timezone.localtime()
        return {
            "assigned_on": now.date(),
            "assigned_time": f"{now:%H:%M}",
            "seen": self.callout.volunteer_id or "",
        }

    def get_context_data(self, **kwargs):
        who = self.callout.volunteer
        intro = (
            f"Assigned now: {who.name}."
            if who
            else "Appropriate adults on the availability rota at the time of the request are listed first."
        )
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        seen = form.cleaned_data["seen"]
        callout = copy.copy(self.callout)  # as the page showed it: the service refuses a stale one
        callout.volunteer_id = int(seen) if seen else None
        return services.callout_assign(
            callout=callout,
            by=self.request.user,
            volunteer=form.chosen(),
            assigned_at=moment(form.cleaned_data["assigned_on"], form.cleaned_data["assigned_time"]),
        )

    def get_success_message(self):
        return f"{self.result.volunteer.name} assigned to {self.result.reference}."


class CallOutAttendView(CallOutStepView):
    action = Action.ATTEND
    form_class = AttendForm
    submit_label = "Save the arrival"
    error_field_map = ERROR_FIELDS

    def get_initial(self):
        return {"arrived_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        return services.callout_attend(
            callout=self.callout,
            by=self.request.user,
            arrived_at=moment(data["arrived_on"], data["arrived_time"]),
        )

    def get_success_message(self):
        return f"Arrival recorded: {self.result.response_minutes} minutes after the request."


class CallOutCompleteView(CallOutStepView):
    action = Action.COMPLETE
    form_class = CompleteForm
    submit_label = "Complete the call-out"
    error_field_map = ERROR_FIELDS

    def get_initial(self):
        return {"ended_on": timezone.localdate(), "attendances": 1}

    def perform(self, form):
        data = form.cleaned_data
        return services.callout_complete(
            callout=self.callout,
            by=self.request.user,
            ended_at=moment(data["ended_on"], data["ended_time"]),
            processes=set(data["processes"]),
            outcome=data["outcome"],
            attendances=data["attendances"],
        )

    def get_success_message(self):
        return f"Call-out {self.result.reference} completed."


class CallOutUnfillView(CallOutStepView):
    action = Action.UNFILL
    form_class = UnfillForm
    submit_label = "Record as unfilled"

    def perform(self, form):
        data = form.cleaned_data
        return services.callout_unfill(
            callout=self.callout, by=self.request.user, reason=data["reason"], note=data["note"]
        )

    def get_success_message(self):
        return f"Call-out {self.result.reference} recorded as unfilled."


class CallOutCancelView(CallOutStepView):
    action = Action.CANCEL
    form_class = CancelForm
    submit_label = "Cancel the request"

    def perform(self, form):
        return services.callout_cancel(
            callout=self.callout, by=self.request.user, note=form.cleaned_data["note"]
        )

    def get_success_message(self):
        return f"Call-out {self.result.reference} cancelled."
