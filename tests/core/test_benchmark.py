"""`manage.py benchmark` runs end to end at a tiny scale: it proves the benchmark works, not speed."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Sum
from django.utils import timezone

from complaints.filters import ReviewFilter
from complaints.models import Finding, Recommendation, Review, Status
from complaints.tables import ReviewTable
from engagement.filters.casework import CaseFilter
from engagement.filters.events import EventFilter
from engagement.models import CallDay, Case, CaseStatus, ClockStop, DueDateChange, Event, Regime
from engagement.tables.casework import CaseTable
from engagement.tables.events import EventTable
from grants.filters import ApplicationFilter, OrganisationFilter
from grants.models import Application, Award, Organisation, Payment
from grants.tables import ApplicationTable, OrganisationTable
from opcc.audit.filters import AccessEventFilter
from opcc.core.benchmark import engagement as engagement_loader
from opcc.core.benchmark.loader import holds_other_data
from opcc.core.benchmark.pages import sortable_columns
from opcc.core.benchmark.related import PAID
from opcc.core.benchmark.volunteers import holds_other_volunteers, load_volunteers, marker_count
from opcc.core.models import ReferenceCounter
from opcc.core.services import next_reference
from tests.grants.factories import OrganisationFactory
from volunteers.filters.callouts import CallOutFilter
from volunteers.filters.people import VolunteerFilter
from volunteers.filters.visits import IssueFilter, VisitFilter
from volunteers.models import CallOut, CustodyVisit, IssueStatus, Scheme, VisitCount, VisitIssue
from volunteers.tables.callouts import CallOutTable
from volunteers.tables.people import VolunteerTable
from volunteers.tables.visits import IssueTable, VisitTable


def expected_labels() -> set[str]:
    """Every page the benchmark must time: first pages, each filter, each sort, searches."""
    labels = {"applications: first page", "organisations: first page", "audit: first page"}
    for group, filterset in (
        ("applications", ApplicationFilter),
        ("organisations", OrganisationFilter),
        ("audit", AccessEventFilter),
        ("reviews", ReviewFilter),
    ):
        labels |= {f"{group}: filter {name}" for name in filterset.base_filters if name != "q"}
    labels |= {f"applications: sort {name}" for name, _ in sortable_columns(ApplicationTable)}
    labels |= {f"organisations: sort {name}" for name, _ in sortable_columns(OrganisationTable)}
    labels |= {f"reviews: sort {name}" for name, _ in sortable_columns(ReviewTable)}
    labels |= {
        "applications: search a reference",
        "applications: search a word",
        "applications: filter fund_year and area",
        "organisations: search a name word",
        "organisations: search a charity number",
        "reviews: first page",
        "reviews: search a reference",
        "reviews: search a complainant name word",
        "reviews: search a force reference",
    }
    return labels


@pytest.mark.django_db(transaction=True)
def test_benchmark_end_to_end_at_a_tiny_scale(tmp_path):
    out = io.StringIO()
    path = tmp_path / "benchmark.json"
    call_command(
        "benchmark",
        applications=300,
        organisations=50,
        reviews=300,
        volunteers=20,
        engagement=300,
        repeat=1,
        load_users=2,
        load_seconds=3,
        load_workers=2,
        load_think=0.2,
        json_path=str(path),
        not_production=True,
        stdout=out,
    )
    assert Application.objects.count() == 300
    assert Organisation.objects.count() == 50
    awarded = Award.objects.count()
    assert 0.25 * 300 < awarded < 0.55 * 300
    paid = Award.objects.filter(application__status__in=PAID)
    assert paid.exists()
    # Every paid award is paid in full, in one payment or two; nothing else is paid.
    assert not Payment.objects.exclude(award__in=paid).exists()
    totals = paid.annotate(total=Sum("payments__amount")).values_list("amount", "total")
    assert all(amount == total for amount, total in totals)
    links = Application.themes.through.objects
    assert links.values("application").distinct().count() == 300
    assert 300 < links.count() <= 600
    data = json.loads(path.read_text(encoding="utf-8"))
    text = out.getvalue()
    rows = {f"{row['group']}: {row['page']}": row for row in data["pages"]}
    assert expected_labels() <= set(rows)
    assert any(label.startswith("applications: page ") for label in rows)
    for label, row in rows.items():
        assert label in text
        assert row["status"] == 200, label
        assert row["queries"] > 0, label
        assert row["bytes"] > 0, label
        if row["admin_url"]:
            assert row["admin_status"] == 200, label
    assert rows["applications: filter status"]["admin_url"]
    assert rows["organisations: search a name word"]["admin_url"]
    assert rows["reviews: filter status"]["admin_url"]
    assert rows["reviews: search a reference"]["admin_url"]
    assert rows["reviews: search a complainant name word"]["admin_url"]
    assert any(label.startswith("reviews: page ") for label in rows)
    assert data["scale"]["reviews"] == 300
    load_run = data["load_run"]
    assert load_run["requests"] > 0
    assert load_run["think_s"] == 0.2
    assert load_run["errors"] == 0, load_run["error_samples"]
    assert "0 errors" in text
    assert_reviews_loaded(300)
    assert volunteer_labels() <= set(rows)
    for group in ("volunteers", "visits", "issues", "call-outs"):
        assert any(label.startswith(f"{group}: page ") for label in rows), group
    assert data["scale"]["callouts"] == 20 * 75
    assert engagement_labels() <= set(rows)
    assert any(label.startswith("cases: page ") for label in rows)
    assert data["scale"]["cases"] == 300

    again = io.StringIO()
    call_command(
        "benchmark",
        reuse=True,
        repeat=1,
        load_users=0,
        not_production=True,
        only="no page has this name",
        stdout=again,
    )
    assert "Reusing 300 applications" in again.getvalue()
    assert "Reusing 300 complaint reviews" in again.getvalue()
    assert "Reusing 20 custody scheme volunteers" in again.getvalue()
    assert "Reusing 300 correspondence cases" in again.getvalue()
    assert Application.objects.count() == 300
    assert Review.objects.count() == 300


def assert_reviews_loaded(count: int) -> None:
    """Every status; consistent dates and clocks; references unique with counters past them."""
    reviews = Review.objects.all()
    assert reviews.count() == count
    assert set(reviews.values_list("status", flat=True)) == set(Status.values)
    references = list(reviews.values_list("reference", flat=True))
    assert len(set(references)) == count
    assert all(re.fullmatch(r"CR-20\d\d-\d{6}", r) for r in references)
    years = {r.received_on.year for r in reviews}
    assert len(years) >= 9  # spread over ten years
    for year in years:
        in_year = reviews.filter(received_on__year=year).count()
        assert ReferenceCounter.objects.get(key=f"CR-{year}").last == in_year
        assert reviews.filter(reference=f"CR-{year}-{in_year:06d}").exists()
        assert next_reference(prefix="CR", year=year) not in references
    today = dt.date.today()
    for r in reviews:
        assert r.complaint_made_on <= r.review_info_given_on <= r.received_on <= today, r.reference
        assert r.window_ends_on == r.review_info_given_on + dt.timedelta(days=28)
        assert r.in_time == (r.received_on <= r.window_ends_on)
        assert r.received_on < r.acknowledge_by < r.decide_by
        assert (
            (r.decided_on is not None)
            == bool(r.result)
            == (r.reviewer_id is not None and r.decided_by_id is not None)
        )
        assert r.decided_on is None or r.received_on <= r.decided_on <= today
    assert not reviews.filter(status=Status.OUT_OF_TIME, in_time=True).exists()
    assert reviews.filter(status=Status.UNDER_REVIEW, reviewer__isnull=True).count() == 0
    assert len(set(reviews.exclude(reviewer=None).values_list("reviewer", flat=True))) <= 6
    # Subjects on every review; findings only on decided ones (a fraction); recommendations where
    # they are outstanding are sent and unanswered.
    assert Review.subjects.through.objects.values("review").distinct().count() == count
    decided = reviews.exclude(decided_on=None)
    assert 0 < Finding.objects.values("review").distinct().count() < decided.count()
    assert not Finding.objects.filter(review__decided_on=None).exists()
    outstanding = reviews.filter(status=Status.RECOMMENDATIONS_OUTSTANDING)
    assert outstanding.exists()
    for review in outstanding:
        assert review.recommendations.filter(sent_on__isnull=False, response_received_on=None).exists()
    assert not Recommendation.objects.filter(review__result="").exists()


@pytest.mark.django_db
def test_benchmark_refuses_production_settings_and_someone_elses_data(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="this may be production"):
        call_command("benchmark", stdout=io.StringIO())
    settings.DEBUG = True
    OrganisationFactory()
    assert holds_other_data()
    with pytest.raises(CommandError, match="did not load"):
        call_command("benchmark", stdout=io.StringIO())


def volunteer_labels() -> set[str]:
    """The custody schemes pages: each list's first page, filters, sorts and searches, the last
    page, the heatmap and the dashboard."""
    labels = {
        "custody schemes: dashboard",
        "custody schemes: heatmap, as it opens",
        "custody schemes: heatmap, a year of the busiest suite",
        "volunteers: search a surname",
        "call-outs: search a reference",
        "call-outs: search a custody number",
    }
    for group, filterset, table in (
        ("volunteers", VolunteerFilter, VolunteerTable),
        ("visits", VisitFilter, VisitTable),
        ("issues", IssueFilter, IssueTable),
        ("call-outs", CallOutFilter, CallOutTable),
    ):
        labels.add(f"{group}: first page")
        labels |= {f"{group}: filter {name}" for name in filterset.base_filters if name != "q"}
        labels |= {f"{group}: sort {name}" for name, _ in sortable_columns(table)}
    return labels


@pytest.mark.django_db
def test_custody_schemes_load_keeps_every_rule(benchmark_user_row):
    """A small load: the counts scale with the volunteers, and every row is one the services could
    have written (pairs of custody visitors, grids that add up, dates in order, no names)."""
    result = load_volunteers(count=40, user=benchmark_user_row, seed=3, log=lambda _: None)
    assert (result["volunteers"], result["visits"], result["callouts"]) == (40, 800, 3000)
    assert holds_other_volunteers() is False
    assert marker_count() == 40
    visits = CustodyVisit.objects.annotate(
        pair=Count("visitors", distinct=True),
        visitor_schemes=ArrayAgg("visitors__scheme", distinct=True),
        cells=Count("counts", distinct=True),
    )
    detained = dict(VisitCount.objects.values("visit").annotate(n=Sum("detained")).values_list("visit", "n"))
    for visit in visits:
        assert visit.pair == 2 and visit.cells == 6, visit.reference
        assert set(visit.visitor_schemes) <= {Scheme.ICV, Scheme.BOTH}
        assert detained[visit.pk] == visit.detainees_present
        assert visit.arrived_at <= visit.admitted_at < visit.left_at
    counts = VisitCount.objects.all()
    assert not counts.exclude(offered=F("accepted") + F("refused")).exists()
    assert not counts.filter(offered__gt=F("detained")).exists()
    issues = VisitIssue.objects.all()
    assert issues.count() == 300
    assert issues.filter(status=IssueStatus.CLOSED).exists() and issues.open().exists()
    assert not issues.filter(raised_on__lt=F("visit__visited_on")).exists()
    callouts = CallOut.objects.all()
    assert set(callouts.values_list("status", flat=True)) >= {"completed", "unfilled", "cancelled"}
    for callout in callouts.exclude(arrived_at=None):
        assert callout.response_minutes == int(
            (callout.arrived_at - callout.requested_at).total_seconds() // 60
        )
        assert callout.volunteer.scheme in (Scheme.AA, Scheme.BOTH)
    assert not callouts.filter(status="unfilled", unfilled_reason="").exists()
    assert not callouts.exclude(status="completed").exclude(outcome="").exists()
    for prefix, model in (("ICV", CustodyVisit), ("AA", CallOut)):
        references = set(model.objects.values_list("reference", flat=True))
        assert len(references) == model.objects.count()
        year = timezone.localdate().year
        assert next_reference(prefix=prefix, year=year) not in references
    # Without the marker the rows are someone else's: the command would refuse the database.
    ReferenceCounter.objects.filter(key="benchmark-volunteers").delete()
    assert holds_other_volunteers()


@pytest.fixture
def benchmark_user_row(django_user_model):
    return django_user_model.objects.create(username="benchmark-test")


def engagement_labels() -> set[str]:
    """The correspondence pages: each list's first page, filters, sorts and searches, the case list
    as the dashboard links to it, a case, the calls log and the module home."""
    labels = {
        "cases: search a reference",
        "cases: search a correspondent surname",
        "cases: overdue",
        "cases: due within 5 working days",
        "cases: FOI and SAR due this week",
        "cases: assigned to me",
        "correspondence: dashboard",
        "correspondence: calls log",
        "correspondence: a case",
    }
    for group, filterset, table in (("cases", CaseFilter, CaseTable), ("events", EventFilter, EventTable)):
        labels.add(f"{group}: first page")
        labels |= {f"{group}: filter {name}" for name in filterset.base_filters if name != "q"}
        labels |= {f"{group}: sort {name}" for name, _ in sortable_columns(table)}
    return labels


@pytest.mark.django_db
def test_correspondence_load_keeps_every_rule(benchmark_user_row):
    """A small load: every status, open cases recent, dates in order, stops and due date changes
    that agree with the cases, assignees who may handle correspondence, counters past the numbers."""
    result = engagement_loader.load_engagement(count=400, user=benchmark_user_row, seed=5, log=lambda _: None)
    assert result["cases"] == 400 and result["events"] == round(400 * 107_500 / 1_500_000)
    assert engagement_loader.marker_count() == 400 and not engagement_loader.holds_other_engagement()
    cases = Case.objects.select_related("category")
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    today = timezone.localdate()
    assert not cases.open().filter(received_on__lt=today - dt.timedelta(days=120)).exists()
    assert 0.05 < cases.filter(category__regime__in=[Regime.FOI, Regime.SAR]).count() / 400 < 0.2
    officers = set(cases.exclude(assigned_to=None).values_list("assigned_to", flat=True))
    assert benchmark_user_row.pk in officers and len(officers) <= 1 + engagement_loader.OFFICERS
    assert not cases.filter(status=CaseStatus.RECEIVED).exclude(assigned_to=None).exists()
    for case in cases:
        assert case.received_on <= today and case.due_on >= case.received_on, case.reference
        assert case.received_at.date() == case.received_on, case.reference
        responded = case.status in (CaseStatus.RESPONDED, CaseStatus.CLOSED, CaseStatus.REOPENED)
        assert (case.responded_on is not None) == responded, case.reference
        assert case.responded_on is None or case.received_on <= case.responded_on <= today
        assert (case.closed_on is not None) == (case.status == CaseStatus.CLOSED)
        assert (case.clock_stopped_since is not None) == (case.status == CaseStatus.AWAITING_INFORMATION)
        assert bool(case.outcome) == (responded and case.category.regime in (Regime.FOI, Regime.EIR))
        if case.status == CaseStatus.REOPENED:
            assert case.review_requested_on >= case.responded_on and case.due_on == case.review_due_on
    stops = ClockStop.objects.select_related("case")
    assert stops.filter(ended_on=None).count() == cases.filter(status=CaseStatus.AWAITING_INFORMATION).count()
    for stop in stops:
        assert stop.case.received_on <= stop.started_on and (stop.ended_on or today) <= today
        if stop.case.responded_on and stop.ended_on:
            assert stop.case.responded_on >= stop.ended_on, stop.case.reference
    assert DueDateChange.objects.count() >= stops.exclude(ended_on=None).count()
    assert (
        CallDay.objects.count() > 2500 and Event.objects.filter(status="planned", date__lt=today).count() == 0
    )
    references = set(cases.values_list("reference", flat=True))
    assert len(references) == 400 and next_reference(prefix="COR", year=today.year) not in references
    ReferenceCounter.objects.filter(key=engagement_loader.MARKER).delete()
    assert engagement_loader.holds_other_engagement()
