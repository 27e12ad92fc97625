"""django-filter FilterSets for the applications and organisations lists (GET, bookmarkable)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from grants.forms.applications import NUMBER
from grants.models import Application, FundYear, MonitoringReturn, Organisation, Status
from opcc.core import widgets as quick
from opcc.core.filters import MoneyFilter, UKDateFilter
from opcc.core.lists import RelatedTextFilter, any_of, contains, looks_like, search_words, text_input
from opcc.core.models import PolicingArea
from opcc.core.text import normalise_name

# "HCF-2024-000123", "hcf-2024", "HCF-": a reference or the start of one (served by its index).
REFERENCE = r"[A-Z][A-Z0-9]{0,9}-(\d{1,4}(-\d*)?)?"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()}, {obj.validity})"


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def _select() -> forms.Select:
    """Selects fill their column in the filter panel (GOV.UK selects are otherwise wider)."""
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def _text_input(width: int = 20) -> forms.TextInput:
    return text_input(width)


def organisation_query(text: str) -> Q:
    """A charity or company number (exact), else every word in the name (trigram) or the postcode."""
    compact = text.upper().replace(" ", "")
    if looks_like(NUMBER, compact):
        return Q(charity_number=compact) | Q(company_number=compact) | Q(company_number=compact.zfill(8))
    words = search_words(text)
    query = Q()
    for word in words:
        query &= contains("name", word)
    if not words:  # only short words ("FC"): names that start with them, on the normalised name's index
        start = normalise_name(text)
        query = Q(normalised_name__startswith=start) if start else Q(pk__in=[])
    return query | Q(postcode=" ".join(text.upper().split()))


def organisations_matching(text: str) -> QuerySet[Organisation]:
    return Organisation.objects.filter(organisation_query(text))


def application_search(queryset: QuerySet[Application], text: str) -> QuerySet[Application]:
    """A reference (or its start) by the reference index; words in the title or the name by trigram.

    Each word is one OR of two indexed conditions on the applications table (the title's trigram
    index, the organisation id's index), so PostgreSQL combines bitmaps and never scans the table.
    """
    text = text.strip()
    if looks_like(REFERENCE, text):
        return queryset.filter(reference__istartswith=text)
    if looks_like(NUMBER, text.upper().replace(" ", "")):  # the organisation's charity or company number
        return queryset.filter(any_of("organisation_id", organisations_matching(text)))
    words = search_words(text)
    if not words:  # only short words: organisations whose name starts with them
        return queryset.filter(any_of("organisation_id", organisations_matching(text)))
    for word in words:
        named = Organisation.objects.filter(contains("name", word))
        queryset = queryset.filter(contains("project_title", word) | any_of("organisation_id", named))
    return queryset


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text=(
            "A reference (or its start, like HCF-2024), an organisation's charity or company number, "
            "or words from the project title or organisation name."
        ),
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
        field_name="area",
        queryset=PolicingArea.objects.all(),
        empty_label="All areas and pots",
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="All statuses", widget=_select()
    )
    organisation = RelatedTextFilter(
        label="Organisation",
        field_name="organisation__name",
        target="organisation_id",
        related=organisations_matching,
        help_text="Part of its name, or its charity or company number.",
        widget=_text_input(20),
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
        return application_search(queryset, value)

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
        if not text:
            return queryset
        return queryset.filter(organisation_query(text))
