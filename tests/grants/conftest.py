"""Grants fixtures that build every record through the real services, never straight into tables.

What is here:

- ``grants_users``: one user per role (plus a second manager and a second member of staff), each
  made with ``make_user`` from tests/conftest.py.
- ``fund_year``: the Helping Communities Fund for 2024/25 ("up to £400,000", maximum award
  £5,000) created by ``fund_year_create``, with allocations set by ``allocation_line_set``:
  Birmingham £60,000, Coventry £40,000, Dudley £30,000 (the other lines stay at £0).
- ``line``: the Birmingham line of that fund year.
- ``make_organisation`` / ``organisation``: organisations saved by ``organisation_save`` (with a
  safeguarding policy unless told otherwise).
- ``make_application``: a draft entered by ``application_create``.
- ``application_in(status)``: an application walked through the services to ANY status in
  ``grants.models.Status``; see ``ApplicationBuilder`` for the route and the options.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants import services
from grants.models import AllocationLine, Application, Fund, FundYear, MonitoringReturn, Status
from opcc.core import roles
from opcc.core.models import FinancialYear, PolicingArea

FUND_YEAR_START = 2024
ENVELOPE = Decimal("400000.00")
MAX_AWARD = Decimal("5000.00")
LINE_AMOUNTS = {
    "Birmingham": Decimal("60000.00"),
    "Coventry": Decimal("40000.00"),
    "Dudley": Decimal("30000.00"),
}
REQUESTED = Decimal("1500.00")


def today() -> date:
    return timezone.localdate()


@dataclass
class GrantsUsers:
    staff: object  # enters applications, signs agreements, records payments and monitoring
    assessor: object  # office staff who assesses (a different person from the one who entered)
    other_staff: object
    manager: object  # grants manager who decides
    other_manager: object
    reviews: object
    coordinator: object
    reports: object
    administrator: object


def build_grants_users(make_user) -> GrantsUsers:
    """One user per part people play; `make_user(*roles, **fields)` as in tests/conftest.py."""
    return GrantsUsers(
        staff=make_user(roles.OFFICE_STAFF, username="grants-staff"),
        assessor=make_user(roles.OFFICE_STAFF, username="grants-assessor"),
        other_staff=make_user(roles.OFFICE_STAFF, username="grants-staff-2"),
        manager=make_user(roles.GRANTS_MANAGER, username="grants-manager"),
        other_manager=make_user(roles.GRANTS_MANAGER, username="grants-manager-2"),
        reviews=make_user(roles.REVIEWS_MANAGER, username="reviews-manager"),
        coordinator=make_user(roles.VOLUNTEER_COORDINATOR, username="volunteer-coordinator"),
        reports=make_user(roles.REPORTS, username="reports-user"),
        administrator=make_user(roles.ADMINISTRATOR, username="administrator"),
    )


@pytest.fixture
def grants_users(make_user) -> GrantsUsers:
    return build_grants_users(make_user)


@pytest.fixture
def hcf(db) -> Fund:
    """The Helping Communities Fund loaded by grants migration 0002."""
    return Fund.objects.get(code="HCF")


def area(name: str, start_year: int = FUND_YEAR_START) -> PolicingArea:
    return PolicingArea.objects.valid_in(start_year).get(name=name)


def build_fund_year(manager) -> FundYear:
    """The 2024/25 HCF year with its three allocation lines, as `fund_year` gives it."""
    hcf = Fund.objects.get(code="HCF")
    fund_year = services.fund_year_create(
        fund=hcf,
        financial_year=FinancialYear.objects.get(start_year=FUND_YEAR_START),
        envelope=str(ENVELOPE),
        max_award=str(MAX_AWARD),
        by=manager,
    )
    for name, amount in LINE_AMOUNTS.items():
        services.allocation_line_set(fund_year=fund_year, area=area(name), amount=str(amount), by=manager)
    return FundYear.objects.select_related("fund", "financial_year").get(pk=fund_year.pk)


@pytest.fixture
def fund_year(grants_users, hcf) -> FundYear:
    return build_fund_year(grants_users.manager)


@pytest.fixture
def line(fund_year) -> AllocationLine:
    return AllocationLine.objects.get(fund_year=fund_year, area__name="Birmingham")


def organisation_maker(staff):
    """`make(*, by=None, **fields)`: organisations saved by `staff`, numbered from 1."""
    counter = itertools.count(1)

    def make(*, by=None, **fields):
        n = next(counter)
        values = {
            "name": f"Community Group {n}",
            "org_type": "community_group",
            "address": f"{n} High Street, Birmingham",
            "postcode": "B1 1AA",
            "contact_name": "Pat Example",
            "contact_email": f"group{n}@example.org",
            "safeguarding_policy_held": True,
        }
        values.update(fields)
        return services.organisation_save(by=by or staff, **values)

    return make


@pytest.fixture
def make_organisation(grants_users):
    return organisation_maker(grants_users.staff)


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(name="Bordesley Green Boxing Club")


def application_fields(**overrides) -> dict:
    values = {
        "project_title": "Friday night boxing",
        "summary": "Coached boxing sessions for young people on Friday nights.",
        "amount_requested": REQUESTED,
        "beneficiaries": "Young people aged 11 to 17 in Bordesley Green",
        "beneficiaries_count": 40,
        "planned_start": today() + timedelta(days=30),
        "planned_end": today() + timedelta(days=210),
        "received_on": today() - timedelta(days=7),
        "crime_reduction_rationale": "Diverts young people from anti-social behaviour on Friday nights.",
    }
    values.update(overrides)
    return values


def application_maker(staff, fund_year, line, organisation):
    """`make(*, by=None, **overrides)`: a draft entered by `staff` (see `make_application`)."""

    def make(*, by=None, **overrides) -> Application:
        overrides.setdefault("organisation", organisation)
        overrides.setdefault("allocation_line", line)
        return services.application_create(
            by=by or staff, fund_year=fund_year, **application_fields(**overrides)
        )

    return make


@pytest.fixture
def make_application(grants_users, fund_year, line, organisation):
    """A draft entered by office staff; keyword arguments override the application's fields."""
    return application_maker(grants_users.staff, fund_year, line, organisation)


