"""Unit tests for the statutory working-day engine (no database: closures passed in).

Every expected date was counted by hand from a real calendar and cross-checked with
``datetime``; the comments show the count so a reviewer can re-check it.
"""

from datetime import date

import pytest

from opcc.core.workdays import (
    Calendar,
    add_calendar_month,
    add_working_days,
    bank_holidays,
    calendar_days_window_end,
    is_working_day,
    working_days_between,
)

EW = Calendar.ENGLAND_WALES
UK = Calendar.ANY_UK_NATION


# --- calendar-day windows ----------------------------------------------------------------


def test_complaint_review_28_day_window_worked_example():
    # Reg 29(2): 28 days starting with the day after the info was given.
    # Given Tue 4 Mar 2025 -> day 1 = Wed 5 Mar; 27 days in March after the 4th (5..31),
    # so day 28 = Tue 1 Apr 2025.
    assert calendar_days_window_end(date(2025, 3, 4), 28) == date(2025, 4, 1)


def test_calendar_window_does_not_roll_off_weekend():
    # Calendar days, no roll-forward: given Sat 1 Feb 2025 -> day 28 = Sat 1 Mar 2025.
    assert calendar_days_window_end(date(2025, 2, 1), 28) == date(2025, 3, 1)


def test_calendar_window_rejects_negative():
    with pytest.raises(ValueError):
        calendar_days_window_end(date(2025, 3, 4), -1)


# --- bank holiday tables -------------------------------------------------------------------


@pytest.mark.parametrize("cal", [EW, UK])
def test_one_off_proclaimed_holidays_are_known(cal):
    # State funeral Mon 19 Sep 2022 and coronation Mon 8 May 2023 were UK-wide bank holidays.
    assert not is_working_day(date(2022, 9, 19), calendar=cal)
    assert not is_working_day(date(2023, 5, 8), calendar=cal)


def test_string_calendar_value_accepted():
    # Model fields store the StrEnum value; Good Friday 18 Apr 2025 is a holiday either way.
    assert not is_working_day(date(2025, 4, 18), calendar="england_wales")
    assert bank_holidays("any_uk_nation", 2025) == bank_holidays(UK, 2025)


def test_holiday_tables_cached_per_calendar_and_year():
    # 20 working days from Mon 15 Dec 2025 cross into 2026: exactly two table builds.
    bank_holidays.cache_clear()
    add_working_days(date(2025, 12, 15), 20, calendar=UK)
    info = bank_holidays.cache_info()
    assert info.misses == 2
    assert info.hits > 20


# --- FOI: 20 working days, day 1 = first working day after receipt -------------------------


@pytest.mark.parametrize("cal", [EW, UK])
def test_foi_20_working_days_across_easter_2025(cal):
    # Received Tue 1 Apr 2025. Working days: 2-4 Apr (3), 7-11 (8), 14-17 (12),
    # skip Good Fri 18 and Easter Mon 21, 22-25 (16), 28-30 (19), Thu 1 May (20).
    # No other UK nation has a holiday in that span, so both calendars agree.
    assert add_working_days(date(2025, 4, 1), 20, calendar=cal) == date(2025, 5, 1)


def test_foi_across_christmas_2025_england_wales():
    # Received Mon 15 Dec 2025: 16-19 Dec (4), 22-24 (7), skip 25/26, 29-31 (10),
    # skip Thu 1 Jan, Fri 2 Jan (11), 5-9 Jan (16), 12-15 Jan (20) -> Thu 15 Jan 2026.
    assert add_working_days(date(2025, 12, 15), 20, calendar=EW) == date(2026, 1, 15)


def test_foi_across_christmas_2025_any_uk_nation_skips_scottish_2_january():
    # As above, but Fri 2 Jan 2026 is a Scottish bank holiday, so every later day
    # shifts by one: 5-9 Jan (15), 12-16 Jan (20) -> Fri 16 Jan 2026.
    assert add_working_days(date(2025, 12, 15), 20, calendar=UK) == date(2026, 1, 16)


def test_friday_start():
    # Received Fri 6 Jun 2025: day 1 = Mon 9 Jun; four full weeks -> Fri 4 Jul 2025
    # (NI's Boyne holiday, Mon 14 Jul 2025, is after the deadline).
    assert add_working_days(date(2025, 6, 6), 1, calendar=UK) == date(2025, 6, 9)
    assert add_working_days(date(2025, 6, 6), 20, calendar=UK) == date(2025, 7, 4)


@pytest.mark.parametrize("received", [date(2025, 6, 7), date(2025, 6, 8)])
def test_weekend_start_behaves_like_preceding_friday(received):
    # Sat 7 / Sun 8 Jun 2025: day 1 is still Mon 9 Jun, so the deadline is Fri 4 Jul 2025.
    assert add_working_days(received, 1, calendar=EW) == date(2025, 6, 9)
    assert add_working_days(received, 20, calendar=EW) == date(2025, 7, 4)


def test_zero_days_returns_start_even_if_not_working_day():
    # Sat 7 Jun 2025 stays Sat 7 Jun 2025: zero days means no movement at all.
    assert add_working_days(date(2025, 6, 7), 0, calendar=EW) == date(2025, 6, 7)


def test_negative_days_rejected():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 6, 6), -1, calendar=EW)


# --- England & Wales vs any UK nation -----------------------------------------------------


