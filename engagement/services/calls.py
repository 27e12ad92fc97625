"""The Business Support Team's calls: a day's total typed at the end of the day, or one call at a time.

Adding a call is one UPDATE … SET calls_answered = calls_answered + 1, so two people pressing
"Add a call" at once both count.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from engagement.models import CallDay

from .common import not_future, require_recorder, text

MAX_PER_DAY = 5_000


def _check(day: dt.date, calls: int) -> None:
    not_future(day, field="date", what="date")
    if day.year < 2000:
        raise ValidationError({"date": "Enter a date from 2000 onwards."})
    if calls < 0:
        raise ValidationError({"calls_answered": "Calls answered cannot be negative."})
    if calls > MAX_PER_DAY:
        raise ValidationError({"calls_answered": f"Enter at most {MAX_PER_DAY:,} calls for one day."})


@transaction.atomic
def call_day_set(*, by, date: dt.date, calls_answered: int, note: str = "") -> CallDay:
    """Set a day's total (the end-of-day figure); typing it again corrects it."""
    require_recorder(by, action="record calls")
    _check(date, calls_answered)
    note = text(note, field="note", what="the note", limit=200)
    day, _ = CallDay.objects.select_for_update().get_or_create(date=date)
    day.calls_answered, day.note, day.updated_by = calls_answered, note, by
    day._history_user = by  # type: ignore[attr-defined]
    day.save()
    return day


@transaction.atomic
def call_add(*, by, date: dt.date | None = None, count: int = 1) -> CallDay:
    """Count calls as they are answered: adds to the day's total without reading it first."""
    require_recorder(by, action="record calls")
    date = date or timezone.localdate()
    if count < 1 or count > 100:
        raise ValidationError({"count": "Add between 1 and 100 calls at a time."})
    _check(date, count)
    CallDay.objects.get_or_create(date=date)
    updated = CallDay.objects.filter(date=date, calls_answered__lte=MAX_PER_DAY - count).update(
        calls_answered=F("calls_answered") + count, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError({"count": f"A day cannot have more than {MAX_PER_DAY:,} calls."})
    return CallDay.objects.get(date=date)
