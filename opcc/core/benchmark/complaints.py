"""Synthetic complaint reviews at national scale, written with PostgreSQL COPY.

All 43 forces over ten years hold roughly 80,000 to 180,000 applications for review; the default of
200,000 is a little above that. Each status gets a share and a plausible age (open cases are recent,
closed ones span ten years), so the clocks, "overdue" and "due within" filters select what they would
in an office. The clock dates use calendar days (+7 to acknowledge, +40 to decide) instead of the
working-day engine: close enough for timing, and cheap. Subjects, findings and recommendations are
added by INSERT ... SELECT. A marker row (`ReferenceCounter` key `benchmark-reviews`) records that
the reviews are the benchmark's own.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from complaints.models import (
    Channel,
    Finding,
    HandlingType,
    InvalidReason,
    PreferredChannel,
    Recommendation,
    Result,
    Review,
    Status,
    SubjectCategory,
)
from opcc.core.models import ReferenceCounter
from opcc.core.roles import REVIEWS_MANAGER

from .loader import _copy, _table

MARKER = "benchmark-reviews"
DEFAULT_REVIEWS = 200_000
DAYS = 3652  # ten years
ACKNOWLEDGE_DAYS, DECIDE_DAYS, WINDOW_DAYS = 7, 40, 28
REVIEWERS = 6

SEARCH_NAME = "Okafor"  # a surname in about one name in 40: the benchmark's name search
FIRST_NAMES = (
    "Aisha", "Amir", "Anna", "Ben", "Chloe", "Daniel", "David", "Deepa", "Ella", "Emma", "Fatima",
    "Grace", "Hannah", "Harry", "Imran", "Jack", "James", "Jasmine", "Kevin", "Laura", "Leah",
    "Liam", "Mark", "Mary", "Mohammed", "Natalie", "Oliver", "Olivia", "Omar", "Paul", "Priya",
    "Rachel", "Ryan", "Sam", "Sarah", "Sophie", "Tariq", "Thomas", "Yusuf", "Zara",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Ali", "Baker", "Bennett", "Brown", "Campbell", "Clarke", "Davies", "Evans", "Green",
    "Hall", "Hughes", "Hussain", "Jackson", "James", "Johnson", "Jones", "Khan", "Kaur", "Lewis",
    "Martin", "Morgan", "Murphy", "Nowak", "Okafor", "Patel", "Price", "Roberts", "Robinson",
    "Shah", "Singh", "Smith", "Taylor", "Thomas", "Thompson", "Walker", "White", "Williams",
    "Wilson", "Wright",
)  # fmt: skip
FORCES = ("WM", "MET", "GMP", "WY", "TVP", "KENT", "NORTH", "AVS", "SUR", "HANTS")

# (status, weight per thousand, youngest and oldest age in days of an application with it): about 3%
# still open (a few months' intake), most closed over ten years.
STATUSES = (
    (Status.RECEIVED, 5, 0, 10),
    (Status.ACKNOWLEDGED, 8, 3, 40),
    (Status.UNDER_REVIEW, 15, 10, 120),
    (Status.AWAITING_FORCE, 6, 20, 150),
    (Status.DECIDED, 10, 20, 200),
    (Status.RECOMMENDATIONS_OUTSTANDING, 10, 60, 700),
    (Status.FORWARDED, 40, 5, DAYS),
    (Status.INVALID, 60, 10, DAYS),
    (Status.OUT_OF_TIME, 50, 10, DAYS),
    (Status.WITHDRAWN, 50, 10, DAYS),
    (Status.CLOSED, 746, 60, DAYS),
)
REVIEWED = {Status.UNDER_REVIEW, Status.AWAITING_FORCE, Status.DECIDED, Status.RECOMMENDATIONS_OUTSTANDING}
DECIDED = {Status.DECIDED, Status.RECOMMENDATIONS_OUTSTANDING, Status.CLOSED}

COLUMNS = [
    "reference", "force_reference", "complainant_name", "complainant_email", "complainant_phone",
    "complainant_address", "complainant_postcode", "preferred_channel", "reasonable_adjustments",
    "representative_name", "representative_contact", "complaint_made_on", "handling_type", "summary",
    "review_info_given_on", "received_on", "received_channel", "window_ends_on", "in_time",
    "extension_reason", "valid", "invalid_reason", "invalid_note", "forwarded_on", "acknowledge_by",
    "decide_by", "acknowledged_on", "reviewer_id", "result", "result_reasons", "decided_on",
    "decided_by_id", "closed_on", "withdrawn_reason", "status", "status_changed_at", "entered_by_id",
    "created_at", "updated_at",
]  # fmt: skip
NULL = "\\N"


def marker_count() -> int | None:
    row = ReferenceCounter.objects.filter(key=MARKER).first()
    return None if row is None else row.last


def holds_other_reviews() -> bool:
    """True when the reviews table holds rows the benchmark did not write."""
    return Review.objects.exists() and not ReferenceCounter.objects.filter(key=MARKER).exists()


def benchmark_reviewers() -> list[int]:
    """A few Reviews managers (made on first use) the reviews are shared between."""
    group = Group.objects.get(name=REVIEWS_MANAGER)
    ids = []
    for n in range(1, REVIEWERS + 1):
        user, created = get_user_model().objects.get_or_create(
            username=f"benchmark-reviewer-{n}",
            defaults={"first_name": FIRST_NAMES[n * 7 % len(FIRST_NAMES)], "last_name": SURNAMES[n * 5]},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        ids.append(user.pk)
    return ids


def _d(day: dt.date | None) -> str:
    return NULL if day is None else day.isoformat()


def _plan(count: int, rng: random.Random, today: dt.date) -> list[tuple[dt.date, str]]:
    """(received on, status) per review, oldest first; the first rows take every status once."""
    weighted = [s for s, w, _, _ in STATUSES for _ in range(w)]
    ages = {s: (young, old) for s, _, young, old in STATUSES}
    rows: list[tuple[dt.date, str]] = []
    for i in range(count):
        status = STATUSES[i][0] if i < len(STATUSES) else rng.choice(weighted)
        young, old = ages[status]
        rows.append((today - dt.timedelta(days=rng.randint(young, old)), status))
    rows.sort(key=lambda r: r[0])
    return rows


def review_lines(count: int, *, rng: random.Random, today: dt.date, entered_by: int, reviewers: list[int]):
    """COPY lines, oldest first; references numbered within each calendar year (CR-2025-000001)."""
    numbers: dict[int, int] = {}
    for received, status in _plan(count, rng, today):
        number = numbers[received.year] = numbers.get(received.year, 0) + 1
        late = status == Status.OUT_OF_TIME
        info = received - dt.timedelta(days=rng.randint(35, 90) if late else rng.randint(1, 27))
        made = info - dt.timedelta(days=rng.randint(20, 200))
        window = info + dt.timedelta(days=WINDOW_DAYS)
        acknowledged = None
        if status not in (Status.RECEIVED, Status.FORWARDED):
            acknowledged = min(received + dt.timedelta(days=rng.randint(1, 6)), today)
        reviewer = rng.choice(reviewers) if status in REVIEWED | DECIDED else None
        decided = result = closed = None
        if status in DECIDED:
            decided = min(received + dt.timedelta(days=rng.randint(15, 60)), today)
            result = Result.UPHELD if rng.random() < 0.25 else Result.NOT_UPHELD
        if status == Status.CLOSED and decided is not None:
            closed = min(decided + dt.timedelta(days=rng.randint(0, 45)), today)
        forwarded = received + dt.timedelta(days=rng.randint(1, 4)) if status == Status.FORWARDED else None
        invalid = status == Status.INVALID
        valid = "t" if reviewer else ("f" if invalid else NULL)
        changed = closed or decided or forwarded or acknowledged or received
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        stamp = f"{received.isoformat()} 10:00:00+00"
        yield (
            "\t".join(
                (
                    f"CR-{received.year}-{number:06d}",
                    f"{FORCES[number % len(FORCES)]}/{received.year}/{rng.randrange(100000, 999999)}",
                    f"{first} {last}",
                    f"{first.lower()}.{last.lower()}{number}@example.org",
                    f"07700 {900000 + number % 100000}",
                    f"{1 + number % 200} Station Road",
                    f"B{1 + number % 99} {number % 10}AB",
                    PreferredChannel.values[number % 3],
                    "Large print letters." if number % 40 == 0 else "",
                    "",
                    "",
                    made.isoformat(),
                    HandlingType.values[number % 2],
                    "The force's handling of my complaint about an arrest.",
                    info.isoformat(),
                    received.isoformat(),
                    Channel.values[number % len(Channel.values)],
                    window.isoformat(),
                    "t" if received <= window else "f",
                    "",
                    valid,
                    InvalidReason.NO_RIGHT if invalid else "",
                    "No right of review." if invalid else "",
                    _d(forwarded),
                    (received + dt.timedelta(days=ACKNOWLEDGE_DAYS)).isoformat(),
                    (received + dt.timedelta(days=DECIDE_DAYS)).isoformat(),
                    _d(acknowledged),
                    NULL if reviewer is None else str(reviewer),
                    result or "",
                    "Reasons given in the outcome letter." if result else "",
                    _d(decided),
                    NULL if decided is None else str(reviewer),
                    _d(closed),
                    "The complainant withdrew." if status == Status.WITHDRAWN else "",
                    status,
                    f"{changed.isoformat()} 10:00:00+00",
                    str(entered_by),
                    stamp,
                    stamp,
                )
            )
            + "\n"
        )


def _insert_related(first_id: int, today: dt.date) -> tuple[int, int, int]:
    """Subjects (one or two each), findings (two decided reviews in three) and recommendations
    (every review with them outstanding, unanswered; half the closed upheld ones, answered)."""
    subjects = list(SubjectCategory.objects.order_by("pk").values_list("pk", flat=True)) or [
        SubjectCategory.objects.create(name="Benchmark subject").pk
    ]
    review, through = _table(Review), _table(Review.subjects.through)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {through} (review_id, subjectcategory_id)
            SELECT r.id, (%(subjects)s::bigint[])[1 + (r.id + k * 3) %% %(n)s]
            FROM {review} r CROSS JOIN generate_series(0, 1) AS k
            WHERE r.id >= %(first)s AND (k = 0 OR (r.id %% 3 = 0 AND %(n)s > 1))""",  # noqa: S608 (tables from model metadata)
            {"subjects": subjects, "n": len(subjects), "first": first_id},
        )
        links = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO {_table(Finding)} (review_id, allegation, outcome, reasons, created_at, updated_at)
            SELECT r.id, 'Allegation ' || (k + 1) || ': the officer was discourteous.',
                CASE WHEN r.result = %(upheld)s THEN 'not_reasonable' ELSE 'reasonable' END,
                'The force''s handling was considered against the evidence.', r.created_at, r.created_at
            FROM {review} r CROSS JOIN generate_series(0, 1) AS k
            WHERE r.id >= %(first)s AND r.decided_on IS NOT NULL AND r.id %% 3 <> 0
                AND (k = 0 OR r.id %% 4 = 0)""",  # noqa: S608 (tables from model metadata)
            {"upheld": Result.UPHELD.value, "first": first_id},
        )
        findings = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO {_table(Recommendation)} (review_id, text, sent_on, response_due,
                response_received_on, response, action_taken, created_at, updated_at)
            SELECT r.id, 'Review the guidance on recording complaints.', LEAST(r.decided_on + 5, %(today)s::date),
                LEAST(r.decided_on + 5, %(today)s::date) + 28,
                CASE WHEN r.status = %(outstanding)s THEN NULL ELSE LEAST(r.decided_on + 30, %(today)s::date) END,
                CASE WHEN r.status = %(outstanding)s THEN '' ELSE 'accepted' END, '', r.created_at, r.created_at
            FROM {review} r
            WHERE r.id >= %(first)s AND (r.status = %(outstanding)s
                OR (r.status = %(closed)s AND r.result = %(upheld)s AND r.id %% 2 = 0))""",  # noqa: S608 (tables from model metadata)
            {
                "today": today,
                "outstanding": Status.RECOMMENDATIONS_OUTSTANDING.value,
                "closed": Status.CLOSED.value,
                "upheld": Result.UPHELD.value,
                "first": first_id,
            },
        )
        return links, findings, cursor.rowcount


