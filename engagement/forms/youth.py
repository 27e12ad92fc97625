"""Forms of the Youth Commissioner pages: a cohort, a member (name, area and age band only: no date
of birth, no contact details) and an activity."""

from __future__ import annotations

from django import forms

from engagement.models import ActivityKind, AgeBand
from opcc.core.fields import UKDateField, WholeNumberField, required

from .awards import area_choice, long_text, short_text


class CohortForm(forms.Form):
    name = short_text("Name", what="the cohort's name", max_length=100)
    elected_on = UKDateField(label="Election date", what="election date")
    term_starts_on = UKDateField(label="Term starts", what="date the term starts")
    term_ends_on = UKDateField(label="Term ends", what="date the term ends")
    votes_cast = WholeNumberField(
        label="Votes cast",
        min_value=0,
        max_value=10_000_000,
        initial=0,
        error_messages=required("Enter the votes cast (0 if not known)"),
    )


class MemberForm(forms.Form):
    name = short_text("Name", what="the name", max_length=150)
    area = area_choice(optional=False)
    age_band = forms.ChoiceField(
        label="Age band at election",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        help_text="An age band only: the date of birth is not kept.",
        error_messages={
            **required("Choose the age band at election"),
            "invalid_choice": "Choose the age band at election",
        },
    )


class ConfirmForm(forms.Form):
    """A status step: nothing to type, the button confirms it."""


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=[("", "Choose the kind"), *ActivityKind.choices],
        error_messages={
            **required("Choose the kind of activity"),
            "invalid_choice": "Choose the kind of activity from the list",
        },
    )
    title = short_text("Title", what="a title", max_length=200, width=30)
    date = UKDateField(label="Date", what="date")
    responses = WholeNumberField(
        label="Survey responses (optional)",
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text="For a survey: how many young people answered.",
    )
    notes = long_text("Notes", what="the notes", optional=True, rows=3)
