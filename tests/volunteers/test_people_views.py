"""The volunteer pages: who opens each, what a volunteer's page shows and offers, and each form
through to its service (service errors on the fields, nothing saved on a refusal)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opcc.audit.models import AccessEvent
from opcc.core.dates import long_date
from volunteers.models import Availability, Course, TrainingRecord, Volunteer, VolunteerStatus
from volunteers.workflow import Action

pytestmark = pytest.mark.django_db
V = VolunteerStatus

READ = ("list", "detail")
WRITE = ("add", "edit", "status", "training", "reaccredit", "availability")


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def urls(volunteer: Volunteer) -> dict[str, str]:
    pk = volunteer.pk
    return {
        "list": reverse("volunteers:volunteers"),
        "detail": reverse("volunteers:volunteer", args=[pk]),
        "add": reverse("volunteers:volunteer_add"),
        "edit": reverse("volunteers:volunteer_edit", args=[pk]),
        "status": reverse("volunteers:volunteer_status", args=[pk, "suspend"]),
        "training": reverse("volunteers:volunteer_training_add", args=[pk]),
        "reaccredit": reverse("volunteers:volunteer_reaccredit", args=[pk]),
        "availability": reverse("volunteers:volunteer_availability_add", args=[pk]),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def snapshot() -> tuple:
    return (
        list(Volunteer.objects.order_by("pk").values()),
        TrainingRecord.objects.count(),
        Availability.objects.count(),
        Volunteer.history.count(),
    )


@pytest.mark.parametrize("who", ["coordinator", "staff", "administrator"])
def test_module_users_read_and_only_coordinators_write(client, vol_users, make_volunteer, who):
    volunteer = make_volunteer("both")
    client = signed_in(client, getattr(vol_users, who))
    before = snapshot()
    for name, url in urls(volunteer).items():
        expected = 200 if who == "coordinator" or name in READ else 403
        assert client.get(url).status_code == expected, (who, name)
        if name in WRITE and who != "coordinator":
            response = client.post(url, {"on": d(today()), "reason": "x", "first_name": "X"})
            assert response.status_code == 403, (who, name)
            assert "You do not have access" in response.content.decode()
    assert snapshot()[1:] == before[1:]


@pytest.mark.parametrize("who", ["grants_manager", "reviews_manager", "reports"])
def test_other_roles_get_403_on_every_page(client, vol_users, make_volunteer, who):
    volunteer = make_volunteer("both")
    client = signed_in(client, getattr(vol_users, who))
    before = snapshot()
    for name, url in {
        **urls(volunteer),
        "csv": reverse("volunteers:volunteers_csv"),
        "xlsx": reverse("volunteers:volunteers_xlsx"),
    }.items():
        assert client.get(url).status_code == 403, (who, name)
        if name in WRITE:
            assert client.post(url, {"on": d(today()), "reason": "x"}).status_code == 403
    assert snapshot() == before


def test_the_page_shows_why_a_volunteer_cannot_act_and_is_audited(client, vol_users, make_volunteer):
    yesterday = today() - dt.timedelta(days=1)
    volunteer = make_volunteer("both", vetting_expires_on=yesterday, email="vol@example.org")
    TrainingRecord.objects.filter(volunteer=volunteer, course__name="Safeguarding").update(
        expires_on=yesterday
    )
    page = signed_in(client, vol_users.staff).get(volunteer.get_absolute_url()).content.decode()
    assert f"police vetting expired on {long_date(yesterday)}" in page
    assert f"“Safeguarding” training expired on {long_date(yesterday)}" in page
    assert "As custody visitor" in page and "As appropriate adult" in page
    assert 'govuk-tag--red">Expired</strong>' in page
    assert "vol@example.org" in page
    assert "data-volunteer-step" not in page  # staff read only
    event = AccessEvent.objects.filter(action="record_viewed").latest("pk")
    assert event.object_id == str(volunteer.pk)


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (V.APPLICANT, {Action.ADVANCE, Action.LEAVE}),
        (V.TRAINING, {Action.ACTIVATE, Action.LEAVE}),
        (V.ACTIVE, {Action.SUSPEND, Action.LEAVE}),
        (V.SUSPENDED, {Action.REINSTATE, Action.LEAVE}),
        (V.LEFT, set()),
    ],
)
def test_only_the_allowed_steps_are_offered(client, vol_users, make_volunteer, status, offered):
    volunteer = make_volunteer("icv", status=status, status_reason="x")
    page = signed_in(client, vol_users.coordinator).get(volunteer.get_absolute_url()).content.decode()
    for action in Action:
        assert (f'data-volunteer-step="{action}"' in page) == (action in offered), action


def test_a_step_not_allowed_now_goes_back_with_the_reason(client, vol_users, make_volunteer):
    volunteer = make_volunteer("icv", status=V.APPLICANT)
    client = signed_in(client, vol_users.coordinator)
    url = reverse("volunteers:volunteer_status", args=[volunteer.pk, "suspend"])
    response = client.post(url, {"on": d(today()), "reason": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == volunteer.get_absolute_url()
    assert "is not possible while the status is applicant" in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == V.APPLICANT
    assert (
        client.get(reverse("volunteers:volunteer_status", args=[volunteer.pk, "explode"])).status_code == 404
    )
    assert (
        client.get(reverse("volunteers:volunteer_status", args=[volunteer.pk, "assign"])).status_code == 404
    )


def test_add_then_walk_to_active(client, vol_users):
    client = signed_in(client, vol_users.coordinator)
    response = client.post(
        reverse("volunteers:volunteer_add"),
        {"first_name": "Amrit", "last_name": "Kaur", "scheme": "icv", "applied_on": d(today())},
    )
    volunteer = Volunteer.objects.get(last_name="Kaur")
    assert response.status_code == 302 and response["Location"] == volunteer.get_absolute_url()
    assert volunteer.status == V.APPLICANT
    status_url = lambda action: reverse("volunteers:volunteer_status", args=[volunteer.pk, action])  # noqa: E731
    for _ in range(4):
        assert client.post(status_url("advance"), {"on": d(today())}).status_code == 302
    assert Volunteer.objects.get(pk=volunteer.pk).status == V.TRAINING
    # appointing is refused until vetting, the declaration and the courses are in: the page says why
    response = client.post(status_url("activate"), {"on": d(today())})
    page = response.content.decode()
    assert response.status_code == 200 and "cannot be appointed yet" in page
    assert "has no police vetting recorded" in page
    edit = {
        "first_name": "Amrit",
        "last_name": "Kaur",
        "scheme": "icv",
        "vetting_level": "nppv2",
        "vetting_cleared_on": d(today() - dt.timedelta(days=5)),
        "vetting_expires_on": d(today() + dt.timedelta(days=1000)),
        "independence_declared_on": d(today()),
        "team": "Ladywood",
    }
    assert client.post(reverse("volunteers:volunteer_edit", args=[volunteer.pk]), edit).status_code == 302
    for course in Course.objects.filter(required_for_icv=True):
        response = client.post(
            reverse("volunteers:volunteer_training_add", args=[volunteer.pk]),
            {"course": course.pk, "completed_on": d(today())},
        )
        assert response.status_code == 302
    assert client.post(status_url("activate"), {"on": d(today())}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == V.ACTIVE and volunteer.appointed_on == today()
    assert volunteer.team == "Ladywood"


def test_service_errors_land_on_their_fields(client, vol_users, make_volunteer):
    client = signed_in(client, vol_users.coordinator)
    volunteer = make_volunteer("icv")
    response = client.post(
        reverse("volunteers:volunteer_edit", args=[volunteer.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "scheme": "icv",
            "vetting_level": "nppv2",
            "vetting_cleared_on": d(today() - dt.timedelta(days=5)),
            "vetting_expires_on": d(today() - dt.timedelta(days=10)),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["vetting_expires_on"] == [
        "The vetting expiry must be after the date it was cleared."
    ]
    response = client.post(
        reverse("volunteers:volunteer_status", args=[volunteer.pk, "suspend"]),
        {"on": d(today()), "reason": ""},
    )
    assert response.context["form"].errors["reason"] == ["Give the reason"]


def test_suspend_reaccredit_and_availability_pages(client, vol_users, make_volunteer):
    client = signed_in(client, vol_users.coordinator)
    volunteer = make_volunteer("aa")
    response = client.post(
        reverse("volunteers:volunteer_reaccredit", args=[volunteer.pk]), {"on": d(today())}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("volunteers:volunteer_availability_add", args=[volunteer.pk]),
        {"day": d(today() + dt.timedelta(days=2)), "starts": "20:00", "ends": "08:00"},
    )
    assert response.status_code == 302
    slot = Availability.objects.get(volunteer=volunteer)
    assert slot.ends_at - slot.starts_at == dt.timedelta(hours=12)
    response = client.post(
        reverse("volunteers:volunteer_availability_add", args=[volunteer.pk]),
        {"day": d(today() + dt.timedelta(days=2)), "starts": "22:00", "ends": "23:00"},
    )
    assert "already on the rota" in " ".join(response.context["form"].errors["starts"])
    response = client.post(
        reverse("volunteers:volunteer_status", args=[volunteer.pk, "suspend"]),
        {"on": d(today()), "reason": "Complaint under investigation"},
    )
    assert response.status_code == 302
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert "Complaint under investigation" in page
    assert 'data-volunteer-step="reinstate"' in page
