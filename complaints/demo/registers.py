"""Demo dip samples and investigations over 12 months, entered through the register services.

The report pack for 2022/23 then reproduces the published figures: two dip samples of 49 cases
(July 2022, police investigations; January 2023, incivility) and 23 investigations over 12 months
notified, against 24 in 2021/22. A vetting dip sample in 2024/25 has recommendations, one of them
overdue; a few investigations notified this year await the force's report. Everything is written
as the demo user "staff" under `DemoClock`, on the day it happened: past years' investigations in
bulk as the services would have left them, the rest through the services. Running it again adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from complaints.models import DipSample, LongInvestigation
from complaints.services import registers as services
from opcc.core.demo import DemoClock, DemoUsersMissing
from opcc.core.models import FinancialYear

from .common import moment, timestamps_as_given

DAY = dt.timedelta(days=1)
REASONS = (
    "Awaiting the results of forensic examination of digital devices.",
    "A criminal investigation ran first; the misconduct investigation waited for the charging decision.",
    "Many witnesses and several subjects: interviews took longer than planned.",
    "A key witness was unavailable for several months.",
    "Awaiting an independent expert's report on the use of force.",
)
# Published figures: investigations over 12 months notified in each financial year.
NOTIFIED = {2021: 24, 2022: 23}
CURRENT_YEAR_NOTICES = 3


@dataclass(frozen=True)
class Recommendation:
    text: str
    owner: str
    due: dt.date
    follow_up: tuple[dt.date, str] | None = None
    completed: dt.date | None = None


@dataclass(frozen=True)
class Sample:
    month: dt.date
    scope: str
    theme: str
    cases: int
    planned: dt.date
    reported: dt.date
    findings: str
    recommendations: tuple[Recommendation, ...]
    close: bool


SAMPLES = (
    Sample(
        month=dt.date(2022, 7, 1),
        scope=DipSample.Scope.COMPLAINTS,
        theme="Police investigations",
        cases=49,
        planned=dt.date(2022, 6, 14),
        reported=dt.date(2022, 9, 12),
        findings="Most investigations were proportionate; outcome letters did not always explain the reasons.",
        recommendations=(
            Recommendation(
                "Outcome letters explain the reasons for each finding in plain words.",
                "Professional Standards Department",
                dt.date(2022, 12, 31),
                (dt.date(2022, 11, 30), "New letter templates drafted and shared with the office."),
                dt.date(2023, 1, 16),
            ),
            Recommendation(
                "Record the complainant's preferred way of contact at the first call.",
                "Complaints triage team",
                dt.date(2023, 3, 31),
                completed=dt.date(2023, 3, 2),
            ),
        ),
        close=True,
    ),
    Sample(
        month=dt.date(2023, 1, 1),
        scope=DipSample.Scope.COMPLAINTS,
        theme="Incivility",
        cases=49,
        planned=dt.date(2022, 12, 12),
        reported=dt.date(2023, 3, 20),
        findings="Early contact resolved most complaints of incivility; learning was not always fed back.",
        recommendations=(
            Recommendation(
                "Feed back learning from incivility complaints to supervisors every quarter.",
                "Professional Standards Department",
                dt.date(2023, 9, 30),
                completed=dt.date(2023, 9, 14),
            ),
        ),
        close=True,
    ),
    Sample(
        month=dt.date(2024, 10, 1),
        scope=DipSample.Scope.VETTING,
        theme="Vetting decisions",
        cases=30,
        planned=dt.date(2024, 9, 16),
        reported=dt.date(2024, 12, 9),
        findings="Decisions were recorded; the reasons for refusals were not always written down.",
        recommendations=(
            Recommendation(
                "Write down the reasons for every refusal of vetting clearance.",
                "Force Vetting Unit",
                dt.date(2025, 3, 31),
                (dt.date(2025, 2, 20), "A new decision form is in draft; not yet in use."),
            ),
            Recommendation(
                "Review vetting decisions quarterly with the office.",
                "Force Vetting Unit",
                dt.date(2025, 6, 30),
                completed=dt.date(2025, 6, 2),
            ),
        ),
        close=False,
    ),
)


def _staff():
    user = get_user_model().objects.filter(username="staff").first()
    if user is None:
        raise DemoUsersMissing("The demo user staff does not exist: run `manage.py seed_demo`.")
    return user


def seed(*, stdout) -> None:
    staff = _staff()
    clock = DemoClock()
    with clock.running(), transaction.atomic():
        samples = sum(_sample(plan, staff, clock) for plan in SAMPLES)
        investigations = _investigations(staff, clock)
    stdout.write(
        f"Complaints registers: {samples} dip samples and {investigations} investigations over 12 months added."
    )


def _sample(plan: Sample, by, clock: DemoClock) -> int:
    if DipSample.objects.filter(month=plan.month, theme=plan.theme).exists():
        return 0
    clock.at(plan.planned)
    sample = services.dip_sample_create(
        by=by, month=plan.month, scope=plan.scope, theme=plan.theme, cases_examined=plan.cases
    )
    clock.at(plan.month)
    services.dip_sample_start_fieldwork(sample=sample, by=by)
    clock.at(plan.reported)
    services.dip_sample_report(sample=sample, by=by, findings=plan.findings, reported_on=plan.reported)
    actions = [
        services.recommendation_add(sample=sample, by=by, recommendation=r.text, owner=r.owner, due_on=r.due)
        for r in plan.recommendations
    ]
    for action, rec in zip(actions, plan.recommendations, strict=True):
        if rec.follow_up:
            clock.at(rec.follow_up[0])
            services.recommendation_follow_up(action=action, by=by, follow_up=rec.follow_up[1])
        if rec.completed:
            clock.at(rec.completed)
            services.recommendation_complete(action=action, by=by, completed_on=rec.completed)
    if plan.close:
        clock.at(max(r.completed or plan.reported for r in plan.recommendations) + DAY)
        services.dip_sample_close(sample=sample, by=by)
    return 1


def _notices(today: dt.date) -> list[tuple[str, dt.date, bool, bool]]:
    """(reference, notified, report in, concluded): spread through each year; the latest are open.

    `today` is the real one: the clock's simulated day would put "this year" in a past year on a
    first run (after the dip samples), and a second run would then add this year's again."""
    current = FinancialYear.start_year_for(today)
    plan = []
    for start_year, count in [*NOTIFIED.items(), (current, CURRENT_YEAR_NOTICES)]:
        first = dt.date(start_year, 4, 1)
        step = 360 // count if start_year != current else max(1, min(30, (today - first).days // count))
        for n in range(count):
            notified = min(first + dt.timedelta(days=7 + n * step), today)
            older = start_year < current
            awaited = not older or (start_year == 2022 and n >= count - 3)  # the last few of 2022/23 too
            plan.append((f"PSD/{start_year}/{n + 1:04d}", notified, not awaited, older and not awaited))
    return plan


