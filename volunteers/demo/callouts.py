"""Demo appropriate adult call-outs from April 2019 to today: the completed ones per year as published
(detainees supported), 828 attendances in 2019/20, a few unfilled and cancelled every year, and this
week's requests still in hand (requested, assigned, attended) plus an unfilled one this month."""

from __future__ import annotations

import datetime as dt
import functools
import random
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from opcc.core.demo import copy_rows
from opcc.core.models import CustodySuite
from volunteers.models import CallOut, CallOutStatus, Outcome, Rank, Scheme, UnfilledReason

from . import figures
from .common import active_on, days_gone, references, split, year_days

SUITE_CODES = {"Perry Barr": "PB", "Oldbury": "OB", "Wolverhampton": "WV", "Coventry": "CV"}
VULNERABILITIES = ("mental_health",) * 11 + ("learning_disability",) * 4 + ("autism",) * 3 + ("other",) * 2
OUTCOMES = [Outcome.NFA, Outcome.CHARGED, Outcome.BAILED, Outcome.RUI, Outcome.RUI, Outcome.CAUTIONED]


def _requested(rng: random.Random, day: dt.date) -> dt.datetime:
    if day >= timezone.localdate():  # today's requests: a few hours ago
        return timezone.now() - dt.timedelta(minutes=rng.randint(300, 360))
    hour = rng.choice((0, 2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(0, 60))))


def _callout(rng, day: dt.date, suite: CustodySuite, status: str, available, n: int) -> dict[str, Any]:
    """One call-out's field values (a dict: old ones are written by COPY without model objects)."""
    requested = _requested(rng, day)
    day = timezone.localtime(requested).date()
    row: dict[str, Any] = {
        "requested_at": requested,
        "requested_on": day,
        "suite_id": suite.pk,
        "officer_rank": rng.choice((Rank.PS, Rank.PS, Rank.DETENTION_OFFICER, Rank.DC)),
        "officer_number": str(rng.randint(1000, 9999)),
        "custody_number": f"{SUITE_CODES.get(suite.name, 'WM')}/{n:05d}/{day:%y}",
        "status": status,
    }
    for vulnerability in {rng.choice(VULNERABILITIES) for _ in range(rng.choice((1, 1, 2)))}:
        row[f"vulnerable_{vulnerability}"] = True
    if status in (CallOutStatus.UNFILLED, CallOutStatus.CANCELLED):
        unfilled = status == CallOutStatus.UNFILLED
        row["unfilled_reason"] = rng.choice(list(UnfilledReason)) if unfilled else ""
        row["status_reason"] = "No appropriate adult was free in time." if unfilled else "Detainee released."
        return row
    row["volunteer_id"] = rng.choice(available(day)).pk
    row["assigned_at"] = requested + dt.timedelta(minutes=rng.randint(3, 15))
    if status == CallOutStatus.ASSIGNED:
        return row
    minutes = rng.choice((20, 25, 30, 35, 40, 45, 50, 55, 60, 70, 80, 95, 120))
    row |= {
        "response_minutes": minutes,
        "arrived_at": requested + dt.timedelta(minutes=minutes),
        "attended_rights": True,
        "attended_interview": rng.random() < 0.8,
        "attended_charge": rng.random() < 0.3,
        "attended_review": rng.random() < 0.2,
        "attended_search": rng.random() < 0.1,
    }
    if status == CallOutStatus.COMPLETED:
        row["ended_at"] = row["arrived_at"] + dt.timedelta(minutes=rng.randint(60, 300))
        row["outcome"] = rng.choice(OUTCOMES)
    return row


def build(
    rng: random.Random, today: dt.date, people, suites: dict[str, CustodySuite]
) -> list[dict[str, Any]]:
    aas = [p.volunteer for p in people if Scheme.AA in p.volunteer.schemes and p.volunteer.appointed_on]
    available = functools.cache(lambda day: [v for v in aas if active_on(v, day)])
    names = list(suites)
    out: list[dict[str, Any]] = []
    number = 0
    for start_year, supported in figures.SUPPORTED.items():
        first, last = year_days(start_year, today)
        if first > today:
            continue
        share = days_gone(first, last)
        completed = round(supported * share)
        statuses = [CallOutStatus.COMPLETED] * completed
        statuses += [CallOutStatus.UNFILLED] * round(completed * figures.UNFILLED_SHARE)
        statuses += [CallOutStatus.CANCELLED] * round(completed * figures.CANCELLED_SHARE)
        rng.shuffle(statuses)
        span = (last - first).days + 1
        year = []
        for i, status in enumerate(statuses):
            number += 1
            day = first + dt.timedelta(days=i * span // len(statuses))
            year.append(_callout(rng, day, suites[rng.choice(names)], status, available, number))
        _attendances(rng, [c for c in year if c["status"] == CallOutStatus.COMPLETED], start_year)
        out.extend(year)
    for status in (
        CallOutStatus.REQUESTED,
        CallOutStatus.ASSIGNED,
        CallOutStatus.ATTENDED,
        CallOutStatus.UNFILLED,
    ):
        number += 1
        out.append(_callout(rng, today, suites[rng.choice(names)], status, available, number))
    references(out, "AA", lambda c: (c["requested_on"], c["requested_at"]))
    return out


def _attendances(rng: random.Random, completed: list[dict[str, Any]], start_year: int) -> None:
    """Visits to the suite per detainee: the published total for 2019/20, about 1.3 each otherwise."""
    total = figures.ATTENDANCES.get(start_year, round(len(completed) * 1.3))
    extra = split(total - len(completed), len(completed)) if completed else []
    order = list(range(len(completed)))
    rng.shuffle(order)
    for index, more in zip(order, extra, strict=True):
        completed[index]["attendances"] = 1 + more


def save(callouts: list[dict[str, Any]], *, since: dt.date, by) -> None:
    """Past years by COPY; this year's as records with their history rows."""
    copy_rows([c for c in callouts if c["requested_on"] < since], CallOut)
    current = [CallOut(**c) for c in callouts if c["requested_on"] >= since]
    bulk_create_with_history(current, CallOut, default_user=by, default_change_reason="Demo record")
