"""The audit search: exact matches on indexed columns and a date range, never a text scan.

Dates are London days: "from 01/04/2025" starts at that midnight local time, "to 30/04/2025"
ends at the next midnight, so the range is a plain indexed comparison on `occurred_at`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.apps import apps
from django.utils import timezone

from opcc.audit.models import AccessEvent, Action
from opcc.core import widgets as quick

# Apps whose records can be the object of an event (the list does not grow with the data).
OBJECT_APPS = ("auth", "core", "accounts", "reports", "grants", "complaints", "volunteers", "engagement")


def object_type_choices() -> list[tuple[str, str]]:
    choices = [
        (model._meta.label_lower, f"{str(model._meta.verbose_name).capitalize()} ({model._meta.label_lower})")
        for model in apps.get_models()
        if model._meta.app_label in OBJECT_APPS
        and not model._meta.auto_created
        and not model.__name__.startswith("Historical")
        and model._meta.managed
    ]
    return sorted(choices, key=lambda choice: choice[1])


def _text(width: int) -> forms.TextInput:
    return quick.TextInput(
        attrs={"class": f"govuk-input--width-{width}", "spellcheck": "false", "autocomplete": "off"}
    )


class UKDateField(forms.DateField):
    def __init__(self, *, what: str, **kwargs):
        kwargs.setdefault("widget", _text(10))
        kwargs.setdefault("help_text", "For example, 27/03/2025")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = f"The {what} must be a real date, like 27/03/2025"


class DayFilter(django_filters.Filter):
    field_class = UKDateField


def local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AccessEventFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The “up to” date must be the same as or after the “from” date")
        if data.get("object_id") and not data.get("object_type"):
            # the index is (object_type, object_id, occurred_at): an id alone would scan the table
            self.add_error("object_type", "Choose the record type of the record id")
        return data


class AccessEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        label="Username", help_text="The exact username (as typed, for a failed sign-in).", widget=_text(20)
    )
    action = django_filters.ChoiceFilter(
        label="What happened", choices=Action.choices, empty_label="Anything", widget=quick.Select()
    )
    object_type = django_filters.ChoiceFilter(
        label="Record type", choices=object_type_choices, empty_label="Any record", widget=quick.Select()
    )
    object_id = django_filters.CharFilter(
        label="Record id", help_text="The number at the end of the record's address.", widget=_text(10)
    )
    date_from = DayFilter(label="From", method="filter_from", what="“from” date")
    date_to = DayFilter(label="Up to", method="filter_to", what="“up to” date")

    class Meta:
        model = AccessEvent
        fields: list[str] = []
        form = AccessEventFilterForm

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=local_midnight(value + timedelta(days=1)))

    def is_filtered(self) -> bool:
        """True when the bound form is valid and at least one field has a value."""
        return (
            self.is_bound
            and self.is_valid()
            and any(v not in (None, "") for v in self.form.cleaned_data.values())
        )
