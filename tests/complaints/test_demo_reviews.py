"""The demo reviews reproduce the published 2022/23 figures, leave open cases with every kind of
clock, and add nothing when run again."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from complaints.clock import clock_for, closures
from complaints.demo import reviews as demo
from complaints.models import OPEN_STATUSES, Review, Status
from complaints.statistics import reviews as stats
from opcc.core.services import demo_users_ensure
from opcc.reports.pack import build_section

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeded once for the module (it takes a few seconds), and removed after."""
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


def test_2022_23_reproduces_174_decided_30_upheld(seeded):
    table = build_section("complaints.statistics.reviews.reviews_decided", start_year=2022)
    rows = {row["measure"]: row for row in table.rows}
    assert rows["Decided"]["number"] == 174
    assert (rows["Upheld"]["number"], rows["Upheld"]["percent"]) == (30, Decimal("17.2"))
    received = {row["measure"]: row["number"] for row in stats.reviews_received(start_year=2022).rows}
    assert received["Valid"] == 174 and received["Extensions granted"] == 1
    assert (
        received["Forwarded to the IOPC"] == 3 and received["Invalid"] == 4 and received["Out of time"] == 3
    )
    decided_2022 = Review.objects.filter(decided_on__year__gte=2022, received_on__lt="2023-04-01")
    assert not decided_2022.filter(received_on__lt="2022-04-01").exists()
    assert not Review.objects.filter(
        received_on__range=("2022-04-01", "2023-03-31"), decided_on__gt="2023-03-31"
    )


def test_calendar_2024_and_2025(seeded):
    for year, decided, upheld in ((2024, 80, 12), (2025, 114, 26)):
        reviews = Review.objects.filter(decided_on__year=year)
        assert reviews.count() == decided
        assert reviews.filter(result="upheld").count() == upheld


def test_upheld_reviews_have_recommendations_responses_and_learning(seeded):
    pack = {t: getattr(stats, t)(start_year=2022) for t in ("review_recommendations", "review_learning")}
    made = {row["measure"]: row["number"] for row in pack["review_recommendations"].rows}
    assert made["Made"] >= 30 and made["Accepted"] and made["Partly accepted"] and made["Not accepted"]
    assert len(pack["review_learning"].rows) >= 3


def test_open_cases_in_every_open_status_with_due_soon_and_overdue_clocks(seeded):
    today, closed = timezone.localdate(), closures()
    open_reviews = list(Review.objects.filter(status__in=OPEN_STATUSES))
    assert {r.status for r in open_reviews} == set(OPEN_STATUSES)
    for status in OPEN_STATUSES:
        clocks = [clock_for(r, today=today, closed=closed) for r in open_reviews if r.status == status]
        kinds = {c.tag_class(5) for c in clocks}
        assert "govuk-tag--red" in kinds and "govuk-tag--yellow" in kinds, status
    assert Review.objects.filter(status=Status.DECIDED).exists()
    assert Review.objects.filter(status=Status.RECOMMENDATIONS_OUTSTANDING).exists()


def test_running_again_adds_nothing(seeded):
    before = Review.objects.count()
    out = io.StringIO()
    demo.seed(stdout=out)
    assert Review.objects.count() == before
    assert "already there" in out.getvalue()


def test_seeding_is_quick(seeded):
    assert "Open complaint reviews: 15 added" in seeded[0]
    assert seeded[1] < 60, f"the reviews demo took {seeded[1]:.1f} s"
