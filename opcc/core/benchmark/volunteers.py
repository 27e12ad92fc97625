"""Synthetic custody schemes data at national scale (all 43 forces), written with PostgreSQL COPY.

For `--volunteers 2000` (the default): about 160 custody suites (a few closed, a few opened during
the ten years), 2,000 volunteers (about 60% active, the rest leavers and people on their way in),
their required training, 40,000 custody visits by pairs of custody visitors with the six detainee
count rows each (every row keeping the database's rules), 15,000 issues raised on them (recent
ones still open) and 150,000 appropriate adult call-outs over ten years (about 7% unfilled, 4%
cancelled, the last two days' still in progress). Everything scales with the number of volunteers.
A marker row (`ReferenceCounter` key `benchmark-volunteers`) records that the rows are the
benchmark's own; the reference counters are set past the loaded `ICV-` and `AA-` numbers.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from opcc.core.models import CustodySuite, PolicingArea, ReferenceCounter
from volunteers.models import (
    CELLS,
    SUBCATEGORIES,
    CallOut,
    Course,
    CustodyVisit,
    IssueStatus,
    Mode,
    NotOfferedReason,
    Scheme,
    TrainingRecord,
    VettingLevel,
    VisitCount,
    VisitIssue,
    VisitNotOffered,
    Volunteer,
    VolunteerStatus,
    add_years,
)

from .complaints import FIRST_NAMES, SURNAMES
from .loader import _copy, _next_id, _reset_sequence, _table
from .volunteer_callouts import CALLOUT_COLUMNS, callout_lines

MARKER = "benchmark-volunteers"
DEFAULT_VOLUNTEERS = 2_000
DAYS = 3652  # ten years
VISITS_EACH, ISSUES_EACH, CALLOUTS_EACH = 20, 7.5, 75  # per volunteer: 40,000 / 15,000 / 150,000
SEARCH_NAME = "Okafor"  # a surname in about one name in 40: the volunteer list's name search
NULL = "\\N"

# The 43 forces of England and Wales, each with two to five custody suites.
FORCES = (
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
    "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside",
    "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Metropolitan", "Norfolk",
    "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire",
    "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley",
    "Warwickshire", "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
)  # fmt: skip
STATUSES = (  # volunteer status, weight
    (VolunteerStatus.ACTIVE, 60),
    (VolunteerStatus.LEFT, 25),
    (VolunteerStatus.SUSPENDED, 2),
    (VolunteerStatus.APPLICANT, 4),
    (VolunteerStatus.INTERVIEWED, 2),
    (VolunteerStatus.REFERENCES, 2),
    (VolunteerStatus.VETTING, 2),
    (VolunteerStatus.TRAINING, 3),
)


def marker_count() -> int | None:
    row = ReferenceCounter.objects.filter(key=MARKER).first()
    return None if row is None else row.last


def holds_other_volunteers() -> bool:
    """True when the module's tables hold rows the benchmark did not write."""
    has_rows = Volunteer.objects.exists() or CustodyVisit.objects.exists() or CallOut.objects.exists()
    return has_rows and not ReferenceCounter.objects.filter(key=MARKER).exists()


def _d(day: dt.date | None) -> str:
    return NULL if day is None else day.isoformat()


