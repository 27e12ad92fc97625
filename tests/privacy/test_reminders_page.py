""" "Your reminders": a person's own digest on/off and days ahead, and today's digest previewed;
email settings from the environment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from engagement.models import CaseStatus
from opcc.core import roles
from opcc.privacy.models import ReminderPreference
from opcc.privacy.reminders import preference_save
from tests.core.test_settings import SETUP, production_env, run_python
from tests.privacy.conftest import reminder_case

pytestmark = pytest.mark.django_db
URL = "/privacy/reminders/"


def test_the_address():
    assert reverse("privacy:reminders") == URL


def test_the_page_previews_todays_digest(client_as):
    client = client_as(roles.OFFICE_STAFF)
    today = timezone.localdate()
    late = reminder_case(CaseStatus.IN_PROGRESS, by=client.user, due_on=today - dt.timedelta(days=3))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your reminders</h1>' in page
    assert f"{late.reference} (General advice): respond" in page
    assert "Overdue" in page and f'href="/engagement/cases/{late.pk}/"' in page
    assert "Pat Example" not in page


def test_nothing_due_says_so(client_as):
    response = client_as(roles.REPORTS).get(URL)
    assert "Nothing of yours is overdue or due by" in response.content.decode()


def test_the_header_links_to_it(client_as):
    response = client_as(roles.GRANTS_MANAGER).get(reverse("core:home"))
    assert f'href="{URL}"' in response.content.decode()


def test_saving_turns_the_digest_off_and_sets_the_days(client_as):
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    response = client.post(URL, {"enabled": "no", "days_ahead": "12"})
    assert response.status_code == 302 and response.url == URL
    preference = ReminderPreference.objects.get(user=client.user)
    assert (preference.enabled, preference.days_ahead) == (False, 12)
    page = client.get(URL).content.decode()
    assert "Your reminders are saved." in page and "Your digest is off." in page
    assert 'value="12"' in page
    client.post(URL, {"enabled": "yes", "days_ahead": "3"})
    assert ReminderPreference.objects.filter(user=client.user, enabled=True, days_ahead=3).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"enabled": "yes", "days_ahead": "0"}, "Enter a number of 1 or more"),
        ({"enabled": "yes", "days_ahead": "21"}, "Enter a number of 20 or less"),
        ({"enabled": "yes", "days_ahead": "five"}, "Enter a whole number, like 25"),
        ({"enabled": "yes", "days_ahead": ""}, "Enter how many working days ahead to look, from 1 to 20"),
        ({"enabled": "maybe", "days_ahead": "5"}, "Select a valid choice"),
        ({"days_ahead": "5"}, "Choose whether to get the daily digest"),
        ({"enabled": "yes", "days_ahead": "9" * 40}, "Enter a whole number, like 25"),
    ],
)
def test_bad_input_is_a_clear_message(client_as, data, message):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReminderPreference.objects.filter(user=client.user).exists()


def test_the_service_refuses_changing_someone_elses(make_user):
    mine, theirs = make_user(roles.OFFICE_STAFF), make_user(roles.OFFICE_STAFF)
    with pytest.raises(PermissionDenied):
        preference_save(user=theirs, by=mine, enabled=False, days_ahead=5)
    with pytest.raises(ValidationError):
        preference_save(user=mine, by=mine, enabled=True, days_ahead=21)
    assert not ReminderPreference.objects.exists()


def test_someone_without_an_email_address_is_told(client_as):
    client = client_as(roles.OFFICE_STAFF, email="")
    assert "Your account has no email address" in client.get(URL).content.decode()


def test_email_settings_come_from_the_environment():
    code = SETUP + (
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, repr(s.EMAIL_HOST_PASSWORD), "
        "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.SITE_URL)"
    )
    result = run_python(
        "-c",
        code,
        **production_env(
            EMAIL_HOST="smtp.opcc.example",
            EMAIL_PORT="2525",
            EMAIL_HOST_USER="digest",
            EMAIL_HOST_PASSWORD="from-the-vault",
            DEFAULT_FROM_EMAIL="reminders@opcc.example",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.opcc.example",
        "2525",
        "digest",
        "'from-the-vault'",
        "True",
        "reminders@opcc.example",
        "https://opcc.example",
    ]


def test_production_has_no_secret_default_and_development_prints_emails():
    code = SETUP + "print(s.EMAIL_BACKEND, repr(s.EMAIL_HOST_PASSWORD), repr(s.EMAIL_HOST_USER))"
    production = run_python("-c", code, **production_env())
    assert production.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "''", "''"]
    development = run_python("-c", code, DEBUG="true")
    assert development.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"
