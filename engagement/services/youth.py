"""Youth Commissioners: cohorts, their members and their activities.

Members are minors: only a name, an area and an age band at election are kept (no date of birth,
no contact details), and only staff who work with Youth Commissioners record or see them
(`require_youth`). Cohorts and activities hold no personal data: any office writer records them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from engagement.models import (
    ActivityKind,
    AgeBand,
    MemberStatus,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from engagement.workflow import MEMBER_TRANSITIONS, Action, check_transition
from opcc.core.dates import long_date
from opcc.core.models import PolicingArea
from opcc.core.services import save

from .common import require_recorder, require_youth, text

MAX_VOTES = 10_000_000
MAX_RESPONSES = 10_000_000


# --- cohorts ---------------------------------------------------------------------------------------


def _check_cohort(cohort: YouthCohort) -> None:
    cohort.name = text(cohort.name, field="name", what="the cohort's name", required=True, limit=100)
    if YouthCohort.objects.filter(name__iexact=cohort.name).exclude(pk=cohort.pk).exists():
        raise ValidationError({"name": f"A cohort called “{cohort.name}” is already recorded."})
    if cohort.term_ends_on <= cohort.term_starts_on:
        raise ValidationError({"term_ends_on": "The term must end after it starts."})
    if cohort.elected_on > cohort.term_starts_on:
        raise ValidationError({"elected_on": "The election must be on or before the day the term starts."})
    if not 0 <= cohort.votes_cast <= MAX_VOTES:
        raise ValidationError({"votes_cast": f"Enter the votes cast: a number from 0 to {MAX_VOTES:,}."})


@transaction.atomic
def cohort_create(
    *, by, name: str, elected_on: dt.date, term_starts_on: dt.date, term_ends_on: dt.date, votes_cast: int = 0
) -> YouthCohort:
    require_recorder(by, action="record Youth Commissioner cohorts")
    cohort = YouthCohort(
        name=name,
        elected_on=elected_on,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        votes_cast=votes_cast,
    )
    _check_cohort(cohort)
    return save(cohort, by=by, reason="Cohort recorded")


@transaction.atomic
def cohort_update(
    *,
    cohort: YouthCohort,
    by,
    name: str,
    elected_on: dt.date,
    term_starts_on: dt.date,
    term_ends_on: dt.date,
    votes_cast: int,
) -> YouthCohort:
    require_recorder(by, action="change Youth Commissioner cohorts")
    cohort = YouthCohort.objects.select_for_update().get(pk=cohort.pk)
    cohort.name, cohort.elected_on, cohort.votes_cast = name, elected_on, votes_cast
    cohort.term_starts_on, cohort.term_ends_on = term_starts_on, term_ends_on
    _check_cohort(cohort)
    first = cohort.activities.order_by("date").values_list("date", flat=True).first()
    if first is not None and first < elected_on:
        raise ValidationError(
            {"elected_on": f"The cohort has an activity on {long_date(first)}, before that election date."}
        )
    return save(cohort, by=by, reason="Cohort changed")


# --- members ---------------------------------------------------------------------------------------


def _require_member_writer(by, action: str) -> None:
    require_recorder(by, action=action)
    require_youth(by, action=action)


def _check_member(member: YouthCommissioner) -> None:
    member.name = text(member.name, field="name", what="the name", required=True, limit=150)
    if member.age_band not in AgeBand.values:
        raise ValidationError({"age_band": "Choose the age band at election."})
    if member.area_id is None:
        raise ValidationError({"area": "Choose the area they represent."})


@transaction.atomic
def member_add(*, by, cohort: YouthCohort, name: str, area: PolicingArea, age_band: str) -> YouthCommissioner:
    """A Youth Commissioner elected in `cohort`: name, area and age band only (a minor's data, minimised)."""
    _require_member_writer(by, "record Youth Commissioners")
    cohort = YouthCohort.objects.select_for_update().get(pk=cohort.pk)
    member = YouthCommissioner(cohort=cohort, name=name, area=area, age_band=age_band)
    _check_member(member)
    return save(member, by=by, reason="Elected")


@transaction.atomic
def member_update(
    *, member: YouthCommissioner, by, name: str, area: PolicingArea, age_band: str
) -> YouthCommissioner:
    _require_member_writer(by, "change Youth Commissioners")
    member = YouthCommissioner.objects.select_for_update().get(pk=member.pk)
    member.name, member.area, member.age_band = name, area, age_band
    _check_member(member)
    return save(member, by=by, reason="Details changed")


@transaction.atomic
def member_transition(*, member: YouthCommissioner, by, action: Action) -> YouthCommissioner:
    """Induction, active, end of term or standing down, through MEMBER_TRANSITIONS."""
    _require_member_writer(by, "change a Youth Commissioner's status")
    if action not in MEMBER_TRANSITIONS:
        raise ValidationError("That is not a step for a Youth Commissioner.")
    member = YouthCommissioner.objects.select_for_update().get(pk=member.pk)
    target = check_transition(MEMBER_TRANSITIONS, action, member.status, MemberStatus)
    previous = MemberStatus(member.status).label
    member.status = target
    return save(member, by=by, reason=f"{previous} to {MemberStatus(target).label}")


# --- activities ------------------------------------------------------------------------------------


def _check_activity(activity: YouthActivity, cohort: YouthCohort) -> None:
    if activity.kind not in ActivityKind.values:
        raise ValidationError({"kind": "Choose the kind of activity."})
    activity.title = text(activity.title, field="title", what="a title", required=True, limit=200)
    activity.notes = text(activity.notes, field="notes", what="the notes")
    if activity.date < cohort.elected_on:
        raise ValidationError(
            {"date": f"The date cannot be before the cohort's election ({long_date(cohort.elected_on)})."}
        )
    if activity.date > cohort.term_ends_on:
        raise ValidationError(
            {"date": f"The date cannot be after the cohort's term ends ({long_date(cohort.term_ends_on)})."}
        )
    if activity.responses is not None:
        if activity.kind != ActivityKind.SURVEY:
            raise ValidationError({"responses": "Responses are counted for surveys only: leave it blank."})
        if not 0 <= activity.responses <= MAX_RESPONSES:
            raise ValidationError({"responses": f"Enter a number of responses from 0 to {MAX_RESPONSES:,}."})


@transaction.atomic
def activity_add(
    *,
    by,
    cohort: YouthCohort,
    kind: str,
    title: str,
    date: dt.date,
    responses: int | None = None,
    notes: str = "",
) -> YouthActivity:
    require_recorder(by, action="record Youth Commissioner activities")
    cohort = YouthCohort.objects.select_for_update().get(pk=cohort.pk)
    activity = YouthActivity(
        cohort=cohort, kind=kind, title=title, date=date, responses=responses, notes=notes
    )
    _check_activity(activity, cohort)
    return save(activity, by=by, reason="Activity recorded")


@transaction.atomic
def activity_update(
    *,
    activity: YouthActivity,
    by,
    kind: str,
    title: str,
    date: dt.date,
    responses: int | None = None,
    notes: str = "",
) -> YouthActivity:
    require_recorder(by, action="change Youth Commissioner activities")
    activity = YouthActivity.objects.select_for_update().get(pk=activity.pk)
    cohort = YouthCohort.objects.get(pk=activity.cohort_id)
    activity.kind, activity.title, activity.date = kind, title, date
    activity.responses, activity.notes = responses, notes
    _check_activity(activity, cohort)
    return save(activity, by=by, reason="Activity changed")