def _suites(rng: random.Random, today: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """The forces' suites (made once): (id, first day, last day) each may be visited."""
    start = today - dt.timedelta(days=DAYS)
    made = []
    for force in FORCES:
        for n in range(1, rng.randint(2, 5) + 1):
            opened = closed = None
            if rng.random() < 0.06:
                opened = start + dt.timedelta(days=rng.randint(300, DAYS - 400))
            elif rng.random() < 0.08:
                closed = today - dt.timedelta(days=rng.randint(200, DAYS - 300))
            made.append(
                CustodySuite(
                    name=f"{force} custody suite {n}",
                    opened_on=opened,
                    closed_on=closed,
                    weekly_visit_target=0 if rng.random() < 0.05 else 1,
                )
            )
    CustodySuite.objects.bulk_create(made)
    names = [s.name for s in made]
    rows = CustodySuite.objects.filter(name__in=names).values_list("pk", "opened_on", "closed_on")
    return [(pk, max(start, opened or start), min(today, closed or today)) for pk, opened, closed in rows]


VOLUNTEER_COLUMNS = [
    "id", "first_name", "last_name", "scheme", "email", "phone", "address", "postcode", "area_id",
    "team", "status", "status_changed_on", "status_reason", "applied_on", "appointed_on",
    "reaccreditation_due_on", "left_on", "vetting_level", "vetting_cleared_on", "vetting_expires_on",
    "independence_declared_on", "created_at", "updated_at",
]  # fmt: skip


def volunteer_lines(count: int, first_id: int, rng: random.Random, today: dt.date, areas: list[int]):
    """Volunteers: half custody visitors, a third appropriate adults, the rest both. Active ones
    mostly in date (about 3% with vetting or accreditation run out, 3% expiring within 60 days)."""
    weighted = [s for s, w in STATUSES for _ in range(w)]
    for i in range(count):
        status = STATUSES[i][0] if i < len(STATUSES) else rng.choice(weighted)
        scheme = (Scheme.ICV, Scheme.ICV, Scheme.ICV, Scheme.AA, Scheme.AA, Scheme.BOTH)[i % 6]
        applied = today - dt.timedelta(days=rng.randint(30, DAYS))
        appointed: dt.date | None = None
        reaccredit = cleared = expires = left = None
        if status in (VolunteerStatus.ACTIVE, VolunteerStatus.SUSPENDED, VolunteerStatus.LEFT):
            appointed = day = min(applied + dt.timedelta(days=rng.randint(60, 180)), today)
            cleared = day - dt.timedelta(days=20)
            expires = cleared + dt.timedelta(days=rng.randint(1500, 2500))
            reaccredit = add_years(day, 3)
            while reaccredit < today and status == VolunteerStatus.ACTIVE:
                reaccredit = add_years(reaccredit, 3)
            roll = rng.random()
            if status == VolunteerStatus.ACTIVE and roll < 0.03:
                expires = today - dt.timedelta(days=rng.randint(1, 200))
            elif status == VolunteerStatus.ACTIVE and roll < 0.06:
                expires = today + dt.timedelta(days=rng.randint(0, 59))
            elif status == VolunteerStatus.ACTIVE:
                expires = max(expires, today + dt.timedelta(days=rng.randint(60, 1500)))
            expires = max(expires, cleared + dt.timedelta(days=1))
        if status == VolunteerStatus.LEFT:
            left = min(day + dt.timedelta(days=rng.randint(200, 2000)), today)
        changed: dt.date = left or appointed or applied
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        reason = {VolunteerStatus.LEFT: "Moved away.", VolunteerStatus.SUSPENDED: "Pending a review."}
        stamp = f"{applied.isoformat()} 10:00:00+00"
        yield "\t".join(
            (
                str(first_id + i), first, last, scheme, f"{first.lower()}.{last.lower()}{i}@example.org",
                f"07700 {900000 + i % 100000}", f"{1 + i % 200} Station Road", f"B{1 + i % 99} {i % 10}AB",
                str(areas[i % len(areas)]) if areas else NULL, f"Team {1 + i % 12}", status,
                changed.isoformat(), reason.get(status, ""), applied.isoformat(), _d(appointed),
                _d(reaccredit), _d(left), VettingLevel.NPPV2 if cleared else "", _d(cleared), _d(expires),
                _d(cleared), stamp, stamp,
            )
        ) + "\n"  # fmt: skip


def _insert_training(first_id: int) -> int:
    """Each appointed volunteer's required courses, done before appointment; refreshers in date."""
    courses = list(Course.objects.filter(active=True))
    total = 0
    with connection.cursor() as cursor:
        for course in courses:
            schemes = [s for s in (Scheme.ICV, Scheme.AA) if course.required_for(frozenset({s}))]
            if not schemes:
                continue
            expires = "NULL" if not course.valid_months else "CURRENT_DATE + 100 + (v.id %% 600)::int"
            cursor.execute(
                f"""INSERT INTO {_table(TrainingRecord)} (volunteer_id, course_id, completed_on, expires_on,
                    created_at, updated_at)
                SELECT v.id, %(course)s, v.appointed_on - 10, {expires}, v.created_at, v.created_at
                FROM {_table(Volunteer)} v
                WHERE v.id >= %(first)s AND v.appointed_on IS NOT NULL AND v.scheme = ANY(%(schemes)s)""",  # noqa: S608 (tables from model metadata)
                {"course": course.pk, "first": first_id, "schemes": [*schemes, Scheme.BOTH]},
            )
            total += cursor.rowcount
    return total


VISIT_COLUMNS = [
    "id", "reference", "suite_id", "visited_on", "arrived_at", "admitted_at", "left_at",
    "admission_delay_minutes", "mode", "pair_exception", "detainees_present", "report_submitted_on",
    "notes", "created_at", "updated_at",
]  # fmt: skip


def _visit_plan(count: int, rng: random.Random, suites) -> list[tuple[int, dt.date]]:
    """(suite id, day) per visit, oldest first; the last week has a visit at one suite in three."""
    plan = []
    for _ in range(count):
        suite, first, last = rng.choice(suites)
        plan.append((suite, first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))))
    plan.sort(key=lambda p: p[1])
    return plan