def test_st_andrews_day_2026_only_non_working_for_any_uk_nation():
    # Mon 30 Nov 2026 is St Andrew's Day (Scotland only). From Fri 27 Nov, one working day
    # is Mon 30 Nov in England & Wales but Tue 1 Dec for FOI.
    assert is_working_day(date(2026, 11, 30), calendar=EW)
    assert not is_working_day(date(2026, 11, 30), calendar=UK)
    assert add_working_days(date(2026, 11, 27), 1, calendar=EW) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 27), 1, calendar=UK) == date(2026, 12, 1)


def test_st_patricks_day_2026_northern_ireland():
    # Tue 17 Mar 2026 is an NI bank holiday: from Mon 16 Mar, +1 is Tue 17 (E&W) / Wed 18 (UK).
    assert add_working_days(date(2026, 3, 16), 1, calendar=EW) == date(2026, 3, 17)
    assert add_working_days(date(2026, 3, 16), 1, calendar=UK) == date(2026, 3, 18)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 7, 13),  # Mon: substitute for Boyne day falling on Sun 12 Jul 2026
        date(2027, 7, 12),  # Mon: Boyne day itself, no substitute needed
    ],
)
def test_battle_of_the_boyne_northern_ireland(day):
    assert is_working_day(day, calendar=EW)
    assert not is_working_day(day, calendar=UK)


# --- administrator closure days -----------------------------------------------------------


def test_closure_day_shifts_result_for_both_calendars():
    # An admin closes the office on Wed 24 Dec 2025. The Christmas counts above lose one
    # working day before the deadline, so each moves on one working day:
    # E&W Thu 15 -> Fri 16 Jan 2026; any UK Fri 16 -> Mon 19 Jan 2026.
    closures = frozenset({date(2025, 12, 24)})
    assert not is_working_day(date(2025, 12, 24), calendar=EW, closures=closures)
    got_ew = add_working_days(date(2025, 12, 15), 20, calendar=EW, closures=closures)
    got_uk = add_working_days(date(2025, 12, 15), 20, calendar=UK, closures=closures)
    assert got_ew == date(2026, 1, 16)
    assert got_uk == date(2026, 1, 19)


# --- subject access: one calendar month, day 1 = day of receipt ---------------------------


def test_sar_no_matching_date_then_weekend():
    # Received Sat 31 Jan 2026: no 31 Feb -> last day Sat 28 Feb 2026 -> next working
    # day Mon 2 Mar 2026.
    assert add_calendar_month(date(2026, 1, 31)) == date(2026, 3, 2)


def test_sar_matching_date():
    # Received Sun 15 Mar 2026 -> Wed 15 Apr 2026, an ordinary working day.
    assert add_calendar_month(date(2026, 3, 15)) == date(2026, 4, 15)


def test_sar_received_on_saturday_rolls_over_bank_holiday():
    # Received Sat 4 Apr 2026 (counts as day 1 although not a working day) ->
    # Mon 4 May 2026 is the early May bank holiday -> Tue 5 May 2026.
    assert add_calendar_month(date(2026, 4, 4)) == date(2026, 5, 5)


def test_sar_leap_year_and_year_end():
    # Tue 30 Jan 2024 -> Thu 29 Feb 2024 (leap year, last day of Feb).
    assert add_calendar_month(date(2024, 1, 30)) == date(2024, 2, 29)
    # Wed 31 Dec 2025 -> Sat 31 Jan 2026 -> Mon 2 Feb 2026 (month rolls into the next year).
    assert add_calendar_month(date(2025, 12, 31)) == date(2026, 2, 2)


def test_sar_calendar_and_closures():
    # Fri 30 Oct 2026 -> Mon 30 Nov 2026: working in E&W, St Andrew's Day for any UK nation.
    assert add_calendar_month(date(2026, 10, 30)) == date(2026, 11, 30)
    assert add_calendar_month(date(2026, 10, 30), calendar=UK) == date(2026, 12, 1)
    # An admin closure on Wed 15 Apr 2026 pushes the 15 Mar receipt to Thu 16 Apr.
    closures = frozenset({date(2026, 4, 15)})
    assert add_calendar_month(date(2026, 3, 15), closures=closures) == date(2026, 4, 16)


# --- working_days_between -----------------------------------------------------------------


def test_working_days_between_christmas_span():
    # Mon 15 Dec 2025 -> Thu 15 Jan 2026 is 20 E&W working days (see Christmas test), but
    # only 19 for FOI because Fri 2 Jan 2026 is a Scottish holiday.
    assert working_days_between(date(2025, 12, 15), date(2026, 1, 15), calendar=EW) == 20
    assert working_days_between(date(2025, 12, 15), date(2026, 1, 15), calendar=UK) == 19


def test_working_days_between_edges():
    # Same day -> 0; Fri 6 Jun to Mon 9 Jun 2025 -> 1 (weekend ignored, end inclusive).
    assert working_days_between(date(2025, 6, 6), date(2025, 6, 6), calendar=EW) == 0
    assert working_days_between(date(2025, 6, 6), date(2025, 6, 9), calendar=EW) == 1
    with pytest.raises(ValueError):
        working_days_between(date(2025, 6, 9), date(2025, 6, 6), calendar=EW)


@pytest.mark.parametrize("cal", [EW, UK])
@pytest.mark.parametrize("n", [0, 1, 5, 20, 40])
def test_working_days_between_inverts_add_working_days(cal, n):
    start = date(2025, 12, 15)
    assert working_days_between(start, add_working_days(start, n, calendar=cal), calendar=cal) == n
