"""The correspondence clocks (engagement/clock.py), pure: no database.

Every expected date is worked by hand from the 2023-2025 bank holiday lists (gov.uk): the comment
beside each case counts the days, so a failure says which rule moved, not merely that a value did.
"""

from __future__ import annotations

import datetime as dt

import pytest

from engagement import clock
from engagement.clock import Stop
from engagement.models import ClockRule, StopReason

D = dt.date
FOI, SAR, LOCAL = ClockRule.FOI, ClockRule.SAR, ClockRule.LOCAL


def foi(received_on: dt.date, **kwargs) -> dt.date:
    return clock.due_date(rule=FOI, days=20, received_on=received_on, **kwargs)


def sar(received_on: dt.date, **kwargs) -> dt.date:
    return clock.due_date(rule=SAR, days=None, received_on=received_on, **kwargs)


def local(received_on: dt.date, days: int = 10, **kwargs) -> dt.date:
    return clock.due_date(rule=LOCAL, days=days, received_on=received_on, **kwargs)


@pytest.mark.parametrize(
    "received, due, why",
    [
        # Tue 31/12/2024: 1 Jan (all nations) and 2 Jan (Scotland) skipped, day 1 Fri 3 Jan;
        # 3 | 6-10 | 13-17 | 20-24 | 27-30 Jan: day 20 Thu 30 Jan (29 Jan in England and Wales alone).
        (D(2024, 12, 31), D(2025, 1, 30), "2 January (Scotland)"),
        # Thu 23/11/2023: day 1 Fri 24; 27-29 | St Andrew's Day Thu 30 Nov skipped | 1 Dec is day 5;
        # 4-8 | 11-15 | 18-22 Dec: day 20 Fri 22 Dec (21 Dec without St Andrew's Day).
        (D(2023, 11, 23), D(2023, 12, 22), "St Andrew's Day (Scotland)"),
        # Mon 10/03/2025: 11-14 | St Patrick's Day Mon 17 Mar skipped | 18-21 | 24-28 | 31 Mar-4 Apr
        # | 7-8 Apr: day 20 Tue 8 Apr (7 Apr without it).
        (D(2025, 3, 10), D(2025, 4, 8), "St Patrick's Day (Northern Ireland)"),
        # Mon 01/07/2024: 2-5 | 8-11 | the Twelfth Fri 12 Jul skipped | 15-19 | 22-26 | 29-30 Jul:
        # day 20 Tue 30 Jul (29 Jul without it).
        (D(2024, 7, 1), D(2024, 7, 30), "12 July (Northern Ireland)"),
        # Mon 06/01/2025, no holiday in reach: 7-10 | 13-17 | 20-24 | 27-31 | 3 Feb is day 20.
        (D(2025, 1, 6), D(2025, 2, 3), "no holiday"),
        # Sat 04/01/2025: receipt on a weekend behaves like the Friday before: day 1 Mon 6 Jan;
        # 6-10 | 13-17 | 20-24 | 27-31 Jan: day 20 Fri 31 Jan.
        (D(2025, 1, 4), D(2025, 1, 31), "received on a Saturday"),
    ],
)
def test_foi_counts_twenty_working_days_on_any_uk_nations_holidays(received, due, why):
    assert foi(received) == due, why


def test_the_local_rule_counts_england_and_wales_holidays_only():
    # The same receipts as the FOI cases: the local rule does not skip Scottish or Northern Irish days.
    # Mon 10/03/2025, 10 days: 11-14 | 17-21 (St Patrick's Day counts) | 24 Mar is day 10.
    assert local(D(2025, 3, 10)) == D(2025, 3, 24)
    # Tue 31/12/2024, 20 days: 1 Jan skipped; 2-3 | 6-10 | 13-17 | 20-24 | 27-29 Jan: day 20 Wed 29 Jan.
    assert local(D(2024, 12, 31), days=20) == D(2025, 1, 29)
    # But an England and Wales holiday is skipped: Thu 17/04/2025, 10 days: Good Friday 18 and
    # Easter Monday 21 Apr skipped; 22-25 | 28-30 Apr | 1-2 May | 5 May (bank holiday) skipped | 6 May.
    assert local(D(2025, 4, 17)) == D(2025, 5, 6)


