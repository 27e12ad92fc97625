"""The Outstanding Citizens Awards: editions, an edition's page with its nominations and the results
as they would be published, the nomination list, a nomination's page, and one form per service.

Anyone with module access reads (the Administrator too); office staff alone write. A nomination's
page offers only the judging steps the transition table allows now, and records each view in the
audit trail (the nominator's contact details).
"""

from __future__ import annotations

from django.db.models import Count, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin, SingleTableView

from engagement.filters.awards import NominationFilter
from engagement.forms.awards import DecideForm, EditionForm, NominationForm
from engagement.models import AwardEdition, Nomination, NominationStatus
from engagement.services.awards import (
    OPEN_STATUSES,
    edition_create,
    edition_update,
    nomination_create,
    nomination_decide,
    nomination_update,
)
from engagement.tables.awards import EditionTable, NominationTable, nomination_tag
from engagement.workflow import NOMINATION_TRANSITIONS, Action, allowed, check_transition
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator
from opcc.core.pages import TransitionStepMixin, subquery_count

from .common import EngagementPage, RecorderFormView, crumbs

PER_PAGE = 25
TEMPLATES = "engagement/awards/"
EDITION_NOMINATIONS_SHOWN = 200  # an edition's page lists at most this many; the list pages the rest
STEP_STYLES = {Action.NOT_SELECT: "warning"}
PUBLISHED = (NominationStatus.WINNER, NominationStatus.RUNNER_UP)
WITHHELD = "Name withheld"


def award_crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Outstanding Citizens Awards", reverse("engagement:editions")), *trail)


# --- editions --------------------------------------------------------------------------------------


class EditionListView(EngagementPage, SingleTableView):
    template_name = TEMPLATES + "editions.html"
    page_title = "Outstanding Citizens Awards"
    table_class = EditionTable
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        count = subquery_count(Nomination.objects.filter(edition=OuterRef("pk")), group="edition")
        return AwardEdition.objects.annotate(nomination_count=count).order_by("-number", "-pk")


def published_results(edition: AwardEdition) -> list[dict]:
    """Winners and runners-up by category, as published: a name only with the nominee's consent."""
    rows = (
        edition.nominations.filter(status__in=PUBLISHED)
        .select_related("category", "area")
        .order_by("category__sort_order", "category__name", "status", "nominee_name", "pk")
    )
    return [
        {
            "category": row.category.name,
            "result": row.get_status_display(),
            "name": row.nominee_name if row.publicity_consent else WITHHELD,
            "area": row.area.name if row.area else "",
        }
        for row in rows
    ]


class EditionDetailView(EngagementPage, DetailView):
    template_name = TEMPLATES + "edition.html"
    context_object_name = "edition"
    model = AwardEdition

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs(self):
        return award_crumbs()

    def get_context_data(self, **kwargs):
        edition = self.object
        categories = list(edition.categories.order_by("sort_order", "name"))
        counts = {
            row["category"]: row["n"]
            for row in edition.nominations.order_by().values("category").annotate(n=Count("pk"))
        }
        shown = list(
            edition.nominations.select_related("area").order_by(
                "category_id", "status", "nominee_name", "pk"
            )[: EDITION_NOMINATIONS_SHOWN + 1]
        )
        more = len(shown) > EDITION_NOMINATIONS_SHOWN
        by_category: dict[int, list] = {}
        for nomination in shown[:EDITION_NOMINATIONS_SHOWN]:
            nomination.tag = nomination_tag(nomination.status)
            by_category.setdefault(nomination.category_id, []).append(nomination)
        sections = [
            {
                "category": category,
                "count": counts.get(category.pk, 0),
                "nominations": by_category.get(category.pk, []),
                "list_url": f"{reverse('engagement:nominations')}?edition={edition.pk}&category={category.pk}",
            }
            for category in categories
        ]
        return super().get_context_data(
            sections=sections,
            more=more,
            shown_limit=EDITION_NOMINATIONS_SHOWN,
            results=published_results(edition),
            total=sum(counts.values()),
            **kwargs,
        )


