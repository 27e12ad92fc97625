"""Golden review sections: every figure for 2023/24 and 2022/23, from records made through the services.

Each step runs on its own day under DemoClock, so stored dates and status times are those days.
Records sit either side of 31 March / 1 April so a figure counted by the wrong date is off by one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import services
from complaints.clock import CALENDAR
from complaints.models import InvalidReason, LearningTheme, Result, Review
from complaints.statistics import reviews as stats
from complaints.statistics.periods import Period, percent, working_day_back
from opcc.core.demo import DemoClock
from opcc.core.workdays import working_days_between
from opcc.reports.pack import build_section
from opcc.reports.years import record_years
from tests.complaints.conftest import ALL_NO, intake

pytestmark = pytest.mark.django_db
YEAR, LAST = 2023, 2022
D = dt.date
SECTIONS = ("reviews_received", "reviews_decided", "reviews_timeliness", "reviews_open")
SECTIONS += ("review_recommendations", "review_learning")


def figures(table) -> dict[str, tuple]:
    label = table.label_column.key
    return {row[label]: tuple(row.get(c.key) for c in table.columns[1:]) for row in table.rows}


def wd(a: dt.date, b: dt.date) -> int:
    return working_days_between(a, b, calendar=CALENDAR)


class Make:
    def __init__(self, users, clock: DemoClock):
        self.u, self.clock = users, clock
        self.themes = list(LearningTheme.objects.active()[:2])

    def on(self, day):
        self.clock.at(day)

    def review(self, received, *, late=False, ack=None, start=None, decide=None, result=Result.UPHELD,
               rec=None, learn=None, ends=None, ends_on=None) -> Review:  # fmt: skip
        u = self.u
        self.on(received)
        info = received - dt.timedelta(days=40 if late else 5)
        r = services.review_create(
            by=u.staff, **intake(received_on=received, review_info_given_on=info, complaint_made_on=info)
        )
        if late and ends != "out_of_time":
            r = services.review_extend(review=r, by=u.manager, reason="In hospital")
        if ack:
            self.on(ack)
            r = services.review_acknowledge(review=r, by=u.staff, on=ack)
        if ends:
            self.on(ends_on)
            if ends == "invalid":
                return services.review_mark_invalid(review=r, by=u.manager, reason=InvalidReason.NO_RIGHT)
            if ends == "out_of_time":
                return services.review_mark_out_of_time(review=r, by=u.manager)
            if ends == "withdrawn":
                return services.review_withdraw(review=r, by=u.staff, reason="Phoned")
            answers = {**ALL_NO, "chief_officer": ("yes", "")}
            services.body_check_record(review=r, by=u.staff, answers=answers)
            return services.review_forward_to_iopc(review=r, by=u.staff, on=ends_on)
        if not start:
            return r
        self.on(start)
        services.body_check_record(review=r, by=u.staff, answers=ALL_NO)
        r = services.review_start(review=r, by=u.staff, reviewer=u.manager)
        if not decide:
            return r
        self.on(decide)
        outcome = "not_reasonable" if result == Result.UPHELD else "reasonable"
        services.finding_record(review=r, by=u.manager, allegation="A", outcome=outcome, reasons="B")
        r = services.review_decide(review=r, by=u.manager, result=result, reasons="C", on=decide)
        if learn is not None:
            services.learning_add(review=r, by=u.manager, theme=self.themes[learn], text_="Explain more")
        if rec:
            sent, response, answered = rec
            services.recommendation_add(review=r, by=u.manager, text_="Apologise")
            self.on(sent)
            r = services.recommendations_send(review=r, by=u.staff, on=sent)
            if response:
                self.on(answered)
                services.recommendation_response_record(
                    recommendation=r.recommendations.get(), by=u.staff, response=response, on=answered
                )
        return r


@pytest.fixture
def make(review_users):
    clock = DemoClock()
    with clock.running():
        yield Make(review_users, clock)


@pytest.fixture
def records(make):
    m = make.review
    # 2022/23: one decided in the year; one received on its last day and decided on the first of 2023/24.
    m(D(2022, 6, 1), ack=D(2022, 6, 2), start=D(2022, 6, 6), decide=D(2022, 7, 1), result=Result.NOT_UPHELD)
    m(D(2023, 3, 31), ack=D(2023, 4, 3), start=D(2023, 4, 3), decide=D(2023, 4, 3),
      rec=(D(2023, 4, 5), "partly", D(2023, 4, 20)), learn=0)  # fmt: skip
    # 2023/24
    m(D(2023, 4, 1), ack=D(2023, 4, 3), start=D(2023, 4, 4), decide=D(2023, 4, 28),
      rec=(D(2023, 5, 2), "accepted", D(2023, 5, 20)), learn=0)  # fmt: skip
    m(
        D(2023, 6, 1),
        ack=D(2023, 6, 20),
        start=D(2023, 6, 21),
        decide=D(2024, 3, 31),
        result=Result.NOT_UPHELD,
        learn=1,
    )  # fmt: skip  (acknowledged late)
    m(
        D(2023, 7, 3),
        ack=D(2023, 7, 4),
        start=D(2023, 7, 5),
        decide=D(2023, 8, 1),
        rec=(D(2024, 3, 30), None, None),
    )  # fmt: skip  (sent, no response yet)
    m(D(2023, 5, 2), ack=D(2023, 5, 3), ends="withdrawn", ends_on=D(2023, 5, 10))
    m(D(2023, 9, 1), ack=D(2023, 9, 4), ends="invalid", ends_on=D(2023, 9, 8))
    m(D(2023, 10, 2), late=True, ends="out_of_time", ends_on=D(2023, 10, 5))
    m(D(2023, 11, 1), ends="forwarded", ends_on=D(2023, 11, 3))
    m(D(2023, 12, 1), late=True, ack=D(2023, 12, 4), start=D(2023, 12, 5))  # open, extended
    m(D(2024, 1, 15), ack=D(2024, 1, 16))  # open
    m(D(2024, 2, 20))  # open, not acknowledged
    m(D(2024, 3, 31), ack=D(2024, 4, 2))  # open on the last day; acknowledged in the next year
    m(D(2024, 4, 1), ack=D(2024, 4, 2), ends="withdrawn", ends_on=D(2024, 4, 3))  # 2024/25
    # Ended after the year end: open at 31 March 2024.
    m(D(2024, 3, 4), ack=D(2024, 3, 5), ends="invalid", ends_on=D(2024, 4, 5))


def test_received(records):
    table = stats.reviews_received(start_year=YEAR)
    got = {k: v[1] for k, v in figures(table).items()}
    assert got == {
        "Received": 12,
        "Valid": 4,  # three decided and the extended one under review
        "Invalid": 2,
        "Out of time": 1,
        "Forwarded to the IOPC": 1,
        "Withdrawn": 1,
        "Not yet checked": 3,
        "Extensions granted": 1,
    }
    assert sum(v for k, v in got.items() if k not in ("Received", "Extensions granted")) == 12
    last = {k: v[1] for k, v in figures(stats.reviews_received(start_year=LAST)).items()}
    assert last["Received"] == 2 and last["Valid"] == 2


def test_outcomes_and_percentages(records):
    table = stats.reviews_decided(start_year=YEAR)
    assert figures(table) == {
        "Decided": ("Reviews decided", 4, None),
        "Upheld": ("Handling not reasonable and proportionate", 3, Decimal("75.0")),
        "Not upheld": ("Handling reasonable and proportionate", 1, Decimal("25.0")),
    }
    last = figures(stats.reviews_decided(start_year=LAST))
    assert last["Decided"][1] == 1 and last["Upheld"][1:] == (0, Decimal("0.0"))


def test_percent_rounds_half_up_and_never_divides_by_zero():
    assert percent(30, 174) == Decimal("17.2")
    assert percent(1, 8) == Decimal("12.5") and percent(1, 6) == Decimal("16.7")
    assert percent(0, 0) is None


def test_timeliness(records):
    table = stats.reviews_timeliness(start_year=YEAR)
    got = figures(table)
    # Received in the year and acknowledged: 9; the one of 1 June 2023 was acknowledged late.
    assert got["Acknowledged"][1] == 9
    assert got["Acknowledged within the standard"][1:3] == (8, Decimal("88.9"))
    assert got["Decided within the standard"][1:3] == (3, Decimal("75.0"))
    long = wd(D(2023, 6, 1), D(2024, 3, 31))
    days = [
        wd(D(2023, 3, 31), D(2023, 4, 3)),
        wd(D(2023, 4, 1), D(2023, 4, 28)),
        wd(D(2023, 7, 3), D(2023, 8, 1)),
    ]
    assert days == [1, 18, 21] and long > 200  # Easter 2023 left out
    assert got["Median time to a decision"][3] == Decimal("19.5")
    assert got["Mean time to a decision"][3] == stats.one_decimal((1 + 18 + 21 + long) / 4)


def test_timeliness_with_nothing_decided_gives_no_percentage(make):
    make.review(D(2023, 5, 2), ack=D(2023, 5, 3))
    got = figures(stats.reviews_timeliness(start_year=YEAR))
    assert got["Acknowledged within the standard"][1:3] == (1, Decimal("100.0"))
    assert got["Decided within the standard"][1:3] == (0, None)
    assert got["Median time to a decision"][3] is None
    assert not stats.reviews_decided(start_year=YEAR).rows


def test_open_at_the_year_end_by_age(records):
    table = stats.reviews_open(start_year=YEAR)
    end = D(2024, 3, 31)
    ages = [
        wd(r, end) for r in (D(2023, 12, 1), D(2024, 1, 15), D(2024, 2, 20), D(2024, 3, 31), D(2024, 3, 4))
    ]
    assert ages == [81, 53, 27, 0, 18]  # Christmas, New Year and Good Friday left out
    assert {k: v[1] for k, v in figures(table).items()} == {
        "0 to 20 working days": 2,
        "21 to 40 working days": 1,
        "41 to 60 working days": 1,
        "Over 60 working days": 1,
    }
    assert table.total["number"] == 5
    # The band edges are received dates: the 21st working day back from 31 March 2024 opens the first.
    first = working_day_back(end, 21, frozenset())
    assert wd(first, end) == 20 and wd(first - dt.timedelta(days=1), end) >= 21
    assert figures(table)["0 to 20 working days"][0] == f"{first:%d/%m/%Y} to 31/03/2024"


def test_recommendations(records):
    got = figures(stats.review_recommendations(start_year=YEAR))
    assert {k: v[1:] for k, v in got.items()} == {
        "Made": (3, None),
        "Responded to": (2, Decimal("66.7")),
        "Accepted": (1, Decimal("33.3")),
        "Partly accepted": (1, Decimal("33.3")),
        "Not accepted": (0, Decimal("0.0")),
        "Awaiting a response": (1, Decimal("33.3")),
    }
    assert not stats.review_recommendations(start_year=LAST).rows


def test_learning_by_theme(records, make):
    table = stats.review_learning(start_year=YEAR)
    first, second = make.themes
    assert {k: v[:2] for k, v in figures(table).items()} == {first.name: (2, 2), second.name: (1, 1)}
    assert table.total["points"] == 3
    assert not stats.review_learning(start_year=LAST).rows  # its one point's review was decided in 2023/24


def test_empty_year_has_no_rows_and_says_so(records):
    for name in SECTIONS:
        table = getattr(stats, name)(start_year=2019)
        assert table.rows == [] and table.notes, name
        assert table.topic == "complaints_oversight" and len(table.short_title) <= 31


def test_the_pack_puts_last_year_alongside_and_finds_the_years(records):
    table = build_section("complaints.statistics.reviews.reviews_decided", start_year=YEAR)
    assert table.previous is not None and table.previous.period == "2022/23"
    assert not table.checks and not table.previous.checks
    assert {2022, 2023, 2024} <= set(record_years())


def _reviews(make, n: int) -> None:
    for i in range(n):
        day = D(2023, 5, 1) + dt.timedelta(days=7 * i)
        make.review(day, ack=day + dt.timedelta(days=1), start=day + dt.timedelta(days=2),
                    decide=day + dt.timedelta(days=20), rec=(day + dt.timedelta(days=21), "accepted",
                    day + dt.timedelta(days=30)), learn=i % 2)  # fmt: skip
    make.review(D(2024, 1, 2) + dt.timedelta(days=n))  # open at the year end


@pytest.mark.parametrize("name", SECTIONS)
def test_queries_do_not_grow_with_reviews(make, name):
    section = getattr(stats, name)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert section(start_year=YEAR).rows
        return len(queries)

    _reviews(make, 2)
    few = count()
    _reviews(make, 18)
    assert count() == few


def test_period_counted_at_stops_at_today():
    assert Period.year(2099).counted_at < D(2099, 4, 1)
