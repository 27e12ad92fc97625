"""Who may open which grants page: every page renders (200) for the roles it serves and is
refused (403) for the others, including Reports, Reviews manager, Volunteer coordinator and a
user with no role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from grants.models import MonitoringReturn, Status

ALL = ("staff", "manager", "administrator", "reports", "reviews", "coordinator", "nobody")
VIEWERS = {"staff", "manager", "administrator"}
ENTERERS = {"staff", "administrator"}  # Office staff; the Administrator role may add and change records
MANAGERS = {"manager"}


@dataclass
class Page:
    name: str
    allowed: set[str]
    status: str | None = None  # the application's status the page needs
    args: str = ""  # which objects the URL takes: "app", "fy", "fy,line", "org", "app,return"


PAGES = [
    Page("home", VIEWERS),
    Page("applications", VIEWERS),
    Page("applications_csv", VIEWERS),
    Page("applications_xlsx", VIEWERS),
    Page("application", VIEWERS, Status.DRAFT, "app"),
    Page("application_add", ENTERERS),
    Page("application_edit", ENTERERS, Status.DRAFT, "app"),
    Page("application_submit", ENTERERS, Status.DRAFT, "app"),
    Page("application_start_check", ENTERERS, Status.SUBMITTED, "app"),
    Page("application_assess", ENTERERS, Status.ELIGIBILITY_CHECK, "app"),
    Page("application_conflict", VIEWERS, Status.SUBMITTED, "app"),
    Page("application_approve", MANAGERS, Status.ASSESSED, "app"),
    Page("application_reject", MANAGERS, Status.ASSESSED, "app"),
    Page("application_return", MANAGERS, Status.ASSESSED, "app"),
    Page("application_agreement", ENTERERS, Status.APPROVED, "app"),
    Page("application_payment", ENTERERS, Status.AGREEMENT_SIGNED, "app"),
    Page("application_monitoring_schedule", ENTERERS, Status.PAID, "app"),
    Page("application_monitoring_receive", ENTERERS, Status.MONITORING_DUE, "app,return"),
    Page("application_vary", MANAGERS, Status.APPROVED, "app"),
    Page("application_withdraw", ENTERERS, Status.DRAFT, "app"),
    Page("application_close", ENTERERS, Status.MONITORING_DUE, "app"),
    Page("fund_years", VIEWERS),
    Page("fund_year", VIEWERS, None, "fy"),
    Page("fund_year_add", MANAGERS),
    Page("fund_year_edit", MANAGERS, None, "fy"),
    Page("top_up_add", MANAGERS, None, "fy"),
    Page("line_add", MANAGERS, None, "fy"),
    Page("line_edit", MANAGERS, None, "fy,line"),
    Page("organisations", VIEWERS),
    Page("organisation", VIEWERS, None, "org"),
    Page("organisation_add", ENTERERS),
    Page("organisation_edit", ENTERERS, None, "org"),
]


@pytest.fixture
def users(grants_users, make_user):
    return {
        "staff": grants_users.staff,
        "manager": grants_users.manager,
        "administrator": grants_users.administrator,
        "reports": grants_users.reports,
        "reviews": grants_users.reviews,
        "coordinator": grants_users.coordinator,
        "nobody": make_user(username="no-roles"),
    }


def url_for(page: Page, *, application, fund_year, line, organisation) -> str:
    objects = {
        "app": lambda: application.pk,
        "fy": lambda: fund_year.pk,
        "line": lambda: line.pk,
        "org": lambda: organisation.pk,
        "return": lambda: MonitoringReturn.objects.get(award__application=application).pk,
    }
    args = [objects[key]() for key in page.args.split(",") if key]
    return reverse(f"grants:{page.name}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_opens_for_its_roles_only(client, page, users, fund_year, line, organisation, application_in):
    application = application_in(page.status) if page.status else None
    url = url_for(page, application=application, fund_year=fund_year, line=line, organisation=organisation)
    seen = {}
    for role in ALL:
        client.force_login(users[role])
        seen[role] = client.get(url).status_code
    expected = {role: 200 if role in page.allowed else 403 for role in ALL}
    assert seen == expected, url


def test_every_grants_route_is_in_the_matrix():
    from django.urls import get_resolver

    resolver = get_resolver().namespace_dict["grants"][1]
    names = {p.name for p in resolver.url_patterns if getattr(p, "name", None)}
    assert names <= {p.name for p in PAGES}


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("grants:applications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_403_says_why(client, users):
    client.force_login(users["reports"])
    response = client.get(reverse("grants:applications"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
