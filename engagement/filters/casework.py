"""The case list's filters (GET, bookmarkable; the CSV and XLSX exports reuse them).

Every option list is bounded: categories (the Administrator's table), channels, statuses, teams and
the people who may handle correspondence (`assignable_users`). "Due within N working days" counts
N working days on England and Wales holidays (and the office's closure days) from today and keeps
open cases whose clock runs and whose due date is on or before that day (`CaseQuerySet.due_by`);
"overdue" likewise leaves out stopped clocks. The text search matches a reference by its start
(the unique index serves it) and otherwise up to five words in the subject or the correspondent.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from engagement.forms.casework import PersonChoice, RowChoice
from engagement.models import OPEN, Case, CaseStatus, Category, Channel, Regime, Team
from engagement.services import assignable_users
from engagement.services.common import closures
from opcc.core import widgets as quick
from opcc.core.fields import WholeNumberField
from opcc.core.filters import UKDateFilter
from opcc.core.lists import contains, looks_like, search_words, text_input
from opcc.core.workdays import Calendar, add_working_days

MAX_SEARCH = 100
MAX_DAYS = 250
OPEN_CHOICE = "open"
INFORMATION_CHOICE = "foi_sar"
INFORMATION_REGIMES = (Regime.FOI, Regime.EIR, Regime.SAR)
REFERENCE = r"COR-[0-9-]*"


def _select() -> quick.Select:
    return quick.Select(attrs={"class": "govuk-!-width-full"})


def case_search(queryset, text: str):
    """A reference by its start, else each word in the subject, the name or the organisation."""
    text = " ".join((text or "").split())[:MAX_SEARCH]
    if not text:
        return queryset
    if looks_like(REFERENCE, text):
        return queryset.filter(reference__startswith=text.upper())
    words = search_words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            contains("subject", word)
            | contains("correspondent_name", word)
            | contains("correspondent_organisation", word)
        )
    return queryset


def due_within(queryset, days: int, *, today=None):
    today = today or timezone.localdate()
    last = add_working_days(today, days, calendar=Calendar.ENGLAND_WALES, closures=closures())
    return queryset.due_by(last)


class RowFilter(django_filters.ModelChoiceFilter):
    field_class = RowChoice


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoice


class DaysFilter(django_filters.Filter):
    field_class = WholeNumberField


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Reference, subject or correspondent",
        method="search",
        help_text="The start of a reference (COR-2025-), or words of 3 letters or more.",
        widget=text_input(20),
    )
    category = RowFilter(
        label="Category", queryset=Category.objects.all(), empty_label="All categories", widget=_select()
    )
    channel = django_filters.ChoiceFilter(
        label="How it came", choices=Channel.choices, empty_label="Any way", widget=_select()
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OPEN_CHOICE, "Open (not responded to)"), *CaseStatus.choices],
        empty_label="All statuses",
        method="by_status",
        widget=_select(),
    )
    assignee = PersonFilter(
        label="Assigned to",
        field_name="assigned_to",
        queryset=assignable_users(),
        empty_label="Anyone",
        widget=_select(),
    )
    team = django_filters.ChoiceFilter(
        label="Team", choices=Team.choices, empty_label="All teams", widget=_select()
    )
    due_within = DaysFilter(
        label="Due within (working days)",
        method="by_due_within",
        min_value=0,
        max_value=MAX_DAYS,
        help_text="Open cases with the clock running, due within this many working days.",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="by_overdue", widget=forms.CheckboxInput
    )
    # The dashboard's "FOI and SAR due this week" link (engagement/dashboard.py): information
    # requests with the clock running, due on or before a day.
    regime = django_filters.ChoiceFilter(
        label="Kind of request",
        choices=[(INFORMATION_CHOICE, "FOI, EIR and subject access"), *Regime.choices[1:]],
        empty_label="Any kind",
        method="by_regime",
        widget=_select(),
    )
    due_by = UKDateFilter(label="Due by", method="by_due_by")
    representative = django_filters.BooleanFilter(
        label="MP and councillor enquiries only", method="by_representative", widget=forms.CheckboxInput
    )
    received_from = UKDateFilter(label="Received from", field_name="received_on", lookup_expr="gte")
    received_to = UKDateFilter(label="Received to", method="by_received_to")

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_from", "received_to"):
            self.form.fields[name].help_text = "For example, 27/03/2025"
        self.form.fields["assignee"].queryset = assignable_users()

    def search(self, queryset, name, value):
        return case_search(queryset, value or "")

    def by_status(self, queryset, name, value):
        if value == OPEN_CHOICE:
            return queryset.filter(status__in=OPEN)
        return queryset.filter(status=value) if value else queryset

    def by_due_within(self, queryset, name, value):
        return queryset if value is None else due_within(queryset, value)

    def by_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def by_regime(self, queryset, name, value):
        if value == INFORMATION_CHOICE:
            return queryset.filter(category__regime__in=INFORMATION_REGIMES)
        return queryset.filter(category__regime=value) if value else queryset

    def by_due_by(self, queryset, name, value):
        return queryset.due_by(value) if value else queryset

    def by_received_to(self, queryset, name, value):
        """Also bounded on received_at (the London midnight after), so the list's received-order index
        starts at that day instead of reading every later case (2 s at 1.5 million cases)."""
        if not value:
            return queryset
        if value >= dt.date.max - dt.timedelta(days=2):  # 31/12/9999: no day after it (nor its UTC instant)
            return queryset.filter(received_on__lte=value)
        end = timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=1), dt.time()))
        return queryset.filter(received_on__lte=value, received_at__lt=end)

    def by_representative(self, queryset, name, value):
        return queryset.filter(~Q(representative="")) if value else queryset
