"""Entering and editing an application (Office staff)."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from grants.models import AllocationLine, FundYear, Organisation, Theme
from opcc.core.fields import MoneyField, UKDateField, WholeNumberField, required, text_area
from opcc.core.lists import contains, looks_like, search_words, text_input
from opcc.core.text import normalise_name

# A charity (6 to 8 digits, optional "-1") or company number ("01234567", "SC123456").
NUMBER = r"(\d{6,8}(-\d+)?|[A-Z]{2}\d{6})"
SUGGESTIONS = 5


class OrganisationLookupField(forms.CharField):
    """The organisation typed as its name or its charity or company number, not a select of them all.

    A GOV.UK text input that works without JavaScript and costs the same at 200,000 organisations:
    the name is matched on the indexed normalised name, a number exactly; when the text matches
    none or several, the error names a few close matches (trigram index) to choose between.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", text_input(30))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.chosen: Organisation | None = None  # the organisation the form was opened with

    def prepare_value(self, value):
        return value.name if isinstance(value, Organisation) else value

    def clean(self, value):
        text = super().clean(value)
        if self.chosen is not None and normalise_name(text) == normalise_name(self.chosen.name):
            return self.chosen
        compact = text.upper().replace(" ", "")
        if looks_like(NUMBER, compact):
            numbered = Organisation.objects.filter(charity_number=compact) | Organisation.objects.filter(
                company_number=compact.zfill(8) if compact.isdigit() else compact
            )
            found = list(numbered[:2])
            if len(found) == 1:
                return found[0]
        named = list(Organisation.objects.filter(normalised_name=normalise_name(text))[: SUGGESTIONS + 1])
        if len(named) == 1:
            return named[0]
        if named:
            raise forms.ValidationError(
                f"More than one organisation is called {text}: enter its charity or company number "
                f"({self.describe(named)})",
                code="ambiguous",
            )
        query = Q()
        for word in search_words(text):
            query &= contains("name", word)
        close = list(Organisation.objects.filter(query).order_by("name", "pk")[:SUGGESTIONS]) if query else []
        if close:
            raise forms.ValidationError(
                f"No organisation is called {text}. Enter the full name of one of these, or its number: "
                f"{self.describe(close)}",
                code="close",
            )
        raise forms.ValidationError(
            f"No organisation is called {text}: check the name or number, or add the organisation first",
            code="missing",
        )

    @staticmethod
    def describe(organisations) -> str:
        parts = []
        for organisation in organisations[:SUGGESTIONS]:
            number = organisation.charity_number or organisation.company_number
            parts.append(f"{organisation.name} ({number})" if number else organisation.name)
        return "; ".join(parts)


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
    organisation = OrganisationLookupField(
        label="Organisation",
        help_text="Its full name, or its charity or company number. Add the organisation first if it is new.",
        error_messages=required("Enter the organisation applying"),
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
        chosen = self.initial.get("organisation")
        if isinstance(chosen, Organisation):
            self.fields["organisation"].chosen = chosen  # type: ignore[attr-defined]
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
            "organisation": application.organisation,
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
