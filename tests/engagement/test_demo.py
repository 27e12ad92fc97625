"""Golden figures: the engagement demo reproduces what the annual reports published (2019/20,
2022/23, 2024/25 and the 2021 consultation) through the report pack, leaves this year's work in hand
for the dashboard, and adds nothing when run again. Seeded once for the module (rolled back after)."""

from __future__ import annotations

import io
import re
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from engagement import demo, statistics
from engagement.demo import figures
from engagement.models import OPEN, CallDay, Case, ClockStop, Event, YouthCommissioner
from opcc.core.services import demo_users_ensure
from opcc.reports.pack import build_section
from tests.module_data import module_rows

pytestmark = pytest.mark.django_db
S = "engagement.statistics."


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with module_rows(django_db_blocker):
        demo_users_ensure(password="demo-password-123")
        out = io.StringIO()
        started = time.monotonic()
        demo.seed(stdout=out)
        took = time.monotonic() - started
        with django_db_blocker.block():
            yield out.getvalue(), took


def measures(path: str, year: int) -> dict:
    return {row["measure"]: row for row in build_section(S + path, start_year=year).rows}


def test_seeding_is_quick_and_reports_what_it_wrote(seeded):
    out, took = seeded
    assert "cases" in out and "calls" in out and "Youth Commissioners" in out
    assert took < 30, took


def test_2019_20_correspondence_and_calls(seeded):
    table = build_section(S + "correspondence_summary", start_year=2019)
    rows = {row["measure"]: row for row in table.rows}
    assert rows["Pieces responded to"]["number"] == 1380
    assert int(rows["Pieces responded to"]["per_week"]) == 26  # 26.5: "over 26 a week"
    assert "Pieces responded to: 1,380, over 26 a week." in table.notes
    assert table.previous is None  # nothing before April 2019
    calls = build_section(S + "calls_answered", start_year=2019)
    row = calls.rows[0]
    assert (row["calls"], round(row["per_week"]), row["change"]) == (10879, 209, Decimal("61.0"))
    assert "10,879 calls answered, 209 a week, 61% up on the year before." in calls.notes
    assert calls.previous is not None and calls.previous.rows[0]["calls"] == 6757
    # Calls are spread over working days only.
    assert not CallDay.objects.filter(date__week_day__in=(1, 7)).exists()


def test_2022_23_and_2024_25_correspondence_and_events(seeded):
    assert measures("correspondence_summary", 2022)["Pieces received"]["number"] == 1497  # "nearly 1,500"
    assert measures("correspondence_summary", 2024)["Pieces received"]["number"] == 365
    for year, attended in ((2022, 137), (2024, 257)):
        by_type = build_section(S + "events_by_type", start_year=year)
        by_area = build_section(S + "events_by_area", start_year=year)
        assert by_type.total["events"] == by_area.total["events"] == attended
        assert len(by_type.rows) > 5
    # Events the Commissioner did not attend are not counted.
    assert Event.objects.filter(date__year=2023, commissioner=False).exists()
    categories = build_section(S + "correspondence_by_category", start_year=2022)
    channels = build_section(S + "correspondence_by_channel", start_year=2022)
    assert categories.total["received"] == channels.total["received"] == 1497
    assert {r["category"] for r in categories.rows if r["received"]} >= {
        "Requests for funding",
        "Anti-social behaviour",
        "Complaint about the force",
        "Review of a complaint",
        "Freedom of information",
        "Mental health",
        "General advice",
        "Event invitation",
        "Work experience and careers",
    }


def test_information_requests_have_real_clocks(seeded):
    table = statistics.correspondence_timeliness(start_year=2022)
    foi, sar = table.rows
    for row in (foi, sar):
        assert 0 < row["on_time"] < row["responded"]  # mostly on time, a few late
        assert Decimal(60) < row["percent"] < Decimal(100)
        assert row["median_days"] is not None
    assert 5 <= foi["median_days"] <= 20
    assert ClockStop.objects.filter(case__category__rule="foi", reason="clarification").exists()
    assert ClockStop.objects.filter(case__category__rule="sar", reason="id").exists()


def test_youth_commissioners_2019_20_by_area(seeded):
    table = build_section(S + "youth_commissioners", start_year=2019)
    rows = {r["area"]: r["members"] for r in table.rows if r["cohort"] == "Youth Commissioners 2018-20"}
    assert rows == dict.fromkeys(figures.NPUS, 2)
    cohorts = build_section(S + "youth_cohorts", start_year=2019)
    found = {r["measure"]: r["number"] for r in cohorts.rows}
    assert found["Youth Commissioners elected"] == 16
    assert found["Votes cast at the election"] == 5012
    assert found["Activities: youth summit"] == 2
    survey = {r["measure"]: r["number"] for r in build_section(S + "youth_cohorts", start_year=2024).rows}
    assert survey["Survey responses"] == 1012
    names = YouthCommissioner.objects.values_list("name", flat=True)
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z]\.", name) for name in names)  # first name, initial


