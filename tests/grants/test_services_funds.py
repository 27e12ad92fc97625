"""Fund years, top-ups and allocation lines: the lines never add up to more than the budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grants import services
from grants.models import AllocationLine, FundYear, TopUp
from opcc.core import roles
from opcc.core.models import FinancialYear
from tests.grants.conftest import LINE_AMOUNTS, area

BAD_MONEY = [
    ("1e5", "Enter an amount in pounds, like 1250 or 1250.50."),
    ("NaN", "Enter an amount in pounds, like 1250 or 1250.50."),
    ("Infinity", "Enter an amount in pounds, like 1250 or 1250.50."),
    ("", "Enter an amount in pounds, like 1250 or 1250.50."),
    ("abc", "Enter an amount in pounds, like 1250 or 1250.50."),
    ("12.345", "Enter an amount with no more than 2 decimal places (pence)."),
    ("1,000,000.001", "Enter an amount with no more than 2 decimal places (pence)."),
]
NOT_POSITIVE = ["£-5", "-0.01", "0", "0.00"]


def messages(info, field):
    return info.value.message_dict[field]


def year(start: int) -> FinancialYear:
    return FinancialYear.objects.get(start_year=start)


# --- fund years ------------------------------------------------------------------------------------


def test_fund_year_gets_one_line_per_area_and_pot_valid_that_year(fund_year, grants_users, hcf):
    lines = list(AllocationLine.objects.filter(fund_year=fund_year).values_list("area__name", "amount"))
    names = [name for name, _ in lines]
    assert names == [
        "Birmingham",
        "Coventry",
        "Dudley",
        "Sandwell",
        "Solihull",
        "Walsall",
        "Wolverhampton",
        "LPA Reserve",
        "Community Response Fund",
        "Street Watch",
    ]
    assert {n: a for n, a in lines if a} == LINE_AMOUNTS

    # Before 2024/25 the areas were NPUs, with the Pan Birmingham pot.
    older = services.fund_year_create(
        fund=hcf, financial_year=year(2022), envelope="400,000", max_award="5000", by=grants_users.manager
    )
    assert list(AllocationLine.objects.filter(fund_year=older).values_list("area__name", flat=True)) == [
        "Birmingham East",
        "Birmingham West",
        "Pan Birmingham (East & West)",
        "Coventry",
        "Dudley",
        "Sandwell",
        "Solihull",
        "Walsall",
        "Wolverhampton",
    ]
    assert older.envelope == Decimal("400000.00")
    assert older.history.get().history_user == grants_users.manager


def test_a_fund_has_one_year_per_financial_year(fund_year, grants_users, hcf):
    with pytest.raises(ValidationError) as info:
        services.fund_year_create(
            fund=hcf, financial_year=year(2024), envelope="1000", max_award="100", by=grants_users.manager
        )
    assert info.value.messages == ["Helping Communities Fund already has a fund year for 2024/25."]
    assert FundYear.objects.filter(fund=hcf).count() == 1


def test_maximum_award_cannot_exceed_the_envelope(grants_users, hcf):
    with pytest.raises(ValidationError) as info:
        services.fund_year_create(
            fund=hcf,
            financial_year=year(2025),
            envelope="10000",
            max_award="10000.01",
            by=grants_users.manager,
        )
    assert messages(info, "max_award") == ["The maximum award cannot be more than the envelope."]
    assert not FundYear.objects.filter(financial_year__start_year=2025).exists()


@pytest.mark.parametrize(("typed", "message"), BAD_MONEY)
@pytest.mark.parametrize("field", ["envelope", "max_award"])
def test_fund_year_money_is_refused_when_not_an_amount(grants_users, hcf, field, typed, message):
    values = {"envelope": "400000", "max_award": "5000", field: typed}
    with pytest.raises(ValidationError) as info:
        services.fund_year_create(fund=hcf, financial_year=year(2025), by=grants_users.manager, **values)
    assert messages(info, field) == [message]
    assert not FundYear.objects.filter(financial_year__start_year=2025).exists()


@pytest.mark.parametrize("typed", NOT_POSITIVE)
def test_fund_year_envelope_must_be_positive(grants_users, hcf, typed):
    with pytest.raises(ValidationError) as info:
        services.fund_year_create(
            fund=hcf, financial_year=year(2025), envelope=typed, max_award="1", by=grants_users.manager
        )
    assert messages(info, "envelope") == ["Enter an amount greater than £0."]


def test_fund_year_accepts_pounds_as_people_type_them(grants_users, hcf):
    fund_year = services.fund_year_create(
        fund=hcf,
        financial_year=year(2025),
        envelope="£400,000",
        max_award=" 5 000.50 ",
        by=grants_users.manager,
    )
    fund_year.refresh_from_db()
    assert (fund_year.envelope, fund_year.max_award) == (Decimal("400000.00"), Decimal("5000.50"))


def test_closing_a_fund_year_and_lowering_the_envelope(fund_year, grants_users):
    manager = grants_users.manager
    services.fund_year_update(fund_year=fund_year, by=manager, is_open=False)
    fund_year.refresh_from_db()
    assert fund_year.is_open is False

    # Lines total £130,000: the envelope cannot go below that, and the message says by how much.
    with pytest.raises(ValidationError) as info:
        services.fund_year_update(fund_year=fund_year, by=manager, envelope="129,999.99")
    assert messages(info, "amount") == [
        "The allocation lines would total £130,000, which is £0.01 more than the envelope plus "
        "top-ups (£129,999.99)."
    ]
    services.fund_year_update(fund_year=fund_year, by=manager, envelope="130000")
    fund_year.refresh_from_db()
    assert fund_year.envelope == Decimal("130000.00")

    with pytest.raises(ValidationError) as info:
        services.fund_year_update(fund_year=fund_year, by=manager, max_award="130000.01")
    assert messages(info, "max_award") == ["The maximum award cannot be more than the envelope."]


# --- allocation lines against envelope + top-ups -------------------------------------------------------


def test_lines_never_exceed_envelope_plus_top_ups_and_a_top_up_then_allows_it(fund_year, grants_users):
    manager = grants_users.manager
    sandwell = area("Sandwell")
    # £130,000 already allocated; £300,000 more would make £430,000 against £400,000.
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(fund_year=fund_year, area=sandwell, amount="300000", by=manager)
    assert messages(info, "amount") == [
        "The allocation lines would total £430,000, which is £30,000 more than the envelope plus "
        "top-ups (£400,000)."
    ]
    assert AllocationLine.objects.get(fund_year=fund_year, area=sandwell).amount == 0

    top_up = services.top_up_add(
        fund_year=fund_year,
        amount="30,000",
        date=date(2024, 9, 1),
        reason="Extra POCA receipts released by the Commissioner.",
        decision_reference="WMPCC 042/2024",
        by=manager,
    )
    assert top_up.recorded_by == manager
    assert top_up.history.get().history_change_reason == "Top-up of £30,000"

    line = services.allocation_line_set(fund_year=fund_year, area=sandwell, amount="300000", by=manager)
    assert line.amount == Decimal("300000.00")
    budgeted = FundYear.objects.with_budget().get(pk=fund_year.pk)
    assert (budgeted.top_ups_total, budgeted.budget) == (Decimal("30000.00"), Decimal("430000.00"))
    assert (
        sum(AllocationLine.objects.filter(fund_year=fund_year).values_list("amount", flat=True))
        == budgeted.budget
    )

    # Exactly at the budget: one penny more is refused, saying so.
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(fund_year=fund_year, area=area("Walsall"), amount="0.01", by=manager)
    assert messages(info, "amount") == [
        "The allocation lines would total £430,000.01, which is £0.01 more than the envelope plus "
        "top-ups (£430,000)."
    ]


def test_changing_a_line_counts_its_new_amount_not_both(fund_year, grants_users):
    # Birmingham £60,000 -> £330,000: total £400,000 exactly, allowed.
    line = services.allocation_line_set(
        fund_year=fund_year, area=area("Birmingham"), amount="330000", by=grants_users.manager
    )
    assert line.amount == Decimal("330000.00")
    assert AllocationLine.objects.filter(fund_year=fund_year, area__name="Birmingham").count() == 1
    assert line.history.latest("history_date").history_change_reason == "Allocation set to £330,000"


def test_a_line_cannot_go_below_what_is_committed(application_in, fund_year, grants_users, line):
    application_in("approved", amount_requested="4000", award_amount="3500.50")
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(
            fund_year=fund_year, area=line.area, amount="3500.49", by=grants_users.manager
        )
    assert messages(info, "amount") == [
        "Birmingham has £3,500.50 committed to awards: the allocation cannot go below that."
    ]
    line.refresh_from_db()
    assert line.amount == LINE_AMOUNTS["Birmingham"]
    services.allocation_line_set(
        fund_year=fund_year, area=line.area, amount="3500.50", by=grants_users.manager
    )
    line.refresh_from_db()
    assert line.amount == Decimal("3500.50")


def test_a_line_must_be_an_area_of_that_year(fund_year, grants_users):
    npu = area("Birmingham East", start_year=2023)
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(fund_year=fund_year, area=npu, amount="1000", by=grants_users.manager)
    assert messages(info, "area") == ["Birmingham East is not a policing area or pot in 2024/25."]
    assert not AllocationLine.objects.filter(fund_year=fund_year, area=npu).exists()


@pytest.mark.parametrize(("typed", "message"), BAD_MONEY)
def test_line_amount_is_refused_when_not_an_amount(fund_year, grants_users, typed, message):
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(
            fund_year=fund_year, area=area("Solihull"), amount=typed, by=grants_users.manager
        )
    assert messages(info, "amount") == [message]


def test_line_amount_cannot_be_negative_but_can_be_zero(fund_year, grants_users):
    with pytest.raises(ValidationError) as info:
        services.allocation_line_set(
            fund_year=fund_year, area=area("Dudley"), amount="£-5", by=grants_users.manager
        )
    assert messages(info, "amount") == ["Enter an amount of £0 or more."]
    line = services.allocation_line_set(
        fund_year=fund_year, area=area("Dudley"), amount="0", by=grants_users.manager
    )
    assert line.amount == Decimal("0.00")


@pytest.mark.parametrize(
    ("typed", "message"),
    [*BAD_MONEY, ("£-5", "Enter an amount greater than £0."), ("0", "Enter an amount greater than £0.")],
)
def test_top_up_amount_must_be_a_positive_amount(fund_year, grants_users, typed, message):
    with pytest.raises(ValidationError) as info:
        services.top_up_add(
            fund_year=fund_year,
            amount=typed,
            date=date(2024, 9, 1),
            reason="More money.",
            by=grants_users.manager,
        )
    assert messages(info, "amount") == [message]
    assert not TopUp.objects.exists()


def test_top_up_needs_a_reason(fund_year, grants_users):
    with pytest.raises(ValidationError) as info:
        services.top_up_add(
            fund_year=fund_year, amount="1000", date=date(2024, 9, 1), reason="  ", by=grants_users.manager
        )
    assert messages(info, "reason") == ["Enter why the money was added."]
    assert not TopUp.objects.exists()


# --- who may manage funds --------------------------------------------------------------------------

FUND_WRITES = {
    "fund_year_create": lambda fy, hcf, by: services.fund_year_create(
        fund=hcf, financial_year=year(2025), envelope="1000", max_award="100", by=by
    ),
    "fund_year_update": lambda fy, hcf, by: services.fund_year_update(fund_year=fy, by=by, is_open=False),
    "top_up_add": lambda fy, hcf, by: services.top_up_add(
        fund_year=fy, amount="1000", date=date(2024, 9, 1), reason="More money.", by=by
    ),
    "allocation_line_set": lambda fy, hcf, by: services.allocation_line_set(
        fund_year=fy, area=area("Walsall"), amount="1000", by=by
    ),
}
ROLES = [
    roles.OFFICE_STAFF,
    roles.GRANTS_MANAGER,
    roles.REVIEWS_MANAGER,
    roles.VOLUNTEER_COORDINATOR,
    roles.REPORTS,
    roles.ADMINISTRATOR,
]


def fund_state(fund_year):
    fund_year.refresh_from_db()
    return (
        FundYear.objects.count(),
        TopUp.objects.count(),
        fund_year.is_open,
        list(AllocationLine.objects.order_by("pk").values_list("amount", flat=True)),
        FundYear.history.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(FUND_WRITES))
def test_only_a_grants_manager_manages_funds(fund_year, hcf, make_user, role, service):
    user = make_user(role)
    before = fund_state(fund_year)
    if role == roles.GRANTS_MANAGER:
        FUND_WRITES[service](fund_year, hcf, user)
        assert fund_state(fund_year) != before
    else:
        with pytest.raises(PermissionDenied):
            FUND_WRITES[service](fund_year, hcf, user)
        assert fund_state(fund_year) == before


def test_an_inactive_manager_cannot_manage_funds(fund_year, grants_users):
    manager = grants_users.manager
    manager.is_active = False
    manager.save()
    with pytest.raises(PermissionDenied) as info:
        services.fund_year_update(fund_year=fund_year, by=manager, is_open=False)
    assert str(info.value) == "You do not have permission to manage funds."
    fund_year.refresh_from_db()
    assert fund_year.is_open is True
