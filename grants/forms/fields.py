"""Form fields in GOV.UK style: money as text with inputmode=decimal, dates typed as dd/mm/yyyy."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.money import PENNY

# Digits with an optional decimal part, after £, commas and spaces are removed. Anything else
# ("1e5", "NaN", "12..5", "=1+1") is refused before Decimal sees it.
_AMOUNT = re.compile(r"^-?\d+(\.\d+)?$")
_LARGEST = Decimal("9999999999.99")  # MONEY fields hold 12 digits, 2 after the point


class MoneyField(forms.CharField):
    """Pounds and pence as typed ("£1,250.50"), cleaned to a Decimal with 2 places.

    `allow_zero` for amounts that may be nothing (spend confirmed, money recovered, a line).
    The template shows a "£" prefix for these fields (grants/includes/fields.html).
    """

    is_money = True

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "class": "govuk-input--width-10",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            ),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        # max_length adds a maxlength attribute and a validator: the message below is clearer.
        self.validators = []

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        cleaned = text.replace("£", "").replace(",", "").replace(" ", "")
        if not _AMOUNT.match(cleaned):
            raise ValidationError("Enter an amount in pounds, like 2500 or 2500.50", code="invalid")
        amount = Decimal(cleaned)
        if amount != amount.quantize(PENNY):
            raise ValidationError("Enter an amount with no more than 2 decimal places (pence)", code="pence")
        if amount < 0 or (amount == 0 and not self.allow_zero):
            message = (
                "Enter an amount of £0 or more" if self.allow_zero else "Enter an amount greater than £0"
            )
            raise ValidationError(message, code="min")
        if amount > _LARGEST:
            raise ValidationError("Enter an amount less than £10,000,000,000", code="max")
        return amount.quantize(PENNY)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


class UKDateField(forms.DateField):
    """A date typed as dd/mm/yyyy in one text input (the format the office uses on paper)."""

    def __init__(self, *, not_future: bool = False, what: str = "date", **kwargs):
        self.not_future = not_future
        self.what = what
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        kwargs.setdefault("help_text", "For example, 27/03/2025")
        kwargs.setdefault("localize", True)
        custom = kwargs.get("error_messages") or {}
        super().__init__(**kwargs)
        self.error_messages["invalid"] = f"The {what} must be a real date, like 27/03/2025"
        if "required" not in custom:
            self.error_messages["required"] = f"Enter the {what}"

    def validate(self, value):
        super().validate(value)
        if value and value.year < 1990:
            raise ValidationError(f"The {self.what} must be a real date, like 27/03/2025", code="invalid")
        if value and self.not_future and value > timezone.localdate():
            raise ValidationError(f"The {self.what} cannot be in the future", code="future")


class WholeNumberField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter a whole number, like 25"
        self.error_messages["min_value"] = "Enter a number of %(limit_value)s or more"


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def required(message: str) -> dict[str, str]:
    return {"required": message}
