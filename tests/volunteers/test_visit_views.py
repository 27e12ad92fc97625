"""The visit and issue pages: who may open what, the entry form (valid, refused, hostile input, direct
POSTs), the lists' query counts with 2 and 30 rows, and the exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from tests.volunteers.test_visit_support import coordinator, make_issue, make_visit
from volunteers.models import CELLS, ConditionItem, CustodyVisit, IssueStatus, NotOfferedReason, VisitIssue
from volunteers.services.visits import MEASURES, cell_key

pytestmark = pytest.mark.django_db


def form_data(suite, visitors, **overrides) -> dict:
    day = timezone.localdate() - dt.timedelta(days=3)
    data = {
        "suite": suite.pk,
        "visited_on": f"{day:%d/%m/%Y}",
        "arrived_at": "19:30",
        "admitted_at": "19:50",
        "left_at": "21:00",
        "mode": "face_to_face",
        "visitor_1": visitors[0].pk,
        "visitor_2": visitors[1].pk if len(visitors) > 1 else "",
        "visitor_3": "",
        "pair_exception": "",
        "detainees_present": "2",
        "notes": "",
    }
    for age, sex in CELLS:
        for measure in MEASURES:
            data[cell_key(age, sex, measure)] = "0"
    data |= {"adult_male_detained": "2", "adult_male_offered": "1", "adult_male_accepted": "1"}
    for reason in NotOfferedReason:
        data[f"not_offered_{reason.value}"] = ""
    for item in ConditionItem:
        data[f"condition_{item.value}"] = "satisfactory"
    return data | overrides


@pytest.fixture
def pair(make_volunteer):
    return [make_volunteer("icv", last_name="Adams"), make_volunteer("icv", last_name="Baker")]


def test_coordinator_records_a_visit_from_the_form(client, vol_users, suite, pair):
    client.force_login(vol_users.coordinator)
    page = client.get(reverse("volunteers:visit_add"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Adams" in html and "Young people, Females: accepted" in html
    response = client.post(reverse("volunteers:visit_add"), form_data(suite, pair))
    visit = CustodyVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert visit.admission_delay_minutes == 20
    assert visit.counts.get(age_group="adult", sex="male").accepted == 1
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "All ages: total" in page and visit.reference in page and "Delayed" in page


def test_save_and_add_another_keeps_the_suite_date_and_pair(client, vol_users, suite, pair):
    client.force_login(vol_users.coordinator)
    response = client.post(reverse("volunteers:visit_add"), form_data(suite, pair) | {"next": "another"})
    assert response["Location"].startswith(reverse("volunteers:visit_add") + "?")
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{pair[0].pk}" selected>' in page
    assert f'value="{(timezone.localdate() - dt.timedelta(days=3)):%d/%m/%Y}"' in page


def test_the_visitor_selects_list_only_eligible_custody_visitors(client, vol_users, make_volunteer, pair):
    expired = make_volunteer(
        "icv", last_name="Expired", vetting_expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    appropriate_adult = make_volunteer("aa", last_name="Adultonly")
    client.force_login(vol_users.coordinator)
    html = client.get(reverse("volunteers:visit_add")).content.decode()
    assert "Adams" in html and "Expired" not in html and "Adultonly" not in html
    assert expired and appropriate_adult


def test_an_ineligible_visitor_posted_directly_is_refused_with_the_reason(
    client, vol_users, suite, make_volunteer, pair
):
    lapsed = make_volunteer("icv", vetting_expires_on=timezone.localdate() - dt.timedelta(days=10))
    client.force_login(vol_users.coordinator)
    response = client.post(reverse("volunteers:visit_add"), form_data(suite, [pair[0], lapsed]))
    assert response.status_code == 200
    assert "police vetting expired on" in response.content.decode()
    assert not CustodyVisit.objects.exists()


def test_the_2019_20_row_on_the_form_names_the_cell(client, vol_users, suite, pair):
    client.force_login(vol_users.coordinator)
    data = form_data(suite, pair, detainees_present="32") | {
        "young_female_detained": "30",
        "young_female_offered": "24",
        "young_female_accepted": "27",
        "young_female_refused": "0",
    }
    html = client.post(reverse("volunteers:visit_add"), data).content.decode()
    assert "Young people, Females: accepted (27) is more than offered (24)." in html
    negative = client.post(
        reverse("volunteers:visit_add"), data | {"young_female_refused": "-3"}
    ).content.decode()
    assert "Young people, Females: refused cannot be negative" in negative
    assert not CustodyVisit.objects.exists()


HOSTILE = {
    "arrived_at": ["25:61", "\u0662\u0661:\u0663\u0660", "\x00", "x" * 10_000],
    "visited_on": [
        "31/02/2025",
        "\u0660\u0661/\u0660\u0661/\u0662\u0660\u0662\u0665",
        "01/01/0001",
        "\u202e2025/01/01",
    ],
    "detainees_present": ["-1", "99999999999999999999", "\u0663", "1e3", "\x00"],
    "adult_male_detained": ["-5", "10000", "\u0663"],
    "suite": ["0", "abc", "\x00", "99999999999999"],
    "visitor_1": ["abc", "\x00", "-1", "99999999999999"],
    "mode": ["helicopter"],
    "notes": ["x" * 10_001, "nul \x00 here"],
    "pair_exception": ["\u202eevil"],
    "condition_cctv": ["broken"],
}


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, values in HOSTILE.items() for v in values])
def test_hostile_input_gets_a_message_never_a_500_and_nothing_saved(
    client, vol_users, suite, pair, field, value
):
    client.force_login(vol_users.coordinator)
    response = client.post(reverse("volunteers:visit_add"), form_data(suite, pair) | {field: value})
    assert response.status_code == 200, (field, value)
    assert "There is a problem" in response.content.decode()
    assert not CustodyVisit.objects.exists()


def test_hostile_filters_and_urls(client, vol_users):
    client.force_login(vol_users.staff)
    for query in ("visited_from=31/02/2025", "suite=\x00", "suite=abc", "mode=x", "sort=evil", "page=-1"):
        assert client.get(reverse("volunteers:visits") + "?" + query).status_code == 200, query
    for query in ("status=nope", "suite=9999999999999", "overdue=maybe"):
        assert client.get(reverse("volunteers:issues") + "?" + query).status_code == 200, query
    assert client.get(reverse("volunteers:visit_add") + "?visited_on=%00&suite=%00").status_code == 403
    assert client.get("/volunteers/visits/99999999/").status_code == 404


READ_PAGES = ["visits", "issues"]


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (roles.VOLUNTEER_COORDINATOR, 200, 200),
        (roles.OFFICE_STAFF, 200, 403),
        (roles.ADMINISTRATOR, 200, 403),
        (roles.GRANTS_MANAGER, 403, 403),
        (roles.REVIEWS_MANAGER, 403, 403),
        (roles.REPORTS, 403, 403),
    ],
)
def test_who_may_open_what(client, make_user, role, read, write):
    issue = make_issue()
    visit = issue.visit
    client.force_login(make_user(role))
    for url in (
        reverse("volunteers:visits"),
        reverse("volunteers:issues"),
        visit.get_absolute_url(),
        issue.get_absolute_url(),
        reverse("volunteers:visits_csv"),
        reverse("volunteers:issues_csv"),
    ):
        assert client.get(url).status_code == read, url
    for name, pk in [
        ("visit_add", None),
        ("visit_edit", visit.pk),
        ("visit_report", visit.pk),
        ("issue_add", visit.pk),
        ("issue_escalate", issue.pk),
        ("issue_close", issue.pk),
    ]:
        url = reverse(f"volunteers:{name}", args=[pk] if pk else [])
        assert client.get(url).status_code == write, url


def test_direct_posts_by_readers_are_refused_and_change_nothing(client, vol_users, suite, pair):
    issue = make_issue()
    client.force_login(vol_users.staff)
    assert client.post(reverse("volunteers:visit_add"), form_data(suite, pair)).status_code == 403
    assert (
        client.post(
            reverse("volunteers:issue_close", args=[issue.pk]), {"on": "01/01/2025", "outcome": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("volunteers:visit_report", args=[issue.visit.pk]), {"on": "01/01/2025"}
        ).status_code
        == 403
    )
    assert CustodyVisit.objects.count() == 1
    issue.refresh_from_db()
    assert issue.status == IssueStatus.OPEN


def test_an_issue_step_not_allowed_now_goes_back_to_the_issue(client, vol_users):
    issue = make_issue(status=IssueStatus.CLOSED)
    client.force_login(vol_users.coordinator)
    response = client.post(reverse("volunteers:issue_escalate", args=[issue.pk]), {"on": "01/01/2025"})
    assert response.status_code == 302 and response["Location"] == issue.get_absolute_url()
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Escalate to the force" not in page and "Close the issue" not in page


def test_issue_page_shows_only_the_allowed_actions(client, vol_users):
    issue = make_issue(status=IssueStatus.ESCALATED)
    client.force_login(vol_users.coordinator)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Record the force" in page and "Close the issue" in page
    assert "Escalate to the force" not in page
    client.force_login(vol_users.staff)
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Close the issue" not in page


def test_raise_and_close_an_issue_through_the_pages(client, vol_users):
    visit = make_visit(vol_users.coordinator)
    client.force_login(vol_users.coordinator)
    response = client.post(
        reverse("volunteers:issue_add", args=[visit.pk]),
        {"category": "rights", "subcategory": "medication", "description": "x", "raised_at_time": "on"},
    )
    assert "Choose a sub-category of rights and entitlements." in response.content.decode()
    response = client.post(
        reverse("volunteers:issue_add", args=[visit.pk]),
        {
            "category": "rights",
            "subcategory": "legal_advice",
            "description": "Solicitor not called",
            "raised_at_time": "on",
            "follow_up_owner": vol_users.other_coordinator.pk,
        },
    )
    issue = VisitIssue.objects.get()
    assert response["Location"] == issue.get_absolute_url()
    today = f"{timezone.localdate():%d/%m/%Y}"
    response = client.post(
        reverse("volunteers:issue_close", args=[issue.pk]), {"on": today, "outcome": "Called"}
    )
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED


def test_report_submitted_through_the_page(client, vol_users):
    visit = make_visit(vol_users.coordinator)
    client.force_login(vol_users.coordinator)
    url = reverse("volunteers:visit_report", args=[visit.pk])
    early = f"{visit.visited_on - dt.timedelta(days=1):%d/%m/%Y}"
    assert "before the visit" in client.post(url, {"on": early}).content.decode()
    client.post(url, {"on": f"{visit.visited_on:%d/%m/%Y}"})
    visit.refresh_from_db()
    assert visit.report_submitted_on == visit.visited_on


def test_correcting_a_visit_prefills_and_saves(client, vol_users, suite):
    visit = make_visit(vol_users.coordinator)
    client.force_login(vol_users.coordinator)
    url = reverse("volunteers:visit_edit", args=[visit.pk])
    form = client.get(url).context["form"]
    assert form.initial["adult_male_detained"] == 3
    data = form_data(suite, list(visit.visitors.order_by("last_name", "pk")), notes="Corrected")
    assert client.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert visit.notes == "Corrected" and visit.detainees_present == 2


def _visits(n: int, by, pair):
    for i in range(n):
        visit = make_visit(
            by,
            visitors=pair,
            arrived_at=dt.time(10, i % 50),
            admitted_at=dt.time(10, 55),
            left_at=dt.time(12, 0),
        )
        if i % 3 == 0:
            make_issue(visit, by=by)


@pytest.mark.parametrize("name", ["visits", "issues"])
def test_list_queries_do_not_grow_with_rows(client, vol_users, pair, name, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    by = coordinator()
    client.force_login(vol_users.staff)
    url = reverse(f"volunteers:{name}")
    _visits(2, by, pair)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _visits(28, by, pair)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url + "?sort=-visited_on" if name == "visits" else url)
        assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_visit_export_has_the_totals_and_no_names(client, vol_users, pair):
    visit = make_visit(vol_users.coordinator, visitors=pair)
    make_issue(visit, by=vol_users.coordinator)
    client.force_login(vol_users.staff)
    response = client.get(reverse("volunteers:visits_csv") + "?open_issues=yes")
    body = (
        b"".join(response.streaming_content).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Reference" and len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Reference"] == visit.reference
    assert (record["Detained"], record["Offered"], record["Accepted"], record["Refused"]) == (
        "5",
        "3",
        "2",
        "1",
    )
    assert record["Visitors"] == "2" and record["Open issues"] == "1"
    assert "Adams" not in body and pair[0].last_name not in body
    issues = client.get(reverse("volunteers:issues_csv"))
    text = (
        b"".join(issues.streaming_content).decode("utf-8-sig")
        if issues.streaming
        else issues.content.decode("utf-8-sig")
    )
    assert "Medication" in text and "medication had not been given" not in text