@pytest.mark.parametrize(
    "received, due, why",
    [
        # 31 January + one month: no 31 February, so the month's last day.
        (D(2025, 1, 31), D(2025, 2, 28), "28 February 2025 (Fri)"),
        (D(2024, 1, 31), D(2024, 2, 29), "29 February 2024, a leap year (Thu)"),
        # Day 1 is the day of receipt, even a Saturday: Sat 12/04/2025 is due Mon 12 May, not
        # 14 May as it would be had the clock waited for Monday 14 April.
        (D(2025, 4, 12), D(2025, 5, 12), "received on a Saturday"),
        # Fri 25/07/2025: the matching date Mon 25 Aug is the summer bank holiday: Tue 26 Aug.
        (D(2025, 7, 25), D(2025, 8, 26), "due on a bank holiday"),
        # Sat 01/02/2025: 1 Mar is a Saturday: Mon 3 Mar.
        (D(2025, 2, 1), D(2025, 3, 3), "due on a weekend"),
        # Fri 04/07/2025: 4 Aug is Scotland's summer holiday only: still due (England and Wales).
        (D(2025, 7, 4), D(2025, 8, 4), "a Scottish holiday does not move it"),
    ],
)
def test_subject_access_is_one_calendar_month_to_the_matching_date(received, due, why):
    assert sar(received) == due, why


def test_subject_access_extension_is_three_months_to_the_matching_date():
    # 31 Jan 2025 + 3 months: no 31 April, so Wed 30 April.
    assert sar(D(2025, 1, 31), extended=True) == D(2025, 4, 30)
    # Mon 10/02/2025 + 3 months: Sat 10 May -> Mon 12 May.
    assert sar(D(2025, 2, 10), extended=True) == D(2025, 5, 12)


def test_foi_clarification_restarts_the_clock_from_the_day_it_arrives():
    asked = Stop(StopReason.CLARIFICATION, D(2025, 1, 8), D(2025, 1, 15))
    # Received Mon 6 Jan; the answer came Wed 15 Jan: day 1 Thu 16; 16-17 | 20-24 | 27-31 | 3-7 Feb
    # | 10-12 Feb: day 20 Wed 12 Feb.
    assert foi(D(2025, 1, 6), stops=[asked]) == D(2025, 2, 12)
    # An answer on a Friday (17 Jan): day 1 Mon 20 Jan; 20-24 | 27-31 | 3-7 | 10-14 Feb: Fri 14 Feb.
    friday = Stop(StopReason.CLARIFICATION, D(2025, 1, 8), D(2025, 1, 17))
    assert foi(D(2025, 1, 6), stops=[friday]) == D(2025, 2, 14)
    # A second clarification restarts it again, from its own answer (Mon 27 Jan): 28-31 | 3-7 |
    # 10-14 | 17-21 | 24 Feb: day 20 Mon 24 Feb.
    again = Stop(StopReason.CLARIFICATION, D(2025, 1, 20), D(2025, 1, 27))
    assert foi(D(2025, 1, 6), stops=[asked, again]) == D(2025, 2, 24)
    # A stop still open does not move the due date yet.
    assert foi(D(2025, 1, 6), stops=[Stop(StopReason.CLARIFICATION, D(2025, 1, 8), None)]) == D(2025, 2, 3)


