"""One money format everywhere: pages, histories, messages and money inputs (issue 9, item 4).

"£2,960", "£2,960.50", "£0.50", "-£20"; a money input shows "2,960" or "2,960.50" after its "£"
prefix and reads that back. Exports keep plain numbers (tests/audit/test_exports.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from grants.models import Application, Status
from opcc.core.fields import MoneyField
from opcc.core.history import shown
from opcc.core.money import format_gbp, format_gbp_input, parse_gbp


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "£0"),
        (Decimal("0.00"), "£0"),
        (Decimal("-0.00"), "£0"),
        (Decimal("-0.001"), "£0"),
        (Decimal("0.5"), "£0.50"),
        (Decimal("0.01"), "£0.01"),
        (Decimal("75"), "£75"),
        (Decimal("75.00"), "£75"),
        (Decimal("2960"), "£2,960"),
        (Decimal("2960.5"), "£2,960.50"),
        (Decimal("1234567.89"), "£1,234,567.89"),
        (Decimal("12000000"), "£12,000,000"),
        (Decimal("9999999999.99"), "£9,999,999,999.99"),
        (-20, "-£20"),
        (Decimal("-20.50"), "-£20.50"),
        (Decimal("-1234.5"), "-£1,234.50"),
        (Decimal("2960.004"), "£2,960"),  # more places: to the nearest penny, half up
        (Decimal("2960.005"), "£2,960.01"),
        (Decimal("0.999"), "£1"),
        ("2960.50", "£2,960.50"),
        (None, ""),
        ("", ""),
    ],
)
def test_format_gbp(value, shown):
    assert format_gbp(value) == shown


@pytest.mark.parametrize(
    "value", ["abc", Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), float("nan"), True]
)
def test_format_gbp_shows_what_is_not_an_amount_as_it_is(value):
    assert format_gbp(value) == str(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2400.00"), "2,400"),
        (Decimal("2400.50"), "2,400.50"),
        (Decimal("0.50"), "0.50"),
        (Decimal("0"), "0"),
        (Decimal("1234567"), "1,234,567"),
        (Decimal("-20"), "-20"),
        (None, ""),
        ("2400.00", "2400.00"),  # text is what someone typed: shown back as typed
        ("£1,2,3", "£1,2,3"),
    ],
)
def test_format_gbp_input(value, shown):
    assert format_gbp_input(value) == shown


@pytest.mark.parametrize(
    "amount",
    ["0.00", "0.01", "0.50", "75.00", "2400.00", "2400.50", "1234567.89", "9999999999.99", "-20.00"],
)
def test_what_is_shown_is_read_back(amount):
    value = Decimal(amount)
    assert parse_gbp(format_gbp(value)) == value
    assert parse_gbp(format_gbp_input(value)) == value


def test_the_template_filter_is_the_one_format():
    rendered = Template("{% load opcc %}{{ a|gbp }} {{ b|gbp }} {{ c|gbp }} [{{ d|gbp }}]").render(
        Context({"a": Decimal("2960.00"), "b": Decimal("2960.50"), "c": Decimal("-20"), "d": None})
    )
    assert rendered == "£2,960 £2,960.50 -£20 []"


# --- the money input -------------------------------------------------------------------------------


class AmountForm(forms.Form):
    amount = MoneyField(label="Amount")


@pytest.mark.parametrize(
    ("initial", "shown"), [(Decimal("2400.00"), "2,400"), (Decimal("2400.50"), "2,400.50")]
)
def test_a_money_input_is_prefilled_as_pages_show_amounts(initial, shown):
    form = AmountForm(initial={"amount": initial})
    assert f'value="{shown}"' in str(form["amount"])
    html = Template('{% include "includes/field.html" %}').render(Context({"field": form["amount"]}))
    assert 'class="govuk-input__prefix" aria-hidden="true">£</div>' in html
    assert f'value="{shown}"' in html
    # ...and what it shows comes back as the same amount, with or without "£" and commas.
    for typed in (shown, f"£{shown}", shown.replace(",", ""), f" £ {shown} "):
        bound = AmountForm(data={"amount": typed})
        assert bound.is_valid(), (typed, bound.errors)
        assert bound.cleaned_data["amount"] == initial


@pytest.mark.parametrize(
    ("typed", "amount"),
    [(" 2 400 ", Decimal("2400.00")), ("2,400.5", Decimal("2400.50")), ("£0.50", Decimal("0.50"))],
)
def test_a_money_input_reads_spaced_and_grouped_amounts(typed, amount):
    assert MoneyField().clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("£1,2,3", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("1e6", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("١٢٣", "Enter the amount with the digits 0 to 9, like 2500 or 2500.50"),
        ("--5", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("NaN", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("Infinity", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("-£20", "Enter an amount greater than £0"),
        ("2,400.505", "Enter an amount with no more than 2 decimal places (pence)"),
    ],
)
def test_a_money_input_refuses_hostile_text_with_a_message(typed, message):
    form = AmountForm(data={"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]
    assert f'value="{typed}"' in str(form["amount"])  # shown back as typed, to correct


# --- histories -------------------------------------------------------------------------------------


def test_history_shows_dates_and_choices_as_pages_do():
    meta = Application._meta
    assert shown(meta.get_field("status"), Status.APPROVED) == Status.APPROVED.label
    assert shown(meta.get_field("amount_requested"), Decimal("1500.00")) == "£1,500"
    assert shown(meta.get_field("received_on"), dt.date(2022, 5, 3)) == "3 May 2022"
    assert shown(meta.get_field("received_on"), None) == ""


def test_parse_gbp_refuses_what_the_brief_calls_hostile():
    for typed in ("£1,2,3", "1e6", "١٢٣", "--5", "NaN", "Infinity"):
        with pytest.raises(ValidationError):
            parse_gbp(typed)
