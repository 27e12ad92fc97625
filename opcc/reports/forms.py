from django import forms

from opcc.core.models import FinancialYear
from opcc.reports.years import default_year, record_years, reportable_years


class BuildForm(forms.Form):
    """The year to build or preview: only years that can have records, the latest with records first."""

    financial_year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.none(),
        label="Financial year",
        help_text="1 April to 31 March. The previous year is shown alongside where there are records.",
        empty_label=None,
        error_messages={"required": "Choose a financial year", "invalid_choice": "Choose a financial year"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_records = record_years()
        offered = reportable_years(with_records=with_records)
        field = self.fields["financial_year"]
        field.queryset = offered  # type: ignore[attr-defined]
        if not self.is_bound:
            year = default_year(offered, with_records=with_records)
            if year is not None:
                self.initial.setdefault("financial_year", year.pk)