def test_foi_fee_pause_adds_the_working_days_unpaid():
    # Received Mon 6 Jan (due Mon 3 Feb). Fee notice Mon 13 Jan, paid Mon 20 Jan: s10(2) disregards
    # the working days from the notice to the payment, both counted: 13-17 and 20 Jan, six days.
    # 3 Feb + 6 working days: 4-7 | 10-11 Feb: Tue 11 Feb.
    fee = Stop(StopReason.FEE, D(2025, 1, 13), D(2025, 1, 20))
    assert foi(D(2025, 1, 6), stops=[fee]) == D(2025, 2, 11)
    # Given and paid on the same working day: that one day is disregarded: Tue 4 Feb.
    same_day = Stop(StopReason.FEE, D(2025, 1, 13), D(2025, 1, 13))
    assert foi(D(2025, 1, 6), stops=[same_day]) == D(2025, 2, 4)


def test_subject_access_and_local_stops_pause_the_clock():
    # SAR received Mon 10 Feb 2025 (due Mon 10 Mar); ID asked Wed 12 Feb, arrived Wed 19 Feb: seven
    # calendar days: 10 Mar + 7 = Mon 17 Mar.
    id_awaited = Stop(StopReason.ID, D(2025, 2, 12), D(2025, 2, 19))
    assert sar(D(2025, 2, 10), stops=[id_awaited]) == D(2025, 3, 17)
    # ID asked Wed 12 Feb, arrived Fri 14 Feb (2 days): Wed 12 Mar. Arrived Mon 17 Feb (5 days):
    # Sat 15 Mar, a weekend -> Mon 17 Mar.
    assert sar(D(2025, 2, 10), stops=[Stop(StopReason.ID, D(2025, 2, 12), D(2025, 2, 14))]) == D(2025, 3, 12)
    assert sar(D(2025, 2, 10), stops=[Stop(StopReason.ID, D(2025, 2, 12), D(2025, 2, 17))]) == D(2025, 3, 17)
    # Local 10 days from Mon 6 Jan (due Mon 20 Jan); clarification asked Wed 8, answered Wed 15 Jan:
    # the working days after the request up to the answer (9, 10, 13, 14, 15: five) are added:
    # 21-24 | 27 Jan: Mon 27 Jan. Clarification pauses a local clock, it does not restart it.
    asked = Stop(StopReason.CLARIFICATION, D(2025, 1, 8), D(2025, 1, 15))
    assert local(D(2025, 1, 6)) == D(2025, 1, 20)
    assert local(D(2025, 1, 6), stops=[asked]) == D(2025, 1, 27)


def test_an_administrator_closure_day_is_skipped_by_every_rule():
    closed = frozenset({D(2025, 1, 15)})
    # FOI from Mon 6 Jan: 15 Jan no longer counts, so day 20 is Tue 4 Feb rather than Mon 3 Feb.
    assert foi(D(2025, 1, 6), closures=closed) == D(2025, 2, 4)
    # Local 10 days from Mon 6 Jan: Tue 21 Jan rather than Mon 20 Jan.
    assert local(D(2025, 1, 6), closures=closed) == D(2025, 1, 21)
    # SAR from Fri 25 Jul 2025: 25 Aug (bank holiday) -> 26 Aug, closed too -> Wed 27 Aug.
    assert sar(D(2025, 7, 25), closures=frozenset({D(2025, 8, 26)})) == D(2025, 8, 27)


def test_working_days_taken():
    received = D(2025, 1, 6)
    # Responded on the due date Mon 3 Feb: 20 (7-10 | 13-17 | 20-24 | 27-31 | 3 Feb).
    assert clock.working_days_taken(rule=FOI, received_on=received, responded_on=D(2025, 2, 3)) == 20
    # Responded the day it arrived: none.
    assert clock.working_days_taken(rule=FOI, received_on=received, responded_on=received) == 0
    # Clarification answered Wed 15 Jan, responded Mon 10 Feb: counted from the answer:
    # 16-17 | 20-24 | 27-31 | 3-7 | 10 Feb = 18.
    asked = Stop(StopReason.CLARIFICATION, D(2025, 1, 8), D(2025, 1, 15))
    taken = clock.working_days_taken(
        rule=FOI, received_on=received, responded_on=D(2025, 2, 10), stops=[asked]
    )
    assert taken == 18
    # Fee notice Mon 13 Jan paid Mon 20 Jan, responded Mon 10 Feb: 25 working days since receipt,
    # less the six disregarded (13-17, 20 Jan) = 19.
    fee = Stop(StopReason.FEE, D(2025, 1, 13), D(2025, 1, 20))
    assert (
        clock.working_days_taken(rule=FOI, received_on=received, responded_on=D(2025, 2, 10), stops=[fee])
        == 19
    )
    # Local rule from Mon 10 Mar 2025 to Mon 24 Mar: 10 (St Patrick's Day is a working day here).
    assert clock.working_days_taken(rule=LOCAL, received_on=D(2025, 3, 10), responded_on=D(2025, 3, 24)) == 10
    # ... and 9 on the FOI calendar, which skips it.
    assert clock.working_days_taken(rule=FOI, received_on=D(2025, 3, 10), responded_on=D(2025, 3, 24)) == 9


