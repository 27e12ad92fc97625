"""The register pages: who may open them, the forms end to end, bad input, and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import DipSample, DipSampleAction, LongInvestigation
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from tests.complaints.test_registers_support import investigation, recommendation, sample

pytestmark = pytest.mark.django_db
Stage = DipSample.Stage
TODAY = dt.date.today


def pages(s: DipSample, action: DipSampleAction, inv: LongInvestigation) -> list[str]:
    return [
        reverse("complaints:dip_samples"),
        reverse("complaints:dip_sample_add"),
        reverse("complaints:dip_sample", args=[s.pk]),
        reverse("complaints:dip_sample_edit", args=[s.pk]),
        reverse("complaints:dip_sample_recommendation_add", args=[s.pk]),
        reverse("complaints:dip_sample_recommendation_follow_up", args=[s.pk, action.pk]),
        reverse("complaints:dip_sample_recommendation_complete", args=[s.pk, action.pk]),
        reverse("complaints:dip_sample_close", args=[s.pk]),
        reverse("complaints:long_investigations"),
        reverse("complaints:long_investigation_add"),
        reverse("complaints:long_investigation", args=[inv.pk]),
        reverse("complaints:long_investigation_edit", args=[inv.pk]),
    ]


@pytest.fixture
def rows():
    s = sample(stage=Stage.REPORTED)
    return s, recommendation(s), investigation()


@pytest.mark.parametrize("role", [roles.OFFICE_STAFF, roles.REVIEWS_MANAGER])
def test_office_staff_and_reviews_managers_open_every_page(client_as, role, rows):
    client = client_as(role)
    for url in pages(*rows):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [roles.GRANTS_MANAGER, roles.VOLUNTEER_COORDINATOR, roles.REPORTS])
def test_other_roles_get_403_on_every_page_and_post(client_as, role, rows):
    client = client_as(role)
    for url in pages(*rows):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"theme": "x"}).status_code == 403, url
    assert DipSample.objects.count() == 1 and rows[0].history.count() == 1


def test_a_dip_sample_from_plan_to_actions_complete(client_as):
    client = client_as(roles.OFFICE_STAFF)
    response = client.post(
        reverse("complaints:dip_sample_add"),
        {
            "month": "7",
            "year": "2024",
            "scope": "complaints",
            "theme": " Incivility ",
            "cases_examined": "49",
        },
    )
    s = DipSample.objects.get()
    assert response.url == s.get_absolute_url()
    assert (s.month, s.theme, s.cases_examined, s.stage) == (
        dt.date(2024, 7, 1),
        "Incivility",
        49,
        Stage.PLANNED,
    )
    assert client.post(reverse("complaints:dip_sample_fieldwork", args=[s.pk])).status_code == 302
    today = timezone.localdate()
    client.post(
        reverse("complaints:dip_sample_report", args=[s.pk]),
        {"findings": "Good.", "reported_on": today.strftime("%d/%m/%Y")},
    )
    client.post(
        reverse("complaints:dip_sample_recommendation_add", args=[s.pk]),
        {
            "recommendation": "Explain reasons.",
            "owner": "PSD",
            "due_on": (today + dt.timedelta(days=30)).strftime("%d/%m/%Y"),
        },
    )
    action = DipSampleAction.objects.get()
    assert "Explain reasons." in client.get(s.get_absolute_url()).content.decode()
    client.post(
        reverse("complaints:dip_sample_recommendation_complete", args=[s.pk, action.pk]),
        {"completed_on": today.strftime("%d/%m/%Y")},
    )
    client.post(reverse("complaints:dip_sample_close", args=[s.pk]))
    s.refresh_from_db()
    assert s.stage == Stage.CLOSED
    assert [h.history_change_reason for h in s.history.order_by("history_id")] == [
        "Dip sample planned",
        "Fieldwork started",
        "Findings reported",
        "Actions complete",
    ]
    # A closed sample's steps send the user back to it with a message, not a form.
    assert 'class="govuk-date-input"' in client.get(reverse("complaints:dip_sample_add")).content.decode()
    response = client.get(reverse("complaints:dip_sample_edit", args=[s.pk]), follow=True)
    assert (
        "You cannot change the details while the dip sample is actions complete" in response.content.decode()
    )


BAD_DIP = [
    ({"month": "13"}, "month", "12 or less"),
    ({"month": "0"}, "month", "1 or more"),
    ({"month": "\u0667"}, "month", "whole number"),
    ({"year": "\uff12\uff10\uff12\uff14"}, "year", "whole number"),
    ({"cases_examined": "-1"}, "cases_examined", "1 or more"),
    ({"cases_examined": str(10**12)}, "cases_examined", "whole number"),
    ({"cases_examined": "100001"}, "cases_examined", "100000 or less"),
    ({"theme": "a\x00b"}, "theme", "Null characters"),
    ({"theme": "x" * 121}, "theme", "120 characters"),
    ({"findings": "x" * 10_001}, "findings", "10000 characters"),
    ({"scope": "traffic"}, "scope", "Select a valid choice"),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD_DIP)
def test_bad_dip_sample_input_is_refused_on_its_field(client_as, change, field, words):
    good = {
        "month": "7",
        "year": "2024",
        "scope": "complaints",
        "theme": "Incivility",
        "cases_examined": "49",
    }
    response = client_as(roles.OFFICE_STAFF).post(reverse("complaints:dip_sample_add"), {**good, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words.lower() in " ".join(errors[field]).lower(), errors
    assert not DipSample.objects.exists()


def test_the_edit_form_is_prefilled_with_the_month_and_year(client_as):
    s = sample(month=dt.date(2023, 1, 1), cases=49)
    page = (
        client_as(roles.OFFICE_STAFF).get(reverse("complaints:dip_sample_edit", args=[s.pk])).content.decode()
    )
    assert 'name="month" type="text" inputmode="numeric" spellcheck="false" value="1"' in page
    assert 'name="year" type="text" inputmode="numeric" spellcheck="false" value="2023"' in page


def test_a_month_too_far_ahead_comes_back_from_the_service(client_as):
    year = str(TODAY().year + 3)
    response = client_as(roles.OFFICE_STAFF).post(
        reverse("complaints:dip_sample_add"),
        {"month": "1", "year": year, "scope": "vetting", "theme": "Refusals", "cases_examined": "5"},
    )
    assert "at most 12 months ahead" in " ".join(response.context["form"].errors["month"])


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("route", "data", "field", "words"),
    [
        ("complaints:dip_sample_report", {"findings": "F", "reported_on": "future"}, "reported_on", "future"),
        (
            "complaints:dip_sample_report",
            {"findings": "F", "reported_on": "3\u0661/01/2024"},
            "reported_on",
            "real date",
        ),
        ("complaints:dip_sample_report", {"findings": "", "reported_on": "01/08/2024"}, "findings", "Enter"),
        (
            "complaints:dip_sample_report",
            {"findings": "F", "reported_on": "01/06/2024"},
            "reported_on",
            "before",
        ),
    ],
)
def test_bad_report_input(client_as, route, data, field, words):
    s = sample(stage=Stage.FIELDWORK)
    data = {k: _future() if v == "future" else v for k, v in data.items()}
    response = client_as(roles.OFFICE_STAFF).post(reverse(route, args=[s.pk]), data)
    assert words.lower() in " ".join(response.context["form"].errors[field]).lower()
    s.refresh_from_db()
    assert s.stage == Stage.FIELDWORK


@pytest.mark.parametrize(
    ("route", "data", "field", "words"),
    [
        ("complaints:dip_sample_recommendation_follow_up", {"follow_up": "a\x00"}, "follow_up", "Null"),
        ("complaints:dip_sample_recommendation_follow_up", {"follow_up": "x" * 5001}, "follow_up", "5000"),
        (
            "complaints:dip_sample_recommendation_follow_up",
            {"follow_up": "ok", "due_on": "32/01/2025"},
            "due_on",
            "real",
        ),
        (
            "complaints:dip_sample_recommendation_complete",
            {"completed_on": "future"},
            "completed_on",
            "future",
        ),
        (
            "complaints:dip_sample_recommendation_complete",
            {"completed_on": "01/01/2024"},
            "completed_on",
            "before",
        ),
        ("complaints:dip_sample_recommendation_complete", {"completed_on": ""}, "completed_on", "Enter"),
    ],
)
def test_bad_recommendation_input(client_as, route, data, field, words):
    s = sample(stage=Stage.REPORTED)
    action = recommendation(s)
    data = {k: _future() if v == "future" else v for k, v in data.items()}
    response = client_as(roles.OFFICE_STAFF).post(reverse(route, args=[s.pk, action.pk]), data)
    assert words.lower() in " ".join(response.context["form"].errors[field]).lower()
    action.refresh_from_db()
    assert action.completed_on is None and action.follow_up == ""


def test_bad_new_recommendation(client_as):
    s = sample(stage=Stage.REPORTED)
    url = reverse("complaints:dip_sample_recommendation_add", args=[s.pk])
    response = client_as(roles.OFFICE_STAFF).post(url, {"recommendation": "", "owner": "x" * 121})
    assert set(response.context["form"].errors) == {"recommendation", "owner"}


INVESTIGATION = {
    "force_reference": "PSD/2024/0042",
    "started_on": "10/01/2023",
    "notified_on": "01/02/2024",
    "reason_for_delay": "Forensics.",
}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"notified_on": "future"}, "notified_on", "future"),
        ({"notified_on": "01/13/2024"}, "notified_on", "real date"),
        ({"notified_on": "\u0660\u0661/\u0660\u0662/\u0662\u0660\u0662\u0664"}, "notified_on", "real date"),
        ({"notified_on": "01/01/2022"}, "notified_on", "before it started"),
        ({"closed_on": "01/01/2024"}, "closed_on", "before the office was notified"),
        ({"force_reference": "x" * 41}, "force_reference", "40 characters"),
        ({"force_reference": "a\x00"}, "force_reference", "Null"),
        ({"reason_for_delay": ""}, "reason_for_delay", "Enter"),
        ({"reason_for_delay": "x" * 10_001}, "reason_for_delay", "10000"),
    ],
)
def test_bad_investigation_input(client_as, change, field, words):
    data = {k: _future() if v == "future" else v for k, v in {**INVESTIGATION, **change}.items()}
    response = client_as(roles.OFFICE_STAFF).post(reverse("complaints:long_investigation_add"), data)
    assert words.lower() in " ".join(response.context["form"].errors[field]).lower()
    assert not LongInvestigation.objects.exists()


def test_an_investigation_is_recorded_changed_and_its_views_audited(client_as):
    client = client_as(roles.REVIEWS_MANAGER)
    client.post(reverse("complaints:long_investigation_add"), INVESTIGATION)
    inv = LongInvestigation.objects.get()
    client.post(
        reverse("complaints:long_investigation_edit", args=[inv.pk]),
        {**INVESTIGATION, "report_received_on": "01/03/2024", "closed_on": "01/04/2024"},
    )
    inv.refresh_from_db()
    assert inv.closed_on == dt.date(2024, 4, 1) and inv.stage == "Concluded"
    page = client.get(inv.get_absolute_url()).content.decode()
    assert "14" in page  # months from 10/01/2023 to 01/04/2024
    assert AccessEvent.objects.filter(action=Action.RECORD_VIEWED, object_id=str(inv.pk)).count() == 1


def test_the_investigation_filters(client_as):
    investigation(notified=dt.date(2023, 5, 1), force_reference="OPEN-AWAITED")
    investigation(
        notified=dt.date(2023, 6, 1), force_reference="OPEN-REPORTED", report_received_on=dt.date(2023, 7, 1)
    )
    investigation(notified=dt.date(2024, 5, 1), force_reference="DONE", closed_on=dt.date(2024, 6, 1))
    client = client_as(roles.OFFICE_STAFF)
    url = reverse("complaints:long_investigations")

    def shown(**query) -> set[str]:
        table = client.get(url, query).context["table"]
        return {row.record.force_reference for row in table.page.object_list}

    assert shown(state="open") == {"OPEN-AWAITED", "OPEN-REPORTED"}
    assert shown(state="report_awaited") == {"OPEN-AWAITED"}
    assert shown(state="concluded") == {"DONE"}
    assert shown(notified_from="15/05/2023", notified_to="31/03/2024") == {"OPEN-REPORTED"}
    response = client.get(url, {"notified_from": "99/99/2024"})
    assert response.status_code == 200 and response.context["filter"].form.errors


def test_the_dip_sample_filters_and_overdue_column(client_as):
    late = sample(month=dt.date(2023, 5, 1), stage=Stage.REPORTED, theme="Late")
    recommendation(late, due_on=dt.date(2023, 9, 1))
    on_time = sample(month=dt.date(2024, 5, 1), stage=Stage.REPORTED, theme="On time")
    recommendation(on_time, due_on=timezone.localdate() + dt.timedelta(days=30))
    sample(month=dt.date(2024, 6, 1), scope=DipSample.Scope.VETTING, theme="Vetting")
    client = client_as(roles.OFFICE_STAFF)
    url = reverse("complaints:dip_samples")

    def shown(**query) -> set[str]:
        table = client.get(url, query).context["table"]
        return {row.record.theme for row in table.page.object_list}

    assert shown(actions="overdue") == {"Late"}
    assert shown(actions="open") == {"Late", "On time"}
    assert shown(scope="vetting") == {"Vetting"}
    assert shown(financial_year=_fy(2023)) == {"Late"}
    assert "1 overdue" in client.get(url).content.decode()


def _fy(start_year: int) -> int:
    from opcc.core.models import FinancialYear

    return FinancialYear.objects.get(start_year=start_year).pk


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_pages_cost_the_same_for_2_or_20_rows(client_as):
    client = client_as(roles.OFFICE_STAFF)
    first = sample(month=dt.date(2023, 1, 1), stage=Stage.REPORTED)
    recommendation(first, due_on=dt.date(2023, 6, 1))
    sample(month=dt.date(2023, 2, 1))
    inv = investigation(force_reference="A")
    investigation(force_reference="B", notified=dt.date(2024, 6, 1))
    urls = [
        reverse("complaints:dip_samples"),
        reverse("complaints:dip_samples") + "?actions=overdue&sort=month",
        reverse("complaints:long_investigations"),
        reverse("complaints:long_investigations") + "?state=open&sort=-notified_on",
        first.get_absolute_url(),
        inv.get_absolute_url(),
    ]
    small = [_queries(client, url) for url in urls]
    for n in range(18):
        s = sample(month=dt.date(2022, 1 + n % 12, 1), stage=Stage.REPORTED, theme=f"T{n}")
        recommendation(s, due_on=dt.date(2023, 1, 1))
        recommendation(first, due_on=dt.date(2023, 1, 1), owner=f"Team {n}")
        investigation(force_reference=f"R{n}", notified=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    assert [_queries(client, url) for url in urls] == small
