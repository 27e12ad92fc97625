"""Regressions from attacking the privacy pages (issue 13) as a hostile or tired user would: each
test is a defect that was found (a 500, a duplicate, a leak) and fixed."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection
from django.urls import reverse

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.privacy import reminders
from opcc.privacy.models import LegalHold, ReminderPreference


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["²", "①", "\u0661"])
def test_a_hold_on_a_number_in_other_digits_is_a_message_not_a_500(client_as, number):
    """`"²".isdigit()` is true but `int("²")` fails: the hold form crashed on a superscript."""
    client = client_as(roles.ADMINISTRATOR)
    response = client.post(
        reverse("privacy:retention_hold_add"),
        {"source_key": "complaints.panel_member", "reference": number, "reason": "A claim"},
    )
    assert response.status_code == 200
    assert "has the reference or number" in response.content.decode()
    assert not LegalHold.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Jo Li", "_ _", "Al Bo Cy"])
def test_a_search_with_nothing_searchable_says_so_not_no_records_found(client_as, query):
    """Only words of 3 letters are searched as names: "Jo Li" searched nothing, yet the page
    said "No records found", which a tired officer reads as "we hold nothing about Jo Li"."""
    response = client_as(roles.OFFICE_STAFF).get(reverse("privacy:search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No records found" not in html
    assert "at least one word of 3 letters" in html
    assert not AccessEvent.objects.filter(action=Action.RECORDS_SEARCHED).exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_first_save_of_reminders_is_not_a_500(make_user, monkeypatch):
    """Two first saves at once: both found no row, both inserted, the second hit the unique user."""
    user = make_user(roles.OFFICE_STAFF)
    both_checked = threading.Barrier(2)
    clean = ReminderPreference.full_clean

    def clean_together(self, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=2)  # the two requests side by side, where they raced
        return clean(self, *args, **kwargs)

    monkeypatch.setattr(ReminderPreference, "full_clean", clean_together)
    errors: list[Exception] = []

    def save(days: int) -> None:
        try:
            reminders.preference_save(user=user, by=user, enabled=True, days_ahead=days)
        except Exception as exc:  # whatever either request raised
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(days,)) for days in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert ReminderPreference.objects.filter(user=user).count() == 1
    assert ReminderPreference.objects.get(user=user).days_ahead in (3, 4)
