"""The module home and its dashboard: each panel lists the right cases, its link opens the case list
filtered to the same cases, the queries do not grow with cases, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.dashboard import friday_of, home_panels, panels
from engagement.models import Case, CaseStatus
from opcc.core import roles

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FRIDAY = friday_of(TODAY)
DAY = dt.timedelta(days=1)
S = CaseStatus


def test_friday_of():
    # Mon 24 Nov 2025 .. Fri 28 Nov: that Friday; Sat 29 and Sun 30: the coming Friday, 5 Dec.
    assert [friday_of(dt.date(2025, 11, d)) for d in (24, 28, 29, 30)] == [
        dt.date(2025, 11, 28),
        dt.date(2025, 11, 28),
        dt.date(2025, 12, 5),
        dt.date(2025, 12, 5),
    ]


@pytest.fixture
def put(make_case):
    """A case written straight into a status with a due date (and an assignee, a stopped clock)."""

    def make(category: str, status: str, due_on: dt.date, *, assignee=None, stopped: bool = False) -> Case:
        case = make_case(category, subject=f"{category} {status} {due_on}")
        Case.objects.filter(pk=case.pk).update(
            status=status,
            due_on=due_on,
            assigned_to=assignee,
            clock_stopped_since=TODAY - DAY if stopped else None,
        )
        return Case.objects.get(pk=case.pk)

    return make


def references(panel) -> list[str]:
    return [row.text.split(":")[0] for row in panel.rows]


def listed(client, url: str) -> set[str]:
    """The references the case list shows at a dashboard link."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return {ref for ref in Case.objects.values_list("reference", flat=True) if ref in html}


def test_each_panel_lists_its_cases_and_links_to_the_same_list(put, eng_users, client):
    staff, other = eng_users.staff, eng_users.other_staff
    mine_late = put("General advice", S.IN_PROGRESS, TODAY - 2 * DAY, assignee=staff)
    mine_later = put("General advice", S.ASSIGNED, TODAY + 20 * DAY, assignee=staff)
    put("General advice", S.IN_PROGRESS, TODAY - 3 * DAY, assignee=other)  # someone else's, overdue
    put("General advice", S.RESPONDED, TODAY - 9 * DAY, assignee=staff)  # done: neither mine nor overdue
    put("General advice", S.AWAITING_INFORMATION, TODAY - 9 * DAY, assignee=staff, stopped=True)
    foi_due = put("Freedom of information", S.IN_PROGRESS, FRIDAY, assignee=other)
    sar_late = put("Subject access", S.RECEIVED, TODAY - DAY)
    eir_due = put("Environmental information", S.REOPENED, FRIDAY, assignee=other)
    put("Freedom of information", S.IN_PROGRESS, FRIDAY + DAY, assignee=other)  # next week
    put("Freedom of information", S.AWAITING_INFORMATION, FRIDAY, assignee=other, stopped=True)
    put("General advice", S.IN_PROGRESS, FRIDAY, assignee=other)  # not an information request

    found = {panel.key: panel for panel in panels(staff, TODAY)}
    assert list(found) == ["mine", "overdue", "foi_sar"]
    # Staff's stopped clock is still open, so theirs too: first, as the oldest due date.
    assert found["mine"].count == 3
    assert references(found["mine"])[1:] == [mine_late.reference, mine_later.reference]
    assert found["overdue"].count == 3 and mine_late.reference in references(found["overdue"])
    assert sar_late.reference in references(found["overdue"])
    assert references(found["foi_sar"]) == [sar_late.reference, foi_due.reference, eir_due.reference]
    row = found["foi_sar"].rows[0]
    assert row.url == reverse("engagement:case", args=[sar_late.pk])
    assert row.detail == "Subject access, Overdue by 1 day"

    assert [p.count for p in home_panels(staff)] == [3, 3, 3]
    assert [p.count for p in home_panels(eng_users.administrator)] == [3, 3]
    client.force_login(staff)
    for key in ("mine", "overdue", "foi_sar"):
        assert listed(client, found[key].url) == set(references(found[key])), key


@pytest.mark.parametrize("rows", [2, 12])
def test_queries_do_not_grow_with_cases(put, eng_users, rows):
    for i in range(rows):
        put("Freedom of information", S.IN_PROGRESS, TODAY - (i + 1) * DAY, assignee=eng_users.staff)
    with CaptureQueriesContext(connection) as queries:
        found = panels(eng_users.staff, TODAY)
    assert len(queries) <= 6, [q["sql"] for q in queries]  # two a panel
    assert [p.count for p in found] == [rows, rows, rows]
    assert [len(p.rows) for p in found] == [min(rows, 5)] * 3
    assert found[0].more == rows - min(rows, 5)
    with CaptureQueriesContext(connection) as queries:
        counts = home_panels(eng_users.staff)
    assert len(queries) == 1 and [p.count for p in counts] == [rows, rows, rows]


def test_the_administrator_sees_no_panel_of_their_own(eng_users):
    assert [p.key for p in panels(eng_users.administrator, TODAY)] == ["overdue", "foi_sar"]


@pytest.mark.parametrize(
    "role, status",
    [
        (roles.OFFICE_STAFF, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.GRANTS_MANAGER, 403),
        (roles.REVIEWS_MANAGER, 403),
        (roles.VOLUNTEER_COORDINATOR, 403),
        (roles.REPORTS, 403),
    ],
)
def test_home_page(client_as, role, status):
    response = client_as(role).get(reverse("engagement:home"))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    staff = role == roles.OFFICE_STAFF
    assert "Overdue" in html and "FOI and SAR due this week" in html
    assert ("Assigned to me" in html) is staff
    for name in ("engagement:cases", "engagement:calls", "engagement:events", "engagement:consultations"):
        assert f'href="{reverse(name)}"' in html, name
    assert f'href="{reverse("engagement:cohorts")}"' in html  # the cohorts page: counts for everyone
    assert ("names are seen only by staff who work with them" in html) is not staff  # minors' names


def test_the_service_home_shows_the_counts(client_as):
    response = client_as(roles.OFFICE_STAFF).get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Assigned to me" in html and "FOI and SAR due this week" in html
