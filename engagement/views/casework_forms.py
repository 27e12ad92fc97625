"""The case forms: log a case, edit it, and one page per step of its clock, each calling one service.

Only office staff open them (`RecorderFormView`; the service checks again). A step the case's status
does not allow now (a stale page, a direct POST) goes back to the case page with the reason and
changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from engagement import services
from engagement.forms.casework import (
    AssignForm,
    CaseForm,
    CloseForm,
    ConfirmForm,
    ExtendForm,
    LinkForm,
    ReopenForm,
    RespondForm,
    RestartForm,
    StopForm,
)
from engagement.models import Case, CaseStatus, ReopenReason
from engagement.services.clock_actions import INFORMATION_REGIMES
from engagement.workflow import CASE_TRANSITIONS, Action, check_transition

from .casework import list_crumbs, may_extend
from .common import RecorderFormView

FORM = "engagement/casework/form.html"


class CaseCreateView(RecorderFormView):
    form_class = CaseForm
    template_name = FORM
    page_title = "Log correspondence"
    submit_label = "Save"
    error_field_map = {"received_at": "received_on"}

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_cancel_url(self):
        return reverse("engagement:cases")

    def get_context_data(self, **kwargs):
        return super().get_context_data(another_label="Save and log another", **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.case_create(
            by=self.request.user,
            received_at=form.received_at(),
            category=data["category"],
            team=data["team"],
            assigned_to=data["assigned_to"],
            **form.detail_fields(),
        )

    def get_success_message(self):
        return f"{self.result.reference} logged: due {self.result.due_on:%d/%m/%Y}."

    def get_success_url(self):
        if "another" in self.request.POST:
            return reverse("engagement:case_add")
        return self.result.get_absolute_url()


class CaseStep(RecorderFormView):
    """A form on one case; `action`, when set, is the transition it makes (checked before the form)."""

    template_name = FORM
    action: Action | None = None

    def dispatch(self, request, *args, **kwargs):
        self.case = get_object_or_404(Case.objects.select_related("category"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def refusal(self) -> str:
        """Why this step cannot be taken now ("" when it can)."""
        if self.action is None:
            return ""
        try:
            check_transition(CASE_TRANSITIONS, self.action, self.case.status, CaseStatus)
        except ValidationError as exc:
            return exc.messages[0]
        return ""

    def refuse(self):
        reason = self.refusal()
        if reason:
            messages.warning(self.request, reason)
            return redirect(self.case)
        return None

    def get_page_title(self):
        return CASE_TRANSITIONS[self.action].label if self.action else self.page_title

    @property
    def submit_label(self):  # type: ignore[override]
        return CASE_TRANSITIONS[self.action].label if self.action else "Save"

    def get_breadcrumbs(self):
        return list_crumbs((self.case.reference, self.case.get_absolute_url()))

    def get_cancel_url(self):
        return self.case.get_absolute_url()

    def get_success_url(self):
        return self.case.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=f"{self.case.reference}: {self.case.subject}", **kwargs)

    def get_success_message(self):
        return f"{self.case.reference} is now {self.result.get_status_display().lower()}."


class CaseUpdateView(CaseStep):
    form_class = CaseForm
    page_title = "Change the details"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}

    def get_initial(self):
        c = self.case
        names = [
            n
            for n in CaseForm.base_fields
            if n not in ("received_on", "received_time", "team", "assigned_to")
        ]
        return {n: getattr(c, n) for n in names if n not in ("area", "category")} | {
            "area": c.area_id,
            "category": c.category_id,
        }

    def get_context_data(self, **kwargs):
        intro = "A new category moves the due date to its rule; the change is kept with its reason."
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.case_update(
            case=self.case, by=self.request.user, category=data["category"], **form.detail_fields()
        )

    def get_success_message(self):
        return "Details saved."


class CaseAssignView(CaseStep):
    form_class = AssignForm
    action = Action.ASSIGN

    def get_initial(self):
        return {"assigned_to": self.case.assigned_to_id, "team": self.case.team}

    def perform(self, form):
        data = form.cleaned_data
        return services.case_assign(
            case=self.case, by=self.request.user, assignee=data["assigned_to"], team=data["team"]
        )

    def get_success_message(self):
        who = self.result.assigned_to
        return f"{self.case.reference} assigned to {who.get_full_name() or who.get_username()}."


class CaseStartView(CaseStep):
    form_class = ConfirmForm
    action = Action.START
    intro = "Record that work on the response has started."

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def perform(self, form):
        return services.case_start(case=self.case, by=self.request.user)


class ClockStopView(CaseStep):
    form_class = StopForm
    action = Action.STOP_CLOCK
    error_field_map = {"started_on": "started_on"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule": self.case.category.rule}

    def get_context_data(self, **kwargs):
        intro = (
            "For freedom of information, clarification restarts the clock from the day it arrives; "
            "other stops pause it for as long as they last."
        )
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        services.clock_stop(case=self.case, by=self.request.user, **form.cleaned_data)
        return Case.objects.get(pk=self.case.pk)


class ClockRestartView(CaseStep):
    form_class = RestartForm
    action = Action.RESTART_CLOCK

    def perform(self, form):
        return services.clock_restart(case=self.case, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Clock restarted: {self.case.reference} is now due {self.result.due_on:%d/%m/%Y}."


class CaseExtendView(CaseStep):
    form_class = ExtendForm
    page_title = "Extend as complex"

    def refusal(self) -> str:
        if may_extend(self.case):
            return ""
        return "Only an open subject access request that has not been extended can be extended."

    @property
    def submit_label(self):  # type: ignore[override]
        return "Extend by two months"

    def get_context_data(self, **kwargs):
        intro = "A complex or numerous subject access request may take two more months if the requester is told within the first month."
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        return services.case_extend(case=self.case, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Extended: {self.case.reference} is now due {self.result.due_on:%d/%m/%Y}."


class CaseRespondView(CaseStep):
    form_class = RespondForm
    action = Action.RESPOND

    def get_form_kwargs(self):
        case = self.case
        return {
            **super().get_form_kwargs(),
            "information": case.category.regime in INFORMATION_REGIMES,
            "review": case.status == CaseStatus.REOPENED,
            "internal_review": case.reopen_reason == ReopenReason.INTERNAL_REVIEW,
        }

    def perform(self, form):
        return services.case_respond(case=self.case, by=self.request.user, **form.cleaned_data)


class CaseCloseView(CaseStep):
    form_class = CloseForm
    action = Action.CLOSE

    def perform(self, form):
        return services.case_close(case=self.case, by=self.request.user, **form.cleaned_data)


class CaseReopenView(CaseStep):
    form_class = ReopenForm
    action = Action.REOPEN

    def get_context_data(self, **kwargs):
        intro = (
            "An internal review or a complaint about the response has a clock of its own from the request."
        )
        return super().get_context_data(intro=intro, **kwargs)

    def perform(self, form):
        return services.case_reopen(case=self.case, by=self.request.user, **form.cleaned_data)


class CaseLinkView(CaseStep):
    form_class = LinkForm
    page_title = "Link to what it became"

    def get_initial(self):
        review, application = self.case.complaint_review, self.case.grant_application
        return {
            "complaint_reference": review.reference if review else "",
            "application_reference": application.reference if application else "",
        }

    def perform(self, form):
        try:
            return services.case_link(case=self.case, by=self.request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc

    def get_success_message(self):
        return "Links saved."
