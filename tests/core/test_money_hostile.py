"""Hostile amounts meet the one money parser (opcc.core.money.parse_gbp) and everything built on it.

Issue 7 found that 27 or more digits reached Decimal arithmetic beyond its 28-digit context
(decimal.InvalidOperation, a server error) and that digits of other scripts (Arabic-Indic,
full-width) were read as numbers. The parser bounds the text before any arithmetic and reads ASCII digits only; the form
field, the list filters and the import widget all go through it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from opcc.core.fields import MoneyField
from opcc.core.money import MAX_TYPED, parse_gbp
from opcc.core.resources import MoneyWidget

NOT_AN_AMOUNT = "Enter an amount in pounds, like 1250 or 1250.50."
OTHER_DIGITS = "Enter the amount with the digits 0 to 9, like 1250 or 1250.50."
TOO_LARGE = "Enter an amount less than £10,000,000,000."

# (typed, what parse_gbp says); the forms say the same in their own words.
HOSTILE = [
    ("1" * 27, TOO_LARGE),
    ("1" * 28, TOO_LARGE),
    ("9" * 400, TOO_LARGE),
    ("1" * 27 + ".5", TOO_LARGE),
    ("0." + "1" * 27, "Enter an amount with no more than 2 decimal places (pence)."),
    ("\u0661\u0662\u0663", OTHER_DIGITS),  # Arabic-Indic
    ("\u06f1\u06f2\u06f3", OTHER_DIGITS),  # Extended Arabic-Indic (Urdu)
    ("\uff11\uff12\uff13", OTHER_DIGITS),  # full-width
    ("\u0967\u0968\u0969", OTHER_DIGITS),  # Devanagari
    ("12\N{ARABIC-INDIC DIGIT THREE}", OTHER_DIGITS),
    ("\u0661" * 400, OTHER_DIGITS),
    ("1e5", NOT_AN_AMOUNT),
    ("NaN", NOT_AN_AMOUNT),
    ("sNaN", NOT_AN_AMOUNT),
    ("£1,2,3", NOT_AN_AMOUNT),
    ("1,23", NOT_AN_AMOUNT),
    ("12,3456", NOT_AN_AMOUNT),
    (",123", NOT_AN_AMOUNT),
    ("1 2 3", NOT_AN_AMOUNT),
    ("£1£2", NOT_AN_AMOUNT),
    ("--5", NOT_AN_AMOUNT),
    ("-£-5", NOT_AN_AMOUNT),
    ("5-", NOT_AN_AMOUNT),
    ("1\x00", NOT_AN_AMOUNT),
    ("\u202e0521", NOT_AN_AMOUNT),  # right-to-left override
    ("💷100", NOT_AN_AMOUNT),
    ("1.2.3", NOT_AN_AMOUNT),
    (".", NOT_AN_AMOUNT),
    ("-", NOT_AN_AMOUNT),
    ("x" * 10_000, NOT_AN_AMOUNT),
]


def short_id(value) -> str:
    """Test ids: long hostile values cut short (and no str() of a 5,000-digit int)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"int-of-{len(format(abs(value), 'x'))}-hex-digits"
    text = ascii(value)
    return text if len(text) <= 24 else f"{text[:20]}...x{len(text)}"


@pytest.mark.parametrize(("typed", "message"), HOSTILE, ids=short_id)
def test_parse_gbp_refuses_hostile_text_with_a_message(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_gbp(typed)
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£9,999,999,999.99", Decimal("9999999999.99")),
        ("9999999999.99", Decimal("9999999999.99")),
        ("0009999999999.99", Decimal("9999999999.99")),  # leading zeros are not digits of size
        ("1250.500000", Decimal("1250.50")),
        ("£ 1,250", Decimal("1250.00")),
        ("-£5", Decimal("-5.00")),
        ("£-5", Decimal("-5.00")),
        ("1 250 000", Decimal("1250000.00")),
        ("5.", Decimal("5.00")),
        (".5", Decimal("0.50")),
        ("-0", Decimal("0.00")),  # no sign asked for: a negative zero is plain zero
        (1250, Decimal("1250.00")),
        (1250.5, Decimal("1250.50")),
    ],
)
def test_parse_gbp_still_reads_what_people_type(typed, amount):
    parsed = parse_gbp(typed)
    assert parsed == amount and parsed.as_tuple().exponent == -2
    assert not (parsed == 0 and parsed.is_signed())


