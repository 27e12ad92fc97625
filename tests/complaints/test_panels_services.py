"""Hearing and appeal stage tables (every stage x every action) and the register services' rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.models import Appeal, Hearing, PanelMember
from complaints.services import panels as services
from complaints.services.panels import AppealAct, HearingAct
from opcc.core import roles
from tests.complaints.test_panels_support import appeal, hearing, member, seat

pytestmark = pytest.mark.django_db
HS, AS = Hearing.Stage, Appeal.Stage
DAY = dt.timedelta(days=1)

# What each action does in each stage: the stage it leaves, or None when refused. Written out by hand.
HEARING_EXPECTED = {
    HearingAct.EDIT: {
        HS.REQUESTED: HS.REQUESTED,
        HS.MEMBERS_APPOINTED: HS.MEMBERS_APPOINTED,
        HS.ADJOURNED: HS.ADJOURNED,
    },
    HearingAct.APPOINT: {HS.REQUESTED: HS.REQUESTED},
    HearingAct.HOLD: {HS.MEMBERS_APPOINTED: HS.HELD, HS.ADJOURNED: HS.HELD},
    HearingAct.ADJOURN: {HS.MEMBERS_APPOINTED: HS.ADJOURNED},
    HearingAct.CANCEL: {
        HS.REQUESTED: HS.CANCELLED,
        HS.MEMBERS_APPOINTED: HS.CANCELLED,
        HS.ADJOURNED: HS.CANCELLED,
    },
    HearingAct.NOTIFY: {HS.HELD: HS.HELD},
}
APPEAL_EXPECTED = {
    AppealAct.EDIT: {AS.RECEIVED: AS.RECEIVED, AS.ARRANGED: AS.ARRANGED},
    AppealAct.ARRANGE: {AS.RECEIVED: AS.ARRANGED},
    AppealAct.APPOINT: {AS.ARRANGED: AS.ARRANGED},
    AppealAct.HEAR: {AS.ARRANGED: AS.HEARD},
    AppealAct.DETERMINE: {AS.HEARD: AS.DETERMINED},
    AppealAct.WITHDRAW: {AS.RECEIVED: AS.WITHDRAWN, AS.ARRANGED: AS.WITHDRAWN},
}


@pytest.mark.parametrize("act", list(HearingAct))
@pytest.mark.parametrize("stage", HS.values)
def test_hearing_stage_table(stage, act):
    expected = HEARING_EXPECTED[act].get(stage)
    if expected is None:
        with pytest.raises(ValidationError, match=f"while the hearing is {HS(stage).label.lower()}"):
            services.hearing_stage_after(stage, act)
    else:
        assert services.hearing_stage_after(stage, act) == expected
    assert (act in services.hearing_acts(stage)) == (expected is not None)


@pytest.mark.parametrize("act", list(AppealAct))
@pytest.mark.parametrize("stage", AS.values)
def test_appeal_stage_table(stage, act):
    expected = APPEAL_EXPECTED[act].get(stage)
    if expected is None:
        with pytest.raises(ValidationError, match=f"while the appeal is {AS(stage).label.lower()}"):
            services.appeal_stage_after(stage, act)
    else:
        assert services.appeal_stage_after(stage, act) == expected


@pytest.fixture
def staff(make_user):
    return make_user(roles.OFFICE_STAFF)


def test_a_hearing_is_held_adjourned_cancelled_only_as_the_table_says(staff):
    today = timezone.localdate()
    h = hearing(starts_on=today - 2 * DAY, stage=HS.MEMBERS_APPOINTED)
    services.hearing_adjourn(hearing=h, by=staff, reason="Officer unwell")
    with pytest.raises(ValidationError, match="adjourn the hearing while the hearing is adjourned"):
        services.hearing_adjourn(hearing=h, by=staff, reason="Again")
    with pytest.raises(ValidationError) as caught:
        services.hearing_hold(hearing=h, by=staff, outcome=" ", outcome_notified_on=today + DAY)
    assert set(caught.value.message_dict) == {"outcome", "outcome_notified_on"}
    held = services.hearing_hold(hearing=h, by=staff, outcome="Dismissed", outcome_notified_on=None)
    assert held.stage == HS.HELD and held.history.first().history_user == staff
    services.hearing_notify(hearing=h, by=staff, outcome_notified_on=today)
    with pytest.raises(ValidationError, match="cancel the hearing while the hearing is held"):
        services.hearing_cancel(hearing=h, by=staff, reason="Too late")


def test_a_hearing_cannot_be_held_before_its_first_day(staff):
    h = hearing(starts_on=timezone.localdate() + 3 * DAY, stage=HS.MEMBERS_APPOINTED)
    with pytest.raises(ValidationError, match="record it once held"):
        services.hearing_hold(hearing=h, by=staff, outcome="Dismissed")


def test_new_dates_move_the_members_and_refuse_one_who_cannot_sit(staff):
    h = hearing(stage=HS.MEMBERS_APPOINTED)
    ok = member()
    away = member(unavailable_from=h.starts_on + 10 * DAY)
    seat(h, ok, staff), seat(h, away, staff)
    with pytest.raises(ValidationError, match=f"{away.name} cannot sit then"):
        services.hearing_update(hearing=h, by=staff, starts_on=h.starts_on + 12 * DAY)
    h.appointments.filter(member=away).delete()
    services.hearing_update(hearing=h, by=staff, starts_on=h.starts_on + 12 * DAY)
    assert h.appointments.get().sits_on == h.starts_on + 12 * DAY


@pytest.mark.parametrize(
    ("days", "field"), [((1, 0, None), "requested_on"), ((0, 5, 4), "ends_on"), ((0, -1, None), "starts_on")]
)
def test_hearing_dates_are_checked(staff, days, field):
    today = timezone.localdate()
    requested, starts, ends = days
    with pytest.raises(ValidationError) as caught:
        services.hearing_create(
            by=staff,
            force_reference="PSD/1",
            requested_on=today + requested * DAY,
            kind="misconduct",
            rank_band="inspector",
            starts_on=today + starts * DAY,
            ends_on=None if ends is None else today + ends * DAY,
        )
    assert field in caught.value.message_dict
    assert not Hearing.objects.exists()


def test_an_appeal_runs_received_arranged_heard_determined(staff):
    today = timezone.localdate()
    a = appeal(received_on=today - 60 * DAY)
    with pytest.raises(ValidationError, match="before it was arranged"):
        services.appeal_arrange(
            appeal=a, by=staff, tribunal_arranged_on=today - 10 * DAY, tribunal_on=today - 20 * DAY
        )
    services.appeal_arrange(
        appeal=a, by=staff, tribunal_arranged_on=today - 30 * DAY, tribunal_on=today - DAY
    )
    with pytest.raises(ValidationError, match="Appoint the tribunal's members first"):
        services.appeal_hear(appeal=a, by=staff)
    seat(a, member(role=PanelMember.Role.PAT_CHAIR), staff, sits_on=today - DAY)
    seat(a, member(role=PanelMember.Role.PAT_MEMBER), staff, sits_on=today - DAY)
    services.appeal_hear(appeal=a, by=staff)
    with pytest.raises(ValidationError):
        services.appeal_determine(appeal=a, by=staff, outcome="maybe")
    done = services.appeal_determine(
        appeal=a, by=staff, outcome=Appeal.Outcome.VARIED, outcome_notes=" Reduced "
    )
    assert (done.stage, done.outcome, done.outcome_notes) == (AS.DETERMINED, "varied", "Reduced")
    with pytest.raises(ValidationError, match="while the appeal is determined"):
        services.appeal_withdraw(appeal=a, by=staff, reason="x")


def test_a_notice_cannot_come_before_the_hearing_it_appeals(staff):
    h = hearing(starts_on=timezone.localdate() - 5 * DAY, requested_on=timezone.localdate() - 50 * DAY)
    with pytest.raises(ValidationError, match="before the hearing"):
        services.appeal_create(
            by=staff, force_reference="PAT/1", received_on=h.starts_on - DAY, against="dismissal",
            rank_band="inspector", hearing=h,
        )  # fmt: skip
    assert services.hearing_by_reference(f"  {h.force_reference.lower()} ") == h
    with pytest.raises(ValidationError, match="No hearing"):
        services.hearing_by_reference("NOPE")


def test_panel_member_rules_and_permissions(staff, make_user):
    today = timezone.localdate()
    fields = {
        "name": "Ann Lee", "role": "ipm", "term_starts_on": today, "term_ends_on": today - DAY, "vetting_expires_on": today,
        "last_trained_on": today + DAY,
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.panel_member_create(by=staff, **fields)
    assert {"term_ends_on", "last_trained_on"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError):
        services.panel_member_create(by=staff, **{**fields, "name": "Ann\x00Lee", "term_ends_on": today})
    for role in (roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS):
        with pytest.raises(PermissionDenied):
            services.panel_member_create(by=make_user(role), **{**fields, "term_ends_on": today})
    made = services.panel_member_create(
        by=staff, **{**fields, "term_ends_on": today, "last_trained_on": None}
    )
    assert made.history.first().history_user == staff
