"""Forms of the consultation pages: the consultation, a phase, a headline result, a deletion.

Numbers are typed with the digits 0 to 9 (`WholeNumberField`, `ResultValueField`); the services
check the rules again (dates in order, a phase number unique in its consultation, 0 to 100 %).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from engagement.models import Measure, PhaseType, Purpose
from engagement.services.consultations import MAX_COUNT, MAX_PHASES
from opcc.core.fields import UKDateField, WholeNumberField, required

from .events import LONG_TEXT, RowChoice, text_field

NUMBER = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")


def _choice(label: str, choices, what: str, *, radios: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", f"Choose {what}"), *choices],
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={**required(f"Choose {what}"), "invalid_choice": f"Choose {what} from the list"},
    )


class ConsultationForm(forms.Form):
    title = text_field("Title", what="the title", max_length=200)
    purpose = _choice("Purpose", Purpose.choices, "the purpose")
    opens_on = UKDateField(label="Opened", what="opening date")
    closes_on = UKDateField(label="Closed (or closes)", what="closing date")
    summary = text_field("Summary", what="the summary", max_length=LONG_TEXT, optional=True, long=True)
    report_url = forms.URLField(
        label="Published report web address (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input--width-30", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the report's web address, like https://www.westmidlands-pcc.gov.uk/report",
            "max_length": "Shorten the web address to %(limit_value)s characters or fewer (it has %(show_value)s)",
        },
    )
    report_published_on = UKDateField(
        label="Report published (optional)", what="publication date", required=False, not_future=True
    )

    FIELDS = ("title", "purpose", "opens_on", "closes_on", "summary", "report_url", "report_published_on")

    @classmethod
    def initial_for(cls, consultation) -> dict:
        return {name: getattr(consultation, name) for name in cls.FIELDS}

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be the same as or after the opening date")
        return data


class PhaseForm(forms.Form):
    number = WholeNumberField(
        label="Phase number",
        min_value=1,
        max_value=MAX_PHASES,
        error_messages=required("Enter the phase number"),
    )
    phase_type = _choice("Type of phase", PhaseType.choices, "the type of phase")
    title = text_field("Title", what="the phase's title", max_length=200)
    starts_on = UKDateField(label="Started", what="start date")
    ends_on = UKDateField(label="Ended (or ends)", what="end date")
    measure = _choice("What the phase counts", Measure.choices, "what the phase counts", radios=True)
    count = WholeNumberField(
        label="Count",
        min_value=0,
        max_value=MAX_COUNT,
        help_text="The number of responses or of attendees.",
        error_messages=required("Enter the count (0 if none yet)"),
    )

    FIELDS = ("number", "phase_type", "title", "starts_on", "ends_on", "measure", "count")

    @classmethod
    def initial_for(cls, phase) -> dict:
        return {name: getattr(phase, name) for name in cls.FIELDS}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


class ResultValueField(forms.CharField):
    """A number typed with the digits 0 to 9 and at most 2 decimal places ("66" or "66.5")."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
            ),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.validators = []

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().replace(",", "").removesuffix("%").strip()
        if not text:
            return None
        if not NUMBER.fullmatch(text):
            raise ValidationError(
                "Enter the value as a number from 0, like 66 or 66.5 (at most 2 decimal places)"
            )
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise ValidationError("Enter the value as a number, like 66 or 66.5") from None


class ResultForm(forms.Form):
    metric = text_field("What was measured", what="what was measured", max_length=250)
    value = ResultValueField(label="Value", error_messages=required("Enter the value"))
    unit = _choice(
        "The value is",
        [("percent", "A percentage"), ("count", "A count")],
        "a percentage or a count",
        radios=True,
    )
    phase = RowChoice(
        label="Phase (optional)",
        required=False,
        queryset=None,
        empty_label="The whole consultation",
        error_messages={"invalid_choice": "Choose a phase of this consultation"},
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = consultation.phases.order_by("number")  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("unit") == "percent" and data.get("value") is not None and data["value"] > 100:
            self.add_error("value", "A percentage must be from 0 to 100")
        return data


class DeleteForm(forms.Form):
    """Confirm a deletion: the button is the answer."""
