"""factory-boy factories for every grants model, with related records kept consistent.

- The fund is the migrated Helping Communities Fund (get-or-create on its code); financial years
  are the migrated ones (get-or-create on the start year); a fund year is get-or-create on fund and
  year, so `FundYearFactory()` twice gives the same HCF 2024/25.
- An allocation line's area is a policing area valid in its fund year; an application is charged
  to a line of its own fund year (the first one, created if the year has none).
- Dates follow the fund year (received two weeks in, decided a month later, ...) and are never in
  the future.
- `ApplicationFactory(status=...)` (or a trait: `ApplicationFactory(approved=True)`) also creates
  what that status implies: assessment, decision, award, agreement date, payment, monitoring
  return. Pass `lifecycle=False` for the bare row.

These write rows directly, for tests that need data in place (admin, lists, statistics). Tests of
the rules themselves go through the services (tests/grants/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import (
    AllocationLine,
    Application,
    Assessment,
    Award,
    ConflictDeclaration,
    Decision,
    Fund,
    FundYear,
    MonitoringReturn,
    Organisation,
    Payment,
    Status,
    Theme,
    TopUp,
    Variation,
)
from opcc.core.models import FinancialYear, PolicingArea
from tests.factories import UserFactory

DEFAULT_YEAR = 2024
AWARDED = (Status.APPROVED, Status.AGREEMENT_SIGNED, Status.PAID, Status.MONITORING_DUE, Status.CLOSED)
ASSESSED = (Status.INELIGIBLE, Status.ASSESSED, Status.REJECTED, Status.RETURNED, *AWARDED)


def not_after_today(day: dt.date) -> dt.date:
    return min(day, timezone.localdate())


def days_after(day: dt.date, days: int) -> dt.date:
    return not_after_today(day + dt.timedelta(days=days))


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("start_year",)

    start_year = DEFAULT_YEAR


class FundFactory(factory.django.DjangoModelFactory):
    """HCF by default (the migrated row); another code makes another POCA fund."""

    class Meta:
        model = Fund
        django_get_or_create = ("code",)

    code = "HCF"
    name = factory.LazyAttribute(
        lambda o: "Helping Communities Fund" if o.code == "HCF" else f"{o.code} Fund"
    )
    source = Fund.Source.POCA

    class Params:
        police_property = factory.Trait(
            code="PPA", name="Police Property Act Fund", source=Fund.Source.POLICE_PROPERTY
        )


class FundYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundYear
        django_get_or_create = ("fund", "financial_year")

    fund = factory.SubFactory(FundFactory)
    financial_year = factory.SubFactory(FinancialYearFactory)
    envelope = Decimal("400000.00")
    max_award = Decimal("10000.00")
    is_open = True

    class Params:
        closed = factory.Trait(is_open=False)


class TopUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopUp

    fund_year = factory.SubFactory(FundYearFactory)
    amount = Decimal("10000.00")
    date = factory.LazyAttribute(lambda o: days_after(o.fund_year.financial_year.start_date, 90))
    reason = "Extra money released by the Commissioner."
    decision_reference = factory.Sequence(lambda n: f"WMPCC-{n:03d}")
    recorded_by = factory.SubFactory(UserFactory)


def unused_area(fund_year: FundYear) -> PolicingArea:
    """The first policing area or pot valid in the fund year that has no line yet."""
    area = (
        PolicingArea.objects.valid_in(fund_year.financial_year.start_year)
        .exclude(pk__in=AllocationLine.objects.filter(fund_year=fund_year).values("area"))
        .order_by("sort_order", "name")
        .first()
    )
    if area is None:
        raise ValueError(f"Every area of {fund_year.financial_year} already has a line in {fund_year}.")
    return area


class AllocationLineFactory(factory.django.DjangoModelFactory):
    """A new line on the next unused area; with `area=` given, that area's line (get-or-create)."""

    class Meta:
        model = AllocationLine
        django_get_or_create = ("fund_year", "area")

    fund_year = factory.SubFactory(FundYearFactory)
    area = factory.LazyAttribute(lambda o: unused_area(o.fund_year))
    amount = Decimal("40000.00")  # ten lines fill the default £400,000 envelope


