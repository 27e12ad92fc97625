"""Synthetic correspondence and engagement data at national scale, written with PostgreSQL COPY.

For `--engagement 1500000` (the default: 1,500 pieces a year for each of the 43 forces over ten
years, times 2.3 for the busiest offices): cases received over ten years in every status (the open
ones recent, a few of them overdue), categories by weight (freedom of information and subject access
about a tenth), due dates by each category's rule in calendar terms (10 working days as 14 days, 20
as 28, subject access to the matching date of the next month; never before receipt), about one
case in 25 with a clock stop and its due date change, subject access extensions and internal
reviews with theirs; a few office staff as assignees (the benchmark user among them, so "Assigned to
me" has rows); a calls total for every working day of the ten years; and 250 events a year for each
force (scaled with the cases). A marker row (`ReferenceCounter` key `benchmark-engagement`) records
that the rows are the benchmark's own; the `COR-` counters are set past the loaded numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from engagement.models import (
    CallDay,
    Case,
    CaseStatus,
    Category,
    Channel,
    ClockRule,
    ClockStop,
    DueDateChange,
    Event,
    EventStatus,
    EventType,
    Outcome,
    Regime,
    ReopenReason,
    Team,
)
from opcc.core.models import PolicingArea, ReferenceCounter
from opcc.core.roles import OFFICE_STAFF

from .complaints import FIRST_NAMES, SURNAMES
from .loader import _copy, _next_id, _reset_sequence, _table
from .words import PLACES

MARKER = "benchmark-engagement"
DEFAULT_CASES = 1_500_000
DAYS = 3652  # ten years
EVENTS_A_YEAR = 250 * 43  # at the default scale; scaled with the number of cases
OFFICERS = 5
SEARCH_NAME = "Okafor"  # one surname in 40: the case list's correspondent search
NULL = "\\N"

CATEGORY_WEIGHTS = {  # per 1,000 cases
    "General advice": 190, "Anti-social behaviour": 150, "Complaint about the force": 140,
    "Requests for funding": 80, "Review of a complaint": 40, "Freedom of information": 70,
    "Environmental information": 5, "Subject access": 30, "Mental health": 50,
    "Event invitation": 100, "Work experience and careers": 30, "Other": 115,
}  # fmt: skip
CHANNELS = ((Channel.EMAIL, 45), (Channel.LETTER, 15), (Channel.PHONE, 14), (Channel.WEB_FORM, 18),
            (Channel.SOCIAL_MEDIA, 5), (Channel.IN_PERSON, 3))  # fmt: skip
# Status weights by the case's age in days: open cases are recent; a few older ones are overdue.
RECENT, MIDDLE = 40, 120
S = CaseStatus
BY_AGE = (
    (RECENT, ((S.RECEIVED, 10), (S.ASSIGNED, 14), (S.IN_PROGRESS, 30), (S.AWAITING_INFORMATION, 5),
              (S.RESPONDED, 24), (S.CLOSED, 15), (S.REOPENED, 2))),
    (MIDDLE, ((S.ASSIGNED, 1), (S.IN_PROGRESS, 2), (S.AWAITING_INFORMATION, 1), (S.RESPONDED, 14),
              (S.CLOSED, 80), (S.REOPENED, 2))),
    (DAYS + 1, ((S.RESPONDED, 2), (S.CLOSED, 98))),
)  # fmt: skip
FOI_OUTCOMES = ((Outcome.FULL, 55), (Outcome.PART, 20), (Outcome.REFUSED, 10), (Outcome.NOT_HELD, 13),
                (Outcome.VEXATIOUS, 2))  # fmt: skip
SUBJECTS = ("Street lighting on {} Road", "Speeding traffic in {}", "Anti-social behaviour near {} park",
            "Funding for a youth club in {}", "Police response to a burglary in {}", "Invitation to {} fair",
            "Request for information about {} stop and search", "Parking outside {} school")  # fmt: skip
OPEN_STOP, ENDED_STOP = "open", "ended"


def marker_count() -> int | None:
    row = ReferenceCounter.objects.filter(key=MARKER).first()
    return None if row is None else row.last


def holds_other_engagement() -> bool:
    """True when the module's tables hold rows the benchmark did not write."""
    has_rows = Case.objects.exists() or Event.objects.exists() or CallDay.objects.exists()
    return has_rows and not ReferenceCounter.objects.filter(key=MARKER).exists()


