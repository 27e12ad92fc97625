"""Golden oversight sections: every figure for a year and the year before, from records made here.

Records sit either side of each boundary (31 March / 1 April) so that a figure counted by the
wrong date or the wrong year is off by one. The demo data test checks the pack reproduces the
published 2022/23 figures.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from complaints.models import Appeal, Appointment, DipSample, Hearing, PanelMember, RankBand
from complaints.statistics import oversight
from opcc.reports.pack import build_section
from opcc.reports.years import record_years
from tests.complaints.test_registers_support import investigation, sample
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Role = PanelMember.Role
YEAR, LAST = 2023, 2022  # 2023/24 and 2022/23


def rows(table) -> list[tuple]:
    return [tuple(row.get(c.key) for c in table.columns) for row in table.rows]


@pytest.fixture
def dips():
    sample(month=dt.date(2023, 4, 1), cases=49, theme="Incivility")  # first month of 2023/24
    sample(month=dt.date(2024, 3, 1), cases=20, theme="Incivility")  # last month of 2023/24
    sample(month=dt.date(2023, 9, 1), cases=30, scope=DipSample.Scope.VETTING, theme="Refusals")
    sample(month=dt.date(2023, 3, 1), cases=49, theme="Police investigations")  # 2022/23
    sample(month=dt.date(2024, 4, 1), cases=5, theme="Incivility")  # 2024/25


def test_dip_samples_by_scope_and_theme(dips):
    table = oversight.dip_samples(start_year=YEAR)
    assert rows(table) == [("Complaints", "Incivility", 2, 69), ("Vetting", "Refusals", 1, 30)]
    assert table.total == {"scope": "Total", "exercises": 3, "cases": 99}
    assert table.period == "2023/24" and table.topic == "complaints_oversight"
    assert rows(oversight.dip_samples(start_year=LAST)) == [("Complaints", "Police investigations", 1, 49)]


def test_the_pack_shows_last_year_alongside(dips):
    table = build_section("complaints.statistics.oversight.dip_samples", start_year=YEAR)
    assert table.previous is not None and table.previous.period == "2022/23"
    assert table.previous.total["cases"] == 49
    assert not table.checks


def _member(role: str, n: int) -> PanelMember:
    return PanelMember.objects.create(
        name=f"Member {role} {n}",
        role=role,
        term_starts_on=dt.date(2020, 1, 1),
        term_ends_on=dt.date(2030, 1, 1),
        vetting_expires_on=dt.date(2030, 1, 1),
    )


def _hearing(starts: dt.date, stage=Hearing.Stage.HELD, seats=(Role.LQC, Role.IPM, Role.IPM)) -> Hearing:
    hearing = Hearing.objects.create(
        force_reference=f"MH/{starts:%Y%m%d}/{stage}",
        requested_on=starts - dt.timedelta(days=40),
        kind=Hearing.Kind.MISCONDUCT,
        rank_band=RankBand.CONSTABLE_SERGEANT,
        starts_on=starts,
        stage=stage,
    )
    user = UserFactory()
    for n, role in enumerate(seats):
        Appointment.objects.create(
            hearing=hearing,
            member=_member(role, hearing.pk * 10 + n),
            role=role,
            sits_on=starts,
            appointed_by=user,
        )
    return hearing


def test_hearings_held_and_members_supplied_by_role():
    _hearing(dt.date(2023, 4, 1))
    _hearing(dt.date(2024, 3, 31), seats=(Role.LQC, Role.IPM, Role.IPM, Role.LQP))
    _hearing(dt.date(2023, 6, 1), stage=Hearing.Stage.CANCELLED)  # not held: not counted
    _hearing(dt.date(2023, 7, 1), seats=())  # held, but the office supplied nobody
    _hearing(dt.date(2023, 3, 31))  # 2022/23
    table = oversight.misconduct_hearings(start_year=YEAR)
    assert [(r["basis"], r["number"]) for r in table.rows] == [
        ("Hearings the office supplied members to", 2),
        ("Legally qualified chair", 2),
        ("Independent panel member", 4),
        ("Legally qualified person (adviser)", 1),
        ("All roles", 7),
    ]
    last = oversight.misconduct_hearings(start_year=LAST)
    assert [r["number"] for r in last.rows] == [1, 1, 2, 0, 3]


def _appeal(received: dt.date, against=Appeal.Against.DISMISSAL, arranged: dt.date | None = None) -> Appeal:
    return Appeal.objects.create(
        force_reference=f"PAT/{received:%Y%m%d}/{against}",
        received_on=received,
        against=against,
        rank_band=RankBand.INSPECTOR,
        tribunal_arranged_on=arranged,
    )


def test_notices_of_appeal_and_tribunals_arranged():
    _appeal(dt.date(2023, 4, 1), arranged=dt.date(2023, 5, 1))
    _appeal(dt.date(2024, 3, 31), Appeal.Against.FINDING)
    _appeal(dt.date(2023, 2, 1), arranged=dt.date(2023, 4, 3))  # notice 2022/23, arranged 2023/24
    _appeal(dt.date(2023, 3, 31), Appeal.Against.OTHER_OUTCOME, arranged=dt.date(2023, 3, 31))
    table = oversight.appeals(start_year=YEAR)
    assert [(r["measure"], r["basis"], r["number"]) for r in table.rows] == [
        ("Notices of appeal received", "All", 2),
        ("Notices of appeal received", "Against: Dismissal", 1),
        ("Notices of appeal received", "Against: Another disciplinary outcome", 0),
        ("Notices of appeal received", "Against: The finding of misconduct", 1),
        ("Police Appeals Tribunals arranged", "All", 2),
    ]
    last = oversight.appeals(start_year=LAST)
    assert [r["number"] for r in last.rows] == [2, 1, 1, 0, 1]


def test_investigations_over_12_months_notified():
    investigation(
        notified=dt.date(2023, 4, 1), report_received_on=dt.date(2023, 6, 1), closed_on=dt.date(2023, 7, 1)
    )
    investigation(notified=dt.date(2024, 3, 31), force_reference="B", report_received_on=dt.date(2024, 3, 31))
    investigation(notified=dt.date(2023, 10, 1), force_reference="C")
    investigation(notified=dt.date(2023, 3, 31), force_reference="D")
    table = oversight.long_investigations(start_year=YEAR)
    assert [(r["measure"], r["number"]) for r in table.rows] == [
        ("Notified", 3),
        ("Report received", 2),
        ("Concluded", 1),
    ]
    assert [r["number"] for r in oversight.long_investigations(start_year=LAST).rows] == [1, 0, 0]


SECTIONS = ["dip_samples", "misconduct_hearings", "appeals", "long_investigations"]


@pytest.mark.parametrize("section", SECTIONS)
def test_an_empty_year_has_no_rows_and_says_so(section, dips):
    table = getattr(oversight, section)(start_year=2015)
    assert table.rows == [] and table.notes and "2015/16" in table.notes[0]
    assert len(table.short_title) <= 31
    packed = build_section(f"complaints.statistics.oversight.{section}", start_year=2015)
    assert packed.previous is None


def test_sections_are_registered_after_the_grants_ones(settings):
    paths = list(settings.REPORT_SECTIONS)
    ours = [p for p in paths if p.startswith("complaints.statistics.oversight.")]
    assert len(ours) == 4
    assert max(paths.index(p) for p in paths if p.startswith("grants.")) < paths.index(ours[0])


def test_record_years_offer_the_years_with_records(dips):
    investigation(notified=dt.date(2019, 3, 31))  # 2018/19
    _appeal(dt.date(2017, 4, 1))  # 2017/18
    found = set(oversight.record_years())
    assert found == {2017, 2018, 2022, 2023, 2024}
    assert found <= record_years()


def test_the_queries_do_not_grow_with_the_rows(django_assert_max_num_queries):
    for n in range(20):
        sample(month=dt.date(2023, 4 + n % 9, 1), theme=f"Theme {n}")
        investigation(notified=dt.date(2023, 5, 1) + dt.timedelta(days=n), force_reference=f"R{n}")
        _appeal(dt.date(2023, 5, 1) + dt.timedelta(days=n), arranged=dt.date(2023, 9, 1))
    _hearing(dt.date(2023, 5, 1))
    _hearing(dt.date(2023, 5, 2))
    for section, most in (
        ("dip_samples", 1),
        ("misconduct_hearings", 2),
        ("appeals", 2),
        ("long_investigations", 1),
    ):
        with django_assert_max_num_queries(most):
            getattr(oversight, section)(start_year=YEAR)


@pytest.mark.django_db
def test_the_demo_reproduces_the_published_figures(settings):
    # The registers' seeder alone, through the real command (the whole demo is seeded by the sweeps).
    settings.DEMO_SEEDERS = ["complaints.demo.registers.seed"]
    out = io.StringIO()
    call_command("seed_demo", password="demo-password-123", stdout=out)
    dip = build_section("complaints.statistics.oversight.dip_samples", start_year=2022)
    assert rows(dip) == [("Complaints", "Incivility", 1, 49), ("Complaints", "Police investigations", 1, 49)]
    assert dip.total["exercises"] == 2 and dip.total["cases"] == 98
    inv = build_section("complaints.statistics.oversight.long_investigations", start_year=2022)
    assert inv.rows[0]["number"] == 23
    assert inv.previous is not None and inv.previous.rows[0]["number"] == 24
    vetting = oversight.dip_samples(start_year=2024)
    assert rows(vetting) == [("Vetting", "Vetting decisions", 1, 30)]
    counts = (DipSample.objects.count(), oversight.long_investigations(start_year=2021).rows[0]["number"])
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing added
    assert (
        DipSample.objects.count(),
        oversight.long_investigations(start_year=2021).rows[0]["number"],
    ) == counts
