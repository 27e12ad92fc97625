"""Fund years, top-ups and allocation lines: the lines never add up to more than the budget."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from grants.models import ZERO, AllocationLine, Fund, FundYear, TopUp
from grants.models.funds import top_up_date_problem
from opcc.core.models import FinancialYear, PolicingArea
from opcc.core.permissions import require_perm
from opcc.core.services import save

from .common import committed_on_line, gbp, money, non_negative_money

MANAGE = "grants.manage_funds"


@transaction.atomic
def fund_year_create(
    *, fund: Fund, financial_year: FinancialYear, envelope, max_award, by, with_lines: bool = True
) -> FundYear:
    """A fund year with one empty line per policing area and pot valid that year."""
    require_perm(by, MANAGE, action="manage funds")
    if FundYear.objects.filter(fund=fund, financial_year=financial_year).exists():
        raise ValidationError(f"{fund} already has a fund year for {financial_year}.")
    fund_year = FundYear(
        fund=fund,
        financial_year=financial_year,
        envelope=money(envelope, field="envelope"),
        max_award=money(max_award, field="max_award"),
    )
    if fund_year.max_award > fund_year.envelope:
        raise ValidationError({"max_award": "The maximum award cannot be more than the envelope."})
    save(fund_year, by=by, reason="Fund year created")
    if with_lines:
        for area in PolicingArea.objects.valid_in(financial_year.start_year):
            save(AllocationLine(fund_year=fund_year, area=area, amount=ZERO), by=by, reason="Line created")
    return fund_year


@transaction.atomic
def fund_year_update(*, fund_year: FundYear, by, envelope=None, max_award=None, is_open=None) -> FundYear:
    require_perm(by, MANAGE, action="manage funds")
    locked = FundYear.objects.select_for_update().get(pk=fund_year.pk)
    if envelope is not None:
        locked.envelope = money(envelope, field="envelope")
    if max_award is not None:
        locked.max_award = money(max_award, field="max_award")
    if is_open is not None:
        locked.is_open = is_open
    if locked.max_award > locked.envelope:
        raise ValidationError({"max_award": "The maximum award cannot be more than the envelope."})
    _check_lines_within_budget(locked, lines_total=_lines_total(locked))
    return save(locked, by=by, reason="Fund year changed")


@transaction.atomic
def top_up_add(*, fund_year: FundYear, amount, date, reason: str, decision_reference: str = "", by) -> TopUp:
    """Money added to a fund year, dated within that year (1 April to 31 March)."""
    require_perm(by, MANAGE, action="manage funds")
    locked = (
        FundYear.objects.select_related("financial_year").select_for_update(of=("self",)).get(pk=fund_year.pk)
    )
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the money was added."})
    if problem := top_up_date_problem(locked, date):
        raise ValidationError({"date": problem})
    top_up = TopUp(
        fund_year=fund_year,
        amount=money(amount, field="amount"),
        date=date,
        reason=reason.strip(),
        decision_reference=decision_reference.strip(),
        recorded_by=by,
    )
    return save(top_up, by=by, reason=f"Top-up of {gbp(top_up.amount)}")


@transaction.atomic
def allocation_line_set(*, fund_year: FundYear, area: PolicingArea, amount, by) -> AllocationLine:
    """Create or change a line; refuses (saying by how much) if lines would exceed the budget."""
    require_perm(by, MANAGE, action="manage allocations")
    locked_year = FundYear.objects.select_for_update().get(pk=fund_year.pk)
    value = non_negative_money(amount, field="amount")
    line = AllocationLine.objects.filter(fund_year=locked_year, area=area).first()
    if line is None:
        line = AllocationLine(fund_year=locked_year, area=area)
    else:
        committed = committed_on_line(line)
        if value < committed:
            raise ValidationError(
                {
                    "amount": f"{area} has {gbp(committed)} committed to awards: the allocation cannot go below that."
                }
            )
    others = AllocationLine.objects.filter(fund_year=locked_year).exclude(pk=line.pk)
    _check_lines_within_budget(
        locked_year, lines_total=(others.aggregate(s=Sum("amount"))["s"] or ZERO) + value
    )
    line.amount = value
    return save(line, by=by, reason=f"Allocation set to {gbp(value)}")


def _lines_total(fund_year: FundYear) -> Decimal:
    return AllocationLine.objects.filter(fund_year=fund_year).aggregate(s=Sum("amount"))["s"] or ZERO


def _check_lines_within_budget(fund_year: FundYear, *, lines_total: Decimal) -> None:
    top_ups = TopUp.objects.filter(fund_year=fund_year).aggregate(s=Sum("amount"))["s"] or ZERO
    budget = fund_year.envelope + top_ups
    if lines_total > budget:
        raise ValidationError(
            {
                "amount": f"The allocation lines would total {gbp(lines_total)}, which is "
                f"{gbp(lines_total - budget)} more than the envelope plus top-ups ({gbp(budget)})."
            }
        )
