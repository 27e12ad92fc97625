"""Forms of the calls log: a day's total, and the financial year shown (from a bounded list)."""

from __future__ import annotations

from django import forms

from engagement.services.calls import MAX_PER_DAY
from opcc.core.fields import UKDateField, WholeNumberField, required
from opcc.core.models import fy_label


class CallDayForm(forms.Form):
    date = UKDateField(label="Date", what="date", not_future=True)
    calls_answered = WholeNumberField(
        label="Calls answered",
        min_value=0,
        max_value=MAX_PER_DAY,
        error_messages=required("Enter the number of calls answered"),
        help_text="The day's total: it replaces any figure already recorded for that day.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-30"}),
        error_messages={"max_length": "Shorten the note to %(limit_value)s characters or fewer"},
    )


class YearForm(forms.Form):
    """Which financial year's weeks to show: only years with calls (and this one) are offered."""

    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(y), fy_label(y)) for y in years]