# Each status and the status it is reached from (withdrawn is reached from `withdrawn_from`).
ROUTE: dict[Status, Status | None] = {
    Status.DRAFT: None,
    Status.SUBMITTED: Status.DRAFT,
    Status.ELIGIBILITY_CHECK: Status.SUBMITTED,
    Status.INELIGIBLE: Status.ELIGIBILITY_CHECK,
    Status.ASSESSED: Status.ELIGIBILITY_CHECK,
    Status.APPROVED: Status.ASSESSED,
    Status.REJECTED: Status.ASSESSED,
    Status.RETURNED: Status.ASSESSED,
    Status.AGREEMENT_SIGNED: Status.APPROVED,
    Status.PAID: Status.AGREEMENT_SIGNED,
    Status.MONITORING_DUE: Status.PAID,
    Status.CLOSED: Status.MONITORING_DUE,
}


class ApplicationBuilder:
    """Walks a new application through the services to a status.

    ``application_in(status, **options)``; options:
      - any application field (``amount_requested``, ``organisation``, ``allocation_line``, ...);
      - ``entered_by`` / ``assessed_by`` / ``decided_by``: who does those steps (defaults: staff,
        assessor, manager);
      - ``award_amount``: the amount approved (default: the amount requested);
      - ``withdrawn_from``: the status a withdrawn application was withdrawn from (default draft);
        withdrawing an awarded one is done by the manager, as the service requires.

    The route: draft -> submitted -> eligibility_check -> assessed (fund in full) -> approved ->
    agreement_signed (today) -> paid (one payment of the whole award) -> monitoring_due (a return
    due in 90 days) -> closed (the return received, spend confirmed). Ineligible fails the
    "in area" check; rejected and returned are decided from assessed.
    """

    def __init__(self, users: GrantsUsers, make_application):
        self.users = users
        self.make_application = make_application

    def __call__(
        self,
        status: str,
        *,
        entered_by=None,
        assessed_by=None,
        decided_by=None,
        award_amount=None,
        withdrawn_from: str = Status.DRAFT,
        **fields,
    ) -> Application:
        self.entered_by = entered_by or self.users.staff
        self.assessed_by = assessed_by or self.users.assessor
        self.decided_by = decided_by or self.users.manager
        self.award_amount = award_amount
        status = Status(status)
        if status == Status.WITHDRAWN:
            application = self.__call__(
                withdrawn_from,
                entered_by=entered_by,
                assessed_by=assessed_by,
                decided_by=decided_by,
                award_amount=award_amount,
                **fields,
            )
            has_award = hasattr(application, "award")
            services.application_withdraw(
                application=application,
                by=self.decided_by if has_award else self.entered_by,
                reason="The group has folded.",
            )
        else:
            application = self._walk(status, fields)
        application = Application.objects.get(pk=application.pk)
        assert application.status == status, f"expected {status}, built {application.status}"
        return application

    def _walk(self, status: Status, fields: dict) -> Application:
        previous = ROUTE[status]
        if previous is None:
            return self.make_application(by=self.entered_by, **fields)
        application = self._walk(previous, fields)
        getattr(self, f"_to_{status.value}")(application)
        return Application.objects.get(pk=application.pk)

    # One step per status: the service that moves the application there.
    def _to_submitted(self, application):
        services.application_submit(application=application, by=self.entered_by)

    def _to_eligibility_check(self, application):
        services.application_start_check(application=application, by=self.assessed_by)

    def _assess(self, application, *, in_area: bool):
        services.application_assess(
            application=application,
            by=self.assessed_by,
            in_area=in_area,
            constituted=True,
            plan_aligned=True,
            recommendation="fund_in_full",
            reasons="Strong local partnership and clear outcomes.",
            no_conflict_confirmed=True,
        )

    def _to_ineligible(self, application):
        self._assess(application, in_area=False)

    def _to_assessed(self, application):
        self._assess(application, in_area=True)

    def _to_approved(self, application):
        amount = self.award_amount if self.award_amount is not None else application.amount_requested
        services.application_approve(
            application=application, by=self.decided_by, amount=str(amount), conditions="Report quarterly."
        )

    def _to_rejected(self, application):
        services.application_reject(application=application, by=self.decided_by, reason="Outside priorities.")

    def _to_returned(self, application):
        services.application_return(
            application=application, by=self.decided_by, missing="A copy of the constitution."
        )

    def _to_agreement_signed(self, application):
        services.agreement_sign(application=application, by=self.entered_by, signed_on=today())

    def _to_paid(self, application):
        services.payment_record(
            application=application,
            by=self.entered_by,
            amount=str(application.award.amount),
            paid_on=today(),
            finance_reference=f"FIN-{application.reference}",
        )

    def _to_monitoring_due(self, application):
        services.monitoring_schedule(
            application=application, by=self.entered_by, due_on=today() + timedelta(days=90)
        )

    def _to_closed(self, application):
        for item in MonitoringReturn.objects.filter(award__application=application, received_on__isnull=True):
            services.monitoring_receive(
                monitoring_return=item,
                by=self.entered_by,
                received_on=today(),
                beneficiaries_reached=35,
                outcomes="35 young people attended at least six sessions.",
                spend_confirmed=str(application.award.amount),
            )
        services.application_close(application=application, by=self.entered_by)


@pytest.fixture
def application_in(grants_users, make_application) -> ApplicationBuilder:
    return ApplicationBuilder(grants_users, make_application)


@pytest.fixture
def as_user(client):
    """The test client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def both(make_user):
    """Someone who is both office staff and a grants manager."""
    return make_user(roles.OFFICE_STAFF, roles.GRANTS_MANAGER, username="staff-and-manager")
