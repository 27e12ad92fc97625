"""Golden statistics: the 2019/20 detainee table built from visit records reproduces the published rows
(the impossible young-female row as the nearest valid counts) with every Total computed, so the
pack shows what the printed totals should have been."""

from __future__ import annotations

import datetime as dt

import pytest

from opcc.core.models import CustodySuite
from opcc.reports.pack import build_section
from volunteers import statistics
from volunteers.models import VisitCount

from .statistics_support import AGE, FIELDS, SEX, published_2019_20, record_counts, recordable, visit

pytestmark = pytest.mark.django_db

PRINTED = published_2019_20()


def printed(group: str, sex: str) -> dict:
    return next(r for r in PRINTED if r["group"] == group and r["sex"] == sex)


def rows_of(group: str, *, recorded: bool) -> list[dict]:
    rows = [r for r in PRINTED if r["group"] == group and r["sex"] != "Total"]
    return [recordable(r) for r in rows] if recorded else rows


def summed(rows: list[dict]) -> dict:
    return {f: sum(r[f] for r in rows) for f in FIELDS}


@pytest.fixture
def records_2019_20(db):
    suites = list(CustodySuite.objects.order_by("name"))
    visits = [visit(suites[i % 4], dt.date(2019, 4, 1) + dt.timedelta(days=i * 7)) for i in range(12)]
    for group in ("Adult", "Young people"):
        for row in rows_of(group, recorded=True):
            record_counts(visits, AGE[group], SEX[row["sex"]], *(row[f] for f in FIELDS))
    return visits


def test_the_fixture_holds_the_printed_faults():
    """What the fixture says, checked against its own rows (the faults the issue describes)."""
    young_females = printed("Young people", "Females")
    assert young_females["refused"] < 0 and young_females["accepted"] > young_females["offered"]
    adult = summed(rows_of("Adult", recorded=False))
    assert adult["offered"] - printed("Adult", "Total")["offered"] == 9
    assert adult["refused"] - printed("Adult", "Total")["refused"] == 9
    for sex in ("Males", "Females", "Other"):
        both = summed([printed("Adult", sex), printed("Young people", sex)])
        assert both == {f: printed("All ages", sex)[f] for f in FIELDS}


def test_the_young_female_row_cannot_be_recorded_as_printed(records_2019_20):
    from django.db import IntegrityError, transaction

    row = printed("Young people", "Females")
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitCount.objects.create(
            visit=visit(CustodySuite.objects.first(), dt.date(2019, 5, 1)),
            age_group="young",
            sex="female",
            **{f: row[f] for f in ("detained", "offered", "accepted")},
            refused=0,
        )


def test_rows_match_the_published_rows_and_totals_are_computed(records_2019_20):
    table = statistics.detainees(start_year=2019)
    groups = {g.label: g for g in table.groups()}
    assert list(groups) == ["Adult", "Young people", "All ages"]
    for group in ("Adult", "Young people"):
        got = [{f: row[f] for f in ("sex", *FIELDS)} for row in groups[group].rows]
        assert got == [{f: r[f] for f in ("sex", *FIELDS)} for r in rows_of(group, recorded=True)]
    # Computed totals: the sums of the rows, not the printed Total rows.
    adult_total = groups["Adult"].total
    assert {f: adult_total[f] for f in FIELDS} == summed(rows_of("Adult", recorded=True))
    assert adult_total["offered"] != printed("Adult", "Total")["offered"]
    assert (adult_total["offered"], adult_total["refused"]) == (2180, 476)
    young_total = groups["Young people"].total
    assert young_total["accepted"] == printed("Young people", "Total")["accepted"] == 229
    assert young_total["offered"] == summed(rows_of("Young people", recorded=False))["offered"] + 3


def test_all_ages_block_shows_what_the_published_totals_should_have_been(records_2019_20):
    table = statistics.detainees(start_year=2019)
    all_ages = table.groups()[-1]
    from_printed_rows = summed([r for g in ("Adult", "Young people") for r in rows_of(g, recorded=False)])
    recorded = summed([r for g in ("Adult", "Young people") for r in rows_of(g, recorded=True)])
    total = all_ages.total
    assert {f: total[f] for f in FIELDS} == recorded
    # The printed rows add up to 2,421 offered (2,412 printed); recorded validly, 2,424.
    assert from_printed_rows["offered"] == 2421 and printed("All ages", "Total")["offered"] == 2412
    assert total["offered"] == 2424 == from_printed_rows["offered"] + 3
    # Detained and accepted were right in print, and stay so.
    assert total["detained"] == printed("All ages", "Total")["detained"] == 4038
    assert total["accepted"] == printed("All ages", "Total")["accepted"] == 1933
    for row in all_ages.rows:
        assert row["offered"] == row["accepted"] + row["refused"] <= row["detained"]
        if row["sex"] != "Females":
            assert {f: row[f] for f in FIELDS} == {f: printed("All ages", row["sex"])[f] for f in FIELDS}


def test_figures_and_pack_carry_the_corrected_totals(records_2019_20):
    table = build_section("volunteers.statistics.detainees", start_year=2019)
    figures = {f["metric"]: f["value"] for f in table.figures() if f["period"] == "2019/20"}
    title = table.title
    assert figures[f"{title} | Adult | Total | Offered"] == 2180
    assert figures[f"{title} | Adult | Total | Refused"] == 476
    assert figures[f"{title} | All ages | Total | Offered"] == 2424
    assert figures[f"{title} | All ages | Females | Refused"] == 59
    assert table.previous is None  # nothing recorded in 2018/19
    summary = {r["measure"]: r["number"] for r in statistics.custody_visiting_summary(start_year=2019).rows}
    assert summary["Welfare checks (detainees who accepted a visit)"] == 1933
