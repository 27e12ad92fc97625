"""Demo custody visits from April 2019 to today: pairs of visitors active on the day, varied times,
the detainee counts (the published ones where there are any), issues and, lately, the checklist."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict

from opcc.core.demo import copy_rows
from opcc.core.models import CustodySuite
from volunteers.models import (
    CELLS,
    SUBCATEGORIES,
    ConditionItem,
    ConditionResult,
    CustodyVisit,
    IssueCategory,
    IssueStatus,
    Mode,
    NotOfferedReason,
    Scheme,
    VisitCondition,
    VisitCount,
    VisitIssue,
    VisitNotOffered,
)

from . import figures
from .common import active_on, bulk_save, days_gone, references, split, year_days

SUITE_WEIGHTS = {"Perry Barr": 4, "Oldbury": 3, "Wolverhampton": 3, "Coventry": 2}
# Arrival hours by time of day: mostly daytime, some evenings and nights (the Code asks for variety).
HOURS = (6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 1, 2, 3)
RESPONSES = (
    "The sergeant arranged it straight away.",
    "Custody staff agreed to look into it and report back.",
    "Passed to the custody inspector.",
)


def cell_totals(start_year: int, visits: int) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """A year's (detained, offered, accepted, refused) per cell: published for 2019/20, else plausible."""
    if start_year == 2019:
        return dict(figures.DETAINEES_2019)
    accepted = figures.ACCEPTED.get(start_year, visits * 6)
    cells = {}
    shares = list(figures.CELL_SHARES.items())
    given = 0
    for cell, share in shares[1:]:
        cells[cell] = round(accepted * share)
        given += cells[cell]
    cells[shares[0][0]] = accepted - given
    out = {}
    for cell, a in cells.items():
        r = round(a * figures.REFUSED_PER_ACCEPTED)
        out[cell] = (round((a + r) * figures.DETAINED_PER_OFFERED), a + r, a, r)
    return out


def _times(rng: random.Random) -> tuple[dt.time, dt.time, dt.time]:
    hour = rng.choice(HOURS)
    arrived = dt.datetime(2000, 1, 1, hour, rng.randrange(0, 60, 5))
    admitted = arrived + dt.timedelta(minutes=rng.choice((0, 2, 3, 5, 5, 8, 10, 15, 25)))
    left = admitted + dt.timedelta(minutes=rng.randint(40, 130))
    return arrived.time(), admitted.time(), left.time()


