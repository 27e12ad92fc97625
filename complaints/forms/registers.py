"""Forms of the dip sample and investigations-over-12-months registers (the services check again)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from complaints.models import DipSample, LongInvestigation
from opcc.core.fields import UKDateField, WholeNumberField, required, text_area

LONG_TEXT = 10_000  # findings, reasons and notes: a page of text, not a pasted file
MAX_CASES = 100_000


def _text(label: str, *, what: str, rows: int = 4, optional: bool = False, max_length: int = LONG_TEXT):
    return forms.CharField(
        label=f"{label} (optional)" if optional else label,
        required=not optional,
        max_length=max_length,
        widget=text_area(rows),
        error_messages={
            **required(f"Enter {what}"),
            "max_length": f"Shorten {what} to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )


class DipSampleForm(forms.Form):
    """The month is typed as a month number and a year; it is stored as the month's first day."""

    month = WholeNumberField(
        label="Month",
        min_value=1,
        max_value=12,
        help_text="A number from 1 to 12, for example 7 for July.",
        error_messages=required("Enter the month the sample was examined"),
    )
    year = WholeNumberField(
        label="Year",
        min_value=2000,
        max_value=2100,
        help_text="For example, 2024.",
        error_messages=required("Enter the year the sample was examined"),
    )
    scope = forms.ChoiceField(
        label="What was sampled",
        choices=DipSample.Scope.choices,
        widget=forms.RadioSelect,
        error_messages=required("Choose what was sampled"),
    )
    theme = forms.CharField(
        label="Theme",
        max_length=120,
        help_text="For example, police investigations or incivility.",
        error_messages={
            **required("Enter the theme of the dip sample"),
            "max_length": "Shorten the theme to 120 characters or fewer",
        },
    )
    cases_examined = WholeNumberField(
        label="Cases examined",
        min_value=1,
        max_value=MAX_CASES,
        error_messages=required("Enter how many cases are examined"),
    )
    findings = _text("Findings", what="the findings", optional=True, rows=6)

    def clean(self):
        data = super().clean()
        month, year = data.get("month"), data.get("year")
        if month and year:
            data["month_start"] = dt.date(year, month, 1)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "month": data["month_start"],
            "scope": data["scope"],
            "theme": data["theme"],
            "cases_examined": data["cases_examined"],
            "findings": data["findings"],
        }

    @staticmethod
    def initial_for(sample: DipSample) -> dict:
        return {
            "month": sample.month.month,
            "year": sample.month.year,
            "scope": sample.scope,
            "theme": sample.theme,
            "cases_examined": sample.cases_examined,
            "findings": sample.findings,
        }


class ConfirmForm(forms.Form):
    """A step with nothing to type (start the fieldwork, close the actions)."""


class DipSampleReportForm(forms.Form):
    findings = _text("Findings", what="the findings", rows=8)
    reported_on = UKDateField(label="Date reported", not_future=True, what="report date")


class RecommendationForm(forms.Form):
    recommendation = _text("Recommendation", what="the recommendation", max_length=5_000)
    owner = forms.CharField(
        label="Who acts on it (optional)",
        required=False,
        max_length=120,
        help_text="A team or role, for example Professional Standards Department.",
        error_messages={"max_length": "Shorten who acts on it to 120 characters or fewer"},
    )
    due_on = UKDateField(label="Due date (optional)", required=False, what="due date")


class FollowUpForm(forms.Form):
    follow_up = _text("What the follow-up found", what="what the follow-up found", max_length=5_000)
    due_on = UKDateField(
        label="New due date (optional)",
        required=False,
        what="new due date",
        help_text="Leave blank to keep the due date. For example, 27/03/2025",
    )


class CompleteForm(forms.Form):
    completed_on = UKDateField(label="Date completed", not_future=True, what="completion date")


class LongInvestigationForm(forms.Form):
    force_reference = forms.CharField(
        label="Force reference",
        max_length=40,
        help_text="The force's case reference. Do not name the officer.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            **required("Enter the force's reference"),
            "max_length": "Shorten the force reference to 40 characters or fewer",
        },
    )
    started_on = UKDateField(
        label="Date the investigation started (optional)", required=False, not_future=True, what="start date"
    )
    notified_on = UKDateField(
        label="Date the office was notified", not_future=True, what="date the office was notified"
    )
    reason_for_delay = _text("Reason for the delay", what="the reason the force gave for the delay")
    report_received_on = UKDateField(
        label="Date the force's report was received (optional)",
        required=False,
        not_future=True,
        what="date the report was received",
    )
    closed_on = UKDateField(
        label="Date the investigation concluded (optional)",
        required=False,
        not_future=True,
        what="date the investigation concluded",
    )

    FIELDS = (
        "force_reference",
        "started_on",
        "notified_on",
        "reason_for_delay",
        "report_received_on",
        "closed_on",
    )

    def clean_force_reference(self) -> str:
        value = " ".join(self.cleaned_data["force_reference"].split())
        if not value:
            raise ValidationError("Enter the force's reference")
        return value

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    @classmethod
    def initial_for(cls, investigation: LongInvestigation) -> dict:
        return {name: getattr(investigation, name) for name in cls.FIELDS}
