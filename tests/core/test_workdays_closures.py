"""Closure days an administrator adds reach the working-day engine."""

import datetime as dt

import pytest

from opcc.core.models import ClosureDay
from opcc.core.workdays import Calendar, add_working_days


@pytest.mark.django_db
def test_closure_days_from_the_database_shift_a_deadline():
    start = dt.date(2026, 11, 2)  # Monday
    assert add_working_days(
        start, 5, calendar=Calendar.ENGLAND_WALES, closures=ClosureDay.objects.as_dates()
    ) == dt.date(2026, 11, 9)
    ClosureDay.objects.create(date=dt.date(2026, 11, 4), description="Office closed: power cut")
    closures = ClosureDay.objects.as_dates()
    assert closures == frozenset({dt.date(2026, 11, 4)})
    assert add_working_days(start, 5, calendar=Calendar.ENGLAND_WALES, closures=closures) == dt.date(
        2026, 11, 10
    )
