"""Hostile input on every event and consultation form, field by field: a clear message, never a
500, and nothing saved (rows and their history as they were). Text of any script is stored as typed
and shown back escaped; a title with a direction override is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms as django_forms
from django.urls import resolve, reverse
from django.utils import timezone

from engagement.forms.consultations import ResultValueField
from engagement.models import Consultation, ConsultationPhase, ConsultationResult, Event
from opcc.core.fields import UKDateField, WholeNumberField
from tests.engagement.event_support import current_area, make_consultation, make_event

pytestmark = pytest.mark.django_db

LONG = "x" * 10_001
BAD_DATES = [
    "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0665",  # Arabic-Indic digits
    "31/02/2025",
    "01/01/99999",
    LONG,
    "01/01/2025\x00",
]
BAD_CHOICES = ["<script>", "\u0661", "99999999999999999999", LONG]
BAD_NUMBERS = ["-1", "\u0661\u0662", "99999999999999999999", "12.5", LONG]
BAD_VALUES = ["-5", "\u0661\u0662", "1e3", "12.345", "NaN", LONG]
BAD_TEXT = [LONG, "a\x00b"]


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def snapshot() -> tuple:
    """Every write goes through a service that keeps history: the history counts show any write."""
    return tuple(
        model.history.count() for model in (Event, Consultation, ConsultationPhase, ConsultationResult)
    )


def bad_values(field: django_forms.Field) -> list[str]:
    if isinstance(field, UKDateField):
        return [*BAD_DATES, d(today() + dt.timedelta(days=1))] if field.not_future else BAD_DATES
    if isinstance(field, WholeNumberField):
        return BAD_NUMBERS
    if isinstance(field, ResultValueField):
        return BAD_VALUES
    if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField):
        return BAD_CHOICES
    if isinstance(field, django_forms.URLField):
        return ["javascript:alert(1)", "https://exa mple.org", "x" * 300]
    if isinstance(field, django_forms.CharField):
        return BAD_TEXT
    raise AssertionError(f"no hostile values for {type(field).__name__}")


def forms_and_data(event: Event, consultation: Consultation) -> list[tuple[str, dict]]:
    event_data = {
        "date": d(today() - dt.timedelta(days=2)),
        "title": "Faith leaders' breakfast",
        "event_type": "faith_group",
        "area": current_area().pk,
        "attended_by": ["commissioner"],
        "audience_estimate": "30",
        "consultation": consultation.pk,
        "notes": "Notes",
    }
    consultation_data = {
        "title": "Precept 2026/27",
        "purpose": "precept",
        "opens_on": d(today() - dt.timedelta(days=60)),
        "closes_on": d(today() - dt.timedelta(days=30)),
        "summary": "Council tax",
        "report_url": "https://example.org/precept",
        "report_published_on": d(today() - dt.timedelta(days=5)),
    }
    phase = consultation.phases.earliest("number")
    phase_data = {
        "number": str(phase.number),
        "phase_type": "survey",
        "title": "Online survey",
        "starts_on": d(consultation.opens_on),
        "ends_on": d(consultation.closes_on),
        "measure": "responses",
        "count": "1200",
    }
    return [
        (reverse("engagement:event_add"), {**event_data, "status": "attended"}),
        (reverse("engagement:event_edit", args=[event.pk]), event_data),
        (reverse("engagement:consultation_add"), consultation_data),
        (reverse("engagement:consultation_edit", args=[consultation.pk]), consultation_data),
        (reverse("engagement:phase_add", args=[consultation.pk]), phase_data | {"number": "9"}),
        (reverse("engagement:phase_edit", args=[consultation.pk, phase.pk]), phase_data),
        (
            reverse("engagement:result_add", args=[consultation.pk]),
            {"metric": "Support", "value": "66", "unit": "percent", "phase": phase.pk},
        ),
    ]


def form_fields(url: str, consultation: Consultation) -> dict[str, django_forms.Field]:
    match = resolve(url)
    view = match.func.view_class  # type: ignore[attr-defined]
    kwargs = {
        "event_edit": {"adding": False},
        "result_add": {"consultation": consultation},
    }.get(match.url_name, {})
    return dict(view.form_class(**kwargs).fields)


def test_every_form_refuses_hostile_values_field_by_field(client, eng_users):
    event = make_event(by=eng_users.staff)
    consultation = make_consultation(by=eng_users.staff, phases=1)
    client.force_login(eng_users.staff)
    before = snapshot()
    tried = 0
    for url, good in forms_and_data(event, consultation):
        for name, field in form_fields(url, consultation).items():
            for value in bad_values(field):
                response = client.post(url, {**good, name: value})
                tried += 1
                assert response.status_code == 200, (url, name, repr(value[:30]), response.status_code)
                assert "govuk-error-summary" in response.content.decode(), (url, name, repr(value[:30]))
                assert snapshot() == before, (url, name, repr(value[:30]))
    assert tried > 150
    for url, good in forms_and_data(event, consultation):  # the good data itself is accepted
        assert client.post(url, good).status_code == 302, url


@pytest.mark.parametrize("url_name", ["event_add", "consultation_add"])
def test_a_direction_override_in_a_title_is_refused(client, eng_users, url_name):
    client.force_login(eng_users.staff)
    data = {
        "status": "attended",
        "date": d(today()),
        "event_type": "civic",
        "attended_by": ["staff"],
        "purpose": "plan",
        "opens_on": d(today()),
        "closes_on": d(today()),
        "title": "Meeting \u202egnp.exe",
    }
    before = snapshot()
    response = client.post(reverse(f"engagement:{url_name}"), data)
    assert response.status_code == 200
    assert "direction control" in response.context["form"].errors["title"][0]
    assert snapshot() == before


def test_any_script_is_stored_as_typed_and_shown_escaped(client, eng_users):
    client.force_login(eng_users.staff)
    title = "\u0627\u062c\u062a\u0645\u0627\u0639 \u738b\U0001f600 <script>alert(1)</script>"
    response = client.post(
        reverse("engagement:event_add"),
        {
            "status": "attended",
            "date": d(today()),
            "title": title,
            "event_type": "civic",
            "attended_by": ["deputy"],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.title == title
    page = client.get(event.get_absolute_url()).content.decode()
    assert "\u738b\U0001f600" in page and "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_ids_that_do_not_exist_are_404(client, eng_users, pk):
    client.force_login(eng_users.staff)
    for url in (
        f"/engagement/events/{pk}/",
        f"/engagement/consultations/{pk}/",
        f"/engagement/consultations/{pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
