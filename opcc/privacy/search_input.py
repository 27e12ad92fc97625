"""What a search accepts (ADR 0018): text cleaned of control characters and capped, phone numbers
as digits with the UK prefix swapped, full postcodes. Shared by the header search and find_person."""

from __future__ import annotations

import re
import unicodedata

from opcc.core.indexes import PHONE_PUNCTUATION

MAX_QUERY = 100  # characters: a name, an email or a reference is shorter; 10,000 are cut
MIN_QUERY = 2
MIN_PHONE_DIGITS = 6  # fewer digits than this would match thousands of numbers
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def clean_text(raw: str | None) -> str:
    """Stripped, capped, without control or format characters (NUL, RTL overrides, zero-width)."""
    text = (raw or "")[: MAX_QUERY * 4]
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join(text.split())[:MAX_QUERY].strip()


def phone_variants(raw: str) -> list[str]:
    """The query's digits with the UK prefix as 0, 44 and 44(0): "+44 7700 900123" finds "07700900123"."""
    number = "".join(c for c in raw if c.isdigit())
    if len(number) < MIN_PHONE_DIGITS:
        return []
    for prefix in ("440", "44", "0"):
        if number.startswith(prefix):
            rest = number[len(prefix) :]
            return sorted({number, f"0{rest}", f"44{rest}", f"440{rest}"})
    return [number]


def looks_like_phone(text: str) -> bool:
    return bool(text) and all(c.isdigit() or c in PHONE_PUNCTUATION for c in text)


def postcode_parts(raw: str) -> tuple[str, str] | None:
    found = POSTCODE.match(clean_text(raw).upper())
    return (found.group(1), found.group(2)) if found else None
