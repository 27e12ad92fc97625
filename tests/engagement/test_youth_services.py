"""Youth Commissioner services: cohort rules, members (minors: only office staff who work with them
record them, never the Administrator), every member status x every step, and activities."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import MemberStatus, YouthActivity, YouthCohort, YouthCommissioner
from engagement.services import (
    activity_add,
    activity_update,
    cohort_create,
    cohort_update,
    member_add,
    member_transition,
    member_update,
)
from engagement.workflow import MEMBER_TRANSITIONS, Action

from .award_support import area, build_activity, build_cohort, build_member

pytestmark = pytest.mark.django_db
M = MemberStatus

COHORT = {
    "name": "2019/20 Youth Commissioners",
    "elected_on": dt.date(2019, 6, 20),
    "term_starts_on": dt.date(2019, 7, 1),
    "term_ends_on": dt.date(2020, 6, 30),
    "votes_cast": 4_210,
}


def test_cohort_rules(eng_users):
    by = eng_users.staff
    cohort = cohort_create(by=by, **COHORT)
    assert cohort.history.get().history_user == by
    refusals = [
        ({"name": " 2019/20 YOUTH COMMISSIONERS "}, "name", "already recorded"),
        ({"name": ""}, "name", "Enter the cohort's name"),
        ({"term_ends_on": dt.date(2019, 7, 1)}, "term_ends_on", "must end after it starts"),
        ({"elected_on": dt.date(2019, 7, 2)}, "elected_on", "on or before the day the term starts"),
        ({"votes_cast": -1}, "votes_cast", "from 0 to 10,000,000"),
        ({"votes_cast": 10_000_001}, "votes_cast", "from 0 to 10,000,000"),
        ({"name": "Cohort \u202e"}, "name", ""),
    ]
    for change, field, words in refusals:
        with pytest.raises(ValidationError) as exc:
            cohort_create(by=by, **(COHORT | {"name": "Another"} | change))
        assert field in exc.value.message_dict and words in " ".join(exc.value.messages), change
    assert YouthCohort.objects.count() == 1
    with pytest.raises(PermissionDenied):
        cohort_create(by=eng_users.administrator, **(COHORT | {"name": "Admin's"}))

    build_activity(cohort, date=dt.date(2019, 6, 25))
    with pytest.raises(ValidationError, match="has an activity on 25 June 2019"):
        cohort_update(cohort=cohort, by=by, **(COHORT | {"elected_on": dt.date(2019, 6, 30)}))
    changed = cohort_update(cohort=cohort, by=by, **(COHORT | {"votes_cast": 0}))
    assert changed.votes_cast == 0 and changed.history.count() == 2


def test_members_are_recorded_by_youth_staff_only(eng_users):
    cohort = build_cohort()
    member = member_add(by=eng_users.staff, cohort=cohort, name=" Aisha Khan ", area=area(), age_band="15-16")
    assert (member.name, member.status, member.age_band) == ("Aisha Khan", M.ELECTED, "15-16")
    # No date of birth and no contact details are kept for a minor.
    names = {f.name for f in YouthCommissioner._meta.get_fields()}
    assert not names & {"date_of_birth", "born_on", "email", "phone", "address", "postcode"}
    for change, field in (
        ({"name": ""}, "name"),
        ({"age_band": "12"}, "age_band"),
        ({"area": None}, "area"),
        ({"name": "x" * 151}, "name"),
    ):
        with pytest.raises(ValidationError) as exc:
            member_add(
                by=eng_users.staff,
                cohort=cohort,
                **({"name": "B", "area": area(), "age_band": "13-14"} | change),
            )
        assert field in exc.value.message_dict, change
    for user in (
        eng_users.administrator,
        eng_users.grants_manager,
        eng_users.reviews_manager,
        eng_users.reports,
    ):
        with pytest.raises(PermissionDenied):
            member_add(by=user, cohort=cohort, name="Not allowed", area=area(), age_band="13-14")
        with pytest.raises(PermissionDenied):
            member_update(member=member, by=user, name="Renamed", area=area(), age_band="13-14")
        with pytest.raises(PermissionDenied):
            member_transition(member=member, by=user, action=Action.INDUCT)
    updated = member_update(
        member=member, by=eng_users.other_staff, name="Aisha K.", area=area(1), age_band="17-18"
    )
    assert (updated.name, updated.area, updated.age_band) == ("Aisha K.", area(1), "17-18")
    assert YouthCommissioner.objects.count() == 1


def test_every_member_status_and_every_step(eng_users):
    cohort = build_cohort()
    tried = 0
    for status in M.values:
        for action, transition in MEMBER_TRANSITIONS.items():
            member = build_member(cohort, f"{status} {action}", status=status)
            if status in transition.sources:
                done = member_transition(member=member, by=eng_users.staff, action=action)
                assert done.status == transition.target and done.history.count() == 2
            else:
                with pytest.raises(ValidationError, match="is not possible while the status is"):
                    member_transition(member=member, by=eng_users.staff, action=action)
                assert YouthCommissioner.objects.get(pk=member.pk).status == status
            tried += 1
    assert tried == len(M.values) * len(MEMBER_TRANSITIONS)
    with pytest.raises(ValidationError, match="not a step for a Youth Commissioner"):
        member_transition(member=member, by=eng_users.staff, action=Action.WIN)


def test_activity_rules(eng_users):
    cohort = cohort_create(by=eng_users.staff, **COHORT)
    good = {"kind": "survey", "title": "Knife crime survey", "date": dt.date(2019, 11, 1), "responses": 1_204}
    survey = activity_add(by=eng_users.staff, cohort=cohort, **good)
    assert survey.responses == 1_204
    summit = activity_add(
        by=eng_users.staff, cohort=cohort, **(good | {"kind": "summit", "title": "Summit", "responses": None})
    )
    refusals = [
        ({"kind": "summit"}, "responses", "surveys only"),
        ({"responses": -5}, "responses", "from 0 to"),
        ({"date": dt.date(2019, 6, 19)}, "date", "before the cohort's election (20 June 2019)"),
        ({"date": dt.date(2020, 7, 1)}, "date", "after the cohort's term ends (30 June 2020)"),
        ({"title": " "}, "title", "Enter a title"),
        ({"kind": "party"}, "kind", "Choose the kind"),
        ({"notes": "a\x00b"}, "notes", ""),
    ]
    for change, field, words in refusals:
        with pytest.raises(ValidationError) as exc:
            activity_add(by=eng_users.staff, cohort=cohort, **(good | change))
        assert field in exc.value.message_dict and words in " ".join(exc.value.messages), change
        with pytest.raises(ValidationError):
            activity_update(activity=summit, by=eng_users.staff, **(good | change))
    assert YouthActivity.objects.count() == 2
    # The Administrator reads activities but does not record them; no other role touches them.
    for user in (eng_users.administrator, eng_users.coordinator):
        with pytest.raises(PermissionDenied):
            activity_add(by=user, cohort=cohort, **good)
    moved = activity_update(activity=summit, by=eng_users.staff, **(good | {"title": "Youth summit"}))
    assert (moved.kind, moved.title, moved.responses) == ("survey", "Youth summit", 1_204)
