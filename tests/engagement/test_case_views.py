"""The case pages through the browser's eyes: who opens what, the case page's panels and buttons, a
whole case walked through its forms, and steps the status does not allow refused without a change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from engagement.models import Case, CaseStatus, DueDateChange
from opcc.audit.models import AccessEvent
from tests.engagement.case_support import ORDER, walk_case

pytestmark = pytest.mark.django_db
S = CaseStatus
FORMS = ["case_edit", "case_assign", "case_start", "case_stop", "case_restart", "case_extend",
         "case_respond", "case_close", "case_reopen", "case_link"]  # fmt: skip
STEP_FOR = {
    "case_assign": S.RECEIVED,
    "case_start": S.ASSIGNED,
    "case_stop": S.IN_PROGRESS,
    "case_restart": S.AWAITING_INFORMATION,
    "case_respond": S.IN_PROGRESS,
    "case_close": S.RESPONDED,
    "case_reopen": S.CLOSED,
    "case_edit": S.RECEIVED,
    "case_link": S.RECEIVED,
}


def today() -> dt.date:
    return timezone.localdate()


def ago(days: int) -> str:
    return f"{today() - dt.timedelta(days=days):%d/%m/%Y}"


def steps(response) -> list[str]:
    return re.findall(r'data-case-step="([a-z_]+)"', response.content.decode())


@pytest.fixture
def cases(eng_users):
    made = {status: walk_case(status, by=eng_users.staff) for status in ORDER}
    made["sar"] = walk_case(S.ASSIGNED, by=eng_users.staff, category="Subject access")
    return made


def test_who_opens_what(client, eng_users, cases):
    case = cases[S.RECEIVED]
    read = [reverse("engagement:cases"), case.get_absolute_url()]
    client.force_login(eng_users.staff)
    for url in read:
        assert client.get(url).status_code == 200
    client.force_login(eng_users.administrator)
    for url in read:
        assert client.get(url).status_code == 200
    page = client.get(case.get_absolute_url())
    assert steps(page) == [] and "What you can do now" not in page.content.decode()
    writes = [reverse("engagement:case_add")] + [
        reverse(f"engagement:{name}", args=[cases.get(STEP_FOR.get(name), cases["sar"]).pk]) for name in FORMS
    ]
    for url in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"closed_on": ago(0)}).status_code == 403, url
    assert Case.objects.get(pk=cases[S.RESPONDED].pk).status == S.RESPONDED
    for user in (
        eng_users.grants_manager,
        eng_users.reviews_manager,
        eng_users.coordinator,
        eng_users.reports,
    ):
        client.force_login(user)
        for url in [*read, writes[0], reverse("engagement:cases_csv")]:
            assert client.get(url).status_code == 403, (user, url)


def test_office_staff_see_only_the_steps_the_status_allows(client, eng_users, cases):
    client.force_login(eng_users.staff)
    expected = {
        S.RECEIVED: ["assign"],
        S.ASSIGNED: ["assign", "start", "stop_clock", "respond"],
        S.IN_PROGRESS: ["assign", "stop_clock", "respond"],
        S.AWAITING_INFORMATION: ["assign", "restart_clock"],
        S.RESPONDED: ["close", "reopen"],
        S.CLOSED: ["reopen"],
        S.REOPENED: ["assign", "respond"],
    }
    for status, actions in expected.items():
        shown = steps(client.get(cases[status].get_absolute_url()))
        assert shown == [*actions, "edit", "link"], status
        for name in FORMS:
            url = reverse(f"engagement:{name}", args=[cases[status].pk])
            response = client.get(url)
            assert response.status_code in (200, 302), (status, name)
    assert "extend" in steps(client.get(cases["sar"].get_absolute_url()))
    assert client.get(reverse("engagement:case_extend", args=[cases["sar"].pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "status", "data"),
    [
        ("case_start", S.RECEIVED, {}),
        ("case_stop", S.RECEIVED, {"reason": "clarification", "started_on": ago(1)}),
        ("case_restart", S.IN_PROGRESS, {"ended_on": ago(0)}),
        ("case_respond", S.RECEIVED, {"responded_on": ago(0)}),
        ("case_close", S.IN_PROGRESS, {"closed_on": ago(0)}),
        ("case_reopen", S.ASSIGNED, {"reason": "complaint", "requested_on": ago(0)}),
        ("case_assign", S.CLOSED, {"team": "policy"}),
        ("case_extend", S.RESPONDED, {"told_on": ago(0), "reason": "Complex"}),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_and_changes_nothing(
    client, eng_users, name, status, data
):
    case = walk_case(status, by=eng_users.staff)
    before = (case.status, case.due_on, DueDateChange.objects.filter(case=case).count())
    client.force_login(eng_users.staff)
    response = client.post(reverse(f"engagement:{name}", args=[case.pk]), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not possible while the status is" in page or "can be extended" in page
    case.refresh_from_db()
    assert (case.status, case.due_on, DueDateChange.objects.filter(case=case).count()) == before


def test_a_case_walked_through_its_forms(client, eng_users):
    client.force_login(eng_users.staff)
    add = reverse("engagement:case_add")
    form = client.get(add).content.decode()
    assert "Freedom of information: 20 working days (any UK nation bank holidays)" in form
    assert "Save and log another" in form
    data = {
        "received_on": ago(6), "received_time": "09:30", "channel": "letter", "category": "",
        "correspondent_name": "Ada Example", "correspondent_email": "ada@example.org",
        "representative": "mp", "subject": "Police numbers in Ladywood", "team": "business_support",
    }  # fmt: skip
    from engagement.models import Category

    data["category"] = Category.objects.get(name="Freedom of information").pk
    response = client.post(add, data | {"another": "1"})
    assert response.status_code == 302 and response.url == add
    case = Case.objects.get()
    assert case.reference.startswith(f"COR-{case.received_on.year}-")
    assert timezone.localtime(case.received_at).strftime("%H:%M") == "09:30"

    def post(name, values, expect=302):
        response = client.post(reverse(f"engagement:{name}", args=[case.pk]), values)
        assert response.status_code == expect, response.content.decode()[:3000]
        case.refresh_from_db()
        return response

    post("case_assign", {"assigned_to": eng_users.other_staff.pk, "team": "policy"})
    assert (case.status, case.assigned_to, case.team) == (S.ASSIGNED, eng_users.other_staff, "policy")
    post("case_start", {})
    stop_form = client.get(reverse("engagement:case_stop", args=[case.pk])).content.decode()
    assert "Fee awaited" in stop_form and "Proof of identity" not in stop_form  # FOI's stop reasons
    post("case_stop", {"reason": "clarification", "started_on": ago(5), "note": "Which years?"})
    assert case.status == S.AWAITING_INFORMATION and case.clock_stopped_since is not None
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Clock stopped since" in page and "Which years?" in page
    due_before = case.due_on
    post("case_restart", {"ended_on": ago(3)})
    assert case.status == S.IN_PROGRESS and case.due_on > due_before
    respond = client.get(reverse("engagement:case_respond", args=[case.pk])).content.decode()
    assert "Exemptions applied" in respond and "internal review" not in respond
    response = post("case_respond", {"responded_on": ago(1), "outcome": "refused"}, expect=200)
    assert "Enter the exemptions" in response.content.decode()
    post("case_respond", {"responded_on": ago(1), "outcome": "refused", "exemptions": "Section 31"})
    assert case.status == S.RESPONDED and case.working_days_taken is not None
    post("case_reopen", {"reason": "internal_review", "requested_on": ago(0)})
    assert case.status == S.REOPENED and case.due_on == case.review_due_on
    respond = client.get(reverse("engagement:case_respond", args=[case.pk])).content.decode()
    assert "Outcome of the internal review" in respond and "Exemptions applied" not in respond
    post("case_respond", {"responded_on": ago(0), "review_outcome": "upheld"})
    post("case_close", {"closed_on": ago(0)})
    assert case.status == S.CLOSED
    post("case_edit", {"channel": "email", "category": case.category_id, "correspondent_name": "Ada Example",
                       "subject": "Police numbers", "representative": ""})  # fmt: skip
    assert case.subject == "Police numbers" and case.channel == "email"

    page = client.get(case.get_absolute_url()).content.decode()
    for text in ("Clock stops", "Due date changes", "Received: 20 working days", "Clock restarted",
                 "Reopened: internal review requested", "Section 31", "Original response upheld",
                 'id="documents"', "ada@example.org", "History"):  # fmt: skip
        assert text in page, text
    assert AccessEvent.objects.filter(action="record_viewed", detail__page="correspondence case").exists()


def test_category_change_moves_the_due_date_and_a_sar_extends(client, eng_users):
    client.force_login(eng_users.staff)
    case = walk_case(
        S.ASSIGNED, by=eng_users.staff, category="Subject access", received_on=today() - dt.timedelta(days=3)
    )
    due = case.due_on
    response = client.post(
        reverse("engagement:case_extend", args=[case.pk]),
        {"told_on": ago(1), "reason": "Ten years of records"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.extended_on is not None and case.due_on > due + dt.timedelta(days=55)
    general = walk_case(S.RECEIVED, by=eng_users.staff)
    from engagement.models import Category

    foi = Category.objects.get(name="Freedom of information")
    client.post(
        reverse("engagement:case_edit", args=[general.pk]),
        {"channel": "letter", "category": foi.pk, "correspondent_name": "Pat", "subject": "Numbers"},
    )
    change = DueDateChange.objects.filter(case=general).latest("pk")
    assert change.reason.startswith("Category changed to Freedom of information")
    assert (
        "Category changed to Freedom of information"
        in client.get(general.get_absolute_url()).content.decode()
    )


def test_links_to_what_it_became_show_only_to_those_who_may_open_them(client, eng_users, make_user):
    from tests.grants.factories import ApplicationFactory

    application = ApplicationFactory()
    case = walk_case(S.RECEIVED, by=eng_users.staff)
    client.force_login(eng_users.staff)
    response = client.post(
        reverse("engagement:case_link", args=[case.pk]),
        {"application_reference": application.reference.lower(), "complaint_reference": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("engagement:case_link", args=[case.pk]), {"complaint_reference": "CR-0000-9999"}
    )
    assert "No complaint review has the reference CR-0000-9999" in response.content.decode()
    case.refresh_from_db()
    assert case.grant_application == application
    link = f'href="{application.get_absolute_url()}"'
    assert link in client.get(case.get_absolute_url()).content.decode()
    client.force_login(eng_users.administrator)  # reads grants too
    assert link in client.get(case.get_absolute_url()).content.decode()
    reader = make_user()  # reads correspondence, not grants
    reader.user_permissions.set(
        Permission.objects.filter(
            Q(codename="access_engagement", content_type__app_label="core")
            | Q(codename="view_case", content_type__app_label="engagement")
        )
    )
    client.force_login(reader)
    page = client.get(case.get_absolute_url()).content.decode()
    assert application.reference in page and link not in page
