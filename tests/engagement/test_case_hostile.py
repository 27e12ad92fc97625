"""Every case form attacked: NUL, a right-to-left override, 10,000 characters, Arabic-Indic digits,
impossible and future dates, dates before receipt, absurd numbers and rows that are not on offer.
Each gets a clear message on the page (never a 500) and nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import Case, CaseStatus, Category, ClockStop, DueDateChange
from tests.engagement.case_support import walk_case

pytestmark = pytest.mark.django_db
S = CaseStatus
RTL = "Pat\u202eelpmaxE"
LONG = "x" * 10_000
ARABIC_DATE = "\u0661\u0665/\u0660\u0661/\u0662\u0660\u0662\u0665"


def day(offset: int) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=offset):%d/%m/%Y}"


def snapshot() -> tuple:
    cases = list(
        Case.objects.order_by("pk").values_list("pk", "status", "due_on", "subject", "correspondent_name")
    )
    return cases, ClockStop.objects.count(), DueDateChange.objects.count()


def refused(client, url: str, data: dict, message: str) -> None:
    before = snapshot()
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200, (data, response.status_code)
    assert "govuk-error-summary" in page and message in page, (data, message)
    assert snapshot() == before, data


@pytest.fixture
def staff(client, eng_users):
    client.force_login(eng_users.staff)
    return client


def test_logging_a_case(staff, eng_users):
    url = reverse("engagement:case_add")
    good = {
        "received_on": day(-1), "received_time": "10:00", "channel": "email",
        "category": Category.objects.get(name="General advice").pk, "correspondent_name": "Pat",
        "subject": "Lighting", "team": "business_support", "representative": "",
    }  # fmt: skip
    attacks = [
        ({"subject": "a\x00b"}, "Null characters are not allowed"),
        ({"correspondent_name": RTL}, "Remove the text direction control characters"),
        ({"subject": LONG}, "Shorten a subject to 200 characters"),
        ({"summary": LONG + "y"}, "Shorten the summary to 10000 characters"),
        ({"correspondent_address": LONG}, "Shorten the address"),
        ({"received_on": ARABIC_DATE}, "The date received must be a real date"),
        ({"received_on": "31/02/2025"}, "The date received must be a real date"),
        ({"received_on": day(2)}, "The date received cannot be in the future"),
        ({"received_on": "01/01/0001"}, "The date received must be a real date"),
        ({"received_time": "\u0660\u0669:\u0663\u0660"}, "must be a real time"),
        ({"received_time": "25:00"}, "must be a real time"),
        ({"category": "\u0661"}, "Choose a category from the list"),
        ({"category": "-1"}, "Choose a category from the list"),
        ({"category": "99999999999999999999"}, "Choose a category from the list"),
        ({"area": "\u0661"}, "Choose an area from the list"),
        ({"channel": "pigeon"}, "Choose how it came from the list"),
        ({"team": "<script>"}, "Choose a team from the list"),
        ({"representative": "king"}, "whether an MP or councillor wrote from the list"),
        ({"assigned_to": eng_users.administrator.pk}, "Choose a person from the list"),
        ({"correspondent_email": "not an email"}, "Enter an email address in the correct format"),
        ({"correspondent_name": "", "correspondent_organisation": ""}, "Enter the correspondent"),
        ({"subject": "   "}, "Enter a subject"),
    ]
    for change, message in attacks:
        refused(staff, url, good | change, message)
    assert staff.post(url, good).status_code == 302  # the good data itself is accepted
    Category.objects.filter(name="Mental health").update(active=False)
    refused(staff, url, good | {"category": Category.objects.get(name="Mental health").pk}, "from the list")


def test_the_steps_of_a_case(staff, eng_users):
    received = walk_case(
        S.RECEIVED, by=eng_users.staff, received_on=timezone.localdate() - dt.timedelta(days=5)
    )
    working = walk_case(
        S.IN_PROGRESS, by=eng_users.staff, received_on=timezone.localdate() - dt.timedelta(days=5)
    )
    stopped = walk_case(S.AWAITING_INFORMATION, by=eng_users.staff)
    answered = walk_case(S.RESPONDED, by=eng_users.staff)
    foi = walk_case(S.IN_PROGRESS, by=eng_users.staff, category="Freedom of information")
    sar = walk_case(S.ASSIGNED, by=eng_users.staff, category="Subject access")

    def url(name, case):
        return reverse(f"engagement:{name}", args=[case.pk])

    edit = {
        "channel": "letter",
        "category": received.category_id,
        "correspondent_name": "Pat",
        "subject": "S",
    }
    for change, message in [
        ({"subject": "\u202eevil"}, "Remove the text direction control characters"),
        ({"on_behalf_of": LONG}, "Shorten who they write for"),
        ({"category": "\u0662"}, "Choose a category from the list"),
    ]:
        refused(staff, url("case_edit", received), edit | change, message)
    refused(staff, url("case_edit", answered), edit | {"category": foi.category_id}, "cannot change once")

    for data, message in [
        ({"assigned_to": "\u0661", "team": "policy"}, "Choose a person from the list"),
        ({"assigned_to": eng_users.coordinator.pk, "team": "policy"}, "Choose a person from the list"),
        ({"assigned_to": eng_users.staff.pk, "team": "x" * 10_000}, "Choose a team from the list"),
    ]:
        refused(staff, url("case_assign", received), data, message)

    for data, message in [
        ({"reason": "id", "started_on": day(-1)}, "Choose why the clock stops from the list"),  # not for FOI
        ({"reason": "clarification", "started_on": day(-30)}, "cannot be before receipt"),
        ({"reason": "clarification", "started_on": day(3)}, "cannot be in the future"),
        ({"reason": "clarification", "started_on": ARABIC_DATE}, "must be a real date"),
        (
            {"reason": "clarification", "started_on": day(-1), "note": "a\x00b"},
            "Null characters are not allowed",
        ),
        ({"reason": "clarification", "started_on": day(-1), "note": LONG + "!"}, "Shorten the note"),
    ]:
        refused(staff, url("case_stop", foi), data, message)

    for data, message in [
        ({"ended_on": "31/02/2025"}, "must be a real date"),
        ({"ended_on": day(-20)}, "cannot be before the stop"),
        ({"ended_on": day(1)}, "cannot be in the future"),
    ]:
        refused(staff, url("case_restart", stopped), data, message)

    for data, message in [
        ({"told_on": day(-30), "reason": "Complex"}, "cannot be before receipt"),
        ({"told_on": day(-1), "reason": "  "}, "Enter why the request is complex"),
        ({"told_on": day(-1), "reason": "\x00"}, "Null characters are not allowed"),
    ]:
        refused(staff, url("case_extend", sar), data, message)

    for case, data, message in [
        (working, {"responded_on": day(-30)}, "cannot be before receipt"),
        (working, {"responded_on": ARABIC_DATE}, "must be a real date"),
        (foi, {"responded_on": day(0)}, "Choose the outcome of the request"),
        (foi, {"responded_on": day(0), "outcome": "part"}, "Enter the exemptions"),
        (foi, {"responded_on": day(0), "outcome": "<b>"}, "Choose the outcome of the request from the list"),
    ]:
        refused(staff, url("case_respond", case), data, message)

    refused(staff, url("case_close", answered), {"closed_on": day(-30)}, "cannot be before the response")
    refused(staff, url("case_close", answered), {"closed_on": day(5)}, "cannot be in the future")
    refused(staff, url("case_reopen", answered), {"reason": "whim", "requested_on": day(0)}, "from the list")
    refused(
        staff,
        url("case_reopen", answered),
        {"reason": "complaint", "requested_on": day(-30)},
        "before the response",
    )

    for data, message in [
        ({"complaint_reference": "\u202e" + "CR-1"}, "No complaint review has the reference"),
        ({"application_reference": "x" * 31}, "Shorten the grant application reference"),
        ({"application_reference": "HCF-9999-9999"}, "No grant application has the reference"),
    ]:
        refused(staff, url("case_link", received), data, message)