def line_of(fund_year: FundYear) -> AllocationLine:
    return AllocationLine.objects.filter(fund_year=fund_year).order_by("pk").first() or AllocationLineFactory(
        fund_year=fund_year
    )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A registered charity with a safeguarding policy; traits for other kinds."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Group {n}")
    org_type = Organisation.Type.CHARITY
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    company_number = ""
    address = factory.Sequence(lambda n: f"{n % 200 + 1} High Street, Birmingham")
    postcode = "B1 1AA"
    contact_name = factory.Faker("name", locale="en_GB")
    contact_email = factory.Sequence(lambda n: f"group{n}@example.org")
    contact_phone = "0121 000 0000"
    safeguarding_policy_held = True

    class Params:
        cic = factory.Trait(
            org_type=Organisation.Type.CIC,
            charity_number="",
            company_number=factory.Sequence(lambda n: f"{10000000 + n:08d}"),
        )
        community_group = factory.Trait(org_type=Organisation.Type.COMMUNITY_GROUP, charity_number="")
        no_safeguarding = factory.Trait(safeguarding_policy_held=False)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True  # the lifecycle hook adds rows; the application is unchanged

    fund_year = factory.SubFactory(FundYearFactory)
    # Far above what next_reference() issues in a test, so the two never clash.
    reference = factory.LazyAttributeSequence(
        lambda o, n: f"{o.fund_year.fund.code}-{o.fund_year.financial_year.start_year}-{9000 + n:04d}"
    )
    organisation = factory.SubFactory(OrganisationFactory)
    project_title = factory.Sequence(lambda n: f"Youth project {n}")
    summary = "Weekly sessions that keep young people busy and safe."
    allocation_line = factory.LazyAttribute(lambda o: line_of(o.fund_year))
    amount_requested = Decimal("5000.00")
    beneficiaries = "Young people aged 11 to 18"
    beneficiaries_count = 40
    received_on = factory.LazyAttribute(lambda o: days_after(o.fund_year.financial_year.start_date, 14))
    planned_start = factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=60))
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + dt.timedelta(days=180))
    crime_reduction_rationale = "Diverts young people from anti-social behaviour."
    status = Status.DRAFT
    status_changed_at = factory.LazyAttribute(lambda o: None if o.status == Status.DRAFT else timezone.now())
    returned_reason = factory.LazyAttribute(
        lambda o: "A copy of the constitution." if o.status == Status.RETURNED else ""
    )
    entered_by = factory.SubFactory(UserFactory)

    class Params:
        submitted = factory.Trait(status=Status.SUBMITTED)
        eligibility_check = factory.Trait(status=Status.ELIGIBILITY_CHECK)
        ineligible = factory.Trait(status=Status.INELIGIBLE)
        assessed = factory.Trait(status=Status.ASSESSED)
        approved = factory.Trait(status=Status.APPROVED)
        rejected = factory.Trait(status=Status.REJECTED)
        returned = factory.Trait(status=Status.RETURNED)
        agreement_signed = factory.Trait(status=Status.AGREEMENT_SIGNED)
        paid = factory.Trait(status=Status.PAID)
        monitoring_due = factory.Trait(status=Status.MONITORING_DUE)
        closed = factory.Trait(status=Status.CLOSED)
        withdrawn = factory.Trait(status=Status.WITHDRAWN)

    @factory.post_generation
    def lifecycle(obj, create, extracted, **kwargs):
        """The records the status implies (skip with lifecycle=False)."""
        if create and extracted is not False:
            build_lifecycle(obj)