def benchmark_officers(user) -> list[int]:
    """A few office staff (made on first use) and the benchmark user: the cases' assignees."""
    group = Group.objects.get(name=OFFICE_STAFF)
    ids = [user.pk]
    for n in range(1, OFFICERS + 1):
        officer, created = get_user_model().objects.get_or_create(
            username=f"benchmark-officer-{n}",
            defaults={"first_name": FIRST_NAMES[n * 11 % len(FIRST_NAMES)], "last_name": SURNAMES[n * 3]},
        )
        if created:
            officer.set_unusable_password()
            officer.save(update_fields=["password"])
        officer.groups.add(group)
        ids.append(officer.pk)
    return ids


def _d(day: dt.date | None) -> str:
    return NULL if day is None else day.isoformat()


def _weighted(pairs) -> list:
    return [value for value, weight in pairs for _ in range(weight)]


def weekday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def next_month_matching(day: dt.date, months: int = 1) -> dt.date:
    """The matching date `months` later (the month's last day where there is none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_from(rule: str, start: dt.date) -> dt.date:
    """The due date in calendar terms (a benchmark's approximation of `engagement.clock`)."""
    if rule == ClockRule.SAR:
        return weekday_on_or_after(next_month_matching(start))
    return weekday_on_or_after(start + dt.timedelta(days=28 if rule == ClockRule.FOI else 14))


def weekdays_between(first: dt.date, last: dt.date) -> int:
    """Weekdays after `first` up to and including `last` (bank holidays not left out)."""
    days = (last - first).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for k in range(1, rest + 1) if (first + dt.timedelta(days=k)).weekday() < 5)
    return weeks * 5 + extra


def _plan(count: int, rng: random.Random, today: dt.date) -> list[tuple[dt.date, str]]:
    """(received on, status) per case, oldest first; the first rows take every status once."""
    weighted = [(limit, _weighted(pairs)) for limit, pairs in BY_AGE]
    rows = []
    for i in range(count):
        if i < len(CaseStatus.values):
            rows.append((today - dt.timedelta(days=rng.randint(0, 20)), CaseStatus.values[i]))
            continue
        age = rng.randint(0, DAYS - 1)
        status = rng.choice(next(choices for limit, choices in weighted if age < limit))
        rows.append((today - dt.timedelta(days=age), status))
    rows.sort(key=lambda r: r[0])
    return rows


CASE_COLUMNS = [
    "id", "created_at", "updated_at", "reference", "received_at", "received_on", "channel", "category_id",
    "correspondent_name", "correspondent_organisation", "correspondent_email", "correspondent_phone",
    "correspondent_address", "representative", "on_behalf_of", "subject", "summary", "area_id", "status",
    "team", "assigned_to_id", "due_on", "clock_stopped_since", "extended_on", "extension_reason",
    "responded_on", "response_due_on", "working_days_taken", "outcome", "exemptions", "response_note",
    "closed_on", "reopen_reason", "review_requested_on", "review_due_on", "review_outcome",
    "review_completed_on", "complaint_review_id", "grant_application_id",
]  # fmt: skip