def test_7th_awards_categories_winners_and_runners_up(seeded):
    table = build_section(S + "awards", start_year=2019)
    groups = table.groups()
    assert [g.label for g in groups] == ["7th Outstanding Citizens Awards (11 July 2019)"]
    rows = {r["category"]: r for r in groups[0].rows}
    assert list(rows) == [
        "Outstanding Citizen",
        "Outstanding Young Citizen",
        "Outstanding Community Project",
        "Outstanding Young Community Project",
        "Special Recognition Award",
    ]
    assert [rows[c]["winners"] for c in rows] == [1, 1, 1, 1, 1]
    assert [rows[c]["runners_up"] for c in rows] == [1, 1, 1, 1, 0]
    assert rows["Outstanding Community Project"]["named"] == (
        "Black Country Wellbeing Centre (Dudley) (winner); The Freedom Project (runner-up)"
    )
    assert rows["Outstanding Young Community Project"]["named"] == (
        "St Michael's Student Voice (winner); Dudley Youth Council (runner-up)"
    )
    assert rows["Outstanding Citizen"]["named"] == rows["Special Recognition Award"]["named"] == ""
    assert groups[0].total["nominations"] == len(figures.NOMINATIONS_2019)
    later = build_section(S + "awards", start_year=2022)
    assert later.total["winners"] == 3 and all(r["named"] == "" for r in later.rows)


def test_2021_consultation_six_phases_total_4622(seeded):
    table = build_section(S + "consultations", start_year=2021)
    (group,) = table.groups()
    assert [r["phase"][:1] for r in group.rows] == ["1", "2", "3", "4", "5", "6"]
    counts = [(r["responses"], r["attendees"]) for r in group.rows]
    assert counts == [(333, 0), (0, 86), (2006, 0), (2047, 0), (0, 150), (0, 0)]
    # The published "over 4,622 across all 6 forums" counts attendees with responses, and the youth
    # phase as its 150 young people: 333 + 86 + 2,006 + 2,047 + 150. Its 255 shared responses
    # instead would give 4,727.
    assert group.total["engagement"] == 4622
    assert 333 + 86 + 2006 + 2047 + 255 == 4727
    notes = " ".join(table.notes)
    for result in ("87%", "63%", "29%", "255"):
        assert result in notes


def test_this_years_work_in_hand_for_the_dashboard(seeded):
    today = timezone.localdate()
    mine = Case.objects.filter(status__in=OPEN, assigned_to__username="staff")
    assert mine.count() >= 4
    assert mine.overdue(today).exists()
    foi = mine.filter(category__regime="foi", clock_stopped_since__isnull=True)
    assert foi.filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=6)).exists()
    assert mine.filter(status="awaiting_information").exists()
    assert Case.objects.filter(status="received", assigned_to__isnull=True).exists()
    assert statistics.record_years() >= set(range(2018, today.year))


def test_references_follow_on_from_the_counters(seeded):
    from opcc.core.models import ReferenceCounter

    year = timezone.localdate().year
    counter = ReferenceCounter.objects.get(key=f"COR-{year}")
    assert Case.objects.filter(reference=f"COR-{year}-{counter.last:04d}").exists()
    assert Case.objects.filter(reference="COR-2019-0001").exists()


def test_running_again_adds_nothing(seeded):
    before = (Case.objects.count(), CallDay.objects.count(), Event.objects.count())
    out = io.StringIO()
    demo.seed(stdout=out)
    assert (Case.objects.count(), CallDay.objects.count(), Event.objects.count()) == before
    assert "already there" in out.getvalue()


def test_the_demo_pack_exports_in_every_format(seeded):
    """The engagement sections for 2019/20 (with 2018/19 alongside) through each exporter."""
    import json

    from django.conf import settings

    from opcc.reports.exporters import EXPORTERS, FORMATS
    from opcc.reports.pack import build_pack

    sections = [p for p in settings.REPORT_SECTIONS if p.startswith(S)]
    pack = build_pack(2019, sections=sections)
    short_titles = [t.short_title for t in pack.tables]
    assert len(set(short_titles)) == len(short_titles)
    for fmt in FORMATS:
        assert EXPORTERS[fmt].export(pack)
    figures_out = json.loads(EXPORTERS["json"].export(pack))
    text = json.dumps(figures_out)
    assert "Black Country Wellbeing Centre" in text and "Name withheld" not in text  # consent only