def test_review_due_date_counts_working_days_from_the_request():
    # Internal review asked Mon 3 Mar 2025, 20 days on the FOI calendar: 4-7 | 10-14 | 17 Mar
    # (St Patrick's Day) skipped | 18-21 | 24-28 | 31 Mar | 1 Apr: day 20 Tue 1 Apr.
    assert clock.review_due_date(rule=FOI, requested_on=D(2025, 3, 3), days=20) == D(2025, 4, 1)
    # On the local calendar St Patrick's Day counts: 4-7 | 10-14 | 17-21 | 24-28 | 31 Mar: Mon 31 Mar.
    assert clock.review_due_date(rule=LOCAL, requested_on=D(2025, 3, 3), days=20) == D(2025, 3, 31)


@pytest.mark.parametrize(
    "rule, due, today, left, label",
    [
        # Due Mon 3 Feb, today Mon 27 Jan: 28, 29, 30, 31 Jan and 3 Feb.
        (FOI, D(2025, 2, 3), D(2025, 1, 27), 5, "5 working days left"),
        # From Friday to Monday: one working day.
        (FOI, D(2025, 2, 3), D(2025, 1, 31), 1, "1 working day left"),
        (FOI, D(2025, 2, 3), D(2025, 2, 3), 0, "Due today"),
        # Due Mon 3 Feb, today Tue 4 Feb: overdue by one; Wed 5 Feb by two.
        (FOI, D(2025, 2, 3), D(2025, 2, 4), -1, "Overdue by 1 working day"),
        (LOCAL, D(2025, 2, 3), D(2025, 2, 5), -2, "Overdue by 2 working days"),
        # From Fri 14 to Tue 18 Mar: St Patrick's Day (17th) is skipped on the FOI calendar only.
        (FOI, D(2025, 3, 18), D(2025, 3, 14), 1, "1 working day left"),
        (LOCAL, D(2025, 3, 18), D(2025, 3, 14), 2, "2 working days left"),
        # Subject access counts calendar days.
        (SAR, D(2025, 5, 12), D(2025, 5, 10), 2, "2 days left"),
        (SAR, D(2025, 5, 12), D(2025, 5, 13), -1, "Overdue by 1 day"),
        (SAR, D(2025, 5, 12), D(2025, 5, 22), -10, "Overdue by 10 days"),
    ],
)
def test_days_left_and_its_label(rule, due, today, left, label):
    assert clock.days_left(rule=rule, due_on=due, today=today) == left
    assert clock.days_left_label(rule=rule, left=left) == label


def test_a_working_day_rule_without_days_is_refused():
    with pytest.raises(ValueError):
        clock.due_date(rule=LOCAL, days=None, received_on=D(2025, 1, 6))


def test_stop_reasons_per_rule():
    assert StopReason.ID not in clock.STOP_REASONS[FOI]  # FOI has no identity check
    assert set(clock.STOP_REASONS[SAR]) == {StopReason.CLARIFICATION, StopReason.ID, StopReason.FEE}
    assert StopReason.FEE not in clock.STOP_REASONS[LOCAL]
