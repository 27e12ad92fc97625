"""Recording an application and correcting it: the sections, the message, bad input, who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from complaints.models import Review, Status, SubjectCategory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
ADD = "complaints:review_add"


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def form_data(**overrides) -> dict:
    today = TODAY()
    data = {
        "force_reference": "PSD/2025/0042",
        "complaint_made_on": d(today - dt.timedelta(days=120)),
        "handling_type": "investigated",
        "subjects": [s.pk for s in SubjectCategory.objects.active()[:2]],
        "summary": "Stopped and searched without reason.",
        "complainant_name": "Siân Ó Briain",
        "complainant_email": "sian@example.org",
        "complainant_phone": "",
        "complainant_address": "1 High Street\nTown",
        "complainant_postcode": "AB1 2CD",
        "preferred_channel": "email",
        "reasonable_adjustments": "",
        "representative_name": "",
        "representative_contact": "",
        "review_info_given_on": d(today - dt.timedelta(days=10)),
        "received_on": d(today),
        "received_channel": "web_form",
    }
    data.update(overrides)
    return data


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_form_is_in_sections_with_checkboxes_and_the_special_category_hint(client, review_users):
    client.force_login(review_users.staff)
    html = client.get(reverse(ADD)).content.decode()
    for heading in ("The complaint", "The complainant and any representative", "The application"):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in html
    assert html.count('type="checkbox"') == SubjectCategory.objects.active().count()
    assert "special category data" in html
    assert "For example, 27/03/2025" in html


def test_recording_an_application_in_time(client, review_users):
    client.force_login(review_users.staff)
    response = client.post(reverse(ADD), form_data())
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert review.complainant_name == "Siân Ó Briain" and review.subjects.count() == 2
    assert review.status == Status.RECEIVED and review.entered_by == review_users.staff
    assert flash(response) == [
        f"Application {review.reference} recorded. The last day to apply was "
        f"{long_day(review.window_ends_on)}: it arrived in time."
    ]


def test_recording_a_late_application_says_so(client, review_users):
    client.force_login(review_users.staff)
    client.post(reverse(ADD), form_data(review_info_given_on=d(TODAY() - dt.timedelta(days=40))))
    review = Review.objects.get()
    assert not review.in_time
    response = client.get(review.get_absolute_url())
    assert f"{long_day(review.window_ends_on)}: it arrived late" in response.content.decode()


LONG = "x" * 10_001
BAD = [
    ({"force_reference": "", "complainant_name": "", "preferred_channel": ""}, "Enter the force"),
    ({"complainant_name": ""}, "Enter the complainant"),
    ({"handling_type": ""}, "Choose how the force handled the complaint"),
    ({"received_on": d(TODAY() + dt.timedelta(days=1))}, "cannot be in the future"),
    ({"complaint_made_on": "31/02/2025"}, "must be a real date"),
    ({"received_on": "\u0661\u0662/\u0660\u0663/\u0662\u0660\u0662\u0665"}, "must be a real date"),
    ({"received_on": "12/03/25555"}, "must be a real date"),
    ({"summary": LONG}, "Shorten the summary to 10000 characters"),
    ({"reasonable_adjustments": LONG}, "Shorten the reasonable adjustments"),
    ({"complainant_name": "x" * 151}, "Shorten the complainant"),
    ({"complainant_name": "Jo\x00Bloggs"}, "Null characters are not allowed"),
    ({"complainant_name": "Jo \u202eevil"}, "Remove the text direction control characters"),
    ({"representative_name": "\u2066Rep\u2069"}, "Remove the text direction control characters"),
    ({"complainant_email": "not-an-email"}, "Enter an email address in the right format"),
    ({"subjects": ["999999"]}, "Choose subjects from the list"),
    ({"subjects": ["one"]}, "Choose subjects from the list"),
    ({"preferred_channel": "pigeon"}, "Choose how they want us to contact them"),
    (
        {
            "received_on": d(TODAY() - dt.timedelta(days=20)),
            "review_info_given_on": d(TODAY() - dt.timedelta(days=10)),
        },
        "The application cannot arrive before the review information was given",
    ),
    (
        {"complaint_made_on": d(TODAY() - dt.timedelta(days=5))},
        "The review information cannot be given before the complaint was made",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_input_gives_a_clear_message_and_records_nothing(client, review_users, overrides, message):
    client.force_login(review_users.staff)
    response = client.post(reverse(ADD), form_data(**overrides))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: " in html
    assert not Review.objects.exists()


def test_changing_the_dates_moves_the_window(client, make_review, review_users):
    review = make_review()
    client.force_login(review_users.staff)
    url = reverse("complaints:review_edit", args=[review.pk])
    html = client.get(url).content.decode()
    assert "PSD/2025/0001" in html and "Jordan Example" in html
    new_info = TODAY() - dt.timedelta(days=35)
    response = client.post(url, form_data(review_info_given_on=d(new_info)))
    review.refresh_from_db()
    assert response.status_code == 302 and not review.in_time
    assert flash(response) == [
        f"Application {review.reference} changed. The last day to apply is "
        f"{long_day(review.window_ends_on)}: it arrived late."
    ]


def test_a_retired_subject_stays_on_the_record_that_has_it(client, make_review, review_users):
    subject = SubjectCategory.objects.active().first()
    review = make_review(subjects=[subject])
    SubjectCategory.objects.filter(pk=subject.pk).update(active=False)
    client.force_login(review_users.staff)
    url = reverse("complaints:review_edit", args=[review.pk])
    assert subject.name in client.get(url).content.decode()
    assert client.post(url, form_data(subjects=[subject.pk])).status_code == 302
    assert list(review.subjects.all()) == [subject]
    client.post(reverse(ADD), form_data(subjects=[subject.pk]))
    assert Review.objects.count() == 1  # a new record cannot take a retired subject


def test_a_closed_case_cannot_be_changed(client, review_in, review_users):
    review = review_in(Status.CLOSED)
    client.force_login(review_users.staff)
    url = reverse("complaints:review_edit", args=[review.pk])
    response = client.post(url, form_data(complainant_name="Someone else"))
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert "You cannot edit the application: its status is Closed." in flash(response)
    review.refresh_from_db()
    assert review.complainant_name == "Jordan Example"


@pytest.mark.parametrize("who", ["grants_manager", "coordinator", "reports"])
def test_other_roles_cannot_record_or_change(client, make_review, review_users, who):
    review = make_review()
    client.force_login(getattr(review_users, who))
    assert client.get(reverse(ADD)).status_code == 403
    assert client.post(reverse(ADD), form_data()).status_code == 403
    edit = reverse("complaints:review_edit", args=[review.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, form_data(complainant_name="X")).status_code == 403
    assert Review.objects.count() == 1 and Review.objects.get().complainant_name == "Jordan Example"


@pytest.mark.parametrize("who", ["staff", "manager", "administrator"])
def test_the_module_roles_record_applications(client, review_users, who):
    client.force_login(getattr(review_users, who))
    assert client.post(reverse(ADD), form_data()).status_code == 302
    assert Review.objects.count() == 1