class CaseRows:
    """Yields each case's COPY line; keeps its clock stop and due date change lines for afterwards."""

    def __init__(self, *, rng, today, categories, areas, officers, first_id, user_id):
        self.rng, self.today, self.first_id, self.user_id = rng, today, first_id, user_id
        self.categories = _weighted((c, CATEGORY_WEIGHTS.get(c[1], 10)) for c in categories)
        self.areas, self.officers = areas, officers
        self.channels, self.outcomes = _weighted(CHANNELS), _weighted(FOI_OUTCOMES)
        self.stops: list[str] = []
        self.changes: list[str] = []
        self.numbers: dict[int, int] = {}

    def _change(self, pk: int, before: dt.date, after: dt.date, reason: str, day: dt.date) -> None:
        self.changes.append(f"{pk}\t{before}\t{after}\t{reason}\t{day} 12:00:00+00\t{self.user_id}\n")

    def _stop(self, pk, status, rule, received, due) -> tuple[dt.date, dt.date | None, dt.date]:
        """(stop start, its end or None, the due date after it) for a case that has one."""
        rng, today = self.rng, self.today
        started = min(received + dt.timedelta(days=rng.randint(1, 6)), today)
        reason = "id" if rule == ClockRule.SAR else "clarification"
        if status == S.AWAITING_INFORMATION:
            self.stops.append(
                f"{pk}\t{reason}\t{started}\t{NULL}\t\t{started} 12:00:00+00\t{started} 12:00:00+00\n"
            )
            return started, None, due
        ended = min(started + dt.timedelta(days=rng.randint(2, 20)), today)
        after = (
            due_from(rule, ended)
            if rule == ClockRule.FOI
            else weekday_on_or_after(due + dt.timedelta(days=(ended - started).days))
        )
        self.stops.append(
            f"{pk}\t{reason}\t{started}\t{ended}\t\t{started} 12:00:00+00\t{ended} 12:00:00+00\n"
        )
        self._change(pk, due, after, "Clock restarted after a stop", ended)
        return started, ended, after

    def line(self, i: int, received: dt.date, status: str) -> str:
        rng, today = self.rng, self.today
        pk = self.first_id + i
        number = self.numbers[received.year] = self.numbers.get(received.year, 0) + 1
        category_id, _name, regime, rule = rng.choice(self.categories)
        due = due_from(rule, received)
        stopped_since = extended = reason_text = None
        done_from = received  # nothing is answered before the case was received or its stop ended
        if status == S.AWAITING_INFORMATION or (status != S.RECEIVED and rng.random() < 0.04):
            started, ended, due_after = self._stop(pk, status, rule, received, due)
            stopped_since = started if ended is None else None
            done_from, due = ended or received, due_after
        if rule == ClockRule.SAR and status != S.RECEIVED and rng.random() < 0.08:
            extended = min(received + dt.timedelta(days=10), today)
            after = weekday_on_or_after(next_month_matching(due, 2))
            self._change(pk, due, after, "Extended by two months as complex", extended)
            due, reason_text = after, "Many years of records across several teams."
        responded = closed = requested = review_due = None
        outcome = exemptions = reopen = ""
        if status in (S.RESPONDED, S.CLOSED, S.REOPENED):
            late = rng.random() < 0.08
            latest = (due - done_from).days + (rng.randint(1, 15) if late else 0)
            responded = min(done_from + dt.timedelta(days=rng.randint(1, max(1, latest))), today)
            if regime in (Regime.FOI, Regime.EIR):
                outcome = rng.choice(self.outcomes)
                exemptions = "Section 40(2): personal information." if outcome in ("part", "refused") else ""
            if status == S.CLOSED:
                closed = min(responded + dt.timedelta(days=rng.randint(0, 7)), today)
            if status == S.REOPENED:
                requested = min(responded + dt.timedelta(days=rng.randint(1, 20)), today)
                review_due = weekday_on_or_after(requested + dt.timedelta(days=28))
                reopen = rng.choice(ReopenReason.values)
                self._change(pk, due, review_due, "Reopened", requested)
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        organisation = f"{rng.choice(PLACES)} Residents' Association" if rng.random() < 0.12 else ""
        representative = "" if rng.random() < 0.95 else rng.choice(("mp", "councillor"))
        channel = rng.choice(self.channels)
        received_at = f"{received} {rng.randint(8, 18):02d}:{rng.randrange(0, 60, 5):02d}:00+00"
        assignee = NULL if status == S.RECEIVED else str(rng.choice(self.officers))
        team = Team.BUSINESS_SUPPORT if rng.random() < 0.7 else rng.choice(Team.values)
        stamp = f"{received} 18:00:00+00"
        return "\t".join((
            str(pk), stamp, stamp, f"COR-{received.year}-{number:04d}", received_at, received.isoformat(),
            channel, str(category_id), f"{first} {last}", organisation,
            f"{first.lower()}.{last.lower()}{i}@example.org" if channel == Channel.EMAIL else "",
            "", "", representative, f"{first} {rng.choice(SURNAMES)}" if representative else "",
            rng.choice(SUBJECTS).format(rng.choice(PLACES)), "",
            str(rng.choice(self.areas)) if self.areas and rng.random() < 0.7 else NULL, status, team,
            assignee, (review_due or due).isoformat(), _d(stopped_since), _d(extended), reason_text or "",
            _d(responded), _d(due if responded else None),
            str(weekdays_between(received, responded)) if responded else NULL, outcome, exemptions, "",
            _d(closed), reopen, _d(requested), _d(review_due), "", NULL, NULL, NULL,
        )) + "\n"  # fmt: skip


