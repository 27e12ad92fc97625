"""Demo panel members, misconduct hearings and appeals, written through the services and the rota.

The report pack then shows: 2022/23, 9 hearings held with members the office supplied and 1 Police
Appeals Tribunal arranged; 2024/25, 10 hearings held with members supplied; notices of appeal, 3
received in 2023/24 and 6 in 2024/25. The lists have 8 legally qualified chairs and persons, 12
independent panel members (a few expiring soon, one whose vetting has run out, one unavailable),
PAT chairs and members, and two hearings coming up that still need members. Everything is written
as the demo user "staff" under `DemoClock`, on the day it happened. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from complaints.models import Appeal, Hearing, PanelMember, RankBand
from complaints.services import panels as services
from complaints.services import rota
from opcc.core.demo import DemoClock, DemoUsersMissing

Role = PanelMember.Role
DAY = dt.timedelta(days=1)
TERM = (dt.date(2021, 4, 1), dt.date(2028, 3, 31))
FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Carys",
    "Dev",
    "Elin",
    "Femi",
    "Gareth",
    "Hana",
    "Ifan",
    "Jas",
    "Kemi",
    "Lowri",
)
SURNAMES = ("Ahmed", "Bowen", "Clarke", "Davies", "Evans", "Francis", "Gill", "Hughes", "Iqbal", "Jones")
# (role, how many, how many qualified)
LISTS = (
    (Role.LQC, 4, 0),
    (Role.LQP, 4, 0),
    (Role.IPM, 12, 5),
    (Role.PAT_CHAIR, 2, 0),
    (Role.PAT_MEMBER, 3, 0),
)
# First hearing days: 2022/23 (9 held) and 2024/25 (10 held).
FIRST_DAYS = ((5, 9), (6, 14), (7, 19), (9, 6), (10, 11), (11, 15), (12, 6), (1, 24), (2, 28))
FIRST_DAYS_2024 = ((4, 16), (6, 11), (7, 9), (8, 20), (9, 17), (10, 15), (11, 12), (12, 10), (1, 21), (3, 11))


def _in_year(start_year: int, days) -> list[dt.date]:
    """Month and day in the financial year starting 1 April `start_year`."""
    return [dt.date(start_year + (month < 4), month, day) for month, day in days]


HELD = {2022: _in_year(2022, FIRST_DAYS), 2024: _in_year(2024, FIRST_DAYS_2024)}
OUTCOMES = (
    "Gross misconduct proven: dismissed without notice.",
    "Misconduct proven: final written warning.",
    "Misconduct not proven.",
    "Gross misconduct proven: final written warning.",
)
KINDS = (Hearing.Kind.MISCONDUCT, Hearing.Kind.MISCONDUCT, Hearing.Kind.ACCELERATED, Hearing.Kind.MISCONDUCT)
BANDS = (
    RankBand.CONSTABLE_SERGEANT,
    RankBand.CONSTABLE_SERGEANT,
    RankBand.INSPECTOR,
    RankBand.CONSTABLE_SERGEANT,
)
# Notices of appeal: (received, against, stage reached)
NOTICES = (
    (dt.date(2022, 11, 10), Appeal.Against.DISMISSAL, "determined"),  # the 2022/23 tribunal
    (dt.date(2023, 5, 22), Appeal.Against.DISMISSAL, "determined"),
    (dt.date(2023, 9, 4), Appeal.Against.FINDING, "withdrawn"),
    (dt.date(2024, 2, 12), Appeal.Against.OTHER_OUTCOME, "received"),
    (dt.date(2024, 4, 29), Appeal.Against.DISMISSAL, "determined"),
    (dt.date(2024, 6, 24), Appeal.Against.FINDING, "received"),
    (dt.date(2024, 8, 27), Appeal.Against.DISMISSAL, "arranged"),
    (dt.date(2024, 10, 21), Appeal.Against.OTHER_OUTCOME, "withdrawn"),
    (dt.date(2025, 1, 13), Appeal.Against.DISMISSAL, "received"),
    (dt.date(2025, 3, 3), Appeal.Against.FINDING, "received"),
)


def seed(*, stdout) -> None:
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is None:
        raise DemoUsersMissing("The demo user staff does not exist: run `manage.py seed_demo`.")
    clock = DemoClock()
    today = clock.latest
    with clock.running(), transaction.atomic():
        members = _members(staff, clock, today)
        held = sum(_held(start, n, staff, clock) for year in HELD.values() for n, start in enumerate(year))
        upcoming = _upcoming(staff, clock, today)
        notices = sum(_notice(n, plan, staff, clock) for n, plan in enumerate(NOTICES))
    stdout.write(
        f"Panels: {members} members, {held} hearings held, {upcoming} upcoming, {notices} notices of appeal added.\n"
    )


def _members(by, clock: DemoClock, today: dt.date) -> int:
    added, n = 0, 0
    clock.at(TERM[0])
    for role, count, qualified in LISTS:
        for i in range(count):
            n += 1
            name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[(n * 3) % len(SURNAMES)]} ({role.upper()} {i + 1})"
            if PanelMember.objects.filter(name=name).exists():
                continue
            fields = {
                "vetting_expires_on": today + dt.timedelta(days=400 + 30 * i),
                "term_ends_on": TERM[1],
            }
            if role == Role.IPM and i == 10:
                fields["vetting_expires_on"] = today - dt.timedelta(days=20)  # vetting has run out
            if role == Role.IPM and i in (8, 9):
                fields["vetting_expires_on"] = today + dt.timedelta(days=20 + 10 * (i - 8))  # expiring soon
            if role == Role.LQC and i == 3:
                fields["term_ends_on"] = today + dt.timedelta(days=45)  # term ending soon
            if role == Role.IPM and i == 11:
                fields["unavailable_from"], fields["unavailable_until"] = today - 10 * DAY, today + 90 * DAY
            services.panel_member_create(
                by=by,
                name=name,
                role=role,
                qualified=i < qualified,
                email=f"panel.member{n}@example.org",
                region=("Birmingham", "Coventry", "Black Country", "Solihull")[n % 4],
                term_starts_on=TERM[0],
                last_trained_on=dt.date(2021, 3, 15),
                training_notes="College of Policing induction for panel members.",
                **fields,
            )
            added += 1
    return added


def _appoint_all(occasion, by) -> None:
    for seat, empty, _ in rota.missing_seats(occasion):
        rota.appoint_by_rota(occasion=occasion, role=seat.role, count=empty, conflicts=None, by=by)


def _held(start: dt.date, n: int, by, clock: DemoClock) -> int:
    reference = f"PSD/MH/{start:%y%m%d}"
    if Hearing.objects.filter(force_reference=reference).exists():
        return 0
    requested = start - 42 * DAY
    clock.at(requested)
    hearing = services.hearing_create(
        by=by,
        force_reference=reference,
        requested_on=requested,
        kind=KINDS[n % len(KINDS)],
        rank_band=BANDS[n % len(BANDS)],
        starts_on=start,
        ends_on=start + (n % 3) * DAY,
    )
    clock.at(requested + 7 * DAY)
    _appoint_all(hearing, by)
    clock.at(start + (n % 3) * DAY)
    services.hearing_hold(
        hearing=hearing, by=by, outcome=OUTCOMES[n % len(OUTCOMES)], outcome_notified_on=None
    )
    clock.at(start + (n % 3 + 5) * DAY)
    services.hearing_notify(hearing=hearing, by=by, outcome_notified_on=start + (n % 3 + 5) * DAY)
    return 1


def _upcoming(by, clock: DemoClock, today: dt.date) -> int:
    added = 0
    for n, ahead in enumerate((21, 48)):
        reference = f"PSD/MH/NEXT/{n + 1}"
        if Hearing.objects.filter(force_reference=reference).exists():
            continue
        clock.at(today - (5 + n) * DAY)
        services.hearing_create(
            by=by,
            force_reference=reference,
            requested_on=today - (5 + n) * DAY,
            kind=Hearing.Kind.MISCONDUCT,
            rank_band=RankBand.CONSTABLE_SERGEANT if n == 0 else RankBand.SENIOR,
            starts_on=today + ahead * DAY,
            ends_on=today + (ahead + 1) * DAY,
        )
        added += 1
    return added


def _notice(n: int, plan: tuple, by, clock: DemoClock) -> int:
    received, against, stage = plan
    reference = f"PSD/PAT/{received:%y%m%d}"
    if Appeal.objects.filter(force_reference=reference).exists():
        return 0
    clock.at(received)
    appealed = (
        Hearing.objects.filter(starts_on__lt=received, stage=Hearing.Stage.HELD)
        .order_by("-starts_on")
        .first()
    )
    appeal = services.appeal_create(
        by=by,
        force_reference=reference,
        received_on=received,
        against=against,
        rank_band=RankBand.CONSTABLE_SERGEANT,
        hearing=appealed if n % 2 == 0 else None,
    )
    if stage in ("received", "withdrawn"):
        if stage == "withdrawn":
            clock.at(received + 30 * DAY)
            services.appeal_withdraw(
                appeal=appeal, by=by, reason="The appellant withdrew the notice in writing."
            )
        return 1
    arranged, sits = received + 60 * DAY, received + 130 * DAY
    clock.at(arranged)
    services.appeal_arrange(appeal=appeal, by=by, tribunal_arranged_on=arranged, tribunal_on=sits)
    _appoint_all(appeal, by)
    if stage == "determined":
        clock.at(sits)
        services.appeal_hear(appeal=appeal, by=by)
        clock.at(sits + 14 * DAY)
        services.appeal_determine(
            appeal=appeal,
            by=by,
            outcome=Appeal.Outcome.DISMISSED,
            outcome_notes="The original outcome stands.",
        )
    return 1
