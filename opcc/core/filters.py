"""django-filter filters that read input the way the forms do (opcc.core.fields)."""

from __future__ import annotations

import django_filters

from opcc.core.fields import MoneyField, UKDateField


class MoneyFilter(django_filters.Filter):
    """An amount typed as on the forms: 2500, 2,500.50 or £2,500."""

    field_class = MoneyField


class UKDateFilter(django_filters.Filter):
    """A date typed as dd/mm/yyyy, with the form field's messages."""

    field_class = UKDateField
