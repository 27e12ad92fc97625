"""Every staff list page costs the same at 1,000 rows as at 10, and its searches read indexes.

Rows are made with bulk_create (this file alone bypasses the services, to be quick). For each
page (first page, each filter, each search, each sort, a deep page) the query count is the same at
both sizes and the page outside its table body (filters, count, pagination) grows by no more than
a few digits and the pagination links: a select listing every organisation would add kilobytes.
On PostgreSQL, after enough rows and ANALYZE that the planner prefers indexes where they exist,
no query a search page runs reads the applications or organisations table sequentially.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import AllocationLine, Application, Award, Organisation, Status
from grants.tables import ApplicationTable, OrganisationTable
from opcc.audit.models import AccessEvent, Action
from opcc.core import lists, roles
from opcc.core.text import normalise_name
from tests.auth import VerifiedClient
from tests.grants.conftest import today

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("grants:applications")
ORGANISATIONS = reverse("grants:organisations")
AUDIT = reverse("audit:list")
PLACES = ["Lozells", "Aston", "Handsworth", "Tile Hill", "Walsall", "Dudley", "Sandwell", "Solihull"]
NOUNS = ["Youth Club", "Boxing Academy", "Community Trust", "Food Bank", "Football Foundation"]
TOPICS = ["Friday night boxing", "Street football", "Mentoring", "Knife crime talks", "Cycle repair"]
RARE = "Climbing"  # in one title in 97
RARE_PLACE = "Kingstanding"  # in one organisation's name in 101 (common words rightly read the table)
STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.ASSESSED, Status.APPROVED, Status.PAID]
GROWTH_ALLOWED = 3_000  # bytes: the count's digits and the pagination's links, nothing per row


def add_organisations(n: int, *, start: int) -> list[Organisation]:
    organisations = []
    for i in range(start, start + n):
        place = RARE_PLACE if i % 101 == 0 else PLACES[i % len(PLACES)]
        name = f"{place} {NOUNS[i % len(NOUNS)]} {i}"
        organisations.append(
            Organisation(
                name=name,
                normalised_name=normalise_name(name),
                org_type="charity" if i % 3 else "community_group",
                charity_number=str(1_000_000 + i) if i % 3 else "",
                postcode=f"B{i % 90 + 1} {i % 9}AA",
                address=f"Unit {i}, {i % 300} High Street, Birmingham",  # rows as wide as real ones
                contact_name=f"Contact {i}",
                contact_email=f"contact{i}@example.org",
                contact_phone="0121 496 0000",
                safeguarding_policy_held=bool(i % 2),
            )
        )
    return Organisation.objects.bulk_create(organisations, batch_size=2_000)


def add_applications(n: int, *, start: int, fund_year, organisations, user) -> None:
    lines = list(AllocationLine.objects.filter(fund_year=fund_year))
    applications = Application.objects.bulk_create(
        (
            Application(
                reference=f"HCF-2024-{i:06d}",
                fund_year=fund_year,
                organisation=organisations[i % len(organisations)],
                project_title=RARE + f" wall {i}" if i % 97 == 0 else f"{TOPICS[i % len(TOPICS)]} {i}",
                summary="Sessions for young people.",
                allocation_line=lines[i % len(lines)],
                area_id=lines[i % len(lines)].area_id,  # bulk_create skips save(), which copies it
                amount_requested=Decimal(100 + i % 9_000),
                beneficiaries="Young people",
                beneficiaries_count=20,
                planned_start=today() + timedelta(days=10),
                planned_end=today() + timedelta(days=100),
                received_on=today() - timedelta(days=i % 900),
                status=STATUSES[i % len(STATUSES)],
                entered_by=user,
            )
            for i in range(start, start + n)
        ),
        batch_size=2_000,
    )
    Award.objects.bulk_create(
        (
            Award(
                application=a,
                fund_year=fund_year,
                fund=fund_year.fund,
                amount=a.amount_requested,
                original_amount=a.amount_requested,
                offered_on=today(),
                approved_by=user,
            )
            for a in applications
            if a.status in (Status.APPROVED, Status.PAID)
        ),
        batch_size=2_000,
    )


def add_events(n: int, *, user) -> None:
    now = timezone.now()
    AccessEvent.objects.bulk_create(
        (
            AccessEvent(
                occurred_at=now - timedelta(minutes=i),
                user=user,
                username=user.username,
                action=Action.RECORD_VIEWED,
                ip_address=f"10.0.{i % 250}.1",
                object_type="grants.application",
                object_id=str(i),
                object_repr=f"HCF-2024-{i:06d}",
                detail={"page": "application"},
            )
            for i in range(n)
        ),
        batch_size=2_000,
    )


def sorts(table_class) -> list[dict]:
    columns = [c.name for c in table_class([]).columns if c.orderable]
    return [{"sort": name} for name in columns] + [{"sort": f"-{name}"} for name in columns]


def application_pages(fund_year, line) -> list[dict]:
    return [
        {},
        {"status": Status.APPROVED},
        {"fund_year": fund_year.pk},
        {"area": line.area_id},
        {"fund_year": fund_year.pk, "area": line.area_id},
        {"organisation": "Lozells"},
        {"organisation": "1000004"},
        {"amount_min": "100", "amount_max": "5000"},
        {"received_from": (today() - timedelta(days=400)).strftime("%d/%m/%Y")},
        {"received_to": (today() - timedelta(days=3)).strftime("%d/%m/%Y")},
        {"monitoring": "overdue"},
        {"q": "HCF-2024-000007"},
        {"q": "hcf-2024"},
        {"q": RARE.lower()},
        {"q": "kingstanding wall"},
        {"page": "3"},
        {"sort": "organisation", "page": "3"},
        *sorts(ApplicationTable),
    ]


ORGANISATION_PAGES = [
    {},
    {"q": "lozells"},
    {"q": "1000004"},
    {"q": "B5 4AA"},
    {"org_type": "charity"},
    {"page": "3"},
    *sorts(OrganisationTable),
]
AUDIT_PAGES = [
    {},
    {"action": Action.RECORD_VIEWED},
    {"object_type": "grants.application", "object_id": "7"},
    {"username": "grants-staff"},
    {"date_from": (today() - timedelta(days=2)).strftime("%d/%m/%Y")},
    {"sort": "occurred_at"},
]


def measure(client, url, params) -> tuple[int, int, int]:
    """(queries, bytes outside the table body, rows shown)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    html = response.content.decode()
    body = re.search(r'<tbody class="govuk-table__body">.*?</tbody>', html, flags=re.S)
    assert body is not None, (url, params)
    rows = body.group(0).count('<tr class="govuk-table__row">')
    return len(queries), len(html) - len(body.group(0)), rows