def visit_rows(count: int, first_id: int, rng: random.Random, today: dt.date, suites, visitors: list[int]):
    """Yield (visit line, visitor lines, count lines, not-offered line or "")."""
    numbers: dict[int, int] = {}
    for i, (suite, day) in enumerate(_visit_plan(count, rng, suites)):
        pk = first_id + i
        number = numbers[day.year] = numbers.get(day.year, 0) + 1
        night = rng.random() < 0.12
        arrive = dt.datetime.combine(day, dt.time(rng.randint(0, 3) if night else rng.randint(7, 20)))
        arrive += dt.timedelta(minutes=rng.randrange(0, 60, 5))
        delay = rng.choice((0, 0, 0, 2, 5, 5, 10, 15, 25))
        admitted = arrive + dt.timedelta(minutes=delay)
        left = admitted + dt.timedelta(minutes=rng.randint(30, 120))
        left = min(left, dt.datetime.combine(day, dt.time(23, 59)))
        cells, present, not_offered = [], 0, 0
        for age, sex in CELLS:
            top = {("adult", "male"): 14, ("adult", "female"): 4}.get((age, sex), 1)
            detained = rng.randint(0, top)
            offered = detained - (rng.randint(0, detained) if detained and rng.random() < 0.3 else 0)
            accepted = rng.randint(0, offered)
            cells.append(f"{pk}\t{age}\t{sex}\t{detained}\t{offered}\t{accepted}\t{offered - accepted}\n")
            present += detained
            not_offered += detained - offered
        reason = rng.choice(NotOfferedReason.values)
        pair = rng.sample(visitors, 2) if len(visitors) > 1 else visitors
        report = (
            min(day + dt.timedelta(days=rng.randint(0, 5)), today)
            if day < today - dt.timedelta(days=7)
            else None
        )
        stamp = f"{day.isoformat()} 12:00:00+00"
        visit = "\t".join((
            str(pk), f"ICV-{day.year}-{number:04d}", str(suite), day.isoformat(), arrive.time().isoformat(),
            admitted.time().isoformat(), left.time().isoformat(), str(delay),
            Mode.FACE_TO_FACE if rng.random() < 0.95 else Mode.TELEPHONE, "", str(present), _d(report), "",
            stamp, stamp,
        ))  # fmt: skip
        yield (
            visit + "\n",
            "".join(f"{pk}\t{v}\n" for v in pair),
            "".join(cells),
            f"{pk}\t{reason}\t{not_offered}\n" if not_offered else "",
        )


def _write_visits(
    count: int, rng: random.Random, today: dt.date, suites, visitors: list[int]
) -> tuple[int, int]:
    """COPY the visits, then their visitors, counts and reasons not offered (kept in memory: 40,000
    visits make about 400,000 short lines)."""
    first_id = _next_id(CustodyVisit)
    pairs, cells, reasons = [], [], []

    def visits():
        for visit, pair, grid, reason in visit_rows(count, first_id, rng, today, suites, visitors):
            pairs.append(pair)
            cells.append(grid)
            if reason:
                reasons.append(reason)
            yield visit

    loaded = _copy(CustodyVisit, VISIT_COLUMNS, visits())
    _copy(CustodyVisit.visitors.through, ["custodyvisit_id", "volunteer_id"], iter(pairs))
    _copy(
        VisitCount,
        ["visit_id", "age_group", "sex", "detained", "offered", "accepted", "refused"],
        iter(cells),
    )
    _copy(VisitNotOffered, ["visit_id", "reason", "count"], iter(reasons))
    return first_id, loaded


