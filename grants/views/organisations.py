"""Organisations: searchable list, a page with applications and awards, add/change with a duplicate check."""

from __future__ import annotations

from django.db.models import F, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from grants import services
from grants.filters import OrganisationFilter
from grants.forms import OrganisationForm
from grants.models import ZERO, Application, Award, Organisation
from grants.tables import ApplicationTable, OrganisationTable
from opcc.audit.views import RecordViewAudited
from opcc.core.lists import CappedPaginator

from .common import ACCESS, GrantsPage, ServiceFormView, crumbs, subquery_count, subquery_sum

VIEW_ORGANISATIONS = (ACCESS, "grants.view_organisation")
EDIT_ORGANISATIONS = (ACCESS, "grants.change_organisation")


def organisations_with_figures():
    awards = Award.objects.filter(application__organisation=OuterRef("pk"), withdrawn_on__isnull=True)
    return Organisation.objects.annotate(
        applications_count=subquery_count(
            Application.objects.filter(organisation=OuterRef("pk")), group="organisation"
        ),
        awarded_total=subquery_sum(awards, F("amount"), group="application__organisation"),
    )


class OrganisationListView(GrantsPage, SingleTableMixin, FilterView):
    template_name = "grants/organisations/list.html"
    permission_required = VIEW_ORGANISATIONS
    page_title = "Organisations"
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return organisations_with_figures().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.request.user.has_perm("grants.add_organisation"), **kwargs
        )


class OrganisationDetailView(GrantsPage, RecordViewAudited, DetailView):
    template_name = "grants/organisations/detail.html"
    permission_required = VIEW_ORGANISATIONS
    context_object_name = "organisation"
    audit_page = "organisation"

    def get_queryset(self):
        return organisations_with_figures()

    def get_page_title(self):
        return self.object.name

    def get_breadcrumbs(self):
        return crumbs(("Organisations", reverse("grants:organisations")))

    def get_context_data(self, **kwargs):
        applications = Application.objects.for_list().filter(organisation=self.object)
        table = ApplicationTable(
            applications, orderable=False, exclude=("organisation",), empty_text="No applications yet."
        )
        awards = list(
            Award.objects.filter(application__organisation=self.object)
            .select_related("application", "fund")
            .order_by("-offered_on")
        )
        return super().get_context_data(
            table=table,
            awards=awards,
            awards_total=sum((a.amount for a in awards if a.withdrawn_on is None), ZERO),
            areas_served=list(self.object.areas_served.all()),
            can_edit=self.request.user.has_perm("grants.change_organisation"),
            can_add_application=self.request.user.has_perm("grants.add_application"),
            **kwargs,
        )


class OrganisationFormView(ServiceFormView):
    """Add or change; likely duplicates (same number or name) need "Save anyway" first."""

    form_class = OrganisationForm
    template_name = "grants/organisations/form.html"
    organisation: Organisation | None = None

    def form_valid(self, form):
        data = form.cleaned_data
        if not data["confirm_duplicate"]:
            duplicates = services.organisation_duplicates(
                name=data["name"],
                charity_number=data["charity_number"],
                company_number=data["company_number"],
                exclude_pk=self.organisation.pk if self.organisation else None,
            )[:5]
            if duplicates:
                form.ask_to_confirm(duplicates)
                return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        return services.organisation_save(
            by=self.request.user,
            organisation=self.organisation,
            areas_served=form.cleaned_data["areas_served"],
            **form.service_fields(),
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class OrganisationCreateView(OrganisationFormView):
    permission_required = (ACCESS, "grants.add_organisation")
    page_title = "Add an organisation"
    submit_label = "Save organisation"

    def get_breadcrumbs(self):
        return crumbs(("Organisations", reverse("grants:organisations")))

    def get_cancel_url(self):
        return reverse("grants:organisations")

    def get_success_message(self):
        return f"{self.result.name} added."


class OrganisationUpdateView(OrganisationFormView):
    permission_required = EDIT_ORGANISATIONS
    submit_label = "Save changes"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change {self.organisation.name}"

    def get_breadcrumbs(self):
        return crumbs(
            ("Organisations", reverse("grants:organisations")),
            (self.organisation.name, self.organisation.get_absolute_url()),
        )

    def get_initial(self):
        return OrganisationForm.initial_for(self.organisation)

    def get_cancel_url(self):
        return self.organisation.get_absolute_url()

    def get_success_message(self):
        return f"{self.result.name} changed."
