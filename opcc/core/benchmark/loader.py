"""Synthetic grants data at a chosen scale, written with PostgreSQL COPY (psycopg 3).

Rows are spread over ten financial years ending with the current one, charged to the Helping
Communities Fund's lines (one per policing area valid that year), about 40% awarded with their award
rows. Names and titles come from word lists with a seeded random generator, so a run is repeatable.
A marker row (`ReferenceCounter` key `benchmark`) records that the data is the benchmark's own.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from grants.models import (
    AllocationLine,
    Application,
    Award,
    Fund,
    FundYear,
    Organisation,
    Status,
    normalise_name,
)
from opcc.audit.models import AccessEvent, Action
from opcc.core.benchmark.related import insert_payments_and_themes
from opcc.core.benchmark.words import ACTIVITIES, ADJECTIVES, GROUPS, NOUNS, PLACES, SUFFIXES
from opcc.core.models import FinancialYear, PolicingArea, ReferenceCounter

MARKER = "benchmark"
YEARS = 10
BATCH = 20_000

SEARCH_WORD = "Climbing"  # a word in about one title in 24: what the benchmark's word search uses
# Statuses and weights: about 40% end with an award (approved and after).
STATUSES = (
    (Status.DRAFT, 4),
    (Status.SUBMITTED, 8),
    (Status.ELIGIBILITY_CHECK, 5),
    (Status.INELIGIBLE, 6),
    (Status.ASSESSED, 6),
    (Status.REJECTED, 22),
    (Status.RETURNED, 4),
    (Status.WITHDRAWN, 5),
    (Status.APPROVED, 4),
    (Status.AGREEMENT_SIGNED, 5),
    (Status.PAID, 6),
    (Status.MONITORING_DUE, 5),
    (Status.CLOSED, 20),
)
# Earlier years are decided and done: nothing there still waits for a check or a decision (as in an
# office's real data), and about 40% of applications are awarded in every year.
PAST_STATUSES = (
    (Status.INELIGIBLE, 10),
    (Status.REJECTED, 42),
    (Status.WITHDRAWN, 8),
    (Status.PAID, 2),
    (Status.MONITORING_DUE, 4),
    (Status.CLOSED, 34),
)
AWARDED = {Status.APPROVED, Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE, Status.CLOSED}
TYPES = tuple(Organisation.Type.values)


@dataclass
class LoadResult:
    applications: int = 0
    organisations: int = 0
    awards: int = 0
    payments: int = 0
    theme_links: int = 0
    audit_events: int = 0
    seconds: float = 0.0
    reused: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def marker_counts() -> tuple[int, int] | None:
    """(applications, organisations) the benchmark loaded, or None when it has not loaded any."""
    row = ReferenceCounter.objects.filter(key=MARKER).first()
    if row is None:
        return None
    return row.last, Organisation.objects.count()


def holds_other_data() -> bool:
    """True when the grants tables hold rows the benchmark did not write."""
    has_rows = Application.objects.exists() or Organisation.objects.exists()
    return has_rows and not ReferenceCounter.objects.filter(key=MARKER).exists()


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(names) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def _copy(model, columns: list[str], lines) -> int:
    """COPY text-format `lines` (already tab-separated, newline-terminated) into the model's table."""
    count = 0
    sql = f"COPY {_table(model)} ({_columns(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= BATCH:
                copy.write("".join(batch))
                count += len(batch)
                batch = []
        if batch:
            copy.write("".join(batch))
            count += len(batch)
    return count


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {_table(model)}), 1))",  # noqa: S608 (table from model metadata)
            [table],
        )


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_table(model)}")  # noqa: S608 (model metadata)
        return int(cursor.fetchone()[0])


def financial_years(today: dt.date) -> list[FinancialYear]:
    """The ten financial years ending with the current one (reference rows made when missing)."""
    current = FinancialYear.start_year_for(today)
    return [
        FinancialYear.objects.get_or_create(start_year=y)[0] for y in range(current - YEARS + 1, current + 1)
    ]


def lines_by_year(years: list[FinancialYear]) -> dict[int, tuple[FundYear, list[tuple[int, int]]]]:
    """The fund's year and its (line id, area id) pairs per start year: one line per area valid that year.

    A year before the earliest area's validity borrows the earliest year's areas (synthetic history).
    """
    fund = Fund.objects.get(code="HCF")
    earliest = (
        PolicingArea.objects.order_by("valid_from_year").values_list("valid_from_year", flat=True).first()
    )
    result = {}
    for year in years:
        areas = list(PolicingArea.objects.valid_in(max(year.start_year, earliest or year.start_year)))
        fund_year, _ = FundYear.objects.get_or_create(
            fund=fund,
            financial_year=year,
            defaults={"envelope": 1, "max_award": 10000, "is_open": year.is_current},
        )
        lines = [
            (AllocationLine.objects.get_or_create(fund_year=fund_year, area=a)[0].pk, a.pk) for a in areas
        ]
        result[year.start_year] = (fund_year, lines)
    return result


