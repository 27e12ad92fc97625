"""Settings from the environment: production refuses unsafe start-up; development needs no server.

Start-up behaviour is checked in a subprocess with a clean environment, since settings are read once
per process.
"""

import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation

REPO_ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); from django.conf import settings as s; "


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the project's Python with only PATH and the given variables set."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "opcc.settings",
        "ENV_FILE": "",  # a developer's .env must not change what these tests see
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "opcc.example",
        "CSRF_TRUSTED_ORIGINS": "https://opcc.example",
        "DATABASE_URL": "postgres://app:app@127.0.0.1:5432/app",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_production_without_secret_key_refuses_to_start():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python("-c", "import django; django.setup()", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "set DEBUG=true for local development" in result.stderr


def test_production_with_empty_secret_key_refuses_to_start():
    result = run_python("manage.py", "check", **production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_unset_means_production():
    """Forgetting DEBUG must never give an insecure development server."""
    result = run_python("manage.py", "check", ALLOWED_HOSTS="opcc.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    env = production_env()
    del env["ALLOWED_HOSTS"]
    result = run_python("manage.py", "check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set" in result.stderr
    assert "comma-separated" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
    assert "security." not in result.stdout + result.stderr


def test_production_hardening_is_on():
    code = SETUP + (
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.ALLOWED_HOSTS, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run_python("-c", code, **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "['opcc.example']",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_development_default_is_sqlite_and_a_filesystem_broker():
    code = SETUP + "d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], s.CELERY_BROKER_URL)"
    result = run_python("-c", code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    engine, name, broker = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == REPO_ROOT / "var" / "db.sqlite3"
    assert broker == "filesystem://"


def test_development_uses_postgres_when_database_url_is_set():
    code = SETUP + "d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    result = run_python("-c", code, DEBUG="true", DATABASE_URL="postgres://u:p@db.internal:5433/opcc")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "opcc", "db.internal", "5433"]


def test_time_zone_and_language_are_england_and_wales():
    assert django_settings.TIME_ZONE == "Europe/London"
    assert django_settings.LANGUAGE_CODE == "en-gb"
    assert django_settings.USE_TZ is True


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ('{{ d|date:"SHORT_DATE_FORMAT" }}', dt.date(2025, 3, 4), "04/03/2025"),
        ('{{ d|date:"SHORT_DATE_FORMAT" }}', dt.date(2024, 12, 31), "31/12/2024"),
        ("{{ d|date }}", dt.date(2025, 3, 4), "4 March 2025"),
        # 12:00 UTC in July is 13:00 in London (BST); in January it is 12:00 (GMT).
        (
            '{{ d|date:"SHORT_DATETIME_FORMAT" }}',
            dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC),
            "01/07/2025 13:00",
        ),
        (
            '{{ d|date:"SHORT_DATETIME_FORMAT" }}',
            dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC),
            "15/01/2025 12:00",
        ),
    ],
)
def test_dates_render_the_en_gb_way(template, value, expected):
    with translation.override("en-gb"):
        assert Template(template).render(Context({"d": value})) == expected


@pytest.mark.parametrize("typed", ["04/03/2025", "4/3/2025", "04/03/25", "2025-03-04", "04.03.2025"])
def test_date_fields_read_day_first(typed):
    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("en-gb"):
        form = DateForm({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2025, 3, 4)


def test_local_time_is_london():
    moment = dt.datetime(2025, 7, 1, 23, 30, tzinfo=dt.UTC)
    assert timezone.localtime(moment).date() == dt.date(2025, 7, 2)
