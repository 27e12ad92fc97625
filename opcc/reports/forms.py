from django import forms
from django.utils import timezone

from opcc.core.models import FinancialYear


class BuildForm(forms.Form):
    financial_year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.order_by("-start_year"),
        label="Financial year",
        help_text="1 April to 31 March. The previous year is shown alongside where there are records.",
        empty_label=None,
        error_messages={"required": "Choose a financial year", "invalid_choice": "Choose a financial year"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # The last complete financial year is the one an annual report describes.
            last_complete = FinancialYear.start_year_for(timezone.localdate()) - 1
            year = FinancialYear.objects.filter(start_year=last_complete).first()
            if year is not None:
                self.initial.setdefault("financial_year", year.pk)
