"""Money is GBP in Decimal with two places; shown the GOV.UK way (£75, £75.50, £1,234, -£20).

One format everywhere a person reads an amount: pages, histories, messages, admin, the report pack.
`format_gbp_input` is the same text without the "£" for a money input (its "£" is a GOV.UK input
prefix), so what a form shows is what `parse_gbp` reads back. Exports keep plain numbers.

`parse_gbp` is the one reader of typed amounts: forms, list filters, imports and services all use it.
It bounds the text before any arithmetic (Decimal's 28-digit context fails on longer numbers) and
reads ASCII digits only (Decimal() would also read Arabic-Indic or full-width digits).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from django.core.exceptions import ValidationError

PENNY = Decimal("0.01")
LIMIT = Decimal("10000000000")  # what a 12-digit, 2-place money column holds
LIMIT_DIGITS = 10  # pounds digits below LIMIT
MAX_TYPED = 30  # characters: "£ 9,999,999,999.99" is 18; room for spaces and trailing zeros
# What people type: a sign and "£" in either order, pounds (thousands grouped by "," or " ", or not
# at all) and pence. ASCII only: refuses "1e5" (£100,000), "1_000", "Infinity" and other scripts.
TYPED_AMOUNT = re.compile(
    r"(?P<sign>-?) ?£? ?(?P<sign2>-?)(?P<pounds>[0-9][0-9, ]*[0-9]|[0-9])?(?:\.(?P<pence>[0-9]*))?"
)
GROUPED = re.compile(r"[0-9]{1,3}(?:[, ][0-9]{3})*")
ROUGHLY_AN_AMOUNT = re.compile(r"[-£0-9,. ]+")
ASCII_DIGITS = frozenset("0123456789")

MESSAGES = {
    "invalid": "Enter an amount in pounds, like 1250 or 1250.50.",
    "digits": "Enter the amount with the digits 0 to 9, like 1250 or 1250.50.",
    "pence": "Enter an amount with no more than 2 decimal places (pence).",
    "max": "Enter an amount less than £10,000,000,000.",
    "min_zero": "Enter an amount of £0 or more.",
    "min_penny": "Enter an amount greater than £0.",
}
Minimum = Literal["zero", "penny"]


def format_gbp(value, *, pence: bool | None = None) -> str:
    """£ with thousands separators; pence shown only when there are any (unless forced).

    Negative amounts lead with a hyphen-minus ("-£20"): the GOV.UK style guide sets no sign of its
    own, and this is the one `parse_gbp` reads back. `pence=True` is for an accounts-style table
    that deliberately shows every amount in pence; nothing else should force it.
    """
    text = _amount_text(value, pence=pence)
    if text is None:
        return "" if value is None or value == "" else str(value)  # bad data as it is, not a crash
    sign, digits = text
    return f"{sign}£{digits}"


def format_gbp_input(value) -> str:
    """An amount as a money input shows it: "2,400" or "2,400.50" (the "£" is the input's prefix).

    Text (what someone typed, sent back with an error) is shown as it was typed.
    """
    if isinstance(value, str) or value is None:
        return value or ""
    text = _amount_text(value)
    if text is None:
        return str(value)
    sign, digits = text
    return f"{sign}{digits}"


def _amount_text(value, *, pence: bool | None = None) -> tuple[str, str] | None:
    """(sign, grouped digits) of a number, rounded to the penny; None for what is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not amount.is_finite():
        return None
    if not amount:
        amount = abs(amount)  # no "-£0"
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    show_pence = pence if pence is not None else amount != amount.to_integral_value()
    return sign, (f"{amount:,.2f}" if show_pence else f"{amount:,.0f}")


def _refuse(code: str, minimum: Minimum | None = None) -> ValidationError:
    message = MESSAGES[f"min_{minimum}"] if code == "min" and minimum else MESSAGES[code]
    return ValidationError(message, code=code)


def _read_text(text: str) -> Decimal:
    """The amount in `text`, which is at most MAX_TYPED characters of ASCII digits and separators."""
    match = TYPED_AMOUNT.fullmatch(text)
    if not match or (match["sign"] and match["sign2"]) or not (match["pounds"] or match["pence"]):
        raise _refuse("invalid")
    pounds, pence = match["pounds"] or "0", match["pence"] or ""
    if len(pence.rstrip("0")) > 2:
        raise _refuse("pence")
    if not pounds.isdigit() and not GROUPED.fullmatch(pounds):
        raise _refuse("invalid")  # "1,2,3" is not one amount
    digits = pounds.replace(",", "").replace(" ", "").lstrip("0")
    if len(digits) > LIMIT_DIGITS:
        raise _refuse("max")
    sign = "-" if match["sign"] or match["sign2"] else ""
    return Decimal(f"{sign}{digits or '0'}.{pence[:2] or '0'}")


def parse_gbp(text, *, minimum: Minimum | None = None) -> Decimal:
    """Accept what people type ("£1,250.50", "1250", " 1 250 "); refuse anything else clearly.

    `minimum`: "zero" refuses any minus sign ("-0" too), "penny" anything not above £0. Without it the
    sign is the caller's business. Errors carry a code (invalid, digits, pence, max, min) so that
    forms can word them their own way.
    """
    if isinstance(text, bool) or not isinstance(text, str | int | float | Decimal):
        raise _refuse("invalid")
    if isinstance(text, int):
        text = Decimal(text)  # exact, however long: never through str() (int to str has a limit)
    elif isinstance(text, float):
        text = repr(text)  # 1250.5 -> "1250.5"; 1e+30, inf and nan are refused as text
    if isinstance(text, Decimal):
        value = text
        if not value.is_finite():
            raise _refuse("invalid")
        if abs(value) >= LIMIT:  # comparison needs no context precision; quantize below is then safe
            raise _refuse("max")
        if value != value.quantize(PENNY):
            raise _refuse("pence")
    else:
        typed = text.strip()
        head = typed[: MAX_TYPED + 1]
        if any(ch.isdigit() and ch not in ASCII_DIGITS for ch in head):
            raise _refuse("digits")
        if len(typed) > MAX_TYPED:
            raise _refuse("max" if ROUGHLY_AN_AMOUNT.fullmatch(head) else "invalid")
        value = _read_text(typed)
    if minimum and (value.is_signed() or (minimum == "penny" and value == 0)):
        raise _refuse("min", minimum)
    value = value.quantize(PENNY)
    return abs(value) if value == 0 else value  # no negative zero
