"""The nomination list's filters (GET, bookmarkable). Every option list is bounded: editions (one a
year), the award categories, the statuses and the policing areas of the reference data."""

from __future__ import annotations

import django_filters

from engagement.forms.awards import ChoiceOfRows
from engagement.models import AwardCategory, AwardEdition, Nomination, NominationStatus
from opcc.core import widgets as quick
from opcc.core.models import PolicingArea


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


class RowFilter(django_filters.ModelChoiceFilter):
    field_class = ChoiceOfRows


class NominationFilter(django_filters.FilterSet):
    edition = RowFilter(
        label="Edition", queryset=AwardEdition.objects.all(), empty_label="All editions", widget=_select()
    )
    category = RowFilter(
        label="Category", queryset=AwardCategory.objects.all(), empty_label="All categories", widget=_select()
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=NominationStatus.choices, empty_label="All statuses", widget=_select()
    )
    area = RowFilter(
        label="Area", queryset=PolicingArea.objects.all(), empty_label="All areas", widget=_select()
    )
    young_person = django_filters.ChoiceFilter(
        label="Young people",
        choices=[("yes", "Young people only"), ("no", "Adults only")],
        method="by_young_person",
        empty_label="Everyone",
        widget=_select(),
    )

    class Meta:
        model = Nomination
        fields: list[str] = []

    def by_young_person(self, queryset, name, value):
        if value in ("yes", "no"):
            return queryset.filter(young_person=value == "yes")
        return queryset
