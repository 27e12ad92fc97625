"""The benchmark's appropriate adult call-outs (COPY lines): a custody sergeant's request, who was
assigned, arrival (the response time as the services compute it), end and outcome; about 7% unfilled
and 4% cancelled, the last two days' still in progress. The detainee is a custody number only."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.conf import settings

from volunteers.models import CallOutStatus, Outcome, Rank, UnfilledReason

DAYS = 3652  # ten years
NULL = "\\N"
CALLOUT_ENDS = ((CallOutStatus.COMPLETED, 89), (CallOutStatus.UNFILLED, 7), (CallOutStatus.CANCELLED, 4))
IN_PROGRESS = (CallOutStatus.REQUESTED, CallOutStatus.ASSIGNED, CallOutStatus.ATTENDED)
REASONS = {
    CallOutStatus.UNFILLED: "No appropriate adult could attend.",
    CallOutStatus.CANCELLED: "The police no longer needed an appropriate adult.",
}


def _t(when: dt.datetime | None) -> str:
    return NULL if when is None else when.isoformat()


CALLOUT_COLUMNS = [
    "reference", "requested_at", "requested_on", "suite_id", "officer_rank", "officer_number",
    "custody_number", "detainee_age", "vulnerable_mental_health", "vulnerable_learning_disability",
    "vulnerable_autism", "vulnerable_other", "vulnerability_note", "attended_rights",
    "attended_interview", "attended_charge", "attended_search", "attended_identification",
    "attended_review", "volunteer_id", "assigned_at", "arrived_at", "response_minutes", "ended_at",
    "attendances", "outcome", "status", "unfilled_reason", "status_reason", "notes", "created_at",
    "updated_at",
]  # fmt: skip


def callout_lines(count: int, rng: random.Random, now: dt.datetime, suites, adults: list[int]):
    """Call-outs, oldest first, references numbered within each year (AA-2025-0001)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    ends = [s for s, w in CALLOUT_ENDS for _ in range(w)]
    starts: list[dt.datetime] = sorted(
        now - dt.timedelta(minutes=rng.randint(30, DAYS * 24 * 60)) for _ in range(count)
    )
    numbers: dict[int, int] = {}
    flag = lambda p: "t" if rng.random() < p else "f"  # noqa: E731
    for requested in starts:
        local = requested.astimezone(zone)
        day = local.date()
        number = numbers[day.year] = numbers.get(day.year, 0) + 1
        suite = rng.choice(suites)[0]
        status = rng.choice(ends) if now - requested > dt.timedelta(days=2) else rng.choice(IN_PROGRESS)
        staffed = status != CallOutStatus.UNFILLED and (
            status != CallOutStatus.CANCELLED or rng.random() < 0.3
        )
        staffed = staffed and status != CallOutStatus.REQUESTED and bool(adults)
        assigned = arrived = ended = None
        if staffed:
            assigned = requested + dt.timedelta(minutes=rng.randint(5, 40))
        if assigned and status in (CallOutStatus.ATTENDED, CallOutStatus.COMPLETED):
            arrived = min(assigned + dt.timedelta(minutes=rng.randint(20, 150)), now)
        if arrived and status == CallOutStatus.COMPLETED:
            ended = arrived + dt.timedelta(minutes=rng.randint(45, 360))
        response = str(int((arrived - requested).total_seconds() // 60)) if arrived else NULL
        juvenile = rng.random() < 0.25
        yield "\t".join(
            (
                f"AA-{day.year}-{number:04d}", _t(requested), day.isoformat(), str(suite),
                rng.choice((Rank.PS, Rank.PS, Rank.PS, Rank.DETENTION_OFFICER, Rank.PC)),
                str(rng.randint(1000, 99999)), f"{suite:03d}/{day:%y}/{number:05d}",
                "juvenile" if juvenile else "adult", flag(0.6), flag(0.2), flag(0.12), flag(0.1), "",
                "t", flag(0.75), flag(0.3), flag(0.2), flag(0.08), flag(0.25),
                str(rng.choice(adults)) if staffed else NULL, _t(assigned), _t(arrived), response, _t(ended),
                str(rng.choice((1, 1, 1, 2, 3))), rng.choice(Outcome.values) if ended else "", status,
                rng.choice(UnfilledReason.values) if status == CallOutStatus.UNFILLED else "",
                REASONS.get(status, ""),
                "", _t(requested), _t(ended or arrived or requested),
            )
        ) + "\n"  # fmt: skip
