"""Rows for the admin sweeps (tests/routes.py ADMIN_MAKERS): a correspondence category with a
history version to open, and a day of the calls log."""

from __future__ import annotations

import datetime as dt

from engagement.models import CallDay, Category


def category_saved_again() -> Category:
    """The first category the migrations made, saved once so it has a history version to open."""
    row = Category.objects.order_by("pk").first()
    assert row is not None
    row.save()
    return row


def call_day() -> CallDay:
    day, _ = CallDay.objects.get_or_create(
        date=dt.date(2025, 3, 3), defaults={"calls_answered": 42, "note": "Route matrix"}
    )
    return day
