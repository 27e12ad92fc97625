"""Hostile input on every volunteer form, field by field: a clear message, never a 500, and nothing
saved (volunteers, training, availability and their history as they were). Free text of any script
is ordinary text: stored as typed and shown back escaped; a name with a direction override is refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms as django_forms
from django.urls import resolve, reverse
from django.utils import timezone

from opcc.core.fields import UKDateField
from volunteers.forms import TimeField
from volunteers.models import Availability, Course, TrainingRecord, Volunteer

pytestmark = pytest.mark.django_db

LONG = "x" * 10_001
RLO = "Jordan \u202eevil.exe"
BAD_DATES = [
    "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0665",  # Arabic-Indic digits
    "\uff10\uff11/\uff10\uff12/\uff12\uff10\uff12\uff15",  # full-width digits
    "31/02/2025",
    "00/00/0000",
    "01/01/0000",
    "01/01/99999",
    "2025-13-45",
    "'; DROP TABLE volunteers_volunteer; --",
    "<script>alert(1)</script>",
    LONG,
    "01/01/2025\x00",
]
BAD_CHOICES = ["'; DROP TABLE x; --", "<script>", "\x00", "\u0661", "-1", "99999999999999999999", "1e3", LONG]
BAD_TIMES = ["25:61", "24:00", "12:60", "\u0660\u0669:\u0660\u0660", "9", "-1:00", "9:00pm", "\x00", LONG]
BAD_TEXT = [LONG, "a\x00b"]


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def snapshot() -> tuple:
    return (
        list(Volunteer.objects.order_by("pk").values()),
        TrainingRecord.objects.count(),
        Availability.objects.count(),
        Volunteer.history.count(),
        TrainingRecord.history.count(),
        Availability.history.count(),
    )


def bad_values(field: django_forms.Field) -> list[str]:
    if isinstance(field, UKDateField):
        tomorrow = d(today() + dt.timedelta(days=1))
        return [*BAD_DATES, tomorrow] if field.not_future else BAD_DATES
    if isinstance(field, TimeField):
        return BAD_TIMES
    if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField):
        return BAD_CHOICES
    if isinstance(field, django_forms.EmailField):
        return [*BAD_TEXT, "not an email"]
    if isinstance(field, django_forms.CharField):
        return BAD_TEXT
    raise AssertionError(f"no hostile values for {type(field).__name__}")


def forms_and_data(volunteer: Volunteer, adult: Volunteer) -> list[tuple[str, dict]]:
    details = {"first_name": "Amrit", "last_name": "Kaur", "scheme": "icv"}
    return [
        (reverse("volunteers:volunteer_add"), {**details, "applied_on": d(today())}),
        (reverse("volunteers:volunteer_edit", args=[volunteer.pk]), {**details, "team": "Ladywood"}),
        (
            reverse("volunteers:volunteer_status", args=[volunteer.pk, "suspend"]),
            {"on": d(today()), "reason": "Under review"},
        ),
        (
            reverse("volunteers:volunteer_training_add", args=[volunteer.pk]),
            {"course": Course.objects.get(name="Safeguarding").pk, "completed_on": d(today())},
        ),
        (reverse("volunteers:volunteer_reaccredit", args=[volunteer.pk]), {"on": d(today())}),
        (
            reverse("volunteers:volunteer_availability_add", args=[adult.pk]),
            {"day": d(today() + dt.timedelta(days=1)), "starts": "09:00", "ends": "17:00"},
        ),
    ]


def form_fields(url: str) -> dict[str, django_forms.Field]:
    match = resolve(url)
    view = match.func.view_class  # type: ignore[attr-defined]
    kwargs = {"volunteer_status": {"action": "suspend"}, "volunteer_edit": {"adding": False}}.get(
        match.url_name, {}
    )
    return dict(view.form_class(**kwargs).fields)


def test_every_form_refuses_hostile_values_field_by_field(client, vol_users, make_volunteer):
    client.force_login(vol_users.coordinator)
    volunteer, adult = make_volunteer("icv"), make_volunteer("aa")
    before = snapshot()
    tried = 0
    for url, good in forms_and_data(volunteer, adult):
        for name, field in form_fields(url).items():
            for value in bad_values(field):
                response = client.post(url, {**good, name: value})
                tried += 1
                assert response.status_code == 200, (url, name, repr(value[:30]), response.status_code)
                assert "govuk-error-summary" in response.content.decode(), (url, name, repr(value[:30]))
                assert snapshot() == before, (url, name, repr(value[:30]))
    assert tried > 150


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_direction_override_in_a_name_is_refused(client, vol_users, field):
    client.force_login(vol_users.coordinator)
    data = {"first_name": "Amrit", "last_name": "Kaur", "scheme": "icv", "applied_on": d(today())}
    before = snapshot()
    response = client.post(reverse("volunteers:volunteer_add"), {**data, field: RLO})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert snapshot() == before


def test_any_script_is_stored_as_typed_and_shown_escaped(client, vol_users):
    client.force_login(vol_users.coordinator)
    html = '<script>alert("x")</script>'
    response = client.post(
        reverse("volunteers:volunteer_add"),
        {
            "first_name": "\u0645\u062d\u0645\u062f",
            "last_name": "\u738b\U0001f600",
            "team": html,
            "scheme": "aa",
            "applied_on": d(today()),
        },
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.team == html
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert "\u738b\U0001f600" in page
    assert html not in page and "&lt;script&gt;" in page


def test_the_same_time_twice_and_overnight(client, vol_users, make_volunteer):
    client.force_login(vol_users.coordinator)
    adult = make_volunteer("aa")
    url = reverse("volunteers:volunteer_availability_add", args=[adult.pk])
    day = d(today() + dt.timedelta(days=3))
    response = client.post(url, {"day": day, "starts": "09:00", "ends": "09:00"})
    assert response.context["form"].errors["ends"] == ["The end time must be different from the start time"]
    assert client.post(url, {"day": day, "starts": "23.30", "ends": "07:15"}).status_code == 302
    slot = Availability.objects.get()
    assert slot.ends_at - slot.starts_at == dt.timedelta(hours=7, minutes=45)


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_ids_that_do_not_exist_are_404(client, vol_users, pk):
    client.force_login(vol_users.coordinator)
    for url in (f"{reverse('volunteers:volunteers')}{pk}/", f"{reverse('volunteers:volunteers')}{pk}/edit/"):
        assert client.get(url).status_code == 404, url
