"""The applications list costs the same number of queries for 5 applications as for 500.

Rows are made with bulk_create (this test alone bypasses the services, to be quick); awards,
payments and themes are added to some of them so every column has something to fetch.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import AllocationLine, Application, Award, Payment, Status, Theme
from tests.grants.conftest import today

pytestmark = pytest.mark.django_db

LIST = reverse("grants:applications")
VARIANTS = {
    "plain": {},
    "filtered": {"status": Status.APPROVED, "q": "project", "amount_min": "100"},
    "sorted by award": {"sort": "-awarded"},
    "sorted by organisation": {"sort": "organisation"},
}
STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.ASSESSED, Status.APPROVED, Status.PAID]


def add_applications(n: int, *, start: int, fund_year, organisations, user) -> None:
    lines = list(AllocationLine.objects.filter(fund_year=fund_year))
    apps = [
        Application(
            reference=f"HCF-2024-{start + i:05d}",
            fund_year=fund_year,
            organisation=organisations[i % len(organisations)],
            project_title=f"Community project {start + i}",
            summary="Sessions for young people.",
            allocation_line=lines[i % len(lines)],
            area_id=lines[i % len(lines)].area_id,  # bulk_create skips save(), which copies it
            amount_requested=Decimal(100 + i),
            beneficiaries="Young people",
            beneficiaries_count=20,
            planned_start=today() + timedelta(days=10),
            planned_end=today() + timedelta(days=100),
            received_on=today() - timedelta(days=i % 300),
            status=STATUSES[i % len(STATUSES)],
            entered_by=user,
        )
        for i in range(n)
    ]
    Application.objects.bulk_create(apps)
    awarded = [a for a in apps if a.status in (Status.APPROVED, Status.PAID)]
    awards = Award.objects.bulk_create(
        Award(
            application=a,
            fund_year=fund_year,
            fund=fund_year.fund,
            amount=a.amount_requested,
            original_amount=a.amount_requested,
            offered_on=today(),
            approved_by=user,
        )
        for a in awarded
    )
    Payment.objects.bulk_create(
        Payment(
            award=w,
            fund_year=fund_year,
            paid_on=today(),
            amount=w.amount,
            finance_reference=f"AP-{w.pk}",
            recorded_by=user,
        )
        for w in awards
        if w.application.status == Status.PAID
    )
    theme = Theme.objects.first()
    Application.themes.through.objects.bulk_create(
        Application.themes.through(application_id=a.pk, theme_id=theme.pk) for a in apps
    )


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    assert len(response.context["table"].paginated_rows) > 0
    return len(queries)


def test_list_query_count_is_the_same_for_5_and_500(client, grants_users, fund_year, make_organisation):
    organisations = [make_organisation() for _ in range(10)]
    user = grants_users.staff
    client.force_login(user)
    client.get(LIST)  # warm up: session, permissions and content types are cached after this

    add_applications(5, start=1, fund_year=fund_year, organisations=organisations, user=user)
    few = {name: count_queries(client, params) for name, params in VARIANTS.items()}
    add_applications(495, start=6, fund_year=fund_year, organisations=organisations, user=user)
    assert Application.objects.count() == 500
    many = {name: count_queries(client, params) for name, params in VARIANTS.items()}
    assert many == few
    # 13: with fewer than opcc.core.lists.SMALL_RESULT matches, the matching ids are read first.
    assert max(many.values()) <= 13, many
    # A later page of 500 costs what the first page does.
    assert count_queries(client, {"sort": "organisation", "page": "20"}) == many["plain"]


def test_manager_list_with_awaiting_filter_is_bounded(
    client, grants_users, fund_year, make_organisation, django_assert_max_num_queries
):
    organisations = [make_organisation() for _ in range(3)]
    add_applications(60, start=1, fund_year=fund_year, organisations=organisations, user=grants_users.staff)
    client.force_login(grants_users.manager)
    client.get(LIST)
    with django_assert_max_num_queries(13):
        response = client.get(LIST, {"awaiting": "me"})
    assert len(response.context["table"].paginated_rows) == 12  # every fifth of 60 is assessed
