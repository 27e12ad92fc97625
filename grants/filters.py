"""django-filter FilterSets for the applications and organisations lists (GET, bookmarkable)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from grants.forms.fields import MoneyField, UKDateField
from grants.models import Application, FundYear, MonitoringReturn, Organisation, Status
from opcc.core.models import PolicingArea


class MoneyFilter(django_filters.Filter):
    field_class = MoneyField


class UKDateFilter(django_filters.Filter):
    field_class = UKDateField


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()}, {obj.validity})"


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def _select() -> forms.Select:
    """Selects fill their column in the filter panel (GOV.UK selects are otherwise wider)."""
    return forms.Select(attrs={"class": "govuk-!-width-full"})


def _text_input(width: int = 20) -> forms.TextInput:
    return forms.TextInput(attrs={"class": f"govuk-input--width-{width}", "spellcheck": "false"})


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Reference, project title or organisation name.",
        widget=_text_input(20),
    )
    fund_year = django_filters.ModelChoiceFilter(
        widget=_select(),
        label="Fund year",
        queryset=FundYear.objects.select_related("fund", "financial_year"),
        empty_label="All fund years",
    )
    area = AreaFilter(
        widget=_select(),
        label="Area or pot",
        field_name="allocation_line__area",
        queryset=PolicingArea.objects.all(),
        empty_label="All areas and pots",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="All statuses", widget=_select()
    )
    organisation = django_filters.ModelChoiceFilter(
        widget=_select(),
        label="Organisation",
        queryset=Organisation.objects.only("pk", "name"),
        empty_label="All organisations",
    )
    amount_min = MoneyFilter(
        label="Amount requested from", field_name="amount_requested", lookup_expr="gte", allow_zero=True
    )
    amount_max = MoneyFilter(
        label="Amount requested up to", field_name="amount_requested", lookup_expr="lte", allow_zero=True
    )
    received_from = UKDateFilter(
        label="Received from", field_name="received_on", lookup_expr="gte", what="“received from” date"
    )
    received_to = UKDateFilter(
        label="Received up to", field_name="received_on", lookup_expr="lte", what="“received up to” date"
    )
    awaiting = django_filters.ChoiceFilter(
        widget=_select(),
        label="Awaiting",
        choices=[("me", "My decision")],
        method="awaiting_me",
        empty_label="Anyone",
    )
    monitoring = django_filters.ChoiceFilter(
        widget=_select(),
        label="Monitoring",
        choices=[("overdue", "A return is overdue")],
        method="monitoring_overdue",
        empty_label="Any",
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("grants.decide_application"):
            del self.filters["awaiting"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words[:5]:
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(project_title__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return queryset

    def awaiting_me(self, queryset, name, value):
        if value == "me" and self.request is not None:
            return queryset.decidable_by(self.request.user)
        return queryset

    def monitoring_overdue(self, queryset, name, value):
        if value != "overdue":
            return queryset
        overdue = MonitoringReturn.objects.overdue(timezone.localdate()).filter(
            award__application=OuterRef("pk")
        )
        return queryset.filter(Exists(overdue), award__withdrawn_on__isnull=True)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Name, charity or company number, or postcode.",
        widget=_text_input(20),
    )
    org_type = django_filters.ChoiceFilter(
        widget=_select(),
        label="Type",
        field_name="org_type",
        choices=Organisation.Type.choices,
        empty_label="All types",
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def search(self, queryset, name, value):
        text = value.strip()
        compact = text.upper().replace(" ", "")
        return queryset.filter(
            Q(name__icontains=text)
            | Q(charity_number=compact)
            | Q(company_number=compact)
            | Q(company_number=compact.zfill(8))
            | Q(postcode__iexact=" ".join(text.upper().split()))
        )
