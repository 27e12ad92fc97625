"""Fund years, top-ups and allocation lines (Grants manager)."""

from __future__ import annotations

from django import forms

from grants.models import AllocationLine, Fund, FundYear
from grants.models.funds import top_up_date_problem
from opcc.core.fields import MoneyField, UKDateField, required, text_area
from opcc.core.models import FinancialYear, PolicingArea


class FundYearCreateForm(forms.Form):
    fund = forms.ModelChoiceField(
        queryset=Fund.objects.filter(active=True),
        empty_label="Choose a fund",
        error_messages=required("Choose the fund"),
    )
    financial_year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.all(),
        empty_label="Choose a financial year",
        error_messages=required("Choose the financial year"),
    )
    envelope = MoneyField(
        label="Budget envelope",
        help_text="The amount announced for the year, for example 400000. Add later releases as top-ups.",
        error_messages=required("Enter the budget envelope"),
    )
    max_award = MoneyField(
        label="Maximum single award",
        error_messages=required("Enter the maximum single award"),
    )


class FundYearUpdateForm(forms.Form):
    envelope = MoneyField(label="Budget envelope", error_messages=required("Enter the budget envelope"))
    max_award = MoneyField(
        label="Maximum single award", error_messages=required("Enter the maximum single award")
    )
    is_open = forms.BooleanField(label="Open for new applications", required=False)

    @classmethod
    def initial_for(cls, fund_year: FundYear) -> dict:
        return {
            "envelope": fund_year.envelope,
            "max_award": fund_year.max_award,
            "is_open": fund_year.is_open,
        }


class TopUpForm(forms.Form):
    amount = MoneyField(label="Amount added", error_messages=required("Enter the amount added"))
    date = UKDateField(label="Date of the decision", what="date of the decision", not_future=True)
    reason = forms.CharField(
        label="Why was the money added?",
        widget=text_area(3),
        error_messages=required("Enter why the money was added"),
    )
    decision_reference = forms.CharField(
        label="Decision reference (optional)",
        required=False,
        max_length=50,
        help_text="For example, the PCC decision number.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def __init__(self, *args, fund_year: FundYear | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund_year = fund_year
        if fund_year is not None:
            year = fund_year.financial_year
            hint = f"A date in {year.label}, from {year.start_date:%d/%m/%Y} to {year.end_date:%d/%m/%Y}"
            self.fields["date"].help_text = hint

    def clean_date(self):
        day = self.cleaned_data["date"]
        if self.fund_year is not None and day:
            problem = top_up_date_problem(self.fund_year, day)
            if problem:
                raise forms.ValidationError(problem.removesuffix("."), code="outside_year")
        return day


class AllocationLineForm(forms.Form):
    amount = MoneyField(
        label="Allocation",
        allow_zero=True,
        error_messages=required("Enter the allocation, or 0"),
    )


class AllocationLineAddForm(AllocationLineForm):
    area = forms.ModelChoiceField(
        label="Area or pot",
        queryset=PolicingArea.objects.none(),
        empty_label="Choose an area or pot",
        error_messages=required("Choose the area or pot"),
    )
    field_order = ["area", "amount"]

    def __init__(self, *args, fund_year: FundYear, **kwargs):
        super().__init__(*args, **kwargs)
        taken = AllocationLine.objects.filter(fund_year=fund_year).values("area")
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            PolicingArea.objects.valid_in(fund_year.financial_year.start_year).exclude(pk__in=taken)
        )
