"""Volunteers: the list, a volunteer's page, and one form per service (details, status, training,
re-accreditation, AA availability).

Office staff and Administrators read; volunteer coordinators write (`CoordinatorFormView` refuses
everyone else, and each service checks again). A volunteer's page offers only the status steps the
transition table allows now, and records each view in the audit trail (contact details).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from opcc.core.pages import TransitionStepMixin
from volunteers.filters import VolunteerFilter
from volunteers.filters.people import EXPIRY_DAYS
from volunteers.forms import AvailabilityForm, ReaccreditForm, TrainingForm, TransitionForm, VolunteerForm
from volunteers.models import Course, Scheme, TrainingRecord, Volunteer, VolunteerStatus
from volunteers.services import (
    barriers,
    training_record,
    volunteer_create,
    volunteer_reaccredit,
    volunteer_transition,
    volunteer_update,
)
from volunteers.services.eligibility import SCHEME_NAMES
from volunteers.services.people import availability_add
from volunteers.tables import VolunteerTable
from volunteers.tables.people import check_state, check_tag, status_tag, with_checks
from volunteers.workflow import VOLUNTEER_TRANSITIONS, Action, allowed, check_transition

from .common import CoordinatorFormView, VolunteersPage, crumbs

PER_PAGE = 25
TEMPLATES = "volunteers/people/"
UPCOMING_AVAILABILITY = 10
# Where each status step sits on the page, and its button style.
STEP_STYLES = {Action.SUSPEND: "warning", Action.LEAVE: "warning"}


def list_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Volunteers", reverse("volunteers:volunteers")), *trail)


def may_reaccredit(volunteer: Volunteer) -> bool:
    return volunteer.appointed_on is not None and volunteer.status in (
        VolunteerStatus.ACTIVE,
        VolunteerStatus.SUSPENDED,
    )


def may_add_availability(volunteer: Volunteer) -> bool:
    return Scheme.AA in volunteer.schemes and volunteer.status != VolunteerStatus.LEFT


class VolunteerListView(VolunteersPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "list.html"
    page_title = "Volunteers"
    table_class = VolunteerTable
    filterset_class = VolunteerFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return with_checks(Volunteer.objects.all(), timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        context["filters_active"] = any(v for v in query.values())
        return context


class VolunteerDetailView(VolunteersPage, RecordViewAudited, DetailView):
    template_name = TEMPLATES + "detail.html"
    context_object_name = "volunteer"
    audit_page = "volunteer"

    def get_queryset(self):
        training = TrainingRecord.objects.select_related("course").order_by("-completed_on", "pk")
        return (
            Volunteer.objects.select_related("area")
            .prefetch_related(Prefetch("training", queryset=training))
            .annotate(
                visit_count=Count("visits", distinct=True), callout_count=Count("callouts", distinct=True)
            )
        )

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_context_data(self, **kwargs):
        volunteer, today = self.object, timezone.localdate()
        courses = list(Course.objects.filter(active=True))
        records = list(volunteer.training.all())
        for record in records:
            record.expired = record.expires_on is not None and record.expires_on < today
        acting = [
            {
                "scheme": SCHEME_NAMES[Scheme(scheme)],
                "barriers": barriers(volunteer, scheme=scheme, day=today, courses=courses),
            }
            for scheme in (Scheme.ICV, Scheme.AA)
            if scheme in volunteer.schemes
        ]
        soon = today + dt.timedelta(days=EXPIRY_DAYS)
        volunteer.training_lapsed = any(a["barriers"] for a in acting)
        volunteer.training_expiring = any(r.expires_on and today <= r.expires_on <= soon for r in records)
        steps = [
            {
                "action": action,
                "label": VOLUNTEER_TRANSITIONS[action].label,
                "style": STEP_STYLES.get(action, "secondary"),
                "url": reverse("volunteers:volunteer_status", args=[volunteer.pk, action.value]),
            }
            for action in allowed(VOLUNTEER_TRANSITIONS, volunteer.status)
        ]
        availability = list(
            volunteer.availability.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")[
                :UPCOMING_AVAILABILITY
            ]
        )
        return super().get_context_data(
            status_tag=status_tag(volunteer.status),
            check_tag=check_tag(
                check_state(volunteer, today) if not any(a["barriers"] for a in acting) else ""
            ),
            training=records,
            acting=acting,
            steps=steps,
            may_reaccredit=may_reaccredit(volunteer),
            may_add_availability=may_add_availability(volunteer),
            availability=availability,
            **kwargs,
        )


# --- forms ----------------------------------------------------------------------------------------


class VolunteerCreateView(CoordinatorFormView):
    form_class = VolunteerForm
    page_title = "Add a volunteer"
    submit_label = "Add volunteer"

    def get_breadcrumbs(self):
        return list_crumbs()

    def get_cancel_url(self):
        return reverse("volunteers:volunteers")

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro="They start as an applicant.", **kwargs)

    def perform(self, form):
        return volunteer_create(
            by=self.request.user, applied_on=form.cleaned_data["applied_on"], **form.service_fields()
        )

    def get_success_message(self):
        return f"{self.result.name} added as an applicant."

    def get_success_url(self):
        return self.result.get_absolute_url()


class VolunteerStep(CoordinatorFormView):
    """A form on one volunteer."""

    def dispatch(self, request, *args, **kwargs):
        self.volunteer = get_object_or_404(Volunteer, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return list_crumbs((self.volunteer.name, self.volunteer.get_absolute_url()))

    def get_cancel_url(self):
        return self.volunteer.get_absolute_url()

    def get_success_url(self):
        return self.volunteer.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.volunteer.name, **kwargs)


class VolunteerUpdateView(VolunteerStep):
    form_class = VolunteerForm
    page_title = "Change the volunteer's details"
    submit_label = "Save changes"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "adding": False}

    def get_initial(self):
        v = self.volunteer
        names = [n for n in VolunteerForm.base_fields if n != "applied_on"]
        return {name: getattr(v, name) for name in names if name != "area"} | {"area": v.area_id}

    def perform(self, form):
        return volunteer_update(volunteer=self.volunteer, by=self.request.user, **form.service_fields())

    def get_success_message(self):
        return "Details saved."


class VolunteerTransitionView(TransitionStepMixin, VolunteerStep):
    """One status step; a step the status does not allow now goes back to the page with the reason."""

    form_class = TransitionForm

    transitions = VOLUNTEER_TRANSITIONS
    action_type = Action
    status_choices = VolunteerStatus
    check_transition = staticmethod(check_transition)

    def step_record(self):
        return self.volunteer

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_context_data(self, **kwargs):
        intro = {
            Action.ACTIVATE: "Appointing sets the re-accreditation date three years on. Vetting, the "
            "independence declaration and every course the scheme requires must be in date.",
            Action.SUSPEND: "A suspended volunteer cannot be put on a visit, the rota or a call-out.",
            Action.LEAVE: "The volunteer stays on record with the date they left and why.",
        }.get(self.action, "")
        return super().get_context_data(
            intro=intro,
            button_style=STEP_STYLES.get(self.action, ""),
            **kwargs,
        )

    def perform(self, form):
        return volunteer_transition(
            volunteer=self.volunteer,
            by=self.request.user,
            action=self.action,
            on=form.cleaned_data["on"],
            reason=form.cleaned_data.get("reason", ""),
        )

    def get_success_message(self):
        return f"{self.result.name} is now {self.result.get_status_display().lower()}."


class TrainingAddView(VolunteerStep):
    form_class = TrainingForm
    page_title = "Record training"
    submit_label = "Save training"

    def perform(self, form):
        return training_record(volunteer=self.volunteer, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"“{self.result.course}” recorded."


class ReaccreditView(VolunteerStep):
    form_class = ReaccreditForm
    page_title = "Re-accredit for three more years"
    submit_label = "Re-accredit"
    intro = "After a review of the volunteer's service, confirm a further three-year term from this date."

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def perform(self, form):
        return volunteer_reaccredit(
            volunteer=self.volunteer, by=self.request.user, on=form.cleaned_data["on"]
        )

    def get_success_message(self):
        return f"Re-accredited until {self.result.reaccreditation_due_on:%d/%m/%Y}."


class AvailabilityAddView(VolunteerStep):
    form_class = AvailabilityForm
    page_title = "Add a time on the call-out rota"
    submit_label = "Add to the rota"
    error_field_map = {"starts_at": "starts", "ends_at": "ends"}
    intro = (
        "A time this appropriate adult can be called out. An end time before the start runs past midnight."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return availability_add(
            volunteer=self.volunteer,
            by=self.request.user,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )

    def get_success_message(self):
        return "Added to the call-out rota."
