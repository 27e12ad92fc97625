"""Text rules shared by the grants models: names compared across scripts, and characters refused.

Names are compared after Unicode normalisation, never by dropping what is not ASCII: an Urdu or
Welsh name must match its own variants and nothing else.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

NAME_KEY_LENGTH = 200  # Organisation.normalised_name
NOISE_WORDS = frozenset({"the", "ltd", "limited", "cic", "cio", "charity", "uk", "cyf", "cyfyngedig"})
# Characters that reorder the text around them (U+202A-U+202E embeddings and overrides, U+2066-U+2069
# isolates): a published name or title must read as it is stored. Marks (U+200E, U+200F) stay.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _fold(char: str, previous: str) -> str:
    """One character of a name key: letters and numbers of any script, separators as spaces."""
    category = unicodedata.category(char)
    if category[0] in "LN":
        return char
    if category == "Mn":
        # Accents on Latin letters fold away ("Tŷ" = "Ty", "Café" = "Cafe"); marks of other scripts
        # (Arabic vowel signs, Devanagari matras) are part of the word and stay.
        return "" if unicodedata.name(previous, "").startswith("LATIN") else char
    if category[0] == "M":
        return char
    if category in {"Pd", "Ps", "Pe", "Zs", "Zl", "Zp", "Cc"} or char in "/\\|+":
        return " "
    return ""  # other punctuation ("St. Mary's" = "st marys"), symbols, emoji, format characters


def normalise_name(name: str) -> str:
    """The key two names share when they are probably the same organisation.

    NFKC then casefold (full-width and compatibility forms, "ß" = "ss"); accents on Latin letters
    dropped; punctuation removed; "&" read as "and"; legal suffixes dropped; whitespace collapsed.
    A name with no letter or number keeps its casefolded text, so such names match only themselves.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    decomposed = unicodedata.normalize("NFD", text)
    kept, base = [], ""
    for char in decomposed:
        kept.append(_fold(char, base))
        if not unicodedata.combining(char):
            base = char
    words = unicodedata.normalize("NFC", "".join(kept)).split()
    key = " ".join(word for word in words if word not in NOISE_WORDS)
    if not key:
        key = " ".join(text.split())
    return key[:NAME_KEY_LENGTH]


def other_digits(text: str) -> bool:
    """Digits of other scripts: int() and strptime() read them as numbers; the office types 0 to 9."""
    return any(char.isdigit() and not char.isascii() for char in text)


def has_letter_or_number(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in text)


class TextRules(models.Model):
    """Text no database column should hold: NUL (PostgreSQL refuses it) and direction overrides.

    Forms refuse NUL already; this catches imports and scripts, with a message on the field, before
    the database would fail the whole request. `PLAIN_TEXT` names fields also refused direction
    overrides (names and titles that are published).
    """

    PLAIN_TEXT: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        errors: dict[str, list[str]] = {}
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if field.name in (exclude or ()) or not isinstance(value, str):
                continue
            if "\x00" in value:
                errors[field.name] = ["Remove the null character (\\x00) from this text."]
            elif field.name in self.PLAIN_TEXT and DIRECTION_CONTROLS.search(value):
                errors[field.name] = [
                    "Remove the text direction control characters (such as U+202E right-to-left override)."
                ]
        try:
            super().clean_fields(exclude=[*(exclude or ()), *errors])
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
