"""The review clocks: the 28-day application window and the office's service standards.

The window is statutory (reg 29 SI 2020/2): 28 calendar days starting the day after the review
information was given, with the days a misdirected application spent being forwarded between the
IOPC and the office left out. The service standards count working days on England & Wales bank
holidays and the administrator's closure days (`opcc.core.workdays`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass

from opcc.core.models import ClosureDay
from opcc.core.workdays import Calendar, add_working_days, calendar_days_window_end, working_days_between

WINDOW_DAYS = 28
CALENDAR = Calendar.ENGLAND_WALES


def forwarding_days(periods: Iterable[tuple[dt.date, dt.date]]) -> int:
    """Days left out of the window: each period runs from the day the other body received the
    application to the day it forwarded it, both days included."""
    return sum((forwarded - received).days + 1 for received, forwarded in periods)


def window_end(*, info_given_on: dt.date, excluded_days: int = 0) -> dt.date:
    """Last day to apply: given Tue 4 March 2025, day 1 is 5 March and the last day is 1 April."""
    return calendar_days_window_end(info_given_on, WINDOW_DAYS + excluded_days)


def closures() -> frozenset[dt.date]:
    return ClosureDay.objects.as_dates()


def standard_dates(
    *, received_on: dt.date, acknowledge_days: int, decide_days: int, closed: Set[dt.date]
) -> tuple[dt.date, dt.date]:
    """(acknowledge by, decide by): N working days after the day the application arrived."""
    return (
        add_working_days(received_on, acknowledge_days, calendar=CALENDAR, closures=closed),
        add_working_days(received_on, decide_days, calendar=CALENDAR, closures=closed),
    )


@dataclass(frozen=True)
class Clock:
    """What a list row or case page shows about a due date: words, and a tag colour."""

    due: dt.date
    what: str  # "Acknowledge" or "Decide"
    days_left: int  # working days; negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def label(self) -> str:
        if self.days_left < 0:
            days = -self.days_left
            return f"{self.what}: overdue by {days} working day{'s' if days != 1 else ''}"
        if self.days_left == 0:
            return f"{self.what}: due today"
        return f"{self.what}: {self.days_left} working day{'s' if self.days_left != 1 else ''} left"

    def tag_class(self, due_soon: int) -> str:
        if self.days_left < 0:
            return "govuk-tag--red"
        if self.days_left <= due_soon:
            return "govuk-tag--yellow"
        return "govuk-tag--grey"


def working_days_left(due: dt.date, *, today: dt.date, closed: Set[dt.date]) -> int:
    if due >= today:
        return working_days_between(today, due, calendar=CALENDAR, closures=closed)
    return -working_days_between(due, today, calendar=CALENDAR, closures=closed)


def clock_for(review, *, today: dt.date, closed: Set[dt.date]) -> Clock | None:
    """The clock that runs now: acknowledging until acknowledged, then deciding; none once decided."""
    from complaints.models import Status

    if review.status == Status.RECEIVED:
        due, what = review.acknowledge_by, "Acknowledge"
    elif review.status in (Status.ACKNOWLEDGED, Status.UNDER_REVIEW, Status.AWAITING_FORCE):
        due, what = review.decide_by, "Decide"
    else:
        return None
    return Clock(due=due, what=what, days_left=working_days_left(due, today=today, closed=closed))


def due_within(days: int, *, today: dt.date, closed: Set[dt.date]) -> dt.date:
    """The last date that is within `days` working days from today (the "due within N" filter)."""
    return add_working_days(today, days, calendar=CALENDAR, closures=closed)