def build_lifecycle(application: Application) -> None:
    status = Status(application.status)
    if status in ASSESSED:
        AssessmentFactory(application=application, in_area=status != Status.INELIGIBLE)
    outcome = {Status.REJECTED: Decision.Outcome.REJECTED, Status.RETURNED: Decision.Outcome.RETURNED}
    if status in outcome:
        DecisionFactory(application=application, outcome=outcome[status])
    if status not in AWARDED:
        return
    decision = DecisionFactory(application=application, outcome=Decision.Outcome.APPROVED)
    award = AwardFactory(
        application=application,
        offered_on=decision.decided_on,
        approved_by=decision.decided_by,
        agreement_signed_on=None if status == Status.APPROVED else days_after(decision.decided_on, 7),
    )
    if status in (Status.PAID, Status.MONITORING_DUE, Status.CLOSED):
        PaymentFactory(award=award)
    if status == Status.MONITORING_DUE:
        MonitoringReturnFactory(award=award)
    if status == Status.CLOSED:
        MonitoringReturnFactory(award=award, received=True)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    application = factory.SubFactory(ApplicationFactory, status=Status.ASSESSED, lifecycle=False)
    in_area = True
    constituted = True
    safeguarding = True
    within_max_award = True
    plan_aligned = True
    recommendation = factory.LazyAttribute(
        lambda o: Assessment.Recommendation.FUND_IN_FULL if o.in_area else Assessment.Recommendation.DECLINE
    )
    recommended_amount = factory.LazyAttribute(
        lambda o: o.application.amount_requested if o.in_area else None
    )
    reasons = "Clear outcomes and a strong local partnership."
    assessed_by = factory.SubFactory(UserFactory)
    assessed_at = factory.LazyFunction(timezone.now)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    application = factory.SubFactory(ApplicationFactory, status=Status.ASSESSED, lifecycle=False)
    user = factory.SubFactory(UserFactory)
    details = "A trustee of the organisation is a relative."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(ApplicationFactory, status=Status.APPROVED, lifecycle=False)
    outcome = Decision.Outcome.APPROVED
    amount = factory.LazyAttribute(
        lambda o: o.application.amount_requested if o.outcome == Decision.Outcome.APPROVED else None
    )
    reason = factory.LazyAttribute(
        lambda o: {
            "rejected": "Outside the fund's priorities.",
            "returned": "A copy of the constitution.",
        }.get(str(o.outcome), "")
    )
    decided_by = factory.SubFactory(UserFactory)
    decided_on = factory.LazyAttribute(lambda o: days_after(o.application.received_on, 30))


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    application = factory.SubFactory(ApplicationFactory, status=Status.APPROVED, lifecycle=False)
    fund = factory.LazyAttribute(lambda o: o.application.fund_year.fund)
    amount = factory.LazyAttribute(lambda o: o.application.amount_requested)
    original_amount = factory.LazyAttribute(lambda o: o.amount)
    offered_on = factory.LazyAttribute(lambda o: days_after(o.application.received_on, 30))
    agreement_signed_on = None
    conditions = "Report quarterly."
    purpose = factory.LazyAttribute(lambda o: o.application.summary)
    approved_by = factory.SubFactory(UserFactory)

    class Params:
        signed = factory.Trait(
            agreement_signed_on=factory.LazyAttribute(lambda o: days_after(o.offered_on, 7))
        )


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    award = factory.SubFactory(AwardFactory, signed=True, application__status=Status.PAID)
    paid_on = factory.LazyAttribute(
        lambda o: days_after(o.award.agreement_signed_on or o.award.offered_on, 7)
    )
    amount = factory.LazyAttribute(lambda o: o.award.amount)
    finance_reference = factory.Sequence(lambda n: f"FIN-{n:05d}")
    recorded_by = factory.SubFactory(UserFactory)


class MonitoringReturnFactory(factory.django.DjangoModelFactory):
    """Due 90 days after the offer; `received=True` for a return that came in."""

    class Meta:
        model = MonitoringReturn

    award = factory.SubFactory(AwardFactory, signed=True, application__status=Status.MONITORING_DUE)
    due_on = factory.LazyAttribute(lambda o: o.award.offered_on + dt.timedelta(days=90))
    received_on = None

    class Params:
        received = factory.Trait(
            received_on=factory.LazyAttribute(lambda o: not_after_today(o.due_on)),
            beneficiaries_reached=35,
            outcomes="35 young people attended at least six sessions.",
            spend_confirmed=factory.LazyAttribute(lambda o: o.award.amount),
        )


class VariationFactory(factory.django.DjangoModelFactory):
    """A reduction of £500 (the award's amount is left to the test or the service)."""

    class Meta:
        model = Variation

    award = factory.SubFactory(AwardFactory, signed=True)
    previous_amount = factory.LazyAttribute(lambda o: o.award.amount)
    new_amount = factory.LazyAttribute(lambda o: o.previous_amount - Decimal("500.00"))
    reason = "The group found part of the money elsewhere."
    approved_by = factory.SubFactory(UserFactory)
    approved_on = factory.LazyAttribute(lambda o: days_after(o.award.offered_on, 60))
