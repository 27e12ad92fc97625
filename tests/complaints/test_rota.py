"""The fair rota: its order, every reason it passes a member over, the seats, and all-or-nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.models import Appointment, Hearing, PanelMember, RankBand, RotaSkip
from complaints.services import rota
from opcc.core import roles
from tests.complaints.test_panels_support import appeal, hearing, member, seat

pytestmark = pytest.mark.django_db
Role = PanelMember.Role
Reason = RotaSkip.Reason
DAY = dt.timedelta(days=1)


@pytest.fixture
def staff(make_user):
    return make_user(roles.OFFICE_STAFF)


def today():
    return timezone.localdate()


def old_panel(**fields) -> Hearing:
    """A hearing the force asked for before 7 May 2024: one LQC and one IPM."""
    return hearing(requested_on=dt.date(2024, 1, 10), starts_on=today() + 30 * DAY, **fields)


def test_order_never_sat_first_then_longest_since_last_sat_then_term_start_then_pk(staff):
    h = old_panel()
    sat_recently, sat_long_ago = member(), member()
    never_later_term = member(term_starts_on=dt.date(2021, 1, 1))
    never_a, never_b = member(term_starts_on=dt.date(2020, 6, 1)), member(term_starts_on=dt.date(2020, 6, 1))
    seat(hearing(starts_on=today() - 10 * DAY), sat_recently, staff)
    seat(hearing(starts_on=today() - 300 * DAY), sat_long_ago, staff)
    order = rota.rota_order(role=Role.IPM, on=h.starts_on)
    assert [c.member for c in order] == [never_a, never_b, never_later_term, sat_long_ago, sat_recently]
    assert order[3].last_sat_on == today() - 300 * DAY and order[0].last_sat_on is None
    member(role=Role.LQC)
    member(active=False)  # left the list: not in the order at all
    assert len(rota.rota_order(role=Role.IPM, on=h.starts_on)) == 5


def test_appointing_takes_the_next_in_order_and_records_each_member_passed_over(staff):
    h = old_panel(ends_on=today() + 32 * DAY)
    first = h.starts_on
    ended = member(term_ends_on=first + DAY)  # ends before the last hearing day
    not_started = member(term_starts_on=first + DAY)
    vetting = member(vetting_expires_on=first + DAY)  # runs out before the last day
    away = member(unavailable_from=first + 2 * DAY, unavailable_until=first + 40 * DAY)
    conflicted = member()
    busy = member()
    seat(hearing(starts_on=first + DAY), busy, staff)  # sitting elsewhere on the second day
    chosen = member()
    later = member()
    made = rota.hearing_appoint_by_rota(
        hearing=h, role=Role.IPM, count=1, conflicts={conflicted.pk: "Worked with the officer"}, by=staff
    )
    assert [a.member for a in made] == [chosen] and made[0].by_rota and made[0].sits_on == first
    skips = {s.member: (s.reason, s.note) for s in h.skips.all()}
    assert skips == {
        ended: (Reason.TERM_ENDED, f"term ends on {first + DAY:%d/%m/%Y}"),
        vetting: (Reason.VETTING_EXPIRED, f"vetting expires on {first + DAY:%d/%m/%Y}"),
        away: (Reason.UNAVAILABLE, "unavailable on the date"),
        conflicted: (Reason.CONFLICT, "Worked with the officer"),
    }
    assert later not in skips and not_started not in skips  # the rota stopped at the seat it filled
    # Further down the order (a later term; sat before), the others are marked for the preview.
    marked = {
        c.member: (c.reason, c.note) for c in rota.rota_order(role=Role.IPM, on=first, until=first + 2 * DAY)
    }
    assert marked[not_started] == (Reason.TERM_ENDED, f"term starts on {first + DAY:%d/%m/%Y}")
    assert marked[busy] == (Reason.UNAVAILABLE, "sitting on another hearing or tribunal then")
    assert made[0].history.first().history_user == staff


def test_an_expired_member_is_never_appointed_even_by_hand(staff):
    h = old_panel()
    expired = member(vetting_expires_on=today() - DAY)
    with pytest.raises(ValidationError, match="vetting expires"):
        rota.appoint_member(
            hearing=h, member=expired, role=Role.IPM, reason="Asked for by the chair", by=staff
        )
    away = member(unavailable_from=h.starts_on)
    with pytest.raises(ValidationError, match="unavailable"):
        rota.appoint_member(hearing=h, member=away, role=Role.IPM, reason="Asked for", by=staff)
    with pytest.raises(ValidationError):
        rota.hearing_appoint_by_rota(hearing=h, role=Role.IPM, count=1, conflicts=None, by=staff)
    assert not Appointment.objects.exists() and not RotaSkip.objects.exists()


def test_a_manual_appointment_is_recorded_outside_the_rota_with_its_reason(staff):
    h = old_panel()
    first, second = member(), member()
    with pytest.raises(ValidationError, match="Enter why"):
        rota.appoint_member(hearing=h, member=second, role=Role.IPM, reason="  ", by=staff)
    made = rota.appoint_member(
        hearing=h, member=second, role=Role.IPM, reason="Welsh speaker needed", by=staff
    )
    assert (made.by_rota, made.note, made.member) == (False, "Welsh speaker needed", second)
    with pytest.raises(ValidationError, match="filled"):
        rota.appoint_member(hearing=h, member=first, role=Role.IPM, reason="Another", by=staff)
    with pytest.raises(ValidationError, match="not an active"):
        rota.appoint_member(hearing=h, member=member(role=Role.LQC), role=Role.IPM, reason="x", by=staff)


def test_not_enough_members_is_a_clear_error_and_nothing_is_half_saved(staff):
    h = hearing(requested_on=today() - 5 * DAY, starts_on=today() + 20 * DAY)  # 2 IPMs, 1 LQP
    member(qualified=True)
    member(unavailable_from=today())
    member(unavailable_from=today() + 10 * DAY, unavailable_until=today() + 25 * DAY)
    member(vetting_expires_on=today() + DAY)
    with pytest.raises(ValidationError) as caught:
        rota.hearing_appoint_by_rota(hearing=h, role=Role.IPM, count=2, conflicts=None, by=staff)
    assert caught.value.messages == [
        "Only 1 eligible independent panel member for 2 seats: 3 skipped (2 unavailable, 1 vetting expired)."
    ]
    assert not Appointment.objects.exists() and not RotaSkip.objects.exists()
    assert Hearing.objects.get(pk=h.pk).stage == Hearing.Stage.REQUESTED


def test_from_7_may_2024_two_ipms_one_qualified_and_an_lqp_then_members_appointed(staff):
    h = hearing(requested_on=dt.date(2024, 5, 7), starts_on=today() + 20 * DAY)
    assert [(s.role, s.count, s.qualified) for s in rota.seats_for(h)] == [(Role.IPM, 2, 1), (Role.LQP, 1, 0)]
    unqualified_a, unqualified_b, qualified = member(), member(), member(qualified=True)
    lqp = member(role=Role.LQP)
    made = rota.hearing_appoint_by_rota(hearing=h, role=Role.IPM, count=2, conflicts=None, by=staff)
    assert [a.member for a in made] == [unqualified_a, qualified]
    skip = h.skips.get()
    assert (skip.member, skip.reason) == (unqualified_b, Reason.QUALIFICATION)
    assert Hearing.objects.get(pk=h.pk).stage == Hearing.Stage.REQUESTED  # the LQP seat is empty
    rota.hearing_appoint_by_rota(hearing=h, role=Role.LQP, count=1, conflicts=None, by=staff)
    h.refresh_from_db()
    assert h.stage == Hearing.Stage.MEMBERS_APPOINTED and h.appointments.filter(member=lqp).exists()
    assert h.history.first().history_change_reason == "Every seat filled: members appointed"


@pytest.mark.parametrize(
    ("requested", "band", "seats"),
    [
        (dt.date(2024, 5, 6), RankBand.CONSTABLE_SERGEANT, [(Role.LQC, 1), (Role.IPM, 1)]),
        (dt.date(2024, 5, 7), RankBand.INSPECTOR, [(Role.IPM, 2), (Role.LQP, 1)]),
        (dt.date(2025, 1, 1), RankBand.SENIOR, [(Role.LQC, 1), (Role.IPM, 1)]),
    ],
)
def test_the_seats_follow_the_date_the_force_asked_and_the_rank_band(requested, band, seats):
    h = hearing(requested_on=requested, starts_on=requested + 30 * DAY, rank_band=band)
    assert [(s.role, s.count) for s in rota.seats_for(h)] == seats


def test_tribunals_use_the_same_rota_for_pat_seats(staff):
    a = appeal(stage="arranged", tribunal_arranged_on=today() - DAY, tribunal_on=today() + 40 * DAY)
    chair, pat = member(role=Role.PAT_CHAIR), member(role=Role.PAT_MEMBER, vetting_expires_on=today())
    other = member(role=Role.PAT_MEMBER)
    rota.appeal_appoint_by_rota(appeal=a, role=Role.PAT_CHAIR, count=1, conflicts=None, by=staff)
    rota.appeal_appoint_by_rota(appeal=a, role=Role.PAT_MEMBER, count=1, conflicts=None, by=staff)
    assert {x.member for x in a.appointments.all()} == {chair, other}
    assert a.skips.get().member == pat and not rota.missing_seats(a)


def test_an_appeal_needs_a_tribunal_date_and_the_right_stage(staff):
    a = appeal()
    member(role=Role.PAT_CHAIR)
    with pytest.raises(ValidationError, match="appoint tribunal members while the appeal is notice received"):
        rota.appeal_appoint_by_rota(appeal=a, role=Role.PAT_CHAIR, count=1, conflicts=None, by=staff)


def test_other_roles_may_not_appoint(make_user):
    h = old_panel()
    member()
    for role in (roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS):
        with pytest.raises(PermissionDenied):
            rota.hearing_appoint_by_rota(
                hearing=h, role=Role.IPM, count=1, conflicts=None, by=make_user(role)
            )
    assert not Appointment.objects.exists()


def test_a_filled_seat_or_a_hearing_past_requested_refuses_more(staff):
    h = old_panel()
    member(), member()
    rota.hearing_appoint_by_rota(hearing=h, role=Role.IPM, count=1, conflicts=None, by=staff)
    with pytest.raises(ValidationError, match="Every independent panel member seat is filled"):
        rota.hearing_appoint_by_rota(hearing=h, role=Role.IPM, count=1, conflicts=None, by=staff)
    Hearing.objects.filter(pk=h.pk).update(stage=Hearing.Stage.CANCELLED)
    with pytest.raises(ValidationError, match="while the hearing is cancelled"):
        rota.hearing_appoint_by_rota(hearing=h, role=Role.LQC, count=1, conflicts=None, by=staff)
