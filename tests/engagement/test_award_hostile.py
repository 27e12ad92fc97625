"""Hostile input on every awards and Youth Commissioner form, field by field: a clear message, never a
500, and nothing saved (rows and their history as they were). A name with a direction override is
refused; free text of any script is ordinary text."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms as django_forms
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone

from engagement.models import (
    AwardCategory,
    AwardEdition,
    Nomination,
    YouthActivity,
    YouthCohort,
    YouthCommissioner,
)
from opcc.core.fields import UKDateField, WholeNumberField

from .award_support import area, build_activity, build_cohort, build_edition, build_member, build_nomination

pytestmark = pytest.mark.django_db

LONG = "x" * 10_001
RLO = "Jordan \u202eevil.exe"
BAD_DATES = [
    "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0665",  # Arabic-Indic digits
    "31/02/2025",
    "01/01/99999",
    LONG,
    "01/01/2025\x00",
]
BAD_NUMBERS = ["-1", "99999999999999999999", "\u0661\u0662", "12.5", "\x00"]
BAD_CHOICES = ["'; DROP TABLE x; --", "\x00", "\u0661", "-1", LONG]
MODELS = (AwardEdition, Nomination, YouthCohort, YouthCommissioner, YouthActivity)


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def snapshot() -> tuple:
    """Rows, their last change and their history, of every model the forms write (one query)."""
    parts = []
    quote = connection.ops.quote_name
    for model in MODELS:  # table names from the models' metadata, never from input
        table = quote(model._meta.db_table)
        history = quote(model.history.model._meta.db_table)  # type: ignore[attr-defined]
        parts += [f"(SELECT count(*) FROM {table})", f"(SELECT max(updated_at) FROM {table})"]  # noqa: S608
        parts.append(f"(SELECT count(*) FROM {history})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return cursor.fetchone()


def bad_values(name: str, field: django_forms.Field) -> list:
    if isinstance(field, UKDateField):
        future = [d(timezone.localdate() + dt.timedelta(days=1))] if field.not_future else []
        return [*BAD_DATES, *future]
    if isinstance(field, WholeNumberField):
        return BAD_NUMBERS
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        return [[value] for value in BAD_CHOICES]
    if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField):
        return BAD_CHOICES
    if isinstance(field, django_forms.BooleanField):
        return []  # any value is true or false
    if isinstance(field, django_forms.CharField):
        values = [LONG, "a\x00b"]
        return [*values, RLO] if name in ("nominee_name", "nominator_name", "name", "title") else values
    raise AssertionError(f"no hostile values for {type(field).__name__}")


def forms_and_data() -> list[tuple[str, dict]]:
    today = timezone.localdate()
    edition = build_edition(7, categories=["Outstanding Citizen", "Outstanding Young Citizen"])
    nomination = build_nomination(edition)
    citizen = AwardCategory.objects.get(name="Outstanding Citizen")
    cohort = build_cohort()
    member = build_member(cohort)
    activity = build_activity(cohort)
    edition_data = {
        "number": "8",
        "nominations_open_on": "06/01/2020",
        "nominations_close_on": "31/03/2020",
        "ceremony_on": "10/07/2020",
        "categories": [citizen.pk],
    }
    nomination_data = {
        "category": citizen.pk,
        "nominee_name": "Grace Adeyemi",
        "nominee_kind": "person",
        "nominator_name": "Tom Reid",
        "citation": "Forty years.",
        "received_on": d(today),
        "area": area().pk,
    }
    cohort_data = {
        "name": "Next cohort",
        "elected_on": "20/06/2021",
        "term_starts_on": "01/07/2021",
        "term_ends_on": "30/06/2022",
        "votes_cast": "3100",
    }
    member_data = {"name": "Dev Patel", "area": area().pk, "age_band": "13-14"}
    activity_data = {"kind": "survey", "title": "Survey", "date": d(cohort.term_starts_on), "responses": "10"}
    return [
        (reverse("engagement:edition_add"), edition_data),
        (reverse("engagement:edition_edit", args=[edition.pk]), edition_data | {"number": "7"}),
        (reverse("engagement:nomination_add", args=[edition.pk]), nomination_data),
        (reverse("engagement:nomination_edit", args=[nomination.pk]), nomination_data),
        (reverse("engagement:nomination_decide", args=[nomination.pk, "eligible"]), {"note": "Fine"}),
        (reverse("engagement:cohort_add"), cohort_data),
        (reverse("engagement:cohort_edit", args=[cohort.pk]), cohort_data),
        (reverse("engagement:member_add", args=[cohort.pk]), member_data),
        (reverse("engagement:member_edit", args=[member.pk]), member_data),
        (reverse("engagement:activity_add", args=[cohort.pk]), activity_data),
        (reverse("engagement:activity_edit", args=[activity.pk]), activity_data),
    ]


def form_fields(url: str) -> dict[str, django_forms.Field]:
    match = resolve(url)
    view = match.func.view_class  # type: ignore[attr-defined]
    kwargs = {}
    if match.url_name in ("nomination_add", "nomination_edit", "edition_edit"):
        kwargs["edition"] = AwardEdition.objects.get(number=7)
    return dict(view.form_class(**kwargs).fields)


def test_every_form_refuses_hostile_values_field_by_field(client, eng_users):
    client.force_login(eng_users.staff)
    cases = forms_and_data()
    before = snapshot()
    tried = 0
    for url, good in cases:
        for name, field in form_fields(url).items():
            for value in bad_values(name, field):
                response = client.post(url, {**good, name: value})
                tried += 1
                shown = repr(value)[:30]
                assert response.status_code == 200, (url, name, shown, response.status_code)
                assert "govuk-error-summary" in response.content.decode(), (url, name, shown)
                assert snapshot() == before, (url, name, shown)
    assert tried > 120


def test_direct_posts_that_skip_the_pages_are_refused(client, eng_users):
    """Another role, or a step the status does not allow: refused, nothing changes."""
    edition = build_edition(7)
    decided = build_nomination(edition, status="not_selected")
    cohort = build_cohort()
    member = build_member(cohort, status="stood_down")
    before = snapshot()
    client.force_login(eng_users.staff)
    full = {
        "category": decided.category_id,
        "nominee_name": "Renamed",
        "nominee_kind": "person",
        "nominator_name": "Tom Reid",
        "citation": "Changed after judging.",
        "received_on": d(decided.received_on),
    }
    response = client.post(reverse("engagement:nomination_edit", args=[decided.pk]), full)
    assert response.status_code == 200 and "can no longer be changed" in response.content.decode()
    for action in ("eligible", "shortlist", "win", "runner_up", "not_select"):
        response = client.post(
            reverse("engagement:nomination_decide", args=[decided.pk, action]), {"note": "x"}
        )
        assert response.status_code == 302 and response["Location"] == decided.get_absolute_url()
    for action in ("induct", "activate", "end_term", "stand_down"):
        response = client.post(reverse("engagement:member_status", args=[member.pk, action]), {})
        assert response.status_code == 302
    for user in (eng_users.administrator, eng_users.reviews_manager, eng_users.coordinator):
        client.force_login(user)
        assert (
            client.post(reverse("engagement:member_edit", args=[member.pk]), {"name": "X"}).status_code == 403
        )
        assert (
            client.post(reverse("engagement:cohort_edit", args=[cohort.pk]), {"name": "X"}).status_code == 403
        )
        response = client.post(reverse("engagement:nomination_decide", args=[decided.pk, "win"]), {})
        assert response.status_code == 403
    assert snapshot() == before
