"""The pack: sections in registry order, last year alongside, generic and section checks collected."""

from decimal import Decimal

import pytest

from opcc.reports.pack import SectionError, build_pack, section_label
from tests.reports.conftest import S

pytestmark = pytest.mark.django_db


def test_sections_come_in_registry_order_with_computed_totals(pack):
    assert [t.key for t in pack.tables] == ["fake.allocations", "fake.headline", "fake.formulas"]
    allocations = pack.tables[0]
    assert pack.financial_year == "2024/25"
    assert allocations.total == {"area": "Total", "allocation": Decimal("415418.00"), "projects": 52}


def test_previous_year_is_attached_only_when_it_has_rows(pack):
    allocations, headline, formulas = pack.tables
    assert allocations.previous is not None
    assert allocations.previous.period == "2023/24"
    assert allocations.previous.total["allocation"] == Decimal("175000.50")
    assert headline.previous is None
    assert formulas.previous is None


def test_section_checks_and_identical_rows_are_collected(settings):
    pack = build_pack(2023)  # 2023/24, with 2022/23 (the copied Wolverhampton row) alongside
    messages = [(c.section_key, c.period, c.message) for c in pack.checks]
    assert (
        "fake.allocations",
        "2022/23",
        "Wolverhampton has exactly the same figures as Birmingham East: "
        "check that one row was not copied from the other.",
    ) in messages
    assert (
        "fake.allocations",
        "2022/23",
        "Allocations add up to £475,909 against an envelope of £400,000.",
    ) in messages
    this_year = build_pack(2024).checks
    assert [c.message for c in this_year] == [
        "Allocations add up to £415,418 against an envelope of £400,000."
    ]


def test_identical_rows_are_not_reported_twice(settings):
    pack = build_pack(2022)
    identical = [c for c in pack.checks if "exactly the same figures" in c.message]
    assert len(identical) == 1


def test_figures_cover_this_year_and_last(pack):
    figures = pack.figures()
    periods = {f["period"] for f in figures}
    assert periods == {"2024/25", "2023/24"}
    total = next(
        f
        for f in figures
        if f["metric"] == "Fake fund allocations | Total | Allocation" and f["period"] == "2024/25"
    )
    assert total == {
        "topic": "community_grants",
        "metric": "Fake fund allocations | Total | Allocation",
        "period": "2024/25",
        "value": Decimal("415418.00"),
        "unit": "GBP",
    }


def test_a_failing_section_names_itself():
    with pytest.raises(SectionError) as caught:
        build_pack(2024, sections=[S + "failing"])
    assert str(caught.value) == (
        "The section “Failing” (tests.reports.sections.failing) could not be built: "
        "ValueError: the fund for 2024/25 has no envelope"
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (S + "not_a_table", "it returned dict, not a statistics table"),
        (S + "missing", "no such function is installed (check settings.REPORT_SECTIONS)"),
        ("nowhere.statistics.table", "no such function is installed (check settings.REPORT_SECTIONS)"),
    ],
)
def test_bad_registry_entries_fail_clearly(path, reason):
    with pytest.raises(SectionError) as caught:
        build_pack(2024, sections=[path])
    assert caught.value.reason == reason
    assert caught.value.path == path


def test_progress_callback_is_told_what_comes_next():
    calls = []
    build_pack(2024, on_section=lambda done, total, following: calls.append((done, total, following)))
    assert calls == [(1, 3, "“Headline”"), (2, 3, "“Formulas”"), (3, 3, "")]


def test_section_label_reads_the_function_name():
    assert section_label("grants.statistics.hcf_allocations") == "“Hcf allocations”"
