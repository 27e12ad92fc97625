"""The custody schemes demo reproduces every published figure through the report pack, leaves this
year's work for the lists, rota and dashboard, is the same every time, and adds nothing when run
again. Seeded once for the module (inside a transaction rolled back after it)."""

from __future__ import annotations

import io
import time

import pytest
from django.utils import timezone

from opcc.core.models import ReferenceCounter
from opcc.core.services import demo_users_ensure
from opcc.reports.pack import build_section
from volunteers import demo, statistics
from volunteers.models import CallOut, CallOutStatus, CustodyVisit, RotaSlot, VisitIssue, Volunteer
from volunteers.services.eligibility import eligible

from .statistics_support import AGE, FIELDS, SEX, published_2019_20, recordable

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_users_ensure(password="demo-password-123")
            out = io.StringIO()
            started = time.monotonic()
            demo.seed(stdout=out)
            took = time.monotonic() - started
            yield out.getvalue(), took
            transaction.set_rollback(True)


def summary(path: str, year: int) -> dict:
    return {
        row["measure"]: (row["number"], row["change"]) for row in build_section(path, start_year=year).rows
    }


def visiting(year: int) -> dict:
    return summary("volunteers.statistics.custody_visiting_summary", year)


def aa(year: int) -> dict:
    return summary("volunteers.statistics.aa_summary", year)


def test_seeding_is_quick_and_reports_what_it_wrote(seeded):
    out, took = seeded
    assert "custody visits" in out and "call-outs" in out
    assert took < 30, took  # bulk writes (a few seconds on a quiet machine)


def test_2019_20_visits_suites_and_custody_visitors(seeded):
    rows = visiting(2019)
    assert rows["Visits made"][0] == 260
    assert rows["Custody suites visited"][0] == 4
    assert rows["Active custody visitors at 31 March"][0] == 64
    table = statistics.visits_by_suite(start_year=2019)
    assert {r["suite"] for r in table.rows if r["visits"]} == {
        "Perry Barr",
        "Oldbury",
        "Wolverhampton",
        "Coventry",
    }
    assert table.total["visits"] == 260


def test_2019_20_detainee_rows_as_published_with_totals_computed(seeded):
    table = statistics.detainees(start_year=2019)
    printed = published_2019_20()
    for group in table.groups()[:2]:
        for row in group.rows:
            source = next(
                r for r in printed if AGE[r["group"]] == AGE[group.label] and SEX[r["sex"]] == SEX[row["sex"]]
            )
            assert {f: row[f] for f in FIELDS} == {f: recordable(source)[f] for f in FIELDS}
    body = [recordable(r) for r in printed if r["sex"] != "Total" and r["group"] != "All ages"]
    assert {f: table.total[f] for f in FIELDS} == {f: sum(r[f] for r in body) for f in FIELDS}
    assert table.total["accepted"] == 1933
    assert visiting(2019)["Welfare checks (detainees who accepted a visit)"][0] == 1933


def test_2019_20_aa_attendances(seeded):
    assert aa(2019)["Attendances (visits to the suite)"][0] == 828


def test_2022_23_published_figures(seeded):
    rows, aas = visiting(2022), aa(2022)
    assert rows["Visits made"][0] == 227
    assert rows["Welfare checks (detainees who accepted a visit)"][0] == 1535
    assert rows["Active custody visitors at 31 March"][0] == 30
    assert aas["Active appropriate adults at 31 March"][0] == 20
    assert aas["Detainees supported (call-outs completed)"][0] == 858


def test_2023_24_and_2024_25_published_figures(seeded):
    assert aa(2023)["Detainees supported (call-outs completed)"][0] == 911
    rows, aas = visiting(2024), aa(2024)
    assert rows["Visits made"][0] == 251
    assert rows["Welfare checks (detainees who accepted a visit)"][0] == 1378
    assert rows["Active custody visitors at 31 March"][0] == 48
    assert aas["Active appropriate adults at 31 March"][0] == 14
    assert aas["Detainees supported (call-outs completed)"] == (1480, 569)


def test_this_years_work_for_lists_rota_and_dashboard(seeded):
    today = timezone.localdate()
    assert VisitIssue.objects.open().filter(raised_on__lt=today - timezone.timedelta(days=28)).exists()
    assert VisitIssue.objects.open().filter(raised_on__gte=today - timezone.timedelta(days=28)).exists()
    assert Volunteer.objects.expiring(on=today).count() >= 2
    assert Volunteer.objects.expired(on=today).exists()
    assert CallOut.objects.filter(
        status=CallOutStatus.UNFILLED, requested_on__year=today.year, requested_on__month=today.month
    ).exists()
    assert CallOut.objects.filter(status__in=[CallOutStatus.REQUESTED, CallOutStatus.ASSIGNED]).exists()
    slots = RotaSlot.objects.filter(day__gt=today).prefetch_related("visitors")
    assert slots.count() >= 8
    for slot in slots:
        pair = list(slot.visitors.all())
        assert len(pair) == 2 and set(pair) <= set(eligible(scheme="icv", day=slot.day))
    assert CustodyVisit.objects.filter(visited_on__gte=today - timezone.timedelta(days=14)).exists()


def test_every_visit_by_a_pair_and_counts_add_up(seeded):
    from django.db.models import Count, Sum

    assert not CustodyVisit.objects.annotate(n=Count("visitors")).exclude(n=2).exists()
    mismatched = CustodyVisit.objects.annotate(d=Sum("counts__detained")).exclude(
        d=models_f("detainees_present")
    )
    assert not mismatched.exists()


def models_f(name: str):
    from django.db.models import F

    return F(name)


def test_references_follow_on_from_the_counters(seeded):
    year = timezone.localdate().year
    counter = ReferenceCounter.objects.get(key=f"AA-{year}")
    assert CallOut.objects.filter(reference=f"AA-{year}-{counter.last:04d}").exists()
    assert not CallOut.objects.filter(reference=f"AA-{year}-{counter.last + 1:04d}").exists()


def test_running_again_adds_nothing(seeded):
    before = (Volunteer.objects.count(), CustodyVisit.objects.count(), CallOut.objects.count())
    out = io.StringIO()
    demo.seed(stdout=out)
    assert (Volunteer.objects.count(), CustodyVisit.objects.count(), CallOut.objects.count()) == before
    assert "already there" in out.getvalue()
