"""Hostile input on the registers' forms, the quarterly chooser, every list's filters and the exports'
query strings, ids in URLs, and two people acting on one review at once.

Each answer is a message (a form error, 400, 403, 404 or 405), never a 500, and nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django import forms as django_forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone

from complaints import services
from complaints.models import (
    Appeal,
    Appointment,
    DipSample,
    DipSampleAction,
    Hearing,
    LongInvestigation,
    PanelMember,
    Result,
    Review,
    RotaSkip,
    Status,
)
from opcc.core import roles
from opcc.core.fields import UKDateField, WholeNumberField
from tests.complaints.test_hostile_input import BAD_CHOICES, BAD_DATES, BAD_TEXT, tomorrow
from tests.complaints.test_panels_support import for_routes, member
from tests.complaints.test_registers_support import investigation, recommendation, sample

Role = PanelMember.Role
REGISTERS = (
    DipSample,
    DipSampleAction,
    LongInvestigation,
    PanelMember,
    Hearing,
    Appeal,
    Appointment,
    RotaSkip,
)
BAD_NUMBERS = [
    "-1",
    "1000000000000",
    "99999999999999999999",
    "\u0661\u0662",
    "\uff11\uff12",
    "1e3",
    "NaN",
    "0x10",
    "12.5",
    "\x00",
    "<script>",
]


def today_text(days: int = 0) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=days):%d/%m/%Y}"


def registers_snapshot() -> tuple:
    return tuple((m.objects.count(), m.history.count()) for m in REGISTERS)  # type: ignore[attr-defined]


def bad_values(field: django_forms.Field) -> list[str]:
    if isinstance(field, UKDateField):
        return [*BAD_DATES, tomorrow()] if field.not_future else BAD_DATES
    if isinstance(field, WholeNumberField):
        return BAD_NUMBERS
    if isinstance(field, django_forms.ChoiceField | django_forms.ModelChoiceField):
        return BAD_CHOICES
    if isinstance(field, django_forms.BooleanField):
        return []  # any value is a tick
    if isinstance(field, django_forms.EmailField):
        return ["not an email", "a\x00b@example.org", "x" * 300 + "@example.org"]
    if isinstance(field, django_forms.CharField):
        return BAD_TEXT
    raise AssertionError(f"no hostile values for {type(field).__name__}")


GOOD_MEMBER = {
    "name": "Priya Shah",
    "role": "ipm",
    "term_starts_on": "01/04/2024",
    "term_ends_on": "31/03/2028",
    "vetting_expires_on": "31/03/2027",
    "active": "on",
}
GOOD_HEARING = {
    "force_reference": "PSD/MH/1",
    "requested_on": "01/05/2025",
    "kind": "misconduct",
    "rank_band": "constable_sergeant",
    "starts_on": "01/07/2025",
}
GOOD_APPEAL = {
    "force_reference": "PAT/9",
    "received_on": "01/02/2025",
    "against": "dismissal",
    "rank_band": "inspector",
}
GOOD_DIP = {
    "month": "7",
    "year": "2024",
    "scope": "complaints",
    "theme": "Incivility",
    "cases_examined": "49",
}
GOOD_INVESTIGATION = {
    "force_reference": "PSD/1",
    "notified_on": "01/05/2024",
    "reason_for_delay": "Forensics",
}


def register_forms() -> list[tuple[str, dict]]:
    """(url, good POST data) of every register form, each on a record in a stage that allows it."""
    planned, fieldwork, reported = (
        sample(stage=s, month=dt.date(2024, 5 + n, 1))
        for n, s in enumerate(("planned", "fieldwork", "reported"))
    )
    action = recommendation(reported)
    inv = investigation()
    m = member()
    requested = for_routes("hearing")
    appointed = for_routes("hearing", Hearing.Stage.MEMBERS_APPOINTED)
    received = for_routes("appeal")
    heard = for_routes("appeal", Appeal.Stage.HEARD)
    return [
        (reverse("complaints:dip_sample_add"), GOOD_DIP),
        (reverse("complaints:dip_sample_edit", args=[planned.pk]), GOOD_DIP),
        (
            reverse("complaints:dip_sample_report", args=[fieldwork.pk]),
            {"findings": "F", "reported_on": "01/09/2024"},
        ),
        (reverse("complaints:dip_sample_recommendation_add", args=[reported.pk]), {"recommendation": "R"}),
        (
            reverse("complaints:dip_sample_recommendation_follow_up", args=[reported.pk, action.pk]),
            {"follow_up": "Checked"},
        ),
        (
            reverse("complaints:dip_sample_recommendation_complete", args=[reported.pk, action.pk]),
            {"completed_on": today_text()},
        ),
        (reverse("complaints:long_investigation_add"), GOOD_INVESTIGATION),
        (reverse("complaints:long_investigation_edit", args=[inv.pk]), GOOD_INVESTIGATION),
        (reverse("complaints:panel_member_add"), GOOD_MEMBER),
        (reverse("complaints:panel_member_edit", args=[m.pk]), GOOD_MEMBER),
        (reverse("complaints:hearing_add"), GOOD_HEARING),
        (
            reverse("complaints:hearing_edit", args=[requested.pk]),
            {**GOOD_HEARING, "requested_on": "10/01/2024"},
        ),
        (reverse("complaints:hearing_hold", args=[appointed.pk]), {"outcome": "Dismissed"}),
        (reverse("complaints:hearing_adjourn", args=[appointed.pk]), {"reason": "Illness"}),
        (reverse("complaints:hearing_cancel", args=[requested.pk]), {"reason": "Officer resigned"}),
        (reverse("complaints:appeal_add"), GOOD_APPEAL),
        (reverse("complaints:appeal_edit", args=[received.pk]), GOOD_APPEAL),
        (
            reverse("complaints:appeal_arrange", args=[received.pk]),
            {"tribunal_arranged_on": today_text(), "tribunal_on": today_text(30)},
        ),
        (reverse("complaints:appeal_determine", args=[heard.pk]), {"outcome": "dismissed"}),
        (reverse("complaints:appeal_withdraw", args=[received.pk]), {"reason": "Withdrawn by letter"}),
    ]


@pytest.mark.django_db
def test_every_register_form_refuses_hostile_values_field_by_field(client_as):
    client = client_as(roles.OFFICE_STAFF)
    forms = register_forms()
    before = registers_snapshot()
    tried = 0
    for url, good in forms:
        view = resolve(url).func.view_class  # type: ignore[attr-defined]
        for name, field in view.form_class().fields.items():
            for value in bad_values(field):
                response = client.post(url, {**good, name: value})
                assert response.status_code == 200, (url, name, repr(value[:30]), response.status_code)
                assert "govuk-error-summary" in response.content.decode(), (url, name, repr(value[:30]))
                tried += 1
    assert registers_snapshot() == before
    assert tried > 300


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "\u0645\u062d\u0645\u062f \u0639\u0644\u064a",
        "\u738b\u5c0f\u660e",
        "Si\u00e2n Ll\u0177r",
        "\U0001f600",
    ],
)
def test_panel_member_names_of_any_script_are_kept_and_shown(client_as, value):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(reverse("complaints:panel_member_add"), {**GOOD_MEMBER, "name": value})
    assert response.status_code == 302
    made = PanelMember.objects.get()
    assert made.name == value
    assert value in client.get(made.get_absolute_url()).content.decode()
    assert value in client.get(reverse("complaints:panel_members")).content.decode()


@pytest.mark.django_db
def test_a_right_to_left_override_in_a_member_name_is_refused(client_as):
    response = client_as(roles.OFFICE_STAFF).post(
        reverse("complaints:panel_member_add"), {**GOOD_MEMBER, "name": "Priya \u202eShah"}
    )
    assert response.status_code == 200 and "direction control" in response.content.decode()
    assert not PanelMember.objects.exists()


@pytest.mark.django_db
def test_markup_in_register_text_is_escaped(client_as):
    client = client_as(roles.OFFICE_STAFF)
    html = "<script>alert(1)</script>"
    client.post(
        reverse("complaints:long_investigation_add"), {**GOOD_INVESTIGATION, "reason_for_delay": html}
    )
    inv = LongInvestigation.objects.get()
    assert inv.reason_for_delay == html
    page = client.get(inv.get_absolute_url()).content.decode()
    assert html not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_rota_and_appointment_refuse_hostile_roles_counts_and_members(client_as):
    client = client_as(roles.OFFICE_STAFF)
    h = for_routes("hearing")
    member(role=Role.IPM)
    expired = member(role=Role.LQC, vetting_expires_on=timezone.localdate() - dt.timedelta(days=1))
    before = registers_snapshot()
    for role in ("xyz", "%3Cscript%3E", "IPM", "ipm%00"):
        for name in ("hearing_rota", "hearing_appoint"):
            url = reverse(f"complaints:{name}", args=[h.pk, "ipm"]).replace("/ipm/", f"/{role}/")
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"count": "1"}).status_code == 404, url
    rota = reverse("complaints:hearing_rota", args=[h.pk, Role.IPM])
    for value in [*BAD_CHOICES, "0", "5"]:
        response = client.post(rota, {"count": value, "confirm": "1"})
        assert response.status_code == 200, value
    for value in [*BAD_CHOICES, str(expired.pk), "999999999"]:
        response = client.post(rota, {"count": "1", "conflicts": value})
        assert response.status_code == 200, value
    appoint = reverse("complaints:hearing_appoint", args=[h.pk, Role.LQC])
    for value in [*BAD_CHOICES, str(expired.pk), "999999999"]:
        response = client.post(appoint, {"member": value, "reason": "x"})
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode(), value
    assert registers_snapshot() == before


@pytest.mark.django_db
def test_register_urls_with_ids_of_nothing_or_of_another_sample_are_404(client_as):
    client = client_as(roles.REVIEWS_MANAGER)
    s, other = sample(stage="reported"), sample(stage="reported", month=dt.date(2024, 8, 1))
    theirs = recommendation(other)
    for name in ("dip_sample_recommendation_follow_up", "dip_sample_recommendation_complete"):
        url = reverse(f"complaints:{name}", args=[s.pk, theirs.pk])
        assert client.get(url).status_code == 404 and client.post(url, {}).status_code == 404
    big = "99999999999999999999"
    for name in (
        "dip_sample",
        "long_investigation",
        "panel_member",
        "hearing",
        "appeal",
        "hearing_edit",
        "appeal_withdraw",
    ):
        url = reverse(f"complaints:{name}", args=[1]).replace("/1/", f"/{big}/")
        assert client.get(url).status_code == 404, url


# --- the quarterly chooser, list filters and export query strings ---------------------------------

HOSTILE_QUERY = [
    "'; DROP TABLE complaints_review; --",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\u202e",
    "\u0661\u0662",
    "-1",
    "99999999999999999999",
    "1e3",
    "x" * 10_000,
    "31/02/2025",
    "01/01/0000",
    "01/01/99999",
    "%",
    "_",
    "\\",
]

LISTS = {
    "complaints:reviews": [
        "q",
        "status",
        "reviewer",
        "subject",
        "result",
        "received_from",
        "received_to",
        "decided_from",
        "decided_to",
        "due_within",
        "overdue",
        "recommendations",
        "mine",
        "sort",
        "page",
    ],
    "complaints:dip_samples": ["financial_year", "scope", "stage", "actions", "sort", "page"],
    "complaints:long_investigations": ["state", "notified_from", "notified_to", "sort", "page"],
    "complaints:panel_members": ["name", "role", "active", "dates", "sort", "page"],
    "complaints:hearings": [
        "reference",
        "stage",
        "kind",
        "rank_band",
        "starts_from",
        "starts_to",
        "sort",
        "page",
    ],
    "complaints:appeals": ["reference", "stage", "against", "received_from", "received_to", "sort", "page"],
}
DOWNLOADS = {"complaints:reviews_csv": "complaints:reviews", "complaints:reviews_xlsx": "complaints:reviews"}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(LISTS) + sorted(DOWNLOADS))
def test_list_filters_and_export_query_strings_answer_hostile_values_without_a_500(route, client_as, builder):
    builder.walk(Status.DECIDED, complainant_name="Jordan <b>Example</b>")
    client = client_as(roles.REVIEWS_MANAGER)
    url = reverse(route)
    for param in LISTS[DOWNLOADS.get(route, route)]:
        for value in HOSTILE_QUERY:
            response = client.get(url, {param: value})
            assert response.status_code in (200, 302, 400), (
                route,
                param,
                repr(value[:30]),
                response.status_code,
            )
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                page = response.content.decode()
                assert "<script>alert(1)</script>" not in page and "<b>Example</b>" not in page
    # several hostile values at once, and a parameter given twice
    response = client.get(f"{url}?q=%00&q=x&status=closed&status=<x>&sort=-&page=-1")
    assert response.status_code in (200, 302, 400)


@pytest.mark.django_db
def test_a_nul_in_an_export_query_string_is_recorded_in_the_audit_trail_not_a_500(client_as, builder):
    from opcc.audit.models import AccessEvent

    builder.walk(Status.DECIDED)
    client = client_as(roles.REVIEWS_MANAGER)
    response = client.get(reverse("complaints:reviews_csv") + "?sort=%00&%00=1")
    assert response.status_code == 200
    detail = AccessEvent.objects.latest("pk").detail
    assert detail["filters"] == {"sort": "\ufffd", "\ufffd": "1"}


@pytest.mark.django_db
def test_the_quarterly_chooser_refuses_hostile_quarters_with_a_message(client_as):
    client = client_as(roles.OFFICE_STAFF)
    for route in ("complaints:quarterly", "complaints:quarterly_csv"):
        for param in ("year", "quarter"):
            for value in [*HOSTILE_QUERY, "0", "5", "2099", "1899"]:
                other = {"year": "2024", "quarter": "1"}
                response = client.get(reverse(route), {**other, param: value})
                assert response.status_code in (200, 400), (route, param, repr(value[:30]))
                if response.status_code == 400:
                    assert "govuk-error-summary" in response.content.decode()
    assert (
        client.get(reverse("complaints:quarterly"), {"year": "2024", "quarter": "\u0661"}).status_code == 400
    )


# --- two people at once ---------------------------------------------------------------------------


def _race(*steps) -> list:
    """Run each step in its own thread and connection, released together; their results or errors."""
    barrier = threading.Barrier(len(steps))
    outcomes: list = [None] * len(steps)

    def run(i, step):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = step()
        except (ValidationError, PermissionDenied) as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_decide_and_withdraw_at_once_one_wins_the_other_is_told(make_user):
    from tests.complaints.conftest import ReviewBuilder, build_review_users

    users = build_review_users(make_user)
    builder = ReviewBuilder(users)
    for _ in range(3):  # the race is real: run it a few times, either may win
        review = builder.walk(Status.UNDER_REVIEW)
        services.finding_record(
            review=review, by=users.manager, allegation="Rude", outcome="not_reasonable", reasons="Recording"
        )
        history_before = review.history.count()
        outcomes = _race(
            lambda r=review: services.review_decide(
                review=r, by=users.manager, result=Result.UPHELD, reasons="Not proportionate"
            ),
            lambda r=review: services.review_withdraw(review=r, by=users.staff, reason="Phoned to withdraw"),
        )
        errors = [o for o in outcomes if isinstance(o, Exception)]
        wins = [o for o in outcomes if isinstance(o, Review)]
        assert len(errors) == 1 and len(wins) == 1, outcomes
        assert isinstance(errors[0], ValidationError) and "You cannot" in errors[0].messages[0]
        final = Review.objects.get(pk=review.pk)
        assert final.status == wins[0].status in (Status.DECIDED, Status.WITHDRAWN)
        assert (final.result == Result.UPHELD) == (final.status == Status.DECIDED)
        assert review.history.count() == history_before + 1


@pytest.mark.django_db(transaction=True)
def test_two_office_staff_starting_one_review_at_once_start_it_once(make_user):
    from tests.complaints.conftest import ALL_NO, ReviewBuilder, build_review_users

    users = build_review_users(make_user)
    review = ReviewBuilder(users).walk(Status.ACKNOWLEDGED)
    services.body_check_record(review=review, by=users.staff, answers=ALL_NO)
    outcomes = _race(
        lambda: services.review_start(review=review, by=users.staff, reviewer=users.manager),
        lambda: services.review_start(review=review, by=users.other_staff, reviewer=users.other_manager),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and "its status is Under review" in errors[0].messages[0], outcomes
    assert Review.objects.get(pk=review.pk).history.filter(status=Status.UNDER_REVIEW).count() == 1
