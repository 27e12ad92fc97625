"""Form fields in GOV.UK style: money as text with inputmode=decimal, dates typed as dd/mm/yyyy."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.money import format_gbp_input, parse_gbp
from opcc.core.text import other_digits

# opcc.core.money.parse_gbp reads the amount; these are its refusals in the forms' words.
MONEY_MESSAGES = {
    "invalid": "Enter an amount in pounds, like 2500 or 2500.50",
    "digits": "Enter the amount with the digits 0 to 9, like 2500 or 2500.50",
    "pence": "Enter an amount with no more than 2 decimal places (pence)",
    "max": "Enter an amount less than £10,000,000,000",
}


class MoneyField(forms.CharField):
    """Pounds and pence as typed ("£1,250.50"), cleaned to a Decimal with 2 places by parse_gbp.

    An initial Decimal is shown the way pages show amounts, without the "£" ("2,400", "2,400.50"),
    and parse_gbp reads that back: a prefilled form can be sent as it is.

    `allow_zero` for amounts that may be nothing (spend confirmed, money recovered, a line). A minus
    sign is refused either way ("-0" too). The template shows a "£" prefix for these fields
    (includes/fields.html).
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
        # max_length adds a maxlength attribute and a validator: parse_gbp's messages are clearer.
        self.validators = []

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_gbp(text, minimum="zero" if self.allow_zero else "penny")
        except ValidationError as exc:
            if exc.code == "min":
                message = (
                    "Enter an amount of £0 or more" if self.allow_zero else "Enter an amount greater than £0"
                )
            else:
                message = MONEY_MESSAGES.get(str(exc.code), MONEY_MESSAGES["invalid"])
            raise ValidationError(message, code=exc.code) from exc

    def prepare_value(self, value):
        """Prefilled as pages show amounts ("2,400", "2,400.50"); typed text comes back as typed."""
        return format_gbp_input(value)


WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")
INT_MAX = 2_147_483_647  # the largest PositiveIntegerField value PostgreSQL holds


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

    def to_python(self, value):
        if isinstance(value, str) and (len(value) > 40 or other_digits(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and value.year < 1990:
            raise ValidationError(f"The {self.what} must be a real date, like 27/03/2025", code="invalid")
        if value and self.not_future and value > timezone.localdate():
            raise ValidationError(f"The {self.what} cannot be in the future", code="future")


class WholeNumberField(forms.IntegerField):
    """A count typed with the digits 0 to 9, at most what an integer column holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", INT_MAX)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "govuk-input--width-5", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter a whole number, like 25"
        self.error_messages["min_value"] = "Enter a number of %(limit_value)s or more"
        self.error_messages["max_value"] = "Enter a number of %(limit_value)s or less"

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not WHOLE_NUMBER.fullmatch(value.strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def required(message: str) -> dict[str, str]:
    return {"required": message}
