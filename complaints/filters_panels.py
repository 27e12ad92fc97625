"""Filters of the panel members, hearings and appeals lists (GET, bookmarkable); no option list grows
with the rows: a force reference or a member's name is typed, never chosen from every row."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone

from complaints.models import Appeal, Hearing, PanelMember, RankBand
from opcc.core import widgets as quick
from opcc.core.filters import UKDateFilter
from opcc.core.lists import text_input

EXPIRING_DAYS = 60


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def expiring(today: dt.date, days: int = EXPIRING_DAYS) -> Q:
    """Vetting or term running out within `days` (and not yet run out)."""
    window = (today, today + dt.timedelta(days=days))
    return Q(vetting_expires_on__range=window) | Q(term_ends_on__range=window)


def expired(today: dt.date) -> Q:
    return Q(vetting_expires_on__lt=today) | Q(term_ends_on__lt=today)


class ReferenceFilter(django_filters.CharFilter):
    """A force reference or its start (the UPPER text_pattern_ops index serves it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Force reference")
        kwargs.setdefault("field_name", "force_reference")
        kwargs.setdefault("lookup_expr", "istartswith")
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", text_input(10))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return super().filter(qs, " ".join((value or "").split()))


class PanelMemberFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Name starts with",
        field_name="name",
        lookup_expr="istartswith",
        max_length=150,
        widget=text_input(10),
    )
    role = django_filters.ChoiceFilter(
        label="Role", choices=PanelMember.Role.choices, empty_label="All roles", widget=_select()
    )
    active = django_filters.ChoiceFilter(
        label="On the list",
        choices=[("yes", "On the list"), ("no", "Left the list")],
        method="by_active",
        empty_label="All",
        widget=_select(),
    )
    dates = django_filters.ChoiceFilter(
        label="Vetting and term",
        choices=[
            ("expiring", f"Vetting or term ending within {EXPIRING_DAYS} days"),
            ("expired", "Vetting or term ended"),
        ],
        method="by_dates",
        empty_label="Any",
        widget=_select(),
    )

    class Meta:
        model = PanelMember
        fields: list[str] = []

    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes") if value in ("yes", "no") else queryset

    def by_dates(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expiring":
            return queryset.filter(expiring(today))
        if value == "expired":
            return queryset.filter(expired(today))
        return queryset


class HearingFilter(django_filters.FilterSet):
    reference = ReferenceFilter()
    stage = django_filters.ChoiceFilter(
        label="Stage", choices=Hearing.Stage.choices, empty_label="All stages", widget=_select()
    )
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Hearing.Kind.choices, empty_label="All", widget=_select()
    )
    rank_band = django_filters.ChoiceFilter(
        label="Rank band", choices=RankBand.choices, empty_label="All", widget=_select()
    )
    starts_from = UKDateFilter(
        label="First day from", field_name="starts_on", lookup_expr="gte", what="“from” date"
    )
    starts_to = UKDateFilter(
        label="First day up to", field_name="starts_on", lookup_expr="lte", what="“up to” date"
    )

    class Meta:
        model = Hearing
        fields: list[str] = []


class AppealFilter(django_filters.FilterSet):
    reference = ReferenceFilter()
    stage = django_filters.ChoiceFilter(
        label="Stage", choices=Appeal.Stage.choices, empty_label="All stages", widget=_select()
    )
    against = django_filters.ChoiceFilter(
        label="Against", choices=Appeal.Against.choices, empty_label="All", widget=_select()
    )
    received_from = UKDateFilter(
        label="Received from", field_name="received_on", lookup_expr="gte", what="“received from” date"
    )
    received_to = UKDateFilter(
        label="Received up to", field_name="received_on", lookup_expr="lte", what="“received up to” date"
    )

    class Meta:
        model = Appeal
        fields: list[str] = []
