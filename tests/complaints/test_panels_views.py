"""The panel, hearing and appeal pages: who may open them, the forms end to end, bad input, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Appeal, Appointment, Hearing, PanelMember, RotaSkip
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from tests.complaints.test_panels_support import appeal, hearing, member, seat

pytestmark = pytest.mark.django_db
Role = PanelMember.Role
DAY = dt.timedelta(days=1)


@pytest.fixture
def rows():
    h = hearing(requested_on=dt.date(2024, 1, 10))  # one LQC and one IPM
    a = appeal(
        stage=Appeal.Stage.ARRANGED, tribunal_arranged_on=timezone.localdate(), tribunal_on=h.starts_on
    )
    return member(), member(role=Role.LQC), member(role=Role.PAT_CHAIR), h, a


def pages(m, lqc, chair, h, a) -> list[str]:
    return [
        reverse("complaints:panel_members"),
        reverse("complaints:panel_member_add"),
        reverse("complaints:panel_member", args=[m.pk]),
        reverse("complaints:panel_member_edit", args=[m.pk]),
        reverse("complaints:hearings"),
        reverse("complaints:hearing_add"),
        reverse("complaints:hearing", args=[h.pk]),
        reverse("complaints:hearing_edit", args=[h.pk]),
        reverse("complaints:hearing_rota", args=[h.pk, Role.IPM]),
        reverse("complaints:hearing_appoint", args=[h.pk, Role.LQC]),
        reverse("complaints:hearing_cancel", args=[h.pk]),
        reverse("complaints:appeals"),
        reverse("complaints:appeal_add"),
        reverse("complaints:appeal", args=[a.pk]),
        reverse("complaints:appeal_edit", args=[a.pk]),
        reverse("complaints:appeal_rota", args=[a.pk, Role.PAT_CHAIR]),
        reverse("complaints:appeal_appoint", args=[a.pk, Role.PAT_MEMBER]),
        reverse("complaints:appeal_withdraw", args=[a.pk]),
    ]


@pytest.mark.parametrize("role", [roles.OFFICE_STAFF, roles.REVIEWS_MANAGER])
def test_office_staff_and_reviews_managers_open_every_page(client_as, role, rows):
    client = client_as(role)
    for url in pages(*rows):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS])
def test_other_roles_get_403_and_change_nothing(client_as, role, rows):
    client = client_as(role)
    for url in pages(*rows):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"count": "1", "reason": "x"}).status_code == 403, url
    assert not Appointment.objects.exists() and rows[3].history.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, rows):
    for url in pages(*rows):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_the_rota_page_previews_then_appoints(client_as, rows):
    m, lqc, _chair, h, _appeal = rows
    conflicted = member()
    client = client_as(roles.OFFICE_STAFF)
    url = reverse("complaints:hearing_rota", args=[h.pk, Role.IPM])
    page = client.get(url).content.decode()
    assert f"{m.name}: never sat" in page
    preview = client.post(
        url, {"count": "1", "conflicts": [str(m.pk)], "conflict_note": "Knows the officer", "step": "preview"}
    )
    text = preview.content.decode()
    assert f"{conflicted.name}: never sat" in text and "Conflict of interest (Knows the officer)" in text
    assert not Appointment.objects.exists()
    done = client.post(
        url, {"count": "1", "conflicts": [str(m.pk)], "conflict_note": "Knows the officer", "step": "confirm"}
    )
    assert done.status_code == 302
    assert h.appointments.get().member == conflicted
    assert RotaSkip.objects.get().note == "Knows the officer"
    manual = reverse("complaints:hearing_appoint", args=[h.pk, Role.LQC])
    assert client.post(manual, {"member": str(lqc.pk), "reason": "Only chair free"}).status_code == 302
    assert Hearing.objects.get(pk=h.pk).stage == Hearing.Stage.MEMBERS_APPOINTED
    assert client.get(url).status_code == 302  # no empty seat now: back to the hearing


def test_a_manual_appointment_of_an_expired_member_is_a_form_error(client_as, rows):
    h = rows[3]
    expired = member(role=Role.LQC, vetting_expires_on=timezone.localdate() - DAY)
    response = client_as(roles.OFFICE_STAFF).post(
        reverse("complaints:hearing_appoint", args=[h.pk, Role.LQC]),
        {"member": str(expired.pk), "reason": "x"},
    )
    assert response.status_code == 200 and "vetting expires" in response.content.decode()
    assert not Appointment.objects.exists()


GOOD_MEMBER = {
    "name": "Priya Shah",
    "role": "ipm",
    "term_starts_on": "01/04/2024",
    "term_ends_on": "31/03/2028",
    "vetting_expires_on": "31/03/2027",
    "active": "on",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_trained_on": "01/01/2099"}, "cannot be in the future"),
        ({"term_ends_on": "01/01/2024"}, "cannot end before it starts"),
        ({"name": "Pri\x00ya"}, "Null characters are not allowed"),
        ({"training_notes": "x" * 10_001}, "Shorten the training notes"),
        ({"term_starts_on": "\u0660\u0661/\u0660\u0664/\u0662\u0660\u0662\u0664"}, "must be a real date"),
        ({"unavailable_from": "10/05/2025", "unavailable_until": "01/05/2025"}, "cannot be before the first"),
    ],
)
def test_bad_input_on_the_member_form(client_as, change, message):
    response = client_as(roles.OFFICE_STAFF).post(
        reverse("complaints:panel_member_add"), {**GOOD_MEMBER, **change}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not PanelMember.objects.exists()


def test_the_member_form_saves_and_the_page_is_audited(client_as):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(reverse("complaints:panel_member_add"), GOOD_MEMBER)
    made = PanelMember.objects.get()
    assert response.status_code == 302 and made.active and made.term_starts_on == dt.date(2024, 4, 1)
    client.get(made.get_absolute_url())
    assert AccessEvent.objects.filter(action=Action.RECORD_VIEWED, object_id=str(made.pk)).exists()


GOOD_HEARING = {
    "force_reference": " PSD/MH/1 ",
    "requested_on": "01/05/2025",
    "kind": "misconduct",
    "rank_band": "constable_sergeant",
    "starts_on": "01/07/2025",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"requested_on": "01/01/2099", "starts_on": "02/01/2099"}, "cannot be in the future"),
        ({"ends_on": "30/06/2025"}, "cannot be before the first"),
        ({"starts_on": "30/04/2025"}, "cannot start before the force asked"),
        ({"force_reference": "x" * 41}, "Shorten the force reference"),
        ({"force_reference": "   "}, "Enter the force"),
    ],
)
def test_bad_input_on_the_hearing_form(client_as, change, message):
    response = client_as(roles.OFFICE_STAFF).post(
        reverse("complaints:hearing_add"), {**GOOD_HEARING, **change}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Hearing.objects.exists()


def test_an_appeal_links_its_hearing_by_typed_reference(client_as):
    h = hearing(
        force_reference="PSD/MH/77", starts_on=dt.date(2025, 1, 10), requested_on=dt.date(2024, 12, 1)
    )
    client = client_as(roles.OFFICE_STAFF)
    data = {
        "force_reference": "PAT/9",
        "received_on": "01/02/2025",
        "against": "dismissal",
        "rank_band": "inspector",
    }
    bad = client.post(reverse("complaints:appeal_add"), {**data, "hearing": "PSD/MH/78"})
    assert "No hearing on the register" in bad.content.decode()
    assert client.post(reverse("complaints:appeal_add"), {**data, "hearing": "psd/mh/77"}).status_code == 302
    assert Appeal.objects.get().hearing == h


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_and_pages_take_the_same_queries_for_2_and_20_rows(client_as, make_user):
    client = client_as(roles.OFFICE_STAFF)
    by = make_user(roles.OFFICE_STAFF)
    chair = member(role=Role.PAT_CHAIR)

    def add(n: int):
        """n members each sitting on a hearing (passed over there by the chair), each with an appeal."""
        today = timezone.localdate()
        for _ in range(n):
            sits = today - (len(made) + 1) * DAY
            h = hearing(starts_on=sits, requested_on=sits - 30 * DAY)
            seat(h, member(), by)
            RotaSkip.objects.create(hearing=h, member=chair, reason="unavailable")
            a = appeal(hearing=h, received_on=today, tribunal_on=today + DAY)
            seat(a, chair, by, sits_on=today + (len(made) + 1) * DAY)
            made.append((h, a))

    made: list = []
    add(2)
    h, a = made[0]
    urls = [
        reverse("complaints:panel_members"),
        reverse("complaints:hearings"),
        reverse("complaints:appeals"),
    ]
    urls += [h.get_absolute_url(), chair.get_absolute_url(), a.get_absolute_url()]
    before = [_list_queries(client, u) for u in urls]
    add(18)
    for _ in range(18):  # more members on the first hearing and passed over there
        seat(h, member(), by)
        RotaSkip.objects.create(hearing=h, member=member(), reason="conflict")
    after = [_list_queries(client, u) for u in urls]
    assert before == after
