"""The grants backoffice: every model listed and shown, for administrators only, without per-row
queries, and with status, references and money read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import models
from grants.models import Application, Award, Fund, Status
from grants.resources import HistoricalAwardResource
from opcc.core import roles
from tests.grants.factories import (
    ASSESSED,
    AWARDED,
    AllocationLineFactory,
    ApplicationFactory,
    AssessmentFactory,
    AwardFactory,
    ConflictDeclarationFactory,
    DecisionFactory,
    FundFactory,
    FundYearFactory,
    MonitoringReturnFactory,
    OrganisationFactory,
    PaymentFactory,
    ThemeFactory,
    TopUpFactory,
    VariationFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "fund",
    "fundyear",
    "topup",
    "allocationline",
    "theme",
    "organisation",
    "application",
    "assessment",
    "conflictdeclaration",
    "decision",
    "award",
    "payment",
    "monitoringreturn",
    "variation",
]
HISTORY = [m for m in MODELS if m != "theme"]  # themes are a plain vocabulary, without history


@pytest.fixture
def admin_client(client_as):
    return client_as(roles.ADMINISTRATOR)


@pytest.fixture
def grants_data(db) -> Application:
    """A closed application (assessment, decision, award, payment, monitoring) and a rejected one."""
    fund_year = FundYearFactory()
    TopUpFactory(fund_year=fund_year)
    closed = ApplicationFactory(fund_year=fund_year, closed=True)
    VariationFactory(award=closed.award)
    rejected = ApplicationFactory(fund_year=fund_year, rejected=True)
    ConflictDeclarationFactory(application=rejected)
    return closed


def first_pk(model_name: str) -> int:
    return getattr(models, next(m for m in models.__all__ if m.lower() == model_name)).objects.first().pk


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_and_change_page_renders_for_an_administrator(admin_client, grants_data, model):
    changelist = admin_client.get(reverse(f"admin:grants_{model}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1

    pk = first_pk(model)
    assert admin_client.get(reverse(f"admin:grants_{model}_change", args=[pk])).status_code == 200
    if model in HISTORY:
        assert admin_client.get(reverse(f"admin:grants_{model}_history", args=[pk])).status_code == 200


def test_search_and_filters_work_on_applications(admin_client, grants_data):
    url = reverse("admin:grants_application_changelist")
    found = admin_client.get(url, {"q": grants_data.organisation.charity_number})
    assert list(found.context["cl"].result_list) == [grants_data]
    filtered = admin_client.get(
        url,
        {
            "status": Status.REJECTED,
            "fund_year": grants_data.fund_year_id,
            "area": grants_data.allocation_line.area_id,
        },
    )
    assert [a.status for a in filtered.context["cl"].result_list] == [Status.REJECTED]


def test_money_is_shown_in_pounds(admin_client, grants_data):
    response = admin_client.get(reverse("admin:grants_award_changelist"))
    assert "£5,000" in response.content.decode()


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_other_roles_are_refused_everywhere(client_as, grants_data, role):
    client = client_as(role)
    for model in MODELS:
        assert client.get(reverse(f"admin:grants_{model}_changelist")).status_code == 403, model
    assert client.get(reverse("admin:grants_application_change", args=[grants_data.pk])).status_code == 403
    assert client.get(reverse("admin:grants_organisation_export")).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client, grants_data):
    response = client.get(reverse("admin:grants_application_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- query counts do not grow with rows ----------------------------------------------------------------


def _lines(n: int, fy, user, org) -> None:
    for i in range(n):  # ten areas a year, so a new fund every ten lines
        AllocationLineFactory(fund_year=FundYearFactory(fund__code=f"L{i // 10}{n}"))


# Each builds n rows of its model; one user and one organisation are shared to keep the test quick.
BUILDERS = {
    "fund": lambda n, fy, user, org: [FundFactory(code=f"F{n}-{i}") for i in range(n)],
    "fundyear": lambda n, fy, user, org: [FundYearFactory(fund__code=f"Y{n}-{i}") for i in range(n)],
    "topup": lambda n, fy, user, org: TopUpFactory.create_batch(n, fund_year=fy, recorded_by=user),
    "allocationline": _lines,
    "theme": lambda n, fy, user, org: ThemeFactory.create_batch(n),
    "organisation": lambda n, fy, user, org: OrganisationFactory.create_batch(n),
    "application": lambda n, fy, user, org: ApplicationFactory.create_batch(
        n, fund_year=fy, submitted=True, organisation=org, entered_by=user
    ),
    "assessment": lambda n, fy, user, org: AssessmentFactory.create_batch(
        n,
        application__fund_year=fy,
        application__organisation=org,
        application__entered_by=user,
        assessed_by=user,
    ),
    "conflictdeclaration": lambda n, fy, user, org: ConflictDeclarationFactory.create_batch(
        n, application__fund_year=fy, application__organisation=org, application__entered_by=user, user=user
    ),
    "decision": lambda n, fy, user, org: DecisionFactory.create_batch(
        n,
        application__fund_year=fy,
        application__organisation=org,
        application__entered_by=user,
        decided_by=user,
    ),
    "award": lambda n, fy, user, org: AwardFactory.create_batch(
        n,
        application__fund_year=fy,
        application__organisation=org,
        application__entered_by=user,
        approved_by=user,
    ),
    "payment": lambda n, fy, user, org: PaymentFactory.create_batch(
        n,
        award__application__fund_year=fy,
        award__application__organisation=org,
        award__application__entered_by=user,
        award__approved_by=user,
        recorded_by=user,
    ),
    "monitoringreturn": lambda n, fy, user, org: MonitoringReturnFactory.create_batch(
        n,
        award__application__fund_year=fy,
        award__application__organisation=org,
        award__application__entered_by=user,
        award__approved_by=user,
    ),
    "variation": lambda n, fy, user, org: VariationFactory.create_batch(
        n,
        award__application__fund_year=fy,
        award__application__organisation=org,
        award__application__entered_by=user,
        award__approved_by=user,
        approved_by=user,
    ),
}


def changelist_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_queries_do_not_grow_from_5_to_50_rows(admin_client, model):
    shared = {"fy": FundYearFactory(), "user": admin_client.user, "org": OrganisationFactory()}
    url = reverse(f"admin:grants_{model}_changelist")
    BUILDERS[model](5, **shared)
    admin_client.get(url)  # warm the per-process caches (content types, permissions)
    with_5 = changelist_queries(admin_client, url)
    BUILDERS[model](45, **shared)
    with_50 = changelist_queries(admin_client, url)

    assert admin_client.get(url).context["cl"].result_count >= 50
    assert with_50 == with_5, f"{model}: {with_5} queries with 5 rows, {with_50} with 50"


# --- read-only: status, references and money change only through the services ---------------------------


def form_data(response) -> dict:
    """What the browser would post back from a change page, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_application_status_reference_and_money_cannot_be_changed_in_the_admin(admin_client, grants_data):
    url = reverse("admin:grants_application_change", args=[grants_data.pk])
    data = form_data(admin_client.get(url))
    assert {"status", "reference", "amount_requested", "allocation_line", "entered_by"}.isdisjoint(data)
    data.update(
        project_title="Boxing and mentoring",
        status=Status.DRAFT,
        reference="HACKED",
        amount_requested="1.00",
        allocation_line="",
        entered_by="",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get(pk=grants_data.pk)
    assert application.project_title == "Boxing and mentoring"  # descriptive data may be corrected
    assert (application.status, application.reference, application.amount_requested) == (
        grants_data.status,
        grants_data.reference,
        grants_data.amount_requested,
    )
    assert application.history.first().history_user == admin_client.user


def test_award_amount_cannot_be_changed_in_the_admin(admin_client, grants_data):
    award = grants_data.award
    url = reverse("admin:grants_award_change", args=[award.pk])
    data = form_data(admin_client.get(url))
    data.update(purpose="Coaching for 40 young people.", amount="1.00", released_amount="4999.00")

    assert admin_client.post(url, data).status_code == 302
    award = Award.objects.get(pk=award.pk)
    assert award.purpose == "Coaching for 40 young people."
    assert (award.amount, award.released_amount) == (Decimal("5000.00"), Decimal("0.00"))


def test_fund_code_is_fixed_once_the_fund_exists(admin_client):
    fund = Fund.objects.get(code="HCF")
    url = reverse("admin:grants_fund_change", args=[fund.pk])
    data = form_data(admin_client.get(url))
    data.update(code="XXX", description="Proceeds of Crime Act money for community groups.")

    assert admin_client.post(url, data).status_code == 302
    fund.refresh_from_db()
    assert (fund.code, fund.description) == ("HCF", "Proceeds of Crime Act money for community groups.")


@pytest.mark.parametrize(
    "model", ["fundyear", "allocationline", "assessment", "decision", "variation", "conflictdeclaration"]
)
def test_decision_and_budget_records_are_view_only(admin_client, grants_data, model):
    pk = first_pk(model)
    response = admin_client.get(reverse(f"admin:grants_{model}_change", args=[pk]))
    assert response.status_code == 200 and response.context["title"].startswith("View")
    assert admin_client.post(reverse(f"admin:grants_{model}_change", args=[pk]), {}).status_code == 403


@pytest.mark.parametrize("model", ["application", "award", "payment", "monitoringreturn", "decision"])
def test_records_made_by_services_cannot_be_added_or_deleted_here(admin_client, grants_data, model):
    assert admin_client.get(reverse(f"admin:grants_{model}_add")).status_code == 403
    pk = first_pk(model)
    assert (
        admin_client.post(reverse(f"admin:grants_{model}_delete", args=[pk]), {"post": "yes"}).status_code
        == 403
    )


def test_an_old_version_can_be_viewed_but_not_restored(admin_client, grants_data):
    application = grants_data
    old = application.history.order_by("history_id").first()
    Application.objects.filter(pk=application.pk).update(status=Status.CLOSED)
    url = reverse("admin:grants_application_simple_history", args=[application.pk, old.history_id])

    assert admin_client.get(url).status_code == 200
    data = form_data(admin_client.get(url))
    assert admin_client.post(url, {**data, "_change_history": "1"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == Status.CLOSED


def test_import_and_export_buttons_are_offered_to_administrators(admin_client, grants_data):
    page = admin_client.get(reverse("admin:grants_organisation_changelist")).content.decode()
    assert reverse("admin:grants_organisation_import") in page
    assert reverse("admin:grants_organisation_export") in page
    assert admin_client.get(reverse("admin:grants_application_changelist")).context["has_import_permission"]


def test_awards_export_from_the_admin_as_csv(admin_client, grants_data):
    ApplicationFactory(fund_year=grants_data.fund_year, submitted=True)  # no award: not exported
    fields = HistoricalAwardResource().get_export_order()
    data = {"format": "0", "resource": "0", **{f"historicalawardresource_{f}": "on" for f in fields}}

    response = admin_client.post(reverse("admin:grants_application_export"), data)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert header.split(",") == list(fields)
    assert len(rows) == 1 and rows[0].startswith(f"{grants_data.reference},HCF,2024/25,")


@pytest.mark.parametrize("status", list(Status))
def test_every_status_from_the_factories_is_consistent_and_shown(admin_client, status):
    """The shared factories build what each status implies, valid row by row; the page shows it."""
    application = ApplicationFactory(status=status)
    awarded = status in AWARDED

    assert hasattr(application, "assessment") == (status in ASSESSED)
    assert hasattr(application, "award") == awarded
    assert application.allocation_line.fund_year == application.fund_year
    rows = [application, *application.decisions.all()]
    if awarded:
        award = application.award
        rows += [award, *award.payments.all(), *award.monitoring_returns.all()]
        assert award.payments.exists() == (status in (Status.PAID, Status.MONITORING_DUE, Status.CLOSED))
        assert (award.agreement_signed_on is None) == (status == Status.APPROVED)
    for row in rows:
        row.full_clean()
    response = admin_client.get(reverse("admin:grants_application_change", args=[application.pk]))
    assert response.status_code == 200
    assert application.get_status_display() in response.content.decode()