class EditionCreateView(RecorderFormView):
    form_class = EditionForm
    page_title = "Add an awards edition"
    submit_label = "Add edition"

    def get_breadcrumbs(self):
        return award_crumbs()

    def get_cancel_url(self):
        return reverse("engagement:editions")

    def perform(self, form):
        return edition_create(by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"The {self.result} added."

    def get_success_url(self):
        return self.result.get_absolute_url()


class EditionStep(RecorderFormView):
    """A form on one edition."""

    def dispatch(self, request, *args, **kwargs):
        self.edition = get_object_or_404(AwardEdition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return award_crumbs((str(self.edition), self.edition.get_absolute_url()))

    def get_cancel_url(self):
        return self.edition.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=str(self.edition), **kwargs)


class EditionUpdateView(EditionStep):
    form_class = EditionForm
    page_title = "Change the edition"
    submit_label = "Save changes"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_initial(self):
        e = self.edition
        return {
            "number": e.number,
            "nominations_open_on": e.nominations_open_on,
            "nominations_close_on": e.nominations_close_on,
            "ceremony_on": e.ceremony_on,
            "categories": list(e.categories.values_list("pk", flat=True)),
        }

    def perform(self, form):
        return edition_update(edition=self.edition, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Edition saved."

    def get_success_url(self):
        return self.edition.get_absolute_url()


class NominationCreateView(EditionStep):
    form_class = NominationForm
    page_title = "Record a nomination"
    submit_label = "Record nomination"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def perform(self, form):
        return nomination_create(by=self.request.user, edition=self.edition, **form.cleaned_data)

    def get_success_message(self):
        return f"Nomination of {self.result.nominee_name} recorded."

    def get_success_url(self):
        return self.result.get_absolute_url()


# --- nominations -----------------------------------------------------------------------------------


class NominationListView(EngagementPage, SingleTableMixin, FilterView):
    template_name = TEMPLATES + "nominations.html"
    page_title = "Nominations"
    table_class = NominationTable
    filterset_class = NominationFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_breadcrumbs(self):
        return award_crumbs()

    def get_queryset(self):
        return Nomination.objects.select_related("edition", "category", "area").order_by(
            "-edition_id", "status", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filters_active"] = any(v for v in query.values())
        return context


class NominationDetailView(EngagementPage, RecordViewAudited, DetailView):
    template_name = TEMPLATES + "nomination.html"
    context_object_name = "nomination"
    audit_page = "nomination"

    def get_queryset(self):
        return Nomination.objects.select_related("edition", "category", "area")

    def get_page_title(self):
        return self.object.nominee_name

    def get_breadcrumbs(self):
        return award_crumbs((str(self.object.edition), self.object.edition.get_absolute_url()))

    def get_context_data(self, **kwargs):
        nomination = self.object
        steps = [
            {
                "action": action,
                "label": NOMINATION_TRANSITIONS[action].label,
                "style": STEP_STYLES.get(action, "secondary"),
                "url": reverse("engagement:nomination_decide", args=[nomination.pk, action.value]),
            }
            for action in allowed(NOMINATION_TRANSITIONS, nomination.status)
        ]
        return super().get_context_data(
            status_tag=nomination_tag(nomination.status),
            steps=steps,
            may_edit=nomination.status in OPEN_STATUSES,
            **kwargs,
        )


class NominationStep(RecorderFormView):
    """A form on one nomination."""

    def dispatch(self, request, *args, **kwargs):
        self.nomination = get_object_or_404(
            Nomination.objects.select_related("edition", "category"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        edition = self.nomination.edition
        return award_crumbs(
            (str(edition), edition.get_absolute_url()),
            (self.nomination.nominee_name, self.nomination.get_absolute_url()),
        )

    def get_cancel_url(self):
        return self.nomination.get_absolute_url()

    def get_success_url(self):
        return self.nomination.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.nomination.nominee_name, **kwargs)


class NominationUpdateView(NominationStep):
    form_class = NominationForm
    page_title = "Change the nomination"
    submit_label = "Save changes"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.nomination.edition}

    def get_initial(self):
        n = self.nomination
        names = [name for name in NominationForm.base_fields if name not in ("category", "area")]
        return {name: getattr(n, name) for name in names} | {"category": n.category_id, "area": n.area_id}

    def perform(self, form):
        return nomination_update(nomination=self.nomination, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return "Nomination saved."


class NominationDecideView(TransitionStepMixin, NominationStep):
    """One judging step; a step the status does not allow now goes back to the page with the reason."""

    form_class = DecideForm

    transitions = NOMINATION_TRANSITIONS
    action_type = Action
    status_choices = NominationStatus
    check_transition = staticmethod(check_transition)

    def step_record(self):
        return self.nomination

    def get_context_data(self, **kwargs):
        intro = {
            Action.WIN: f"One winner per category: “{self.nomination.category}” in the {self.nomination.edition}.",
            Action.NOT_SELECT: "The nomination stays on record; the note says why, if you give one.",
        }.get(self.action, "")
        return super().get_context_data(intro=intro, button_style=STEP_STYLES.get(self.action, ""), **kwargs)

    def perform(self, form):
        return nomination_decide(
            nomination=self.nomination,
            by=self.request.user,
            action=self.action,
            note=form.cleaned_data["note"],
        )

    def get_success_message(self):
        return f"{self.result.nominee_name}: {self.result.get_status_display().lower()}."