def build(rng: random.Random, today: dt.date, people, suites: dict[str, CustodySuite]) -> list[CustodyVisit]:
    """Every year's visits with their counts attached as `_demo_counts` (written after the visits)."""
    icvs = [p.volunteer for p in people if Scheme.ICV in p.volunteer.schemes and p.volunteer.appointed_on]
    available = functools.cache(lambda day: [v for v in icvs if active_on(v, day)])
    weighted = [name for name, weight in SUITE_WEIGHTS.items() for _ in range(weight)]
    visits: list[CustodyVisit] = []
    for start_year, planned in figures.VISITS.items():
        first, last = year_days(start_year, today)
        if first > today:
            continue
        n = round(planned * days_gone(first, last))
        span = (last - first).days + 1
        year_visits = []
        for i in range(n):
            day = min(first + dt.timedelta(days=i * span // n + rng.randint(0, 2)), last)
            # The first four of 2019/20 go one to each suite, so every one of the four is visited.
            name = figures.SUITES_2019[i] if start_year == 2019 and i < 4 else rng.choice(weighted)
            arrived, admitted, left = _times(rng)
            visit = CustodyVisit(
                suite=suites[name],
                visited_on=day,
                arrived_at=arrived,
                admitted_at=admitted,
                left_at=left,
                admission_delay_minutes=(
                    dt.datetime.combine(day, admitted) - dt.datetime.combine(day, arrived)
                ).seconds
                // 60,
                mode=Mode.TELEPHONE if start_year == 2020 and rng.random() < 0.7 else Mode.FACE_TO_FACE,
                detainees_present=0,
                report_submitted_on=min(day + dt.timedelta(days=rng.randint(0, 3)), today)
                if day < today - dt.timedelta(days=7)
                else None,
            )
            pair = rng.sample(available(day), 2)
            visit._demo_pair = pair  # type: ignore[attr-defined]
            year_visits.append(visit)
        _spread_counts(rng, year_visits, cell_totals(start_year, n))
        visits.extend(year_visits)
    references(visits, "ICV", lambda v: (v.visited_on, v.arrived_at))
    return visits


def _spread_counts(rng: random.Random, visits: list[CustodyVisit], totals) -> None:
    if not visits:
        return
    order = list(range(len(visits)))
    for cell in CELLS:
        detained, offered, accepted, refused = totals[cell]
        rng.shuffle(order)
        parts = zip(
            split(accepted, len(visits)),
            split(refused, len(visits)),
            split(detained - offered, len(visits)),
            strict=True,
        )
        for index, (a, r, extra) in zip(order, parts, strict=True):
            counts = visits[index].__dict__.setdefault("_demo_counts", {})
            counts[cell] = (a + r + extra, a + r, a, r)
    for visit in visits:
        visit.detainees_present = sum(c[0] for c in visit._demo_counts.values())  # type: ignore[attr-defined]


def save(visits: list[CustodyVisit], rng: random.Random, today: dt.date, *, since: dt.date, by) -> None:
    saved = bulk_save(visits, CustodyVisit, since=since, when=lambda v: v.visited_on, by=by)
    through = CustodyVisit.visitors.through
    pairs, counts, issues, conditions, not_offered = [], [], [], [], []
    for visit in saved:
        original = visit
        for volunteer in original._demo_pair:  # type: ignore[attr-defined]
            pairs.append(through(custodyvisit_id=visit.pk, volunteer_id=volunteer.pk))
        for (age, sex), (d, o, a, r) in original._demo_counts.items():  # type: ignore[attr-defined]
            counts.append(
                {
                    "visit_id": visit.pk,
                    "age_group": age,
                    "sex": sex,
                    "detained": d,
                    "offered": o,
                    "accepted": a,
                    "refused": r,
                }
            )
        if rng.random() < 0.22:
            issues.append(_issue(rng, visit, today, by))
        if visit.visited_on >= dt.date(2025, 4, 1):
            conditions.extend(_checklist(rng, visit))
            not_offered.extend(_not_offered(rng, visit, original._demo_counts))  # type: ignore[attr-defined]
    through.objects.bulk_create(pairs)
    copy_rows(counts, VisitCount)
    VisitCondition.objects.bulk_create(conditions)
    VisitNotOffered.objects.bulk_create(not_offered)
    _open_issues(rng, saved, today, by, issues)
    bulk_save(issues, VisitIssue, since=since, when=lambda i: i.raised_on, by=by)


def _issue(rng: random.Random, visit: CustodyVisit, today: dt.date, by, *, closed: bool = True) -> VisitIssue:
    category = rng.choice(list(IssueCategory))
    value, label = rng.choice(SUBCATEGORIES[category])
    closed_on = visit.visited_on + dt.timedelta(days=rng.choice((2, 5, 9, 14, 21, 30, 45, 70)))
    done = closed and closed_on <= today - dt.timedelta(days=3)
    return VisitIssue(
        visit=visit,
        category=category,
        subcategory=value,
        description=f"{label}: raised by the visitors with the custody sergeant.",
        raised_at_time=rng.random() < 0.85,
        staff_response=rng.choice(RESPONSES),
        follow_up_owner=by,
        status=IssueStatus.CLOSED if done else rng.choice((IssueStatus.OPEN, IssueStatus.ESCALATED)),
        raised_on=visit.visited_on,
        closed_on=closed_on if done else None,
        outcome="Resolved with custody staff." if done else "",
    )


def _open_issues(rng, visits: list[CustodyVisit], today: dt.date, by, issues: list[VisitIssue]) -> None:
    """A few open issues this year: some past 28 days (the dashboard's panel), some recent."""
    recent = [v for v in visits if today - dt.timedelta(days=80) <= v.visited_on < today]
    for visit in recent[:: max(len(recent) // 5, 1)][:5]:
        issues.append(_issue(rng, visit, today, by, closed=False))


def _checklist(rng: random.Random, visit: CustodyVisit) -> list[VisitCondition]:
    rows = []
    for item in ConditionItem:
        result = ConditionResult.UNSATISFACTORY if rng.random() < 0.08 else ConditionResult.SATISFACTORY
        note = "Reported to the custody inspector." if result == ConditionResult.UNSATISFACTORY else ""
        rows.append(VisitCondition(visit=visit, item=item, result=result, note=note))
    return rows


def _not_offered(rng: random.Random, visit: CustodyVisit, counts) -> list[VisitNotOffered]:
    missing = sum(d - o for d, o, _a, _r in counts.values())
    reasons: dict[str, int] = defaultdict(int)
    for _ in range(missing):
        reasons[rng.choice((NotOfferedReason.ASLEEP, NotOfferedReason.INTERVIEW, NotOfferedReason.RISK))] += 1
    return [VisitNotOffered(visit=visit, reason=r, count=c) for r, c in reasons.items()]
