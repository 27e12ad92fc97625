"""After approval: agreement, payments, monitoring, closing, variation and withdrawal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants import services
from grants.models import AllocationLine, Application, Award, MonitoringReturn, Payment, Status, Variation
from grants.services.common import committed_on_line
from opcc.core import roles
from tests.grants.conftest import area, today

NOT_AN_AMOUNT = "Enter an amount in pounds, like 1250 or 1250.50."
TOO_MANY_PLACES = "Enter an amount with no more than 2 decimal places (pence)."
HOSTILE = [
    ("1e5", NOT_AN_AMOUNT),
    ("NaN", NOT_AN_AMOUNT),
    ("", NOT_AN_AMOUNT),
    ("abc", NOT_AN_AMOUNT),
    ("12.345", TOO_MANY_PLACES),
    ("1,000,000.001", TOO_MANY_PLACES),
]
HOSTILE_POSITIVE = [
    *HOSTILE,
    ("£-5", "Enter an amount greater than £0."),
    ("0", "Enter an amount greater than £0."),
]
HOSTILE_NOT_NEGATIVE = [*HOSTILE, ("£-5", "Enter an amount of £0 or more.")]


def field_messages(info, field):
    return info.value.message_dict[field]


def remaining(line: AllocationLine) -> Decimal:
    line = AllocationLine.objects.get(pk=line.pk)
    return line.amount - committed_on_line(line)


def pay(application, by, amount, *, paid_on=None, reference="FIN-1"):
    return services.payment_record(
        application=application, by=by, amount=amount, paid_on=paid_on or today(), finance_reference=reference
    )


def receive(item, by, **overrides):
    values = {
        "received_on": today(),
        "beneficiaries_reached": 30,
        "outcomes": "30 young people took part.",
        "spend_confirmed": "0",
    }
    values.update(overrides)
    return services.monitoring_receive(monitoring_return=item, by=by, **values)


@pytest.fixture
def walsall(fund_year, grants_users):
    """A £2,000 line, small enough to run out."""
    return services.allocation_line_set(
        fund_year=fund_year, area=area("Walsall"), amount="2000", by=grants_users.manager
    )


# --- agreement -------------------------------------------------------------------------------------


def test_agreement_dates(application_in, grants_users):
    application = application_in(Status.APPROVED)
    staff = grants_users.staff
    with pytest.raises(ValidationError) as info:
        services.agreement_sign(application=application, by=staff, signed_on=today() - timedelta(days=1))
    assert field_messages(info, "signed_on") == ["The agreement cannot be signed before the offer date."]
    with pytest.raises(ValidationError) as info:
        services.agreement_sign(application=application, by=staff, signed_on=today() + timedelta(days=1))
    assert field_messages(info, "signed_on") == ["The date the agreement was signed cannot be in the future."]
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert Award.objects.get().agreement_signed_on is None

    award = services.agreement_sign(application=application, by=staff, signed_on=today())
    assert Award.objects.get(pk=award.pk).agreement_signed_on == today()


# --- payments --------------------------------------------------------------------------------------


def test_total_paid_never_exceeds_the_award(application_in, grants_users):
    application = application_in(Status.AGREEMENT_SIGNED, amount_requested="1500")
    pay(application, grants_users.staff, "1,000")
    with pytest.raises(ValidationError) as info:
        pay(application, grants_users.staff, "500.01", reference="FIN-2")
    assert field_messages(info, "amount") == [
        "This payment would take the total paid to £1,500.01, above the award of £1,500 (£500 left to pay)."
    ]
    assert Payment.objects.count() == 1
    pay(application, grants_users.staff, "500", reference="FIN-2")
    assert sum(Payment.objects.values_list("amount", flat=True)) == Decimal("1500.00")
    with pytest.raises(ValidationError) as info:
        pay(application, grants_users.staff, "0.01", reference="FIN-3")
    assert field_messages(info, "amount") == [
        "This payment would take the total paid to £1,500.01, above the award of £1,500 (£0 left to pay)."
    ]


def test_payment_dates_and_reference(application_in, grants_users):
    application = application_in(Status.AGREEMENT_SIGNED)
    staff = grants_users.staff
    with pytest.raises(ValidationError) as info:
        pay(application, staff, "100", paid_on=today() - timedelta(days=1))
    assert field_messages(info, "paid_on") == ["A payment cannot be made before the agreement was signed."]
    with pytest.raises(ValidationError) as info:
        pay(application, staff, "100", paid_on=today() + timedelta(days=1))
    assert field_messages(info, "paid_on") == ["The payment date cannot be in the future."]
    with pytest.raises(ValidationError) as info:
        pay(application, staff, "100", reference="  ")
    assert field_messages(info, "finance_reference") == [
        "Enter the finance system reference for the payment."
    ]
    assert not Payment.objects.exists()

    payment = pay(application, staff, "100", reference=" FIN-77 ")
    assert (payment.finance_reference, payment.recorded_by, payment.amount) == (
        "FIN-77",
        staff,
        Decimal("100.00"),
    )


@pytest.mark.parametrize(("typed", "message"), HOSTILE_POSITIVE)
def test_payment_amount_must_be_a_positive_amount(application_in, grants_users, typed, message):
    application = application_in(Status.AGREEMENT_SIGNED)
    with pytest.raises(ValidationError) as info:
        pay(application, grants_users.staff, typed)
    assert field_messages(info, "amount") == [message]
    assert not Payment.objects.exists()


# --- monitoring --------------------------------------------------------------------------------------


def test_monitoring_return_rules(application_in, grants_users):
    application = application_in(Status.AGREEMENT_SIGNED, amount_requested="1500")
    staff = grants_users.staff
    with pytest.raises(ValidationError) as info:
        services.monitoring_schedule(application=application, by=staff, due_on=today() - timedelta(days=1))
    assert field_messages(info, "due_on") == ["A monitoring return cannot be due before the offer date."]
    item = services.monitoring_schedule(
        application=application, by=staff, due_on=today() + timedelta(days=90)
    )
    pay(application, staff, "600")

    cases = [
        (
            {"received_on": today() + timedelta(days=1)},
            "received_on",
            "The date received cannot be in the future.",
        ),
        (
            {"received_on": today() - timedelta(days=1)},
            "received_on",
            "A return cannot be received before the offer date.",
        ),
        (
            {"spend_confirmed": "600.01"},
            "spend_confirmed",
            "Spend confirmed cannot be more than the £600 paid.",
        ),
        ({"spend_confirmed": "£-5"}, "spend_confirmed", "Enter an amount of £0 or more."),
        (
            {"beneficiaries_reached": -1},
            "beneficiaries_reached",
            "Enter how many people the project reached.",
        ),
        (
            {"beneficiaries_reached": None},
            "beneficiaries_reached",
            "Enter how many people the project reached.",
        ),
        ({"outcomes": " "}, "outcomes", "Describe the outcomes reported."),
    ]
    for overrides, field, message in cases:
        with pytest.raises(ValidationError) as info:
            receive(item, staff, **overrides)
        assert field_messages(info, field) == [message], overrides
        item.refresh_from_db()
        assert item.received_on is None

    receive(item, staff, spend_confirmed="600", beneficiaries_reached=28)
    item.refresh_from_db()
    assert (item.received_on, item.spend_confirmed, item.beneficiaries_reached) == (
        today(),
        Decimal("600.00"),
        28,
    )
    with pytest.raises(ValidationError) as info:
        receive(item, staff)
    assert info.value.messages == ["This monitoring return has already been recorded."]


@pytest.mark.parametrize(("typed", "message"), HOSTILE_NOT_NEGATIVE)
def test_spend_confirmed_must_be_an_amount(application_in, grants_users, typed, message):
    application = application_in(Status.MONITORING_DUE)
    item = MonitoringReturn.objects.get(award__application=application)
    with pytest.raises(ValidationError) as info:
        receive(item, grants_users.staff, spend_confirmed=typed)
    assert field_messages(info, "spend_confirmed") == [message]
    item.refresh_from_db()
    assert item.received_on is None


def test_overdue_returns_are_those_past_due_and_not_received(application_in, grants_users):
    application = application_in(Status.MONITORING_DUE)
    item = MonitoringReturn.objects.get(award__application=application)
    assert list(MonitoringReturn.objects.overdue(item.due_on + timedelta(days=1))) == [item]
    assert list(MonitoringReturn.objects.overdue(item.due_on)) == []
    receive(item, grants_users.staff)
    assert list(MonitoringReturn.objects.overdue(item.due_on + timedelta(days=1))) == []


# --- closing ---------------------------------------------------------------------------------------


def test_closing_needs_every_return_received_and_full_payment(application_in, grants_users):
    application = application_in(Status.MONITORING_DUE, amount_requested="1500")
    staff = grants_users.staff
    with pytest.raises(ValidationError) as info:
        services.application_close(application=application, by=staff)
    assert info.value.messages == ["Record every monitoring return before closing the grant."]

    receive(MonitoringReturn.objects.get(award__application=application), staff, spend_confirmed="1500")
    services.award_vary(
        application=application, by=grants_users.manager, reason="More sessions.", new_amount="1700"
    )
    with pytest.raises(ValidationError) as info:
        services.application_close(application=application, by=staff)
    assert info.value.messages == ["The award is not fully paid (£1,500 of £1,700): vary it first."]
    application.refresh_from_db()
    assert application.status == Status.MONITORING_DUE

    pay(application, staff, "200", reference="FIN-2")
    services.application_close(application=application, by=staff)
    application.refresh_from_db()
    assert application.status == Status.CLOSED


# --- variation ---------------------------------------------------------------------------------------


def test_variation_up_obeys_the_budget_rule(application_in, grants_users, walsall):
    manager = grants_users.manager
    first = application_in(Status.APPROVED, allocation_line=walsall, amount_requested="1000")
    application_in(Status.APPROVED, allocation_line=walsall, amount_requested="700")
    assert remaining(walsall) == Decimal("300.00")

    with pytest.raises(ValidationError) as info:
        services.award_vary(application=first, by=manager, reason="More sessions.", new_amount="1300.01")
    assert field_messages(info, "new_amount") == ["Not enough left in Walsall: £300 remaining."]
    assert Award.objects.get(application=first).amount == Decimal("1000.00")
    assert not Variation.objects.exists()

    variation = services.award_vary(application=first, by=manager, reason="More sessions.", new_amount="1300")
    assert (variation.previous_amount, variation.new_amount, variation.approved_by) == (
        Decimal("1000.00"),
        Decimal("1300.00"),
        manager,
    )
    award = Award.objects.get(application=first)
    assert (award.amount, award.original_amount) == (Decimal("1300.00"), Decimal("1000.00"))
    assert award.history.latest("history_date", "history_id").history_change_reason == "Varied to £1,300"
    assert remaining(walsall) == Decimal("0.00")


def test_variation_down_frees_budget_but_not_below_what_is_paid(application_in, grants_users, walsall):
    manager = grants_users.manager
    application = application_in(Status.AGREEMENT_SIGNED, allocation_line=walsall, amount_requested="1500")
    pay(application, grants_users.staff, "1000")
    assert remaining(walsall) == Decimal("500.00")
    with pytest.raises(ValidationError) as info:
        services.award_vary(
            application=application, by=manager, reason="Fewer sessions.", new_amount="999.99"
        )
    assert field_messages(info, "new_amount") == ["The award cannot go below the £1,000 already paid."]

    services.award_vary(application=application, by=manager, reason="Fewer sessions.", new_amount="1000")
    assert remaining(walsall) == Decimal("1000.00")
    application.refresh_from_db()
    assert application.status == Status.AGREEMENT_SIGNED


def test_variation_of_dates_and_its_own_rules(application_in, grants_users, fund_year):
    manager = grants_users.manager
    application = application_in(Status.APPROVED)
    with pytest.raises(ValidationError) as info:
        services.award_vary(application=application, by=manager, reason=" ", new_amount="1000")
    assert field_messages(info, "reason") == ["Enter the reason for the variation."]
    with pytest.raises(ValidationError) as info:
        services.award_vary(application=application, by=manager, reason="Nothing.")
    assert info.value.messages == ["Enter a new amount or a new end date."]
    with pytest.raises(ValidationError) as info:
        services.award_vary(
            application=application, by=manager, reason="Shorter.", new_end=application.planned_start
        )
    assert field_messages(info, "new_end") == ["The new end date must be after the planned start date."]
    with pytest.raises(ValidationError) as info:
        services.award_vary(application=application, by=manager, reason="Bigger.", new_amount="5000.01")
    assert field_messages(info, "new_amount") == [
        "The award cannot be more than the maximum award of £5,000."
    ]
    assert not Variation.objects.exists()

    new_end = application.planned_end + timedelta(days=60)
    variation = services.award_vary(
        application=application, by=manager, reason="Longer project.", new_end=new_end
    )
    application.refresh_from_db()
    assert application.planned_end == new_end
    assert variation.previous_end == new_end - timedelta(days=60)
    assert Award.objects.get(application=application).amount == Decimal("1500.00")


@pytest.mark.parametrize(("typed", "message"), [t for t in HOSTILE_POSITIVE if t[0] != ""])
def test_variation_amount_must_be_a_positive_amount(application_in, grants_users, typed, message):
    application = application_in(Status.APPROVED)
    with pytest.raises(ValidationError) as info:
        services.award_vary(
            application=application, by=grants_users.manager, reason="Change.", new_amount=typed
        )
    assert field_messages(info, "new_amount") == [message]
    assert not Variation.objects.exists()


def test_only_a_manager_without_a_conflict_may_vary(application_in, grants_users):
    application = application_in(Status.APPROVED)
    with pytest.raises(PermissionDenied) as info:
        services.award_vary(application=application, by=grants_users.staff, reason="More.", new_amount="1400")
    assert str(info.value) == "You do not have permission to approve variations."
    services.conflict_declare(application=application, by=grants_users.other_manager, details="Trustee.")
    with pytest.raises(ValidationError) as info:
        services.award_vary(
            application=application, by=grants_users.other_manager, reason="More.", new_amount="1400"
        )
    assert info.value.messages == ["You declared a conflict of interest on this application."]
    assert not Variation.objects.exists()


# --- withdrawal --------------------------------------------------------------------------------------


def test_withdrawal_returns_the_unpaid_amount_to_the_line(application_in, grants_users, walsall):
    application = application_in(Status.AGREEMENT_SIGNED, allocation_line=walsall, amount_requested="1500")
    pay(application, grants_users.staff, "600")
    before = remaining(walsall)
    assert before == Decimal("500.00")

    services.application_withdraw(
        application=application, by=grants_users.manager, reason="Project cancelled."
    )
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    award = Award.objects.get(application=application)
    assert (award.released_amount, award.recovered_amount, award.withdrawn_on) == (
        Decimal("900.00"),
        Decimal("0.00"),
        today(),
    )
    assert remaining(walsall) - before == Decimal("900.00")
    assert committed_on_line(walsall) == Decimal("600.00")
    latest = application.history.latest("history_date", "history_id")
    assert (latest.history_change_reason, latest.history_user) == (
        "Withdrawn: Project cancelled.",
        grants_users.manager,
    )
    assert award.history.latest("history_date", "history_id").history_change_reason == (
        "Withdrawn: £900 returned to the line"
    )


def test_withdrawal_records_a_recovered_amount_no_more_than_was_paid(application_in, grants_users, walsall):
    application = application_in(Status.AGREEMENT_SIGNED, allocation_line=walsall, amount_requested="1500")
    pay(application, grants_users.staff, "600")
    manager = grants_users.manager
    with pytest.raises(ValidationError) as info:
        services.application_withdraw(
            application=application, by=manager, reason="Misused.", recovered_amount="600.01"
        )
    assert field_messages(info, "recovered_amount") == ["You cannot recover more than the £600 paid."]
    application.refresh_from_db()
    assert application.status == Status.AGREEMENT_SIGNED
    assert Award.objects.get().withdrawn_on is None

    before = remaining(walsall)
    services.application_withdraw(
        application=application, by=manager, reason="Misused.", recovered_amount="250"
    )
    award = Award.objects.get()
    assert (award.released_amount, award.recovered_amount) == (Decimal("900.00"), Decimal("250.00"))
    # The line gets back what was never paid and what was recovered.
    assert remaining(walsall) - before == Decimal("1150.00")


@pytest.mark.parametrize(("typed", "message"), HOSTILE_NOT_NEGATIVE)
def test_recovered_amount_must_be_an_amount(application_in, grants_users, typed, message):
    application = application_in(Status.PAID)
    with pytest.raises(ValidationError) as info:
        services.application_withdraw(
            application=application, by=grants_users.manager, reason="Misused.", recovered_amount=typed
        )
    assert field_messages(info, "recovered_amount") == [message]
    application.refresh_from_db()
    assert application.status == Status.PAID


def test_withdrawing_an_award_needs_a_grants_manager(application_in, grants_users):
    application = application_in(Status.APPROVED)
    with pytest.raises(PermissionDenied) as info:
        services.application_withdraw(application=application, by=grants_users.staff, reason="Folded.")
    assert str(info.value) == "You do not have permission to withdraw an award."
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert Award.objects.get().released_amount == Decimal("0.00")

    services.application_withdraw(application=application, by=grants_users.manager, reason="Folded.")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert Award.objects.get().released_amount == Decimal("1500.00")


def test_withdrawing_before_an_award_is_office_work_and_needs_a_reason(application_in, grants_users):
    application = application_in(Status.SUBMITTED)
    with pytest.raises(PermissionDenied) as info:
        services.application_withdraw(application=application, by=grants_users.manager, reason="Folded.")
    assert str(info.value) == "You do not have permission to withdraw applications."
    with pytest.raises(ValidationError) as info:
        services.application_withdraw(application=application, by=grants_users.staff, reason=" ")
    assert field_messages(info, "reason") == ["Enter why the application is withdrawn."]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    services.application_withdraw(application=application, by=grants_users.staff, reason="Folded.")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


# --- every role against every service after the decision ----------------------------------------------

ROLES = [
    roles.OFFICE_STAFF,
    roles.GRANTS_MANAGER,
    roles.REVIEWS_MANAGER,
    roles.VOLUNTEER_COORDINATOR,
    roles.REPORTS,
    roles.ADMINISTRATOR,
]
STAFF_WORK = {roles.OFFICE_STAFF, roles.ADMINISTRATOR}
MANAGER = {roles.GRANTS_MANAGER}


def ready_to_close(application_in, users):
    application = application_in(Status.MONITORING_DUE)
    receive(MonitoringReturn.objects.get(award__application=application), users.staff)
    return application


def first_return(application):
    return MonitoringReturn.objects.get(award__application=application)


# service: (arrange, who may, the call)
AWARD_WRITES = {
    "agreement_sign": (
        lambda build, users: build(Status.APPROVED),
        STAFF_WORK,
        lambda a, by: services.agreement_sign(application=a, by=by, signed_on=today()),
    ),
    "payment_record": (
        lambda build, users: build(Status.AGREEMENT_SIGNED),
        STAFF_WORK,
        lambda a, by: pay(a, by, "100"),
    ),
    "monitoring_schedule": (
        lambda build, users: build(Status.AGREEMENT_SIGNED),
        STAFF_WORK,
        lambda a, by: services.monitoring_schedule(application=a, by=by, due_on=today() + timedelta(days=30)),
    ),
    "monitoring_receive": (
        lambda build, users: build(Status.MONITORING_DUE),
        STAFF_WORK,
        lambda a, by: receive(first_return(a), by),
    ),
    "application_close": (
        ready_to_close,
        STAFF_WORK,
        lambda a, by: services.application_close(application=a, by=by),
    ),
    "award_vary": (
        lambda build, users: build(Status.APPROVED),
        MANAGER,
        lambda a, by: services.award_vary(application=a, by=by, reason="More.", new_amount="1400"),
    ),
    "application_withdraw (no award)": (
        lambda build, users: build(Status.ASSESSED),
        STAFF_WORK,
        lambda a, by: services.application_withdraw(application=a, by=by, reason="Folded."),
    ),
    "application_withdraw (award)": (
        lambda build, users: build(Status.AGREEMENT_SIGNED),
        MANAGER,
        lambda a, by: services.application_withdraw(application=a, by=by, reason="Folded."),
    ),
}


def award_state(application):
    return {
        "status": Application.objects.get(pk=application.pk).status,
        "awards": list(Award.objects.values_list("amount", "agreement_signed_on", "released_amount")),
        "payments": Payment.objects.count(),
        "returns": list(MonitoringReturn.objects.order_by("pk").values_list("due_on", "received_on")),
        "variations": Variation.objects.count(),
        "history": Application.history.count() + Award.history.count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(AWARD_WRITES))
def test_who_may_sign_pay_monitor_vary_close_and_withdraw(
    application_in, grants_users, make_user, role, service
):
    arrange, allowed, call = AWARD_WRITES[service]
    application = arrange(application_in, grants_users)
    user = make_user(role)
    before = award_state(application)
    if role in allowed:
        call(application, user)
        assert award_state(application) != before
    else:
        with pytest.raises(PermissionDenied):
            call(application, user)
        assert award_state(application) == before
