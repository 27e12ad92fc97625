"""Sending the daily digest: once a day per person, even with two runs at once; who is skipped;
a failed send gives the day back; the email's content; the beat task; bounded queries."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.privacy import reminders, tasks
from opcc.privacy.models import ReminderPreference, ReminderSent
from opcc.privacy.reminders import digests_send
from tests.privacy.conftest import REMINDER_TODAY, reminder_days, reminder_return

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://opcc.example/"
    settings.DEFAULT_FROM_EMAIL = "reminders@opcc.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def only_the_world(world) -> None:
    """The walks and factories made other office staff, who would be sent grants returns too."""
    keep = [user.pk for user in world.users.values()]
    get_user_model().objects.exclude(pk__in=keep).update(is_active=False)


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_everyone_with_something_due_gets_one_email(reminder_world):
    users = reminder_world.users
    only_the_world(reminder_world)
    assert digests_send(today=REMINDER_TODAY) == 4
    wanted = [roles.REVIEWS_MANAGER, roles.OFFICE_STAFF, roles.VOLUNTEER_COORDINATOR, roles.ADMINISTRATOR]
    assert sent_to() == sorted(users[role].email for role in wanted)
    assert ReminderSent.objects.filter(day=REMINDER_TODAY).count() == 4
    events = AccessEvent.objects.filter(action=Action.DIGEST_SENT)
    assert events.count() == 4
    staff_event = events.get(user=users[roles.OFFICE_STAFF])
    assert staff_event.detail == {"day": "2026-03-04", "items": 3, "overdue": 2}


def test_a_second_run_the_same_day_sends_nothing(reminder_world):
    only_the_world(reminder_world)
    assert digests_send(today=REMINDER_TODAY) == 4
    assert digests_send(today=REMINDER_TODAY) == 0
    assert len(mail.outbox) == 4
    assert digests_send(today=dt.date(2026, 3, 5)) == 4  # the next working day: again
    assert len(mail.outbox) == 8


def test_no_digest_on_a_weekend_or_bank_holiday(reminder_world):
    assert digests_send(today=dt.date(2026, 3, 7)) == 0
    assert digests_send(today=dt.date(2026, 4, 6)) == 0  # Easter Monday
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_opted_out_inactive_and_addressless_people_are_skipped(make_user):
    wants, off, gone, no_address = (make_user(roles.OFFICE_STAFF) for _ in range(4))
    ReminderPreference.objects.create(user=off, enabled=False)
    ReminderPreference.objects.create(user=wants, enabled=True, days_ahead=2)
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    type(no_address).objects.filter(pk=no_address.pk).update(email="")
    reminder_return(due_on=reminder_days(1))
    assert digests_send(today=REMINDER_TODAY) == 1
    assert sent_to() == [wants.email]
    assert list(ReminderSent.objects.values_list("user", flat=True)) == [wants.pk]


def test_nothing_due_means_no_email(make_user):
    make_user(roles.OFFICE_STAFF)
    reminder_return(due_on=reminder_days(40))
    assert digests_send(today=REMINDER_TODAY) == 0
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_a_failed_send_gives_the_day_back_and_a_rerun_sends_it(make_user, monkeypatch, caplog):
    staff = make_user(roles.OFFICE_STAFF)
    reminder_return(due_on=reminder_days(1))
    original = reminders.EmailMultiAlternatives.send

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(reminders.EmailMultiAlternatives, "send", refuse)
    assert digests_send(today=REMINDER_TODAY) == 0
    assert not ReminderSent.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.DIGEST_SENT).exists()
    failure = next(r for r in caplog.records if r.name == "opcc.privacy.reminders" and r.levelname == "ERROR")
    assert "day is released" in failure.getMessage() and failure.exc_info

    monkeypatch.setattr(reminders.EmailMultiAlternatives, "send", original)
    assert digests_send(today=REMINDER_TODAY) == 1
    assert sent_to() == [staff.email]


def test_one_persons_broken_provider_does_not_stop_the_others(make_user, monkeypatch, caplog):
    first, second = make_user(roles.OFFICE_STAFF), make_user(roles.OFFICE_STAFF)
    reminder_return(due_on=reminder_days(1))
    real = reminders.digest_for

    def flaky(*, user, **kwargs):
        if user.pk == first.pk:
            raise RuntimeError("provider bug")
        return real(user=user, **kwargs)

    monkeypatch.setattr(reminders, "digest_for", flaky)
    assert digests_send(today=REMINDER_TODAY) == 1
    assert sent_to() == [second.email]
    assert any("could not be read" in r.getMessage() for r in caplog.records)


def test_the_email_lists_the_digest_with_links_and_no_personal_details(reminder_world):
    staff = reminder_world.users[roles.OFFICE_STAFF]
    digests_send(today=REMINDER_TODAY)
    (message,) = [m for m in mail.outbox if m.to == [staff.email]]
    assert message.subject == "OPCC Case and Grant Management: 3 items due, 2 overdue"
    assert message.from_email == "reminders@opcc.example"
    text = message.body
    expected = reminder_world.expected[roles.OFFICE_STAFF]
    grants, engagement = expected["Grants"][0], expected["Engagement"]
    assert text.index("Grants") < text.index(grants) < text.index("Engagement") < text.index(engagement[0])
    assert text.index(engagement[0]) < text.index(engagement[1])  # overdue first
    assert f"OVERDUE (due 22 February 2026): {grants}" in text
    assert "Due Friday 6 March 2026: " + engagement[1] in text
    assert "https://opcc.example/engagement/" in text
    assert "https://opcc.example/privacy/reminders/" in text
    assert "Pat Example" not in text and "Speeding" not in text  # correspondent and subject stay out
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="en-GB">' in html and "<h2>Engagement</h2>" in html
    assert 'href="https://opcc.example/engagement/' in html
    assert "Pat Example" not in html and "style=" not in html


def test_the_daily_task_sends_the_digests(reminder_world, monkeypatch):
    only_the_world(reminder_world)
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: REMINDER_TODAY)
    assert tasks.send_daily_digests() == 4
    assert tasks.send_daily_digests.delay().get() == 0  # the same day, through Celery (eager)
    assert len(mail.outbox) == 4
    beat = PeriodicTask.objects.get(task="opcc.privacy.tasks.send_daily_digests")
    assert beat.enabled and (beat.crontab.hour, beat.crontab.minute) == ("6", "30")


def test_queries_per_person_do_not_grow_with_people(make_user):
    """2 people cost the set-up plus a fixed amount each; 20 people the same set-up and amount."""
    reminder_return(due_on=reminder_days(1))
    people = get_user_model().objects

    def run(count: int, day: dt.date) -> int:
        people.update(is_active=False)  # only this run's people
        for _ in range(count):
            make_user(roles.OFFICE_STAFF)
        with CaptureQueriesContext(connection) as queries:
            assert digests_send(today=day) == count
        return len(queries)

    two, twenty = run(2, REMINDER_TODAY), run(20, dt.date(2026, 3, 5))
    per_person, remainder = divmod(twenty - two, 18)
    assert remainder == 0, (two, twenty)
    assert per_person <= 10, per_person
    assert two - 2 * per_person <= 3  # the closure days and the people: read once


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_email(make_user, monkeypatch):
    """Both runs read the same person and build the digest; only the one that claims the day sends."""
    staff = make_user(roles.OFFICE_STAFF)
    reminder_return(due_on=reminder_days(1))
    both_ready = threading.Barrier(2, timeout=20)
    real = reminders.digest_for

    def in_step(**kwargs):
        digest = real(**kwargs)
        both_ready.wait()  # neither has claimed yet
        return digest

    monkeypatch.setattr(reminders, "digest_for", in_step)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(digests_send(today=REMINDER_TODAY))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [0, 1]
    assert sent_to() == [staff.email]
    assert ReminderSent.objects.filter(user=staff, day=REMINDER_TODAY).count() == 1
