"""Demo volunteers of both schemes, their training and the appropriate adults' availability.

Cohorts are dated so the year-end counts match the published ones (see `figures`); today's active
volunteers are in date for the rota and call-outs, except a few whose vetting, training or
accreditation runs out within 60 days and one whose vetting has expired (the dashboard's lists).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from volunteers.models import (
    Availability,
    Course,
    Scheme,
    TrainingRecord,
    VettingLevel,
    Volunteer,
    VolunteerStatus,
    add_years,
)

from . import figures

DEMO_DOMAIN = "volunteers.example"
FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dev",
    "Ellen",
    "Farid",
    "Grace",
    "Harpreet",
    "Imran",
    "Jade",
    "Kofi",
    "Lena",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quentin",
    "Rosa",
    "Sunil",
    "Tess",
    "Umar",
    "Vera",
    "Wes",
    "Yasmin",
    "Zoe",
    "Amir",
    "Bethan",
    "Callum",
    "Dina",
    "Euan",
    "Fatima",
    "Gareth",
    "Hana",
    "Ivan",
    "Joy",
    "Kamal",
    "Lucy",
    "Mo",
    "Niamh",
    "Oliver",
]
LAST = [
    "Ahmed",
    "Baker",
    "Chaudhry",
    "Davies",
    "Edwards",
    "Fletcher",
    "Green",
    "Hussain",
    "Iqbal",
    "Jackson",
    "Kaur",
    "Lewis",
    "Mahmood",
    "Nolan",
    "Okafor",
    "Parker",
    "Quinn",
    "Rahman",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Young",
]
TEAMS = ["Birmingham East", "Birmingham West", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall"]
TEAMS += ["Wolverhampton"]
LEAVING = ("Moved out of the area.", "Work commitments.", "Retired from the scheme.", "Health reasons.")


@dataclass
class Person:
    """A volunteer to write, with the dates the demo needs later (before ids exist)."""

    volunteer: Volunteer
    current: bool  # active today


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _next_due(appointed: dt.date, today: dt.date) -> dt.date:
    """The three-yearly re-accreditation date on or after today."""
    due = add_years(appointed, 3)
    while due < today:
        due = add_years(due, 3)
    return due


def _volunteer(rng, n: int, scheme: str, appointed: dt.date, today: dt.date) -> Volunteer:
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    cleared = _day(rng, max(appointed, today - dt.timedelta(days=900)), today - dt.timedelta(days=90))
    return Volunteer(
        first_name=first,
        last_name=last,
        scheme=scheme,
        email=f"{first.lower()}.{last.lower()}{n}@{DEMO_DOMAIN}",
        phone=f"07700 900{n:03d}",
        team=rng.choice(TEAMS),
        status=VolunteerStatus.ACTIVE,
        status_changed_on=appointed,
        applied_on=appointed - dt.timedelta(days=rng.randint(90, 200)),
        appointed_on=appointed,
        reaccreditation_due_on=_next_due(appointed, today),
        vetting_level=VettingLevel.NPPV2 if scheme != Scheme.AA else VettingLevel.ENHANCED_DBS,
        vetting_cleared_on=cleared,
        vetting_expires_on=add_years(cleared, 3),
        independence_declared_on=appointed - dt.timedelta(days=60),
    )


def _leave(volunteer: Volunteer, rng, first: dt.date, last: dt.date) -> None:
    left = _day(rng, first, last)
    volunteer.status, volunteer.status_changed_on, volunteer.left_on = VolunteerStatus.LEFT, left, left
    volunteer.status_reason = rng.choice(LEAVING)
    volunteer.reaccreditation_due_on = None
    assert volunteer.appointed_on is not None
    cleared: dt.date = max(
        left - dt.timedelta(days=rng.randint(200, 900)), volunteer.appointed_on - dt.timedelta(days=30)
    )
    volunteer.vetting_cleared_on, volunteer.vetting_expires_on = cleared, add_years(cleared, 3)


def build(rng: random.Random, today: dt.date) -> list[Person]:
    """Every demo volunteer, unsaved; cohorts as in `figures`."""
    people: list[Person] = []
    n = 0

    def add(scheme: str, first: dt.date, last: dt.date) -> Volunteer:
        nonlocal n
        n += 1
        volunteer = _volunteer(rng, n, scheme, _day(rng, first, last), today)
        people.append(Person(volunteer, current=True))
        return volunteer

    for i in range(figures.ICV_STAYING):
        add(Scheme.BOTH if i < 3 else Scheme.ICV, dt.date(2014, 6, 1), dt.date(2019, 12, 31))
    for _ in range(figures.ICV_LEFT_2020_2023):
        _leave(
            add(Scheme.ICV, dt.date(2013, 1, 1), dt.date(2019, 12, 31)),
            rng,
            dt.date(2020, 4, 1),
            dt.date(2023, 3, 30),
        )
    for i in range(figures.ICV_JOINED_2023_2025):
        volunteer = add(Scheme.ICV, dt.date(2023, 4, 1), dt.date(2025, 3, 20))
        if i < 2:
            volunteer.status, volunteer.status_reason = (
                VolunteerStatus.SUSPENDED,
                "Under review after a complaint.",
            )
            volunteer.status_changed_on = _day(rng, dt.date(2025, 4, 1), today - dt.timedelta(days=5))
    for _ in range(figures.AA_STAYING - 3):  # three of the staying custody visitors are in both schemes
        add(Scheme.AA, dt.date(2017, 3, 1), dt.date(2021, 12, 31))
    for _ in range(figures.AA_LEFT_2023_24):
        _leave(
            add(Scheme.AA, dt.date(2017, 3, 1), dt.date(2022, 3, 1)),
            rng,
            dt.date(2023, 4, 1),
            dt.date(2024, 3, 30),
        )
    for status in (VolunteerStatus.APPLICANT, VolunteerStatus.VETTING, VolunteerStatus.TRAINING):
        n += 1
        volunteer = _volunteer(rng, n, Scheme.ICV, today, today)
        volunteer.status, volunteer.status_changed_on = status, today - dt.timedelta(days=rng.randint(3, 40))
        volunteer.applied_on = volunteer.status_changed_on - dt.timedelta(days=30)
        volunteer.appointed_on = volunteer.reaccreditation_due_on = None
        volunteer.vetting_cleared_on = volunteer.vetting_expires_on = None
        volunteer.vetting_level = ""
        people.append(Person(volunteer, current=False))
    for person in people:
        if person.volunteer.status != VolunteerStatus.ACTIVE:
            person.current = False
    _expiring(people, today)
    return people


def _expiring(people: list[Person], today: dt.date) -> None:
    """Two vetting clearances run out within 60 days; one has expired (still marked active)."""
    current = [p.volunteer for p in people if p.current]
    for volunteer, days in ((current[4], 20), (current[9], 45)):
        volunteer.vetting_expires_on = today + dt.timedelta(days=days)
        volunteer.vetting_cleared_on = add_years(volunteer.vetting_expires_on, -3)
    lapsed = current[-1]
    lapsed.vetting_expires_on = today - dt.timedelta(days=12)
    lapsed.vetting_cleared_on = add_years(lapsed.vetting_expires_on, -3)


def training(people: list[Person], rng: random.Random, today: dt.date) -> list[TrainingRecord]:
    """Each volunteer's required courses; refreshers in date today (one running out soon)."""
    courses = list(Course.objects.filter(active=True))
    records = []
    for index, person in enumerate(people):
        volunteer = person.volunteer
        if volunteer.appointed_on is None:
            continue
        for course in courses:
            if not course.required_for(volunteer.schemes):
                continue
            completed = volunteer.appointed_on - dt.timedelta(days=14)
            expires = None
            if course.valid_months:
                years = course.valid_months // 12
                completed = today - dt.timedelta(days=rng.randint(60, 365 * years - 90))
                if not person.current:
                    completed = min(completed, (volunteer.left_on or today) - dt.timedelta(days=30))
                completed = max(completed, volunteer.appointed_on)
                expires = add_years(completed, years)
                if person.current and index == 14:
                    expires = today + dt.timedelta(days=30)
                    completed = add_years(expires, -years)
            records.append(
                TrainingRecord(volunteer=volunteer, course=course, completed_on=completed, expires_on=expires)
            )
    return records


def availability(people: list[Person], rng: random.Random, today: dt.date) -> list[Availability]:
    """The appropriate adults' offers for the next fortnight (the call-out rota)."""
    rows = []
    for person in people:
        if not (person.current and Scheme.AA in person.volunteer.schemes):
            continue
        for offset in sorted(rng.sample(range(14), 4)):
            start = timezone.make_aware(
                dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(rng.choice((7, 9, 13, 18)), 0))
            )
            rows.append(
                Availability(
                    volunteer=person.volunteer,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=rng.choice((4, 6, 8))),
                )
            )
    return rows


def save(people: list[Person], rng: random.Random, today: dt.date, *, by) -> None:
    volunteers = bulk_create_with_history(
        [p.volunteer for p in people], Volunteer, default_user=by, default_change_reason="Demo record"
    )
    for person, saved in zip(people, volunteers, strict=True):
        person.volunteer = saved
    bulk_create_with_history(training(people, rng, today), TrainingRecord, default_user=by)
    bulk_create_with_history(availability(people, rng, today), Availability, default_user=by)
