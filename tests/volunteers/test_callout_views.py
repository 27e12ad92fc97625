"""Call-out pages: who opens them, the list (filters, search, sort, queries, size, export), the
call-out page's allowed steps, each step's form, and the fast entry of paper returns."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from volunteers.models import Availability, CallOut, CallOutStatus

from .callout_support import HOUR, callout_in

pytestmark = pytest.mark.django_db
LIST = reverse("volunteers:callouts")
ENTRY = reverse("volunteers:callout_entry")
S = CallOutStatus


def refs(response) -> list[str]:
    return re.findall(r">(AA-\d{4}-\d{4})</a>", response.content.decode())


@pytest.fixture
def coordinator(client, vol_users):
    client.force_login(vol_users.coordinator)
    return client


@pytest.fixture
def aa(make_volunteer):
    return make_volunteer("aa")


# --- who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "read", "write"),
    [
        ("coordinator", 200, 200),
        ("staff", 200, 403),
        ("administrator", 200, 403),
        ("grants_manager", 403, 403),
        ("reviews_manager", 403, 403),
        ("reports", 403, 403),
    ],
)
def test_permissions(user, read, write, client, vol_users, suite, aa):
    callout = callout_in(S.ASSIGNED, by=vol_users.coordinator, suite=suite, volunteer=aa)
    client.force_login(getattr(vol_users, user))
    for url in (LIST, callout.get_absolute_url(), reverse("volunteers:callouts_csv")):
        assert client.get(url).status_code == read, url
    writes = [reverse("volunteers:callout_add"), ENTRY] + [
        reverse(f"volunteers:callout_{step}", args=[callout.pk])
        for step in ("assign", "attend", "unfill", "cancel")
    ]
    for url in writes:
        assert client.get(url).status_code == write, url
        if write == 403:
            assert client.post(url, {"note": "x", "reason": "no_aa"}).status_code == 403
    callout.refresh_from_db()
    assert callout.status == S.ASSIGNED


def test_detail_offers_allowed_steps_only(client, vol_users, suite, aa):
    for status, steps in [
        (S.REQUESTED, {"assign", "unfill", "cancel"}),
        (S.ASSIGNED, {"assign", "attend", "unfill", "cancel"}),
        (S.ATTENDED, {"complete"}),
        (S.COMPLETED, set()),
        (S.UNFILLED, set()),
    ]:
        callout = callout_in(status, by=vol_users.coordinator, suite=suite, volunteer=aa)
        client.force_login(vol_users.coordinator)
        page = client.get(callout.get_absolute_url()).content.decode()
        assert set(re.findall(r'data-callout-step="(\w+)"', page)) == steps
        assert "History" in page
        client.force_login(vol_users.staff)
        assert "data-callout-step" not in client.get(callout.get_absolute_url()).content.decode()


def test_stale_step_sends_back_with_reason(coordinator, vol_users, suite):
    callout = callout_in(S.CANCELLED, by=vol_users.coordinator, suite=suite)
    response = coordinator.post(reverse("volunteers:callout_attend", args=[callout.pk]), {}, follow=True)
    assert "not possible while the status is cancelled" in response.content.decode()


# --- the steps through the pages -----------------------------------------------------------------


def test_request_then_every_step_through_the_pages(coordinator, vol_users, suite, aa, make_volunteer):
    other = make_volunteer("aa")
    Availability.objects.create(volunteer=other, starts_at=timezone.now() - 8 * HOUR, ends_at=timezone.now())
    form = coordinator.get(reverse("volunteers:callout_add")).content.decode()
    assert "autofocus" in form
    day = timezone.localtime(timezone.now() - 3 * HOUR)
    response = coordinator.post(
        reverse("volunteers:callout_add"),
        {
            "requested_on": f"{day:%d/%m/%Y}",
            "requested_time": f"{day:%H:%M}",
            "suite": suite.pk,
            "officer_rank": "ps",
            "officer_number": "4521",
            "custody_number": "06/123/25",
            "detainee_age": "adult",
            "vulnerabilities": ["autism"],
        },
    )
    callout = CallOut.objects.get()
    assert response.status_code == 302 and response.url == callout.get_absolute_url()
    assign = reverse("volunteers:callout_assign", args=[callout.pk])
    page = coordinator.get(assign).content.decode()
    assert page.index(other.name) < page.index(aa.name)  # on the rota at the time: first
    assert "On the availability rota then" in page
    later = timezone.localtime(timezone.now() - 2 * HOUR)
    at = {"assigned_on": f"{later:%d/%m/%Y}", "assigned_time": f"{later:%H:%M}", "seen": ""}
    assert coordinator.post(assign, {**at, "volunteer": other.pk}).status_code == 302
    arrival = timezone.localtime(timezone.now() - HOUR)
    coordinator.post(
        reverse("volunteers:callout_attend", args=[callout.pk]),
        {"arrived_on": f"{arrival:%d/%m/%Y}", "arrived_time": f"{arrival:%H:%M}"},
    )
    end = timezone.localtime()
    coordinator.post(
        reverse("volunteers:callout_complete", args=[callout.pk]),
        {
            "ended_on": f"{end:%d/%m/%Y}",
            "ended_time": f"{end:%H:%M}",
            "processes": ["rights", "interview"],
            "outcome": "bailed",
            "attendances": "1",
        },
    )
    callout.refresh_from_db()
    assert (callout.status, callout.volunteer, callout.outcome) == (S.COMPLETED, other, "bailed")
    assert 115 <= callout.response_minutes <= 121


def test_assign_form_refuses_a_stale_view(coordinator, vol_users, suite, aa, make_volunteer):
    callout = callout_in(S.REQUESTED, by=vol_users.coordinator, suite=suite)
    callout_assign_url = reverse("volunteers:callout_assign", args=[callout.pk])
    now = timezone.localtime()
    data = {"assigned_on": f"{now:%d/%m/%Y}", "assigned_time": f"{now:%H:%M}", "seen": ""}
    assert coordinator.post(callout_assign_url, {**data, "volunteer": aa.pk}).status_code == 302
    other = make_volunteer("aa")
    response = coordinator.post(callout_assign_url, {**data, "volunteer": other.pk})  # saw nobody
    assert response.status_code == 200
    assert "Someone else changed the appropriate adult" in response.content.decode()
    callout.refresh_from_db()
    assert callout.volunteer == aa


# --- fast entry ----------------------------------------------------------------------------------


def paper_post(suite, aa, **overrides) -> dict:
    start = timezone.localtime(timezone.now() - 10 * HOUR)
    arrive = start + dt.timedelta(minutes=35)
    return {
        "requested_on": f"{start:%d/%m/%Y}",
        "requested_time": f"{start:%H:%M}",
        "suite": suite.pk,
        "officer_rank": "pc",
        "officer_number": "991",
        "custody_number": "06/555/25",
        "detainee_age": "adult",
        "vulnerabilities": ["learning_disability"],
        "status": "completed",
        "volunteer": aa.pk,
        "arrived_time": f"{arrive:%H:%M}",
        "ended_time": f"{start + 2 * HOUR:%H:%M}",
        "processes": ["rights"],
        "outcome": "nfa",
        "attendances": "1",
        "then": "another",
    } | overrides


def test_fast_entry_defaults_and_save_and_add_another(coordinator, suite, other_suite, aa):
    page = coordinator.get(ENTRY).content.decode()
    today = timezone.localdate()
    assert f'value="{today:%d/%m/%Y}"' in page and "autofocus" in page
    assert re.search(r'value="adult"[^>]*checked', page) and re.search(r'value="completed"[^>]*checked', page)
    assert page.index("Save and add another") < page.index(">Save<")
    response = coordinator.post(ENTRY, paper_post(other_suite, aa), follow=True)
    saved = CallOut.objects.get()
    assert response.redirect_chain[-1][0] == ENTRY
    assert f"Call-out {saved.reference} saved (completed)." in response.content.decode()
    assert saved.response_minutes == 35 and saved.status == S.COMPLETED
    assert f'<option value="{other_suite.pk}" selected>' in response.content.decode()  # kept in the session
    second = coordinator.post(
        ENTRY,
        paper_post(
            suite,
            aa,
            then="view",
            status="unfilled",
            volunteer="",
            arrived_time="",
            ended_time="",
            processes=[],
            outcome="",
            unfilled_reason="no_aa",
        ),
    )
    latest = CallOut.objects.latest("pk")
    assert second.url == latest.get_absolute_url() and latest.status == S.UNFILLED


def test_fast_entry_past_midnight(coordinator, suite, aa):
    start = timezone.localtime(timezone.now() - 30 * HOUR).replace(hour=23, minute=40)
    data = paper_post(
        suite,
        aa,
        requested_on=f"{start:%d/%m/%Y}",
        requested_time="23:40",
        arrived_time="00:25",
        ended_time="02:10",
    )
    assert coordinator.post(ENTRY, data).status_code == 302
    saved = CallOut.objects.get()
    assert saved.response_minutes == 45
    assert timezone.localtime(saved.ended_at).date() == start.date() + dt.timedelta(days=1)


def test_fast_entry_errors_on_fields_nothing_saved(coordinator, suite, aa):
    response = coordinator.post(ENTRY, paper_post(suite, aa, processes=[], outcome="", status="completed"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one PACE process" in page and "Choose the outcome" in page
    assert not CallOut.objects.exists()


# --- the list ------------------------------------------------------------------------------------


def test_filters_and_search(coordinator, vol_users, suite, other_suite, aa):
    done = callout_in(
        S.COMPLETED, by=vol_users.coordinator, suite=suite, volunteer=aa, custody_number="AB/100"
    )
    unfilled = callout_in(
        S.UNFILLED,
        by=vol_users.coordinator,
        suite=other_suite,
        custody_number="CD/200",
        detainee_age="juvenile",
        vulnerabilities=set(),
    )
    both = {done.reference, unfilled.reference}

    def shown(**params):
        response = coordinator.get(LIST, params)
        assert response.status_code == 200
        return set(refs(response))

    assert shown() == both
    assert shown(status="unfilled") == {unfilled.reference}
    assert shown(suite=suite.pk) == {done.reference}
    assert shown(detainee_age="juvenile") == {unfilled.reference}
    assert shown(vulnerability="mental_health") == {done.reference}
    assert shown(outcome="charged") == {done.reference}
    this_month = unfilled.requested_on >= timezone.localdate().replace(day=1)
    assert shown(unfilled="month") == ({unfilled.reference} if this_month else set())
    assert shown(q="ab/100") == {done.reference}
    assert shown(q="cd/") == {unfilled.reference}
    assert shown(q=done.reference[:7]) == both
    assert shown(q=done.reference) == {done.reference}
    today = timezone.localdate()
    assert shown(requested_from=f"{today + dt.timedelta(days=1):%d/%m/%Y}") == set()
    for bad in (
        {"requested_from": "31/02/2025"},
        {"status": "x\x00"},
        {"suite": "\u0661"},
        {"q": "x" * 10_000},
    ):
        response = coordinator.get(LIST, bad)
        assert response.status_code == 200


def test_export_has_no_custody_numbers(coordinator, vol_users, suite, aa):
    callout_in(S.COMPLETED, by=vol_users.coordinator, suite=suite, volunteer=aa, custody_number="ZZ/777/25")
    response = coordinator.get(reverse("volunteers:callouts_csv"), {"status": "completed"})
    body = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    assert response.status_code == 200
    assert "ZZ/777/25" not in body and "Custody number" not in body
    assert aa.name in body and "Charged" in body


@pytest.mark.parametrize(
    "params", [{}, {"sort": "status"}, {"sort": "-requested_at"}, {"q": "06/"}, {"status": "completed"}]
)
def test_list_queries_constant_and_size_bounded(coordinator, vol_users, suite, make_volunteer, params):
    def make(n):
        for _ in range(n):
            callout_in(S.COMPLETED, by=vol_users.coordinator, suite=suite, volunteer=make_volunteer("aa"))

    make(2)
    with CaptureQueriesContext(connection) as few:
        small = coordinator.get(LIST, params)
    make(28)
    with CaptureQueriesContext(connection) as many:
        large = coordinator.get(LIST, params)
    assert small.status_code == large.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(refs(large)) == 25
    per_row = (len(large.content) - len(small.content)) / (len(refs(large)) - len(refs(small)))
    assert per_row < 2_000


def test_table_body_prints_what_django_tables2_prints(vol_users, suite, aa):
    from opcc.core.tables import table_body
    from tests.grants.test_table_bodies import reference_body
    from volunteers.tables.callouts import CallOutTable

    for status in (S.REQUESTED, S.COMPLETED, S.UNFILLED):
        callout_in(status, by=vol_users.coordinator, suite=suite, volunteer=aa)
    rows = CallOut.objects.for_list()
    assert str(table_body(CallOutTable(rows))) == reference_body(CallOutTable(rows))
