"""Who may be put on a visit, a rota slot or a call-out on a given day, and if not, why.

One function answers for all three, so the rule cannot drift between them: active, in the scheme,
independence declared, police vetting in date, accreditation in date and every course the scheme
requires completed and in date. The message names each thing that has expired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from opcc.core.dates import long_date
from volunteers.models import Course, Scheme, TrainingRecord, Volunteer, VolunteerStatus

SCHEME_NAMES = {Scheme.ICV: "custody visitor", Scheme.AA: "appropriate adult"}


def with_training(queryset) -> Iterable[Volunteer]:
    """Volunteers with their training prefetched (one query for any number of them)."""
    return queryset.prefetch_related(
        Prefetch(
            "training", queryset=TrainingRecord.objects.select_related("course").order_by("-completed_on")
        )
    )


def barriers(
    volunteer: Volunteer, *, scheme: str, day: dt.date, courses: list[Course] | None = None
) -> list[str]:
    """What stops `volunteer` acting in `scheme` on `day`; empty when they may."""
    problems: list[str] = []
    if scheme not in volunteer.schemes:
        problems.append(f"is not in the {SCHEME_NAMES[Scheme(scheme)]} scheme")
    if volunteer.status != VolunteerStatus.ACTIVE:
        problems.append(f"is not active (status: {volunteer.get_status_display().lower()})")
    if volunteer.independence_declared_on is None:
        problems.append("has not declared their independence from the police")
    if volunteer.vetting_expires_on is None:
        problems.append("has no police vetting recorded")
    elif volunteer.vetting_expires_on < day:
        problems.append(f"police vetting expired on {long_date(volunteer.vetting_expires_on)}")
    if volunteer.reaccreditation_due_on is None:
        problems.append("has no appointment recorded")
    elif volunteer.reaccreditation_due_on < day:
        problems.append(f"accreditation expired on {long_date(volunteer.reaccreditation_due_on)}")
    required = [
        c
        for c in (courses if courses is not None else Course.objects.filter(active=True))
        if c.required_for(frozenset({scheme}))
    ]
    latest: dict[int, TrainingRecord] = {}
    for record in volunteer.training.all():  # newest first
        if record.completed_on <= day:
            latest.setdefault(record.course_id, record)
    for course in required:
        done = latest.get(course.pk)
        if done is None:
            problems.append(f"has not completed “{course.name}”")
        elif done.expires_on is not None and done.expires_on < day:
            problems.append(f"“{course.name}” training expired on {long_date(done.expires_on)}")
    return problems


def require_eligible(
    volunteers: Iterable[Volunteer], *, scheme: str, day: dt.date, field: str, what: str
) -> None:
    """A ValidationError on `field` naming every volunteer who may not be put on `what`, and why."""
    courses = list(Course.objects.filter(active=True))
    messages = []
    for volunteer in volunteers:
        problems = barriers(volunteer, scheme=scheme, day=day, courses=courses)
        if problems:
            messages.append(f"{volunteer.name} cannot be put on {what}: {'; '.join(problems)}.")
    if messages:
        raise ValidationError({field: messages})


def eligible(*, scheme: str, day: dt.date) -> list[Volunteer]:
    """Active volunteers of the scheme who may act on `day` (for choosing a pair or an AA)."""
    courses = list(Course.objects.filter(active=True))
    candidates = with_training(
        Volunteer.objects.active()
        .in_scheme(scheme)
        .filter(
            vetting_expires_on__gte=day,
            reaccreditation_due_on__gte=day,
            independence_declared_on__isnull=False,
        )
    )
    return [v for v in candidates if not barriers(v, scheme=scheme, day=day, courses=courses)]
