"""Funds and allocations: fund years, top-ups, and per line allocated / committed / paid / left."""

from __future__ import annotations

from django.db.models import F, OuterRef, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView

from grants import services
from grants.forms import (
    AllocationLineAddForm,
    AllocationLineForm,
    FundYearCreateForm,
    FundYearUpdateForm,
    TopUpForm,
)
from grants.models import ZERO, AllocationLine, Application, Award, FundYear, Payment
from opcc.core.money import format_gbp

from .common import ACCESS, MANAGE, GrantsPage, ServiceFormView, crumbs, subquery_count, subquery_sum

VIEW_FUNDS = (ACCESS, "grants.view_fundyear")
MANAGE_FUNDS = (ACCESS, MANAGE)
LIVE_AWARDS = {"withdrawn_on__isnull": True}


def fund_years_with_figures():
    """Every fund year with its budget, allocated, committed, paid and counts: one query."""
    awards = Award.objects.filter(application__fund_year=OuterRef("pk"))
    return (
        FundYear.objects.with_budget()
        .select_related("fund", "financial_year")
        .annotate(
            allocated=subquery_sum(
                AllocationLine.objects.filter(fund_year=OuterRef("pk")), F("amount"), group="fund_year"
            ),
            committed=subquery_sum(
                awards, Award.objects.committed_expression(), group="application__fund_year"
            ),
            paid=subquery_sum(
                Payment.objects.filter(award__application__fund_year=OuterRef("pk")),
                F("amount"),
                group="award__application__fund_year",
            ),
            projects=subquery_count(awards.filter(**LIVE_AWARDS), group="application__fund_year"),
            applications_count=subquery_count(
                Application.objects.filter(fund_year=OuterRef("pk")), group="fund_year"
            ),
        )
        .order_by("-financial_year__start_year", "fund__name")
    )


def lines_with_figures(fund_year: FundYear):
    """Each line of a fund year with committed, paid, remaining and projects, computed in SQL."""
    awards = Award.objects.filter(application__allocation_line=OuterRef("pk"))
    payments = Payment.objects.filter(award__application__allocation_line=OuterRef("pk"))
    return (
        AllocationLine.objects.filter(fund_year=fund_year)
        .select_related("area")
        .annotate(
            committed=subquery_sum(
                awards, Award.objects.committed_expression(), group="application__allocation_line"
            ),
            paid=subquery_sum(payments, F("amount"), group="award__application__allocation_line"),
            projects=subquery_count(awards.filter(**LIVE_AWARDS), group="application__allocation_line"),
        )
        .annotate(remaining=F("amount") - F("committed"))
        .order_by("area__sort_order", "area__name")
    )


class FundYearListView(GrantsPage, ListView):
    template_name = "grants/funds/list.html"
    permission_required = VIEW_FUNDS
    page_title = "Funds and allocations"
    context_object_name = "fund_years"

    def get_queryset(self):
        return fund_years_with_figures()


class FundYearDetailView(GrantsPage, DetailView):
    template_name = "grants/funds/detail.html"
    permission_required = VIEW_FUNDS
    context_object_name = "fund_year"

    def get_queryset(self):
        return FundYear.objects.with_budget().select_related("fund", "financial_year")

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs(self):
        return crumbs(("Funds and allocations", reverse("grants:fund_years")))

    def get_context_data(self, **kwargs):
        lines = list(lines_with_figures(self.object))
        totals = {
            key: sum((getattr(line, key) for line in lines), ZERO)
            for key in ("amount", "committed", "paid", "remaining")
        }
        totals["projects"] = sum(line.projects for line in lines)
        budget = self.object.budget
        return super().get_context_data(
            lines=lines,
            totals=totals,
            unallocated=budget - totals["amount"],
            top_ups=self.object.top_ups.select_related("recorded_by"),
            can_manage=self.request.user.has_perm(MANAGE),
            **kwargs,
        )


class FundYearMixin:
    """Pages under one fund year."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        queryset = FundYear.objects.with_budget().select_related("fund", "financial_year")
        self.fund_year = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return crumbs(
            ("Funds and allocations", reverse("grants:fund_years")),
            (str(self.fund_year), self.fund_year.get_absolute_url()),
        )

    def get_success_url(self):
        return self.fund_year.get_absolute_url()

    def get_cancel_url(self):
        return self.fund_year.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(fund_year=self.fund_year, caption=str(self.fund_year), **kwargs)


class FundYearCreateView(ServiceFormView):
    permission_required = MANAGE_FUNDS
    form_class = FundYearCreateForm
    page_title = "Add a fund year"
    submit_label = "Add fund year"
    template_name = "grants/funds/form.html"

    def get_breadcrumbs(self):
        return crumbs(("Funds and allocations", reverse("grants:fund_years")))

    def get_cancel_url(self):
        return reverse("grants:fund_years")

    def perform(self, form):
        return services.fund_year_create(by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"{self.result} added, with an empty line for each area and pot of the year."

    def get_success_url(self):
        return self.result.get_absolute_url()


class FundYearUpdateView(FundYearMixin, ServiceFormView):
    permission_required = MANAGE_FUNDS
    form_class = FundYearUpdateForm
    page_title = "Change the fund year"
    submit_label = "Save changes"
    template_name = "grants/funds/form.html"
    error_field_map = {"amount": "envelope"}

    def get_initial(self):
        return FundYearUpdateForm.initial_for(self.fund_year)

    def perform(self, form):
        return services.fund_year_update(fund_year=self.fund_year, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"{self.fund_year} changed."


class TopUpCreateView(FundYearMixin, ServiceFormView):
    permission_required = MANAGE_FUNDS
    form_class = TopUpForm
    page_title = "Add a top-up"
    submit_label = "Add top-up"
    template_name = "grants/funds/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fund_year": self.fund_year}

    def perform(self, form):
        return services.top_up_add(fund_year=self.fund_year, by=self.request.user, **form.cleaned_data)

    def get_success_message(self):
        return f"Top-up of {format_gbp(self.result.amount)} added to {self.fund_year}."


class LineUpdateView(FundYearMixin, ServiceFormView):
    permission_required = MANAGE_FUNDS
    form_class = AllocationLineForm
    submit_label = "Save allocation"
    template_name = "grants/funds/line_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.line = get_object_or_404(
            lines_with_figures(kwargs["pk"]).select_related("area"), pk=kwargs["line_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Change the allocation for {self.line.area}"

    def get_initial(self):
        return {"amount": self.line.amount}

    def perform(self, form):
        return services.allocation_line_set(
            fund_year=self.fund_year,
            area=self.line.area,
            amount=form.cleaned_data["amount"],
            by=self.request.user,
        )

    def get_success_message(self):
        return f"Allocation for {self.line.area} set to {format_gbp(self.result.amount)}."

    def get_context_data(self, **kwargs):
        others = AllocationLine.objects.filter(fund_year=self.fund_year).exclude(pk=self.line.pk)
        other_lines = others.aggregate(total=Sum("amount"))["total"] or ZERO
        return super().get_context_data(
            line=self.line,
            other_lines=other_lines,
            available=self.fund_year.budget - other_lines,
            **kwargs,
        )


class LineCreateView(FundYearMixin, ServiceFormView):
    permission_required = MANAGE_FUNDS
    form_class = AllocationLineAddForm
    page_title = "Add an area or pot"
    submit_label = "Add line"
    template_name = "grants/funds/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fund_year": self.fund_year}

    def perform(self, form):
        return services.allocation_line_set(
            fund_year=self.fund_year, by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self):
        return f"{self.result.area} added to {self.fund_year}."