@pytest.mark.parametrize(
    "value",
    [10**30, 10**5000, Decimal("1" * 40), Decimal("1E+1000"), -(10**30), 1e30, float("inf"), float("nan")],
    ids=short_id,
)
def test_parse_gbp_refuses_huge_or_infinite_numbers_given_as_numbers(value):
    with pytest.raises(ValidationError):
        parse_gbp(value)


@pytest.mark.parametrize("value", [True, False, None, object(), b"100", ["100"]])
def test_parse_gbp_refuses_what_is_not_text_or_a_number(value):
    with pytest.raises(ValidationError) as error:
        parse_gbp(value)
    assert error.value.messages == [NOT_AN_AMOUNT]


def test_the_bound_comes_before_any_arithmetic():
    """Longer than MAX_TYPED characters is refused on length alone; the largest real amount fits."""
    assert len("£ 9,999,999,999.99") < MAX_TYPED
    with pytest.raises(ValidationError) as error:
        parse_gbp("0" * (MAX_TYPED + 1))
    assert error.value.code == "max"


@pytest.mark.parametrize(
    ("typed", "minimum", "message"),
    [
        ("-0", "zero", "Enter an amount of £0 or more."),
        ("-0.00", "zero", "Enter an amount of £0 or more."),
        ("-5", "zero", "Enter an amount of £0 or more."),
        ("-0", "penny", "Enter an amount greater than £0."),
        ("0", "penny", "Enter an amount greater than £0."),
        ("£-5", "penny", "Enter an amount greater than £0."),
        (Decimal("-0"), "zero", "Enter an amount of £0 or more."),
    ],
)
def test_parse_gbp_minimum(typed, minimum, message):
    with pytest.raises(ValidationError) as error:
        parse_gbp(typed, minimum=minimum)
    assert error.value.messages == [message]
    assert error.value.code == "min"


# --- the form field (every grants money form and the list filters use it) -------------------------

FORM_MESSAGES = {
    NOT_AN_AMOUNT: "Enter an amount in pounds, like 2500 or 2500.50",
    OTHER_DIGITS: "Enter the amount with the digits 0 to 9, like 2500 or 2500.50",
    TOO_LARGE: "Enter an amount less than £10,000,000,000",
    "Enter an amount with no more than 2 decimal places (pence).": (
        "Enter an amount with no more than 2 decimal places (pence)"
    ),
}


@pytest.mark.parametrize("allow_zero", [False, True])
@pytest.mark.parametrize(("typed", "message"), HOSTILE, ids=short_id)
def test_money_field_gives_a_field_error_never_an_exception(typed, message, allow_zero):
    field = MoneyField(allow_zero=allow_zero)
    with pytest.raises(ValidationError) as error:
        field.clean(typed)
    assert error.value.messages == [FORM_MESSAGES[message]]


@pytest.mark.parametrize(
    ("allow_zero", "message"),
    [(True, "Enter an amount of £0 or more"), (False, "Enter an amount greater than £0")],
)
@pytest.mark.parametrize("typed", ["-0", "-0.00", "£-0", "-5"])
def test_money_field_refuses_a_minus_sign_even_on_zero(typed, allow_zero, message):
    with pytest.raises(ValidationError) as error:
        MoneyField(allow_zero=allow_zero).clean(typed)
    assert error.value.messages == [message]


def test_money_field_reads_good_amounts():
    assert MoneyField().clean("£1,250.50") == Decimal("1250.50")
    assert MoneyField(allow_zero=True).clean("0") == Decimal("0.00")
    assert MoneyField(required=False).clean("") is None


# --- the import widget (django-import-export) -----------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE, ids=short_id)
def test_import_widget_names_the_value_and_the_problem(typed, message):
    with pytest.raises(ValueError, match="Enter") as error:
        MoneyWidget().clean(typed)
    assert str(error.value).endswith(message)


@pytest.mark.parametrize("value", ["-0", "0", "-5", 10**30, 10**5000, 1e30], ids=short_id)
def test_import_widget_refuses_nothing_negative_or_huge(value):
    with pytest.raises(ValueError, match="Enter an amount"):
        MoneyWidget().clean(value)


def test_import_widget_reads_spreadsheet_numbers():
    assert MoneyWidget().clean(2500.5) == Decimal("2500.50")
    assert MoneyWidget().clean(2500) == Decimal("2500.00")
    assert MoneyWidget().clean("£2,500") == Decimal("2500.00")
    assert MoneyWidget().clean("  ") is None