def _insert_issues(count: int, first_visit: int, today: dt.date, user_id: int) -> int:
    """Issues on a random spread of the loaded visits: closed within 90 days, except 3% of the old
    ones and about half of those raised in the last 60 days."""
    subcategories = [(c, s) for c, items in SUBCATEGORIES.items() for s, _ in items]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH picked AS (
                SELECT v.id, v.visited_on, row_number() OVER () AS n
                FROM {_table(CustodyVisit)} v, generate_series(1, 2) AS k
                WHERE v.id >= %(first)s ORDER BY md5(v.id::text || k::text) LIMIT %(count)s
            ), shaped AS (
                SELECT p.*, (%(cats)s::text[])[1 + p.n %% %(ncat)s] AS cat,
                    (%(subs)s::text[])[1 + p.n %% %(ncat)s] AS sub,
                    CASE WHEN p.visited_on >= %(today)s::date - 60 THEN p.n %% 2 = 0 ELSE p.n %% 33 <> 0 END
                        AS closed
                FROM picked p
            )
            INSERT INTO {_table(VisitIssue)} (visit_id, category, subcategory, description, raised_at_time,
                staff_response, follow_up_owner_id, status, raised_on, closed_on, outcome, created_at, updated_at)
            SELECT s.id, s.cat, s.sub, 'Raised with the custody sergeant during the visit.', s.n %% 5 <> 0,
                CASE WHEN s.n %% 5 <> 0 THEN 'The sergeant said it would be put right.' ELSE '' END,
                CASE WHEN s.n %% 3 = 0 THEN %(user)s END,
                CASE WHEN s.closed THEN %(closed)s WHEN s.n %% 7 = 0 THEN %(escalated)s ELSE %(open)s END,
                s.visited_on, CASE WHEN s.closed THEN LEAST(s.visited_on + (1 + s.n %% 90)::int, %(today)s::date) END,
                CASE WHEN s.closed THEN 'Resolved with the custody inspector.' ELSE '' END,
                s.visited_on + time '18:00', s.visited_on + time '18:00'
            FROM shaped s""",  # noqa: S608 (tables from model metadata)
            {
                "first": first_visit,
                "count": count,
                "cats": [c for c, _ in subcategories],
                "subs": [s for _, s in subcategories],
                "ncat": len(subcategories),
                "today": today,
                "user": user_id,
                "closed": IssueStatus.CLOSED.value,
                "escalated": IssueStatus.ESCALATED.value,
                "open": IssueStatus.OPEN.value,
            },
        )
        return cursor.rowcount


def _counters(loaded: int) -> None:
    """Each year's ICV- and AA- counter past its highest loaded number, and the marker."""
    with connection.cursor() as cursor:
        for model, prefix in ((CustodyVisit, "ICV"), (CallOut, "AA")):
            cursor.execute(
                f"""SELECT split_part(reference, '-', 2), MAX(split_part(reference, '-', 3)::int)
                FROM {_table(model)} WHERE reference LIKE %s GROUP BY 1""",  # noqa: S608 (model metadata)
                [f"{prefix}-%"],
            )
            for year, last in cursor.fetchall():
                ReferenceCounter.objects.update_or_create(key=f"{prefix}-{year}", defaults={"last": last})
    ReferenceCounter.objects.update_or_create(key=MARKER, defaults={"last": loaded})


def load_volunteers(*, count: int, user, seed: int = 8, log=print) -> dict[str, float]:
    """Write the suites, volunteers, visits, issues and call-outs (one transaction), then ANALYZE."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (repeatable synthetic data)
    today, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        suites = _suites(rng, today)
        areas = list(PolicingArea.objects.order_by("pk").values_list("pk", flat=True))
        first_volunteer = _next_id(Volunteer)
        people = _copy(
            Volunteer, VOLUNTEER_COLUMNS, volunteer_lines(count, first_volunteer, rng, today, areas)
        )
        training = _insert_training(first_volunteer)
        log(f"  {len(suites)} custody suites, {people:,} volunteers and {training:,} training records")
        mine = Volunteer.objects.filter(pk__gte=first_volunteer, appointed_on__isnull=False).order_by("pk")
        visitors = list(mine.filter(scheme__in=[Scheme.ICV, Scheme.BOTH]).values_list("pk", flat=True))
        adults = list(mine.filter(scheme__in=[Scheme.AA, Scheme.BOTH]).values_list("pk", flat=True))
        step = time.perf_counter()
        first_visit, visits = _write_visits(count * VISITS_EACH, rng, today, suites, visitors)
        issues = _insert_issues(int(count * ISSUES_EACH), first_visit, today, user.pk)
        log(
            f"  {visits:,} custody visits (6 count rows each) and {issues:,} issues in {time.perf_counter() - step:.1f} s"
        )
        step = time.perf_counter()
        callouts = _copy(
            CallOut, CALLOUT_COLUMNS, callout_lines(count * CALLOUTS_EACH, rng, now, suites, adults)
        )
        log(f"  {callouts:,} call-outs in {time.perf_counter() - step:.1f} s")
        for model in (Volunteer, CustodyVisit):
            _reset_sequence(model)
        _counters(people)
        step = time.perf_counter()
    log(f"  committed (the deferred foreign key checks) in {time.perf_counter() - step:.1f} s")
    with connection.cursor() as cursor:
        for table in (
            CustodySuite, Volunteer, TrainingRecord, CustodyVisit, CustodyVisit.visitors.through,
            VisitCount, VisitNotOffered, VisitIssue, CallOut,
        ):  # fmt: skip
            cursor.execute(f"ANALYZE {_table(table)}")
    return {
        "volunteers": people,
        "visits": visits,
        "callouts": callouts,
        "seconds": time.perf_counter() - started,
    }