def _investigations(by, clock: DemoClock) -> int:
    """Past years' notices (long concluded or awaiting a report) are written in bulk, one history row
    each for their last step; this year's go through the services."""
    existing = set(LongInvestigation.objects.values_list("force_reference", flat=True))
    current = FinancialYear.start_year_for(clock.latest)
    past, added = [], 0
    for index, (reference, notified, report_in, concluded) in enumerate(_notices(clock.latest)):
        if reference in existing:
            continue
        fields = {
            "force_reference": reference,
            "started_on": notified - dt.timedelta(days=370 + 9 * (index % 20)),
            "notified_on": notified,
            "reason_for_delay": REASONS[index % len(REASONS)],
        }
        received = notified + dt.timedelta(days=60 + 5 * (index % 12)) if report_in else None
        closed = received + dt.timedelta(days=28) if received and concluded else None
        if FinancialYear.start_year_for(notified) < current:
            past.append(_past_investigation(fields, received, closed, by))
        else:
            _current_investigation(fields, received, closed, by, clock)
        added += 1
    with timestamps_as_given(LongInvestigation):
        bulk_create_with_history(past, LongInvestigation)
    return added


def _current_investigation(
    fields: dict, received: dt.date | None, closed: dt.date | None, by, clock: DemoClock
) -> None:
    """This year's notice, through the services on the day each step happened."""
    clock.at(fields["notified_on"])
    inv = services.investigation_create(by=by, **fields)
    if received:
        clock.at(received)
        services.investigation_update(investigation=inv, by=by, report_received_on=received)
        if closed:
            clock.at(closed)
            services.investigation_update(investigation=inv, by=by, closed_on=closed)


def _past_investigation(
    fields: dict, received: dt.date | None, closed: dt.date | None, by
) -> LongInvestigation:
    """As `investigation_create` and `investigation_update` would have left it."""
    inv = LongInvestigation(report_received_on=received, closed_on=closed, **fields)
    last, reason = fields["notified_on"], "Notice of an investigation over 12 months"
    if closed:
        last, reason = closed, "Investigation concluded"
    elif received:
        last, reason = received, "Force's report received"
    inv.created_at, inv.updated_at = moment(fields["notified_on"]), moment(last)
    inv._history_date, inv._history_user, inv._change_reason = inv.updated_at, by, reason  # type: ignore[attr-defined]
    return inv