def organisation_lines(count: int, first_id: int, rng: random.Random, stamp: str):
    normalised: dict[str, str] = {}
    for i in range(count):
        name = f"{rng.choice(PLACES)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}{rng.choice(SUFFIXES)}"
        key = normalised.get(name) or normalised.setdefault(name, normalise_name(name))
        kind = TYPES[i % len(TYPES)]
        charity = f"{1000000 + i}" if kind == Organisation.Type.CHARITY else ""
        company = f"{10000000 + i:08d}" if kind == Organisation.Type.CIC else ""
        postcode = f"B{1 + i % 99} {i % 10}{'ABDEFGHJLN'[i % 10]}{'PQRSTUWXYZ'[(i // 10) % 10]}"
        yield (
            f"{first_id + i}\t{name}\t{key}\t{kind}\t{charity}\t{company}\t{1 + i % 300} High Street\t"
            f"{postcode}\tContact {i}\tcontact{i}@example.org\t0121 000 0000\t{'t' if i % 5 else 'f'}\t\t"
            f"{stamp}\t{stamp}\n"
        )


ORGANISATION_COLUMNS = [
    "id", "name", "normalised_name", "org_type", "charity_number", "company_number", "address",
    "postcode", "contact_name", "contact_email", "contact_phone", "safeguarding_policy_held", "notes",
    "created_at", "updated_at",
]  # fmt: skip
APPLICATION_COLUMNS = [
    "id", "reference", "fund_year_id", "organisation_id", "project_title", "summary",
    "allocation_line_id", "area_id", "amount_requested", "beneficiaries", "beneficiaries_count", "planned_start",
    "planned_end", "received_on", "crime_reduction_rationale", "status", "status_changed_at",
    "returned_reason", "entered_by_id", "created_at", "updated_at",
]  # fmt: skip


@dataclass
class _Plan:
    count: int
    first_id: int
    org_first: int
    org_count: int
    user_id: int
    fund_id: int
    years: dict[int, tuple[FundYear, list[tuple[int, int]]]]
    today: dt.date


def application_lines(plan: _Plan, rng: random.Random):
    """Application rows, year by year (references numbered within each year)."""
    current = [s for s, w in STATUSES for _ in range(w)]
    past = [s for s, w in PAST_STATUSES for _ in range(w)]
    titles = [f"{a} for {g}" for a in ACTIVITIES for g in GROUPS]
    starts = sorted(plan.years)
    per_year = [
        plan.count // len(starts) + (1 if i < plan.count % len(starts) else 0) for i in range(len(starts))
    ]
    app_id = plan.first_id
    for start, n in zip(starts, per_year, strict=True):
        fund_year, lines = plan.years[start]
        first_day = dt.date(start, 4, 1)
        days = max(1, min((plan.today - first_day).days, 364))
        dates = [first_day + dt.timedelta(days=d) for d in range(days + 1)]
        for number in range(1, n + 1):
            status = rng.choice(current if start == starts[-1] else past)
            received = rng.choice(dates)
            amount = rng.randrange(500, 10001, 50)
            title = rng.choice(titles)
            org = plan.org_first + rng.randrange(plan.org_count)
            stamp = f"{received.isoformat()} 10:00:00+00"
            changed = "\\N" if status == Status.DRAFT else stamp
            start_on = received + dt.timedelta(days=60)
            line, area = lines[number % len(lines)]
            yield (
                f"{app_id}\tHCF-{start}-{number:06d}\t{fund_year.pk}\t{org}\t{title}\t"
                f"Weekly sessions: {title.lower()}.\t{line}\t{area}\t{amount}.00\t{title.split(' for ')[1]}\t"
                f"{10 + amount % 90}\t{start_on.isoformat()}\t{(start_on + dt.timedelta(days=180)).isoformat()}\t"
                f"{received.isoformat()}\tDiverts people from crime.\t{status}\t{changed}\t\t{plan.user_id}\t"
                f"{stamp}\t{stamp}\n"
            )
            app_id += 1


def _insert_awards(plan: _Plan) -> int:
    """An award for each awarded application, offered 30 days after receipt, signed a week later."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_table(Award)} (application_id, fund_year_id, fund_id, amount, original_amount,
                offered_on, agreement_signed_on, conditions, purpose, approved_by_id, released_amount,
                recovered_amount, created_at, updated_at)
            SELECT a.id, a.fund_year_id, %(fund)s, a.amount_requested, a.amount_requested,
                LEAST(a.received_on + 30, %(today)s::date),
                CASE WHEN a.status = %(approved)s THEN NULL ELSE LEAST(a.received_on + 37, %(today)s::date) END,
                '', a.project_title, %(user)s, 0, 0, a.created_at, a.created_at
            FROM {_table(Application)} a WHERE a.id >= %(first)s AND a.status = ANY(%(awarded)s)""",  # noqa: S608 (tables from model metadata)
            {
                "fund": plan.fund_id,
                "today": plan.today,
                "approved": Status.APPROVED.value,
                "user": plan.user_id,
                "first": plan.first_id,
                "awarded": [s.value for s in AWARDED],
            },
        )
        return cursor.rowcount


