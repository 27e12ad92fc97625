"""The demo panels, hearings and appeals give the published figures, and running twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from complaints.demo import panels as demo
from complaints.models import Appeal, Appointment, Hearing, PanelMember, RotaSkip
from complaints.statistics import oversight
from opcc.core.services import demo_users_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_users_ensure(password="demo-password-123")
            out = io.StringIO()
            demo.seed(stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


def figure(table, measure: str, basis: str = "All") -> int:
    return next(
        r["number"]
        for r in table.rows
        if r["measure"] == measure and r["basis"] in (basis, "Hearings the office supplied members to")
    )


def test_hearings_held_with_members_supplied(seeded):
    assert figure(oversight.misconduct_hearings(start_year=2022), "Hearings held") == 9
    assert figure(oversight.misconduct_hearings(start_year=2024), "Hearings held") == 10


def test_notices_of_appeal_and_tribunals(seeded):
    assert figure(oversight.appeals(start_year=2022), "Police Appeals Tribunals arranged") == 1
    assert figure(oversight.appeals(start_year=2023), "Notices of appeal received") == 3
    assert figure(oversight.appeals(start_year=2024), "Notices of appeal received") == 6


def test_the_lists_have_what_the_rota_needs(seeded):
    today = timezone.localdate()
    members = PanelMember.objects.all()
    assert members.filter(role__in=["lqc", "lqp"]).count() == 8 and members.filter(role="ipm").count() == 12
    assert members.filter(role__in=["pat_chair", "pat_member"]).count() >= 3
    assert members.filter(vetting_expires_on__lt=today).count() == 1
    assert members.filter(unavailable_from__lte=today, unavailable_until__gte=today).count() == 1
    assert members.filter(vetting_expires_on__range=(today, today + timezone.timedelta(days=60))).count() >= 2
    upcoming = Hearing.objects.filter(stage=Hearing.Stage.REQUESTED, starts_on__gt=today)
    assert upcoming.count() == 2 and not Appointment.objects.filter(hearing__in=upcoming).exists()
    # Post-May-2024 panels: two IPMs (one qualified) and an LQP on each.
    for hearing in Hearing.objects.filter(requested_on__gte="2024-05-07", stage=Hearing.Stage.HELD):
        roles = sorted(hearing.appointments.values_list("role", flat=True))
        assert roles == ["ipm", "ipm", "lqp"] and hearing.appointments.filter(member__qualified=True).exists()
    assert (
        Hearing.objects.get(force_reference="PSD/MH/220509").history.earliest().history_user.username
        == "staff"
    )
    assert RotaSkip.objects.filter(reason="qualification").exists() or Appointment.objects.exists()


def test_running_twice_adds_nothing(seeded):
    counts = [m.objects.count() for m in (PanelMember, Hearing, Appeal, Appointment, RotaSkip)]
    demo.seed(stdout=io.StringIO())
    assert [m.objects.count() for m in (PanelMember, Hearing, Appeal, Appointment, RotaSkip)] == counts
