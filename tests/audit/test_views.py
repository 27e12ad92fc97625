"""The audit pages: Administrators only, search by user, record and dates, exports, no way to
change or delete anything, and a list whose query count does not grow with the rows."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opcc.audit.models import AccessEvent, Action
from opcc.audit.services import audit_record
from opcc.core import roles
from tests.grants.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("audit:list")
CSV = reverse("audit:export_csv")
XLSX = reverse("audit:export_xlsx")
PAGES = [LIST, CSV, XLSX]
HOSTILE = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def admin_client(client_as):
    return client_as(roles.ADMINISTRATOR)


def at(days_ago: int, **kwargs) -> AccessEvent:
    event = AccessEvent(action=kwargs.pop("action", Action.RECORD_VIEWED), **kwargs)
    event.occurred_at = timezone.now() - timedelta(days=days_ago)
    event.save()
    return event


def rows_on_page(response) -> list[AccessEvent]:
    return [row.record for row in response.context["table"].paginated_rows]


# --- who may open the pages ---------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR] + [None])
@pytest.mark.parametrize("url", PAGES)
def test_every_other_role_gets_403(client_as, role, url):
    client = client_as(*([role] if role else []))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_go_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_administrators_see_the_list(admin_client):
    audit_record(action=Action.SIGN_IN_FAILED, username="mallory")
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert b"Audit trail" in response.content and b"mallory" in response.content
    assert response["Cache-Control"].count("no-store") >= 1


def test_a_superuser_without_the_role_is_an_administrator(client_as):
    client = client_as(is_superuser=True)
    assert client.get(LIST).status_code == 200


# --- searching ----------------------------------------------------------------------------------


def test_search_by_username(admin_client):
    alice = at(1, username="alice")
    at(1, username="bob")
    response = admin_client.get(LIST, {"username": "alice"})
    assert rows_on_page(response) == [alice]


def test_search_by_record(admin_client):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    mine = audit_record(action=Action.RECORD_VIEWED, target=organisation)
    audit_record(action=Action.RECORD_VIEWED, target=other)
    response = admin_client.get(LIST, {"object_type": "grants.organisation", "object_id": organisation.pk})
    assert rows_on_page(response) == [mine]


def test_a_record_id_needs_its_type(admin_client):
    response = admin_client.get(LIST, {"object_id": "7"})
    assert response.status_code == 200
    assert "Choose the record type" in response.content.decode()
    assert rows_on_page(response) == []


def test_search_by_date_range_in_london_days(admin_client):
    today = timezone.localdate()
    inside = [at(3, username="three"), at(5, username="five")]
    at(1, username="one")
    at(9, username="nine")
    response = admin_client.get(
        LIST,
        {
            "date_from": (today - timedelta(days=5)).strftime("%d/%m/%Y"),
            "date_to": (today - timedelta(days=3)).strftime("%d/%m/%Y"),
        },
    )
    assert rows_on_page(response) == inside


def test_dates_the_wrong_way_round_are_an_error(admin_client):
    response = admin_client.get(LIST, {"date_from": "02/05/2025", "date_to": "01/05/2025"})
    body = response.content.decode()
    assert "There is a problem" in body and "must be the same as or after" in body


def test_a_bad_date_is_an_error(admin_client):
    body = admin_client.get(LIST, {"date_from": "31/02/2025"}).content.decode()
    assert "must be a real date" in body


def test_a_search_is_recorded_but_a_plain_visit_is_not(admin_client):
    admin_client.get(LIST)
    admin_client.get(LIST, {"page": "1"})
    assert not AccessEvent.objects.filter(action=Action.AUDIT_SEARCHED).exists()
    admin_client.get(LIST, {"username": "alice", "action": Action.SIGN_IN})
    (search,) = AccessEvent.objects.filter(action=Action.AUDIT_SEARCHED)
    assert search.user_id == admin_client.user.pk
    assert search.detail == {"filters": {"username": "alice", "action": "sign_in"}}


def test_pages_are_lazy_and_the_query_count_does_not_grow(admin_client, django_assert_num_queries):
    for n in range(5):
        at(n, username=f"user{n}")
    admin_client.get(LIST)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        small = admin_client.get(LIST)
    assert len(rows_on_page(small)) == AccessEvent.objects.count() < 50
    AccessEvent.objects.bulk_create(
        AccessEvent(action=Action.SIGN_IN, username=f"bulk{n}") for n in range(50)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        big = admin_client.get(LIST)
    assert len(rows_on_page(big)) == 50
    assert not any(
        "COUNT(" in q["sql"].upper() for q in few.captured_queries if "audit_accessevent" in q["sql"]
    )
    second = admin_client.get(LIST, {"page": 2})
    assert second.status_code == 200 and rows_on_page(second)


# --- exports ----------------------------------------------------------------------------------


def test_csv_export_has_the_filtered_rows_neutralised_and_is_recorded(admin_client):
    audit_record(action=Action.SIGN_IN_FAILED, username=HOSTILE)
    audit_record(action=Action.SIGN_IN_FAILED, username="+cmd")
    audit_record(action=Action.SIGN_IN, username="alice")
    response = admin_client.get(CSV, {"action": Action.SIGN_IN_FAILED})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"].startswith("private") and "no-store" in response["Cache-Control"]
    assert 'filename="audit-trail-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0][:4] == ["When", "Username", "User id", "What happened"]
    assert sorted(r[1] for r in table[1:]) == ["'+cmd", "'" + HOSTILE]
    assert {r[3] for r in table[1:]} == {"Sign-in failed"}
    exported = AccessEvent.objects.get(action=Action.AUDIT_EXPORTED)
    assert exported.detail["format"] == "csv" and exported.detail["filters"] == {"action": "sign_in_failed"}
    assert exported.user_id == admin_client.user.pk


def test_xlsx_export_is_neutralised_typed_and_recorded(admin_client):
    audit_record(action=Action.SIGN_IN_FAILED, username=HOSTILE, detail={"x": "=1+1"})
    response = admin_client.get(XLSX, {"username": HOSTILE})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    (row,) = list(sheet.iter_rows(min_row=2))
    name = row[header.index("Username")]
    assert name.value == HOSTILE and name.data_type == "s" and name.quotePrefix
    assert row[0].is_date
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert AccessEvent.objects.filter(action=Action.AUDIT_EXPORTED, detail__format="xlsx").exists()


def test_a_bad_export_filter_goes_back_to_the_list(admin_client):
    response = admin_client.get(CSV, {"date_from": "nonsense"})
    assert response.status_code == 302 and response["Location"].startswith(LIST)


# --- nothing changes or deletes an event ---------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", PAGES)
def test_no_audit_url_accepts_a_write(admin_client, method, url):
    event = audit_record(action=Action.SIGN_IN, username="alice")
    response = getattr(admin_client, method)(url)
    assert response.status_code == 405
    assert AccessEvent.objects.filter(pk=event.pk, username="alice").exists()


def test_the_admin_is_read_only(admin_client):
    event = audit_record(action=Action.SIGN_IN, username="alice")
    model_admin = site._registry[AccessEvent]
    changelist = admin_client.get(reverse("admin:audit_accessevent_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request) == {}
    assert b"delete_selected" not in changelist.content
    assert reverse("audit:list").encode() in changelist.content  # the link to the search page
    assert admin_client.get(reverse("admin:audit_accessevent_change", args=[event.pk])).status_code == 200
    assert admin_client.get(reverse("admin:audit_accessevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:audit_accessevent_add"), {"action": "sign_in"}).status_code == 403
    delete = reverse("admin:audit_accessevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = admin_client.post(
        reverse("admin:audit_accessevent_change", args=[event.pk]), {"username": "mallory"}
    )
    assert change.status_code == 403
    assert AccessEvent.objects.get(pk=event.pk).username == "alice"
    request = changelist.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_the_admin_search_matches_exact_username_and_record(admin_client):
    organisation = OrganisationFactory()
    audit_record(action=Action.RECORD_VIEWED, username="alice", target=organisation)
    audit_record(action=Action.SIGN_IN, username="alicia")
    url = reverse("admin:audit_accessevent_changelist")
    found = admin_client.get(url, {"q": "alice"}).context["cl"].result_list
    assert [e.username for e in found] == ["alice"]
    found = admin_client.get(url, {"q": str(organisation.pk)}).context["cl"].result_list
    assert [e.object_id for e in found] == [str(organisation.pk)]


def test_other_roles_cannot_open_the_admin_pages(client_as):
    client = client_as(roles.REPORTS)
    assert client.get(reverse("admin:audit_accessevent_changelist")).status_code == 403


def test_details_read_as_words_not_json():
    from opcc.audit.tables import detail_text

    assert detail_text({"factor": "totp", "failures_in_a_row": 2}) == "Factor: totp; Failures in a row: 2"
    assert (
        detail_text({"added": ["Reports", "Office staff"], "removed": []})
        == "Added: Reports, Office staff; Removed: none"
    )