def measure_all(clients, pages) -> dict:
    return {
        (url, tuple(sorted(params.items()))): measure(clients[url], url, params)
        for url, page_list in pages.items()
        for params in page_list
    }


def test_every_list_page_costs_the_same_at_10_and_1000_rows(client_as, grants_users, fund_year, line):
    staff = client_as(roles.GRANTS_MANAGER)
    auditor = VerifiedClient()
    auditor.force_login(grants_users.administrator)
    clients = {APPLICATIONS: staff, ORGANISATIONS: staff, AUDIT: auditor}
    pages = {
        APPLICATIONS: application_pages(fund_year, line),
        ORGANISATIONS: ORGANISATION_PAGES,
        AUDIT: AUDIT_PAGES,
    }
    organisations = add_organisations(10, start=0)
    add_applications(10, start=0, fund_year=fund_year, organisations=organisations, user=grants_users.staff)
    add_events(10, user=grants_users.staff)
    measure_all(clients, pages)  # warm caches (permissions, content types, sessions)
    few = measure_all(clients, pages)

    organisations += add_organisations(990, start=10)
    add_applications(990, start=10, fund_year=fund_year, organisations=organisations, user=grants_users.staff)
    add_events(990, user=grants_users.staff)
    many = measure_all(clients, pages)

    for page, (queries, outside, rows) in many.items():
        few_queries, few_outside, _ = few[page]
        assert queries == few_queries, (page, few_queries, queries)
        assert outside - few_outside <= GROWTH_ALLOWED, (page, few_outside, outside)
        assert rows <= 50, page
    for url in pages:  # a deep page costs what the first page does (the audit trail has 20 pages)
        assert measure(clients[url], url, {"page": "15"})[0] == many[(url, ())][0], url
    assert Organisation.objects.count() == 1_000
    assert Application.objects.count() == 1_000