EVENT_COLUMNS = [
    "id", "created_at", "updated_at", "date", "title", "event_type", "area_id", "status", "commissioner",
    "deputy", "other_office_holders", "staff", "audience_estimate", "consultation_id", "notes",
]  # fmt: skip


def event_lines(count: int, first_id: int, rng: random.Random, today: dt.date, areas: list[int]):
    """Events over ten years and the next two months (those still planned); a few cancelled."""
    types = EventType.values
    days = sorted(today - dt.timedelta(days=rng.randint(-60, DAYS - 1)) for _ in range(count))
    for i, day in enumerate(days):
        status = EventStatus.PLANNED if day > today else rng.choice(("attended",) * 19 + ("cancelled",))
        stamp = f"{min(day, today)} 12:00:00+00"
        yield "\t".join((
            str(first_id + i), stamp, stamp, day.isoformat(), f"{rng.choice(PLACES)} {rng.choice(types).replace('_', ' ')}",
            rng.choice(types), str(rng.choice(areas)) if areas else NULL, status,
            "t" if rng.random() < 0.55 else "f", "t" if rng.random() < 0.3 else "f",
            "t" if rng.random() < 0.1 else "f", "t" if rng.random() < 0.6 else "f",
            str(rng.randint(10, 400)) if rng.random() < 0.8 else NULL, NULL, "",
        )) + "\n"  # fmt: skip


def call_day_lines(rng: random.Random, today: dt.date):
    """One office's calls answered on each working day of the ten years (about 40 a day)."""
    for k in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=k)
        if day.weekday() < 5:
            yield f"{day}\t{rng.randint(20, 60)}\t\t{day} 17:00:00+00\n"


def _counters(loaded: int) -> None:
    """Each year's COR- counter past its highest loaded number, and the marker."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT split_part(reference, '-', 2), MAX(split_part(reference, '-', 3)::int)
            FROM {_table(Case)} WHERE reference LIKE 'COR-%%' GROUP BY 1"""  # noqa: S608 (model metadata)
        )
        for year, last in cursor.fetchall():
            ReferenceCounter.objects.update_or_create(key=f"COR-{year}", defaults={"last": last})
    ReferenceCounter.objects.update_or_create(key=MARKER, defaults={"last": loaded})


def load_engagement(*, count: int, user, seed: int = 8, log=print) -> dict[str, float]:
    """Write the cases (with their stops and due date changes), call days and events, then ANALYZE."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (repeatable synthetic data)
    today = timezone.localdate()
    categories = list(Category.objects.values_list("pk", "name", "regime", "rule"))
    areas = list(PolicingArea.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        officers = benchmark_officers(user)
        rows = CaseRows(
            rng=rng, today=today, categories=categories, areas=areas, officers=officers,
            first_id=_next_id(Case), user_id=user.pk,
        )  # fmt: skip
        plan = _plan(count, rng, today)
        cases = _copy(Case, CASE_COLUMNS, (rows.line(i, day, status) for i, (day, status) in enumerate(plan)))
        stops = _copy(
            ClockStop,
            ["case_id", "reason", "started_on", "ended_on", "note", "created_at", "updated_at"],
            iter(rows.stops),
        )
        changes = _copy(
            DueDateChange,
            ["case_id", "previous_due_on", "due_on", "reason", "changed_at", "changed_by_id"],
            iter(rows.changes),
        )
        log(f"  {cases:,} cases, {stops:,} clock stops, {changes:,} due date changes")
        calls = _copy(CallDay, ["date", "calls_answered", "note", "updated_at"], call_day_lines(rng, today))
        events = round(count * EVENTS_A_YEAR * 10 / DEFAULT_CASES)
        events = _copy(Event, EVENT_COLUMNS, event_lines(events, _next_id(Event), rng, today, areas))
        log(f"  {calls:,} call days and {events:,} events")
        for model in (Case, Event):
            _reset_sequence(model)
        _counters(cases)
        step = time.perf_counter()
    log(f"  committed in {time.perf_counter() - step:.1f} s")
    with connection.cursor() as cursor:
        for table in (Case, ClockStop, DueDateChange, CallDay, Event):
            cursor.execute(f"ANALYZE {_table(table)}")
    return {"cases": cases, "events": events, "calls": calls, "seconds": time.perf_counter() - started}
