"""The two questions the Publications page asks: which dates (360Giving), which month (register)."""

from __future__ import annotations

import calendar
from datetime import date

from django import forms
from django.utils import timezone

from opcc.core.fields import UKDateField, WholeNumberField

from . import MAX_RANGE_YEARS, years_after


class DateRangeForm(forms.Form):
    start = UKDateField(
        label="From", what="start date", help_text="The first award date, for example 01/04/2024"
    )
    end = UKDateField(label="To", what="end date", help_text="The last award date, for example 31/03/2025")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif end > years_after(start, MAX_RANGE_YEARS):
                self.add_error("end", f"The dates must be {MAX_RANGE_YEARS} years apart or less")
        return cleaned


MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]


class RegisterMonthForm(forms.Form):
    month = forms.TypedChoiceField(
        label="Month",
        choices=[("", "Choose a month"), *MONTHS],
        coerce=int,
        error_messages={"required": "Choose the month", "invalid_choice": "Choose a month from the list"},
    )
    year = WholeNumberField(
        label="Year",
        help_text="For example, 2024",
        error_messages={"required": "Enter the year"},
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"Enter a year from 2000 to {timezone.localdate().year}")
        return year

    def clean(self):
        cleaned = super().clean()
        month, year = cleaned.get("month"), cleaned.get("year")
        if month and year and date(year, month, 1) > timezone.localdate():
            self.add_error("month", "The month cannot be in the future")
        return cleaned