def test_the_count_is_capped_and_said_so(client_as, grants_users, fund_year, monkeypatch):
    monkeypatch.setattr(lists.CappedPaginator, "cap", 100)
    organisations = add_organisations(20, start=0)
    add_applications(180, start=0, fund_year=fund_year, organisations=organisations, user=grants_users.staff)
    client = client_as(roles.OFFICE_STAFF)
    page = client.get(APPLICATIONS).content.decode()
    assert "<strong>more than 100</strong> applications" in page
    assert 'aria-label="Page 5"' not in page  # no last page: it is not known
    assert client.get(APPLICATIONS, {"page": "7"}).context["table"].page.number == 7  # deeper than the cap
    few = client.get(APPLICATIONS, {"status": Status.DRAFT}).content.decode()
    assert "<strong>36</strong> applications match the filters" in few


# --- the planner: searches use indexes ------------------------------------------------------------

SEARCHES = [
    (APPLICATIONS, {"q": "HCF-2024-000777"}),
    (APPLICATIONS, {"q": "HCF-2024-0007"}),
    (APPLICATIONS, {"q": RARE}),
    (APPLICATIONS, {"q": f"{RARE_PLACE} wall"}),
    (APPLICATIONS, {"organisation": RARE_PLACE}),
    (APPLICATIONS, {"organisation": "1000013"}),
    (ORGANISATIONS, {"q": RARE_PLACE}),
    (ORGANISATIONS, {"q": "1000013"}),
    (ORGANISATIONS, {"q": "B7 6AA"}),
]
BIG_TABLES = ("grants_application", "grants_organisation")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_searches_read_indexes_not_the_table(client_as, grants_users, fund_year):
    organisations = add_organisations(20_000, start=0)
    add_applications(
        30_000, start=0, fund_year=fund_year, organisations=organisations, user=grants_users.staff
    )
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: move the GIN indexes' pending rows into the
        # index (VACUUM cannot run inside the test's transaction), then refresh the statistics.
        for index in ("app_title_trgm", "org_name_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE grants_application, grants_organisation, grants_award")
    client = client_as(roles.OFFICE_STAFF)
    for url, params in SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["table"].paginator.count > 0, params
        read = [
            q["sql"]
            for q in queries
            if q["sql"].startswith("SELECT") and any(t in q["sql"] for t in BIG_TABLES)
        ]
        assert read, params
        with connection.cursor() as cursor:
            for sql in read:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                for table in BIG_TABLES:
                    assert f"Seq Scan on {table}" not in plan, f"{params}\n{sql}\n{plan}"


def test_an_area_filter_reads_the_area_index_in_its_order(client_as, grants_users, fund_year):
    """An area's rows come off `app_area_received` already sorted: no walk of every newer row."""
    organisations = add_organisations(200, start=0)
    add_applications(
        30_000, start=0, fund_year=fund_year, organisations=organisations, user=grants_users.staff
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_application")
    line = AllocationLine.objects.filter(fund_year=fund_year).order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        response = client_as(roles.OFFICE_STAFF).get(APPLICATIONS, {"area": line.area_id})
    assert response.status_code == 200
    shown = [row.record for row in response.context["table"].paginated_rows]
    assert shown and {a.area_id for a in shown} == {line.area_id}
    ids_query = next(
        q["sql"]
        for q in queries
        if 'SELECT "grants_application"."id" AS "pk"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert "grants_allocationline" not in ids_query
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {ids_query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "app_area_received" in plan, plan
    assert "Sort" not in plan, plan
