"""Entering and editing an application (Office staff)."""

from __future__ import annotations

from django import forms

from grants.models import AllocationLine, FundYear, Organisation, Theme

from .fields import MoneyField, UKDateField, WholeNumberField, required, text_area


class LineChoiceField(forms.ChoiceField):
    """Areas and pots grouped by fund year (works without JavaScript); cleans to the line."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lines: dict[str, AllocationLine] = {}

    def set_lines(self, lines) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        for line in lines:
            self.lines[str(line.pk)] = line
            groups.setdefault(str(line.fund_year), []).append((str(line.pk), str(line.area)))
        choices = [("", "Choose an area or pot")]
        if len(groups) == 1:
            choices += next(iter(groups.values()))
        else:
            choices += list(groups.items())  # type: ignore[arg-type]  # grouped choices
        self.choices = choices

    def clean(self, value):
        value = super().clean(value)
        return self.lines.get(value)


def _lines(fund_years):
    return (
        AllocationLine.objects.filter(fund_year__in=fund_years)
        .select_related("area", "fund_year__fund", "fund_year__financial_year")
        .order_by("fund_year__fund__name", "-fund_year__financial_year__start_year", "area__sort_order")
    )


class ApplicationForm(forms.Form):
    fund_year = forms.ModelChoiceField(
        label="Fund and year",
        queryset=FundYear.objects.none(),
        empty_label="Choose a fund year",
        help_text="Only fund years open for applications are listed.",
        error_messages=required("Choose the fund year"),
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        empty_label="Choose an organisation",
        help_text="Add the organisation first if it is not listed.",
        error_messages=required("Choose the organisation applying"),
    )
    project_title = forms.CharField(
        label="Project title", max_length=140, error_messages=required("Enter the project title")
    )
    summary = forms.CharField(
        label="Project summary",
        widget=text_area(5),
        error_messages=required("Enter a summary of the project"),
    )
    allocation_line = LineChoiceField(
        label="Area or pot charged",
        help_text="The policing area or named pot of the fund year this application is charged to.",
        error_messages=required("Choose the area or pot the application is charged to"),
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    amount_requested = MoneyField(
        label="Amount requested", error_messages=required("Enter the amount requested")
    )
    beneficiaries = forms.CharField(
        label="Who benefits",
        max_length=300,
        help_text="For example, young people aged 11 to 17 in Lozells.",
        error_messages=required("Enter who benefits from the project"),
    )
    beneficiaries_count = WholeNumberField(
        label="How many people benefit",
        min_value=1,
        error_messages=required("Enter how many people benefit"),
    )
    planned_start = UKDateField(label="Planned start date", what="planned start date")
    planned_end = UKDateField(label="Planned end date", what="planned end date")
    received_on = UKDateField(label="Date received", what="date received", not_future=True)
    crime_reduction_rationale = forms.CharField(
        label="How it reduces crime and disorder",
        required=False,
        widget=text_area(4),
        help_text="Published in the grants register (Specified Information Order).",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is None:
            open_years = FundYear.objects.filter(is_open=True).select_related("fund", "financial_year")
            self.fields["fund_year"].queryset = open_years
            self.fields["allocation_line"].set_lines(_lines(open_years))
        else:
            # The fund year is fixed once entered; the area can move within it.
            del self.fields["fund_year"]
            self.fields["allocation_line"].set_lines(_lines([application.fund_year_id]))

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", "The planned end date must be after the planned start date")
        return data

    @staticmethod
    def initial_for(application) -> dict:
        return {
            "organisation": application.organisation_id,
            "project_title": application.project_title,
            "summary": application.summary,
            "allocation_line": str(application.allocation_line_id),
            "themes": list(application.themes.all()),
            "amount_requested": application.amount_requested,
            "beneficiaries": application.beneficiaries,
            "beneficiaries_count": application.beneficiaries_count,
            "planned_start": application.planned_start,
            "planned_end": application.planned_end,
            "received_on": application.received_on,
            "crime_reduction_rationale": application.crime_reduction_rationale,
        }
