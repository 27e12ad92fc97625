"""Engagement figures for the report pack: events the Commissioner attended, consultations and their
phases, the Outstanding Citizens Awards and the Youth Commissioners.

- Events: attended (not planned or cancelled) with the Commissioner there, by the event's date.
- Consultations: every one open for some of the year (opening on or before its end, closing on or
  after its start), each phase's count under its measure; a consultation's total is the sum of its
  phases' responses and attendees (the 2021 Police and Crime Plan consultation's "over 4,622
  responses across all 6 forums" counts both).
- Awards: editions whose ceremony was in the year; nominees are named only where they agreed to
  publicity, and individuals are never named otherwise.
- Youth Commissioners: cohorts in term for some of the year; members by area (never names, minors);
  activities dated in the year, survey responses summed.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from engagement.models import (
    ActivityKind,
    AwardEdition,
    Consultation,
    ConsultationPhase,
    ConsultationResult,
    Event,
    EventType,
    Measure,
    Nomination,
    NominationStatus,
    PhaseType,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from opcc.core.dates import long_date
from opcc.core.models import PolicingArea
from opcc.core.statistics import Column, StatTable

from .base import start_years, table, year_range

EVENTS = "engagement_events"
CONSULTATIONS = "consultations"
AWARDS = "outstanding_citizens_awards"
YOUTH = "youth_commissioners"
NO_AREA = "No area recorded"


def _commissioner_events(start_year: int):
    return Event.objects.attended_by_commissioner().filter(date__range=year_range(start_year)).order_by()


def events_by_type(*, start_year: int) -> StatTable:
    stat = table(
        "events_by_type",
        "Events attended by the Commissioner, by type",
        "Events by type",
        EVENTS,
        start_year,
        "community events the Commissioner attended",
        [Column("event_type", "Type of event"), Column("events", "Events", "count")],
    )
    found = {
        r["event_type"]: r["n"]
        for r in _commissioner_events(start_year).values("event_type").annotate(n=Count("pk"))
    }
    if not found:
        stat.notes.append(f"No event attended by the Commissioner is recorded in {stat.period}.")
        return stat
    stat.rows = [
        {"event_type": str(t.label), "events": found[t.value]} for t in EventType if t.value in found
    ]
    return stat


def events_by_area(*, start_year: int) -> StatTable:
    stat = table(
        "events_by_area",
        "Events attended by the Commissioner, by area",
        "Events by area",
        EVENTS,
        start_year,
        "community events the Commissioner attended",
        [Column("area", "Area"), Column("events", "Events", "count")],
    )
    found = {
        r["area"]: r["n"] for r in _commissioner_events(start_year).values("area").annotate(n=Count("pk"))
    }
    if not found:
        stat.notes.append(f"No event attended by the Commissioner is recorded in {stat.period}.")
        return stat
    areas = PolicingArea.objects.filter(pk__in=[pk for pk in found if pk is not None])
    stat.rows = [{"area": a.name, "events": found[a.pk]} for a in areas.order_by("sort_order", "name", "pk")]
    if None in found:
        stat.rows.append({"area": NO_AREA, "events": found[None]})
    return stat


def consultations(*, start_year: int) -> StatTable:
    """Each consultation open in the year, phase by phase, with its computed total."""
    first, last = year_range(start_year)
    stat = table(
        "consultations",
        "Consultations: responses and attendees by phase",
        "Consultations",
        CONSULTATIONS,
        start_year,
        "responses and attendees per consultation phase",
        [
            Column("phase", "Phase"),
            Column("phase_type", "Type"),
            Column("responses", "Responses", "count"),
            Column("attendees", "Attendees", "count"),
            Column("engagement", "Responses and attendees", "count"),
        ],
        group_key="consultation",
    )
    active = Consultation.objects.filter(opens_on__lte=last, closes_on__gte=first)
    phases = (
        ConsultationPhase.objects.filter(consultation__in=active)
        .select_related("consultation")
        .order_by("consultation__opens_on", "consultation_id", "number", "pk")
    )
    types = dict(PhaseType.choices)
    for phase in phases:
        responses = phase.count if phase.measure == Measure.RESPONSES else 0
        attendees = phase.count if phase.measure == Measure.ATTENDEES else 0
        stat.rows.append(
            {
                "consultation": phase.consultation.title,
                "phase": f"{phase.number} {phase.title}",
                "phase_type": str(types.get(phase.phase_type, phase.phase_type)),
                "responses": responses,
                "attendees": attendees,
                "engagement": responses + attendees,
            }
        )
    if not stat.rows:
        stat.notes.append(f"No consultation with phases was open in {stat.period}.")
        return stat
    for group in stat.groups():
        assert group.total is not None
        stat.notes.append(f"{group.label}: {group.total['engagement']:,} responses and attendees in all.")
    results = ConsultationResult.objects.filter(consultation__in=active).select_related("consultation")
    for result in results.order_by("consultation__opens_on", "consultation_id", "pk"):
        value = f"{result.value.normalize():f}{'%' if result.unit == 'percent' else ''}"
        stat.notes.append(f"{result.consultation.title}: {result.metric}: {value}.")
    stat.notes.append("Attendees (roundtables, youth sessions) are counted alongside written responses.")
    return stat


def awards(*, start_year: int) -> StatTable:
    """Editions with a ceremony in the year: nominations, winners and runners-up by category."""
    stat = table(
        "awards",
        "Outstanding Citizens Awards: winners and runners-up by category",
        "Outstanding Citizens Awards",
        AWARDS,
        start_year,
        "nominations to editions with a ceremony in the year",
        [
            Column("category", "Category"),
            Column("nominations", "Nominations", "count"),
            Column("winners", "Winners", "count"),
            Column("runners_up", "Runners-up", "count"),
            Column("named", "Named (with the nominee's consent)"),
        ],
        group_key="edition",
    )
    editions = list(
        AwardEdition.objects.filter(ceremony_on__range=year_range(start_year)).order_by("ceremony_on", "pk")
    )
    if not editions:
        stat.notes.append(f"No Outstanding Citizens Awards ceremony is recorded in {stat.period}.")
        return stat
    counts = (
        Nomination.objects.filter(edition__in=editions)
        .order_by()
        .values("edition", "category", "category__name", "category__sort_order")
        .annotate(
            nominations=Count("pk"),
            winners=Count("pk", filter=Q(status=NominationStatus.WINNER)),
            runners_up=Count("pk", filter=Q(status=NominationStatus.RUNNER_UP)),
        )
        .order_by("category__sort_order", "category__name", "category")
    )
    named: dict[tuple[int, int], list[str]] = {}
    public = Nomination.objects.filter(
        edition__in=editions,
        status__in=(NominationStatus.WINNER, NominationStatus.RUNNER_UP),
        publicity_consent=True,
    ).order_by("-status", "nominee_name", "pk")  # winners first
    for edition_id, category_id, name, status in public.values_list(
        "edition", "category", "nominee_name", "status"
    ):
        label = "winner" if status == NominationStatus.WINNER else "runner-up"
        named.setdefault((edition_id, category_id), []).append(f"{name} ({label})")
    by_edition: dict[int, list[dict]] = {}
    for row in counts:
        by_edition.setdefault(row["edition"], []).append(row)
    for edition in editions:
        heading = f"{edition} ({long_date(edition.ceremony_on)})"
        for row in by_edition.get(edition.pk, []):
            stat.rows.append(
                {
                    "edition": heading,
                    "category": row["category__name"],
                    "nominations": row["nominations"],
                    "winners": row["winners"],
                    "runners_up": row["runners_up"],
                    "named": "; ".join(named.get((edition.pk, row["category"]), [])),
                }
            )
        if edition.pk not in by_edition:
            stat.checks.append(f"The {edition} held a ceremony but no nomination is recorded.")
    stat.notes.append(
        "Nominees are named only where they agreed to publicity; people who did not are counted, not named."
    )
    return stat


def _cohorts(start_year: int):
    first, last = year_range(start_year)
    return YouthCohort.objects.filter(term_starts_on__lte=last, term_ends_on__gte=first)


def youth_commissioners(*, start_year: int) -> StatTable:
    """Members of each cohort in term during the year, by area (counts only: they are minors)."""
    stat = table(
        "youth_commissioners",
        "Youth Commissioners by area",
        "Youth Commissioner areas",
        YOUTH,
        start_year,
        "Youth Commissioners in a cohort in term during the year",
        [Column("area", "Area"), Column("members", "Youth Commissioners", "count")],
        group_key="cohort",
    )
    rows = (
        YouthCommissioner.objects.filter(cohort__in=_cohorts(start_year))
        .order_by()
        .values("cohort__name", "cohort__term_starts_on", "cohort", "area__name", "area__sort_order", "area")
        .annotate(n=Count("pk"))
        .order_by("cohort__term_starts_on", "cohort", "area__sort_order", "area__name", "area")
    )
    stat.rows = [{"cohort": r["cohort__name"], "area": r["area__name"], "members": r["n"]} for r in rows]
    if not stat.rows:
        stat.notes.append(f"No Youth Commissioners were in term in {stat.period}.")
    return stat


def youth_cohorts(*, start_year: int) -> StatTable:
    """Each cohort in term: its election, members, votes, and its activities in the year."""
    stat = table(
        "youth_cohorts",
        "Youth Commissioner cohorts: votes and activities",
        "Youth Commissioner activities",
        YOUTH,
        start_year,
        "cohorts in term during the year; activities dated in the year",
        [
            Column("measure", "Measure"),
            Column("number", "Number", "count"),
        ],
        group_key="cohort",
        show_total=False,
    )
    first, last = year_range(start_year)
    cohorts = (
        _cohorts(start_year)
        .annotate(members_n=Count("members", distinct=True))
        .order_by("term_starts_on", "pk")
    )
    activities = (
        YouthActivity.objects.filter(cohort__in=_cohorts(start_year), date__range=(first, last))
        .order_by()
        .values("cohort", "kind")
        .annotate(n=Count("pk"), responses=Sum("responses", default=0))
    )
    by_cohort: dict[int, dict[str, dict]] = {}
    for row in activities:
        by_cohort.setdefault(row["cohort"], {})[row["kind"]] = row
    for cohort in cohorts:
        rows = [
            ("Youth Commissioners elected", cohort.members_n),
            ("Votes cast at the election", cohort.votes_cast),
        ]
        mine = by_cohort.get(cohort.pk, {})
        for kind in ActivityKind:
            if kind.value in mine:
                rows.append((f"Activities: {kind.label.lower()}", mine[kind.value]["n"]))
                if kind == ActivityKind.SURVEY:
                    rows.append(("Survey responses", mine[kind.value]["responses"]))
        stat.rows += [{"cohort": cohort.name, "measure": m, "number": n} for m, n in rows]
    if not stat.rows:
        stat.notes.append(f"No Youth Commissioners were in term in {stat.period}.")
    return stat


def record_years() -> set[int]:
    return (
        start_years(Event.objects.attended_by_commissioner(), "date")
        | start_years(ConsultationPhase.objects.all(), "starts_on")
        | start_years(AwardEdition.objects.all(), "ceremony_on")
        | start_years(YouthActivity.objects.all(), "date")
    )
