"""Youth Commissioners: cohorts, a cohort's page, a member's page, and one form per service.

Members are minors. Anyone with module access (the Administrator too) sees a cohort's term, votes,
activities and how many members each area has; names, age bands and statuses, and the member pages,
are for staff who work with Youth Commissioners alone (`YouthPage`, `YouthFormView`, and the
services check again).
"""

from __future__ import annotations

from django.db.models import Count, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView

from engagement.forms.youth import ActivityForm, CohortForm, ConfirmForm, MemberForm
from engagement.models import MemberStatus, YouthActivity, YouthCohort, YouthCommissioner
from engagement.services.common import may_see_youth
from engagement.services.youth import (
    activity_add,
    activity_update,
    cohort_create,
    cohort_update,
    member_add,
    member_transition,
    member_update,
)
from engagement.workflow import MEMBER_TRANSITIONS, Action, allowed, check_transition
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from opcc.core.pages import TransitionStepMixin, subquery_count

from .common import EngagementPage, RecorderFormView, YouthFormView, YouthPage, crumbs

PER_PAGE = 25
TEMPLATES = "engagement/youth/"
ACTIVITIES_SHOWN = 100
STEP_STYLES = {Action.STAND_DOWN: "warning"}
MEMBER_COLOURS = {
    MemberStatus.ELECTED: "blue",
    MemberStatus.INDUCTED: "light-blue",
    MemberStatus.ACTIVE: "green",
    MemberStatus.TERM_ENDED: "grey",
    MemberStatus.STOOD_DOWN: "orange",
}
HIDDEN_NAMES = "Youth Commissioners are young people: their names are shown only to staff who work with them."


def youth_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Youth Commissioners", reverse("engagement:cohorts")), *trail)


def area_counts(cohort_ids: list[int]) -> dict[int, list[dict]]:
    """Members by area for each cohort (counts only: no names), one query."""
    rows = (
        YouthCommissioner.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values("cohort_id", "area__name", "area__sort_order")
        .annotate(n=Count("pk"))
        .order_by("cohort_id", "area__sort_order", "area__name")
    )
    counts: dict[int, list[dict]] = {}
    for row in rows:
        counts.setdefault(row["cohort_id"], []).append({"area": row["area__name"], "count": row["n"]})
    return counts


# --- cohorts ---------------------------------------------------------------------------------------