def _counters(first_id: int, count: int) -> None:
    """Each year's counter past its highest loaded number, and the marker."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT split_part(reference, '-', 2), MAX(split_part(reference, '-', 3)::int)
            FROM {_table(Review)} WHERE id >= %s GROUP BY 1""",  # noqa: S608 (model metadata)
            [first_id],
        )
        for year, last in cursor.fetchall():
            ReferenceCounter.objects.update_or_create(key=f"CR-{year}", defaults={"last": last})
    ReferenceCounter.objects.update_or_create(key=MARKER, defaults={"last": count})


def load_reviews(*, count: int, user, seed: int = 8, log=print) -> dict[str, float]:
    """Write the reviews and what hangs off them (one transaction), then ANALYZE their tables."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (repeatable synthetic data)
    today = timezone.localdate()
    with transaction.atomic():
        reviewers = benchmark_reviewers()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_table(Review)}")  # noqa: S608 (model metadata)
            first_id = int(cursor.fetchone()[0])
        loaded = _copy(
            Review,
            COLUMNS,
            review_lines(count, rng=rng, today=today, entered_by=user.pk, reviewers=reviewers),
        )
        log(f"  {loaded:,} complaint reviews in {time.perf_counter() - started:.1f} s")
        step = time.perf_counter()
        links, findings, recommendations = _insert_related(first_id, today)
        log(
            f"  {links:,} subject links, {findings:,} findings and {recommendations:,} recommendations "
            f"in {time.perf_counter() - step:.1f} s"
        )
        _counters(first_id, loaded)
    with connection.cursor() as cursor:
        for model in (Review, Review.subjects.through, Finding, Recommendation):
            cursor.execute(f"ANALYZE {_table(model)}")
    return {"reviews": loaded, "seconds": time.perf_counter() - started}
