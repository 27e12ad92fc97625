"""Appointing panel members to a hearing's or tribunal's empty seats, by the rota or by hand."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.forms import panels as forms
from complaints.models import Appeal, Hearing, PanelMember
from complaints.services import rota
from complaints.services.panels import AppealAct, HearingAct
from complaints.views.panels import TEMPLATES, RecordStep

# --- appointing members --------------------------------------------------------------------------


class SeatStep(RecordStep):
    """Appointing to the empty seats of one role (in the URL) on a hearing or a tribunal."""

    def check_stage(self) -> None:
        super().check_stage()
        self.role = self.kwargs["role"]
        found = [
            (seat, empty, q) for seat, empty, q in rota.missing_seats(self.record) if seat.role == self.role
        ]
        if not found:
            raise Http404("No empty seat of that role")
        self.seat, self.empty, self.qualified = found[0]
        rota.dates_of(self.record)  # an appeal without a tribunal date says so

    def order(self, conflicts=None):
        first, last = rota.dates_of(self.record)
        return rota.rota_order(
            role=self.role, on=first, until=last, conflicts=conflicts, occasion=self.record
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(seat=self.seat, empty=self.empty, **kwargs)


class RotaView(SeatStep):
    template_name = TEMPLATES + "rota.html"
    form_class = forms.RotaForm
    submit_label = "Appoint these members"

    def get_page_title(self):
        return f"Appoint by rota: {self.seat.label.lower()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "empty": self.empty, "members": [c.member for c in self.order()]}

    def preview(self, form=None):
        conflicts = form.conflicts_map() if form is not None else None
        count = form.cleaned_data["count"] if form is not None else None
        return rota.rota_preview(occasion=self.record, role=self.role, conflicts=conflicts, count=count)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("plan", self.preview())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        if self.request.POST.get("step") == "preview":
            return self.render_to_response(self.get_context_data(form=form, plan=self.preview(form)))
        return super().form_valid(form)

    def perform(self, form):
        return rota.appoint_by_rota(
            occasion=self.record,
            role=self.role,
            count=form.cleaned_data["count"],
            conflicts=form.conflicts_map(),
            by=self.request.user,
        )

    def get_success_message(self):
        return "Appointed by the rota: " + ", ".join(a.member.name for a in self.result) + "."


class ManualView(SeatStep):
    form_class = forms.ManualForm
    submit_label = "Appoint"

    def get_page_title(self):
        return f"Appoint outside the rota: {self.seat.label.lower()}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "members": [c.member for c in self.order()]}

    def perform(self, form):
        member = get_object_or_404(PanelMember, pk=form.cleaned_data["member"])
        key = "hearing" if isinstance(self.record, Hearing) else "appeal"
        return rota.appoint_member(
            **{key: self.record},
            member=member,
            role=self.role,
            reason=form.cleaned_data["reason"],
            by=self.request.user,
        )

    def get_success_message(self):
        return f"{self.result.member.name} appointed outside the rota."


class HearingRotaView(RotaView):
    model, act, list_name = Hearing, HearingAct.APPOINT, "hearings"


class HearingManualView(ManualView):
    model, act, list_name = Hearing, HearingAct.APPOINT, "hearings"


class AppealRotaView(RotaView):
    model, act, list_name = Appeal, AppealAct.APPOINT, "appeals"


class AppealManualView(ManualView):
    model, act, list_name = Appeal, AppealAct.APPOINT, "appeals"
