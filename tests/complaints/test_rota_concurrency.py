"""Two people appointing to the same hearing at once: the row lock keeps one seat one member."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from complaints.models import Appointment, Hearing, PanelMember
from complaints.services import rota
from opcc.core import roles
from tests.complaints.test_panels_support import hearing, member
from tests.grants.test_concurrency import errors_of, oks_of, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_rota_appointments_fill_each_seat_once(make_user):
    staff = [make_user(roles.OFFICE_STAFF) for _ in range(4)]
    h = hearing(requested_on=dt.date(2024, 1, 10), starts_on=dt.date.today() + dt.timedelta(days=30))
    for _ in range(6):
        member(role=PanelMember.Role.IPM)

    def task(user):
        def prepare():
            by = get_user_model().objects.get(pk=user.pk)
            fresh = Hearing.objects.get(pk=h.pk)
            return lambda: rota.hearing_appoint_by_rota(
                hearing=fresh, role=PanelMember.Role.IPM, count=1, conflicts=None, by=by
            )

        return prepare

    results, _ = run_together([task(u) for u in staff])
    assert len(oks_of(results)) == 1
    assert all(isinstance(e, ValidationError) for e in errors_of(results)), errors_of(results)
    assert Appointment.objects.filter(hearing=h).count() == 1
