"""The visit rota (the coming weeks' pairs per suite), adding, changing and cancelling a slot,
suggested pairs to confirm, and each suite's coverage heatmap.

Office staff and Administrators read the rota and the heatmap; only coordinators change the rota.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from opcc.core.dates import long_date
from opcc.core.models import CustodySuite
from opcc.core.pages import add_service_errors
from volunteers.coverage import coverage, default_period
from volunteers.forms.planning import (
    CancelForm,
    ConfirmForm,
    CoverageForm,
    PairForm,
    RotaFilterForm,
    SlotWhenForm,
    SuggestForm,
)
from volunteers.models import BAND_STARTS, RotaAssignment, RotaSlot, Scheme, TimeBand
from volunteers.services import eligible
from volunteers.services.rota import (
    rota_confirm,
    rota_slot_cancel,
    rota_slot_change_pair,
    rota_slot_create,
)
from volunteers.services.rota_suggest import rota_suggest

from .common import CoordinatorFormView, VolunteersPage, crumbs

TEMPLATES = "volunteers/planning/"
DEFAULT_WEEKS = 4


def rota_crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Visit rota", reverse("volunteers:rota")), *more)


def band_order(slot: RotaSlot) -> tuple:
    return slot.day, BAND_STARTS[TimeBand(slot.band)], slot.pk


def free_visitors(day: dt.date, band: str, *, keep: RotaSlot | None = None):
    """Custody visitors eligible on `day` and not on another slot in that band (a bounded list)."""
    busy = RotaAssignment.objects.filter(slot__day=day, slot__band=band, slot__cancelled_reason="")
    if keep is not None:
        busy = busy.exclude(slot=keep)
    taken = set(busy.values_list("volunteer_id", flat=True))
    return [v for v in eligible(scheme=Scheme.ICV, day=day) if v.pk not in taken]


def upcoming(*, first_day: dt.date, last_day: dt.date, suite: CustodySuite | None = None):
    """Slots in the period with their suite, visit and visitors (three queries for any number)."""
    slots = RotaSlot.objects.filter(day__gte=first_day, day__lte=last_day).for_list()
    return slots.filter(suite=suite) if suite is not None else slots


class RotaView(VolunteersPage, TemplateView):
    template_name = TEMPLATES + "rota.html"
    page_title = "Visit rota"

    def get_context_data(self, **kwargs):
        form = RotaFilterForm(self.request.GET or None)
        suite, weeks = None, DEFAULT_WEEKS
        if form.is_bound and form.is_valid():
            suite, weeks = form.cleaned_data["suite"], form.cleaned_data["weeks"] or DEFAULT_WEEKS
        today = timezone.localdate()
        last = today + dt.timedelta(weeks=weeks, days=-1)
        slots = sorted(
            upcoming(first_day=today, last_day=last, suite=suite),
            key=lambda s: (s.suite.name, *band_order(s)),
        )
        by_suite = [(name, list(rows)) for name, rows in groupby(slots, key=lambda s: s.suite.name)]
        return super().get_context_data(
            form=form,
            by_suite=by_suite,
            first=today,
            last=last,
            period=f"{long_date(today)} to {long_date(last)}",
            **kwargs,
        )


class SlotAddView(CoordinatorFormView):
    """Step one (a GET form): suite, day and time of day; step two: the pair, from those free then."""

    template_name = TEMPLATES + "slot_add.html"
    page_title = "Add a rota slot"
    submit_label = "Add the slot"
    form_class = PairForm

    def prepare(self) -> None:
        self.when = SlotWhenForm(self.request.GET if self.request.GET else None)
        self.ready = self.when.is_bound and self.when.is_valid() and "change" not in self.request.GET

    def get(self, request, *args, **kwargs):
        self.prepare()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return rota_crumbs()

    def get_cancel_url(self):
        return reverse("volunteers:rota")

    def get_form(self, form_class=None):
        if not self.ready:
            return None
        data = self.when.cleaned_data
        return PairForm(**self.get_form_kwargs(), people=free_visitors(data["day"], data["band"]))

    def post(self, request, *args, **kwargs):
        self.prepare()
        if not self.ready:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = self.when.cleaned_data
        return rota_slot_create(
            by=self.request.user,
            suite=data["suite"],
            day=data["day"],
            band=data["band"],
            visitors=form.visitors(),
        )

    error_field_map = {"visitors": "first_visitor"}

    def get_success_message(self):
        return f"Rota slot added: {self.result}."

    def get_success_url(self):
        return reverse("volunteers:rota")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["when"] = self.when
        context["ready"] = self.ready
        if self.ready:
            data = self.when.cleaned_data
            context["summary"] = [
                ("Custody suite", str(data["suite"])),
                ("Day", long_date(data["day"])),
                ("Time of day", TimeBand(data["band"]).label),
            ]
        return context


class SlotMixin:
    def dispatch(self, request, *args, **kwargs):
        self.slot = get_object_or_404(RotaSlot.objects.select_related("suite"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_breadcrumbs(self):
        return rota_crumbs()

    def get_cancel_url(self):
        return reverse("volunteers:rota")

    def get_success_url(self):
        return reverse("volunteers:rota")

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=str(self.slot), **kwargs)  # type: ignore[misc]


class SlotPairView(SlotMixin, CoordinatorFormView):
    page_title = "Change the pair"
    submit_label = "Change the pair"
    error_field_map = {"visitors": "first_visitor"}

    def get_form(self, form_class=None):
        return PairForm(
            **self.get_form_kwargs(), people=free_visitors(self.slot.day, self.slot.band, keep=self.slot)
        )

    def get_initial(self):
        pair = list(self.slot.assignments.order_by("pk").values_list("volunteer_id", flat=True))
        return dict(zip(("first_visitor", "second_visitor"), pair, strict=False))

    def perform(self, form):
        return rota_slot_change_pair(slot=self.slot, by=self.request.user, visitors=form.visitors())

    def get_success_message(self):
        return f"Pair changed for {self.slot}."


class SlotCancelView(SlotMixin, CoordinatorFormView):
    page_title = "Cancel the rota slot"
    submit_label = "Cancel the slot"
    form_class = CancelForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(button_style="warning", **kwargs)

    def perform(self, form):
        return rota_slot_cancel(slot=self.slot, by=self.request.user, reason=form.cleaned_data["reason"])

    def get_success_message(self):
        return f"Rota slot cancelled: {self.slot}."


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


class SuggestView(CoordinatorFormView):
    """Suggested pairs for a suite's coming weeks; the coordinator ticks the ones to add."""

    template_name = TEMPLATES + "suggest.html"
    page_title = "Suggest rota pairs"
    submit_label = "Add the ticked slots"

    def prepare(self) -> None:
        initial = {
            "first_day": next_monday(timezone.localdate()).strftime("%d/%m/%Y"),
            "weeks": DEFAULT_WEEKS,
        }
        self.query = SuggestForm(self.request.GET if self.request.GET else None, initial=initial)
        self.proposals = []
        if self.query.is_bound and self.query.is_valid():
            data = self.query.cleaned_data
            try:
                self.proposals = rota_suggest(
                    suite=data["suite"], first_day=data["first_day"], weeks=data["weeks"]
                )
            except ValidationError as exc:
                add_service_errors(self.query, exc)

    def get(self, request, *args, **kwargs):
        self.prepare()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return rota_crumbs()

    def get_cancel_url(self):
        return reverse("volunteers:rota")

    def get_form(self, form_class=None):
        if not self.proposals:
            return None
        choices = [
            (p.key, f"{long_date(p.day)}, {p.band_label}: {p.visitors[0].name} and {p.visitors[1].name}")
            for p in self.proposals
        ]
        kwargs = self.get_form_kwargs()
        kwargs.setdefault("initial", {})["slots"] = [key for key, _ in choices]
        return ConfirmForm(**kwargs, choices=choices)

    def post(self, request, *args, **kwargs):
        self.prepare()
        if not self.proposals:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return rota_confirm(
            by=self.request.user, suite=self.query.cleaned_data["suite"], keys=form.cleaned_data["slots"]
        )

    def get_success_message(self):
        return f"{len(self.result)} rota slot{'s' if len(self.result) != 1 else ''} added."

    def get_success_url(self):
        return f"{reverse('volunteers:rota')}?suite={self.query.cleaned_data['suite'].pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["proposals"] = self.proposals
        if self.query.is_bound and self.query.is_valid():
            suite = self.query.cleaned_data["suite"]
            context["target"] = suite.weekly_visit_target
            context["suite"] = suite
        return context


class CoverageView(VolunteersPage, TemplateView):
    """A suite's visits by day of week and time of day, and its weeks against the target."""

    template_name = TEMPLATES + "coverage.html"
    page_title = "Visit coverage"

    def get_breadcrumbs(self):
        return crumbs()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        first, last = default_period(today)
        data = self.request.GET.copy()
        if "suite" not in data:
            default = CustodySuite.objects.open_between(first, last).order_by("name", "pk").first()
            if default is not None:
                data["suite"] = str(default.pk)
        for name, day in (("first", first), ("last", last)):
            if not data.get(name, "").strip():
                data[name] = day.strftime("%d/%m/%Y")
        form = CoverageForm(data)
        result = None
        if form.is_valid():
            first, last = form.cleaned_data["first"], form.cleaned_data["last"]
            result = coverage(suite=form.cleaned_data["suite"], first=first, last=last, today=today)
        return super().get_context_data(
            form=form,
            coverage=result,
            period=f"{long_date(first)} to {long_date(last)}",
            **kwargs,
        )
