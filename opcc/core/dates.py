"""One way to write a date for a person to read: "4 March 2025" (GOV.UK style, no leading zero)."""

from __future__ import annotations

import datetime as dt


def long_date(value: dt.date | None) -> str:
    """'4 March 2025'; an empty string for no date (a letter or message leaves it out)."""
    return f"{value.day} {value:%B %Y}" if value else ""
