"""Money is GBP in Decimal with two places; shown the GOV.UK way (£75, £75.50, £1,234)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

PENNY = Decimal("0.01")
LIMIT = Decimal("10000000000")  # what a 12-digit, 2-place money column holds
# What people type once "£", commas and spaces are gone: digits, an optional point and pence.
# Refuses what Decimal() would otherwise accept, such as "1e5" (£100,000), "1_000" or "Infinity".
TYPED_AMOUNT = re.compile(r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)$")


def format_gbp(value, *, pence: bool | None = None) -> str:
    """£ with thousands separators; pence shown only when there are any (unless forced)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)  # show bad data as it is rather than break the page
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    show_pence = pence if pence is not None else amount != amount.to_integral_value()
    text = f"{amount:,.2f}" if show_pence else f"{amount:,.0f}"
    return f"{sign}£{text}"


def parse_gbp(text) -> Decimal:
    """Accept what people type ("£1,250.50", "1250", " 1 250 "); refuse anything else clearly."""
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = str(text).strip().replace("£", "").replace(",", "").replace(" ", "")
        if cleaned == "":
            raise ValidationError("Enter an amount in pounds, like 1250 or 1250.50.")
        if not TYPED_AMOUNT.match(cleaned):
            raise ValidationError("Enter an amount in pounds, like 1250 or 1250.50.")
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValidationError("Enter an amount in pounds, like 1250 or 1250.50.") from exc
    if not value.is_finite():
        raise ValidationError("Enter an amount in pounds, like 1250 or 1250.50.")
    if abs(value) >= LIMIT:
        raise ValidationError("Enter an amount less than £10,000,000,000.")
    if value != value.quantize(PENNY):
        raise ValidationError("Enter an amount with no more than 2 decimal places (pence).")
    return value.quantize(PENNY)
