"""Absurd and hostile input on every call-out form: a clear message on the page, never a 500,
and nothing half-saved (the call-out and its history unchanged when the page answers with errors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteers.models import CallOut, CallOutStatus

from .callout_support import HOUR, callout_in

pytestmark = pytest.mark.django_db
S = CallOutStatus
MINUTE = dt.timedelta(minutes=1)

HOSTILE = [
    "\x00",
    "AB\u202e12",
    "\u0663\u0660/\u0661\u0662\u0663",  # Arabic-Indic digits
    "x" * 10_000,
    "-1",
    "99999999999999999999",
    "31/02/2025",
    "25:61",
    "0",
    "<script>alert(1)</script>",
]


def now_parts(delta=HOUR):
    moment = timezone.localtime(timezone.now() - delta)
    return f"{moment:%d/%m/%Y}", f"{moment:%H:%M}"


def request_data(suite) -> dict:
    day, time = now_parts(3 * HOUR)
    return {
        "requested_on": day,
        "requested_time": time,
        "suite": str(suite.pk),
        "officer_rank": "ps",
        "officer_number": "4521",
        "custody_number": "06/1/25",
        "detainee_age": "adult",
        "vulnerabilities": ["mental_health"],
        "vulnerability_note": "",
    }


def attack(client, url: str, data: dict, *, snapshot, renew=None) -> list[tuple[str, str]]:
    """Each field with each hostile value; returns the (field, value) pairs the page accepted
    (after one, `renew()` gives the URL of a fresh record to go on with)."""
    accepted = []
    for field in data:
        for value in HOSTILE:
            before = snapshot()
            response = client.post(url, {**data, field: value})
            assert response.status_code in (200, 302), (field, value[:20], response.status_code)
            if response.status_code == 200:
                page = response.content.decode()
                assert "govuk-error-summary" in page, (field, value[:20])
                assert "<script>alert(1)</script>" not in page
                assert snapshot() == before, (field, value[:20])
            else:
                accepted.append((field, value[:20]))
                url = renew() if renew else url
    return accepted


NOTES = {"vulnerability_note", "note"}
ALWAYS_REFUSED = ("\x00", "x" * 20)  # NUL, and 10,000 characters (shown cut to 20)
REFUSED_OUTSIDE_NOTES = ("AB\u202e12", HOSTILE[2])  # a direction override; other scripts' digits


def check_accepted(accepted: list[tuple[str, str]]) -> None:
    """What got through is only what the field's rules allow: never NUL or 10,000 characters, and
    outside the free notes never a direction override or another script's digits."""
    for field, value in accepted:
        assert value not in ALWAYS_REFUSED, (field, value)
        if field not in NOTES:
            assert value not in REFUSED_OUTSIDE_NOTES, (field, value)
            assert value.isascii(), (field, value)


def history_rows():
    return sorted((c.pk, c.status, c.history.count()) for c in CallOut.objects.all())


@pytest.fixture
def coordinator(client, vol_users):
    client.force_login(vol_users.coordinator)
    return client


def test_request_form(coordinator, suite):
    accepted = attack(
        coordinator, reverse("volunteers:callout_add"), request_data(suite), snapshot=history_rows
    )
    check_accepted(accepted)
    # Beyond the note, only what a custody or collar number may be ("0", 31/02/2025 as a custody number).
    assert {field for field, _ in accepted} <= {"vulnerability_note", "officer_number", "custody_number"}


def test_paper_return_form(coordinator, suite, make_volunteer):
    aa = make_volunteer("aa")
    start = timezone.localtime(timezone.now() - 10 * HOUR)
    data = request_data(suite) | {
        "requested_on": f"{start:%d/%m/%Y}",
        "requested_time": f"{start:%H:%M}",
        "status": "completed",
        "volunteer": str(aa.pk),
        "arrived_time": f"{start + HOUR:%H:%M}",
        "ended_time": f"{start + 2 * HOUR:%H:%M}",
        "processes": ["rights"],
        "outcome": "nfa",
        "attendances": "1",
        "unfilled_reason": "",
        "note": "",
    }
    accepted = attack(coordinator, reverse("volunteers:callout_entry"), data, snapshot=history_rows)
    check_accepted(accepted)
    assert {field for field, _ in accepted} <= {*NOTES, "officer_number", "custody_number"}, accepted


@pytest.mark.parametrize(
    ("status", "step", "data"),
    [
        (
            S.REQUESTED,
            "assign",
            lambda aa: {
                "volunteer": str(aa.pk),
                "assigned_on": now_parts()[0],
                "assigned_time": now_parts()[1],
                "seen": "",
            },
        ),
        (S.ASSIGNED, "attend", lambda aa: {"arrived_on": now_parts()[0], "arrived_time": now_parts()[1]}),
        (
            S.ATTENDED,
            "complete",
            lambda aa: {
                "ended_on": now_parts(MINUTE)[0],
                "ended_time": now_parts(MINUTE)[1],
                "processes": ["rights"],
                "outcome": "nfa",
                "attendances": "1",
            },
        ),
        (S.REQUESTED, "unfill", lambda aa: {"reason": "no_aa", "note": ""}),
        (S.REQUESTED, "cancel", lambda aa: {"note": "Released"}),
    ],
)
def test_step_forms(status, step, data, coordinator, vol_users, suite, make_volunteer):
    aa = make_volunteer("aa")

    def renew() -> str:
        callout = callout_in(
            status,
            by=vol_users.coordinator,
            suite=suite,
            volunteer=aa,
            requested_at=timezone.now() - 5 * HOUR,
        )
        return reverse(f"volunteers:callout_{step}", args=[callout.pk])

    accepted = attack(coordinator, renew(), data(aa), snapshot=history_rows, renew=renew)
    check_accepted(accepted)
    assert {field for field, _ in accepted} <= {"note"}, accepted