def audit_lines(count: int, app_first: int, app_count: int, user, rng: random.Random, now: dt.datetime):
    for i in range(count):
        app = app_first + rng.randrange(max(app_count, 1))
        when = now - dt.timedelta(seconds=rng.randrange(365 * 24 * 3600))
        yield (
            f"{when.isoformat()}\t{user.pk}\t{user.username}\t{Action.RECORD_VIEWED}\t10.0.{i % 250}.{i % 200 + 1}\t"
            f"benchmark\t/grants/applications/{app}/\tgrants.application\t{app}\tApplication {app}\t{{}}\n"
        )


AUDIT_COLUMNS = [
    "occurred_at", "user_id", "username", "action", "ip_address", "user_agent", "path", "object_type",
    "object_id", "object_repr", "detail",
]  # fmt: skip


def load(*, applications: int, organisations: int, user, seed: int = 8, log=print) -> LoadResult:
    """Write the data (one transaction), fit the lines and envelopes to the awards, then ANALYZE."""
    started = time.perf_counter()
    result = LoadResult()
    rng = random.Random(seed)  # noqa: S311 (repeatable synthetic data)
    today = timezone.localdate()
    stamp = timezone.now().isoformat()
    with transaction.atomic():
        years = lines_by_year(financial_years(today))
        plan = _Plan(
            count=applications,
            first_id=_next_id(Application),
            org_first=_next_id(Organisation),
            org_count=organisations,
            user_id=user.pk,
            fund_id=Fund.objects.get(code="HCF").pk,
            years=years,
            today=today,
        )
        step = time.perf_counter()
        result.organisations = _copy(
            Organisation, ORGANISATION_COLUMNS, organisation_lines(organisations, plan.org_first, rng, stamp)
        )
        result.timings["organisations"] = time.perf_counter() - step
        log(f"  {result.organisations:,} organisations in {result.timings['organisations']:.1f} s")
        step = time.perf_counter()
        result.applications = _copy(Application, APPLICATION_COLUMNS, application_lines(plan, rng))
        result.timings["applications"] = time.perf_counter() - step
        log(f"  {result.applications:,} applications in {result.timings['applications']:.1f} s")
        step = time.perf_counter()
        result.awards = _insert_awards(plan)
        result.timings["awards"] = time.perf_counter() - step
        log(f"  {result.awards:,} awards in {result.timings['awards']:.1f} s")
        step = time.perf_counter()
        result.payments, result.theme_links = insert_payments_and_themes(
            plan.first_id, plan.user_id, plan.today
        )
        result.timings["payments and themes"] = time.perf_counter() - step
        log(
            f"  {result.payments:,} payments and {result.theme_links:,} theme links in {time.perf_counter() - step:.1f} s"
        )
        step = time.perf_counter()
        events = applications // 4
        result.audit_events = _copy(
            AccessEvent,
            AUDIT_COLUMNS,
            audit_lines(events, plan.first_id, applications, user, rng, timezone.now()),
        )
        result.timings["audit events"] = time.perf_counter() - step
        log(f"  {result.audit_events:,} audit events in {result.timings['audit events']:.1f} s")
        for model in (Organisation, Application, Award, AccessEvent):
            _reset_sequence(model)
        _fit_money(list(years.values()))
        _counters(years, applications)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result.timings["analyze"] = time.perf_counter() - step
    result.seconds = time.perf_counter() - started
    return result


def _fit_money(years: list[tuple[FundYear, list[tuple[int, int]]]]) -> None:
    """Each line holds what was awarded on it (at least £1); each envelope is the sum of its lines."""
    fund_years = [fy.pk for fy, _ in years]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {_table(AllocationLine)} AS l SET amount = GREATEST(1, COALESCE(s.total, 0))
            FROM {_table(AllocationLine)} AS l2 LEFT JOIN (
                SELECT a.allocation_line_id AS line, SUM(w.amount) AS total
                FROM {_table(Application)} a JOIN {_table(Award)} w ON w.application_id = a.id
                GROUP BY a.allocation_line_id) s ON s.line = l2.id
            WHERE l.id = l2.id AND l.fund_year_id = ANY(%s)""",  # noqa: S608 (tables from model metadata)
            [fund_years],
        )
        cursor.execute(
            f"""UPDATE {_table(FundYear)} AS f SET envelope = s.total
            FROM (SELECT fund_year_id, SUM(amount) AS total FROM {_table(AllocationLine)}
                  GROUP BY fund_year_id) s
            WHERE s.fund_year_id = f.id AND f.id = ANY(%s)""",  # noqa: S608 (tables from model metadata)
            [fund_years],
        )


def _counters(years: dict[int, tuple[FundYear, list[tuple[int, int]]]], applications: int) -> None:
    """Reference counters past the loaded numbers, and the marker that the data is the benchmark's."""
    per_year = Application.objects.values_list("fund_year__financial_year__start_year").order_by()
    for start in years:
        last = per_year.filter(fund_year__financial_year__start_year=start).count()
        ReferenceCounter.objects.update_or_create(key=f"HCF-{start}", defaults={"last": last})
    ReferenceCounter.objects.update_or_create(key=MARKER, defaults={"last": applications})
