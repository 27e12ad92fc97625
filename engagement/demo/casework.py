"""Demo correspondence from April 2019 and calls from April 2018, in bulk: the published counts per
year (see `figures`), categories and channels mixed, FOI and subject access answered mostly on time
(a few late, some clocks stopped), every past case responded to and closed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from engagement import clock
from engagement.models import CallDay, Case, CaseStatus, Category, ClockRule, ClockStop, Outcome, Regime
from opcc.core.demo import copy_rows
from opcc.core.models import PolicingArea
from opcc.core.workdays import Calendar, add_working_days, is_working_day, next_working_day

from . import figures
from .common import references, scaled

SUBJECTS = {
    "Requests for funding": ("Funding for a youth project", "Grant for a community garden", "Match funding"),
    "Anti-social behaviour": ("Motorbikes on the estate", "Noise from a neighbour", "Drug dealing on the corner"),
    "Complaint about the force": ("Officer's conduct at a stop", "No response to a 101 call", "Property not returned"),
    "Review of a complaint": ("Review of the force's complaint outcome", "Unhappy with the complaint outcome"),
    "Freedom of information": ("Spending on overtime", "Number of police officers", "Contracts over £25,000"),
    "Environmental information": ("Vehicle fleet emissions", "Energy use at Lloyd House"),
    "Subject access": ("Copy of my personal data", "Records held about me"),
    "Mental health": ("Support after a crisis", "Street triage in my area"),
    "General advice": ("Who to contact about a crime", "Street lighting on Hill Road", "Speeding on my road"),
    "Event invitation": ("Invitation to a community iftar", "Invitation to a school assembly", "Summer fair"),
    "Work experience and careers": ("Work experience request", "Careers in policing"),
    "Other": ("Feedback on the Police and Crime Plan", "Parking at the station"),
}  # fmt: skip
FIRST = (
    "Pat",
    "Sam",
    "Jo",
    "Ravi",
    "Mary",
    "Tariq",
    "Helen",
    "Gary",
    "Aleksandra",
    "Kwame",
    "Shazia",
    "Derek",
)
LAST = ("Example", "Smith", "Khan", "Murphy", "Kowalski", "Begum", "Okafor", "Wright", "Hussain", "Taylor")


def _received_at(rng: random.Random, day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randrange(60))))


def _answer(rng: random.Random, category: Category, received_on: dt.date, last: dt.date, closed) -> dict:
    """When and how a case was answered: stops, response date, due date and working days taken."""
    stops: list[clock.Stop] = []
    if category.rule == ClockRule.FOI and rng.random() < 0.1:
        start = received_on + dt.timedelta(days=2)
        stops.append(clock.Stop("clarification", start, start + dt.timedelta(days=rng.randint(4, 15))))
    elif category.rule == ClockRule.SAR and rng.random() < 0.2:
        start = received_on + dt.timedelta(days=1)
        stops.append(clock.Stop("id", start, start + dt.timedelta(days=rng.randint(3, 10))))
    due = clock.due_date(
        rule=category.rule, days=category.days, received_on=received_on, stops=stops, closures=closed
    )
    if category.rule == ClockRule.SAR:
        late = rng.random() < 0.12
        responded = (
            due + dt.timedelta(days=rng.randint(1, 12))
            if late
            else due - dt.timedelta(days=rng.randint(0, 20))
        )
        responded = next_working_day(
            max(responded, received_on + dt.timedelta(days=3)), calendar=Calendar.ENGLAND_WALES
        )
    else:
        early = (category.days or 10) - 1
        lag = (
            rng.randint(early + 2, early + 6)
            if rng.random() < 0.12
            else rng.randint(max(early // 3, 1), early)
        )
        responded = add_working_days(clock.clock_start(rule=category.rule, received_on=received_on, stops=stops),
                                     lag, calendar=clock.calendar_for(category.rule), closures=closed)  # fmt: skip
        for stop in stops:  # answered after the stop ended, whatever the clock says
            assert stop.ended_on is not None
            responded = max(responded, stop.ended_on + dt.timedelta(days=1))
    responded = max(min(responded, last), received_on)
    taken = clock.working_days_taken(
        rule=category.rule, received_on=received_on, responded_on=responded, stops=stops, closures=closed
    )
    return {"stops": stops, "due_on": due, "responded_on": responded, "working_days_taken": taken}


def _case(rng, day: dt.date, category: Category, areas: list, handlers: list, answer: dict) -> dict:
    received_at = _received_at(rng, day)
    channel = rng.choices(list(figures.CHANNEL_SHARES), weights=list(figures.CHANNEL_SHARES.values()))[0]
    row: dict[str, Any] = {
        "received_at": received_at,
        "received_on": timezone.localdate(received_at),
        "channel": channel,
        "category_id": category.pk,
        "correspondent_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "representative": "mp" if rng.random() < 0.03 else ("councillor" if rng.random() < 0.03 else ""),
        "subject": rng.choice(figures_subjects(category.name)),
        "area_id": rng.choice(areas).pk if areas and rng.random() < 0.8 else None,
        "status": CaseStatus.CLOSED,
        "assigned_to_id": rng.choice(handlers).pk,
        "due_on": answer["due_on"],
        "responded_on": answer["responded_on"],
        "response_due_on": answer["due_on"],
        "working_days_taken": answer["working_days_taken"],
        "closed_on": answer["responded_on"],
    }
    if category.regime in (Regime.FOI, Regime.EIR):
        outcome = rng.choice((Outcome.FULL, Outcome.FULL, Outcome.PART, Outcome.NOT_HELD, Outcome.REFUSED))
        row["outcome"] = outcome
        if outcome in (Outcome.PART, Outcome.REFUSED):
            row["exemptions"] = "Section 40(2) personal information"
    return row


def figures_subjects(name: str) -> tuple[str, ...]:
    return SUBJECTS.get(name, ("Correspondence",))


def build(rng: random.Random, today: dt.date, handlers: list, closed: frozenset[dt.date]) -> list[dict]:
    """Every past year's cases, answered; this year's up to four weeks ago (the rest are in hand)."""
    categories = {c.name: c for c in Category.objects.filter(name__in=figures.CATEGORY_SHARES)}
    names = list(figures.CATEGORY_SHARES)
    weights = list(figures.CATEGORY_SHARES.values())
    rows: list[dict] = []
    for start_year, received in figures.RECEIVED.items():
        first, last = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
        if first > today:
            continue
        current = today <= last
        total = scaled(received, start_year, today - dt.timedelta(days=28)) if current else received
        carried = 0 if current else figures.CARRIED.get(start_year, 0)
        end = today - dt.timedelta(days=28) if current else last - dt.timedelta(days=14)
        areas = list(
            PolicingArea.objects.valid_in(start_year).exclude(kind=PolicingArea.Kind.ALLOCATION_LINE)
        )
        answered_by = min(last, today - dt.timedelta(days=1))
        span = max((end - first).days, 1)
        for i in range(total - carried):
            day = first + dt.timedelta(days=i * span // max(total - carried, 1))
            category = categories[rng.choices(names, weights=weights)[0]]
            answer = _answer(rng, category, day, min(answered_by, end + dt.timedelta(days=13)), closed)
            rows.append(_case(rng, day, category, areas, handlers, answer))
        for i in range(carried):  # received in the last days of March, answered in April
            day = last - dt.timedelta(days=i % 4)
            category = categories[rng.choice(("General advice", "Anti-social behaviour", "Event invitation"))]
            answer = _answer(rng, category, day, last + dt.timedelta(days=30), closed)
            answer["responded_on"] = max(answer["responded_on"], last + dt.timedelta(days=1))
            rows.append(_case(rng, day, category, areas, handlers, answer))
    references(rows)
    return rows


def save(rows: list[dict], *, since: dt.date, by) -> None:
    """Past years by COPY (those with clock stops inserted for their ids); this year's with history."""
    with_stops = [r for r in rows if r.get("stops")]
    plain = [r for r in rows if not r.get("stops")]
    old = [r for r in plain if r["received_on"] < since]
    copy_rows([_fields(r) for r in old], Case)
    made = Case.objects.bulk_create([Case(**_fields(r)) for r in with_stops if r["received_on"] < since])
    made += bulk_create_with_history(
        [Case(**_fields(r)) for r in rows if r["received_on"] >= since],
        Case,
        default_user=by,
        default_change_reason="Demo record",
    )
    by_reference = {case.reference: case for case in made}
    ClockStop.objects.bulk_create(
        [
            ClockStop(
                case=by_reference[r["reference"]],
                reason=s.reason,
                started_on=s.started_on,
                ended_on=s.ended_on,
            )
            for r in with_stops
            for s in r["stops"]
        ]
    )


def _fields(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "stops"}


def calls(rng: random.Random, today: dt.date) -> int:
    """Calls answered on each working day, adding up to each year's figure exactly."""
    days_rows: list[dict] = []
    for start_year, total in figures.CALLS.items():
        first, last = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
        if first >= today:
            continue
        total = scaled(total, start_year, today)
        end = min(last, today - dt.timedelta(days=1))
        days = [
            first + dt.timedelta(days=i)
            for i in range((end - first).days + 1)
            if is_working_day(first + dt.timedelta(days=i), calendar=Calendar.ENGLAND_WALES)
        ]
        weights = [rng.uniform(0.8, 1.2) * (1.25 if d.weekday() == 0 else 1.0) for d in days]
        counts = _share(total, weights)
        days_rows += [{"date": d, "calls_answered": n} for d, n in zip(days, counts, strict=True)]
    copy_rows(days_rows, CallDay)
    return sum(r["calls_answered"] for r in days_rows)


def _share(total: int, weights: list[float]) -> list[int]:
    """`total` in whole numbers in proportion to the weights (largest remainders), summing exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
