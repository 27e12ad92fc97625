"""The rota pages: who may open each, adding a slot in two steps with a bounded list of eligible
visitors, suggest and confirm, change the pair, cancel; hostile input answered with a message."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from volunteers.models import RotaSlot, TimeBand
from volunteers.services import rota_slot_create

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + dt.timedelta(days=5)
READERS = (roles.OFFICE_STAFF, roles.ADMINISTRATOR)
OUTSIDERS = (roles.GRANTS_MANAGER, roles.REVIEWS_MANAGER, roles.REPORTS)


@pytest.fixture
def slot(vol_users, make_volunteer, suite):
    return rota_slot_create(
        by=vol_users.coordinator,
        suite=suite,
        day=SOON,
        band=TimeBand.EVENING,
        visitors=[make_volunteer("icv"), make_volunteer("icv")],
    )


def when(suite, day=SOON, band="morning") -> dict:
    return {"suite": suite.pk, "day": day.strftime("%d/%m/%Y"), "band": band}


def write_urls(slot) -> list[str]:
    return [
        reverse("volunteers:rota_add"),
        reverse("volunteers:rota_suggest"),
        reverse("volunteers:rota_pair", args=[slot.pk]),
        reverse("volunteers:rota_cancel", args=[slot.pk]),
    ]


def test_permissions(client, make_user, slot):
    read = [reverse("volunteers:rota"), reverse("volunteers:coverage"), reverse("volunteers:home")]
    for role in (roles.VOLUNTEER_COORDINATOR, *READERS, *OUTSIDERS):
        client.force_login(make_user(role))
        for url in read:
            expected = 403 if role in OUTSIDERS else 200
            assert client.get(url).status_code == expected, (role, url)
        for url in write_urls(slot):
            expected = 200 if role == roles.VOLUNTEER_COORDINATOR else 403
            assert client.get(url).status_code == expected, (role, url)
            if role != roles.VOLUNTEER_COORDINATOR:
                assert client.post(url, {"reason": "x"}).status_code == 403
    slot.refresh_from_db()
    assert slot.cancelled_reason == ""


def test_rota_page_shows_slots_per_suite_and_actions_for_coordinators(client_as, make_user, client, slot):
    page = client_as(roles.VOLUNTEER_COORDINATOR).get(reverse("volunteers:rota")).content.decode()
    names = [v.name for v in slot.visitors.all()]
    assert "Perry Barr" in page and all(name in page for name in names)
    assert reverse("volunteers:rota_cancel", args=[slot.pk]) in page
    client.force_login(make_user(roles.OFFICE_STAFF))
    page = client.get(reverse("volunteers:rota")).content.decode()
    assert all(name in page for name in names)
    assert reverse("volunteers:rota_cancel", args=[slot.pk]) not in page


def test_rota_page_queries_constant(client_as, vol_users, make_volunteer, suite, other_suite,
                                    django_assert_max_num_queries):  # fmt: skip
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    people = [make_volunteer("icv") for _ in range(8)]
    for i in range(2):
        rota_slot_create(by=vol_users.coordinator, suite=suite, day=SOON + dt.timedelta(days=i),
                         band=TimeBand.MORNING, visitors=people[2 * i: 2 * i + 2])  # fmt: skip
    client.get(reverse("volunteers:rota"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("volunteers:rota"))
    for i in range(2, 20):
        rota_slot_create(by=vol_users.coordinator, suite=other_suite if i % 2 else suite,
                         day=SOON + dt.timedelta(days=i), band=TimeBand.NIGHT, visitors=people[i % 4: i % 4 + 2])  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("volunteers:rota"), {"weeks": 12})
    assert response.content.decode().count("govuk-tag--blue") == 20


def test_add_a_slot_in_two_steps(client_as, make_volunteer, suite):
    ok = [make_volunteer("icv"), make_volunteer("icv")]
    lapsed = make_volunteer("icv", vetting_expires_on=SOON - dt.timedelta(days=1))
    aa = make_volunteer("aa")
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    url = reverse("volunteers:rota_add")
    step_one = client.get(url).content.decode()
    assert 'name="first_visitor"' not in step_one and 'name="day"' in step_one
    step_two = client.get(url, when(suite)).content.decode()
    assert all(f'value="{v.pk}"' in step_two for v in ok)
    assert f'value="{lapsed.pk}"' not in step_two and f'value="{aa.pk}"' not in step_two  # eligible only
    response = client.post(f"{url}?suite={suite.pk}&day={SOON:%d/%m/%Y}&band=morning",
                           {"first_visitor": ok[0].pk, "second_visitor": ok[1].pk})  # fmt: skip
    assert response.status_code == 302
    slot = RotaSlot.objects.get()
    assert (slot.suite, slot.day, slot.band) == (suite, SOON, "morning")
    # The same suite, day and band again: the service's message on the page.
    more = [make_volunteer("icv"), make_volunteer("icv")]
    response = client.post(f"{url}?suite={suite.pk}&day={SOON:%d/%m/%Y}&band=morning",
                           {"first_visitor": more[0].pk, "second_visitor": more[1].pk})  # fmt: skip
    assert "There is already a rota slot at" in response.content.decode()
    assert RotaSlot.objects.count() == 1


def test_add_refuses_self_pairing_and_a_person_not_listed(client_as, make_volunteer, suite):
    a = make_volunteer("icv")
    lapsed = make_volunteer("icv", vetting_expires_on=SOON - dt.timedelta(days=1))
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    url = f"{reverse('volunteers:rota_add')}?suite={suite.pk}&day={SOON:%d/%m/%Y}&band=night"
    page = client.post(url, {"first_visitor": a.pk, "second_visitor": a.pk}).content.decode()
    assert "cannot be paired with themselves" in page
    page = client.post(url, {"first_visitor": a.pk, "second_visitor": lapsed.pk}).content.decode()
    assert "Choose the second visitor from the custody visitors free on the day" in page
    assert not RotaSlot.objects.exists()


@pytest.mark.parametrize(
    "query, message",
    [
        ({"day": "31/02/2030"}, "must be a real date"),
        ({"day": "\u0661\u0662/\u0660\u0661/\u0662\u0660\u0663\u0660"}, "must be a real date"),
        ({"day": "\x00"}, "must be a real date"),
        ({"day": "x" * 10_000}, "must be a real date"),
        ({"day": "01/01/2020"}, "cannot be in the past"),
        ({"band": "25:61"}, "Choose a time of day"),
        ({"band": "\u202emorning"}, "Choose a time of day"),
        ({"suite": "-1"}, "Choose a custody suite from the list"),
        ({"suite": "9" * 40}, "Choose a custody suite from the list"),
    ],
)
def test_add_step_one_hostile_input(client_as, suite, query, message):
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    response = client.get(reverse("volunteers:rota_add"), {**when(suite), **query})
    assert response.status_code == 200
    assert message in response.content.decode()
    url = f"{reverse('volunteers:rota_add')}?{urlencode({**when(suite), **query})}"
    response = client.post(url, {"first_visitor": "1", "second_visitor": "2"})
    assert response.status_code == 200
    assert not RotaSlot.objects.exists()


@pytest.mark.parametrize("value", ["\x00", "-1", "99999999999999999999", "\u0661", "x" * 10_000, ""])
def test_add_step_two_hostile_input(client_as, make_volunteer, suite, value):
    a = make_volunteer("icv")
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    url = f"{reverse('volunteers:rota_add')}?suite={suite.pk}&day={SOON:%d/%m/%Y}&band=night"
    response = client.post(url, {"first_visitor": a.pk, "second_visitor": value})
    assert response.status_code == 200
    assert "Choose the second visitor" in response.content.decode()
    assert not RotaSlot.objects.exists()


def test_suggest_and_confirm(client_as, make_volunteer, suite):
    for _ in range(4):
        make_volunteer("icv")
    suite.weekly_visit_target = 2
    suite.save()
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    url = reverse("volunteers:rota_suggest")
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    query = {"suite": suite.pk, "first_day": f"{monday:%d/%m/%Y}", "weeks": "2"}
    page = client.get(url, query).content.decode()
    assert page.count('name="slots"') == 4
    inputs = re.findall(r'<input[^>]*name="slots"[^>]*>', page)
    keys = [html.unescape(re.search(r'value="([^"]*)"', tag).group(1)) for tag in inputs]
    assert len(keys) == 4
    response = client.post(f"{url}?suite={suite.pk}&first_day={monday:%d/%m/%Y}&weeks=2", {"slots": keys[:3]})
    assert response.status_code == 302
    assert RotaSlot.objects.count() == 3
    # A forged key is not among the choices.
    response = client.post(
        f"{url}?suite={suite.pk}&first_day={monday:%d/%m/%Y}&weeks=2", {"slots": ["2030-01-01|night|1|2"]}
    )
    assert "The suggestions have changed" in response.content.decode()
    assert RotaSlot.objects.count() == 3


@pytest.mark.parametrize("weeks", ["0", "13", "-4", "\u0663", "1e3", "99999999999999999999999"])
def test_suggest_hostile_weeks(client_as, suite, weeks):
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    response = client.get(
        reverse("volunteers:rota_suggest"), {"suite": suite.pk, "first_day": "01/01/2099", "weeks": weeks}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_change_pair_and_cancel(client_as, make_volunteer, slot):
    client = client_as(roles.VOLUNTEER_COORDINATOR)
    c, d = make_volunteer("icv"), make_volunteer("icv")
    response = client.post(
        reverse("volunteers:rota_pair", args=[slot.pk]), {"first_visitor": c.pk, "second_visitor": d.pk}
    )
    assert response.status_code == 302
    assert set(slot.visitors.all()) == {c, d}
    url = reverse("volunteers:rota_cancel", args=[slot.pk])
    for reason in ("", "   ", "\x00", "x" * 10_000):
        response = client.post(url, {"reason": reason})
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    response = client.post(url, {"reason": "Suite closed for a deep clean"})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.cancelled_reason == "Suite closed for a deep clean"
    assert slot.history.first().history_change_reason == "Cancelled: Suite closed for a deep clean"
    # A cancelled slot cannot be cancelled again: a message, not a 500.
    response = client.post(url, {"reason": "again"})
    assert "was cancelled" in response.content.decode()
