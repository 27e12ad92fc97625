"""Panel members, hearings and appeals: lists, pages, one form per service, and the rota's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView

from complaints.filters_panels import AppealFilter, HearingFilter, PanelMemberFilter
from complaints.forms import panels as forms
from complaints.models import Appeal, Appointment, Hearing, PanelMember
from complaints.services import panels as services
from complaints.services import rota
from complaints.services.panels import AppealAct, HearingAct
from complaints.tables_panels import AppealTable, HearingTable, PanelMemberTable, appeal_tag, hearing_tag
from complaints.views.registers import RegisterFormView, RegisterList, RegisterPage, crumbs
from opcc.audit.views import RecordViewAudited
from opcc.core.pages import subquery_count

TEMPLATES = "complaints/panels/"
LISTS = {
    "panel_members": "Panel members",
    "hearings": "Misconduct hearings",
    "appeals": "Notices of appeal and tribunals",
}


def trail(list_name: str, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs((LISTS[list_name], reverse(f"complaints:{list_name}")), *more)


# --- lists ---------------------------------------------------------------------------------------


class PanelMemberListView(RegisterList):
    template_name = "complaints/registers/list.html"
    page_title = LISTS["panel_members"]
    table_class = PanelMemberTable
    filterset_class = PanelMemberFilter
    add_url, add_label, noun = "complaints:panel_member_add", "Add a panel member", "panel member"

    def get_queryset(self):
        return PanelMember.objects.order_by("name", "pk")


class HearingListView(RegisterList):
    template_name = "complaints/registers/list.html"
    page_title = LISTS["hearings"]
    table_class = HearingTable
    filterset_class = HearingFilter
    add_url, add_label, noun = "complaints:hearing_add", "Record a request for members", "hearing"

    def get_queryset(self):
        seats = Appointment.objects.filter(hearing=OuterRef("pk"))
        return Hearing.objects.annotate(members=subquery_count(seats, group="hearing")).order_by(
            "-starts_on", "-pk"
        )


class AppealListView(RegisterList):
    template_name = "complaints/registers/list.html"
    page_title = LISTS["appeals"]
    table_class = AppealTable
    filterset_class = AppealFilter
    add_url, add_label, noun = "complaints:appeal_add", "Record a notice of appeal", "appeal"

    def get_queryset(self):
        return Appeal.objects.order_by("-received_on", "-pk")


# --- pages -----------------------------------------------------------------------------------------


class PanelMemberDetailView(RegisterPage, RecordViewAudited, DetailView):
    """Contact details are personal data: each view is in the audit trail."""

    template_name = TEMPLATES + "member.html"
    context_object_name = "member"
    audit_page = "panel member"
    queryset = PanelMember.objects.all()

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs(self):
        return trail("panel_members")

    def get_context_data(self, **kwargs):
        member = self.object
        return super().get_context_data(
            appointments=member.appointments.select_related("hearing", "appeal").order_by("-sits_on", "-pk"),
            skips=member.skips.select_related("hearing", "appeal").order_by("-pk"),
            **kwargs,
        )


class OccasionPage(RegisterPage, RecordViewAudited, DetailView):
    """A hearing or an appeal: its members, who the rota passed over, the seats still empty."""

    def get_context_data(self, **kwargs):
        obj = self.object
        return super().get_context_data(
            appointments=obj.appointments.select_related("member", "appointed_by"),
            skips=obj.skips.select_related("member"),
            missing=rota.missing_seats(obj),
            **kwargs,
        )


class HearingDetailView(OccasionPage):
    template_name = TEMPLATES + "hearing.html"
    context_object_name = "hearing"
    audit_page = "hearing"
    queryset = Hearing.objects.all()

    def get_page_title(self):
        return f"Hearing {self.object.force_reference}"

    def get_breadcrumbs(self):
        return trail("hearings")

    def get_context_data(self, **kwargs):
        acts = services.hearing_acts(self.object.stage)
        return super().get_context_data(
            stage_tag=hearing_tag(self.object.stage),
            can={act.value: act in acts for act in HearingAct},
            appeals=self.object.appeals.order_by("-received_on", "-pk"),
            **kwargs,
        )


class AppealDetailView(OccasionPage):
    template_name = TEMPLATES + "appeal.html"
    context_object_name = "appeal"
    audit_page = "appeal"
    queryset = Appeal.objects.select_related("hearing")

    def get_page_title(self):
        return f"Appeal {self.object.force_reference}"

    def get_breadcrumbs(self):
        return trail("appeals")

    def get_context_data(self, **kwargs):
        acts = services.appeal_acts(self.object.stage)
        can = {act.value: act in acts for act in AppealAct}
        can["appoint"] = can["appoint"] and self.object.tribunal_on is not None
        return super().get_context_data(stage_tag=appeal_tag(self.object.stage), can=can, **kwargs)


# --- adding and changing ------------------------------------------------------------------------


class CreateView(RegisterFormView):
    list_name = ""
    service: Callable[..., Any]
    noun = ""

    def get_breadcrumbs(self):
        return trail(self.list_name)

    def get_cancel_url(self):
        return reverse(f"complaints:{self.list_name}")

    def perform(self, form):
        return type(self).service(by=self.request.user, **form.service_fields())

    def get_success_message(self):
        name = getattr(self.result, "force_reference", None) or self.result.name
        return f"{self.noun} {name} saved."

    def get_success_url(self):
        return self.result.get_absolute_url()


class PanelMemberCreateView(CreateView):
    form_class = forms.PanelMemberForm
    page_title, submit_label, list_name, noun = (
        "Add a panel member",
        "Save member",
        "panel_members",
        "Panel member",
    )
    service = staticmethod(services.panel_member_create)

    def get_initial(self):
        return {"active": True}


class HearingCreateView(CreateView):
    form_class = forms.HearingForm
    page_title, submit_label, list_name, noun = (
        "Record a request for members",
        "Save hearing",
        "hearings",
        "Hearing",
    )
    service = staticmethod(services.hearing_create)


class AppealCreateView(CreateView):
    form_class = forms.AppealForm
    page_title, submit_label, list_name, noun = (
        "Record a notice of appeal",
        "Save appeal",
        "appeals",
        "Appeal",
    )
    service = staticmethod(services.appeal_create)


class RecordStep(RegisterFormView):
    """A form on one record; hearings and appeals open only in the stages their table allows."""

    model: type = PanelMember
    list_name = ""
    act: HearingAct | AppealAct | None = None
    form_class: type[django_forms.Form] = forms.ConfirmForm
    success_message = "Saved."

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.record = get_object_or_404(self.model, pk=kwargs["pk"])
        try:
            self.check_stage()
        except ValidationError as exc:
            messages.warning(request, exc.messages[0])
            return redirect(self.record)
        return super().dispatch(request, *args, **kwargs)

    def check_stage(self) -> None:
        if isinstance(self.act, HearingAct):
            services.hearing_stage_after(self.record.stage, self.act)
        elif isinstance(self.act, AppealAct):
            services.appeal_stage_after(self.record.stage, self.act)

    def caption(self) -> str:
        return getattr(self.record, "force_reference", None) or self.record.name

    def get_breadcrumbs(self):
        return trail(self.list_name, (self.caption(), self.record.get_absolute_url()))

    def get_cancel_url(self):
        return self.record.get_absolute_url()

    def get_success_url(self):
        return self.record.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.caption(), **kwargs)


class EditStep(RecordStep):
    submit_label = "Save changes"
    page_title = "Change the details"
    success_message = "Details changed."

    def get_initial(self):
        return self.form_class.initial_for(self.record)


class PanelMemberUpdateView(EditStep):
    form_class, list_name = forms.PanelMemberForm, "panel_members"

    def perform(self, form):
        return services.panel_member_update(member=self.record, by=self.request.user, **form.service_fields())


class HearingUpdateView(EditStep):
    model, form_class, list_name, act = Hearing, forms.HearingForm, "hearings", HearingAct.EDIT

    def perform(self, form):
        return services.hearing_update(hearing=self.record, by=self.request.user, **form.service_fields())


class AppealUpdateView(EditStep):
    model, form_class, list_name, act = Appeal, forms.AppealForm, "appeals", AppealAct.EDIT

    def perform(self, form):
        return services.appeal_update(appeal=self.record, by=self.request.user, **form.service_fields())


# --- hearing and appeal steps ---------------------------------------------------------------------


def step(model, act, form_class, title: str, submit: str, done: str, service):
    """A step page: `service(record, by, **cleaned_data)` for one act of the stage table."""
    list_name = "hearings" if model is Hearing else "appeals"
    key = "hearing" if model is Hearing else "appeal"

    class Step(RecordStep):
        def perform(self, form):
            return service(**{key: self.record}, by=self.request.user, **form.cleaned_data)

    Step.model, Step.act, Step.form_class, Step.list_name = model, act, form_class, list_name
    Step.page_title, Step.submit_label, Step.success_message = title, submit, done
    return Step


HearingHoldView = step(
    Hearing, HearingAct.HOLD, forms.HoldForm, "Record the hearing as held", "Save", "Hearing recorded as held.",
    services.hearing_hold,
)  # fmt: skip
HearingNotifyView = step(
    Hearing, HearingAct.NOTIFY, forms.NotifyForm, "Record when the outcome was notified", "Save",
    "Notification recorded.", services.hearing_notify,
)  # fmt: skip
HearingAdjournView = step(
    Hearing, HearingAct.ADJOURN, forms.ReasonForm, "Adjourn the hearing", "Adjourn", "Hearing adjourned.",
    services.hearing_adjourn,
)  # fmt: skip
HearingCancelView = step(
    Hearing, HearingAct.CANCEL, forms.ReasonForm, "Cancel the hearing", "Cancel the hearing", "Hearing cancelled.",
    services.hearing_cancel,
)  # fmt: skip
AppealArrangeView = step(
    Appeal, AppealAct.ARRANGE, forms.ArrangeForm, "Arrange the tribunal", "Save", "Tribunal arranged.",
    services.appeal_arrange,
)  # fmt: skip
AppealHearView = step(
    Appeal, AppealAct.HEAR, forms.ConfirmForm, "Record the tribunal as heard", "Record as heard",
    "Tribunal recorded as heard.", services.appeal_hear,
)  # fmt: skip
AppealDetermineView = step(
    Appeal, AppealAct.DETERMINE, forms.DetermineForm, "Record the determination", "Save",
    "Determination recorded.", services.appeal_determine,
)  # fmt: skip
AppealWithdrawView = step(
    Appeal, AppealAct.WITHDRAW, forms.ReasonForm, "Record the appeal as withdrawn", "Record as withdrawn",
    "Appeal recorded as withdrawn.", services.appeal_withdraw,
)  # fmt: skip
