"""The call-out list's filters (GET, bookmarkable; the export reuses them).

Every option list is bounded (statuses, the few custody suites, the vocabularies). The search
takes a reference ("AA-2025-0012" or its start) or a custody number, exactly or by its start;
custody numbers are stored in capitals without spaces (the services), so the search reads its
text the same way.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.lists import looks_like, text_input
from opcc.core.models import CustodySuite
from opcc.core.text import other_digits
from volunteers.models import CallOut, CallOutStatus, DetaineeAge, Outcome, Vulnerability

REFERENCE = r"AA-(\d{1,4}(-\d*)?)?"
MAX_SEARCH = 40


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


class SuiteField(forms.ModelChoiceField):
    """A suite id with the digits 0 to 9 only: int() would read an Arabic-Indic one as suite 1."""

    def to_python(self, value):
        if isinstance(value, str) and other_digits(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SuiteFilter(django_filters.ModelChoiceFilter):
    field_class = SuiteField


def callout_search(queryset: QuerySet[CallOut], text: str) -> QuerySet[CallOut]:
    """A reference by its start, else a custody number exactly or by its start."""
    text = "".join(text.split())[:MAX_SEARCH].upper()
    if not text:
        return queryset
    if looks_like(REFERENCE, text):
        return queryset.filter(reference__startswith=text)
    return queryset.filter(Q(custody_number=text) | Q(custody_number__startswith=text))


class CallOutFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="A reference (or its start, like AA-2025) or a custody number (or its start).",
        widget=text_input(20),
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=CallOutStatus.choices, empty_label="All statuses", widget=_select()
    )
    suite = SuiteFilter(
        label="Custody suite", queryset=CustodySuite.objects.all(), empty_label="All suites", widget=_select()
    )
    requested_from = UKDateFilter(
        label="Requested from", field_name="requested_on", lookup_expr="gte", what="“requested from” date"
    )
    requested_to = UKDateFilter(
        label="Requested up to", field_name="requested_on", lookup_expr="lte", what="“requested up to” date"
    )
    detainee_age = django_filters.ChoiceFilter(
        label="Detainee", choices=DetaineeAge.choices, empty_label="Adults and juveniles", widget=_select()
    )
    vulnerability = django_filters.ChoiceFilter(
        label="Vulnerability",
        choices=Vulnerability.choices,
        method="by_vulnerability",
        empty_label="Any",
        widget=_select(),
    )
    outcome = django_filters.ChoiceFilter(
        label="Outcome", choices=Outcome.choices, empty_label="Any outcome", widget=_select()
    )
    unfilled = django_filters.ChoiceFilter(
        label="Unfilled",
        choices=[("month", "Unfilled this month")],
        method="by_unfilled",
        empty_label="Any",
        widget=_select(),
    )

    class Meta:
        model = CallOut
        fields: list[str] = []

    def search(self, queryset, name, value):
        return callout_search(queryset, value)

    def by_vulnerability(self, queryset, name, value):
        return queryset.filter(**{f"vulnerable_{value}": True}) if value in Vulnerability.values else queryset

    def by_unfilled(self, queryset, name, value):
        if value != "month":
            return queryset
        first = timezone.localdate().replace(day=1)
        return queryset.filter(status=CallOutStatus.UNFILLED, requested_on__gte=first)
