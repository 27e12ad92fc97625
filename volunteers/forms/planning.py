"""Forms of the rota and coverage pages: where and when, the pair, a cancellation, the period.

Visitor selects list only the custody visitors eligible on the slot's day (a bounded list: never
every volunteer). The services check everything again.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from opcc.core.fields import UKDateField, WholeNumberField, required, text_area
from opcc.core.models import CustodySuite
from volunteers.coverage import MAX_DAYS
from volunteers.models import TimeBand, Volunteer
from volunteers.services.rota import MAX_SUGGEST_WEEKS

NO_CHOICE = [("", "Choose a custody visitor")]


def suite_field(*, optional: bool = False, label: str = "Custody suite") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=CustodySuite.objects.order_by("name"),
        required=not optional,
        empty_label="All suites" if optional else "Choose a suite",
        error_messages={
            **required("Choose the custody suite"),
            "invalid_choice": "Choose a custody suite from the list",
        },
    )


class SlotWhenForm(forms.Form):
    """Step one of adding a slot: where, which day and what time of day (sent as a GET)."""

    suite = suite_field()
    day = UKDateField(label="Day of the visit", what="day of the visit")
    band = forms.ChoiceField(
        label="Time of day",
        choices=TimeBand.choices,
        widget=forms.RadioSelect,
        error_messages={**required("Choose the time of day"), "invalid_choice": "Choose a time of day"},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError("The day cannot be in the past: the rota is for the coming weeks")
        if day > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError("Plan no more than a year ahead")
        return day

    def clean(self):
        data = super().clean()
        suite, day = data.get("suite"), data.get("day")
        if suite and day and not suite.open_on(day):
            self.add_error("suite", f"{suite} is not open on {long_date(day)}")
        return data


class PairForm(forms.Form):
    """Two custody visitors, chosen from those eligible on the day."""

    first_visitor = forms.TypedChoiceField(label="First visitor", coerce=int)
    second_visitor = forms.TypedChoiceField(label="Second visitor", coerce=int)

    def __init__(self, *args, people: list[Volunteer], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {v.pk: v for v in people}
        choices = NO_CHOICE + [(v.pk, v.name) for v in people]
        for name, what in (("first_visitor", "first"), ("second_visitor", "second")):
            field = self.fields[name]
            field.choices = choices  # type: ignore[attr-defined]
            field.error_messages = {
                **required(f"Choose the {what} visitor"),
                "invalid_choice": f"Choose the {what} visitor from the custody visitors free on the day",
            }

    def clean(self):
        data = super().clean()
        first, second = data.get("first_visitor"), data.get("second_visitor")
        if first and second and first == second:
            self.add_error(
                "second_visitor",
                f"{self.people[first].name} cannot be paired with themselves: choose a different second visitor",
            )
        return data

    def visitors(self) -> list[Volunteer]:
        return [
            self.people[self.cleaned_data["first_visitor"]],
            self.people[self.cleaned_data["second_visitor"]],
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the slot cancelled?",
        max_length=500,
        widget=text_area(3),
        error_messages={
            **required("Give the reason the slot is cancelled"),
            "max_length": "Shorten the reason to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if "\x00" in reason:
            raise ValidationError("The reason cannot contain a null character")
        if not reason.strip():
            raise ValidationError("Give the reason the slot is cancelled")
        return reason


class SuggestForm(forms.Form):
    """Which suite and weeks to suggest pairs for (sent as a GET)."""

    suite = suite_field()
    first_day = UKDateField(label="From", what="first day")
    weeks = WholeNumberField(
        label="Number of weeks",
        min_value=1,
        max_value=MAX_SUGGEST_WEEKS,
        help_text=f"From 1 to {MAX_SUGGEST_WEEKS}",
        error_messages=required("Enter the number of weeks"),
    )

    def clean_first_day(self):
        day = self.cleaned_data["first_day"]
        if day < timezone.localdate():
            raise ValidationError("The first day cannot be in the past")
        if day > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError("Plan no more than a year ahead")
        return day


class ConfirmForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label="Slots to add",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            **required("Choose at least one suggested slot to add"),
            "invalid_choice": "The suggestions have changed since this page was shown: check them again",
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = choices  # type: ignore[attr-defined]


class CoverageForm(forms.Form):
    """The suite and period of the heatmap (sent as a GET; blank dates: the last twelve weeks)."""

    suite = suite_field()
    first = UKDateField(label="From", what="first day", required=False)
    last = UKDateField(label="To", what="last day", required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                self.add_error("last", "The last day must be the same as or after the first day")
            elif (last - first).days > MAX_DAYS:
                self.add_error("last", "Choose a period of no more than three years")
        return data


class RotaFilterForm(forms.Form):
    """Which suite and weeks the rota page shows (sent as a GET)."""

    suite = suite_field(optional=True)
    weeks = WholeNumberField(label="Weeks ahead", min_value=1, max_value=MAX_SUGGEST_WEEKS, required=False)
