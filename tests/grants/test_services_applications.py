"""Organisations and applications up to the decision: validation, references, assessment, decisions,
segregation of duties and who may do what."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from grants import services
from grants.models import (
    AllocationLine,
    Application,
    Assessment,
    Award,
    ConflictDeclaration,
    Decision,
    Fund,
    Organisation,
    Status,
    Theme,
)
from opcc.core import roles
from opcc.core.models import FinancialYear, LocalAuthority
from tests.grants.conftest import application_fields, area, today

NOT_AN_AMOUNT = "Enter an amount in pounds, like 1250 or 1250.50."
TOO_MANY_PLACES = "Enter an amount with no more than 2 decimal places (pence)."
NOT_POSITIVE = "Enter an amount greater than £0."
HOSTILE_MONEY = [
    ("1e5", NOT_AN_AMOUNT),
    ("NaN", NOT_AN_AMOUNT),
    ("£-5", NOT_POSITIVE),
    ("12.345", TOO_MANY_PLACES),
    ("", NOT_AN_AMOUNT),
    ("abc", NOT_AN_AMOUNT),
    ("1,000,000.001", TOO_MANY_PLACES),
    ("0", NOT_POSITIVE),
    ("-0.01", NOT_POSITIVE),
]


def field_messages(info, field):
    return info.value.message_dict[field]


# --- organisations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("charity_number", "1164883", "1164883"),
        ("charity_number", "SC012345", "SC012345"),
        ("charity_number", " sc012345 ", "SC012345"),
        ("company_number", "01234567", "01234567"),
        ("company_number", "1234567", "01234567"),  # Companies House keeps the leading zero
        ("company_number", "sc123456", "SC123456"),
    ],
)
def test_good_charity_and_company_numbers_are_stored_normalised(make_organisation, field, typed, stored):
    organisation = make_organisation(**{field: typed})
    organisation.refresh_from_db()
    assert getattr(organisation, field) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("charity_number", "12", "Enter a charity number like 1164883 (Scotland: SC012345)."),
        ("charity_number", "ABCDEFGH", "Enter a charity number like 1164883 (Scotland: SC012345)."),
        ("company_number", "12", "Enter a company number of 8 characters, like 01234567 or SC123456."),
        ("company_number", "ABCDEFGH", "Enter a company number of 8 characters, like 01234567 or SC123456."),
    ],
)
def test_bad_charity_and_company_numbers_are_refused(make_organisation, grants_users, field, typed, message):
    with pytest.raises(ValidationError) as info:
        make_organisation(**{field: typed})
    assert field_messages(info, field) == [message]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [("b368ab", "B36 8AB"), ("b36  8ab", "B36 8AB"), ("SW1A1AA", "SW1A 1AA")]
)
def test_postcodes_are_normalised(make_organisation, typed, stored):
    organisation = make_organisation(postcode=typed)
    organisation.refresh_from_db()
    assert organisation.postcode == stored


@pytest.mark.parametrize("typed", ["B36", "12345", "ZZZ ZZZ", "B36 8A", "B36 8AB1"])
def test_bad_postcodes_are_refused(make_organisation, typed):
    with pytest.raises(ValidationError) as info:
        make_organisation(postcode=typed)
    assert field_messages(info, "postcode") == ["Enter a real postcode, like B1 1AA."]
    assert not Organisation.objects.exists()


def test_likely_duplicates_by_normalised_name_or_number(make_organisation):
    st_marys = make_organisation(name="St. Mary's Youth CIC", org_type="cic", company_number="1234567")
    charity = make_organisation(name="Aston Boxing Trust", org_type="charity", charity_number="1164883")
    make_organisation(name="Sparkhill Mentors")

    def found(**kwargs):
        return set(services.organisation_duplicates(**kwargs))

    assert found(name="St Marys Youth") == {st_marys}
    assert found(name="the ST MARYS youth ltd") == {st_marys}
    assert found(name="Another name", company_number="01234567") == {st_marys}
    assert found(name="Another name", company_number="1234567") == {st_marys}
    assert found(name="Another name", charity_number="1164883") == {charity}
    assert found(name="St Mary's Youth", charity_number="1164883") == {st_marys, charity}
    assert found(name="Kings Heath Allotments") == set()
    # Editing an organisation does not flag it as a duplicate of itself.
    assert found(name="St Marys Youth", exclude_pk=st_marys.pk) == set()


def test_organisation_save_records_who_and_areas_served(make_organisation, grants_users):
    birmingham = LocalAuthority.objects.get(name="Birmingham")
    organisation = make_organisation(name="Ladywood Youth Forum", areas_served=[birmingham])
    assert list(organisation.areas_served.all()) == [birmingham]
    services.organisation_save(
        by=grants_users.other_staff, organisation=organisation, contact_name="Jo Smith"
    )
    rows = list(organisation.history.order_by("history_date", "history_id"))
    assert [(r.history_change_reason, r.history_user) for r in rows] == [
        ("Organisation added", grants_users.staff),
        ("Organisation changed", grants_users.other_staff),
    ]
    assert Organisation.objects.get(pk=organisation.pk).contact_name == "Jo Smith"


# --- entering applications ---------------------------------------------------------------------------


def test_references_are_sequential_per_fund_code_and_year(make_application, grants_users, hcf, organisation):
    first = make_application()
    second = make_application()
    assert (first.reference, second.reference) == ("HCF-2024-0001", "HCF-2024-0002")

    manager = grants_users.manager
    next_year = services.fund_year_create(
        fund=hcf,
        financial_year=FinancialYear.objects.get(start_year=2025),
        envelope="1000",
        max_award="500",
        by=manager,
    )
    acf = services.fund_year_create(
        fund=Fund.objects.get(code="ACF"),
        financial_year=FinancialYear.objects.get(start_year=2024),
        envelope="1000",
        max_award="500",
        by=manager,
    )
    references = []
    for fund_year in (next_year, acf, next_year):
        application = services.application_create(
            by=grants_users.staff,
            fund_year=fund_year,
            **application_fields(
                organisation=organisation,
                allocation_line=AllocationLine.objects.get(fund_year=fund_year, area__name="Coventry"),
            ),
        )
        references.append(application.reference)
    assert references == ["HCF-2025-0001", "ACF-2024-0001", "HCF-2025-0002"]
    assert make_application().reference == "HCF-2024-0003"


def test_a_new_application_is_a_draft_with_who_entered_it(make_application, grants_users, line):
    themes = list(Theme.objects.filter(name__in=["Youth", "Sports diversion"]))
    application = make_application(themes=themes)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.entered_by == grants_users.staff
    assert application.allocation_line == line
    assert application.amount_requested == Decimal("1500.00")
    assert set(application.themes.all()) == set(themes)
    row = application.history.get()
    assert (row.history_change_reason, row.history_user, row.history_type) == (
        "Application entered",
        grants_users.staff,
        "+",
    )


@pytest.mark.parametrize(("typed", "message"), HOSTILE_MONEY)
def test_amount_requested_is_refused_when_not_a_positive_amount(make_application, typed, message):
    with pytest.raises(ValidationError) as info:
        make_application(amount_requested=typed)
    assert field_messages(info, "amount_requested") == [message]
    assert not Application.objects.exists()
    # The refused application did not use up a reference.
    assert make_application().reference == "HCF-2024-0001"


def test_amount_requested_accepts_pounds_as_typed(make_application):
    application = make_application(amount_requested="£1,250.50")
    application.refresh_from_db()
    assert application.amount_requested == Decimal("1250.50")


@pytest.mark.parametrize(
    ("start_offset", "end_offset"), [(30, 30), (30, 29)], ids=["end-equals-start", "end-before-start"]
)
def test_planned_end_must_be_after_the_start(make_application, start_offset, end_offset):
    with pytest.raises(ValidationError) as info:
        make_application(
            planned_start=today() + timedelta(days=start_offset),
            planned_end=today() + timedelta(days=end_offset),
        )
    assert field_messages(info, "planned_end") == [
        "The planned end date must be after the planned start date."
    ]
    assert not Application.objects.exists()


def test_received_date_cannot_be_in_the_future(make_application):
    with pytest.raises(ValidationError) as info:
        make_application(received_on=today() + timedelta(days=1))
    assert field_messages(info, "received_on") == ["The date received cannot be in the future."]
    assert make_application(received_on=today()).received_on == today()


def test_a_closed_fund_year_refuses_new_applications(make_application, fund_year, grants_users):
    services.fund_year_update(fund_year=fund_year, by=grants_users.manager, is_open=False)
    # The caller's copy of the fund year still says open: the service must read it again.
    assert fund_year.is_open is True
    with pytest.raises(ValidationError) as info:
        make_application()
    assert info.value.messages == ["Helping Communities Fund 2024/25 is closed to new applications."]
    assert not Application.objects.exists()


def test_the_line_must_belong_to_the_fund_year(make_application, grants_users, hcf):
    other = services.fund_year_create(
        fund=hcf,
        financial_year=FinancialYear.objects.get(start_year=2025),
        envelope="1000",
        max_award="500",
        by=grants_users.manager,
    )
    with pytest.raises(ValidationError) as info:
        make_application(allocation_line=AllocationLine.objects.get(fund_year=other, area__name="Coventry"))
    assert field_messages(info, "allocation_line") == ["Choose an area or pot of this fund year."]


def test_editing_validates_like_entering(make_application, grants_users):
    application = make_application()
    staff = grants_users.staff
    with pytest.raises(ValidationError) as info:
        services.application_update(application=application, by=staff, amount_requested="1e5")
    assert field_messages(info, "amount_requested") == [NOT_AN_AMOUNT]
    with pytest.raises(ValidationError) as info:
        services.application_update(application=application, by=staff, planned_end=application.planned_start)
    assert field_messages(info, "planned_end") == [
        "The planned end date must be after the planned start date."
    ]
    with pytest.raises(ValueError, match="status cannot be changed here"):
        services.application_update(application=application, by=staff, status=Status.APPROVED)
    application.refresh_from_db()
    assert (application.amount_requested, application.status) == (Decimal("1500.00"), Status.DRAFT)

    services.application_update(
        application=application, by=staff, amount_requested="2,000", project_title="New"
    )
    application.refresh_from_db()
    assert (application.amount_requested, application.project_title) == (Decimal("2000.00"), "New")
    assert application.history.latest("history_date", "history_id").history_change_reason == (
        "Application details changed"
    )


# --- assessment ----------------------------------------------------------------------------------


def assess(application, by, **overrides):
    values = {
        "in_area": True,
        "constituted": True,
        "plan_aligned": True,
        "recommendation": "fund_in_full",
        "reasons": "Meets the criteria.",
        "no_conflict_confirmed": True,
    }
    values.update(overrides)
    return services.application_assess(application=application, by=by, **values)


def test_failed_checks_make_it_ineligible_saying_which(application_in, grants_users):
    application = application_in(Status.ELIGIBILITY_CHECK)
    assess(application, grants_users.assessor, in_area=False, plan_aligned=False)
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    assert application.assessment.recommendation == Assessment.Recommendation.DECLINE
    latest = application.history.latest("history_date", "history_id")
    assert latest.history_change_reason == (
        "Ineligible: project is in the force area; aligned with the Police and Crime Plan"
    )


def test_safeguarding_and_maximum_award_come_from_the_records(
    application_in, make_organisation, grants_users
):
    no_policy = make_organisation(name="No Policy Group", safeguarding_policy_held=False)
    first = application_in(Status.ELIGIBILITY_CHECK, organisation=no_policy)
    assess(first, grants_users.assessor)
    first.refresh_from_db()
    assert first.status == Status.INELIGIBLE
    assert first.assessment.failed_checks == ["safeguarding policy in place"]

    # Over the £5,000 maximum: recorded, but fails the assessment.
    second = application_in(Status.ELIGIBILITY_CHECK, amount_requested="5000.01")
    assess(second, grants_users.assessor)
    second.refresh_from_db()
    assert second.status == Status.INELIGIBLE
    assert second.assessment.failed_checks == ["within the maximum award"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"no_conflict_confirmed": False},
            "no_conflict_confirmed",
            "Confirm you have no conflict of interest, or declare it and ask a colleague.",
        ),
        ({"reasons": "  "}, "reasons", "Enter the reasons for your recommendation."),
        ({"recommendation": "maybe"}, "recommendation", "Choose a recommendation."),
        (
            {"recommendation": "fund_in_part", "recommended_amount": "1500"},
            "recommended_amount",
            "Funding in part must be less than the £1,500 requested.",
        ),
        (
            {"recommendation": "fund_in_part", "recommended_amount": "1e3"},
            "recommended_amount",
            NOT_AN_AMOUNT,
        ),
        (
            {"recommendation": "fund_in_part", "recommended_amount": "99.999"},
            "recommended_amount",
            TOO_MANY_PLACES,
        ),
    ],
)
def test_assessment_is_refused_and_nothing_half_saved(
    application_in, grants_users, overrides, field, message
):
    application = application_in(Status.ELIGIBILITY_CHECK)
    history = application.history.count()
    with pytest.raises(ValidationError) as info:
        assess(application, grants_users.assessor, **overrides)
    assert field_messages(info, field) == [message]
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY_CHECK
    assert application.history.count() == history
    assert not Assessment.objects.exists()
    assert Assessment.history.count() == 0


def test_fund_in_part_records_the_amount(application_in, grants_users):
    application = application_in(Status.ELIGIBILITY_CHECK)
    assess(application, grants_users.assessor, recommendation="fund_in_part", recommended_amount="1,000.50")
    application.refresh_from_db()
    assert application.status == Status.ASSESSED
    assert application.assessment.recommended_amount == Decimal("1000.50")
    assert application.assessment.assessed_by == grants_users.assessor


def test_an_assessor_with_a_declared_conflict_cannot_assess(application_in, grants_users):
    application = application_in(Status.ELIGIBILITY_CHECK)
    services.conflict_declare(application=application, by=grants_users.assessor, details="My sister runs it.")
    with pytest.raises(ValidationError) as info:
        assess(application, grants_users.assessor)
    assert info.value.messages == [
        "You declared a conflict of interest on this application: a colleague must assess it."
    ]
    assert not Assessment.objects.exists()
    assess(application, grants_users.other_staff)
    application.refresh_from_db()
    assert application.status == Status.ASSESSED


def test_a_conflict_declaration_needs_details(application_in, grants_users):
    application = application_in(Status.ASSESSED)
    with pytest.raises(ValidationError) as info:
        services.conflict_declare(application=application, by=grants_users.manager, details=" ")
    assert field_messages(info, "details") == ["Describe the conflict of interest."]
    assert not ConflictDeclaration.objects.exists()


# --- decisions -------------------------------------------------------------------------------------


def test_approval_creates_the_decision_and_award(application_in, grants_users, hcf):
    application = application_in(Status.ASSESSED, amount_requested="1500")
    award = services.application_approve(
        application=application,
        by=grants_users.manager,
        amount="£1,200.50",
        conditions=" Quarterly reports. ",
    )
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.amount, decision.decided_by, decision.decided_on) == (
        Decision.Outcome.APPROVED,
        Decimal("1200.50"),
        grants_users.manager,
        today(),
    )
    award.refresh_from_db()
    assert (award.amount, award.original_amount, award.fund, award.offered_on, award.approved_by) == (
        Decimal("1200.50"),
        Decimal("1200.50"),
        hcf,
        today(),
        grants_users.manager,
    )
    assert award.conditions == "Quarterly reports."
    assert award.purpose == application.summary


def test_award_cannot_exceed_the_amount_requested(application_in, grants_users):
    application = application_in(Status.ASSESSED, amount_requested="1500")
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=application, by=grants_users.manager, amount="1500.01")
    assert field_messages(info, "amount") == ["The award cannot be more than the £1,500 requested."]
    assert not Award.objects.exists()


def test_award_cannot_exceed_the_maximum_award(application_in, grants_users, fund_year):
    application = application_in(Status.ASSESSED, amount_requested="4000")
    services.fund_year_update(fund_year=fund_year, by=grants_users.manager, max_award="3000")
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=application, by=grants_users.manager, amount="3000.01")
    assert field_messages(info, "amount") == ["The award cannot be more than the maximum award of £3,000."]
    services.application_approve(application=application, by=grants_users.manager, amount="3000")
    assert Award.objects.get().amount == Decimal("3000.00")


def test_award_cannot_exceed_what_is_left_in_the_line(application_in, grants_users, fund_year):
    walsall = services.allocation_line_set(
        fund_year=fund_year, area=area("Walsall"), amount="2000", by=grants_users.manager
    )
    first = application_in(Status.ASSESSED, allocation_line=walsall)
    second = application_in(Status.ASSESSED, allocation_line=walsall)
    services.application_approve(application=first, by=grants_users.manager, amount="1500")
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=second, by=grants_users.manager, amount="500.01")
    assert field_messages(info, "amount") == ["Not enough left in Walsall: £500 remaining."]
    # Nothing half-written: no decision, no award, the status and history as they were.
    second.refresh_from_db()
    assert second.status == Status.ASSESSED
    assert not Decision.objects.filter(application=second).exists()
    assert not Award.objects.filter(application=second).exists()
    assert second.history.latest("history_date", "history_id").status == Status.ASSESSED
    # Exactly what is left is fine.
    services.application_approve(application=second, by=grants_users.manager, amount="500")
    assert sum(
        Award.objects.filter(application__allocation_line=walsall).values_list("amount", flat=True)
    ) == (Decimal("2000.00"))


@pytest.mark.parametrize(("typed", "message"), HOSTILE_MONEY)
def test_approval_amount_is_refused_when_not_a_positive_amount(application_in, grants_users, typed, message):
    application = application_in(Status.ASSESSED)
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=application, by=grants_users.manager, amount=typed)
    assert field_messages(info, "amount") == [message]
    assert not Decision.objects.exists()
    assert not Award.objects.exists()


def test_no_award_without_a_safeguarding_policy(application_in, grants_users, organisation):
    application = application_in(Status.ASSESSED)
    services.organisation_save(
        by=grants_users.staff, organisation=organisation, safeguarding_policy_held=False
    )
    with pytest.raises(ValidationError) as info:
        services.application_approve(application=application, by=grants_users.manager, amount="1500")
    assert info.value.messages == [
        "Bordesley Green Boxing Club has no safeguarding policy recorded: record it before an award."
    ]
    assert not Award.objects.exists()
    services.organisation_save(
        by=grants_users.staff, organisation=organisation, safeguarding_policy_held=True
    )
    services.application_approve(application=application, by=grants_users.manager, amount="1500")
    assert Award.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    "decide",
    [
        lambda a, by: services.application_approve(application=a, by=by, amount="1000"),
        lambda a, by: services.application_reject(application=a, by=by, reason="No."),
        lambda a, by: services.application_return(application=a, by=by, missing="Accounts."),
    ],
    ids=["approve", "reject", "return"],
)
def test_a_decision_cannot_be_dated_before_the_application_was_received(application_in, grants_users, decide):
    application = application_in(Status.ASSESSED)
    # Records imported from the old spreadsheet can carry a received date after today.
    Application.objects.filter(pk=application.pk).update(received_on=today() + timedelta(days=1))
    with pytest.raises(ValidationError) as info:
        decide(application, grants_users.manager)
    assert info.value.messages == ["A decision cannot be dated before the application was received."]
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.ASSESSED


def test_reject_and_return_need_reasons(application_in, grants_users):
    application = application_in(Status.ASSESSED)
    with pytest.raises(ValidationError) as info:
        services.application_reject(application=application, by=grants_users.manager, reason=" ")
    assert field_messages(info, "reason") == ["Enter the reason for rejecting the application."]
    with pytest.raises(ValidationError) as info:
        services.application_return(application=application, by=grants_users.manager, missing="")
    assert field_messages(info, "missing") == ["Enter what information is missing."]
    assert not Decision.objects.exists()

    services.application_reject(
        application=application, by=grants_users.manager, reason="Duplicates a funded project."
    )
    decision = Decision.objects.get()
    assert (decision.outcome, decision.reason, decision.amount) == (
        Decision.Outcome.REJECTED,
        "Duplicates a funded project.",
        None,
    )


# --- segregation of duties -------------------------------------------------------------------------

DECIDE = {
    "approve": lambda a, by: services.application_approve(application=a, by=by, amount="1000"),
    "reject": lambda a, by: services.application_reject(application=a, by=by, reason="Outside priorities."),
    "return": lambda a, by: services.application_return(application=a, by=by, missing="Accounts."),
}


@pytest.mark.parametrize("decision", list(DECIDE))
def test_the_assessor_cannot_decide_their_own(application_in, make_user, grants_users, decision):
    both = make_user(roles.OFFICE_STAFF, roles.GRANTS_MANAGER)
    application = application_in(Status.ASSESSED, assessed_by=both)
    with pytest.raises(ValidationError) as info:
        DECIDE[decision](application, both)
    assert info.value.messages == ["You assessed this application, so another manager must decide it."]
    assert not Decision.objects.exists()
    DECIDE[decision](application, grants_users.manager)
    assert Decision.objects.get().decided_by == grants_users.manager


@pytest.mark.parametrize("decision", list(DECIDE))
def test_the_user_who_entered_cannot_decide(application_in, make_user, grants_users, decision):
    both = make_user(roles.OFFICE_STAFF, roles.GRANTS_MANAGER)
    application = application_in(Status.ASSESSED, entered_by=both)
    with pytest.raises(ValidationError) as info:
        DECIDE[decision](application, both)
    assert info.value.messages == ["You entered this application, so another manager must decide it."]
    assert not Decision.objects.exists()
    assert not Application.objects.decidable_by(both).exists()
    assert list(Application.objects.decidable_by(grants_users.manager)) == [application]


@pytest.mark.parametrize("decision", list(DECIDE))
def test_a_manager_with_a_declared_conflict_cannot_decide(application_in, grants_users, decision):
    application = application_in(Status.ASSESSED)
    manager = grants_users.manager
    services.conflict_declare(application=application, by=manager, details="I am a trustee of the group.")
    assert services.decision_barriers(application=application, user=manager) == [
        "You declared a conflict of interest on this application."
    ]
    with pytest.raises(ValidationError) as info:
        DECIDE[decision](application, manager)
    assert info.value.messages == ["You declared a conflict of interest on this application."]
    assert not Decision.objects.exists()
    assert not Application.objects.decidable_by(manager).exists()
    DECIDE[decision](application, grants_users.other_manager)
    assert Decision.objects.get().decided_by == grants_users.other_manager


@pytest.mark.parametrize("decision", list(DECIDE))
def test_office_staff_cannot_decide(application_in, grants_users, decision):
    application = application_in(Status.ASSESSED)
    with pytest.raises(PermissionDenied) as info:
        DECIDE[decision](application, grants_users.other_staff)
    assert str(info.value) == "You do not have permission to decide applications."
    assert not Decision.objects.exists()


# --- every role against every service up to the decision ---------------------------------------------

ROLES = [
    roles.OFFICE_STAFF,
    roles.GRANTS_MANAGER,
    roles.REVIEWS_MANAGER,
    roles.VOLUNTEER_COORDINATOR,
    roles.REPORTS,
    roles.ADMINISTRATOR,
]
STAFF_WORK = {roles.OFFICE_STAFF, roles.ADMINISTRATOR}

# service: (status the application is in, who may, the call)
APPLICATION_WRITES = {
    "organisation_save": (
        Status.DRAFT,
        STAFF_WORK,
        lambda a, by: services.organisation_save(
            by=by, organisation=a.organisation, contact_name="New contact"
        ),
    ),
    "application_create": (
        Status.DRAFT,
        STAFF_WORK,
        lambda a, by: services.application_create(
            by=by,
            fund_year=a.fund_year,
            **application_fields(organisation=a.organisation, allocation_line=a.allocation_line),
        ),
    ),
    "application_update": (
        Status.DRAFT,
        STAFF_WORK,
        lambda a, by: services.application_update(application=a, by=by, project_title="Changed"),
    ),
    "application_submit": (
        Status.DRAFT,
        STAFF_WORK,
        lambda a, by: services.application_submit(application=a, by=by),
    ),
    "application_start_check": (
        Status.SUBMITTED,
        STAFF_WORK,
        lambda a, by: services.application_start_check(application=a, by=by),
    ),
    "application_assess": (Status.ELIGIBILITY_CHECK, STAFF_WORK, lambda a, by: assess(a, by)),
    "conflict_declare": (
        Status.ASSESSED,
        STAFF_WORK | {roles.GRANTS_MANAGER},
        lambda a, by: services.conflict_declare(application=a, by=by, details="Family connection."),
    ),
    "application_approve": (Status.ASSESSED, {roles.GRANTS_MANAGER}, DECIDE["approve"]),
    "application_reject": (Status.ASSESSED, {roles.GRANTS_MANAGER}, DECIDE["reject"]),
    "application_return": (Status.ASSESSED, {roles.GRANTS_MANAGER}, DECIDE["return"]),
}


def grants_state(application):
    fresh = Application.objects.get(pk=application.pk)  # the line not cached: save() reads its area
    organisation = Organisation.objects.get(pk=application.organisation_id)
    return {
        "status": fresh.status,
        "title": fresh.project_title,
        "contact": organisation.contact_name,
        **{
            m.__name__: m.objects.count()
            for m in (Application, Assessment, ConflictDeclaration, Decision, Award)
        },
        "history": Application.history.count() + Organisation.history.count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(APPLICATION_WRITES))
def test_who_may_enter_assess_and_decide(application_in, make_user, role, service):
    status, allowed, call = APPLICATION_WRITES[service]
    application = application_in(status)
    user = make_user(role)
    before = grants_state(application)
    if role in allowed:
        call(application, user)
        assert grants_state(application) != before
    else:
        with pytest.raises(PermissionDenied):
            call(application, user)
        assert grants_state(application) == before


# --- the copied area (Application.area: the list's area filter reads it on one index) -------------


def test_the_area_is_the_lines_area_when_entered_and_when_the_line_changes(
    make_application, fund_year, grants_users
):
    application = make_application()
    application.refresh_from_db()
    assert application.area_id == application.allocation_line.area_id
    other = AllocationLine.objects.filter(fund_year=fund_year).exclude(area=application.area_id).first()
    assert other is not None
    services.application_update(application=application, by=grants_users.staff, allocation_line=other)
    application.refresh_from_db()
    assert (application.allocation_line_id, application.area_id) == (other.pk, other.area_id)


def test_a_save_of_only_the_line_moves_the_area_too(make_application, fund_year):
    application = make_application()
    other = AllocationLine.objects.filter(fund_year=fund_year).exclude(area=application.area_id).first()
    fresh = Application.objects.get(pk=application.pk)  # the line not cached: save() reads its area
    fresh.allocation_line_id = other.pk
    fresh.save(update_fields=["allocation_line"])
    assert Application.objects.values_list("area_id", flat=True).get(pk=application.pk) == other.area_id


def test_every_application_has_its_lines_area(make_application, fund_year):
    for _ in range(3):
        make_application()
    mismatched = Application.objects.exclude(area_id=F("allocation_line__area_id"))
    assert Application.objects.count() == 3
    assert not mismatched.exists()