class CohortListView(EngagementPage, ListView):
    template_name = TEMPLATES + "cohorts.html"
    page_title = "Youth Commissioners"
    context_object_name = "cohorts"
    paginate_by = PER_PAGE
    paginator_class = CappedPaginator

    def get_queryset(self):
        members = subquery_count(YouthCommissioner.objects.filter(cohort=OuterRef("pk")), group="cohort")
        return YouthCohort.objects.annotate(member_count=members).order_by("-term_starts_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohorts = list(context["cohorts"])
        counts = area_counts([c.pk for c in cohorts])
        for cohort in cohorts:
            cohort.by_area = counts.get(cohort.pk, [])
        context["cohorts"] = cohorts
        return context


class CohortDetailView(EngagementPage, DetailView):
    template_name = TEMPLATES + "cohort.html"
    context_object_name = "cohort"
    model = YouthCohort

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs(self):
        return youth_crumbs()

    def get_context_data(self, **kwargs):
        cohort = self.object
        by_area = area_counts([cohort.pk]).get(cohort.pk, [])
        members = []
        if may_see_youth(self.request.user):
            members = list(cohort.members.select_related("area").order_by("area__sort_order", "name", "pk"))
            for member in members:
                member.tag = MEMBER_COLOURS[MemberStatus(member.status)]
        activities = list(cohort.activities.order_by("-date", "-pk")[: ACTIVITIES_SHOWN + 1])
        return super().get_context_data(
            by_area=by_area,
            member_total=sum(row["count"] for row in by_area),
            members=members,
            hidden_names=HIDDEN_NAMES,
            activities=activities[:ACTIVITIES_SHOWN],
            more_activities=len(activities) > ACTIVITIES_SHOWN,
            **kwargs,
        )


class CohortFormBase(RecorderFormView):
    form_class = CohortForm

    def get_cancel_url(self):
        return reverse("engagement:cohorts")

    def get_success_url(self):
        return self.result.get_absolute_url()


class CohortCreateView(CohortFormBase):
    page_title = "Add a Youth Commissioner cohort"
    submit_label = "Add cohort"

    def get_breadcrumbs(self):
        return youth_crumbs()

    def perform(self, form):
        return cohort_create(by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"{self.result.name} added."


class CohortStep:
    """A form on one cohort (mixed into a form view)."""

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(YouthCohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_breadcrumbs(self):
        return youth_crumbs((self.cohort.name, self.cohort.get_absolute_url()))

    def get_cancel_url(self):
        return self.cohort.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.cohort.name, **kwargs)  # type: ignore[misc]


class CohortUpdateView(CohortStep, CohortFormBase):
    page_title = "Change the cohort"
    submit_label = "Save changes"

    def get_initial(self):
        return {name: getattr(self.cohort, name) for name in CohortForm.base_fields}

    def perform(self, form):
        return cohort_update(cohort=self.cohort, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Cohort saved."


class ActivityCreateView(CohortStep, RecorderFormView):
    form_class = ActivityForm
    page_title = "Record an activity"
    submit_label = "Record activity"

    def perform(self, form):
        return activity_add(by=self.request.user, cohort=self.cohort, **form.cleaned_data)

    def get_success_message(self):
        return f"“{self.result.title}” recorded."

    def get_success_url(self):
        return self.cohort.get_absolute_url()


class ActivityUpdateView(RecorderFormView):
    form_class = ActivityForm
    page_title = "Change the activity"
    submit_label = "Save changes"

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(YouthActivity.objects.select_related("cohort"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        cohort = self.activity.cohort
        return youth_crumbs((cohort.name, cohort.get_absolute_url()))

    def get_cancel_url(self):
        return self.activity.cohort.get_absolute_url()

    def get_success_url(self):
        return self.activity.cohort.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.activity.title, **kwargs)

    def get_initial(self):
        return {name: getattr(self.activity, name) for name in ActivityForm.base_fields}

    def perform(self, form):
        return activity_update(activity=self.activity, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Activity saved."


# --- members ---------------------------------------------------------------------------------------


class MemberCreateView(CohortStep, YouthFormView):
    form_class = MemberForm
    page_title = "Add a Youth Commissioner"
    submit_label = "Add Youth Commissioner"
    intro = (
        "Only the name, the area and the age band at election are kept: no date of birth or contact details."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def perform(self, form):
        return member_add(by=self.request.user, cohort=self.cohort, **form.cleaned_data)

    def get_success_message(self):
        return f"{self.result.name} added."

    def get_success_url(self):
        return self.cohort.get_absolute_url()


class MemberDetailView(YouthPage, RecordViewAudited, DetailView):
    template_name = TEMPLATES + "member.html"
    context_object_name = "member"
    audit_page = "youth commissioner"

    def get_queryset(self):
        return YouthCommissioner.objects.select_related("cohort", "area")

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs(self):
        cohort = self.object.cohort
        return youth_crumbs((cohort.name, cohort.get_absolute_url()))

    def get_context_data(self, **kwargs):
        member = self.object
        steps = [
            {
                "action": action,
                "label": MEMBER_TRANSITIONS[action].label,
                "style": STEP_STYLES.get(action, "secondary"),
                "url": reverse("engagement:member_status", args=[member.pk, action.value]),
            }
            for action in allowed(MEMBER_TRANSITIONS, member.status)
        ]
        return super().get_context_data(
            steps=steps, tag=MEMBER_COLOURS[MemberStatus(member.status)], **kwargs
        )


class MemberStep(YouthFormView):
    def dispatch(self, request, *args, **kwargs):
        self.member = get_object_or_404(YouthCommissioner.objects.select_related("cohort"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        cohort = self.member.cohort
        return youth_crumbs((cohort.name, cohort.get_absolute_url()), (self.member.name, self.member_url()))

    def member_url(self) -> str:
        return reverse("engagement:member", args=[self.member.pk])

    def get_cancel_url(self):
        return self.member_url()

    def get_success_url(self):
        return self.member_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.member.name, **kwargs)


class MemberUpdateView(MemberStep):
    form_class = MemberForm
    page_title = "Change the Youth Commissioner's details"
    submit_label = "Save changes"

    def get_initial(self):
        m = self.member
        return {"name": m.name, "area": m.area_id, "age_band": m.age_band}

    def perform(self, form):
        return member_update(member=self.member, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Details saved."


class MemberTransitionView(TransitionStepMixin, MemberStep):
    """One status step; a step the status does not allow now goes back to the page with the reason."""

    form_class = ConfirmForm

    transitions = MEMBER_TRANSITIONS
    action_type = Action
    status_choices = MemberStatus
    check_transition = staticmethod(check_transition)

    def step_record(self):
        return self.member

    def step_return_url(self):
        return self.member_url()

    def get_context_data(self, **kwargs):
        target = MemberStatus(MEMBER_TRANSITIONS[self.action].target).label.lower()
        return super().get_context_data(
            intro=f"{self.member.name} will be recorded as {target}.",
            button_style=STEP_STYLES.get(self.action, ""),
            **kwargs,
        )

    def perform(self, form):
        return member_transition(member=self.member, by=self.request.user, action=self.action)

    def get_success_message(self):
        return f"{self.result.name} is now {self.result.get_status_display().lower()}."
